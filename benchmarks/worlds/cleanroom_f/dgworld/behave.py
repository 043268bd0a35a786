"""Vectorised behaviour building blocks: sessions, IP pools, tokens, account attributes."""
from __future__ import annotations

import numpy as np

from .common import CAP, DAY, HOUR, HOURLY, expand, lognormal, seg_cumsum
from .infra import CLOUDS, COUNTRIES, ISPS, LEGIT_COUNTRIES, LEGIT_CW, VPNS, isps_of, tz_of
from .text import CO_A, CO_B, TLDS, WEBMAIL
from .world import M_NEW, M_REASON

OUT_PARAMS = {  # capability -> (median output tokens, sigma)
    CAP["reasoning"]: (420, 0.7), CAP["cot_elicitation"]: (620, 0.55), CAP["coding"]: (520, 0.8),
    CAP["tool_use"]: (150, 0.7), CAP["agentic"]: (240, 0.85), CAP["vision"]: (230, 0.7),
    CAP["sensitive_rewrite"]: (380, 0.5), CAP["rubric_grading"]: (300, 0.5), CAP["other"]: (320, 0.9),
}


def out_tokens(rng, cap, scale=1.0):
    cap = np.asarray(cap)
    med = np.array([OUT_PARAMS[c][0] for c in range(9)])[cap] * scale
    sig = np.array([OUT_PARAMS[c][1] for c in range(9)])[cap]
    return np.maximum(1, np.exp(np.log(med) + sig * rng.standard_normal(len(cap)))).astype(np.int64)


def reasoning_tokens(rng, model, thinking, median=1500, sigma=0.9, budget=None):
    n = len(model)
    r = lognormal(rng, median, sigma, n)
    if budget is not None:
        r = np.minimum(r, budget)
    on = (np.asarray(model) == M_REASON) | np.asarray(thinking, bool)
    return np.where(on, np.maximum(r, 30), -1.0)


