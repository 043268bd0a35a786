"""Deduplication on the table key: first valid row wins across batches and files, bounded memory.

Consumes events with repeated request_ids; checks KeySet, counts and the summary's examples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from distillguard.io.dedup import KeySet
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.summary import Counts
from distillguard.io.validate import read_valid_table, validate_inputs
from tests.unit.io.io_helpers import event, small_batches, write_rows


def test_keyset_marks_first_occurrences_within_and_across_batches() -> None:
    keys = KeySet()
    assert keys.add(pl.Series(["a", "b", "a", "c"])).tolist() == [True, True, False, True]
    assert keys.add(pl.Series(["c", "d", "d", "a", "e"])).tolist() == [
        False, True, False, False, True]
    assert len(keys) == 5


def test_keyset_stays_sorted_and_compact() -> None:
    keys = KeySet()
    rng = np.random.default_rng(0)
    for _ in range(5):
        keys.add(pl.Series(rng.integers(0, 3_000, 1_000)).cast(pl.String))
    assert len(keys) == len(np.unique(keys._hashes))
    assert np.all(np.diff(keys._hashes.astype(np.float64)) >= 0)
    assert keys._hashes.dtype == np.uint64


def test_first_valid_row_wins_across_batches_and_files(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    write_rows([event(1, prompt="first"), event(2, ip="bad"), event(3)],
               folder / "a.csv")
    write_rows([event(2, prompt="second, valid"), event(1, prompt="repeat"), event(3),
                event(4)], folder / "b.jsonl")
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        clean, counts = read_valid_table(folder, EVENTS_SPEC, small_batches(), q)
    assert counts == Counts(read=7, used=4, quarantined=1, deduplicated=2)
    prompts = dict(zip(clean["request_id"], clean["prompt"], strict=True))
    assert prompts == {"r1": "first", "r2": "second, valid", "r3": "prompt number 3",
                       "r4": "prompt number 4"}


def test_duplicates_are_reported_in_summary(tmp_path: Path) -> None:
    rows = [event(i % 4) for i in range(20)]
    path = write_rows(rows, tmp_path / "events.parquet")
    report = validate_inputs(path, out_dir=tmp_path / "out", cfg=small_batches())
    info = report.summary["tables"]["events"]
    assert info["counts"] == {"read": 20, "used": 4, "quarantined": 0, "deduplicated": 16}
    assert info["duplicate_examples"] == ["r0", "r1", "r2", "r3"]
    assert report.lines()[0] == "events: read 20, used 4, quarantined 0, deduplicated 16"
