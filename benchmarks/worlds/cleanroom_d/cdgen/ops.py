"""Distillation operations: reasoning harvest, agentic harvest, reseller hydra."""
from __future__ import annotations

import numpy as np

from . import content as K
from . import core
from . import text_legit as L
from . import text_ops as O
from .common import (HomeNet, api_keys, emit, event_keys, human_sessions, mean_lognorm_len, payments,
                     status_p, tiers, verified_for, _hash01)
from .core import DAY, HOUR, obj, pick

# countries an operation under `hard` claims for its identities (residential exits there)
HARD_COUNTRIES = ["US", "US", "US", "CA", "GB", "SG", "JP", "KR", "HK", "TW", "DE", "AU"]


def _hard_accounts(ctx, rng, n, actor, cid, tier_spec, aged=(60, 700)):
    """Identities that copy legitimate customers: aged, one card each, a sticky residential
    exit in a plausible country, consumer or company email."""
    cc = pick(rng, HARD_COUNTRIES, n)
    tz = core.tz_for(rng, cc)
    net = HomeNet(ctx, rng, cc, v6_share=0.1, mobile_share=0.0)
    net.nhome[:] = 1  # one sticky exit per account
    tier = tiers(rng, n, tier_spec)
    created = -rng.uniform(*aged, n) * DAY
    email = np.where(rng.random(n) < 0.75, pick(rng, core.CONSUMER_MAIL[:10], n), core.word_domain(rng, n))
    idx = ctx.add_accounts(actor, cid, tier, verified_for(rng, tier), email, payments(rng, tier), net.ip[:, 0],
                           core.hexids(rng, n, 12, "org_"), created)
    return idx, cc, tz, net, ctx.accounts[-1]["org_id"]


def _cover(C, rng, m, turn):
    return K.mixture(rng, m, {"chat": .7, "code": .2, "vision": .1}, {
        "chat": lambda r: K.chat(C, rng, len(r), turn[r]),
        "code": lambda r: K.coding_question(C, rng, len(r)),
        "vision": lambda r: K.vision(C, rng, len(r)),
    })


def _apply_cover(ctx, rng, C, c, m, turn, share):
    """Replace a share of an operation's requests with ordinary-looking cover traffic."""
    cov = rng.random(m) < share
    if cov.any():
        r = np.nonzero(cov)[0]
        d = _cover(C, rng, len(r), turn[r])
        for k in c:
            c[k][r] = d[k]
    return np.where(cov, "cover", "harvest").astype(object)


