"""Legitimate personas, including the look-alikes that resemble distillation traffic."""
from __future__ import annotations

import cra_templates as T
import numpy as np
import polars as pl
from cra_net import STACK_FP, TZ, coding_agent_clients, make_clients
from cra_util import DAY, HOUR, lognormal, obj, pick, render, render_multi, segment_cumsum, segments, wchoice
from cra_world import H_CONSUMER, H_SCHOOL, H_STUDENT, H_WORK, NEW_MODEL, W_CONSUMER, W_STUDENT, W_WORK, World


# ------------------------------------------------------------------------------------------
# shared helpers
def gather_rows(df: pl.DataFrame, idx) -> pl.DataFrame:
    return df.select(pl.all().gather(np.asarray(idx, dtype=np.int64)))


def clients_mix(rng, n, weights: dict[str, float]):
    """Per-account client family -> ua, fp, default max_tokens, default temperature, surface."""
    fam = wchoice(rng, list(weights), n, list(weights.values()))
    ua = np.empty(n, dtype=object)
    fp = np.empty(n, dtype=object)
    mt = np.zeros(n, dtype=np.int64)
    temp = np.ones(n)
    surface = np.empty(n, dtype=object)
    for f in np.unique(fam):
        m = fam == f
        key = "browser" if f == "console" else f
        u, p, x, tt = make_clients(rng, key, int(m.sum()))
        ua[m], fp[m], mt[m], temp[m] = u, p, x, tt
        surface[m] = {"browser": "chat", "mobile_app": "chat", "console": "console"}.get(f, "api")
    return fam, ua, fp, mt, temp, surface


def chat_sessions_tasks(W: World, rng, idx, pos, first: pl.DataFrame) -> pl.DataFrame:
    """Multi-turn chat: first turn from `first` (one row per session), later turns are follow-ups."""
    n = len(idx)
    base = gather_rows(first, idx)
    m = pos > 0
    fu = pl.Series("f", wchoice(rng, T.FOLLOWUPS, n).tolist(), dtype=pl.String)
    prompt = pl.DataFrame({"a": base["prompt"], "b": fu, "m": m}).select(
        pl.when(pl.col("m")).then(pl.col("b")).otherwise(pl.col("a")).alias("p"))["p"]
    hist = (pos * lognormal(rng, 380, 0.45, n)).astype(np.int64)
    out = np.where(m, W.out_chat(rng, n, 1.3), base["out_vis"].to_numpy())
    return base.with_columns(prompt=prompt, extra_in=base["extra_in"] + hist, out_vis=out,
                             n_turns=pl.Series((1 + 2 * pos).astype(np.int64)),
                             has_image=pl.Series(base["has_image"].to_numpy() & ~m),
                             tools_declared=pl.Series(np.where(m, 0, base["tools_declared"].to_numpy())))


def replace_rows(df: pl.DataFrame, rows: np.ndarray, sub: pl.DataFrame) -> pl.DataFrame:
    keep = np.ones(df.height, bool)
    keep[rows] = False
    a = df.with_columns(_r=pl.Series(np.arange(df.height))).filter(pl.Series(keep))
    b = sub.with_columns(_r=pl.Series(np.asarray(rows, dtype=np.int64)))
    return pl.concat([a, b], how="diagonal_relaxed").sort("_r").drop("_r").select(df.columns)


def session_ts(starts, idx, pos, L, gaps):
    return starts[idx] + segment_cumsum(np.where(pos > 0, gaps, 0.0), L)


def home_ips(W: World, rng, countries, v6=0.15):
    return W.net.new_ips(W.net.blocks_for_countries("resid", countries), v6_frac=v6)


def mobile_ips(W: World, countries):
    return W.net.new_ips(W.net.blocks_for_countries("mobile", countries), v6_frac=0.5)


def pool_pick(rng, pools: list[np.ndarray], which: np.ndarray) -> np.ndarray:
    """For each row pick a random element of pools[which[row]]."""
    out = np.empty(len(which), dtype=np.int64)
    for k in np.unique(which):
        m = which == k
        out[m] = rng.choice(pools[int(k)], int(m.sum()))
    return out


def base_models(rng, n, weights: dict[str, float]):
    return wchoice(rng, list(weights), n, list(weights.values()))


def apply_switch(model, t, switch_time_per_row):
    model = model.copy()
    model[t >= switch_time_per_row] = NEW_MODEL
    return model


def vpn_exits(W: World):
    if not hasattr(W, "_vpn"):
        rng = W.stream("vpn-exits")
        blocks = W.net.block_ids("vpn")
        pools = [W.net.subnet_pool(int(b), int(rng.integers(3, 9))) for b in blocks]
        W._vpn = np.concatenate(pools)
        W._vpn_w = rng.pareto(1.2, len(W._vpn)) + 0.2
    return W._vpn, W._vpn_w


def general_first(W: World, rng, n, code=0.08, math=0.05, vision=0.04, passage=0.06):
    C = W.C
    parts = [(1 - code - math - vision - passage, lambda r, k: W.t_general(r, k)),
             (code, lambda r, k: W.t_coding(r, k)),
             (math, lambda r, k: W.t_math(r, k, wrap=T.HOMEWORK_WRAP)),
             (vision, lambda r, k: W.t_vision(r, k)),
             (passage, lambda r, k: W._task(render("Summarize this:\n\n{x}", {"x": C.sample(C.passages, k, r)}), r, k,
                                             out_vis=W.out_chat(r, k)))]
    df, _ = W.mix(rng, n, parts)
    return df


