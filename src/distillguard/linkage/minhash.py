"""Similar sets at linear cost: MinHash signatures of each account's set of items, LSH bands, chained pairs.

Consumes (account_id, item) rows; produces account pairs with their estimated Jaccard similarity. Shared by
lockstep timing (items = capability × time window) and playbook links (items = prompt templates)."""

from __future__ import annotations

import numpy as np
import polars as pl

from distillguard.features.arrays import distinct_rows

SIMILAR_SCHEMA = {"a": pl.String, "b": pl.String, "jaccard": pl.Float64}


def _by_account(items: pl.DataFrame) -> tuple[pl.Series, np.ndarray, np.ndarray]:
    """Accounts of ``items`` (sorted), the rows in account order and the first of each account's
    rows in that order."""
    accounts, row_account = distinct_rows(items["account_id"])
    order = accounts.arg_sort().to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    rows = np.argsort(rank[row_account], kind="stable")
    starts = np.searchsorted(rank[row_account][rows], np.arange(len(order)))
    return accounts.gather(order), rows, starts


def minhash_signatures(items: pl.DataFrame, *, size: int, seed: int) -> tuple[list[str], np.ndarray]:
    """MinHash signature (``size`` minima of seeded hashes) of each account's items.

    Two accounts' signatures agree in a share of positions that estimates their Jaccard similarity.
    Each distinct item is hashed once per seed; the minima are taken over each account's run of
    rows in account order."""
    accounts, rows, starts = _by_account(items)
    return accounts.to_list(), _signatures(items, rows, starts, size=size, seed=seed)


def _signatures(items: pl.DataFrame, rows: np.ndarray, starts: np.ndarray, *, size: int,
                seed: int) -> np.ndarray:
    values, value_index = distinct_rows(items["item"])
    value_index = value_index[rows]
    signatures = np.empty((len(starts), size), dtype=np.uint64)
    for i in range(size):
        hashed = values.hash(seed + i).to_numpy()
        signatures[:, i] = np.minimum.reduceat(hashed[value_index], starts)
    return signatures


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


def similar_pairs(items: pl.DataFrame, *, size: int, band_rows: int, seed: int,
                  min_jaccard: float, min_shared: int = 1) -> pl.DataFrame:
    """Account pairs (a < b) whose item sets have an estimated Jaccard similarity ≥ ``min_jaccard``
    and an estimated ``min_shared`` items in common (SIMILAR_SCHEMA). ``items`` holds distinct
    (account_id, item: UInt64) rows.

    The shared count follows from the Jaccard estimate J and the set sizes: |A ∩ B| = J (|A| + |B|)
    / (1 + J); two small sets can be similar by one common item, which proves little."""
    if items.is_empty():
        return pl.DataFrame(schema=SIMILAR_SCHEMA)
    names, rows, starts = _by_account(items)
    signatures = _signatures(items, rows, starts, size=size, seed=seed)
    accounts = names.to_list()
    sizes = np.diff(np.append(starts, len(rows))).astype(np.float64)
    pairs = candidate_pairs(signatures, band_rows)
    jaccard = (signatures[pairs[:, 0]] == signatures[pairs[:, 1]]).mean(axis=1)
    shared = jaccard * (sizes[pairs[:, 0]] + sizes[pairs[:, 1]]) / (1 + jaccard)
    keep = (jaccard >= min_jaccard) & (shared >= min_shared - 1e-9)
    names = np.asarray(accounts, dtype=object)
    return pl.DataFrame({"a": names[pairs[keep, 0]].tolist(), "b": names[pairs[keep, 1]].tolist(),
                         "jaccard": jaccard[keep]}, schema=SIMILAR_SCHEMA)
