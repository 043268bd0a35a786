"""Small vectorised helpers shared by the clean-room generator."""
from __future__ import annotations

import string

import numpy as np
import polars as pl

DAY = 86400.0
HOUR = 3600.0


def hex_strings(rng: np.random.Generator, n: int, nbytes: int) -> np.ndarray:
    """n random lowercase hex strings of 2*nbytes characters (numpy unicode array)."""
    if n == 0:
        return np.array([], dtype=f"U{2 * nbytes}")
    buf = rng.integers(0, 256, size=n * nbytes, dtype=np.uint8).tobytes().hex().encode("ascii")
    return np.frombuffer(buf, dtype=f"S{2 * nbytes}").astype(f"U{2 * nbytes}")


class IdMint:
    """Opaque, unique, random-looking identifiers with a common prefix per kind."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.taken: set[str] = set()

    def make(self, prefix: str, n: int, nbytes: int = 8) -> np.ndarray:
        out = np.empty(n, dtype=object)
        filled = 0
        while filled < n:
            cand = np.char.add(prefix, hex_strings(self.rng, n - filled, nbytes))
            cand = list(dict.fromkeys(c for c in cand.tolist() if c not in self.taken))
            out[filled:filled + len(cand)] = cand
            self.taken.update(cand)
            filled += len(cand)
        return out


def segments(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For segment lengths L, return (segment index, position within segment) per element."""
    lengths = np.asarray(lengths, dtype=np.int64)
    idx = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
    return idx, pos


def segment_cumsum(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Inclusive cumulative sum of x restarted at every segment."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:
        return x
    cs = np.cumsum(x)
    starts = np.cumsum(lengths) - lengths
    base = cs[starts] - x[starts]
    return cs - np.repeat(base, lengths)


def lognormal(rng, median, sigma, size=None):
    return np.asarray(median) * np.exp(np.asarray(sigma) * rng.standard_normal(size))


def wchoice(rng, n_or_items, size, weights=None):
    """Weighted choice of indices (or items) with normalised weights."""
    if isinstance(n_or_items, int):
        n = n_or_items
        items = None
    else:
        items = n_or_items
        n = len(items)
    p = None
    if weights is not None:
        p = np.asarray(weights, dtype=float)
        p = p / p.sum()
    idx = rng.choice(n, size=size, p=p)
    if items is None:
        return idx
    arr = np.empty(n, dtype=object)
    arr[:] = list(items)
    return arr[idx]


def obj(values) -> np.ndarray:
    a = np.empty(len(values), dtype=object)
    a[:] = list(values)
    return a


def render(template: str, cols: dict[str, pl.Series | np.ndarray | list], n: int | None = None) -> pl.Series:
    """Fill a str.format-style template column-wise (vectorised concat)."""
    parts = []
    used = set()
    for lit, field, _spec, _conv in string.Formatter().parse(template):
        if lit:
            parts.append(pl.lit(lit))
        if field is not None:
            parts.append(pl.col(field).cast(pl.String).fill_null(""))
            used.add(field)
    if not used:
        if n is None:
            n = len(next(iter(cols.values())))
        return pl.Series("s", [template] * n, dtype=pl.String) if n else pl.Series("s", [], dtype=pl.String)
    df = pl.DataFrame({k: (v if isinstance(v, pl.Series) else pl.Series(k, v)) for k, v in cols.items() if k in used})
    if df.height == 0:
        return pl.Series("s", [], dtype=pl.String)
    return df.select(pl.concat_str(parts).alias("s"))["s"]


def render_multi(tpl_idx: np.ndarray, templates: list[str], cols: dict[str, pl.Series | np.ndarray]) -> pl.Series:
    """Row i uses templates[tpl_idx[i]]."""
    tpl_idx = np.asarray(tpl_idx)
    n = len(tpl_idx)
    if n == 0:
        return pl.Series("s", [], dtype=pl.String)
    cols = {k: (v if isinstance(v, pl.Series) else pl.Series(k, v)) for k, v in cols.items()}
    pieces = []
    for t in np.unique(tpl_idx):
        rows = np.nonzero(tpl_idx == t)[0]
        sub = {k: v.gather(rows) for k, v in cols.items()}
        s = render(templates[int(t)], sub, n=len(rows))
        pieces.append(pl.DataFrame({"r": rows, "s": s}))
    return pl.concat(pieces).sort("r")["s"]


def pick(series: pl.Series, idx: np.ndarray) -> pl.Series:
    return series.gather(np.asarray(idx, dtype=np.int64))


def text_tokens(s: pl.Series, rng: np.random.Generator, chars_per_token: float = 3.9) -> np.ndarray:
    """Rough token count of texts (characters / ~4 with small noise)."""
    n = s.str.len_chars().fill_null(0).to_numpy().astype(np.float64)
    noise = np.exp(0.06 * rng.standard_normal(len(n)))
    return np.ceil(n / chars_per_token * noise).astype(np.int64)