# ------------------------------------------------------------------------------------------
def casual_chat(W: World, vpn: bool = False):
    name = "vpn_user" if vpn else "casual_chat"
    rng = W.stream(name)
    n = W.count(rng, 250, 450, 10) if vpn else W.count(rng, 2200, 3200, 60)
    cc = W.countries(rng, n)
    tz = W.tz_of(rng, cc)
    tier = np.where(rng.random(n) < (0.4 if vpn else 0.28), "pro", "free").astype(object)
    verified = rng.random(n) < np.where(tier == "pro", 0.3, 0.04)
    email = W.personal_email(rng, cc)
    if vpn:
        email[rng.random(n) < 0.4] = "proton.me"
    pay = np.full(n, None, dtype=object)
    pro = np.nonzero(tier == "pro")[0]
    groups = np.arange(len(pro))
    fam = np.nonzero(rng.random(len(pro)) < 0.06)[0]  # families / couples sharing one card
    groups[fam[1::2]] = fam[0::2][: len(fam[1::2])]
    pay[pro] = W.payments(len(pro), groups)
    created = W.created_before(rng, n, 2, 1000)
    new = rng.random(n) < 0.04
    created[new] = rng.uniform(0, W.T * 0.9, int(new.sum()))
    home = home_ips(W, rng, cc)
    org = W.orgs(n)
    fam_c, ua, fp, mt, temp, surface = clients_mix(rng, n, {"browser": 0.68, "mobile_app": 0.24, "py_sdk": 0.08})
    k1, _ = W.keys(n, rng)
    ids = W.add_accounts(n, name, tier=tier, verified=verified, email=email, payment=pay, created=created,
                         signup_ip=home, org=org)
    per_day = np.clip(lognormal(rng, 0.3, 0.9, n), 0.02, 4)
    acct, start = W.sessions(rng, tz, per_day, H_CONSUMER, W_CONSUMER, t_from=created)
    ns = len(acct)
    L, idx, pos = W.expand(rng, ns, 3.2, 60)
    a = acct[idx]
    first = general_first(W, rng, ns)
    tasks = chat_sessions_tasks(W, rng, idx, pos, first)
    gaps = lognormal(rng, 55, 0.9, len(idx)) + tasks["out_vis"].to_numpy() / 60
    t = session_ts(start, idx, pos, L, gaps)
    # IPs: per session home / mobile / VPN exit
    sess_cc = cc[acct]
    if vpn:
        exits, w = vpn_exits(W)
        sess_ip = exits[rng.choice(len(exits), ns, p=w / w.sum())]
        home_m = rng.random(ns) < 0.12
        sess_ip[home_m] = home[acct[home_m]]
    else:
        sess_ip = home[acct].copy()
        mob = rng.random(ns) < np.where(fam_c[acct] == "mobile_app", 0.6, 0.12)
        if mob.any():
            sess_ip[mob] = mobile_ips(W, sess_cc[mob])
    # models
    mdl = np.where(tier[a] == "pro", base_models(rng, len(a), {"atlas-2": 0.72, "atlas-2-think": 0.28}),
                   base_models(rng, len(a), {"atlas-2-mini": 0.85, "atlas-2": 0.15}))
    sw = W.adopt_accounts(rng, n, 1.0, 3.0)  # product default switches (staged rollout) for pro
    sw_free = W.adopt_accounts(rng, n, 0.35, 48.0)
    sw_row = np.where(tier[a] == "pro", sw[a], sw_free[a])
    sw_row = np.where(surface[a] == "api", W.adopt_accounts(rng, n, 0.3, 72.0)[a], sw_row)
    mdl = apply_switch(mdl, t, sw_row)
    tasks = tasks.with_columns(think=pl.Series(tasks["think"].to_numpy() | (rng.random(len(a)) < 0.25)))
    W.emit(t, ids[a], actor=name, ip_idx=sess_ip[idx], model=mdl, tasks=tasks, org_id=org[a], api_key_id=k1[a],
           user_agent=ua[a], fingerprint=fp[a], surface=surface[a], max_tokens=mt[a], temperature=temp[a], rng=rng,
           p_refuse=0.004)


# ------------------------------------------------------------------------------------------
def developer_iteration(W: World):
    name = "developer_iteration"
    rng = W.stream(name)
    C = W.C
    n = W.count(rng, 400, 700, 20)
    cc = W.countries(rng, n)
    tz = W.tz_of(rng, cc)
    tier = wchoice(rng, ["pro", "team", "startup", "free"], n, [0.35, 0.15, 0.15, 0.35])
    verified = rng.random(n) < np.where(np.isin(tier, ["team", "startup"]), 0.55, 0.15)
    email = W.personal_email(rng, cc)
    comp = rng.random(n) < 0.4
    email[comp] = W.company_domain(rng, int(comp.sum()))
    pay = np.full(n, None, dtype=object)
    paid = tier != "free"
    pay[paid] = W.payments(int(paid.sum()))
    created = W.created_before(rng, n, 5, 900)
    home = home_ips(W, rng, cc, v6=0.2)
    org = W.orgs(n)
    fam, ua, fp, mt, temp, surface = clients_mix(rng, n, {"py_sdk": 0.45, "node_sdk": 0.2, "py_raw": 0.13,
                                                         "curl": 0.05, "console": 0.17})
    k1, k2 = W.keys(n, rng, 0.5)
    ids = W.add_accounts(n, name, tier=tier, verified=verified, email=email, payment=pay, created=created,
                         signup_ip=home, org=org)
    per_day = np.clip(lognormal(rng, 0.45, 0.8, n), 0.03, 3)
    acct, start = W.sessions(rng, tz, per_day, H_WORK, W_WORK)
    ns = len(acct)
    L, idx, pos = W.expand(rng, ns, 15, 150)
    a = acct[idx]
    nr = len(idx)
    # base task per session, edited along the session
    first = W.mix(rng, ns, [(0.45, lambda r, k: W.t_general(r, k, C.general)), (0.25, lambda r, k: W.t_coding(r, k)),
                            (0.15, lambda r, k: W.t_tooluse(r, k)),
                            (0.15, lambda r, k: W._task(render("{x}", {"x": C.sample(C.passages, k, r)}), r, k,
                                                          out_vis=W.out_chat(r, k)))])[0]
    sess_sys = pl.Series("s", wchoice(rng, T.DEV_SYSTEM_PROMPTS, ns).tolist(), dtype=pl.String)
    base = gather_rows(first, idx)
    edit = pl.Series("e", wchoice(rng, T.DEV_EDITS, nr).tolist(), dtype=pl.String)
    sys_edit = pl.Series("e", np.where(rng.random(nr) < 0.3, wchoice(rng, T.DEV_EDITS, nr), "").tolist(), dtype=pl.String)
    prompt = render("{p}{e}", {"p": base["prompt"], "e": edit})
    sys0 = sess_sys.gather(idx)
    sys_tool = base["system_prompt"]
    sysp = pl.DataFrame({"t": sys_tool, "s": sys0, "e": sys_edit}).select(
        pl.when(pl.col("t").is_not_null()).then(pl.col("t"))
        .otherwise(pl.when(pl.col("s") == "").then(None).otherwise(pl.concat_str(["s", "e"]))).alias("x"))["x"]
    tasks = base.with_columns(prompt=prompt, system_prompt=sysp)
    gaps = lognormal(rng, 70, 0.8, nr) + tasks["out_vis"].to_numpy() / 60
    t = session_ts(start, idx, pos, L, gaps)
    vpn_m = rng.random(n) < 0.08
    exits, w = vpn_exits(W)
    ip = home[a].copy()
    vm = vpn_m[a]
    ip[vm] = exits[rng.choice(len(exits), int(vm.sum()))]
    sess_model = base_models(rng, ns, {"atlas-2": 0.5, "atlas-2-mini": 0.3, "atlas-2-think": 0.2})
    mdl = apply_switch(sess_model[idx], t, W.adopt_accounts(rng, n, 0.45, 30)[a])
    temps = np.array([0.0, 0.2, 0.5, 0.7, 1.0])
    tt = np.where(rng.random(nr) < 0.5, temp[a], temps[rng.integers(0, 5, nr)])
    mts = np.where(rng.random(nr) < 0.6, mt[a], rng.choice([256, 512, 1000, 2048, 4096, 8192], nr))
    key = np.where(rng.random(nr) < 0.8, k1[a], k2[a])
    W.emit(t, ids[a], actor=name, ip_idx=ip, model=mdl, tasks=tasks, org_id=org[a], api_key_id=key,
           user_agent=ua[a], fingerprint=fp[a], surface=surface[a], max_tokens=mts, temperature=tt, rng=rng)


