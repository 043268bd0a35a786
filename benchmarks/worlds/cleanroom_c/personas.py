"""Legitimate personas, including the look-alikes that resemble distillation."""
from __future__ import annotations

import numpy as np
import polars as pl

import content as K
import texts as X
from util import SS  # noqa: E402
from core import (DAY, HOUR, TIER_RPM, S, World, adopt_times, consumer_domains, emit_events, expand, hexids, human_sessions,
                  invent_domains, legit_created, lognorm_pq, lognormal_gaps, models_for, payments, render,
                  stream_times, verified_for)


# --------------------------------------------------------------------------- small helpers
def _tiers(w, n, probs: dict) -> np.ndarray:
    k = list(probs)
    p = np.array([probs[x] for x in k], float)
    return w.rng.choice(np.array(k, dtype=object), size=n, p=p / p.sum())


def _home(w: World, n: int, countries=None, v6=0.2):
    r = w.rng
    c = w.net.user_country(r, n) if countries is None else np.asarray(countries, dtype=object)
    tz = w.net.tz_of(r, c)
    ent = w.net.pick(r, "res", c)
    ip = w.net.ips(r, ent, v6_share=v6)
    mob = w.net.pick(r, "mob", c)
    # mobile carriers use CGNAT: few /24s, addresses shared by many subscribers
    return dict(country=c, tz=tz, ent=ent, ip=ip.to_numpy().astype(object), mob=mob)


def _session_net(w: World, home: dict, acc_s: np.ndarray, p_mobile: float):
    """Per-session ip/asn/country: home line or mobile carrier (CGNAT)."""
    r = w.rng
    ns = len(acc_s)
    mob = r.random(ns) < p_mobile
    ip = home["ip"][acc_s].copy()
    ent = home["ent"][acc_s].copy()
    if mob.any():
        me = home["mob"][acc_s[mob]]
        ip[mob] = w.net.ips(r, me, subnet=r.integers(0, 6, int(mob.sum()))).to_numpy()
        ent[mob] = me
    return ip, w.net.asn[ent], w.net.country[ent]


def _fixed_ips(w: World, ent: int, k: int, subnet: int | None = None) -> tuple[np.ndarray, int, str]:
    r = w.rng
    sub = np.full(k, int(r.integers(0, 1024)) if subnet is None else subnet)
    ips = w.net.ips(r, np.full(k, ent), subnet=sub).to_numpy().astype(object)
    return ips, int(w.net.asn[ent]), str(w.net.country[ent])


def _turn_history(w: World, sid: np.ndarray, pos: np.ndarray, per_turn_median: float, sigma: float = 0.8,
                  cap: int = 190_000) -> np.ndarray:
    """Tokens of earlier turns in the conversation: cumulative per session."""
    inc = np.exp(np.log(per_turn_median) + sigma * w.rng.standard_normal(len(sid)))
    inc[pos == 0] = 0
    cs = np.cumsum(inc)
    first = np.r_[0, np.nonzero(np.diff(sid))[0] + 1] if len(sid) else np.array([], int)
    lens = np.diff(np.r_[first, len(sid)])
    base = np.repeat(cs[first], lens) if len(sid) else cs
    return np.minimum(cs - base, cap).astype(np.int64)


def _sessions_to_events(w, acc_s, t_s, lens, gap_fn):
    gaps = gap_fn(int(np.sum(lens)))
    sid, pos, t = expand(t_s, lens, gaps)
    keep = t < w.T
    return sid[keep], pos[keep], t[keep]


def _first_or_follow(w, pos, first_fn, follow_fn) -> pl.DataFrame:
    ch = (pos > 0).astype(int)
    return K.scatter(w, ch, [first_fn, follow_fn])


# --------------------------------------------------------------------------- casual chat (and VPN users)
def casual_chat(w: World, actor="casual_chat", n=None, vpn=False):
    r = w.rng
    n = n or w.n(2300, 3100)
    home = _home(w, n)
    tier = _tiers(w, n, {"free": 0.78, "pro": 0.22})
    api_user = r.random(n) < (0.25 if vpn else 0.1)
    created = legit_created(w, n, 220, 1.0, 0.04)
    g = w.add_accounts(n, actor, None, tier=tier, verified=verified_for(w, tier), created_at=created,
                       email_domain=consumer_domains(w, n), payment=payments(w, n, tier != "free"),
                       signup_ip=home["ip"])
    rate = np.exp(np.log(0.22) + 1.0 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, home["tz"], "evening", "casual", t_from=np.maximum(created, 0))
    lens = np.minimum(1 + r.geometric(0.3, len(acc_s)) - 1, 30)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 70, 0.9))
    acc = acc_s[sid]
    c = _first_or_follow(
        w, pos,
        lambda w_, m: K.mix(w_, m, [(0.93, K.chat), (0.04, K.chat_image), (0.03, K.sensitive_q)]),
        lambda w_, m: K.mix(w_, m, [(0.7, K.followup), (0.27, K.chat), (0.03, K.chat_image)]))
    c = c.drop([x for x in ["q"] if x in c.columns])
    # network
    if vpn:
        prov = r.integers(0, 4, n)
        vpn_ents = np.nonzero(w.net.kind == "vpn")[0]
        pools = []
        for p in range(4):
            ents = r.choice(vpn_ents, 4)
            k = int(r.integers(8, 20))
            e = r.choice(ents, k)
            pools.append((w.net.ips(r, e, subnet=r.integers(0, 3, k)).to_numpy().astype(object), e))
        ex = r.integers(0, 10_000, len(acc_s))
        ip_s = np.empty(len(acc_s), dtype=object)
        ent_s = np.empty(len(acc_s), dtype=np.int64)
        for p in range(4):
            m = prov[acc_s] == p
            ip_s[m] = pools[p][0][ex[m] % len(pools[p][0])]
            ent_s[m] = pools[p][1][ex[m] % len(pools[p][1])]
        ip_s_net = (ip_s, w.net.asn[ent_s], w.net.country[ent_s])
    else:
        ip_s_net = _session_net(w, home, acc_s, 0.25)
    ip, asn, country = (x[sid] for x in ip_s_net)
    b_ua, b_fp = w.cli.browser(r, n)
    s_ua, s_fp, s_mt, s_te = w.cli.sdk(r, n)
    api = api_user[acc]
    ua = np.where(api, s_ua[acc], b_ua[acc])
    fp = np.where(api, s_fp[acc], b_fp[acc])
    # chat app flips its default model at the release; API users adopt at their own pace
    pro_think = (tier[acc] == "pro") & (r.random(len(acc_s)) < 0.15)[sid]
    chat_flip = w.release + r.uniform(0, 2 * HOUR)
    base = np.where(r.random(n) < 0.3, "lumen-3-mini", "lumen-3").astype(object)[acc]
    adopt = np.where(api, adopt_times(w, n, 0.45, 96)[acc], chat_flip)
    base = np.where(api, base, "lumen-3")
    think = pro_think.copy()
    if "think" in c.columns:
        think |= c["think"].fill_null(False).to_numpy()
    model = models_for(w, t, base, adopt, think)
    hist = _turn_history(w, sid, pos, 380)
    emit_events(w, c, t=t, acct=g[acc], model=S(model), surface=S(np.where(api, "api", "chat")),
                ip=S(ip), asn=asn, country=S(country), user_agent=S(ua), client_fingerprint=S(fp),
                n_turns=2 * pos + 1, extra_in=hist, think=think,
                temperature=np.where(api, s_te[acc], 1.0), max_tokens=np.where(api, s_mt[acc], 8192))


