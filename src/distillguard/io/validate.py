"""Row validation of the contract tables: typed clean rows, quarantined rows with rule ids, counts.

Consumes RawBatch frames from io.readers; produces typed deduplicated frames, quarantine.jsonl,
summary.json and Counts (read = used + quarantined + deduplicated, always)."""

from __future__ import annotations

import ipaddress
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import polars as pl

from distillguard import CONTRACT_VERSION, __version__
from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.quarantine import QUARANTINE_FILE, REASON, ROW, QuarantineWriter
from distillguard.io.readers import (
    PRE_REASON_COL,
    ROW_COL,
    RawBatch,
    TableSource,
    iter_raw_batches,
    resolve_table,
)
from distillguard.io.schema import ACCOUNTS_SPEC, EVENTS_SPEC, RELEASES_SPEC, TS, TableSpec
from distillguard.progress import Advance, progress_bar

ProgressFn = Advance
"""Called with the number of input bytes consumed since the previous call."""

SUMMARY_FILE = "summary.json"

# --------------------------------------------------------------------------- rules as data

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
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")
SHOWN_CHARS = 60  # a value quoted inside a reason is cut to this many characters

_INT64_MIN = -(2.0**63)
_INT64_END = 2.0**63  # exclusive bound: float(2**63 - 1) rounds up to 2**63


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
}
"""Every reason written to quarantine.jsonl starts with one of these ids (or a parser's:
ragged_row, invalid_json, not_object, invalid_utf8, wrong_type)."""

# --------------------------------------------------------------------------- value parsers

_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4_PATTERN = rf"^{_OCTET}(\.{_OCTET}){{3}}$"  # no leading zeros: "010.0.0.1" is ambiguous

# Tried in order; the first parses nearly every real log, the rest only see its failures.
_TS_AWARE = ("%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z")
_TS_NAIVE = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d")
_BOOL_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def _scatter(base: pl.Series, mask: pl.Series, values: pl.Series) -> pl.Series:
    """``base`` with the rows where ``mask`` holds replaced by ``values`` (same order)."""
    return base.scatter(mask.arg_true(), values)


def _keep(values: pl.Series, mask: pl.Series) -> pl.Series:
    """``values`` where ``mask`` holds, null elsewhere (a null mask counts as false)."""
    return values.zip_with(mask.fill_null(False), values.clear(len(values)))


def _apply(s: pl.Series, expr: pl.Expr) -> pl.Series:
    return s.to_frame("x").select(expr.alias(s.name)).to_series()


def _is_text(dtype: pl.DataType) -> bool:
    return dtype in (pl.String, pl.Binary, pl.Null) or isinstance(dtype, pl.Categorical | pl.Enum)


def _is_temporal(dtype: pl.DataType) -> bool:
    return dtype == pl.Date or isinstance(dtype, pl.Datetime)


