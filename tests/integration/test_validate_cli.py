"""`distillguard validate` as users run it: outputs on success, one-line errors with exit code 2.

Consumes files written under tmp_path (and the session's small simulated world); checks exit
codes, stdout/stderr and the summary.json / quarantine.jsonl written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from tests.conftest import run_cli

EVENT = {
    "request_id": "r1", "ts": "2024-05-01T12:00:00Z", "account_id": "a1", "ip": "10.0.0.1",
    "model": "m", "prompt": "hello", "input_tokens": "3", "output_tokens": "4",
}


def events_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


def test_validate_writes_summary_and_quarantine(tmp_path: Path) -> None:
    rows = [EVENT, {**EVENT, "request_id": "r2", "ip": "999.1.1.1"},
            {**EVENT, "request_id": "r1"}, {**EVENT, "request_id": "r3", "ts": "2024-05-02"}]
    events = events_csv(tmp_path / "events.csv", rows)
    accounts = tmp_path / "accounts.jsonl"
    accounts.write_text('{"account_id": "a1", "tier": "pro"}\n')
    out = tmp_path / "out"
    proc = run_cli("validate", str(events), "--accounts", str(accounts), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "events: read 4, used 2, quarantined 1, deduplicated 1"
    assert lines[1] == "accounts: read 1, used 1, quarantined 0, deduplicated 0"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["tables"]["events"]["reasons"] == {"invalid_ip": 1}
    quarantine = [json.loads(x) for x in (out / "quarantine.jsonl").read_text().split("\n") if x]
    assert [(q["source"], q["row"]) for q in quarantine] == [("events.csv", 2)]
    assert quarantine[0]["reason"].startswith("invalid_ip: ip '999.1.1.1'")
    assert "Traceback" not in proc.stderr


def test_clean_input_still_writes_an_empty_quarantine(tmp_path: Path) -> None:
    events = events_csv(tmp_path / "events.csv", [EVENT])
    result = CliRunner().invoke(app, ["validate", str(events), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "o" / "quarantine.jsonl").read_text() == ""
    assert (tmp_path / "o" / "summary.json").exists()


def test_validate_a_simulated_world(small_world: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("validate", str(small_world / "events.parquet"),
                   "--accounts", str(small_world / "accounts.parquet"),
                   "--releases", str(small_world / "releases.parquet"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    for table in ("events", "accounts", "releases"):
        counts = summary["tables"][table]["counts"]
        assert counts["read"] > 0
        assert counts["read"] == counts["used"] + counts["quarantined"] + counts["deduplicated"]
    assert summary["tables"]["events"]["format"] == "parquet"


def _missing_column(tmp: Path) -> list[str]:
    path = events_csv(tmp / "events.csv", [{k: v for k, v in EVENT.items() if k != "ts"}])
    return [str(path)]


def _nonexistent(tmp: Path) -> list[str]:
    return [str(tmp / "nope.parquet")]


def _unknown_extension(tmp: Path) -> list[str]:
    (tmp / "events.xlsx").write_bytes(b"PK\x03\x04")
    return [str(tmp / "events.xlsx")]


def _corrupt_parquet(tmp: Path) -> list[str]:
    (tmp / "events.parquet").write_bytes(bytes(range(256)) * 8)
    return [str(tmp / "events.parquet")]


def _empty_directory(tmp: Path) -> list[str]:
    (tmp / "logs").mkdir()
    return [str(tmp / "logs")]


def _bad_accounts(tmp: Path) -> list[str]:
    events = events_csv(tmp / "events.csv", [EVENT])
    (tmp / "accounts.csv").write_text("tier,verified\npro,yes\n")
    return [str(events), "--accounts", str(tmp / "accounts.csv")]


ERRORS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "missing_column": (_missing_column, "required column 'ts' is missing (contract v1"),
    "nonexistent": (_nonexistent, "nope.parquet: no such file or directory"),
    "unknown_extension": (_unknown_extension, "unknown format"),
    "corrupt_parquet": (_corrupt_parquet, "not a readable Parquet file"),
    "empty_directory": (_empty_directory, "no Parquet, JSON Lines or CSV file"),
    "bad_accounts": (_bad_accounts, "required column 'account_id' is missing"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    make, expected = ERRORS[case]
    result = CliRunner().invoke(app, ["validate", *make(tmp_path), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().split("\n")) == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_input_as_a_subprocess(tmp_path: Path) -> None:
    """The same contract end to end: a real process, a real stderr, no traceback."""
    proc = run_cli("validate", *_corrupt_parquet(tmp_path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().split("\n")) == 1, proc.stderr
    assert "not a readable Parquet file" in proc.stderr
    assert "Traceback" not in proc.stderr