def vpn_users(w: World):
    casual_chat(w, actor="vpn_user", n=w.n(400, 600), vpn=True)


# --------------------------------------------------------------------------- small developers
def small_dev(w: World):
    r = w.rng
    n = w.n(1000, 1400)
    home = _home(w, n)
    tier = _tiers(w, n, {"free": 0.45, "pro": 0.4, "startup": 0.15})
    created = legit_created(w, n, 300, 0.9, 0.03)
    g = w.add_accounts(n, "small_dev", None, tier=tier, verified=verified_for(w, tier), created_at=created,
                       email_domain=np.where(r.random(n) < 0.7, consumer_domains(w, n), invent_domains(w, n)),
                       payment=payments(w, n, tier != "free"), signup_ip=home["ip"],
                       nkeys=r.integers(1, 4, n))
    vm = r.random(n) < 0.35
    vm_ent = w.net.any_of(r, "cloud", n)
    vm_ip = w.net.ips(r, vm_ent).to_numpy().astype(object)
    ip_a = np.where(vm, vm_ip, home["ip"])
    ent_a = np.where(vm, vm_ent, home["ent"])
    ua, fp, mt, te = w.cli.sdk(r, n)
    own_t = r.random(n) < 0.3
    te = np.where(own_t, r.choice([0.0, 0.2, 0.5, 0.7], n), te)
    mt = np.where(r.random(n) < 0.4, r.choice([256, 512, 1000, 2000, 4096, 8192], n), mt)
    roles = np.array(X.APP_ROLES, dtype=object)[r.integers(0, len(X.APP_ROLES), n)]
    styles = np.array(X.APP_STYLES, dtype=object)[r.integers(0, len(X.APP_STYLES), n)]
    sysp = np.where(r.random(n) < 0.7, roles + styles, None)
    console = r.random(n) < 0.12
    b_ua, b_fp = w.cli.browser(r, n)
    rate = np.exp(np.log(0.35) + 1.0 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, home["tz"], "work", "work", t_from=np.maximum(created, 0))
    lens = np.clip(np.exp(np.log(4) + 1.0 * r.standard_normal(len(acc_s))), 1, 80).astype(int)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 25, 1.1))
    acc = acc_s[sid]
    c = K.mix(w, len(t), [(0.18, K.pool_fn("alpaca")), (0.14, K.pool_fn("selfinst")), (0.2, K.pool_fn("code")),
                          (0.14, K.chat), (0.22, K.tools_benign), (0.05, K.vision_app),
                          (0.04, K.arena_kind("coding")), (0.03, K.arena_kind("math", think=True))])
    base = np.where(r.random(n) < 0.35, "lumen-3-mini", "lumen-3").astype(object)
    think = c["think"].fill_null(False).to_numpy() if "think" in c.columns else np.zeros(len(t), bool)
    model = models_for(w, t, base[acc], adopt_times(w, n, 0.5, 80)[acc], think)
    cons = console[acc]
    emit_events(w, c, t=t, acct=g[acc], model=S(model), surface=S(np.where(cons, "console", "api")),
                ip=S(ip_a[acc]), asn=w.net.asn[ent_a[acc]], country=S(w.net.country[ent_a[acc]]),
                user_agent=S(np.where(cons, b_ua[acc], ua[acc])),
                client_fingerprint=S(np.where(cons, b_fp[acc], fp[acc])),
                system_prompt=S(sysp[acc]), temperature=te[acc], max_tokens=mt[acc], think=think)


# --------------------------------------------------------------------------- campus students (edu tier, NAT)
CAMPUS_COUNTRIES = ["US", "US", "GB", "DE", "FR", "JP", "NL", "AU", "CA", "BR", "CH", "KR", "IN"]
CAMPUS_TLD = {"US": "edu", "GB": "ac.uk", "DE": "de", "FR": "fr", "JP": "ac.jp", "NL": "nl", "AU": "edu.au",
              "CA": "ca", "BR": "br", "CH": "ch", "KR": "ac.kr", "IN": "ac.in"}


