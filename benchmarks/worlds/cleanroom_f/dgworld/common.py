"""Shared helpers: deterministic RNG streams, vectorised session expansion, ids."""
from __future__ import annotations

import zlib

import numpy as np

DAY = 86400.0
HOUR = 3600.0
MINUTE = 60.0

CAPS = ["reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision",
        "sensitive_rewrite", "rubric_grading", "other"]
CAP = {c: i for i, c in enumerate(CAPS)}

SURFACES = ["api", "chat", "console", "cloud"]
SURF = {s: i for i, s in enumerate(SURFACES)}

STATUSES = ["ok", "refused", "error", "rate_limited"]

TIER_RPM = {"free": 15, "pro": 50, "edu": 40, "research": 120, "startup": 120,
            "team": 400, "enterprise": 4000}


def stream_rng(seed: int, *names) -> np.random.Generator:
    """An independent, reproducible random stream for (seed, names...)."""
    key = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(n).encode()) for n in names]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(key)))


def hex_strings(rng: np.random.Generator, n: int, nchars: int = 16) -> list[str]:
    nbytes = (nchars + 1) // 2
    b = rng.integers(0, 256, size=(n, nbytes), dtype=np.uint8)
    h = b.tobytes().hex()
    return [h[i * 2 * nbytes:i * 2 * nbytes + nchars] for i in range(n)]


def lognormal(rng, median, sigma, size):
    return np.exp(np.log(median) + sigma * rng.standard_normal(size))


def seg_cumsum(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Cumulative sum of x restarted at every segment (segments are consecutive, lengths>0)."""
    c = np.cumsum(x)
    starts = np.cumsum(lengths) - lengths
    before = c[starts] - x[starts]
    return c - np.repeat(before, lengths)


def expand(lengths: np.ndarray):
    """For sessions with the given number of events: (session index, position) per event."""
    lengths = np.asarray(lengths, dtype=np.int64)
    sess = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
    return sess, pos


def pick(rng, arr, size):
    arr = np.asarray(arr)
    return arr[rng.integers(0, len(arr), size=size)]


def choice_rows(rng, weights: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (n, k) weight matrix."""
    w = np.asarray(weights, dtype=np.float64)
    cw = np.cumsum(w, axis=1)
    cw /= cw[:, -1:]
    u = rng.random(len(w))[:, None]
    return np.minimum((u > cw).sum(axis=1), w.shape[1] - 1)


def norm(p):
    p = np.asarray(p, dtype=np.float64)
    return p / p.sum()


# local-hour activity profiles (index = local hour)
HOURLY = {
    "human": norm([0.8, 0.5, 0.3, 0.2, 0.2, 0.3, 0.7, 1.5, 3.0, 4.5, 5.2, 5.3, 4.6, 5.0, 5.3,
                   5.1, 4.6, 3.8, 3.2, 3.4, 3.6, 3.3, 2.5, 1.5]),
    "office": norm([0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1.2, 4.0, 6.5, 7.0, 6.5, 4.5, 6.0,
                    7.0, 6.8, 6.0, 4.0, 2.0, 1.0, 0.8, 0.6, 0.4, 0.2]),
    "student": norm([2.0, 1.4, 0.8, 0.4, 0.2, 0.2, 0.3, 0.7, 1.5, 2.5, 3.2, 3.5, 3.2, 3.6, 4.0,
                     4.2, 4.0, 3.6, 3.4, 3.8, 4.4, 4.6, 4.0, 3.0]),
    "dev": norm([0.6, 0.4, 0.2, 0.1, 0.1, 0.2, 0.4, 1.0, 2.5, 4.5, 5.5, 5.5, 4.0, 5.0, 6.0,
                 6.2, 5.8, 4.8, 3.5, 3.0, 3.2, 3.0, 2.2, 1.2]),
    "flat": norm([3.0, 2.7, 2.5, 2.4, 2.4, 2.6, 3.0, 3.6, 4.2, 4.6, 4.8, 4.9, 4.8, 4.8, 4.9,
                  4.9, 4.8, 4.6, 4.4, 4.3, 4.2, 4.0, 3.7, 3.3]),
}
