"""validate_batch: every rule, reason text with its rule id, clean schema, row numbers.

Consumes one-to-three-row frames; checks the clean / bad split."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pytest

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.readers import PRE_REASON_COL, ROW_COL
from distillguard.io.rules import RULES
from distillguard.io.schema import ACCOUNTS_SPEC, EVENTS, EVENTS_SPEC, RELEASES_SPEC
from distillguard.io.validate import validate_batch
from tests.unit.io.io_helpers import event


def run(rows: list[dict[str, Any]], cfg: IOConfig | None = None,
        spec: Any = EVENTS_SPEC) -> tuple[pl.DataFrame, pl.DataFrame]:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    df = pl.DataFrame(rows, schema={c: pl.String for c in columns})
    return validate_batch(df, spec, cfg or IOConfig())


def reason_of(overrides: dict[str, Any], cfg: IOConfig | None = None) -> str:
    clean, bad = run([event(1, **overrides)], cfg)
    assert clean.height == 0, f"row with {overrides} was not quarantined"
    return bad["reason"][0]


def test_valid_row_is_typed_with_exact_schema() -> None:
    clean, bad = run([event(1, has_image="yes", temperature="0.5", n_turns="3", asn="64500")])
    assert bad.height == 0
    assert clean.schema == EVENTS
    row = clean.row(0, named=True)
    assert row["ts"] == datetime(2024, 5, 1, 12, 1, tzinfo=UTC)
    assert (row["input_tokens"], row["has_image"], row["temperature"]) == (11, True, 0.5)
    assert row["org_id"] is None  # absent optional column → null


@pytest.mark.parametrize(
    ("overrides", "rule", "detail"),
    [
        ({"request_id": None}, "missing_value", "'request_id'"),
        ({"request_id": ""}, "missing_value", "'request_id'"),
        ({"account_id": ""}, "missing_value", "'account_id'"),
        ({"model": ""}, "missing_value", "'model'"),
        ({"ip": ""}, "missing_value", "'ip'"),
        ({"ts": None}, "missing_value", "'ts'"),
        ({"input_tokens": ""}, "missing_value", "'input_tokens'"),
        ({"prompt": None}, "missing_value", "'prompt'"),
        ({"prompt": ""}, "missing_value", "prompt is empty and has_image is not true"),
        ({"prompt": "", "has_image": "false"}, "missing_value", "has_image is not true"),
        ({"ts": "yesterday"}, "bad_timestamp", "ts 'yesterday'"),
        ({"ts": "1999-12-31T23:59:59Z"}, "timestamp_out_of_range", "2000–2100"),
        ({"ts": "2101-01-01"}, "timestamp_out_of_range", "ts '2101-01-01'"),
        ({"ip": "999.1.1.1"}, "invalid_ip", "ip '999.1.1.1' is not an IPv4/IPv6 address"),
        ({"input_tokens": "-1"}, "negative_value", "input_tokens '-1'"),
        ({"output_tokens": "1.5"}, "not_integer", "output_tokens '1.5'"),
        ({"output_tokens": "many"}, "not_integer", "output_tokens 'many'"),
        ({"reasoning_tokens": "-2"}, "negative_value", "reasoning_tokens"),
        ({"max_tokens": "-1"}, "negative_value", "max_tokens"),
        ({"tools_declared": "-1"}, "negative_value", "tools_declared"),
        ({"n_turns": "0"}, "below_minimum", "n_turns '0' is below 1"),
        ({"n_turns": "-1"}, "negative_value", "n_turns"),
        ({"asn": "AS15169"}, "not_integer", "asn"),
        ({"temperature": "-0.1"}, "negative_value", "temperature"),
        ({"temperature": "nan"}, "not_number", "temperature 'nan'"),
        ({"temperature": "hot"}, "not_number", "temperature"),
        ({"has_image": "maybe"}, "not_boolean", "has_image 'maybe'"),
        ({"prompt": "x" * 21}, "too_long", "prompt is longer than 20 characters"),
        ({"system_prompt": "x" * 21}, "too_long", "system_prompt"),
        ({"user_agent": "x" * 31}, "too_long", "user_agent is longer than 30 characters"),
        ({"ip": "1" * 31}, "too_long", "ip is longer than 30 characters"),
    ],
)
def test_each_rule_quarantines_with_its_id(overrides: dict[str, Any], rule: str,
                                           detail: str) -> None:
    cfg = IOConfig(max_prompt_chars=20, max_field_chars=30)
    reason = reason_of(overrides, cfg)
    assert reason.startswith(f"{rule}: ")
    assert detail in reason


def test_limits_count_characters_not_bytes() -> None:
    cfg = IOConfig(max_prompt_chars=20, max_field_chars=30)
    clean, bad = run([event(1, prompt="é" * 20, user_agent="ü" * 30)], cfg)
    assert (clean.height, bad.height) == (1, 0)


def test_empty_prompt_allowed_with_image() -> None:
    clean, bad = run([event(1, prompt="", has_image="true")])
    assert (clean.height, bad.height) == (1, 0)
    assert clean["prompt"].to_list() == [""]


def test_several_reasons_are_joined() -> None:
    reason = reason_of({"ip": "1.2.3", "ts": "soon", "input_tokens": "-5"})
    ids = [part.split(":")[0] for part in reason.split("; ")]
    assert ids == ["bad_timestamp", "invalid_ip", "negative_value"]


def test_every_rule_id_is_snake_case() -> None:
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.id)


def test_long_values_are_cut_in_reasons() -> None:
    reason = reason_of({"ts": "9" * 500})
    assert len(reason) < 200 and "…" in reason


def test_optional_empty_text_becomes_null_and_ip_is_canonical() -> None:
    clean, _ = run([event(1, org_id="", ip="2001:DB8::1", country="FR")])
    assert clean["org_id"].to_list() == [None]
    assert clean["ip"].to_list() == ["2001:db8::1"]
    assert clean["country"].to_list() == ["FR"]


def test_integral_floats_and_whitespace_are_accepted() -> None:
    clean, _ = run([event(1, input_tokens="2.0", output_tokens=" 7 ", n_turns="1e1")])
    assert clean.select("input_tokens", "output_tokens", "n_turns").row(0) == (2, 7, 10)


def test_empty_optional_numbers_are_absent_not_bad() -> None:
    clean, bad = run([event(1, asn="", temperature=" ", has_image="")])
    assert bad.height == 0
    assert clean.select("asn", "temperature", "has_image").row(0) == (None, None, None)


def test_invalid_utf8_in_binary_column() -> None:
    df = pl.DataFrame([event(1), event(2)]).with_columns(
        pl.Series("prompt", [b"fine", b"bad \xff"]), pl.Series("account_id", [b"a1", b"a2"]))
    clean, bad = validate_batch(df, EVENTS_SPEC, IOConfig())
    assert clean["prompt"].to_list() == ["fine"]
    assert bad["reason"].to_list() == ["invalid_utf8: prompt is not valid UTF-8"]
    assert bad["prompt"].to_list() == [b"bad \xff"]  # the original bytes, for the record


def test_row_numbers_and_parser_reasons_are_kept() -> None:
    df = pl.DataFrame([event(1), event(2), event(3, ip="x")]).with_columns(
        pl.Series(ROW_COL, [10, 11, 12]),
        pl.Series(PRE_REASON_COL, [None, "wrong_type: prompt is a JSON object, expected a "
                                         "string", None]))
    clean, bad = validate_batch(df, EVENTS_SPEC, IOConfig())
    assert clean["request_id"].to_list() == ["r1"]
    assert bad["row"].to_list() == [11, 12]
    assert bad["reason"][0].startswith("wrong_type: prompt")
    assert bad["reason"][1].startswith("invalid_ip")
    assert ROW_COL not in bad.columns and PRE_REASON_COL not in bad.columns
    assert bad.columns[:2] == ["row", "reason"]


def test_default_row_numbers_are_one_based() -> None:
    _, bad = run([event(1), event(2, ts="x")])
    assert bad["row"].to_list() == [2]


def test_missing_required_column_is_an_input_error() -> None:
    df = pl.DataFrame([event(1)]).drop("ts")
    with pytest.raises(InputError, match="required column 'ts' is missing"):
        validate_batch(df, EVENTS_SPEC, IOConfig())


def test_typed_parquet_style_columns() -> None:
    df = pl.DataFrame({
        "request_id": ["r1", "r2", "r3"],
        "ts": pl.Series([datetime(2024, 1, 1), datetime(2024, 1, 2), datetime(1990, 1, 1)])
        .cast(pl.Datetime("ms")),
        "account_id": [1, 2, 3],  # integer ids are read as text
        "ip": ["1.1.1.1"] * 3,
        "model": ["m"] * 3,
        "prompt": ["p"] * 3,
        "input_tokens": pl.Series([1, 2**63, 3], dtype=pl.UInt64),
        "output_tokens": [1.0, 2.0, 3.0],
        "has_image": [True, False, None],
        "temperature": pl.Series([1, 0, 2], dtype=pl.Int32),
    })
    clean, bad = validate_batch(df, EVENTS_SPEC, IOConfig())
    assert clean["request_id"].to_list() == ["r1"]
    assert clean["account_id"].to_list() == ["1"]
    assert clean["ts"].to_list() == [datetime(2024, 1, 1, tzinfo=UTC)]
    assert clean["temperature"].to_list() == [1.0]
    assert bad["reason"].to_list() == [
        "not_integer: input_tokens '9223372036854775808' is not an integer",
        "timestamp_out_of_range: ts '1990-01-01 00:00:00.000' is outside the years 2000–2100",
    ]


def test_accounts_rules() -> None:
    rows = [
        {"account_id": "a1", "created_at": "2024-01-01", "verified": "yes", "tier": "anything"},
        {"account_id": "", "created_at": "2024-01-01", "verified": "no", "tier": "pro"},
        {"account_id": "a3", "created_at": "long ago", "verified": "sure", "tier": "pro"},
        {"account_id": "a4", "created_at": None, "verified": None, "tier": None,
         "signup_ip": "300.1.1.1"},
    ]
    clean, bad = run(rows, spec=ACCOUNTS_SPEC)
    assert clean["account_id"].to_list() == ["a1"]
    assert clean["verified"].to_list() == [True]
    assert clean["tier"].to_list() == ["anything"]
    reasons = bad["reason"].to_list()
    assert reasons[0].startswith("missing_value: required column 'account_id'")
    assert reasons[1] == ("bad_timestamp: created_at 'long ago' is not an ISO-8601 timestamp; "
                          "not_boolean: verified 'sure' is not a boolean (true/false/1/0/yes/no)")
    assert reasons[2].startswith("invalid_ip: signup_ip '300.1.1.1'")


def test_releases_rules() -> None:
    rows = [{"model": "m1", "released_at": "2024-03-01T00:00:00Z"},
            {"model": "m2", "released_at": None}]
    clean, bad = run(rows, spec=RELEASES_SPEC)
    assert clean.columns == ["model", "released_at"]
    assert bad["reason"].to_list() == ["missing_value: required column 'released_at' is null "
                                       "or empty"]


def test_empty_batch() -> None:
    df = pl.DataFrame(schema={c: pl.String for c in EVENTS_SPEC.required})
    clean, bad = validate_batch(df, EVENTS_SPEC, IOConfig())
    assert clean.schema == EVENTS and clean.height == 0
    assert bad.height == 0 and bad.columns[:2] == ["row", "reason"]
