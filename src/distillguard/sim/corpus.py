"""The simulator's shipped sample: prompt pools and empirical token/timing distributions from real traces.

Reads sim/data (built by scripts/build_sim_data.py from permissively licensed corpora, see LICENSES)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Corpus:
    pools: dict[str, pl.DataFrame]  # pool name -> frame(text, answer, n_tools)
    traces: dict

    def sample_text(self, rng: np.random.Generator, pool: str, n: int) -> pl.DataFrame:
        """``n`` rows drawn with replacement from ``pool``."""
        frame = self.pools[pool]
        return frame[rng.integers(0, frame.height, size=n)]

    def sample_dist(self, rng: np.random.Generator, name: str, n: int,
                    scale: float = 1.0) -> np.ndarray:
        """Inverse-CDF sample of the empirical distribution ``name`` (quantiles of a real trace)."""
        q = np.asarray(self.traces[name], dtype=np.float64)
        u = rng.random(n) * (len(q) - 1)
        lo = np.floor(u).astype(np.int64)
        hi = np.minimum(lo + 1, len(q) - 1)
        return (q[lo] + (q[hi] - q[lo]) * (u - lo)) * scale

    @property
    def hourly_profiles(self) -> np.ndarray:
        return np.asarray(self.traces["servegen_hourly_profiles"], dtype=np.float64)


@lru_cache(maxsize=1)
def load_corpus() -> Corpus:
    data = resources.files("distillguard.sim").joinpath("data")
    with data.joinpath("prompts.jsonl.gz").open("rb") as raw, gzip.open(raw, "rt", "utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    frame = pl.DataFrame(rows, schema={"pool": pl.String, "text": pl.String,
                                       "source": pl.String, "answer": pl.String,
                                       "n_tools": pl.Int64})
    pools = {name: part.drop("pool") for (name,), part in frame.partition_by("pool", as_dict=True)
             .items()}
    traces = json.loads(data.joinpath("traces.json").read_text("utf-8"))
    return Corpus(pools=pools, traces=traces)
