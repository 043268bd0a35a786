"""Contract readers: Parquet, JSON Lines and CSV tables from a file or a directory, in batches.

Consumes a path named by the user; produces RawBatch frames (the contract columns found, in their
original dtypes, with 1-based row numbers) and the rows the parser itself could not read."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from distillguard import CONTRACT_VERSION
from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.quarantine import REASON, ROW
from distillguard.io.schema import TableSpec

FORMATS: dict[str, str] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
}
ROW_COL = "__row__"  # 1-based row (Parquet), record (CSV) or line (JSON Lines) within its file
PRE_REASON_COL = "__reason__"  # problem found while parsing (e.g. a nested JSON value); else null
LINE = "line"  # the raw text of a row the parser rejected

_MiB = 1 << 20
_SAMPLE_LINES = 1_000  # JSON Lines: objects sampled for the column set
_SHOWN_COLUMNS = 12  # column names listed in a missing-column error


@dataclass(frozen=True)
class TableSource:
    """A resolved input table: the path as given and the files that make it up, in order."""

    table: str
    path: Path
    files: tuple[Path, ...]
    skipped: tuple[str, ...] = ()  # directory entries that are not a supported format

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(sorted({file_format(f) for f in self.files}))

    @property
    def nbytes(self) -> int:
        return sum(f.stat().st_size for f in self.files)


@dataclass
class RawBatch:
    """Rows as read from one file, before validation.

    ``frame`` holds the contract columns present in the file (original dtypes), ``ROW_COL``
    and, for JSON Lines, ``PRE_REASON_COL``. ``rejected`` holds rows the parser could not read,
    with columns ``row``, ``reason`` and ``line``.
    """

    source: str
    fmt: str
    frame: pl.DataFrame
    rejected: pl.DataFrame
    present: tuple[str, ...]  # contract columns found in the file
    ignored: tuple[str, ...]  # columns of the file that the contract does not know
    nbytes: int = 0  # input bytes consumed since the previous batch (for progress bars)

    @property
    def rows_read(self) -> int:
        return self.frame.height + self.rejected.height


def empty_rejected() -> pl.DataFrame:
    return pl.DataFrame(schema={ROW: pl.Int64, REASON: pl.String, LINE: pl.String})


def _rejected(rows: list[int], reasons: list[str], lines: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {ROW: rows, REASON: reasons, LINE: lines},
        schema={ROW: pl.Int64, REASON: pl.String, LINE: pl.String},
    )


# --------------------------------------------------------------------------- resolving paths


def file_format(path: Path) -> str:
    """The format of ``path`` from its extension; an unknown one is an InputError."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        expected = ", ".join(FORMATS)
        got = f"'{path.suffix}'" if path.suffix else "no extension"
        raise InputError(f"{path}: unknown format; expected one of {expected}, got {got}")
    return fmt


