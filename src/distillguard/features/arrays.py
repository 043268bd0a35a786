"""Array helpers of the featurizers: distinct values with row indices, runs of sorted keys, lookups.

Consumes Polars Series and NumPy arrays; produces NumPy index arrays, so per-row work is done once per
distinct value and mapped back by position (no join on the values)."""

from __future__ import annotations

import numpy as np
import polars as pl


def distinct_rows(values: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """The distinct values of ``values`` (in no particular order) and, for each row, the index of
    its value among them: one hash pass, no join back on the values.

    Examples
    --------
    >>> distinct, index = distinct_rows(pl.Series(["b", "a", "b", None]))
    >>> [distinct[int(i)] for i in index]
    ['b', 'a', 'b', None]
    """
    groups = values.to_frame("v").with_row_index("row").group_by("v").agg("row")
    index = np.empty(len(values), dtype=np.int64)
    index[groups["row"].explode().to_numpy()] = np.repeat(np.arange(groups.height),
                                                          groups["row"].list.len().to_numpy())
    return groups["v"], index


def run_starts(values: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values (of a sorted array: each value).

    Examples
    --------
    >>> run_starts(np.array([3, 3, 5, 7, 7, 7])).tolist()
    [0, 2, 3]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def positions_in(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Index of each of ``values`` in ``table`` (distinct values), -1 where absent (a hash join).

    Examples
    --------
    >>> positions_in(np.array([9, 4, 1], dtype=np.uint64), np.array([4, 9], dtype=np.uint64)).tolist()
    [1, 0, -1]
    """
    right = pl.DataFrame({"v": table, "i": np.arange(len(table), dtype=np.int64)})
    return (pl.DataFrame({"v": values}).join(right, on="v", how="left", maintain_order="left")
            ["i"].fill_null(-1).to_numpy())
