"""Playbook links: accounts that send the same set of harvest templates, or of system prompts, on any network.

Consumes featurized event partitions; produces account pairs weighted by the Jaccard similarity of the sets
of prompt templates each uses for harvest asks (reasoning reconstruction, grading, rewrites, synthetic
data), or of the system prompts it sends (scaffolds: the apps a reseller relays, the agent harnesses a
harvest tool drives). One operation's accounts draw from one tool's pool; unrelated accounts that send a
public rubric, benchmark template or agent's system prompt share one or two, which never links."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from distillguard.config import PlaybookConfig
from distillguard.linkage.lockstep import PAIR_SCHEMA
from distillguard.linkage.minhash import similar_pairs

KIND = "playbook"
SCAFFOLD_KIND = "scaffold"


def playbook_sets(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig) -> pl.DataFrame:
    """Distinct (account_id, item) of the ``cfg.item`` values (templates or system prompts) each
    account sends at least ``cfg.min_uses`` times in exchanges on ``cfg.capabilities`` (all when
    null), for accounts with at least ``cfg.min_templates`` of them and at least
    ``cfg.min_harvest_share`` of their exchanges on those capabilities (a few tagged asks among an
    agent's tool calls are no playbook)."""
    harvest = (pl.lit(True) if cfg.capabilities is None
               else pl.col("capability").is_in(cfg.capabilities))
    frames = []
    for events in partitions:
        frames.append(events.with_columns(share=harvest.mean().over("account_id"))
                      .filter(harvest, pl.col(cfg.item).is_not_null(),
                              pl.col("share") >= cfg.min_harvest_share)
                      .group_by("account_id", pl.col(cfg.item).alias("item"))
                      .agg(uses=pl.len())
                      .filter(pl.col("uses") >= cfg.min_uses)
                      .filter(pl.len().over("account_id") >= cfg.min_templates)
                      .select("account_id", "item"))
    if not frames:
        return pl.DataFrame(schema={"account_id": pl.String, "item": pl.UInt64})
    return pl.concat(frames).collect(engine="streaming")


def playbook_pairs(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig,
                   kind: str = KIND) -> pl.DataFrame:
    """Account pairs (a < b) with similar sets (playbook_sets): estimated Jaccard ≥
    ``cfg.min_jaccard``; weight = ``cfg.weight`` × Jaccard (PAIR_SCHEMA, link kind ``kind``)."""
    if cfg.weight <= 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    pairs = similar_pairs(playbook_sets(partitions, cfg), size=cfg.signature_size,
                          band_rows=cfg.band_rows, seed=cfg.seed, min_jaccard=cfg.min_jaccard,
                          min_shared=cfg.min_shared)
    return pairs.select("a", "b", kind=pl.lit(kind), weight=cfg.weight * pl.col("jaccard"))


def scaffold_pairs(partitions: Sequence[pl.LazyFrame],
                   configs: Sequence[PlaybookConfig]) -> pl.DataFrame:
    """Scaffold links (kind SCAFFOLD_KIND): playbook_pairs of each of ``configs``; a pair linked
    by several keeps its strongest link."""
    pairs = [playbook_pairs(partitions, cfg, SCAFFOLD_KIND) for cfg in configs]
    if not pairs:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    return (pl.concat(pairs).group_by("a", "b", "kind", maintain_order=True)
            .agg(pl.col("weight").max()).cast(PAIR_SCHEMA))
