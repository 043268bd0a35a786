"""--format litellm: LiteLLM proxy spend logs (the LiteLLM_SpendLogs table exported as JSON Lines or CSV).

Consumes an export of the spend-log table (schema of litellm/proxy/schema.prisma, LiteLLM 1.108); produces
the MappedFormat that turns its columns into the contract's events columns (io.formats.columns)."""

from __future__ import annotations

import polars as pl

from distillguard.config import IOConfig
from distillguard.io.formats.columns import (
    JSON_TEXT,
    MappedFormat,
    first_of,
    json_array_len,
    json_path,
    messages_digest,
)
from distillguard.io.schema import TableSpec

NAME = "LiteLLM spend logs"
# LiteLLM_SpendLogs columns read (all others are ignored); JSON columns may hold objects (JSON Lines)
# or their JSON text (CSV, or JSON Lines written from the database's text)
REQUIRED = {"request_id": pl.String(), "startTime": pl.String(), "model": pl.String(),
            "prompt_tokens": pl.Int64(), "completion_tokens": pl.Int64()}
OPTIONAL = {"api_key": pl.String(), "user": pl.String(), "end_user": pl.String(),
            "team_id": pl.String(), "organization_id": pl.String(),
            "requester_ip_address": pl.String(), "status": pl.String(),
            "litellm_call_id": pl.String(), "metadata": JSON_TEXT, "messages": JSON_TEXT,
            "proxy_server_request": JSON_TEXT, "response": JSON_TEXT}
STATUSES = {"success": "ok", "failure": "error"}


def _field(name: str) -> pl.Expr:
    """A spend-log column, or a dotted path inside its JSON (``metadata.user_api_key_alias``)."""
    column, _, path = name.partition(".")
    return json_path(column, path) if path else pl.col(column).cast(pl.String, strict=False)


def _request(path: str) -> pl.Expr:
    """A field of the stored request body (proxy_server_request; empty when prompts are not kept)."""
    return json_path("proxy_server_request", path)


def _from_messages(frame: pl.DataFrame) -> pl.DataFrame:
    """prompt, n_turns, has_image from ``messages`` (else the stored request body), and the
    number of tools the request declared."""
    stored = frame.select(pl.coalesce(
        pl.when(~pl.col("messages").cast(pl.String, strict=False).is_in(["{}", "[]", ""]))
        .then(pl.col("messages").cast(pl.String, strict=False)),
        _request("messages"))).to_series()
    tools = json_array_len(frame.select(_request("tools")).to_series())
    return messages_digest(stored).with_columns(tools.alias("tools_declared"))


def litellm_format(cfg: IOConfig) -> MappedFormat:
    """The map of LiteLLM spend logs onto the events columns; ``cfg.litellm_account`` names the
    fields that make the account."""
    columns = {
        # LiteLLM's own call id; request_id is the provider's response id (not unique across providers)
        "request_id": first_of([_field("litellm_call_id"), _field("request_id")]),
        "ts": pl.col("startTime"),
        "account_id": first_of([_field(f) for f in cfg.litellm_account]),
        "ip": first_of([_field("requester_ip_address"),
                        _field("metadata.requester_ip_address")]),
        "model": pl.col("model"),
        "input_tokens": pl.col("prompt_tokens"),
        "output_tokens": pl.col("completion_tokens"),
        "org_id": first_of([_field("organization_id"), _field("team_id")]),
        "api_key_id": _field("api_key"),
        "reasoning_tokens": first_of([
            _field("metadata.additional_usage_values.completion_tokens_details.reasoning_tokens"),
            _field("response.usage.completion_tokens_details.reasoning_tokens")]),
        "max_tokens": first_of([_request("max_tokens"), _request("max_completion_tokens")]),
        "temperature": _request("temperature"),
        "user_agent": _field("metadata.user_agent"),
        "status": pl.col("status").cast(pl.String, strict=False).str.to_lowercase()
        .replace(STATUSES),
    }
    return MappedFormat(NAME, TableSpec(NAME, REQUIRED, OPTIONAL, key=None), columns,
                        derive=_from_messages)
