"""Playbook links: accounts that send the same set of harvest templates, whatever their infrastructure.

Consumes featurized event partitions; produces account pairs weighted by the Jaccard similarity of the sets
of prompt templates each uses for harvest asks (reasoning reconstruction, grading, rewrites, synthetic
data). One operation's accounts draw their asks from one tool's template pool; unrelated accounts that
send a public rubric or benchmark template share one or two templates, which never links."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from distillguard.config import PlaybookConfig
from distillguard.linkage.lockstep import PAIR_SCHEMA
from distillguard.linkage.minhash import similar_pairs

KIND = "playbook"


def playbook_sets(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig) -> pl.DataFrame:
    """Distinct (account_id, item = template) of the harvest templates each account sends at least
    ``cfg.min_uses`` times, for accounts with at least ``cfg.min_templates`` of them and at least
    ``cfg.min_harvest_share`` of their exchanges harvest asks (a few tagged asks among an agent's
    tool calls are no playbook)."""
    harvest = pl.col("capability").is_in(cfg.capabilities)
    frames = []
    for events in partitions:
        frames.append(events.with_columns(share=harvest.mean().over("account_id"))
                      .filter(harvest, pl.col("template_sig").is_not_null(),
                              pl.col("share") >= cfg.min_harvest_share)
                      .group_by("account_id", pl.col("template_sig").alias("item"))
                      .agg(uses=pl.len())
                      .filter(pl.col("uses") >= cfg.min_uses)
                      .filter(pl.len().over("account_id") >= cfg.min_templates)
                      .select("account_id", "item"))
    if not frames:
        return pl.DataFrame(schema={"account_id": pl.String, "item": pl.UInt64})
    return pl.concat(frames).collect(engine="streaming")


def playbook_pairs(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig) -> pl.DataFrame:
    """Account pairs (a < b) with similar harvest template sets: estimated Jaccard ≥
    ``cfg.min_jaccard``; weight = ``cfg.weight`` × Jaccard (PAIR_SCHEMA, kind "playbook")."""
    if cfg.weight <= 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    pairs = similar_pairs(playbook_sets(partitions, cfg), size=cfg.signature_size,
                          band_rows=cfg.band_rows, seed=cfg.seed, min_jaccard=cfg.min_jaccard,
                          min_shared=cfg.min_shared)
    return pairs.select("a", "b", kind=pl.lit(KIND), weight=cfg.weight * pl.col("jaccard"))
