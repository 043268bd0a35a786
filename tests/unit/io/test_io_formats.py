"""io.formats: column maps (rename, JSON path, epoch and ISO times, constants), LiteLLM spend logs and OTLP
JSON spans read as contract events, with bad rows quarantined and counts that add up.

Consumes small files written under tmp_path; the real producers run in tests/integration/test_formats_cli.py."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from distillguard.config import Config, IOConfig, load_config
from distillguard.errors import ConfigError, InputError
from distillguard.io.formats import detect_format
from distillguard.io.formats.columns import messages_digest
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.readers import resolve_table
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.signals import Coverage
from distillguard.io.summary import Counts
from distillguard.io.validate import iter_valid_batches


def read(path: Path, cfg: IOConfig, fmt: str) -> tuple[pl.DataFrame, Counts, list[dict], Coverage]:
    counts, coverage = Counts(), Coverage()
    with QuarantineWriter(path.parent / "q.jsonl", value_chars=200) as quarantine:
        frames = list(iter_valid_batches(path, EVENTS_SPEC, cfg, quarantine, counts, fmt=fmt,
                                         coverage=coverage))
    counts.check()
    bad = [json.loads(x) for x in (path.parent / "q.jsonl").read_text().splitlines()]
    clean = pl.concat(frames) if frames else pl.DataFrame(schema=EVENTS_SPEC.schema)
    return clean, counts, bad, coverage


def columns_cfg(columns: dict) -> IOConfig:
    return Config.model_validate({"io": {"columns": columns}}).io


# ------------------------------------------------------------------ io.columns


def test_column_map_renames_reads_json_paths_parses_epochs_and_fills_constants(tmp_path: Path):
    rows = [{"id": "r1", "when": 1714564800123, "customer": "c1", "meta": {"client": {"ip": "192.0.2.9"}},
             "text": "hello", "in": 3, "out": 4},
            {"id": "r2", "when": "yesterday", "customer": "c2", "meta": {}, "text": "hi", "in": 1,
             "out": 2}]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cfg = columns_cfg({"request_id": "id", "ts": {"column": "when", "parse": "epoch_ms"},
                       "account_id": "customer", "ip": {"column": "meta", "path": "client.ip"},
                       "prompt": "text", "input_tokens": "in", "output_tokens": "out",
                       "model": {"const": "gpt-x"}})
    clean, counts, bad, coverage = read(path, cfg, "contract")
    assert (counts.read, counts.used, counts.quarantined) == (2, 1, 1)
    row = clean.row(0, named=True)
    assert (row["request_id"], row["account_id"], row["ip"], row["model"]) == \
        ("r1", "c1", "192.0.2.9", "gpt-x")
    assert row["ts"].isoformat() == "2024-05-01T12:00:00.123000+00:00"
    assert bad[0]["row"] == 2 and bad[0]["reason"].startswith("bad_timestamp")
    assert coverage.with_value["ip"] == 1


def test_column_map_reads_csv_with_epoch_seconds_and_no_ip(tmp_path: Path):
    path = tmp_path / "export.csv"
    pl.DataFrame({"rid": ["a", "b"], "t": ["1714564800", "1714564801.5"], "user": ["u", "u"],
                  "m": ["m1", "m1"], "p": ["x", "y"], "i": ["1", "2"], "o": ["3", "4"]}
                 ).write_csv(path)
    cfg = columns_cfg({"request_id": "rid", "ts": {"column": "t", "parse": "epoch_s"},
                       "account_id": "user", "model": "m", "prompt": "p", "input_tokens": "i",
                       "output_tokens": "o"})
    clean, counts, _bad, coverage = read(path, cfg, "contract")
    assert counts.used == 2 and clean["ip"].null_count() == 2
    assert clean["ts"].dt.epoch("ms").to_list() == [1714564800000, 1714564801500]
    assert [s["column"] for s in coverage.signals()][:2] == ["ip", "max_tokens"]


def test_column_map_errors_are_one_line(tmp_path: Path):
    path = tmp_path / "e.jsonl"
    path.write_text('{"a": 1}\n')
    with pytest.raises(ConfigError, match="unknown events column 'tss'"):
        read(path, columns_cfg({"tss": "a"}), "contract")
    with pytest.raises(InputError, match="required column 'request_id' is missing"):
        read(path, columns_cfg({"ts": "a"}), "contract")
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("io:\n  columns:\n    ts: {column: a, const: 1}\n")
    with pytest.raises(ConfigError, match="const or column"):
        load_config(bad_map)


# ------------------------------------------------------------------ LiteLLM spend logs

SPEND = {"request_id": "chatcmpl-1", "call_type": "acompletion", "api_key": "88dc28d0f03",
         "spend": 0.0001, "total_tokens": 30, "prompt_tokens": 10, "completion_tokens": 20,
         "startTime": "2026-03-01T10:00:00.123000Z", "endTime": "2026-03-01T10:00:01Z",
         "model": "gpt-4o", "user": "u-1", "end_user": "customer-9", "team_id": "team-a",
         "metadata": {"user_api_key_alias": "alias-1", "requester_ip_address": "198.51.100.7",
                      "user_agent": "OpenAI/Python 1.50.0",
                      "additional_usage_values": {"completion_tokens_details":
                                                  {"reasoning_tokens": 12}}},
         "messages": [{"role": "system", "content": "sys"},
                      {"role": "user", "content": "first"}, {"role": "assistant", "content": "a"},
                      {"role": "user", "content": [{"type": "text", "text": "second"}]}],
         "proxy_server_request": {"max_tokens": 512, "temperature": 0.2,
                                  "tools": [{"type": "function"}, {"type": "function"}]},
         "response": {}, "status": "success"}


def test_litellm_jsonl_maps_the_spend_log_columns(tmp_path: Path):
    path = tmp_path / "spend.jsonl"
    unstored = {**SPEND, "request_id": "chatcmpl-2", "messages": {}, "proxy_server_request": {},
                "user": "", "metadata": {"user_api_key_alias": "alias-2"},
                "requester_ip_address": "203.0.113.4", "status": "failure"}
    broken = {**SPEND, "request_id": "chatcmpl-3", "prompt_tokens": -1}
    path.write_text("".join(json.dumps(r) + "\n" for r in (SPEND, unstored, broken)) + "{oops\n")
    clean, counts, bad, coverage = read(path, IOConfig(), "litellm")
    assert (counts.read, counts.used, counts.quarantined) == (4, 2, 2)
    first, second = clean.sort("request_id").iter_rows(named=True)
    assert (first["account_id"], first["ip"], first["prompt"], first["system_prompt"]) == \
        ("u-1", "198.51.100.7", "second", "sys")
    assert (first["n_turns"], first["tools_declared"], first["max_tokens"],
            first["temperature"], first["reasoning_tokens"]) == (3, 2, 512, 0.2, 12)
    assert (first["org_id"], first["api_key_id"], first["user_agent"], first["status"]) == \
        ("team-a", "88dc28d0f03", "OpenAI/Python 1.50.0", "ok")
    # prompts not stored: the row is used, the prompt is missing, the account falls back
    assert (second["account_id"], second["ip"], second["prompt"], second["status"]) == \
        ("alias-2", "203.0.113.4", None, "error")
    assert sorted(b["reason"].split(":")[0] for b in bad) == ["invalid_json", "negative_value"]
    assert coverage.with_value["prompt"] == 1


def test_litellm_csv_and_account_choice(tmp_path: Path):
    path = tmp_path / "spend.csv"
    flat = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in SPEND.items()}
    pl.DataFrame([flat]).write_csv(path)
    cfg = IOConfig(litellm_account=["end_user"])
    clean, counts, _bad, _coverage = read(path, cfg, "auto")
    assert counts.used == 1 and clean["account_id"].to_list() == ["customer-9"]
    assert clean["prompt"].to_list() == ["second"] and clean["ip"].to_list() == ["198.51.100.7"]
    assert detect_format(resolve_table(path, "events")) == "litellm"


# ------------------------------------------------------------------ OTLP JSON spans


def attribute(key: str, value: object) -> dict:
    kind = ("intValue" if isinstance(value, int) else "doubleValue" if isinstance(value, float)
            else "stringValue")
    return {"key": key, "value": {kind: str(value) if kind == "intValue" else value}}


def span(span_id: str, attributes: dict, events: list | None = None) -> dict:
    return {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": span_id, "name": "chat",
            "startTimeUnixNano": "1772359200000000000", "endTimeUnixNano": "1772359201000000000",
            "attributes": [attribute(k, v) for k, v in attributes.items()],
            "events": events or [], "status": {}}


def export_line(spans: list[dict], resource: dict) -> str:
    return json.dumps({"resourceSpans": [{"resource": {"attributes": [
        attribute(k, v) for k, v in resource.items()]}, "scopeSpans": [{"scope": {"name": "x"},
                                                                       "spans": spans}]}]})


def test_otel_reads_model_call_spans_old_and_new_conventions(tmp_path: Path):
    usage = {"gen_ai.request.model": "m1", "gen_ai.usage.input_tokens": 5,
             "gen_ai.usage.output_tokens": 7}
    current = span("a1", {"gen_ai.operation.name": "chat", **usage, "user.id": "acct-1",
                          "gen_ai.input.messages": json.dumps(
                              [{"role": "user", "parts": [{"type": "text", "content": "new"}]}]),
                          "gen_ai.request.max_tokens": 100, "gen_ai.request.temperature": 0.0,
                          "gen_ai.tool.definitions": json.dumps([{"name": "t"}])})
    indexed = span("a2", {**usage, "gen_ai.prompt.0.role": "user",
                          "gen_ai.prompt.0.content": "indexed", "gen_ai.system": "openai"})
    evented = span("a3", {"gen_ai.operation.name": "chat", **usage}, events=[
        {"name": "gen_ai.user.message", "attributes": [attribute("content", "evented")]}])
    http = span("a4", {"http.request.method": "POST"})
    tool = span("a5", {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "t"})
    path = tmp_path / "traces.json"
    path.write_text(export_line([current, indexed], {"client.address": "192.0.2.1",
                                                     "user.id": "acct-0"}) + "\n\n"
                    + export_line([evented, http, tool], {"enduser.id": "acct-2"}) + "\n"
                    + '{"resourceSpans": [\n')
    clean, counts, bad, _coverage = read(path, IOConfig(), "otel")
    assert (counts.read, counts.used, counts.quarantined) == (4, 3, 1)
    assert bad[0]["row"] == 4 and bad[0]["reason"].startswith("invalid_json")
    rows = {r["request_id"]: r for r in clean.iter_rows(named=True)}
    assert rows["a1"]["prompt"] == "new" and rows["a2"]["prompt"] == "indexed"
    assert rows["a3"]["prompt"] == "evented"
    # span attributes first, resource attributes fill the gaps
    assert (rows["a1"]["account_id"], rows["a2"]["account_id"], rows["a3"]["account_id"]) == \
        ("acct-1", "acct-0", "acct-2")
    assert rows["a1"]["ip"] == rows["a2"]["ip"] == "192.0.2.1" and rows["a3"]["ip"] is None
    assert (rows["a1"]["max_tokens"], rows["a1"]["temperature"], rows["a1"]["tools_declared"],
            rows["a1"]["input_tokens"]) == (100, 0.0, 1, 5)
    assert rows["a1"]["ts"].isoformat() == "2026-03-01T10:00:00+00:00"
    assert detect_format(resolve_table(path, "events")) == "otel"


def test_io_columns_with_another_format_is_a_config_error(tmp_path: Path):
    path = tmp_path / "spend.jsonl"
    path.write_text(json.dumps(SPEND) + "\n")
    with pytest.raises(ConfigError, match=r"io\.columns"):
        read(path, columns_cfg({"account_id": "user"}), "litellm")


def test_messages_digest_reads_both_shapes_and_plain_text():
    digest = messages_digest(pl.Series([
        json.dumps([{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]),
        "just a prompt", None, "{}"]))
    assert digest.rows() == [("", 1, True, None), ("just a prompt", None, None, None),
                             (None, None, None, None), (None, None, None, None)]


def test_otel_reads_numbers_where_the_json_mapping_puts_text(tmp_path: Path):
    """Some encoders write intValue as a JSON number and enums as names: still read (slower path)."""
    failed = span("b1", {"gen_ai.operation.name": "chat", "gen_ai.request.model": "m1",
                         "gen_ai.usage.output_tokens": 7, "user.id": "acct-1"})
    failed["attributes"].append({"key": "gen_ai.usage.input_tokens", "value": {"intValue": 5}})
    failed["status"] = {"code": "STATUS_CODE_ERROR"}
    path = tmp_path / "traces.jsonl"
    path.write_text(export_line([failed], {}) + "\n")
    clean, counts, _bad, coverage = read(path, IOConfig(), "otel")
    assert counts.used == 1 and clean["input_tokens"].to_list() == [5]
    assert clean["status"].to_list() == ["error"]
    assert [s["column"] for s in coverage.signals()][:2] == ["prompt", "ip"]
