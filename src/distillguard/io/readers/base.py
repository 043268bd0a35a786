"""What every contract reader shares: resolving a table's files, the RawBatch they produce, and the
checks of a file's columns against the contract.

Consumes a path named by the user; produces TableSource and the RawBatch type the format modules
(io.readers.parquet, .csv, .jsonl) yield."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from distillguard import CONTRACT_VERSION
from distillguard.errors import InputError, printable
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

MIB = 1 << 20
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


def rejected_frame(rows: list[int], reasons: list[str], lines: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {ROW: rows, REASON: reasons, LINE: lines},
        schema={ROW: pl.Int64, REASON: pl.String, LINE: pl.String},
    )


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


def check_required(file: Path, columns: list[str], spec: TableSpec) -> None:
    for column in spec.required:
        if column not in columns:
            raise _missing_column(file, column, spec, columns)


def split_columns(columns: list[str], spec: TableSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    known = spec.schema
    present = tuple(c for c in columns if c in known)
    ignored = tuple(dict.fromkeys(c for c in columns if c not in known))
    return present, ignored


def check_unique(file: Path, present: tuple[str, ...]) -> None:
    """A contract column given twice is ambiguous: which one holds the value?"""
    seen: set[str] = set()
    for name in present:
        if name in seen:
            raise InputError(f"{file}: column '{name}' appears more than once; expected it once")
        seen.add(name)


def error_text(exc: BaseException) -> str:
    """The first line of a parser's error, printable (it may quote the input), cut to 200 chars."""
    text = str(exc).strip().splitlines()
    return printable(text[0][:200]) if text else exc.__class__.__name__
