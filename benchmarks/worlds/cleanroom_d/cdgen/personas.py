"""Legitimate personas."""
from __future__ import annotations

import numpy as np

from . import content as K
from . import core
from . import text_legit as L
from .common import (APP_UA, HomeNet, api_keys, created_times, emit, event_keys, fixed_ips,
                     human_sessions, payments, status_p, tiers, trace_arrivals, verified_for)
from .core import DAY, HOUR, COUNTRIES, COUNTRY_P, obj, pick


def _client_for_surface(rng, n, surface):
    """UA / fingerprint per account given its surface."""
    ua = np.empty(n, object); fp = np.empty(n, object)
    web = surface == "chat"
    u, f = core.pick_browser(rng, n)
    ua[:] = u; fp[:] = f
    app = web & (rng.random(n) < 0.25)
    k = rng.integers(0, len(APP_UA), n)
    ua[app] = obj([x for x, _ in APP_UA])[k[app]]
    fp[app] = obj([core.FP[y] for _, y in APP_UA])[k[app]]
    api = surface == "api"
    u, f = core.pick_sdk(rng, n)
    ua[api] = u[api]; fp[api] = f[api]
    return ua, fp


def _individual_base(ctx, rng, n, actor, tier_spec, new_share, countries=None, email=None,
                     v6=0.12, mobile=0.15, org=None, pay=None, net=None, created=None):
    cc = pick(rng, COUNTRIES, n, COUNTRY_P) if countries is None else countries
    tz = core.tz_for(rng, cc)
    tier = tiers(rng, n, tier_spec)
    created = created_times(rng, n, new_share, ctx.horizon) if created is None else created
    net = HomeNet(ctx, rng, cc, v6_share=v6, mobile_share=mobile) if net is None else net
    email = pick(rng, core.CONSUMER_MAIL, n) if email is None else email
    pay = payments(rng, tier) if pay is None else pay
    org = core.hexids(rng, n, 12, "org_") if org is None else org
    idx = ctx.add_accounts(actor, None, tier, verified_for(rng, tier), email, pay, net.ip[:, 0], org, created)
    keys, nk = api_keys(rng, n)
    lo = np.maximum(created + rng.uniform(120, 6 * HOUR, n), 0.0)
    return dict(idx=idx, cc=cc, tz=tz, tier=tier, created=created, net=net, org=org, keys=keys, nk=nk,
                lo=lo, hi=np.full(n, ctx.horizon))


def _chat_models(ctx, rng, a, t, tier, pro_reasoner=0.08):
    n = len(a)
    paid = np.isin(tier[a], ["pro", "team", "enterprise"])
    model = np.where(paid, "atlas-2", "atlas-2-mini").astype(object)
    model[paid & (rng.random(n) < pro_reasoner)] = "atlas-2-reasoner"
    # the chat product switches its default model a few hours after a release
    model = core.pivot(ctx, rng, t, model, lambda d, m: np.where(
        paid[m], core.ramp(2, 0.85, 6)(d, m), core.ramp(4, 0.5, 12)(d, m)))
    # atlas-3-mini does not exist in short worlds; free users then stay on atlas-2-mini
    return model


