"""Shared machinery: the world object, opaque ids, account registry, vectorized
text rendering, timing engines and the final assembly of the tables."""
from __future__ import annotations

import binascii
import string
from datetime import datetime, timedelta, timezone

import numpy as np
import polars as pl

from corpora import Corpora
from netsim import Clients, Net
from util import SS  # noqa: E402

DAY = 86400.0
HOUR = 3600.0

MODELS_OLD = {  # model id -> release time
    "lumen-2": datetime(2024, 3, 12, 17, tzinfo=timezone.utc),
    "lumen-3-mini": datetime(2024, 10, 22, 16, tzinfo=timezone.utc),
    "lumen-3": datetime(2024, 10, 22, 16, tzinfo=timezone.utc),
    "lumen-3-pro": datetime(2025, 2, 4, 17, tzinfo=timezone.utc),
}
THINKING_MODELS = {"lumen-3-pro", "lumen-4", "lumen-4-mini"}

# hourly activity profiles over local time (24 weights)
PROFILES = {
    "work": [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 17, 14, 17, 18, 18, 16, 12, 8, 6, 5, 4, 2, 1],
    "evening": [4, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 10, 9, 9, 9, 10, 11, 13, 15, 16, 15, 12, 8],
    "student": [5, 3, 2, 1, 1, 1, 1, 2, 5, 8, 10, 11, 11, 12, 13, 13, 12, 11, 12, 14, 15, 15, 13, 9],
    "flat": [6, 5, 5, 5, 5, 6, 7, 9, 10, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 9, 9, 8, 7, 7],
    "school": [0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 1, 3, 8, 12, 13, 12, 10, 12, 14, 15, 13, 11, 12, 12, 10, 6, 3, 1],
    "daytime": [0, 0, 0, 0, 0, 0, 0.5, 2, 8, 12, 12, 11, 8, 11, 12, 12, 11, 8, 4, 2, 1, 0.3, 0, 0],
}
PROFILES = {k: np.array(v, float) / np.sum(v) for k, v in PROFILES.items()}
# weekday factor, Monday first
WEEK = {
    "work": np.array([1, 1, 1, 1, 0.95, 0.25, 0.2]),
    "casual": np.array([0.9, 0.9, 0.9, 0.95, 1.0, 1.2, 1.2]),
    "student": np.array([1, 1.05, 1.05, 1, 0.8, 0.55, 0.9]),
    "flat": np.array([1, 1, 1, 1, 1, 0.9, 0.9]),
}

TIER_RPM = {"free": 12, "pro": 60, "edu": 60, "research": 120, "startup": 90, "team": 240, "enterprise": 4000}


def hexids(rng: np.random.Generator, n: int, nbytes: int, prefix: str) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=object)
    b = rng.integers(0, 256, size=n * nbytes, dtype=np.uint8).tobytes()
    h = np.frombuffer(binascii.hexlify(b), dtype=f"S{2 * nbytes}").astype(f"U{2 * nbytes}")
    return np.char.add(prefix, h).astype(object)


def lognorm_pq(rng, p50, p90, n):
    """Lognormal draws given median and 90th percentile."""
    p50 = np.maximum(np.asarray(p50, float), 1.0)
    p90 = np.maximum(np.asarray(p90, float), p50 * 1.05)
    sig = np.log(p90 / p50) / 1.2816
    return np.exp(np.log(p50) + sig * rng.standard_normal(n))


# ---------------------------------------------------------------------------- rendering
def _pieces(template: str):
    out = []
    for lit, field, spec, conv in string.Formatter().parse(template):
        if lit:
            out.append(("lit", lit))
        if field is not None:
            out.append(("col", field))
    return out


