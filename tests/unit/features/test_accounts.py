"""Per-account aggregates on hand-built events, and on a simulated world's events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from distillguard.features.accounts import ACCOUNT_ACTIVITY_SCHEMA, account_activity
from distillguard.features.network import ip_prefix
from distillguard.io.schema import EVENTS

T0 = datetime(2026, 3, 2, tzinfo=UTC)


def _events(rows: list[dict]) -> pl.LazyFrame:
    frame = pl.DataFrame(rows, schema=EVENTS, strict=False)
    return frame.with_columns(ip_prefix=ip_prefix(frame)).lazy()


def _row(account: str, seconds: float, **extra) -> dict:
    base = {"request_id": f"{account}-{seconds}", "ts": T0 + timedelta(seconds=seconds),
            "account_id": account, "ip": "203.0.113.5", "model": "m", "prompt": "p",
            "input_tokens": 100, "output_tokens": 50}
    return base | extra


def test_machine_paced_account_has_low_interarrival_cv():
    paced = [_row("bot", 60.0 * i) for i in range(50)]
    bursty = [_row("human", s) for s in (0, 5, 9, 3600, 3610, 7200, 7260, 30000, 30002, 30100)]
    out = account_activity(_events(paced + bursty)).collect()
    cv = dict(zip(out["account_id"], out["interarrival_cv"], strict=True))
    assert cv["bot"] < 0.01 < 1.0 < cv["human"]


def test_shares_and_spread():
    rows = [
        _row("a", 0, ip="198.51.100.1", asn=7922, country="US", n_turns=1, max_tokens=100,
             output_tokens=99, tools_declared=3),
        _row("a", 10, ip="198.51.100.2", asn=7922, country="US", n_turns=5, max_tokens=100,
             output_tokens=10, has_image=True, reasoning_tokens=40),
        _row("a", 20, ip="2001:db8:1:2::9", asn=3320, country="DE", n_turns=1),
        _row("b", 0),
    ]
    out = account_activity(_events(rows)).collect()
    assert out.schema == ACCOUNT_ACTIVITY_SCHEMA
    a = out.filter(pl.col("account_id") == "a").row(0, named=True)
    assert (a["n_events"], a["distinct_ips"], a["distinct_prefixes"]) == (3, 3, 2)
    assert (a["distinct_asns"], a["distinct_countries"]) == (2, 2)
    assert a["single_turn_share"] == 2 / 3
    assert a["tools_share"] == a["image_share"] == a["reasoning_share"] == 1 / 3
    assert a["max_tokens_saturation"] == 1 / 3
    assert a["output_input_ratio"] == (99 + 10 + 50) / 300
    b = out.filter(pl.col("account_id") == "b").row(0, named=True)
    assert b["interarrival_cv"] is None and b["n_events"] == 1


def test_world_accounts_are_all_covered_and_deterministic(small_world):
    events = pl.read_parquet(small_world / "events.parquet")
    lf = events.with_columns(ip_prefix=ip_prefix(events)).lazy()
    first = account_activity(lf).collect()
    assert first.height == events["account_id"].n_unique()
    assert first["n_events"].sum() == events.height
    shuffled = events.sample(fraction=1.0, shuffle=True, seed=1)
    again = account_activity(shuffled.with_columns(ip_prefix=ip_prefix(shuffled)).lazy()).collect()
    assert first.equals(again)