def edu_campus(w: World):
    r = w.rng
    ncamp = max(2, int(round(r.integers(4, 8) * (1 if w.ascale >= 1 else 0.5))))
    n = w.n(1300, 1900, minimum=20)
    camp = r.integers(0, ncamp, n)
    cc = r.choice(CAMPUS_COUNTRIES, ncamp)
    doms, nat_ips, nat_ent = [], [], []
    for k in range(ncamp):
        d = invent_domains(w, 1, [CAMPUS_TLD[cc[k]]])[0]
        doms.append(d)
        ent = int(w.net.pick(r, "edu", np.array([cc[k]]))[0])
        ips, _, _ = _fixed_ips(w, ent, int(r.integers(1, 4)))
        nat_ips.append(ips)
        nat_ent.append(ent)
    country = cc[camp].astype(object)
    home = _home(w, n, countries=country)
    nat_ip_acc = np.array([nat_ips[c][0] for c in camp], dtype=object)
    # accounts created around the start of term, a burst per campus
    term = -r.uniform(35, 75, ncamp) * DAY
    created = np.where(r.random(n) < 0.7, term[camp] + r.exponential(4 * DAY, n),
                       -r.uniform(80, 500, n) * DAY)
    created = np.minimum(created, -DAY)
    tier = np.full(n, "edu", dtype=object)
    g = w.add_accounts(n, "edu_student", None, tier=tier, verified=r.random(n) < 0.75, created_at=created,
                       email_domain=np.array(doms, dtype=object)[camp], payment=payments(w, n, 0.15),
                       signup_ip=nat_ip_acc)
    # class environment: every API student on a campus uses the same notebook image
    course_ua = {k: w.cli.sdk(r, 1, family="lumen-python") for k in range(ncamp)}
    cua_arr = np.array([course_ua[k][0][0] for k in range(ncamp)], dtype=object)
    cfp_arr = np.array([course_ua[k][1][0] for k in range(ncamp)], dtype=object)
    api_user = r.random(n) < 0.45
    b_ua, b_fp = w.cli.browser(r, n)
    rate = np.exp(np.log(0.3) + 0.9 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, home["tz"], "student", "student")
    lens = np.minimum(r.geometric(0.22, len(acc_s)), 25)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 55, 1.0))
    acc = acc_s[sid]
    first = lambda w_, m: K.mix(w_, m, [(0.33, K.pool_fn("gsm", X.STUDENT_WRAPS, 1.3)),
                                        (0.25, K.pool_fn("code", [
                                            "{q}", "{q}", "{q} in python", "how do I do this: {q}"])),
                                        (0.12, K.pool_fn("alpaca")), (0.08, K.pool_fn("wizard")),
                                        (0.12, K.chat), (0.05, K.pool_fn("selfinst")),
                                        (0.05, K.arena_kind("math"))])
    c = _first_or_follow(w, pos, first, lambda w_, m: K.mix(w_, m, [(0.55, K.followup), (0.45, first)]))
    # assignments: many students send the same public problems before a deadline
    a_parts = []
    for k in range(ncamp):
        for _ in range(int(r.integers(1, 4))):
            dl = r.uniform(0.3, 1.0) * w.T
            items = r.integers(0, len(w.C.gsm), int(r.integers(8, 21)))
            wrap = int(r.integers(0, len(X.COURSE_WRAPS)))
            studs = np.nonzero((camp == k) & (r.random(n) < r.uniform(0.15, 0.35)))[0]
            if not len(studs):
                continue
            ks = r.integers(3, min(12, len(items)) + 1, len(studs))
            st = dl - r.uniform(1, 36, len(studs)) * HOUR
            s2, p2, t2 = expand(st, ks, lognormal_gaps(r, int(ks.sum()), 90, 0.8))
            it = items[(p2 + r.integers(0, len(items), len(studs))[s2]) % len(items)]
            q = w.C.gsm.text.gather(it)
            p = render(X.COURSE_WRAPS, np.full(len(it), wrap), {"q": q, "k": (p2 + 1).astype(str)})
            a_parts.append(dict(acc=studs[s2], t=t2, pos=np.zeros(len(t2), int), sid=np.full(len(t2), -1),
                                c=pl.DataFrame({"prompt": p, "out_base": w.C.gsm.out_tok[it] * 1.3})))
    ip_s, asn_s, co_s = _session_net(w, home, acc_s, 0.1)
    on_campus = r.random(len(acc_s)) < 0.7
    nat_mat = np.array([[ips[j % len(ips)] for j in range(3)] for ips in nat_ips], dtype=object)
    nat_pick = nat_mat[camp[acc_s], r.integers(0, 3, len(acc_s))]
    ip_s = np.where(on_campus, nat_pick, ip_s)
    camp_asn = np.array([w.net.asn[nat_ent[c]] for c in range(ncamp)])
    asn_s = np.where(on_campus, camp_asn[camp[acc_s]], asn_s)
    co_s = np.where(on_campus, cc[camp[acc_s]], co_s)
    parts = [dict(acc=acc, t=t, pos=pos, c=c, ip=ip_s[sid], asn=asn_s[sid], co=co_s[sid])]
    for a in a_parts:
        a["ip"] = nat_mat[camp[a["acc"]], 0]
        a["asn"] = camp_asn[camp[a["acc"]]]
        a["co"] = cc[camp[a["acc"]]]
        parts.append(a)
    for pt in parts:
        acc, t, pos, c = pt["acc"], pt["t"], pt["pos"], pt["c"]
        keep = (t >= 0) & (t < w.T)
        if not keep.all():
            idx = np.nonzero(keep)[0]
            acc, t, pos, c = acc[idx], t[idx], pos[idx], c[idx]
            pt = {k: (v[idx] if isinstance(v, np.ndarray) else v) for k, v in pt.items()}
        api = api_user[acc]
        cu = cua_arr[camp[acc]]
        cf = cfp_arr[camp[acc]]
        think = np.zeros(len(t), bool)
        model = models_for(w, t, np.where(api, "lumen-3-mini", "lumen-3").astype(object),
                           np.where(api, np.inf, w.release + 3600.0), think)
        emit_events(w, c, t=t, acct=g[acc], model=S(model), surface=S(np.where(api, "api", "chat")),
                    ip=S(pt["ip"]), asn=pt["asn"], country=S(pt["co"]),
                    user_agent=S(np.where(api, cu, b_ua[acc])), client_fingerprint=S(np.where(api, cf, b_fp[acc])),
                    n_turns=2 * pos + 1, extra_in=pos * 300,
                    temperature=np.where(api, 1.0, 1.0), max_tokens=np.where(api, 1024, 8192))


# --------------------------------------------------------------------------- ed-tech platform
def edtech(w: World):
    r = w.rng
    norg = max(1, int(round(r.integers(2, 5) * (1 if w.ascale >= 1 else 0.4))))
    for o in range(norg):
        k = int(r.integers(1, 3))
        country = r.choice(["US", "GB", "IN", "DE", "BR", "SG"])
        tz = float(w.net.tz_of(r, np.array([country]))[0])
        ent = int(w.net.pick(r, "cloud", np.array([country]))[0])
        ips, asn, co = _fixed_ips(w, ent, int(r.integers(2, 5)))
        org = hexids(r, 1, 8, "org_")[0]
        dom = invent_domains(w, 1, ["com", "io", "app"])[0]
        pay = payments(w, 1)[0]
        tier = r.choice(["edu", "edu", "startup"])
        g = w.add_accounts(k, "edtech_platform", None, tier=np.full(k, tier, dtype=object), verified=True,
                           created_at=-r.uniform(120, 700, k) * DAY, email_domain=dom, payment=pay,
                           signup_ip=ips[0], org=np.full(k, org, dtype=object), nkeys=np.full(k, 2))
        per_day = float(np.clip(np.exp(np.log(650) + 0.6 * r.standard_normal()), 150, 2500)) * w.vscale
        ci = int(r.integers(0, len(w.C.traces.rate_series)))
        t = stream_times(w, per_day, w.C.traces.rate_series[ci], w.C.traces.rate_cv[ci], tz)
        m = len(t)
        sysp = X.TUTOR_SYSTEMS[o % len(X.TUTOR_SYSTEMS)]
        q = K.mix(w, m, [(0.5, K.pool_fn("gsm")), (0.15, K.pool_fn("wizard_math")), (0.2, K.pool_fn("code")),
                         (0.15, K.pool_fn("alpaca"))])
        ut = int(r.integers(0, len(X.TUTOR_USER)))
        p = render(X.TUTOR_USER, np.full(m, ut), {"q": q["prompt"], "g": r.integers(4, 13, m).astype(str)})
        c = pl.DataFrame({"prompt": p, "out_base": q["out_base"].to_numpy() * 1.6})
        ua, fp, _, _ = w.cli.sdk(r, 1)
        acc = (r.random(m) < 0.8).astype(int) % k
        model = models_for(w, t, np.full(m, "lumen-3-mini", dtype=object),
                           np.full(m, (w.release2 or w.T) + r.uniform(6, 60) * HOUR))
        emit_events(w, c, t=t, acct=g[acc], model=S(model), surface="api", ip=S(ips[r.integers(0, len(ips), m)]),
                    asn=asn, country=co, user_agent=ua[0], client_fingerprint=fp[0], system_prompt=sysp,
                    temperature=0.3, max_tokens=1024, n_turns=np.where(r.random(m) < 0.3, 3, 1),
                    extra_in=np.where(r.random(m) < 0.3, 400, 0))


# --------------------------------------------------------------------------- benchmark runners
def _gsm_shots(w, k=8):
    idx = w.rng.integers(0, len(w.C.gsm), k)
    q = w.C.gsm.text.gather(idx).to_list()
    a = w.C.gsm.extra["answer"].gather(idx).to_list()
    return "".join(X.BENCH_SHOT.format(q=qq, a=aa) for qq, aa in zip(q, a))


