"""The three distillation operations (and the reseller's unrelated customers)."""
from __future__ import annotations

import numpy as np
import polars as pl

import content as K
import texts as X
from core import (DAY, HOUR, S, World, consumer_domains, emit_events, expand, gamma_gaps, hexids, human_sessions,
                  invent_domains, lognormal_gaps, models_for, payments, render, stream_times)
from netsim import _fp
from util import SS  # noqa: E402
from personas import _agent_client, _turn_history, aggregator_content

HARD_EXIT_COUNTRIES = {"US": 30, "SG": 14, "JP": 10, "HK": 8, "TW": 10, "KR": 8, "GB": 6, "DE": 5, "CA": 4, "AU": 5}


# =========================================================================== content
def _tmpl(w: World, m: int, default: list[str], hard: list[str]):
    """Template index into default+hard lists.  Hard preset uses the paraphrases mostly."""
    if w.hard:
        return len(default) + w.rng.integers(0, len(hard), m), default + hard
    return w.rng.integers(0, len(default), m), default + hard


def c_cot(w: World, m: int) -> pl.DataFrame:
    q = K.mix(w, m, [(0.55, K.pool_fn("gsm_aug")), (0.15, K.arena_kind("math")), (0.1, K.arena_kind("coding")),
                     (0.1, K.pool_fn("wizard_math")), (0.1, K.pool_fn("alpaca"))])
    ti, tl = _tmpl(w, m, X.COT_HARVEST, X.COT_HARVEST_HARD)
    return pl.DataFrame({"prompt": render(tl, ti, {"q": q["prompt"]}), "out_base": q["out_base"].to_numpy() * 1.8,
                         "think": np.ones(m, bool), "task": np.full(m, "cot", dtype=object)})


def c_recon(w: World, m: int) -> pl.DataFrame:
    idx = w.rng.integers(0, len(w.C.gsm), m)
    q, a = w.C.gsm.text.gather(idx), w.C.gsm.extra["answer"].gather(idx)
    ti, tl = _tmpl(w, m, X.COT_RECON, X.COT_RECON_HARD)
    return pl.DataFrame({"prompt": render(tl, ti, {"q": q, "a": a}), "out_base": w.C.gsm.out_tok[idx] * 2.2,
                         "task": np.full(m, "recon", dtype=object)})


def c_grade(w: World, m: int) -> pl.DataFrame:
    f = K.judge_fields(w, m)
    if w.hard:
        tl = X.REWARD_JUDGE_HARD + K.JUDGE_TEMPLATES
        ti = np.where(w.rng.random(m) < 0.6, w.rng.integers(0, len(X.REWARD_JUDGE_HARD), m),
                      len(X.REWARD_JUDGE_HARD) + w.rng.integers(0, len(K.JUDGE_TEMPLATES), m))
    else:
        tl = X.REWARD_JUDGE_DEFAULT + K.JUDGE_TEMPLATES
        ti = np.where(w.rng.random(m) < 0.5, 0, 1 + w.rng.integers(0, len(K.JUDGE_TEMPLATES), m))
    return pl.DataFrame({"prompt": render(tl, ti, f), "out_base": np.exp(np.log(380) + 0.4 * w.rng.standard_normal(m)),
                         "think": w.rng.random(m) < 0.5, "task": np.full(m, "grade", dtype=object)})


def c_rewrite(w: World, m: int) -> pl.DataFrame:
    q = K.sensitive_q(w, m)
    ti, tl = _tmpl(w, m, X.SENSITIVE_REWRITE, X.SENSITIVE_REWRITE_HARD)
    return pl.DataFrame({"prompt": render(tl, ti, {"q": q["q"]}), "out_base": q["out_base"].to_numpy() * 1.2,
                         "risk": np.full(m, 0.08), "task": np.full(m, "rewrite", dtype=object)})


def c_evol(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    x = K.mix(w, m, [(0.5, K.pool_fn("alpaca")), (0.3, K.pool_fn("code")), (0.2, K.pool_fn("gsm"))])["prompt"]
    if w.hard:
        p = render(X.EVOL_HARD, r.integers(0, len(X.EVOL_HARD), m), {"x": x})
    else:
        meth = np.array(X.EVOL_METHODS, dtype=object)[r.integers(0, len(X.EVOL_METHODS), m)]
        p = render([X.EVOL_DEPTH, X.EVOL_BREADTH], (r.random(m) < 0.25).astype(int), {"x": x, "method": meth})
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(120) + 0.5 * r.standard_normal(m)),
                         "task": np.full(m, "evol", dtype=object)})


def c_selfinst(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    s = w.C.seeds.text
    f = {"n": np.full(m, "20"), "s1": s.gather(r.integers(0, len(s), m)), "s2": s.gather(r.integers(0, len(s), m)),
         "s3": s.gather(r.integers(0, len(s), m))}
    if w.hard:
        p = render(["Give me 20 varied tasks someone might ask an AI assistant, like these:\n- {s1}\n- {s2}\n- {s3}"],
                   np.zeros(m, int), f)
    else:
        p = render([X.SELF_INSTRUCT], np.zeros(m, int), f)
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(700) + 0.3 * r.standard_normal(m)),
                         "task": np.full(m, "selfinst", dtype=object)})


def c_magpie(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    p = render(X.MAGPIE, r.integers(0, 2, m),
               {"topic": np.array(X.MAGPIE_TOPICS, dtype=object)[r.integers(0, len(X.MAGPIE_TOPICS), m)],
                "persona": np.array(X.MAGPIE_PERSONAS, dtype=object)[r.integers(0, len(X.MAGPIE_PERSONAS), m)]})
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(90) + 0.5 * r.standard_normal(m)),
                         "task": np.full(m, "magpie", dtype=object)})