def render(templates: list[str], tidx: np.ndarray, cols: dict[str, object]) -> pl.Series:
    """Fill templates column-wise.  tidx[i] picks the template of row i; cols are
    equal-length Series/arrays of strings (or numbers)."""
    n = len(tidx)
    if n == 0:
        return SS([], "s")
    df = pl.DataFrame({k: (v if isinstance(v, pl.Series) else pl.Series(k, v)) for k, v in cols.items()}) \
        if cols else pl.DataFrame({"_": np.zeros(n)})
    df = df.with_columns(pl.Series("_t", np.asarray(tidx, dtype=np.int64)), pl.Series("_i", np.arange(n)))
    parts = []
    for t in np.unique(tidx):
        sub = df.filter(pl.col("_t") == t)
        exprs = []
        for kind, v in _pieces(templates[int(t)]):
            if kind == "lit":
                exprs.append(pl.lit(v))
            else:
                exprs.append(pl.col(v).cast(pl.String).fill_null(""))
        if not exprs:
            exprs = [pl.lit("")]
        parts.append(sub.select(pl.col("_i"), pl.concat_str(exprs).alias("s")))
    return pl.concat(parts).sort("_i")["s"]


# ---------------------------------------------------------------------------- world
class World:
    def __init__(self, seed: int, preset: str, scale: str, days: float | None, corpora_path):
        self.seed = seed
        self.preset = preset
        self.hard = preset == "hard"
        self.rng = np.random.default_rng(seed)
        self.scale_name = scale
        self.days = float(days if days is not None else (14 if scale == "medium" else 4))
        self.T = self.days * DAY
        # account multiplier: medium = 1, small ~ 0.09 (400-800 accounts)
        self.ascale = 1.0 if scale == "medium" else 0.09
        # volume multiplier for the few very large single customers (aggregators, SaaS, ed-tech)
        self.vscale = 1.0 if scale == "medium" else 0.3
        self.start = datetime(2025, 4, 7, tzinfo=timezone.utc)  # a Monday
        self.C = Corpora(corpora_path)
        self.net = Net()
        self.cli = Clients()
        r = self.rng
        self.release = float(np.floor(r.uniform(0.42, 0.58) * self.days) * DAY + r.uniform(15.5, 18.5) * HOUR)
        self.release = min(self.release, self.T - 6 * HOUR)
        self.release2 = None
        if self.days >= 6:
            self.release2 = float(np.floor(r.uniform(0.8, 0.9) * self.days) * DAY + r.uniform(15.5, 18.5) * HOUR)
            self.release2 = min(self.release2, self.T - 3 * HOUR)
        self.acc_parts: list[dict] = []
        self.n_acc = 0
        self.ev_parts: list[pl.DataFrame] = []
        self.campaigns: dict[str, str] = {}
        self.notes: dict = {}

    # ------------------------------------------------------------- helpers
    def n(self, lo: int, hi: int, minimum: int = 1) -> int:
        """A count drawn in [lo, hi] and scaled to the world size."""
        return max(minimum, int(round(self.rng.integers(lo, hi + 1) * self.ascale)))

    def ts_to_dt(self, t: float) -> datetime:
        return self.start + timedelta(seconds=float(t))

    def campaign(self, actor: str) -> str:
        if actor not in self.campaigns:
            self.campaigns[actor] = hexids(self.rng, 1, 6, "cmp_")[0]
        return self.campaigns[actor]

    # ------------------------------------------------------------- accounts
    def add_accounts(self, n: int, actor: str, campaign: str | None, *, tier, verified, created_at,
                     email_domain, payment, signup_ip, org=None, nkeys=None) -> np.ndarray:
        r = self.rng
        ids = hexids(r, n, 10, "acct_")
        if org is None:
            org = hexids(r, n, 8, "org_")
        keys = hexids(r, n * 3, 8, "key_").reshape(n, 3)
        if nkeys is None:
            nkeys = np.ones(n, dtype=np.int64)

        def arr(v, dtype=object):
            if isinstance(v, pl.Series):
                v = v.to_numpy()
            a = np.asarray(v)
            if a.ndim == 0:
                a = np.full(n, v, dtype=dtype)
            return a

        part = dict(
            gidx=np.arange(self.n_acc, self.n_acc + n),
            account_id=ids, actor=np.full(n, actor, dtype=object),
            campaign_id=np.full(n, campaign, dtype=object),
            tier=arr(tier), verified=arr(verified, bool).astype(bool),
            created_at=arr(created_at, float).astype(float),
            email_domain=arr(email_domain), payment_fingerprint=arr(payment),
            signup_ip=arr(signup_ip), org_id=arr(org), keys=keys, nkeys=arr(nkeys, np.int64).astype(np.int64),
        )
        self.acc_parts.append(part)
        self.n_acc += n
        return part["gidx"]

    def accounts_table(self) -> dict:
        cols = {}
        for k in self.acc_parts[0]:
            cols[k] = np.concatenate([p[k] for p in self.acc_parts])
        return cols

    # ------------------------------------------------------------- events
    def emit(self, df: pl.DataFrame):
        if df.height:
            self.ev_parts.append(df)


