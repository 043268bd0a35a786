"""online.replay.summarize: what a replay reports per operation and for people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from distillguard.online.replay import summarize


def _decided(rows: list[tuple[float, str, str | None, str]]) -> pl.DataFrame:
    """(hours from the start, account, operation, action) → a decided replay frame."""
    start = datetime(2026, 3, 1, tzinfo=UTC)
    return pl.DataFrame({
        "ts": [start + timedelta(hours=h) for h, _, _, _ in rows],
        "account_id": [a for _, a, _, _ in rows],
        "operation": [op for _, _, op, _ in rows],
        "operator": [None if op is None else "cot_harvest" for _, _, op, _ in rows],
        "actor": [("cot_harvest" if op else "casual_chat") for _, _, op, _ in rows],
        "action": [act for _, _, _, act in rows],
        "latency": [0.0001] * len(rows),
    })


def test_an_operation_served_only_before_the_first_nightly_scan_shows_it():
    # an operation that starts at hour 30: everything it was served falls in its own first
    # day (hours 30-54), whatever the day boundaries of the log
    rows = [(1.0, "person", None, "allow")]
    rows += [(30 + i, "op1", "camp_1", "allow") for i in range(10)]
    rows += [(45.0, "op2", "camp_1", "step_up"), (50.0, "op2", "camp_1", "allow")]
    rows += [(60 + i, "op1", "camp_1", "block") for i in range(8)]
    summary = summarize(_decided(sorted(rows)), 1.0)
    op = summary["operations"]["camp_1"]
    assert op["exchanges"] == 20 and op["served_total"] == 11
    assert op["served_first_day_share"] == op["served_total_share"] == 11 / 20
    assert op["served_before_first_stop"] == 10
    assert summary["legitimate"] == {"requests": 1, "not_allowed": 0, "not_allowed_share": 0.0,
                                     "by_actor": {"casual_chat": 0.0}}


def test_what_is_served_after_the_first_day_is_not_counted_as_first_day():
    rows = [(float(h), "op1", "camp_1", "allow") for h in (0, 12, 23, 25, 48)]
    op = summarize(_decided(rows), 1.0)["operations"]["camp_1"]
    assert op["served_total_share"] == 1.0
    assert op["served_first_day_share"] == 3 / 5