def c_distilabel(w: World, m: int) -> pl.DataFrame:
    x = K.mix(w, m, [(0.4, K.pool_fn("alpaca")), (0.3, K.chat), (0.3, K.pool_fn("code"))])
    ti = w.rng.integers(0, len(X.DISTILABEL_TASKS), m) if not w.hard else np.zeros(m, int)
    return pl.DataFrame({"prompt": render(X.DISTILABEL_TASKS, ti, {"x": x["prompt"]}),
                         "out_base": x["out_base"].to_numpy() * 1.6, "task": np.full(m, "distilabel", dtype=object)})


def c_tool(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    pool = w.C.tools
    idx = r.integers(0, len(pool), m)
    x = pool.text.gather(idx)
    k = np.maximum(pool.extra["k"][idx], r.integers(3, 16, m))
    if w.hard:
        p = render(X.TOOL_HARVEST_HARD, r.integers(0, len(X.TOOL_HARVEST_HARD), m), {"x": x})
        sysp = np.where(r.random(m) < 0.5, np.array(X.TOOL_APP_SYSTEM[:2], dtype=object)[r.integers(0, 2, m)], None)
    else:
        p = render(X.TOOL_HARVEST_USER, r.integers(0, 2, m), {"x": x})
        sysp = np.array(X.TOOL_HARVEST_SYS, dtype=object)[r.integers(0, 2, m)]
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(260) + 0.5 * r.standard_normal(m)),
                         "tools_declared": k.astype(np.int32), "system_prompt": SS(sysp),
                         "task": np.full(m, "tool", dtype=object)})