def day_factors(w, weekend):
    dow0 = int(((w.T0 // DAY) + 3) % 7)  # 1970-01-01 was a Thursday (dow 3, Monday=0)
    dows = (dow0 + np.arange(w.D + 1)) % 7
    return np.where(dows >= 5, weekend, 1.0)


def human_sessions(w, rng, accts, tz, p_active, sess_per_day, req_mean, profile="human",
                   weekend=1.0, gap_median=60.0, gap_sigma=0.9, max_req=400, req_sigma=None):
    """Day-level activity -> sessions -> events. Returns dict of per-event arrays + per-session arrays."""
    accts = np.asarray(accts)
    n = len(accts)
    D = w.D + 1
    df = day_factors(w, weekend)
    pa = np.clip(np.asarray(p_active)[:, None] * df[None, :], 0, 1)
    active = rng.random((n, D)) < pa
    ai, di = np.nonzero(active)
    lam = np.asarray(sess_per_day, dtype=float)[ai]
    ns = 1 + rng.poisson(np.maximum(lam - 1, 0))
    s_acct_local = np.repeat(ai, ns)
    s_day = np.repeat(di, ns) - 1  # day -1 covers sessions that shift into the window
    prof = HOURLY[profile] if isinstance(profile, str) else profile
    hour = rng.choice(24, size=len(s_acct_local), p=prof)
    start = w.T0 + s_day * DAY + hour * HOUR + rng.random(len(hour)) * HOUR - np.asarray(tz)[s_acct_local] * HOUR
    rm = np.asarray(req_mean, dtype=float)[s_acct_local]
    if req_sigma is None:
        nreq = 1 + rng.geometric(1.0 / np.maximum(rm, 1.0)) - 1
    else:
        nreq = np.maximum(1, np.round(lognormal(rng, rm, req_sigma, len(rm)))).astype(np.int64)
    nreq = np.clip(nreq, 1, max_req)
    sess, pos = expand(nreq)
    gm = gap_median if np.isscalar(gap_median) else np.asarray(gap_median)[s_acct_local][sess]
    gaps = lognormal(rng, 1.0, gap_sigma, len(sess)) * gm
    gaps[pos == 0] = 0
    ts = start[sess] + seg_cumsum(gaps, nreq)
    return {"acct": accts[s_acct_local][sess], "acct_local": s_acct_local[sess], "ts": ts, "sess": sess, "pos": pos,
            "sess_len": nreq[sess], "n_sess": len(nreq), "s_acct_local": s_acct_local, "s_start": start}


def keep(ev, mask):
    n = len(ev["ts"])
    return {k: (v[mask] if isinstance(v, np.ndarray) and len(v) == n else v) for k, v in ev.items()}


def series_arrivals(w, rng, rates, total, tz_shift_h=0.0):
    """Arrival times following a 600 s-window rate series (ServeGen), scaled to `total` events."""
    nwin = int(w.D * 144)
    r = np.asarray(rates, dtype=float)
    if len(r) < nwin:
        r = np.tile(r, int(np.ceil(nwin / max(len(r), 1))) + 1)
    shift = int(round(tz_shift_h * 6))
    r = np.roll(r, shift)[:nwin]
    r = r / max(r.sum(), 1e-9) * total
    cnt = rng.poisson(r)
    win = np.repeat(np.arange(nwin), cnt)
    return np.sort(w.T0 + win * 600.0 + rng.random(len(win)) * 600.0)


# ------------------------------------------------------------------ accounts
def legit_created(w, rng, n, p_new=0.06, median_days=220):
    age = np.minimum(lognormal(rng, median_days, 1.0, n), 1000) + 1
    created = w.T0 - age * DAY
    new = rng.random(n) < p_new
    created = np.where(new, w.T0 + rng.random(n) * (w.D - 1) * DAY, created)
    return created


def countries(rng, n, pool=None, weights=None):
    if pool is None:
        return list(rng.choice(LEGIT_COUNTRIES, size=n, p=LEGIT_CW))
    wts = np.ones(len(pool)) if weights is None else np.asarray(weights, float)
    return list(rng.choice(pool, size=n, p=wts / wts.sum()))


def webmail(rng, n):
    return list(rng.choice(WEBMAIL, size=n))


def company_domain(rng):
    return CO_A[rng.integers(len(CO_A))] + CO_B[rng.integers(len(CO_B))] + TLDS[rng.integers(len(TLDS))]


def tiers(rng, n, probs: dict):
    k = list(probs)
    p = np.array([probs[x] for x in k], float)
    return list(rng.choice(k, size=n, p=p / p.sum()))


def verified_for(rng, tier_list, pmap=None):
    pmap = pmap or {"free": 0.04, "pro": 0.3, "edu": 0.75, "research": 0.8, "startup": 0.55, "team": 0.85,
                    "enterprise": 0.98}
    return [bool(rng.random() < pmap.get(t, 0.3)) for t in tier_list]


def payments_for(w, rng, tier_list, p_card=None):
    p_card = p_card or {"free": 0.0, "pro": 1.0, "edu": 0.15, "research": 0.3, "startup": 0.6, "team": 1.0,
                        "enterprise": 0.5}
    out = []
    for t in tier_list:
        out.append(w.new_payment(rng)[0] if rng.random() < p_card.get(t, 0.5) else None)
    return out


class Homes:
    """Per-account residential home IPs (v4 and sometimes a v6 household) and mobile carrier."""

    def __init__(self, w, rng, cc_list, p_v6=0.25):
        self.w = w
        n = len(cc_list)
        self.v4 = np.empty(n, np.int64)
        self.v6hh = [None] * n
        self.isp = []
        self.mob = []
        for i, cc in enumerate(cc_list):
            res = isps_of(cc, "res")
            isp = res[int(rng.integers(len(res)))]
            self.isp.append(isp)
            self.v4[i] = w.ips.v4(rng, isp[0], cc, 1)[0]
            if isp[4] and rng.random() < p_v6:
                self.v6hh[i] = ":".join(f"{int(x):x}" for x in rng.integers(0, 65536, size=3))
            mob = isps_of(cc, "mob")
            self.mob.append(mob[int(rng.integers(len(mob)))])
        self.cc = list(cc_list)

    def session_ips(self, rng, s_acct, p_home=0.72, p_mobile=0.22):
        """One IP per session: home (v4 or v6), mobile CGNAT, or elsewhere (cafe, friend)."""
        w = self.w
        S = len(s_acct)
        out = np.empty(S, np.int64)
        kind = np.zeros(S, np.int64)
        u = rng.random(S)
        for j in range(S):
            a = int(s_acct[j])
            if u[j] < p_home:
                if self.v6hh[a] is not None and rng.random() < 0.6:
                    isp = self.isp[a]
                    out[j] = w.ips.v6(rng, isp[0], self.cc[a], isp[4], 1, household=self.v6hh[a])[0]
                else:
                    out[j] = self.v4[a]
            elif u[j] < p_home + p_mobile:
                out[j] = cgnat(w, self.mob[a], self.cc[a], rng)
                kind[j] = 1
            else:
                res = isps_of(self.cc[a], "res")
                isp = res[int(rng.integers(len(res)))]
                out[j] = w.ips.v4(rng, isp[0], self.cc[a], 1)[0]
                kind[j] = 2
        return out, kind


_CGNAT = {}


def cgnat(w, carrier, cc, rng):
    """Mobile carriers put many subscribers behind a small pool of public IPs."""
    key = (id(w), carrier[0], cc)
    if key not in _CGNAT:
        r = np.random.Generator(np.random.PCG64(np.random.SeedSequence([w.seed, 4242, carrier[0]])))
        sub = w.ips.subnet24(r, carrier[0], cc)
        _CGNAT[key] = w.ips.v4(r, carrier[0], cc, 24, subnet=sub)
    pool = _CGNAT[key]
    return int(pool[int(rng.integers(len(pool)))])


_VPN = {}


def vpn_exits(w, provider, cc):
    key = (id(w), provider, cc)
    if key not in _VPN:
        asn = VPNS[provider][0]
        r = np.random.Generator(np.random.PCG64(np.random.SeedSequence([w.seed, 5151, asn, sum(map(ord, cc))])))
        sub = w.ips.subnet24(r, asn, cc)
        _VPN[key] = w.ips.v4(r, asn, cc, 12, subnet=sub)
    return _VPN[key]


_CLOUD_RELAY = {}


def cloud_relay(w, rng, n):
    """Third-party cloud marketplace relays: the provider sees the partner's egress, not the client."""
    key = id(w)
    if key not in _CLOUD_RELAY:
        r = np.random.Generator(np.random.PCG64(np.random.SeedSequence([w.seed, 6161])))
        pool = []
        for prov, cc in [("aws", "US"), ("aws", "US"), ("aws", "IE"), ("gcp", "US"), ("gcp", "NL"), ("azure", "US")]:
            asn = CLOUDS[prov][0]
            sub = w.ips.subnet24(r, asn, cc)
            pool.append(w.ips.v4(r, asn, cc, 16, subnet=sub))
        _CLOUD_RELAY[key] = np.concatenate(pool)
    pool = _CLOUD_RELAY[key]
    return pool[rng.integers(0, len(pool), n)]


def cloud_ips(w, rng, provider=None, n=3, cc=None):
    if provider is None:
        provider = rng.choice(["aws", "aws", "aws", "gcp", "gcp", "azure", "do", "hetzner", "ovh", "linode", "vultr"])
    asn, _, regions = CLOUDS[provider]
    cc = cc or rng.choice(regions)
    sub = w.ips.subnet24(rng, asn, cc)
    return w.ips.v4(rng, asn, cc, n, subnet=sub), cc


def pool_pick(rng, pools: dict, names, weights_rows):
    """Per-event pool choice from per-row weights, then a uniform item of that pool."""
    k = weights_rows.shape[1]
    cw = np.cumsum(weights_rows, axis=1)
    cw = cw / cw[:, -1:]
    u = rng.random(len(weights_rows))[:, None]
    ch = np.minimum((u > cw).sum(axis=1), k - 1)
    out = np.zeros(len(ch), np.int64)
    for j, nm in enumerate(names):
        m = ch == j
        if m.any():
            p = pools[nm]
            out[m] = p[rng.integers(0, len(p), int(m.sum()))]
    return out, ch


def new_model_share_chat(w):
    return {M_NEW: 0.85}