def _utc_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A Date or Datetime expression (any unit, naive = UTC, any zone) as Datetime(us, UTC)."""
    if dtype == pl.Date:
        e, dtype = e.cast(pl.Datetime("us")), pl.Datetime("us")
    naive = dtype.time_zone is None  # type: ignore[attr-defined]
    return (e.dt.replace_time_zone("UTC") if naive else e.dt.convert_time_zone("UTC")).cast(TS)


def to_utc(s: pl.Series) -> pl.Series:
    """A Date or Datetime Series (any unit, naive = UTC, any zone) as Datetime(us, UTC)."""
    return _apply(s, _utc_expr(pl.col("x"), s.dtype))


def parse_timestamps(s: pl.Series) -> pl.Series:
    """ISO-8601 text → Datetime(us, UTC); null where the text is not a timestamp.

    Accepts 'T' or a space between date and time, optional fractional seconds, 'Z' or a
    ±HH:MM offset, and a bare date; naive values are UTC.

    Examples
    --------
    >>> parse_timestamps(pl.Series(["2024-05-01 12:00:00+02:00", "2024-05-01", "soon"])).to_list()
    [datetime.datetime(2024, 5, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), \
datetime.datetime(2024, 5, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), None]
    """
    text = s.cast(pl.String)
    out = text.str.to_datetime(_TS_AWARE[0], strict=False, time_unit="us", cache=False)
    todo = out.is_null() & text.is_not_null()
    if not todo.any():
        return out.alias(s.name)
    # Only the rows the common format missed pay for the other formats (and the strip).
    rest = _apply(text.filter(todo), pl.col("x").str.strip_chars().pipe(
        lambda t: pl.when(t.str.slice(10, 1) == " ")
        .then(t.str.slice(0, 10) + "T" + t.str.slice(11)).otherwise(t)))
    parsed = pl.repeat(None, len(rest), dtype=TS, eager=True)
    for fmt in (*_TS_AWARE, *_TS_NAIVE):
        missing = parsed.is_null()
        if not missing.any():
            break
        try_ = rest.filter(missing).str.to_datetime(fmt, strict=False, time_unit="us", cache=False)
        if try_.dtype.time_zone is None:  # type: ignore[attr-defined]
            try_ = try_.dt.replace_time_zone("UTC")
        parsed = _scatter(parsed, missing, try_)
    return _scatter(out, todo, parsed).alias(s.name)


def _canonical_ipv6(text: str) -> str | None:
    try:
        addr = ipaddress.IPv6Address(text)
    except ValueError:
        return None
    # An IPv4-mapped address is the same client as its IPv4 form; linkage must see one value.
    return str(addr.ipv4_mapped) if addr.ipv4_mapped else addr.compressed


def normalize_ips(s: pl.Series) -> pl.Series:
    """IP text → canonical text (IPv4 dotted quad, IPv6 compressed); null where invalid.

    Examples
    --------
    >>> s = pl.Series(["10.0.0.1", "2001:DB8::1", "::ffff:1.2.3.4", "999.1.1.1"])
    >>> normalize_ips(s).to_list()
    ['10.0.0.1', '2001:db8::1', '1.2.3.4', None]
    """
    text = s.cast(pl.String).str.strip_chars()
    out = _keep(text, text.str.contains(IPV4_PATTERN))
    maybe_v6 = (out.is_null() & text.str.contains(":", literal=True)
                & (text.str.len_bytes() <= 64)).fill_null(False)
    if maybe_v6.any():
        # ipaddress is Python code: run it once per distinct value, never per row.
        candidates = text.filter(maybe_v6)
        mapping = {u: _canonical_ipv6(u) for u in candidates.unique().to_list()}
        out = _scatter(out, maybe_v6, candidates.replace_strict(mapping, return_dtype=pl.String))
    return out.alias(s.name)


def _int_from_float_expr(f: pl.Expr) -> pl.Expr:
    """Integral finite floats inside the int64 range → Int64; anything else → null."""
    ok = f.is_finite() & (f == f.floor()) & (f >= _INT64_MIN) & (f < _INT64_END)
    return pl.when(ok).then(f).cast(pl.Int64)


def _int_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_integer():
        return e.cast(pl.Int64, strict=False)  # UInt64 beyond int64 → null → not_integer
    if dtype.is_float() or dtype.is_decimal():
        return _int_from_float_expr(e.cast(pl.Float64))
    text = e.cast(pl.String).str.strip_chars()
    # Exact integers first ("9007199254740993" must not go through a float), then "2.0", "1e3".
    return pl.coalesce(text.cast(pl.Int64, strict=False),
                       _int_from_float_expr(text.cast(pl.Float64, strict=False)))


def _float_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    source = e if dtype.is_numeric() else e.cast(pl.String).str.strip_chars()
    f = source.cast(pl.Float64, strict=False)
    return pl.when(f.is_finite()).then(f)


def _bool_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean:
        return e
    if dtype.is_integer():
        return e.replace_strict({1: True, 0: False}, default=None, return_dtype=pl.Boolean)
    words = e.cast(pl.String).str.strip_chars().str.to_lowercase()
    return words.replace_strict(_BOOL_WORDS, default=None, return_dtype=pl.Boolean)


def _timestamp_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Fast path: typed timestamps, or text in the usual format (the rest is retried later)."""
    if _is_temporal(dtype):
        return _utc_expr(e, dtype)
    return e.cast(pl.String).str.to_datetime(_TS_AWARE[0], strict=False, time_unit="us",
                                             cache=False)


def parse_integers(s: pl.Series) -> pl.Series:
    """Integers from ints, integral floats ("2.0", 2.0, "1e3") or text; null where not integral.

    Examples
    --------
    >>> parse_integers(pl.Series(["7", " 2.0 ", "1.5", "x", "-3"])).to_list()
    [7, 2, None, None, -3]
    """
    return _apply(s, _int_expr(pl.col("x"), s.dtype))


def parse_floats(s: pl.Series) -> pl.Series:
    """Finite floats from numbers or text; null where not a finite number."""
    return _apply(s, _float_expr(pl.col("x"), s.dtype))


