"""Deduplication on a table's key: a compact set of 64-bit key hashes, merged batch by batch.

Consumed by io.validate (repeated request ids: the first row wins) and io.summary (distinct accounts)."""

from __future__ import annotations

import numpy as np
import polars as pl


class KeySet:
    """Set of 64-bit key hashes in a sorted numpy array: 8 bytes per key, merged per batch.

    A Python set of 10M request ids costs gigabytes; this costs 80 MB. Two distinct keys that
    share a 64-bit hash (odds about 3e-6 at 10M keys) would count as one.
    """

    SEED = 0x5EED

    def __init__(self) -> None:
        self._hashes = np.zeros(0, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._hashes)

    def hashes(self, keys: pl.Series) -> np.ndarray:
        return keys.hash(seed=self.SEED).to_numpy()

    def add(self, keys: pl.Series) -> np.ndarray:
        """Mark each key that is new (not seen before, first in this batch); remember them."""
        h = self.hashes(keys)
        # One stable sort gives both the first occurrence within the batch (equal hashes are
        # adjacent, earliest first) and sorted queries, which search the sorted array with
        # far fewer cache misses than random ones.
        order = np.argsort(h, kind="stable")
        hs = h[order]
        first = np.ones(len(hs), dtype=bool)
        first[1:] = hs[1:] != hs[:-1]
        idx = np.searchsorted(self._hashes, hs)
        if len(self._hashes):
            first &= self._hashes[np.minimum(idx, len(self._hashes) - 1)] != hs
        self._hashes = np.insert(self._hashes, idx[first], hs[first])
        new = np.empty(len(h), dtype=bool)
        new[order] = first
        return new