# ======================================================================= casual chat
def casual_chat(ctx, n, actor="casual_chat", vpn_pool=None):
    """Casual users: multi-turn, diurnal, diverse; web/app chat and some hobby API use.
    With vpn_pool, most sessions leave through shared commercial VPN exits."""
    rng, C = ctx.rng, ctx.corpora
    b = _individual_base(ctx, rng, n, actor, {"free": .72, "pro": .28}, 0.15)
    surf_a = pick(rng, ["chat", "api"], n, [0.85, 0.15] if vpn_pool is None else [0.75, 0.25])
    ua_a, fp_a = _client_for_surface(rng, n, surf_a)
    sdk_mt = core.pick_sdk_maxtok(rng, n)
    rate = rng.lognormal(np.log(ctx.size["casual_rate"]), 0.9, n)
    a, t, sid, turn = human_sessions(ctx, rng, b["lo"], b["hi"], b["tz"], rate, "casual", 1.15,
                                     lambda m: rng.geometric(0.33, m), lambda m: core.lognormal_gaps(rng, m, 70, 0.8, 8))
    m = len(a)
    surf = surf_a[a]
    isweb = surf == "chat"
    builders = {
        "chat": lambda r: K.chat(C, rng, len(r), turn[r]),
        "code": lambda r: K.coding_question(C, rng, len(r), turn[r]),
        "math": lambda r: K.math_question(C, rng, len(r), prefixes=L.CHAT_OPENERS),
        "vision": lambda r: K.vision(C, rng, len(r)),
        "creative": lambda r: K.chat(C, rng, len(r), turn[r], pool=C.arena_creative),
    }
    c = K.mixture(rng, m, {"chat": .66, "code": .12, "math": .06, "vision": .07, "creative": .09}, builders, group=sid)
    model = _chat_models(ctx, rng, a, t, b["tier"])
    think = (model == "atlas-3") & (rng.random(m) < 0.2)
    c["think"] = think
    if vpn_pool is not None:
        ip, asn, cc = b["net"].pick(rng, a, t, sid)
        use = _session_flag(sid, 0.7, 5)
        vi = (sid * 7 + (t // 3600).astype(np.int64)) % len(vpn_pool[0])
        ip = np.where(use, vpn_pool[0][vi], ip); asn = np.where(use, vpn_pool[1][vi], asn)
        cc = np.where(use, vpn_pool[2][vi], cc)
    else:
        ip, asn, cc = b["net"].pick(rng, a, t, sid)
    mt = np.where(isweb, 8192, sdk_mt[a])
    emit(ctx, acct=b["idx"][a], t=t, content=c, model=model, max_tokens=mt,
         temperature=np.where(isweb, 1.0, rng.choice([1.0, 0.7, 0.5], m)), surface=surf,
         ua=ua_a[a], fp=fp_a[a], ip=ip, asn=asn, country=cc,
         key=np.where(isweb, None, event_keys(rng, b["keys"], b["nk"], a)), org=b["org"][a], actor=actor,
         n_turns=2 * turn + 1, sp=status_p(0.006, 0.003))


def _session_flag(sid, share, salt):
    from .common import _hash01
    return _hash01(sid, salt) < share


def vpn_pool(rng, n_exits):
    ip, asn, cc = core.from_table(rng, core.VPN, n_exits)
    return ip, asn, cc


# ======================================================================= campus
def edu_students(ctx, n, n_campus, actor="edu_student"):
    """University students on the edu tier. Most sessions leave through the campus NAT
    (a handful of addresses shared by everyone); weekly assignments make many strangers
    paste the same public questions."""
    rng, C = ctx.rng, ctx.corpora
    camp_cc = pick(rng, ["US", "US", "GB", "CA", "IN", "DE", "AU"], n_campus)
    camp_asn = rng.integers(1100, 62000, n_campus)
    camp_first = rng.integers(128, 200, n_campus); camp_sec = rng.integers(0, 256, n_campus)
    camp_third = rng.integers(0, 255, (n_campus, 2))
    campus = rng.integers(0, n_campus, n)
    dom_word = pick(rng, [w.lower() for w in L.BRAND_A], n_campus)
    suffix = np.where(np.isin(camp_cc, ["GB"]), ".ac.uk", np.where(camp_cc == "IN", ".ac.in",
                      np.where(camp_cc == "AU", ".edu.au", np.where(camp_cc == "DE", "-uni.de", ".edu"))))
    email = ("stu." + dom_word + suffix)[campus]
    created = np.where(rng.random(n) < 0.8, -rng.uniform(10, 120, n) * DAY, rng.uniform(0, ctx.horizon * 0.9, n))
    b = _individual_base(ctx, rng, n, actor, {"edu": 1.0}, 0.0, countries=camp_cc[campus], email=email,
                         created=created, mobile=0.2)
    surf_a = pick(rng, ["chat", "api"], n, [0.75, 0.25])
    ua_a, fp_a = _client_for_surface(rng, n, surf_a)
    rate = rng.lognormal(np.log(0.55), 0.8, n)
    a, t, sid, turn = human_sessions(ctx, rng, b["lo"], b["hi"], b["tz"], rate, "student", 0.8,
                                     lambda m: rng.geometric(0.4, m), lambda m: core.lognormal_gaps(rng, m, 90, 0.8, 10))
    m = len(a)
    # the shared weekly assignment: 12 maths questions and 6 coding exercises per campus/week
    nweek = int(np.ceil(ctx.days / 7)) + 1
    hw_math = rng.integers(0, len(C.gsm_q), (n_campus, nweek, 12))
    hw_code = rng.integers(0, len(C.code), (n_campus, nweek, 6))
    wk = np.minimum((t // (7 * DAY)).astype(np.int64), nweek - 1)
    ca = campus[a]
    from_hw = rng.random(m) < 0.7
    qm = np.where(from_hw, hw_math[ca, wk, rng.integers(0, 12, m)], rng.integers(0, len(C.gsm_q), m))
    qc = np.where(from_hw, hw_code[ca, wk, rng.integers(0, 6, m)], rng.integers(0, len(C.code), m))

    def code_b(r):
        d = K.coding_question(C, rng, len(r), turn[r])
        first = pick(rng, L.STUDENT_CODE_PREFIXES, len(r)) + C.code[qc[r]]
        d["prompt"] = np.where(turn[r] == 0, first, d["prompt"])
        return d
    builders = {
        "math": lambda r: K.math_question(C, rng, len(r), qidx=qm[r], prefixes=L.STUDENT_PREFIXES,
                                          suffixes=L.STUDENT_SUFFIXES),
        "code": code_b,
        "chat": lambda r: K.chat(C, rng, len(r), turn[r], pool=np.concatenate([C.alpaca, C.wiz_other, C.oasst])),
        "reason": lambda r: K.chat(C, rng, len(r), turn[r], pool=C.reason_hard),
    }
    c = K.mixture(rng, m, {"math": .34, "code": .26, "chat": .32, "reason": .08}, builders, group=sid)
    model = np.where(rng.random(m) < 0.3, "atlas-2", "atlas-2-mini").astype(object)
    model = core.pivot(ctx, rng, t, model, core.ramp(24, 0.3, 48))
    ip, asn, cc = b["net"].pick(rng, a, t, sid)
    on_campus = _session_flag(sid, 0.72, 11)
    nat = rng.integers(0, 4, m)
    cip = (core.istr(camp_first[ca]) + "." + core.istr(camp_sec[ca]) + "." + core.istr(camp_third[ca, nat % 2])
           + "." + core.istr(1 + nat))
    ip = np.where(on_campus, cip, ip); asn = np.where(on_campus, camp_asn[ca], asn)
    isweb = surf_a[a] == "chat"
    emit(ctx, acct=b["idx"][a], t=t, content=c, model=model, max_tokens=np.where(isweb, 8192, 1024),
         temperature=np.where(isweb, 1.0, 0.7), surface=surf_a[a], ua=ua_a[a], fp=fp_a[a], ip=ip, asn=asn,
         country=cc, key=np.where(isweb, None, event_keys(rng, b["keys"], b["nk"], a)), org=b["org"][a],
         actor=actor, n_turns=2 * turn + 1, sp=status_p(0.004, 0.003))


# ======================================================================= org helpers
def _org_accounts(ctx, rng, n_orgs, per_org_choices, actor, tier_spec, verified_all=None, created_days=(60, 900)):
    """Organisations with several accounts sharing org id, payment method and email domain."""
    per = rng.choice(per_org_choices, size=n_orgs)
    org_of = np.repeat(np.arange(n_orgs), per)
    n = len(org_of)
    org_ids = core.hexids(rng, n_orgs, 12, "org_")
    dom = core.word_domain(rng, n_orgs)
    tier_o = tiers(rng, n_orgs, tier_spec)
    pay_o = core.hexids(rng, n_orgs, 16, "pm_")
    pay_o = np.where(tier_o == "startup", np.where(rng.random(n_orgs) < 0.4, None, pay_o), pay_o)
    created = -rng.uniform(*created_days, n) * DAY
    tier = tier_o[org_of]
    ver = verified_for(rng, tier) if verified_all is None else np.full(n, verified_all)
    return dict(per=per, org_of=org_of, n=n, org_ids=org_ids, dom=dom, tier=tier, pay=pay_o[org_of],
                created=created, ver=ver)


# ======================================================================= SaaS
def saas_backends(ctx, n_orgs, actor="saas_backend"):
    """Product backends: one org, a fixed system-prompt template, heavy 24/7 volume from cloud
    NAT gateways, arrivals following real per-customer serving traces."""
    rng, C = ctx.rng, ctx.corpora
    o = _org_accounts(ctx, rng, n_orgs, [1, 1, 2, 3], actor, {"team": .4, "enterprise": .4, "startup": .2})
    n = o["n"]
    gw_ip, gw_asn, gw_cc = fixed_ips(rng, core.CLOUD, n_orgs, 6)
    ngw = rng.integers(2, 7, n_orgs)
    app_names = list(L.SAAS_APPS.keys())
    app_o = rng.integers(0, len(app_names), n_orgs)
    brand_o = pick(rng, L.BRAND_A, n_orgs) + pick(rng, L.BRAND_B, n_orgs)
    model_o = pick(rng, ["atlas-2-mini", "atlas-2", "atlas-2-reasoner"], n_orgs, [.5, .45, .05])
    upg_o = rng.random(n_orgs) < 0.45
    upg_delay = rng.uniform(36, 140, n_orgs)
    sdk_ua, sdk_fp = core.pick_sdk(rng, n_orgs, allowed=["atlas-python", "atlas-node", "OpenAI", "Go", "okhttp", "litellm"])
    via_cloud = rng.random(n_orgs) < 0.15
    idx = ctx.add_accounts(actor, None, o["tier"], o["ver"], o["dom"][o["org_of"]], o["pay"],
                           gw_ip[o["org_of"], 0], o["org_ids"][o["org_of"]], o["created"])
    keys, nk = api_keys(rng, n)
    # volume per org (per day), heavy-tailed; prod account carries most of it
    per_day_o = np.minimum(rng.lognormal(np.log(ctx.size["saas_per_day"]), 1.0, n_orgs), ctx.size["saas_per_day"] * 12)
    first = np.r_[True, o["org_of"][1:] != o["org_of"][:-1]]
    share = np.where(first, 1.0, rng.uniform(0.03, 0.15, n))
    per_day = per_day_o[o["org_of"]] * share
    tz = core.tz_for(rng, gw_cc[o["org_of"]].astype(object))
    a, t = trace_arrivals(ctx, rng, per_day, tz, np.zeros(n), np.full(n, ctx.horizon))
    m = len(a)
    og = o["org_of"][a]
    parts = []
    for j, app in enumerate(app_names):
        r = np.nonzero(app_o[og] == j)[0]
        if len(r) == 0:
            continue
        sysp = fill_brand(L.SAAS_APPS[app]["system"], brand_o[og[r]])
        parts.append((r, K.saas(C, rng, len(r), app, sysp)))
    c = K.merge(parts, m)
    model = model_o[og].astype(object)
    model = core.pivot(ctx, rng, t, model, lambda d, mm: np.where(upg_o[og[mm]] & (d / HOUR > upg_delay[og[mm]]), 1.0, 0.0))
    app_arr = np.array(app_names, dtype=object)[app_o[og]]
    temp = np.array([L.SAAS_APPS[x]["temperature"] for x in app_names])[app_o[og]]
    mt = np.array([L.SAAS_APPS[x]["max_tokens"] for x in app_names])[app_o[og]]
    g = rng.integers(0, 1 << 30, m) % ngw[og]
    cloud = via_cloud[og]
    pip, pasn, pcc = core.partner_gateways(rng, m)
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=mt, temperature=temp,
         surface=np.where(cloud, "cloud", "api"), ua=sdk_ua[og], fp=sdk_fp[og],
         ip=np.where(cloud, pip, gw_ip[og, g]), asn=np.where(cloud, pasn, gw_asn[og, g]),
         country=np.where(cloud, pcc, gw_cc[og]), key=keys[a, 0], org=o["org_ids"][og], actor=actor,
         n_turns=np.ones(m, np.int64), sp=status_p(0.002, 0.003, 0.002))
    return app_arr


def fill_brand(tmpl, brands):
    return core.fill([tmpl], np.zeros(len(brands), np.int64), {"brand": brands})


# ======================================================================= ed-tech platform
def edtech_platform(ctx, n_orgs, actor="edtech_platform"):
    """An ed-tech tutoring app on the edu programme: a step-by-step tutor system prompt over
    grade-school maths and homework, driven by many students through one backend."""
    rng, C = ctx.rng, ctx.corpora
    o = _org_accounts(ctx, rng, n_orgs, [2, 3], actor, {"edu": 1.0}, verified_all=True)
    n = o["n"]
    o["pay"] = np.full(n, None, dtype=object)
    gw_ip, gw_asn, gw_cc = fixed_ips(rng, core.CLOUD[:8], n_orgs, 4)
    brand_o = pick(rng, L.BRAND_A, n_orgs) + pick(rng, ["Tutor", "Learn", "Math", "Study"], n_orgs)
    idx = ctx.add_accounts(actor, None, o["tier"], o["ver"], o["dom"][o["org_of"]], o["pay"],
                           gw_ip[o["org_of"], 0], o["org_ids"][o["org_of"]], o["created"])
    keys, nk = api_keys(rng, n)
    first = np.r_[True, o["org_of"][1:] != o["org_of"][:-1]]
    conv_per_day = np.where(first, ctx.size["edtech_conv_per_day"], ctx.size["edtech_conv_per_day"] * 0.05)
    tz = np.full(n, -6.0)
    a, t, sid, turn = human_sessions(ctx, rng, np.zeros(n), np.full(n, ctx.horizon), tz, conv_per_day,
                                     "school", 0.45, lambda m: rng.geometric(0.35, m),
                                     lambda m: core.lognormal_gaps(rng, m, 55, 0.7, 8))
    m = len(a)
    og = o["org_of"][a]
    sysp = fill_brand(L.EDTECH_SYSTEM, brand_o[og])
    qi = rng.integers(0, len(C.gsm_q), m)
    builders = {
        "math": lambda r: K.math_question(C, rng, len(r), qidx=qi[r], cap="reasoning"),
        "hw": lambda r: K.chat(C, rng, len(r), turn[r], pool=np.concatenate([C.wiz_reason, C.alpaca])),
        "code": lambda r: K.coding_question(C, rng, len(r), turn[r]),
    }
    c = K.mixture(rng, m, {"math": .7, "hw": .22, "code": .08}, builders, group=sid)
    # later turns of a tutoring conversation are the student's replies
    c["prompt"] = np.where(turn > 0, pick(rng, L.CHAT_FOLLOWUPS + ["is it 12?", "i think i get it",
                                                                  "what do i do next", "can you give me a hint"], m),
                           core.fill(L.EDTECH_USER, rng.integers(0, len(L.EDTECH_USER), m), {"text": c["prompt"]}))
    c["system_prompt"] = sysp
    c["input_ctx"] = c["input_ctx"] + turn * 180
    model = np.where(rng.random(m) < 0.2, "atlas-2", "atlas-2-mini").astype(object)
    model = core.pivot(ctx, rng, t, model, core.ramp(96, 1.0, 2))
    g = rng.integers(0, 4, m)
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=800, temperature=0.3, surface="api",
         ua="atlas-node/0.27.0", fp=core.FP["node20"], ip=gw_ip[og, g], asn=gw_asn[og, g], country=gw_cc[og],
         key=keys[a, 0], org=o["org_ids"][og], actor=actor, n_turns=2 * turn + 1, sp=status_p(0.003, 0.002))


# ======================================================================= corporate NAT
def corporate(ctx, n_companies, employees, actor="corporate_nat"):
    """Employees of companies behind one office egress (own AS, or a secure web gateway shared
    with other companies); shared org, payment and email domain."""
    rng, C = ctx.rng, ctx.corpora
    comp = rng.integers(0, n_companies, employees)
    comp_cc = pick(rng, ["US", "GB", "DE", "IN", "JP", "FR"], n_companies)
    use_swg = rng.random(n_companies) < 0.5
    comp_asn = np.where(use_swg, core.SWG[0], rng.integers(1100, 62000, n_companies))
    egress = np.empty((n_companies, 3), object)
    egr_asn = np.zeros((n_companies, 3), np.int64)
    for k in range(n_companies):
        if use_swg[k]:
            ip, asn = core.ipv4(rng, [(core.SWG[0], o) for o in core.SWG[2]], 3)
        else:
            f, s, th = rng.integers(60, 210), rng.integers(0, 256), rng.integers(0, 255)
            ip = obj([f"{f}.{s}.{th}.{x}" for x in (10, 11, 12)]); asn = np.full(3, comp_asn[k])
        egress[k] = ip; egr_asn[k] = asn
    org_ids = core.hexids(rng, n_companies, 12, "org_")
    dom = core.word_domain(rng, n_companies)
    pay = core.hexids(rng, n_companies, 16, "pm_")
    created = np.where(rng.random(employees) < 0.9, -rng.uniform(20, 500, employees) * DAY,
                       rng.uniform(0, ctx.horizon * 0.8, employees))
    b = _individual_base(ctx, rng, employees, actor, {"team": .8, "enterprise": .2}, 0.0,
                         countries=comp_cc[comp], email=dom[comp], org=org_ids[comp], pay=pay[comp],
                         created=created, mobile=0.05)
    surf_a = pick(rng, ["chat", "api", "console"], employees, [.6, .25, .15])
    ua_a, fp_a = _client_for_surface(rng, employees, np.where(surf_a == "console", "chat", surf_a))
    rate = rng.lognormal(np.log(1.0), 0.7, employees)
    a, t, sid, turn = human_sessions(ctx, rng, b["lo"], b["hi"], b["tz"], rate, "office", 0.15,
                                     lambda m: rng.geometric(0.33, m), lambda m: core.lognormal_gaps(rng, m, 80, 0.8, 8))
    m = len(a)
    builders = {
        "chat": lambda r: K.chat(C, rng, len(r), turn[r], pool=np.concatenate([C.userinst, C.alpaca, C.arena_other])),
        "code": lambda r: K.coding_question(C, rng, len(r), turn[r]),
        "vision": lambda r: K.vision(C, rng, len(r)),
        "tool": lambda r: K.tool_call(C, rng, len(r)),
        "judge": lambda r: K.judge(C, rng, len(r)),
    }
    c = K.mixture(rng, m, {"chat": .52, "code": .33, "vision": .06, "tool": .06, "judge": .03}, builders, group=sid)
    model = _chat_models(ctx, rng, a, t, b["tier"], 0.12)
    ip, asn, cc = b["net"].pick(rng, a, t, sid)
    office = _session_flag(sid, 0.8, 23)
    ca = comp[a]
    k3 = rng.integers(0, 3, m)
    ip = np.where(office, egress[ca, k3], ip); asn = np.where(office, egr_asn[ca, k3], asn)
    surf = surf_a[a]
    emit(ctx, acct=b["idx"][a], t=t, content=c, model=model,
         max_tokens=np.where(surf == "api", 4096, 8192), temperature=np.where(surf == "api", 0.5, 1.0),
         surface=surf, ua=ua_a[a], fp=fp_a[a], ip=ip, asn=asn, country=cc,
         key=np.where(surf == "api", event_keys(rng, b["keys"], b["nk"], a), None), org=b["org"][a],
         actor=actor, n_turns=2 * turn + 1, sp=status_p(0.004, 0.003))


# ======================================================================= developers
def developers(ctx, n, actor="developer_iteration"):
    """Developers iterating on one prompt for an afternoon: the same test input again and
    again with small system-prompt edits and temperature changes, in the console or via
    curl/SDK; they try every new model on release day."""
    rng, C = ctx.rng, ctx.corpora
    b = _individual_base(ctx, rng, n, actor, {"pro": .5, "free": .3, "startup": .2}, 0.2)
    console = rng.random(n) < 0.6
    ua_b, fp_b = core.pick_browser(rng, n)
    ua_s, fp_s = core.pick_sdk(rng, n, allowed=["atlas-python", "curl", "python-requests", "atlas-node", "python-httpx"])
    ua_a = np.where(console, ua_b, ua_s); fp_a = np.where(console, fp_b, fp_s)
    rate = rng.lognormal(np.log(ctx.size["dev_rate"]), 0.7, n)
    a, t, sid, turn = human_sessions(ctx, rng, b["lo"], b["hi"], b["tz"], rate, "evening_dev", 0.6,
                                     lambda m: np.minimum(np.ceil(rng.lognormal(np.log(25), 0.6, m)), 150),
                                     lambda m: core.lognormal_gaps(rng, m, 50, 0.9, 4))
    m = len(a)
    S = int(sid.max()) + 1 if m else 0
    draft = rng.integers(0, len(L.DEV_SYSTEM_DRAFTS), S)[sid] if m else np.zeros(0, np.int64)
    inputs = np.stack([C.sample(rng, C.general, S) for _ in range(3)], 1) if m else np.empty((0, 3), object)
    which_in = np.where(rng.random(m) < 0.75, 0, rng.integers(0, 3, m))
    edit_level = turn // rng.integers(2, 6, m)
    test_input = inputs[sid, which_in] if m else np.zeros(0, object)
    dev = K.dev_iteration(C, rng, m, draft, edit_level, test_input)
    other = K.mixture(rng, m, {"code": .6, "chat": .25, "tool": .15}, {
        "code": lambda r: K.coding_question(C, rng, len(r)),
        "chat": lambda r: K.chat(C, rng, len(r)),
        "tool": lambda r: K.tool_call(C, rng, len(r)),
    })
    is_dev = _session_flag(sid, 0.75, 41)
    c = {k: np.where(is_dev, dev[k], other[k]) for k in dev}
    temp_s = rng.choice([0.0, 0.2, 0.7, 1.0], S) if m else np.zeros(0)
    temp = np.where(rng.random(m) < 0.15, rng.choice([0.0, 0.3, 0.7, 1.0], m), temp_s[sid] if m else 0)
    model = pick(rng, ["atlas-2", "atlas-2-mini", "atlas-2-reasoner"], m, [.55, .3, .15])
    model = core.pivot(ctx, rng, t, model, core.ramp(0, 0.5, 3))
    c["think"] = (model == "atlas-3") & (rng.random(m) < 0.3)
    ip, asn, cc = b["net"].pick(rng, a, t, sid)
    con = console[a]
    emit(ctx, acct=b["idx"][a], t=t, content=c, model=model,
         max_tokens=np.where(con, rng.choice([1024, 2048, 4096], m), core.pick_sdk_maxtok(rng, m)),
         temperature=temp, surface=np.where(con, "console", "api"), ua=ua_a[a], fp=fp_a[a], ip=ip, asn=asn,
         country=cc, key=np.where(con, None, event_keys(rng, b["keys"], b["nk"], a)), org=b["org"][a],
         actor=actor, n_turns=np.ones(m, np.int64), sp=status_p(0.005, 0.006, 0.002))


# ======================================================================= coding agents
def coding_agents(ctx, n, actor="coding_agent_user"):
    """Users of popular coding agents: strangers sending the same system prompt and tool
    schema; long agentic sessions with growing context."""
    rng, C = ctx.rng, ctx.corpora
    b = _individual_base(ctx, rng, n, actor, {"pro": .65, "team": .2, "free": .08, "startup": .07}, 0.12)
    prods = list(L.AGENT_PRODUCTS)
    pshare = np.array([L.AGENT_PRODUCTS[p][5] for p in prods])
    prod = rng.choice(len(prods), size=n, p=pshare / pshare.sum())
    ua_a = np.empty(n, object); fp_a = np.empty(n, object)
    for j, p in enumerate(prods):
        r = np.nonzero(prod == j)[0]
        ua_a[r], fp_a[r] = core.pick_agent_ua(rng, p, len(r))
    rate = rng.lognormal(np.log(ctx.size["agent_rate"]), 0.7, n)
    prof = "evening_dev" if rng.random() < 0.5 else "office"
    a, t, sid, turn = human_sessions(ctx, rng, b["lo"], b["hi"], b["tz"], rate, prof, 0.5,
                                     lambda m: np.minimum(np.ceil(rng.lognormal(np.log(22), 0.8, m)), 300),
                                     lambda m: core.lognormal_gaps(rng, m, 9, 0.8, 1.5) + (rng.random(m) < 0.08) * rng.exponential(120, m))
    m = len(a)
    pa = prod[a]
    S = int(sid.max()) + 1 if m else 0
    step = (C.sample(rng, C.moon_in, S) / 10.0)[sid] if m else np.zeros(0)
    task = K.agent_task(C, rng, S)[sid] if m else np.zeros(0, object)
    sysp = np.array([L.AGENT_PRODUCTS[p][0] for p in prods], dtype=object)[pa]
    tools = np.array([L.AGENT_PRODUCTS[p][1] for p in prods])[pa]
    c = K.agent_step(C, rng, m, turn, sysp, tools, step_tok=step, task=task)
    model = pick(rng, ["atlas-2", "atlas-2-reasoner"], m, [.8, .2])
    # agent products move their default to the new model about a day after release
    model = core.pivot(ctx, rng, t, model, core.ramp(20, 0.75, 12))
    c["think"] = (model != "atlas-2") & (rng.random(m) < 0.4)
    ip, asn, cc = b["net"].pick(rng, a, t, sid)
    harbor = np.array(prods, dtype=object)[pa] == "harbor"
    # cloud-hosted agent runs get a fresh container address per session
    hip, hasn, hcc = core.from_table(rng, core.CLOUD[:6], S)
    hip, hasn, hcc = hip[sid], hasn[sid], hcc[sid]
    emit(ctx, acct=b["idx"][a], t=t, content=c, model=model,
         max_tokens=np.array([L.AGENT_PRODUCTS[p][3] for p in prods])[pa],
         temperature=np.array([L.AGENT_PRODUCTS[p][4] for p in prods])[pa], surface="api",
         ua=ua_a[a], fp=fp_a[a], ip=np.where(harbor, hip, ip), asn=np.where(harbor, hasn, asn),
         country=np.where(harbor, hcc, cc), key=event_keys(rng, b["keys"], b["nk"], a), org=b["org"][a],
         actor=actor, n_turns=2 * turn + 1, sp=status_p(0.002, 0.006, 0.004))


# ======================================================================= benchmark runners
def benchmark_runners(ctx, n, actor="benchmark_runner"):
    """Researchers running public benchmarks (GSM8K, HumanEval-like, MMLU-like) through a
    harness: temperature 0, fixed template with 'think step by step', items in dataset order,
    short concurrent bursts from one stable machine; new models get benchmarked at once."""
    rng, C = ctx.rng, ctx.corpora
    tier = tiers(rng, n, {"research": .5, "edu": .3, "pro": .2})
    cc = pick(rng, ["US", "GB", "DE", "CA", "FR", "JP", "KR", "IN", "SG", "NL"], n)
    tz = core.tz_for(rng, cc)
    kind_ip = np.where(tier == "edu", "campus", np.where(rng.random(n) < 0.6, "cloud", "home"))
    cip, casn, ccc = core.from_table(rng, core.CLOUD, n)
    hip, hasn = core.residential(rng, cc)
    camp_asn = rng.integers(1100, 62000, n)
    camp_ip = core.istr(rng.integers(128, 200, n)) + "." + core.istr(rng.integers(0, 256, n)) + "." + core.istr(rng.integers(0, 256, n)) + ".17"
    ip_a = np.where(kind_ip == "cloud", cip, np.where(kind_ip == "home", hip, camp_ip))
    asn_a = np.where(kind_ip == "cloud", casn, np.where(kind_ip == "home", hasn, camp_asn))
    cc_a = np.where(kind_ip == "cloud", ccc, cc)
    email = np.where(np.isin(tier, ["research", "edu"]), pick(rng, [w.lower() for w in L.BRAND_A], n) + pick(rng, [".edu", ".ac.uk", "-lab.org", ".ac.jp", "-institute.org"], n),
                     pick(rng, core.CONSUMER_MAIL, n))
    created = created_times(rng, n, 0.15, ctx.horizon, (20, 700))
    idx = ctx.add_accounts(actor, None, tier, verified_for(rng, tier), email, payments(rng, tier), ip_a,
                           core.hexids(rng, n, 12, "org_"), created)
    org = ctx.accounts[-1]["org_id"]
    keys, nk = api_keys(rng, n)
    ua_a, fp_a = core.pick_sdk(rng, n, allowed=["atlas-python", "OpenAI/Python", "python-httpx", "litellm"])
    bench_a = rng.choice(3, size=n, p=[.45, .25, .3])
    harness_a = rng.integers(0, 4, n)
    conc_a = rng.choice([1, 4, 8, 16], size=n, p=[.2, .3, .3, .2])
    # runs
    runs = np.maximum(rng.poisson(ctx.size["bench_runs_per_week"] * ctx.days / 7, n), 1)
    ra = np.repeat(np.arange(n), runs)
    lo = np.maximum(created[ra] + HOUR, 0)
    st = core.session_starts(rng, lo, np.full(len(ra), ctx.horizon), tz[ra], "office", 0.3, ctx.start_wd)
    ok = ~np.isnan(st)
    ra, st = ra[ok], st[ok]
    bench = bench_a[ra]
    full = np.where(bench == 0, len(C.gsm_test), np.where(bench == 1, 164, 24 + 400))
    size = np.where(rng.random(len(ra)) < 0.5, full, np.minimum(full, rng.choice([50, 100, 200, 250], len(ra))))
    size = np.maximum((size * ctx.size["bench_item_scale"]).astype(np.int64), 20)
    offset = np.where(size < full, rng.integers(0, np.maximum(full - size, 1)), 0)
    lat = rng.lognormal(np.log(6.0), 0.5, int(size.sum()))
    sid, item, t = core.expand_sessions(rng, st, size, lat / np.repeat(conc_a[ra], size))
    a = ra[sid]
    item = item + offset[sid]
    m = len(a)
    b_ev = bench[sid]
    h_ev = harness_a[a]
    parts = []
    for bk in range(3):
        for h in range(4):
            r = np.nonzero((b_ev == bk) & (h_ev == h))[0]
            if not len(r):
                continue
            if bk == 0:
                parts.append((r, K.bench_math(C, rng, len(r), C.gsm_test[item[r] % len(C.gsm_test)], h)))
            elif bk == 1:
                parts.append((r, K.bench_code(C, rng, len(r), item[r] * 7 % len(C.code_instr), h % 3)))
            else:
                parts.append((r, K.bench_mc(C, rng, len(r), item[r], h % 3)))
    c = K.merge(parts, m)
    # each run targets one model; after a release most runs evaluate the new one
    run_model = pick(rng, ["atlas-2", "atlas-2-reasoner", "atlas-2-mini"], len(ra), [.45, .35, .2])
    run_model = core.pivot(ctx, rng, st, run_model, core.ramp(0, 0.7, 4))
    model = run_model[sid]
    c["think"] = (model != "atlas-2") & (harness_a[a] % 2 == 0)
    maxtok = np.array([512, 1024, 2048, 4096])[harness_a[a]]
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=maxtok, temperature=0.0, surface="api",
         ua=ua_a[a], fp=fp_a[a], ip=ip_a[a], asn=asn_a[a], country=cc_a[a], key=keys[a, 0], org=org[a],
         actor=actor, n_turns=np.ones(m, np.int64), sp=status_p(0.001, 0.004, 0.01))


# ======================================================================= LLM judges
def llm_judges(ctx, n, actor="llm_judge"):
    """Evaluation pipelines grading model responses with public rubric templates
    (Prometheus-style, UltraFeedback-style, pairwise), in concurrent batch jobs."""
    rng, C = ctx.rng, ctx.corpora
    tier = tiers(rng, n, {"research": .3, "startup": .3, "team": .3, "enterprise": .1})
    ip_g, asn_g, cc_g = fixed_ips(rng, core.CLOUD, n, 3)
    email = np.where(tier == "research", pick(rng, [w.lower() for w in L.BRAND_A], n) + "-lab.org", core.word_domain(rng, n))
    created = created_times(rng, n, 0.1, ctx.horizon, (30, 800))
    idx = ctx.add_accounts(actor, None, tier, verified_for(rng, tier), email, payments(rng, tier), ip_g[:, 0],
                           core.hexids(rng, n, 12, "org_"), created)
    org = ctx.accounts[-1]["org_id"]
    keys, nk = api_keys(rng, n)
    ua_a, fp_a = core.pick_sdk(rng, n, allowed=["atlas-python", "OpenAI/Python", "litellm", "python-httpx"])
    tz = core.tz_for(rng, cc_g.astype(object))
    style_a = rng.dirichlet([0.6, 0.6, 0.6], n)
    runs = np.maximum(rng.poisson(ctx.size["judge_runs_per_week"] * ctx.days / 7, n), 1)
    ra = np.repeat(np.arange(n), runs)
    st = core.session_starts(rng, np.maximum(created[ra] + HOUR, 0), np.full(len(ra), ctx.horizon), tz[ra], "office", 0.4, ctx.start_wd)
    ok = ~np.isnan(st)
    ra, st = ra[ok], st[ok]
    size = np.maximum((rng.lognormal(np.log(ctx.size["judge_run_median"]), 0.7, len(ra))).astype(np.int64), 20)
    conc = rng.choice([4, 8, 16, 32], len(ra))
    lat = rng.lognormal(np.log(7.0), 0.5, int(size.sum()))
    sid, item, t = core.expand_sessions(rng, st, size, lat / np.repeat(conc, size))
    a = ra[sid]
    m = len(a)
    parts = []
    style = (rng.random(n)[:, None] > np.cumsum(style_a, 1)).sum(1).clip(0, 2)  # dominant style per account
    for s in range(3):
        r = np.nonzero(style[a] == s)[0]
        if len(r):
            w = [0.05, 0.05, 0.05]; w[s] = 0.9
            parts.append((r, K.judge(C, rng, len(r), style_w=w)))
    c = K.merge(parts, m)
    run_model = pick(rng, ["atlas-2", "atlas-2-reasoner"], len(ra), [.6, .4])
    run_model = core.pivot(ctx, rng, st, run_model, core.ramp(12, 0.6, 24))
    model = run_model[sid]
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=np.where(style[a] == 2, 2048, 1024),
         temperature=0.0, surface="api", ua=ua_a[a], fp=fp_a[a], ip=ip_g[a, rng.integers(0, 3, m)],
         asn=asn_g[a, 0], country=cc_g[a], key=keys[a, 0], org=org[a], actor=actor,
         n_turns=np.ones(m, np.int64), sp=status_p(0.001, 0.004, 0.01))


