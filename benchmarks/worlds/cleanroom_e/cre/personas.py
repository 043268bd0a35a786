"""Legitimate population.  Every persona the brief names, including the look-alikes."""
from __future__ import annotations

import numpy as np

from . import texts as T
from .common import (API, CHAT, CLOUD, CONSOLE, DAY, HOUR, MIN, SEC, M3MINI, M35, M4, M45, M4MINI, M4PRO,
                     C_AGENT, C_CODE, C_COT, C_OTHER, C_REASON, C_RUBRIC, C_TOOL, C_VISION, OK, REFUSED,
                     RATE_LIMITED, ERROR, expand_sessions, lognormal_gaps, mixture_gaps, segment_uniform_bursty,
                     geometric_len, hexids, tz_of, draw_countries, SDKS)
from .people import (Indiv, sessions, statuses, sample_emp, lognorm_int, personal_email, ages_us, pay_ids, org_ids,
                     wchoice, CHAT_BASE, API_BASE, SDK_W)

CHAT_MIX = {"chat": .70, "act_as": .05, "vision": .04, "sens": .015, "gsm_cot": .04, "code": .06, "arena_code": .03,
            "alpaca": .035, "self_instruct": .03}
COT_SUFFIX = ["\nexplain step by step", " Let's think step by step.", "\n\nshow your work please", "", " can you explain how to solve it",
              "\n\nPlease explain each step."]


def chat_content(w, pl, rng, pos, mix=None, tpl_pool=None, p_new_topic=0.28):
    """Prompt parts, capability, output tokens and image flag for chat-like traffic."""
    mix = dict(mix or CHAT_MIX)
    if tpl_pool is None:
        mix.pop("tpl", None)
    n = len(pos)
    p0 = np.full(n, -1, np.int32)
    p1 = np.empty(n, np.int32)
    p2 = np.full(n, -1, np.int32)
    cap = np.full(n, C_OTHER, np.int8)
    C = pl.C
    out = (sample_emp(rng, C.conv_gen, n) * rng.uniform(1.0, 1.9, n)).astype(np.int64)
    img = np.zeros(n, bool)
    sens = np.zeros(n, bool)
    first = (pos == 0) | (rng.random(n) < p_new_topic)
    names = list(mix.keys())
    pw = np.array([mix[k] for k in names], float)
    kind = rng.choice(len(names), n, p=pw / pw.sum())
    fol = ~first
    p1[fol] = pl.pick(rng, pl.followups, int(fol.sum()))
    for j, name in enumerate(names):
        m = np.flatnonzero(first & (kind == j))
        k = len(m)
        if k == 0:
            continue
        if name == "chat":
            low = rng.random(k) < 0.22
            src = rng.integers(0, len(pl.chat), k)
            p1[m] = np.where(low, pl.chat_lower[src], pl.chat[src])
            p0[m] = pl.pick(rng, pl.openers, k)
            p2[m] = pl.pick(rng, pl.closers, k)
        elif name == "act_as":
            p1[m] = pl.pick(rng, pl.act_as, k)
        elif name == "vision":
            p1[m] = np.where(rng.random(k) < .15, pl.empty, pl.pick(rng, pl.vision, k))   # image sent without text
            p0[m] = -1
            p2[m] = -1
            img[m] = True
            cap[m] = C_VISION
        elif name == "sens":
            p1[m] = np.where(rng.random(k) < .6, pl.pick(rng, pl.sens_q, k), pl.pick(rng, pl.sens_other, k))
            sens[m] = True
        elif name == "gsm_cot":
            q = rng.integers(0, len(pl.gsm_q), k)
            p1[m] = pl.gsm_q[q]
            p2[m] = np.array([pl.pid(s) for s in COT_SUFFIX], np.int32)[rng.integers(0, len(COT_SUFFIX), k)]
            cap[m] = C_REASON
            out[m] = (pl.gsm_sol[q] * rng.uniform(1.8, 3.5, k) / 4).astype(np.int64) + 20
        elif name == "code":
            q = rng.integers(0, len(pl.code), k)
            p1[m] = pl.code[q]
            cap[m] = C_CODE
            out[m] = (pl.code_out[q] * rng.uniform(1.5, 3.0, k) / 3.6).astype(np.int64) + 30
        elif name == "arena_code":
            p1[m] = pl.pick(rng, pl.arena_code, k)
            cap[m] = C_CODE
            out[m] = lognorm_int(rng, 550, .6, k)
        elif name == "alpaca":
            q = rng.integers(0, len(pl.alpaca), k)
            p1[m] = pl.alpaca[q]
            out[m] = (pl.alpaca_out[q] * rng.uniform(1.0, 2.0, k) / 4).astype(np.int64) + 10
        elif name == "self_instruct":
            p1[m] = pl.pick(rng, pl.self_instruct, k)
        elif name == "tpl":
            p0[m] = pl.pick(rng, tpl_pool, k)
            p1[m] = np.where(rng.random(k) < .5, pl.pick(rng, pl.alpaca, k), pl.pick(rng, pl.self_instruct, k))
        elif name == "cn":
            p1[m] = pl.pick(rng, pl.cn_chat, k)
        else:
            raise ValueError(name)
    return dict(p0=p0, p1=p1, p2=p2, cap=cap, out=out, img=img, sens=sens)


def status_for(rng, n, sens=None, ref=0.006, err=0.003, rl=0.001):
    st = statuses(rng, n, ref, err, rl)
    if sens is not None and sens.any():
        m = np.flatnonzero(sens)
        st[m[rng.random(len(m)) < 0.06]] = REFUSED
    return st


def scale_n(w, base, lo=1, jitter=0.15, rng=None):
    """Population size for this world: medium numbers, scaled for small worlds, jittered per seed."""
    r = rng if rng is not None else w.rng("sizes", base)
    x = base * w.notes["f_acct"] * r.uniform(1 - jitter, 1 + jitter)
    return max(lo, int(round(x)))


def events_target(w, base, rng):
    return max(200, int(base * w.notes["f_acct"] * (w.days / 12.0) * rng.uniform(0.85, 1.15)))


# =============================================================================== casual
def gen_casual(w, pl, actor="casual_chat", base_n=2600, vpn=False):
    rng = w.rng(actor)
    n = scale_n(w, base_n, lo=20, rng=rng)
    I = Indiv(w, rng, actor, n, {"free": .68, "pro": .32}, proton=(6.0 if vpn else 1.0), new_share=.04)
    per_day = np.clip(rng.lognormal(np.log(0.32), 0.95, n), 0.02, 6)
    prof = rng.random(n)
    out = []
    for pname, m in (("evening", prof < .55), ("human", prof >= .55)):
        loc = np.flatnonzero(m)
        if len(loc) == 0:
            continue
        sl, st, sidx, pos, ts = sessions(w, rng, len(loc), I.tz_eff[loc], per_day[loc], pname, 0.95, 3.3,
                                         mixture_gaps([(.75, 40, .8), (.25, 240, .9)]), cap=60)
        out.append((loc[sl], st, sidx, pos, ts))
    api_acct = rng.random(n) < (0.08 if not vpn else 0.15)
    tools_on = rng.random(n) < 0.5
    temp_acct = np.array([np.nan, np.nan, 0.7, 1.0, 0.3], np.float32)[rng.integers(0, 5, n)]
    if vpn:
        exits = vpn_exits(w, rng)
        relay = rng.random(n) < 0.3
        fav = rng.integers(0, len(exits["vpn"]), (n, 3))
    for sess_loc, st, sidx, pos, ts in out:
        S = len(sess_loc)
        ip_s, mob = I.session_ip(w, rng, sess_loc, st)
        if vpn:
            on = rng.random(S) < 0.85          # VPN on for most sessions
            r = rng.random(S)
            vpn_ip = np.where(r < 0.6, exits["vpn"][fav[sess_loc, rng.integers(0, 3, S)]],
                              exits["vpn"][rng.integers(0, len(exits["vpn"]), S)])
            rel_ip = exits["relay"][rng.integers(0, len(exits["relay"]), S)]
            vpn_ip = np.where(relay[sess_loc], rel_ip, vpn_ip)
            ip_s = np.where(on, vpn_ip, ip_s)
        api_s = api_acct[sess_loc] & (rng.random(S) < 0.8)
        surf = np.where(api_s, API, CHAT).astype(np.int8)
        ua_s = np.where(api_s, I.ua_api[sess_loc], np.where(mob, I.ua_mob[sess_loc], I.ua_web[sess_loc]))
        fp_s = np.where(api_s, I.fp_api[sess_loc], np.where(mob, I.fp_mob[sess_loc], I.fp_web[sess_loc]))
        pro = I.tier[sess_loc] == "pro"
        model_chat = w.pick_model(rng, st, CHAT_BASE, adopt=.85, tau_h=1.5)
        model_api = w.pick_model(rng, st, API_BASE, adopt=.3, tau_h=60, lag_h=3)
        model_s = np.where(api_s, model_api, np.where(pro, model_chat, np.where(model_chat == M4PRO, M4, model_chat)))
        think_s = pro & (rng.random(S) < 0.15)
        n_ev = len(pos)
        acc = sess_loc[sidx]
        cc = chat_content(w, pl, rng, pos)
        ctx = (pos * rng.lognormal(np.log(330), .6, n_ev)).astype(np.int64)
        ctx += np.where(tools_on[acc] & ~api_s[sidx], 900, 0)
        ctx += np.where(cc["img"], rng.integers(900, 1700, n_ev), 0)
        reason = np.where(think_s[sidx], lognorm_int(rng, 700, .9, n_ev), -1)
        w.emit(ts=ts, acct=I.idx[acc], ip=ip_s[sidx], model=model_s[sidx], p0=cc["p0"], p1=cc["p1"], p2=cc["p2"],
               ctx_tok=ctx, out_tok=cc["out"], reason_tok=reason,
               max_tok=np.where(api_s[sidx], np.array([1024, 4096, 2048, 8192])[acc % 4], 8192),
               temp=np.where(api_s[sidx], temp_acct[acc], np.nan),
               n_turns=2 * pos + 1, tools=np.where(tools_on[acc] & ~api_s[sidx], 2, 0), img=cc["img"],
               status=status_for(rng, n_ev, cc["sens"]), ua=ua_s[sidx], fp=fp_s[sidx], surface=surf[sidx],
               key=np.where(api_s[sidx], I.key[acc], -1), cap=cc["cap"])