EVENT_SCHEMA = {
    "t": pl.Float64, "acct": pl.Int64, "model": pl.String, "prompt": pl.String, "system_prompt": pl.String,
    "n_turns": pl.Int32, "tools_declared": pl.Int32, "has_image": pl.Boolean, "temperature": pl.Float64,
    "max_tokens": pl.Int32, "surface": pl.String, "ip": pl.String, "asn": pl.Int64, "country": pl.String,
    "user_agent": pl.String, "client_fingerprint": pl.String, "extra_in": pl.Int64, "out_base": pl.Float64,
    "think": pl.Boolean, "risk": pl.Float64, "role": pl.String, "campaign_id": pl.String, "key_slot": pl.Int32,
    "forced_status": pl.String,
}


def frame(n: int, **cols) -> pl.DataFrame:
    """Build an event frame with the standard columns; scalars broadcast."""
    data = {}
    defaults = dict(system_prompt=None, n_turns=1, tools_declared=0, has_image=False, extra_in=0,
                    think=False, risk=0.002, role="benign", campaign_id=None, key_slot=-1, forced_status=None)
    for k, dt in EVENT_SCHEMA.items():
        v = cols.get(k, defaults.get(k, None))
        if isinstance(v, pl.Series):
            s = v.alias(k).cast(dt)
        elif isinstance(v, np.ndarray) and v.ndim == 1:
            if v.dtype == object:
                s = pl.Series(k, v.tolist(), dtype=dt)
            else:
                s = pl.Series(k, v).cast(dt)
        else:
            s = pl.repeat(v, n, dtype=dt, eager=True).alias(k)
        if len(s) != n:
            raise ValueError(f"column {k}: {len(s)} != {n}")
        if defaults.get(k) is not None and s.null_count():
            s = s.fill_null(defaults[k])
        data[k] = s
    return pl.DataFrame(data)


# ---------------------------------------------------------------------------- timing engines
def human_sessions(w: World, n_acc: int, rate: np.ndarray, tz: np.ndarray, profile: str, week: str,
                   t_from: np.ndarray | None = None, t_to: np.ndarray | None = None):
    """Sessions of people: Poisson per local day, start hour from a profile.
    Returns (local account index, session start time in seconds from window start)."""
    r = w.rng
    nd = int(np.ceil(w.days)) + 2
    days = np.arange(-1, nd - 1)
    wf = WEEK[week][days % 7]
    lam = rate[:, None] * wf[None, :]
    k = r.poisson(lam)
    a_idx, d_idx = np.nonzero(k)
    cnt = k[a_idx, d_idx]
    acc = np.repeat(a_idx, cnt)
    day = np.repeat(days[d_idx], cnt)
    p = PROFILES[profile]
    hour = r.choice(24, size=len(acc), p=p) + r.random(len(acc))
    t = day * DAY + hour * HOUR - tz[acc] * HOUR
    keep = (t >= 0) & (t < w.T)
    if t_from is not None:
        keep &= t >= t_from[acc]
    if t_to is not None:
        keep &= t < t_to[acc]
    o = np.argsort(t[keep], kind="stable")
    return acc[keep][o], t[keep][o]


