"""Peer groups: each account judged against accounts like it (same tier, surface and client stack).

Consumes account fingerprints (features.accounts); produces, per chosen feature, how far an account sits
from its peers' median in robust standard deviations (an edu account is compared with edu accounts)."""

from __future__ import annotations

import polars as pl

from distillguard.config import FeatureConfig

UNKNOWN = "?"
MAD_TO_SD = 1.4826  # a normal distribution's standard deviation is 1.4826 median absolute deviations


def peer_column(feature: str) -> str:
    return f"{feature}_vs_peers"


def peer_levels(keys: list[str]) -> list[list[str]]:
    """From the finest peer group to the whole population: [tier, surface, client], [tier,
    surface], [tier], []."""
    return [keys[:k] for k in range(len(keys), -1, -1)]


def peer_keyed(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """``frame`` with its peer key columns ``keys`` as strings, a missing value as UNKNOWN (the
    accounts of unknown tier are one peer group, not each its own)."""
    return frame.with_columns(pl.col(k).cast(pl.String).fill_null(UNKNOWN) for k in keys)


def peer_relative(features: pl.DataFrame, cfg: FeatureConfig) -> pl.DataFrame:
    """Add ``<feature>_vs_peers`` for each of ``cfg.peer_features``: (value − peer median) / peer
    spread, where the peer group is the finest level of ``cfg.peer_keys`` with at least
    ``cfg.min_peers`` accounts. The spread is 1.4826 × the peers' median absolute deviation,
    floored at ``cfg.peer_spread_floor`` × their standard deviation, so that a feature zero for
    most peers (median absolute deviation 0) still has a scale."""
    keys = [k for k in cfg.peer_keys if k in features.columns]
    frame = peer_keyed(features, keys)
    out = []
    for name in cfg.peer_features:
        value = pl.col(name).cast(pl.Float64)
        medians, spreads = [], []
        for level in peer_levels(keys):
            def over(e: pl.Expr, lv: list[str] = level) -> pl.Expr:
                return e.over(lv) if lv else e
            ok = over(pl.len()) >= cfg.min_peers if level else pl.lit(True)
            mad = over((value - value.median()).abs().median()) * MAD_TO_SD
            medians.append(pl.when(ok).then(over(value.median())))
            spreads.append(pl.when(ok).then(
                pl.max_horizontal(mad, over(value.std()) * cfg.peer_spread_floor)))
        median, spread = pl.coalesce(medians), pl.coalesce(spreads)
        out.append(((value - median) / pl.max_horizontal(spread, pl.lit(1e-9))).round(9)
                   .alias(peer_column(name)))
    return features.with_columns(frame.select(out))
