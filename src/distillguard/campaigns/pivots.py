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
                 start: Any, end: Any, min_exchanges: int) -> pl.DataFrame:
    """Per campaign (null = every other account): exchanges in [start, end) and the mean over its
    accounts of each one's share sent to ``model`` — accounts with fewer than ``min_exchanges`` in
    the window are left out, and so, among the other accounts, are those of the chat surface,
    whose model the product chooses for them. A mean over accounts, so that a few huge routers or
    benchmark runs do not stand for everyone."""
    window = (pl.concat(list(partitions), how="vertical")
              .filter(pl.col("ts").is_between(start, end, closed="left"))
              .select("account_id", new=pl.col("model") == model,
                      chat=pl.col("surface").fill_null("") == "chat")
              .collect(engine="streaming"))
    per_account = (window.join(membership.select("account_id", "campaign_id"), on="account_id",
                               how="left")
                   .group_by("campaign_id", "account_id")
                   .agg(n=pl.len(), new=pl.col("new").sum(), chat=pl.col("chat").mean())
                   .filter(pl.col("n") >= min_exchanges,
                           pl.col("campaign_id").is_not_null() | (pl.col("chat") < 0.5)))
    return (per_account.group_by("campaign_id")
            .agg(exchanges=pl.col("n").sum(), accounts=pl.len(),
                 share=(pl.col("new") / pl.col("n")).mean()))


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
        end = released_at + timedelta(hours=cfg.pivot_window_hours)
        shares = pivot_shares(partitions, membership, model, released_at, end,
                              cfg.pivot_min_exchanges)
        population = shares.filter(pl.col("campaign_id").is_null())
        base = float(population["share"][0]) if population.height else 0.0
        for row in shares.filter(pl.col("campaign_id").is_not_null()).iter_rows(named=True):
            share = float(row["share"])
            if share >= cfg.pivot_min_share and share >= cfg.pivot_population_ratio * base:
                out.setdefault(row["campaign_id"], []).append({
                    "kind": "release_pivot",
                    "detail": f"its accounts sent {share:.0%} of their traffic ({row['exchanges']} "
                              f"exchanges) to {model} in the {cfg.pivot_window_hours:g} h after "
                              f"its release (other API accounts: {base:.0%})",
                    "weight": round(min(1.0, share), 4)})
    return out