# ------------------------------------------------------------------------------------------
def coding_agent_user(W: World):
    name = "coding_agent_user"
    rng = W.stream(name)
    C = W.C
    n = W.count(rng, 450, 750, 20)
    cc = W.countries(rng, n)
    tz = W.tz_of(rng, cc)
    tier = wchoice(rng, ["pro", "team", "free", "startup"], n, [0.5, 0.2, 0.15, 0.15])
    verified = rng.random(n) < np.where(np.isin(tier, ["team", "startup"]), 0.6, 0.2)
    email = W.personal_email(rng, cc)
    comp = rng.random(n) < 0.45
    email[comp] = W.company_domain(rng, int(comp.sum()))
    pay = np.full(n, None, dtype=object)
    paid = tier != "free"
    pay[paid] = W.payments(int(paid.sum()))
    created = W.created_before(rng, n, 3, 800)
    home = home_ips(W, rng, cc, v6=0.2)
    org = W.orgs(n)
    prod_i = rng.choice(len(T.CODING_AGENTS), n, p=[0.35, 0.3, 0.15, 0.2])
    ua = np.empty(n, dtype=object)
    fp = np.empty(n, dtype=object)
    mt = np.zeros(n, dtype=np.int64)
    temp = np.zeros(n)
    for j, (prod, _, _) in enumerate(T.CODING_AGENTS):
        m = prod_i == j
        ua[m], fp[m], mt[m], temp[m] = coding_agent_clients(rng, prod, int(m.sum()))
    k1, _ = W.keys(n, rng)
    ids = W.add_accounts(n, name, tier=tier, verified=verified, email=email, payment=pay, created=created,
                         signup_ip=home, org=org)
    per_day = np.clip(lognormal(rng, 0.9, 0.6, n), 0.1, 5)
    wk = W_WORK.copy()
    wk[5:] = 0.35
    acct, start = W.sessions(rng, tz, per_day, H_WORK, wk)
    ns = len(acct)
    tasks_pool = pl.concat([pl.Series("s", T.AGENT_TASKS * 8, dtype=pl.String), C.coding]).rename("s")
    sess_task = C.sample(tasks_pool, ns, rng)
    sys_all = pl.Series("s", [s for _, s, _ in T.CODING_AGENTS], dtype=pl.String)
    tools_all = np.array([k for _, _, k in T.CODING_AGENTS])
    sp = prod_i[acct]
    df, idx, pos, L = W.t_agent_session(rng, ns, 14, sess_task, sys_all.gather(sp), tools_all[sp], think_p=0.0,
                                        step_out=160, ctx0=0)
    ctx = C.code_ctx[rng.integers(0, len(C.code_ctx), ns)]  # repository context, from the Azure code trace
    df = df.with_columns(extra_in=df["extra_in"] + ctx[idx])
    a = acct[idx]
    nr = len(idx)
    gaps = df["out_vis"].to_numpy() / 70 + lognormal(rng, 3.0, 1.0, nr) + np.where(rng.random(nr) < 0.12,
                                                                                    lognormal(rng, 60, 1.0, nr), 0)
    t = session_ts(start, idx, pos, L, gaps)
    sess_m = base_models(rng, ns, {"atlas-2": 0.8, "atlas-2-think": 0.2})
    mdl = apply_switch(sess_m[idx], t, W.adopt_accounts(rng, n, 0.6, 30)[a])
    df = df.with_columns(think=pl.Series(rng.random(nr) < 0.3))
    W.emit(t, ids[a], actor=name, ip_idx=home[a], model=mdl, tasks=df, org_id=org[a], api_key_id=k1[a],
           user_agent=ua[a], fingerprint=fp[a], surface="api", max_tokens=mt[a], temperature=temp[a], rng=rng)


# ------------------------------------------------------------------------------------------
CAMPUS_SITES = [("US", "edu", [-5, -6, -8]), ("GB", "edu", [0]), ("DE", "edu", [1]), ("IN", "edu", [5.5]),
                ("JP", "edu", [9]), ("CN", "edu", [8]), ("NL", "edu", [1])]
EDU_DOMAINS = {"US": ["northfield.edu", "lakeshore.edu", "stmarys-college.edu", "uvalley.edu"],
               "GB": ["brookhampton.ac.uk", "kingsmead.ac.uk"], "DE": ["tu-rheinau.de", "uni-oberhain.de"],
               "IN": ["iitn.ac.in", "srmu.edu.in"], "JP": ["kitaura-u.ac.jp"], "CN": ["dongqiao.edu.cn"],
               "NL": ["hogeveld.nl"]}