# ============================================================ reasoning harvest
def op_reasoning(ctx, actor="op_reasoning_harvest"):
    """DeepSeek-like: reasoning / CoT elicitation, rubric grading as a reward model,
    answer-to-reasoning reconstruction and sensitive-topic rewrites."""
    rng, C = ctx.rng, ctx.corpora
    cid = ctx.campaign(actor)
    S = ctx.size
    start = rng.uniform(0.0, 0.15) * ctx.horizon
    total = S["op_reason_per_day"] * (ctx.horizon - start) / DAY
    mix = {"cot": .36, "grade": .25, "recon": .2, "sens": .12, "textgen": .07}
    if not ctx.hard:
        n = S["op_reason"]
        # fresh accounts in 2-3 cohorts, cheap pathways, shared cards, hosting exits
        ncoh = int(rng.integers(2, 4))
        coh_start = np.sort(np.r_[start, start + rng.uniform(0.15, 0.6, ncoh - 1) * (ctx.horizon - start)])
        coh = np.sort(rng.integers(0, ncoh, n))
        acc_start = coh_start[coh] + rng.uniform(0, 600, n)
        tier = tiers(rng, n, {"startup": .3, "pro": .25, "research": .2, "edu": .15, "free": .1})
        cards = core.hexids(rng, 3, 16, "pm_")
        pay = payments(rng, tier, shared=cards[rng.integers(0, 3, n)], credits=False)
        created = acc_start - rng.uniform(0.5, 10, n) * DAY
        lab_dom = core.word_domain(rng, 1)[0]
        email = np.where(rng.random(n) < 0.3, lab_dom, pick(rng, ["gmail.com", "outlook.com", "qq.com", "163.com", "proton.me"], n))
        pool_ip, pool_asn, pool_cc = core.from_table(rng, core.HOSTING, 8, idx=np.repeat(rng.integers(0, len(core.HOSTING), 2), 4))
        ip_k = rng.integers(0, 8, (n, 2))
        idx = ctx.add_accounts(actor, cid, tier, rng.random(n) < 0.05, email, pay, pool_ip[ip_k[:, 0]],
                               core.hexids(rng, n, 12, "org_"), created)
        org = ctx.accounts[-1]["org_id"]
        keys, nk = api_keys(rng, n)
        # one dispatcher, round-robin over active accounts ("load balancing"), near-regular ticks
        m0 = int(rng.poisson(total))
        gap = (ctx.horizon - start) / max(m0, 1)
        t = start + np.cumsum(gap * rng.gamma(40.0, 1 / 40.0, m0))
        # maintenance pauses: drop ticks in 2-4 random 30-90 minute windows per day
        nd = int(np.ceil(ctx.days))
        ps = (np.arange(nd)[:, None] * DAY + rng.uniform(0, DAY, (nd, 3))).ravel()
        pl_ = rng.uniform(1800, 5400, len(ps))
        inpause = np.zeros(len(t), bool)
        for s_, l_ in zip(ps, pl_):  # loop over pauses (a few dozen), not events
            inpause |= (t >= s_) & (t < s_ + l_)
        t = t[(~inpause) & (t < ctx.horizon)]
        order = np.argsort(acc_start, kind="stable")
        nact = np.searchsorted(np.sort(acc_start), t, side="right")
        keep = nact > 0
        t, nact = t[keep], nact[keep]
        a = order[np.arange(len(t)) % nact]
        m = len(t)
        mode = "canon"
        turn = np.zeros(m, np.int64)
        c = K.mixture(rng, m, mix, _reason_builders(C, rng, mode))
        kind = np.full(m, "harvest", dtype=object)
        model = np.where(rng.random(m) < 0.85, "atlas-2-reasoner", "atlas-2").astype(object)
        model = core.pivot(ctx, rng, t, model, core.ramp(30, 0.4, 24))
        ip = pool_ip[ip_k[a, rng.integers(0, 2, m)]]
        asn = np.where(ip == pool_ip[ip_k[a, 0]], pool_asn[ip_k[a, 0]], pool_asn[ip_k[a, 1]])
        cc = np.where(ip == pool_ip[ip_k[a, 0]], pool_cc[ip_k[a, 0]], pool_cc[ip_k[a, 1]])
        sens = c["capability"] == "sensitive_rewrite"
        emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=32000, temperature=0.6, surface="api",
             ua="python-httpx/0.27.0", fp=core.FP["py312"], ip=ip, asn=asn, country=cc, key=keys[a, 0],
             org=org[a], actor=actor, n_turns=np.ones(m, np.int64),
             sp=status_p(np.where(sens, 0.1, 0.005), 0.004, 0.03), campaign=cid, kind=kind)
    else:
        n = int(round(S["op_reason"] * S["hard_acct_mult"]))
        idx, cc_a, tz, net, org = _hard_accounts(ctx, rng, n, actor, cid,
                                                 {"pro": .45, "startup": .2, "research": .15, "team": .1, "free": .1})
        keys, nk = api_keys(rng, n)
        ua_a, fp_a = core.pick_sdk(rng, n, allowed=["atlas-python", "OpenAI/Python", "atlas-node", "litellm"])
        mt_a = rng.choice([4096, 8192, 16000], size=n, p=[.5, .3, .2])
        acc_start = start + rng.uniform(0, 0.3, n) * (ctx.horizon - start)
        # the same aggregate harvest as under `default`, spread over more accounts
        per_acct_day = S["op_reason_per_day"] / (n * 0.85)
        # daytime sessions; per-day session rate chosen to give per_acct_day events
        sess_len_med = 18
        rate = np.full(n, per_acct_day / mean_lognorm_len(sess_len_med, 0.6)) * rng.lognormal(-0.045, 0.3, n)
        a, t, sid, turn = human_sessions(ctx, rng, acc_start, np.full(n, ctx.horizon), tz, rate, "office", 0.35,
                                         lambda k: np.minimum(np.ceil(rng.lognormal(np.log(sess_len_med), 0.6, k)), 120),
                                         lambda k: core.lognormal_gaps(rng, k, 45, 0.9, 6))
        m = len(a)
        mode = "para"
        c = K.mixture(rng, m, mix, _reason_builders(C, rng, mode))
        turn1 = np.zeros(m, np.int64)
        kind = _apply_cover(ctx, rng, C, c, m, turn1, S["hard_cover"])
        model = np.where(rng.random(m) < 0.8, "atlas-2-reasoner", "atlas-2").astype(object)
        model = core.pivot(ctx, rng, t, model, core.ramp(30, 0.4, 24))
        model = np.where(kind == "cover", np.where(model == "atlas-2-reasoner", "atlas-2", model), model)
        ip, asn, cc = net.pick(rng, a, t, sid)
        sens = c["capability"] == "sensitive_rewrite"
        emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=mt_a[a], temperature=1.0, surface="api",
             ua=ua_a[a], fp=fp_a[a], ip=ip, asn=asn, country=cc, key=event_keys(rng, keys, nk, a), org=org[a],
             actor=actor, n_turns=np.ones(m, np.int64), sp=status_p(np.where(sens, 0.1, 0.005), 0.004, 0.002),
             campaign=cid, kind=kind)


