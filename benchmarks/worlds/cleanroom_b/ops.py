"""Distillation operations: a reasoning/CoT harvest, a multi-pathway agentic harvest and a reseller hydra.

Each operation is built from the same engine: accounts (identity, network, client), a schedule of
jobs (machine lockstep in `default`, human-like sessions in `hard`), harvest families that turn jobs
into request steps, and, in `hard`, ordinary-looking cover traffic.
"""
from __future__ import annotations

import infra
import numpy as np
import polars as pl
import text as T
from build import (
    agent_env,
    cloud_pool,
    consumer_geo,
    created_aged,
    csv_blocks,
    fabricated_response,
    humanize,
    ips_for,
    keys,
    mix,
    out_tokens_chat,
    pick_keys,
    tool_results,
)
from common import (
    DAY,
    HOUR,
    NEW_MODEL,
    World,
    accounts_frame,
    assign_models,
    clip_output,
    est_tokens,
    expand,
    frame,
    gather,
    group_cumsum,
    hex_ids,
    local_weight,
    lognorm,
    pick,
    profile_times,
    reasoning_tokens,
    render,
    seq_times,
    sstr,
    strlen,
)

RARE_TLS = {  # harness stacks that few legitimate clients share
    "alpine_py": infra.ja4("python-openssl1.1.1w-alpine-musl", 18, 11),
    "go_utls": infra.ja4("go-utls-randomized-chrome-parrot", 15, 15),
    "node16": infra.ja4("node16-openssl1.1", 16, 12),
    "curl_imp": infra.ja4("curl-impersonate-chrome116", 15, 16),
}

API_RESULTS = [
    "Function <<tool>> returned: {\"status\": \"ok\", \"count\": <<n>>, \"next_page\": null}",
    "<<tool>> -> {\"results\": [{\"id\": <<n>>, \"score\": 0.<<n2>>}], \"took_ms\": <<n2>>}",
    "Error from <<tool>>: 429 Too Many Requests (retry after <<n>>s)",
    "<<tool>> output: {\"temperature\": <<n>>, \"unit\": \"C\", \"source\": \"station-<<n2>>\"}",
    "Observation: <<tool>> returned <<n>> records; first record: {\"name\": \"item-<<n2>>\", \"available\": true}",
]
PY_OUTPUTS = [
    "Out[<<n>>]:\n   region  revenue  growth\n0   north   <<n2>>    0.12\n1   south   <<n>>    -0.03",
    "Out[<<n>>]: (<<n2>>, 4)", "Out[<<n>>]:\ncount    <<n2>>.0\nmean       <<n>>.4\nstd         3.1",
    "ValueError: could not convert string to float: 'n/a'", "Out[<<n>>]: slope=<<n>>.27, intercept=<<n2>>.9, r2=0.91",
]


def _hard(world):
    return world.preset == "hard"


# ======================================================================================
# accounts
# ======================================================================================

def _new_accounts(world, rng, n, *, tiers, tier_p, created, act_a, act_b, cell, email, pay, verified):
    A = {
        "n": n, "acct": hex_ids(rng, n, "acct_", 9), "org": hex_ids(rng, n, "org_", 8),
        "tier": pick(rng, tiers, n, tier_p), "created": np.asarray(created, float), "act_a": np.asarray(act_a, float),
        "act_b": np.asarray(act_b, float), "cell": np.asarray(cell, int), "email": np.asarray(email, dtype=object),
        "pay": np.asarray(pay, dtype=object), "verified": np.asarray(verified, bool), "vol": lognorm(rng, 1.0, 0.35, n),
    }
    A["pay"] = np.where(np.isin(A["tier"], ["free", "edu", "research"]) & (rng.random(n) < 0.85), None, A["pay"])
    return A


def _network_default(world, rng, A, pools: list[tuple[str, int]], mode_by_cell: dict):
    """Default preset: cells share datacenter egress pools or rotate through residential proxies."""
    n = A["n"]
    pool_ips, pool_asn, pool_cc, off, size = [], [], [], [], []
    o = 0
    for kind, k in pools:
        if kind == "dc":
            ent = rng.choice(len(infra.CLOUD), size=int(rng.integers(1, 3)), replace=False)
            idx = ent[rng.integers(0, len(ent), size=k)]
            ips, asn, cc = cloud_pool(rng, idx, k)
        else:  # vpn-like hosting ranges
            vi = rng.integers(0, len(infra.VPN), size=k)
            ips = infra.ipv4(rng, [f"{infra.VPN[i][0]}-{infra.VPN[i][1]}" for i in vi], n_prefix=2)
            asn = np.array([infra.VPN[i][0] for i in vi])
            cc = np.array([infra.VPN[i][1] for i in vi], dtype=object)
        pool_ips.append(ips)
        pool_asn.append(asn)
        pool_cc.append(cc)
        off.append(o)
        size.append(k)
        o += k
    A["pool_ips"] = pl.concat(pool_ips)
    A["pool_asn"] = np.concatenate(pool_asn)
    A["pool_cc"] = np.concatenate(pool_cc)
    A["pool_off"] = np.array(off)[A["cell"] % len(pools)]
    A["pool_size"] = np.array(size)[A["cell"] % len(pools)]
    A["net"] = np.array([mode_by_cell.get(c, 0) for c in A["cell"]])  # 0 pool, 1 rotating residential
    A["tz"] = np.full(n, 8.0)
    A["signup_ip"] = A["pool_ips"].gather(pl.Series(A["pool_off"] + rng.integers(0, 10 ** 6, size=n) % A["pool_size"]))


def _network_sticky(world, rng, A, countries=None):
    """Hard preset: one residential exit per account, in a country matching the account's timezone."""
    n = A["n"]
    ent = [e for e in infra.RESIDENTIAL if countries is None or e[1] in countries]
    w = np.array([e[3] for e in ent], float)
    i = rng.choice(len(ent), size=n, p=w / w.sum())
    A["s_asn"] = np.array([e[0] for e in ent])[i]
    A["s_cc"] = np.array([e[1] for e in ent], dtype=object)[i]
    A["tz"] = np.array([e[2] for e in ent], float)[i]
    A["s_ip"] = ips_for(rng, A["s_asn"], A["s_cc"], 0.1)
    A["net"] = np.full(n, 2)
    A["signup_ip"] = A["s_ip"]


def _clients(world, rng, A, harness: dict | None):
    """harness: {cell: (ua, tls_key)} in default; None -> popular SDKs per account (hard)."""
    n = A["n"]
    if harness is None:
        fam, ua, fp = infra.pick_clients(rng, n)
        A["fam"], A["ua"], A["fp"] = fam, ua, fp
        A["max_tokens"] = infra.sdk_max_tokens(rng, fam)
        A["temp"] = pick(rng, [np.nan, np.nan, np.nan, 0.7, 1.0, 0.5], n).astype(float)
    else:
        A["fam"] = np.full(n, "harness", dtype=object)
        A["ua"] = np.array([harness[c % len(harness)][0] for c in A["cell"]], dtype=object)
        A["fp"] = np.array([RARE_TLS.get(harness[c % len(harness)][1], infra.TLS.get(harness[c % len(harness)][1]))
                            for c in A["cell"]], dtype=object)
        A["max_tokens"] = np.full(n, np.nan)
        A["temp"] = np.full(n, np.nan)
    A["kids"], A["koff"], A["kcnt"] = keys(rng, n, 3, 0.25 if harness is None else 0.6)
    A["tpl"] = rng.integers(0, 1000, size=n)


