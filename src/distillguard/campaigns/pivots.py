"""Release pivots: how fast and how much of a campaign's traffic moved to a newly released model.

Consumes featurized event partitions, the releases table and campaign membership; produces one
release_pivot evidence item per campaign that moved far faster than the rest of the population."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import polars as pl

from distillguard.config import CampaignConfig


def pivot_shares(partitions: Sequence[pl.LazyFrame], membership: pl.DataFrame, model: str,
                 start: Any, end: Any) -> pl.DataFrame:
    """Per campaign (null = every other account): exchanges in [start, end) and the share of them
    sent to ``model``; for the other accounts the share is the mean of each account's own share, so
    that a few huge routers do not stand for the whole population."""
    window = (pl.concat(list(partitions), how="vertical")
              .filter(pl.col("ts").is_between(start, end, closed="left"))
              .select("account_id", new=pl.col("model") == model)
              .collect(engine="streaming"))
    per_account = (window.join(membership.select("account_id", "campaign_id"), on="account_id",
                               how="left")
                   .group_by("campaign_id", "account_id").agg(n=pl.len(), new=pl.col("new").sum()))
    return (per_account.group_by("campaign_id")
            .agg(exchanges=pl.col("n").sum(),
                 share=pl.when(pl.col("campaign_id").first().is_null())
                 .then((pl.col("new") / pl.col("n")).mean())
                 .otherwise(pl.col("new").sum() / pl.col("n").sum())))


def release_pivots(partitions: Sequence[pl.LazyFrame], releases: pl.DataFrame | None,
                   membership: pl.DataFrame, cfg: CampaignConfig) -> dict[str, list[dict]]:
    """release_pivot evidence per campaign id, for every release inside the logs' time range."""
    if releases is None or releases.is_empty() or membership.is_empty():
        return {}
    span = (pl.concat(list(partitions), how="vertical")
            .select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi"))
            .collect(engine="streaming").row(0))
    out: dict[str, list[dict]] = {}
    for model, released_at in releases.select("model", "released_at").drop_nulls().iter_rows():
        if not span[0] <= released_at <= span[1]:
            continue
        # the share reached by the end of the window: its last quarter
        end = released_at + timedelta(hours=cfg.pivot_window_hours)
        shares = pivot_shares(partitions, membership, model,
                              end - timedelta(hours=cfg.pivot_window_hours / 4), end)
        population = shares.filter(pl.col("campaign_id").is_null())
        base = float(population["share"][0]) if population.height else 0.0
        for row in shares.filter(pl.col("campaign_id").is_not_null()).iter_rows(named=True):
            share = float(row["share"])
            if share >= cfg.pivot_min_share and share >= cfg.pivot_population_ratio * base:
                out.setdefault(row["campaign_id"], []).append({
                    "kind": "release_pivot",
                    "detail": f"{share:.0%} of its traffic ({row['exchanges']} exchanges) went to "
                              f"{model} by {cfg.pivot_window_hours:g} h after its release (all "
                              f"other accounts: {base:.0%})",
                    "weight": round(min(1.0, share), 4)})
    return out
