"""Lockstep timing: accounts that ask for the same capability in the same time windows, again and again.

Consumes featurized event partitions; produces account pairs weighted by the Jaccard similarity of their
(capability, window) activity sets (SynchroTrap), found with MinHash signatures and LSH bands."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from distillguard.config import LockstepConfig
from distillguard.linkage.minhash import similar_pairs

KIND = "lockstep"
PAIR_SCHEMA = {"a": pl.String, "b": pl.String, "kind": pl.String, "weight": pl.Float64}


def activity_sets(partitions: Sequence[pl.LazyFrame],
                  cfg: LockstepConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Distinct (account_id, item) activity of accounts active in at least ``cfg.min_windows``
    windows and in less than ``cfg.max_coverage`` of the windows between their first and last
    request (an item is a capability and a time bucket of ``cfg.window_seconds``), and each such
    account's coverage: the share of the windows of its span it is active in.

    Partitions hold disjoint accounts, so each is reduced on its own."""
    frames, coverages = [], []
    for events in partitions:
        # a partition's distinct (account, capability, window) rows, read once and held (a few
        # per account and hour): coverage and items both come from them
        active = (events.select("account_id", "capability",
                                window=pl.col("ts").dt.epoch("s") // cfg.window_seconds)
                  .unique().collect().lazy())
        window = pl.col("window")
        # a client busy in nearly every window of its span (a backend, a router) is in step
        # with every other such client: its timing tells nothing, so it is not judged
        coverage = (active.group_by("account_id")
                    .agg(coverage=window.n_unique() / (window.max() - window.min() + 1))
                    .filter(pl.col("coverage") < cfg.max_coverage))
        frames.append(active.join(coverage, on="account_id", how="semi")
                      .select("account_id", item=pl.concat_str(pl.col("capability"), pl.lit(":"),
                                                               window).hash(cfg.seed))
                      .unique()
                      .filter(pl.len().over("account_id") >= cfg.min_windows))
        coverages.append(coverage)
    if not frames:
        return (pl.DataFrame(schema={"account_id": pl.String, "item": pl.UInt64}),
                pl.DataFrame(schema={"account_id": pl.String, "coverage": pl.Float64}))
    return (pl.concat(frames).collect(engine="streaming"),
            pl.concat(coverages).collect(engine="streaming"))


def lockstep_pairs(partitions: Sequence[pl.LazyFrame], cfg: LockstepConfig) -> pl.DataFrame:
    """Account pairs (a < b) in lockstep (PAIR_SCHEMA, kind "lockstep"): the estimated Jaccard
    similarity J of their activity is at least ``cfg.min_jaccard`` and beats by
    ``cfg.min_excess`` what two independent clients as busy would share by chance,
    pq / (p + q − pq) for coverages p and q (two services busy most hours of the day overlap
    anyway); weight = ``cfg.weight`` × J."""
    if cfg.weight <= 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    items, coverage = activity_sets(partitions, cfg)
    pairs = similar_pairs(items, size=cfg.signature_size, band_rows=cfg.band_rows, seed=cfg.seed,
                          min_jaccard=cfg.min_jaccard)
    p, q = pl.col("coverage"), pl.col("coverage_b")
    chance = p * q / (p + q - p * q)
    return (pairs.join(coverage, left_on="a", right_on="account_id", how="left")
            .join(coverage.rename({"coverage": "coverage_b"}), left_on="b",
                  right_on="account_id", how="left")
            .filter(pl.col("jaccard") - chance >= cfg.min_excess)
            .select("a", "b", kind=pl.lit(KIND), weight=cfg.weight * pl.col("jaccard")))
