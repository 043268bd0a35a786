"""JSON Lines reader: chunks of whole lines parsed by Polars with every column as text; a chunk that
fails is halved, then read line by line, so one bad line is rejected and its neighbours kept.

Consumes a JSON Lines file; produces RawBatch frames of text columns (io.readers.base)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.readers.base import (
    MIB,
    PRE_REASON_COL,
    ROW_COL,
    RawBatch,
    check_required,
    empty_rejected,
    error_text,
    rejected_frame,
    split_columns,
)
from distillguard.io.schema import TableSpec

_SAMPLE_LINES = 1_000  # objects sampled for the column set


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
            reject(number, f"invalid_json: line is not valid JSON ({error_text(exc)})", raw)
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
    return frame, rejected_frame(bad_rows, bad_reasons, bad_lines)


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
            pre[i] = f"invalid_json: line is not valid JSON ({error_text(exc)})"
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


def iter_line_chunks(file: Path, first_size: int, target_rows: int,
                     max_size: int = 64 * MIB) -> Iterator[bytes]:
    """Byte chunks of whole lines; after the first, sized to hold about ``target_rows`` lines
    (at most ``max_size`` bytes)."""
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
                size = int(min(max_size, max(MIB, per_line * target_rows)))
            yield chunk


def iter_jsonl(file: Path, spec: TableSpec, cfg: IOConfig) -> Iterator[RawBatch]:
    """Read a JSON Lines file in chunks of whole lines, parsed by Polars with every column as text.

    A chunk Polars cannot parse (bad JSON, invalid UTF-8, a non-object line) is read line by
    line instead, so one bad line is quarantined and its neighbours are kept.
    """
    try:
        keys, seen_object = _sample_columns(file)
    except OSError as exc:
        raise InputError(f"{file}: cannot read file ({error_text(exc)})") from None
    if seen_object:
        check_required(file, keys, spec)
    present, ignored = split_columns(keys, spec)
    text_columns = tuple(c for c, t in spec.schema.items() if t == pl.String)
    state = _JsonlState(file, spec, text_columns, present=set(present), ignored=ignored)
    try:
        for chunk in iter_line_chunks(file, 4 * MIB, cfg.batch_rows):
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
        raise InputError(f"{file}: cannot read file ({error_text(exc)})") from None
