"""Tiny helpers shared by every module."""
import numpy as np
import polars as pl


def SS(a, name: str = "") -> pl.Series:
    """String Series from a list / numpy array (object arrays may hold None)."""
    if isinstance(a, pl.Series):
        return a.alias(name).cast(pl.String) if name else a.cast(pl.String)
    if isinstance(a, np.ndarray):
        a = a.tolist()
    return pl.Series(name, a, dtype=pl.String)
