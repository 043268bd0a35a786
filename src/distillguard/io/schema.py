"""Column names and dtypes of the contract's tables (contract v1), in one place.

Consumed by readers, validation, the simulator and every later stage that needs a column name."""

from __future__ import annotations

import polars as pl

TS = pl.Datetime("us", "UTC")

EVENTS_REQUIRED: dict[str, pl.DataType] = {
    "request_id": pl.String(),
    "ts": TS,
    "account_id": pl.String(),
    "ip": pl.String(),
    "model": pl.String(),
    "prompt": pl.String(),
    "input_tokens": pl.Int64(),
    "output_tokens": pl.Int64(),
}
EVENTS_OPTIONAL: dict[str, pl.DataType] = {
    "org_id": pl.String(),
    "api_key_id": pl.String(),
    "asn": pl.Int64(),
    "country": pl.String(),
    "user_agent": pl.String(),
    "client_fingerprint": pl.String(),
    "surface": pl.String(),
    "system_prompt": pl.String(),
    "n_turns": pl.Int64(),
    "tools_declared": pl.Int64(),
    "has_image": pl.Boolean(),
    "reasoning_tokens": pl.Int64(),
    "max_tokens": pl.Int64(),
    "temperature": pl.Float64(),
    "status": pl.String(),
}
EVENTS: pl.Schema = pl.Schema({**EVENTS_REQUIRED, **EVENTS_OPTIONAL})

ACCOUNTS_REQUIRED: dict[str, pl.DataType] = {"account_id": pl.String()}
ACCOUNTS_OPTIONAL: dict[str, pl.DataType] = {
    "created_at": TS,
    "tier": pl.String(),
    "verified": pl.Boolean(),
    "email_domain": pl.String(),
    "payment_fingerprint": pl.String(),
    "signup_ip": pl.String(),
    "org_id": pl.String(),
}
ACCOUNTS: pl.Schema = pl.Schema({**ACCOUNTS_REQUIRED, **ACCOUNTS_OPTIONAL})

RELEASES_REQUIRED: dict[str, pl.DataType] = {"model": pl.String(), "released_at": TS}
RELEASES: pl.Schema = pl.Schema(RELEASES_REQUIRED)

TRUTH: pl.Schema = pl.Schema(
    {"account_id": pl.String(), "campaign_id": pl.String(), "actor": pl.String()}
)
EVENTS_TRUTH: pl.Schema = pl.Schema(
    {"request_id": pl.String(), "account_id": pl.String(), "campaign_id": pl.String(),
     "actor": pl.String()}
)

LABELS_REQUIRED: dict[str, pl.DataType] = {"account_id": pl.String(), "label": pl.Boolean()}
LABELS_OPTIONAL: dict[str, pl.DataType] = {"campaign_id": pl.String()}

TIERS = ("free", "pro", "team", "enterprise", "edu", "research", "startup")
SURFACES = ("api", "chat", "console", "cloud")
STATUSES = ("ok", "refused", "error", "rate_limited")
CAPABILITIES = (
    "reasoning",
    "cot_elicitation",
    "coding",
    "tool_use",
    "agentic",
    "vision",
    "sensitive_rewrite",
    "rubric_grading",
    "other",
)
# what the tagger tells apart: the contract's capabilities and synthetic-data generation (self-instruct,
# instruction evolution, query synthesis), which reports count under "other"
TAGGED_CAPABILITIES = (*CAPABILITIES, "data_generation")
REPORTED_AS = {"data_generation": "other"}


class TableSpec:
    """What validation needs to know about one contract table."""

    def __init__(self, name: str, required: dict[str, pl.DataType],
                 optional: dict[str, pl.DataType], key: str | None,
                 order: tuple[str, ...] | None = None) -> None:
        self.name = name
        self.required = required
        self.optional = optional
        self.key = key  # the column whose repeats are deduplicated (first row wins)
        self.order = order  # column order of ``schema`` (default: required, then optional)

    @property
    def schema(self) -> pl.Schema:
        columns = {**self.required, **self.optional}
        return pl.Schema({c: columns[c] for c in self.order} if self.order else columns)

    def with_optional(self, *names: str) -> TableSpec:
        """The same table with ``names`` optional (same column order): sources that may lack them."""
        schema = self.schema
        return TableSpec(self.name, {c: t for c, t in self.required.items() if c not in names},
                         {**{c: schema[c] for c in names}, **self.optional}, self.key,
                         order=tuple(schema))


EVENTS_SPEC = TableSpec("events", EVENTS_REQUIRED, EVENTS_OPTIONAL, key="request_id")
ACCOUNTS_SPEC = TableSpec("accounts", ACCOUNTS_REQUIRED, ACCOUNTS_OPTIONAL, key="account_id")
RELEASES_SPEC = TableSpec("releases", RELEASES_REQUIRED, {}, key="model")
# label 1/0 (also true/false); anything else is quarantined as not_boolean
# logs read through a format or a column map may lack prompt text (content capture off, prompts
# not stored) or client addresses: the scan runs on what is there and says which signals are off
SOURCE_OPTIONAL = ("prompt", "ip")
MAPPED_EVENTS_SPEC = EVENTS_SPEC.with_optional(*SOURCE_OPTIONAL)
LABELS_SPEC = TableSpec("labels", LABELS_REQUIRED, LABELS_OPTIONAL, key="account_id")