def resolve_table(path: str | Path, table: str) -> TableSource:
    """Check that ``path`` is a readable table: a supported file, or a directory holding some.

    A directory is one table: its supported files in name order. Hidden entries (``.x``) and
    markers such as Spark's ``_SUCCESS`` are skipped; files of other extensions are skipped and
    listed in ``skipped`` (the summary shows them).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory ({table} table)")
    if path.is_dir():
        files, skipped = [], []
        for entry in sorted(path.iterdir(), key=lambda p: p.name):
            if entry.name.startswith((".", "_")) or not entry.is_file():
                continue
            (files if entry.suffix.lower() in FORMATS else skipped).append(entry)
        if not files:
            raise InputError(
                f"{path}: no Parquet, JSON Lines or CSV file in this directory ({table} table); "
                f"expected files ending in {', '.join(FORMATS)}"
            )
        return TableSource(table, path, tuple(files), tuple(p.name for p in skipped))
    file_format(path)
    return TableSource(table, path, (path,))


def _missing_column(file: Path, column: str, spec: TableSpec, found: list[str]) -> InputError:
    shown = ", ".join(found[:_SHOWN_COLUMNS]) + (", …" if len(found) > _SHOWN_COLUMNS else "")
    return InputError(
        f"{file}: required column '{column}' is missing (contract v{CONTRACT_VERSION} "
        f"{spec.name} table); got columns: {shown or 'none'}"
    )


def _check_required(file: Path, columns: list[str], spec: TableSpec) -> None:
    for column in spec.required:
        if column not in columns:
            raise _missing_column(file, column, spec, columns)


def _split_columns(columns: list[str], spec: TableSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    known = spec.schema
    present = tuple(c for c in columns if c in known)
    ignored = tuple(dict.fromkeys(c for c in columns if c not in known))
    return present, ignored


def _check_unique(file: Path, present: tuple[str, ...]) -> None:
    """A contract column given twice is ambiguous: which one holds the value?"""
    seen: set[str] = set()
    for name in present:
        if name in seen:
            raise InputError(f"{file}: column '{name}' appears more than once; expected it once")
        seen.add(name)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__


def iter_raw_batches(
    source: TableSource, spec: TableSpec, cfg: IOConfig
) -> Iterator[RawBatch]:
    """Stream every file of ``source`` as RawBatch frames of at most ``cfg.batch_rows`` rows."""
    readers: dict[str, Callable[[Path, TableSpec, IOConfig], Iterator[RawBatch]]] = {
        "parquet": iter_parquet,
        "jsonl": iter_jsonl,
        "csv": iter_csv,
    }
    for file in source.files:
        yield from readers[file_format(file)](file, spec, cfg)


# --------------------------------------------------------------------------- Parquet


def _arrow_kind(dtype: pa.DataType) -> str:
    """Coarse kind of an Arrow type, to decide whether a column can hold a contract type."""
    if pa.types.is_dictionary(dtype):
        return _arrow_kind(dtype.value_type)
    checks = [
        ("null", pa.types.is_null),
        ("text", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)
         or pa.types.is_string_view(t)),
        ("bytes", lambda t: pa.types.is_binary(t) or pa.types.is_large_binary(t)
         or pa.types.is_binary_view(t) or pa.types.is_fixed_size_binary(t)),
        ("int", pa.types.is_integer),
        ("float", lambda t: pa.types.is_floating(t) or pa.types.is_decimal(t)),
        ("bool", pa.types.is_boolean),
        ("timestamp", lambda t: pa.types.is_timestamp(t) or pa.types.is_date(t)),
    ]
    for kind, check in checks:
        if check(dtype):
            return kind
    return "other"


_TEXTUAL = {"null", "text", "bytes"}
# Which Arrow kinds each contract dtype accepts; text is parsed like CSV.
_ACCEPTS: dict[type[pl.DataType], tuple[set[str], str]] = {
    pl.String: (_TEXTUAL | {"int", "float", "bool", "timestamp"}, "string"),
    pl.Datetime: (_TEXTUAL | {"timestamp"}, "timestamp or ISO-8601 string"),
    pl.Int64: (_TEXTUAL | {"int", "float"}, "integer"),
    pl.Float64: (_TEXTUAL | {"int", "float"}, "number"),
    pl.Boolean: (_TEXTUAL | {"bool", "int"}, "boolean"),
}


def _check_parquet_types(file: Path, schema: pa.Schema, spec: TableSpec,
                         present: tuple[str, ...]) -> None:
    for name in present:
        target = spec.schema[name]
        accepted, expected = _ACCEPTS[type(target)]
        dtype = schema.field(name).type
        if _arrow_kind(dtype) not in accepted:
            raise InputError(
                f"{file}: column '{name}' has Parquet type {dtype}, expected {expected} "
                f"(contract v{CONTRACT_VERSION} {spec.name} table)"
            )


def _zones_to_utc(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Aware timestamps relabelled UTC (Arrow stores UTC instants; only the label changes).

    Polars knows IANA zone names only, so a fixed offset such as '+05:30' would fail."""
    arrays, changed = [], False
    for column in batch.columns:
        dtype = column.type
        if pa.types.is_timestamp(dtype) and dtype.tz not in (None, "UTC"):
            column, changed = column.cast(pa.timestamp(dtype.unit, tz="UTC")), True
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names) if changed else batch