def _reason_builders(C, rng, mode):
    return {
        "cot": lambda r: K.op_cot(C, rng, len(r), mode),
        "grade": lambda r: K.op_grade(C, rng, len(r), mode),
        "recon": lambda r: K.op_recon(C, rng, len(r), mode),
        "sens": lambda r: K.op_sensitive(C, rng, len(r), mode),
        "textgen": lambda r: K.op_textgen(C, rng, len(r), mode),
    }


# ============================================================ agentic harvest
def op_agentic(ctx, actor="op_agentic_harvest"):
    """Moonshot-like: agentic reasoning, tool use, coding, data analysis, computer use and
    vision over hundreds of accounts through several pathways; a late phase reconstructs
    reasoning traces of agent trajectories."""
    rng, C = ctx.rng, ctx.corpora
    cid = ctx.campaign(actor)
    S = ctx.size
    phase2 = rng.uniform(0.55, 0.7) * ctx.horizon
    groups = ["edu", "research", "startup", "pro"]
    gshare = np.array([.3, .2, .25, .25])
    if not ctx.hard:
        n = S["op_agentic"]
        g = np.sort(rng.choice(4, size=n, p=gshare))
        tier = np.array(groups, dtype=object)[g]
        acc_start = rng.uniform(0, 0.6, n) * ctx.horizon
        created = acc_start - rng.uniform(0.2, 15, n) * DAY
        lab_dom = core.word_domain(rng, 1, tlds=(".ai",))[0]
        uni = pick(rng, [w.lower() for w in L.BRAND_A], 3)
        email = np.empty(n, object)
        email[g == 0] = pick(rng, list(np.char.add(np.char.add("stu.", uni.astype(str)), ".edu")), int((g == 0).sum()))
        email[g == 1] = pick(rng, [u + "-lab.org" for u in uni], int((g == 1).sum()))
        email[g == 2] = core.word_domain(rng, 4)[rng.integers(0, 4, int((g == 2).sum()))]
        email[g == 3] = pick(rng, ["gmail.com", "outlook.com", "yahoo.com", "proton.me"], int((g == 3).sum()))
        # request metadata that matches the lab's own staff: a few accounts in every group
        email[rng.random(n) < 0.05] = lab_dom
        cards = core.hexids(rng, 4 * 3, 16, "pm_").reshape(4, 3)
        pay = payments(rng, tier, shared=cards[g, rng.integers(0, 3, n)], credits=False)
        # each pathway group has its own exits and client, all running the same harness
        gip = np.empty((4, 6), object); gasn = np.zeros((4, 6), np.int64); gcc = np.empty((4, 6), object)
        tab = core.HOSTING + core.CLOUD
        for k in range(4):
            gip[k], gasn[k], gcc[k] = core.from_table(rng, tab, 6, idx=np.full(6, rng.integers(0, len(tab))))
        gua = obj(["python-requests/2.31.0", "aiohttp/3.9.5", "OpenAI/Python 1.40.6", "atlas-python/1.28.0"])
        ipk = rng.integers(0, 6, n)
        idx = ctx.add_accounts(actor, cid, tier, verified_for(rng, tier) & (rng.random(n) < 0.5), email, pay,
                               gip[g, ipk], core.hexids(rng, n, 12, "org_"), created)
        org = ctx.accounts[-1]["org_id"]
        keys, nk = api_keys(rng, n)
        per_acct_day = S["op_agentic_per_day"] / (n * 0.7)
        traj_len = 14
        rate = np.full(n, per_acct_day / mean_lognorm_len(traj_len, 0.5)) * rng.lognormal(-0.03, 0.25, n)
        a, t, sid, turn = human_sessions(ctx, rng, acc_start, np.full(n, ctx.horizon), np.zeros(n), rate, "flat", 1.0,
                                         lambda k: np.minimum(np.ceil(rng.lognormal(np.log(traj_len), 0.5, k)), 80),
                                         lambda k: rng.gamma(6.0, 1.2, k) + 1.0)
        # trajectories are launched by a scheduler: snap session starts to a 5-minute grid
        first = turn == 0
        st = t[first]
        snapped = np.floor(st / 300.0) * 300.0 + rng.uniform(0, 1.5, len(st))
        shift = np.zeros(int(sid.max()) + 1 if len(sid) else 0)
        shift[sid[first]] = snapped - st
        t = t + shift[sid]
        ok = (t >= 0) & (t < ctx.horizon)
        a, t, sid, turn = a[ok], t[ok], sid[ok], turn[ok]
        mode = "canon"
        sysm = O.OP_AGENT_SYSTEM
        ua_ev, fp_ev = gua[g[a]], core.FP["py311"]
        mt, temp = 16384, 1.0
        net_ip = gip[g[a], ipk[a]]; net_asn = gasn[g[a], ipk[a]]; net_cc = gcc[g[a], ipk[a]]
        sp = status_p(0.004, 0.004, 0.02)
    else:
        n = int(round(S["op_agentic"] * S["hard_acct_mult_agentic"]))
        g = rng.choice(4, size=n, p=gshare)
        tier_spec = {"edu": .3, "research": .2, "startup": .25, "pro": .25}
        idx, cc_a, tz, net, org = _hard_accounts(ctx, rng, n, actor, cid, tier_spec)
        keys, nk = api_keys(rng, n)
        ua_a, fp_a = core.pick_sdk(rng, n, allowed=["atlas-python", "OpenAI/Python", "atlas-node", "langchain", "litellm"])
        # part of the accounts drive the popular coding agent itself
        tess = rng.random(n) < 0.35
        tu, tf = core.pick_agent_ua(rng, "tessellate", n)
        ua_a = np.where(tess, tu, ua_a); fp_a = np.where(tess, tf, fp_a)
        mt_a = np.where(tess, 32000, rng.choice([4096, 8192, 16000], size=n, p=[.5, .3, .2]))
        acc_start = rng.uniform(0, 0.5, n) * ctx.horizon
        per_acct_day = S["op_agentic_per_day"] / (n * 0.75)
        traj_len = 12
        rate = np.full(n, per_acct_day / mean_lognorm_len(traj_len, 0.6)) * rng.lognormal(-0.045, 0.3, n)
        a, t, sid, turn = human_sessions(ctx, rng, acc_start, np.full(n, ctx.horizon), tz, rate, "office", 0.35,
                                         lambda k: np.minimum(np.ceil(rng.lognormal(np.log(traj_len), 0.6, k)), 80),
                                         lambda k: core.lognormal_gaps(rng, k, 14, 0.9, 2) + (rng.random(k) < 0.1) * rng.exponential(90, k))
        mode = "para"
        sysm = np.where(tess[a], L.AGENT_TESSELLATE_SYSTEM, pick(rng, O.OP_AGENT_SYSTEM_PARA, len(a)))
        ua_ev, fp_ev = ua_a[a], fp_a[a]
        mt, temp = mt_a[a], np.where(tess[a], 1.0, rng.choice([1.0, 0.7], len(a)))
        net_ip, net_asn, net_cc = net.pick(rng, a, t, sid)
        sp = status_p(0.004, 0.004, 0.003)
    m = len(a)
    sysm = sysm if isinstance(sysm, np.ndarray) else np.full(m, sysm, dtype=object)
    late = t >= phase2
    fam_w = {"agent": .3, "tool": .18, "data": .12, "cu": .1, "vision": .1, "evol": .1, "magpie": .05, "selfinst": .05}
    tools_n = 18 if not ctx.hard else 14
    builders = {
        "agent": lambda r: K.agent_step(C, rng, len(r), turn[r], sysm[r], tools_n, nudge_share=0.1),
        "tool": lambda r: K.tool_call(C, rng, len(r), tmpl=O.TOOLUSE_CANON if mode == "canon" else O.TOOLUSE_PARA),
        "data": lambda r: K.op_data(C, rng, len(r), mode, None if mode != "canon" else O.OP_AGENT_SYSTEM),
        "cu": lambda r: K.op_computer_use(C, rng, len(r), turn[r], mode),
        "vision": lambda r: K.op_vision(C, rng, len(r), mode),
        "evol": lambda r: K.op_evol(C, rng, len(r), mode),
        "magpie": lambda r: K.op_magpie(C, rng, len(r), mode),
        "selfinst": lambda r: K.op_selfinstruct(C, rng, len(r), mode),
        "recon": lambda r: K.op_trace_recon(C, rng, len(r), mode),
    }
    # per trajectory family; in the late phase 45% of trajectories are trace reconstructions
    S_ = int(sid.max()) + 1 if m else 0
    names = list(fam_w)
    p = np.array([fam_w[k] for k in names]); p /= p.sum()
    fam_s = rng.choice(len(names), size=S_, p=p)
    late_s = np.zeros(S_, bool); late_s[sid[late]] = True
    fam_s = np.where(late_s & (rng.random(S_) < 0.45), len(names), fam_s)
    if ctx.hard:
        # accounts that present as the popular coding agent only run agent loops
        sacc = np.zeros(S_, np.int64); sacc[sid] = a
        fam_s = np.where(tess[sacc], names.index("agent"), fam_s)
    names = names + ["recon"]
    fam = fam_s[sid]
    parts = []
    for k, nm in enumerate(names):
        r = np.nonzero(fam == k)[0]
        if len(r):
            parts.append((r, builders[nm](r)))
    c = K.merge(parts, m)
    multi = np.isin(np.array(names, dtype=object)[fam], ["agent", "cu"])
    n_turns = np.where(multi, 2 * turn + 1, 1)
    kind = np.full(m, "harvest", dtype=object)
    if ctx.hard:
        kind = _apply_cover(ctx, rng, C, c, m, np.zeros(m, np.int64), S["hard_cover"])
        n_turns = np.where(kind == "cover", 1, n_turns)
    reasonish = np.isin(c["capability"], ["cot_elicitation"]) | (rng.random(m) < 0.2)
    model = np.where(reasonish, "atlas-2-reasoner", "atlas-2").astype(object)
    model = core.pivot(ctx, rng, t, model, core.ramp(36, 0.3, 24))
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=mt, temperature=temp, surface="api",
         ua=ua_ev, fp=fp_ev, ip=net_ip, asn=net_asn, country=net_cc, key=event_keys(rng, keys, nk, a),
         org=org[a], actor=actor, n_turns=n_turns, sp=sp, campaign=cid, kind=kind)


