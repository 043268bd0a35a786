"""Legitimate personas. Each function returns (accounts DataFrame, events DataFrame)."""
from __future__ import annotations

import infra
import numpy as np
import polars as pl
import text as T
from build import (
    agent_env,
    chat_tokens,
    cloud_pool,
    consumer_geo,
    created_aged,
    fabricated_response,
    humanize,
    ips_for,
    keys,
    mix,
    out_tokens_chat,
    pick_keys,
    session_gaps,
    tool_results,
)
from common import (
    DAY,
    HOUR,
    NEW_MODEL,
    TIER_RPM,
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
    lognorm,
    pick,
    profile_times,
    reasoning_tokens,
    render,
    seq_times,
    sstr,
    strlen,
    times_in_windows,
    windowed_counts,
)

CHAT_MODELS = {"vega-2-pro": 0.68, "vega-2-mini": 0.22, "vega-2-think": 0.10}
API_MODELS = {"vega-2-pro": 0.5, "vega-2-mini": 0.33, "vega-2-think": 0.1, "vega-1-pro": 0.07}


def _scale_days(world: World, x):
    return x * world.days / 14.0


def _finish(world, rng, corp, n, model, think, out, max_tokens):
    out = clip_output(out, max_tokens)
    r, tot = reasoning_tokens(rng, model, think, out, corp.r1_ratio)
    if not np.all(np.isnan(np.asarray(max_tokens, float))):
        mt = np.asarray(max_tokens, float)
        tot = np.where(np.isnan(mt), tot, np.minimum(tot, np.nan_to_num(mt, nan=1e12))).astype(np.int64)
        r = np.minimum(r, tot)
    return r, tot


# ======================================================================================
# Consumers: casual chat users and VPN users
# ======================================================================================