def _mc_items(w, idx):
    r = w.rng
    m = len(idx)
    ans = w.C.gsm.extra["answer"].gather(idx).str.replace_all(",", "").cast(pl.Float64, strict=False)
    a = ans.fill_null(pl.Series(r.integers(2, 90, m).astype(float))).to_numpy()
    opts = np.stack([a, np.round(a * r.uniform(0.5, 0.9, m)), np.round(a * r.uniform(1.1, 1.8, m)) + 1,
                     a + r.integers(1, 9, m)], 1)
    perm = np.argsort(r.random((m, 4)), 1)
    opts = np.take_along_axis(opts, perm, 1)
    fmt = lambda v: pl.Series(v).cast(pl.Int64, strict=False).cast(pl.String)
    return {f"o{j + 1}": fmt(opts[:, j]) for j in range(4)}


def bench_runner(w: World, actor="benchmark_runner"):
    r = w.rng
    n = w.n(25, 45, minimum=3)
    tier = np.where(r.random(n) < 0.6, "research", "edu").astype(object)
    country = r.choice(CAMPUS_COUNTRIES, n)
    tz = w.net.tz_of(r, country)
    on_cloud = r.random(n) < 0.4
    ent = np.where(on_cloud, w.net.pick(r, "cloud", country), w.net.pick(r, "edu", country))
    ip = w.net.ips(r, ent).to_numpy().astype(object)
    dom = np.where(tier == "edu", invent_domains(w, n, ["edu", "ac.uk", "de", "ac.jp"]),
                   invent_domains(w, n, ["org", "ai", "edu"]))
    g = w.add_accounts(n, actor, None, tier=tier, verified=r.random(n) < 0.8,
                       created_at=legit_created(w, n, 200, 0.8, 0.05), email_domain=dom,
                       payment=payments(w, n, tier == "research"), signup_ip=ip)
    fam = r.choice(["openai-python", "httpx", "lumen-python", "litellm"], n)
    uas = [w.cli.sdk(r, 1, family=f) for f in fam]
    code_perm = r.permutation(len(w.C.code))[:164]
    for a in range(n):
        nruns = 1 + r.poisson(1.6)
        for _ in range(nruns):
            post = r.random() < 0.4 and w.release < w.T - 6 * HOUR
            if post:
                day0 = w.release + r.uniform(0.5, 72) * HOUR
                model = "lumen-4"
            else:
                day0 = r.uniform(0, w.T)
                model = r.choice(["lumen-3", "lumen-3", "lumen-3-pro", "lumen-3-mini", "lumen-2"])
            d = np.floor((day0 + tz[a] * HOUR) / DAY)
            start = d * DAY + r.uniform(9.5, 18) * HOUR - tz[a] * HOUR
            start = max(start, day0)
            bench = r.choice(["gsm", "gsm_fs", "code", "mc", "gsm"])
            temp, samples = 0.0, 1
            if bench in ("gsm", "gsm_fs"):
                lim = r.choice([1319, 1319, 500, 250] if w.vscale >= 1 else [100, 250])
                idx = np.arange(lim) % len(w.C.gsm_test)
                fields = {"q": w.C.gsm_test.text.gather(idx)}
                tmpl = X.BENCH_GSM
                ti = 2 if bench == "gsm_fs" else int(r.choice([0, 1, 3]))
                if ti == 2:
                    fields["shots"] = np.full(len(idx), _gsm_shots(w), dtype=object)
                out = w.C.gsm_test.out_tok[idx] * 1.4
                mt = int(r.choice([512, 1024, 2048]))
            elif bench == "code":
                idx = code_perm
                fields = {"doc": w.C.code.extra["instruction"].gather(idx),
                          "fn": np.array(X.FN_NAMES, dtype=object)[np.arange(len(idx)) % len(X.FN_NAMES)],
                          "args": np.array(X.FN_ARGS, dtype=object)[np.arange(len(idx)) % len(X.FN_ARGS)]}
                tmpl = X.BENCH_CODE
                ti = int(r.integers(0, len(tmpl)))
                out = w.C.code.out_tok[idx] * 1.2
                mt = int(r.choice([512, 1024]))
                if r.random() < 0.3:
                    temp, samples = 0.8, int(r.choice([5, 10]))
            else:
                lim = int(r.integers(300, 1500) * w.vscale)
                idx = r.integers(0, len(w.C.gsm), lim)
                fields = {"q": w.C.gsm.text.gather(idx), "subj": np.array(X.MC_SUBJECTS, dtype=object)[
                    r.integers(0, len(X.MC_SUBJECTS), lim)]}
                fields.update(_mc_items(w, idx))
                tmpl = X.BENCH_MC
                ti = int(r.integers(0, len(tmpl)))
                out = np.where(ti == 1, 3.0, 180.0) * np.ones(lim)
                mt = int(r.choice([16, 256, 1024])) if ti == 1 else 1024
            if samples > 1:
                rep = np.repeat(np.arange(len(idx)), samples)
                fields = {k: (v.gather(rep) if isinstance(v, pl.Series) else v[rep]) for k, v in fields.items()}
                out = out[rep]
            m = len(out)
            prompt = render(tmpl, np.full(m, ti), fields)
            conc = int(r.choice([1, 4, 8, 16, 32]))
            lat = out / 65.0 + 0.8
            # harnesses back off to stay under the tier's rate limit
            floor = 60.0 / (TIER_RPM[tier[a]] * r.uniform(0.6, 0.95))
            gaps = np.maximum(r.exponential(lat / conc), floor * r.uniform(0.7, 1.3, m))
            t = start + np.cumsum(gaps)
            think = np.full(m, model in ("lumen-3-pro",) and r.random() < 0.7)
            c = pl.DataFrame({"prompt": prompt, "out_base": out * np.exp(0.3 * r.standard_normal(m))})
            keep = t < w.T
            c, t, think = c.filter(pl.Series(keep)), t[keep], think[keep]
            m = len(t)
            if not m:
                continue
            emit_events(w, c, t=t, acct=np.full(m, g[a]), model=model, surface="api", ip=ip[a],
                        asn=int(w.net.asn[ent[a]]), country=str(w.net.country[ent[a]]), user_agent=uas[a][0][0],
                        client_fingerprint=uas[a][1][0], temperature=temp, max_tokens=mt if not think.any() else 8192,
                        think=think)


