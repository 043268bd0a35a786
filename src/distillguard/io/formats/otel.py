"""--format otel: OpenTelemetry GenAI spans from OTLP JSON trace exports (the Collector's file exporter).

Consumes OTLP JSON Lines (one ExportTraceServiceRequest per line; GenAI semantic conventions 1.26 to 1.37+,
with the older gen_ai.prompt / gen_ai.*.message forms); produces contract RawBatch frames, one a model call."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.formats.columns import epoch_to_iso, first_of, json_array_len, messages_digest
from distillguard.io.readers import PRE_REASON_COL, ROW_COL, RawBatch, TableSource, empty_rejected
from distillguard.io.readers.base import MIB, error_text, rejected_frame
from distillguard.io.readers.jsonl import iter_line_chunks
from distillguard.io.schema import EVENTS_SPEC

# gen_ai.operation.name of a model call; execute_tool, invoke_agent, embeddings... are not exchanges
MODEL_CALLS = ("chat", "text_completion", "generate_content")
SPAN = "__span__"
CHUNK_BYTES = 16 * MIB

_VALUE = pl.Struct({k: pl.String for k in ("stringValue", "intValue", "doubleValue", "boolValue",
                                           "arrayValue", "kvlistValue", "bytesValue")})
_ATTRIBUTES = pl.List(pl.Struct({"key": pl.String, "value": _VALUE}))
_EVENT = pl.Struct({"name": pl.String, "attributes": _ATTRIBUTES})
_SPAN = pl.Struct({"traceId": pl.String, "spanId": pl.String, "name": pl.String,
                   "startTimeUnixNano": pl.String, "attributes": _ATTRIBUTES,
                   "events": pl.List(_EVENT), "status": pl.Struct({"code": pl.String})})
# what is read of an export request; every scalar as text (Polars writes a nested value as JSON)
OTLP_SCHEMA = {"resourceSpans": pl.List(pl.Struct({
    "resource": pl.Struct({"attributes": _ATTRIBUTES}),
    "scopeSpans": pl.List(pl.Struct({"spans": pl.List(_SPAN)})),
}))}

# span attributes read (GenAI semantic conventions, then older names) and their contract column
SPAN_ATTRIBUTES = (
    "gen_ai.operation.name", "gen_ai.system", "gen_ai.provider.name",
    "gen_ai.request.model", "gen_ai.response.model",
    "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
    "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
    "gen_ai.usage.reasoning_tokens", "gen_ai.usage.output_tokens_details.reasoning_tokens",
    "gen_ai.request.max_tokens", "gen_ai.request.temperature",
    "gen_ai.input.messages", "gen_ai.prompt", "gen_ai.system_instructions",
    "gen_ai.tool.definitions", "client.address", "user_agent.original", "error.type",
    "gen_ai.conversation.id", "tenant.id",
)
# span events of older instrumentations that carry content (their attribute, or the event body)
CONTENT_EVENTS = {"gen_ai.user.message": "content", "gen_ai.content.prompt": "gen_ai.prompt",
                  "gen_ai.system.message": "content"}


# the same for pyarrow's JSON reader, ten times faster than Polars' on nested JSON but strict: a
# number where text is declared (an intValue written as a JSON number) sends a chunk to Polars
_PA_VALUE = pa.struct([("stringValue", pa.string()), ("intValue", pa.string()),
                       ("doubleValue", pa.float64()), ("boolValue", pa.bool_())])
_PA_ATTRIBUTES = pa.list_(pa.struct([("key", pa.string()), ("value", _PA_VALUE)]))
_PA_SPAN = pa.struct([("traceId", pa.string()), ("spanId", pa.string()), ("name", pa.string()),
                      ("startTimeUnixNano", pa.string()), ("attributes", _PA_ATTRIBUTES),
                      ("events", pa.list_(pa.struct([("name", pa.string()),
                                                     ("attributes", _PA_ATTRIBUTES)]))),
                      ("status", pa.struct([("code", pa.int64())]))])
PA_OTLP_SCHEMA = pa.schema([("resourceSpans", pa.list_(pa.struct([
    ("resource", pa.struct([("attributes", _PA_ATTRIBUTES)])),
    ("scopeSpans", pa.list_(pa.struct([("spans", pa.list_(_PA_SPAN))])))])))])


def _text(value: pl.Expr, fields: list[str]) -> pl.Expr:
    """An OTLP AnyValue as text (arrays and maps as their JSON, when read)."""
    return pl.coalesce(value.struct.field(k).cast(pl.String) for k in fields)


def _value_fields(attributes: pl.DataType) -> list[str]:
    """The AnyValue fields a reader produced for an attributes column (List of key/value)."""
    assert isinstance(attributes, pl.List)
    value = next(f.dtype for f in attributes.inner.fields if f.name == "value")  # type: ignore[union-attr]
    return [f.name for f in value.fields]  # type: ignore[union-attr]


def _attributes(frame: pl.DataFrame, column: str, keys: list[str]) -> pl.DataFrame:
    """The attributes ``keys`` of each row of ``frame`` (indexed by SPAN) as one column each."""
    long = (frame.select(SPAN, pl.col(column)).explode(column).unnest(column)
            .filter(pl.col("key").is_in(keys))
            .select(SPAN, "key", _text(pl.col("value"), _value_fields(frame.schema[column]))
                    .alias("v")))
    wide = frame.select(SPAN)
    if long.height:
        wide = wide.join(long.pivot(on="key", index=SPAN, values="v", aggregate_function="first"),
                         on=SPAN, how="left")
    return wide.with_columns(pl.lit(None, pl.String).alias(k) for k in keys
                             if k not in wide.columns)


def _indexed_prompts(frame: pl.DataFrame) -> pl.DataFrame:
    """The last user turn of older ``gen_ai.prompt.N.role`` / ``gen_ai.prompt.N.content`` attributes."""
    pattern = r"^gen_ai\.prompt\.(\d+)\.(role|content)$"
    long = (frame.select(SPAN, "attributes").explode("attributes").unnest("attributes")
            .filter(pl.col("key").str.contains(pattern))
            .select(SPAN, pl.col("key").str.extract(pattern, 1).cast(pl.Int64).alias("n"),
                    pl.col("key").str.extract(pattern, 2).alias("part"),
                    _text(pl.col("value"), _value_fields(frame.schema["attributes"])).alias("v")))
    if not long.height:
        return pl.DataFrame(schema={SPAN: pl.UInt32, "indexed_prompt": pl.String})
    turns = long.pivot(on="part", index=[SPAN, "n"], values="v", aggregate_function="first")
    turns = turns.with_columns(pl.lit(None, pl.String).alias(c) for c in ("role", "content")
                               if c not in turns.columns)
    return (turns.filter(pl.col("role").fill_null("user") == "user").sort(SPAN, "n")
            .group_by(SPAN).agg(pl.col("content").last().alias("indexed_prompt")))


def _event_contents(frame: pl.DataFrame) -> pl.DataFrame:
    """Content of the last user / prompt event and of the system event of each span."""
    events = (frame.select(SPAN, "events").explode("events").unnest("events")
              .filter(pl.col("name").is_in(list(CONTENT_EVENTS)))
              .with_row_index("order").explode("attributes").unnest("attributes")
              .filter(pl.col("key") == pl.col("name").replace_strict(CONTENT_EVENTS))
              .select(SPAN, "order", pl.col("name") == "gen_ai.system.message",
                      _text(pl.col("value"), _value_fields(frame.schema["attributes"]))
                      .alias("v")))
    return (events.sort("order").group_by(SPAN).agg(
        pl.col("v").filter(~pl.col("name")).last().alias("event_prompt"),
        pl.col("v").filter(pl.col("name")).last().alias("event_system")))


def spans_to_events(requests: pl.DataFrame, lines: pl.Series, cfg: IOConfig) -> pl.DataFrame:
    """Model-call spans of parsed export requests (OTLP_SCHEMA rows, one per file line ``lines``)
    as contract columns in text, with ROW_COL the line of the file holding each span."""
    spans = (requests.with_columns(lines.alias(ROW_COL)).explode("resourceSpans")
             .unnest("resourceSpans").with_columns(pl.col("resource").struct.field("attributes")
                                                   .alias("resource_attributes"))
             .explode("scopeSpans").unnest("scopeSpans").explode("spans").unnest("spans")
             .filter(pl.col("spanId").is_not_null()).with_row_index(SPAN))
    keys = list(dict.fromkeys([*SPAN_ATTRIBUTES, *cfg.otel_account]))
    attrs = _attributes(spans, "attributes", keys)
    resource = _attributes(spans, "resource_attributes", keys)
    a = {k: pl.coalesce(pl.col(k), pl.col("resource." + k)) for k in keys}
    table = (attrs.join(resource.rename({k: "resource." + k for k in keys}), on=SPAN)
             .join(_indexed_prompts(spans), on=SPAN, how="left")
             .join(_event_contents(spans), on=SPAN, how="left")
             .join(spans.select(SPAN, ROW_COL, "spanId", "startTimeUnixNano",
                                pl.col("status").struct.field("code").cast(pl.String)
                                .alias("status_code")),
                   on=SPAN))
    operation = a["gen_ai.operation.name"]
    model = first_of([a["gen_ai.request.model"], a["gen_ai.response.model"]])
    is_call = (operation.is_in(MODEL_CALLS) | (operation.is_null() & model.is_not_null()))
    table = table.filter(is_call)
    messages = table.select(first_of([a["gen_ai.input.messages"], a["gen_ai.prompt"]])).to_series()
    digest = messages_digest(messages)
    system = messages_digest(table["gen_ai.system_instructions"])  # a list of parts, or text
    failed = (a["error.type"].is_not_null()
              | pl.col("status_code").is_in(["2", "STATUS_CODE_ERROR"]))
    return table.hstack(digest.rename({"system_prompt": "message_system"})).hstack(
        system.select(pl.col("prompt").alias("system_text"))).select(
        ROW_COL,
        pl.lit(None, pl.String).alias(PRE_REASON_COL),
        pl.col("spanId").alias("request_id"),
        epoch_to_iso(pl.col("startTimeUnixNano"), "epoch_ns").alias("ts"),
        first_of([a[k] for k in cfg.otel_account]).alias("account_id"),
        a["client.address"].alias("ip"),
        model.alias("model"),
        first_of([pl.col("prompt"), pl.col("indexed_prompt"), pl.col("event_prompt")])
        .alias("prompt"),
        first_of([a["gen_ai.usage.input_tokens"], a["gen_ai.usage.prompt_tokens"]])
        .alias("input_tokens"),
        first_of([a["gen_ai.usage.output_tokens"], a["gen_ai.usage.completion_tokens"]])
        .alias("output_tokens"),
        first_of([a["gen_ai.usage.reasoning_tokens"],
                  a["gen_ai.usage.output_tokens_details.reasoning_tokens"]])
        .alias("reasoning_tokens"),
        a["gen_ai.request.max_tokens"].alias("max_tokens"),
        a["gen_ai.request.temperature"].alias("temperature"),
        first_of([pl.col("system_text"), pl.col("message_system"), pl.col("event_system")])
        .alias("system_prompt"),
        pl.col("n_turns").cast(pl.String), pl.col("has_image").cast(pl.String),
        pl.Series(json_array_len(table["gen_ai.tool.definitions"])).cast(pl.String)
        .alias("tools_declared"),
        a["user_agent.original"].alias("user_agent"),
        a["tenant.id"].alias("org_id"),
        pl.when(failed).then(pl.lit("error")).otherwise(pl.lit("ok")).alias("status"),
    )


@dataclass
class _Lines:
    """Non-blank lines of a chunk that parse as JSON objects, and the rejected ones."""

    numbers: list[int] = field(default_factory=list)
    text: list[bytes] = field(default_factory=list)
    rejected: tuple[list[int], list[str], list[str]] = ([], [], [])


def _split_lines(chunk: bytes, first_line: int, *, check: bool) -> _Lines:
    """Number the lines of a chunk; with ``check``, reject those that are not JSON objects (the
    slow path, taken only when Polars could not read the chunk whole)."""
    found = _Lines(rejected=([], [], []))
    for offset, raw in enumerate(chunk.split(b"\n")):
        if not raw.strip():
            continue
        number = first_line + offset
        if check:
            try:
                obj = orjson.loads(raw)
                reason = None if isinstance(obj, dict) else "not_object: line is not a JSON object"
            except orjson.JSONDecodeError as exc:
                reason = f"invalid_json: line is not valid JSON ({error_text(exc)})"
            if reason is not None:
                found.rejected[0].append(number)
                found.rejected[1].append(reason)
                found.rejected[2].append(raw.decode("utf-8", "backslashreplace"))
                continue
        found.numbers.append(number)
        found.text.append(raw)
    return found


def _read_requests(lines: _Lines) -> pl.DataFrame | None:
    """Export requests of ``lines`` (pyarrow, else Polars, which reads numbers as text); None
    when neither can (bad JSON, or a shape that is not OTLP)."""
    if not lines.text:
        return pl.DataFrame(schema=OTLP_SCHEMA)
    data = b"\n".join(lines.text)
    try:
        table = pa_json.read_json(io.BytesIO(data), read_options=pa_json.ReadOptions(
            block_size=len(data) + 1), parse_options=pa_json.ParseOptions(
            explicit_schema=PA_OTLP_SCHEMA, unexpected_field_behavior="ignore"))
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame
    except pa.ArrowException:
        pass
    try:
        return pl.read_ndjson(io.BytesIO(data), schema=OTLP_SCHEMA)
    except (Exception, pl.exceptions.PanicException):  # bad JSON or a shape Polars cannot read
        return None


def iter_otel(file: Path, cfg: IOConfig) -> Iterator[RawBatch]:
    """Model-call spans of one OTLP JSON file, chunk by chunk of whole lines.

    A line that is not a JSON export request is rejected with its line number (invalid_json); a
    line of the right JSON whose shape Polars cannot read (a wrong type) is rejected whole
    (not_otlp). Other spans (HTTP, database, tool executions) are not events and are skipped."""
    first = 1
    try:
        # OTLP JSON is about 2 KB a span: 16 MiB is some 8,000 spans, 0.3 GB once parsed
        for chunk in iter_line_chunks(file, 4 * MIB, cfg.batch_rows, max_size=CHUNK_BYTES):
            lines = _split_lines(chunk, first, check=False)
            requests = _read_requests(lines)
            if requests is None:
                lines = _split_lines(chunk, first, check=True)
                requests = _read_requests(lines)
            if requests is None:  # valid JSON objects, but not OTLP: read them one by one
                good = _Lines(rejected=lines.rejected)
                for number, text in zip(lines.numbers, lines.text, strict=True):
                    if _read_requests(_Lines([number], [text])) is None:
                        good.rejected[0].append(number)
                        good.rejected[1].append("not_otlp: line is not an OTLP JSON trace export")
                        good.rejected[2].append(text.decode("utf-8", "backslashreplace"))
                    else:
                        good.numbers.append(number)
                        good.text.append(text)
                lines, requests = good, _read_requests(good)
            assert requests is not None
            first += chunk.count(b"\n")
            frame = spans_to_events(requests, pl.Series(lines.numbers, dtype=pl.Int64), cfg)
            present = tuple(c for c in EVENTS_SPEC.schema if c in frame.columns
                            and frame[c].null_count() < frame.height)
            rejected = (rejected_frame(*lines.rejected) if lines.rejected[0]
                        else empty_rejected())
            yield RawBatch(source=file.name, fmt="otel", frame=frame, rejected=rejected,
                           present=present, ignored=(), nbytes=len(chunk))
    except OSError as exc:
        raise InputError(f"{file}: cannot read file ({error_text(exc)})") from None


def otel_batches(source: TableSource, cfg: IOConfig) -> Iterator[RawBatch]:
    """Model-call spans of every file of ``source``."""
    for file in source.files:
        yield from iter_otel(file, cfg)
