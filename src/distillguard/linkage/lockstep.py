"""Lockstep timing: accounts that ask for the same capability in the same time windows, again and again.

Consumes featurized event partitions; produces account pairs weighted by the Jaccard similarity of their
(capability, window) activity sets (SynchroTrap), found with MinHash signatures and LSH bands."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from distillguard.config import LockstepConfig

KIND = "lockstep"
PAIR_SCHEMA = {"a": pl.String, "b": pl.String, "kind": pl.String, "weight": pl.Float64}


def activity_sets(partitions: Sequence[pl.LazyFrame], cfg: LockstepConfig) -> pl.DataFrame:
    """Distinct (account_id, window) activity of accounts active in at least ``cfg.min_windows``
    windows; a window is a capability and a time bucket of ``cfg.window_seconds``.

    Partitions hold disjoint accounts, so each is reduced on its own."""
    frames = []
    for events in partitions:
        window = pl.concat_str(pl.col("capability"), pl.lit(":"),
                               pl.col("ts").dt.epoch("s") // cfg.window_seconds)
        frames.append(events.select("account_id", window=window.hash(cfg.seed))
                      .unique()
                      .filter(pl.len().over("account_id") >= cfg.min_windows))
    if not frames:
        return pl.DataFrame(schema={"account_id": pl.String, "window": pl.UInt64})
    return pl.concat(frames).collect(engine="streaming")


def minhash_signatures(activity: pl.DataFrame, cfg: LockstepConfig) -> tuple[list[str], np.ndarray]:
    """MinHash signature (``cfg.signature_size`` minima of seeded hashes) of each account's windows.

    Two accounts' signatures agree in a share of positions that estimates their Jaccard similarity."""
    signatures = (activity.group_by("account_id")
                  .agg(pl.col("window").hash(cfg.seed + i).min().alias(f"h{i}")
                       for i in range(cfg.signature_size))
                  .sort("account_id"))
    return (signatures["account_id"].to_list(),
            signatures.drop("account_id").to_numpy().astype(np.uint64))


def candidate_pairs(signatures: np.ndarray, band_rows: int) -> np.ndarray:
    """Index pairs (i < j) of accounts that agree on a whole band of their signatures (LSH).

    Within a band's bucket only neighbours in index order are paired — a chain, not a clique, so a
    bucket of n accounts costs n − 1 pairs and a thousand-account operation stays linear."""
    n, size = signatures.shape
    found = []
    for start in range(0, size - band_rows + 1, band_rows):
        keys = (pl.DataFrame(signatures[:, start:start + band_rows])
                .select(pl.struct(pl.all()).hash().alias("key"))["key"].to_numpy())
        order = np.lexsort((np.arange(n), keys))
        same = keys[order[1:]] == keys[order[:-1]]
        found.append(np.stack([order[:-1][same], order[1:][same]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0) if pairs.size else pairs.reshape(0, 2)


def lockstep_pairs(partitions: Sequence[pl.LazyFrame], cfg: LockstepConfig) -> pl.DataFrame:
    """Account pairs (a < b) in lockstep: estimated Jaccard of their activity ≥ ``cfg.min_jaccard``;
    weight = ``cfg.weight`` × Jaccard (PAIR_SCHEMA, kind "lockstep")."""
    if cfg.weight <= 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    accounts, signatures = minhash_signatures(activity_sets(partitions, cfg), cfg)
    pairs = candidate_pairs(signatures, cfg.band_rows)
    jaccard = (signatures[pairs[:, 0]] == signatures[pairs[:, 1]]).mean(axis=1)
    keep = jaccard >= cfg.min_jaccard
    names = np.asarray(accounts, dtype=object)
    return pl.DataFrame({"a": names[pairs[keep, 0]].tolist(), "b": names[pairs[keep, 1]].tolist(),
                         "kind": KIND, "weight": cfg.weight * jaccard[keep]},
                        schema=PAIR_SCHEMA)