def iter_parquet(file: Path, spec: TableSpec, cfg: IOConfig) -> Iterator[RawBatch]:
    """Read a Parquet file batch by batch, one row group at a time; only contract columns are loaded.

    One ``iter_batches`` call per row group: a single call over the whole file keeps buffers alive
    and its memory grows with the file (1.8 GB on an 11M-row file here, 0.46 GB this way)."""
    try:
        pf = pq.ParquetFile(file)
        schema = pf.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"{file}: not a readable Parquet file ({_first_line(exc)})") from None
    columns = list(schema.names)
    _check_required(file, columns, spec)
    present, ignored = _split_columns(columns, spec)
    _check_unique(file, present)
    _check_parquet_types(file, schema, spec, present)
    total_rows = max(pf.metadata.num_rows, 1)
    size = file.stat().st_size
    done = 0
    try:
        batches = (batch for group in range(pf.num_row_groups)
                   for batch in pf.iter_batches(batch_size=cfg.batch_rows, row_groups=[group],
                                                columns=list(present)))
        for batch in batches:
            frame = pl.from_arrow(_zones_to_utc(batch))
            assert isinstance(frame, pl.DataFrame)
            rows = pl.int_range(done + 1, done + frame.height + 1, dtype=pl.Int64, eager=True)
            done += frame.height
            yield RawBatch(
                source=file.name, fmt="parquet",
                frame=frame.with_columns(rows.alias(ROW_COL)),
                rejected=empty_rejected(), present=present, ignored=ignored,
                nbytes=size * frame.height // total_rows,
            )
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{file}: cannot read Parquet data ({_first_line(exc)})") from None


# --------------------------------------------------------------------------- CSV


def _csv_header(file: Path) -> list[str]:
    """Column names of a CSV file (first record; a UTF-8 byte-order mark is dropped)."""
    try:
        with file.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, csv.Error) as exc:
        raise InputError(f"{file}: cannot read CSV header ({_first_line(exc)})") from None
    if not header:
        raise InputError(f"{file}: empty CSV file; expected a header row with column names")
    return header


def _estimate_row_bytes(file: Path) -> int:
    """Average bytes per line in the first MiB: sizes CSV blocks to about ``batch_rows`` rows."""
    with file.open("rb") as fh:
        head = fh.read(_MiB)
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
    return _rejected(list(rows), list(reasons), list(lines))


def _valid_row_numbers(start: int, end: int, rejected: list[int]) -> np.ndarray:
    numbers = np.arange(start, end, dtype=np.int64)
    if rejected:
        numbers = np.setdiff1d(numbers, np.asarray(rejected, dtype=np.int64), assume_unique=True)
    return numbers


_CSV_MIN_BLOCK = 16 * _MiB  # a block must hold the longest record; prompts can be large


def iter_csv(file: Path, spec: TableSpec, cfg: IOConfig) -> Iterator[RawBatch]:
    """Read a CSV file with ``pyarrow.csv.open_csv``; every contract column is read as bytes.

    Bytes, not strings, so that one invalid UTF-8 value is quarantined instead of failing the
    file. Rows with the wrong number of fields are rejected through ``invalid_row_handler``.
    Where pyarrow gives up (a ragged row that is not UTF-8 cannot reach the handler, a record
    longer than a block), the rest of the file is read with Python's csv module.
    """
    header = _csv_header(file)
    _check_required(file, header, spec)
    present, ignored = _split_columns(header, spec)
    _check_unique(file, present)
    layout = _CsvLayout(file, header, present, ignored)
    progress = [1]  # next record number to deliver, shared with the arrow reader
    try:
        yield from _iter_csv_arrow(layout, cfg, progress)
    except pa.ArrowInvalid:
        yield from _iter_csv_python(layout, cfg, skip=progress[0] - 1)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{file}: cannot read CSV ({_first_line(exc)})") from None


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
    block = int(min(256 * _MiB, max(_CSV_MIN_BLOCK, row_bytes * cfg.batch_rows)))
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
        batch = layout.batch(frame, _rejected(*bad), 0)
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
        raise InputError(f"{layout.file}: cannot parse CSV ({_first_line(exc)})") from None
    finally:
        csv.field_size_limit(old_limit)


# --------------------------------------------------------------------------- JSON Lines


