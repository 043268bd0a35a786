"""Cohorts: what an account's linked community does together (how many of its members harvest, at what volume).

Consumes account fingerprints (features.accounts) and the communities of the account graph (linkage.graph);
produces per-account cohort columns: the evidence that only the group gives away when every account of an
operation looks like an ordinary paying user on its own."""

from __future__ import annotations

import polars as pl

from distillguard.config import CohortConfig

COHORT_COLUMNS = ("cohort_accounts", "cohort_harvesters", "cohort_targeters", "cohort_exchanges",
                  "cohort_harvest_share", "cohort_target_share", "other_harvesters",
                  "other_targeters", "coordinated_harvest", "coordinated_target")


def cohort_features(features: pl.DataFrame, groups: pl.DataFrame, cfg: CohortConfig) -> pl.DataFrame:
    """``features`` with COHORT_COLUMNS added. An account outside every community is a cohort of one.

    A member harvests when at least ``cfg.harvest_min_share`` of its exchanges are harvest asks,
    and targets when at least ``cfg.target_min_share`` are on target capabilities.
    ``coordinated_harvest`` = log(1 + other harvesting members) × the account's own harvest share
    relative to that minimum (capped at 1): a bystander that shares a VPN exit with an operation
    but asks for nothing it harvests gets none of it. ``coordinated_target`` likewise."""
    harvester = (pl.col("harvest_share") >= cfg.harvest_min_share).cast(pl.Int64)
    targeter = (pl.col("target_share") >= cfg.target_min_share).cast(pl.Int64)
    members = (features.select("account_id", "n_events", "harvest_share", "target_share")
               .join(groups.select("account_id", "community"), on="account_id", how="left")
               .with_columns(cohort=pl.coalesce(pl.col("community").cast(pl.String),
                                                pl.lit("self:") + pl.col("account_id"))))
    cohorts = members.group_by("cohort").agg(
        cohort_accounts=pl.len(),
        cohort_harvesters=harvester.sum(),
        cohort_targeters=targeter.sum(),
        cohort_exchanges=pl.col("n_events").sum(),
        cohort_harvest_share=(pl.col("harvest_share") * pl.col("n_events")).sum()
        / pl.col("n_events").sum(),
        cohort_target_share=(pl.col("target_share") * pl.col("n_events")).sum()
        / pl.col("n_events").sum(),
    )
    own_h = (pl.col("harvest_share") / cfg.harvest_min_share).clip(upper_bound=1.0)
    own_t = (pl.col("target_share") / cfg.target_min_share).clip(upper_bound=1.0)
    per_account = (members.join(cohorts, on="cohort", how="left")
                   .with_columns(other_harvesters=pl.col("cohort_harvesters") - harvester,
                                 other_targeters=pl.col("cohort_targeters") - targeter)
                   .with_columns(
                       coordinated_harvest=pl.col("other_harvesters").cast(pl.Float64).log1p()
                       * own_h,
                       coordinated_target=pl.col("other_targeters").cast(pl.Float64).log1p()
                       * own_t)
                   .select("account_id", *COHORT_COLUMNS))
    return features.join(per_account, on="account_id", how="left", maintain_order="left")
