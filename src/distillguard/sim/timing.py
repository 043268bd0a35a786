"""Vectorized time machinery of the simulator: diurnal sessions, turn gaps, schedulers, model adoption.

Consumed by sim.actors; all times are int64 microseconds since the epoch (UTC)."""

from __future__ import annotations

import numpy as np

US = 1_000_000
HOUR = 3600 * US
DAY = 24 * HOUR

# Share of a person's sessions that start in each local hour (work-and-evening shape)
HUMAN_HOURLY = np.array([0.6, 0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 1.8, 3.2, 4.6, 5.4, 5.6,
                         4.9, 5.2, 5.6, 5.5, 5.0, 4.3, 3.6, 3.7, 4.0, 3.6, 2.4, 1.3])
HUMAN_HOURLY = HUMAN_HOURLY / HUMAN_HOURLY.sum()
WORK_HOURLY = HUMAN_HOURLY.copy()
WORK_HOURLY[:8] *= 0.2
WORK_HOURLY[19:] *= 0.3
WORK_HOURLY = WORK_HOURLY / WORK_HOURLY.sum()


def is_weekend(day_start_us: int) -> bool:
    # 1970-01-01 was a Thursday: day index 3 after a Monday
    return ((day_start_us // DAY) + 3) % 7 >= 5


def daily_sessions(rng: np.random.Generator, accounts: np.ndarray, rate: np.ndarray,
                   tz_hours: np.ndarray, day_start_us: int,
                   hourly: np.ndarray = HUMAN_HOURLY) -> tuple[np.ndarray, np.ndarray]:
    """Session starts of one UTC day: Poisson(rate) sessions per account at local diurnal hours.

    Returns (account index per session, start time per session)."""
    k = rng.poisson(rate)
    acct = np.repeat(accounts, k)
    tz = np.repeat(tz_hours, k)
    local_hour = rng.choice(24, size=acct.size, p=hourly) + rng.random(acct.size)
    utc_seconds = np.mod(local_hour - tz, 24.0) * 3600
    return acct, day_start_us + (utc_seconds * US).astype(np.int64)


def expand_sessions(rng: np.random.Generator, acct: np.ndarray, start: np.ndarray,
                    turns: np.ndarray, mean_gap_s: float,
                    gap_shape: float = 1.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn each session into ``turns`` requests separated by Gamma think/tool times.

    Returns (account, ts, turn number starting at 1) per request."""
    turns = np.maximum(turns, 1).astype(np.int64)
    n = int(turns.sum())
    first = np.repeat(np.cumsum(turns) - turns, turns)
    turn_no = np.arange(n) - first + 1
    gaps = rng.gamma(gap_shape, mean_gap_s / gap_shape, size=n) * US
    gaps[turn_no == 1] = 0
    cum = np.cumsum(gaps)
    offset = cum - np.repeat(cum[np.cumsum(turns) - turns], turns)
    ts = np.repeat(start, turns) + offset.astype(np.int64)
    return np.repeat(acct, turns), ts, turn_no


def paced_arrivals(rng: np.random.Generator, t0: int, t1: int, per_hour: np.ndarray,
                   cv: float) -> np.ndarray:
    """Arrivals in [t0, t1) with an hour-by-hour rate and Gamma inter-arrivals of the given CV.

    ``per_hour`` holds the expected requests in each hour of the window (low CV = machine-like)."""
    shape = 1.0 / max(cv, 0.05) ** 2
    out = []
    for h, lam in enumerate(per_hour):
        if lam <= 0:
            continue
        lo = t0 + h * HOUR
        n = max(1, int(lam * 1.3) + 8)
        gaps = rng.gamma(shape, HOUR / lam / shape, size=n)
        times = lo + rng.random() * HOUR / lam + np.cumsum(gaps)
        out.append(times[times < min(lo + HOUR, t1)].astype(np.int64))
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def adoption_share(ts: np.ndarray, release_us: int, final_share: float,
                   tau_hours: float) -> np.ndarray:
    """Share of traffic on a new model at ``ts``: 0 before release, then rising with time constant."""
    after = np.clip((ts - release_us) / HOUR, 0, None)
    return np.where(ts >= release_us, final_share * (1 - np.exp(-after / tau_hours)), 0.0)