def _event_net(rng, A, a):
    """IP, ASN and country of each event given its account."""
    E = len(a)
    net = A["net"][a]
    out_ip = pl.Series([None] * E, dtype=pl.String)
    asn = np.zeros(E, np.int64)
    cc = np.empty(E, dtype=object)
    if "pool_ips" in A:
        pi = A["pool_off"][a] + rng.integers(0, 10 ** 9, size=E) % A["pool_size"][a]
        p_ip = A["pool_ips"].gather(pl.Series(pi))
        rasn, rcc, _ = consumer_geo(rng, E, exclude=("CN",))
        r_ip = ips_for(rng, rasn, rcc)
        out_ip = pl.DataFrame({"m": net == 1, "r": r_ip, "p": p_ip}).select(pl.when("m").then("r").otherwise("p"))["r"]
        asn = np.where(net == 1, rasn, A["pool_asn"][pi])
        cc = np.where(net == 1, rcc, A["pool_cc"][pi])
    if "s_ip" in A:
        s_ip = A["s_ip"].gather(pl.Series(a))
        out_ip = pl.DataFrame({"m": net == 2, "s": s_ip, "o": out_ip}).select(pl.when("m").then("s").otherwise("o"))["s"]
        asn = np.where(net == 2, A["s_asn"][a], asn)
        cc = np.where(net == 2, A["s_cc"][a], cc)
    return out_ip, asn, cc


# ======================================================================================
# schedules
# ======================================================================================

def schedule_lockstep(world, rng, A, n_jobs, profile="flat", tz=8.0, period=None, batch_frac=0.15):
    """Machine dispatcher: waves of jobs fired on a shared tick grid across many accounts at once
    (each wave holds about batch_frac of the accounts), so accounts run interleaved and in lockstep."""
    if period is None:
        probe = np.arange(0.0, world.T, 600.0)
        mean_w = float(local_weight(world, probe, np.full(len(probe), tz), profile).mean())
        n_eff = float(np.clip(A["act_b"] - A["act_a"], 0, None).sum() / world.T)  # accounts alive on average
        batch = max(3.0, batch_frac * n_eff)
        period = float(np.clip(world.T * mean_w * batch / max(n_jobs, 1.0), 2.0, 3600.0))
    grid = np.arange(0.0, world.T, period) + rng.uniform(0, period)
    w = local_weight(world, grid, np.full(len(grid), tz), profile)
    W = np.concatenate([[0.0], np.cumsum(w)])
    ia = np.searchsorted(grid, A["act_a"])
    ib = np.searchsorted(grid, A["act_b"])
    wa = W[ia]
    wi = np.maximum(W[ib] - wa, 0) * A["vol"]
    nj = rng.poisson(n_jobs * wi / max(wi.sum(), 1e-9))
    u_acc = np.repeat(np.arange(A["n"]), nj)
    u = wa[u_acc] + rng.random(len(u_acc)) * (wi[u_acc] / A["vol"][u_acc])
    k = np.clip(np.searchsorted(W, u) - 1, 0, len(grid) - 1)
    u_t = grid[k] + rng.exponential(0.35, size=len(u_acc))
    return u_acc, u_t, np.ones(len(u_acc), int)


def schedule_human(world, rng, A, n_jobs, jobs_per_session=4.0, profile="daytime"):
    """Human-like sessions in each account's local daytime, several jobs per session."""
    span = np.maximum(A["act_b"] - A["act_a"], 0)
    wi = span * A["vol"]
    ns = rng.poisson(n_jobs / jobs_per_session * wi / max(wi.sum(), 1e-9))
    u_acc = np.repeat(np.arange(A["n"]), ns)
    u_t = profile_times(rng, world, len(u_acc), A["tz"][u_acc], profile, A["act_a"][u_acc], A["act_b"][u_acc])
    u_nj = 1 + rng.poisson(jobs_per_session - 1, size=len(u_acc))
    return u_acc, u_t, u_nj


# ======================================================================================
# harvest families: job -> request steps
# ======================================================================================

class Steps:
    """Per-step context handed to a family builder."""

    def __init__(self, world, rng, a, pos, L, job, t, hard, A):
        self.world, self.rng, self.a, self.pos, self.L, self.job, self.t, self.hard, self.A = world, rng, a, pos, L, job, t, hard, A
        self.n = len(a)


def _tpl_choice(S: Steps, canonical: list, para: list | None, hard_canon_p=0.25):
    """Default: each account sticks to one canonical template; hard: paraphrases with occasional canonical."""
    rng = S.rng
    ncan = len(canonical)
    acct_pref = S.A["tpl"][S.a] % ncan
    if not S.hard or not para:
        return canonical, acct_pref
    allt = canonical + para
    use_can = rng.random(S.n) < hard_canon_p
    pi = ncan + (S.A["tpl"][S.a] + rng.integers(0, 2, size=S.n) * rng.integers(0, len(para), size=S.n)) % len(para)
    return allt, np.where(use_can, acct_pref, pi)


def _job_items(S: Steps, pool_len: int, salt: int = 0):
    """One content item per job (all steps of a job share it)."""
    r = np.random.default_rng([S.world.seed, salt, int(S.job.max()) if S.n else 0])
    per_job = r.integers(0, pool_len, size=int(S.job.max()) + 1 if S.n else 0)
    return per_job[S.job]


def _reason_pool(corp):
    g = corp.gsm.select(pl.col("q").alias("text"), "answer")
    h = corp.hard.select("text", pl.lit(None, dtype=pl.String).alias("answer"))
    w = corp.wizard.filter(pl.col("skill").is_in(["Math", "Reasoning", "Physics", "Chemistry"])).select(
        "text", pl.lit(None, dtype=pl.String).alias("answer"))
    ge = corp.general.select("text", pl.lit(None, dtype=pl.String).alias("answer")).sample(fraction=0.5, seed=3)
    return pl.concat([g, g, h, h, w, ge])


def fam_cot_solve(S: Steps, corp):
    pool = _reason_pool(corp)
    q = gather(pool["text"], _job_items(S, pool.height, 11))
    tpls, ti = _tpl_choice(S, T.COT_SOLVE, T.PARAPHRASE["cot_solve"])
    prompt = render(tpls, ti, {"q": q})
    return dict(prompt=prompt, cls="think", out=lognorm(S.rng, 520, 0.5, S.n, 60, 6000))


def fam_grading(S: Steps, corp):
    rng = S.rng
    n = S.n
    gi = _job_items(S, corp.gsm.height, 12)
    use_g = rng.random(n) < 0.4
    gq = gather(corp.gsm["q"], gi)
    other, _, _ = mix(rng, n, [(corp.general, 0.5), (corp.hard, 0.3), (corp.code.select("text"), 0.2)])
    instr = pl.DataFrame({"m": use_g, "g": gq, "o": other}).select(pl.when("m").then("g").otherwise("o"))["g"]
    resp = pl.DataFrame({"m": use_g, "a": fabricated_response(rng, gq, gather(corp.gsm["answer"], gi), n, 0.45),
                         "b": fabricated_response(rng, instr, None, n)}).select(pl.when("m").then("a").otherwise("b"))["a"]
    ref = pl.DataFrame({"m": use_g, "a": "The correct answer is " + gather(corp.gsm["answer"], gi),
                        "b": pl.Series(["A correct, complete and well-reasoned answer."] * n)}).select(
        pl.when("m").then("a").otherwise("b"))["a"]
    canon = T.JUDGE_ABSOLUTE + T.JUDGE_PAIRWISE + T.JUDGE_SINGLE + T.JUDGE_ULTRAFEEDBACK + [T.DISTILABEL[3]]
    tpls, ti = _tpl_choice(S, canon, T.PARAPHRASE["grading"], 0.5)
    if not S.hard:  # a reward-model pipeline rotates over the graders it uses
        ti = (S.A["tpl"][S.a] + rng.integers(0, 3, size=n)) % len(canon)
    prompt = render(tpls, ti, {"instruction": instr, "response": resp, "response_b": fabricated_response(rng, instr, None, n),
                               "reference": ref, "rubric": pick(rng, T.RUBRICS, n), "q": instr})
    return dict(prompt=prompt, cls="grade", out=lognorm(rng, 330, 0.45, n, 20, 3000))


