"""Contract readers: Parquet, JSON Lines and CSV tables from a file or a directory, in batches.

Consumes a path named by the user; produces RawBatch frames (the contract columns found, in their
original dtypes, with 1-based row numbers) and the rows the parser itself could not read. One module
per format (parquet, csv, jsonl); what they share is in base."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from distillguard.config import IOConfig
from distillguard.io.readers.base import (
    FORMATS,
    LINE,
    PRE_REASON_COL,
    ROW_COL,
    RawBatch,
    TableSource,
    empty_rejected,
    file_format,
    resolve_table,
)
from distillguard.io.readers.csv import iter_csv
from distillguard.io.readers.jsonl import iter_jsonl
from distillguard.io.readers.parquet import iter_parquet
from distillguard.io.schema import TableSpec

__all__ = ["FORMATS", "LINE", "PRE_REASON_COL", "ROW_COL", "RawBatch", "TableSource", "empty_rejected",
           "file_format", "iter_csv", "iter_jsonl", "iter_parquet", "iter_raw_batches",
           "resolve_table"]

READERS: dict[str, Callable[[Path, TableSpec, IOConfig], Iterator[RawBatch]]] = {
    "parquet": iter_parquet,
    "jsonl": iter_jsonl,
    "csv": iter_csv,
}


def iter_raw_batches(
    source: TableSource, spec: TableSpec, cfg: IOConfig
) -> Iterator[RawBatch]:
    """Stream every file of ``source`` as RawBatch frames of at most ``cfg.batch_rows`` rows.

    The readers' ``nbytes`` are estimates (CSV and Parquet count rows, not bytes); the last batch
    of each file carries what they left over, so progress reaches exactly the file's size."""
    for file in source.files:
        size = file.stat().st_size
        last: RawBatch | None = None
        for batch in READERS[file_format(file)](file, spec, cfg):
            if last is not None:
                size -= last.nbytes
                yield last
            last = batch
        if last is not None:
            last.nbytes = max(last.nbytes, size)
            yield last