# --------------------------------------------------------------------------- LLM-as-a-judge pipelines
def llm_judge(w: World):
    r = w.rng
    n = w.n(10, 20, minimum=2)
    tier = _tiers(w, n, {"startup": 0.4, "research": 0.3, "team": 0.3})
    country = r.choice(["US", "US", "GB", "DE", "FR", "CA", "SG"], n)
    tz = w.net.tz_of(r, country)
    ent = w.net.pick(r, "cloud", country)
    ip = w.net.ips(r, ent).to_numpy().astype(object)
    g = w.add_accounts(n, "llm_judge_pipeline", None, tier=tier, verified=verified_for(w, tier) | (tier == "team"),
                       created_at=legit_created(w, n, 250, 0.7, 0.0), email_domain=invent_domains(w, n),
                       payment=payments(w, n, 1.0), signup_ip=ip)
    fam = r.choice(["litellm", "openai-python", "httpx", "lumen-python"], n)
    for a in range(n):
        ua, fp, _, _ = w.cli.sdk(r, 1, family=fam[a])
        tmpl_i = int(r.integers(0, 4))
        model = r.choice(["lumen-3", "lumen-3", "lumen-3-pro"])
        nightly = r.random() < 0.45
        runs = []
        if nightly:
            hh = r.uniform(1, 4)
            for d in range(int(np.ceil(w.days)) + 1):
                if d % 7 in (5, 6):
                    continue
                s = d * DAY + hh * HOUR - tz[a] * HOUR + r.normal(0, 120)
                runs.append((s, int(r.integers(150, 700))))
        else:
            for _ in range(1 + r.poisson(1.2)):
                s = r.uniform(0, w.T)
                runs.append((s, int(r.integers(800, 5000) * w.vscale)))
        for s, k in runs:
            if s < 0 or s >= w.T:
                continue
            c = K.judge(K.JUDGE_TEMPLATES, tidx_fixed=tmpl_i)(w, k)
            conc = int(r.choice([4, 8, 16]))
            floor = 60.0 / (TIER_RPM[tier[a]] * r.uniform(0.6, 0.95))
            t = s + np.cumsum(np.maximum(r.exponential((c["out_base"].to_numpy() / 70 + 1.0) / conc),
                                         floor * r.uniform(0.7, 1.3, k)))
            keep = t < w.T
            c, t = c.filter(pl.Series(keep)), t[keep]
            m = len(t)
            mdl = models_for(w, t, np.full(m, model, dtype=object), np.full(m, w.release + r.uniform(24, 120) * HOUR))
            emit_events(w, c, t=t, acct=np.full(m, g[a]), model=S(mdl), surface="api", ip=ip[a],
                        asn=int(w.net.asn[ent[a]]), country=str(w.net.country[ent[a]]), user_agent=ua[0],
                        client_fingerprint=fp[0], temperature=0.0, max_tokens=1024,
                        think=np.full(m, model == "lumen-3-pro"))


# --------------------------------------------------------------------------- SaaS backends
def saas(w: World):
    r = w.rng
    norg = w.n(20, 35, minimum=3)
    prof = w.C.traces.len_profiles
    for o in range(norg):
        pi = int(r.integers(0, len(X.SAAS_PRODUCTS)))
        name, sysp, utmpl, src, temp, mt, oscale = X.SAAS_PRODUCTS[pi]
        k = int(r.integers(1, 4))
        country = r.choice(["US", "US", "US", "GB", "DE", "FR", "JP", "SG", "BR", "IN", "CA", "AU"])
        tz = float(w.net.tz_of(r, np.array([country]))[0])
        ent = int(w.net.pick(r, "cloud", np.array([country]))[0])
        ips, asn, co = _fixed_ips(w, ent, int(r.integers(2, 7)))
        tier = np.full(k, r.choice(["enterprise", "team"]), dtype=object)
        org = hexids(r, 1, 8, "org_")[0]
        g = w.add_accounts(k, "saas_backend", None, tier=tier, verified=True,
                           created_at=-r.uniform(60, 800, k) * DAY, email_domain=invent_domains(w, 1)[0],
                           payment=payments(w, 1)[0], signup_ip=ips[0], org=np.full(k, org, dtype=object),
                           nkeys=np.full(k, 3))
        per_day = float(np.clip(np.exp(np.log(160) + 1.0 * r.standard_normal()), 30, 4000)) * w.vscale
        ci = int(r.integers(0, len(w.C.traces.rate_series)))
        t = stream_times(w, per_day, w.C.traces.rate_series[ci], w.C.traces.rate_cv[ci], tz)
        m = len(t)
        if not m:
            continue
        filler = {"chat": K.chat, "alpaca": K.pool_fn("alpaca"), "selfinst": K.pool_fn("selfinst"),
                  "code": K.pool_fn("code"), "sql": K.sql_q}[src](w, m)
        fields = {"x": filler["prompt"], "ctx": np.array(X.DOCS_CTX, dtype=object)[r.integers(0, 4, m)]}
        p = render([utmpl], np.zeros(m, int), fields)
        sp = sysp.replace("{lang}", X.SAAS_LANGS[o % len(X.SAAS_LANGS)]) if "{lang}" in sysp else sysp
        lp = prof.row(int(r.integers(0, len(prof))), named=True)
        if name == "ide_complete":
            j = r.integers(0, len(w.C.traces.code_in), m)
            extra = w.C.traces.code_in[j].astype(np.int64)
            out = w.C.traces.code_out[j]
        else:
            extra = np.maximum(0, lognorm_pq(r, lp["p50_input_tokens"], lp["p90_input_tokens"], m) - 120).astype(np.int64)
            out = lognorm_pq(r, max(lp["p50_output_tokens"], 20) * 2.5, max(lp["p90_output_tokens"], 40) * 2.5, m) * oscale
        ua, fp, _, _ = w.cli.sdk(r, 1)
        acc = np.where(r.random(m) < 0.85, 0, r.integers(0, k, m))
        base = r.choice(["lumen-3", "lumen-3-mini", "lumen-3"])
        migrate = r.random() < 0.3
        adopt = (w.release + r.uniform(48, 120) * HOUR + r.random(m) * 72 * HOUR) if migrate else np.full(m, np.inf)
        c = pl.DataFrame({"prompt": p, "out_base": out})
        emit_events(w, c, t=t, acct=g[acc], model=S(models_for(w, t, np.full(m, base, dtype=object), adopt)),
                    surface=r.choice(["api", "api", "cloud"]), ip=S(ips[r.integers(0, len(ips), m)]), asn=asn,
                    country=co, user_agent=ua[0], client_fingerprint=fp[0], system_prompt=sp, temperature=temp,
                    max_tokens=mt, extra_in=extra, key_slot=np.where(acc == 0, r.integers(0, 2, m), 2))


