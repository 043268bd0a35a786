"""Deduplication on a table's key: a compact set of 64-bit key hashes, merged batch by batch.

Consumed by io.validate (repeated request ids: the first row wins) and io.summary (distinct accounts);
its sorted-array helpers serve the featurizers' hash sorts too."""

from __future__ import annotations

import numpy as np
import polars as pl


def sorted_values(values: np.ndarray) -> np.ndarray:
    """``values`` sorted (a read-only array): Polars sorts 64-bit integers about three times
    faster than NumPy does, and sorts of hashes are among the scan's largest costs.

    Examples
    --------
    >>> sorted_values(np.array([3, 1, 2], dtype=np.uint64)).tolist()
    [1, 2, 3]
    """
    return pl.Series(values).sort().to_numpy()


def merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sorted union of two sorted arrays with no value in common, in one linear pass.

    Examples
    --------
    >>> merge_sorted(np.array([1, 4, 9]), np.array([2, 10])).tolist()
    [1, 2, 4, 9, 10]
    """
    if not len(b):
        return a
    if not len(a):
        return b
    out = np.concatenate([a, b])
    out.sort(kind="stable")  # a stable sort of two sorted runs is one merge (timsort finds them)
    return out


def contains(values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Whether each of ``queries`` is in the sorted array ``values``.

    Examples
    --------
    >>> contains(np.array([2, 5, 9]), np.array([5, 1, 9, 10])).tolist()
    [True, False, True, False]
    """
    if not len(values):
        return np.zeros(len(queries), dtype=bool)
    return values[np.minimum(np.searchsorted(values, queries), len(values) - 1)] == queries


class KeySet:
    """Set of 64-bit key hashes in sorted numpy arrays: 8 bytes per key, merged per batch.

    A Python set of 10M request ids costs gigabytes; this costs 80 MB (and a fixed 16 MB filter).
    Two distinct keys that share a 64-bit hash (odds about 3e-6 at 10M keys) would count as one.

    New keys go to a small sorted array, merged into the large one when it reaches a quarter of
    its size, so a batch never copies every key seen so far; one bit per 2^37 hash values
    (FILTER_BITS) tells most new keys apart without searching either array.
    """

    SEED = 0x5EED
    FILTER_BITS = 27

    def __init__(self) -> None:
        self._merged = np.zeros(0, dtype=np.uint64)
        self._recent = np.zeros(0, dtype=np.uint64)
        self._filter = np.zeros(1 << (self.FILTER_BITS - 3), dtype=np.uint8)

    @property
    def _hashes(self) -> np.ndarray:
        """Every key hash seen, sorted."""
        self._merge()
        return self._merged

    def __len__(self) -> int:
        return len(self._merged) + len(self._recent)

    def hashes(self, keys: pl.Series) -> np.ndarray:
        return keys.hash(seed=self.SEED).to_numpy()

    def _merge(self) -> None:
        self._merged = merge_sorted(self._merged, self._recent)
        self._recent = np.zeros(0, dtype=np.uint64)

    def _slots(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        slot = hashes >> np.uint64(64 - self.FILTER_BITS)
        return (slot >> np.uint64(3)).astype(np.int64), (slot & np.uint64(7)).astype(np.uint8)

    def add(self, keys: pl.Series) -> np.ndarray:
        """Mark each key that is new (not seen before, first in this batch); remember them."""
        h = self.hashes(keys)
        # Work on the batch's sorted distinct hashes: sorted queries search the sorted arrays
        # with far fewer cache misses than random ones.
        distinct = sorted_values(h)
        repeats = distinct[1:] == distinct[:-1]
        if repeats.any():  # a key repeated within the batch: its first row counts
            new = pl.Series(h).is_first_distinct().to_numpy().copy()
            distinct = distinct[np.concatenate(([True], ~repeats))]
        else:
            new = np.ones(len(h), dtype=bool)
        byte, bit = self._slots(distinct)
        maybe = distinct[((self._filter[byte] >> bit) & 1).astype(bool)]
        seen = np.zeros(len(maybe), dtype=bool)
        for known in (self._merged, self._recent):
            seen |= contains(known, maybe)
        if seen.any():
            new &= ~contains(maybe[seen], h)
            distinct = distinct[~contains(maybe[seen], distinct)]
        byte, bit = self._slots(distinct)  # sorted hashes: each filter byte is one run
        if len(distinct):
            starts = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
            self._filter[byte[starts]] |= np.bitwise_or.reduceat(np.left_shift(np.uint8(1), bit),
                                                                 starts)
        self._recent = merge_sorted(self._recent, distinct)
        if len(self._recent) > max(len(self._merged) // 4, 1 << 16):
            self._merge()
        return new
