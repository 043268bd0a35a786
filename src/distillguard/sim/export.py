"""A simulated world's events as other producers write them: OTLP JSON GenAI spans, LiteLLM spend logs.

Consumes a contract events frame (events.parquet of distillguard simulate); produces the files that
--format otel and --format litellm read, and the contract columns each format carries (parity checks)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from distillguard.io.schema import EVENTS

# contract columns each format can carry; a scan of the Parquet cut to these should flag the same
OTEL_COLUMNS = ("request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens",
                "output_tokens", "max_tokens", "temperature", "system_prompt", "n_turns",
                "has_image", "tools_declared", "user_agent")
LITELLM_COLUMNS = ("request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens",
                   "output_tokens", "max_tokens", "temperature", "system_prompt", "n_turns",
                   "has_image", "tools_declared", "user_agent", "org_id", "api_key_id",
                   "reasoning_tokens")
SPANS_PER_LINE = 512  # spans per export request (the Collector batches spans the same way)
WRITE_ROWS = 100_000  # events formatted at once (bounds the writers' memory)


def _complete(events: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """``events`` with the ``columns`` it lacks as nulls (a frame cut to fewer columns)."""
    return events.with_columns(pl.lit(None, EVENTS[c]).alias(c) for c in columns
                               if c not in events.columns)


def _fmt(template: str, *values: pl.Expr) -> pl.Expr:
    """``template`` with each '{}' replaced by the next of ``values`` (JSON braces are literal)."""
    pieces = template.split("{}")
    assert len(pieces) == len(values) + 1, template
    parts: list[pl.Expr] = [pl.lit(pieces[0])]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts += [value.cast(pl.String), pl.lit(piece)]
    return pl.concat_str(parts)


def json_text(expr: pl.Expr) -> pl.Expr:
    """Each value as JSON ('"text"', 12, null)."""
    encoded = pl.struct(expr.alias("v")).struct.json_encode()
    return encoded.str.slice(5, encoded.str.len_chars() - 6)


def _filler_turns(n_turns: pl.Expr, message: str) -> pl.Expr:
    """``n_turns - 1`` earlier messages (empty) before the last user turn."""
    return pl.lit(message).repeat_by((n_turns.fill_null(1) - 1).clip(0, 50)).list.join("")


def _attribute(key: str, kind: str, value: pl.Expr) -> pl.Expr:
    """One OTLP attribute (null when ``value`` is): text and integers as JSON strings."""
    encoded = value if kind == "doubleValue" else json_text(value.cast(pl.String))
    return pl.when(value.is_not_null()).then(
        _fmt('{"key":"' + key + '","value":{"' + kind + '":{}}}', encoded))


def _span(ts_ns: pl.Expr) -> pl.Expr:
    system = _fmt('[{"type":"text","content":{}}]', json_text(pl.col("system_prompt")))
    image = pl.when(pl.col("has_image").fill_null(False)).then(
        pl.lit(',{"type":"blob","modality":"image","mime_type":"image/png"}')).otherwise(pl.lit(""))
    messages = _fmt('[{}{"role":"user","parts":[{"type":"text","content":{}}{}]}]',
                         _filler_turns(pl.col("n_turns"), '{"role":"assistant","parts":[]},'),
                         json_text(pl.col("prompt").fill_null("")), image)
    tools = _fmt("[{}]", pl.lit('{"type":"function","name":"tool"}')
                      .repeat_by(pl.col("tools_declared").fill_null(0).clip(0, 64)).list.join(","))
    attributes = [
        pl.lit('{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}'),
        pl.lit('{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}}'),
        _attribute("gen_ai.request.model", "stringValue", pl.col("model")),
        _attribute("gen_ai.usage.input_tokens", "intValue", pl.col("input_tokens")),
        _attribute("gen_ai.usage.output_tokens", "intValue", pl.col("output_tokens")),
        _attribute("gen_ai.request.max_tokens", "intValue", pl.col("max_tokens")),
        _attribute("gen_ai.request.temperature", "doubleValue", pl.col("temperature")),
        _attribute("gen_ai.input.messages", "stringValue", messages),
        _attribute("gen_ai.system_instructions", "stringValue",
                   pl.when(pl.col("system_prompt").is_not_null()).then(system)),
        _attribute("gen_ai.tool.definitions", "stringValue",
                   pl.when(pl.col("tools_declared") > 0).then(tools)),
        _attribute("client.address", "stringValue", pl.col("ip")),
        _attribute("user_agent.original", "stringValue", pl.col("user_agent")),
        _attribute("user.id", "stringValue", pl.col("account_id")),
    ]
    span_id = pl.col("request_id").hash(seed=11).cast(pl.String)
    return _fmt(
        '{"traceId":"{}","spanId":"{}","name":{},"kind":3,"startTimeUnixNano":"{}",'
        '"endTimeUnixNano":"{}","attributes":[{}],"status":{}}',
        pl.col("request_id").hash(seed=13).cast(pl.String), span_id,
        json_text(_fmt("chat {}", pl.col("model"))), ts_ns, ts_ns + 1_000_000_000,
        pl.concat_list(attributes).list.drop_nulls().list.join(","), pl.lit("{}"))


def write_otel(events: pl.DataFrame, path: str | Path) -> Path:
    """``events`` as OTLP JSON Lines (GenAI semantic conventions 1.37 attributes, content
    capture on), SPANS_PER_LINE spans per export request; request ids become span ids."""
    ts_ns = pl.col("ts").dt.epoch("ns")
    out = Path(path)
    with out.open("w", encoding="utf-8") as fh:
        for part in _complete(events, OTEL_COLUMNS).iter_slices(WRITE_ROWS):
            lines = (part.select(_span(ts_ns).alias("span")).with_row_index("i")
                     .group_by(pl.col("i") // SPANS_PER_LINE, maintain_order=True)
                     .agg(pl.col("span").str.join(","))
                     .select(_fmt('{"resourceSpans":[{"resource":{"attributes":[{"key":'
                                  '"service.name","value":{"stringValue":"sim-gateway"}}]},'
                                  '"scopeSpans":[{"scope":{"name":"opentelemetry.'
                                  'instrumentation.openai_v2"},"spans":[{}]}]}]}',
                                  pl.col("span"))))
            fh.write("\n".join(lines.to_series().to_list()) + "\n")
    return out


def spend_logs(events: pl.DataFrame) -> pl.DataFrame:
    """``events`` as rows of LiteLLM's spend-log table (LiteLLM 1.108 schema.prisma), prompts
    stored (``store_prompts_in_spend_logs``); JSON columns hold their JSON text."""
    image = pl.when(pl.col("has_image").fill_null(False)).then(
        pl.lit(',{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}')
    ).otherwise(pl.lit(""))
    system = pl.when(pl.col("system_prompt").is_not_null()).then(
        _fmt('{"role":"system","content":{}},', json_text(pl.col("system_prompt")))
    ).otherwise(pl.lit(""))
    messages = _fmt('[{}{}{"role":"user","content":[{"type":"text","text":{}}{}]}]', system,
                         _filler_turns(pl.col("n_turns"), '{"role":"assistant","content":""},'),
                         json_text(pl.col("prompt").fill_null("")), image)
    tools = pl.lit('{"type":"function","function":{"name":"tool"}}').repeat_by(
        pl.col("tools_declared").fill_null(0).clip(0, 64)).list.join(",")
    request = _fmt('{"model":{},"max_tokens":{},"temperature":{},"tools":[{}]}',
                        json_text(pl.col("model")), json_text(pl.col("max_tokens")),
                        json_text(pl.col("temperature")), tools)
    metadata = _fmt('{"user_api_key_user_id":{},"requester_ip_address":{},"user_agent":{},'
                         '"additional_usage_values":{"completion_tokens_details":'
                         '{"reasoning_tokens":{}}},"status":"success"}',
                         json_text(pl.col("account_id")), json_text(pl.col("ip")),
                         json_text(pl.col("user_agent")), json_text(pl.col("reasoning_tokens")))
    iso = "%Y-%m-%dT%H:%M:%S%.6fZ"
    return _complete(events, LITELLM_COLUMNS).select(
        "request_id", pl.lit("acompletion").alias("call_type"),
        pl.col("api_key_id").fill_null("").alias("api_key"), pl.lit(0.0).alias("spend"),
        (pl.col("input_tokens") + pl.col("output_tokens")).alias("total_tokens"),
        pl.col("input_tokens").alias("prompt_tokens"),
        pl.col("output_tokens").alias("completion_tokens"),
        pl.col("ts").dt.strftime(iso).alias("startTime"),
        (pl.col("ts") + pl.duration(seconds=1)).dt.strftime(iso).alias("endTime"),
        "model", pl.col("account_id").alias("user"), metadata.alias("metadata"),
        pl.col("org_id").alias("organization_id"),
        pl.col("ip").alias("requester_ip_address"), messages.alias("messages"),
        pl.lit("{}").alias("response"), pl.lit("success").alias("status"),
        request.alias("proxy_server_request"))


def write_litellm(events: pl.DataFrame, path: str | Path) -> Path:
    """Spend logs as JSON Lines (``.jsonl``) or CSV (``.csv``), by the file's extension."""
    out = Path(path)
    with out.open("wb") as fh:
        for i, part in enumerate(events.iter_slices(WRITE_ROWS)):
            rows = spend_logs(part)
            if out.suffix == ".csv":
                rows.write_csv(fh, include_header=i == 0)
            else:
                rows.write_ndjson(fh)
    return out