def campus_students(W: World):
    name = "campus_students"
    rng = W.stream(name)
    C = W.C
    n_campus = 3 if W.f >= 1 else 2
    n_campus = int(rng.integers(2, n_campus + 1))
    sites = rng.choice(len(CAMPUS_SITES), n_campus, replace=False)
    for si in sites:
        cc, kind, tzs = CAMPUS_SITES[int(si)]
        n = W.count(rng, 250, 450, 20)
        tz_c = float(rng.choice(tzs))
        blk = int(rng.choice(W.net.block_ids("edu", cc)))
        nat = W.net.subnet_pool(blk, int(rng.integers(2, 7)))
        dom = rng.choice(EDU_DOMAINS[cc])
        ccs = np.full(n, cc, dtype=object)
        home = home_ips(W, rng, ccs, v6=0.15)
        created = -rng.uniform(20, 140, n) * DAY
        new = rng.random(n) < 0.08
        created[new] = rng.uniform(0, W.T * 0.8, int(new.sum()))
        org = W.orgs(n)
        fam, ua, fp, mt, temp, surface = clients_mix(rng, n, {"browser": 0.62, "mobile_app": 0.08, "py_sdk": 0.3})
        k1, _ = W.keys(n, rng)
        ids = W.add_accounts(n, name, tier="edu", verified=True, email=dom, payment=None, created=created,
                             signup_ip=np.where(rng.random(n) < 0.7, nat[rng.integers(0, len(nat), n)], home), org=org)
        # courses with weekly assignments (the same public problems sent by many strangers)
        n_course = int(rng.integers(2, 5))
        course_kind = rng.choice(["math", "code"], n_course)
        course_of = rng.integers(0, n_course, n)
        n_weeks = int(np.ceil(W.days / 7)) + 1
        assign = {}
        for c in range(n_course):
            for wk in range(n_weeks):
                if course_kind[c] == "math":
                    assign[(c, wk)] = C.gsm_train[rng.integers(0, len(C.gsm_train), int(rng.integers(8, 15)))]
                else:
                    assign[(c, wk)] = rng.integers(0, len(C.code_instr), int(rng.integers(5, 10)))
        deadline_dow = rng.integers(0, 5, n_course)
        nd = int(np.ceil(W.days)) + 2
        dd = np.arange(-1, nd - 1)
        dmult = np.ones((n, nd))
        for c in range(n_course):
            near = ((deadline_dow[c] - np.mod(dd, 7)) % 7) <= 1
            dmult[course_of == c] = np.where(near, 2.6, 0.8)
        per_day = np.clip(lognormal(rng, 0.35, 0.7, n), 0.03, 3)
        tzv = np.full(n, tz_c)
        acct, start = W.sessions(rng, tzv, per_day, H_STUDENT, W_STUDENT, day_mult=dmult, t_from=created)
        ns = len(acct)
        hw = rng.random(ns) < 0.55
        week = np.clip(((start + tz_c * HOUR) // (7 * DAY)).astype(int), 0, n_weeks - 1)
        crs = course_of[acct]
        # homework first-turn tasks
        item = np.zeros(ns, dtype=np.int64)
        kinds = np.empty(ns, dtype=object)
        for s_i in np.nonzero(hw)[0]:  # per session (not per event); sessions are few
            pool = assign[(int(crs[s_i]), int(week[s_i]))]
            item[s_i] = pool[rng.integers(0, len(pool))]
            kinds[s_i] = course_kind[crs[s_i]]
        mm = hw & (kinds == "math")
        cm = hw & (kinds == "code")
        first_gen = general_first(W, rng, ns, code=0.1, math=0.08, vision=0.03, passage=0.08)
        if mm.any():
            fm = W.t_math(rng, int(mm.sum()), wrap=T.HOMEWORK_WRAP, item_idx=item[mm])
            first_gen = replace_rows(first_gen, np.nonzero(mm)[0], fm)
        if cm.any():
            q = pick(C.code_instr, item[cm])
            p = render_multi(rng.integers(0, len(T.CODE_EXERCISE_WRAP), int(cm.sum())), T.CODE_EXERCISE_WRAP,
                             {"q": q, "lq": q.str.to_lowercase()})
            fc = W._task(p, rng, int(cm.sum()), out_vis=W.out_from_chars(rng, C.code_out[item[cm]], 2.0))
            first_gen = replace_rows(first_gen, np.nonzero(cm)[0], fc)
        L, idx, pos = W.expand(rng, ns, 4.0, 60)
        tasks = chat_sessions_tasks(W, rng, idx, pos, first_gen)
        a = acct[idx]
        nr = len(idx)
        gaps = lognormal(rng, 70, 0.9, nr) + tasks["out_vis"].to_numpy() / 60
        t = session_ts(start, idx, pos, L, gaps)
        # on campus during the working day, at home otherwise
        loc_h = np.mod((start + tz_c * HOUR) / HOUR, 24)
        dow = np.mod(np.floor((start + tz_c * HOUR) / DAY), 7)
        on_campus = (loc_h >= 8) & (loc_h < 19) & (dow < 5) & (rng.random(ns) < 0.85)
        on_campus |= rng.random(ns) < 0.12  # dorms behind the same NAT
        sess_ip = np.where(on_campus, nat[rng.integers(0, len(nat), ns)], home[acct])
        mdl = base_models(rng, nr, {"atlas-2-mini": 0.55, "atlas-2": 0.45})
        mdl = apply_switch(mdl, t, W.adopt_accounts(rng, n, 0.3, 48)[a])
        W.emit(t, ids[a], actor=name, ip_idx=sess_ip[idx], model=mdl, tasks=tasks, org_id=org[a], api_key_id=k1[a],
               user_agent=ua[a], fingerprint=fp[a], surface=surface[a], max_tokens=mt[a], temperature=temp[a], rng=rng)


# ------------------------------------------------------------------------------------------
def edtech_platform(W: World):
    name = "edtech_platform"
    rng = W.stream(name)
    C = W.C
    n = W.count(rng, 300, 600, 15)
    cc = str(rng.choice(["US", "IN", "GB", "BR"]))
    tz = float(rng.choice(TZ[cc]))
    brand = str(rng.choice(["Learnly", "Mathbridge", "Tutorlane", "Quizhive"]))
    dom = brand.lower() + rng.choice([".app", ".com", ".io"])
    blk = int(rng.choice(W.net.block_ids("cloud", cc)))
    backend = W.net.subnet_pool(blk, int(rng.integers(2, 5)))
    org = W.orgs(1)[0]
    card = W.payments(1)[0]
    onboard = -rng.uniform(5, 120, 3) * DAY
    created = onboard[rng.integers(0, 3, n)] + rng.uniform(0, 600, n)  # bulk-created seats
    ua, fp, mt, temp = make_clients(rng, "node_sdk", 1)
    k = W.ids.make("key_", 2, 8)
    ids = W.add_accounts(n, name, tier="edu", verified=True, email=dom, payment=card, created=created,
                         signup_ip=backend[0], org=org)
    sysp = (f"You are {brand}'s tutor for students aged 11-18. Explain solutions step by step in simple language, "
            f"check the student's reasoning, and end with a short practice question. Never just give the answer "
            f"without explaining it.")
    per_day = np.clip(lognormal(rng, 0.45, 0.6, n), 0.05, 3)
    acct, start = W.sessions(rng, np.full(n, tz), per_day, H_SCHOOL, W_WORK)
    ns = len(acct)
    tpl = ["Student question: {q}\nExplain the solution step by step, then check the answer.",
           "Help the student with this exercise, one step at a time:\n{q}"]
    first, _ = W.mix(rng, ns, [
        (0.6, lambda r, m: W.t_math(r, m, wrap=tpl)),
        (0.25, lambda r, m: W.t_coding(r, m, wrap=["Student exercise: {q}\nGuide them step by step."])),
        (0.15, lambda r, m: W.t_general(r, m, C.alpaca))])
    L, idx, pos = W.expand(rng, ns, 5, 40)
    tasks = chat_sessions_tasks(W, rng, idx, pos, first).with_columns(system_prompt=pl.lit(sysp))
    a = acct[idx]
    nr = len(idx)
    t = session_ts(start, idx, pos, L, lognormal(rng, 60, 0.8, nr) + tasks["out_vis"].to_numpy() / 60)
    W.emit(t, ids[a], actor=name, ip_idx=backend[rng.integers(0, len(backend), nr)], model="atlas-2-mini", tasks=tasks,
           org_id=org, api_key_id=k[rng.integers(0, 2, nr)], user_agent=ua[0], fingerprint=fp[0], surface="api",
           max_tokens=1024, temperature=0.3, rng=rng)


# ------------------------------------------------------------------------------------------
def company_nat(W: World):
    name = "company_nat"
    rng = W.stream(name)
    C = W.C
    n_co = 2 if W.f >= 1 else 1
    for _ in range(n_co):
        n = W.count(rng, 80, 180, 15)
        cc = str(rng.choice(["US", "GB", "DE", "FR", "JP", "IN", "SG", "NL"]))
        tz = float(rng.choice(TZ[cc]))
        dom = W.company_domain(rng)[0]
        blk = int(rng.choice(W.net.block_ids("biz", cc) if len(W.net.block_ids("biz", cc)) else W.net.block_ids("biz")))
        nat = W.net.subnet_pool(blk, int(rng.integers(2, 5)))
        home = home_ips(W, rng, np.full(n, cc, dtype=object))
        org = W.orgs(1)[0]
        card = W.payments(1)[0]
        created = -rng.uniform(10, 400, n) * DAY
        tier = np.where(rng.random(n) < 0.85, "team", "enterprise").astype(object)
        fam, ua, fp, mt, temp, surface = clients_mix(rng, n, {"browser": 0.55, "console": 0.1, "py_sdk": 0.25,
                                                             "node_sdk": 0.1})
        k1, _ = W.keys(n, rng)
        ids = W.add_accounts(n, name, tier=tier, verified=True, email=dom, payment=card, created=created,
                             signup_ip=nat[0], org=org)
        per_day = np.clip(lognormal(rng, 0.8, 0.6, n), 0.05, 5)
        acct, start = W.sessions(rng, np.full(n, tz), per_day, H_WORK, W_WORK)
        ns = len(acct)
        first, _ = W.mix(rng, ns, [
            (0.4, lambda r, m: W.t_general(r, m, C.general)), (0.25, lambda r, m: W.t_coding(r, m)),
            (0.2, lambda r, m: W._task(render("Summarize the key points:\n\n{x}", {"x": C.sample(C.passages, m, r)}),
                                       r, m, out_vis=W.out_chat(r, m))),
            (0.1, lambda r, m: W._task(render("{x}\n\n{q}", {"x": C.sample(C.csv_snippets, m, r),
                                                            "q": wchoice(r, T.DATA_QUESTIONS, m)}), r, m,
                                       out_vis=W.out_long(r, m))),
            (0.05, lambda r, m: W.t_vision(r, m))])
        L, idx, pos = W.expand(rng, ns, 4, 40)
        tasks = chat_sessions_tasks(W, rng, idx, pos, first)
        a = acct[idx]
        nr = len(idx)
        t = session_ts(start, idx, pos, L, lognormal(rng, 60, 0.9, nr) + tasks["out_vis"].to_numpy() / 60)
        loc_h = np.mod((start + tz * HOUR) / HOUR, 24)
        office = (loc_h >= 7.5) & (loc_h < 19) & (rng.random(ns) < 0.85)
        sess_ip = np.where(office, nat[rng.integers(0, len(nat), ns)], home[acct])
        mdl = base_models(rng, nr, {"atlas-2": 0.7, "atlas-2-mini": 0.15, "atlas-2-think": 0.15})
        mdl = apply_switch(mdl, t, W.adopt_accounts(rng, n, 0.4, 48)[a])
        W.emit(t, ids[a], actor=name, ip_idx=sess_ip[idx], model=mdl, tasks=tasks, org_id=org, api_key_id=k1[a],
               user_agent=ua[a], fingerprint=fp[a], surface=surface[a], max_tokens=mt[a], temperature=temp[a], rng=rng)


# ------------------------------------------------------------------------------------------
def saas_backend(W: World):
    name = "saas_backend"
    rng = W.stream(name)
    C = W.C
    n_org = W.count(rng, 8, 14, 2)
    prods = rng.permutation(len(T.SAAS_PRODUCTS))
    brands = rng.permutation(len(T.SAAS_BRANDS))
    sg = C.sg_len
    for o in range(n_org):
        key, sys_t, user_t, src, temp, mtok = T.SAAS_PRODUCTS[int(prods[o % len(prods)])]
        brand = T.SAAS_BRANDS[int(brands[o % len(brands)])]
        cc = str(rng.choice(["US", "US", "DE", "SG", "JP", "IN", "NL", "IE"]))
        tz = float(rng.choice(TZ.get(cc, [0])))
        roles = ["prod"] + (["staging"] if rng.random() < 0.6 else []) + (["batch"] if rng.random() < 0.3 else [])
        n = len(roles)
        dom = W.company_domain(rng)[0]
        blk = int(rng.choice(W.net.block_ids("cloud", cc)))
        gw = W.net.subnet_pool(blk, int(rng.integers(2, 9)))
        org = W.orgs(1)[0]
        card = W.payments(1)[0]
        tier = "enterprise" if rng.random() < 0.6 else "team"
        created = -rng.uniform(60, 900) * DAY + np.arange(n) * rng.uniform(1, 30) * DAY
        client = str(rng.choice(["py_sdk", "node_sdk", "go", "py_raw"]))
        ua, fp, _, _ = make_clients(rng, client, 1)
        ids = W.add_accounts(n, name, tier=tier, verified=True, email=dom, payment=card, created=created,
                             signup_ip=gw[0], org=org)
        keys = W.ids.make("key_", n, 8)
        sysp = sys_t.replace("{brand}", brand).replace("{{", "{").replace("}}", "}")
        # volume & shape from a real ServeGen client
        prof_row = int(rng.integers(0, C.sg_profiles.shape[0]))
        shift = -int(round((tz - 8) * 6))
        daily_prod = float(np.clip(lognormal(rng, 380, 0.9), 60, 5000)) * min(1.0, W.f ** 0.4)
        lens = sg.row(int(rng.integers(0, sg.height)), named=True)
        pieces_t, pieces_a = [], []
        a_p, t_p = W.profile_arrivals(rng, [daily_prod], [prof_row], [shift])
        pieces_t.append(t_p)
        pieces_a.append(np.zeros(len(t_p), dtype=np.int64))
        for j, role in enumerate(roles[1:], start=1):
            if role == "staging":
                acct_s, st = W.sessions(rng, np.array([tz]), np.array([2.0]), H_WORK, W_WORK)
                Ls, idx_s, pos_s = W.expand(rng, len(st), 25, 200)
                ts = session_ts(st, idx_s, pos_s, Ls, lognormal(rng, 20, 1.0, len(idx_s)))
            else:
                nb = int(np.ceil(W.days))
                st = (np.arange(nb) * DAY + (2 - tz) * HOUR) % (nb * DAY)
                sizes = rng.integers(int(daily_prod * 0.1) + 10, int(daily_prod * 0.4) + 20, nb)
                Ls = sizes
                idx_s, pos_s = segments(Ls)
                ts = st[idx_s] + segment_cumsum(rng.exponential(0.4, len(idx_s)), Ls)
            pieces_t.append(ts)
            pieces_a.append(np.full(len(ts), j))
        t = np.concatenate(pieces_t)
        a = np.concatenate(pieces_a)
        m = (t >= 0) & (t < W.T)
        t, a = t[m], a[m]
        nr = len(t)
        if nr == 0:
            continue
        if src == "chat":
            text = C.sample(C.casual, nr, rng)
        elif src == "passage":
            text = C.sample(C.passages, nr, rng)
        elif src == "product":
            text = C.sample(C.products, nr, rng)
        elif src == "code":
            text = C.sample(C.code_inputs, nr, rng) if key == "codereview" else C.sample(C.sql_q, nr, rng)
        else:
            text = render_multi(rng.integers(0, len(T.HOMEWORK_WRAP), nr), T.HOMEWORK_WRAP,
                                {"q": C.sample(C.gsm_q, nr, rng)})
        prompt = render(user_t, {"text": text, "lang": wchoice(rng, T.LANGS, nr)}, n=nr)
        p50 = max(float(lens["p50_output_tokens"]), 5)
        p90 = max(float(lens["p90_output_tokens"]), p50 * 1.2)
        sig = np.log(p90 / p50) / 1.2816
        out = np.minimum(lognormal(rng, p50, sig, nr), mtok).astype(np.int64)
        tasks = W._task(prompt, rng, nr, system=sysp, out_vis=out)
        mdl_base = str(rng.choice(["atlas-1.5", "atlas-2-mini", "atlas-2-mini", "atlas-2"]))
        mdl = np.full(nr, mdl_base, dtype=object)
        stg = a == roles.index("staging") if "staging" in roles else np.zeros(nr, bool)
        mdl[stg & (t > W.t_rel + rng.uniform(2, 20) * HOUR) & (rng.random(nr) < 0.5)] = NEW_MODEL
        if rng.random() < 0.15:
            mdl[t > W.t_rel + rng.uniform(2, 4) * DAY] = NEW_MODEL
        W.emit(t, ids[a], actor=name, ip_idx=gw[rng.integers(0, len(gw), nr)], model=mdl, tasks=tasks, org_id=org,
               api_key_id=keys[a], user_agent=ua[0], fingerprint=fp[0], surface="api", max_tokens=mtok,
               temperature=temp, rng=rng, p_rl=0.004)


# ------------------------------------------------------------------------------------------
def benchmark_runner(W: World):
    name = "benchmark_runner"
    rng = W.stream(name)
    C = W.C
    n = W.count(rng, 20, 40, 4)
    tier = np.where(rng.random(n) < 0.55, "research", "edu").astype(object)
    cc = wchoice(rng, ["US", "GB", "DE", "CN", "JP", "IN", "FR", "NL", "KR", "CA"], n,
                 [30, 8, 8, 12, 6, 6, 5, 4, 5, 4])
    tz = W.tz_of(rng, cc)
    email = np.empty(n, dtype=object)
    for i in range(n):
        email[i] = str(rng.choice(EDU_DOMAINS.get(cc[i], ["research-inst.org"]))) if tier[i] == "edu" else \
            W.company_domain(rng)[0]
    pay = np.where(tier == "research", W.payments(n), None)
    created = W.created_before(rng, n, 20, 700)
    ips = np.empty(n, dtype=np.int64)
    on_cloud = rng.random(n) < 0.45
    for i in range(n):
        kind = "cloud" if on_cloud[i] else "edu"
        ids_b = W.net.block_ids(kind, cc[i])
        ips[i] = W.net.new_ips(np.array([rng.choice(ids_b)]))[0]
    org = W.orgs(n)
    fam, ua, fp, mt_d, temp_d, surface = clients_mix(rng, n, {"py_sdk": 0.6, "py_raw": 0.4})
    k1, _ = W.keys(n, rng)
    ids = W.add_accounts(n, name, tier=tier, verified=True, email=email, payment=pay, created=created,
                         signup_ip=ips, org=org)
    harness_g = rng.integers(0, len(T.BENCH_GSM8K), n)
    harness_c = rng.integers(0, len(T.BENCH_CODE), n)
    harness_m = rng.integers(0, len(T.BENCH_MCQ), n)
    bench_mt = rng.choice([512, 1024, 2048], n)
    shots_idx = C.gsm_train[:4]
    shots = "".join(f"Question: {q}\nAnswer: The answer is {a}.\n\n"
                    for q, a in zip(pick(C.gsm_q, shots_idx).to_list(), pick(C.gsm_a, shots_idx).to_list()))
    he_idx = np.arange(164)  # a fixed "HumanEval-like" slice of Code Alpaca
    mcq_idx = C.gsm_test[:500]
    runs = []  # (acct, start, bench, n_items, samples, model)
    for i in range(n):
        k = int(rng.integers(1, 4 if W.days > 5 else 2))
        for _ in range(k):
            d = rng.uniform(0, W.days)
            runs.append((i, d * DAY, rng.choice(["gsm8k", "code", "mcq"], p=[0.5, 0.25, 0.25]),
                         rng.choice(["atlas-2", "atlas-2-think", "atlas-2-mini"], p=[0.5, 0.3, 0.2])))
        if W.t_rel < W.T and rng.random() < 0.65:
            runs.append((i, W.t_rel + rng.uniform(2, 36) * HOUR, rng.choice(["gsm8k", "code", "mcq"]), NEW_MODEL))
    for i, st, bench, model in runs:
        # move start to local working hours
        loc_h = np.mod((st + tz[i] * HOUR) / HOUR, 24)
        st = st + ((rng.uniform(9, 17) - loc_h) % 24) * HOUR
        if st >= W.T:
            continue
        sc = rng.random() < 0.2
        if bench == "gsm8k":
            size = int(rng.choice([100, 250, 500, len(C.gsm_test)]))
            size = 100 if sc else size
            items = C.gsm_test[:size]
            reps = 5 if sc else 1
            it = np.repeat(items, reps)
            q = pick(C.gsm_q, it)
            tpl = T.BENCH_GSM8K[int(harness_g[i])]
            p = render(tpl, {"q": q, "shots": pl.Series([shots] * len(it))})
            out = W.out_from_chars(rng, C.gsm_sol_chars[it], 2.5)
        elif bench == "code":
            it = he_idx
            doc = pick(C.code_instr, it)
            fn = doc.str.to_lowercase().str.replace_all(r"[^a-z0-9 ]", "").str.split(" ").list.head(4).list.join("_")
            p = render(T.BENCH_CODE[int(harness_c[i])], {"doc": doc, "fn": fn})
            out = W.out_from_chars(rng, C.code_out[it], 1.5)
        else:
            it = mcq_idx[: int(rng.choice([200, 300, 500]))]
            ans = pick(C.gsm_a, it).cast(pl.Float64, strict=False).fill_null(10).to_numpy()
            opts = np.stack([ans, ans + rng.integers(1, 9, len(it)), ans * 2, np.maximum(ans - rng.integers(1, 9, len(it)), 0)], 1)
            opts = np.take_along_axis(opts, np.argsort(rng.random(opts.shape), 1), 1)
            fmt = lambda v: pl.Series(v).cast(pl.Int64).cast(pl.String)  # noqa: E731
            p = render(T.BENCH_MCQ[int(harness_m[i])], {"q": pick(C.gsm_q, it), "a1": fmt(opts[:, 0]), "a2": fmt(opts[:, 1]),
                                                          "a3": fmt(opts[:, 2]), "a4": fmt(opts[:, 3])})
            out = np.where(harness_m[i] == 0, 3, W.out_from_chars(rng, C.gsm_sol_chars[it], 2.0))
        m = len(it)
        conc = int(rng.choice([4, 8, 16, 32]))
        lat = lognormal(rng, 5 + out / 50, 0.4, m)
        t = st + np.cumsum(lat / conc) + rng.random(m) * 0.05
        tasks = W._task(p, rng, m, out_vis=out)
        W.emit(t, ids[i], actor=name, ip_idx=ips[i], model=model, tasks=tasks, org_id=org[i], api_key_id=k1[i],
               user_agent=ua[i], fingerprint=fp[i], surface="api", max_tokens=bench_mt[i],
               temperature=0.7 if sc else 0.0, rng=rng, p_rl=0.01)


# ------------------------------------------------------------------------------------------
def eval_judge_pipeline(W: World):
    name = "eval_judge_pipeline"
    rng = W.stream(name)
    n_org = W.count(rng, 8, 15, 2)
    for _ in range(n_org):
        n = int(rng.integers(1, 3))
        cc = str(rng.choice(["US", "US", "GB", "DE", "FR", "SG", "CN", "CA"]))
        tz = float(rng.choice(TZ[cc]))
        tier = str(rng.choice(["research", "team", "startup"], p=[0.3, 0.35, 0.35]))
        dom = W.company_domain(rng)[0]
        blk = int(rng.choice(W.net.block_ids("cloud", cc)))
        pool = W.net.subnet_pool(blk, int(rng.integers(1, 4)))
        org = W.orgs(1)[0]
        card = W.payments(1)[0]
        created = -rng.uniform(30, 600, n) * DAY
        ua, fp, _, _ = make_clients(rng, "py_sdk", 1)
        ids = W.add_accounts(n, name, tier=tier, verified=True, email=dom, payment=card, created=created,
                             signup_ip=pool[0], org=org)
        keys = W.ids.make("key_", n, 8)
        for j in range(n):
            fam = str(rng.choice(["abs", "multi", "pair"]))
            variant = int(rng.integers(0, 3))
            model0 = str(rng.choice(["atlas-2", "atlas-2-think"]))
            switch = W.t_rel + rng.uniform(1, 4) * DAY if rng.random() < 0.4 else np.inf
            cron_h = rng.uniform(0.5, 4.5)
            starts, sizes = [], []
            for d in range(int(np.ceil(W.days)) + 1):
                if np.mod(d, 7) < 5 or rng.random() < 0.5:
                    starts.append(d * DAY + (cron_h - tz) * HOUR)
                    sizes.append(int(np.clip(lognormal(rng, 140, 0.7), 20, 1200) * min(1.0, W.f ** 0.3)))
                for _ in range(rng.poisson(0.2)):
                    starts.append(d * DAY + (rng.uniform(9, 18) - tz) * HOUR)
                    sizes.append(int(rng.integers(20, 200)))
            starts, sizes = np.array(starts), np.array(sizes)
            keep = (starts >= 0) & (starts < W.T)
            starts, sizes = starts[keep], sizes[keep]
            if not len(starts):
                continue
            idx, pos = segments(sizes)
            nr = len(idx)
            conc = int(rng.choice([8, 16]))
            t = starts[idx] + segment_cumsum(lognormal(rng, 7, 0.4, nr) / conc, sizes)
            tasks = W.t_judge(rng, nr, families=(fam,), variant=variant)
            mdl = np.where(t >= switch, NEW_MODEL, model0)
            W.emit(t, ids[j], actor=name, ip_idx=pool[rng.integers(0, len(pool), nr)], model=mdl, tasks=tasks,
                   org_id=org, api_key_id=keys[j], user_agent=ua[0], fingerprint=fp[0], surface="api",
                   max_tokens=1024, temperature=0.0, rng=rng, p_rl=0.01)


# ------------------------------------------------------------------------------------------
AGG_NAMES = ["relaymesh", "switchyard", "tokenpass", "modelmux", "routewise"]


def aggregator_mix(W: World, rng, n):
    """Everything end users send through a router."""
    C = W.C
    sys_all = pl.Series("s", [s for _, s, _ in T.CODING_AGENTS], dtype=pl.String)
    tools_all = np.array([k for _, _, k in T.CODING_AGENTS])

    def agentic(r, k):
        pi = r.integers(0, len(T.CODING_AGENTS), k)
        res = C.sample(C.tool_results, k, r)
        steps = r.integers(0, 25, k)
        p = res.scatter(np.nonzero(steps == 0)[0], C.sample(C.coding, int((steps == 0).sum()), r))
        return W._task(p, r, k, system=sys_all.gather(pi), tools=tools_all[pi],
                       extra_in=(steps * lognormal(r, 900, 0.5, k)).astype(np.int64) + 2000,
                       out_vis=lognormal(r, 170, 0.7, k).astype(np.int64)).with_columns(
            n_turns=pl.Series(1 + 2 * steps))

    def chat(r, k):
        df = W.t_general(r, k, C.general)
        turns = r.geometric(0.35, k) - 1
        hist = np.where(turns > 0, C.conv_ctx[r.integers(0, len(C.conv_ctx), k)], 0)  # Azure conversation trace
        return df.with_columns(extra_in=pl.Series(hist.astype(np.int64)),
                               n_turns=pl.Series(1 + 2 * turns))

    def synth(r, k):
        seeds = {f"s{i}": C.sample(C.seed_tasks, k, r) for i in range(1, 7)}
        p = render_multi(r.integers(0, len(T.SELF_INSTRUCT), k), T.SELF_INSTRUCT, seeds)
        return W._task(p, r, k, out_vis=lognormal(r, 400, 0.4, k).astype(np.int64))

    parts = [(0.30, chat), (0.14, lambda r, k: W.t_coding(r, k)), (0.12, agentic),
             (0.09, lambda r, k: W.t_tooluse(r, k)),
             (0.07, lambda r, k: W.t_math(r, k, wrap=T.BENCH_GSM8K[:1] + T.HOMEWORK_WRAP)),
             (0.05, lambda r, k: W.t_judge(r, k)), (0.05, lambda r, k: W.t_vision(r, k)),
             (0.07, lambda r, k: W._task(render("Summarize:\n{x}", {"x": C.sample(C.passages, k, r)}), r, k,
                                         out_vis=W.out_chat(r, k))),
             (0.04, lambda r, k: W._task(render("Translate to {l}:\n{x}", {"x": C.sample(C.casual, k, r),
                                                                         "l": wchoice(r, T.LANGS, k)}), r, k,
                                         out_vis=W.out_chat(r, k))),
             (0.03, synth),
             (0.02, lambda r, k: W._task(pl.Series("q", wchoice(r, T.SENSITIVE_QUESTIONS, k).tolist()), r, k,
                                         out_vis=W.out_chat(r, k, 2.0))),
             (0.02, lambda r, k: W.t_general(r, k, C.hard_math))]
    df, kind = W.mix(rng, n, parts)
    return df, kind


def api_aggregator(W: World):
    name = "api_aggregator"
    rng = W.stream(name)
    n = W.count(rng, 3, 5, 1)
    if W.f < 1:
        n = int(rng.integers(1, 3))
    names = rng.permutation(AGG_NAMES)[:n]
    dom = obj([f"{x}.{rng.choice(['ai', 'io', 'dev'])}" for x in names])
    created = -rng.uniform(200, 800, n) * DAY
    org = W.orgs(n)
    pools = []
    for i in range(n):
        regions = rng.choice(["US", "DE", "SG", "JP", "NL", "IE"], int(rng.integers(2, 4)), replace=False)
        ips = []
        for cc in regions:
            blk = int(rng.choice(W.net.block_ids("cloud", cc)))
            ips.append(W.net.subnet_pool(blk, int(rng.integers(2, 7))))
        pools.append(np.concatenate(ips))
    ids = W.add_accounts(n, name, tier="enterprise", verified=True, email=dom, payment=W.payments(n), created=created,
                         signup_ip=np.array([p[0] for p in pools]), org=org)
    stacks = rng.choice(["go1.22", "rustls", "node22"], n)
    ua = obj([f"{x}-gateway/{rng.integers(1, 4)}.{rng.integers(0, 20)}.{rng.integers(0, 9)}" for x in names])
    fp = obj([STACK_FP[s] for s in stacks])
    keys = [W.ids.make("key_", int(rng.integers(2, 6)), 8) for _ in range(n)]
    daily = np.clip(lognormal(rng, 2000, 0.45, n), 700, 8000) * min(1.0, W.f ** 0.7)
    big = np.argsort(W.C.sg_profiles.std(axis=1))[: max(10, n)]
    prof = rng.choice(big, n)
    a, t = W.profile_arrivals(rng, daily, prof, rng.integers(-36, 36, n))
    nr = len(t)
    tasks, _ = aggregator_mix(W, rng, nr)
    mdl = base_models(rng, nr, {"atlas-2": 0.4, "atlas-2-mini": 0.3, "atlas-2-think": 0.2, "atlas-1.5": 0.1})
    mdl[W.adopt_requests(rng, t, 0.6, 5.0)] = NEW_MODEL
    ip = pool_pick(rng, pools, a)
    key = pool_pick_obj(rng, keys, a)
    mt = rng.choice([512, 1024, 2048, 4096, 8192, 16384], nr)
    temp = rng.choice([0.0, 0.3, 0.7, 1.0], nr, p=[0.2, 0.15, 0.35, 0.3])
    W.emit(t, ids[a], actor=name, ip_idx=ip, model=mdl, tasks=tasks, org_id=org[a], api_key_id=key, user_agent=ua[a],
           fingerprint=fp[a], surface="api", max_tokens=mt, temperature=temp, rng=rng, p_rl=0.01, p_refuse=0.005)


def pool_pick_obj(rng, pools, which):
    out = np.empty(len(which), dtype=object)
    for k in np.unique(which):
        m = which == k
        out[m] = np.asarray(pools[int(k)], dtype=object)[rng.integers(0, len(pools[int(k)]), int(m.sum()))]
    return out


LEGIT = [casual_chat, lambda W: casual_chat(W, vpn=True), developer_iteration, coding_agent_user, campus_students,
         edtech_platform, company_nat, saas_backend, benchmark_runner, eval_judge_pipeline, api_aggregator]
