"""QuarantineWriter: file always created, one JSON object per line, values cut and made printable.

Consumes small frames of rejected rows; checks quarantine.jsonl as a user would read it."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from distillguard.io.quarantine import QuarantineWriter


def test_file_exists_even_when_nothing_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "quarantine.jsonl"
    with QuarantineWriter(path):
        pass
    assert path.exists() and path.read_text() == ""


def test_lines_have_the_documented_keys_in_order(tmp_path: Path) -> None:
    rows = pl.DataFrame({
        "row": [3, 9],
        "reason": ["invalid_ip: ip 'x' is not an IPv4/IPv6 address", "too_long: prompt …"],
        "ip": ["x", "1.1.1.1"],
        "prompt": ["short", "é" * 500],
        "input_tokens": [None, 5],
        "raw": [b"ok", b"\xff\x00"],
    })
    path = tmp_path / "quarantine.jsonl"
    with QuarantineWriter(path, value_chars=10) as q:
        assert q.write("events", "part-0.csv", rows) == 2
        assert q.rows_written == 2
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert list(lines[0]) == ["table", "source", "row", "reason", "record"]
    assert lines[0]["table"] == "events" and lines[0]["source"] == "part-0.csv"
    assert lines[0]["row"] == 3
    assert lines[0]["record"] == {"ip": "x", "prompt": "short", "input_tokens": None,
                                  "raw": "ok"}
    assert lines[1]["record"]["prompt"] == "é" * 10
    assert lines[1]["record"]["input_tokens"] == "5"
    assert lines[1]["record"]["raw"] == "\\xff\x00"


def test_reentering_truncates_the_previous_run(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    rows = pl.DataFrame({"row": [1], "reason": ["x: y"], "line": ["z"]})
    for _ in range(2):
        with QuarantineWriter(path) as q:
            q.write("events", "f.jsonl", rows)
    assert len(path.read_text().splitlines()) == 1


def test_write_outside_with_block_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        QuarantineWriter(tmp_path / "q.jsonl").write(
            "events", "f", pl.DataFrame({"row": [1], "reason": ["x"]}))
