"""Playbook links: accounts that send the same set of harvest templates, or of system prompts, on any network.

Consumes featurized event partitions; produces account pairs weighted by the Jaccard similarity of the sets
of prompt templates each uses for harvest asks (reasoning reconstruction, grading, rewrites, synthetic
data), or of the system prompts it sends (scaffolds: the apps a reseller relays, the agent harnesses a
harvest tool drives, over every exchange or its agent steps only), or by how many of them two accounts
share when both draw from one large pool, or of the prompt wrappers it puts around any ask (a tool's
kit: templates sent almost only by accounts that send the whole kit). One operation's accounts draw
from one tool's pool; unrelated accounts that send a public rubric, benchmark template or agent's
system prompt share one or two, which never links."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import sparse

from distillguard.config import PlaybookConfig
from distillguard.linkage.lockstep import PAIR_SCHEMA
from distillguard.linkage.minhash import similar_pairs

KIND = "playbook"
SCAFFOLD_KIND = "scaffold"
COUNT_BLOCK = 1024  # accounts whose shared counts counted_pairs holds at once


def item_uses(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig) -> pl.DataFrame:
    """(account_id, item, uses): how often each account sends each ``cfg.item`` value (template or
    system prompt) in exchanges on ``cfg.capabilities`` (all when null; with ``cfg.without_tools``
    only those that declare no tools), for the accounts with at least ``cfg.min_harvest_share`` of
    their exchanges on those capabilities (a few tagged asks among an agent's tool calls are no
    playbook)."""
    harvest = (pl.lit(True) if cfg.capabilities is None
               else pl.col("capability").is_in(cfg.capabilities))
    if cfg.without_tools:
        harvest = harvest & (pl.col("tools_declared").fill_null(0) == 0)
    frames = [events.with_columns(share=harvest.mean().over("account_id"))
              .filter(harvest, pl.col(cfg.item).is_not_null(),
                      pl.col("share") >= cfg.min_harvest_share)
              .group_by("account_id", pl.col(cfg.item).alias("item")).agg(uses=pl.len())
              for events in partitions]
    if not frames:
        return pl.DataFrame(schema={"account_id": pl.String, "item": pl.UInt64,
                                    "uses": pl.UInt32})
    return pl.concat(frames).collect(engine="streaming")


def playbook_sets(uses: pl.DataFrame, cfg: PlaybookConfig) -> pl.DataFrame:
    """Distinct (account_id, item) of the items (item_uses) an account sends at least
    ``cfg.min_uses`` times, for accounts with at least ``cfg.min_templates`` of them (judged);
    with ``cfg.min_kit_share``, only items that many of whose senders are judged: a harvest tool's
    wrappers are sent by its accounts, each sending the whole kit, where a popular phrasing is sent
    mostly by light users, and a few heavy users' sets of it are no kit; and (``cfg.min_kit_senders``)
    only items that many judged accounts send: a kit is a fleet's, where a handful of evaluation
    teams share the templates of one public framework."""
    judged = pl.len().over("account_id") >= cfg.min_templates
    sets = uses.filter(pl.col("uses") >= cfg.min_uses).filter(judged)
    if cfg.min_kit_share > 0:
        kit = (uses.group_by("item").agg(senders=pl.len())
               .join(sets.group_by("item").agg(judged=pl.len()), on="item")
               .filter(pl.col("judged") >= cfg.min_kit_share * pl.col("senders"),
                       pl.col("judged") >= cfg.min_kit_senders))
        sets = sets.join(kit, on="item", how="semi").filter(judged)
    return sets.select("account_id", "item")


def playbook_pairs(partitions: Sequence[pl.LazyFrame], cfg: PlaybookConfig,
                   kind: str = KIND, *, uses: pl.DataFrame | None = None) -> pl.DataFrame:
    """Account pairs (a < b) with similar sets (playbook_sets; PAIR_SCHEMA, link kind ``kind``):
    Jaccard ≥ ``cfg.min_jaccard`` and ``cfg.min_shared`` items in common estimated by MinHash/LSH,
    weight ``cfg.weight`` × Jaccard; or, with ``cfg.max_holders``, s ≥ ``cfg.min_shared`` items in
    common counted (counted_pairs), weight ``cfg.weight`` × s / (s + ``cfg.min_shared``).
    ``uses`` is item_uses(partitions, cfg) when the caller has it already."""
    if cfg.weight <= 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    sets = playbook_sets(item_uses(partitions, cfg) if uses is None else uses, cfg)
    if cfg.max_holders is not None:
        counted = counted_pairs(sets, min_shared=cfg.min_shared, max_holders=cfg.max_holders,
                                max_links=cfg.max_links)
        share = pl.col("shared") / (pl.col("shared") + cfg.min_shared)
        return counted.select("a", "b", kind=pl.lit(kind), weight=cfg.weight * share)
    pairs = similar_pairs(sets, size=cfg.signature_size, band_rows=cfg.band_rows, seed=cfg.seed,
                          min_jaccard=cfg.min_jaccard, min_shared=cfg.min_shared)
    return pairs.select("a", "b", kind=pl.lit(kind), weight=cfg.weight * pl.col("jaccard"))


def counted_pairs(items: pl.DataFrame, *, min_shared: int, max_holders: int, max_links: int,
                  block: int = COUNT_BLOCK) -> pl.DataFrame:
    """Account pairs (a < b, shared) with at least ``min_shared`` items in common, counted exactly
    over the items held by at most ``max_holders`` of the accounts (more: a popular app or harness,
    which links nobody and would make too many pairs); each account keeps its ``max_links`` pairs
    with the most in common (ties: the partner first in name order), so that an operation of n
    accounts makes about n × max_links pairs, not a clique. ``items``: distinct (account_id, item).

    Where MinHash finds sets that are mostly alike, this finds accounts that draw many items from
    one large pool: two of a relay's heads each passing 80 of its buyers' 500 apps share ~14. The
    counts are sparse products of the account × item matrix, ``block`` accounts at a time, so
    memory holds one block's partners, not every pair."""
    schema = {"a": pl.String, "b": pl.String, "shared": pl.Float64}
    coded = items.with_columns(account=pl.col("account_id").rank("dense") - 1,
                               holders=pl.len().over("item"))
    names = coded.select("account_id", "account").unique().sort("account")["account_id"]
    rare = coded.filter(pl.col("holders") <= max_holders).with_columns(
        value=pl.col("item").rank("dense") - 1)
    if rare.is_empty():
        return pl.DataFrame(schema=schema)
    held = sparse.csr_matrix((np.ones(rare.height), (rare["account"].to_numpy(),
                                                     rare["value"].to_numpy())),
                             shape=(len(names), int(rare["value"].max()) + 1))
    holders_of = held.T.tocsr()
    strongest = []
    for start in range(0, len(names), block):
        counts = (held[start:start + block] @ holders_of).tocoo()
        x = counts.row.astype(np.int64) + start
        keep = (counts.data >= min_shared) & (counts.col != x)
        strongest.append(pl.DataFrame({"x": x[keep], "y": counts.col[keep].astype(np.int64),
                                       "shared": counts.data[keep]})
                         .sort("x", "shared", "y", descending=[False, True, False])
                         .group_by("x", maintain_order=True).head(max_links))
    pairs = (pl.concat(strongest)
             .select(a=pl.min_horizontal("x", "y"), b=pl.max_horizontal("x", "y"), shared="shared")
             .unique().sort("a", "b"))
    return pairs.select(a=names.gather(pairs["a"]), b=names.gather(pairs["b"]),
                        shared="shared").cast(schema)


def scaffold_pairs(partitions: Sequence[pl.LazyFrame],
                   configs: Sequence[PlaybookConfig]) -> pl.DataFrame:
    """Scaffold links (kind SCAFFOLD_KIND): playbook_pairs of each of ``configs``; a pair linked
    by several keeps its strongest link. Measures that count the same items read the events once."""
    uses: dict[str, pl.DataFrame] = {}
    pairs = []
    for cfg in (cfg for cfg in configs if cfg.weight > 0):
        key = cfg.model_dump_json(include={"item", "capabilities", "without_tools",
                                           "min_harvest_share"})
        if key not in uses:
            uses[key] = item_uses(partitions, cfg)
        pairs.append(playbook_pairs(partitions, cfg, SCAFFOLD_KIND, uses=uses[key]))
    if not pairs:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    return (pl.concat(pairs).group_by("a", "b", "kind", maintain_order=True)
            .agg(pl.col("weight").max()).cast(PAIR_SCHEMA))
