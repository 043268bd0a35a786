"""Agreement of two scans of the same logs (the Polars and the Spark engine): flags, campaigns, counts.

Consumes two scan directories (accounts.parquet, scan_summary.json, quarantine.jsonl); produces the shares
the engines must agree on (flagged accounts, accounts in the matching campaign) and whether counts match."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl


def campaign_agreement(first: pl.DataFrame, second: pl.DataFrame) -> float:
    """Share of the accounts of ``first``'s campaigns that are in the campaign of ``second`` that
    matches theirs (the one holding most of them); 1.0 when ``first`` has no campaign."""
    both = first.join(second, on="account_id", how="left", suffix="_other").filter(
        pl.col("campaign_id").is_not_null())
    if both.is_empty():
        return 1.0
    best = (both.filter(pl.col("campaign_id_other").is_not_null())
            .group_by("campaign_id", "campaign_id_other").len()
            .group_by("campaign_id").agg(pl.col("len").max()))
    return float(best["len"].sum()) / both.height


def _quarantine(scan: Path) -> Counter[tuple[str, str, int, str]]:
    """(table, source, row, rule) of every quarantined row."""
    lines = (scan / "quarantine.jsonl").read_text("utf-8").splitlines()
    return Counter((r["table"], r["source"], r["row"], r["reason"].split(":")[0])
                   for r in map(json.loads, lines))


def scan_agreement(first: Path, second: Path) -> dict[str, Any]:
    """How far two scans of the same logs agree.

    Returns
    -------
    dict
        ``accounts`` (seen by each), ``flag_agreement`` (share of accounts of either with the same
        flag), ``campaign_agreement`` (see campaign_agreement), ``counts_equal`` (the row counts
        of every table) and ``quarantine_equal`` (the same rows quarantined by the same rules).
    """
    a, b = (pl.read_parquet(scan / "accounts.parquet") for scan in (first, second))
    flags = a.select("account_id", "flagged").join(b.select("account_id", "flagged"),
                                                   on="account_id", how="full", suffix="_other")
    same = (flags["flagged"].fill_null(False) == flags["flagged_other"].fill_null(False)) & \
        flags["account_id"].is_not_null() & flags["account_id_other"].is_not_null()
    counts = [json.loads((scan / "scan_summary.json").read_text("utf-8"))["counts"]
              for scan in (first, second)]
    return {
        "accounts": [a.height, b.height],
        "flagged": [int(a["flagged"].sum()), int(b["flagged"].sum())],
        "flag_agreement": float(same.mean()) if flags.height else 1.0,
        "campaign_agreement": campaign_agreement(a, b),
        "counts_equal": counts[0] == counts[1],
        "quarantine_equal": _quarantine(first) == _quarantine(second),
    }