def expand(starts: np.ndarray, lens: np.ndarray, gaps: np.ndarray):
    """Expand sessions into events.  gaps has one entry per event (first ignored).
    Returns (session index, position in session, time)."""
    lens = np.asarray(lens, dtype=np.int64)
    n = int(lens.sum())
    sid = np.repeat(np.arange(len(lens)), lens)
    first = np.cumsum(lens) - lens
    pos = np.arange(n) - np.repeat(first, lens)
    g = np.asarray(gaps, float).copy()
    g[pos == 0] = 0.0
    cs = np.cumsum(g)
    t = starts[sid] + cs - np.repeat(cs[first], lens) if n else np.zeros(0)
    return sid, pos, t


def stream_times(w: World, per_day: float, series: np.ndarray, cv: float, tz_hours: float,
                 t0: float = 0.0, t1: float | None = None) -> np.ndarray:
    """Arrival times following a real 14-day per-client rate series (600-s windows,
    mean 1) scaled to `per_day`, with within-window clustering from its IAT CV."""
    r = w.rng
    t1 = w.T if t1 is None else t1
    nwin_total = int(np.ceil(w.T / 600.0))
    shift = int(round((tz_hours - 8.0) * 6))  # series recorded on UTC+8 local clock
    idx = (np.arange(nwin_total) + shift) % series.shape[0]
    lam = series[idx] * per_day * 600.0 / DAY
    cnt = r.poisson(lam)
    win = np.repeat(np.arange(nwin_total), cnt)
    n = len(win)
    burst = max(1.0, min(cv, 6.0) ** 2)
    ncl = np.maximum(1, np.ceil(cnt / burst)).astype(np.int64)
    cl = (r.random(n) * np.repeat(ncl, cnt)).astype(np.int64)
    centers = r.random((nwin_total, 8)) * 600.0
    c = centers[win, np.minimum(cl, 7)]
    spread = 600.0 / np.repeat(ncl, cnt) * 0.5
    t = win * 600.0 + np.mod(c + r.standard_normal(n) * spread, 600.0)
    t = t[(t >= t0) & (t < t1)]
    return np.sort(t)


def gamma_gaps(rng, n: int, mean: float, cv: float) -> np.ndarray:
    k = 1.0 / max(cv, 1e-3) ** 2
    return rng.gamma(k, mean / k, n)


def lognormal_gaps(rng, n: int, median: float, sigma: float) -> np.ndarray:
    return np.exp(np.log(median) + sigma * rng.standard_normal(n))


# ---------------------------------------------------------------------------- shared persona helpers
CONSUMER_DOMAINS = {
    "gmail.com": 46, "outlook.com": 10, "hotmail.com": 4, "yahoo.com": 5, "icloud.com": 7, "proton.me": 3,
    "gmx.de": 1.5, "web.de": 1.2, "naver.com": 1.2, "yahoo.co.jp": 1.2, "orange.fr": 0.8, "qq.com": 0.3,
    "mail.ru": 0.4, "fastmail.com": 0.5, "live.com": 1.0,
}
_CD = np.array(list(CONSUMER_DOMAINS), dtype=object)
_CW = np.array(list(CONSUMER_DOMAINS.values()), float)
_CW /= _CW.sum()

_SYL = ["ka", "lo", "mi", "ra", "ven", "tor", "ex", "ly", "no", "va", "sen", "tri", "qu", "bel", "dor", "fin",
        "gra", "hal", "ix", "jun", "kel", "mar", "nex", "or", "pal", "ru", "sol", "tek", "um", "vex", "wil", "zen"]
_TLD = ["com", "io", "ai", "co", "dev", "app", "tech", "net", "de", "co.uk"]