def c_code(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    x = K.mix(w, m, [(0.6, K.pool_fn("code")), (0.25, K.arena_kind("coding")), (0.15, K.pool_fn("wizard"))])
    lang = np.array(X.CODE_LANGS, dtype=object)[r.integers(0, len(X.CODE_LANGS), m)]
    ti, tl = _tmpl(w, m, X.CODE_HARVEST, X.CODE_HARVEST_HARD)
    return pl.DataFrame({"prompt": render(tl, ti, {"x": x["prompt"], "lang": lang}),
                         "out_base": np.maximum(x["out_base"].to_numpy(), 200) * (1.0 if w.hard else 2.5),
                         "task": np.full(m, "code", dtype=object)})


_CSV_CACHE: dict = {}


def _csvs(w: World) -> np.ndarray:
    if "csv" not in _CSV_CACHE:
        r = np.random.default_rng(99)
        cats = ["north", "south", "east", "west", "online", "retail", "wholesale"]
        out = []
        for i in range(300):
            rows = int(r.integers(6, 25))
            head = r.choice(["month,category,value,units", "date,region,revenue,orders", "week,channel,sales,returns"])
            lines = [head] + [f"2024-{(j % 12) + 1:02d},{cats[int(r.integers(0, 7))]},{r.uniform(10, 9000):.2f},"
                              f"{int(r.integers(1, 400))}" for j in range(rows)]
            out.append("\n".join(lines))
        _CSV_CACHE["csv"] = np.array(out, dtype=object)
    return _CSV_CACHE["csv"]


def c_data(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    csv = _csvs(w)[r.integers(0, 300, m)]
    q = np.array(X.DATA_QS, dtype=object)[r.integers(0, len(X.DATA_QS), m)]
    tmpl = X.DATA_TEMPLATE_HARD if w.hard else X.DATA_TEMPLATE
    return pl.DataFrame({"prompt": render([tmpl], np.zeros(m, int), {"csv": csv, "q": q}),
                         "out_base": np.exp(np.log(700) + 0.4 * r.standard_normal(m)),
                         "task": np.full(m, "data", dtype=object)})


def c_vision(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    x = K.pool_fn("wizard")(w, m)["prompt"]
    ti, tl = _tmpl(w, m, X.VISION_HARVEST, X.VISION_HARVEST_HARD)
    img = r.choice(w.C.traces.image_tokens, m) * r.uniform(1, 2.5, m)
    return pl.DataFrame({"prompt": render(tl, ti, {"x": x}), "out_base": np.exp(np.log(600) + 0.4 * r.standard_normal(m)),
                         "has_image": np.ones(m, bool), "extra_in": img.astype(np.int64),
                         "task": np.full(m, "vision", dtype=object)})


def c_agent_recon(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    pool = w.C.tools
    idx = r.integers(0, len(pool), m)
    names = pool.extra["names"].gather(idx).str.split(", ")
    t1 = names.list.get(0, null_on_oob=True).fill_null("search")
    t2 = names.list.get(-1, null_on_oob=True).fill_null("lookup")
    ti, tl = _tmpl(w, m, X.AGENT_RECON, X.AGENT_RECON_HARD)
    p = render(tl, ti, {"x": pool.text.gather(idx), "t1": t1, "t2": t2})
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(900) + 0.4 * r.standard_normal(m)),
                         "think": np.ones(m, bool), "task": np.full(m, "agent_recon", dtype=object)})


def c_cover(w: World, m: int) -> pl.DataFrame:
    d = K.mix(w, m, [(0.5, K.chat), (0.2, K.pool_fn("alpaca")), (0.2, K.pool_fn("code")), (0.1, K.followup)])
    return d.with_columns(render(X.COVER_WRAPS, w.rng.integers(0, len(X.COVER_WRAPS), m), {"x": d["prompt"]}).alias("prompt"))


# =========================================================================== accounts
def _exit_countries(w, n):
    c = np.array(list(HARD_EXIT_COUNTRIES), dtype=object)
    p = np.array(list(HARD_EXIT_COUNTRIES.values()), float)
    return w.rng.choice(c, n, p=p / p.sum())


def _hard_accounts(w: World, n: int, actor: str, camp: str, tier_p: dict, created_lo=-500, created_hi=-45,
                   country=None):
    """Accounts that copy legitimate customers: aged, one card each, consumer or
    university e-mail, one sticky residential exit per account, popular SDK."""
    r = w.rng
    tiers = np.array(list(tier_p), dtype=object)
    tier = r.choice(tiers, n, p=np.array(list(tier_p.values())) / sum(tier_p.values()))
    country = _exit_countries(w, n) if country is None else country
    tz = w.net.tz_of(r, country)
    ent = w.net.pick(r, "res", country)
    ip = w.net.ips(r, ent, v6_share=0.15).to_numpy().astype(object)
    dom = consumer_domains(w, n)
    edu = tier == "edu"
    if edu.any():
        dom[edu] = invent_domains(w, int(edu.sum()), ["edu", "ac.jp", "edu.sg", "ac.kr", "edu.tw"])
    startup = tier == "startup"
    if startup.any():
        dom[startup] = invent_domains(w, int(startup.sum()))
    created = r.uniform(created_lo, created_hi, n) * DAY
    verified = r.random(n) < np.where(edu, 0.7, np.where(startup, 0.45, 0.12))
    g = w.add_accounts(n, actor, camp, tier=tier, verified=verified, created_at=created, email_domain=dom,
                       payment=payments(w, n, ~edu | (r.random(n) < 0.2)), signup_ip=ip)
    ua, fp, mt, te = w.cli.sdk(r, n)
    return dict(g=g, tier=tier, country=country, tz=tz, ent=ent, ip=ip, ua=ua, fp=fp, mt=mt, te=te, created=created)


def _default_accounts(w: World, n: int, actor: str, camp: str, tier_p: dict, created_lo: float, created_hi: float,
                      n_cards: int, domains: np.ndarray, signup_pool: np.ndarray):
    r = w.rng
    tiers = np.array(list(tier_p), dtype=object)
    tier = r.choice(tiers, n, p=np.array(list(tier_p.values())) / sum(tier_p.values()))
    cards = hexids(r, n_cards, 16, "pm_")
    pay = cards[r.integers(0, n_cards, n)]
    edu = tier == "edu"
    pay[edu & (r.random(n) < 0.8)] = None
    created = r.uniform(created_lo, created_hi, n) * DAY
    dom = domains[r.integers(0, len(domains), n)]
    g = w.add_accounts(n, actor, camp, tier=tier, verified=r.random(n) < np.where(edu, 0.6, 0.05),
                       created_at=created, email_domain=dom, payment=pay,
                       signup_ip=signup_pool[r.integers(0, len(signup_pool), n)])
    return dict(g=g, tier=tier, created=created)


def _pool_ips(w: World, kind: str, countries: list, k: int, n_ent: int = 2):
    r = w.rng
    ents = w.net.any_of(r, kind, n_ent, countries=countries)
    e = r.choice(ents, k)
    sub = r.integers(0, 3, k) + np.arange(k) % 2
    ips = w.net.ips(r, e, subnet=sub).to_numpy().astype(object)
    return ips, e


def _hard_sessions(w: World, A: dict, per_day: float, sess_len: float, gap_med: float):
    """Daytime sessions per account in its exit's time zone, human-like jitter."""
    r = w.rng
    n = len(A["g"])
    rate = per_day / sess_len / (6.0 / 7.0) * np.exp(0.35 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, A["tz"], "daytime", "work", t_from=np.maximum(A["created"], 0))
    lens = np.clip(np.exp(np.log(sess_len) + 0.5 * r.standard_normal(len(acc_s))), 1, 60).astype(int)
    gaps = lognormal_gaps(r, int(lens.sum()), gap_med, 0.75)
    sid, pos, t = expand(t_s, lens, gaps)
    keep = t < w.T
    return acc_s[sid[keep]], t[keep], sid[keep], pos[keep]


def _add_cover(w, c: pl.DataFrame, share: float):
    """Replace a share of an operation's rows by ordinary requests (hard preset)."""
    m = c.height
    cov = w.rng.random(m) < share
    if not cov.any():
        return c, cov
    cv = c_cover(w, int(cov.sum()))
    base = c.with_columns(pl.Series("_cov", cov))
    parts = [base.filter(~pl.col("_cov")).with_columns(pl.lit("harvest").alias("role")),
             cv.with_columns(pl.lit("cover").alias("role"))]
    pos = np.r_[np.nonzero(~cov)[0], np.nonzero(cov)[0]]
    out = pl.concat([parts[0].drop("_cov"), parts[1]], how="diagonal_relaxed").with_columns(pl.Series("_p", pos))
    return out.sort("_p").drop("_p"), cov


def _think_cols(c: pl.DataFrame) -> np.ndarray:
    return c["think"].fill_null(False).to_numpy() if "think" in c.columns else np.zeros(c.height, bool)


# =========================================================================== op 1: reasoning / CoT harvest
def op_reasoning(w: World):
    actor = "op_reasoning_harvest"
    camp = w.campaign(actor)
    r = w.rng
    per_day = r.uniform(1800, 2800) * w.ascale
    spec = [(0.33, c_cot), (0.25, c_grade), (0.24, c_recon), (0.13, c_rewrite), (0.05, c_evol)]
    if w.hard:
        n = max(3, int(round(per_day / r.uniform(11, 16))))
        A = _hard_accounts(w, n, actor, camp, {"pro": 0.45, "startup": 0.2, "research": 0.15, "edu": 0.1, "free": 0.1})
        acc, t, sid, pos = _hard_sessions(w, A, per_day / n, 10, 80)
        m = len(t)
        c = K.mix(w, m, spec)
        c, cov = _add_cover(w, c, r.uniform(0.1, 0.2))
        ip, asn, country = A["ip"][acc], w.net.asn[A["ent"][acc]], w.net.country[A["ent"][acc]]
        ua, fp = A["ua"][acc], A["fp"][acc]
        mt = np.where(_think_cols(c), np.maximum(A["mt"][acc], 8192), A["mt"][acc])
        te = A["te"][acc]
        g = A["g"]
    else:
        n = w.n(40, 80, minimum=3)
        dh = np.array(invent_domains(w, 3, ["com", "io", "net"]).tolist() + ["gmail.com", "outlook.com"], dtype=object)
        ips, ents = _pool_ips(w, "cloud", ["HK", "SG", "US"], int(r.integers(12, 24)), 3)
        A = _default_accounts(w, n, actor, camp, {"startup": 0.4, "research": 0.3, "edu": 0.2, "free": 0.1},
                              -20, w.days * 0.3, int(r.integers(3, 7)), dh, ips)
        g = A["g"]
        active_from = np.maximum(A["created"], 0) + r.uniform(0.1, 1.0, n) * DAY
        # a central dispatcher: fixed job hours every day, requests spread round-robin over the accounts
        hours = np.sort(r.choice(24, int(r.integers(2, 5)), replace=False))
        jobs = [(d * DAY + h * HOUR + r.normal(0, 45), r.uniform(1.5, 4) * HOUR)
                for d in range(int(np.ceil(w.days))) for h in hours]
        total = sum(j[1] for j in jobs)
        lam = per_day * w.days / total
        order = r.permutation(n)
        ts, accs = [], []
        for s, dur in jobs:
            act = order[active_from[order] <= s]
            k = r.poisson(lam * dur)
            if not len(act) or not k:
                continue
            tt = s + np.arange(k) * (dur / k) + r.normal(0, 0.25, k)
            ts.append(tt)
            accs.append(act[(np.arange(k) + int(r.integers(0, len(act)))) % len(act)])
        t = np.concatenate(ts)
        acc = np.concatenate(accs)
        keep = (t >= 0) & (t < w.T)
        t, acc = t[keep], acc[keep]
        m = len(t)
        c = K.mix(w, m, spec).with_columns(pl.lit("harvest").alias("role"))
        j = r.integers(0, len(ips), m)
        ip, asn, country = ips[j], w.net.asn[ents[j]], w.net.country[ents[j]]
        ua0, fp0 = "python-httpx/0.27.0", _fp("py-openssl3b")
        ua, fp = np.full(m, ua0, dtype=object), np.full(m, fp0, dtype=object)
        mt, te = np.full(m, 16000), np.full(m, 0.6)
    think = _think_cols(c)
    base = np.where(think, "lumen-3-pro", "lumen-3").astype(object)
    p_new = np.where(t >= w.release, 0.6 * (1 - np.exp(-(t - w.release) / (30 * HOUR))), 0)
    adopt = np.where(r.random(m) < p_new, w.release, np.inf)
    role = c["role"].to_numpy()
    emit_events(w, c.drop("task"), t=t, acct=g[acc], model=S(models_for(w, t, base, adopt, think)), surface="api",
                ip=S(ip), asn=asn, country=S(country), user_agent=S(ua), client_fingerprint=S(fp),
                temperature=te, max_tokens=mt, think=think, campaign_id=camp, role=S(role))


# =========================================================================== op 2: agentic / multimodal harvest
def _b_episode_content(w: World, kinds: np.ndarray, pos: np.ndarray, phase2: np.ndarray, eid: np.ndarray,
                       hard_agent_sys: np.ndarray | None):
    """Content for op-2 events given their episode kind and position."""
    r = w.rng
    m = len(kinds)
    # kind codes: 0 tool, 1 agentic, 2 code, 3 data, 4 computer-use, 5 vision, 6 synth, 7 recon
    k = np.where(phase2, np.where(r.random(m) < 0.85, 7, kinds), kinds)
    first = pos == 0

    def agentic(w_, mm):
        return K.mix(w_, mm, [(0.5, K.agent_task), (0.5, lambda w2, q: K.pool_fn("selfinst")(w2, q))])

    def agent_step(w_, mm):
        obs = np.array(X.AGENT_OBS, dtype=object)[r.integers(0, len(X.AGENT_OBS), mm)]
        p = render(X.AGENT_STEPS, r.integers(0, len(X.AGENT_STEPS), mm), {"obs": obs, "k": r.integers(1, 40, mm).astype(str)})
        return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(420) + 0.5 * r.standard_normal(mm))})

    def cu(w_, mm):
        tk = np.array(X.CU_TASKS, dtype=object)[r.integers(0, len(X.CU_TASKS), mm)]
        p = render(X.CU_STEP, r.integers(0, len(X.CU_STEP), mm), {"t": tk})
        return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(260) + 0.4 * r.standard_normal(mm)),
                             "has_image": np.ones(mm, bool),
                             "extra_in": (r.uniform(1100, 1700, mm)).astype(np.int64),
                             "system_prompt": SS([X.CU_SYSTEM] * mm),
                             "tools_declared": np.ones(mm, np.int32)})

    def synth(w_, mm):
        return K.mix(w_, mm, [(0.35, c_selfinst), (0.35, c_evol), (0.15, c_magpie), (0.15, c_distilabel)])

    code = np.where(np.isin(k, [1]) & ~first, 8, k)  # 8 = agent step
    fns = [c_tool, agentic, c_code, c_data, cu, c_vision, synth, c_agent_recon, agent_step]
    c = K.scatter(w, code, fns)
    # system prompts and tool schemas for agent episodes
    agent_rows = np.isin(k, [1])
    sys_default = np.array(X.AGENT_HARVEST_SYS, dtype=object)[eid % len(X.AGENT_HARVEST_SYS)]
    if hard_agent_sys is not None:
        sys_default = np.where(hard_agent_sys != None, hard_agent_sys, sys_default)  # noqa: E711
    sp = c["system_prompt"].to_numpy() if "system_prompt" in c.columns else np.full(m, None, dtype=object)
    sp = np.where(agent_rows, sys_default, sp)
    td = c["tools_declared"].fill_null(0).to_numpy() if "tools_declared" in c.columns else np.zeros(m, int)
    td = np.where(agent_rows, 4 + eid % 12, td)
    return c.with_columns(SS(sp, "system_prompt"),
                          pl.Series("tools_declared", td).cast(pl.Int32),
                          pl.Series("think", np.where(k == 7, True, _think_cols(c))))