# --------------------------------------------------------------------------- developers iterating on one prompt
def dev_iterating(w: World):
    r = w.rng
    n = w.n(100, 180, minimum=4)
    home = _home(w, n)
    tier = _tiers(w, n, {"pro": 0.5, "free": 0.25, "startup": 0.25})
    g = w.add_accounts(n, "prompt_iterating_dev", None, tier=tier, verified=verified_for(w, tier),
                       created_at=legit_created(w, n, 200, 1.0, 0.03), email_domain=consumer_domains(w, n),
                       payment=payments(w, n, tier != "free"), signup_ip=home["ip"])
    b_ua, b_fp = w.cli.browser(r, n)
    s_ua, s_fp, _, _ = w.cli.sdk(r, n)
    console = r.random(n) < 0.7
    nd = 1 + r.poisson(1.2, n)
    acc_s = np.repeat(np.arange(n), nd)
    day = r.integers(0, max(1, int(w.days)), len(acc_s))
    t_s = day * DAY + r.uniform(12.5, 16.5, len(acc_s)) * HOUR - home["tz"][acc_s] * HOUR
    lens = np.clip(np.exp(np.log(55) + 0.6 * r.standard_normal(len(acc_s))), 15, 220).astype(int)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 40, 0.9))
    keep = t >= 0
    sid, pos, t = sid[keep], pos[keep], t[keep]
    acc = acc_s[sid]
    m = len(t)
    base = K.mix(w, len(acc_s), [(0.4, K.pool_fn("selfinst")), (0.35, K.pool_fn("alpaca")), (0.25, K.arena_kind("other"))])
    bsys = np.array(X.DEV_SYSTEMS, dtype=object)[r.integers(0, len(X.DEV_SYSTEMS), len(acc_s))]
    tw = np.array(X.DEV_TWEAKS, dtype=object)
    k1, k2, k3 = (r.integers(0, len(tw), m) for _ in range(3))
    nt = np.minimum(pos // 12 + r.integers(0, 2, m), 3)
    t1 = np.where(nt >= 1, tw[k1], "")
    t2 = np.where(nt >= 2, tw[k2], "")
    t3 = np.where(nt >= 3, tw[k3], "")
    p = pl.DataFrame({"b": base["prompt"].gather(sid), "a": t1, "c": t2, "d": t3}).select(
        pl.concat_str(["b", "a", "c", "d"])).to_series()
    c = pl.DataFrame({"prompt": p, "out_base": base["out_base"].to_numpy()[sid] * np.exp(0.3 * r.standard_normal(m))})
    mdl = np.where(r.random(m) < 0.8, r.choice(["lumen-3", "lumen-3-mini"], n)[acc],
                   r.choice(["lumen-3", "lumen-3-mini", "lumen-3-pro"], m)).astype(object)
    mdl = models_for(w, t, mdl, adopt_times(w, n, 0.6, 36)[acc])
    cons = console[acc]
    emit_events(w, c, t=t, acct=g[acc], model=S(mdl), surface=S(np.where(cons, "console", "api")),
                ip=S(home["ip"][acc]), asn=w.net.asn[home["ent"][acc]], country=S(home["country"][acc]),
                user_agent=S(np.where(cons, b_ua[acc], s_ua[acc])),
                client_fingerprint=S(np.where(cons, b_fp[acc], s_fp[acc])), system_prompt=S(bsys[sid]),
                temperature=r.choice([0.0, 0.2, 0.5, 0.7, 1.0], m), max_tokens=r.choice([256, 512, 1024, 2048, 4096], m))


# --------------------------------------------------------------------------- coding-agent users
AGENT_W = np.array([0.3, 0.35, 0.2, 0.15])


def _agent_client(w: World, n: int, agent: np.ndarray):
    r = w.rng
    ua = np.empty(n, dtype=object)
    fp = np.empty(n, dtype=object)
    sysp = np.empty(n, dtype=object)
    from netsim import _fp
    osi = r.integers(0, len(X.AGENT_OS), n)
    repo = r.integers(0, len(X.REPO_NAMES), n)
    for i in range(n):
        name, uat, sp, ntools, mt, te = X.CODING_AGENTS[agent[i]]
        v = f"{int(r.integers(0, 4))}.{int(r.integers(0, 20))}.{int(r.integers(0, 10))}" if name != "Aider" \
            else f"0.{int(r.integers(70, 86))}.{int(r.integers(0, 4))}"
        ua[i] = uat.format(v=v, p=int(r.integers(0, 9)))
        fp[i] = _fp("node20" if name in ("Cline", "lumen-code") else "py-openssl3")
        os_, sh, cwd = X.AGENT_OS[osi[i]]
        sysp[i] = sp.replace("{os}", os_).replace("{shell}", sh).replace("{cwd}", cwd.format(r=X.REPO_NAMES[repo[i]]))
    ntools = np.array([a[3] for a in X.CODING_AGENTS])[agent]
    mt = np.array([a[4] for a in X.CODING_AGENTS])[agent]
    te = np.array([a[5] for a in X.CODING_AGENTS])[agent]
    return ua, fp, sysp, ntools, mt, te


def agent_sessions(w: World, t_s, lens, human_pause=0.12, loop_median=7.0):
    r = w.rng
    gap = lambda m: np.where(r.random(m) < human_pause, lognormal_gaps(r, m, 120, 1.0),
                             lognormal_gaps(r, m, loop_median, 0.8))
    return expand(t_s, lens, gap(int(np.sum(lens))))


def coding_agent_users(w: World):
    r = w.rng
    n = w.n(600, 900, minimum=8)
    home = _home(w, n)
    tier = _tiers(w, n, {"pro": 0.6, "team": 0.25, "free": 0.15})
    g = w.add_accounts(n, "coding_agent_user", None, tier=tier, verified=verified_for(w, tier),
                       created_at=legit_created(w, n, 150, 1.0, 0.03),
                       email_domain=np.where(r.random(n) < 0.6, consumer_domains(w, n), invent_domains(w, n)),
                       payment=payments(w, n, tier != "free"), signup_ip=home["ip"])
    agent = r.choice(4, n, p=AGENT_W)
    ua, fp, sysp, ntools, mt, te = _agent_client(w, n, agent)
    rate = np.exp(np.log(0.4) + 0.8 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, home["tz"], "work", "work")
    lens = np.clip(np.exp(np.log(16) + 0.8 * r.standard_normal(len(acc_s))), 2, 150).astype(int)
    sid, pos, t = agent_sessions(w, t_s, lens)
    keep = t < w.T
    sid, pos, t = sid[keep], pos[keep], t[keep]
    acc = acc_s[sid]
    c = _first_or_follow(w, pos, K.agent_task, K.agent_step)
    hist = _turn_history(w, sid, pos, 900, 1.0)
    # the provider's own CLI switches its default model a day after launch; others follow users
    cli_adopt = w.release + r.uniform(12, 36) * HOUR
    adopt = np.where(agent == 1, np.where(r.random(n) < 0.8, cli_adopt, np.inf), adopt_times(w, n, 0.5, 96))
    base = np.where((agent == 2) & (r.random(n) < 0.3), "lumen-3-mini", "lumen-3").astype(object)
    emit_events(w, c, t=t, acct=g[acc], model=S(models_for(w, t, base[acc], adopt[acc])), surface="api",
                ip=S(home["ip"][acc]), asn=w.net.asn[home["ent"][acc]], country=S(home["country"][acc]),
                user_agent=S(ua[acc]), client_fingerprint=S(fp[acc]), system_prompt=S(sysp[acc]),
                tools_declared=ntools[acc], n_turns=2 * pos + 1, extra_in=hist, temperature=te[acc],
                max_tokens=mt[acc])


# --------------------------------------------------------------------------- corporate NAT
def corporate_nat(w: World):
    r = w.rng
    ncomp = max(2, int(round(r.integers(3, 7) * (1 if w.ascale >= 1 else 0.5))))
    n = w.n(250, 450, minimum=10)
    comp = r.integers(0, ncomp, n)
    cc = r.choice(["US", "US", "GB", "DE", "FR", "JP", "CA", "NL", "IN"], ncomp)
    swg_ent = np.nonzero(w.net.kind == "swg")[0]
    nat, nat_ent, dom, pay, orgs, uav = [], [], [], [], [], []
    for k in range(ncomp):
        if r.random() < 0.4:
            ent = int(r.choice(swg_ent))
            ips, _, _ = _fixed_ips(w, ent, 6, subnet=int(r.integers(0, 4)))  # shared gateway /24s
        else:
            ent = int(w.net.pick(r, "res", np.array([cc[k]]))[0])
            ips, _, _ = _fixed_ips(w, ent, int(r.integers(1, 3)))
        nat.append(ips)
        nat_ent.append(ent)
        dom.append(invent_domains(w, 1, ["com", "de", "co.uk", "fr", "jp", "io"])[0])
        pay.append(payments(w, 1)[0])
        orgs.append(hexids(r, 1, 8, "org_")[0])
        uav.append(w.cli.browser(r, 1))
    tier = np.where(r.random(ncomp) < 0.75, "team", "enterprise").astype(object)[comp]
    country = cc[comp].astype(object)
    tz = w.net.tz_of(r, country)
    acc_ip = np.array([nat[c][0] for c in comp], dtype=object)
    g = w.add_accounts(n, "corporate_nat_employee", None, tier=tier, verified=True,
                       created_at=legit_created(w, n, 180, 0.7, 0.02), email_domain=np.array(dom, dtype=object)[comp],
                       payment=np.array(pay, dtype=object)[comp], signup_ip=acc_ip,
                       org=np.array(orgs, dtype=object)[comp])
    rate = np.exp(np.log(0.35) + 0.8 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, tz, "work", "work")
    lens = np.minimum(r.geometric(0.3, len(acc_s)), 20)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 60, 1.0))
    acc = acc_s[sid]
    m = len(t)
    c = _first_or_follow(w, pos, lambda w_, k: K.mix(w_, k, [(0.3, K.pool_fn("selfinst")), (0.2, K.pool_fn("alpaca")),
                                                             (0.25, K.chat), (0.15, K.pool_fn("code")),
                                                             (0.1, K.arena_kind("other"))]),
                         lambda w_, k: K.followup(w_, k))
    api = (r.random(n) < 0.35)[acc]
    s_ua, s_fp, s_mt, s_te = w.cli.sdk(r, ncomp)
    cidx = comp[acc]
    nat_mat = np.array([[ips[j % len(ips)] for j in range(6)] for ips in nat], dtype=object)
    ip = nat_mat[cidx, r.integers(0, 6, m)]
    ua = np.where(api, s_ua[cidx], np.array([u[0][0] for u in uav], dtype=object)[cidx])
    fp = np.where(api, s_fp[cidx], np.array([u[1][0] for u in uav], dtype=object)[cidx])
    model = models_for(w, t, np.full(m, "lumen-3", dtype=object), np.full(m, w.release + r.uniform(1, 4) * HOUR))
    emit_events(w, c, t=t, acct=g[acc], model=S(model), surface=S(np.where(api, "api", "chat")), ip=S(ip),
                asn=w.net.asn[np.array(nat_ent)[cidx]], country=S(w.net.country[np.array(nat_ent)[cidx]]),
                user_agent=S(ua), client_fingerprint=S(fp), n_turns=2 * pos + 1, extra_in=pos * 350,
                temperature=np.where(api, s_te[cidx], 1.0), max_tokens=np.where(api, s_mt[cidx], 8192))


