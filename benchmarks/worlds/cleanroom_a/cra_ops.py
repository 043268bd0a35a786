"""Distillation operations (ground-truth campaigns), in a `default` and a `hard` (evasive) form."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import cra_templates as T
import numpy as np
import polars as pl
from cra_net import STACK_FP, custom_fp
from cra_personas import EDU_DOMAINS, base_models, clients_mix, home_ips, pool_pick
from cra_util import DAY, HOUR, lognormal, obj, pick, render, render_multi, segment_cumsum, segments, wchoice
from cra_world import H_WORK, NEW_MODEL, W_WORK, World

PREFIXES = ["", "", "", "Hi, ", "Quick question: ", "Hey! ", "Please help me with this. ", "I'm studying this: ",
            "For a project I'm working on: ", "Could you help? ", "ok so "]
SUFFIXES = ["", "", "", " Thanks!", " Thank you.", " Please be thorough.", " Appreciate it.", " thx",
            " (no rush)", " Keep it clear please."]


def humanize(rng, s: pl.Series) -> pl.Series:
    """Hard preset: light paraphrase noise around a prompt (prefix, suffix, casing)."""
    n = len(s)
    pre = pl.Series("p", wchoice(rng, PREFIXES, n).tolist(), dtype=pl.String)
    suf = pl.Series("q", wchoice(rng, SUFFIXES, n).tolist(), dtype=pl.String)
    low = pl.Series("l", rng.random(n) < 0.12)
    df = pl.DataFrame({"s": s, "p": pre, "q": suf, "l": low})
    return df.select(pl.when(pl.col("l")).then(pl.concat_str(["p", "s", "q"]).str.to_lowercase())
                     .otherwise(pl.concat_str(["p", "s", "q"])).alias("x"))["x"]


def tpl_idx(rng, n, templates, hard, fixed=0):
    return rng.integers(0, len(templates), n) if hard else np.full(n, fixed)


@dataclass
class Kind:
    name: str
    w1: float                      # weight before the phase change
    w2: float                      # weight after it
    build: Callable                # (rng, n_jobs) -> (tasks df, idx, pos, L)
    cover: bool = False
    p_refuse: float = 0.003
    models: dict = field(default_factory=lambda: {"atlas-2": 1.0})


def single(W: World, task_fn, mean_len=1.0):
    def b(rng, nj):
        if mean_len > 1:
            L, idx, pos = W.expand(rng, nj, mean_len, 120)
        else:
            L, idx, pos = np.ones(nj, dtype=np.int64), np.arange(nj), np.zeros(nj, dtype=np.int64)
        df = task_fn(rng, len(idx))
        return df.with_columns(n_turns=pl.lit(1, dtype=pl.Int64)), idx, pos, L
    return b


def agentic(W: World, task_fn, sys_fn, tools_fn, mean_len, step_out=220, think_p=0.0):
    def b(rng, nj):
        tasks = task_fn(rng, nj)
        sys, tools = sys_fn(rng, nj), tools_fn(rng, nj)
        df, idx, pos, L = W.t_agent_session(rng, nj, mean_len, tasks, sys, tools, think_p=think_p, step_out=step_out)
        return df, idx, pos, L
    return b


def run_jobs(W: World, rng, j_acct, j_start, kinds: list[Kind], human: bool, phase_t=None, mean_len_h=None):
    """Turn jobs (account, start) into request rows; each job gets a kind by phase weights."""
    nj = len(j_acct)
    w1 = np.array([k.w1 for k in kinds], float)
    w2 = np.array([k.w2 for k in kinds], float)
    kind = rng.choice(len(kinds), nj, p=w1 / w1.sum())
    if phase_t is not None:
        late = j_start >= phase_t
        kind[late] = rng.choice(len(kinds), int(late.sum()), p=w2 / w2.sum())
    frames = []
    for k, spec in enumerate(kinds):
        sel = np.nonzero(kind == k)[0]
        if not len(sel):
            continue
        df, idx, pos, L = spec.build(rng, len(sel))
        out = df["out_vis"].to_numpy()
        nr = len(idx)
        if human:
            gaps = lognormal(rng, 40, 0.9, nr) + out / 55
        else:
            gaps = out / 85 + lognormal(rng, 1.0, 0.35, nr)
        t = j_start[sel][idx] + segment_cumsum(np.where(pos > 0, gaps, 0.0), L)
        mdl = base_models(rng, nr, spec.models)
        frames.append(df.with_columns(_a=pl.Series(j_acct[sel][idx]), _t=pl.Series(t), _k=pl.lit(k),
                                      _m=pl.Series(mdl.tolist(), dtype=pl.String),
                                      _cover=pl.lit(spec.cover), _pref=pl.lit(spec.p_refuse)))
    if not frames:
        return None
    out = pl.concat(frames, how="diagonal_relaxed")
    return out.filter((pl.col("_t") >= 0) & (pl.col("_t") < W.T))


def emit_op(W: World, rng, rows: pl.DataFrame, acc: dict, actor: str, campaign: str, *, ip_fn, adopt: tuple,
            p_rl: float, customer_actor: str | None = None):
    a = rows["_a"].to_numpy()
    t = rows["_t"].to_numpy()
    mdl = rows["_m"].to_numpy().astype(object)
    frac, tau = adopt
    sw = W.adopt_requests(rng, t, frac, tau)
    mdl[sw] = NEW_MODEL
    cover = rows["_cover"].to_numpy()
    camp = np.where(cover, None, campaign).astype(object)
    act = np.where(cover, customer_actor or f"{actor}:cover", actor).astype(object)
    tasks = rows.drop([c for c in rows.columns if c.startswith("_")])
    W.emit(t, acc["id"][a], actor=act, campaign=camp, ip_idx=ip_fn(a, t), model=mdl, tasks=tasks,
           org_id=acc["org"][a], api_key_id=acc["key"][a], user_agent=acc["ua"][a], fingerprint=acc["fp"][a],
           surface=acc["surface"][a], max_tokens=acc["mt"][a], temperature=acc["temp"][a], rng=rng,
           p_refuse=rows["_pref"].to_numpy(), p_rl=p_rl)


# ------------------------------------------------------------------------------------------
# identities
HARD_COUNTRIES = {"US": 40, "GB": 10, "CA": 8, "DE": 8, "SG": 8, "AU": 5, "NL": 4, "JP": 4, "FR": 4, "KR": 3,
                  "HK": 3, "IN": 3}


def hard_accounts(W: World, rng, n, actor, campaign, countries=None, created_lo=45):
    """Identities that copy legitimate customers: aged, one card each, one sticky home IP, popular SDKs."""
    cc = W.countries(rng, n, countries or HARD_COUNTRIES)
    tz = W.tz_of(rng, cc)
    tier = wchoice(rng, ["free", "pro", "team", "startup", "research", "edu"], n, [0.18, 0.42, 0.1, 0.12, 0.1, 0.08])
    verified = rng.random(n) < np.where(np.isin(tier, ["team", "startup", "research", "edu"]), 0.55, 0.18)
    email = W.personal_email(rng, cc)
    edu = tier == "edu"
    for i in np.nonzero(edu)[0]:
        email[i] = str(rng.choice(EDU_DOMAINS.get(cc[i], EDU_DOMAINS["US"])))
    co = np.isin(tier, ["team", "startup", "research"]) & (rng.random(n) < 0.7)
    email[co] = W.company_domain(rng, int(co.sum()))
    pay = np.full(n, None, dtype=object)
    paid = ~np.isin(tier, ["free", "edu"])
    pay[paid] = W.payments(int(paid.sum()))
    created = W.created_before(rng, n, created_lo, 900)
    home = home_ips(W, rng, cc, v6=0.15)
    org = W.orgs(n)
    _, ua, fp, mt, temp, surface = clients_mix(rng, n, {"py_sdk": 0.6, "node_sdk": 0.3, "py_raw": 0.1})
    temp = np.where(rng.random(n) < 0.3, 0.7, temp)
    key = W.keys(n, rng)[0]
    ids = W.add_accounts(n, actor, campaign, tier=tier, verified=verified, email=email, payment=pay, created=created,
                         signup_ip=home, org=org)
    return dict(id=ids, org=org, key=key, ua=ua, fp=fp, mt=mt, temp=temp, surface=surface, tz=tz, home=home,
                created=created, cc=cc)


def hard_jobs(W: World, rng, acc, per_acct_day, mean_len):
    """Daytime sessions in each identity's own timezone; jobs = sessions."""
    n = len(acc["id"])
    per_day_sess = per_acct_day / mean_len * np.clip(lognormal(rng, 1.0, 0.35, n), 0.4, 2.5)
    acct, start = W.sessions(rng, acc["tz"], per_day_sess, H_WORK, W_WORK * np.array([1, 1, 1, 1, 1, 2.0, 2.0]) / 1.0)
    return acct, start


