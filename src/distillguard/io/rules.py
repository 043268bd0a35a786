"""Validation rules as data: each quarantine reason starts with a rule id, and the limits they check.

Consumed by io.plans (which rule applies to a value), io.validate (reason text) and io.summary
(histograms of rule ids)."""

from __future__ import annotations

from collections import Counter
from enum import IntEnum
from typing import NamedTuple

import polars as pl

from distillguard.errors import CONTROL_ESCAPES

LONG_TEXT = frozenset({"prompt", "system_prompt"})  # limited by max_prompt_chars
IP_COLUMNS = frozenset({"ip", "signup_ip"})
EMPTY_ALLOWED = frozenset({"prompt"})  # may be "" when has_image is true
MINIMUM: dict[str, int] = {
    "input_tokens": 0,
    "output_tokens": 0,
    "reasoning_tokens": 0,
    "max_tokens": 0,
    "tools_declared": 0,
    "asn": 0,
    "n_turns": 1,
}
FUTURE_CHECKED = frozenset({"ts", "created_at"})  # later than the newest plausible time: quarantined
SHOWN_CHARS = 60  # a value quoted inside a reason is cut to this many characters


class Code(IntEnum):
    """Per-value outcome of validation; 0 is fine, the rest name a rule."""

    OK = 0
    MISSING = 1
    INVALID_UTF8 = 2
    TOO_LONG = 3
    BAD_TIMESTAMP = 4
    TIMESTAMP_RANGE = 5
    INVALID_IP = 6
    NOT_INTEGER = 7
    NEGATIVE = 8
    BELOW_MINIMUM = 9
    NOT_NUMBER = 10
    NOT_BOOLEAN = 11
    EMPTY_PROMPT = 12
    TIMESTAMP_FUTURE = 13


class Rule(NamedTuple):
    id: str
    message: str  # '{col}' is the column; '{}' (when present) becomes the quoted value


RULES: dict[Code, Rule] = {
    Code.MISSING: Rule("missing_value", "required column '{col}' is null or empty"),
    Code.INVALID_UTF8: Rule("invalid_utf8", "{col} is not valid UTF-8"),
    Code.TOO_LONG: Rule("too_long", "{col} is longer than {limit} characters"),
    Code.BAD_TIMESTAMP: Rule("bad_timestamp", "{col} '{}' is not an ISO-8601 timestamp"),
    Code.TIMESTAMP_RANGE: Rule(
        "timestamp_out_of_range", "{col} '{}' is outside the years {min_year}–{max_year}"),
    Code.INVALID_IP: Rule("invalid_ip", "{col} '{}' is not an IPv4/IPv6 address"),
    Code.NOT_INTEGER: Rule("not_integer", "{col} '{}' is not an integer"),
    Code.NEGATIVE: Rule("negative_value", "{col} '{}' is negative"),
    Code.BELOW_MINIMUM: Rule("below_minimum", "{col} '{}' is below {minimum}"),
    Code.NOT_NUMBER: Rule("not_number", "{col} '{}' is not a finite number"),
    Code.NOT_BOOLEAN: Rule("not_boolean", "{col} '{}' is not a boolean (true/false/1/0/yes/no)"),
    Code.EMPTY_PROMPT: Rule("missing_value", "{col} is empty and has_image is not true"),
    Code.TIMESTAMP_FUTURE: Rule(
        "timestamp_in_future", "{col} '{}' is later than {latest} (io.future_skew_hours past the "
                               "present or the file's time)"),
}
"""Every reason written to quarantine.jsonl starts with one of these ids (or a parser's:
ragged_row, invalid_json, not_object, invalid_utf8, wrong_type)."""


def parser_rule_counts(reasons: pl.Series) -> Counter[str]:
    """Rule ids of reasons written by the readers ("rule: detail; rule: detail")."""
    ids = reasons.drop_nulls().str.split("; ").explode().str.extract(r"^([a-z][a-z0-9_]*):")
    return Counter({k: v for k, v in ids.drop_nulls().value_counts().iter_rows()})


def shown(e: pl.Expr) -> pl.Expr:
    """A value as quoted in a reason: text with control characters escaped (errors.printable),
    cut to SHOWN_CHARS with an ellipsis.

    Examples
    --------
    >>> pl.select(shown(pl.lit("a\\x1b[2J"))).item()
    'a\\\\x1b[2J'
    """
    text = e.cast(pl.String).str.slice(0, SHOWN_CHARS + 1)
    escaped = text.str.slice(0, SHOWN_CHARS).str.replace_many(list(CONTROL_ESCAPES),
                                                               list(CONTROL_ESCAPES.values()))
    return (pl.when(text.str.len_chars() > SHOWN_CHARS).then(escaped + "…").otherwise(escaped)
            .fill_null("null"))