def fam_cot_reconstruct(S: Steps, corp):
    rng = S.rng
    n = S.n
    gi = _job_items(S, corp.gsm.height, 13)
    use_g = rng.random(n) < 0.7
    gq = gather(corp.gsm["q"], gi)
    other, _, _ = mix(rng, n, [(corp.hard, 0.5), (corp.general, 0.3), (corp.code.select("text"), 0.2)])
    q = pl.DataFrame({"m": use_g, "g": gq, "o": other}).select(pl.when("m").then("g").otherwise("o"))["g"]
    ans = pl.DataFrame({"m": use_g, "a": gather(corp.gsm["answer"], gi), "b": fabricated_response(rng, other, None, n)}).select(
        pl.when("m").then("a").otherwise("b"))["a"]
    tpls, ti = _tpl_choice(S, T.COT_RECONSTRUCT, T.PARAPHRASE["cot_reconstruct"])
    prompt = render(tpls, ti, {"q": q, "answer": ans, "response": ans})
    return dict(prompt=prompt, cls="think", out=lognorm(rng, 480, 0.45, n, 60, 5000))


def fam_sensitive(S: Steps, corp):
    rng = S.rng
    n = S.n
    topic = pick(rng, T.SENSITIVE_TOPICS, n)
    frame_i = rng.integers(0, len(T.SENSITIVE_FRAMES), size=n)
    q = render(T.SENSITIVE_FRAMES, frame_i, {"t": topic})
    tpls, ti = _tpl_choice(S, T.SENSITIVE_REWRITE, T.PARAPHRASE["sensitive"])
    prompt = render(tpls, ti, {"q": q})
    return dict(prompt=prompt, cls="pro", out=lognorm(rng, 420, 0.5, n, 30, 3000), refuse_p=0.2)


def fam_evol(S: Steps, corp, pool=None):
    rng = S.rng
    n = S.n
    if pool is None:
        pool = _reason_pool(corp)["text"]
    q = gather(pool, _job_items(S, len(pool), 14))
    tpls, ti = _tpl_choice(S, T.EVOL_INSTRUCT, T.PARAPHRASE["evol"])
    return dict(prompt=render(tpls, ti, {"q": q}), cls="pro", out=lognorm(rng, 90, 0.5, n, 10, 800))


def fam_synth(S: Steps, corp):
    """Self-instruct, Magpie-style and distilabel-style generation requests."""
    rng = S.rng
    n = S.n
    seeds = corp.seed_tasks
    s1, s2, s3 = (gather(seeds, rng.integers(0, len(seeds), size=n)) for _ in range(3))
    q, _, _ = mix(rng, n, [(corp.general, 0.6), (corp.code.select("text"), 0.4)])
    canon = T.SELF_INSTRUCT + T.MAGPIE + T.DISTILABEL
    tpls, ti = _tpl_choice(S, canon, T.PARAPHRASE["self_instruct"] + T.PARAPHRASE["evol"])
    if not S.hard:
        ti = rng.integers(0, len(canon), size=n)
    prompt = render(tpls, ti, {"seed1": s1, "seed2": s2, "seed3": s3, "q": q, "topic": pick(rng, T.MAGPIE_TOPICS, n),
                               "response": fabricated_response(rng, q, None, n)})
    return dict(prompt=prompt, cls="pro", out=lognorm(rng, 380, 0.5, n, 20, 3000))


def _agent_steps(S: Steps, first: pl.Series, later: pl.Series):
    return pl.DataFrame({"m": S.pos == 0, "f": first, "l": later}).select(pl.when("m").then("f").otherwise("l"))["f"]


def _api_results(rng, n, names):
    slots = {"tool": names, "n": rng.integers(1, 500, size=n).astype(str).astype(object),
             "n2": rng.integers(10, 999, size=n).astype(str).astype(object)}
    return render(API_RESULTS, rng.integers(0, len(API_RESULTS), size=n), slots)


def fam_tool_agent(S: Steps, corp):
    rng = S.rng
    n = S.n
    ti_ = _job_items(S, corp.tools.height, 21)
    task = gather(corp.tools["text"], ti_)
    ntool = corp.tools["n_tools"].to_numpy()[ti_] + 2 + (S.A["tpl"][S.a] % 5)
    names = pick(rng, corp.tool_names, n)
    tools_str = infra.cat([pl.Series(names), pl.Series(pick(rng, corp.tool_names, n)), pl.Series(["web_search"] * n)], ", ")
    tpls, tix = _tpl_choice(S, T.AGENT_TASK_WRAP, T.PARAPHRASE["agent_task"])
    first = render(tpls, tix, {"q": task, "tools": tools_str})
    prompt = _agent_steps(S, first, _api_results(rng, n, names))
    sysp = _agent_system(S, 0)
    return dict(prompt=prompt, cls="agent", system=sysp, tools=ntool, out=corp.sample(rng, corp.moon_out, n, 0.3) * 0.8,
                tool_tok=lognorm(rng, 350, 0.8, n, 10, 8000))


def _agent_system(S: Steps, k: int, coding=False):
    n = S.n
    if not S.hard:
        return pl.Series([T.AGENT_HARNESS_SYSTEM[k]] * n)
    rng = S.rng
    # hard: borrow popular products' prompts or generic ones, as legitimate users do
    if coding:
        ag = S.A["tpl"][S.a] % len(T.CODING_AGENTS)
        base = pl.Series([A_["system"] for A_ in T.CODING_AGENTS]).gather(pl.Series(ag))
        env = agent_env(rng, S.world, n, S.t)
        return infra.cat([base, env])
    return sstr(np.where(rng.random(n) < 0.4, pick(rng, T.SIMPLE_SYSTEM_PROMPTS, n), None))