def vpn_exits(w, rng):
    def mk():
        ex = []
        for prov, k in (("m247", 26), ("datacamp", 22), ("tefincom", 24), ("mullvad", 14), ("cogent", 8)):
            for _ in range(max(2, k // 4)):
                blk, asn, cc = w.net.cloud_block(prov, rng)
                ex.append(w.net.in_block24(blk, asn, cc, "vpn", 4, rng))
        vpn = np.unique(np.concatenate(ex))
        rel = []
        for prov in ("akamai_relay", "cloudflare"):
            for _ in range(6):
                blk, asn, cc = w.net.cloud_block(prov, rng)
                rel.append(w.net.in_block24(blk, asn, cc, "relay", 12, rng))
        return {"vpn": vpn, "relay": np.unique(np.concatenate(rel))}
    return w.net.shared_pool("vpn_exits", mk)


# =============================================================================== campus
UNIVERSITIES = [("Northbridge University", "northbridge.edu", "US"), ("Lakeshore State University", "lakeshore-state.edu", "US"),
                ("Riverside Institute of Technology", "rit-riverside.edu", "US"), ("University of Eastmoor", "eastmoor.ac.uk", "GB"),
                ("TH Kaltenbach", "th-kaltenbach.de", "DE"), ("Universite de Valmont", "univ-valmont.fr", "FR"),
                ("IIST Varanpur", "iist-varanpur.ac.in", "IN"), ("Kitano University", "kitano-u.ac.jp", "JP"),
                ("Hanbit National University", "hanbit.ac.kr", "KR"), ("Universidade Federal do Vale", "ufvale.edu.br", "BR"),
                ("University of Southgate", "southgate.edu.au", "AU"), ("Maplewood University", "maplewood.ca", "CA"),
                ("Pinecrest College", "pinecrest.edu", "US"), ("Delft-Noord Technical University", "dnt-university.nl", "NL")]


def universities(w):
    """Campus networks shared by students, researchers and benchmark runners."""
    if "universities" in w.notes:
        return w.notes["universities"]
    rng = w.rng("universities")
    k = max(2, int(round(len(UNIVERSITIES) * min(1.0, 0.3 + w.notes["f_acct"] * 0.6))))
    pick = rng.choice(len(UNIVERSITIES), k, replace=False)
    out = []
    for i in pick:
        name, dom, cc = UNIVERSITIES[i]
        asn = w.net.new_asn(rng)
        blk = w.net.block24(asn, cc, rng)
        nat = w.net.in_block24(blk, asn, cc, "edu", int(rng.integers(1, 4)), rng, lo=2, hi=30)
        dorm = w.net.in_block24(blk, asn, cc, "edu", 2, rng, lo=100, hi=140)
        lab = w.net.in_block24(blk, asn, cc, "edu", 1, rng, lo=200, hi=220)
        hpc = w.net.in_block24(blk, asn, cc, "edu", int(rng.integers(2, 6)), rng, lo=230, hi=250)
        out.append(dict(name=name, domain=dom, cc=cc, asn=asn, nat=nat, dorm=dorm, lab=lab, hpc=hpc,
                        tz=tz_of(cc, rng), semester=int(w.t0 - rng.uniform(8, 70) * DAY)))
    w.notes["universities"] = out
    return out


def gen_campus(w, pl, actor="campus_nat", base_n=700):
    rng = w.rng(actor)
    unis = universities(w)
    n_total = scale_n(w, base_n, lo=30, rng=rng)
    share = rng.dirichlet(np.ones(len(unis)) * 2)
    tpl_course = pl.sid("You are a teaching assistant for an introductory programming and problem-solving course. "
                        "Explain concepts clearly, show your reasoning step by step, and never write a complete graded "
                        "solution; give hints and partial code instead.")
    for ui, u in enumerate(unis):
        n = max(6, int(round(n_total * share[ui])))
        batch = rng.random(n) < 0.38
        created = ages_us(w, rng, n, 300, 1.0)
        created[batch] = u["semester"] + (rng.random(int(batch.sum())) * 2.5 * DAY).astype(np.int64)
        edu_mail = rng.random(n) < 0.8

        def email_fn(i, u=u, edu_mail=edu_mail):
            return u["domain"] if edu_mail[i] else personal_email(rng, u["cc"])
        I = Indiv(w, rng, actor, n, {"edu": .55, "free": .35, "pro": .10}, countries=[u["cc"]] * n,
                  email_fn=email_fn, created=created, new_share=0.02, paid_tiers=("pro",))
        for i in range(n):                         # campus signups come from the campus NAT
            if batch[i] or rng.random() < 0.5:
                w.accounts[I.idx[i]]["signup_ip"] = int(u["nat"][int(rng.integers(0, len(u["nat"])))])
        per_day = np.clip(rng.lognormal(np.log(0.45), 0.8, n), 0.03, 5)
        sl, st, sidx, pos, ts = sessions(w, rng, n, I.tz_eff, per_day, "school", 0.6, 3.0,
                                         mixture_gaps([(.7, 50, .8), (.3, 200, .9)]), cap=40)
        S = len(sl)
        ip_s, mob = I.session_ip(w, rng, sl, st, p_home=.25, p_mobile=.12)
        r = rng.random(S)
        on_campus = r < 0.63
        ip_s = np.where(on_campus, np.where(rng.random(S) < .7, u["nat"][rng.integers(0, len(u["nat"]), S)],
                                            u["dorm"][rng.integers(0, len(u["dorm"]), S)]), ip_s)
        mob = mob & ~on_campus
        api_acct = rng.random(n) < 0.15
        api_s = api_acct[sl]
        ua_s = np.where(api_s, I.ua_api[sl], np.where(mob, I.ua_mob[sl], I.ua_web[sl]))
        fp_s = np.where(api_s, I.fp_api[sl], np.where(mob, I.fp_mob[sl], I.fp_web[sl]))
        model_s = np.where(api_s, w.pick_model(rng, st, API_BASE, .3, 48, 2), w.pick_model(rng, st, CHAT_BASE, .85, 1.5))
        acc = sl[sidx]
        mix = {"chat": .4, "gsm_cot": .16, "code": .18, "arena_code": .05, "alpaca": .1, "self_instruct": .04,
               "vision": .04, "sens": .01, "act_as": .02}
        cc = chat_content(w, pl, rng, pos, mix)
        n_ev = len(pos)
        w.emit(ts=ts, acct=I.idx[acc], ip=ip_s[sidx], model=model_s[sidx], p0=cc["p0"], p1=cc["p1"], p2=cc["p2"],
               ctx_tok=(pos * rng.lognormal(np.log(320), .6, n_ev)).astype(np.int64) + np.where(cc["img"], 1200, 0),
               out_tok=cc["out"], max_tok=np.where(api_s[sidx], 1024, 8192), n_turns=2 * pos + 1, img=cc["img"],
               status=status_for(rng, n_ev, cc["sens"]), ua=ua_s[sidx], fp=fp_s[sidx],
               surface=np.where(api_s[sidx], API, CHAT), key=np.where(api_s[sidx], I.key[acc], -1), cap=cc["cap"])
        # ---- a programming course's lab: same starter code, same exercises, same room, same slot
        if rng.random() < 0.65 and n >= 10:
            k = min(n, int(rng.integers(15, 60)))
            members = rng.choice(np.flatnonzero(batch) if batch.sum() >= k else np.arange(n), k, replace=False)
            dept_card = pay_ids(rng, 1)[0]
            for i in members:
                a = w.accounts[I.idx[i]]
                a["tier"] = "edu"
                if rng.random() < 0.6:
                    a["payment"] = dept_card
            ua_lab, fp_lab = w.clients.sdk("requests", version="2.31.0")
            slots = []
            day0 = (w.t0 // DAY) * DAY
            wd = rng.choice(5, 2, replace=False)
            hour = rng.choice([9, 10, 13, 14, 15], 2)
            for d in range(w.days):
                start_dow = ((w.t0 // DAY) + 3 + d) % 7
                for j in range(2):
                    if start_dow == wd[j]:
                        slots.append(int(day0 + d * DAY + (hour[j] - u["tz"]) * HOUR))
            if not slots:
                continue
            exercises = rng.integers(0, len(pl.code), 12)
            ex_g = rng.integers(0, len(pl.gsm_q), 6)
            for s0 in slots:
                att = members[rng.random(len(members)) < 0.85]
                L = rng.integers(8, 36, len(att))
                starts = s0 + (rng.random(len(att)) * 20 * MIN).astype(np.int64)
                sidx2, pos2, ts2 = expand_sessions(rng, starts, L, lognormal_gaps(75, .8))
                m = len(pos2)
                exk = np.minimum(pos2 // 3, 11)
                use_g = rng.random(m) < 0.3
                p1 = np.where(use_g, pl.gsm_q[ex_g[exk % 6]], pl.code[exercises[exk]])
                p0 = np.where(use_g, pl.pid("Explain how to solve this step by step, without giving the final answer:\n\n"),
                              pl.pid("Explain this exercise and give me a hint for the first step:\n\n"))
                acc2 = att[sidx2]
                w.emit(ts=ts2, acct=I.idx[acc2], ip=u["lab"][0], model=M4MINI if rng.random() < .5 else M4, p0=p0, p1=p1,
                       sys=tpl_course, out_tok=lognorm_int(rng, 260, .5, m), max_tok=512, temp=0.2,
                       ua=ua_lab, fp=fp_lab, surface=API, key=I.key[acc2], cap=np.where(use_g, C_REASON, C_CODE),
                       status=statuses(rng, m, .002, .003, .02))


# ============================================================================ corporate
def gen_corp(w, pl, actor="corp_nat", base_companies=8, base_size=60):
    rng = w.rng(actor)
    k = max(2, scale_n(w, base_companies, lo=2, rng=rng))
    names = rng.choice(len(T.CO_NAMES), k, replace=False)
    z_pool = w.net.shared_pool("zscaler", lambda: np.concatenate([w.net.cloud("zscaler", 6, rng) for _ in range(5)]))
    tpl_ids = np.array([pl.pid(t.split("{x}")[0]) for t in T.CORP_TEMPLATES], np.int32)
    for ci in range(k):
        cname = T.CO_NAMES[names[ci]]
        dom = cname.lower().replace(" ", "") + rng.choice([".com", ".io", ".co", ".de", ".net"])
        cc = str(rng.choice(["US", "US", "US", "GB", "DE", "FR", "IN", "NL", "CA", "JP"]))
        n = max(5, int(rng.integers(20, 120) * w.notes["f_acct"] ** 0.5))
        if rng.random() < 0.35:
            nat = z_pool[rng.integers(0, len(z_pool), 3)]
        else:
            asn = w.net.new_asn(rng)
            blk = w.net.block24(asn, cc, rng)
            nat = w.net.in_block24(blk, asn, cc, "business", int(rng.integers(1, 4)), rng)
        org = org_ids(rng, 1)[0]
        card = pay_ids(rng, 1)[0]
        org_created = w.t0 - int(rng.uniform(40, 700) * DAY)
        created = np.sort(org_created + (rng.random(n) * (w.t0 - org_created)).astype(np.int64))
        onboard = rng.random(n) < 0.3
        created[onboard] = org_created + int(rng.uniform(0.5, 20) * DAY) + (rng.random(int(onboard.sum())) * 6 * HOUR).astype(np.int64)
        tier = "enterprise" if rng.random() < .4 else "team"
        I = Indiv(w, rng, actor, n, {tier: 1.0}, countries=[cc] * n, email_fn=lambda i: dom, created=created, new_share=.03)
        for i in range(n):
            a = w.accounts[I.idx[i]]
            a.update(org_id=org, payment=card, verified=True, signup_ip=int(nat[int(rng.integers(0, len(nat)))]))
        per_day = np.clip(rng.lognormal(np.log(1.1), .7, n), .05, 8)
        sl, st, sidx, pos, ts = sessions(w, rng, n, I.tz + rng.normal(0, .5, n), per_day, "office", 0.1, 3.6,
                                         mixture_gaps([(.75, 55, .8), (.25, 260, .8)]), cap=40)
        S = len(sl)
        ip_s, mob = I.session_ip(w, rng, sl, st, p_home=.8, p_mobile=.1)
        office = rng.random(S) < 0.68
        ip_s = np.where(office, nat[rng.integers(0, len(nat), S)], ip_s)
        mob = mob & ~office
        api_acct = rng.random(n) < 0.25
        api_s = api_acct[sl] & (rng.random(S) < .6)
        ua_s = np.where(api_s, I.ua_api[sl], np.where(mob, I.ua_mob[sl], I.ua_web[sl]))
        fp_s = np.where(api_s, I.fp_api[sl], np.where(mob, I.fp_mob[sl], I.fp_web[sl]))
        model_s = np.where(api_s, w.pick_model(rng, st, API_BASE, .35, 72, 12), w.pick_model(rng, st, CHAT_BASE, .8, 3))
        acc = sl[sidx]
        mix = {"chat": .35, "tpl": .2, "self_instruct": .14, "code": .12, "arena_code": .05, "alpaca": .08, "vision": .03,
               "sens": .005, "gsm_cot": .01}
        my_tpl = tpl_ids[rng.choice(len(tpl_ids), 3, replace=False)]
        cc_ = chat_content(w, pl, rng, pos, mix, tpl_pool=my_tpl)
        n_ev = len(pos)
        w.emit(ts=ts, acct=I.idx[acc], ip=ip_s[sidx], model=model_s[sidx], p0=cc_["p0"], p1=cc_["p1"], p2=cc_["p2"],
               ctx_tok=(pos * rng.lognormal(np.log(380), .6, n_ev)).astype(np.int64) + np.where(cc_["img"], 1300, 0),
               out_tok=cc_["out"], max_tok=np.where(api_s[sidx], 2048, 8192), n_turns=2 * pos + 1, img=cc_["img"],
               status=status_for(rng, n_ev, cc_["sens"]), ua=ua_s[sidx], fp=fp_s[sidx], surface=np.where(api_s[sidx], API, CHAT),
               key=np.where(api_s[sidx], I.key[acc], -1), cap=cc_["cap"], temp=np.where(api_s[sidx], 0.5, np.nan))


# ============================================================ service arrivals (orgs)
def service_times(w, rng, target, curve=None, cv=None, profile=None, tz=0.0, weekend=1.0, noise=0.25):
    """Arrival timestamps for a backend: either a ServeGen client's 10-minute rate curve
    (shifted to the org's local time) or a diurnal profile, with gamma-bursty placement."""
    nwin = int((w.t1 - w.t0) // (600 * SEC))
    if curve is not None:
        off = int(rng.integers(0, max(1, 2016 - nwin))) // 144 * 144
        j = (np.arange(nwin) + int(round(6 * (tz - 8))) + off) % 2016
        rate = curve[j].astype(float)
        shape = 1.0 / np.clip(cv[j], 0.5, 2.5) ** 2
    else:
        hw = w.hour_weights(profile, tz, weekend)
        rate = np.repeat(hw, 6)[:nwin] * rng.lognormal(0, noise, nwin)
        shape = np.full(nwin, 0.6)
    rate = rate / max(rate.sum(), 1e-9) * target
    counts = rng.poisson(rate)
    starts = w.t0 + np.arange(nwin, dtype=np.int64) * 600 * SEC
    return np.sort(segment_uniform_bursty(rng, counts, starts, 600, np.maximum(shape, 0.15)))


def org_account(w, rng, actor, org, tier, email, card, signup_ip, created, country, tz, verified=True):
    a = w.new_account(actor, None, tier=tier, verified=verified, email_domain=email, payment=card,
                      signup_ip=int(signup_ip), org_id=org, created_at=int(created), country=country, tz=tz)
    k = w.new_key(a)
    return a, k


def cloud_egress(w, rng, provider, k):
    blk, asn, cc = w.net.cloud_block(provider, rng)
    return w.net.in_block24(blk, asn, cc, "hosting", k, rng), cc


def fill_saas_user(rng, prod, co, pl, n):
    out = []
    C = pl.C
    for _ in range(n):
        nm = prod["name"]
        if nm == "ticket_summarizer":
            subj = T._pick(rng, T.TICKET_SUBJ)
            body = T._pick(rng, T.TICKET_BODY).format(subj_l=subj.lower(), plan=T._pick(rng, ["Pro", "Team", "Starter"]),
                                                      first=T._pick(rng, ["Sam", "Lena", "Raj", "Olu", "Mei", "Tom"]))
            s = prod["user"].format(n=rng.integers(10000, 99999), subj=subj, body=body)
        elif nm == "product_copy":
            s = prod["user"].format(prod=T._pick(rng, T.PRODUCTS), attrs=T._pick(rng, T.ATTRS), aud=T._pick(rng, T.AUDS))
        elif nm == "meeting_notes":
            lines = [T._pick(rng, T.TRANSCRIPT_LINES) for _ in range(int(rng.integers(5, 18)))]
            s = prod["user"].format(transcript="\n".join(lines))
        elif nm == "sql_assistant":
            s = T._pick(rng, T.SQL_Q)
        elif nm == "doc_qa":
            ctx = T._pick(rng, C.alpaca) + "\n\n" + T._pick(rng, C.self_instruct)
            s = prod["user"].format(context=ctx, question=T._pick(rng, C.oasst))
        elif nm == "invoice_ocr":
            s = prod["user"]
        elif nm == "code_review":
            i = int(rng.integers(0, len(C.code_input)))
            diff = C.code_input[i] or C.code_instr[i]
            s = prod["user"].format(repo=f"{co.lower().replace(' ', '')}/{T._pick(rng, ['api', 'web', 'infra', 'mobile'])}",
                                    title=C.code_instr[i][:70], diff="+ " + diff.replace("\n", "\n+ "))
        elif nm == "support_agent":
            s = T._pick(rng, T.SUPPORT_MSGS)
        elif nm == "moderation":
            s = T._pick(rng, T.UGC) if rng.random() < .6 else T._pick(rng, C.oasst)
        elif nm == "translation":
            s = T._pick(rng, C.alpaca)
        elif nm == "email_reply":
            s = prod["user"].format(email=T._pick(rng, T.EMAILS), intent=T._pick(rng, T.INTENTS))
        elif nm == "resume_screen":
            s = prod["user"].format(job=T._pick(rng, T.JOBS), resume=T._pick(rng, T.RESUMES))
        elif nm == "data_insights":
            s = T._pick(rng, T.INSIGHT_Q)
        else:
            s = T._pick(rng, C.alpaca)
        out.append(s)
    return out


CAP_OF = {"other": C_OTHER, "coding": C_CODE, "vision": C_VISION, "tool_use": C_TOOL, "reasoning": C_REASON}


def gen_saas(w, pl, actor="saas_backend", base_orgs=12, base_events=150000):
    rng = w.rng(actor)
    k = max(2, scale_n(w, base_orgs, lo=2, rng=rng))
    total = events_target(w, base_events, rng)
    share = rng.dirichlet(np.ones(k) * 1.2)
    clients = rng.permutation(len(pl.C.sg_clients))
    shared_serverless = w.net.shared_pool("serverless", lambda: w.net.cloud("aws_use1", 48, rng, cc="US"))
    cos = rng.choice(len(T.CO_NAMES), k, replace=False)
    for oi in range(k):
        co = T.CO_NAMES[cos[oi]]
        prods = [T.SAAS_PRODUCTS[i] for i in rng.choice(len(T.SAAS_PRODUCTS), int(rng.integers(1, 3)), replace=False)]
        cc = str(rng.choice(["US", "US", "US", "DE", "GB", "IN", "SG", "FR", "CA", "BR"]))
        tz = tz_of(cc, rng)
        provider = str(rng.choice(["aws", "aws", "gcp", "azure", "aws_use1"]))
        serverless = rng.random() < 0.3
        egress, _ = cloud_egress(w, rng, provider, int(rng.integers(2, 7)))
        if serverless:
            egress = shared_serverless
        org = org_ids(rng, 1)[0]
        card = pay_ids(rng, 1)[0]
        dom = co.lower().replace(" ", "") + ".com"
        created = w.t0 - int(rng.uniform(60, 900) * DAY)
        tier = str(rng.choice(["enterprise", "enterprise", "team", "startup"]))
        n_acc = int(rng.integers(1, 5))
        accs, keys = [], []
        for j in range(n_acc):
            a, kk = org_account(w, rng, actor, org, tier, dom, card, egress[0], created + j * int(rng.uniform(0, 200)) * DAY // 2,
                                cc, tz, verified=tier != "startup" or rng.random() < .6)
            accs.append(a)
            keys.append(kk)
            if rng.random() < .5:
                w.new_key(a)
        accs = np.array(accs, np.int32)
        keys = np.array(keys, np.int32)
        n_target = int(total * share[oi])
        rate, cvs = pl.C.sg_clients[int(clients[oi % len(clients)])]
        ts = service_times(w, rng, n_target, rate, cvs, tz=tz)
        n_ev = len(ts)
        if n_ev == 0:
            continue
        fam = str(rng.choice(["aster_py", "aster_node", "openai_py", "java", "go", "aster_py"]))
        ua, fp = w.clients.sdk(fam, rng)
        acc_w = np.array([0.8] + [0.2 / max(1, n_acc - 1)] * (n_acc - 1)) if n_acc > 1 else np.array([1.0])
        ai = rng.choice(n_acc, n_ev, p=acc_w / acc_w.sum())
        pi = rng.integers(0, len(prods), n_ev)
        p1 = np.empty(n_ev, np.int32)
        sys_ = np.empty(n_ev, np.int32)
        cap = np.empty(n_ev, np.int8)
        out = np.empty(n_ev, np.int64)
        img = np.zeros(n_ev, bool)
        tools = np.zeros(n_ev, np.int16)
        temp = np.empty(n_ev, np.float32)
        maxt = np.empty(n_ev, np.int32)
        nturn = np.ones(n_ev, np.int16)
        base_model = int(rng.choice([M4MINI, M4, M4, M35, M3MINI, M4PRO]))
        for j, prod in enumerate(prods):
            m = np.flatnonzero(pi == j)
            if len(m) == 0:
                continue
            sysid = pl.sid(prod["system"].format(co=co, lang=T._pick(rng, T.LANGS_TR)))
            msgs = pl.w.P.add_many(fill_saas_user(rng, prod, co, pl, 800))
            p1[m] = msgs[rng.integers(0, len(msgs), len(m))]
            sys_[m] = sysid
            cap[m] = CAP_OF[prod["cap"]]
            med, sig = prod["out"]
            out[m] = lognorm_int(rng, med, sig, len(m), hi=prod["max_tok"])
            img[m] = prod["img"]
            tools[m] = prod["tools"]
            temp[m] = prod["temp"]
            maxt[m] = prod["max_tok"]
            if prod["name"] == "support_agent":
                nturn[m] = 2 * rng.integers(0, 5, len(m)) + 1
        # deployment migration to the new model: canary then full switch, for some orgs
        model = np.full(n_ev, base_model, np.int8)
        if rng.random() < 0.35:
            t_mig = w.release_t + int(rng.uniform(1, 6) * DAY)
            canary = (ts > t_mig) & (ts < t_mig + DAY) & (rng.random(n_ev) < .1)
            model[(ts >= t_mig + DAY) | canary] = M45
        w.emit(ts=ts, acct=accs[ai], ip=egress[rng.integers(0, len(egress), n_ev)], model=model, p1=p1, sys=sys_,
               ctx_tok=np.where(img, rng.integers(1100, 1800, n_ev), 0) + tools * 160 + (nturn - 1) * 120,
               out_tok=out, max_tok=maxt, temp=temp, n_turns=nturn, tools=tools, img=img,
               status=statuses(rng, n_ev, .001, .004, .004), ua=ua, fp=fp, surface=API, key=keys[ai], cap=cap)


# ================================================================================ edtech
def gen_edtech(w, pl, actor="edtech_platform", base_orgs=4, base_events=60000):
    rng = w.rng(actor)
    k = max(1, scale_n(w, base_orgs, lo=1, rng=rng))
    total = events_target(w, base_events, rng)
    share = rng.dirichlet(np.ones(k) * 2)
    names = ["Brightpath Learn", "MathMeadow", "Tutorly", "Owlbright Academy", "Quizzle", "StepUp Math"]
    for oi in range(k):
        co = names[oi % len(names)]
        cc = str(rng.choice(["US", "US", "IN", "GB", "BR"]))
        tz = tz_of(cc, rng)
        egress, _ = cloud_egress(w, rng, str(rng.choice(["aws", "gcp"])), int(rng.integers(2, 5)))
        org, card = org_ids(rng, 1)[0], pay_ids(rng, 1)[0]
        dom = co.lower().replace(" ", "") + ".com"
        writing = oi == 2
        sysid = pl.sid(T.EDTECH_SYSTEMS[2 if writing else oi % 2].format(co=co))
        tier = str(rng.choice(["enterprise", "startup"]))
        accs, keys = [], []
        for j in range(int(rng.integers(1, 4))):
            a, kk = org_account(w, rng, actor, org, tier, dom, card, egress[0], w.t0 - int(rng.uniform(30, 500) * DAY), cc, tz)
            accs.append(a)
            keys.append(kk)
        accs, keys = np.array(accs), np.array(keys)
        ts = service_times(w, rng, int(total * share[oi]), profile="school", tz=tz, weekend=0.3)
        n_ev = len(ts)
        ai = rng.integers(0, len(accs), n_ev)
        fol = rng.random(n_ev) < 0.3
        p0 = np.full(n_ev, -1, np.int32)
        p2 = np.full(n_ev, -1, np.int32)
        if writing:
            p1 = pl.pick(rng, pl.alpaca, n_ev)
            p0[:] = pl.pid("Student text:\n")
            cap = np.full(n_ev, C_OTHER, np.int8)
            out = lognorm_int(rng, 350, .4, n_ev)
        else:
            wrap = [t.split("{q}") for t in T.EDTECH_USER]
            q = rng.integers(0, len(pl.gsm_q), n_ev)
            p1 = pl.gsm_q[q]
            wi = rng.integers(0, len(wrap), n_ev)
            grade = rng.integers(3, 9, n_ev)
            pre = np.array([pl.pid(x[0].replace("{w}", str(rng.integers(1, 30)))) for x in wrap], np.int32)
            post = np.array([[pl.pid(x[1].replace("{g}", str(g))) for g in range(3, 9)] for x in wrap], np.int32)
            p0 = pre[wi]
            p2 = post[wi, grade - 3]
            cap = np.full(n_ev, C_REASON, np.int8)
            out = (pl.gsm_sol[q] * rng.uniform(2.0, 3.5, n_ev) / 4).astype(np.int64) + 60
        foll = np.array([pl.pid(s) for s in T.EDTECH_FOLLOW], np.int32)
        p1 = np.where(fol, foll[rng.integers(0, len(foll), n_ev)], p1)
        p0 = np.where(fol, -1, p0)
        p2 = np.where(fol, -1, p2)
        nt = np.where(fol, 2 * rng.integers(1, 5, n_ev) + 1, 1)
        ua, fp = w.clients.sdk("aster_node", rng)
        w.emit(ts=ts, acct=accs[ai], ip=egress[rng.integers(0, len(egress), n_ev)],
               model=np.where(ts > w.release_t + 4 * DAY, M4, M4MINI) if oi % 2 else M4MINI,
               p0=p0, p1=p1, p2=p2, sys=sysid, ctx_tok=(nt - 1) * 300, out_tok=out, max_tok=1024, temp=0.3,
               n_turns=nt, status=statuses(rng, n_ev, .001, .003, .003), ua=ua, fp=fp, surface=API, key=keys[ai], cap=cap)


# ============================================================================ aggregator
def gen_aggregator(w, pl, actor="aggregator_router", base_orgs=3, base_events=120000):
    rng = w.rng(actor)
    k = max(1, scale_n(w, base_orgs, lo=1, rng=rng))
    total = events_target(w, base_events, rng)
    share = rng.dirichlet(np.ones(k) * 3)
    gw = [("RouteHub", "routehub"), ("Polyroute", "polyroute"), ("Switchyard AI", "routehub")]
    rp_sys = np.array([pl.sid(s.format(name=nm)) for s in T.D_RP_SYS[:3] for nm in T.RP_NAMES[:6]], np.int32)
    gen_sys = np.array([pl.sid(s) for s in ["You are a helpful assistant.", "You are a helpful assistant. Answer concisely.",
                                             "You are an expert programmer.", "Always answer in the user's language."]], np.int32)
    for oi in range(k):
        name, uafam = gw[oi % len(gw)]
        org, card = org_ids(rng, 1)[0], pay_ids(rng, 1)[0]
        dom = name.lower().replace(" ", "") + ".ai"
        egress = np.concatenate([cloud_egress(w, rng, p, int(rng.integers(3, 9)))[0] for p in ("aws", "aws", "gcp", "azure")])
        accs, keys = [], []
        for j in range(int(rng.integers(2, 5))):
            a, kk = org_account(w, rng, actor, org, "enterprise", dom, card, egress[0], w.t0 - int(rng.uniform(100, 600) * DAY), "US", -5.0)
            accs.append(a)
            keys.append(kk)
            w.new_key(a)
        accs, keys = np.array(accs), np.array(keys)
        target = int(total * share[oi])
        parts = []
        for c in rng.choice(len(pl.C.sg_clients), 3, replace=False):
            rate, cvs = pl.C.sg_clients[int(c)]
            parts.append(service_times(w, rng, target // 3, rate, cvs, tz=float(rng.choice([-5, 1, 8]))))
        ts = np.sort(np.concatenate(parts))
        n_ev = len(ts)
        ua, fp = w.clients.sdk(uafam, rng)
        mix = ["chat", "agent", "gsm", "code", "tool", "rp", "vision", "cn", "act_as", "sens"]
        mw = np.array([.36, .18, .06, .1, .08, .07, .04, .05, .04, .02])
        kind = rng.choice(len(mix), n_ev, p=mw / mw.sum())
        pos = np.where(kind == 1, rng.integers(0, 40, n_ev), np.where(np.isin(kind, [0, 5]), rng.geometric(.35, n_ev) - 1, 0))
        cc = chat_content(w, pl, rng, pos, {"chat": .7, "alpaca": .15, "self_instruct": .15})
        p0, p1, p2, cap, out, img = cc["p0"], cc["p1"], cc["p2"], cc["cap"], cc["out"], cc["img"]
        sys_ = np.where(rng.random(n_ev) < .3, gen_sys[rng.integers(0, len(gen_sys), n_ev)], -1).astype(np.int32)
        tools = np.zeros(n_ev, np.int16)
        ctx = (pos * rng.lognormal(np.log(350), .7, n_ev)).astype(np.int64)
        for j, nm in enumerate(mix):
            m = np.flatnonzero(kind == j)
            q = len(m)
            if q == 0 or nm in ("chat", "rp"):
                if nm == "rp" and q:
                    sys_[m] = pl.pick(rng, rp_sys, q)
                continue
            p0[m] = -1
            p2[m] = -1
            if nm == "agent":
                prod = rng.choice(list(T.AGENT_PRODUCTS), q)
                for pn in T.AGENT_PRODUCTS:
                    mm = m[prod == pn]
                    sys_[mm] = pl.pick(rng, pl.agent_sys[pn], len(mm))
                    tools[mm] = T.AGENT_PRODUCTS[pn]["tools"]
                p1[m] = np.where(pos[m] == 0, pl.pick(rng, pl.human_tasks, q), pl.pick(rng, pl.tool_results, q))
                cap[m] = C_AGENT
                out[m] = lognorm_int(rng, 200, 1.0, q, hi=8000)
                ctx[m] = 2500 + pos[m] * lognorm_int(rng, 900, .5, q)
            elif nm == "gsm":
                p1[m] = pl.pick(rng, pl.gsm_q, q)
                p2[m] = pl.pid("\nThink step by step.")
                cap[m] = C_REASON
            elif nm == "code":
                p1[m] = pl.pick(rng, np.concatenate([pl.code, pl.arena_code]), q)
                cap[m] = C_CODE
                out[m] = lognorm_int(rng, 450, .7, q)
            elif nm == "tool":
                ti = rng.integers(0, len(pl.tool), q)
                p1[m] = pl.tool[ti]
                tools[m] = np.maximum(pl.tool_n[ti], rng.integers(2, 9, q))
                cap[m] = C_TOOL
                out[m] = lognorm_int(rng, 90, .7, q)
            elif nm == "vision":
                p1[m] = pl.pick(rng, pl.vision, q)
                img[m] = True
                cap[m] = C_VISION
                ctx[m] += 1400
            elif nm == "cn":
                p1[m] = pl.pick(rng, pl.cn_chat, q)
            elif nm == "act_as":
                p1[m] = pl.pick(rng, pl.act_as, q)
            elif nm == "sens":
                p1[m] = pl.pick(rng, pl.sens_q, q)
        # long-context conversations: context sizes from the Mooncake (Kimi) conversation trace
        longctx = (kind == 0) & (rng.random(n_ev) < .3)
        ctx = np.where(longctx, sample_emp(rng, pl.C.moon_in, n_ev), ctx)
        out = np.where(longctx, sample_emp(rng, pl.C.moon_out, n_ev), out)
        model = w.pick_model(rng, ts, {M4: .34, M4MINI: .2, M35: .12, M4PRO: .14, M3MINI: .2}, adopt=.4, tau_h=8, lag_h=.5)
        temp = np.array([np.nan, 0.7, 1.0, 0.0, 0.3], np.float32)[rng.integers(0, 5, n_ev)]
        maxt = np.array([-1, 1024, 2048, 4096, 8192, 16000], np.int32)[rng.integers(0, 6, n_ev)]
        reason = np.where((rng.random(n_ev) < .08), lognorm_int(rng, 900, 1, n_ev), -1)
        w.emit(ts=ts, acct=accs[rng.integers(0, len(accs), n_ev)], ip=egress[rng.integers(0, len(egress), n_ev)], model=model,
               p0=p0, p1=p1, p2=p2, sys=sys_, ctx_tok=ctx + tools * 160, out_tok=out, reason_tok=reason, max_tok=maxt, temp=temp,
               n_turns=2 * pos + 1, tools=tools, img=img, status=statuses(rng, n_ev, .008, .006, .01), ua=ua, fp=fp,
               surface=API, key=keys[rng.integers(0, len(keys), n_ev)], cap=cap)


# ============================================================================ prompt dev
def gen_prompt_dev(w, pl, actor="prompt_dev", base_n=250):
    rng = w.rng(actor)
    n = scale_n(w, base_n, lo=8, rng=rng)
    I = Indiv(w, rng, actor, n, {"pro": .45, "free": .2, "team": .15, "startup": .2}, new_share=.05)
    console = rng.random(n) < 0.6
    curl = rng.random(n) < 0.15
    # iteration sessions: afternoons, 20-120 calls, small edits between calls
    n_sess = 1 + rng.poisson(1.2 * w.days / 12, n)
    sl = np.repeat(np.arange(n), n_sess)
    st = w.sample_times(rng, I.tz_eff[sl], "afternoon", 0.25)
    L = rng.integers(15, 120, len(sl))
    sidx, pos, ts = expand_sessions(rng, st, L, mixture_gaps([(.8, 55, .7), (.2, 240, .7)]))
    acc = sl[sidx]
    n_ev = len(pos)
    prod_of = rng.integers(0, len(T.SAAS_PRODUCTS), n)
    base_in = rng.integers(0, len(pl.chat), n)
    # system prompt versions per developer
    sys_tab = np.empty((n, 6), np.int32)
    for i in range(n):
        base = T.SAAS_PRODUCTS[prod_of[i]]["system"].format(co=T._pick(rng, T.CO_NAMES), lang="German")
        extra = ""
        for v in range(6):
            extra += T._pick(rng, T.PROMPT_DEV_EDITS)
            sys_tab[i, v] = pl.sid(base + extra)
    ver = np.minimum(pos // rng.integers(6, 15, n_ev), 5)
    edits = np.array([pl.pid(e) for e in T.PROMPT_DEV_EDITS], np.int32)
    test_inputs = np.stack([pl.pick(rng, pl.chat, n) for _ in range(3)], 1)
    which_in = np.where(rng.random(n_ev) < .7, 0, rng.integers(1, 3, n_ev))
    p1 = test_inputs[acc, which_in]
    p2 = edits[rng.integers(0, len(edits), n_ev)]
    m_pair = np.array([[M4, M4MINI], [M4, M4PRO], [M35, M4], [M4MINI, M3MINI]])[rng.integers(0, 4, n)]
    model = m_pair[acc, rng.integers(0, 2, n_ev)]
    model = np.where((ts > w.release_t) & (rng.random(n_ev) < .35), M45, model)
    temp = np.array([0.0, 0.2, 0.7, 1.0], np.float32)[(pos // 7 + acc) % 4]
    maxt = np.array([256, 512, 1024, 2048], np.int32)[(pos // 11 + acc) % 4]
    ua_c = np.where(console[acc], I.ua_web[acc], np.where(curl[acc], w.clients.sdk("curl", rng)[0], I.ua_api[acc]))
    fp_c = np.where(console[acc], I.fp_web[acc], np.where(curl[acc], w.clients.sdk("curl", rng)[1], I.fp_api[acc]))
    ip = np.where(st[sidx] < I.switch[acc], I.home1[acc], I.home2[acc])
    ip = np.where((sidx % 3) == 0, I.alt[acc], ip)
    w.emit(ts=ts, acct=I.idx[acc], ip=ip, model=model, p1=p1, p2=p2, sys=sys_tab[acc, ver], out_tok=lognorm_int(rng, 220, .8, n_ev),
           max_tok=maxt, temp=temp, ua=ua_c, fp=fp_c, surface=np.where(console[acc], CONSOLE, API),
           key=np.where(console[acc], -1, I.key[acc]), status=statuses(rng, n_ev, .003, .004, .002), cap=C_OTHER)
    # plus light personal chat use
    per_day = np.full(n, 0.2)
    sl2, st2, sidx2, pos2, ts2 = sessions(w, rng, n, I.tz_eff, per_day, "human", .8, 3, lognormal_gaps(60, .8), cap=20)
    acc2 = sl2[sidx2]
    cc = chat_content(w, pl, rng, pos2)
    w.emit(ts=ts2, acct=I.idx[acc2], ip=I.home1[acc2], model=w.pick_model(rng, ts2, CHAT_BASE, .85, 1.5), p0=cc["p0"], p1=cc["p1"],
           p2=cc["p2"], out_tok=cc["out"], max_tok=8192, n_turns=2 * pos2 + 1, img=cc["img"], ctx_tok=pos2 * 300,
           ua=I.ua_web[acc2], fp=I.fp_web[acc2], surface=CHAT, cap=cc["cap"], status=status_for(rng, len(pos2), cc["sens"]))


# ========================================================================= coding agents
def agent_session_events(w, pl, rng, sess_acct, starts, L, gap_fn, task_mix, follow_p=0.12):
    """Generic agent-loop expansion: step 0 is the task, later steps tool results / user nudges."""
    sidx, pos, ts = expand_sessions(rng, starts, L, gap_fn)
    n_ev = len(pos)
    names = list(task_mix)
    pw = np.array([task_mix[k] for k in names], float)
    tk = rng.choice(len(names), len(L), p=pw / pw.sum())
    task = np.empty(len(L), np.int32)
    for j, nm in enumerate(names):
        m = np.flatnonzero(tk == j)
        task[m] = pl.pick(rng, getattr(pl, nm), len(m))
    r = rng.random(n_ev)
    p1 = np.where(pos == 0, task[sidx], np.where(r < follow_p, pl.pick(rng, pl.agent_follow, n_ev), pl.pick(rng, pl.tool_results, n_ev)))
    step_tok = rng.lognormal(np.log(900), .5, len(L))
    ctx = (pos * step_tok[sidx]).astype(np.int64)
    ctx = ctx % 140000 + np.where(ctx > 140000, 9000, 0)       # context compaction
    return sidx, pos, ts, p1, ctx


def gen_coding_agents(w, pl, actor="coding_agent", base_n=400):
    rng = w.rng(actor)
    n = scale_n(w, base_n, lo=12, rng=rng)
    I = Indiv(w, rng, actor, n, {"pro": .45, "team": .2, "free": .1, "startup": .12, "enterprise": .13}, new_share=.04)
    prods = list(T.AGENT_PRODUCTS)
    prod = rng.choice(len(prods), n, p=[.5, .3, .2])
    sys_acc = np.array([pl.pick(rng, pl.agent_sys[prods[p]], 1)[0] for p in prod], np.int32)
    mcp = rng.choice([0, 0, 0, 1, 2, 3, 5], n)
    tools_acc = np.array([T.AGENT_PRODUCTS[prods[p]]["tools"] for p in prod]) + mcp
    ua_old = np.empty(n, np.int32)
    ua_new = np.empty(n, np.int32)
    fp_acc = np.empty(n, np.int32)
    for i in range(n):
        fam = T.AGENT_PRODUCTS[prods[prod[i]]]["ua"]
        vers = SDKS[fam][1]
        vi = int(rng.integers(0, len(vers) - 1))
        ua_old[i], fp_acc[i] = w.clients.sdk(fam, version=vers[vi])
        ua_new[i], _ = w.clients.sdk(fam, version=vers[min(len(vers) - 1, vi + 1)])
    upd_t = np.where(rng.random(n) < .5, w.t0 + (rng.random(n) * (w.t1 - w.t0)).astype(np.int64), w.t1 + DAY)
    per_day = np.clip(rng.lognormal(np.log(0.6), .8, n), .05, 6)
    n_sess = rng.poisson(per_day * w.days)
    sl = np.repeat(np.arange(n), n_sess)
    st = w.sample_times(rng, I.tz_eff[sl], "office", 0.35)
    L = np.maximum(geometric_len(rng, len(sl), 28, 260), 2)
    gap = mixture_gaps([(.78, 5, .7), (.16, 35, .8), (.06, 420, .9)])
    sidx, pos, ts, p1, ctx = agent_session_events(w, pl, rng, sl, st, L, gap,
                                                  {"human_tasks": .6, "code": .2, "arena_code": .2})
    acc = sl[sidx]
    n_ev = len(pos)
    pidx = prod[acc]
    # product defaults: model, thinking, max_tokens, temperature
    model = np.empty(n_ev, np.int8)
    for j, (adopt, tau, lag, base) in enumerate([(.7, 24, 24, {M4: .8, M4PRO: .2}), (.5, 12, 0, {M4: .6, M4MINI: .2, M4PRO: .2}),
                                                 (.3, 72, 6, {M4: .5, M35: .3, M4MINI: .2})]):
        m = pidx == j
        model[m] = w.pick_model(rng, st[sidx[m]], base, adopt, tau, lag)
    think = (pidx == 0) & (rng.random(len(sl)) < .35)[sidx]
    maxt = np.array([32000, 8192, 4096], np.int32)[pidx]
    temp = np.array([1.0, 0.0, 0.0], np.float32)[pidx]
    out = lognorm_int(rng, 190, 1.0, n_ev, hi=8000)
    ip = np.where(st[sidx] < I.switch[acc], I.home1[acc], I.home2[acc])
    ip = np.where((sl[sidx] + sidx) % 4 == 0, I.alt[acc], ip)
    w.emit(ts=ts, acct=I.idx[acc], ip=ip, model=model, p1=p1, sys=sys_acc[acc], ctx_tok=ctx + tools_acc[acc] * 170,
           out_tok=np.minimum(out, maxt), reason_tok=np.where(think, lognorm_int(rng, 350, 1.0, n_ev), -1), max_tok=maxt,
           temp=temp, n_turns=2 * pos + 1, tools=tools_acc[acc], ua=np.where(ts < upd_t[acc], ua_old[acc], ua_new[acc]),
           fp=fp_acc[acc], surface=API, key=I.key[acc], status=statuses(rng, n_ev, .001, .006, .004),
           cap=np.where(pos == 0, C_CODE, C_AGENT))


# ============================================================================ benchmarks
def _bench_items(pl, rng, bench, n_items):
    if bench.startswith("gsm8k"):
        idx = pl.gsm_test[:n_items]
        pre, post = T.BENCH_TEMPLATES[bench]
        return pl.gsm_q[idx], pl.pid(pre), pl.pid(post), C_REASON, (pl.gsm_sol[idx] * 2.4 / 4).astype(np.int64) + 40, 0
    if bench == "code":
        idx = np.arange(min(n_items, len(pl.code)))
        pre, post = T.BENCH_TEMPLATES["code"]
        return pl.code[idx], pl.pid(pre), pl.pid(post), C_CODE, (pl.code_out[idx] * 2 / 3.6).astype(np.int64) + 80, 0
    if bench == "arena":
        return pl.arena_v01[:n_items], -1, -1, C_OTHER, lognorm_int(rng, 650, .6, min(n_items, len(pl.arena_v01))), 0
    if bench == "bfcl":
        idx = pl.bfcl[:n_items]
        return pl.tool[idx], -1, -1, C_TOOL, lognorm_int(rng, 70, .6, len(idx)), pl.tool_n[idx]
    if bench == "wizard":
        return pl.wizard[:n_items], -1, -1, C_REASON, lognorm_int(rng, 400, .7, min(n_items, len(pl.wizard))), 0
    raise ValueError(bench)


def run_burst(w, rng, start, n_req, conc, lat_med):
    """Timestamps of a concurrent client working through n_req items."""
    gap = lognormal_gaps(max(lat_med / conc, 0.05), .6, floor=0.01)
    _, _, ts = expand_sessions(rng, np.array([start]), np.array([n_req]), gap)
    return ts


def gen_benchmarks(w, pl, actor="benchmark_runner", base_n=40):
    rng = w.rng(actor)
    unis = universities(w)
    n = scale_n(w, base_n, lo=3, rng=rng)
    sys_help = pl.sid("You are a helpful assistant.")
    benches = ["gsm8k_zs", "gsm8k_fs", "gsm8k_chat", "code", "arena", "bfcl", "wizard"]
    bw = np.array([.22, .12, .12, .18, .12, .14, .1])
    for i in range(n):
        uni = unis[int(rng.integers(0, len(unis)))] if rng.random() < .6 else None
        if uni:
            cc, tz, email = uni["cc"], uni["tz"], uni["domain"]
            ips = uni["hpc"]
            signup = uni["nat"][0]
            tier = str(rng.choice(["research", "research", "edu", "pro"]))
        else:
            cc = str(rng.choice(["US", "US", "GB", "DE", "FR", "CA", "SG"]))
            tz = tz_of(cc, rng)
            ips, _ = cloud_egress(w, rng, str(rng.choice(["gcp", "aws", "azure", "aws"])), 1)
            email = str(rng.choice(["evalworks.ai", "benchlab.io", "gmail.com", "modelmetrics.com", "outlook.com"]))
            signup = int(w.net.residential(cc, 1, rng)[0])
            tier = str(rng.choice(["enterprise", "pro", "research"]))
        a = w.new_account(actor, None, tier=tier, verified=bool(rng.random() < .6), email_domain=email,
                          payment=pay_ids(rng, 1)[0] if tier in ("pro", "enterprise") else None, signup_ip=int(signup),
                          org_id=org_ids(rng, 1)[0], created_at=int(ages_us(w, rng, 1, 200, .9)[0]), country=cc, tz=tz)
        key = w.new_key(a)
        ua, fp = w.clients.sdk(str(rng.choice(["openai_py", "aster_py", "httpx", "litellm"])), rng)
        n_runs = 1 + rng.poisson(0.8 * w.days / 12)
        for r in range(n_runs):
            bench = benches[int(rng.choice(len(benches), p=bw / bw.sum()))]
            n_items = int(rng.choice([100, 200, 250, 500, 1319], p=[.25, .2, .2, .2, .15]))
            items, pre, post, cap, out, tools = _bench_items(pl, rng, bench, n_items)
            if rng.random() < .3:
                items = items[rng.permutation(len(items))]
            post_release = rng.random() < .5
            if post_release and w.release_t < w.t1 - 6 * HOUR:
                start = w.release_t + int(rng.exponential(30) * HOUR)
                models = [M45] + ([int(rng.choice([M4, M4PRO]))] if rng.random() < .35 else [])
            else:
                start = int(w.sample_times(rng, [tz], "office", .2)[0])
                models = list(rng.choice([M4, M4MINI, M4PRO, M35], int(rng.choice([1, 1, 2, 3])), replace=False))
            samples = 5 if rng.random() < .08 else 1
            conc = int(rng.choice([4, 8, 16, 32]))
            temp = 0.8 if samples > 1 else 0.0
            maxt = int(rng.choice([1024, 2048, 4096]))
            tools_it = np.broadcast_to(np.asarray(tools), (len(items),))
            for mdl in models:
                rep_items = np.tile(items, samples)
                tl = np.tile(tools_it, samples)
                m = len(rep_items)
                ts = run_burst(w, rng, start, m, conc, float(np.median(out)) / 70 + 0.8)
                start = int(ts[-1] + rng.uniform(2, 40) * MIN)
                st = statuses(rng, m, .002, .003, .0)
                # rate-limit hits under bursts, each retried a few seconds later
                rl = rng.random(m) < (0.04 if conc >= 16 else 0.008)
                o = np.tile(out, samples)
                w.emit(ts=ts, acct=a, ip=ips[rng.integers(0, len(ips), m)], model=mdl, p0=pre, p1=rep_items, p2=post,
                       sys=sys_help if bench in ("arena", "wizard") else -1, ctx_tok=tl * 150,
                       out_tok=np.minimum(o * rng.uniform(.7, 1.4, m), maxt).astype(np.int64), max_tok=maxt, temp=temp,
                       tools=tl, status=np.where(rl, RATE_LIMITED, st), ua=ua, fp=fp, key=key, cap=cap)
                if rl.any():
                    k = np.flatnonzero(rl)
                    w.emit(ts=ts[k] + (rng.uniform(1, 20, len(k)) * SEC).astype(np.int64), acct=a, ip=ips[rng.integers(0, len(ips), len(k))],
                           model=mdl, p0=pre, p1=rep_items[k], p2=post, sys=sys_help if bench in ("arena", "wizard") else -1,
                           out_tok=np.minimum(o[k], maxt), max_tok=maxt, temp=temp, tools=tl[k], ctx_tok=tl[k] * 150,
                           ua=ua, fp=fp, key=key, cap=cap)


# ============================================================================== judges
def gen_judges(w, pl, actor="llm_judge_eval", base_n=15):
    rng = w.rng(actor)
    n = scale_n(w, base_n, lo=2, rng=rng)
    J_SINGLE, J_PAIR, J_REF, J_RUB = (pl.pid(T.JUDGE_SINGLE), pl.pid(T.JUDGE_PAIR), pl.pid(T.JUDGE_REF), pl.pid(T.JUDGE_RUBRIC))
    mid1 = pl.pid("\n\n[The Start of Assistant's Answer]\n")
    midA = pl.pid("\n\n[The Start of Assistant A's Answer]\n")
    midB = pl.pid("\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n")
    midR = pl.pid("\n\nReference answer: ")
    midS = pl.pid("\n\nStudent solution:\n")
    midRub = pl.pid("\n\nAgent reply:\n")
    sup = np.array([pl.pid(s) for s in T.SUPPORT_MSGS], np.int32)
    for i in range(n):
        cloud = rng.random() < .7
        cc = str(rng.choice(["US", "US", "GB", "DE", "IN", "SG", "FR"]))
        tz = tz_of(cc, rng)
        ips = cloud_egress(w, rng, str(rng.choice(["aws", "gcp", "azure"])), int(rng.integers(1, 4)))[0] if cloud else w.net.residential(cc, 2, rng, allow_mobile=False)
        tier = str(rng.choice(["enterprise", "team", "research", "startup"]))
        a = w.new_account(actor, None, tier=tier, verified=bool(rng.random() < .7),
                          email_domain=str(rng.choice(["evalforge.ai", "gradewise.io", "qa-signal.com", "northbridge.edu", "gmail.com"])),
                          payment=pay_ids(rng, 1)[0], signup_ip=int(ips[0]), org_id=org_ids(rng, 1)[0],
                          created_at=int(ages_us(w, rng, 1, 150, .9)[0]), country=cc, tz=tz)
        key = w.new_key(a)
        ua, fp = w.clients.sdk(str(rng.choice(["openai_py", "aster_py", "litellm"])), rng)
        nightly = rng.random() < .4
        style = int(rng.integers(0, 4))
        if nightly:
            starts = [int((w.t0 // DAY + d) * DAY + (2 - tz) * HOUR + rng.uniform(0, 300) * SEC) for d in range(w.days)]
            sizes = [int(rng.integers(80, 300))] * len(starts)
        else:
            k = 1 + rng.poisson(1.5 * w.days / 12)
            starts = list(w.sample_times(rng, [tz] * k, "office", .2))
            sizes = list(rng.integers(200, 1500, k))
        mdl = int(rng.choice([M4, M4PRO, M4MINI]))
        for s0, m in zip(starts, sizes):
            m = int(m * max(.3, w.notes["f_acct"] ** .5))
            conc = int(rng.choice([8, 16, 32]))
            ts = run_burst(w, rng, s0, m, conc, 3.0)
            if style == 0:
                q = pl.pick(rng, np.concatenate([pl.arena_all, pl.oasst, pl.alpaca]), m)
                parts = dict(p0=J_SINGLE, p1=q, p2=mid1, p3=pl.pick(rng, pl.generic_ans, m))
            elif style == 1:
                q = pl.pick(rng, np.concatenate([pl.arena_all, pl.oasst]), m)
                parts = dict(p0=J_PAIR, p1=q, p2=midA, p3=pl.pick(rng, pl.generic_ans, m))
            elif style == 2:
                qi = rng.integers(0, len(pl.gsm_q), m)
                good = rng.random(m) < .6
                parts = dict(p0=J_REF, p1=pl.gsm_q[qi], p2=midS, p3=np.where(good, pl.gsm_cand_good[qi], pl.gsm_cand_bad[qi]))
            else:
                parts = dict(p0=J_RUB, p1=sup[rng.integers(0, len(sup), m)], p2=midRub, p3=pl.pick(rng, pl.generic_ans, m))
            w.emit(ts=ts, acct=a, ip=ips[rng.integers(0, len(ips), m)], model=mdl if s0 < w.release_t or rng.random() < .5 else M45,
                   out_tok=lognorm_int(rng, 170, .5, m), max_tok=int(rng.choice([512, 1024])), temp=0.0,
                   status=statuses(rng, m, .001, .003, .01), ua=ua, fp=fp, key=key, cap=C_RUBRIC, **parts)


# ============================================================================ researchers
def gen_researchers(w, pl, actor="researcher", base_n=150):
    rng = w.rng(actor)
    unis = universities(w)
    n = scale_n(w, base_n, lo=5, rng=rng)
    uni_of = rng.integers(0, len(unis), n)
    at_uni = rng.random(n) < .7
    cc = [unis[uni_of[i]]["cc"] if at_uni[i] else c for i, c in enumerate(draw_countries(rng, n))]
    I = Indiv(w, rng, actor, n, {"research": .5, "pro": .3, "free": .2}, countries=cc,
              email_fn=lambda i: unis[uni_of[i]]["domain"] if at_uni[i] else personal_email(rng, cc[i]))
    for i in range(n):
        if at_uni[i]:
            I.alt[i] = unis[uni_of[i]]["nat"][0]
    sl, st, sidx, pos, ts = sessions(w, rng, n, I.tz_eff, np.full(n, .45), "human", .5, 3.5, lognormal_gaps(70, .8), cap=30)
    acc = sl[sidx]
    ip = np.where(rng.random(len(sl)) < .6, I.alt[sl], I.home1[sl])[sidx]
    cc_ = chat_content(w, pl, rng, pos, {"chat": .5, "arena_code": .1, "gsm_cot": .1, "sens": .08, "code": .1, "alpaca": .12})
    w.emit(ts=ts, acct=I.idx[acc], ip=ip, model=w.pick_model(rng, ts, CHAT_BASE, .8, 3), p0=cc_["p0"], p1=cc_["p1"], p2=cc_["p2"],
           out_tok=cc_["out"], ctx_tok=pos * 350, n_turns=2 * pos + 1, max_tok=8192, ua=I.ua_web[acc], fp=I.fp_web[acc],
           surface=CHAT, cap=cc_["cap"], status=status_for(rng, len(pos), cc_["sens"]))
    # experiment batches: scripts that loop over a designed prompt set
    pref = np.array([pl.pid(p) for p in T.RESEARCH_PREFIXES], np.int32)
    red = np.array([pl.pid(p) for p in T.REDTEAM], np.int32)
    pers = np.array([pl.pid(f"Imagine you are {p}. ") for p in T.PERSONAS_RS], np.int32)
    cot_on = pl.pid("\nLet's think step by step.")
    cot_off = pl.pid("\nAnswer with only the final number.")
    for i in range(n):
        for b in range(rng.poisson(0.6 * w.days / 12)):
            kind = int(rng.integers(0, 4))
            m = int(rng.integers(40, 300) * max(.4, w.notes["f_acct"] ** .5))
            t0 = int(w.sample_times(rng, [I.tz[i]], "office", .3)[0])
            _, _, ts2 = expand_sessions(rng, np.array([t0]), np.array([m]), lognormal_gaps(2.5, .6))
            p0 = np.full(m, -1, np.int32)
            p2 = np.full(m, -1, np.int32)
            st2 = statuses(rng, m, .004, .004, .002)
            cap = C_OTHER
            if kind == 0:     # political bias / censorship study
                p0 = pref[rng.integers(0, len(pref), m)]
                p1 = np.where(rng.random(m) < .75, pl.pick(rng, pl.sens_q, m), pl.pick(rng, pl.sens_other, m))
                st2[rng.random(m) < .05] = REFUSED
            elif kind == 1:   # chain-of-thought faithfulness
                q = rng.integers(0, len(pl.gsm_q), m // 2 + 1)
                p1 = np.repeat(pl.gsm_q[q], 2)[:m]
                p2 = np.tile([cot_on, cot_off], m // 2 + 1)[:m]
                cap = C_REASON
            elif kind == 2:   # red teaming (security research programme)
                p1 = red[rng.integers(0, len(red), m)]
                st2[rng.random(m) < .35] = REFUSED
            else:             # persona / sycophancy
                p0 = pers[rng.integers(0, len(pers), m)]
                p1 = pl.pick(rng, np.concatenate([pl.oasst, pl.arena_all]), m)
            w.emit(ts=ts2, acct=I.idx[i], ip=I.alt[i], model=int(rng.choice([M4, M4MINI, M4PRO, M35])), p0=p0, p1=p1, p2=p2,
                   out_tok=lognorm_int(rng, 260, .8, m), max_tok=int(rng.choice([512, 1024, 2048])), temp=float(rng.choice([0.0, 0.7, 1.0])),
                   ua=I.ua_api[i], fp=I.fp_api[i], surface=API, key=I.key[i], status=st2, cap=cap)


# ============================================================================= startups
def gen_startups(w, pl, actor="startup_dev", base_n=150):
    rng = w.rng(actor)
    n = scale_n(w, base_n, lo=5, rng=rng)
    words = ["nova", "lumen", "quanta", "stack", "flow", "pilot", "forge", "sprout", "relay", "vector", "hatch", "kite", "loop"]
    doms = [f"{words[int(rng.integers(0, len(words)))]}{words[int(rng.integers(0, len(words)))]}{rng.choice(['.ai', '.io', '.dev', '.co'])}" for _ in range(n)]
    I = Indiv(w, rng, actor, n, {"startup": .8, "pro": .2}, email_fn=lambda i: doms[i], age=(70, .7), new_share=.1)
    gha = w.net.shared_pool("gha", lambda: w.net.cloud("azure", 64, rng, cc="US"))
    dom_s = rng.integers(0, len(T.STARTUP_DOMAINS), n)
    sysid = np.array([pl.sid(T._pick(rng, T.STARTUP_SYS).format(name=T._pick(rng, T.STARTUP_NAMES), domain=T.STARTUP_DOMAINS[dom_s[i]],
                                                                date=str((np.datetime64(w.t0, "us") - np.timedelta64(int(rng.integers(0, 20)), "D")).astype("datetime64[D]")))) for i in range(n)], np.int32)
    ntools = rng.integers(3, 16, n)
    suite = [pl.pick(rng, pl.tool, int(rng.integers(15, 40))) for _ in range(n)]
    sl, st, sidx, pos, ts = sessions(w, rng, n, I.tz_eff, np.full(n, .6), "afternoon", .3, 9, mixture_gaps([(.7, 25, .8), (.3, 150, .8)]), cap=80)
    acc = sl[sidx]
    n_ev = len(pos)
    ti = rng.integers(0, len(pl.tool), n_ev)
    p1 = np.where(rng.random(n_ev) < .75, pl.tool[ti], pl.pick(rng, np.concatenate([pl.gorilla, pl.code]), n_ev))
    model = w.pick_model(rng, st, API_BASE, .45, 30, 2)[sidx]
    w.emit(ts=ts, acct=I.idx[acc], ip=np.where(st < I.switch[sl], I.home1[sl], I.alt[sl])[sidx], model=model, p1=p1, sys=sysid[acc],
           ctx_tok=ntools[acc] * 160 + pos * 200, out_tok=lognorm_int(rng, 140, .8, n_ev), max_tok=1024,
           temp=np.where(acc % 2 == 0, np.nan, 0.2), n_turns=1 + 2 * (pos % 4), tools=ntools[acc], ua=I.ua_api[acc], fp=I.fp_api[acc],
           surface=API, key=I.key[acc], status=statuses(rng, n_ev, .002, .005, .003), cap=C_TOOL)
    # nightly CI replays a fixed suite from shared GitHub-hosted runners
    ci = rng.random(n) < .2
    for i in np.flatnonzero(ci):
        for d in range(w.days):
            if rng.random() < .3:
                continue
            s0 = int((w.t0 // DAY + d) * DAY + rng.uniform(1.5, 4.5) * HOUR)
            m = len(suite[i])
            _, _, ts2 = expand_sessions(rng, np.array([s0]), np.array([m]), lognormal_gaps(3.0, .5))
            w.emit(ts=ts2, acct=I.idx[i], ip=gha[int(rng.integers(0, len(gha)))], model=int(M4MINI if i % 3 else M4), p1=suite[i],
                   sys=sysid[i], ctx_tok=ntools[i] * 160, out_tok=lognorm_int(rng, 120, .6, m), max_tok=1024, temp=0.0,
                   tools=ntools[i], ua=I.ua_api[i], fp=I.fp_api[i], surface=API, key=I.key[i], cap=C_TOOL,
                   status=statuses(rng, m, .001, .004, .004))


PERSONAS = [gen_casual, gen_campus, gen_corp, gen_saas, gen_edtech, gen_aggregator, gen_prompt_dev, gen_coding_agents,
            gen_benchmarks, gen_judges, gen_researchers, gen_startups]


def generate_legit(w, pl):
    gen_casual(w, pl)
    gen_casual(w, pl, actor="vpn_user", base_n=450, vpn=True)
    gen_campus(w, pl)
    gen_corp(w, pl)
    gen_saas(w, pl)
    gen_edtech(w, pl)
    gen_aggregator(w, pl)
    gen_prompt_dev(w, pl)
    gen_coding_agents(w, pl)
    gen_benchmarks(w, pl)
    gen_judges(w, pl)
    gen_researchers(w, pl)
    gen_startups(w, pl)
