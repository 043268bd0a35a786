"""Distillation operations (ground truth campaigns).

default preset: behave as the public reports describe (fresh accounts from cheap
verification pathways, shared cards and infrastructure, one client build, identical
templates, machine timing, fast pivot, bans answered with new accounts).
hard preset: copy legitimate clients in everything they can (aged accounts, one card
each, sticky residential exits, official SDKs / a popular coding agent, SDK-default
budgets, daytime pacing, paraphrased templates, cover traffic) and keep only what
harvesting needs: volume on target capabilities and prompts that elicit it.
"""
from __future__ import annotations

import numpy as np

from . import texts as T
from .common import (API, CHAT, CLOUD, DAY, HOUR, MIN, SEC, M35, M4, M45, M4MINI, M4PRO, SDKS,
                     C_AGENT, C_CODE, C_COT, C_OTHER, C_REASON, C_RUBRIC, C_SENS, C_TOOL, C_VISION,
                     BENIGN, COVER, HARVEST, RESOLD, ERROR, OK, REFUSED, RATE_LIMITED,
                     draw_countries, expand_sessions, geometric_len, hexids, lognormal_gaps, mixture_gaps, tz_of)
from .people import (personal_email, ages_us, pay_ids, org_ids, statuses, lognorm_int, wchoice, CHAT_BASE)
from .personas import chat_content, UNIVERSITIES, events_target, scale_n

CC_COLLEGES = ["students.cascadia-cc.edu", "my.ridgeview.edu", "stu.univ-lakes.edu", "mail.sunbelt-cc.edu",
               "student.harlow.edu", "email.prairie-state.edu", "go.tricounty-cc.edu"]
TEMP_MAIL = ["quickinbox.net", "mail-temp.org", "dropmail.click", "inboxhub.xyz"]
WORDS = ["nova", "lumen", "quanta", "stack", "flow", "pilot", "forge", "sprout", "relay", "vector", "hatch", "kite",
         "loop", "deep", "mind", "sense", "grid", "arc", "byte", "core"]


def startup_domain(rng):
    return f"{WORDS[int(rng.integers(0, len(WORDS)))]}{WORDS[int(rng.integers(0, len(WORDS)))]}{rng.choice(['.ai', '.io', '.dev', '.co', '.tech'])}"


# ----------------------------------------------------------------------------- accounts
class OpAccounts:
    """Accounts of one operation with their egress, client and budget settings."""

    def __init__(self, w, rng, actor, camp):
        self.w, self.rng, self.actor, self.camp = w, rng, actor, camp
        self.rows = []          # per account dict
        self.block_pools = []   # arrays of ips
        self.rotate_pool = None
        self.relay_pool = None

    # ---- default (as reported) --------------------------------------------------------
    def add_default(self, n, tiers, email_kind, created, cards, ua_fp, ip_mode, block_ids=None, surface=API,
                    verified_p=0.03, org=None, country="US", extra=None):
        w, rng = self.w, self.rng
        out = []
        for i in range(n):
            tier = str(tiers[i] if isinstance(tiers, (list, np.ndarray)) else tiers)
            if email_kind == "edu":
                em = CC_COLLEGES[int(rng.integers(0, len(CC_COLLEGES)))] if rng.random() < .55 else UNIVERSITIES[int(rng.integers(0, len(UNIVERSITIES)))][1]
            elif email_kind == "startup":
                em = startup_domain(rng)
            elif email_kind == "temp":
                em = TEMP_MAIL[int(rng.integers(0, len(TEMP_MAIL)))] if rng.random() < .4 else str(rng.choice(["gmail.com", "outlook.com", "hotmail.com"]))
            elif email_kind == "generic":
                em = str(rng.choice(["gmail.com", "outlook.com", "gmail.com", "yahoo.com", "proton.me"]))
            else:
                em = email_kind
            b = int(block_ids[i]) if block_ids is not None else -1
            signup = self._ip_from(ip_mode, b, 1)[0]
            card = cards[int(rng.integers(0, len(cards)))] if (cards is not None and (tier not in ("free", "edu") or rng.random() < .5)) else None
            a = w.new_account(self.actor, self.camp, tier=tier, verified=bool(rng.random() < verified_p), email_domain=em,
                              payment=card, signup_ip=int(signup), org_id=org or org_ids(rng, 1)[0], created_at=int(created[i]),
                              country=country, tz=8.0, active_from=int(created[i]) if created[i] > w.t0 else None)
            k = w.new_key(a)
            row = dict(idx=a, key=k, ua=ua_fp[0], fp=ua_fp[1], mode=ip_mode, block=b, surface=surface, tz=8.0,
                       country=country, maxt=None, start=max(int(created[i]), w.t0), end=w.t1 + DAY)
            if extra:
                row.update(extra)
            self.rows.append(row)
            out.append(len(self.rows) - 1)
        return np.array(out, np.int64)

    # ---- hard (aged, unique, residential, official clients) ----------------------------
    def add_hard(self, n, tier_p=None, sdk_w=None, product=None, surface=API, created=None, countries=None):
        w, rng = self.w, self.rng
        tier_p = tier_p or {"pro": .48, "free": .25, "team": .07, "startup": .1, "edu": .05, "research": .05}
        tiers = list(tier_p)
        tp = np.array([tier_p[t] for t in tiers], float)
        cc = countries or draw_countries(rng, n, {"US": 45, "GB": 6, "DE": 5, "CA": 5, "SG": 4, "JP": 4, "KR": 3, "AU": 3,
                                                  "NL": 3, "FR": 3, "IN": 4, "BR": 3, "TW": 3, "PL": 2, "ES": 2, "MX": 2})
        cr = created if created is not None else ages_us(w, rng, n, 260, .6, lo=45, hi=1100)
        sdks = wchoice(rng, sdk_w or [("aster_py", .5), ("openai_py", .25), ("aster_node", .15), ("httpx", .05), ("litellm", .05)], n)
        out = []
        for i in range(n):
            tier = tiers[int(rng.choice(len(tiers), p=tp / tp.sum()))]
            tz = tz_of(cc[i], rng)
            # sticky residential exit, re-stuck every few days to a neighbour address of the same ISP/country
            n_sw = 4
            ips = w.net.residential(cc[i], n_sw, rng, allow_mobile=False, allow_v6=True)
            sw = np.sort(w.t0 + (rng.random(n_sw - 1) * (w.t1 - w.t0)).astype(np.int64))
            keep = rng.random(n_sw - 1) < .45
            sw = np.where(keep, sw, w.t1 + DAY)
            sw = np.concatenate([[-1], np.sort(sw)])
            if product:
                fam = T.AGENT_PRODUCTS[product]["ua"]
                vers = SDKS[fam][1]
                ua, fp = w.clients.sdk(fam, version=vers[int(rng.integers(max(0, len(vers) - 3), len(vers)))])
            else:
                ua, fp = w.clients.sdk(sdks[i], rng)
            paid = tier in ("pro", "team", "startup")
            a = w.new_account(self.actor, self.camp, tier=tier, verified=bool(rng.random() < (.35 if tier == "pro" else .1)),
                              email_domain=(UNIVERSITIES[int(rng.integers(0, len(UNIVERSITIES)))][1] if tier == "edu" or (tier == "research" and rng.random() < .6)
                                            else startup_domain(rng) if tier == "startup" else personal_email(rng, cc[i])),
                              payment=pay_ids(rng, 1)[0] if paid else None,
                              signup_ip=int(w.net.residential(cc[i], 1, rng, allow_mobile=False)[0]), org_id=org_ids(rng, 1)[0],
                              created_at=int(cr[i]), country=cc[i], tz=tz,
                              active_from=int(cr[i]) if cr[i] > w.t0 else None)
            k = w.new_key(a)
            self.rows.append(dict(idx=a, key=k, ua=ua, fp=fp, mode="sticky", sticky=ips, sticky_t=sw, surface=surface, tz=tz,
                                  country=cc[i], maxt=int(rng.choice([1024, 4096, 4096, 8192])), start=max(int(cr[i]), w.t0),
                                  end=w.t1 + DAY, tz_eff=tz + rng.normal(0, 1.0)))
            out.append(len(self.rows) - 1)
        return np.array(out, np.int64)

    # ---- addresses ------------------------------------------------------------------------
    def _ip_from(self, mode, block, n):
        rng = self.rng
        if mode == "block":
            pool = self.block_pools[block]
            return pool[rng.integers(0, len(pool), n)]
        if mode == "rotate":
            return self.rotate_pool[rng.integers(0, len(self.rotate_pool), n)]
        if mode == "relay":
            return self.relay_pool[rng.integers(0, len(self.relay_pool), n)]
        raise ValueError(mode)

    def ips(self, loc, ts, leak=0.0):
        rng = self.rng
        out = np.empty(len(loc), np.int32)
        modes = np.array([r["mode"] for r in self.rows])
        m_of = modes[loc]
        for mode in np.unique(m_of):
            m = np.flatnonzero(m_of == mode)
            if mode == "sticky":
                ips = np.zeros((len(self.rows), 4), np.int32)
                swt = np.zeros((len(self.rows), 4), np.int64)
                for i, r in enumerate(self.rows):
                    if r["mode"] == "sticky":
                        ips[i] = r["sticky"]
                        swt[i] = r["sticky_t"]
                k = (ts[m, None] >= swt[loc[m]]).sum(1) - 1
                out[m] = ips[loc[m], np.clip(k, 0, 3)]
            elif mode == "block":
                blocks = np.array([r["block"] for r in self.rows])[loc[m]]
                for b in np.unique(blocks):
                    mm = m[blocks == b]
                    out[mm] = self._ip_from("block", int(b), len(mm))
            else:
                out[m] = self._ip_from(mode, -1, len(m))
        if leak > 0:
            lk = rng.random(len(loc)) < leak
            if lk.any():
                out[lk] = self.w.net.residential("CN", int(lk.sum()), rng, allow_v6=False)
        return out

    def arr(self, key, dtype=None):
        return np.array([r[key] for r in self.rows], dtype=dtype)

    def make_blocks(self, providers, k, per_block=24):
        for _ in range(k):
            prov = providers[int(self.rng.integers(0, len(providers)))]
            blk, asn, cc = self.w.net.cloud_block(prov, self.rng)
            self.block_pools.append(self.w.net.in_block24(blk, asn, cc, "hosting", per_block, self.rng))
        return len(self.block_pools)


