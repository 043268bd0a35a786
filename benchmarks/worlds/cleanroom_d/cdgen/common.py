"""Shared persona helpers: account attributes, human sessions, trace-driven arrivals,
per-event network selection, api keys, emission."""
from __future__ import annotations

import numpy as np

from . import core
from .core import DAY, HOUR, obj, pick

APP_UA = [("AtlasChat/5.2.1 (iPhone; iOS 17.4.1; Scale/3.00) Alamofire/5.8.0", "safari"),
          ("AtlasChat/5.2.0 (Android 14; SM-S918B) okhttp/4.12.0", "java"),
          ("AtlasChat/5.1.7 (Android 13; Pixel 7) okhttp/4.12.0", "java")]


def created_times(rng, n, new_share, horizon, aged_days=(7, 900)):
    """Account creation: most accounts are aged, new_share are created inside the window."""
    aged = -rng.uniform(aged_days[0], aged_days[1], n) * DAY
    new = rng.uniform(0, horizon * 0.9, n)
    return np.where(rng.random(n) < new_share, new, aged)


def tiers(rng, n, spec: dict):
    names = list(spec)
    p = np.array([spec[k] for k in names], float)
    return pick(rng, names, n, p / p.sum())


VERIFIED_P = {"free": 0.04, "pro": 0.3, "team": 0.85, "enterprise": 1.0, "edu": 0.6,
              "research": 0.5, "startup": 0.45}


def verified_for(rng, tier):
    tier = np.asarray(tier, dtype=object)
    p = np.zeros(len(tier))
    for name, v in VERIFIED_P.items():
        p[tier == name] = v
    return rng.random(len(tier)) < p


def payments(rng, tier, shared=None, credits=True):
    """One card per paying account; credit programmes (edu/research, some startups) and
    free accounts have none. shared: optional array of fingerprints to use instead.
    credits=False: research/startup accounts pay by card (no programme credits)."""
    n = len(tier)
    own = core.hexids(rng, n, 16, "pm_")
    none = np.isin(tier, ["free", "edu"])
    if credits:
        none |= ((tier == "research") & (rng.random(n) < 0.7)) | ((tier == "startup") & (rng.random(n) < 0.4))
    out = np.where(none, None, own if shared is None else shared)
    return out.astype(object)


def api_keys(rng, n):
    keys = core.hexids(rng, n * 3, 14, "key_").reshape(n, 3)
    nkeys = rng.choice([1, 1, 1, 2, 2, 3], size=n)
    return keys, nkeys


def event_keys(rng, keys, nkeys, a):
    k = np.where(rng.random(len(a)) < 0.8, 0, rng.integers(0, 3, len(a)))
    k = np.minimum(k, nkeys[a] - 1)
    return keys[a, k]


# ------------------------------------------------------------ human sessions
def human_sessions(ctx, rng, lo, hi, tz, sess_per_day, profile, weekend_w, len_fn, gap_fn):
    """Sessions for each account i with start times in [lo_i, hi_i) and a diurnal profile.
    len_fn(m) -> session lengths, gap_fn(m) -> gaps in seconds.
    Returns per event: account (local index), t, session id (global), turn."""
    n = len(lo)
    span_days = np.maximum(hi - lo, 0) / DAY
    # session_starts thins weekends (or weekdays); draw more so that sess_per_day is the net rate
    w = np.asarray(weekend_w, float)
    keep = np.where(w <= 1, (5 + 2 * np.minimum(w, 1)) / 7, (5 / np.maximum(w, 1) + 2) / 7)
    ns = rng.poisson(sess_per_day * span_days / keep)
    sa = np.repeat(np.arange(n), ns)
    st = core.session_starts(rng, lo[sa], hi[sa], tz[sa], profile,
                             weekend_w[sa] if isinstance(weekend_w, np.ndarray) else weekend_w, ctx.start_wd)
    ok = ~np.isnan(st)
    sa, st = sa[ok], st[ok]
    order = np.lexsort((st, sa))
    sa, st = sa[order], st[order]
    ln = np.maximum(len_fn(len(sa)), 1).astype(np.int64)
    sid, turn, t = core.expand_sessions(rng, st, ln, gap_fn(int(ln.sum())))
    a = sa[sid]
    keep = t < hi[a]
    return a[keep], t[keep], sid[keep], turn[keep]


def mean_lognorm_len(median, sigma):
    """Expected value of ceil(lognormal(log(median), sigma))."""
    return median * np.exp(sigma ** 2 / 2) + 0.5


def geom_len(p, cap=500):
    return lambda rng, m: np.minimum(rng.geometric(p, m), cap)


