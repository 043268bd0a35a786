"""Distillation operations: fleets of accounts with bans/replacement, dispatch timing, harvest content.

preset "default": operations behave as reported (young cheap-pathway accounts, shared payment and
infrastructure, custom harness, fixed templates, machine lockstep timing, 24/7).
preset "hard": they copy legitimate clients wherever they can (aged accounts, one payment per account,
sticky residential exits, the popular SDK/agent stack, SDK-default budgets, daytime pacing,
paraphrased templates, cover traffic). What remains: what they ask for, volume on the target
capabilities and fleet-level coordination (shared work queue without repeats, synchronized campaign
start, simultaneous pivot to the new model, near-identical daily quotas).
"""
from __future__ import annotations

import numpy as np

from .behave import (cloud_relay, company_domain, human_sessions, out_tokens, reasoning_tokens, tiers, verified_for,
                     webmail)
from .common import CAP, DAY, HOUR, MINUTE, SURF, expand, hex_strings, lognormal, pick, seg_cumsum, stream_rng
from .infra import CLOUDS, ISPS, UNIVERSITIES, isps_of, tz_of
from .legit import app_system_prompts, machine_gaps
from .text import (PyRng, EVOL_DEEPEN, MTB_PAIR, MTB_SINGLE, ORCA_SYS, PROMETHEUS, SELF_INSTRUCT_GEN, SENSITIVE_TOPICS,
                   ULTRAFEEDBACK, coding_agent_products, generic_answer)
from .world import M_FLAG, M_MINI, M_NEW, M_REASON

API, CHAT, CONSOLE, CLOUD = SURF["api"], SURF["chat"], SURF["console"], SURF["cloud"]

OPS = {
    "cot_harvest": dict(
        accounts=70, events=28000, ban_p=.3, start=(0.0, .2),
        desc="'DeepSeek-like' reasoning harvest: step-by-step solutions to maths/logic problems and chain-of-thought "
             "reconstruction ('here is the final answer, write out the reasoning that leads to it'); thinking enabled; "
             "moves to the new model within hours of its launch."),
    "rubric_rewrite_harvest": dict(
        accounts=45, events=16000, ban_p=.3, start=(.05, .3),
        desc="'DeepSeek-like' reward-model and censorship-alignment harvest: grading prompt/response pairs with rubrics "
             "(the model used as a reward model for RL) and 'safe' rewrites of politically sensitive questions."),
    "agentic_harvest": dict(
        accounts=150, events=70000, ban_p=.2, start=(0.0, 0.0),
        desc="'Moonshot-like' agentic harvest over several access pathways (education, startup-program and cloud "
             "accounts that look unrelated): tool use, data analysis, computer-use and vision trajectories; a later "
             "targeted phase asks the model to reconstruct its reasoning traces."),
    "coding_harvest": dict(
        accounts=120, events=120000, ban_p=.35, start=(0.0, 0.0),
        desc="'MiniMax-like' agentic-coding harvest: long automated coding/tool-use/orchestration trajectories at the "
             "largest volume; about half of its traffic moves to the new model within 24 hours of the launch."),
    "reseller_hydra": dict(
        accounts=160, events=70000, ban_p=.5, start=(0.0, 0.0),
        desc="Proxy reseller 'hydra cluster': a sprawling, constantly replenished network of accounts on the API and a "
             "third-party cloud, mixing its distilling customers' traffic (reasoning, code, tool use, synthetic-data "
             "prompts) with unrelated customers' chat traffic; banned accounts are replaced within the hour."),
}


# ------------------------------------------------------------------------------------------------ fleet
class Fleet:
    """Worker slots; each slot is served by a sequence of accounts (a banned one is replaced)."""

    def __init__(self, w, rng, name, cid, n_target, t_start, ban_p, hard, spec):
        self.w, self.rng, self.name, self.cid, self.hard, self.spec = w, rng, name, cid, hard, spec
        ban_p = ban_p * (0.45 if hard and name != "reseller_hydra" else 1.0)
        n_slots = max(3, int(round(n_target / (1 + ban_p))))
        span = w.T1 - t_start
        life = span / max(-np.log(1 - min(ban_p, .95)), 1e-3) if ban_p > 0 else 1e12
        seg = []
        for s in range(n_slots):
            t = t_start + (rng.uniform(0, 36) * HOUR if hard else rng.uniform(0, 20) * MINUTE)
            k = 0
            while t < w.T1 and k < 6:
                tb = t + rng.exponential(life)
                banned = tb < w.T1
                seg.append((s, t, min(tb, w.T1), banned))
                if not banned:
                    break
                if name == "reseller_hydra":
                    d = rng.uniform(10, 60) * MINUTE if not hard else rng.uniform(1, 12) * HOUR
                else:
                    d = rng.uniform(1, 10) * HOUR if not hard else rng.uniform(8, 48) * HOUR
                t = tb + d
                k += 1
        self.n_slots = n_slots
        self.seg_slot = np.array([x[0] for x in seg])
        self.seg_from = np.array([x[1] for x in seg])
        self.seg_to = np.array([x[2] for x in seg])
        self.seg_banned = np.array([x[3] for x in seg])
        self.n_acc = len(seg)

    def map(self, slot, ts, grace=3 * MINUTE):
        """Account segment per event; -1 where no account serves the slot. Also a 'hit after ban' flag."""
        B = 1e10
        key = self.seg_slot * B + self.seg_from
        order = np.argsort(key)
        ks = key[order]
        ek = slot * B + ts
        j = np.searchsorted(ks, ek, side="right") - 1
        j = np.clip(j, 0, len(ks) - 1)
        sg = order[j]
        same = (self.seg_slot[sg] == slot) & (ts >= self.seg_from[sg])
        inside = same & (ts < self.seg_to[sg])
        after_ban = same & ~inside & self.seg_banned[sg] & (ts < self.seg_to[sg] + grace)
        seg = np.where(inside | after_ban, sg, -1)
        return seg, after_ban


