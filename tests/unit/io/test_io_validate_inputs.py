"""validate_inputs and iter_valid_batches: summary.json layout, human lines, clean batches, progress.

Consumes small event/account/release files; checks the files written to the output folder."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io import validate as validate_module
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import EVENTS, EVENTS_SPEC
from distillguard.io.validate import Counts, iter_valid_batches, validate_inputs
from tests.unit.io.io_helpers import event, small_batches, write_rows


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    events = [event(i, extra="x") for i in range(10)]
    events[3]["ip"] = "999.1.1.1"
    events[5]["ts"] = "2024-13-01"
    events[7] = dict(events[2])  # duplicate request_id r2
    accounts = [{"account_id": "a0", "tier": "pro", "verified": "yes"},
                {"account_id": "a1", "tier": "free", "verified": "nope"}]
    releases = [{"model": "m-large", "released_at": "2024-04-01"}]
    return {
        "events": write_rows(events, tmp_path / "events.csv"),
        "accounts": write_rows(accounts, tmp_path / "accounts.jsonl"),
        "releases": write_rows(releases, tmp_path / "releases.parquet"),
    }


def test_summary_layout_and_lines(tmp_path: Path, inputs: dict[str, Path]) -> None:
    out = tmp_path / "new" / "out"
    report = validate_inputs(inputs["events"], accounts=inputs["accounts"],
                             releases=inputs["releases"], out_dir=out, cfg=IOConfig())
    summary = json.loads((out / "summary.json").read_text())
    assert summary == report.summary
    assert summary["contract_version"] == 1
    assert summary["quarantine"] == {"file": "quarantine.jsonl", "rows": 3}
    assert list(summary["tables"]) == ["events", "accounts", "releases"]
    ev = summary["tables"]["events"]
    assert ev["counts"] == {"read": 10, "used": 7, "quarantined": 2, "deduplicated": 1}
    assert ev["format"] == "csv" and ev["files"] == ["events.csv"]
    assert ev["bytes"] == inputs["events"].stat().st_size
    assert ev["ignored_columns"] == ["extra"]
    assert ev["optional_columns"]["present"] == []
    assert "status" in ev["optional_columns"]["absent"]
    assert ev["reasons"] == {"invalid_ip": 1, "bad_timestamp": 1}
    assert ev["duplicate_examples"] == ["r2"]
    assert ev["time_range"] == {"min": "2024-05-01T12:00:00.000000Z",
                                "max": "2024-05-01T12:09:00.000000Z"}
    assert ev["distinct_accounts"] == 3 and ev["distinct_models"] == 1
    acc = summary["tables"]["accounts"]
    assert acc["counts"] == {"read": 2, "used": 1, "quarantined": 1, "deduplicated": 0}
    assert acc["optional_columns"]["present"] == ["tier", "verified"]
    assert "time_range" not in acc
    assert summary["tables"]["releases"]["counts"]["used"] == 1
    lines = report.lines()
    assert lines[:3] == [
        "events: read 10, used 7, quarantined 2, deduplicated 1",
        "accounts: read 2, used 1, quarantined 1, deduplicated 0",
        "releases: read 1, used 1, quarantined 0, deduplicated 0",
    ]
    quarantined = (out / "quarantine.jsonl").read_text().splitlines()
    assert [json.loads(x)["table"] for x in quarantined] == ["events", "events", "accounts"]


def test_counts_add_up_for_every_table(tmp_path: Path, inputs: dict[str, Path]) -> None:
    report = validate_inputs(inputs["events"], accounts=inputs["accounts"],
                             out_dir=tmp_path / "o", cfg=small_batches())
    for counts in report.counts.values():
        assert counts.read == counts.used + counts.quarantined + counts.deduplicated


def test_bad_accounts_path_fails_before_reading_events(tmp_path: Path,
                                                       inputs: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="accounts table"):
        validate_inputs(inputs["events"], accounts=tmp_path / "missing.csv",
                        out_dir=tmp_path / "o", cfg=IOConfig())
    assert not (tmp_path / "o").exists()


def test_progress_bar_runs(tmp_path: Path, inputs: dict[str, Path], monkeypatch) -> None:
    """One task per table, sized in bytes, advanced to exactly the size of each file."""
    tasks: list[tuple[str, int | None]] = []
    advanced: dict[str, int] = {}

    @contextmanager
    def recording(enabled: bool, **_kw):
        assert enabled

        def add_task(name: str, total: int | None):
            tasks.append((name, total))
            advanced[name] = 0
            return lambda n: advanced.__setitem__(name, advanced[name] + n)

        yield add_task

    monkeypatch.setattr(validate_module, "progress_bar", recording)
    report = validate_inputs(inputs["events"], accounts=inputs["accounts"],
                             releases=inputs["releases"], out_dir=tmp_path / "o", cfg=IOConfig(),
                             show_progress=True)
    assert report.counts["events"].read == 10
    sizes = {f"validating {t}": inputs[t].stat().st_size for t in ("events", "accounts", "releases")}
    assert tasks == list(sizes.items())
    assert advanced == sizes


def test_iter_valid_batches_streams_clean_typed_rows(tmp_path: Path,
                                                     inputs: dict[str, Path]) -> None:
    seen: list[int] = []
    counts = Counts()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(iter_valid_batches(inputs["events"], EVENTS_SPEC, small_batches(), q, counts,
                                          progress=seen.append))
    assert counts == Counts(read=10, used=7, quarantined=2, deduplicated=1)
    staged = pl.concat(batches)
    assert staged.schema == EVENTS
    assert staged.height == 7
    assert sum(seen) > 0


def test_counts_check_catches_lost_rows() -> None:
    with pytest.raises(AssertionError, match="do not add up"):
        Counts(read=3, used=1, quarantined=1).check()