@dataclass
class _JsonlState:
    """Where we are in a JSON Lines file and which contract columns it has shown so far."""

    file: Path
    spec: TableSpec
    text_columns: tuple[str, ...]  # contract String columns: nested JSON there is 'wrong_type'
    present: set[str] = field(default_factory=set)
    ignored: tuple[str, ...] = ()
    lines_before: int = 0  # lines of the file before the current chunk


# Python's json raises RecursionError on very deep nesting: bad input like any other.
_JSON_ERRORS = (ValueError, RecursionError)


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, dict):
        return "a JSON object"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


def _json_text(value: Any) -> str | None:
    """A parsed JSON value as the text Polars would give it (strings stay as they are)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _object_problems(obj: dict[str, Any], text_columns: tuple[str, ...]) -> list[str]:
    """Row-level problems of one parsed object: nested values or lone surrogates in text columns."""
    problems = []
    for name in text_columns:
        value = obj.get(name)
        if isinstance(value, dict | list):
            problems.append(f"wrong_type: {name} is {_json_kind(value)}, expected a string")
        elif isinstance(value, str) and _has_surrogates(value):
            problems.append(f"invalid_utf8: {name} holds an unpaired UTF-16 surrogate escape")
    return problems


def _sample_columns(file: Path) -> tuple[list[str], bool]:
    """Keys of the first objects of the file, and whether any object was seen at all.

    A file that opens with a JSON array is a JSON document, not JSON Lines: that is a wrong
    format (InputError), not a file of bad rows.
    """
    keys: dict[str, None] = {}
    objects = 0
    first = True
    with file.open("rb") as fh:
        for _ in range(_SAMPLE_LINES * 4):  # bounded even when most lines are broken
            raw = fh.readline()
            if not raw or objects >= _SAMPLE_LINES:
                break
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except _JSON_ERRORS:
                value = None
            if first and raw.lstrip().startswith(b"[") and (
                value is None or all(isinstance(v, dict) for v in value)
            ):
                raise InputError(
                    f"{file}: expected JSON Lines (one object per line), got a JSON array"
                )
            first = False
            if isinstance(value, dict):
                objects += 1
                keys.update(dict.fromkeys(value))
    return list(keys), objects > 0


def _line_spans(chunk: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every line of ``chunk`` (end excludes the newline)."""
    arr = np.frombuffer(chunk, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    if len(chunk) and chunk[-1:] != b"\n":
        ends = np.append(ends, len(chunk))
    starts = np.concatenate(([0], ends[:-1] + 1)) if len(ends) else np.zeros(0, np.int64)
    return starts.astype(np.int64), ends.astype(np.int64)


def _nonblank(chunk: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mask of lines that are not blank (Polars skips blank lines; we must number the rest)."""
    lengths = ends - starts
    keep = lengths > 0
    # Short lines may be whitespace only ("\r", " "): check those few in Python.
    for i in np.flatnonzero((lengths > 0) & (lengths <= 4)):
        keep[i] = bool(chunk[starts[i]:ends[i]].strip())
    return keep


def _parse_lines(chunk: bytes, first_line: int, state: _JsonlState) -> tuple[
        pl.DataFrame, pl.DataFrame]:
    """Slow path for one chunk: parse line by line, rejecting undecodable / non-object lines."""
    names = list(state.spec.schema)
    columns: dict[str, list[str | None]] = {n: [] for n in names}
    rows: list[int] = []
    pre: list[str | None] = []
    bad_rows: list[int] = []
    bad_reasons: list[str] = []
    bad_lines: list[str] = []

    def reject(number: int, reason: str, raw: bytes) -> None:
        bad_rows.append(number)
        bad_reasons.append(reason)
        bad_lines.append(raw.decode("utf-8", "backslashreplace"))

    for offset, raw in enumerate(chunk.split(b"\n")):
        number = first_line + offset
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reject(number, f"invalid_utf8: line is not valid UTF-8 (byte {exc.start})", raw)
            continue
        try:
            obj = json.loads(text)
        except _JSON_ERRORS as exc:
            reject(number, f"invalid_json: line is not valid JSON ({_first_line(exc)})", raw)
            continue
        if not isinstance(obj, dict):
            reject(number, f"not_object: line is {_json_kind(obj)}, expected a JSON object", raw)
            continue
        state.present.update(k for k in obj if k in state.spec.schema)
        problems = _object_problems(obj, state.text_columns)
        rows.append(number)
        pre.append("; ".join(problems) or None)
        for name in names:
            value = _json_text(obj.get(name))
            if value is not None and _has_surrogates(value):
                value = value.encode("utf-8", "backslashreplace").decode("utf-8")
            columns[name].append(value)
    frame = pl.DataFrame(
        {**columns, ROW_COL: rows, PRE_REASON_COL: pre},
        schema={**{n: pl.String for n in names}, ROW_COL: pl.Int64, PRE_REASON_COL: pl.String},
    )
    return frame, _rejected(bad_rows, bad_reasons, bad_lines)


def _fast_parse(chunk: bytes, first_line: int, n_newlines: int,
                state: _JsonlState) -> pl.DataFrame | None:
    """Parse a chunk with Polars; None when it must be read in smaller pieces instead."""
    schema = {n: pl.String() for n in state.spec.schema}  # all of them: optional keys may
    try:                                                   # first appear late in the file
        frame = pl.read_ndjson(io.BytesIO(chunk), schema=schema)
    except (Exception, pl.exceptions.PanicException):
        # Any failure (bad JSON, invalid UTF-8, a non-object line) means "use the slow path",
        # which finds the bad lines; PanicException is not an Exception subclass.
        return None
    n_lines = n_newlines + (1 if chunk and not chunk.endswith(b"\n") else 0)
    if frame.height == n_lines:  # no blank line: row i is line i
        numbers = np.arange(first_line, first_line + n_lines, dtype=np.int64)
    else:  # Polars skips blank lines; number the others
        starts, ends = _line_spans(chunk)
        keep = _nonblank(chunk, starts, ends)
        if frame.height != int(keep.sum()):
            return None  # Polars skipped or merged something we did not expect
        numbers = first_line + np.flatnonzero(keep).astype(np.int64)
    frame = frame.with_columns(pl.Series(ROW_COL, numbers),
                               pl.lit(None, pl.String).alias(PRE_REASON_COL))
    return _recheck_suspects(chunk, first_line, frame, state)


# An escaped UTF-16 surrogate; Polars turns an unpaired one into NUL.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _recheck_suspects(chunk: bytes, first_line: int, frame: pl.DataFrame,
                      state: _JsonlState) -> pl.DataFrame:
    """Re-read in Python the few lines where Polars' string coercion may hide a problem.

    Polars turns a nested value into its JSON text and an unpaired surrogate escape into NUL;
    both would pass as strings, so lines with such values are parsed again to tell.
    """
    text_cols = [c for c in state.text_columns if c in frame.columns]
    if not text_cols:
        return frame
    pattern = r"^[\[{]|\x00" if _SURROGATE_ESCAPE.search(chunk) else r"^[\[{]"
    suspect = pl.any_horizontal([pl.col(c).str.contains(pattern) for c in text_cols])
    idx = frame.select(suspect.fill_null(False).arg_true()).to_series().to_list()
    if not idx:
        return frame
    starts, ends = _line_spans(chunk)
    line_of = (frame[ROW_COL] - first_line).to_list()
    pre = frame[PRE_REASON_COL].to_list()
    fixes: dict[str, list[str | None]] = {c: frame[c].to_list() for c in text_cols}
    for i in idx:
        line = line_of[i]
        try:
            obj = json.loads(chunk[starts[line]:ends[line]])
        except _JSON_ERRORS as exc:  # Polars read a line Python cannot: say so, keep going
            pre[i] = f"invalid_json: line is not valid JSON ({_first_line(exc)})"
            continue
        if not isinstance(obj, dict):
            pre[i] = f"not_object: line is {_json_kind(obj)}, expected a JSON object"
            continue
        pre[i] = "; ".join(_object_problems(obj, state.text_columns)) or None
        for c in text_cols:
            value = obj.get(c)
            if isinstance(value, str) and _has_surrogates(value):
                fixes[c][i] = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return frame.with_columns(
        pl.Series(PRE_REASON_COL, pre, dtype=pl.String),
        *[pl.Series(c, v, dtype=pl.String) for c, v in fixes.items()],
    )


_MAX_SPLITS = 8  # a failing chunk is halved at most this often before line-by-line parsing
_MIN_SPLIT_LINES = 256


def _parse_region(chunk: bytes, first_line: int, n_newlines: int, state: _JsonlState,
                  depth: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse with Polars; on failure halve the chunk, so one bad line costs a little Python
    over its few hundred neighbours instead of over the whole chunk."""
    frame = _fast_parse(chunk, first_line, n_newlines, state)
    if frame is not None:
        state.present.update(c for c in state.spec.schema if frame[c].null_count() < frame.height)
        return frame, empty_rejected()
    if depth < _MAX_SPLITS and n_newlines > _MIN_SPLIT_LINES:
        mid = chunk.find(b"\n", len(chunk) // 2)
        if 0 <= mid < len(chunk) - 1:
            left, right = chunk[:mid + 1], chunk[mid + 1:]
            n_left = left.count(b"\n")
            parts = [_parse_region(left, first_line, n_left, state, depth + 1),
                     _parse_region(right, first_line + n_left, n_newlines - n_left, state,
                                   depth + 1)]
            return (pl.concat([p[0] for p in parts]), pl.concat([p[1] for p in parts]))
    return _parse_lines(chunk, first_line, state)


def _parse_chunk(chunk: bytes, state: _JsonlState) -> tuple[pl.DataFrame, pl.DataFrame]:
    n_newlines = chunk.count(b"\n")
    frame, rejected = _parse_region(chunk, state.lines_before + 1, n_newlines, state)
    state.lines_before += n_newlines
    return frame, rejected


def _iter_chunks(file: Path, first_size: int, target_rows: int) -> Iterator[bytes]:
    """Byte chunks of whole lines; after the first, sized to hold about ``target_rows`` lines."""
    size = first_size
    with file.open("rb") as fh:
        while True:
            data = fh.read(size)
            if not data:
                return
            # Finish the last line with readline: one copy, and a line longer than the chunk
            # is simply read whole.
            chunk = data + fh.readline()
            if size == first_size:
                per_line = max(1, len(chunk) // max(1, chunk.count(b"\n")))
                size = int(min(64 * _MiB, max(_MiB, per_line * target_rows)))
            yield chunk


def iter_jsonl(file: Path, spec: TableSpec, cfg: IOConfig) -> Iterator[RawBatch]:
    """Read a JSON Lines file in chunks of whole lines, parsed by Polars with every column as text.

    A chunk Polars cannot parse (bad JSON, invalid UTF-8, a non-object line) is read line by
    line instead, so one bad line is quarantined and its neighbours are kept.
    """
    try:
        keys, seen_object = _sample_columns(file)
    except OSError as exc:
        raise InputError(f"{file}: cannot read file ({_first_line(exc)})") from None
    if seen_object:
        _check_required(file, keys, spec)
    present, ignored = _split_columns(keys, spec)
    text_columns = tuple(c for c, t in spec.schema.items() if t == pl.String)
    state = _JsonlState(file, spec, text_columns, present=set(present), ignored=ignored)
    try:
        for chunk in _iter_chunks(file, 4 * _MiB, cfg.batch_rows):
            frame, rejected = _parse_chunk(chunk, state)
            # Required columns always: when no line parsed yet, their rows are missing values.
            columns = [c for c in spec.schema if c in state.present or c in spec.required]
            frame = frame.select(*columns, ROW_COL, PRE_REASON_COL)
            n_parts = max(1, -(-frame.height // cfg.batch_rows))
            for part in range(n_parts):
                yield RawBatch(
                    source=file.name, fmt="jsonl",
                    frame=frame.slice(part * cfg.batch_rows, cfg.batch_rows),
                    rejected=rejected if part == 0 else empty_rejected(),
                    present=tuple(columns), ignored=ignored,
                    nbytes=len(chunk) if part == 0 else 0,
                )
    except OSError as exc:
        raise InputError(f"{file}: cannot read file ({_first_line(exc)})") from None