def parse_booleans(s: pl.Series) -> pl.Series:
    """Booleans from bools, 0/1, or true/false/yes/no/1/0 text in any case; else null."""
    return _apply(s, _bool_expr(pl.col("x"), s.dtype))


def decode_text(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Any column as text, and the mask of values that were bytes but not valid UTF-8."""
    if s.dtype == pl.Binary:
        try:
            return s.cast(pl.String), pl.repeat(False, len(s), eager=True)
        except pl.exceptions.PolarsError:
            # Rare: some value of this batch is not UTF-8; find which ones value by value.
            values: list[str | None] = []
            bad: list[bool] = []
            for raw in s.to_list():
                try:
                    values.append(None if raw is None else raw.decode("utf-8"))
                    bad.append(False)
                except UnicodeDecodeError:
                    values.append(None)
                    bad.append(True)
            return pl.Series(s.name, values, pl.String), pl.Series(bad, dtype=pl.Boolean)
    text = s if s.dtype == pl.String else s.cast(pl.String)
    return text, pl.repeat(False, len(s), eager=True)


# --------------------------------------------------------------------------- column plans
#
# A batch is validated in three steps, each one pass over the batch:
#   A. parse every column with its fast path (one select; each costly expression once),
#   R. retry the values the fast path missed with the full parser (only those rows),
#   B. derive typed values and one Code per column from the materialized columns.

_VAL = "__value__:"  # parsed value of a column (step A, fixed in step R)
_PRESENT = "__present__:"  # the input holds a value (not null, not blank)
_CODE = "__code__:"  # the Code of a column (step B)
_UTF8 = "__bad_utf8__:"  # invalid UTF-8 mask (byte columns only)

# Exact spellings the fast path maps; anything else goes through strip + lowercase.
_BOOL_FAST = {**_BOOL_WORDS, **{w.upper(): v for w, v in _BOOL_WORDS.items()},
              **{w.capitalize(): v for w, v in _BOOL_WORDS.items()}}


def _first_code(checks: list[tuple[pl.Expr, Code]]) -> pl.Expr:
    """Per row, the first Code whose condition holds (0 when none): one reason per column."""
    expr: Any = pl
    for cond, code in checks:
        expr = expr.when(cond.fill_null(False)).then(pl.lit(int(code), pl.UInt8))
    return expr.otherwise(pl.lit(0, pl.UInt8)) if checks else pl.lit(0, pl.UInt8)


def _fast_parse(name: str, dtype: pl.DataType, target: pl.DataType) -> list[pl.Expr]:
    """Step A for one column: its value (and presence) columns."""
    col = pl.col(name)
    textual = _is_text(dtype)
    if target == pl.String:
        if name in IP_COLUMNS:
            text = col.cast(pl.String)
            return [pl.when(text.str.contains(IPV4_PATTERN)).then(text).alias(_VAL + name)]
        return []
    if textual:
        text = col.cast(pl.String)
        # An empty or blank field is an absent value (CSV has no null), not a malformed one.
        present = text.is_not_null() & ~text.str.contains(r"^\s*$")
        if isinstance(target, pl.Datetime):
            value = text.str.to_datetime(_TS_AWARE[0], strict=False, time_unit="us", cache=False)
        elif target == pl.Int64:
            value = text.cast(pl.Int64, strict=False)
        elif target == pl.Float64:
            value = text.cast(pl.Float64, strict=False)
        else:
            value = text.replace_strict(_BOOL_FAST, default=None, return_dtype=pl.Boolean)
    else:
        present = col.is_not_null()
        if isinstance(target, pl.Datetime):
            value = (_utc_expr(col, dtype) if _is_temporal(dtype) else
                     col.cast(pl.String).str.to_datetime(_TS_AWARE[0], strict=False,
                                                         time_unit="us", cache=False))
        elif target == pl.Int64:
            value = _int_expr(col, dtype)
        elif target == pl.Float64:
            value = _float_expr(col, dtype)
        else:
            value = _bool_expr(col, dtype)
    return [value.alias(_VAL + name), present.alias(_PRESENT + name)]


_FULL_PARSERS: dict[type[pl.DataType], Any] = {
    pl.Datetime: parse_timestamps,
    pl.Int64: parse_integers,
    pl.Float64: parse_floats,
    pl.Boolean: parse_booleans,
}


def _retry_mask(name: str, target: pl.DataType) -> pl.Expr:
    """Rows of a text column whose value the fast path missed but the full parser may get."""
    value = pl.col(_VAL + name)
    if target == pl.String:
        text = pl.col(name).cast(pl.String)
        return (value.is_null() & text.is_not_null() & (text != "")).fill_null(False)
    return (value.is_null() & pl.col(_PRESENT + name)).fill_null(False)


def _retry(df: pl.DataFrame, schema: pl.Schema, names: list[str]) -> pl.DataFrame:
    """Step R: the full parser on the rows the fast path missed (padding, "2.0", other
    timestamp formats, IPv6...), column by column, only where there are any."""
    if not names:
        return df
    masks = df.select(_retry_mask(c, schema[c]).alias(c) for c in names)
    todo = [c for c, hit in zip(names, masks.select(pl.all().any()).row(0), strict=True) if hit]
    fixed = []
    for name in todo:
        target = schema[name]
        parser: Any = normalize_ips if target == pl.String else _FULL_PARSERS[type(target)]
        value, retry = df[_VAL + name], masks[name]
        fixed.append(_scatter(value, retry, parser(df[name].filter(retry)).cast(value.dtype)))
    return df.with_columns(fixed) if fixed else df


def _finish(name: str, target: pl.DataType, *, required: bool, utf8_mask: bool,
            cfg: IOConfig) -> tuple[pl.Expr, pl.Expr]:
    """Step B for one column: the typed value and its Code, from materialized columns only.

    Order matters: a value gets the first Code that applies.
    """
    col = pl.col(name)
    checks: list[tuple[pl.Expr, Code]] = []
    if utf8_mask:
        checks.append((pl.col(_UTF8 + name), Code.INVALID_UTF8))
    if target == pl.String:
        text = col.cast(pl.String)
        empty = text == ""
        limit = cfg.max_prompt_chars if name in LONG_TEXT else cfg.max_field_chars
        checks.append((text.str.len_chars() > limit, Code.TOO_LONG))
        if required:
            missing = text.is_null() if name in EMPTY_ALLOWED else text.is_null() | empty
            checks.append((missing, Code.MISSING))
        if name in IP_COLUMNS:
            value = pl.col(_VAL + name)
            checks.append((~empty & value.is_null(), Code.INVALID_IP))
        else:
            # Optional text: CSV cannot tell "" from null, so "" means absent in every format.
            value = text if required else pl.when(~empty).then(text)
        return value.alias(name), _first_code(checks).alias(_CODE + name)
    raw, present = pl.col(_VAL + name), pl.col(_PRESENT + name)
    value = pl.when(raw.is_finite()).then(raw) if target == pl.Float64 else raw
    invalid = {pl.Int64: Code.NOT_INTEGER, pl.Float64: Code.NOT_NUMBER,
               pl.Boolean: Code.NOT_BOOLEAN}.get(type(target), Code.BAD_TIMESTAMP)
    if required:
        checks.append((~present, Code.MISSING))
    checks.append((present & value.is_null(), invalid))
    checks += _range_exprs(value, name, target, cfg)
    return value.alias(name), _first_code(checks).alias(_CODE + name)


def _range_exprs(value: pl.Expr, name: str, target: pl.DataType,
                 cfg: IOConfig) -> list[tuple[pl.Expr, Code]]:
    if isinstance(target, pl.Datetime):
        return [(~value.dt.year().is_between(cfg.min_year, cfg.max_year), Code.TIMESTAMP_RANGE)]
    minimum = MINIMUM.get(name, 0 if target == pl.Float64 else None)
    if target not in (pl.Int64, pl.Float64) or minimum is None:
        return []
    checks = [(value < 0, Code.NEGATIVE)]
    if minimum > 0:
        checks.append((value < minimum, Code.BELOW_MINIMUM))
    return checks


def _decode_bytes(df: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Byte columns (CSV, binary Parquet) as text, with a mask column where UTF-8 was invalid."""
    binary = [c for c in names if df.schema[c] == pl.Binary]
    if not binary:
        return df, []
    try:  # the usual case: all valid, one strict cast for every column
        return df.with_columns(pl.col(binary).cast(pl.String)), []
    except pl.exceptions.PolarsError:
        pass
    decoded, masked = [], []
    for name in binary:
        text, bad = decode_text(df[name])
        decoded.append(text)
        if bad.any():
            decoded.append(bad.alias(_UTF8 + name))
            masked.append(name)
    return df.with_columns(decoded), masked


def _require_columns(df: pl.DataFrame, spec: TableSpec) -> None:
    for column in spec.required:
        if column not in df.columns:
            raise InputError(
                f"required column '{column}' is missing (contract v{CONTRACT_VERSION} "
                f"{spec.name} table)")


# --------------------------------------------------------------------------- batches


class _Validated(NamedTuple):
    clean: pl.DataFrame
    bad: pl.DataFrame
    rules: Counter[str]  # rule id → number of values (or parser findings) it rejected


def validate_batch(df: pl.DataFrame, spec: TableSpec,
                   cfg: IOConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a raw batch into clean typed rows and bad rows with their reasons.

    Parameters
    ----------
    df
        Contract columns in any dtype (text is parsed), optionally ``__row__`` (1-based row
        numbers; default 1..n) and ``__reason__`` (problems found while parsing).
    spec, cfg
        The table and the limits.

    Returns
    -------
    clean
        Exactly ``spec.schema`` columns, in order; absent optional columns are null.
    bad
        ``row``, ``reason`` ("rule_id: detail", several joined with "; ") and the original
        columns of ``df``.

    Examples
    --------
    >>> from distillguard.progress import Advance, progress_bar
from distillguard.io.schema import RELEASES_SPEC
    >>> raw = pl.DataFrame({"model": ["m1", ""], "released_at": ["2024-03-01", "2024-03-02"]})
    >>> clean, bad = validate_batch(raw, RELEASES_SPEC, IOConfig())
    >>> clean.height, bad["reason"].to_list()
    (1, ["missing_value: required column 'model' is null or empty"])
    """
    result = _validate(df, spec, cfg)
    return result.clean, result.bad


def _validate(df: pl.DataFrame, spec: TableSpec, cfg: IOConfig) -> _Validated:
    _require_columns(df, spec)
    schema = spec.schema
    present = [c for c in schema if c in df.columns]
    work, masked = _decode_bytes(df, present)
    work = work.with_columns(  # step A
        [e for c in present for e in _fast_parse(c, work.schema[c], schema[c])])
    work = _retry(work, schema, [c for c in present  # step R
                                 if _is_text(work.schema[c]) and _VAL + c in work.columns])
    finished = [_finish(c, schema[c], required=c in spec.required, utf8_mask=c in masked,
                        cfg=cfg) for c in present]
    out = work.select([v for v, _ in finished] + [c for _, c in finished])  # step B
    if "prompt" in present:  # may be empty only when has_image is true
        image = pl.col("has_image").fill_null(False) if "has_image" in present else pl.lit(False)
        empty = (pl.col("prompt") == "").fill_null(False) & ~image
        code = pl.col(_CODE + "prompt")
        out = out.with_columns(pl.when((code == 0) & empty).then(int(Code.EMPTY_PROMPT))
                               .otherwise(code).cast(pl.UInt8).alias(_CODE + "prompt"))
    codes = [pl.col(_CODE + c) != 0 for c in present]
    bad_expr = pl.any_horizontal(codes) if codes else pl.lit(False)
    if PRE_REASON_COL in work.columns:
        bad_expr = bad_expr | pl.lit(work[PRE_REASON_COL]).is_not_null()
    bad = out.select(bad_expr.alias("bad")).to_series()
    clean = out.select([pl.col(c) if c in present else pl.lit(None, t).alias(c)
                        for c, t in schema.items()])
    if not bad.any():
        return _Validated(clean, _bad_frame(df, bad, pl.Series(REASON, [], pl.String)),
                          Counter())
    flagged = out.filter(bad)
    raw_bad = work.select(c for c in work.columns
                          if not c.startswith((_VAL, _PRESENT))).filter(bad)
    return _Validated(clean.filter(~bad),
                      _bad_frame(df, bad, _reasons(flagged, raw_bad, present, cfg)),
                      _rule_counts(flagged, raw_bad, present))


def _message(code: Code, name: str, cfg: IOConfig) -> str:
    rule = RULES[code]
    limit = cfg.max_prompt_chars if name in LONG_TEXT else cfg.max_field_chars
    detail = rule.message.format("{}", col=name, limit=limit, min_year=cfg.min_year,
                                 max_year=cfg.max_year, minimum=MINIMUM.get(name, 0))
    return f"{rule.id}: {detail}"


def _shown(e: pl.Expr) -> pl.Expr:
    """A value as quoted in a reason: text, cut to SHOWN_CHARS with an ellipsis."""
    text = e.cast(pl.String)
    return (pl.when(text.str.len_chars() > SHOWN_CHARS)
            .then(text.str.slice(0, SHOWN_CHARS) + "…").otherwise(text).fill_null("null"))


def _reasons(flagged: pl.DataFrame, raw_bad: pl.DataFrame, present: list[str],
             cfg: IOConfig) -> pl.Series:
    """Reason text of the bad rows: parser findings first, then one clause per bad column."""
    frame = raw_bad.with_columns(flagged.select(_CODE + c for c in present))
    parts: list[pl.Expr] = []
    if PRE_REASON_COL in frame.columns:
        parts.append(pl.col(PRE_REASON_COL))
    for name in present:
        used = sorted(set(frame[_CODE + name].unique().to_list()) - {0})
        expr: Any = pl
        for code in used:
            message = _message(Code(code), name, cfg)
            text = (pl.format(message, _shown(pl.col(name))) if "{}" in message
                    else pl.lit(message))
            expr = expr.when(pl.col(_CODE + name) == code).then(text)
        if used:
            parts.append(expr.otherwise(pl.lit(None, pl.String)))
    return frame.select(pl.concat_str(parts, separator="; ", ignore_nulls=True)).to_series()


def _rule_counts(flagged: pl.DataFrame, raw_bad: pl.DataFrame,
                 present: list[str]) -> Counter[str]:
    """Rule histogram from the codes, not from the reason text (values there are user data)."""
    rules: Counter[str] = Counter()
    if present:
        counts = (flagged.select(_CODE + c for c in present).unpivot()
                  .filter(pl.col("value") != 0).group_by("value").len())
        for code, count in counts.iter_rows():
            rules[RULES[Code(code)].id] += count
    if PRE_REASON_COL in raw_bad.columns:
        rules.update(parser_rule_counts(raw_bad[PRE_REASON_COL]))
    return rules


def parser_rule_counts(reasons: pl.Series) -> Counter[str]:
    """Rule ids of reasons written by the readers ("rule: detail; rule: detail")."""
    ids = reasons.drop_nulls().str.split("; ").explode().str.extract(r"^([a-z][a-z0-9_]*):")
    return Counter({k: v for k, v in ids.drop_nulls().value_counts().iter_rows()})


def _bad_frame(df: pl.DataFrame, bad: pl.Series, reasons: pl.Series) -> pl.DataFrame:
    """Bad rows: ``row``, ``reason`` and the original columns (for the quarantine record)."""
    rows = (df[ROW_COL] if ROW_COL in df.columns
            else pl.int_range(1, df.height + 1, eager=True)).filter(bad)
    original = df.drop([c for c in (ROW_COL, PRE_REASON_COL) if c in df.columns]).filter(bad)
    return pl.DataFrame([rows.cast(pl.Int64).alias(ROW), reasons.alias(REASON)]).hstack(original)


# --------------------------------------------------------------------------- deduplication


class KeySet:
    """Set of 64-bit key hashes in a sorted numpy array: 8 bytes per key, merged per batch.

    A Python set of 10M request ids costs gigabytes; this costs 80 MB. Two distinct keys that
    share a 64-bit hash (odds about 3e-6 at 10M keys) would count as one.
    """

    SEED = 0x5EED

    def __init__(self) -> None:
        self._hashes = np.zeros(0, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._hashes)

    def hashes(self, keys: pl.Series) -> np.ndarray:
        return keys.hash(seed=self.SEED).to_numpy()

    def add(self, keys: pl.Series) -> np.ndarray:
        """Mark each key that is new (not seen before, first in this batch); remember them."""
        h = self.hashes(keys)
        # One stable sort gives both the first occurrence within the batch (equal hashes are
        # adjacent, earliest first) and sorted queries, which search the sorted array with
        # far fewer cache misses than random ones.
        order = np.argsort(h, kind="stable")
        hs = h[order]
        first = np.ones(len(hs), dtype=bool)
        first[1:] = hs[1:] != hs[:-1]
        idx = np.searchsorted(self._hashes, hs)
        if len(self._hashes):
            first &= self._hashes[np.minimum(idx, len(self._hashes) - 1)] != hs
        self._hashes = np.insert(self._hashes, idx[first], hs[first])
        new = np.empty(len(h), dtype=bool)
        new[order] = first
        return new


# --------------------------------------------------------------------------- counts & stats


@dataclass
class Counts:
    """Rows of one table: every row read is used, quarantined or deduplicated."""

    read: int = 0
    used: int = 0
    quarantined: int = 0
    deduplicated: int = 0

    def check(self) -> None:
        """Raise when the four numbers do not add up (a bug: a row was lost or counted twice)."""
        if self.read != self.used + self.quarantined + self.deduplicated:
            raise AssertionError(
                f"row counts do not add up: read {self.read} != used {self.used} + quarantined "
                f"{self.quarantined} + deduplicated {self.deduplicated}")

    def line(self, table: str) -> str:
        return (f"{table}: read {self.read}, used {self.used}, quarantined {self.quarantined}, "
                f"deduplicated {self.deduplicated}")


@dataclass
class TableStats:
    """What summary.json says about one table; filled batch by batch, never from all rows."""

    spec: TableSpec
    source: TableSource | None = None
    present: set[str] = field(default_factory=set)
    ignored: dict[str, None] = field(default_factory=dict)  # ordered set
    reasons: Counter[str] = field(default_factory=Counter)
    duplicate_examples: list[str] = field(default_factory=list)
    ts_min: datetime | None = None
    ts_max: datetime | None = None
    accounts: KeySet | None = None
    models: set[str] = field(default_factory=set)
    max_examples: int = 5

    def observe(self, raw: RawBatch, clean: pl.DataFrame, rules: Counter[str],
                duplicates: pl.Series) -> None:
        self.present.update(raw.present)
        self.ignored.update(dict.fromkeys(raw.ignored))
        self.reasons.update(rules)
        self.reasons.update(parser_rule_counts(raw.rejected[REASON]))
        room = self.max_examples - len(self.duplicate_examples)
        if room > 0 and duplicates.len():
            candidates = duplicates.unique(maintain_order=True).head(self.max_examples + room)
            for key in candidates.to_list():
                shown = key[:SHOWN_CHARS]  # ids are opaque and may be long
                if shown not in self.duplicate_examples and room > 0:
                    self.duplicate_examples.append(shown)
                    room -= 1
        if self.spec.name == EVENTS_SPEC.name and clean.height:
            self._observe_events(clean)

    def _observe_events(self, clean: pl.DataFrame) -> None:
        lo, hi = clean["ts"].min(), clean["ts"].max()
        self.ts_min = lo if self.ts_min is None else min(self.ts_min, lo)  # type: ignore[type-var]
        self.ts_max = hi if self.ts_max is None else max(self.ts_max, hi)  # type: ignore[type-var]
        if self.accounts is None:
            self.accounts = KeySet()
        self.accounts.add(clean["account_id"].unique())
        self.models.update(clean["model"].unique().to_list())

    def to_dict(self, counts: Counts) -> dict[str, Any]:
        src = self.source
        out: dict[str, Any] = {
            "source": str(src.path) if src else None,
            "files": [f.name for f in src.files] if src else [],
            "skipped_files": list(src.skipped) if src else [],
            "format": "+".join(src.formats) if src else None,
            "bytes": src.nbytes if src else 0,
            "counts": asdict(counts),
            "ignored_columns": list(self.ignored),
            "optional_columns": {
                "present": [c for c in self.spec.optional if c in self.present],
                "absent": [c for c in self.spec.optional if c not in self.present],
            },
            "reasons": dict(self.reasons.most_common()),
            "duplicate_examples": self.duplicate_examples,
        }
        if self.spec.name == EVENTS_SPEC.name:
            out["time_range"] = {"min": _iso(self.ts_min), "max": _iso(self.ts_max)}
            out["distinct_accounts"] = len(self.accounts) if self.accounts else 0
            out["distinct_models"] = len(self.models)
        return out


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --------------------------------------------------------------------------- streaming API


def _iter_table(source: TableSource, spec: TableSpec, cfg: IOConfig,
                quarantine: QuarantineWriter, counts: Counts, stats: TableStats | None,
                progress: ProgressFn | None) -> Iterator[pl.DataFrame]:
    seen = KeySet() if spec.key else None
    for raw in iter_raw_batches(source, spec, cfg):
        clean, bad, rules = _validate(raw.frame, spec, cfg)
        duplicates = pl.Series(spec.key or "key", [], dtype=pl.String)
        if seen is not None and spec.key and clean.height:
            new = seen.add(clean[spec.key])
            duplicates = clean[spec.key].filter(~new)
            clean = clean.filter(new)
        quarantine.write(spec.name, raw.source, bad)
        quarantine.write(spec.name, raw.source, raw.rejected)
        counts.read += raw.rows_read
        counts.used += clean.height
        counts.quarantined += bad.height + raw.rejected.height
        counts.deduplicated += duplicates.len()
        counts.check()
        if stats is not None:
            stats.observe(raw, clean, rules, duplicates)
        if progress is not None and raw.nbytes:
            progress(raw.nbytes)
        if clean.height:
            yield clean


def iter_valid_batches(path: str | Path, spec: TableSpec, cfg: IOConfig,
                       quarantine: QuarantineWriter, counts: Counts, *,
                       stats: TableStats | None = None,
                       progress: ProgressFn | None = None) -> Iterator[pl.DataFrame]:
    """Stream the clean, typed, deduplicated rows of a table, batch by batch.

    Bad rows go to ``quarantine`` as they are met; ``counts`` (and ``stats`` when given) are
    updated before each batch is yielded, so they add up even if the caller stops early.

    Raises
    ------
    InputError
        The path, a file's format, or a required column is unusable.
    """
    source = resolve_table(path, spec.name)
    if stats is not None:
        stats.source = source
    yield from _iter_table(source, spec, cfg, quarantine, counts, stats, progress)


def read_valid_table(path: str | Path, spec: TableSpec, cfg: IOConfig,
                     quarantine: QuarantineWriter) -> tuple[pl.DataFrame, Counts]:
    """A small table (accounts, releases) in memory: clean rows and their counts."""
    counts = Counts()
    frames = list(iter_valid_batches(path, spec, cfg, quarantine, counts))
    counts.check()
    if not frames:
        return pl.DataFrame(schema=spec.schema), counts
    return pl.concat(frames, how="vertical"), counts


# --------------------------------------------------------------------------- validate command


@dataclass(frozen=True)
class ValidationReport:
    """Result of ``validate_inputs``: the summary.json content and where it was written."""

    summary: dict[str, Any]
    out_dir: Path
    counts: dict[str, Counts]

    def lines(self) -> list[str]:
        """Human-readable lines; the first ones are the counts, one table per line."""
        lines = [c.line(table) for table, c in self.counts.items()]
        for table, info in self.summary["tables"].items():
            if info["reasons"]:
                top = ", ".join(f"{k} {v}" for k, v in list(info["reasons"].items())[:6])
                lines.append(f"{table} quarantine reasons: {top}")
            if info["duplicate_examples"]:
                lines.append(f"{table} repeated keys (first kept), e.g. "
                             + ", ".join(info["duplicate_examples"][:3]))
            if info["ignored_columns"]:
                lines.append(f"{table} ignored columns: " + ", ".join(info["ignored_columns"]))
        lines.append(f"wrote {self.out_dir / SUMMARY_FILE} and {self.out_dir / QUARANTINE_FILE}")
        return lines


def _validate_table(source: TableSource, spec: TableSpec, cfg: IOConfig,
                    quarantine: QuarantineWriter,
                    progress: ProgressFn) -> tuple[Counts, TableStats]:
    counts, stats = Counts(), TableStats(spec, source=source)
    for _batch in _iter_table(source, spec, cfg, quarantine, counts, stats, progress):
        pass  # only the per-batch aggregates in stats are kept
    counts.check()
    return counts, stats


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def validate_inputs(events: str | Path, *, accounts: str | Path | None = None,
                    releases: str | Path | None = None, out_dir: str | Path,
                    cfg: IOConfig, show_progress: bool = False) -> ValidationReport:
    """Check the input tables against the contract; write summary.json and quarantine.jsonl.

    Events are streamed batch by batch (never held whole in memory). Every path is resolved
    first, so a missing accounts file fails before a long pass over the events.

    Raises
    ------
    InputError
        A path, a file format or a required column is unusable.
    """
    out = Path(out_dir)
    tables = [(EVENTS_SPEC, Path(events))]
    tables += [(ACCOUNTS_SPEC, Path(accounts))] if accounts is not None else []
    tables += [(RELEASES_SPEC, Path(releases))] if releases is not None else []
    sources = [resolve_table(path, spec.name) for spec, path in tables]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create output directory ({exc.strerror})") from None
    counts: dict[str, Counts] = {}
    infos: dict[str, Any] = {}
    with QuarantineWriter(out / QUARANTINE_FILE, value_chars=cfg.quarantine_value_chars) as q, \
            progress_bar(show_progress, in_bytes=True, transient=True) as task:
        for (spec, _path), source in zip(tables, sources, strict=True):
            c, stats = _validate_table(source, spec, cfg, q,
                                       task(f"validating {spec.name}", source.nbytes))
            counts[spec.name] = c
            infos[spec.name] = stats.to_dict(c)
        quarantined = q.rows_written
    summary = {
        "contract_version": CONTRACT_VERSION,
        "distillguard_version": __version__,
        "quarantine": {"file": QUARANTINE_FILE, "rows": quarantined},
        "tables": infos,
    }
    write_json(out / SUMMARY_FILE, summary)
    return ValidationReport(summary=summary, out_dir=out, counts=counts)
