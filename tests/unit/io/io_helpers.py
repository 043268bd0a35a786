"""Helpers for the contract I/O tests: valid rows, tiny batch configs, writers for each format.

Imported by the tests in tests/unit/io; produces small files under their tmp_path."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from distillguard.config import IOConfig

Row = dict[str, Any]
Writer = Callable[[list[Row], str], Path]


def event(i: int = 0, **overrides: Any) -> Row:
    """One valid events row as text (what a CSV export holds); override any column."""
    row: Row = {
        "request_id": f"r{i}",
        "ts": f"2024-05-01T12:{i % 60:02d}:00Z",
        "account_id": f"a{i % 3}",
        "ip": f"10.0.0.{i % 250}",
        "model": "m-large",
        "prompt": f"prompt number {i}",
        "input_tokens": str(10 + i),
        "output_tokens": str(20 + i),
    }
    row.update(overrides)
    return row


def small_batches(**kw: Any) -> IOConfig:
    """An IOConfig with tiny batches (below the validated minimum) to exercise batch edges."""
    return IOConfig().model_copy(update={"batch_rows": 2, **kw})


def write_rows(rows: list[Row], path: Path) -> Path:
    """Write rows as CSV, JSON Lines or Parquet (all columns text), by ``path``'s extension."""
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        pl.DataFrame(rows, schema={c: pl.String for c in columns}).write_parquet(path)
    return path
