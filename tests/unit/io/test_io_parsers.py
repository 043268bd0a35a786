"""Value parsers of io.validate: timestamps, IPs, integers, floats, booleans, text decoding.

Consumes tiny Series; checks the typed values (null = rejected)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from distillguard.io.ips import normalize_ips
from distillguard.io.parsers import (
    decode_text,
    parse_booleans,
    parse_floats,
    parse_integers,
    parse_timestamps,
    to_utc,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:34:56Z", utc(2024, 5, 1, 12, 34, 56)),
        ("2024-05-01T12:34:56.5Z", utc(2024, 5, 1, 12, 34, 56, 500_000)),
        ("2024-05-01T12:34:56.123456Z", utc(2024, 5, 1, 12, 34, 56, 123_456)),
        ("2024-05-01T12:34:56.123456789Z", utc(2024, 5, 1, 12, 34, 56, 123_456)),
        ("2024-05-01T12:34:56+02:00", utc(2024, 5, 1, 10, 34, 56)),
        ("2024-05-01T12:34:56-05:30", utc(2024, 5, 1, 18, 4, 56)),
        ("2024-05-01T12:34:56+0200", utc(2024, 5, 1, 10, 34, 56)),
        ("2024-05-01T12:34:56.250+00:00", utc(2024, 5, 1, 12, 34, 56, 250_000)),
        ("2024-05-01 12:34:56", utc(2024, 5, 1, 12, 34, 56)),
        ("2024-05-01 12:34:56.75", utc(2024, 5, 1, 12, 34, 56, 750_000)),
        ("2024-05-01 12:34:56Z", utc(2024, 5, 1, 12, 34, 56)),
        ("2024-05-01 12:34:56+01:00", utc(2024, 5, 1, 11, 34, 56)),
        ("2024-05-01T12:34:56", utc(2024, 5, 1, 12, 34, 56)),
        ("2024-05-01T12:34Z", utc(2024, 5, 1, 12, 34)),
        ("2024-05-01T12:34", utc(2024, 5, 1, 12, 34)),
        ("2024-05-01", utc(2024, 5, 1)),
        (" 2024-05-01T12:34:56Z ", utc(2024, 5, 1, 12, 34, 56)),
    ],
)
def test_timestamp_formats_accepted(text: str, expected: datetime) -> None:
    out = parse_timestamps(pl.Series([text]))
    assert out.dtype == pl.Datetime("us", "UTC")
    assert out.to_list() == [expected]


@pytest.mark.parametrize(
    "text",
    ["yesterday", "", "2024-13-01T00:00:00Z", "2024-02-30", "2024-05-01T25:00:00Z",
     "2024/05/01", "1714566896", "05/01/2024 12:00", "2024-05-01T12:34:56 garbage",
     "2024-05-01T12:34:56+25:00"],
)
def test_timestamp_rejected(text: str) -> None:
    assert parse_timestamps(pl.Series([text])).to_list() == [None]


def test_timestamps_mixed_batch_keeps_order_and_nulls() -> None:
    s = pl.Series(["2024-01-01", None, "bad", "2024-01-02T00:00:00Z", "2024-01-03 00:00:00"])
    assert parse_timestamps(s).to_list() == [
        utc(2024, 1, 1), None, None, utc(2024, 1, 2), utc(2024, 1, 3)]


def test_to_utc_handles_naive_aware_units_and_dates() -> None:
    naive = pl.Series([datetime(2024, 1, 1, 12)]).cast(pl.Datetime("ns"))
    paris = pl.Series([datetime(2024, 1, 1, 12)]).dt.replace_time_zone("Europe/Paris")
    days = pl.Series([date(2024, 1, 1)])
    assert to_utc(naive).to_list() == [utc(2024, 1, 1, 12)]
    assert to_utc(paris).to_list() == [utc(2024, 1, 1, 11)]
    assert to_utc(days).to_list() == [utc(2024, 1, 1)]
    assert to_utc(paris).dtype == pl.Datetime("us", "UTC")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1.2.3.4", "1.2.3.4"),
        ("255.255.255.255", "255.255.255.255"),
        ("0.0.0.0", "0.0.0.0"),
        (" 10.0.0.1 ", "10.0.0.1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::1", "::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("fe80::1", "fe80::1"),
    ],
)
def test_ip_accepted_and_canonical(text: str, canonical: str) -> None:
    assert normalize_ips(pl.Series([text])).to_list() == [canonical]


@pytest.mark.parametrize(
    "text",
    ["999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "::g", "2001:db8:::1",
     "abc", "1.2.3.4/24", "", "1.2.3.4:80", "١.٢.٣.٤"],
)
def test_ip_rejected(text: str) -> None:
    assert normalize_ips(pl.Series([text])).to_list() == [None]


def test_ip_many_duplicates_use_one_lookup_per_value() -> None:
    s = pl.Series(["2001:DB8::1", "2001:db8::1", "bad::x", "1.1.1.1"] * 1000)
    out = normalize_ips(s).to_list()
    assert out[:4] == ["2001:db8::1", "2001:db8::1", None, "1.1.1.1"]
    assert len(out) == 4000


@pytest.mark.parametrize(
    ("text", "value"),
    [("7", 7), ("-3", -3), ("+5", 5), (" 8 ", 8), ("2.0", 2), ("1e3", 1000), ("0", 0),
     ("9223372036854775807", 2**63 - 1), ("1.5", None), ("abc", None), ("", None),
     ("9223372036854775808", None), ("1e30", None), ("nan", None), ("inf", None),
     ("0x10", None), ("1_000", None)],
)
def test_integers_from_text(text: str, value: int | None) -> None:
    assert parse_integers(pl.Series([text])).to_list() == [value]


def test_integers_from_typed_columns() -> None:
    assert parse_integers(pl.Series([1.0, 2.5, float("nan")])).to_list() == [1, None, None]
    assert parse_integers(pl.Series([2**64 - 1], dtype=pl.UInt64)).to_list() == [None]
    assert parse_integers(pl.Series([3], dtype=pl.Int8)).dtype == pl.Int64


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.7", 0.7), ("1", 1.0), (" 2 ", 2.0), ("-0.5", -0.5), ("1e-3", 0.001), ("nan", None),
     ("inf", None), ("hot", None)],
)
def test_floats(text: str, value: float | None) -> None:
    assert parse_floats(pl.Series([text])).to_list() == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("TRUE", True), ("Yes", True), ("1", True), ("false", False),
     ("No", False), ("0", False), (" true ", True), ("maybe", None), ("2", None), ("", None)],
)
def test_booleans_from_text(text: str, value: bool | None) -> None:
    assert parse_booleans(pl.Series([text])).to_list() == [value]


def test_booleans_from_typed_columns() -> None:
    assert parse_booleans(pl.Series([True, None])).to_list() == [True, None]
    assert parse_booleans(pl.Series([1, 0, 2])).to_list() == [True, False, None]


def test_decode_text_marks_invalid_utf8_only() -> None:
    text, bad = decode_text(pl.Series([b"ok", b"\xff\xfe", None, "é".encode()]))
    assert text.to_list() == ["ok", None, None, "é"]
    assert bad.to_list() == [False, True, False, False]
