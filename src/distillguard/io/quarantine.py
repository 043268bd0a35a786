"""Quarantine file: one JSON line per input row that was not used, with the rule that rejected it.

Consumes frames of rejected rows (row number, reason, original values); produces
quarantine.jsonl."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import polars as pl

from distillguard.errors import InputError

ROW = "row"
REASON = "reason"
QUARANTINE_FILE = "quarantine.jsonl"


def _decode_binary(s: pl.Series) -> pl.Series:
    """Binary → text; undecodable bytes are shown as \\xNN escapes instead of failing."""
    try:
        return s.cast(pl.String)
    except pl.exceptions.PolarsError:
        # Only reached for bad rows that hold invalid UTF-8, so the Python loop stays small.
        values = [None if v is None else v.decode("utf-8", "backslashreplace") for v in s]
        return pl.Series(s.name, values, dtype=pl.String)


def record_text(s: pl.Series, max_chars: int) -> pl.Series:
    """Any column as text cut to ``max_chars`` characters (nulls stay null).

    Examples
    --------
    >>> record_text(pl.Series("x", [b"ok", b"\\xff"]), 10).to_list()
    ['ok', '\\\\xff']
    """
    if s.dtype == pl.Binary:
        text = _decode_binary(s)
    elif s.dtype == pl.String:
        text = s
    else:
        text = s.cast(pl.String)
    return text.str.slice(0, max_chars)


class QuarantineWriter:
    """Context manager that writes ``quarantine.jsonl``; the file always exists once entered.

    Each line is ``{"table", "source", "row", "reason", "record"}``: ``row`` is the 1-based
    row (Parquet), record (CSV, after the header) or line (JSON Lines) within ``source``;
    ``record`` holds the original values as text, each cut to ``value_chars`` characters.

    Parameters
    ----------
    path
        File to (re)create; its folder is created when missing.
    value_chars
        Longest value copied into ``record`` (prompts can be megabytes).
    """

    def __init__(self, path: str | Path, *, value_chars: int = 200) -> None:
        self.path = Path(path)
        self.value_chars = value_chars
        self.rows_written = 0
        self._fh: BinaryIO | None = None

    def __enter__(self) -> QuarantineWriter:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Truncate: a re-run into the same folder must not keep the previous run's rows.
            self._fh = self.path.open("wb")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write the quarantine file "
                             f"({exc.strerror or exc.__class__.__name__})") from None
        self.rows_written = 0
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def write(self, table: str, source: str, rows: pl.DataFrame) -> int:
        """Append ``rows`` (``row``, ``reason`` and the original values); return the count."""
        if self._fh is None:
            raise RuntimeError("QuarantineWriter used outside its 'with' block")
        if rows.height == 0:
            return 0
        quarantine_records(table, source, rows, self.value_chars).write_ndjson(self._fh)
        self.rows_written += rows.height
        return rows.height

    def write_lines(self, lines: bytes, rows: int) -> None:
        """Append ``rows`` records already written as JSON lines (by quarantine_records)."""
        if self._fh is None:
            raise RuntimeError("QuarantineWriter used outside its 'with' block")
        self._fh.write(lines)
        self.rows_written += rows


def quarantine_records(table: str, source: str, rows: pl.DataFrame,
                       value_chars: int) -> pl.DataFrame:
    """The quarantine records of ``rows`` (``row``, ``reason`` and the original values), one per
    row, with the columns of a quarantine.jsonl line (see QuarantineWriter)."""
    values = [c for c in rows.columns if c not in (ROW, REASON)]
    record = (
        pl.struct([record_text(rows[c], value_chars).alias(c) for c in values])
        if values
        else pl.lit(None, pl.Struct({}))
    )
    return pl.DataFrame({ROW: rows[ROW].cast(pl.Int64), REASON: rows[REASON]}).select(
        pl.lit(table).alias("table"),
        pl.lit(source).alias("source"),
        ROW,
        REASON,
        record.alias("record"),
    )
