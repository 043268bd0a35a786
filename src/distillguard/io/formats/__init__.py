"""Log formats beside the contract's tables: OpenTelemetry GenAI spans, LiteLLM spend logs, column maps.

Consumes the --format name, a resolved events table and the IOConfig (io.columns); produces an EventReader:
contract RawBatch frames and the spec io.validate checks them against."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from distillguard.config import IOConfig
from distillguard.errors import ConfigError, InputError
from distillguard.io.formats.columns import column_map
from distillguard.io.formats.litellm import REQUIRED as LITELLM_COLUMNS
from distillguard.io.formats.litellm import litellm_format
from distillguard.io.formats.otel import otel_batches
from distillguard.io.readers import RawBatch, TableSource, file_format, iter_raw_batches
from distillguard.io.readers.csv import csv_header
from distillguard.io.schema import EVENTS_SPEC, MAPPED_EVENTS_SPEC, TableSpec

LOG_FORMATS = ("auto", "contract", "otel", "litellm")
_SNIFF_LINES = 100  # blank lines skipped before the first object


@dataclass(frozen=True)
class EventReader:
    """How one events table is read: its format, the spec its rows are validated against and the
    batches of contract columns."""

    fmt: str
    spec: TableSpec
    read: Callable[[TableSource, IOConfig], Iterator[RawBatch]]


def _first_object(path: TableSource) -> dict | None:
    """The first non-blank line of the table's first file as a JSON object, else None."""
    with path.files[0].open("rb") as fh:
        for _ in range(_SNIFF_LINES):
            line = fh.readline()
            if not line:
                break
            if line.strip():
                try:
                    value = orjson.loads(line)
                except orjson.JSONDecodeError:
                    return None
                return value if isinstance(value, dict) else None
    return None


def detect_format(source: TableSource) -> str:
    """'otel' for OTLP JSON (resourceSpans), 'litellm' for spend-log columns, else 'contract'.

    Only the first file of the table is looked at, and only its first line or its columns."""
    file = source.files[0]
    kind = file_format(file)
    if kind == "jsonl":
        first = _first_object(source) or {}
        columns = list(first)
        if "resourceSpans" in first:
            return "otel"
    elif kind == "csv":
        columns = csv_header(file)
    else:
        try:
            columns = list(pq.read_schema(file).names)
        except (OSError, ValueError, pa.ArrowException):
            return "contract"  # the contract reader says what is wrong with the file
    if all(c in columns for c in LITELLM_COLUMNS) and "account_id" not in columns:
        return "litellm"
    return "contract"


def _contract_batches(source: TableSource, cfg: IOConfig) -> Iterator[RawBatch]:
    return iter_raw_batches(source, EVENTS_SPEC, cfg)


def event_reader(fmt: str, source: TableSource, cfg: IOConfig) -> EventReader:
    """The reader of ``source`` in ``fmt`` (one of LOG_FORMATS; 'auto' looks at the data).

    Raises
    ------
    InputError
        Unknown format, or an OTLP file that is not JSON Lines.
    ConfigError
        io.columns is set with another format than the contract's, or names an unknown column.
    """
    if fmt not in LOG_FORMATS:
        raise InputError(f"unknown log format '{fmt}'; expected one of {', '.join(LOG_FORMATS)}")
    resolved = detect_format(source) if fmt == "auto" else fmt
    if cfg.columns and resolved != "contract":
        raise ConfigError(f"io.columns maps the columns of a contract-like export; the events "
                          f"are read as --format {resolved}, which has its own mapping")
    if resolved == "otel":
        bad = [f.name for f in source.files if file_format(f) != "jsonl"]
        if bad:
            raise InputError(f"{source.path}: --format otel reads OTLP JSON (.json, .jsonl); "
                             f"got {bad[0]}")
        return EventReader("otel", MAPPED_EVENTS_SPEC, otel_batches)
    if resolved == "litellm":
        return EventReader("litellm", MAPPED_EVENTS_SPEC, litellm_format(cfg).batches)
    if cfg.columns:
        return EventReader("contract (io.columns)", MAPPED_EVENTS_SPEC,
                           column_map(cfg.columns).batches)
    return EventReader("contract", EVENTS_SPEC, _contract_batches)
