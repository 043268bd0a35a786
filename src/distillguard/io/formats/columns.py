"""Column maps: another export's columns read as the contract's events columns (io.columns, LiteLLM).

Consumes RawBatch frames of an export (io.readers) and a map of Polars expressions; produces RawBatch
frames of contract columns, still raw text for io.validate to parse and quarantine."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import polars as pl

from distillguard.config import ColumnSource, IOConfig
from distillguard.errors import ConfigError
from distillguard.io.readers import PRE_REASON_COL, ROW_COL, RawBatch, TableSource, iter_raw_batches
from distillguard.io.schema import EVENTS_SPEC, SOURCE_OPTIONAL, TableSpec

ISO_UTC = "%Y-%m-%dT%H:%M:%S%.fZ"
EPOCH_UNITS = {"epoch_s": 1_000_000, "epoch_ms": 1_000, "epoch_us": 1, "epoch_ns": 0.001}
JSON_TEXT = pl.Binary()  # an export column read through a JSON path: objects and arrays allowed


def json_path(column: str, path: str) -> pl.Expr:
    """The value at a dotted ``path`` inside the JSON text of ``column`` (null when absent).

    Examples
    --------
    >>> df = pl.DataFrame({"meta": ['{"client": {"ip": "192.0.2.1"}}', '{"tags": ["a", "b"]}']})
    >>> df.select(json_path("meta", "client.ip"), json_path("meta", "tags.1").alias("t")).rows()
    [('192.0.2.1', None), (None, 'b')]
    """
    steps = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in path.split("."))
    return pl.col(column).cast(pl.String, strict=False).str.json_path_match(f"${steps}")


def epoch_to_iso(text: pl.Expr, unit: str) -> pl.Expr:
    """Epoch numbers (in ``unit``, a key of EPOCH_UNITS) as ISO-8601 UTC text; a value that is not
    a number is kept as it was, so validation quarantines it as a bad timestamp."""
    raw = text.cast(pl.String, strict=False)
    micros = (raw.cast(pl.Float64, strict=False) * EPOCH_UNITS[unit]).round(0).cast(pl.Int64,
                                                                                     strict=False)
    iso = pl.from_epoch(micros, time_unit="us").dt.strftime(ISO_UTC)
    return pl.when(micros.is_not_null()).then(iso).otherwise(raw)


def first_of(exprs: list[pl.Expr]) -> pl.Expr:
    """The first non-empty text of ``exprs``, row by row."""
    return pl.coalesce([pl.when(e.cast(pl.String) != "").then(e.cast(pl.String)) for e in exprs])


# ------------------------------------------------------------------ chat messages (JSON text)

_MESSAGES_SCHEMA = {"prompt": pl.String, "n_turns": pl.Int64, "has_image": pl.Boolean,
                    "system_prompt": pl.String}


def _part_text(part: Any) -> tuple[str, bool]:
    """Text of one message part (OpenAI: text; GenAI conventions: content) and whether it is an image."""
    if isinstance(part, str):
        return part, False
    if not isinstance(part, dict):
        return "", False
    kind = str(part.get("type", ""))
    text = part.get("text", part.get("content"))
    return (text if isinstance(text, str) else ""), ("image" in kind or kind == "blob")


def _message_text(message: dict[str, Any]) -> tuple[str, bool]:
    content = message.get("content", message.get("parts"))
    if isinstance(content, str):
        return content, False
    if isinstance(content, list):
        parts = [_part_text(p) for p in content]
        return "\n".join(t for t, _ in parts if t), any(img for _, img in parts)
    return "", False


_Digest = tuple[str | None, int | None, bool | None, str | None]


def _digest(text: str | None) -> _Digest:
    """Last user turn, number of messages besides system ones, whether the last user turn holds
    an image, and the system prompt."""
    if text is None:
        return None, None, None, None
    try:
        messages = orjson.loads(text)
    except orjson.JSONDecodeError:
        return text, None, None, None  # plain text: older instrumentations store the prompt
    if isinstance(messages, dict):  # {"messages": [...]} (a stored request body), {} (none)
        messages = messages.get("messages")
    if not isinstance(messages, list) or not messages:
        return None, None, None, None
    turns = [m for m in messages if isinstance(m, dict) and m.get("role") != "system"]
    systems = [_message_text(m)[0] for m in messages
               if isinstance(m, dict) and m.get("role") == "system"]
    system = "\n".join(systems) if systems else None
    users = [m for m in turns if m.get("role") in ("user", None)]
    if not users:
        return None, len(turns), None, system
    prompt, image = _message_text(users[-1])
    return prompt, len(turns), image, system


def messages_digest(messages: pl.Series) -> pl.DataFrame:
    """prompt (the last user turn), n_turns, has_image and system_prompt from chat messages stored
    as JSON text (OpenAI messages or GenAI ``gen_ai.input.messages``), in ``messages`` order.

    Each distinct value is parsed once with orjson: there is no vectorized parser for the union
    of shapes (content as text or as a list of parts) that logs hold.

    Examples
    --------
    >>> s = pl.Series(['[{"role": "system", "content": "be brief"}, {"role": "user", '
    ...                '"content": [{"type": "text", "text": "hi"}]}]'])
    >>> messages_digest(s).rows()
    [('hi', 1, False, 'be brief')]
    """
    distinct = messages.cast(pl.String, strict=False).unique()
    rows = [_digest(text) for text in distinct.to_list()]
    lookup = pl.DataFrame(rows, schema=_MESSAGES_SCHEMA, orient="row").with_columns(
        distinct.alias("__messages__"))
    return (pl.DataFrame({"__messages__": messages.cast(pl.String, strict=False)})
            .join(lookup, on="__messages__", how="left", maintain_order="left", nulls_equal=True)
            .drop("__messages__"))


def json_array_len(values: pl.Series) -> pl.Series:
    """Length of each JSON array (tool definitions); null where the value is not one."""
    distinct = values.cast(pl.String, strict=False).unique()

    def length(text: str | None) -> int | None:
        try:
            parsed = orjson.loads(text) if text is not None else None
        except orjson.JSONDecodeError:
            return None
        return len(parsed) if isinstance(parsed, list) else None

    lookup = pl.DataFrame({"v": distinct, "n": [length(t) for t in distinct.to_list()]},
                          schema={"v": pl.String, "n": pl.Int64})
    return (pl.DataFrame({"v": values.cast(pl.String, strict=False)})
            .join(lookup, on="v", how="left", maintain_order="left", nulls_equal=True)["n"])


# ------------------------------------------------------------------ mapped formats


@dataclass(frozen=True)
class MappedFormat:
    """An export read through a map: the export columns to read and how each contract column is
    made from them (expressions over the export's columns, as text)."""

    name: str
    source: TableSpec  # the export's columns (types only decide what a Parquet column may hold)
    columns: dict[str, pl.Expr]  # contract column → expression over the export's columns
    derive: Callable[[pl.DataFrame], pl.DataFrame] | None = None  # columns no expression can make

    def to_contract(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Contract columns of one batch, plus the row numbers and parser findings."""
        missing = [c for c in self.source.schema if c not in frame.columns]
        full = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)
        keep = [c for c in (ROW_COL, PRE_REASON_COL) if c in frame.columns]
        out = full.select(*keep, *[e.alias(c) for c, e in self.columns.items()])
        if self.derive is not None:
            out = out.hstack(self.derive(full))
        return out

    def batches(self, source: TableSource, cfg: IOConfig) -> Iterator[RawBatch]:
        """The export's batches as contract batches (validated later like any contract input)."""
        for raw in iter_raw_batches(source, self.source, cfg):
            frame = self.to_contract(raw.frame)
            present = tuple(c for c in EVENTS_SPEC.schema if c in frame.columns
                            and frame[c].null_count() < frame.height)
            yield RawBatch(source=raw.source, fmt=raw.fmt, frame=frame, rejected=raw.rejected,
                           present=present, ignored=raw.ignored, nbytes=raw.nbytes)


_NAME = re.compile(r"^[^\x00-\x1f]+$")


def column_map(columns: dict[str, ColumnSource | str]) -> MappedFormat:
    """The contract-format map of ``io.columns``: unmapped contract columns keep their names.

    Raises
    ------
    ConfigError
        A key is not an events column, or a column name is empty.
    """
    known = EVENTS_SPEC.schema
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ConfigError(f"io.columns: unknown events column '{unknown[0]}'; expected one of "
                          f"{', '.join(known)}")
    sources = {c: ColumnSource(column=v) if isinstance(v, str) else v for c, v in columns.items()}
    required: dict[str, pl.DataType] = {}
    optional: dict[str, pl.DataType] = {}
    exprs: dict[str, pl.Expr] = {}
    for name, dtype in known.items():
        src = sources.get(name, ColumnSource())
        if src.const is not None:
            exprs[name] = pl.lit(str(src.const).lower() if isinstance(src.const, bool)
                                 else str(src.const))
            continue
        column = src.column or name
        if not _NAME.match(column):
            raise ConfigError(f"io.columns.{name}: expected a column name, got {column!r}")
        needs: pl.DataType = dtype
        expr = pl.col(column)
        if src.path:
            needs, expr = JSON_TEXT, json_path(column, src.path)
        if src.parse and src.parse != "iso":
            needs, expr = (JSON_TEXT if src.path else pl.Float64()), epoch_to_iso(expr, src.parse)
        table = (required if name in EVENTS_SPEC.required and name not in SOURCE_OPTIONAL
                 and not src.path else optional)
        if column not in required:  # a column read for a required field stays required
            table[column] = JSON_TEXT if JSON_TEXT in (needs, table.get(column)) else needs
        exprs[name] = expr
    return MappedFormat("column map", TableSpec("events (io.columns)", required,
                                                {c: t for c, t in optional.items()
                                                 if c not in required}, key=None), exprs)