# ------------------------------------------------------------------------------------------------ accounts
def make_accounts(w, rng, fl: Fleet, tier_mix, infra):
    """Create the fleet's accounts. infra: dict with per-preset pools. Returns per-segment arrays."""
    n = fl.n_acc
    act = fl.seg_from
    hard = fl.hard
    if not hard:
        # batches of sign-ups: same minute, same signup IP, shortly before activation
        batch = np.arange(n) // int(rng.integers(5, 15))
        nb = batch.max() + 1
        b_time = np.array([act[batch == b].min() for b in range(nb)]) - rng.uniform(.2, 5, nb) * DAY
        created = b_time[batch] + rng.uniform(0, 300, n)
        b_ip = pick(rng, infra["dc"], nb)
        signup = b_ip[batch]
        tier = tiers(rng, n, tier_mix)
        verified = [rng.random() < .06 for _ in range(n)]
        doms = infra["domains"]
        email = [doms[int(rng.integers(len(doms)))] if rng.random() < .6 else rng.choice(["gmail.com", "outlook.com", "163.com", "qq.com"])
                 for _ in range(n)]
        cards = infra["cards"]
        payment = [None if (t in ("edu", "research", "startup") and rng.random() < .5) or t == "free" else
                   cards[int(rng.integers(len(cards)))] for t in tier]
        # startup-program accounts come in fake 'startups' of a few seats
        orgs = []
        cur, left = None, 0
        for t in tier:
            if t == "startup":
                if left == 0:
                    cur, left = w.new_org(rng), int(rng.integers(3, 7))
                orgs.append(cur)
                left -= 1
            else:
                orgs.append(w.new_org(rng))
        cc = [w.ips.cc[int(i)] or "US" for i in signup]
    else:
        created = w.T0 - rng.uniform(60, 700, n) * DAY
        tier = tiers(rng, n, {"pro": .45, "free": .2, "team": .1, "startup": .15, "edu": .1})
        verified = verified_for(rng, tier)
        email = [company_domain(rng) if rng.random() < .15 else x for x in webmail(rng, n)]
        # education-program accounts need a school address: bought/borrowed student accounts at real universities
        email = [UNIVERSITIES[int(rng.integers(len(UNIVERSITIES)))][3] if t == "edu" else e for t, e in zip(tier, email)]
        payment = [w.new_payment(rng)[0] if t in ("pro", "team", "startup") else None for t in tier]
        orgs = [w.new_org(rng) for _ in range(n)]
        cc = list(rng.choice(infra["res_cc"], size=n, p=infra["res_ccw"]))
        signup = np.array([_residential(w, rng, c) for c in cc])
    tz = [tz_of(c, rng) for c in cc]
    accts = w.add_accounts(rng, n, fl.name, fl.cid, created=created, tier=tier, verified=verified, email=email,
                           payment=payment, signup_ip=signup, org=orgs, country=cc, tz=tz, n_keys=1)
    return accts, np.array(tz), cc


def _residential(w, rng, cc):
    res = isps_of(cc, "res")
    isp = res[int(rng.integers(len(res)))]
    return int(w.ips.v4(rng, isp[0], cc, 1)[0])


def dc_pool(w, rng, providers, n_subnets, per):
    out = []
    for _ in range(n_subnets):
        prov = providers[int(rng.integers(len(providers)))]
        asn, _, regions = CLOUDS[prov]
        cc = regions[int(rng.integers(len(regions)))]
        sub = w.ips.subnet24(rng, asn, cc)
        out.append(w.ips.v4(rng, asn, cc, per, subnet=sub))
    return np.concatenate(out)