def op_agentic(w: World):
    actor = "op_agentic_harvest"
    camp = w.campaign(actor)
    r = w.rng
    per_day = r.uniform(7000, 10000) * w.ascale
    t_phase2 = r.uniform(0.62, 0.75) * w.T
    kind_p = np.array([0.24, 0.24, 0.2, 0.1, 0.09, 0.08, 0.05])
    if w.hard:
        n = max(10, int(round(per_day / r.uniform(12, 18))))
        A = _hard_accounts(w, n, actor, camp, {"edu": 0.22, "research": 0.18, "startup": 0.28, "pro": 0.32})
        # in hard mode, about half of the agentic episodes reuse a popular coding agent's prompt and client
        ag = r.choice(4, n, p=[0.3, 0.35, 0.2, 0.15])
        a_ua, a_fp, a_sys, a_nt, a_mt, a_te = _agent_client(w, n, ag)
        use_agent = r.random(n) < 0.5
        acc, t, sid, pos = _hard_sessions(w, A, per_day / n, 12, 45)
        # episodes = sessions cut into chunks
        m = len(t)
        eid = sid * 4 + pos // 6
        epos = pos % 6
        g = A["g"]
    else:
        n = w.n(200, 320, minimum=8)
        lab_dom = invent_domains(w, 1, ["cn", "com.cn", "ai"])[0]
        clusters = r.integers(0, 4, n)  # access pathways: edu, research, startup, pro
        tier_of = np.array(["edu", "research", "startup", "pro"], dtype=object)
        edu_doms = invent_domains(w, 2, ["edu", "ac.jp", "edu.sg"])
        biz_doms = invent_domains(w, 4)
        cards = hexids(r, 10, 16, "pm_")
        tier = tier_of[clusters]
        dom = np.where(clusters == 0, edu_doms[r.integers(0, 2, n)],
                       np.where(clusters == 2, biz_doms[r.integers(0, 4, n)], consumer_domains(w, n)))
        pay = cards[clusters * 2 + r.integers(0, 3, n) % 2 + (clusters == 3) * r.integers(0, 3, n)]
        pay = np.where((clusters == 0) & (r.random(n) < 0.8), None, pay)
        staff = r.choice(n, min(n, int(r.integers(2, 5))), replace=False)
        dom[staff] = lab_dom
        res_pool = w.net.any_of(r, "res", 400, countries=["US", "JP", "KR", "SG", "TW", "HK", "GB", "DE", "BR", "IN"])
        cloud_ips, cloud_ents = _pool_ips(w, "cloud", ["US", "SG", "JP", "HK"], int(r.integers(6, 14)), 3)
        sign = cloud_ips[r.integers(0, len(cloud_ips), n)]
        cn_ent = w.net.pick(r, "res", np.array(["CN"] * len(staff)))
        sign[staff] = w.net.ips(r, cn_ent).to_numpy()
        created = r.uniform(-25, w.days * 0.5, n) * DAY
        g = w.add_accounts(n, actor, camp, tier=tier, verified=r.random(n) < np.where(clusters < 2, 0.55, 0.05),
                           created_at=created, email_domain=dom, payment=pay, signup_ip=sign)
        active_from = np.maximum(created, 0) + r.uniform(0.05, 1.0, n) * DAY
        # synchronized shifts; each account runs a worker through a chain of episodes
        hours = np.sort(r.choice(24, 3, replace=False)).astype(float)
        shift_len = r.uniform(3, 5) * HOUR
        starts, accs = [], []
        for d in range(int(np.ceil(w.days))):
            for h in hours:
                s = d * DAY + h * HOUR
                act = np.nonzero(active_from <= s)[0]
                act = act[r.random(len(act)) < 0.75]
                starts.append(s + r.normal(0, 90, len(act)))
                accs.append(act)
        w_start, w_acc = np.concatenate(starts), np.concatenate(accs)
        per_worker = per_day * w.days / max(1, len(w_start))
        gap_mean = shift_len / max(per_worker, 1)
        nev = r.poisson(per_worker, len(w_start))
        wid, wpos, t = expand(w_start, nev, gamma_gaps(r, int(nev.sum()), gap_mean, 0.35))
        acc = w_acc[wid]
        keep = (t >= 0) & (t < w.T)
        acc, t, wid, wpos = acc[keep], t[keep], wid[keep], wpos[keep]
        m = len(t)
        eid = wid * 50 + wpos // 8
        epos = wpos % 8
    # episode kinds: multi-turn for agentic and computer-use
    ekind = r.choice(7, size=int(eid.max()) + 1 if len(eid) else 1, p=kind_p)
    kinds = ekind[eid]
    multi = np.isin(kinds, [1, 4])
    pos_in = np.where(multi, epos, 0)
    phase2 = t >= t_phase2
    hard_sys = None
    if w.hard:
        hard_sys = np.where(use_agent[acc], a_sys[acc], None)
    c = _b_episode_content(w, kinds, pos_in, phase2, eid, hard_sys)
    if w.hard:
        c, cov = _add_cover(w, c, r.uniform(0.08, 0.15))
        agent_ep = use_agent[acc] & (kinds == 1)
        ip, asn, country = A["ip"][acc], w.net.asn[A["ent"][acc]], w.net.country[A["ent"][acc]]
        ua = np.where(agent_ep, a_ua[acc], A["ua"][acc])
        fp = np.where(agent_ep, a_fp[acc], A["fp"][acc])
        mt = np.where(agent_ep, a_mt[acc], A["mt"][acc])
        te = np.where(agent_ep, a_te[acc], A["te"][acc])
        c = c.with_columns(pl.Series("tools_declared", np.where(agent_ep, a_nt[acc],
                                                                c["tools_declared"].fill_null(0).to_numpy())).cast(pl.Int32))
    else:
        c = c.with_columns(pl.lit("harvest").alias("role"))
        prox = np.isin(clusters[acc], [0, 1])
        pe = res_pool[r.integers(0, len(res_pool), m)]
        pip = w.net.ips(r, pe).to_numpy().astype(object)  # rotating residential proxy: new exit each request
        j = r.integers(0, len(cloud_ips), m)
        ip = np.where(prox, pip, cloud_ips[j])
        ent = np.where(prox, pe, cloud_ents[j])
        asn, country = w.net.asn[ent], w.net.country[ent]
        cl_ua = np.array(["lumen-python/1.38.2", "OpenAI/Python 1.30.1", "python-requests/2.31.0", "lumen-node/0.24.0"],
                         dtype=object)
        cl_fp = np.array([_fp("py-openssl3"), _fp("py-openssl3"), _fp("py-openssl1"), _fp("node20")], dtype=object)
        ua, fp = cl_ua[clusters[acc]], cl_fp[clusters[acc]]
        mt, te = np.full(m, 8192), np.full(m, 0.8)
    think = _think_cols(c)
    hist = _turn_history(w, eid, pos_in, 700, 0.7)
    base = np.where(think, "lumen-3-pro", "lumen-3").astype(object)
    p_new = np.where(t >= w.release, 0.5 * (1 - np.exp(-(t - w.release) / (20 * HOUR))), 0)
    adopt = np.where(r.random(m) < p_new, w.release, np.inf)
    emit_events(w, c.drop("task", strict=False), t=t, acct=g[acc], model=S(models_for(w, t, base, adopt, think)),
                surface="api", ip=S(ip), asn=asn, country=S(country), user_agent=S(ua), client_fingerprint=S(fp),
                temperature=te, max_tokens=np.where(think, np.maximum(mt, 16000), mt), think=think,
                n_turns=2 * pos_in + 1, extra_in=hist, campaign_id=camp, role=S(c["role"].to_numpy()))


