"""Shared machinery: random streams, ids, time sampling, template rendering, tokens, models."""
from __future__ import annotations

import binascii
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

DAY = 86400.0
HOUR = 3600.0

OLD_MODELS = ["vega-1-pro", "vega-2-mini", "vega-2-pro", "vega-2-think"]
NEW_MODEL = "vega-3-pro"
# released_at offsets in days relative to the window start (the new model is placed inside)
OLD_RELEASES = {"vega-1-pro": -410.0, "vega-2-mini": -214.0, "vega-2-pro": -183.0, "vega-2-think": -76.0}

TIER_RPM = {"free": 8, "pro": 60, "edu": 40, "research": 120, "startup": 150, "team": 300, "enterprise": 4000}

# Local-hour activity profiles (24 values) and weekend multipliers
PROFILES = {
    "evening": ([0.25, 0.15, 0.1, 0.07, 0.06, 0.08, 0.15, 0.3, 0.45, 0.55, 0.6, 0.65, 0.7, 0.65, 0.62, 0.62, 0.65,
                 0.72, 0.85, 0.95, 1.0, 0.95, 0.75, 0.45], 1.15),
    "work": ([0.04, 0.03, 0.02, 0.02, 0.03, 0.05, 0.12, 0.35, 0.75, 0.95, 1.0, 0.95, 0.7, 0.85, 0.95, 0.95, 0.85,
              0.6, 0.35, 0.25, 0.2, 0.15, 0.1, 0.06], 0.22),
    "dev": ([0.08, 0.05, 0.03, 0.02, 0.02, 0.04, 0.1, 0.3, 0.65, 0.9, 1.0, 0.95, 0.75, 0.9, 1.0, 0.95, 0.85, 0.65,
             0.45, 0.4, 0.4, 0.35, 0.25, 0.15], 0.35),
    "student": ([0.45, 0.3, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.4, 0.55, 0.6, 0.65, 0.6, 0.65, 0.7, 0.75, 0.8, 0.8,
                 0.8, 0.85, 0.95, 1.0, 0.95, 0.7], 0.8),
    "school": ([0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.1, 0.4, 0.75, 0.9, 0.95, 0.85, 0.7, 0.85, 0.9, 0.85, 0.8, 0.85,
                0.95, 1.0, 0.85, 0.55, 0.25, 0.08], 0.45),
    "afternoon": ([0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.1, 0.3, 0.5, 0.6, 0.6, 0.7, 0.95, 1.0, 1.0, 0.95,
                   0.85, 0.55, 0.3, 0.2, 0.12, 0.06, 0.03], 0.2),
    "daytime": ([0.03, 0.02, 0.01, 0.01, 0.02, 0.04, 0.1, 0.3, 0.6, 0.85, 0.95, 1.0, 0.85, 0.9, 1.0, 0.95, 0.9,
                 0.75, 0.6, 0.55, 0.5, 0.4, 0.2, 0.08], 0.6),
    "night_batch": ([0.6, 1.0, 1.0, 0.9, 0.7, 0.4, 0.15, 0.05, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03,
                     0.03, 0.03, 0.03, 0.05, 0.08, 0.1, 0.2, 0.35], 1.0),
    "twoshift": ([0.3, 0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9,
                  1.0, 1.0, 1.0, 0.9, 0.6], 0.9),
    "flat": ([1.0] * 24, 1.0),
}


@dataclass
class World:
    seed: int
    preset: str
    scale: str
    days: float
    t0: int                      # epoch seconds, window start (midnight UTC)
    release_t: float             # seconds after t0 of the in-window release
    corp: object = None
    T: float = 0.0
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.T = self.days * DAY

    def rng(self, *names: str) -> np.random.Generator:
        return np.random.default_rng([self.seed] + [zlib.crc32(n.encode()) for n in names])

    @property
    def medium(self) -> bool:
        return self.scale == "medium"

    def n(self, rng: np.random.Generator, medium: tuple[int, int], small: tuple[int, int]) -> int:
        lo, hi = medium if self.medium else small
        return int(rng.integers(lo, hi + 1))


# --------------------------------------------------------------------------------------
# ids
# --------------------------------------------------------------------------------------