def batch_created(w, rng, n, n_batches, lo_days=3, hi_days=28):
    """Automated sign-up runs: a few batches, accounts minutes apart within a batch."""
    b = rng.integers(0, n_batches, n)
    base = w.t0 - (rng.uniform(lo_days, hi_days, n_batches) * DAY).astype(np.int64)
    out = np.empty(n, np.int64)
    for j in range(n_batches):
        m = np.flatnonzero(b == j)
        out[m] = base[j] + np.cumsum(rng.uniform(20, 240, len(m)) * SEC).astype(np.int64)
    return out


# ------------------------------------------------------------------------------ timing
def active_assign(rng, times, starts, ends, slot=HOUR):
    """Pick, for each time, one account among those active then (uniformly)."""
    out = np.full(len(times), -1, np.int64)
    order = np.argsort(times, kind="stable")
    ts_sorted = times[order]
    t_lo, t_hi = ts_sorted[0], ts_sorted[-1] + 1
    edges = np.arange(t_lo - t_lo % slot, t_hi + slot, slot)
    cut = np.searchsorted(ts_sorted, edges)
    for j in range(len(edges) - 1):
        a, b = cut[j], cut[j + 1]
        if a == b:
            continue
        act = np.flatnonzero((starts <= edges[j]) & (ends > edges[j] + slot // 2))
        if len(act) == 0:
            act = np.flatnonzero((starts <= edges[j + 1]) & (ends > edges[j]))
        if len(act) == 0:
            act = np.array([int(np.argmin(np.abs(starts - edges[j])))])
        out[order[a:b]] = act[rng.integers(0, len(act), b - a)]
    return out


def human_sessions(w, rng, ops, loc, target, mean_len, gap_fn, profile="office", weekend=0.35, cap=None):
    """Hard-preset pacing: each account works a consistent local-daytime window (like a
    person or a politely scheduled script), weekdays mostly; volume split across accounts."""
    n = len(loc)
    share = rng.lognormal(0, .5, n)
    share /= share.sum()
    n_sess = rng.poisson(target * share / mean_len)
    for i in loc:                      # each account keeps its own working hours
        r = ops.rows[i]
        if "win" not in r:
            start_h = {"office": 8.5, "human": 10.0}.get(profile, 9.0) + rng.normal(0, 1.2)
            r["win"] = (start_h, rng.uniform(5, 10) if profile == "office" else rng.uniform(7, 12))
    sl = np.repeat(np.arange(n), n_sess)
    ws = np.array([ops.rows[i]["win"][0] for i in loc])[sl]
    wl = np.array([ops.rows[i]["win"][1] for i in loc])[sl]
    tz = np.array([ops.rows[i]["tz"] for i in loc])[sl]
    S = len(sl)
    # pick a local day (weekends less likely), then a time inside the account's window
    local0 = (w.t0 // DAY + 3) % 7
    dow = (local0 + np.arange(w.days)) % 7
    dw = np.where(dow >= 5, weekend, 1.0)
    day = rng.choice(w.days, S, p=dw / dw.sum())
    hour = ws + rng.random(S) * wl
    st = w.t0 + day * DAY + ((hour - tz) * HOUR).astype(np.int64)
    st = np.where(st < w.t0, st + DAY, np.where(st >= w.t1, st - DAY, st))
    L = np.maximum(geometric_len(rng, S, mean_len, cap), 1)
    sidx, pos, ts = expand_sessions(rng, st, L, gap_fn)
    return loc[sl], st, sidx, pos, ts


def machine_sessions(w, rng, n_sess, mean_len, gap_fn, cap=None, wave_min=15, jitter_s=20):
    """Default pacing: an orchestrator launches sessions in waves around the clock."""
    n_waves = max(1, int((w.t1 - w.t0) // (wave_min * MIN)))
    wave = rng.integers(0, n_waves, n_sess)
    st = w.t0 + wave.astype(np.int64) * wave_min * MIN + (rng.random(n_sess) * jitter_s * SEC).astype(np.int64)
    L = np.maximum(geometric_len(rng, n_sess, mean_len, cap), 1)
    sidx, pos, ts = expand_sessions(rng, st, L, gap_fn)
    return st, sidx, pos, ts


def ban_tail(rng, ts, acc_ban, tail=10 * MIN):
    """Requests after a ban fail with an error for a few minutes, then stop."""
    keep = ts < acc_ban + tail
    err = ts >= acc_ban
    return keep, err


# ------------------------------------------------------------------------------ content
class Para:
    def __init__(self, pl, rng, hard):
        self.hard = hard
        self.pl = pl
        k = 40
        self.reason = np.array([pl.pid("\n\n" + s) for s in T.paraphrases(T.PARA["reason_suffix"], k, rng)], np.int32)
        self.reason_pre = np.array([pl.pid(s + "\n\n") for s in T.paraphrases(T.PARA["reason_suffix"], k, rng)], np.int32)
        self.cot = np.array([pl.pid(s + "\n\n") for s in T.paraphrases(T.PARA["cot_prefix"], k, rng)], np.int32)
        self.cot_mid = np.array([pl.pid(s) for s in ["\nAnswer: ", "\n\nThe answer is ", "\nFinal answer: ", "\n(Answer: ", "\nAnswer given: ", "\n\nExpected result: "]], np.int32)
        self.rub = np.array([pl.pid(s + "\n\n") for s in T.paraphrases(T.PARA["rubric_prefix"], k, rng)], np.int32)
        self.rub_mid = np.array([pl.pid(s) for s in ["\n\nResponse:\n", "\n\nAnswer to grade:\n", "\n\n---\n", "\n\nThe reply was:\n"]], np.int32)
        self.sens = np.array([pl.pid(s + "\n\n") for s in T.paraphrases(T.PARA["sens_prefix"], k, rng)], np.int32)
        self.sens_mid = np.array([pl.pid(s) for s in ["\n\nAnswer:\n", "\n\nText: ", "\n---\n", "\n\nCurrent answer: "]], np.int32)
        self.q_pre = np.array([pl.pid(s) for s in ["Question: ", "Problem: ", "Q: ", "", "", "Here's the question: "]], np.int32)


def content_A(w, pl, rng, n, hard, para):
    """Reasoning / CoT reconstruction / reward-model grading / sensitive rewrites."""
    p0 = np.full(n, -1, np.int32)
    p1 = np.empty(n, np.int32)
    p2 = np.full(n, -1, np.int32)
    p3 = np.full(n, -1, np.int32)
    cap = np.empty(n, np.int8)
    out = np.empty(n, np.int64)
    typ = rng.choice(4, n, p=[.35, .30, .20, .15])
    qsrc = rng.random(n)
    gi = rng.integers(0, len(pl.gsm_q), n)
    other = np.where(qsrc < .4, pl.pick(rng, pl.arena_math, n), np.where(qsrc < .7, pl.pick(rng, pl.wizard, n), pl.pick(rng, pl.arena_all, n)))
    use_g = rng.random(n) < .6
    # 0 reasoning
    m = typ == 0
    p1[m] = np.where(use_g, pl.gsm_q[gi], other)[m]
    if hard:
        front = rng.random(n) < .4
        p0[m & front] = para.reason_pre[rng.integers(0, len(para.reason_pre), int((m & front).sum()))]
        p2[m & ~front] = para.reason[rng.integers(0, len(para.reason), int((m & ~front).sum()))]
    else:
        p2[m] = pl.pid(T.A_REASON[1])
    cap[m] = C_REASON
    out[m] = lognorm_int(rng, 650, .5, int(m.sum()))
    # 1 chain-of-thought reconstruction from a finished answer
    m = typ == 1
    p1[m] = pl.gsm_q[gi[m]]
    p3[m] = pl.gsm_a[gi[m]]
    if hard:
        p0[m] = para.cot[rng.integers(0, len(para.cot), int(m.sum()))]
        p2[m] = para.cot_mid[rng.integers(0, len(para.cot_mid), int(m.sum()))]
    else:
        p0[m] = pl.pid(T.A_COT[0])
        p2[m] = pl.pid(T.A_COT[1])
    cap[m] = C_COT
    out[m] = lognorm_int(rng, 520, .45, int(m.sum()))
    # 2 reward-model grading
    m = typ == 2
    k = int(m.sum())
    good = rng.random(k) < .5
    p1[m] = np.where(use_g[m], pl.gsm_q[gi[m]], other[m])
    p3[m] = np.where(use_g[m], np.where(good, pl.gsm_cand_good[gi[m]], pl.gsm_cand_bad[gi[m]]), pl.pick(rng, pl.generic_ans, k))
    if hard:
        p0[m] = para.rub[rng.integers(0, len(para.rub), k)]
        p2[m] = para.rub_mid[rng.integers(0, len(para.rub_mid), k)]
    else:
        p0[m] = pl.pid(T.A_RUBRIC[0])
        p2[m] = pl.pid(T.A_RUBRIC[1])
    cap[m] = C_RUBRIC
    out[m] = lognorm_int(rng, 380, .4, k)
    # 3 sensitive rewrites
    m = typ == 3
    k = int(m.sum())
    two = rng.random(k) < .6
    pair = np.array(T.SENS_PAIRS)[rng.integers(0, len(T.SENS_PAIRS), k)]
    p1[m] = np.where(two, pl.sens_q[pair[:, 0]], pl.pick(rng, pl.sens_q, k))
    if hard:
        p0[m] = para.sens[rng.integers(0, len(para.sens), k)]
        p2[m] = np.where(two, para.sens_mid[rng.integers(0, len(para.sens_mid), k)], -1)
    else:
        p0[m] = np.where(two, pl.pid(T.A_SENS[0]), pl.pid(T.A_SENS2[0]))
        p2[m] = np.where(two, pl.pid(T.A_SENS[1]), -1)
    p3[m] = np.where(two, pl.sens_pass[pair[:, 1]], -1)
    cap[m] = C_SENS
    out[m] = lognorm_int(rng, 330, .4, k)
    return dict(p0=p0, p1=p1, p2=p2, p3=p3, cap=cap, out=out)


# =========================================================================== operation A
def op_reasoning(w, pl, camp, hard, base_acc=60, base_events=32000):
    actor = "op_reasoning_harvest"
    rng = w.rng(actor, w.preset)
    ops = OpAccounts(w, rng, actor, camp)
    n = scale_n(w, base_acc * (1.5 if hard else 1), lo=5, rng=rng)
    target = events_target(w, base_events, rng)
    para = Para(pl, rng, hard)
    if not hard:
        nb = ops.make_blocks(["vultr", "digitalocean", "linode", "tencent"], int(rng.integers(3, 6)), 30)
        cards = pay_ids(rng, max(2, n // 12))
        tiers = list(rng.choice(["edu", "edu", "research", "startup", "free"], n))
        created = batch_created(w, rng, n, int(rng.integers(2, 4)))
        uafp = w.clients.sdk("httpx", version="0.27.0")
        loc = np.concatenate([ops.add_default(1, tiers[i], {"edu": "edu", "startup": "startup"}.get(tiers[i], "temp"), created[i:i + 1],
                                              cards, uafp, "block", block_ids=[rng.integers(0, nb)]) for i in range(n)])
        # jobs: an orchestrator dispatches a batch at a constant rate, round-robin over all accounts
        n_jobs = max(4, int(round(w.days * rng.uniform(.8, 1.4))))
        sizes = rng.lognormal(0, .4, n_jobs)
        sizes = np.maximum(50, (sizes / sizes.sum() * target).astype(int))
        per_job = []
        for k in sizes:
            rate = rng.uniform(0.25, 0.9)
            dur = k / rate * SEC
            start = int(w.t0 + rng.random() * max(HOUR, (w.t1 - w.t0 - dur)))
            per_job.append((start, rate, int(k), int(rng.integers(0, 4))))
        ts_l, acc_l, job_typ = [], [], []
        for start, rate, k, jt in per_job:
            idx = np.arange(k)
            ts = start + (idx / rate * SEC).astype(np.int64) + (rng.normal(0, .25, k) * SEC).astype(np.int64)
            acc = loc[(idx + int(rng.integers(0, n))) % n]
            ts_l.append(ts)
            acc_l.append(acc)
            job_typ.append(np.full(k, jt))
        ts = np.concatenate(ts_l)
        acc = np.concatenate(acc_l)
        cnt = content_A(w, pl, rng, len(ts), False, para)
        m_ev = len(ts)
        model = w.pick_model(rng, ts, {M4PRO: .7, M4: .3}, adopt=.6, tau_h=5, lag_h=.5)
        think = rng.random(m_ev) < .7
        w.emit(ts=ts, acct=ops.arr("idx")[acc], ip=ops.ips(acc, ts, leak=.003), model=model, **{k: cnt[k] for k in ("p0", "p1", "p2", "p3")},
               out_tok=cnt["out"], reason_tok=np.where(think, lognorm_int(rng, 2400, .6, m_ev), -1), max_tok=16000, temp=1.0,
               ua=ops.arr("ua")[acc], fp=ops.arr("fp")[acc], surface=API, key=ops.arr("key")[acc], kind=HARVEST, cap=cnt["cap"],
               camp=camp_num(w, camp), status=statuses(rng, m_ev, .012, .004, .03))
    else:
        loc = ops.add_hard(n)
        sl, st, sidx, pos, ts = human_sessions(w, rng, ops, loc, target, 10, mixture_gaps([(.8, 32, .7), (.2, 150, .8)]), "human", .4, 60)
        cnt = content_A(w, pl, rng, len(ts), True, para)
        emit_with_cover(w, pl, rng, ops, sl, st, sidx, pos, ts, cnt, camp, base_model={M4PRO: .55, M4: .45}, adopt=.4, tau=24,
                        think_p=.5, reason_med=1500, cover=.25, n_turns=np.where(rng.random(len(ts)) < .9, 1, 3))
    return ops


def camp_num(w, camp):
    return list(w.campaigns).index(camp)


def emit_with_cover(w, pl, rng, ops, sl, st, sidx, pos, ts, cnt, camp, base_model, adopt, tau, think_p, reason_med, cover,
                    sys_=None, tools=None, img=None, ctx=None, n_turns=None, extra_st=None):
    """Hard preset emission: harvest rows (kind harvest) plus interleaved cover sessions."""
    n_ev = len(ts)
    acc = sl[sidx]
    model = w.pick_model(rng, st, base_model, adopt=adopt, tau_h=tau, lag_h=2)[sidx]
    maxt = ops.arr("maxt")[acc]
    think = (rng.random(len(st)) < think_p)[sidx]
    w.emit(ts=ts, acct=ops.arr("idx")[acc], ip=ops.ips(acc, ts), model=model, **{k: cnt[k] for k in ("p0", "p1", "p2", "p3") if k in cnt},
           sys=-1 if sys_ is None else sys_, out_tok=np.minimum(cnt["out"], maxt), reason_tok=np.where(think, lognorm_int(rng, reason_med, .7, n_ev), -1),
           max_tok=maxt, ua=ops.arr("ua")[acc], fp=ops.arr("fp")[acc], surface=ops.arr("surface")[acc], key=ops.arr("key")[acc],
           kind=HARVEST, cap=cnt["cap"], camp=camp_num(w, camp), tools=0 if tools is None else tools, img=False if img is None else img,
           ctx_tok=0 if ctx is None else ctx, n_turns=(2 * pos + 1) if n_turns is None else n_turns,
           status=statuses(rng, n_ev, .006, .003, .002) if extra_st is None else extra_st)
    if cover > 0:
        emit_cover(w, pl, rng, ops, np.unique(sl), int(n_ev * cover / (1 - cover)), camp)


def emit_cover(w, pl, rng, ops, loc, n_target, camp):
    """Ordinary-looking chat from operation accounts (to dilute per-account profiles)."""
    if n_target <= 0 or len(loc) == 0:
        return
    sl, st, sidx, pos, ts = human_sessions(w, rng, ops, loc, n_target, 3, mixture_gaps([(.75, 40, .8), (.25, 240, .9)]), "human", .8, 30)
    acc = sl[sidx]
    cc = chat_content(w, pl, rng, pos)
    n_ev = len(ts)
    w.emit(ts=ts, acct=ops.arr("idx")[acc], ip=ops.ips(acc, ts), model=w.pick_model(rng, st, {M4: .8, M4MINI: .2}, .5, 24)[sidx],
           p0=cc["p0"], p1=cc["p1"], p2=cc["p2"], out_tok=np.minimum(cc["out"], ops.arr("maxt")[acc]), max_tok=ops.arr("maxt")[acc],
           n_turns=2 * pos + 1, ctx_tok=pos * 320 + np.where(cc["img"], 1300, 0), img=cc["img"], ua=ops.arr("ua")[acc],
           fp=ops.arr("fp")[acc], surface=API, key=ops.arr("key")[acc], kind=COVER, cap=cc["cap"], camp=camp_num(w, camp),
           status=statuses(rng, n_ev))


# =========================================================================== operation B
B_TYPES = ["tool", "agentic", "coding", "data", "computer", "vision", "trace"]


def content_B(w, pl, rng, sess_type, sidx, pos, hard, fn_results, agent_tasks, para, sys_variants):
    n = len(pos)
    typ = sess_type[sidx]
    p0 = np.full(n, -1, np.int32)
    p1 = np.empty(n, np.int32)
    p2 = np.full(n, -1, np.int32)
    p3 = np.full(n, -1, np.int32)
    sys_ = np.full(n, -1, np.int32)
    cap = np.empty(n, np.int8)
    out = np.empty(n, np.int64)
    tools = np.zeros(n, np.int16)
    img = np.zeros(n, bool)
    ctx = np.zeros(n, np.int64)
    first = pos == 0
    S = len(sess_type)
    sess_q = rng.integers(0, 1 << 30, S)
    for j, nm in enumerate(B_TYPES):
        m = np.flatnonzero(typ == j)
        k = len(m)
        if k == 0:
            continue
        q = sess_q[sidx[m]]
        f = first[m]
        if nm == "tool":
            ti = q % len(pl.tool)
            nt = np.maximum(pl.tool_n[ti], 3 + q % 9)
            p1[m] = np.where(f, pl.tool[ti], fn_results[rng.integers(0, len(fn_results), k)])
            tools[m] = nt
            sys_[m] = sys_variants["tool"][q % len(sys_variants["tool"])]
            cap[m] = C_TOOL
            out[m] = lognorm_int(rng, 260, .6, k)
            ctx[m] = nt * 170 + pos[m] * 500
        elif nm == "agentic":
            p1[m] = np.where(f, agent_tasks[q % len(agent_tasks)], np.where(rng.random(k) < .5, fn_results[rng.integers(0, len(fn_results), k)],
                                                                             pl.pick(rng, pl.tool_results, k)))
            tools[m] = 8 + q % 12
            sys_[m] = sys_variants["agent"][q % len(sys_variants["agent"])]
            cap[m] = C_AGENT
            out[m] = lognorm_int(rng, 420, .6, k)
            ctx[m] = tools[m] * 170 + pos[m] * 900
        elif nm == "coding":
            p1[m] = np.where(q % 2 == 0, pl.code[q % len(pl.code)], pl.arena_code[q % len(pl.arena_code)])
            p2[m] = para["code"][q % len(para["code"])]
            cap[m] = C_CODE
            out[m] = lognorm_int(rng, 700, .5, k)
        elif nm == "data":
            p0[m] = para["data"][q % len(para["data"])]
            p1[m] = pl.csv[q % len(pl.csv)]
            cap[m] = C_REASON
            out[m] = lognorm_int(rng, 750, .4, k)
        elif nm == "computer":
            p1[m] = np.where(f, para["cu_goal"][q % len(para["cu_goal"])], para["cu_step"][rng.integers(0, len(para["cu_step"]), k)])
            img[m] = True
            tools[m] = 3
            sys_[m] = sys_variants["cu"][q % len(sys_variants["cu"])]
            cap[m] = C_AGENT
            out[m] = lognorm_int(rng, 180, .5, k)
            ctx[m] = 1500 + pos[m] * 1700
        elif nm == "vision":
            p1[m] = para["vision"][q % len(para["vision"])]
            img[m] = True
            cap[m] = C_VISION
            out[m] = lognorm_int(rng, 520, .5, k)
            ctx[m] = 1500
        elif nm == "trace":
            gi = q % len(pl.gsm_q)
            use_code = q % 3 == 0
            p0[m] = para["trace0"][q % len(para["trace0"])]
            p1[m] = np.where(use_code, pl.code[q % len(pl.code)], pl.gsm_q[gi])
            p2[m] = para["trace1"][q % len(para["trace1"])]
            p3[m] = np.where(use_code, pl.pick(rng, pl.generic_ans, k), pl.gsm_cand_good[gi])
            sys_[m] = np.where(rng.random(k) < .5, sys_variants["think"][q % len(sys_variants["think"])], -1)
            cap[m] = C_COT
            out[m] = lognorm_int(rng, 1100, .5, k)
    return dict(p0=p0, p1=p1, p2=p2, p3=p3, sys=sys_, cap=cap, out=out, tools=tools, img=img, ctx=ctx)


def fn_result_pool(pl, rng, k=500):
    out = []
    for _ in range(k):
        kind = int(rng.integers(0, 4))
        if kind == 0:
            out.append('{"status": "ok", "results": [' + ", ".join(f'{{"id": {rng.integers(100, 9999)}, "name": "{T._pick(rng, T.PRODUCTS)}", "price": {rng.uniform(5, 900):.2f}}}' for _ in range(int(rng.integers(1, 5)))) + "]}")
        elif kind == 1:
            out.append(f'{{"temperature": {rng.uniform(-5, 35):.1f}, "condition": "{T._pick(rng, ["sunny", "rain", "cloudy", "snow"])}", "city": "{T._pick(rng, T.FILL["city"])}"}}')
        elif kind == 2:
            out.append(f'{{"error": "{T._pick(rng, ["rate limit exceeded", "not found", "invalid argument: date", "timeout"])}", "code": {rng.choice([400, 404, 429, 504])}}}')
        else:
            out.append(f'{{"order_id": "{rng.integers(100000, 999999)}", "state": "{T._pick(rng, ["shipped", "processing", "delivered", "cancelled"])}", "eta_days": {rng.integers(0, 9)}}}')
    return pl.w.P.add_many(out)


def op_agentic(w, pl, camp, hard, base_acc=250, base_events=62000):
    actor = "op_agentic_multipath"
    rng = w.rng(actor, w.preset)
    ops = OpAccounts(w, rng, actor, camp)
    n = scale_n(w, base_acc * (1.4 if hard else 1), lo=8, rng=rng)
    target = events_target(w, base_events, rng)
    phase_t = int(w.t0 + rng.uniform(.55, .75) * (w.t1 - w.t0))
    w.notes["op_agentic_phase2"] = phase_t
    fn_results = fn_result_pool(pl, rng)
    agent_tasks = pl.w.P.add_many([t.format(city=T._pick(rng, T.FILL["city"]), thing=T._pick(rng, ["coworking spaces", "gyms", "sushi places", "bookstores"]),
                                            q=rng.integers(1, 5), n=rng.integers(10000, 99999), svc=T._pick(rng, ["checkout", "search-api", "billing", "auth"]),
                                            k=rng.integers(2, 9)) for t in T.B_AGENT_TASKS for _ in range(60)])
    if not hard:
        para = dict(code=[pl.pid("\n\nExplain your reasoning step by step before writing the code, then give the complete solution.")],
                    data=[pl.pid(T.B_DATA_TASKS)], cu_goal=pl.w.P.add_many([g.format(city="Tokyo", svc="sandbox") for g in T.B_CU_GOALS]),
                    cu_step=pl.w.P.add_many(T.B_CU_STEP[:1]), vision=pl.w.P.add_many(T.B_VISION),
                    trace0=[pl.pid(T.B_TRACE[0])], trace1=[pl.pid(T.B_TRACE[1])])
        sysv = dict(tool=[pl.sid(T.B_TOOL_SYS.format(n="several"))], agent=[pl.sid(T.ORCH_SYSTEM)], cu=[pl.sid(T.B_CU_SYS)], think=[pl.sid(T.B_THINK_SYS)])
        # several access pathways, each with its own look, to seem unrelated
        paths = [("direct_api", .3), ("edu_program", .25), ("startup_program", .2), ("cloud_marketplace", .2), ("staff", .05)]
        counts = np.maximum(1, (np.array([p[1] for p in paths]) * n).astype(int))
        locs = []
        staff_org = org_ids(rng, 1)[0]
        for (pname, _), k in zip(paths, counts):
            created = batch_created(w, rng, k, int(rng.integers(1, 3)), 5, 60)
            cards = pay_ids(rng, max(1, k // 10))
            if pname == "direct_api":
                nb = ops.make_blocks(["aws", "gcp"], 3, 40)
                loc = ops.add_default(k, list(rng.choice(["free", "pro"], k)), "generic", created, cards,
                                      w.clients.sdk("aster_py", version="0.42.1"), "block", block_ids=nb - 1 - rng.integers(0, 3, k))
            elif pname == "edu_program":
                ops.rotate_pool = ops.rotate_pool if ops.rotate_pool is not None else np.concatenate(
                    [w.net.residential(c, 300, rng, allow_v6=False) for c in ("US", "US", "GB", "CA")])
                loc = ops.add_default(k, "edu", "edu", created, None, w.clients.sdk("openai_py", version="1.54.4"), "rotate")
            elif pname == "startup_program":
                nb = ops.make_blocks(["digitalocean", "linode"], 2, 40)
                loc = ops.add_default(k, "startup", "startup", created, cards, w.clients.sdk("aster_node", version="0.32.0"), "block",
                                      block_ids=nb - 1 - rng.integers(0, 2, k))
            elif pname == "cloud_marketplace":
                nb = ops.make_blocks(["gcp", "azure"], 2, 60)
                loc = ops.add_default(k, "team", "generic", created, cards, w.clients.custom("cloud-ai-sdk/1.71.0 (gl-python/3.11.9)", "python-grpc-h2"),
                                      "block", block_ids=nb - 1 - rng.integers(0, 2, k), surface=CLOUD, verified_p=.8)
            else:
                nb = ops.make_blocks(["alibaba"], 1, 8)
                loc = ops.add_default(k, "team", "mooncrest-labs.com", created, pay_ids(rng, 1), w.clients.custom("mcl-evalkit/0.3.2 python-httpx/0.27.0", "python-httpx-h1", "h1"),
                                      "block", block_ids=np.full(k, nb - 1), verified_p=1.0, org=staff_org)
            locs.append(loc)
        loc = np.concatenate(locs)
        mean_len = 3.2
        n_sess = int(target / mean_len)
        st, sidx, pos, ts = machine_sessions(w, rng, n_sess, mean_len, lognormal_gaps(4.5, .5), cap=30, wave_min=10)
    else:
        para = dict(code=pl.w.P.add_many(["\n\nPlease explain how you'd approach it first.", "\n\nWalk me through your thinking, then the code.",
                                          "\n\nThink it through step by step and then write it.", "\n\nexplain ur reasoning pls", ""]),
                    data=pl.w.P.add_many(["Can you analyse this data for me? What stands out and why?\n\n", "Here's a CSV export. Summarise the trends and explain your reasoning.\n\n",
                                          "What can you tell from this table? Go step by step.\n\n", "Quick analysis please - stats, trends, anything weird:\n\n"]),
                    cu_goal=pl.w.P.add_many([g.format(city=T._pick(rng, T.FILL["city"]), svc="demo") for g in T.B_CU_GOALS]),
                    cu_step=pl.w.P.add_many(T.B_CU_STEP), vision=pl.w.P.add_many(T.B_VISION + T.VISION_PROMPTS[:8]),
                    trace0=pl.w.P.add_many(["I have the solution below but I don't follow how to get there. ", "Explain the thinking behind this solution, including any dead ends you'd consider. ",
                                            "Show how an expert would reason their way to this answer. "]),
                    trace1=pl.w.P.add_many(["\n\nSolution: ", "\n\nHere's the answer: ", "\n\n---\n"]))
        sysv = dict(tool=[pl.sid(T._pick(rng, T.STARTUP_SYS).format(name=T._pick(rng, T.STARTUP_NAMES), domain=T._pick(rng, T.STARTUP_DOMAINS), date=str(np.datetime64(w.t0 - int(rng.integers(1, 30)) * DAY, "us").astype("datetime64[D]")))) for _ in range(8)],
                    agent=[pl.sid(T._pick(rng, T.STARTUP_SYS).format(name=T._pick(rng, T.STARTUP_NAMES), domain=T._pick(rng, T.STARTUP_DOMAINS), date=str(np.datetime64(w.t0 - int(rng.integers(1, 30)) * DAY, "us").astype("datetime64[D]")))) for _ in range(8)],
                    cu=[pl.sid(T.B_CU_SYS)], think=[pl.sid("You are a careful assistant. Think before you answer.")])
        loc = ops.add_hard(n)
    if hard:
        sl, st, sidx, pos, ts = human_sessions(w, rng, ops, loc, target, 3.2, mixture_gaps([(.7, 9, .6), (.3, 45, .8)]), "office", .3, 30)
    # session types; the later phase targets reasoning traces
    sess_start = st
    S = len(sess_start)
    typ = rng.choice(len(B_TYPES) - 1, S, p=[.30, .25, .15, .10, .10, .10])
    late = sess_start >= phase_t
    typ = np.where(late & (rng.random(S) < .6), len(B_TYPES) - 1, typ)
    # single-turn types are one request long
    single = np.isin(typ, [2, 3, 5, 6])
    keep = ~single[sidx] | (pos == 0)
    para = {k: np.asarray(v, np.int32) for k, v in para.items()}
    cnt = content_B(w, pl, rng, typ, sidx, pos, hard, fn_results, agent_tasks, para, {k: np.asarray(v, np.int32) for k, v in sysv.items()})
    if not hard:
        acc_sess = active_assign(rng, sess_start, ops.arr("start"), ops.arr("end"))
        acc = acc_sess[sidx]
        sel = np.flatnonzero(keep)
        m_ev = len(sel)
        model = w.pick_model(rng, sess_start, {M4: .6, M4PRO: .4}, adopt=.3, tau_h=24, lag_h=2)[sidx]
        think = np.isin(typ[sidx], [6]) | (rng.random(len(ts)) < .2)
        w.emit(ts=ts[sel], acct=ops.arr("idx")[acc[sel]], ip=ops.ips(acc[sel], ts[sel], leak=.002), model=model[sel],
               **{k: cnt[k][sel] for k in ("p0", "p1", "p2", "p3", "sys", "tools", "img", "cap")},
               ctx_tok=cnt["ctx"][sel], out_tok=cnt["out"][sel], reason_tok=np.where(think[sel], lognorm_int(rng, 2000, .6, m_ev), -1),
               max_tok=16000, temp=0.7, n_turns=2 * pos[sel] + 1, ua=ops.arr("ua")[acc[sel]], fp=ops.arr("fp")[acc[sel]],
               surface=ops.arr("surface")[acc[sel]], key=ops.arr("key")[acc[sel]], kind=HARVEST, camp=camp_num(w, camp),
               status=statuses(rng, m_ev, .01, .004, .02))
    else:
        sel = np.flatnonzero(keep)
        cnt = {k: v[sel] for k, v in cnt.items()}
        emit_with_cover(w, pl, rng, ops, sl, st, sidx[sel], pos[sel], ts[sel], cnt, camp, {M4: .7, M4PRO: .3}, .3, 48, .25, 1200, .22,
                        sys_=cnt["sys"], tools=cnt["tools"], img=cnt["img"], ctx=cnt["ctx"])
    return ops


# =========================================================================== operation C
def op_coding(w, pl, camp, hard, base_acc=200, base_events=105000):
    actor = "op_coding_swarm"
    rng = w.rng(actor, w.preset)
    ops = OpAccounts(w, rng, actor, camp)
    n = scale_n(w, base_acc * (1.5 if hard else 1), lo=8, rng=rng)
    target = events_target(w, base_events, rng)
    bans = []
    if not hard:
        nb = ops.make_blocks(["hetzner", "ovh", "digitalocean", "vultr"], int(rng.integers(4, 8)), 40)
        ops.rotate_pool = np.concatenate([w.net.residential(c, 600, rng, allow_v6=False) for c in ("US", "US", "DE", "GB", "JP", "SG", "CA")])
        cards = pay_ids(rng, max(3, n // 20))
        uafp = w.clients.sdk("go", version="2.0")
        created = batch_created(w, rng, n, int(rng.integers(2, 5)), 2, 20)
        tiers = list(rng.choice(["startup", "startup", "free", "pro", "edu"], n))
        mode = np.where(rng.random(n) < .5, "block", "rotate")
        loc = np.concatenate([ops.add_default(1, tiers[i], {"startup": "startup", "edu": "edu"}.get(tiers[i], "temp"), created[i:i + 1], cards, uafp,
                                              str(mode[i]), block_ids=[rng.integers(0, nb)]) for i in range(n)])
        # detected while running: ban waves, each answered with a fresh batch of accounts
        for frac in sorted(rng.uniform([.3, .62], [.42, .78])):
            t_ban = int(w.t0 + frac * (w.t1 - w.t0))
            alive = [i for i in range(len(ops.rows)) if ops.rows[i]["end"] > t_ban and ops.rows[i]["start"] < t_ban]
            hit = rng.choice(alive, int(len(alive) * rng.uniform(.3, .5)), replace=False)
            for i in hit:
                ops.rows[i]["end"] = t_ban + int(rng.uniform(0, 90) * MIN)
            k = len(hit)
            rc = (t_ban + rng.uniform(1, 8) * HOUR + np.cumsum(rng.uniform(20, 200, k)) * SEC).astype(np.int64)
            rt = list(rng.choice(["startup", "free", "pro", "edu"], k))
            new = [ops.add_default(1, rt[j], {"startup": "startup", "edu": "edu"}.get(rt[j], "temp"), rc[j:j + 1], cards, uafp,
                                   str(rng.choice(["block", "rotate"])), block_ids=[rng.integers(0, nb)]) for j in range(k)]
            bans.append(dict(t=t_ban, banned=int(k), replaced=int(k)))
        S_mean = 18
        n_sess = int(target / S_mean)
        st, sidx, pos, ts = machine_sessions(w, rng, n_sess, S_mean, lognormal_gaps(6.0, .45, floor=1.0), cap=60, wave_min=5)
        acc_sess = active_assign(rng, st, ops.arr("start"), ops.arr("end"))
        orch = rng.random(n_sess) < .2
        task = np.where(rng.random(n_sess) < .7, pl.pick(rng, pl.spec_tasks, n_sess),
                        np.where(rng.random(n_sess) < .5, pl.pick(rng, pl.code, n_sess), pl.pick(rng, pl.arena_code, n_sess)))
        nudge = pl.pid("Continue with the next step.")
        n_ev = len(ts)
        r = rng.random(n_ev)
        p1 = np.where(pos == 0, task[sidx], np.where(r < .06, nudge, pl.pick(rng, pl.tool_results, n_ev)))
        sys_ = np.where(orch[sidx], pl.sid(T.ORCH_SYSTEM), pl.sid(T.HARNESS_SYSTEM))
        tools = np.where(orch[sidx], 30, 24)
        acc = acc_sess[sidx]
        ends = ops.arr("end")[acc]
        keep = ts < ends + 10 * MIN
        err = ts >= ends
        model = w.pick_model(rng, st, {M4: .6, M4PRO: .4}, adopt=.55, tau_h=3, lag_h=.5)[sidx]
        stt = np.where(err, ERROR, statuses(rng, n_ev, .003, .004, .03))
        sel = np.flatnonzero(keep)
        m_ev = len(sel)
        out = lognorm_int(rng, 650, .7, n_ev, hi=32000)
        out = np.where(err, 0, out)
        ctx = (pos * rng.lognormal(np.log(1100), .4, n_ev)).astype(np.int64) % 150000
        w.emit(ts=ts[sel], acct=ops.arr("idx")[acc[sel]], ip=ops.ips(acc[sel], ts[sel], leak=.002), model=model[sel], p1=p1[sel], sys=sys_[sel],
               ctx_tok=ctx[sel] + tools[sel] * 170, out_tok=out[sel], reason_tok=np.where(rng.random(m_ev) < .5, lognorm_int(rng, 900, .6, m_ev), -1),
               max_tok=32000, temp=0.7, n_turns=2 * pos[sel] + 1, tools=tools[sel], ua=ops.arr("ua")[acc[sel]], fp=ops.arr("fp")[acc[sel]],
               surface=API, key=ops.arr("key")[acc[sel]], kind=HARVEST, camp=camp_num(w, camp), status=stt[sel],
               cap=np.where(pos[sel] == 0, C_CODE, np.where(orch[sidx[sel]], C_TOOL, C_AGENT)))
    else:
        # a popular coding agent's exact client, system prompt and tool schema; aged accounts; daytime
        loc = ops.add_hard(n, product="termite", tier_p={"pro": .6, "team": .15, "startup": .15, "free": .1})
        stock = ages_us(w, rng, n, 300, .5, lo=60, hi=1000)
        t_ban = int(w.t0 + rng.uniform(.45, .7) * (w.t1 - w.t0))
        hit = rng.choice(len(loc), max(1, int(len(loc) * .12)), replace=False)
        for i in hit:
            ops.rows[loc[i]]["end"] = t_ban + int(rng.uniform(0, 600) * MIN)
        repl = ops.add_hard(len(hit), product="termite", created=stock[:len(hit)])
        for j, i in enumerate(repl):
            ops.rows[i]["start"] = int(ops.rows[loc[hit[j]]]["end"] + rng.uniform(2, 30) * HOUR)
        bans.append(dict(t=t_ban, banned=int(len(hit)), replaced=int(len(hit))))
        loc = np.concatenate([loc, repl])
        mcp = rng.choice([0, 0, 1, 2, 3], len(ops.rows))
        sysacc = np.array([pl.pick(rng, pl.agent_sys["termite"], 1)[0] for _ in ops.rows], np.int32)
        gap = mixture_gaps([(.8, 5.5, .7), (.15, 35, .8), (.05, 300, .9)])
        sl, st, sidx, pos, ts = human_sessions(w, rng, ops, loc, target, 24, gap, "office", .4, 200)
        n_ev = len(ts)
        S = len(st)
        task = np.where(rng.random(S) < .6, pl.pick(rng, pl.human_tasks, S), np.where(rng.random(S) < .5, pl.pick(rng, pl.code, S), pl.pick(rng, pl.arena_code, S)))
        r = rng.random(n_ev)
        p1 = np.where(pos == 0, task[sidx], np.where(r < .1, pl.pick(rng, pl.agent_follow, n_ev), pl.pick(rng, pl.tool_results, n_ev)))
        acc = sl[sidx]
        start_a, end_a = ops.arr("start")[acc], ops.arr("end")[acc]
        ok = (ts >= start_a) & (ts < end_a + 10 * MIN)
        err = ts >= end_a
        tools = 16 + mcp[acc]
        ctx = (pos * rng.lognormal(np.log(950), .5, n_ev)).astype(np.int64) % 140000
        cnt = dict(p1=p1, out=lognorm_int(rng, 420, .8, n_ev, hi=16000), cap=np.where(pos == 0, C_CODE, C_AGENT))
        sel = np.flatnonzero(ok)
        cnt = {k: v[sel] for k, v in cnt.items()}
        for r_ in ops.rows:
            r_["maxt"] = 32000          # the agent's own default
        stt = np.where(err, ERROR, statuses(rng, n_ev, .001, .006, .004))[sel]
        emit_with_cover(w, pl, rng, ops, sl, st, sidx[sel], pos[sel], ts[sel], cnt, camp, {M4: .8, M4PRO: .2}, .5, 18, .35, 350, .15,
                        sys_=sysacc[acc[sel]], tools=tools[sel], ctx=ctx[sel] + tools[sel] * 170, extra_st=stt)
    w.notes.setdefault("bans", {})[actor] = bans
    return ops


# =========================================================================== reseller D
def content_D_harvest(w, pl, rng, n, hard, selfinst_blocks):
    p0 = np.full(n, -1, np.int32)
    p1 = np.empty(n, np.int32)
    p2 = np.full(n, -1, np.int32)
    p3 = np.full(n, -1, np.int32)
    sys_ = np.full(n, -1, np.int32)
    cap = np.empty(n, np.int8)
    out = np.empty(n, np.int64)
    typ = rng.choice(5, n, p=[.2, .1, .4, .15, .15])
    src = np.concatenate([pl.alpaca, pl.alpaca_seeds, pl.wizard, pl.code, pl.gsm_q[:2000]])
    for j in range(5):
        m = np.flatnonzero(typ == j)
        k = len(m)
        if k == 0:
            continue
        if j == 0:       # Evol-Instruct style prompt evolution
            deep = rng.random(k) < .6
            p0[m] = np.where(deep, pl.pid(T.D_EVOL_DEPTH[0]), pl.pid(T.D_EVOL_BREADTH[0]))
            p1[m] = pl.pick(rng, src, k)
            p2[m] = np.where(deep, pl.pid(T.D_EVOL_DEPTH[1]), pl.pid(T.D_EVOL_BREADTH[1]))
            cap[m] = C_OTHER
            out[m] = lognorm_int(rng, 90, .5, k)
        elif j == 1:     # Self-Instruct style task generation
            p0[m] = pl.pid(T.D_SELFINST)
            p1[m] = pl.pick(rng, selfinst_blocks, k)
            cap[m] = C_OTHER
            out[m] = lognorm_int(rng, 900, .3, k)
        elif j == 2:     # Orca-style explained answers
            sys_[m] = np.where(rng.random(k) < .7, pl.sid(T.D_ORCA_SYS), pl.sid(T.D_ORCA_SYS2))
            p1[m] = pl.pick(rng, src, k)
            cap[m] = C_REASON
            out[m] = lognorm_int(rng, 600, .5, k)
        elif j == 3:     # Chinese-language reasoning / code harvest
            p0[m] = pl.pick(rng, pl.cn_harvest, k)
            p1[m] = np.where(rng.random(k) < .5, pl.pick(rng, pl.gsm_q, k), pl.pick(rng, pl.code, k))
            cap[m] = C_REASON
            out[m] = lognorm_int(rng, 700, .5, k)
        else:            # UltraFeedback-style rating
            p0[m] = pl.pid(T.D_ULTRAFB[0])
            p1[m] = pl.pick(rng, pl.alpaca, k)
            p2[m] = pl.pid(T.D_ULTRAFB[1])
            p3[m] = pl.pick(rng, pl.generic_ans, k)
            cap[m] = C_RUBRIC
            out[m] = lognorm_int(rng, 400, .4, k)
    return dict(p0=p0, p1=p1, p2=p2, p3=p3, sys=sys_, cap=cap, out=out)


def op_reseller(w, pl, camp, hard, base_acc=400, base_events=52000):
    actor = "reseller_hydra"
    rng = w.rng(actor, w.preset)
    ops = OpAccounts(w, rng, actor, camp)
    target = events_target(w, base_events, rng)
    n_total_goal = scale_n(w, base_acc, lo=10, rng=rng)
    mean_life = (rng.uniform(1.8, 3.2) if not hard else rng.uniform(5, 8)) * DAY
    n_active = max(3, int(n_total_goal / (1 + (w.t1 - w.t0) / mean_life)))
    seeds_tab = pl.C.alpaca_seed_instr
    selfinst = pl.w.P.add_many(["\n".join(f"Task {i + 1}: {seeds_tab[int(rng.integers(0, len(seeds_tab)))]}" for i in range(3)) + "\nTask 4:" for _ in range(300)])
    if not hard:
        relay = np.concatenate([w.net.cloud(p, 3, rng) for p in ("alibaba", "tencent", "vultr")])
        ops.relay_pool = relay
        nb = ops.make_blocks(["gcp", "azure", "aws"], 3, 50)
        cards = pay_ids(rng, max(3, n_total_goal // 25))
        uafp = w.clients.sdk("go11", version="1.1")
    # staggered lifetimes: every banned/burnt account is replaced within hours
    slots = []
    for s in range(n_active):
        t = w.t0 - rng.uniform(0, 2) * DAY
        while t < w.t1:
            life = max(4 * HOUR, rng.exponential(mean_life))
            slots.append((int(t), int(t + life)))
            t = t + life + rng.uniform(.5, 6) * HOUR
    starts = np.array([s[0] for s in slots], np.int64)
    ends = np.array([s[1] for s in slots], np.int64)
    k = len(slots)
    if not hard:
        created = starts - (rng.uniform(.1, 6, k) * HOUR).astype(np.int64)
        tiers = list(rng.choice(["free", "free", "edu", "startup", "pro"], k))
        cloud = rng.random(k) < .4
        loc = np.concatenate([ops.add_default(1, tiers[i], {"edu": "edu", "startup": "startup"}.get(tiers[i], "temp"), created[i:i + 1], cards, uafp,
                                              "block" if cloud[i] else "relay", block_ids=[rng.integers(0, nb)], surface=CLOUD if cloud[i] else API)
                              for i in range(k)])
    else:
        stock = ages_us(w, rng, k, 200, .6, lo=40, hi=900)
        loc = ops.add_hard(k, sdk_w=[("openai_py", .7), ("openai_js", .15), ("httpx", .15)], created=stock)
    for j, i in enumerate(loc):
        ops.rows[i]["start"] = max(int(starts[j]), int(ops.rows[i]["start"]))
        ops.rows[i]["end"] = int(ends[j])
    # customer demand: distillers 24/7 at machine pace; ordinary customers on a China-daytime curve
    n_h = int(target * .45)
    n_r = target - n_h
    nwin = int((w.t1 - w.t0) // (10 * MIN))
    if not hard:
        t_h = np.sort(w.t0 + (rng.random(n_h) * (w.t1 - w.t0)).astype(np.int64))
    else:
        t_h = np.sort(w.sample_times(rng, np.full(n_h, 8.0), "human", .7))
    t_r = np.sort(w.sample_times(rng, np.full(n_r, 8.0), "evening", .9))
    ts = np.concatenate([t_h, t_r])
    is_h = np.concatenate([np.ones(n_h, bool), np.zeros(n_r, bool)])
    acc = active_assign(rng, ts, ops.arr("start"), ops.arr("end"))
    n_ev = len(ts)
    # harvest content
    hc = content_D_harvest(w, pl, rng, n_ev, hard, selfinst)
    pos = np.where(is_h, 0, rng.geometric(.4, n_ev) - 1)
    cc = chat_content(w, pl, rng, pos, {"chat": .5, "cn": .3, "code": .1, "arena_code": .05, "act_as": .05})
    rp = (~is_h) & (rng.random(n_ev) < .15)
    rp_sys = np.array([pl.sid(s.format(name=nm)) for s in T.D_RP_SYS for nm in T.RP_NAMES], np.int32)
    sys_ = np.where(is_h, hc["sys"], np.where(rp, rp_sys[rng.integers(0, len(rp_sys), n_ev)], -1))
    parts = {k: np.where(is_h, hc[k], cc[k] if k in cc else -1) for k in ("p0", "p1", "p2", "p3")}
    cap = np.where(is_h, hc["cap"], cc["cap"])
    out = np.where(is_h, hc["out"], cc["out"])
    model = w.pick_model(rng, ts, {M4: .5, M4PRO: .2, M4MINI: .2, M35: .1}, adopt=.4 if not hard else .35, tau_h=6 if not hard else 12, lag_h=.5)
    ends_e = ops.arr("end")[acc]
    err = ts >= ends_e - rng.uniform(0, 3, n_ev) * MIN
    if not hard:
        maxt = np.where(is_h, 8192, np.array([-1, 1024, 2048, 4096], np.int32)[rng.integers(0, 4, n_ev)])
        temp = np.where(is_h, 0.7, np.array([np.nan, 0.7, 1.0], np.float32)[rng.integers(0, 3, n_ev)])
    else:
        maxt = ops.arr("maxt")[acc]
        temp = np.full(n_ev, np.nan, np.float32)
    stt = np.where(err, ERROR, statuses(rng, n_ev, .008, .004, .01))
    out = np.where(err, 0, np.where(maxt > 0, np.minimum(out, np.where(maxt > 0, maxt, 1 << 30)), out))
    w.emit(ts=ts, acct=ops.arr("idx")[acc], ip=ops.ips(acc, ts, leak=0 if hard else .004), model=model, **parts, sys=sys_,
           ctx_tok=pos * 330 + np.where(cc["img"] & ~is_h, 1300, 0), out_tok=out, max_tok=maxt, temp=temp, n_turns=2 * pos + 1,
           img=cc["img"] & ~is_h, ua=ops.arr("ua")[acc], fp=ops.arr("fp")[acc], surface=ops.arr("surface")[acc], key=ops.arr("key")[acc],
           kind=np.where(is_h, HARVEST, RESOLD), camp=np.where(is_h, camp_num(w, camp), -1), cap=cap, status=stt)
    w.notes.setdefault("bans", {})[actor] = dict(accounts_total=int(k), concurrent=int(n_active), mean_life_days=float(mean_life / DAY))
    return ops


OPERATIONS = [("op_reasoning_harvest", op_reasoning, "DeepSeek-like: reasoning, CoT reconstruction, reward-model grading, sensitive rewrites"),
              ("op_agentic_multipath", op_agentic, "Moonshot-like: agentic/tool use/coding/data/computer-use/vision over several access pathways; later reasoning-trace reconstruction"),
              ("op_coding_swarm", op_coding, "MiniMax-like: agentic coding and tool orchestration at volume; fast pivot to the new model; ban waves answered with new accounts"),
              ("reseller_hydra", op_reseller, "proxy reseller hydra cluster: churning accounts mixing distillation customers with unrelated customers")]


def generate_ops(w, pl):
    rng = w.rng("campaign-ids", w.preset)
    ids = hexids(rng, len(OPERATIONS), 4, "camp_")
    for (name, fn, desc), cid in zip(OPERATIONS, ids):
        w.campaigns[str(cid)] = dict(operation=name, description=desc)
    hard = w.preset == "hard"
    for (name, fn, desc), cid in zip(OPERATIONS, ids):
        fn(w, pl, str(cid), hard)
