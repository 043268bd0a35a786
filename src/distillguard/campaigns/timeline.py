"""Campaign timelines: exchanges per day and model, account births and deaths per day.

Consumes featurized event partitions, account fingerprints and campaign membership; produces a
"timeline" block per campaign (days in order, counts aligned to them) for campaigns.json and the report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import polars as pl


def campaign_timelines(partitions: Sequence[pl.LazyFrame], features: pl.DataFrame,
                       membership: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """Per campaign: days, exchanges per model per day, accounts born (first request) and gone
    (last request, silent for at least the last day of the logs: banned or retired) per day."""
    if membership.is_empty():
        return {}
    members = membership.select("account_id", "campaign_id").lazy()
    daily = (pl.concat(list(partitions), how="vertical")
             .join(members, on="account_id")
             .group_by("campaign_id", day=pl.col("ts").dt.date(), model="model").agg(n=pl.len())
             .collect(engine="streaming"))
    # an account is gone when it fell silent at least a day before the logs end
    quiet_since = features["last_seen"].max() - timedelta(days=1)
    life = (features.select("account_id", born=pl.col("first_seen").dt.date(),
                            gone=pl.when(pl.col("last_seen") < quiet_since)
                            .then(pl.col("last_seen").dt.date()))
            .join(membership.select("account_id", "campaign_id"), on="account_id"))
    out: dict[str, dict[str, Any]] = {}
    for (campaign_id,), part in daily.partition_by("campaign_id", as_dict=True).items():
        days = sorted(set(part["day"].to_list()))
        mine = life.filter(pl.col("campaign_id") == campaign_id)
        born = dict(mine.group_by("born").len().iter_rows())
        gone = dict(mine.drop_nulls("gone").group_by("gone").len().iter_rows())
        models = {}
        for (model,), rows in part.partition_by("model", as_dict=True).items():
            counts = dict(rows.select("day", "n").iter_rows())
            models[model] = [int(counts.get(d, 0)) for d in days]
        out[campaign_id] = {
            "days": [d.isoformat() for d in days],
            "exchanges_by_model": dict(sorted(models.items())),
            "accounts_born": [int(born.get(d, 0)) for d in days],
            "accounts_gone": [int(gone.get(d, 0)) for d in days],
        }
    return out