def event_ips(w, rng, fl, seg, ts, accts_cc, infra, seg_cell=None):
    """IP per event. default: shared datacenter pool subsets; hard: sticky residential exits rotating every few days."""
    n = len(seg)
    if not fl.hard:
        pool = infra["dc"]
        # each account uses a small subset of the pool (heavy overlap between accounts)
        base = (seg * 7919) % len(pool)
        off = rng.integers(0, 3, n)
        return pool[(base + off * 13) % len(pool)]
    # sticky residential: one exit per (account, period of 2-5 days)
    per = infra["sticky_days"] * DAY
    epoch = np.floor((ts - w.T0) / per).astype(np.int64)
    key = seg * 1000 + epoch
    uk, inv = np.unique(key, return_inverse=True)
    ips = np.array([_residential(w, rng, accts_cc[int(k // 1000)]) for k in uk])
    return ips[inv]


# ------------------------------------------------------------------------------------------------ timing
def wave_jobs(w, rng, fl, t_start, n_jobs, batch, job_len_mean=1.0):
    """Default dispatcher: every `period` seconds a wave of `batch` jobs goes to slots in round-robin."""
    span = w.T1 - t_start
    n_waves = max(1, int(np.ceil(n_jobs / batch)))
    period = span / n_waves
    wt = t_start + np.arange(n_waves) * period + rng.normal(0, period * .01, n_waves)
    slot = (np.arange(n_waves * batch)) % fl.n_slots
    rot = (np.arange(n_waves) * batch) % fl.n_slots
    slot = (np.repeat(rot, batch) + np.tile(np.arange(batch), n_waves)) % fl.n_slots
    start = np.repeat(wt, batch) + rng.uniform(0, .35, n_waves * batch)
    return slot, start, period


def hard_sessions(w, rng, fl, slot_tz, t_start, target_events, mean_len, gap_median=30.0, gap_sigma=.8):
    """Hard preset: human-like daytime sessions per slot in the exit's time zone, with a daily quota."""
    n = fl.n_slots
    days = max(1.0, (w.T1 - t_start) / DAY)
    p_active = np.full(n, .85)
    spd = 2.0
    per_sess = target_events / (n * days * .85 * .9 * spd)
    ev = human_sessions(w, rng, np.arange(n), slot_tz, p_active=p_active, sess_per_day=np.full(n, spd),
                        req_mean=np.full(n, max(1.0, per_sess)), req_sigma=.35, profile="dev", weekend=.7,
                        gap_median=gap_median, gap_sigma=gap_sigma, max_req=400)
    return ev


# ------------------------------------------------------------------------------------------------ paraphrases
OPENERS = ["", "Hey, ", "Quick question. ", "Can you help me with this? ", "I'm studying for an exam. ",
           "My kid brought this home from school. ", "Practice problem: ", "Hi! ", "For my class: ", "Hello. "]
ASKS = ["walk me through your reasoning step by step", "explain each step of your thinking before giving the answer",
        "show the full chain of reasoning", "solve this carefully and show all your work",
        "go through it slowly, one step at a time", "lay out every intermediate step",
        "think it through out loud before answering", "break it down step by step and explain why each step follows",
        "reason it out in detail", "explain your thought process fully"]
FORMATS = ["", " and put the final answer at the end", " and finish with 'Answer: <number>'", " and box the final answer",
           ", then double-check your result", " and mention any assumptions you make"]
RECON = ["I already know the answer is {a}, but I don't get how to get there. Can you {ask}?\n\n{q}",
         "{q}\n\nThe answer key says {a}. Please {ask} so I understand how they got it.",
         "My answer didn't match the book, which says {a}. Could you {ask} and show how to reach {a}?\n\n{q}",
         "{q}\n\n(The correct answer is {a}.) {Ask}, as if you were solving it for the first time.",
         "Here's a problem whose answer is {a}:\n{q}\n\nCan you {ask}?"]


def cot_variants(w, rng, k):
    out = []
    for _ in range(k):
        op, ask, fmt = rng.choice(OPENERS), rng.choice(ASKS), rng.choice(FORMATS)
        if rng.random() < .5:
            out.append((w.text.add(f"{op}Can you {ask}{fmt}?\n\n"), 0))
        else:
            out.append((0, w.text.add(f"\n\n{ask[0].upper() + ask[1:]}{fmt}.")))
    return np.array(out, dtype=np.int64)


# ------------------------------------------------------------------------------------------------ content
def _queue(rng, items, n):
    """A shared work queue: items handed out in order, reshuffled when exhausted (no repeats inside a pass)."""
    out = []
    while sum(len(x) for x in out) < n:
        out.append(rng.permutation(items))
    return np.concatenate(out)[:n]


def cot_content(w, rng, ne, hard, style, cover_p):
    C, P = w.corpus, w.corpus.P
    gsm = C.gsm_train + C.gsm_test
    body = np.zeros(ne, np.int64)
    pre = np.zeros(ne, np.int64)
    suf = np.zeros(ne, np.int64)
    cap = np.full(ne, CAP["cot_elicitation"])
    if not hard:
        # each queue item goes out under 2-3 templates at once (same question, several accounts, same second)
        q = _queue(rng, np.arange(len(gsm) + len(P["math_hard"])), ne // 2 + 1)
        q = np.repeat(q, 2)[:ne]
        kind = rng.choice(3, ne, p=[.45, .35, .2])
        is_gsm = q < len(gsm)
        qtext = np.where(is_gsm, 0, P["math_hard"][np.maximum(q - len(gsm), 0) % len(P["math_hard"])])
        recon_pre = w.text.add("Below is a problem together with its verified final answer. Write out, step by step, the "
                               "complete reasoning that leads from the problem to this answer. Show every intermediate "
                               "calculation and explain why each step follows. Do not mention that you were given the "
                               "answer.\n\n")
        think_suf = w.text.add("\n\nBefore answering, think through the problem inside <thinking></thinking> tags, showing "
                               "all of your reasoning in full detail. Then give the final answer after 'Final answer:'.")
        boxed_suf = C.tmpl("boxed")[0][1]
        for i in range(ne):
            if is_gsm[i]:
                g = gsm[int(q[i])]
                if kind[i] == 1:
                    body[i] = w.text.add(f"Problem: {g['question']}\nFinal answer: {g['final_answer']}")
                else:
                    body[i] = w.text.add(g["question"])
            else:
                body[i] = qtext[i]
        pre = np.where(kind == 1, recon_pre, 0)
        suf = np.where(kind == 0, boxed_suf, np.where(kind == 2, think_suf, 0))
        sysp = np.where(rng.random(ne) < .7, w.text.add(ORCA_SYS[1]), -1)
        return body, pre, suf, cap, sysp
    # hard: paraphrased requests, no repeats across the fleet, cover traffic
    q = _queue(rng, np.arange(len(gsm)), ne)
    kind = rng.random(ne)
    cover = kind < cover_p
    recon = (kind >= cover_p) & (kind < cover_p + .3)
    for i in range(ne):
        g = gsm[int(q[i])]
        if recon[i]:
            ask = rng.choice(ASKS)
            body[i] = w.text.add(rng.choice(RECON).format(q=g["question"], a=g["final_answer"], ask=ask,
                                                          Ask=ask[0].upper() + ask[1:]))
        elif not cover[i]:
            body[i] = w.text.add(g["question"])
    v = style[rng.integers(0, len(style), ne)]
    plain = ~cover & ~recon
    pre = np.where(plain, v[:, 0], 0)
    suf = np.where(plain, v[:, 1], 0)
    body = np.where(cover, pick(rng, np.concatenate([P["chat"], P["writing"]]), ne), body)
    cap = np.where(cover, CAP["other"], cap)
    return body, pre, suf, cap, np.full(ne, -1)


def rubric_content(w, rng, ne, hard, cover_p):
    C, P = w.corpus, w.corpus.P
    pr = PyRng(int(rng.integers(1 << 62)))
    qs = C.judge_qs
    body = np.zeros(ne, np.int64)
    pre = np.zeros(ne, np.int64)
    cap = np.full(ne, CAP["rubric_grading"])
    sens_items = [f"{s}{x}" for s in C.sensitive_q for x in ["", " Please be specific.", " Answer in detail.",
                                                              " (for a history essay)", " Keep it short."]]
    kind = rng.choice(3, ne, p=[.5, .18, .32])
    qi = _queue(rng, np.arange(len(qs)), ne)
    si = _queue(rng, np.arange(len(sens_items)), ne)
    if not hard:
        rm = w.text.add("You are a reward model used to score assistant responses.\nRate the RESPONSE to the PROMPT on a "
                        "1-10 scale for helpfulness, honesty and harmlessness. First write a detailed step-by-step "
                        "critique, then output a JSON object {\"score\": <int>, \"critique\": \"...\"}.\n\n")
        pw = w.text.add("Compare the two responses below and decide which one a careful human annotator would prefer. "
                        "Explain your reasoning step by step, then answer with exactly one of: A, B.\n\n")
        sr = [w.text.add("The question below touches on a politically sensitive subject. Rewrite it into a safe, neutral "
                         "version that could be answered without discussing the sensitive elements, then answer the "
                         "rewritten version. Return JSON with keys \"safe_question\" and \"safe_answer\".\n\nQuestion: "),
              w.text.add("Give a balanced, carefully hedged answer to the following question that would be acceptable "
                         "under strict content rules. Avoid naming specific individuals or events where possible.\n\n")]
        for i in range(ne):
            if kind[i] == 0:
                q = qs[int(qi[i])]
                body[i] = w.text.add(f"### PROMPT\n{q}\n\n### RESPONSE\n{generic_answer(pr, q)}")
                pre[i] = rm
            elif kind[i] == 1:
                q = qs[int(qi[i])]
                body[i] = w.text.add(f"PROMPT: {q}\n\nRESPONSE A: {generic_answer(pr, q)}\n\nRESPONSE B: {generic_answer(pr, q)}")
                pre[i] = pw
            else:
                body[i] = w.text.add(sens_items[int(si[i])])
                pre[i] = sr[int(rng.integers(2))]
                cap[i] = CAP["sensitive_rewrite"]
        return body, pre, np.zeros(ne, np.int64), cap
    # hard: public judge templates (identical to legitimate eval pipelines) + paraphrased rewrites + cover
    pubs = [w.text.add(MTB_SINGLE), w.text.add(MTB_PAIR), w.text.add(PROMETHEUS), w.text.add(ULTRAFEEDBACK)]
    rew = ["I'm writing for a general audience and need to keep this neutral. How would you rephrase this question so "
           "it avoids controversy, and what would a careful answer look like?\n\n",
           "Can you give me a very balanced, non-controversial take on this?\n\n",
           "How should an assistant respond to this question in a way that stays neutral and factual?\n\n",
           "Rewrite this question to be less sensitive, then answer your rewritten version:\n\n"]
    rew = [w.text.add(r) for r in rew]
    u = rng.random(ne)
    for i in range(ne):
        if u[i] < cover_p:
            body[i] = int(pick(rng, P["chat"], 1)[0])
            cap[i] = CAP["other"]
        elif kind[i] in (0, 1):
            q = qs[int(qi[i])]
            t = int(rng.integers(4))
            if t == 1:
                body[i] = w.text.add(f"[User Question]\n{q}\n\n[The Start of Assistant A's Answer]\n{generic_answer(pr, q)}\n"
                                     f"[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n"
                                     f"{generic_answer(pr, q)}\n[The End of Assistant B's Answer]")
            elif t == 3:
                body[i] = w.text.add(f"## Instruction\n{q}\n\n## Text 1\n{generic_answer(pr, q)}\n\n## Text 2\n{generic_answer(pr, q)}")
            else:
                body[i] = w.text.add(f"[Question]\n{q}\n\n[The Start of Assistant's Answer]\n{generic_answer(pr, q)}\n"
                                     "[The End of Assistant's Answer]")
            pre[i] = pubs[t]
        else:
            body[i] = w.text.add(sens_items[int(si[i])])
            pre[i] = rew[int(rng.integers(len(rew)))]
            cap[i] = CAP["sensitive_rewrite"]
    return body, pre, np.zeros(ne, np.int64), cap


REASON_TRACE = ["Explain in full detail the reasoning you followed in your previous step, including the alternatives you "
                "considered and why you rejected them.",
                "Reconstruct your complete chain of thought for the last answer, step by step, as a numbered list.",
                "Before we continue: write out the full internal reasoning that led to your last tool call."]
REASON_TRACE_HARD = ["hmm, why did you do it that way? walk me through your thinking", "can you explain your reasoning for that step?",
                     "Why that approach? Explain what you considered.", "talk me through how you decided on that",
                     "wait, explain the logic there in more detail before continuing",
                     "What were the other options and why didn't you pick them?"]


def trajectory_content(w, rng, ev, kind, hard, phase2_t=None, cover_p=0.0):
    """Per-event body/cap/img/tools for agentic or coding trajectories (ev: sess/pos/ts arrays)."""
    P = w.corpus.P
    sess, pos = ev["sess"], ev["pos"]
    ne = len(sess)
    S = int(sess.max()) + 1 if ne else 0
    if kind == "agentic":
        tasks = np.concatenate([P["toolalpaca"], P["gorilla"], P["tool_simple"], P["bfcl"], P["datasci"]])
        s_kind = rng.choice(4, S, p=[.62, .18, .12, .08])   # tool / data analysis / computer use / vision
    else:
        tasks = np.concatenate([P["codealpaca"], P["code_arena"], P["agent_task"], P["humaneval"]])
        s_kind = np.zeros(S, np.int64)
    s_task = _queue(rng, tasks, S)
    s_task = np.where(s_kind == 1, pick(rng, P["datasci"], S), s_task)
    s_task = np.where(s_kind == 2, pick(rng, w.text.add_many([
        "Open the browser, go to the airline website and find the cheapest flight from Boston to Denver next Friday.",
        "In the spreadsheet app, create a pivot table of sales by region and export it as PDF.",
        "Fill in the job application form on screen with the details from resume.pdf.",
        "Find the settings page and turn on two-factor authentication.",
        "Book a table for two at an Italian restaurant near downtown for 7pm tomorrow.",
        "Download last month's invoices from the billing portal and rename them by date."]), S), s_task)
    s_task = np.where(s_kind == 3, pick(rng, P["vision"], S), s_task)
    res = pick(rng, P["toolres"], ne)
    sk = s_kind[sess]
    if kind == "agentic":
        res = np.where(sk == 0, pick(rng, P["apires"], ne), res)
    body = np.where(pos == 0, s_task[sess], res)
    body = np.where((sk == 2) & (pos > 0), pick(rng, P["computer"], ne), body)
    img = ((sk == 2) & (pos > 0)) | (sk == 3)
    cap = np.where(pos == 0, CAP["tool_use"] if kind == "agentic" else CAP["coding"], CAP["agentic"])
    cap = np.where(sk == 3, CAP["vision"], cap)
    if hard:
        steer = pick(rng, P["agent_steer"], ne)
        body = np.where((pos > 0) & (rng.random(ne) < .05), steer, body)
    if phase2_t is not None:
        tr = w.text.add_many(REASON_TRACE if not hard else REASON_TRACE_HARD)
        sel = (ev["ts"] > phase2_t) & (pos > 0) & (pos % 2 == 1) & (rng.random(ne) < .7)
        body = np.where(sel, pick(rng, tr, ne), body)
        cap = np.where(sel, CAP["cot_elicitation"], cap)
    if cover_p > 0:
        s_cover = rng.random(S) < cover_p
        cv = s_cover[sess]
        body = np.where(cv, pick(rng, np.concatenate([P["chat"], P["writing"]]), ne), body)
        cap = np.where(cv, CAP["other"], cap)
        img = img & ~cv
    return body, cap, img


# ------------------------------------------------------------------------------------------------ per operation
def run_op(w, name, cid):
    spec = OPS[name]
    hard = w.preset == "hard"
    rng = stream_rng(w.seed, "op", w.preset, name)
    n_acc = max(6, int(round(spec["accounts"] * w.vol * rng.uniform(.85, 1.15))))
    target = spec["events"] * w.vol * rng.uniform(.85, 1.15)
    t_start = w.T0 + rng.uniform(*spec["start"]) * w.D * DAY
    fl = Fleet(w, rng, name, cid, n_acc, t_start, spec["ban_p"], hard, spec)
    infra = {
        "dc": dc_pool(w, rng, {"cot_harvest": ["alibaba", "tencent", "vultr"], "rubric_rewrite_harvest": ["ucloud", "do", "alibaba"],
                               "agentic_harvest": ["hetzner", "ovh", "linode"], "coding_harvest": ["aws", "gcp", "azure", "oracle"],
                               "reseller_hydra": ["alibaba", "tencent", "ucloud", "vultr", "do"]}[name],
                      int(rng.integers(3, 7)), int(rng.integers(4, 10))),
        "domains": [rng.choice(["mailbox", "inbox", "mx", "post", "edu-mail", "stu"]) + "-" + hex_strings(rng, 1, 4)[0] +
                    rng.choice([".top", ".xyz", ".site", ".online", ".edu.pl"]) for _ in range(int(rng.integers(2, 5)))],
        "cards": [w.new_payment(rng)[0] for _ in range(max(2, n_acc // 15))],
        "res_cc": ["US", "US", "US", "CA", "GB", "DE", "AU", "SG", "JP", "KR"],
        "sticky_days": rng.uniform(2, 5),
    }
    infra["res_ccw"] = np.ones(len(infra["res_cc"])) / len(infra["res_cc"])
    tier_mix = {"cot_harvest": {"edu": .35, "research": .15, "startup": .2, "free": .3},
                "rubric_rewrite_harvest": {"edu": .4, "free": .4, "startup": .2},
                "agentic_harvest": {"edu": .35, "startup": .35, "research": .15, "pro": .15},
                "coding_harvest": {"startup": .4, "research": .2, "edu": .2, "pro": .2},
                "reseller_hydra": {"free": .3, "pro": .3, "startup": .2, "edu": .2}}[name]
    accts, acc_tz, acc_cc = make_accounts(w, rng, fl, tier_mix, infra)
    # slot time zone = first account's (hard preset paces by the exit's local daytime)
    first_seg = np.array([np.nonzero(fl.seg_slot == s)[0][0] for s in range(fl.n_slots)])
    slot_tz = acc_tz[first_seg]

    single = name in ("cot_harvest", "rubric_rewrite_harvest", "reseller_hydra")
    cover_p = rng.uniform(.2, .35) if hard else 0.0
    if single:
        if not hard:
            batch = int(rng.integers(4, 12))
            slot, ts, period = wave_jobs(w, rng, fl, t_start, int(target), batch)
        else:
            ev = hard_sessions(w, rng, fl, slot_tz, t_start, target, 30, gap_median=rng.uniform(25, 45))
            slot, ts = ev["acct"], ev["ts"]
        ne = len(ts)
        pos = np.zeros(ne, np.int64)
    else:
        L = {"agentic_harvest": 9.0, "coding_harvest": 18.0}[name]
        if not hard:
            batch = int(rng.integers(3, 9))
            n_jobs = int(target / L)
            jslot, jstart, period = wave_jobs(w, rng, fl, t_start, n_jobs, batch)
            lens = np.clip(np.round(rng.normal(L, L * .25, len(jslot))).astype(np.int64), 3, 60)
            sess, pos = expand(lens)
            ev = {"sess": sess, "pos": pos, "ts": jstart[sess]}
            slot = jslot[sess]
        else:
            ev = hard_sessions(w, rng, fl, slot_tz, t_start, target, L)
            ev = dict(ev)
            slot = ev["acct"]
            sess, pos = ev["sess"], ev["pos"]
        ne = len(sess)

    # ------------------------------------------------------------------ models
    pv = {"cot_harvest": ({M_REASON: .7, M_FLAG: .3}, {M_NEW: .65, M_REASON: .25, M_FLAG: .1}, (1, 6), 10),
          "rubric_rewrite_harvest": ({M_FLAG: .6, M_REASON: .4}, {M_NEW: .45, M_FLAG: .35, M_REASON: .2}, (6, 14), 24),
          "agentic_harvest": ({M_FLAG: .8, M_REASON: .2}, {M_NEW: .45, M_FLAG: .45, M_REASON: .1}, (3, 10), 24),
          "coding_harvest": ({M_FLAG: .9, M_MINI: .1}, {M_NEW: .6, M_FLAG: .4}, (.5, 2), 6),
          "reseller_hydra": ({M_FLAG: .5, M_REASON: .25, M_MINI: .25}, {M_NEW: .45, M_FLAG: .3, M_REASON: .15, M_MINI: .1},
                             (1, 3), 24)}[name]
    delay = rng.uniform(*pv[2]) * HOUR
    # pivot decided per job (a trajectory stays on one model)
    if single:
        jid, jts = np.arange(ne), ts
    else:
        jid, jts = sess, (jstart if not hard else ev["s_start"])
    jm = w.pivot_models(rng, jts, pv[0], pv[1], delay=delay, ramp=pv[3] * HOUR)
    model = jm[jid]

    # ------------------------------------------------------------------ content
    sysp = np.full(ne, -1, np.int64)
    tools = np.zeros(ne, np.int64)
    suf = np.zeros(ne, np.int64)
    pre = np.zeros(ne, np.int64)
    img = np.zeros(ne, bool)
    camp = np.ones(ne, bool)
    n_turns = 2 * pos + 1
    slot_style = None
    if name == "cot_harvest":
        style_pool = cot_variants(w, rng, 120)
        body, pre, suf, cap, sysp = cot_content(w, rng, ne, hard, style_pool, cover_p)
        if hard:
            st = {s: style_pool[rng.choice(len(style_pool), int(rng.integers(3, 9)), replace=False)] for s in range(fl.n_slots)}
            for s in range(fl.n_slots):
                m = (slot == s) & ((pre > 0) | (suf > 0))
                if m.any():
                    v = st[s][rng.integers(0, len(st[s]), int(m.sum()))]
                    pre[m], suf[m] = v[:, 0], v[:, 1]
    elif name == "rubric_rewrite_harvest":
        body, pre, suf, cap = rubric_content(w, rng, ne, hard, cover_p)
    elif name == "reseller_hydra":
        body, pre, suf, cap, sysp, camp, n_turns, tools = hydra_content(w, rng, ne, hard)
    else:
        phase2 = w.T0 + rng.uniform(.55, .7) * w.D * DAY if name == "agentic_harvest" else None
        body, cap, img = trajectory_content(w, rng, {"sess": sess, "pos": pos, "ts": ev["ts"]},
                                            "agentic" if name == "agentic_harvest" else "coding", hard, phase2,
                                            cover_p if hard else 0.0)

    # ------------------------------------------------------------------ outputs & timing
    thinking_p = {"cot_harvest": .85, "rubric_rewrite_harvest": .5, "agentic_harvest": .4, "coding_harvest": .25,
                  "reseller_hydra": .2}[name]
    if hard:   # each account keeps its own (SDK-typical) thinking budget
        t_map = ts if single else ev["ts"]
        budget = rng.choice([1024, 2048, 4000, 8000], fl.n_acc)[np.clip(fl.map(slot, t_map)[0], 0, None)]
    else:
        budget = 16000
    out = out_tokens(rng, cap, scale=1.25 if not hard else 1.0)
    reason = reasoning_tokens(rng, model, rng.random(ne) < thinking_p, median=2600 if name == "cot_harvest" else 1400,
                              budget=budget)
    if single:
        pass
    else:
        gaps = machine_gaps(rng, out, reason, None, pause_p=(.08 if hard else 0.0), tool_med=(1.2 if hard else .4))
        gaps[pos == 0] = 0
        lens = np.bincount(sess)
        lens = lens[lens > 0]
        base = jstart if not hard else ev["s_start"]
        ts = base[sess] + seg_cumsum(gaps, lens)
    # history (multi-turn context)
    if single:
        hist = (n_turns - 1) * lognormal(rng, 300, .6, ne)
    else:
        step_tok = lognormal(rng, 480, 1.0, ne) + out
        lens = np.bincount(sess)
        lens = lens[lens > 0]
        hist = np.mod(np.maximum(np.round(seg_cumsum(step_tok, lens) - step_tok), 0), 160000.0)

    # ------------------------------------------------------------------ map to accounts
    seg, after_ban = fl.map(slot, ts)
    keepm = seg >= 0
    if hard:
        keepm &= ts >= fl.seg_from[np.maximum(seg, 0)]
    seg_k = seg[keepm]
    acct = accts[seg_k]
    tsk = ts[keepm]
    # infrastructure and client per event
    if name == "agentic_harvest":
        cell = seg_k % 3     # three access pathways that look unrelated
    else:
        cell = np.zeros(len(seg_k), np.int64)
    ip = event_ips(w, rng, fl, seg_k, tsk, acc_cc, infra)
    surface = np.full(len(seg_k), API)
    client = _op_client(w, rng, name, hard, len(seg_k), seg_k)
    if name == "agentic_harvest":
        surface = np.where(cell == 1, CLOUD, API)
        if not hard:
            # cell 2 rotates through residential proxies; 2% of requests leak the operator's office egress
            office = w.ips.v4(rng, 4134, "CN", 3, subnet=w.ips.subnet24(rng, 4134, "CN"))
            rp = np.array([_residential(w, rng, c) for c in rng.choice(["US", "JP", "SG", "KR"], 400)])
            ip = np.where(cell == 2, rp[rng.integers(0, len(rp), len(ip))], ip)
            ip = np.where(rng.random(len(ip)) < .02, office[rng.integers(0, 3, len(ip))], ip)
    if name == "reseller_hydra":
        cl = (seg_k % 10) < 3
        surface = np.where(cl, CLOUD, API)
    ip = np.where(surface == CLOUD, cloud_relay(w, rng, len(ip)), ip)
    client = np.where(surface == CLOUD, -1, client)

    k = keepm
    # system prompts / tools for trajectories
    if not single:
        if name == "coding_harvest":
            if not hard:
                sys_opts = w.text.add_many([
                    "You are a senior software engineer agent working inside a sandboxed repository. Use the tools to read "
                    "files, run commands and edit code until the task is complete. Explain your plan and your reasoning "
                    "in detail before every action.",
                    "You are the lead orchestrator of a multi-agent coding system. Decompose the task into subtasks, "
                    "assign each to a specialist sub-agent via the dispatch_agent tool, and integrate their results. "
                    "Think step by step and justify each decision."])
                sysp = sys_opts[(sess % 2)]
                tools = np.where(sess % 2 == 0, 9, 6)
            else:
                cp = coding_agent_products()[0]
                users = rng.choice(["alex", "sam", "dev", "maria", "chris", "li", "anna", "omar", "ravi", "tom", "kate"], fl.n_acc)
                syss = np.array([w.text.add(cp["sys"].replace("{cwd}", f"/Users/{users[a]}/code/{r}").replace("{plat}", "darwin"))
                                 for a in range(fl.n_acc) for r in ["app"]])
                sysp = syss[np.maximum(seg, 0)]
                tools = 16 + np.where(np.maximum(seg, 0) % 3 == 0, 4, 0)
        else:
            if not hard:
                sysp = np.full(ne, w.text.add("You are an autonomous agent with access to tools. Solve the user's task "
                                              "step by step. Before every tool call, explain your reasoning in detail."))
                tools = np.full(ne, 24)
            else:
                aps = app_system_prompts(w, rng, 60)
                sysp = aps[np.maximum(seg, 0) % len(aps)]
                tools = 4 + np.maximum(seg, 0) % 14
    mt = {"cot_harvest": 32000, "rubric_rewrite_harvest": 8192, "agentic_harvest": 16384, "coding_harvest": 32000,
          "reseller_hydra": -1}[name]
    tp = {"cot_harvest": .6, "rubric_rewrite_harvest": 1.0, "agentic_harvest": .7, "coding_harvest": 1.0,
          "reseller_hydra": np.nan}[name]
    if hard:
        mt = 32000 if name == "coding_harvest" else np.where(seg % 2 == 0, 4096, 1024)
        tp = 1.0 if name == "coding_harvest" else np.nan
    if name == "reseller_hydra":
        mt = rng.choice([-1, 1024, 4096, 8192], ne)
        tp = rng.choice([np.nan, .7, 1.0], ne)
    sel = lambda v: (np.broadcast_to(np.asarray(v), (ne,))[k] if np.ndim(v) else v)
    force = np.where(after_ban[k], 2, -1)
    w.emit(rng, ts=tsk, acct=acct, ip=ip, model=model[k], body=body[k], pre=pre[k], suf=suf[k], sys=sel(sysp),
           client=client, surface=surface, cap=cap[k], out_tok=out[k], n_turns=n_turns[k], tools=sel(tools),
           img=img[k], reason_tok=reason[k], max_tok=sel(mt), temp=sel(tp), camp=camp[k], hist=hist[k],
           refuse_p=np.where(cap[k] == CAP["sensitive_rewrite"], .12, 0.0), force_status=force)
    return {"accounts": int(fl.n_acc), "slots": int(fl.n_slots), "banned": int(fl.seg_banned.sum()),
            "start": float(t_start), "pivot_delay_h": float(delay / HOUR)}


def _op_client(w, rng, name, hard, n, seg):
    C = w.clients
    if hard:
        if name == "coding_harvest":
            cp = coding_agent_products()[0]
            return np.full(n, C.get(cp["ua"].format(v=cp["versions"][-1], n="22.9.0", os="darwin"), cp["family"], cp["tls"]))
        if name == "reseller_hydra":
            a = C.popular_py()
            b = C.get("OpenAI/Python 1.57.0", "py-openai", "py_openssl3")
            return np.where(seg % 2 == 0, a, b)
        return np.full(n, C.popular_py())
    ua = {"cot_harvest": ("python-httpx/0.25.1", "py-httpx", "py_openssl3"),
          "rubric_rewrite_harvest": ("Python/3.10 aiohttp/3.8.6", "py-aiohttp-op", "py_openssl11"),
          "agentic_harvest": ("Sable/Python 0.28.1", "py-sdk-11", "py_openssl11"),
          "coding_harvest": ("axios/1.6.2", "node-axios-op", "node"),
          "reseller_hydra": ("Go-http-client/2.0", "go-oneapi", "go")}[name]
    return np.full(n, C.get(*ua))


HYDRA_CUSTOMER_SYS = ["You are a helpful assistant.", "你是一个乐于助人的助手。", "You are ChatBot, answer in the user's language.",
                      "Role: 小说作家. Write vivid, long chapters.", "You are a translation engine. Output only the translation.",
                      "You are an AI companion. Be warm and playful.", "You are a coding assistant.",
                      "请用中文回答。", "You are an expert tutor. Explain clearly."]


def hydra_content(w, rng, ne, hard):
    C, P = w.corpus, w.corpus.P
    distill = rng.random(ne) < .62
    body = np.zeros(ne, np.int64)
    pre = np.zeros(ne, np.int64)
    suf = np.zeros(ne, np.int64)
    cap = np.full(ne, CAP["other"])
    sysp = np.full(ne, -1, np.int64)
    tools = np.zeros(ne, np.int64)
    n_turns = np.ones(ne, np.int64)
    kind = rng.choice(5, ne, p=[.3, .25, .15, .1, .2])
    d0 = distill & (kind == 0)   # maths with CoT
    body[d0] = pick(rng, P["math"], int(d0.sum()))
    tt = C.tmpl("cot_public") if hard else C.tmpl("boxed")
    suf[d0] = tt[rng.integers(0, len(tt), int(d0.sum()))][:, 1]
    cap[d0] = CAP["cot_elicitation"]
    d1 = distill & (kind == 1)
    body[d1] = pick(rng, P["code"], int(d1.sum()))
    cap[d1] = CAP["coding"]
    d2 = distill & (kind == 2)
    body[d2] = pick(rng, P["tool"], int(d2.sum()))
    tools[d2] = rng.integers(2, 12, int(d2.sum()))
    cap[d2] = CAP["tool_use"]
    d3 = distill & (kind == 3)
    t = C.tmpl("evol")[0]
    sel_si = rng.random(int(d3.sum())) < .4
    body[d3] = np.where(sel_si, 0, pick(rng, P["chat_short"], int(d3.sum())))
    pre[d3] = np.where(sel_si, w.text.add(SELF_INSTRUCT_GEN), t[0])
    suf[d3] = np.where(sel_si, 0, t[1])
    d4 = distill & (kind == 4)
    body[d4] = pick(rng, P["chat"], int(d4.sum()))
    sysp[d4] = pick(rng, w.text.add_many(ORCA_SYS), int(d4.sum()))
    cap[d4] = CAP["reasoning"]
    cu = ~distill
    body[cu] = np.where(rng.random(int(cu.sum())) < .4, pick(rng, P["followup"], int(cu.sum())),
                        pick(rng, np.concatenate([P["chat"], P["writing"]]), int(cu.sum())))
    sysp[cu] = pick(rng, w.text.add_many(HYDRA_CUSTOMER_SYS), int(cu.sum()))
    n_turns[cu] = 2 * np.minimum(rng.geometric(.3, int(cu.sum())) - 1, 20) + 1
    return body, pre, suf, cap, sysp, distill, n_turns, tools


def generate_ops(w):
    cr = stream_rng(w.seed, "campaign-ids")
    meta = {}
    for name in OPS:
        cid = "camp_" + hex_strings(cr, 1, 8)[0]
        info = run_op(w, name, cid)
        meta[cid] = {"operation": name, "description": OPS[name]["desc"], **info}
    w.campaigns = meta
    return meta