def consumers(world: World, actor: str, n_acc: int, network: str = "home"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n = n_acc
    asn, cc, tz = consumer_geo(rng, n)
    home_ip = ips_for(rng, asn, cc, v6_share=0.18)
    created = created_aged(rng, n, 260, 0.9)
    newbie = rng.random(n) < 0.06
    created = np.where(newbie, rng.random(n) * world.T * 0.9, created)
    tier = np.where(rng.random(n) < 0.3, "pro", "free").astype(object)
    verified = (tier == "pro") & (rng.random(n) < 0.15)
    acct = hex_ids(rng, n, "acct_", 9)
    org = hex_ids(rng, n, "org_", 8)
    pay = np.where(tier == "pro", hex_ids(rng, n, "pm_", 10), None)
    surface = pick(rng, ["chat", "api", "console"], n, [0.72, 0.18, 0.10])
    fam, ua, fp = infra.pick_clients(rng, n)
    bfam, bua, bfp = infra.pick_clients(rng, n, {"browser": 0.62, "mobile": 0.38})
    cfam, cua, cfp = infra.pick_clients(rng, n, {"browser": 1.0})
    ua = np.where(surface == "chat", bua, np.where(surface == "console", cua, ua))
    fp = np.where(surface == "chat", bfp, np.where(surface == "console", cfp, fp))
    sysp = np.where((surface == "api") & (rng.random(n) < 0.4), pick(rng, T.SIMPLE_SYSTEM_PROMPTS, n), None)
    temp = np.where(surface == "api", pick(rng, [np.nan, np.nan, 0.7, 1.0, 0.2, 0.0, 0.5], n), np.nan).astype(float)
    mt = np.where(surface == "api", infra.sdk_max_tokens(rng, fam), np.nan)
    kids, koff, kcnt = keys(rng, n, 2, 0.15)
    has_mobile = rng.random(n) < 0.3

    if network == "vpn":
        n_exits = world.n(rng, (50, 90), (8, 14))
        vi = rng.integers(0, len(infra.VPN), size=n_exits)
        vkeys = np.array([f"{infra.VPN[i][0]}-{infra.VPN[i][1]}" for i in vi])
        exit_ip = infra.ipv4(rng, vkeys, n_prefix=3)
        exit_asn = np.array([infra.VPN[i][0] for i in vi])
        exit_cc = np.array([infra.VPN[i][1] for i in vi], dtype=object)
        provider = rng.integers(0, 4, size=n)   # users of one provider share its exits

    # sessions
    lam = lognorm(rng, 0.3, 1.0, n, 0.02, 4.0)
    ns = rng.poisson(lam * world.days)
    s_acc = np.repeat(np.arange(n), ns)
    S = len(s_acc)
    s_t = profile_times(rng, world, S, tz[s_acc], "evening")
    keep = s_t >= created[s_acc]
    s_acc, s_t = s_acc[keep], s_t[keep]
    S = len(s_acc)
    s_len = np.clip(1 + rng.geometric(0.32, size=S) - 1 + (rng.random(S) < 0.5), 1, 30)
    s_chat = surface[s_acc] == "chat"
    s_model = np.where(s_chat, assign_models(rng, world, s_t, CHAT_MODELS, 0.85, 3.0),
                       assign_models(rng, world, s_t, API_MODELS, 0.35, 72.0, 6.0))
    s_think = rng.random(S) < 0.2
    s_img = s_chat & (rng.random(S) < 0.05)
    if network == "vpn":
        # each session goes out through one exit of the user's provider
        grp = provider[s_acc]
        cand = rng.integers(0, n_exits, size=S)
        cand = cand - (cand % 4) + grp
        cand = np.where(cand >= n_exits, cand - 4, cand)
        s_ip = exit_ip.gather(pl.Series(cand))
        s_asn = exit_asn[cand]
        s_cc = exit_cc[cand]
    else:
        mob = has_mobile[s_acc] & (rng.random(S) < 0.35)
        m_asn = np.where(np.isin(asn[s_acc], list(infra.MOBILE_ASNS)), asn[s_acc], asn[s_acc])
        mob_ip = ips_for(rng, m_asn, cc[s_acc])
        s_ip = pl.DataFrame({"m": mob, "a": mob_ip, "b": home_ip.gather(pl.Series(s_acc))}).select(
            pl.when("m").then("a").otherwise("b"))["a"]
        s_asn = asn[s_acc]
        s_cc = cc[s_acc]

    sid, pos = expand(s_len)
    E = len(sid)
    a = s_acc[sid]
    first = pos == 0
    p1, o1, _ = mix(rng, E, [(corp.general, 0.62), (corp.code_human, 0.12), (corp.gsm.select(pl.col("q").alias("text")), 0.04),
                             (corp.creative, 0.06), (corp.hard, 0.08), (corp.bfcl_plain, 0.08)])
    fu = pick(rng, T.FOLLOWUPS, E)
    use_fu = (~first) & (rng.random(E) < 0.75)
    img = s_img[sid] & first
    vis = pick(rng, T.VISION_TASKS, E)
    vis = np.where(rng.random(E) < 0.12, "", vis)
    p1 = humanize(rng, p1)
    fu = humanize(rng, pl.Series(fu), 0.3, 0.15)
    prompt = pl.DataFrame({"u": use_fu, "f": fu, "p": p1, "i": img, "v": vis}).select(
        pl.when("i").then("v").when("u").then("f").otherwise("p"))["v"]
    known = np.where(use_fu | img, np.nan, o1)
    out = out_tokens_chat(rng, corp, known)
    out = np.where(img, corp.sample(rng, corp.mm_out, E, 0.3) * 2.5, out).astype(np.int64)
    sys_s = gather(sstr(sysp), a)
    model = s_model[sid]
    think = s_think[sid]
    max_t = mt[a]
    reas, out = _finish(world, rng, corp, E, model, think, out, max_t)
    inp = chat_tokens(rng, strlen(sys_s, E), strlen(prompt, E), out - reas, sid, pos, img, corp)
    gaps = session_gaps(rng, E, 50, 0.9, out)
    ts = seq_times(s_t, sid, pos, gaps)
    ev = frame(E, ts=ts, account_id=acct[a], ip=s_ip.gather(pl.Series(sid)), model=model, prompt=prompt,
               input_tokens=inp, output_tokens=out, org_id=org[a], api_key_id=pick_keys(rng, a, kids, koff, kcnt),
               asn=s_asn[sid], country=s_cc[sid], user_agent=ua[a], client_fingerprint=fp[a], surface=surface[a],
               system_prompt=sys_s, n_turns=1 + 2 * pos, tools_declared=0, has_image=img, reasoning_tokens=reas,
               max_tokens=max_t, temperature=temp[a], refuse_p=0.004, campaign_id=None, actor=actor, role="legit",
               tier=tier[a])
    accts = accounts_frame(n, account_id=acct, created_at=created, tier=tier, verified=verified,
                           email_domain=infra.consumer_emails(rng, n), payment_fingerprint=pay,
                           signup_ip=home_ip if network == "home" else exit_ip.gather(pl.Series(rng.integers(0, n_exits, size=n))),
                           org_id=org, campaign_id=None, actor=actor)
    return accts, ev


# ======================================================================================
# Campus students behind one NAT (edu tier), many sending the same public phrasings
# ======================================================================================

def campus_students(world: World, actor: str = "campus_students"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n_campus = world.n(rng, (2, 3), (1, 1))
    uni = rng.choice(len(infra.UNIVERSITY), size=n_campus, replace=False)
    acc_parts, ev_parts = [], []
    gsm_pool = corp.gsm.filter(pl.col("split") == "train")
    for ci, ui in enumerate(uni):
        asn, cc, tz, dom = infra.UNIVERSITY[ui]
        n = world.n(rng, (300, 600), (40, 70))
        nat_base = infra.ipv4(rng, [f"{asn}-{cc}-campus"])[0]
        nat_ips = infra.same_24(rng, nat_base, int(rng.integers(1, 5)))
        # cohort created at semester start (a burst of sign-ups), the rest older
        sem = -rng.uniform(20, 70) * DAY
        cohort = rng.random(n) < 0.7
        created = np.where(cohort, sem + rng.gamma(1.5, 0.8, size=n) * DAY, created_aged(rng, n, 300, 0.6, 90, 1400))
        acct = hex_ids(rng, n, "acct_", 9)
        org = hex_ids(rng, n, "org_", 8)
        verified = rng.random(n) < 0.25
        surface = pick(rng, ["chat", "api", "console"], n, [0.55, 0.35, 0.10])
        fam, ua, fp = infra.pick_clients(rng, n, {"openai_py": 0.5, "anthropic_py": 0.4, "requests": 0.1})
        bfam, bua, bfp = infra.pick_clients(rng, n, {"browser": 0.75, "mobile": 0.25})
        ua = np.where(surface == "api", ua, bua)
        fp = np.where(surface == "api", fp, bfp)
        temp = np.where(surface == "api", pick(rng, [np.nan, 0.7, 0.0, 1.0], n), np.nan).astype(float)
        mt = np.where(surface == "api", infra.sdk_max_tokens(rng, fam), np.nan)
        kids, koff, kcnt = keys(rng, n, 2, 0.1)
        home_asn, home_cc, _ = consumer_geo(rng, n)
        same_c = [e for e in infra.RESIDENTIAL if e[1] == cc]
        if same_c:
            j = rng.integers(0, len(same_c), size=n)
            home_asn = np.array([same_c[x][0] for x in j])
            home_cc = np.array([cc] * n, dtype=object)
        home_ip = ips_for(rng, home_asn, home_cc, 0.1)

        # courses and weekly assignments (fixed item lists every enrolled student pastes)
        n_course = int(rng.integers(3, 6))
        ctype = pick(rng, ["math", "prog", "writing", "math", "prog"], n_course)
        n_weeks = int(np.ceil(world.days / 7)) + 1
        due_dow = rng.integers(0, 5, size=n_course)
        enrol = rng.integers(0, n_course, size=(n, 2))
        lam = lognorm(rng, 0.45, 0.8, n, 0.05, 4)
        ns = rng.poisson(lam * world.days)
        s_acc = np.repeat(np.arange(n), ns)
        S = len(s_acc)
        s_t = profile_times(rng, world, S, tz, "student")
        s_course = enrol[s_acc, rng.integers(0, 2, size=S)]
        # 30% of sessions are crammed into the day before the deadline
        wk = np.floor(s_t / (7 * DAY)).astype(int)
        first_monday = ((3 - ((world.t0 // 86400) % 7)) % 7)  # days from t0 to the next Monday... approx
        deadline = (wk * 7 + first_monday + due_dow[s_course] + 0.99) * DAY - tz * HOUR
        cram = rng.random(S) < 0.3
        s_t = np.where(cram, deadline - rng.random(S) * 20 * HOUR, s_t)
        ok = (s_t >= 0) & (s_t < world.T) & (s_t >= created[s_acc])
        s_acc, s_t, s_course, wk = s_acc[ok], s_t[ok], s_course[ok], np.clip(wk[ok], 0, n_weeks - 1)
        S = len(s_acc)
        s_len = np.clip(rng.geometric(0.25, size=S), 1, 25)
        s_oncampus = rng.random(S) < 0.65
        s_ip = pl.DataFrame({"m": s_oncampus, "a": nat_ips.gather(pl.Series(rng.integers(0, len(nat_ips), size=S))),
                             "b": home_ip.gather(pl.Series(s_acc))}).select(pl.when("m").then("a").otherwise("b"))["a"]
        s_asn = np.where(s_oncampus, asn, home_asn[s_acc])
        s_chat = surface[s_acc] != "api"
        s_model = np.where(s_chat, assign_models(rng, world, s_t, {"vega-2-mini": 0.5, "vega-2-pro": 0.45, "vega-2-think": 0.05}, 0.7, 4.0),
                           assign_models(rng, world, s_t, {"vega-2-mini": 0.6, "vega-2-pro": 0.4}, 0.25, 60.0, 12.0))
        sid, pos = expand(s_len)
        E = len(sid)
        a = s_acc[sid]
        course = s_course[sid]
        # assignment item: 15 items per course-week, drawn from the course's public pool
        item = rng.integers(0, 15, size=E)
        seed_k = (ci * 1000 + course * 50 + wk[sid]) * 15 + item
        ct = ctype[course]
        gsm_i = (seed_k * 7919) % gsm_pool.height
        code_i = (seed_k * 104729) % corp.code.height
        wr_i = (seed_k * 1299709) % corp.general.height
        gsm_txt = gather(gsm_pool["q"], gsm_i)
        code_txt = gather(corp.code["text"], code_i)
        wr_txt = gather(corp.general["text"], wr_i)
        assign_txt = pl.DataFrame({"t": ct, "g": gsm_txt, "c": code_txt, "w": wr_txt}).select(
            pl.when(pl.col("t") == "math").then("g").when(pl.col("t") == "prog").then("c").otherwise("w"))["g"]
        wrapped = render(T.STUDENT_WRAP, rng.integers(0, len(T.STUDENT_WRAP), size=E), {"q": assign_txt})
        other, o_out, _ = mix(rng, E, [(corp.general, 0.7), (corp.code_human, 0.2), (corp.creative, 0.1)])
        other = humanize(rng, other)
        fu = pick(rng, T.FOLLOWUPS, E)
        kind = np.where(rng.random(E) < 0.6, 0, np.where((pos > 0) & (rng.random(E) < 0.6), 1, 2))
        prompt = pl.DataFrame({"k": kind, "a": wrapped, "f": fu, "o": other}).select(
            pl.when(pl.col("k") == 0).then("a").when(pl.col("k") == 1).then("f").otherwise("o"))["a"]
        known = np.where(kind == 2, o_out, np.nan)
        out = out_tokens_chat(rng, corp, known)
        out = np.where((kind == 0) & (ct == "math"), corp.sample(rng, gsm_pool["out_tok"].to_numpy(), E, 0.3) * 3.0, out)
        model = s_model[sid]
        max_t = mt[a]
        reas, out = _finish(world, rng, corp, E, model, rng.random(E) < 0.1, out, max_t)
        inp = chat_tokens(rng, None, strlen(prompt, E), out - reas, sid, pos)
        ts = seq_times(s_t, sid, pos, session_gaps(rng, E, 40, 0.9, out))
        ev_parts.append(frame(E, ts=ts, account_id=acct[a], ip=s_ip.gather(pl.Series(sid)), model=model, prompt=prompt,
                              input_tokens=inp, output_tokens=out, org_id=org[a], api_key_id=pick_keys(rng, a, kids, koff, kcnt),
                              asn=s_asn[sid], country=cc, user_agent=ua[a], client_fingerprint=fp[a], surface=surface[a],
                              system_prompt=None, n_turns=1 + 2 * pos, tools_declared=0, has_image=False,
                              reasoning_tokens=reas, max_tokens=max_t, temperature=temp[a], refuse_p=0.003,
                              campaign_id=None, actor=actor, role="legit", tier="edu"))
        signup = pl.DataFrame({"m": cohort, "a": nat_ips.gather(pl.Series(rng.integers(0, len(nat_ips), size=n))),
                               "b": home_ip}).select(pl.when("m").then("a").otherwise("b"))["a"]
        acc_parts.append(accounts_frame(n, account_id=acct, created_at=created, tier="edu", verified=verified,
                                        email_domain=dom, payment_fingerprint=None, signup_ip=signup, org_id=org,
                                        campaign_id=None, actor=actor))
    return pl.concat(acc_parts), pl.concat(ev_parts)


# ======================================================================================
# Company employees behind one office NAT
# ======================================================================================

def corporate_nat(world: World, actor: str = "corporate_nat"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n_co = world.n(rng, (3, 5), (1, 1))
    doms = infra.company_domains(rng, n_co)
    acc_parts, ev_parts = [], []
    for k in range(n_co):
        basn, bcc, tz = infra.BUSINESS[int(rng.integers(0, len(infra.BUSINESS)))]
        n = world.n(rng, (25, 120), (10, 25))
        nat = infra.same_24(rng, infra.ipv4(rng, [f"{basn}-{bcc}-office{k}"])[0], int(rng.integers(2, 7)))
        org_id = hex_ids(rng, 1, "org_", 8)[0]
        card = hex_ids(rng, 1, "pm_", 10)[0]
        onboard = -rng.uniform(40, 500) * DAY
        created = onboard + rng.gamma(1.2, 20, size=n) * DAY
        created = np.minimum(created, world.T * 0.8)
        acct = hex_ids(rng, n, "acct_", 9)
        company = doms[k].split(".")[0].capitalize()
        sys_int = T.CORP_SYSTEM[0].replace("<<company>>", company)
        tool_fam = pick(rng, ["openai_js", "anthropic_py", "java", "dotnet"], 1)[0]
        _, tua, tfp = infra.pick_clients(rng, 1, {tool_fam: 1.0})
        _, bua, bfp = infra.pick_clients(rng, n, {"browser": 1.0})
        kids, koff, kcnt = keys(rng, n, 2, 0.2)
        lam = lognorm(rng, 0.9, 0.7, n, 0.1, 6)
        ns = rng.poisson(lam * world.days)
        s_acc = np.repeat(np.arange(n), ns)
        s_t = profile_times(rng, world, len(s_acc), tz, "work")
        ok = s_t >= created[s_acc]
        s_acc, s_t = s_acc[ok], s_t[ok]
        S = len(s_acc)
        s_int = rng.random(S) < 0.6   # internal assistant tool vs console
        s_len = np.clip(rng.geometric(0.3, size=S), 1, 20)
        s_model = assign_models(rng, world, s_t, {"vega-2-pro": 0.6, "vega-2-mini": 0.3, "vega-2-think": 0.1}, 0.4, 48, 24)
        sid, pos = expand(s_len)
        E = len(sid)
        a = s_acc[sid]
        ut = corp.user_tasks.select(pl.concat_str([pl.col("instruction"), pl.lit("\n\n"), pl.col("input")]).alias("text"))
        p, o, _ = mix(rng, E, [(corp.general, 0.45), (corp.code_human, 0.25), (ut, 0.3)])
        p = humanize(rng, p, 0.4)
        fu = pick(rng, T.FOLLOWUPS, E)
        usefu = (pos > 0) & (rng.random(E) < 0.6)
        prompt = pl.DataFrame({"u": usefu, "f": fu, "p": p}).select(pl.when("u").then("f").otherwise("p"))["f"]
        out = out_tokens_chat(rng, corp, np.where(usefu, np.nan, o))
        intl = s_int[sid]
        sys_s = sstr(np.where(intl, sys_int, None))
        model = s_model[sid]
        max_t = np.where(intl, 2048, np.nan)
        reas, out = _finish(world, rng, corp, E, model, rng.random(E) < 0.15, out, max_t)
        inp = chat_tokens(rng, strlen(sys_s, E), strlen(prompt, E), out - reas, sid, pos)
        ts = seq_times(s_t, sid, pos, session_gaps(rng, E, 60, 0.9, out))
        ipi = rng.integers(0, len(nat), size=E)
        ev_parts.append(frame(E, ts=ts, account_id=acct[a], ip=nat.gather(pl.Series(ipi)), model=model, prompt=prompt,
                              input_tokens=inp, output_tokens=out, org_id=org_id, api_key_id=pick_keys(rng, a, kids, koff, kcnt),
                              asn=basn, country=bcc, user_agent=np.where(intl, tua[0], bua[a]),
                              client_fingerprint=np.where(intl, tfp[0], bfp[a]), surface=np.where(intl, "api", "console"),
                              system_prompt=sys_s, n_turns=1 + 2 * pos, tools_declared=0, has_image=False,
                              reasoning_tokens=reas, max_tokens=max_t, temperature=np.where(intl, 0.3, np.nan),
                              refuse_p=0.002, campaign_id=None, actor=actor, role="legit", tier="team"))
        acc_parts.append(accounts_frame(n, account_id=acct, created_at=created, tier="team", verified=True,
                                        email_domain=doms[k], payment_fingerprint=card,
                                        signup_ip=nat.gather(pl.Series(rng.integers(0, len(nat), size=n))),
                                        org_id=org_id, campaign_id=None, actor=actor))
    return pl.concat(acc_parts), pl.concat(ev_parts)


# ======================================================================================
# Coding-agent users
# ======================================================================================

def coding_agents(world: World, actor: str = "coding_agent_user"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n = world.n(rng, (420, 620), (35, 55))
    tier = pick(rng, ["pro", "team", "startup", "enterprise"], n, [0.55, 0.25, 0.1, 0.1])
    created = created_aged(rng, n, 200, 0.9, 3, 900)
    acct = hex_ids(rng, n, "acct_", 9)
    # team / enterprise developers belong to company orgs (shared card, office /24)
    in_org = np.isin(tier, ["team", "enterprise"])
    n_orgs = max(1, int(in_org.sum() // 6))
    org_of = rng.integers(0, n_orgs, size=n)
    org_ids = hex_ids(rng, n_orgs, "org_", 8)
    org_cards = hex_ids(rng, n_orgs, "pm_", 10)
    own_org = hex_ids(rng, n, "org_", 8)
    org = np.where(in_org, org_ids[org_of], own_org)
    pay = np.where(in_org, org_cards[org_of], hex_ids(rng, n, "pm_", 10))
    verified = in_org | (rng.random(n) < 0.3)
    doms = np.asarray(infra.company_domains(rng, n_orgs), dtype=object)
    email = np.where(in_org, doms[org_of], infra.consumer_emails(rng, n))
    # agent choice
    shares = np.array([a["share"] for a in T.CODING_AGENTS])
    ag = rng.choice(len(T.CODING_AGENTS), size=n, p=shares / shares.sum())
    ua = np.empty(n, dtype=object)
    fp = np.empty(n, dtype=object)
    for j, A in enumerate(T.CODING_AGENTS):
        m = ag == j
        ua[m] = pick(rng, A["ua"], int(m.sum()))
        fp[m] = infra.TLS[A["tls"]]
    mcp = np.where(rng.random(n) < 0.4, rng.integers(2, 19, size=n), 0)
    ntools = np.array([len(T.CODING_AGENTS[j]["tools"]) for j in ag]) + mcp
    sys_tok = np.array([T.CODING_AGENTS[j]["sys_tokens"] for j in ag]) + mcp * 320
    max_tok = np.array([pick(rng, T.CODING_AGENTS[j]["max_tokens"], 1)[0] for j in ag], float)
    temp = np.array([np.nan if (t := pick(rng, T.CODING_AGENTS[j]["temperature"], 1)[0]) is None else t for j in ag], float)
    # network: home, office /24 (org members), or a cloud dev box / CI runner
    geo_asn, geo_cc, tz = consumer_geo(rng, n)
    net = np.where(ag == 2, 2, pick(rng, [0, 1, 2], n, [0.6, 0.25, 0.15]).astype(int))
    net = np.where((net == 1) & ~in_org, 0, net)
    home = ips_for(rng, geo_asn, geo_cc, 0.15)
    b_idx = org_of % len(infra.BUSINESS)
    office = infra.ipv4(rng, [f"{infra.BUSINESS[i][0]}-{infra.BUSINESS[i][1]}-org{o}" for i, o in zip(b_idx, org_of)],
                        n_prefix=1, third=(org_of * 37) % 256)
    cl_i = rng.integers(0, len(infra.CLOUD), size=n)
    cloud_ip, cloud_asn, cloud_cc = cloud_pool(rng, cl_i, n)
    ip = pl.DataFrame({"n": net, "h": home, "o": office, "c": cloud_ip}).select(
        pl.when(pl.col("n") == 0).then("h").when(pl.col("n") == 1).then("o").otherwise("c"))["h"]
    asn = np.where(net == 0, geo_asn, np.where(net == 1, [infra.BUSINESS[i][0] for i in b_idx], cloud_asn))
    cc = np.where(net == 0, geo_cc, np.where(net == 1, [infra.BUSINESS[i][1] for i in b_idx], cloud_cc))
    kids, koff, kcnt = keys(rng, n, 3, 0.25)

    lam = lognorm(rng, 0.55, 0.7, n, 0.05, 4)
    ns = rng.poisson(lam * world.days)
    s_acc = np.repeat(np.arange(n), ns)
    s_t = profile_times(rng, world, len(s_acc), tz[s_acc], "dev")
    s_t = np.where(ag[s_acc] == 2, rng.random(len(s_acc)) * world.T, s_t)  # CI bot: any time
    ok = s_t >= created[s_acc]
    s_acc, s_t = s_acc[ok], s_t[ok]
    S = len(s_acc)
    s_len = np.clip(np.round(lognorm(rng, 16, 0.8, S)), 3, 220).astype(int)
    s_model = assign_models(rng, world, s_t, {"vega-2-pro": 0.75, "vega-2-think": 0.18, "vega-2-mini": 0.07}, 0.65, 36, 6)
    s_env = agent_env(rng, world, S, s_t)
    sid, pos = expand(s_len)
    E = len(sid)
    a = s_acc[sid]
    task, _, _ = mix(rng, E, [(pl.Series(T.DEV_TASKS), 0.4), (corp.code_human, 0.6)])
    task = humanize(rng, task, 0.35)
    inter = pick(rng, T.DEV_INTERJECTIONS, E)
    tres = tool_results(rng, E)
    is_h = (pos > 0) & (rng.random(E) < 0.08)
    kind = np.where(pos == 0, 0, np.where(is_h, 1, 2))
    prompt = pl.DataFrame({"k": kind, "t": task, "i": inter, "r": tres}).select(
        pl.when(pl.col("k") == 0).then("t").when(pl.col("k") == 1).then("i").otherwise("r"))["t"]
    base_sys = pl.Series([T.CODING_AGENTS[j]["system"] for j in range(len(T.CODING_AGENTS))], dtype=pl.String)
    sys_s = pl.DataFrame({"b": base_sys.gather(pl.Series(ag[a])), "e": s_env.gather(pl.Series(sid))}).select(
        pl.concat_str(["b", "e"]))["b"]
    out = np.clip(corp.sample(rng, corp.moon_out, E, 0.3) * 0.8, 15, 6000).astype(np.int64)
    model = s_model[sid]
    reas, out = _finish(world, rng, corp, E, model, rng.random(E) < 0.5, out, max_tok[a])
    tool_tok = np.where(kind == 2, lognorm(rng, 700, 1.0, E, 20, 20000), 0)
    grow = (out - reas) + tool_tok + est_tokens(rng, strlen(prompt, E))
    hist = group_cumsum(grow, sid, pos) - grow
    hist = hist % 150000  # context compaction
    inp = (sys_tok[a] + hist + est_tokens(rng, strlen(prompt, E))).astype(np.int64)
    lat = (out / 70.0) + 1.2
    g = np.where(kind == 1, lognorm(rng, 70, 0.9, E, 5, 1800), lat + lognorm(rng, 2.5, 1.0, E, 0.2, 300))
    ts = seq_times(s_t, sid, pos, g)
    ev = frame(E, ts=ts, account_id=acct[a], ip=ip.gather(pl.Series(a)), model=model, prompt=prompt, input_tokens=inp,
               output_tokens=out, org_id=org[a], api_key_id=pick_keys(rng, a, kids, koff, kcnt), asn=asn[a], country=cc[a],
               user_agent=ua[a], client_fingerprint=fp[a], surface="api", system_prompt=sys_s, n_turns=1 + 2 * pos,
               tools_declared=ntools[a], has_image=False, reasoning_tokens=reas, max_tokens=max_tok[a],
               temperature=temp[a], refuse_p=0.001, campaign_id=None, actor=actor, role="legit", tier=tier[a])
    accts = accounts_frame(n, account_id=acct, created_at=created, tier=tier, verified=verified, email_domain=email,
                           payment_fingerprint=pay, signup_ip=home, org_id=org, campaign_id=None, actor=actor)
    return accts, ev


# ======================================================================================
# Developers iterating on one prompt all afternoon
# ======================================================================================

def prompt_iterators(world: World, actor: str = "prompt_iterator"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n = world.n(rng, (90, 160), (8, 14))
    tier = pick(rng, ["pro", "startup", "team"], n, [0.5, 0.3, 0.2])
    acct = hex_ids(rng, n, "acct_", 9)
    org = hex_ids(rng, n, "org_", 8)
    created = created_aged(rng, n, 150, 1.0, 1, 900)
    asn, cc, tz = consumer_geo(rng, n)
    ip = ips_for(rng, asn, cc, 0.1)
    surface = pick(rng, ["console", "api"], n, [0.6, 0.4])
    fam, ua, fp = infra.pick_clients(rng, n, {"openai_py": 0.3, "anthropic_py": 0.35, "curl": 0.15, "openai_js": 0.1, "httpx": 0.1})
    _, bua, bfp = infra.pick_clients(rng, n, {"browser": 1.0})
    ua = np.where(surface == "console", bua, ua)
    fp = np.where(surface == "console", bfp, fp)
    kids, koff, kcnt = keys(rng, n, 2, 0.3)
    ns = rng.integers(1, 5, size=n)
    ns = np.maximum(1, np.round(ns * world.days / 14 + rng.random(n) * 0.5)).astype(int)
    s_acc = np.repeat(np.arange(n), ns)
    S = len(s_acc)
    s_t = profile_times(rng, world, S, tz[s_acc], "afternoon")
    ok = s_t >= created[s_acc]
    s_acc, s_t = s_acc[ok], s_t[ok]
    S = len(s_acc)
    s_len = np.clip(np.round(lognorm(rng, 60, 0.7, S)), 12, 350).astype(int)
    ut = corp.user_tasks.select(pl.concat_str([pl.col("instruction"), pl.lit("\n\n"), pl.col("input")]).alias("text"))
    base, _, _ = mix(rng, S, [(ut, 0.4), (corp.general, 0.35), (corp.code.select("text"), 0.25)])
    sid, pos = expand(s_len)
    E = len(sid)
    a = s_acc[sid]
    run = rng.integers(1, 6, size=S)
    ver = pos // run[sid]
    e1 = (ver + sid) % len(T.ITERATION_EDITS)
    e2 = np.where(ver > 4, (ver * 7 + sid) % len(T.ITERATION_EDITS), 0)
    edits = pl.Series(T.ITERATION_EDITS)
    prompt = pl.DataFrame({"b": base.gather(pl.Series(sid)), "x": edits.gather(pl.Series(e1)),
                           "y": edits.gather(pl.Series(e2))}).select(pl.concat_str(["b", "x", "y"]))["b"]
    sysv = pl.Series(T.ITERATION_SYSTEMS, dtype=pl.String).gather(pl.Series(np.minimum(ver // 3, 3)))
    temp = np.array([0.0, 0.3, 0.7, 1.0])[(ver // 2 + sid) % 4]
    max_t = np.array([256, 512, 1024, 2048])[(ver // 3 + sid) % 4].astype(float)
    model = np.where(((ver + sid) % 3) == 0, "vega-2-mini", "vega-2-pro").astype(object)
    model = np.where((s_t[sid] > world.release_t) & (((ver + sid) % 2) == 0), NEW_MODEL, model)
    out = np.clip(lognorm(rng, 220, 0.6, E), 10, 3000).astype(np.int64)
    reas, out = _finish(world, rng, corp, E, model, np.zeros(E, bool), out, max_t)
    inp = (est_tokens(rng, strlen(prompt, E) + strlen(sysv, E)) + 3).astype(np.int64)
    ts = seq_times(s_t, sid, pos, lognorm(rng, 70, 0.8, E, 8, 1500))
    ev = frame(E, ts=ts, account_id=acct[a], ip=ip.gather(pl.Series(a)), model=model, prompt=prompt, input_tokens=inp,
               output_tokens=out, org_id=org[a], api_key_id=pick_keys(rng, a, kids, koff, kcnt), asn=asn[a], country=cc[a],
               user_agent=ua[a], client_fingerprint=fp[a], surface=surface[a], system_prompt=sysv, n_turns=1,
               tools_declared=0, has_image=False, reasoning_tokens=reas, max_tokens=max_t, temperature=temp,
               refuse_p=0.002, campaign_id=None, actor=actor, role="legit", tier=tier[a])
    accts = accounts_frame(n, account_id=acct, created_at=created, tier=tier, verified=rng.random(n) < 0.4,
                           email_domain=infra.consumer_emails(rng, n), payment_fingerprint=hex_ids(rng, n, "pm_", 10),
                           signup_ip=ip, org_id=org, campaign_id=None, actor=actor)
    return accts, ev


# ======================================================================================
# SaaS backends: fixed system prompt, templated content, 24/7 from cloud IPs
# ======================================================================================

def _saas_slots(rng, corp, n):
    gen = corp.general["text"]
    ut = corp.user_tasks
    ui = rng.integers(0, ut.height, size=n)
    return {
        "order": rng.integers(100000, 999999, size=n).astype(str).astype(object),
        "status": pick(rng, T.ORDER_STATUSES, n), "ndays": rng.integers(1, 60, size=n).astype(str).astype(object),
        "issue": pick(rng, T.SUPPORT_ISSUES, n), "minutes": rng.integers(10, 90, size=n).astype(str).astype(object),
        "people": rng.integers(2, 9, size=n).astype(str).astype(object),
        "transcript": infra.cat([pl.Series(pick(rng, T.TRANSCRIPT_LINES, n)) for _ in range(6)], "\n"),
        "upload": hex_ids(rng, n, "u", 4), "schema": pick(rng, T.SQL_SCHEMAS, n), "sqlq": pick(rng, T.SQL_QUESTIONS, n),
        "product": pick(rng, T.PRODUCTS, n), "category": pick(rng, T.PRODUCT_CATEGORIES, n),
        "notes": infra.cat([pl.Series(pick(rng, T.SELLER_NOTES, n)), pl.Series(pick(rng, T.SELLER_NOTES, n))], "; "),
        "instruction": gather(ut["instruction"], ui), "input": gather(ut["input"], ui),
        "lang": pick(rng, T.LANGUAGES, n), "text": gather(gen, rng.integers(0, len(gen), size=n)),
        "stars": rng.integers(1, 6, size=n).astype(str).astype(object), "review": pick(rng, T.REVIEWS, n),
        "prtitle": pick(rng, T.PR_TITLES, n), "diff": pick(rng, T.DIFFS, n), "job": pick(rng, T.JOBS, n),
        "candidate": pick(rng, T.CANDIDATES, n),
        "passages": infra.cat([pl.Series(pick(rng, T.HANDBOOK, n)) for _ in range(3)], "\n---\n"),
        "question": pick(rng, T.HANDBOOK_QUESTIONS, n),
    }


def saas_backends(world: World, actor: str = "saas_backend"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n_apps = world.n(rng, (14, 20), (3, 5))
    app_kind = np.concatenate([rng.permutation(len(T.SAAS_APPS)), rng.integers(0, len(T.SAAS_APPS), size=max(0, n_apps - len(T.SAAS_APPS)))])[:n_apps]
    doms = infra.company_domains(rng, n_apps)
    acc_parts, ev_parts = [], []
    for k in range(n_apps):
        A = T.SAAS_APPS[int(app_kind[k])]
        n_acc = int(rng.integers(1, 3))
        acct = hex_ids(rng, n_acc, "acct_", 9)
        org = hex_ids(rng, 1, "org_", 8)[0]
        card = hex_ids(rng, 1, "pm_", 10)[0]
        tier = pick(rng, ["enterprise", "team"], 1)[0]
        created = -rng.uniform(100, 900) * DAY + np.arange(n_acc) * rng.uniform(1, 60) * DAY
        fam = pick(rng, ["openai_py", "anthropic_py", "openai_js", "anthropic_js", "java", "go", "dotnet", "httpx"], 1)[0]
        via_cloud = rng.random() < 0.3   # served through a third-party cloud marketplace
        _, ua, fp = infra.pick_clients(rng, 1, {"cloud_sdk" if via_cloud else fam: 1.0})
        cl = rng.integers(0, len(infra.CLOUD))
        n_ip = int(rng.integers(3, 13))
        ips, asn, cc = cloud_pool(rng, np.full(n_ip, cl), n_ip)
        mtz = pick(rng, [-6, -5, 0, 1, 5.5, 9], 1)[0]
        shape, cv = corp.shape(rng, world.days, mtz - 8, min_cov=1700)
        total = _scale_days(world, float(np.clip(lognorm(rng, 5000, 0.7, 1)[0], 1200, 25000)))
        cnt = windowed_counts(rng, shape, total)
        ts = times_in_windows(rng, cnt, 600.0, cv)
        ts = ts[ts < world.T]
        E = len(ts)
        a = np.where(rng.random(E) < 0.97, 0, n_acc - 1)
        slots = _saas_slots(rng, corp, E)
        prompt = render([A["user"]], np.zeros(E, int), slots)
        system = f"[{doms[k].split('.')[0].capitalize()}] " + A["system"]
        lo, hi = A["out"]
        out = np.clip(rng.uniform(lo, hi, size=E) * np.exp(0.2 * rng.standard_normal(E)), 1, 4000).astype(np.int64)
        mp = pick(rng, ["vega-2-mini", "vega-2-pro", "vega-1-pro"], 1, [0.45, 0.4, 0.15])[0]
        model = np.full(E, mp, dtype=object)
        if rng.random() < 0.25:
            sw = world.release_t + rng.uniform(2, 6) * DAY
            model = np.where(ts > sw, NEW_MODEL, model)
        img = bool(A.get("image", False))
        mt = float(pick(rng, [256, 512, 1024, 1024, 2048], 1)[0])
        temp = float(pick(rng, [0.0, 0.2, 0.3, 0.7], 1)[0])
        reas, out = _finish(world, rng, corp, E, model, np.zeros(E, bool), out, np.full(E, mt))
        nturn = 1 if A["key"] != "support_bot" else None
        if nturn is None:
            nt = 1 + 2 * rng.integers(0, 4, size=E)
            hist = np.where(nt > 1, corp.sample(rng, corp.conv_ctx, E, 0.2) * 0.4, 0)
        else:
            nt = np.ones(E, int)
            hist = np.zeros(E)
        inp = est_tokens(rng, strlen(prompt, E) + len(system)) + hist.astype(np.int64)
        if img:
            inp = inp + corp.sample(rng, corp.mm_img, E, 0.2).astype(np.int64) * 3
        ipi = rng.integers(0, n_ip, size=E)
        kids = hex_ids(rng, n_acc * 2, "key_", 8)
        ev_parts.append(frame(E, ts=ts, account_id=acct[a], ip=ips.gather(pl.Series(ipi)), model=model, prompt=prompt,
                              input_tokens=inp, output_tokens=out, org_id=org, api_key_id=kids[a * 2 + (rng.random(E) < 0.3)],
                              asn=asn[ipi], country=cc[ipi], user_agent=ua[0], client_fingerprint=fp[0],
                              surface="cloud" if via_cloud else "api", system_prompt=system, n_turns=nt, tools_declared=0, has_image=img, reasoning_tokens=reas,
                              max_tokens=mt, temperature=temp, refuse_p=0.001, campaign_id=None, actor=actor,
                              role="legit", tier=tier))
        acc_parts.append(accounts_frame(n_acc, account_id=acct, created_at=created, tier=tier, verified=True,
                                        email_domain=doms[k], payment_fingerprint=card,
                                        signup_ip=ips.gather(pl.Series(np.zeros(n_acc, int))),
                                        org_id=org, campaign_id=None, actor=actor))
    return pl.concat(acc_parts), pl.concat(ev_parts)


# ======================================================================================
# API aggregators / routers: every capability, 24/7, fast pivot
# ======================================================================================

def aggregators(world: World, actor: str = "api_aggregator"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n_agg = world.n(rng, (2, 3), (1, 1))
    doms = infra.company_domains(rng, n_agg)
    acc_parts, ev_parts = [], []
    for k in range(n_agg):
        n_acc = int(rng.integers(1, 3))
        acct = hex_ids(rng, n_acc, "acct_", 9)
        org = hex_ids(rng, 1, "org_", 8)[0]
        card = hex_ids(rng, 1, "pm_", 10)[0]
        created = -rng.uniform(150, 700) * DAY + np.arange(n_acc) * 30 * DAY
        fam = ["litellm", "go", "openai_js"][k % 3]
        _, ua, fp = infra.pick_clients(rng, 1, {fam: 1.0})
        regions = rng.choice(len(infra.CLOUD), size=int(rng.integers(2, 5)), replace=False)
        n_ip = int(rng.integers(10, 40))
        ips, asn, cc = cloud_pool(rng, regions[rng.integers(0, len(regions), size=n_ip)], n_ip)
        shape, cv = corp.shape(rng, world.days, 0, min_cov=1950)
        total = _scale_days(world, float(np.clip(lognorm(rng, 32000, 0.4, 1)[0], 15000, 70000)))
        if not world.medium:
            total *= 0.35
        cnt = windowed_counts(rng, shape, total)
        ts = times_in_windows(rng, cnt, 600.0, cv)
        ts = ts[ts < world.T]
        E = len(ts)
        cap = pick(rng, ["chat", "code", "tools", "reason", "creative", "vision", "judge", "agent"], E,
                   [0.36, 0.16, 0.1, 0.1, 0.06, 0.05, 0.04, 0.13])
        chat_p, chat_o, _ = mix(rng, E, [(corp.general, 1.0)])
        chat_p = humanize(rng, chat_p)
        code_p, code_o, _ = mix(rng, E, [(corp.code_human, 0.6), (corp.code.select("text", "out_tok"), 0.4)])
        ti = rng.integers(0, corp.tools.height, size=E)
        tool_p = gather(corp.tools["text"], ti)
        tool_n = corp.tools["n_tools"].to_numpy()[ti]
        hard_p, _, _ = mix(rng, E, [(corp.hard, 0.6), (corp.gsm.select(pl.col("q").alias("text")), 0.4)])
        cre_p = gather(corp.creative["text"], rng.integers(0, corp.creative.height, size=E))
        vis_p = pl.Series(pick(rng, T.VISION_TASKS, E))
        jq = gather(corp.general["text"], rng.integers(0, corp.general.height, size=E))
        judge_p = render(T.JUDGE_SINGLE + T.JUDGE_ABSOLUTE, rng.integers(0, 2, size=E),
                         {"instruction": jq, "response": fabricated_response(rng, jq, None, E), "reference": pl.Series(pick(rng, T.RESPONSE_GENERIC, E)).str.replace("<<topic>>", "the question"),
                          "rubric": pick(rng, T.RUBRICS, E)})
        agent_p = tool_results(rng, E)
        prompt = pl.DataFrame({"c": cap, "chat": chat_p, "code": code_p, "tools": tool_p, "reason": hard_p,
                               "creative": cre_p, "vision": vis_p, "judge": judge_p, "agent": agent_p}).select(
            pl.when(pl.col("c") == "chat").then("chat").when(pl.col("c") == "code").then("code")
            .when(pl.col("c") == "tools").then("tools").when(pl.col("c") == "reason").then("reason")
            .when(pl.col("c") == "creative").then("creative").when(pl.col("c") == "vision").then("vision")
            .when(pl.col("c") == "judge").then("judge").otherwise("agent"))["chat"]
        app_sys = pick(rng, T.APP_SYSTEM_PROMPTS + T.SIMPLE_SYSTEM_PROMPTS, E)
        agent_sys = pick(rng, [A["system"] + "Working directory: /workspace\n" for A in T.CODING_AGENTS], E)
        sys_arr = np.where(cap == "agent", agent_sys, np.where(rng.random(E) < 0.55, app_sys, None))
        sys_s = sstr(sys_arr)
        tools_d = np.where(cap == "tools", tool_n, np.where(cap == "agent", rng.integers(6, 25, size=E), 0))
        nt = np.where(np.isin(cap, ["chat", "creative"]), 1 + 2 * rng.geometric(0.45, size=E) - 2,
                      np.where(cap == "agent", 1 + 2 * rng.integers(1, 40, size=E), 1))
        out = out_tokens_chat(rng, corp, np.where(cap == "chat", chat_o, np.where(cap == "code", code_o, np.nan)))
        out = np.where(cap == "reason", corp.sample(rng, corp.r1_out, E, 0.4) * 0.35, out)
        out = np.where(cap == "agent", np.clip(corp.sample(rng, corp.moon_out, E, 0.3), 15, 4000), out)
        out = np.where(cap == "vision", corp.sample(rng, corp.mm_out, E, 0.3) * 3, out).astype(np.int64)
        model = assign_models(rng, world, ts, {"vega-2-pro": 0.5, "vega-2-mini": 0.3, "vega-2-think": 0.15, "vega-1-pro": 0.05},
                              0.6, 4.0, 0.5)
        think = (cap == "reason") | (rng.random(E) < 0.1)
        mt = np.where(rng.random(E) < 0.4, np.nan, pick(rng, [512, 1024, 2048, 4096, 8192, 16000], E).astype(float))
        reas, out = _finish(world, rng, corp, E, model, think, out, mt)
        hist = np.where(nt > 1, corp.sample(rng, corp.conv_ctx, E, 0.2), 0)
        hist = np.where(cap == "agent", corp.sample(rng, corp.moon_in, E, 0.2), hist)
        inp = est_tokens(rng, strlen(prompt, E) + strlen(sys_s, E)) + hist.astype(np.int64)
        inp = inp + np.where(cap == "vision", corp.sample(rng, corp.mm_img, E, 0.2).astype(np.int64), 0)
        temp = pick(rng, [np.nan, np.nan, 0.0, 0.3, 0.7, 1.0], E).astype(float)
        a = rng.integers(0, n_acc, size=E)
        ipi = rng.integers(0, n_ip, size=E)
        kids = hex_ids(rng, n_acc * 4, "key_", 8)
        ev_parts.append(frame(E, ts=ts, account_id=acct[a], ip=ips.gather(pl.Series(ipi)), model=model, prompt=prompt,
                              input_tokens=inp, output_tokens=out, org_id=org, api_key_id=kids[a * 4 + rng.integers(0, 4, size=E)],
                              asn=asn[ipi], country=cc[ipi], user_agent=ua[0], client_fingerprint=fp[0], surface="api",
                              system_prompt=sys_s, n_turns=nt, tools_declared=tools_d, has_image=cap == "vision",
                              reasoning_tokens=reas, max_tokens=mt, temperature=temp, refuse_p=0.006,
                              campaign_id=None, actor=actor, role="legit", tier="enterprise"))
        acc_parts.append(accounts_frame(n_acc, account_id=acct, created_at=created, tier="enterprise", verified=True,
                                        email_domain=doms[k], payment_fingerprint=card, signup_ip=ips.gather(pl.Series(np.zeros(n_acc, int))),
                                        org_id=org, campaign_id=None, actor=actor))
    return pl.concat(acc_parts), pl.concat(ev_parts)


# ======================================================================================
# Benchmark runners: public sets with step-by-step harness templates, temperature 0, bursts
# ======================================================================================

def _bench_pools(corp):
    """Fixed public benchmark item lists (identical for every runner)."""
    gsm = corp.gsm_test["q"]
    ans = corp.gsm_test["answer"]
    # HumanEval-like stubs built from code prompts that ask for a function
    c = corp.code.filter(pl.col("q").str.contains(r"(?i)function|write a (python )?(program|method)")).head(164)
    name = (c["q"].str.to_lowercase().str.replace_all(r"[^a-z0-9 ]", "").str.split(" ").list.slice(1, 4).list.join("_"))
    stub = pl.DataFrame({"n": name, "q": c["q"], "i": c["input"]}).select(
        pl.concat_str([pl.lit("def "), pl.col("n"), pl.lit("(data):\n    \"\"\"\n    "), pl.col("q"),
                       pl.when(pl.col("i").str.len_chars() > 0).then(pl.lit("\n    Example input: ") + pl.col("i")).otherwise(pl.lit("")),
                       pl.lit("\n    \"\"\"\n")]).alias("s"))["s"]
    # MMLU-like: handwritten knowledge items + multiple-choice versions of GSM8K test questions
    mcq_txt, mcq_sub = [], []
    for subj, q, opts in T.MCQ_ITEMS:
        mcq_txt.append(q + "\n" + "\n".join(f"{l}. {o}" for l, o in zip("ABCD", opts)))
        mcq_sub.append(subj)
    r = np.random.default_rng(1234)
    for q, a in zip(gsm.head(600).to_list(), ans.head(600).to_list()):
        try:
            v = float(a.replace(",", ""))
        except ValueError:
            v = 10.0
        opts = [v, v + r.integers(1, 9), max(0, v - r.integers(1, 9)), v * 2]
        r.shuffle(opts)
        mcq_txt.append(q + "\n" + "\n".join(f"{l}. {int(o) if float(o).is_integer() else o}" for l, o in zip("ABCD", opts)))
        mcq_sub.append("elementary mathematics")
    return gsm, stub, pl.Series(mcq_txt), pl.Series(mcq_sub)


def benchmark_runners(world: World, actor: str = "benchmark_runner"):
    rng = world.rng("legit", actor)
    corp = world.corp
    gsm, stub, mcq, mcq_sub = _bench_pools(corp)
    n = world.n(rng, (18, 30), (3, 5))
    tier = pick(rng, ["research", "edu"], n, [0.6, 0.4])
    acct = hex_ids(rng, n, "acct_", 9)
    org = hex_ids(rng, n, "org_", 8)
    created = created_aged(rng, n, 300, 0.7, 20, 1200)
    uni = rng.integers(0, len(infra.UNIVERSITY), size=n)
    on_cloud = rng.random(n) < 0.4
    ucc = np.array([infra.UNIVERSITY[u][1] for u in uni], dtype=object)
    uasn = np.array([infra.UNIVERSITY[u][0] for u in uni])
    uip = infra.ipv4(rng, [f"{infra.UNIVERSITY[u][0]}-{infra.UNIVERSITY[u][1]}-campus" for u in uni])
    cl = rng.integers(0, len(infra.CLOUD), size=n)
    cip, casn, ccc = cloud_pool(rng, cl, n)
    ip = pl.DataFrame({"m": on_cloud, "a": cip, "b": uip}).select(pl.when("m").then("a").otherwise("b"))["a"]
    asn = np.where(on_cloud, casn, uasn)
    cc = np.where(on_cloud, ccc, ucc)
    email = np.array([infra.UNIVERSITY[u][3] for u in uni], dtype=object)
    fam, ua, fp = infra.pick_clients(rng, n, {"openai_py": 0.35, "anthropic_py": 0.3, "aiohttp": 0.15, "httpx": 0.2})
    tz = np.array([infra.UNIVERSITY[u][2] for u in uni], float)
    # runs
    nr = rng.integers(1, 5, size=n)
    nr = np.maximum(1, np.round(nr * min(1.0, world.days / 10 + 0.3))).astype(int)
    r_acc = np.repeat(np.arange(n), nr)
    R = len(r_acc)
    r_t = profile_times(rng, world, R, tz[r_acc], "work")
    near_rel = rng.random(R) < 0.35
    r_t = np.where(near_rel, world.release_t + rng.random(R) * 2 * DAY, r_t)
    r_t = np.clip(r_t, 0, world.T - HOUR)
    bench = pick(rng, ["gsm", "code", "mcq"], R, [0.45, 0.25, 0.3])
    r_model = np.where(r_t > world.release_t, np.where(rng.random(R) < 0.6, NEW_MODEL, pick(rng, ["vega-2-pro", "vega-2-mini", "vega-2-think"], R)),
                       pick(rng, ["vega-2-pro", "vega-2-mini", "vega-2-think", "vega-1-pro"], R))
    r_k = np.where((bench == "code") & (rng.random(R) < 0.4), 5, 1)  # pass@k sampling repeats items
    r_items = np.where(bench == "gsm", rng.integers(250, gsm.len() + 1, size=R),
                       np.where(bench == "code", stub.len(), rng.integers(150, mcq.len() + 1, size=R)))
    r_items = np.maximum(20, (r_items * (1.0 if world.medium else 0.4)).astype(int))
    r_tpl = np.where(bench == "gsm", rng.integers(0, len(T.BENCH_GSM8K_TEMPLATES), size=R),
                     np.where(bench == "code", rng.integers(0, len(T.BENCH_CODE_TEMPLATES), size=R),
                              rng.integers(0, len(T.BENCH_MCQ_TEMPLATES), size=R)))
    r_conc = pick(rng, [1, 4, 8, 16, 32], R).astype(float)
    r_mt = pick(rng, [512, 1024, 2048, 4096], R).astype(float)
    r_temp = np.where(r_k > 1, 0.8, np.where(rng.random(R) < 0.9, 0.0, np.nan))
    sid, pos = expand(r_items * r_k)
    E = len(sid)
    item = pos // r_k[sid]
    b = bench[sid]
    gsm_q = gather(gsm, item % gsm.len())
    code_q = gather(stub, item % stub.len())
    mcq_q = gather(mcq, item % mcq.len())
    subj = gather(mcq_sub, item % mcq.len())
    tpl_all = T.BENCH_GSM8K_TEMPLATES + T.BENCH_CODE_TEMPLATES + T.BENCH_MCQ_TEMPLATES
    off = np.where(b == "gsm", 0, np.where(b == "code", len(T.BENCH_GSM8K_TEMPLATES), len(T.BENCH_GSM8K_TEMPLATES) + len(T.BENCH_CODE_TEMPLATES)))
    q = pl.DataFrame({"b": b, "g": gsm_q, "m": mcq_q}).select(pl.when(pl.col("b") == "gsm").then("g").otherwise("m"))["g"]
    prompt = render(tpl_all, off + r_tpl[sid], {"q": q, "stub": code_q, "subject": subj})
    cot = ~((b == "mcq") & (r_tpl[sid] == 0))
    out = np.where(b == "gsm", lognorm(rng, 170, 0.45, E), np.where(b == "code", lognorm(rng, 160, 0.6, E), lognorm(rng, 220, 0.5, E)))
    out = np.where(cot, out, rng.integers(1, 4, size=E)).astype(np.int64)
    model = r_model[sid]
    mt = r_mt[sid]
    reas, out = _finish(world, rng, corp, E, model, b == "gsm", out, mt)
    inp = (est_tokens(rng, strlen(prompt, E)) + 2).astype(np.int64)
    lat = out / 80.0 + 0.6
    min_gap = 60.0 / np.array([TIER_RPM[x] for x in tier], float)[r_acc] * 1.08   # harness respects the rate limit
    ts = seq_times(r_t, sid, pos, np.maximum(lat / r_conc[sid], min_gap[sid]) * rng.uniform(0.85, 1.3, size=E))
    a = r_acc[sid]
    kids = hex_ids(rng, n, "key_", 8)
    ev = frame(E, ts=ts, account_id=acct[a], ip=ip.gather(pl.Series(a)), model=model, prompt=prompt, input_tokens=inp,
               output_tokens=out, org_id=org[a], api_key_id=kids[a], asn=asn[a], country=cc[a], user_agent=ua[a],
               client_fingerprint=fp[a], surface="api", system_prompt=None, n_turns=1, tools_declared=0, has_image=False,
               reasoning_tokens=reas, max_tokens=mt, temperature=r_temp[sid], refuse_p=0.0005, campaign_id=None,
               actor=actor, role="legit", tier=tier[a])
    ev = ev.filter(pl.col("ts") < world.T)
    accts = accounts_frame(n, account_id=acct, created_at=created, tier=tier, verified=(tier == "research") | (rng.random(n) < 0.3),
                           email_domain=email, payment_fingerprint=np.where(tier == "research", hex_ids(rng, n, "pm_", 10), None),
                           signup_ip=ip, org_id=org, campaign_id=None, actor=actor)
    return accts, ev


# ======================================================================================
# LLM-as-a-judge / evaluation pipelines with public rubric templates
# ======================================================================================

def eval_judges(world: World, actor: str = "eval_judge"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n = world.n(rng, (8, 16), (2, 3))
    tier = pick(rng, ["startup", "team", "enterprise", "research"], n)
    acct = hex_ids(rng, n, "acct_", 9)
    org = hex_ids(rng, n, "org_", 8)
    created = created_aged(rng, n, 250, 0.6, 30, 900)
    cl = rng.integers(0, len(infra.CLOUD), size=n)
    ip, asn, cc = cloud_pool(rng, cl, n)
    fam, ua, fp = infra.pick_clients(rng, n, {"openai_py": 0.35, "anthropic_py": 0.35, "httpx": 0.1, "litellm": 0.2})
    tz = pick(rng, [-8, -5, 0, 1, 5.5, 8, 9], n).astype(float)
    fams = [T.JUDGE_ABSOLUTE, T.JUDGE_PAIRWISE, T.JUDGE_SINGLE, T.JUDGE_ULTRAFEEDBACK]
    all_tpl = [t for f in fams for t in f]
    offs = np.cumsum([0] + [len(f) for f in fams])[:-1]
    p_fam = rng.integers(0, len(fams), size=n)
    p_tpl = offs[p_fam] + rng.integers(0, 10, size=n) % np.array([len(fams[f]) for f in p_fam])
    p_rub = pick(rng, T.RUBRICS, n)
    p_model = pick(rng, ["vega-2-pro", "vega-2-think", "vega-2-pro"], n)
    p_switch = rng.random(n) < 0.35
    nightly = rng.random(n) < 0.6
    jobs_per_day = np.where(nightly, 0.6, 0.3)
    nj = rng.poisson(jobs_per_day * world.days)
    j_acc = np.repeat(np.arange(n), nj)
    J = len(j_acc)
    j_t = np.where(nightly[j_acc], profile_times(rng, world, J, tz[j_acc], "night_batch"),
                   profile_times(rng, world, J, tz[j_acc], "work"))
    j_items = np.clip(np.round(lognorm(rng, 320, 0.7, J)), 50, 2000).astype(int)
    if not world.medium:
        j_items = np.maximum(30, j_items // 3)
    j_conc = pick(rng, [4, 8, 16], J).astype(float)
    sid, pos = expand(j_items)
    E = len(sid)
    a = j_acc[sid]
    src = rng.random(E)
    gi = rng.integers(0, corp.gsm.height, size=E)
    instr, _, _ = mix(rng, E, [(corp.general, 0.6), (corp.code.select("text"), 0.2), (corp.hard, 0.2)])
    use_g = src < 0.25
    gq = gather(corp.gsm["q"], gi)
    instr = pl.DataFrame({"m": use_g, "g": gq, "i": instr}).select(pl.when("m").then("g").otherwise("i"))["g"]
    resp = pl.DataFrame({"m": use_g, "a": fabricated_response(rng, gq, gather(corp.gsm["answer"], gi), E),
                         "b": fabricated_response(rng, instr, None, E)}).select(pl.when("m").then("a").otherwise("b"))["a"]
    resp_b = fabricated_response(rng, instr, None, E)
    ref = pl.DataFrame({"m": use_g, "a": "The correct answer is " + gather(corp.gsm["answer"], gi),
                        "b": pl.Series(pick(rng, ["A complete answer covers the key facts, explains them clearly and stays on topic.",
                                                  "An ideal response is accurate, well organised and directly addresses every part of the request."], E))}
                       ).select(pl.when("m").then("a").otherwise("b"))["a"]
    prompt = render(all_tpl, p_tpl[a], {"instruction": instr, "response": resp, "response_b": resp_b, "reference": ref,
                                         "rubric": p_rub[a]})
    model = np.where(p_switch[a] & (j_t[sid] > world.release_t + 3 * DAY), NEW_MODEL, p_model[a])
    out = np.clip(lognorm(rng, 260, 0.5, E), 20, 2000).astype(np.int64)
    mt = np.full(E, 2048.0)
    reas, out = _finish(world, rng, corp, E, model, np.zeros(E, bool), out, mt)
    inp = (est_tokens(rng, strlen(prompt, E)) + 2).astype(np.int64)
    min_gap = 60.0 / np.array([TIER_RPM[x] for x in tier], float)[a] * 1.08
    ts = seq_times(j_t, sid, pos, np.maximum((out / 75.0 + 0.8) / j_conc[sid], min_gap) * rng.uniform(0.85, 1.3, size=E))
    kids = hex_ids(rng, n, "key_", 8)
    ev = frame(E, ts=ts, account_id=acct[a], ip=ip.gather(pl.Series(a)), model=model, prompt=prompt, input_tokens=inp,
               output_tokens=out, org_id=org[a], api_key_id=kids[a], asn=asn[a], country=cc[a], user_agent=ua[a],
               client_fingerprint=fp[a], surface="api", system_prompt=None, n_turns=1, tools_declared=0, has_image=False,
               reasoning_tokens=reas, max_tokens=mt, temperature=0.0, refuse_p=0.0005, campaign_id=None, actor=actor,
               role="legit", tier=tier[a])
    ev = ev.filter(pl.col("ts") < world.T)
    accts = accounts_frame(n, account_id=acct, created_at=created, tier=tier, verified=rng.random(n) < 0.8,
                           email_domain=np.asarray(infra.company_domains(rng, n), dtype=object),
                           payment_fingerprint=hex_ids(rng, n, "pm_", 10), signup_ip=ip, org_id=org, campaign_id=None, actor=actor)
    return accts, ev


# ======================================================================================
# Ed-tech platform: a tutoring backend forwarding students' homework questions
# ======================================================================================

def edtech_platforms(world: World, actor: str = "edtech_platform"):
    rng = world.rng("legit", actor)
    corp = world.corp
    n_p = world.n(rng, (2, 2), (1, 1))
    acc_parts, ev_parts = [], []
    doms = infra.company_domains(rng, n_p)
    for k in range(n_p):
        n_acc = int(rng.integers(1, 3))
        acct = hex_ids(rng, n_acc, "acct_", 9)
        org = hex_ids(rng, 1, "org_", 8)[0]
        card = hex_ids(rng, 1, "pm_", 10)[0]
        tier = pick(rng, ["edu", "startup"], 1)[0]
        created = -rng.uniform(60, 500) * DAY + np.arange(n_acc) * 20 * DAY
        cl = rng.integers(0, len(infra.CLOUD))
        n_ip = int(rng.integers(4, 9))
        ips, asn, cc = cloud_pool(rng, np.full(n_ip, cl), n_ip)
        fam = pick(rng, ["openai_js", "anthropic_js", "anthropic_py"], 1)[0]
        _, ua, fp = infra.pick_clients(rng, 1, {fam: 1.0})
        mtz = float(pick(rng, [-6, -5, 5.5, 1], 1)[0])
        vol = _scale_days(world, float(rng.uniform(12000, 24000) if world.medium else rng.uniform(5000, 9000)))
        n_conv = int(vol / 2.2)
        c_t = profile_times(rng, world, n_conv, mtz, "school")
        c_len = np.clip(rng.geometric(0.45, size=n_conv), 1, 8)
        sid, pos = expand(c_len)
        E = len(sid)
        sys_tpl = T.TUTOR_SYSTEM[k % len(T.TUTOR_SYSTEM)]
        q, o, src = mix(rng, E, [(corp.gsm.select(pl.col("q").alias("text"), "out_tok"), 0.6),
                                 (corp.wizard.filter(pl.col("skill") == "Math").select("text"), 0.05),
                                 (corp.code.select("text", "out_tok"), 0.15), (corp.general, 0.2)])
        q = humanize(rng, q, 0.3, 0.2)
        first = render(T.TUTOR_WRAP, rng.integers(0, len(T.TUTOR_WRAP), size=E),
                       {"q": q, "grade": rng.integers(5, 12, size=E).astype(str).astype(object)})
        fu = pick(rng, T.FOLLOWUPS[:20] + ["I still don't understand", "is it 12?", "what's the next step?", "ok I got it"], E)
        prompt = pl.DataFrame({"m": pos == 0, "a": first, "b": fu}).select(pl.when("m").then("a").otherwise("b"))["a"]
        out = np.where(src == 0, np.nan_to_num(o, nan=60) * 2.8, out_tokens_chat(rng, corp, o))
        out = np.clip(out * np.exp(0.3 * rng.standard_normal(E)), 10, 1024).astype(np.int64)
        model = assign_models(rng, world, c_t[sid], {"vega-2-mini": 0.6, "vega-2-pro": 0.4}, 0.3, 120, 72)
        mt = np.full(E, 1024.0)
        reas, out = _finish(world, rng, corp, E, model, np.zeros(E, bool), out, mt)
        inp = chat_tokens(rng, np.full(E, float(len(sys_tpl))), strlen(prompt, E), out - reas, sid, pos)
        ts = seq_times(c_t, sid, pos, session_gaps(rng, E, 45, 0.8, out))
        ipi = rng.integers(0, n_ip, size=E)
        a = rng.integers(0, n_acc, size=n_conv)[sid]
        kids = hex_ids(rng, n_acc, "key_", 8)
        ev_parts.append(frame(E, ts=ts, account_id=acct[a], ip=ips.gather(pl.Series(ipi)), model=model, prompt=prompt,
                              input_tokens=inp, output_tokens=out, org_id=org, api_key_id=kids[a], asn=asn[ipi],
                              country=cc[ipi], user_agent=ua[0], client_fingerprint=fp[0], surface="api",
                              system_prompt=sys_tpl, n_turns=1 + 2 * pos, tools_declared=0, has_image=False,
                              reasoning_tokens=reas, max_tokens=mt, temperature=0.3, refuse_p=0.001, campaign_id=None,
                              actor=actor, role="legit", tier=tier).filter(pl.col("ts") < world.T))
        acc_parts.append(accounts_frame(n_acc, account_id=acct, created_at=created, tier=tier, verified=True,
                                        email_domain=doms[k], payment_fingerprint=card, signup_ip=ips.gather(pl.Series(np.zeros(n_acc, int))),
                                        org_id=org, campaign_id=None, actor=actor))
    return pl.concat(acc_parts), pl.concat(ev_parts)


def all_legit(world: World):
    rng = world.rng("legit", "counts")
    out = []
    out.append(consumers(world, "casual_chat", world.n(rng, (3300, 4300), (260, 380)), "home"))
    out.append(consumers(world, "vpn_user", world.n(rng, (300, 500), (25, 40)), "vpn"))
    out.append(campus_students(world))
    out.append(corporate_nat(world))
    out.append(coding_agents(world))
    out.append(prompt_iterators(world))
    out.append(saas_backends(world))
    out.append(aggregators(world))
    out.append(benchmark_runners(world))
    out.append(eval_judges(world))
    out.append(edtech_platforms(world))
    return out