# --------------------------------------------------------------------------- API aggregators / routers
def aggregator_content(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    ag = np.array([a[2] for a in X.CODING_AGENTS], dtype=object)
    agn = np.array([a[3] for a in X.CODING_AGENTS])

    def agent_turn(w_, k):
        d = K.mix(w_, k, [(0.25, K.agent_task), (0.75, K.agent_step)])
        j = r.integers(0, len(ag), k)
        sp = pl.Series(ag[j]).str.replace_all(r"\{os\}", "Linux 6.8").str.replace_all(r"\{shell\}", "bash") \
            .str.replace_all(r"\{cwd\}", "/workspace")
        return d.with_columns(sp.alias("system_prompt"), pl.Series("tools_declared", agn[j]).cast(pl.Int32),
                              pl.Series("extra_in", np.exp(np.log(9000) + 1.0 * r.standard_normal(k)).astype(np.int64)))

    def app_chat(w_, k):
        d = K.mix(w_, k, [(0.6, K.chat), (0.2, K.pool_fn("alpaca")), (0.2, K.pool_fn("selfinst"))])
        roles = np.array(X.APP_ROLES, dtype=object)[r.integers(0, len(X.APP_ROLES), k)]
        return d.with_columns(SS(np.where(r.random(k) < 0.6, roles + ".", None), "system_prompt"))

    return K.mix(w, m, [(0.3, app_chat), (0.08, K.followup), (0.12, K.pool_fn("code")), (0.1, agent_turn),
                        (0.12, K.tools_benign), (0.06, K.arena_kind("math", think=True)),
                        (0.04, K.pool_fn("gsm", think=True)), (0.06, K.vision_app), (0.04, K.chat_image),
                        (0.03, K.arena_kind("coding")), (0.03, K.judge(K.JUDGE_TEMPLATES)),
                        (0.02, K.arena_kind("creative"))])


def aggregator(w: World):
    r = w.rng
    n = max(2, w.n(3, 5))
    for a in range(n):
        country = r.choice(["US", "US", "DE", "SG", "GB"])
        ents = w.net.any_of(r, "cloud", int(r.integers(2, 4)), countries=["US", "DE", "GB", "SG", "JP", "FI", "FR"])
        ipl, asl, col = [], [], []
        for e in ents:
            ips, asn, co = _fixed_ips(w, int(e), int(r.integers(2, 5)))
            ipl += list(ips)
            asl += [asn] * len(ips)
            col += [co] * len(ips)
        ipl, asl, col = np.array(ipl, dtype=object), np.array(asl), np.array(col, dtype=object)
        dom = invent_domains(w, 1, ["ai", "io", "com"])[0]
        g = w.add_accounts(1, "api_aggregator", None, tier="enterprise", verified=True,
                           created_at=-r.uniform(120, 600, 1) * DAY, email_domain=dom, payment=payments(w, 1),
                           signup_ip=ipl[0], nkeys=np.array([3]))
        per_day = float(np.clip(np.exp(np.log(1100) + 0.5 * r.standard_normal()), 500, 3000)) * w.vscale
        tz = float(w.net.tz_of(r, np.array([country]))[0])
        cis = r.integers(0, len(w.C.traces.rate_series), 3)
        series = w.C.traces.rate_series[cis].mean(0)
        t = stream_times(w, per_day, series / series.mean(), 1.5, tz)
        m = len(t)
        c = aggregator_content(w, m)
        think = c["think"].fill_null(False).to_numpy() if "think" in c.columns else np.zeros(m, bool)
        base = r.choice(np.array(["lumen-3", "lumen-3-mini", "lumen-3-pro", "lumen-2"], dtype=object), m,
                        p=[0.45, 0.32, 0.16, 0.07])
        # end users move quickly: share on the new model rises to ~55% within a day
        p_new = np.where(t >= w.release, 0.55 * (1 - np.exp(-(t - w.release) / (8 * HOUR))), 0.0)
        adopt = np.where(r.random(m) < p_new, w.release, np.inf)
        ntr = np.where(r.random(m) < 0.35, 2 * r.geometric(0.25, m) + 1, 1)
        ua = f"relaymesh-gateway/2.{int(r.integers(0, 9))}.{int(r.integers(0, 20))}"
        from netsim import _fp
        j = r.integers(0, len(ipl), m)
        emit_events(w, c, t=t, acct=np.full(m, g[0]), model=S(models_for(w, t, base, adopt, think)),
                    surface="api", ip=S(ipl[j]), asn=asl[j], country=S(col[j]), user_agent=ua,
                    client_fingerprint=_fp("go122"), think=think,
                    n_turns=ntr, extra_in=np.where(ntr > 1, r.choice(w.C.traces.mc_in, m) * r.uniform(0.3, 1.0, m),
                                                   0).astype(np.int64),
                    temperature=r.choice([0.0, 0.3, 0.7, 1.0, 1.0], m),
                    max_tokens=r.choice([1024, 2048, 4096, 4096, 8192, 16000], m))


# --------------------------------------------------------------------------- vision apps
def vision_apps(w: World):
    r = w.rng
    n = w.n(8, 15, minimum=1)
    for a in range(n):
        country = r.choice(["US", "GB", "DE", "IN", "JP", "BR"])
        tz = float(w.net.tz_of(r, np.array([country]))[0])
        ent = int(w.net.pick(r, "cloud", np.array([country]))[0])
        ips, asn, co = _fixed_ips(w, ent, int(r.integers(1, 4)))
        tier = r.choice(["startup", "team"])
        g = w.add_accounts(1, "vision_app", None, tier=tier, verified=tier == "team" or r.random() < 0.5,
                           created_at=-r.uniform(30, 400, 1) * DAY, email_domain=invent_domains(w, 1)[0],
                           payment=payments(w, 1), signup_ip=ips[0])
        per_day = float(np.clip(np.exp(np.log(150) + 0.8 * r.standard_normal()), 20, 900)) * w.vscale
        ci = int(r.integers(0, len(w.C.traces.rate_series)))
        t = stream_times(w, per_day, w.C.traces.rate_series[ci], w.C.traces.rate_cv[ci], tz)
        m = len(t)
        c = K.vision_app(w, m)
        pi = int(r.integers(0, len(X.VISION_APP)))
        c = c.with_columns(pl.when(pl.Series(r.random(m) < 0.8)).then(pl.lit(X.VISION_APP[pi]))
                           .otherwise(pl.col("prompt")).alias("prompt"))
        ua, fp, mt, te = w.cli.sdk(r, 1)
        emit_events(w, c, t=t, acct=np.full(m, g[0]), model=r.choice(["lumen-3", "lumen-3-mini"]), surface="api",
                    ip=S(ips[r.integers(0, len(ips), m)]), asn=asn, country=co, user_agent=ua[0],
                    client_fingerprint=fp[0], temperature=0.0, max_tokens=1024)


# --------------------------------------------------------------------------- reasoning power users
def reasoning_users(w: World):
    r = w.rng
    n = w.n(150, 250, minimum=3)
    home = _home(w, n)
    g = w.add_accounts(n, "reasoning_power_user", None, tier="pro", verified=r.random(n) < 0.15,
                       created_at=legit_created(w, n, 200, 0.8, 0.02), email_domain=consumer_domains(w, n),
                       payment=payments(w, n), signup_ip=home["ip"])
    rate = np.exp(np.log(0.25) + 0.8 * r.standard_normal(n))
    acc_s, t_s = human_sessions(w, n, rate, home["tz"], "evening", "casual")
    lens = np.minimum(r.geometric(0.45, len(acc_s)), 6)
    sid, pos, t = _sessions_to_events(w, acc_s, t_s, lens, lambda m: lognormal_gaps(r, m, 240, 0.8))
    acc = acc_s[sid]
    m = len(t)
    c = _first_or_follow(w, pos, lambda w_, k: K.mix(w_, k, [(0.35, K.arena_kind("math", True)),
                                                             (0.3, K.arena_kind("coding", True)),
                                                             (0.2, K.pool_fn("wizard_math", think=True)),
                                                             (0.15, K.pool_fn("gsm", think=True))]), K.followup)
    api = (r.random(n) < 0.4)[acc]
    b_ua, b_fp = w.cli.browser(r, n)
    s_ua, s_fp, _, _ = w.cli.sdk(r, n)
    think = np.ones(m, bool)
    model = models_for(w, t, np.full(m, "lumen-3-pro", dtype=object), adopt_times(w, n, 0.8, 24)[acc], think)
    emit_events(w, c, t=t, acct=g[acc], model=S(model), surface=S(np.where(api, "api", "chat")),
                ip=S(home["ip"][acc]), asn=w.net.asn[home["ent"][acc]], country=S(home["country"][acc]),
                user_agent=S(np.where(api, s_ua[acc], b_ua[acc])), client_fingerprint=S(np.where(api, s_fp[acc], b_fp[acc])),
                think=think, n_turns=2 * pos + 1, extra_in=pos * 900, temperature=1.0,
                max_tokens=np.where(api, r.choice([8000, 16000, 32000], n)[acc], 32000))


# --------------------------------------------------------------------------- safety researchers (research tier)
def safety_research(w: World):
    r = w.rng
    n = w.n(5, 10, minimum=1)
    country = r.choice(["US", "GB", "DE", "CA", "NL"], n)
    ent = w.net.pick(r, "edu", country)
    ip = w.net.ips(r, ent).to_numpy().astype(object)
    g = w.add_accounts(n, "safety_researcher", None, tier="research", verified=True,
                       created_at=legit_created(w, n, 300, 0.5, 0.0),
                       email_domain=invent_domains(w, n, ["edu", "ac.uk", "org"]), payment=payments(w, n, 0.5),
                       signup_ip=ip)
    for a in range(n):
        ua, fp, _, _ = w.cli.sdk(r, 1, family="httpx")
        for _ in range(1 + r.poisson(1.0)):
            k = int(r.integers(150, 600))
            s = r.uniform(0, w.T)
            c = K.mix(w, k, [(0.6, K.redteam), (0.4, K.sensitive_q)]).drop("q")
            t = s + np.cumsum(r.exponential(2.5, k))
            keep = t < w.T
            c, t = c.filter(pl.Series(keep)), t[keep]
            mm = len(t)
            emit_events(w, c, t=t, acct=np.full(mm, g[a]), model=r.choice(["lumen-3", "lumen-3-pro", "lumen-3-mini"]),
                        surface="api", ip=ip[a], asn=int(w.net.asn[ent[a]]), country=str(w.net.country[ent[a]]),
                        user_agent=ua[0], client_fingerprint=fp[0], temperature=0.0, max_tokens=1024)


ALL = [casual_chat, vpn_users, small_dev, edu_campus, edtech, bench_runner, llm_judge, saas, dev_iterating,
       coding_agent_users, corporate_nat, aggregator, vision_apps, reasoning_users, safety_research]