# ------------------------------------------------------------------------------------------
def reasoning_kinds(W: World, hard: bool, sess_len: float) -> list[Kind]:
    C = W.C
    ml = sess_len if hard else 1.0

    def questions(r, k):
        u = r.random(k)
        q = C.sample(C.gsm_q, k, r)
        hm = np.nonzero(u > 0.6)[0]
        q = q.scatter(hm[: int(len(hm) * 0.6)], C.sample(C.hard_math, len(hm[: int(len(hm) * 0.6)]), r))
        rest = hm[int(len(hm) * 0.6):]
        return q.scatter(rest, C.sample(C.general, len(rest), r))

    def cot(r, k):
        p = render_multi(tpl_idx(r, k, T.COT_REASONING, hard), T.COT_REASONING, {"q": questions(r, k)})
        p = humanize(r, p) if hard else p
        return W._task(p, r, k, out_vis=lognormal(r, 420, 0.5, k).astype(np.int64), think=True)

    def judge(r, k):
        df = W.t_judge(r, k, variant=None if hard else 0)
        dl = np.nonzero(r.random(k) < 0.3)[0]  # distilabel-style rankers / complexity scorers
        if len(dl):
            kd = len(dl)
            sel = [0, 2]
            pd_ = render_multi(np.array(sel)[tpl_idx(r, kd, sel, hard)], T.DISTILABEL_STYLE,
                               {"instr": C.sample(C.general, kd, r), "q": C.sample(C.general, kd, r),
                                "resp": C.sample(C.responses, kd, r), "resp_b": C.sample(C.responses, kd, r),
                                "k": pl.Series(["2"] * kd)})
            df = df.with_columns(prompt=df["prompt"].scatter(dl, pd_))
        return df.with_columns(think=pl.lit(True), out_vis=pl.Series(lognormal(r, 260, 0.4, k).astype(np.int64)))

    def synth(r, k):
        mag = r.random(k) < 0.5
        seeds = {f"s{i}": C.sample(pl.concat([C.hard_math, C.seed_tasks]).rename("s"), k, r) for i in range(1, 7)}
        p = render_multi(tpl_idx(r, k, T.SELF_INSTRUCT, hard), T.SELF_INSTRUCT, seeds)
        pm = render_multi(tpl_idx(r, int(mag.sum()), T.MAGPIE_STYLE, hard), T.MAGPIE_STYLE,
                          {"topic": C.sample(C.topics, int(mag.sum()), r)})
        p = p.scatter(np.nonzero(mag)[0], pm)
        return W._task(p, r, k, out_vis=lognormal(r, 380, 0.5, k).astype(np.int64), think=True)

    def recon(r, k):
        i = r.integers(0, len(C.gsm_q), k)
        p = render_multi(tpl_idx(r, k, T.COT_RECONSTRUCT, hard), T.COT_RECONSTRUCT,
                         {"q": pick(C.gsm_q, i), "a": pick(C.gsm_a, i)})
        code = r.random(k) < 0.2
        if code.any():
            kc = int(code.sum())
            pc = render_multi(tpl_idx(r, kc, T.COT_RECONSTRUCT_CODE, hard), T.COT_RECONSTRUCT_CODE,
                              {"q": C.sample(C.code_instr, kc, r), "a": C.sample(C.responses, kc, r)})
            p = p.scatter(np.nonzero(code)[0], pc)
        p = humanize(r, p) if hard else p
        return W._task(p, r, k, out_vis=lognormal(r, 480, 0.45, k).astype(np.int64), think=True)

    def sensitive(r, k):
        q = pl.Series("q", wchoice(r, T.SENSITIVE_QUESTIONS, k).tolist(), dtype=pl.String)
        p = render_multi(tpl_idx(r, k, T.SENSITIVE_REWRITE, hard), T.SENSITIVE_REWRITE, {"q": q})
        p = humanize(r, p) if hard else p
        return W._task(p, r, k, out_vis=lognormal(r, 300, 0.4, k).astype(np.int64), think=True)

    def cover(r, k):
        return W.t_general(r, k)

    think = {"atlas-2-think": 0.9, "atlas-2": 0.1}
    return [Kind("cot", 0.33, 0.33, single(W, cot, ml), models=think),
            Kind("rubric", 0.25, 0.25, single(W, judge, ml), models=think),
            Kind("reconstruct", 0.24, 0.24, single(W, recon, ml), models=think),
            Kind("sensitive", 0.10, 0.10, single(W, sensitive, ml), p_refuse=0.14, models=think),
            Kind("synthesis", 0.05, 0.05, single(W, synth, ml), models=think),
            Kind("cover", 0.2 if hard else 0.03, 0.2 if hard else 0.03, single(W, cover, ml), cover=True,
                 models={"atlas-2": 0.6, "atlas-2-mini": 0.4})]