def hex_ids(rng: np.random.Generator, n: int, prefix: str, nbytes: int = 8) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=object)
    h = binascii.hexlify(rng.bytes(n * nbytes))
    arr = np.frombuffer(h, dtype=f"S{2 * nbytes}").astype(f"U{2 * nbytes}")
    return np.char.add(prefix, arr).astype(object)


# --------------------------------------------------------------------------------------
# sampling helpers
# --------------------------------------------------------------------------------------

def lognorm(rng, median, sigma, n, lo=None, hi=None):
    x = median * np.exp(sigma * rng.standard_normal(n))
    if lo is not None or hi is not None:
        x = np.clip(x, lo, hi)
    return x


def pick(rng, seq, n, p=None):
    arr = np.asarray(seq, dtype=object)
    if p is not None:
        p = np.asarray(p, float)
        p = p / p.sum()
    return arr[rng.choice(len(arr), size=n, p=p)]


def local_weight(world: World, t: np.ndarray, tz: np.ndarray, profile: str) -> np.ndarray:
    prof, wk = PROFILES[profile]
    prof = np.asarray(prof)
    lt = world.t0 + t + tz * HOUR
    hour = ((lt % DAY) // HOUR).astype(int)
    weekday = ((lt // DAY).astype(np.int64) + 3) % 7  # Monday = 0 (1970-01-01 was a Thursday)
    return prof[hour] * np.where(weekday >= 5, wk, 1.0)


def profile_times(rng, world: World, n: int, tz, profile: str, a=None, b=None, k: int = 24) -> np.ndarray:
    """n times in [a, b) (default the window) distributed by the local-time profile (sampling-importance
    resampling with k candidates each, vectorized)."""
    if n == 0:
        return np.zeros(0)
    a = np.zeros(n) if a is None else np.broadcast_to(np.asarray(a, float), (n,))
    b = np.full(n, world.T) if b is None else np.broadcast_to(np.asarray(b, float), (n,))
    tz = np.broadcast_to(np.asarray(tz, float), (n,))
    span = np.maximum(b - a, 1.0)
    cand = a[:, None] + rng.random((n, k)) * span[:, None]
    w = local_weight(world, cand.ravel(), np.repeat(tz, k), profile).reshape(n, k)
    w = w ** 1.6  # sharpen: SIR with few candidates flattens profiles
    g = np.log(w + 1e-12) - np.log(-np.log(rng.random((n, k))))
    return cand[np.arange(n), g.argmax(1)]


def expand(lens):
    lens = np.asarray(lens, np.int64)
    total = int(lens.sum())
    sid = np.repeat(np.arange(len(lens)), lens)
    first = np.cumsum(lens) - lens
    pos = np.arange(total) - np.repeat(first, lens)
    return sid, pos


def seq_times(starts, sid, pos, gaps):
    """Event times of sessions: start of the session plus the cumulated gaps (gap of the first event ignored)."""
    g = np.where(pos == 0, 0.0, gaps)
    cs = np.cumsum(g)
    first_idx = np.flatnonzero(pos == 0)
    base = np.zeros(int(sid.max()) + 1 if len(sid) else 0)
    base[sid[first_idx]] = cs[first_idx]
    return starts[sid] + cs - base[sid]


def group_cumsum(x, sid, pos):
    cs = np.cumsum(x)
    first_idx = np.flatnonzero(pos == 0)
    base = np.zeros(int(sid.max()) + 1 if len(sid) else 0)
    base[sid[first_idx]] = cs[first_idx] - x[first_idx]
    return cs - base[sid]


def windowed_counts(rng, shape: np.ndarray, total: float, overdisp: float = 0.0) -> np.ndarray:
    w = np.asarray(shape, float)
    lam = total * w / max(w.sum(), 1e-12)
    if overdisp > 0:
        lam = lam * rng.gamma(1 / overdisp, overdisp, size=len(lam))
    return rng.poisson(lam)


def times_in_windows(rng, counts: np.ndarray, width: float, cv: np.ndarray | None = None, offset: float = 0.0):
    """Times inside fixed-width windows: gamma renewal gaps (shape 1/cv^2) rescaled to fit the window."""
    counts = np.asarray(counts, np.int64)
    sid, pos = expand(counts)
    n = len(sid)
    if n == 0:
        return np.zeros(0)
    wshape = np.ones(len(counts)) if cv is None else 1.0 / np.clip(np.asarray(cv, float), 0.4, 6.0) ** 2
    g = rng.gamma(wshape[sid], 1.0)
    cs = group_cumsum(g, sid, pos)
    tot = np.bincount(sid, weights=g, minlength=len(counts))
    extra = rng.gamma(wshape, 1.0)
    frac = cs / (tot + extra)[sid]
    return offset + (sid + np.clip(frac, 0, 0.999999)) * width


# --------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------

_SLOT = re.compile(r"<<(\w+)>>")


def _parts(tpl: str):
    out = []
    last = 0
    for m in _SLOT.finditer(tpl):
        if m.start() > last:
            out.append(("lit", tpl[last:m.start()]))
        out.append(("slot", m.group(1)))
        last = m.end()
    if last < len(tpl):
        out.append(("lit", tpl[last:]))
    return out


def render(templates, tpl_idx, slots: dict | None = None) -> pl.Series:
    """Render templates[tpl_idx[i]] with slot values slots[name][i] for every row (vectorized per template)."""
    tpl_idx = np.asarray(tpl_idx)
    n = len(tpl_idx)
    slots = slots or {}
    cols = {"_i": np.arange(n), "_t": tpl_idx}
    for k, v in slots.items():
        if isinstance(v, str):
            s = pl.repeat(v, n, eager=True)
        else:
            s = v if isinstance(v, pl.Series) else sstr(v)
        cols[k] = s.cast(pl.String).fill_null("")
    df = pl.DataFrame(cols)
    pieces = []
    for k in np.unique(tpl_idx):
        exprs = []
        for kind, val in _parts(templates[int(k)]):
            exprs.append(pl.lit(val) if kind == "lit" else pl.col(val))
        if not exprs:
            exprs = [pl.lit("")]
        pieces.append(df.filter(pl.col("_t") == k).select("_i", pl.concat_str(exprs).alias("out")))
    if not pieces:
        return pl.Series("out", [], dtype=pl.String)
    return pl.concat(pieces).sort("_i")["out"]


def sstr(arr, name: str = "") -> pl.Series:
    """A String Series from a numpy/object array or list that may hold None."""
    if isinstance(arr, pl.Series):
        return arr.cast(pl.String)
    arr = np.asarray(arr)
    if arr.dtype.kind == "U":
        return pl.Series(name, arr)
    if arr.dtype != object:
        return pl.Series(name, arr).cast(pl.String)
    return pl.Series(name, pa.array(arr, type=pa.string(), from_pandas=True)).cast(pl.String)


def gather(pool, idx) -> pl.Series:
    s = pool if isinstance(pool, pl.Series) else pl.Series(list(pool), dtype=pl.String)
    return s.gather(pl.Series(np.asarray(idx, np.int64)))


# --------------------------------------------------------------------------------------
# tokens, models
# --------------------------------------------------------------------------------------

def est_tokens(rng, nchars, ratio: float = 3.9) -> np.ndarray:
    nchars = np.asarray(nchars, float)
    r = ratio * np.exp(0.06 * rng.standard_normal(len(nchars)))
    return np.ceil(nchars / r).astype(np.int64)


def strlen(s: pl.Series | None, n: int) -> np.ndarray:
    if s is None:
        return np.zeros(n)
    return s.str.len_chars().fill_null(0).to_numpy().astype(float)


def pivot_share(world: World, t, smax: float, tau_h: float, delay_h: float = 0.0):
    dt = (np.asarray(t) - world.release_t) / HOUR - delay_h
    return np.where(dt > 0, smax * (1 - np.exp(-np.maximum(dt, 0) / max(tau_h, 1e-3))), 0.0)


def assign_models(rng, world: World, t, base: dict, smax: float = 0.0, tau_h: float = 24.0, delay_h: float = 0.0,
                  mini_factor: float = 0.3) -> np.ndarray:
    names = list(base)
    p = np.array([base[k] for k in names], float)
    m = np.asarray(names, dtype=object)[rng.choice(len(names), size=len(t), p=p / p.sum())]
    if smax > 0:
        share = pivot_share(world, t, smax, tau_h, delay_h)
        share = np.where(m == "vega-2-mini", share * mini_factor, share)
        m = np.where(rng.random(len(t)) < share, NEW_MODEL, m)
    return m


def reasoning_tokens(rng, model, think, out_tokens, ratio_pool):
    """Thinking tokens are part of the billed output: returns (reasoning, total_output)."""
    n = len(model)
    thinking = (model == "vega-2-think") | ((model == NEW_MODEL) & think)
    ratio = ratio_pool[rng.integers(0, len(ratio_pool), size=n)]
    ratio = np.clip(ratio + 0.03 * rng.standard_normal(n), 0.2, 0.9)
    vis = np.asarray(out_tokens, float)
    r = np.where(thinking, np.round(vis * ratio / (1 - ratio)), 0).astype(np.int64)
    r = np.minimum(r, 60000)
    return r, (vis.astype(np.int64) + r)


def clip_output(out, max_tokens):
    mt = np.asarray(max_tokens, float)
    return np.where(np.isnan(mt), out, np.minimum(out, np.nan_to_num(mt, nan=1e9))).astype(np.int64)


# --------------------------------------------------------------------------------------
# event frame
# --------------------------------------------------------------------------------------

EVENT_SCHEMA = {
    "ts": pl.Float64, "account_id": pl.String, "ip": pl.String, "model": pl.String, "prompt": pl.String,
    "input_tokens": pl.Int64, "output_tokens": pl.Int64, "org_id": pl.String, "api_key_id": pl.String,
    "asn": pl.Int64, "country": pl.String, "user_agent": pl.String, "client_fingerprint": pl.String,
    "surface": pl.String, "system_prompt": pl.String, "n_turns": pl.Int64, "tools_declared": pl.Int64,
    "has_image": pl.Boolean, "reasoning_tokens": pl.Int64, "max_tokens": pl.Int64, "temperature": pl.Float64,
    "status": pl.String, "refuse_p": pl.Float64, "campaign_id": pl.String, "actor": pl.String, "role": pl.String, "tier": pl.String,
}

ACCOUNT_SCHEMA = {
    "account_id": pl.String, "created_at": pl.Float64, "tier": pl.String, "verified": pl.Boolean,
    "email_domain": pl.String, "payment_fingerprint": pl.String, "signup_ip": pl.String, "org_id": pl.String,
    "campaign_id": pl.String, "actor": pl.String,
}


def _series(name, v, n, dtype):
    if isinstance(v, pl.Series):
        s = v.alias(name)
    elif v is None:
        return pl.Series(name, [None] * n, dtype=dtype)
    elif np.isscalar(v) or isinstance(v, str):
        if isinstance(v, (float, np.floating)) and v != v:
            return pl.Series(name, [None], dtype=dtype).extend_constant(None, n - 1) if n else pl.Series(name, [], dtype=dtype)
        return pl.repeat(v.item() if isinstance(v, np.generic) else v, n, eager=True).alias(name).cast(dtype)
    else:
        arr = np.asarray(v)
        if dtype == pl.String:
            s = sstr(arr, name)
        elif dtype in (pl.Int64, pl.Float64) and arr.dtype.kind == "f":
            s = pl.Series(name, arr).fill_nan(None)
        else:
            s = pl.Series(name, arr)
    return s.cast(dtype)


def frame(n: int, **cols) -> pl.DataFrame:
    out = []
    for name, dtype in EVENT_SCHEMA.items():
        s = _series(name, cols.get(name), n, dtype)
        if len(s) != n:
            raise ValueError(f"column {name}: length {len(s)} != {n}")
        out.append(s)
    return pl.DataFrame(out)


def accounts_frame(n: int, **cols) -> pl.DataFrame:
    out = []
    for name, dtype in ACCOUNT_SCHEMA.items():
        s = _series(name, cols.get(name), n, dtype)
        if len(s) != n:
            raise ValueError(f"column {name}: length {len(s)} != {n}")
        out.append(s)
    return pl.DataFrame(out)