# ============================================================ reseller hydra
def reseller_hydra(ctx, actor="reseller_hydra"):
    """A reseller ("hydra cluster") that harvests agentic coding and orchestration through a
    churning pool of accounts, forwards unrelated customers' traffic through the same
    accounts, and moves about half its traffic to a new model within a day of release.
    Banned accounts are replaced by new ones."""
    rng, C = ctx.rng, ctx.corpora
    cid = ctx.campaign(actor)
    S = ctx.size
    hard = ctx.hard
    nslot = int(round(S["hydra_slots"] * (S["hard_acct_mult_hydra"] if hard else 1.0)))
    life_mean = (5.0 if hard else 2.5) * DAY
    # ---- slot timelines: account k of a slot is active [s_k, e_k); banned at e_k
    max_per = int(np.ceil(ctx.horizon / life_mean * 3)) + 3
    life = rng.exponential(life_mean, (nslot, max_per)) + 6 * HOUR
    delay = (rng.uniform(2, 12, (nslot, max_per)) * HOUR) if hard else rng.uniform(300, 3600, (nslot, max_per))
    start0 = rng.uniform(0, 0.1, nslot) * ctx.horizon
    seg = life + delay
    s = start0[:, None] + np.concatenate([np.zeros((nslot, 1)), np.cumsum(seg, 1)[:, :-1]], 1)
    e = s + life
    alive = s < ctx.horizon
    slot_of = np.nonzero(alive)[0]
    s_v, e_v = s[alive], np.minimum(e[alive], ctx.horizon + DAY)
    banned = e[alive] < ctx.horizon
    n = len(s_v)
    # ---- accounts
    slot_cc = pick(rng, HARD_COUNTRIES if hard else core.COUNTRIES.tolist(), nslot)
    if hard:
        cc_a = slot_cc[slot_of]
        net = HomeNet(ctx, rng, cc_a, v6_share=0.1, mobile_share=0.0)
        net.nhome[:] = 1
        tier = tiers(rng, n, {"pro": .6, "team": .15, "startup": .15, "free": .1})
        created = s_v - rng.uniform(90, 700, n) * DAY
        email = pick(rng, core.CONSUMER_MAIL[:10], n)
        pay = payments(rng, tier)
        signup = net.ip[:, 0]
        ver = verified_for(rng, tier)
    else:
        tier = tiers(rng, n, {"free": .4, "pro": .35, "startup": .25})
        created = s_v - rng.uniform(300, 6 * HOUR, n)
        email = pick(rng, core.DISPOSABLE_MAIL + ["gmail.com", "outlook.com"], n)
        cards = core.hexids(rng, 12, 16, "pm_")
        pay = payments(rng, tier, shared=cards[rng.integers(0, 12, n)], credits=False)
        proxy_cc = pick(rng, core.COUNTRIES, 3000, core.COUNTRY_P)
        proxy_ip, proxy_asn = core.residential(rng, proxy_cc)
        signup = proxy_ip[rng.integers(0, 3000, n)]
        ver = np.zeros(n, bool)
    idx = ctx.add_accounts(actor, cid, tier, ver, email, pay, signup, core.hexids(rng, n, 12, "org_"), created)
    org = ctx.accounts[-1]["org_id"]
    keys, nk = api_keys(rng, n)
    # ---- traffic per slot: harvest trajectories + customer sessions
    slot_tz = core.tz_for(rng, slot_cc)
    h_day = S["hydra_harvest_per_day"] / nslot
    c_day = S["hydra_customer_per_day"] / nslot
    traj_len = 16
    if hard:
        ha, ht, hsid, hturn = human_sessions(ctx, rng, np.zeros(nslot), np.full(nslot, ctx.horizon), slot_tz,
                                             np.full(nslot, h_day / mean_lognorm_len(traj_len, 0.6)), "office", 0.5,
                                             lambda k: np.minimum(np.ceil(rng.lognormal(np.log(traj_len), 0.6, k)), 120),
                                             lambda k: core.lognormal_gaps(rng, k, 12, 0.9, 2) + (rng.random(k) < 0.1) * rng.exponential(90, k))
    else:
        ha, ht, hsid, hturn = human_sessions(ctx, rng, np.zeros(nslot), np.full(nslot, ctx.horizon), np.zeros(nslot),
                                             np.full(nslot, h_day / mean_lognorm_len(traj_len, 0.5)), "flat", 1.0,
                                             lambda k: np.minimum(np.ceil(rng.lognormal(np.log(traj_len), 0.5, k)), 120),
                                             lambda k: rng.gamma(5.0, 1.0, k) + 0.8)
    ca, ct, csid, cturn = human_sessions(ctx, rng, np.zeros(nslot), np.full(nslot, ctx.horizon),
                                         core.tz_for(rng, pick(rng, core.COUNTRIES, nslot, core.COUNTRY_P)),
                                         np.full(nslot, c_day / 3.0), "casual", 1.1,
                                         lambda k: rng.geometric(0.33, k), lambda k: core.lognormal_gaps(rng, k, 60, 0.8, 5))
    csid = csid + (int(hsid.max()) + 1 if len(hsid) else 0)
    slot = np.r_[ha, ca]; t = np.r_[ht, ct]; sid = np.r_[hsid, csid]; turn = np.r_[hturn, cturn]
    is_h = np.r_[np.ones(len(ha), bool), np.zeros(len(ca), bool)]
    # map (slot, t) -> the slot's account alive at t; drop traffic in gaps between accounts
    H2 = 4 * ctx.horizon + 10 * DAY
    key_s = slot_of * H2 + s_v
    order = np.argsort(key_s, kind="stable")
    pos = np.searchsorted(key_s[order], slot * H2 + t, side="right") - 1
    okp = pos >= 0
    acc = order[np.maximum(pos, 0)]
    inlife = okp & (slot_of[acc] == slot) & (t >= s_v[acc]) & (t < e_v[acc])
    # after a ban the reseller keeps firing for a minute or two before it notices: errors
    post = okp & (slot_of[acc] == slot) & banned[acc] & (t >= e_v[acc]) & (t < e_v[acc] + (60 if hard else 150))
    keep = inlife | post
    a, t, sid, turn, is_h, post = acc[keep], t[keep], sid[keep], turn[keep], is_h[keep], post[keep]
    m = len(a)
    # ---- content
    tess_share = .55
    hb = {
        "tess": lambda r: K.agent_step(C, rng, len(r), turn[r], L.AGENT_TESSELLATE_SYSTEM, len(L.AGENT_TESSELLATE_TOOLS), nudge_share=0.05),
        "orch": lambda r: K.agent_step(C, rng, len(r), turn[r], O.HYDRA_ORCH_SYSTEM, O.HYDRA_ORCH_TOOLS, nudge_share=0.05),
        "evol": lambda r: K.op_evol(C, rng, len(r), "para" if hard else "canon", code_share=0.9),
        "tool": lambda r: K.tool_call(C, rng, len(r)),
    }
    hw = {"tess": tess_share, "orch": .3, "evol": .1, "tool": .05}
    custb = {
        "chat": lambda r: K.chat(C, rng, len(r), turn[r]),
        "creative": lambda r: K.chat(C, rng, len(r), turn[r], pool=C.arena_creative),
        "code": lambda r: K.coding_question(C, rng, len(r), turn[r]),
        "trans": lambda r: K.saas(C, rng, len(r), "translator", np.full(len(r), "You are a professional translator.", dtype=object)),
    }
    cw = {"chat": .55, "creative": .15, "code": .2, "trans": .1}
    rh = np.nonzero(is_h)[0]; rc = np.nonzero(~is_h)[0]
    ch = K.mixture(rng, len(rh), hw, {k: (lambda f: (lambda r: f(rh[r])))(f) for k, f in hb.items()}, group=sid[rh])
    cc_ = K.mixture(rng, len(rc), cw, {k: (lambda f: (lambda r: f(rc[r])))(f) for k, f in custb.items()}, group=sid[rc] - sid[rc].min() if len(rc) else None)
    c = K.merge([(rh, ch), (rc, cc_)], m)
    custsys = pick(rng, O.CUSTOMER_SYSTEMS, m)
    c["system_prompt"] = np.where(~is_h & (c["system_prompt"] == None), custsys, c["system_prompt"])  # noqa: E711
    multi = is_h & (c["capability"] == "agentic")
    n_turns = np.where(multi | ~is_h, 2 * turn + 1, 1)
    model = np.where(is_h, np.where(rng.random(m) < 0.75, "atlas-2", "atlas-2-reasoner"),
                     pick(rng, ["atlas-2", "atlas-2-mini"], m, [.6, .4])).astype(object)
    pivot_delay = rng.uniform(2, 10)
    model = core.pivot(ctx, rng, t, model, core.ramp(pivot_delay, 0.52, 3))
    c["think"] = is_h & (model != "atlas-2") & (rng.random(m) < 0.6)
    # ---- network and client
    cloud = _hash01(a, 5) < 0.25  # a quarter of the accounts sit on a third-party cloud surface
    pip, pasn, pcc = core.partner_gateways(rng, m)
    if hard:
        ip, asn, cc = net.pick(rng, a, t, sid)
        ua_a, fp_a = core.pick_sdk(rng, n, allowed=["atlas-python", "atlas-node", "OpenAI"])
        tu, tf = core.pick_agent_ua(rng, "tessellate", n)
        tess_a = rng.random(n) < 0.5
        ua_a = np.where(tess_a, tu, ua_a); fp_a = np.where(tess_a, tf, fp_a)
        ua, fp = ua_a[a], fp_a[a]
        mt = np.where(tess_a[a], 32000, core.pick_sdk_maxtok(rng, m))
        # accounts presenting as the coding agent send its system prompt and tool schema
        ta = is_h & tess_a[a] & (c["capability"] == "agentic")
        c["system_prompt"] = np.where(ta, L.AGENT_TESSELLATE_SYSTEM, c["system_prompt"])
        c["tools"] = np.where(ta, len(L.AGENT_TESSELLATE_TOOLS), c["tools"])
        sp = status_p(0.004, np.where(post, 1.0, 0.004), np.where(post, 0.0, 0.003))
    else:
        j = rng.integers(0, 3000, m)
        ip, asn, cc = proxy_ip[j], proxy_asn[j], proxy_cc[j]
        ua, fp = "axios/1.7.2", core.FP["node20"]
        mt = np.where(is_h, 32000, 4096)
        sp = status_p(0.004, np.where(post, 1.0, 0.008), np.where(post, 0.0, 0.04))
    kind = np.where(is_h, "harvest", "customer").astype(object)
    emit(ctx, acct=idx[a], t=t, content=c, model=model, max_tokens=mt,
         temperature=np.where(is_h, 1.0, rng.choice([1.0, 0.7], m)), surface=np.where(cloud, "cloud", "api"),
         ua=ua, fp=fp, ip=np.where(cloud, pip, ip), asn=np.where(cloud, pasn, asn),
         country=np.where(cloud, pcc, cc), key=keys[a, 0], org=org[a],
         actor=np.where(is_h, actor, "reseller_customer").astype(object), n_turns=n_turns, sp=sp,
         campaign=np.where(is_h, cid, None).astype(object), kind=kind)