# ======================================================================= aggregators
def aggregators(ctx, n_orgs, actor="api_aggregator"):
    """LLM routers/aggregators: a few verified enterprise accounts forwarding thousands of
    unrelated end users' requests from many cloud addresses around the clock, every
    capability in the mix, moving to each new model within hours."""
    rng, C = ctx.rng, ctx.corpora
    o = _org_accounts(ctx, rng, n_orgs, [1, 2, 3], actor, {"enterprise": 1.0}, verified_all=True, created_days=(200, 900))
    n = o["n"]
    ips, asns, ccs = [], [], []
    for _ in range(24):
        ip, asn, cc = core.from_table(rng, core.CLOUD, n_orgs)
        ips.append(ip); asns.append(asn); ccs.append(cc)
    gw_ip = np.stack(ips, 1); gw_asn = np.stack(asns, 1); gw_cc = np.stack(ccs, 1)
    idx = ctx.add_accounts(actor, None, o["tier"], o["ver"], o["dom"][o["org_of"]], o["pay"],
                           gw_ip[o["org_of"], 0], o["org_ids"][o["org_of"]], o["created"])
    keys, nk = api_keys(rng, n)
    ua_o = pick(rng, ["python-httpx/0.27.2", "Go-http-client/2.0", "undici", "atlas-python/1.33.1"], n_orgs)
    fp_o = np.array([core.FP[x] for x in pick(rng, ["py312", "go", "node22", "py312"], n_orgs)], dtype=object)
    per_day = rng.lognormal(np.log(ctx.size["agg_per_day"]), 0.5, n)
    a, t = trace_arrivals(ctx, rng, per_day, np.zeros(n), np.zeros(n), np.full(n, ctx.horizon))
    m = len(a)
    og = o["org_of"][a]
    turn = np.where(rng.random(m) < 0.5, 0, rng.geometric(0.3, m))
    agent_sys = np.array([v[0] for v in L.AGENT_PRODUCTS.values()], dtype=object)
    agent_tools = np.array([v[1] for v in L.AGENT_PRODUCTS.values()])
    ak = rng.integers(0, len(agent_sys), m)
    builders = {
        "chat": lambda r: K.chat(C, rng, len(r), turn[r]),
        "creative": lambda r: K.chat(C, rng, len(r), turn[r], pool=C.arena_creative),
        "code": lambda r: K.coding_question(C, rng, len(r), turn[r]),
        "agent": lambda r: K.agent_step(C, rng, len(r), turn[r] * 3, agent_sys[ak[r]], agent_tools[ak[r]]),
        "tool": lambda r: K.tool_call(C, rng, len(r)),
        "vision": lambda r: K.vision(C, rng, len(r)),
        "math": lambda r: K.math_question(C, rng, len(r), prefixes=["", "", "Let's think step by step. ", "Solve: "],
                                          suffixes=["", " Show your reasoning."]),
        "reason": lambda r: K.chat(C, rng, len(r), turn[r], pool=C.reason_hard),
        "judge": lambda r: K.judge(C, rng, len(r)),
        "textgen": lambda r: K.op_textgen(C, rng, len(r), "para", pool=C.general),
    }
    w = {"chat": .27, "creative": .06, "code": .15, "agent": .12, "tool": .08, "vision": .06, "math": .07,
         "reason": .06, "judge": .04, "textgen": .09}
    c = K.mixture(rng, m, w, builders)
    nosys = c["system_prompt"] == None  # noqa: E711
    appsys = pick(rng, L.AGG_APP_SYSTEMS, m)
    c["system_prompt"] = np.where(nosys, appsys, c["system_prompt"])
    model = pick(rng, ["atlas-2", "atlas-2-mini", "atlas-2-reasoner"], m, [.5, .3, .2])
    model = core.pivot(ctx, rng, t, model, core.ramp(0.5, 0.6, 4))
    c["think"] = c["think"] | ((model != "atlas-2") & (model != "atlas-2-mini") & (rng.random(m) < 0.3))
    g = rng.integers(0, 24, m)
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=core.pick_sdk_maxtok(rng, m),
         temperature=rng.choice([1.0, 0.7, 0.0, 0.5, 0.2], m), surface="api", ua=ua_o[og], fp=fp_o[og],
         ip=gw_ip[og, g], asn=gw_asn[og, g], country=gw_cc[og, g], key=keys[a, rng.integers(0, 3, m) % nk[a]],
         org=o["org_ids"][og], actor=actor, n_turns=2 * turn + 1, sp=status_p(0.006, 0.005, 0.004))
