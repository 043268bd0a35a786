#!/usr/bin/env python
"""Print a per-actor summary of a generated world: python summarize.py WORLD_DIR"""
import sys
from pathlib import Path

import polars as pl


def main(d):
    d = Path(d)
    ev = pl.read_parquet(d / "events.parquet")
    et = pl.read_parquet(d / "events_truth.parquet")
    tr = pl.read_parquet(d / "truth.parquet")
    acc = pl.read_parquet(d / "accounts.parquet")
    print(f"{d}: {ev.height} events, {acc.height} accounts, {ev['ts'].min()} .. {ev['ts'].max()}")
    a = tr.group_by("actor").agg(accounts=pl.len(), campaign=pl.col("campaign_id").first())
    j = ev.join(et, on="request_id").join(tr.select("account_id", pl.col("actor").alias("acct_actor")), on="account_id")
    e = j.group_by("acct_actor").agg(
        events=pl.len(),
        harvest=(pl.col("kind") == "harvest").sum(), cover=(pl.col("kind") == "cover").sum(),
        customer=(pl.col("kind") == "customer").sum(),
        ev_per_acct_day=pl.len() / pl.col("account_id").n_unique(),
        ips=pl.col("ip").n_unique(), uas=pl.col("user_agent").n_unique(),
        think_share=(pl.col("reasoning_tokens") > 0).mean().round(2),
        new_model=pl.col("model").is_in(["atlas-3", "atlas-3-mini"]).mean().round(2),
        med_in=pl.col("input_tokens").median(), med_out=pl.col("output_tokens").median(),
    ).rename({"acct_actor": "actor"})
    days = (ev["ts"].max() - ev["ts"].min()).total_seconds() / 86400
    out = a.join(e, on="actor", how="left").with_columns(
        (pl.col("ev_per_acct_day") / days).round(1)).sort("campaign", "actor", nulls_last=False)
    with pl.Config(tbl_rows=50, tbl_cols=20, tbl_width_chars=250):
        print(out)
        print(j.group_by("acct_actor", "capability").len().pivot(on="capability", index="acct_actor", values="len").fill_null(0).sort("acct_actor"))


if __name__ == "__main__":
    main(sys.argv[1])