def op_reasoning_cot(W: World):
    actor = "op_reasoning_cot"
    rng = W.stream(actor)
    camp = W.campaign(actor)
    if W.hard:
        n = W.count(rng, 110, 170, 14)
        acc = hard_accounts(W, rng, n, actor, camp)
        acct, start = hard_jobs(W, rng, acc, 38.0, 12.0)
        rows = run_jobs(W, rng, acct, start, reasoning_kinds(W, True, 12.0), human=True)
        home = acc["home"]
        emit_op(W, rng, rows, acc, actor, camp, ip_fn=lambda a, t: home[a], adopt=(0.4, 36.0), p_rl=0.004)
        return
    n = W.count(rng, 40, 70, 8)
    created = rng.uniform(-12, 0.35 * W.days, n) * DAY
    created[: max(2, n // 3)] = rng.uniform(-12, -1, max(2, n // 3)) * DAY
    tier = wchoice(rng, ["research", "startup", "edu"], n, [0.4, 0.35, 0.25])
    doms = list(W.company_domain(rng, 3)) + ["proton.me"]
    email = wchoice(rng, doms, n)
    edu = tier == "edu"
    email[edu] = wchoice(rng, ["dongqiao.edu.cn", "srmu.edu.in", "uvalley.edu"], int(edu.sum()))
    pay = W.payments(n, rng.integers(0, max(2, n // 9), n)).astype(object)
    pay[edu] = None
    blocks = rng.choice(W.net.block_ids("hosting"), 3, replace=False)
    pool = np.concatenate([W.net.subnet_pool(int(b), int(rng.integers(12, 30))) for b in blocks])
    org = W.orgs(n)
    fp = custom_fp(rng)
    ua = f"python-httpx/0.27.{rng.integers(0, 3)}"
    acc = dict(id=None, org=org, key=W.keys(n, rng)[0], ua=np.full(n, ua, dtype=object), fp=np.full(n, fp, dtype=object),
               mt=np.full(n, 32768), temp=np.full(n, 0.6), surface=np.full(n, "api", dtype=object))
    acc["id"] = W.add_accounts(n, actor, camp, tier=tier, verified=rng.random(n) < 0.15, email=email, payment=pay,
                               created=created, signup_ip=pool[rng.integers(0, len(pool), n)], org=org)
    # one job queue, load-balanced round-robin over every live account, in near-simultaneous batches
    per_acct_day = float(lognormal(rng, 75, 0.15))
    V = per_acct_day * n
    nb = int(rng.poisson(V * W.days / 32))
    bt = np.sort(rng.uniform(0, W.T, nb))
    sizes = rng.integers(16, 49, nb)
    idx, pos = segments(sizes)
    t = bt[idx] + pos * 0.04 + rng.random(len(idx)) * 0.6
    order = np.argsort(created)
    cs = created[order]
    n_act = np.searchsorted(cs, t, side="right")
    ok = n_act > 0
    t = t[ok]
    r = np.arange(len(t))
    a = order[r % n_act[ok]]
    rows = run_jobs(W, rng, a, t, reasoning_kinds(W, False, 1.0), human=False)
    emit_op(W, rng, rows, acc, actor, camp, ip_fn=lambda a_, t_: pool[rng.integers(0, len(pool), len(a_))],
            adopt=(0.4, 36.0), p_rl=0.03)


# ------------------------------------------------------------------------------------------
def agentic_kinds(W: World, hard: bool, sess_len: float) -> list[Kind]:
    C = W.C
    ml = sess_len if hard else 1.0
    scaffold = ("You are an autonomous agent. Solve the user's task by calling the available tools. Think step by "
                "step about which tool to use next, call it, observe the result, and continue until the task is "
                "complete. Explain your reasoning before every tool call.\n\nTools (JSON): ")
    if hard:
        scaffold = ("You are a helpful assistant with access to tools. Use them when they help. Available tools: ")

    def tool_tasks(r, k):
        p = C.sample(pl.concat([pl.Series("s", T.AGENT_TASKS * 5, dtype=pl.String), C.tool_prompt,
                                C.sample(C.coding, 800, r)]).rename("s"), k, r)
        return humanize(r, p) if hard else p

    def tool_sys(r, k):
        return render(scaffold + "{x}", {"x": C.sample(C.tool_schema, k, r)})

    def tool_n(r, k):
        return r.integers(3, 14, k)

    def single_tool(r, k):
        i = r.integers(0, len(C.tool_prompt), k)
        p = pick(C.tool_prompt, i)
        p = humanize(r, p) if hard else p
        return W._task(p, r, k, system=render(scaffold + "{x}", {"x": pick(C.tool_schema, i)}), tools=C.tool_n[i],
                       out_vis=lognormal(r, 140, 0.6, k).astype(np.int64))

    def coding(r, k):
        q = C.sample(C.coding, k, r)
        evo = r.random(k) < 0.5
        if evo.any():
            ke = int(evo.sum())
            pe = render_multi(tpl_idx(r, ke, T.EVOL_INSTRUCT, hard, fixed=2), T.EVOL_INSTRUCT,
                              {"q": q.gather(np.nonzero(evo)[0]), "m": wchoice(r, T.EVOL_METHODS, ke)})
            q = q.scatter(np.nonzero(evo)[0], pe)
        q = humanize(r, q) if hard else q
        return W._task(q, r, k, out_vis=W.out_long(r, k, 1.6))

    def synth(r, k):
        seeds = {f"s{i}": C.sample(C.tool_prompt, k, r) for i in range(1, 7)}
        p = render_multi(tpl_idx(r, k, T.SELF_INSTRUCT, hard, fixed=1), T.SELF_INSTRUCT, seeds)
        mag = np.nonzero(r.random(k) < 0.4)[0]
        if len(mag):
            pm = render_multi(tpl_idx(r, len(mag), T.MAGPIE_STYLE, hard), T.MAGPIE_STYLE,
                              {"topic": C.sample(C.topics, len(mag), r)})
            p = p.scatter(mag, pm)
        ev = np.nonzero(r.random(k) < 0.25)[0]
        if len(ev):
            pe = render(T.DISTILABEL_STYLE[1], {"instr": C.sample(C.coding, len(ev), r)})
            p = p.scatter(ev, pe)
        return W._task(p, r, k, out_vis=lognormal(r, 420, 0.5, k).astype(np.int64))

    def data(r, k):
        tpls = ["{x}\n\n{q}\nShow your analysis step by step and include the code you would run."] + \
               (["{x}\n\n{q}", "{q}\n\n{x}", "I have this data:\n{x}\n{q}"] if hard else [])
        p = render_multi(r.integers(0, len(tpls), k), tpls, {"x": C.sample(C.csv_snippets, k, r),
                                                             "q": wchoice(r, T.DATA_QUESTIONS, k)})
        return W._task(p, r, k, out_vis=W.out_long(r, k, 1.4))

    def vision(r, k):
        return W.t_vision(r, k, T.VISION_HARVEST if not hard else T.VISION_HARVEST + T.VISION_PROMPTS)

    def cu_tasks(r, k):
        p = pl.Series("p", wchoice(r, T.COMPUTER_USE_TASKS, k).tolist(), dtype=pl.String)
        return humanize(r, p) if hard else p

    def computer_use(r, k):
        df, idx, pos, L = W.t_agent_session(r, k, 9, cu_tasks(r, k), T.COMPUTER_USE_SYSTEM, T.COMPUTER_USE_TOOLS,
                                            step_out=120)
        img = lognormal(r, 1100, 0.2, len(idx)).astype(np.int64)
        return df.with_columns(has_image=pl.lit(True), extra_in=df["extra_in"] + img), idx, pos, L

    def traj_recon(r, k):
        p = render_multi(tpl_idx(r, k, T.TRAJ_RECONSTRUCT, hard), T.TRAJ_RECONSTRUCT,
                         {"q": tool_tasks(r, k), "t1": C.sample(C.tool_results, k, r),
                          "t2": C.sample(C.tool_results, k, r)})
        return W._task(p, r, k, out_vis=lognormal(r, 600, 0.4, k).astype(np.int64), think=True)

    def code_recon(r, k):
        p = render_multi(tpl_idx(r, k, T.COT_RECONSTRUCT_CODE, hard), T.COT_RECONSTRUCT_CODE,
                         {"q": C.sample(C.code_instr, k, r), "a": C.sample(C.responses, k, r)})
        return W._task(p, r, k, out_vis=lognormal(r, 520, 0.4, k).astype(np.int64), think=True)

    std = {"atlas-2": 0.75, "atlas-2-think": 0.25}
    think = {"atlas-2-think": 0.85, "atlas-2": 0.15}
    agent_len = 7.0
    return [
        Kind("agent", 0.30, 0.14, agentic(W, tool_tasks, tool_sys, tool_n, agent_len, 220, 0.2), models=std),
        Kind("tool", 0.15, 0.07, single(W, single_tool, ml), models=std),
        Kind("coding", 0.15, 0.07, single(W, coding, ml), models=std),
        Kind("data", 0.08, 0.04, single(W, data, ml), models=std),
        Kind("synthesis", 0.05, 0.03, single(W, synth, ml), models=std),
        Kind("computer_use", 0.08, 0.04, computer_use, models={"atlas-2": 1.0}),
        Kind("vision", 0.10, 0.05, single(W, vision, ml), models={"atlas-2": 1.0}),
        Kind("traj_recon", 0.0, 0.34, single(W, traj_recon, ml), models=think),
        Kind("code_recon", 0.0, 0.16, single(W, code_recon, ml), models=think),
        Kind("cover", 0.2 if hard else 0.02, 0.2 if hard else 0.02, single(W, lambda r, k: W.t_general(r, k), ml),
             cover=True, models={"atlas-2": 0.5, "atlas-2-mini": 0.5}),
    ]


def op_agentic_harvest(W: World):
    actor = "op_agentic_harvest"
    rng = W.stream(actor)
    camp = W.campaign(actor)
    phase_t = 0.62 * W.T
    if W.hard:
        n = W.count(rng, 380, 560, 40)
        acc = hard_accounts(W, rng, n, actor, camp)
        acct, start = hard_jobs(W, rng, acc, 26.0, 6.0)
        rows = run_jobs(W, rng, acct, start, agentic_kinds(W, True, 6.0), human=True, phase_t=phase_t)
        home = acc["home"]
        emit_op(W, rng, rows, acc, actor, camp, ip_fn=lambda a, t: home[a], adopt=(0.35, 48.0), p_rl=0.004)
        return
    n = W.count(rng, 200, 340, 30)
    cohort = rng.choice(4, n, p=[0.3, 0.25, 0.25, 0.2])  # edu, research, startup, pro pathways
    tier = obj(["edu", "research", "startup", "pro"])[cohort]
    onboard = rng.uniform(-25, 0.3 * W.days, 4)
    created = (onboard[cohort] + rng.exponential(1.5, n)) * DAY
    email = np.empty(n, dtype=object)
    uni = ["hzdx.edu.cn", "nkd.edu.cn", "sjtv.edu.cn", "dongqiao.edu.cn", "uvalley.edu", "srmu.edu.in",
           "kitaura-u.ac.jp", "brookhampton.ac.uk"]
    email[cohort == 0] = wchoice(rng, uni, int((cohort == 0).sum()))
    email[cohort == 1] = wchoice(rng, ["gmail.com", "outlook.com", "163.com", "qq.com"], int((cohort == 1).sum()))
    email[cohort == 2] = wchoice(rng, list(W.company_domain(rng, 6)), int((cohort == 2).sum()))
    email[cohort == 3] = wchoice(rng, ["gmail.com", "outlook.com", "proton.me", "icloud.com"], int((cohort == 3).sum()))
    staff = rng.random(n) < 0.04  # request metadata matching the lab's own staff
    email[staff] = W.company_domain(rng)[0]
    verified = np.where(cohort == 0, True, rng.random(n) < 0.2)
    pay = W.payments(n, cohort * 10_000 + rng.integers(0, max(1, n // 48), n)).astype(object)
    pay[cohort == 0] = None
    # infrastructure per pathway: rotating residential proxies, two hosting pools, one cloud pool
    hostA = np.concatenate([W.net.subnet_pool(int(b), 24) for b in rng.choice(W.net.block_ids("hosting"), 2, replace=False)])
    hostB = np.concatenate([W.net.subnet_pool(int(b), 16) for b in rng.choice(W.net.block_ids("hosting"), 2, replace=False)])
    cloud = W.net.subnet_pool(int(rng.choice(W.net.block_ids("cloud", ["SG", "HK"]))), 8)
    proxy_cc = np.array(["CN", "HK", "SG", "US", "JP", "KR"], dtype=object)
    org = W.orgs(n)
    fp_h = custom_fp(rng)
    ua_c = obj(["python-requests/2.31.0", "OpenAI/Python 1.40.6", "OpenAI/JS 4.52.7", "Anthropic/Python 0.34.2"])
    fp = np.where(rng.random(n) < 0.8, fp_h, np.where(cohort == 2, STACK_FP["node20"], STACK_FP["python-openssl3.0"]))
    signup = np.where(cohort == 1, hostA[rng.integers(0, len(hostA), n)],
                      np.where(cohort == 2, cloud[rng.integers(0, len(cloud), n)], hostB[rng.integers(0, len(hostB), n)]))
    acc = dict(org=org, key=W.keys(n, rng)[0], ua=ua_c[cohort], fp=fp.astype(object),
               mt=np.where(cohort == 2, 16384, 8192), temp=np.full(n, 0.8), surface=np.full(n, "api", dtype=object))
    acc["id"] = W.add_accounts(n, actor, camp, tier=tier, verified=verified, email=email, payment=pay, created=created,
                               signup_ip=signup, org=org)
    # synchronized waves every 20 minutes; each live account picks up a job with probability q
    per_acct_day = float(lognormal(rng, 50, 0.15))
    mean_len = 0.30 * 7 + 0.08 * 9 + 0.62
    q = min(0.9, per_acct_day / 72.0 / mean_len)
    waves = np.arange(0, W.T, 1200.0) + rng.uniform(0, 5)
    alive = created[None, :] <= waves[:, None]
    hit = (rng.random(alive.shape) < q) & alive
    wi, ai = np.nonzero(hit)
    start = waves[wi] + rng.uniform(0, 8, len(wi))
    rows = run_jobs(W, rng, ai, start, agentic_kinds(W, False, 1.0), human=False, phase_t=phase_t)

    def ip_fn(a, t):
        c = cohort[a]
        out = np.empty(len(a), dtype=np.int64)
        m0 = c == 0
        out[m0] = W.net.new_ips(W.net.blocks_for_countries("resid", proxy_cc[rng.integers(0, len(proxy_cc), int(m0.sum()))]))
        m1 = c == 1
        out[m1] = hostA[rng.integers(0, len(hostA), int(m1.sum()))]
        m2 = c == 2
        out[m2] = cloud[rng.integers(0, len(cloud), int(m2.sum()))]
        m3 = c == 3
        out[m3] = hostB[rng.integers(0, len(hostB), int(m3.sum()))]
        return out

    emit_op(W, rng, rows, acc, actor, camp, ip_fn=ip_fn, adopt=(0.35, 48.0), p_rl=0.025)


# ------------------------------------------------------------------------------------------
def hydra_kinds(W: World, hard: bool, sess_len: float, agents_ua=None) -> list[Kind]:
    C = W.C
    ml = sess_len if hard else 1.0
    pub = [0, 1]  # public coding agents whose system prompts and tool schemas the harvest reuses
    sys_all = pl.Series("s", [T.CODING_AGENTS[i][1] for i in pub] + [T.ORCHESTRATOR_SYSTEM], dtype=pl.String)
    tools_all = np.array([T.CODING_AGENTS[i][2] for i in pub] + [T.ORCHESTRATOR_TOOLS])

    def agent_tasks(r, k):
        p = C.sample(pl.concat([pl.Series("s", T.AGENT_TASKS * 4, dtype=pl.String), C.coding]).rename("s"), k, r)
        evo = r.random(k) < 0.35
        if evo.any():
            ke = int(evo.sum())
            pe = render_multi(tpl_idx(r, ke, T.EVOL_INSTRUCT, hard, fixed=2), T.EVOL_INSTRUCT,
                              {"q": p.gather(np.nonzero(evo)[0]), "m": wchoice(r, T.EVOL_METHODS, ke)})
            p = p.scatter(np.nonzero(evo)[0], pe)
        return humanize(r, p) if hard else p

    def orch_tasks(r, k):
        p = pl.Series("p", wchoice(r, T.ORCHESTRATOR_TASKS, k).tolist(), dtype=pl.String)
        return humanize(r, p) if hard else p

    def coding(r, k):
        q = C.sample(C.coding, k, r)
        ke = k
        q = render_multi(tpl_idx(r, ke, T.EVOL_INSTRUCT, hard, fixed=2), T.EVOL_INSTRUCT,
                         {"q": q, "m": wchoice(r, T.EVOL_METHODS, ke)}) if not hard else humanize(r, q)
        return W._task(q, r, k, out_vis=W.out_long(r, k, 1.6))

    def pick_agent(which):
        return (lambda r, k: sys_all.gather(np.full(k, which))), (lambda r, k: np.full(k, tools_all[which]))

    s0, t0 = pick_agent(0)
    s1, t1 = pick_agent(1)
    s2, t2 = pick_agent(2)
    std = {"atlas-2": 0.8, "atlas-2-think": 0.2}
    return [
        Kind("agent_forge", 0.34, 0.34, agentic(W, agent_tasks, s0, t0, 14, 200, 0.1), models=std),
        Kind("agent_pilot", 0.26, 0.26, agentic(W, agent_tasks, s1, t1, 14, 200, 0.1), models=std),
        Kind("orchestrate", 0.25, 0.25, agentic(W, orch_tasks, s2, t2, 10, 260, 0.2), models=std),
        Kind("coding", 0.15, 0.15, single(W, coding, ml), models=std),
    ]


def customer_mix(W: World, rng, n):
    from cra_personas import aggregator_mix
    df, _ = aggregator_mix(W, rng, n)
    return df


def reseller_hydra(W: World):
    actor = "reseller_hydra"
    rng = W.stream(actor)
    camp = W.campaign(actor)
    hard = W.hard
    P = W.count(rng, 100, 160, 16) if hard else W.count(rng, 60, 100, 12)
    # slots of the pool; an account lives until it is banned, then a replacement takes the slot
    mean_life = max(0.3 * W.days, 1.0) * DAY * (1.4 if hard else 1.0)
    slot, t_on, t_off, gen = [], [], [], []
    cur = -rng.uniform(0, 2 * DAY, P)
    g = np.zeros(P, dtype=np.int64)
    for _ in range(60):  # generations (loop over ban rounds, not events)
        live = cur < W.T
        if not live.any():
            break
        life = np.maximum(rng.exponential(mean_life, P), 6 * HOUR)
        idx = np.nonzero(live)[0]
        slot.append(idx)
        t_on.append(cur[idx])
        t_off.append(np.minimum(cur[idx] + life[idx], W.T))
        gen.append(g[idx])
        cur = cur + life + lognormal(rng, 2 * HOUR, 0.8, P)
        g = g + 1
    slot, t_on, t_off, gen = map(np.concatenate, (slot, t_on, t_off, gen))
    n = len(slot)
    if hard:
        acc = hard_accounts(W, rng, n, actor, camp, created_lo=60)  # replacements are bought, aged accounts
        home = acc["home"]
        ip_fn = lambda a, t: home[a]  # noqa: E731
        surface = acc["surface"]
    else:
        created = np.where(gen == 0, t_on - rng.uniform(0.5, 10, n) * DAY, t_on - lognormal(rng, 1.5 * HOUR, 0.6, n))
        tier = wchoice(rng, ["free", "pro", "startup"], n, [0.35, 0.45, 0.2])
        email = wchoice(rng, ["gmail.com", "outlook.com", "hotmail.com", "proton.me", "mail.ru", "163.com"], n)
        # cards are reused by the replacement accounts of a slot and across neighbouring slots
        pay = W.payments(n, slot // 8).astype(object)
        pay[tier == "free"] = None
        surface = np.where(rng.random(n) < 0.35, "cloud", "api").astype(object)
        cloud_pools = [W.net.subnet_pool(int(b), 10) for b in rng.choice(W.net.block_ids("cloud"), 4, replace=False)]
        cp = rng.integers(0, 4, n)
        fp = custom_fp(rng)
        org = W.orgs(n)
        proxy_cc = np.array(["US", "US", "GB", "DE", "SG", "JP", "BR", "IN", "CN", "HK", "KR", "FR"], dtype=object)
        signup = W.net.new_ips(W.net.blocks_for_countries("resid", proxy_cc[rng.integers(0, len(proxy_cc), n)]))
        acc = dict(org=org, key=W.keys(n, rng)[0], ua=np.full(n, "Go-http-client/2.0", dtype=object),
                   fp=np.full(n, fp, dtype=object), mt=np.full(n, 16384), temp=np.full(n, 0.7), surface=surface)
        acc["id"] = W.add_accounts(n, actor, camp, tier=tier, verified=rng.random(n) < 0.05, email=email, payment=pay,
                                   created=created, signup_ip=signup, org=org)

        def ip_fn(a, t):
            out = np.empty(len(a), dtype=np.int64)
            cl = surface[a] == "cloud"
            out[cl] = pool_pick(rng, cloud_pools, cp[a[cl]])
            k = int((~cl).sum())
            out[~cl] = W.net.new_ips(W.net.blocks_for_countries("resid", proxy_cc[rng.integers(0, len(proxy_cc), k)]),
                                     v6_frac=0.1)
            return out

    # harvest jobs
    per_acct_day = float(lognormal(rng, 60 if hard else 90, 0.15))
    if hard:
        acct, start = hard_jobs(W, rng, acc, per_acct_day, 12.0)
        keep = (start >= t_on[acct]) & (start < t_off[acct])
        acct, start = acct[keep], start[keep]
    else:
        jobs_per_day = per_acct_day / 11.5
        dur = np.clip(t_off - np.maximum(t_on, 0), 0, None)
        k = rng.poisson(jobs_per_day * dur / DAY)
        acct = np.repeat(np.arange(n), k)
        start = np.maximum(t_on, 0)[acct] + rng.random(len(acct)) * dur[acct]
    kinds = hydra_kinds(W, hard, 12.0)
    rows = run_jobs(W, rng, acct, start, kinds, human=hard)
    # requests after the ban are dropped (the account is gone)
    a_r = rows["_a"].to_numpy()
    rows = rows.filter(pl.Series(rows["_t"].to_numpy() < t_off[a_r]))
    emit_op(W, rng, rows, acc, actor, camp, ip_fn=ip_fn, adopt=(0.5, 8.0), p_rl=0.004 if hard else 0.02)
    # unrelated customers' traffic forwarded through the same accounts
    cust_day = per_acct_day * P * 0.55
    prof = int(rng.integers(0, W.C.sg_profiles.shape[0]))
    _, tc = W.profile_arrivals(rng, [cust_day], [prof], [0])
    # each customer request goes to a random slot, served by whichever account holds that slot then
    key = slot * 1e8 + (t_on + 1e7)
    order = np.argsort(key)
    s_req = rng.integers(0, P, len(tc))
    cand = np.searchsorted(key[order], s_req * 1e8 + (tc + 1e7), side="right") - 1
    ok = cand >= 0
    ac = order[np.clip(cand, 0, None)]
    ok &= (slot[ac] == s_req) & (t_on[ac] <= tc) & (tc < t_off[ac])
    tc, ac = tc[ok], ac[ok]
    tasks = customer_mix(W, rng, len(tc))
    mdl = base_models(rng, len(tc), {"atlas-2": 0.5, "atlas-2-mini": 0.3, "atlas-2-think": 0.2})
    rows_c = tasks.with_columns(_a=pl.Series(ac), _t=pl.Series(tc), _m=pl.Series(mdl.tolist(), dtype=pl.String),
                                _cover=pl.lit(True), _pref=pl.lit(0.004), _k=pl.lit(-1))
    emit_op(W, rng, rows_c, acc, actor, camp, ip_fn=ip_fn, adopt=(0.3, 20.0), p_rl=0.004 if hard else 0.02,
            customer_actor=f"{actor}:customer")


OPS = [op_reasoning_cot, op_agentic_harvest, reseller_hydra]
