"""User data never drives a terminal, future timestamps are quarantined, and what validation reports
adds up: escape sequences in headers, keys and values of every reader, timestamps past the newest
plausible time, every quarantine rule in the reasons line, the quarantine pointer only when useful."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.config import IOConfig, load_config
from distillguard.errors import InputError
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.summary import Counts
from distillguard.io.validate import read_valid_table, validate_inputs
from distillguard.scan import no_event_message, run_scan
from tests.unit.io.io_helpers import event, write_rows

ESC = "\x1b[2J\x1b]0;owned\x07\u202e"
ESCAPED = "\\x1b[2J\\x1b]0;owned\\x07\\u202e"
FORMATS = ["csv", "jsonl", "parquet"]


def _raw_controls(text: str) -> bool:
    return any(ch in text for ch in ("\x1b", "\x07", "\u202e"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_column_error_escapes_the_header(tmp_path: Path, fmt: str) -> None:
    rows = [{ESC if k == "ts" else k: v for k, v in event(0).items()}]
    path = write_rows(rows, tmp_path / f"events.{fmt}")
    with pytest.raises(InputError) as info, QuarantineWriter(tmp_path / "q.jsonl") as q:
        read_valid_table(path, EVENTS_SPEC, IOConfig(), q)
    message = str(info.value)
    assert "required column 'ts' is missing" in message
    assert ESCAPED in message and not _raw_controls(message)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reasons_escape_quoted_values(tmp_path: Path, fmt: str) -> None:
    path = write_rows([event(0), event(1, ip=ESC, input_tokens=ESC)], tmp_path / f"events.{fmt}")
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        _, counts = read_valid_table(path, EVENTS_SPEC, IOConfig(), q)
    assert counts.quarantined == 1
    reason = json.loads((tmp_path / "q.jsonl").read_text())["reason"]
    assert reason.startswith("invalid_ip: ip '\\x1b[2J") and not _raw_controls(reason)
    assert f"not_integer: input_tokens '{ESCAPED}'" in reason


def test_validate_command_output_is_printable(tmp_path: Path) -> None:
    rows = [event(0, **{f"note{ESC}": "x"}), event(0, request_id=f"dup{ESC}"),
            event(1, request_id=f"dup{ESC}")]
    path = write_rows(rows, tmp_path / "events.csv")
    result = CliRunner().invoke(app, ["validate", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert f"ignored columns: note{ESCAPED}" in result.stdout
    assert f"repeated keys (first kept), e.g. dup{ESCAPED}" in result.stdout
    assert not _raw_controls(result.stdout + result.stderr)
    missing = write_rows([{ESC if k == "ip" else k: v for k, v in event(0).items()}],
                         tmp_path / "bad.csv")
    failed = CliRunner().invoke(app, ["validate", str(missing), "--out", str(tmp_path / "o")])
    assert failed.exit_code == 2 and ESCAPED in failed.stderr
    assert not _raw_controls(failed.stderr) and len(failed.stderr.strip().split("\n")) == 1


def test_future_timestamps_are_quarantined_and_do_not_stretch_the_range(tmp_path: Path) -> None:
    rows = [event(i) for i in range(4)]
    rows[1]["ts"] = "2099-06-01T00:00:00Z"
    rows[2]["ts"] = "2099-06-01"
    path = write_rows(rows, tmp_path / "events.csv")
    report = validate_inputs(path, out_dir=tmp_path / "o", cfg=IOConfig())
    info = report.summary["tables"]["events"]
    assert info["counts"]["quarantined"] == 2 and info["reasons"] == {"timestamp_in_future": 2}
    assert info["time_range"]["max"].startswith("2024-05-01")
    reasons = [json.loads(x)["reason"] for x in (tmp_path / "o" / "quarantine.jsonl").open()]
    assert all(r.startswith("timestamp_in_future: ts '2099-06-01") for r in reasons)


def test_future_limit_follows_the_skew_and_the_file_time(tmp_path: Path) -> None:
    soon = time.gmtime(time.time() + 5 * 3600)
    rows = [event(0, ts=time.strftime("%Y-%m-%dT%H:%M:%SZ", soon))]
    path = write_rows(rows, tmp_path / "events.csv")
    strict = IOConfig(future_skew_hours=1)
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        assert read_valid_table(path, EVENTS_SPEC, strict, q)[1].quarantined == 1
        assert read_valid_table(path, EVENTS_SPEC, IOConfig(), q)[1].used == 1  # 24 h default
        later = time.time() + 6 * 3600  # a file written later than now (another clock)
        os.utime(path, (later, later))
        assert read_valid_table(path, EVENTS_SPEC, strict, q)[1].used == 1


def test_reasons_line_lists_every_rule(tmp_path: Path) -> None:
    breaks = [{"ip": "999.1.1.1"}, {"ts": "yesterday"}, {"ts": "2099-01-01"}, {"ts": "1990-01-01"},
              {"input_tokens": "-4"}, {"input_tokens": "x"}, {"prompt": "p" * 50},
              {"model": ""}, {"n_turns": "0"}]
    rows = [event(i, **b) for i, b in enumerate(breaks)] + [event(99)]
    path = write_rows(rows, tmp_path / "events.csv")
    cfg = IOConfig(max_prompt_chars=40)
    report = validate_inputs(path, out_dir=tmp_path / "o", cfg=cfg)
    line = next(x for x in report.lines() if "quarantine reasons" in x)
    reasons = report.summary["tables"]["events"]["reasons"]
    assert len(reasons) == 9 and sum(reasons.values()) == 9
    assert line.startswith("events quarantine reasons (9 rows")
    assert all(f"{rule} {n}" in line for rule, n in reasons.items())


def test_quarantine_is_pointed_at_only_when_it_holds_rows(tmp_path: Path) -> None:
    quarantine = tmp_path / "quarantine.jsonl"
    assert "quarantine" not in no_event_message("e.jsonl", Counts(), quarantine)
    assert "no rows" in no_event_message("e.jsonl", Counts(), quarantine)
    bad = Counts(read=3, quarantined=2, deduplicated=1)
    message = no_event_message("e.jsonl", bad, quarantine)
    assert "2 quarantined" in message and "1 repeated" in message and str(quarantine) in message
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(InputError) as info:
        run_scan(tmp_path / "empty.jsonl", out_dir=tmp_path / "scan", cfg=load_config())
    assert "see" not in str(info.value) and "no rows" in str(info.value)
    clean = validate_inputs(write_rows([event(0)], tmp_path / "ok.csv"), out_dir=tmp_path / "v",
                            cfg=IOConfig())
    assert clean.lines()[-1].endswith("(empty: every row was used)")


def test_future_rule_applies_to_created_at_but_not_to_release_dates(tmp_path: Path) -> None:
    from distillguard.io.schema import ACCOUNTS_SPEC, RELEASES_SPEC

    accounts = write_rows([{"account_id": "a", "created_at": "2099-01-01"}], tmp_path / "a.csv")
    releases = write_rows([{"model": "m", "released_at": "2099-01-01"}], tmp_path / "r.csv")
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        assert read_valid_table(accounts, ACCOUNTS_SPEC, IOConfig(), q)[1].quarantined == 1
        table, counts = read_valid_table(releases, RELEASES_SPEC, IOConfig(), q)
    assert counts.used == 1 and table["released_at"].dt.year().to_list() == [2099]
    assert isinstance(table, pl.DataFrame)