# --------------------------------------------------------- trace-driven arrivals
def trace_arrivals(ctx, rng, per_day, tz, lo, hi):
    """Arrivals that follow real per-client rate series from ServeGen (600-s windows over
    14 days, wrapped for longer worlds), scaled to per_day events, with within-window
    burstiness taken from the client's inter-arrival CV. Returns (account, t)."""
    C = ctx.corpora
    keys = C.sg_keys
    nw = int(np.ceil(ctx.horizon / 600.0))
    A, T = [], []
    for i in range(len(per_day)):  # loop over accounts (a few hundred at most), not events
        w, r, cv = C.sg[keys[int(rng.integers(0, len(keys)))]]
        dense = np.zeros(2016); dense[np.minimum(w, 2015)] = r
        cvd = np.ones(2016); cvd[np.minimum(w, 2015)] = cv
        shift = int(round((tz[i] * HOUR + rng.integers(0, 14) * DAY) / 600.0))
        src = (np.arange(nw) + shift) % 2016
        rate = dense[src]
        ws = np.arange(nw) * 600.0
        rate = np.where((ws + 600 > lo[i]) & (ws < hi[i]), rate, 0.0)
        tot = rate.sum() * 600
        if tot <= 0:
            continue
        want = per_day[i] * (min(hi[i], ctx.horizon) - max(lo[i], 0)) / DAY
        cnt = rng.poisson(rate * 600 * want / tot)
        wi = np.repeat(np.arange(nw), cnt)
        c = cvd[src][wi]
        blen = np.where(c > 1.5, np.maximum(600.0 / c ** 2, 15.0), 600.0)
        bstart = np.repeat(rng.random(nw), cnt) * (600.0 - blen)
        t = wi * 600.0 + bstart + rng.random(len(wi)) * blen
        t = t[(t >= lo[i]) & (t < hi[i])]
        A.append(np.full(len(t), i)); T.append(t)
    if not A:
        return np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(A), np.concatenate(T)


# ------------------------------------------------------------------- network
class HomeNet:
    """Residential connectivity of individuals: a home address that changes every few days
    (1-3 addresses in the window), mobile carrier addresses from a shared CGNAT pool,
    optional dual-stack IPv6."""

    def __init__(self, ctx, rng, countries, v6_share=0.12, mobile_share=0.15):
        n = len(countries)
        self.cc = countries
        ips, asns = [], []
        for _ in range(3):
            ip, asn = core.residential(rng, countries, v6_share=0.0)
            ips.append(ip); asns.append(asn)
        self.ip = np.stack(ips, 1); self.asn = np.stack(asns, 1)
        v6 = rng.random(n) < v6_share
        if v6.any():
            six = core.ipv6(rng, self.asn[v6, 0])
            self.ip[v6, 0] = six
        self.lease = rng.uniform(2, 12, n) * DAY
        self.phase = rng.uniform(0, 1, n) * self.lease
        self.nhome = rng.choice([1, 1, 2, 3], size=n)
        self.mobile_share = mobile_share * rng.uniform(0, 2, n)
        # CGNAT pools: ~60 shared addresses per country
        self.cgn = {}
        for cc in np.unique(countries):
            ip, asn = core.residential(rng, np.full(60, cc), mobile=True)
            self.cgn[cc] = (ip, asn)

    def pick(self, rng, a, t, sid):
        n = len(a)
        k = (np.floor((t + self.phase[a]) / self.lease[a]).astype(np.int64)) % self.nhome[a]
        ip = self.ip[a, k].copy(); asn = self.asn[a, k].copy(); cc = self.cc[a].copy()
        # mobile decided per session
        mob = (_hash01(sid, 17) < self.mobile_share[a])
        if mob.any():
            for c in np.unique(cc[mob]):
                m = np.nonzero(mob & (cc == c))[0]
                pool_ip, pool_asn = self.cgn[c]
                j = (_hash_int(sid[m], 31) + np.floor(t[m] / 1800).astype(np.int64)) % len(pool_ip)
                ip[m] = pool_ip[j]; asn[m] = pool_asn[j]
        return ip, asn, cc


def _hash01(x, salt):
    x = (np.asarray(x, np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    x ^= x >> np.uint64(29)
    x = (x * np.uint64(0xBF58476D1CE4E5B9)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    x ^= x >> np.uint64(32)
    return (x % np.uint64(1_000_003)).astype(float) / 1_000_003.0


def _hash_int(x, salt):
    return (_hash01(x, salt) * 1_000_003).astype(np.int64)


def fixed_ips(rng, table, n_groups, per_group):
    """n_groups sets of per_group addresses from one entry of a table each (NAT gateways)."""
    idx = rng.integers(0, len(table), n_groups)
    ip = np.empty((n_groups, per_group), object); asn = np.zeros((n_groups, per_group), np.int64)
    cc = np.empty(n_groups, object)
    for g in range(n_groups):
        i, a, c = core.from_table(rng, table, per_group, idx=np.full(per_group, idx[g]))
        ip[g] = i; asn[g] = a; cc[g] = c[0]
    return ip, asn, cc


def status_p(refused=0.004, error=0.003, rate_limited=0.0):
    return {"refused": refused, "error": error, "rate_limited": rate_limited}


def emit(ctx, *, acct, t, content, model, max_tokens, temperature, surface, ua, fp, ip, asn, country,
         key, org, actor, n_turns, sp=None, campaign=None, kind="benign"):
    ctx.emit(acct=acct, t=t, model=model, prompt=content["prompt"], system_prompt=content["system_prompt"],
             input_ctx=content["input_ctx"], out_vis=content["out_vis"], think=content["think"],
             tools=content["tools"], has_image=content["has_image"], n_turns=n_turns,
             max_tokens=max_tokens, temperature=temperature, surface=surface, user_agent=ua, fp=fp,
             ip=ip, asn=asn, country=country, api_key_id=key, org_id=org, actor=actor,
             campaign=campaign, kind=kind, capability=content["capability"],
             status_p=sp if sp is not None else status_p())
