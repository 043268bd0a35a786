"""Opaque identifiers: unique, keyed per world, revealing nothing about persona or campaign.

Consumed by sim.actors and sim.world; splitmix64 is a bijection, so distinct counters give distinct ids."""

from __future__ import annotations

import numpy as np
import polars as pl

_HEX = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def splitmix64(x: np.ndarray) -> np.ndarray:
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def hex64(values: np.ndarray) -> pl.Series:
    """16 lowercase hex digits per uint64 (vectorized through a byte lookup table)."""
    raw = np.ascontiguousarray(values.astype(">u8")).view(np.uint8).reshape(-1, 8)
    text = np.ascontiguousarray(_HEX[raw]).view("S16").ravel()
    return pl.Series(text).cast(pl.String)


class IdMint:
    """Hands out opaque ids ``prefix_<hex>``; one counter per world, keyed by the world's seed."""

    def __init__(self, seed: int) -> None:
        self._key = np.uint64((seed * 0x2545F4914F6CDD1D + 0x1234567) % 2**64)
        self._next = 0

    def take(self, prefix: str, n: int) -> pl.Series:
        counters = np.arange(self._next, self._next + n, dtype=np.uint64)
        self._next += n
        hexes = hex64(splitmix64(counters ^ self._key))
        return pl.select(pl.lit(f"{prefix}_") + hexes).to_series()
