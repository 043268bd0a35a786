"""Round trips: a typed events frame written as Parquet, JSON Lines and CSV reads back equal.

Consumes a frame with every contract column; checks read_valid_table per format and for a
directory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from distillguard.config import IOConfig
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import ACCOUNTS, ACCOUNTS_SPEC, EVENTS, EVENTS_SPEC, TableSpec
from distillguard.io.validate import Counts, read_valid_table


def typed_events(n: int = 6, start: int = 0) -> pl.DataFrame:
    rows = []
    for i in range(start, start + n):
        rows.append({
            "request_id": f"req-{i}",
            "ts": datetime(2024, 5, 1, 12, i % 60, 7, 123_456 * (i % 2), tzinfo=UTC),
            "account_id": f"acct-{i % 3}",
            "ip": "2001:db8::1" if i % 2 else f"192.168.0.{i}",
            "model": "claude-x",
            "prompt": "" if i == start + 1 else f'say "hi", then\nexplain {i} ✓',
            "input_tokens": 100 + i,
            "output_tokens": 5 * i,
            "org_id": None if i % 3 == 0 else f"org-{i}",
            "api_key_id": f"key-{i}",
            "asn": 64_500 + i,
            "country": "FR",
            "user_agent": "python-httpx/0.27",
            "client_fingerprint": "t13d1516h2_8daaf6152771_02713d6af862",
            "surface": "api",
            "system_prompt": None if i % 2 else "Be terse.",
            "n_turns": 1 + i,
            "tools_declared": i % 4,
            "has_image": i == start + 1,
            "reasoning_tokens": None if i % 2 else 1_000 * i,
            "max_tokens": 4_096,
            "temperature": 0.25 * (i % 5),
            "status": "ok",
        })
    return pl.DataFrame(rows, schema=EVENTS)


def write(df: pl.DataFrame, path: Path) -> Path:
    if path.suffix == ".parquet":
        df.write_parquet(path)
    elif path.suffix == ".jsonl":
        df.write_ndjson(path)
    else:
        df.write_csv(path)
    return path


def read_back(path: Path, spec: TableSpec = EVENTS_SPEC) -> tuple[pl.DataFrame, Counts]:
    with QuarantineWriter(path.parent / "quarantine.jsonl") as q:
        return read_valid_table(path, spec, IOConfig(), q)


@pytest.mark.parametrize("ext", [".parquet", ".jsonl", ".csv"])
def test_round_trip_each_format(tmp_path: Path, ext: str) -> None:
    df = typed_events()
    clean, counts = read_back(write(df, tmp_path / f"events{ext}"))
    assert counts == Counts(read=6, used=6)
    assert_frame_equal(clean, df)


def test_round_trip_parquet_preserves_schema_order_even_if_shuffled(tmp_path: Path) -> None:
    df = typed_events()
    shuffled = df.select(sorted(df.columns))
    clean, _ = read_back(write(shuffled, tmp_path / "events.parquet"))
    assert_frame_equal(clean, df)


def test_directory_is_one_table_in_name_order_across_formats(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    parts = [typed_events(3, 0), typed_events(3, 3), typed_events(3, 6)]
    write(parts[1], folder / "part-1.csv")
    write(parts[0], folder / "part-0.parquet")
    write(parts[2], folder / "part-2.jsonl")
    clean, counts = read_back(folder)
    assert counts.used == 9
    assert_frame_equal(clean, pl.concat(parts))


def test_accounts_round_trip(tmp_path: Path) -> None:
    df = pl.DataFrame({
        "account_id": ["a1", "a2"],
        "created_at": [datetime(2023, 1, 1, tzinfo=UTC), None],
        "tier": ["pro", None],
        "verified": [True, False],
        "email_domain": ["example.com", None],
        "payment_fingerprint": ["pf1", None],
        "signup_ip": ["10.0.0.1", None],
        "org_id": ["o1", None],
    }, schema=ACCOUNTS)
    for ext in (".parquet", ".jsonl", ".csv"):
        clean, _ = read_back(write(df, tmp_path / f"accounts{ext}"), ACCOUNTS_SPEC)
        assert_frame_equal(clean, df)