def fam_code_agent(S: Steps, corp, system_k=1, wraps=None, hydra=False):
    rng = S.rng
    n = S.n
    ci = _job_items(S, corp.code.height, 22 + system_k)
    q = gather(corp.code["q"], ci)
    inp = gather(corp.code["input"], ci)
    if hydra:
        tpls, tix = _tpl_choice(S, T.HYDRA_TASK_WRAP, T.PARAPHRASE["code_task"])
    else:
        tpls, tix = _tpl_choice(S, T.CODE_TASK_WRAP, T.PARAPHRASE["code_task"])
    first = render(tpls, tix, {"q": q, "input": inp, "n": (rng.integers(1, 7, size=n)).astype(str).astype(object)})
    prompt = _agent_steps(S, first, tool_results(rng, n))
    if hydra and not S.hard:
        sysp = pl.Series(T.HYDRA_SYSTEM).gather(pl.Series((S.job + S.pos // 4) % len(T.HYDRA_SYSTEM)))
        tools = 8 + (S.A["tpl"][S.a] % 4)
    else:
        sysp = _agent_system(S, system_k, coding=True)
        tools = np.where(S.hard, np.array([len(A_["tools"]) for A_ in T.CODING_AGENTS])[S.A["tpl"][S.a] % len(T.CODING_AGENTS)], 7)
    return dict(prompt=prompt, cls="agent", system=sysp, tools=tools, out=corp.sample(rng, corp.moon_out, n, 0.3),
                tool_tok=lognorm(rng, 650, 1.0, n, 10, 20000))


def fam_data_agent(S: Steps, corp):
    rng = S.rng
    n = S.n
    tpls, tix = _tpl_choice(S, T.DATA_TASKS, T.PARAPHRASE["data"])
    first = render(tpls, tix, {"csv": csv_blocks(rng, n)})
    later = render(PY_OUTPUTS, rng.integers(0, len(PY_OUTPUTS), size=n),
                   {"n": rng.integers(1, 90, size=n).astype(str).astype(object), "n2": rng.integers(100, 9999, size=n).astype(str).astype(object)})
    return dict(prompt=_agent_steps(S, first, later), cls="agent", system=_agent_system(S, 2), tools=2,
                out=corp.sample(rng, corp.moon_out, n, 0.3), tool_tok=lognorm(rng, 200, 0.7, n, 10, 3000))


def fam_computer_use(S: Steps, corp):
    rng = S.rng
    n = S.n
    goal = pick(rng, T.COMPUTER_GOALS, n)
    g = pl.Series(np.asarray(T.COMPUTER_GOALS, dtype=object)[_job_items(S, len(T.COMPUTER_GOALS), 31)])
    prompt = render(T.COMPUTER_USE_STEPS, rng.integers(0, len(T.COMPUTER_USE_STEPS), size=n),
                    {"goal": g, "x": rng.integers(10, 1900, size=n).astype(str).astype(object),
                     "y": rng.integers(10, 1060, size=n).astype(str).astype(object)})
    del goal
    return dict(prompt=prompt, cls="agent", system=_agent_system(S, 3), tools=3, img=np.ones(n, bool),
                out=lognorm(rng, 160, 0.5, n, 20, 1500), tool_tok=corp.sample(rng, corp.mm_img, n, 0.2) * 3)


def fam_vision(S: Steps, corp):
    rng = S.rng
    n = S.n
    prompt = pl.Series(pick(rng, T.VISION_TASKS, n))
    return dict(prompt=prompt, cls="pro", system=_agent_system(S, 4), tools=0, img=np.ones(n, bool),
                out=corp.sample(rng, corp.mm_out, n, 0.3) * 6 + 80)


def fam_traj_reconstruct(S: Steps, corp):
    rng = S.rng
    n = S.n
    use_tool = rng.random(n) < 0.6
    tq = gather(corp.tools["text"], rng.integers(0, corp.tools.height, size=n))
    cq = gather(corp.code["q"], rng.integers(0, corp.code.height, size=n))
    q = pl.DataFrame({"m": use_tool, "t": tq, "c": cq}).select(pl.when("m").then("t").otherwise("c"))["t"]

    def call():
        return infra.cat([pl.Series(pick(rng, corp.tool_names + T.SYMBOLS, n)), pl.Series(["(...)"] * n)])
    tpls, ti = _tpl_choice(S, T.TRAJECTORY_RECONSTRUCT, T.PARAPHRASE["trajectory"])
    prompt = render(tpls, ti, {"q": q, "tool1": call(), "tool2": call(), "tool3": call(),
                               "response": fabricated_response(rng, q, None, n)})
    return dict(prompt=prompt, cls="think", out=lognorm(rng, 650, 0.45, n, 80, 6000))


def fam_tool_orch(S: Steps, corp):
    d = fam_tool_agent(S, corp)
    d["tools"] = 10 + (S.A["tpl"][S.a] % 30)
    if not S.hard:
        d["system"] = pl.Series([T.HYDRA_SYSTEM[0]] * S.n)
    return d


def fam_cover(S: Steps, corp):
    rng = S.rng
    n = S.n
    p, o, _ = mix(rng, n, [(corp.general, 0.7), (corp.code_human, 0.2), (corp.creative, 0.1)])
    p = render(T.COVER_WRAP, rng.integers(0, len(T.COVER_WRAP), size=n), {"q": p})
    fu = pl.Series(pick(rng, T.FOLLOWUPS, n))
    prompt = pl.DataFrame({"m": S.pos == 0, "a": p, "b": fu}).select(pl.when("m").then("a").otherwise("b"))["a"]
    return dict(prompt=prompt, cls="chat", out=out_tokens_chat(rng, corp, np.where(S.pos == 0, o, np.nan)))


FAMILIES = {
    "cot_solve": (fam_cot_solve, (1, 0)), "grading": (fam_grading, (1, 0)), "cot_reconstruct": (fam_cot_reconstruct, (1, 0)),
    "sensitive": (fam_sensitive, (1, 0)), "evol": (fam_evol, (1, 0)), "synth": (fam_synth, (1, 0)),
    "tool_agent": (fam_tool_agent, (5, 0.6)), "code_agent": (fam_code_agent, (8, 0.7)), "data_agent": (fam_data_agent, (4, 0.5)),
    "computer_use": (fam_computer_use, (11, 0.5)), "vision": (fam_vision, (1.3, 0.3)), "traj_reconstruct": (fam_traj_reconstruct, (1, 0)),
    "hydra_code": (lambda S, c: fam_code_agent(S, c, 1, hydra=True), (11, 0.8)), "tool_orch": (fam_tool_orch, (4, 0.6)),
    "evol_code": (lambda S, c: fam_evol(S, c, c.code["text"]), (1, 0)), "cover": (fam_cover, (1.8, 0.5)),
}
CAPABILITY = {"cot_solve": "reasoning", "grading": "rubric_grading", "cot_reconstruct": "cot_elicitation",
              "sensitive": "sensitive_rewrite", "evol": "reasoning", "synth": "other", "tool_agent": "tool_use",
              "code_agent": "coding", "data_agent": "agentic", "computer_use": "agentic", "vision": "vision",
              "traj_reconstruct": "cot_elicitation", "hydra_code": "coding", "tool_orch": "tool_use", "evol_code": "coding",
              "cover": "other"}


# ======================================================================================
# engine: units -> jobs -> steps -> events
# ======================================================================================

def run_jobs(world: World, rng, A, units, fam_mix_fn, *, actor, campaign, model_base, pivot, big_tokens, temp_default,
             surface="api", role_of_family=None):
    corp = world.corp
    hard = _hard(world)
    u_acc, u_t, u_nj = units
    j_unit, j_k = expand(u_nj)
    J = len(j_unit)
    j_fam = fam_mix_fn(rng, u_t[j_unit], A["cell"][u_acc[j_unit]])
    fam_names = list(FAMILIES)
    j_L = np.ones(J, int)
    for f in np.unique(j_fam):
        m = j_fam == f
        med, sig = FAMILIES[fam_names[f]][1]
        j_L[m] = np.clip(np.round(lognorm(rng, med, sig, int(m.sum()))), 1, 80).astype(int) if sig > 0 else int(med)
    s_job, s_pos = expand(j_L)
    E = len(s_job)
    s_unit = j_unit[s_job]
    a = u_acc[s_unit]
    s_fam = j_fam[s_job]
    t_unit = u_t[s_unit]
    # build content family by family
    cols = {k: [] for k in ("idx", "prompt", "system", "tools", "img", "out", "cls", "refuse", "tool_tok")}
    for f in np.unique(s_fam):
        m = np.flatnonzero(s_fam == f)
        S = Steps(world, rng, a[m], s_pos[m], j_L[s_job[m]], s_job[m], t_unit[m], hard, A)
        d = FAMILIES[fam_names[f]][0](S, corp)
        k = len(m)
        cols["idx"].append(m)
        cols["prompt"].append(d["prompt"].cast(pl.String))
        sysd = d.get("system")
        cols["system"].append(sysd.cast(pl.String) if isinstance(sysd, pl.Series) else pl.Series([None] * k, dtype=pl.String))
        cols["tools"].append(np.broadcast_to(np.asarray(d.get("tools", 0)), (k,)).astype(np.int64))
        cols["img"].append(np.broadcast_to(np.asarray(d.get("img", False)), (k,)).astype(bool))
        cols["out"].append(np.asarray(d["out"], float))
        cols["cls"].append(np.full(k, d["cls"], dtype=object))
        cols["refuse"].append(np.full(k, d.get("refuse_p", 0.002)))
        cols["tool_tok"].append(np.broadcast_to(np.asarray(d.get("tool_tok", 0.0), float), (k,)))
    order = np.argsort(np.concatenate(cols["idx"]), kind="stable")
    prompt = pl.concat(cols["prompt"]).gather(pl.Series(order))
    if hard:  # people type the first turn; tool results come from machines
        hp = humanize(rng, prompt, 0.35, 0.2, 0.2)
        prompt = pl.DataFrame({"m": s_pos == 0, "h": hp, "p": prompt}).select(pl.when("m").then("h").otherwise("p"))["h"]
    system = pl.concat(cols["system"]).gather(pl.Series(order))
    tools = np.concatenate(cols["tools"])[order]
    img = np.concatenate(cols["img"])[order]
    out = np.concatenate(cols["out"])[order]
    cls = np.concatenate(cols["cls"])[order]
    refuse = np.concatenate(cols["refuse"])[order]
    tool_tok = np.concatenate(cols["tool_tok"])[order]

    # models (per job), tokens
    j_model = assign_models(rng, world, u_t[j_unit], model_base, pivot[0], pivot[1], pivot[2] if len(pivot) > 2 else 0.0)
    model = j_model[s_job]
    think_cls = cls == "think"
    model = np.where(think_cls & (model == "vega-2-pro"), "vega-2-think", model)
    model = np.where(~think_cls & (model == "vega-2-think"), "vega-2-pro", model)
    if hard:
        mt = A["max_tokens"][a]
    else:
        mt = np.where(think_cls, big_tokens[0], np.where(cls == "agent", big_tokens[1], big_tokens[2])).astype(float)
    out = np.clip(out, 5, 30000).astype(np.int64)
    out = clip_output(out, mt)
    reas, tot = reasoning_tokens(rng, model, think_cls, out, corp.r1_ratio)
    mtf = np.asarray(mt, float)
    tot = np.where(np.isnan(mtf), tot, np.minimum(tot, np.nan_to_num(mtf, nan=1e12))).astype(np.int64)
    reas = np.minimum(reas, tot)
    sys_tok = est_tokens(rng, strlen(system, E)) + tools * 260
    pt = est_tokens(rng, strlen(prompt, E))
    grow = (tot - reas) + tool_tok + pt
    hist = group_cumsum(grow, s_job, s_pos) - grow
    inp = (sys_tok + hist + pt + np.where(img, corp.sample(rng, corp.mm_img, E, 0.2), 0)).astype(np.int64)
    # timing: machine gaps inside a job; between jobs of one session, human-like pauses (hard)
    lat = tot / 75.0 + 0.8
    g_machine = lat + lognorm(rng, 1.6 if not hard else 4.0, 0.7, E, 0.1, 600)
    between = (s_pos == 0) & (j_k[s_job] > 0)
    g_human = lognorm(rng, 55, 1.0, E, 4, 3600)
    gap = np.where(between, g_human, g_machine)
    # step order within a unit == array order (units, then jobs, then positions are contiguous)
    u_first = np.flatnonzero(np.r_[True, s_unit[1:] != s_unit[:-1]])
    u_len = np.diff(np.r_[u_first, E])
    u_sid, u_pos = expand(u_len)
    ts = seq_times(u_t[s_unit[u_first]], u_sid, u_pos, gap)
    ip, asn, cc = _event_net(rng, A, a)
    temp = A["temp"][a] if hard else np.full(E, temp_default)
    role = np.full(E, "harvest", dtype=object)
    if role_of_family:
        for f, r in role_of_family.items():
            role = np.where(s_fam == fam_names.index(f), r, role)
    camp = np.where(role == "harvest", campaign, None)
    ev = frame(E, ts=ts, account_id=A["acct"][a], ip=ip, model=model, prompt=prompt, input_tokens=inp, output_tokens=tot,
               org_id=A["org"][a], api_key_id=pick_keys(rng, a, A["kids"], A["koff"], A["kcnt"]), asn=asn, country=cc,
               user_agent=A["ua"][a], client_fingerprint=A["fp"][a],
               surface=A["surface"][a] if "surface" in A else surface, system_prompt=system, n_turns=1 + 2 * s_pos,
               tools_declared=tools, has_image=img, reasoning_tokens=reas, max_tokens=mt, temperature=temp, status=None,
               refuse_p=refuse, campaign_id=camp, actor=actor, role=role, tier=A["tier"][a])
    ev = ev.with_columns(pl.Series("family", np.asarray(fam_names, dtype=object)[s_fam].astype(str)))
    ev = ev.filter((pl.col("ts") < world.T) & (pl.col("ts") < pl.Series(A["act_b"][a])))
    return ev.drop("family"), ev["family"]


def _mixer(table_by_phase, phase_split=None):
    """Build a family-mix function: table_by_phase = [dict fam->w (phase 1), dict (phase 2)]."""
    names = list(FAMILIES)

    def fn(rng, t, cell):
        out = np.zeros(len(t), int)
        phases = np.zeros(len(t), int) if phase_split is None else (t >= phase_split).astype(int)
        for ph, table in enumerate(table_by_phase):
            m = phases == ph
            if not m.any():
                continue
            fams = list(table)
            w = np.array([table[f] for f in fams], float)
            out[m] = np.array([names.index(f) for f in fams])[rng.choice(len(fams), size=int(m.sum()), p=w / w.sum())]
        return out
    return fn


def mean_steps(table: dict) -> float:
    w = np.array(list(table.values()), float)
    m = np.array([FAMILIES[f][1][0] * np.exp(FAMILIES[f][1][1] ** 2 / 2) for f in table])
    return float((w * m).sum() / w.sum())


def _accounts_df(A, actor, campaign):
    return accounts_frame(A["n"], account_id=A["acct"], created_at=A["created"], tier=A["tier"], verified=A["verified"],
                          email_domain=A["email"], payment_fingerprint=A["pay"], signup_ip=A["signup_ip"], org_id=A["org"],
                          campaign_id=campaign, actor=actor)


def _rate(world, medium_per_day, small_per_day, rng):
    lo, hi = medium_per_day if world.medium else small_per_day
    return rng.uniform(lo, hi) * world.days


def _cover(world, rng, A, n_harvest, actor, share=0.12):
    """Hard preset: ordinary chat from the same accounts, in the same sessions' hours."""
    n_jobs = int(n_harvest * share / (1 - share) / mean_steps({"cover": 1.0}))
    units = schedule_human(world, rng, A, n_jobs, 2.0, "evening")
    ev, _ = run_jobs(world, rng, A, units, _mixer([{"cover": 1.0}]), actor=actor, campaign=None,
                     model_base={"vega-2-pro": 0.7, "vega-2-mini": 0.3}, pivot=(0.5, 24), big_tokens=(4096, 4096, 4096),
                     temp_default=np.nan, role_of_family={"cover": "cover"})
    return ev


# ======================================================================================
# Operation 1: reasoning / chain-of-thought harvest ("DeepSeek-like")
# ======================================================================================

def op_reasoning(world: World, campaign: str, actor: str = "op_reasoning_harvest"):
    rng = world.rng("op", actor, world.preset)
    hard = _hard(world)
    n_events = _rate(world, (2100, 3200), (500, 800), rng)
    if not hard:
        n = world.n(rng, (30, 55), (7, 12))
        batch = rng.choice(3, size=n, p=[0.6, 0.25, 0.15])
        bt = np.array([-rng.uniform(8, 15), -rng.uniform(1, 4), world.days * rng.uniform(0.3, 0.45)]) * DAY
        created = bt[batch] + rng.exponential(1800, size=n)
        act_a = np.maximum(0, created + rng.uniform(0.2, 1.0, size=n) * DAY)
        doms = pick(rng, ["relaymail.cc", "inboxhub.top", "gmail.com"], n, [0.4, 0.35, 0.25])
        cards = hex_ids(rng, int(rng.integers(3, 6)), "pm_", 10)
        A = _new_accounts(world, rng, n, tiers=["pro", "startup", "edu"], tier_p=[0.45, 0.35, 0.2], created=created,
                          act_a=act_a, act_b=np.full(n, world.T), cell=np.zeros(n, int), email=doms,
                          pay=cards[rng.integers(0, len(cards), size=n)], verified=np.zeros(n, bool))
        A["vol"] = lognorm(rng, 1.0, 0.1, n)  # load balancing: near-identical volume per account
        _network_default(world, rng, A, [("dc", int(rng.integers(15, 30)))], {0: 0})
        _clients(world, rng, A, {0: ("python-httpx/0.25.1", "alpine_py")})
        units = schedule_lockstep(world, rng, A, n_events, "flat", 8.0, batch_frac=float(rng.uniform(0.15, 0.3)))
    else:
        n = world.n(rng, (100, 150), (18, 28))
        created = created_aged(rng, n, 200, 0.7, 45, 900)
        act_a = rng.uniform(0, 0.3, size=n) * world.T
        A = _new_accounts(world, rng, n, tiers=["pro", "startup", "edu", "free"], tier_p=[0.5, 0.2, 0.2, 0.1], created=created,
                          act_a=act_a, act_b=np.full(n, world.T), cell=np.zeros(n, int), email=infra.consumer_emails(rng, n),
                          pay=hex_ids(rng, n, "pm_", 10), verified=rng.random(n) < 0.15)
        _network_sticky(world, rng, A, countries={"US", "CA", "GB", "SG", "JP", "DE", "AU", "KR", "TW"})
        _clients(world, rng, A, None)
        units = schedule_human(world, rng, A, n_events, 4.0, "daytime")
    mixf = _mixer([{"cot_solve": 0.34, "grading": 0.24, "cot_reconstruct": 0.25, "sensitive": 0.1, "evol": 0.04, "synth": 0.03}])
    ev, fam = run_jobs(world, rng, A, units, mixf, actor=actor, campaign=campaign,
                       model_base={"vega-2-think": 0.7, "vega-2-pro": 0.3}, pivot=(0.6, 18, 2), big_tokens=(16000, 8192, 4096),
                       temp_default=0.6)
    parts = [ev]
    if hard:
        parts.append(_cover(world, rng, A, ev.height, actor))
    return _accounts_df(A, actor, campaign), pl.concat(parts), fam


# ======================================================================================
# Operation 2: agentic / tool-use / coding / vision / computer-use harvest ("Moonshot-like")
# ======================================================================================

def op_agentic(world: World, campaign: str, actor: str = "op_agentic_harvest"):
    rng = world.rng("op", actor, world.preset)
    hard = _hard(world)
    n_events = _rate(world, (7500, 10500), (900, 1300), rng)
    phase1 = {"tool_agent": 0.3, "code_agent": 0.28, "data_agent": 0.12, "computer_use": 0.12, "vision": 0.12,
              "traj_reconstruct": 0.04, "synth": 0.02}
    phase2 = {"traj_reconstruct": 0.45, "cot_reconstruct": 0.1, "tool_agent": 0.15, "code_agent": 0.15,
              "computer_use": 0.08, "vision": 0.07}
    split = world.T * rng.uniform(0.58, 0.68)
    f1 = split / world.T
    n_jobs = n_events / (f1 * mean_steps(phase1) + (1 - f1) * mean_steps(phase2))
    cells = [("edu", (60, 110), (8, 14)), ("research", (30, 60), (4, 8)), ("startup", (40, 80), (6, 10)), ("pro", (60, 110), (8, 14))]
    sizes = [world.n(rng, m, s) for _, m, s in cells]
    if hard:
        sizes = [int(x * 2.2) for x in sizes]
    cell = np.repeat(np.arange(len(cells)), sizes)
    n = len(cell)
    tiers_by_cell = np.array([c[0] for c in cells], dtype=object)
    if not hard:
        # each pathway signs up in its own bursts; a third of every cell is added mid-window (scale-up)
        c_t0 = -rng.uniform(4, 20, size=len(cells)) * DAY
        late = rng.random(n) < 0.3
        created = np.where(late, world.T * rng.uniform(0.25, 0.6) + rng.exponential(3 * HOUR, size=n),
                           c_t0[cell] + rng.exponential(6 * HOUR, size=n))
        act_a = np.maximum(0, created + rng.uniform(1, 12, size=n) * HOUR)
        edu_d = np.array(["students.harmonia.edu", "mail.westmoor.edu"], dtype=object)
        lab_d = np.array(["opencompute-lab.org", "ailab-research.org"], dtype=object)
        email = np.select([tiers_by_cell[cell] == "edu", tiers_by_cell[cell] == "research", tiers_by_cell[cell] == "startup"],
                          [edu_d[rng.integers(0, 2, size=n)], lab_d[rng.integers(0, 2, size=n)],
                           np.asarray(infra.company_domains(rng, n), dtype=object)], infra.consumer_emails(rng, n))
        cards = hex_ids(rng, 12, "pm_", 10)
        pay = cards[cell * 3 + rng.integers(0, 3, size=n)]
        A = _new_accounts(world, rng, n, tiers=["pro"], tier_p=[1.0], created=created, act_a=act_a, act_b=np.full(n, world.T),
                          cell=cell, email=email, pay=pay, verified=(tiers_by_cell[cell] == "startup") & (rng.random(n) < 0.3))
        A["tier"] = tiers_by_cell[cell]
        A["pay"] = np.where(A["tier"] == "edu", None, A["pay"])
        _network_default(world, rng, A, [("dc", 24), ("vpn", 30), ("dc", 18), ("vpn", 16)], {0: 0, 1: 1, 2: 0, 3: 1})
        _clients(world, rng, A, {0: ("python-httpx/0.26.0", "alpine_py"), 1: ("OpenAI/Python 1.30.1", "alpine_py"),
                                 2: ("Go-http-client/2.0", "go_utls"), 3: ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "node16")})
        parts_units = []
        for c in range(len(cells)):
            sub = _subset(A, A["cell"] == c)
            u = schedule_lockstep(world, rng, sub, n_jobs * sizes[c] / n, "twoshift", 8.0, batch_frac=float(rng.uniform(0.06, 0.12)))
            parts_units.append((sub["_idx"][u[0]], u[1], u[2]))
        units = tuple(np.concatenate([p[i] for p in parts_units]) for i in range(3))
        o = np.lexsort((units[1], units[0]))
        units = tuple(x[o] for x in units)
    else:
        created = created_aged(rng, n, 220, 0.7, 45, 1000)
        act_a = rng.uniform(0, 0.35, size=n) * world.T
        email = np.where(tiers_by_cell[cell] == "edu",
                         np.array([u[3] for u in infra.UNIVERSITY], dtype=object)[rng.integers(0, len(infra.UNIVERSITY), size=n)],
                         infra.consumer_emails(rng, n))
        A = _new_accounts(world, rng, n, tiers=["pro"], tier_p=[1.0], created=created, act_a=act_a, act_b=np.full(n, world.T),
                          cell=cell, email=email, pay=hex_ids(rng, n, "pm_", 10), verified=rng.random(n) < 0.2)
        A["tier"] = tiers_by_cell[cell]
        A["pay"] = np.where(A["tier"] == "edu", None, A["pay"])
        _network_sticky(world, rng, A, countries={"US", "CA", "GB", "SG", "JP", "DE", "AU", "KR", "TW", "HK", "NL"})
        _clients(world, rng, A, None)
        units = schedule_human(world, rng, A, n_jobs, 3.0, "daytime")
    A["surface"] = np.full(n, "api", dtype=object)
    ev, fam = run_jobs(world, rng, A, units, _mixer([phase1, phase2], split), actor=actor, campaign=campaign,
                       model_base={"vega-2-pro": 0.85, "vega-2-think": 0.15}, pivot=(0.45, 24, 4), big_tokens=(16000, 8192, 4096),
                       temp_default=0.7)
    parts = [ev]
    acc_parts = [_accounts_df(A, actor, campaign)]
    if not hard:
        # a handful of staff accounts set up the harness from the office before it was scaled out
        ns = world.n(rng, (4, 8), (2, 3))
        oasn, occ, _ = infra.OFFICE_CN[int(rng.integers(0, 2))]
        office = infra.same_24(rng, infra.ipv4(rng, [f"{oasn}-{occ}-office"])[0], 3)
        S = _new_accounts(world, rng, ns, tiers=["team"], tier_p=[1.0], created=-rng.uniform(25, 40, size=ns) * DAY,
                          act_a=np.zeros(ns), act_b=np.full(ns, world.T), cell=np.full(ns, 1), email=np.full(ns, "qiyuan-ai.com", dtype=object),
                          pay=np.full(ns, cards[3], dtype=object), verified=np.ones(ns, bool))
        S["org"] = np.full(ns, S["org"][0], dtype=object)
        _network_default(world, rng, S, [("dc", 8), ("dc", 8)], {0: 0, 1: 0})
        S["pool_ips"] = pl.concat([office, S["pool_ips"]])
        S["pool_asn"] = np.r_[np.full(3, oasn), S["pool_asn"]]
        S["pool_cc"] = np.r_[np.full(3, occ, dtype=object), S["pool_cc"]]
        S["pool_off"] = np.zeros(ns, int)
        S["pool_size"] = np.full(ns, 6)
        S["signup_ip"] = office.gather(pl.Series(rng.integers(0, 3, size=ns)))
        _clients(world, rng, S, {0: ("OpenAI/Python 1.30.1", "alpine_py"), 1: ("OpenAI/Python 1.30.1", "alpine_py")})
        S["surface"] = np.full(ns, "api", dtype=object)
        su = schedule_human(world, rng, S, n_events * 0.01 / 3, 3.0, "work")
        sev, _ = run_jobs(world, rng, S, su, _mixer([phase1]), actor=actor, campaign=campaign,
                          model_base={"vega-2-pro": 1.0}, pivot=(0.5, 24), big_tokens=(16000, 8192, 4096), temp_default=0.7)
        parts.append(sev)
        acc_parts.append(_accounts_df(S, actor, campaign))
    else:
        parts.append(_cover(world, rng, A, ev.height, actor))
    return pl.concat(acc_parts), pl.concat(parts), fam


_SHARED = {"n", "pool_ips", "pool_asn", "pool_cc", "kids"}


def _subset(A, m):
    idx = np.flatnonzero(m)
    B = {}
    for k, v in A.items():
        if k in _SHARED:
            B[k] = v
        elif isinstance(v, pl.Series):
            B[k] = v.gather(pl.Series(idx))
        else:
            B[k] = np.asarray(v)[idx]
    B["n"] = len(idx)
    B["_idx"] = idx
    return B


# ======================================================================================
# Operation 3: reseller hydra (agentic coding harvest, churn, customers, release pivot)
# ======================================================================================

def op_hydra(world: World, campaign: str, actor: str = "op_reseller_hydra"):
    rng = world.rng("op", actor, world.preset)
    hard = _hard(world)
    n_harvest = _rate(world, (9000, 12500), (900, 1300), rng)
    n_cust = n_harvest * rng.uniform(0.3, 0.45)
    hmix = {"hydra_code": 0.72, "evol_code": 0.12, "synth": 0.06, "tool_orch": 0.10}
    slots = world.n(rng, (90, 130), (10, 16))
    if hard:
        slots = int(slots * 2)
    mean_life = max(1.2, 0.25 * world.days) * DAY
    kmax = int(np.ceil(world.T / mean_life * 3)) + 4
    life = np.maximum(rng.exponential(mean_life, size=(slots, kmax)), 0.3 * DAY)
    gap = rng.uniform(1, 10, size=(slots, kmax)) * HOUR
    start = np.concatenate([np.zeros((slots, 1)), np.cumsum(life + gap, axis=1)[:, :-1]], axis=1)
    start[:, 0] = 0.0
    end = start + life
    keep = start < world.T * 0.97
    slot = np.repeat(np.arange(slots), kmax).reshape(slots, kmax)[keep]
    gen = np.tile(np.arange(kmax), (slots, 1))[keep]
    act_a = start[keep]
    act_b = np.minimum(end[keep], world.T)
    banned = end[keep] < world.T
    n = len(slot)
    if not hard:
        created = np.where(gen == 0, -rng.uniform(1, 20, size=n) * DAY, act_a - rng.uniform(0.5, 6, size=n) * HOUR)
        cards = hex_ids(rng, max(3, slots // 6), "pm_", 10)
        pay = cards[slot % len(cards)]                                # replacements reuse the slot's card
        email = pick(rng, ["gmail.com", "outlook.com", "mailbox.top", "tmpbox.io", "proton.me"], n, [0.35, 0.15, 0.25, 0.15, 0.1])
        via_cloud = (slot % 10) < 3                                   # slots sold through third-party clouds
        cell = np.where(via_cloud, (slot % 2) * 2, slot % 4)          # cloud slots egress from datacenter pools
        A = _new_accounts(world, rng, n, tiers=["pro", "startup", "edu", "research"], tier_p=[0.55, 0.25, 0.1, 0.1],
                          created=created, act_a=act_a, act_b=act_b, cell=cell, email=email, pay=pay, verified=np.zeros(n, bool))
        A["vol"] = lognorm(rng, 1.0, 0.15, n)
        _network_default(world, rng, A, [("dc", 60), ("vpn", 60), ("dc", 40), ("vpn", 40)], {0: 0, 1: 1, 2: 0, 3: 0})
        _clients(world, rng, A, {0: ("Go-http-client/2.0", "go_utls"), 1: ("Go-http-client/2.0", "go_utls"),
                                 2: ("python-httpx/0.25.1", "alpine_py"), 3: ("Go-http-client/2.0", "go_utls")})
        A["surface"] = np.where(via_cloud, "cloud", "api").astype(object)
        units = schedule_lockstep(world, rng, A, n_harvest / mean_steps(hmix), "flat", 8.0, batch_frac=0.04)
    else:
        created = created_aged(rng, n, 170, 0.7, 60, 900)  # bought / warmed, aged accounts, also for replacements
        A = _new_accounts(world, rng, n, tiers=["pro", "startup", "edu", "team"], tier_p=[0.6, 0.2, 0.1, 0.1], created=created,
                          act_a=act_a, act_b=act_b, cell=slot % 4, email=infra.consumer_emails(rng, n),
                          pay=hex_ids(rng, n, "pm_", 10), verified=rng.random(n) < 0.2)
        _network_sticky(world, rng, A, countries={"US", "CA", "GB", "DE", "FR", "NL", "SG", "JP", "AU", "BR", "IN"})
        # many copy a popular coding agent's client, the rest use popular SDKs
        _clients(world, rng, A, None)
        ag = A["tpl"] % len(T.CODING_AGENTS)
        agent_like = rng.random(n) < 0.6
        ag_ua = np.array([pick(rng, T.CODING_AGENTS[j]["ua"], 1)[0] for j in ag], dtype=object)
        ag_fp = np.array([infra.TLS[T.CODING_AGENTS[j]["tls"]] for j in ag], dtype=object)
        A["ua"] = np.where(agent_like, ag_ua, A["ua"])
        A["fp"] = np.where(agent_like, ag_fp, A["fp"])
        via_cloud = rng.random(n) < 0.2
        A["surface"] = np.where(via_cloud, "cloud", "api").astype(object)
        # requests sold through a third-party cloud arrive from that cloud's gateway addresses
        cl = rng.integers(0, len(infra.CLOUD), size=n)
        c_ip, c_asn, c_cc = cloud_pool(rng, cl, n)
        A["s_ip"] = pl.DataFrame({"m": via_cloud, "c": c_ip, "s": A["s_ip"]}).select(pl.when("m").then("c").otherwise("s"))["c"]
        A["s_asn"] = np.where(via_cloud, c_asn, A["s_asn"])
        A["s_cc"] = np.where(via_cloud, c_cc, A["s_cc"])
        units = schedule_human(world, rng, A, n_harvest / mean_steps(hmix), 3.0, "daytime")
    mixf = _mixer([hmix])
    ev, fam = run_jobs(world, rng, A, units, mixf, actor=actor, campaign=campaign,
                       model_base={"vega-2-pro": 0.85, "vega-2-think": 0.15}, pivot=(0.53, 5.0, 0.5),
                       big_tokens=(32000, 16000, 8192), temp_default=1.0)
    cust = _customers(world, rng, A, n_cust, actor, hard)
    parts = [ev, cust]
    parts.append(_ban_errors(world, rng, A, banned, actor, campaign, hard))
    return _accounts_df(A, actor, campaign), pl.concat(parts), fam


def _customers(world, rng, A, n_events, actor, hard):
    """Unrelated end-users' requests forwarded by the reseller (not part of the harvest)."""
    corp = world.corp
    n_conv = int(n_events / 2.0)
    c_tz = pick(rng, [-6, -5, 0, 1, 5.5, 8, 9, -3], n_conv).astype(float)
    c_t = profile_times(rng, world, n_conv, c_tz, "evening")
    # route each conversation to an account active at that time (pick among slots alive then)
    order = np.argsort(A["act_a"])
    cand = rng.integers(0, A["n"], size=(n_conv, 12))
    alive = (A["act_a"][cand] <= c_t[:, None]) & (A["act_b"][cand] > c_t[:, None])
    first_ok = np.where(alive.any(1), alive.argmax(1), -1)
    ok = first_ok >= 0
    c_acc = cand[np.arange(n_conv), np.maximum(first_ok, 0)][ok]
    c_t = c_t[ok]
    del order
    n_conv = len(c_acc)
    c_len = np.clip(rng.geometric(0.5, size=n_conv), 1, 10)
    sid, pos = expand(c_len)
    E = len(sid)
    a = c_acc[sid]
    p, o, _ = mix(rng, E, [(corp.general, 0.55), (corp.code_human, 0.2), (corp.creative, 0.1), (corp.hard, 0.1),
                           (corp.bfcl_plain, 0.05)])
    p = humanize(rng, p)
    fu = pl.Series(pick(rng, T.FOLLOWUPS, E))
    prompt = pl.DataFrame({"m": pos == 0, "a": p, "b": fu}).select(pl.when("m").then("a").otherwise("b"))["a"]
    sysp = sstr(np.where(rng.random(n_conv) < 0.7, pick(rng, T.APP_SYSTEM_PROMPTS + T.SIMPLE_SYSTEM_PROMPTS, n_conv), None)).gather(pl.Series(sid))
    out = out_tokens_chat(rng, corp, np.where(pos == 0, o, np.nan))
    model = assign_models(rng, world, c_t, {"vega-2-pro": 0.55, "vega-2-mini": 0.35, "vega-2-think": 0.1}, 0.4, 10, 1)[sid]
    mt = pick(rng, [np.nan, 1024, 2048, 4096], E).astype(float)
    out = clip_output(out, mt)
    reas, tot = reasoning_tokens(rng, model, rng.random(E) < 0.2, out, corp.r1_ratio)
    tot = np.where(np.isnan(mt), tot, np.minimum(tot, np.nan_to_num(mt, nan=1e12))).astype(np.int64)
    reas = np.minimum(reas, tot)
    pt = est_tokens(rng, strlen(prompt, E))
    step = pt + (tot - reas)
    hist = group_cumsum(step, sid, pos) - step
    inp = (est_tokens(rng, strlen(sysp, E)) + hist + pt).astype(np.int64)
    ts = seq_times(c_t, sid, pos, lognorm(rng, 40, 0.9, E, 3, 1800) + tot / 30.0)
    ip, asn, cc = _event_net(rng, A, a)
    ev = frame(E, ts=ts, account_id=A["acct"][a], ip=ip, model=model, prompt=prompt, input_tokens=inp, output_tokens=tot,
               org_id=A["org"][a], api_key_id=pick_keys(rng, a, A["kids"], A["koff"], A["kcnt"]), asn=asn, country=cc,
               user_agent=A["ua"][a], client_fingerprint=A["fp"][a], surface=A["surface"][a], system_prompt=sysp,
               n_turns=1 + 2 * pos, tools_declared=0, has_image=False, reasoning_tokens=reas, max_tokens=mt,
               temperature=pick(rng, [np.nan, 0.7, 1.0], E).astype(float), status=None, refuse_p=0.006, campaign_id=None,
               actor=actor, role="customer", tier=A["tier"][a])
    return ev.filter((pl.col("ts") < world.T) & (pl.col("ts") < pl.Series(A["act_b"][a])))


def _ban_errors(world, rng, A, banned, actor, campaign, hard):
    """After a ban, the harness keeps firing for a few minutes and gets errors, then the slot rotates."""
    idx = np.flatnonzero(banned)
    k = rng.integers(3, 16, size=len(idx))
    a = np.repeat(idx, k)
    E = len(a)
    ts = A["act_b"][a] + rng.uniform(0, 600, size=E)
    ip, asn, cc = _event_net(rng, A, a)
    corp = world.corp
    q = gather(corp.code["text"], rng.integers(0, corp.code.height, size=E))
    prompt = render(T.HYDRA_TASK_WRAP, rng.integers(0, len(T.HYDRA_TASK_WRAP), size=E), {"q": q, "input": "", "n": "1"})
    if hard:
        sysp = pl.Series([A_["system"] for A_ in T.CODING_AGENTS]).gather(pl.Series(A["tpl"][a] % len(T.CODING_AGENTS)))
    else:
        sysp = pl.Series([T.HYDRA_SYSTEM[1]] * E)
    ev = frame(E, ts=ts, account_id=A["acct"][a], ip=ip, model=np.where(ts > world.release_t, NEW_MODEL, "vega-2-pro"),
               prompt=prompt, input_tokens=est_tokens(rng, strlen(prompt, E)) + 2500, output_tokens=0, org_id=A["org"][a],
               api_key_id=A["kids"][A["koff"][a]], asn=asn, country=cc, user_agent=A["ua"][a], client_fingerprint=A["fp"][a],
               surface=A["surface"][a], system_prompt=sysp, n_turns=1, tools_declared=8, has_image=False,
               reasoning_tokens=0, max_tokens=np.nan, temperature=np.nan, status="error", refuse_p=0.0, campaign_id=campaign,
               actor=actor, role="harvest", tier=A["tier"][a])
    return ev.filter(pl.col("ts") < world.T)