# =========================================================================== op 3: reseller hydra
def _slot_timeline(w: World, n_slots: int, life_mean_d: float, gap_lo_h: float, gap_hi_h: float):
    """Sequence of accounts per slot: each lives ~Exp(life) days, is banned, and is
    replaced after a short gap.  Returns arrays (slot, start, end, banned)."""
    r = w.rng
    rows = []
    slot = np.arange(n_slots)
    start = np.zeros(n_slots)
    first = True
    while len(slot):
        life = r.exponential(life_mean_d * DAY, len(slot))
        if first:
            life = life * r.uniform(0.2, 1.0, len(slot))  # already part-way through their life at window start
        end = start + life
        banned = end < w.T
        rows.append(np.stack([slot, start, np.minimum(end, w.T), banned, np.full(len(slot), first)], 1))
        nxt = banned
        slot = slot[nxt]
        start = end[nxt] + r.uniform(gap_lo_h, gap_hi_h, int(nxt.sum())) * HOUR
        ok = start < w.T - HOUR
        slot, start = slot[ok], start[ok]
        first = False
    tab = np.concatenate(rows)
    return tab[:, 0].astype(int), tab[:, 1], tab[:, 2], tab[:, 3].astype(bool), tab[:, 4].astype(bool)


def _assign(slots_sorted_key, acc_rows, slot_of_ev, t_ev, start, BIG=1e9):
    key = slot_of_ev * BIG + t_ev
    i = np.searchsorted(slots_sorted_key, key, side="right") - 1
    return acc_rows[np.clip(i, 0, len(acc_rows) - 1)]