def consumer_domains(w: World, n: int) -> np.ndarray:
    return w.rng.choice(_CD, size=n, p=_CW)


def invent_domains(w: World, n: int, tlds=None) -> np.ndarray:
    r = w.rng
    tlds = tlds or _TLD
    a = r.integers(0, len(_SYL), (n, 3))
    k = r.integers(2, 4, n)
    t = r.integers(0, len(tlds), n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = "".join(_SYL[j] for j in a[i, : k[i]]) + "." + tlds[t[i]]
    return out


def legit_created(w: World, n: int, median_days: float = 260, sigma: float = 0.9, new_share: float = 0.03):
    r = w.rng
    age = np.exp(np.log(median_days) + sigma * r.standard_normal(n))
    age = np.clip(age, 2, 1100)
    created = -age * DAY
    new = r.random(n) < new_share
    created[new] = r.uniform(0, w.T * 0.9, int(new.sum()))
    return created


def payments(w: World, n: int, has: np.ndarray | float = 1.0) -> np.ndarray:
    ids = hexids(w.rng, n, 16, "pm_")
    has = np.asarray(has) if not np.isscalar(has) else (w.rng.random(n) < has)
    ids[~has] = None
    return ids


def verified_for(w: World, tiers: np.ndarray) -> np.ndarray:
    p = {"free": 0.03, "pro": 0.12, "team": 0.85, "enterprise": 1.0, "edu": 0.7, "research": 0.6, "startup": 0.45}
    pv = np.array([p[t] for t in tiers])
    return w.rng.random(len(tiers)) < pv


def adopt_times(w: World, n: int, share: float, mean_lag_h: float, min_lag_h: float = 0.0) -> np.ndarray:
    r = w.rng
    lag = min_lag_h * HOUR + r.exponential(mean_lag_h * HOUR, n)
    a = w.release + lag
    a[r.random(n) >= share] = np.inf
    return a


def models_for(w: World, t: np.ndarray, base: np.ndarray, adopt: np.ndarray,
               think: np.ndarray | None = None) -> np.ndarray:
    base = np.asarray(base, dtype=object)
    out = base.copy()
    new = t >= adopt
    mini = base == "lumen-3-mini"
    if w.release2 is not None:
        out[mini & new & (t >= w.release2)] = "lumen-4-mini"
    out[new & ~mini] = "lumen-4"
    if think is not None:
        th = np.asarray(think, bool)
        cap = np.isin(out, list(THINKING_MODELS))
        fix = th & ~cap
        out[fix] = np.where(t[fix] >= w.release, np.where(new[fix], "lumen-4", "lumen-3-pro"), "lumen-3-pro")
    return out


def S(a) -> pl.Series:
    """object/str numpy array -> polars String Series."""
    if isinstance(a, pl.Series):
        return a
    return SS(np.asarray(a, dtype=object))


def emit_events(w: World, content: pl.DataFrame, **cols):
    """Merge a content frame with per-event metadata and append it to the world.
    Columns from `cols` win over content columns except system_prompt/extra_in, which
    fall back/add."""
    n = content.height
    d = {c: content[c] for c in content.columns if c in EVENT_SCHEMA}
    for k, v in cols.items():
        if k == "extra_in" and "extra_in" in d:
            d[k] = (d[k].cast(pl.Int64).fill_null(0) + pl.Series(np.asarray(v, dtype=np.int64) if not np.isscalar(v)
                                                     else np.full(n, v, dtype=np.int64)))
            continue
        if k == "system_prompt" and "system_prompt" in d:
            fallback = S(v) if not (v is None or isinstance(v, str)) else pl.repeat(v, n, dtype=pl.String, eager=True)
            d[k] = d[k].cast(pl.String).fill_null(fallback) if v is not None else d[k]
            continue
        if isinstance(v, np.ndarray) and v.dtype == object:
            v = S(v)
        d[k] = v
    w.emit(frame(n, **d))
