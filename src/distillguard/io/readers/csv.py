"""CSV reader: pyarrow's streaming parser with every contract column as bytes, ragged rows rejected
with their record number, and Python's csv module where pyarrow gives up.

Consumes a CSV file with a header row; produces RawBatch frames of byte columns (io.readers.base)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.readers.base import (
    MIB,
    ROW_COL,
    RawBatch,
    check_required,
    check_unique,
    empty_rejected,
    error_text,
    rejected_frame,
    split_columns,
)
from distillguard.io.schema import TableSpec


def csv_header(file: Path) -> list[str]:
    """Column names of a CSV file (first record; a UTF-8 byte-order mark is dropped)."""
    try:
        with file.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, csv.Error) as exc:
        raise InputError(f"{file}: cannot read CSV header ({error_text(exc)})") from None
    if not header:
        raise InputError(f"{file}: empty CSV file; expected a header row with column names")
    return header


def _estimate_row_bytes(file: Path) -> int:
    """Average bytes per line in the first MiB: sizes CSV blocks to about ``batch_rows`` rows."""
    with file.open("rb") as fh:
        head = fh.read(MIB)
    return max(1, len(head) // max(1, head.count(b"\n")))


class _RaggedRows:
    """invalid_row_handler for pyarrow: keeps rows with the wrong number of fields."""

    def __init__(self) -> None:
        self.pending: list[tuple[int, str, str]] = []  # (record number, reason, text)

    def __call__(self, row: Any) -> str:
        reason = f"ragged_row: expected {row.expected_columns} fields, got {row.actual_columns}"
        # pyarrow numbers records from 1 with the header as record 1; we number data records.
        self.pending.append((row.number - 1, reason, row.text))
        return "skip"

    def take(self, start: int, n_valid: int) -> tuple[list[tuple[int, str, str]], int]:
        """Rejected records that fall among the next ``n_valid`` parsed ones, and the span end.

        Blocks are parsed ahead of the batches we receive, so only records numbered before the
        end of this batch's span belong to it; the span grows by one per rejected record in it.
        """
        self.pending.sort()
        end = start + n_valid
        taken = 0
        while taken < len(self.pending) and self.pending[taken][0] < end:
            end += 1
            taken += 1
        mine, self.pending = self.pending[:taken], self.pending[taken:]
        return mine, end


def _rejected_of(records: list[tuple[int, str, str]]) -> pl.DataFrame:
    if not records:
        return empty_rejected()
    rows, reasons, lines = zip(*records, strict=True)
    return rejected_frame(list(rows), list(reasons), list(lines))


def _valid_row_numbers(start: int, end: int, rejected: list[int]) -> np.ndarray:
    numbers = np.arange(start, end, dtype=np.int64)
    if rejected:
        numbers = np.setdiff1d(numbers, np.asarray(rejected, dtype=np.int64), assume_unique=True)
    return numbers


_CSV_MIN_BLOCK = 16 * MIB  # a block must hold the longest record; prompts can be large


def iter_csv(file: Path, spec: TableSpec, cfg: IOConfig) -> Iterator[RawBatch]:
    """Read a CSV file with ``pyarrow.csv.open_csv``; every contract column is read as bytes.

    Bytes, not strings, so that one invalid UTF-8 value is quarantined instead of failing the
    file. Rows with the wrong number of fields are rejected through ``invalid_row_handler``.
    Where pyarrow gives up (a ragged row that is not UTF-8 cannot reach the handler, a record
    longer than a block), the rest of the file is read with Python's csv module.
    """
    header = csv_header(file)
    check_required(file, header, spec)
    present, ignored = split_columns(header, spec)
    check_unique(file, present)
    layout = _CsvLayout(file, header, present, ignored)
    progress = [1]  # next record number to deliver, shared with the arrow reader
    try:
        yield from _iter_csv_arrow(layout, cfg, progress)
    except pa.ArrowInvalid:
        yield from _iter_csv_python(layout, cfg, skip=progress[0] - 1)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{file}: cannot read CSV ({error_text(exc)})") from None


@dataclass(frozen=True)
class _CsvLayout:
    file: Path
    header: list[str]
    present: tuple[str, ...]
    ignored: tuple[str, ...]

    def batch(self, frame: pl.DataFrame, rejected: pl.DataFrame, nbytes: int) -> RawBatch:
        return RawBatch(source=self.file.name, fmt="csv", frame=frame, rejected=rejected,
                        present=self.present, ignored=self.ignored, nbytes=nbytes)

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema={**{c: pl.Binary for c in self.present}, ROW_COL: pl.Int64})


def _iter_csv_arrow(layout: _CsvLayout, cfg: IOConfig, progress: list[int]) -> Iterator[RawBatch]:
    """The fast path; ``progress[0]`` is the next record number once a batch is delivered."""
    file, present = layout.file, layout.present
    row_bytes = _estimate_row_bytes(file)
    block = int(min(256 * MIB, max(_CSV_MIN_BLOCK, row_bytes * cfg.batch_rows)))
    handler = _RaggedRows()
    with _quiet_unraisable(handler):  # open_csv already parses the first block
        reader = pa_csv.open_csv(
            file,
            # One thread: pyarrow numbers rejected rows only when it parses blocks in order.
            read_options=pa_csv.ReadOptions(block_size=block, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True,
                                              invalid_row_handler=handler),
            convert_options=pa_csv.ConvertOptions(
                column_types={c: pa.binary() for c in present},
                include_columns=list(present),
                strings_can_be_null=False,
            ),
        )
        yield from _arrow_batches(layout, cfg, reader, handler, progress, row_bytes)


@contextmanager
def _quiet_unraisable(handler: _RaggedRows) -> Iterator[None]:
    """Silence pyarrow's "Exception ignored" report when it cannot decode a ragged row for our
    handler: the read then fails with ArrowInvalid and the Python path takes over."""
    previous = sys.unraisablehook

    def hook(info: Any) -> None:
        if info.object is not handler:
            previous(info)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _arrow_batches(layout: _CsvLayout, cfg: IOConfig, reader: Any, handler: _RaggedRows,
                   progress: list[int], row_bytes: int) -> Iterator[RawBatch]:
    size = layout.file.stat().st_size
    consumed = 0
    for batch in reader:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        start = progress[0]
        mine, end = handler.take(start, frame.height)
        numbers = _valid_row_numbers(start, end, [r for r, _, _ in mine])
        if len(numbers) != frame.height:  # pragma: no cover - pyarrow gave no record number
            numbers = np.arange(start, start + frame.height, dtype=np.int64)
        for offset in range(0, max(frame.height, 1), cfg.batch_rows):
            part = frame.slice(offset, cfg.batch_rows)
            step = min(size - consumed, row_bytes * (part.height + len(mine)))
            consumed += step
            yield layout.batch(
                part.with_columns(pl.Series(ROW_COL, numbers[offset:offset + part.height])),
                _rejected_of(mine), step)
            mine = []  # a block's rejected rows go out once, with its first slice
        progress[0] = end
    if handler.pending:  # rejected records after the last parsed one
        rest, handler.pending = handler.pending, []
        yield layout.batch(layout.empty_frame(), _rejected_of(rest), 0)


def _iter_csv_python(layout: _CsvLayout, cfg: IOConfig, *, skip: int) -> Iterator[RawBatch]:
    """The slow path: Python's csv module from record ``skip + 1`` on, same numbering.

    Text is decoded with surrogateescape so undecodable bytes survive as they were and are
    quarantined by validation (invalid_utf8) like on the fast path.
    """
    index = {name: layout.header.index(name) for name in layout.present}
    n_fields = len(layout.header)
    columns: dict[str, list[bytes]] = {n: [] for n in layout.present}
    rows: list[int] = []
    bad: tuple[list[int], list[str], list[str]] = ([], [], [])

    def flush() -> RawBatch:
        frame = pl.DataFrame({**columns, ROW_COL: rows},
                             schema={**{c: pl.Binary for c in layout.present}, ROW_COL: pl.Int64})
        batch = layout.batch(frame, rejected_frame(*bad), 0)
        for values in (*columns.values(), rows, *bad):
            values.clear()
        return batch

    old_limit = csv.field_size_limit()
    csv.field_size_limit(1 << 30)  # the default (128 KiB) is shorter than a long prompt
    try:
        with layout.file.open("r", encoding="utf-8-sig", errors="surrogateescape",
                              newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)  # the header
            record = 0
            for fields in reader:
                if not fields:
                    continue  # a blank line: pyarrow does not number those either
                record += 1
                if record <= skip:
                    continue
                if len(fields) != n_fields:
                    text = ",".join(fields).encode("utf-8", "surrogateescape")
                    bad[0].append(record)
                    bad[1].append(f"ragged_row: expected {n_fields} fields, got {len(fields)}")
                    bad[2].append(text.decode("utf-8", "backslashreplace"))
                else:
                    rows.append(record)
                    for name, i in index.items():
                        columns[name].append(fields[i].encode("utf-8", "surrogateescape"))
                if len(rows) + len(bad[0]) >= cfg.batch_rows:
                    yield flush()
            if rows or bad[0]:
                yield flush()
    except (csv.Error, OSError) as exc:
        raise InputError(f"{layout.file}: cannot parse CSV ({error_text(exc)})") from None
    finally:
        csv.field_size_limit(old_limit)