def op_hydra(w: World):
    actor = "reseller_hydra"
    camp = w.campaign(actor)
    r = w.rng
    per_day = r.uniform(7500, 11000) * w.ascale
    harvest_share = r.uniform(0.55, 0.68)
    if w.hard:
        n_slots = max(4, int(round(per_day / r.uniform(30, 42) * 1.2)))  # accounts only work in their daytime
        life, g_lo, g_hi = r.uniform(9, 14), 2, 24
    else:
        n_slots = w.n(90, 140, minimum=4)
        life, g_lo, g_hi = r.uniform(3, 5), 0.1, 3
    slot, st, en, banned, first = _slot_timeline(w, n_slots, life, g_lo, g_hi)
    na = len(slot)
    tier_p = ({"pro": 0.5, "free": 0.2, "startup": 0.2, "edu": 0.1} if w.hard else
              {"free": 0.3, "pro": 0.3, "startup": 0.25, "edu": 0.15})
    if w.hard:
        # each slot keeps one exit country (and time zone) through its chain of replacement accounts
        slot_country = _exit_countries(w, n_slots)
        A = _hard_accounts(w, na, actor, camp, tier_p, created_lo=-400, created_hi=-30, country=slot_country[slot])
        g = A["g"]
        slot_tz = np.zeros(n_slots)
        for s_ in range(n_slots):
            slot_tz[s_] = A["tz"][np.nonzero(slot == s_)[0][0]]
        A["tz"] = slot_tz[slot]
        tzg = A["tz"]
    else:
        gw_ips, gw_ents = _pool_ips(w, "cloud", ["HK", "SG", "US"], int(r.integers(6, 13)), 3)
        doms = np.array(invent_domains(w, 3, ["com", "net", "xyz"]).tolist() + ["gmail.com", "outlook.com", "proton.me"],
                        dtype=object)
        tiers = np.array(list(tier_p), dtype=object)
        tier = r.choice(tiers, na, p=np.array(list(tier_p.values())))
        created = np.where(first, -r.uniform(0.5, 12, na) * DAY, st - r.uniform(0.2, 8, na) * HOUR)
        # prepaid virtual cards: batches shared by several accounts; replacements reuse cards of banned ones
        ncards = max(2, na // 6)
        cards = hexids(r, ncards, 16, "pm_")
        pay = cards[(slot + r.integers(0, 2, na)) % ncards]
        pay = np.where((tier == "edu") & (r.random(na) < 0.8), None, pay)
        g = w.add_accounts(na, actor, camp, tier=tier, verified=r.random(na) < 0.04, created_at=created,
                           email_domain=doms[r.integers(0, len(doms), na)], payment=pay,
                           signup_ip=gw_ips[r.integers(0, len(gw_ips), na)])
    surface_acc = np.where(r.random(na) < 0.3, "cloud", "api").astype(object)
    order = np.lexsort((st, slot))
    skey = slot[order] * 1e9 + st[order]
    rows = order

    # ---- harvest episodes (agentic coding, tool use, orchestration), machine-paced 24/7
    ep_per_day = per_day * harvest_share / 9.0
    ep_start = np.sort(r.uniform(0, w.T, r.poisson(ep_per_day * w.days)))
    ne = len(ep_start)
    elen = np.clip(np.exp(np.log(8) + 0.6 * r.standard_normal(ne)), 1, 40).astype(int)
    etype = r.choice(3, ne, p=[0.6, 0.25, 0.15])  # coding agent, tool use, orchestration
    elen = np.where(etype == 1, 1, elen)
    gap = gamma_gaps(r, int(elen.sum()), 5.0 if not w.hard else 14.0, 0.35 if not w.hard else 0.9)
    eid, pos, t = expand(ep_start, elen, gap)
    # ---- unrelated customers: their own diurnal mix (servegen-shaped), single or short multi-turn
    ci = r.integers(0, len(w.C.traces.rate_series), 2)
    ser = w.C.traces.rate_series[ci].mean(0)
    tc = stream_times(w, per_day * (1 - harvest_share), ser / ser.mean(), 1.4, 8.0)
    # assign to accounts
    if w.hard:
        groups = np.unique(tzg)

        def assign(times, n_):
            loc = (times[:, None] / HOUR + groups[None, :]) % 24
            elig = (loc >= 8.5) & (loc < 21.5)
            elig[~elig.any(1), 0] = True
            ch = np.argmax(elig * r.random((n_, len(groups))), 1)
            # random account of that tz group alive at that time
            out = np.full(n_, -1)
            for gi, gz in enumerate(groups):
                mm = np.nonzero(ch == gi)[0]
                sl = np.nonzero(slot_tz == gz)[0]
                if not len(mm) or not len(sl):
                    continue
                pick_slot = sl[r.integers(0, len(sl), len(mm))]
                out[mm] = _assign(skey, rows, pick_slot, times[mm], st)
            return out
        e_acc = assign(ep_start, ne)
        c_acc = assign(tc, len(tc))
    else:
        e_acc = _assign(skey, rows, r.integers(0, n_slots, ne), ep_start, st)
        c_acc = _assign(skey, rows, r.integers(0, n_slots, len(tc)), tc, st)
    acc_h = e_acc[eid]
    # drop what falls outside the account's life (banned mid-episode) or the window
    ok_h = (t < w.T) & (t >= st[acc_h]) & (t < en[acc_h]) & (e_acc[eid] >= 0)
    ok_c = (tc >= st[c_acc]) & (tc < en[c_acc]) & (c_acc >= 0)
    eid, pos, t, acc_h = eid[ok_h], pos[ok_h], t[ok_h], acc_h[ok_h]
    tc, c_acc = tc[ok_c], c_acc[ok_c]
    mh, mc = len(t), len(tc)

    # content
    et = etype[eid]
    first_turn = pos == 0
    hydra_sys = np.array(X.HYDRA_SYS, dtype=object)
    if w.hard:
        agent_i = r.choice(4, na, p=[0.3, 0.35, 0.2, 0.15])
        a_ua, a_fp, a_sys, a_nt, a_mt, a_te = _agent_client(w, na, agent_i)
    code_k = np.where(et == 1, 2, np.where(first_turn, 0, 1))
    ch = K.scatter(w, code_k, [K.agent_task, K.agent_step, c_tool])
    sp = ch["system_prompt"].to_numpy() if "system_prompt" in ch.columns else np.full(mh, None, dtype=object)
    if w.hard:
        sp = np.where(et == 0, a_sys[acc_h], np.where(et == 2, hydra_sys[1], sp))
        td = np.where(et == 0, a_nt[acc_h], np.where(et == 2, 8, 0))
    else:
        sp = np.where(et == 0, hydra_sys[0], np.where(et == 2, hydra_sys[1], sp))
        td = np.where(et == 0, 12, np.where(et == 2, 8, 0))
    tdc = ch["tools_declared"].fill_null(0).to_numpy() if "tools_declared" in ch.columns else np.zeros(mh, int)
    ch = ch.with_columns(SS(sp, "system_prompt"),
                         pl.Series("tools_declared", np.where(et == 1, tdc, td)).cast(pl.Int32),
                         pl.lit("harvest").alias("role"), pl.lit(camp).alias("campaign_id"))
    hist_h = _turn_history(w, eid, pos, 1100, 0.9)
    cc = aggregator_content(w, mc).with_columns(pl.lit("customer").alias("role"),
                                                pl.lit(None, dtype=pl.String).alias("campaign_id"))
    # pivot: ~half of the traffic on the new model within a day of the release
    tau = (5 if not w.hard else 7) * HOUR
    for part, tt, aa, hist in [(ch, t, acc_h, hist_h), (cc, tc, c_acc, np.zeros(mc, np.int64))]:
        m = len(tt)
        if not m:
            continue
        think = _think_cols(part)
        if "think" in part.columns:
            part = part.drop("think")
        p_new = np.where(tt >= w.release, 0.55 * (1 - np.exp(-(tt - w.release) / tau)), 0)
        adopt = np.where(r.random(m) < p_new, w.release, np.inf)
        # the harvest targets the flagship; customers also ask for the small model
        base = np.where((r.random(m) < 0.2) & (part is not ch), "lumen-3-mini", "lumen-3").astype(object)
        if part is not ch:
            adopt = np.where(base == "lumen-3-mini", w.release, adopt)  # mini users move when lumen-4-mini ships
        model = models_for(w, tt, base, adopt, think)
        if w.hard:
            ip, asn, country = A["ip"][aa], w.net.asn[A["ent"][aa]], w.net.country[A["ent"][aa]]
            is_agent = part["role"].to_numpy() == "harvest"
            ag_ev = (is_agent & (et[:m] == 0)) if part is ch else np.zeros(m, bool)
            ua = np.where(ag_ev, a_ua[aa], A["ua"][aa])
            fp = np.where(ag_ev, a_fp[aa], A["fp"][aa])
            mt = np.where(ag_ev, a_mt[aa], A["mt"][aa])
            te = np.where(ag_ev, a_te[aa], A["te"][aa])
        else:
            j = r.integers(0, len(gw_ips), m)
            ip, asn, country = gw_ips[j], w.net.asn[gw_ents[j]], w.net.country[gw_ents[j]]
            ua, fp = np.full(m, "Go-http-client/2.0", dtype=object), np.full(m, _fp("go122"), dtype=object)
            mt = np.full(m, 8192)
            te = np.where(part["role"].to_numpy() == "harvest", 0.7, r.choice([0.0, 0.7, 1.0], m))
        ntr = 2 * pos + 1 if part is ch else np.where(r.random(m) < 0.3, 2 * r.geometric(0.3, m) + 1, 1)
        if part is not ch:
            # forwarded conversations: context lengths of a real chat service (Mooncake trace)
            hist = np.where(ntr > 1, r.choice(w.C.traces.mc_in, m) * r.uniform(0.3, 1.0, m), 0).astype(np.int64)
        emit_events(w, part, t=tt, acct=g[aa], model=S(model), surface=S(surface_acc[aa]), ip=S(ip), asn=asn,
                    country=S(country), user_agent=S(ua), client_fingerprint=S(fp), temperature=te,
                    max_tokens=np.where(think, np.maximum(mt, 16000), mt), think=think, n_turns=ntr, extra_in=hist)
    # a banned account's last attempts fail
    b = np.nonzero(banned)[0]
    if len(b):
        k = r.integers(1, 4, len(b))
        bi = np.repeat(b, k)
        tb = en[bi] + r.uniform(1, 600, len(bi))
        keep = tb < w.T
        bi, tb = bi[keep], tb[keep]
        m = len(bi)
        cb = K.agent_step(w, m).with_columns(pl.lit("harvest").alias("role"), pl.lit(camp).alias("campaign_id"))
        if w.hard:
            ip, asn, country, ua, fp = (A["ip"][bi], w.net.asn[A["ent"][bi]], w.net.country[A["ent"][bi]],
                                        A["ua"][bi], A["fp"][bi])
        else:
            j = r.integers(0, len(gw_ips), m)
            ip, asn, country = gw_ips[j], w.net.asn[gw_ents[j]], w.net.country[gw_ents[j]]
            ua, fp = np.full(m, "Go-http-client/2.0", dtype=object), np.full(m, _fp("go122"), dtype=object)
        emit_events(w, cb, t=tb, acct=g[bi], model="lumen-3", surface=S(surface_acc[bi]), ip=S(ip), asn=asn,
                    country=S(country), user_agent=S(ua), client_fingerprint=S(fp), temperature=0.7,
                    max_tokens=8192, forced_status="error")
    w.notes["hydra_accounts"] = int(na)
    w.notes["hydra_banned"] = int(banned.sum())


ALL = [op_reasoning, op_agentic, op_hydra]
