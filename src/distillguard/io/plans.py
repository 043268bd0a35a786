"""Column plans: how each contract column of a raw batch becomes a typed value and a rule Code.

A batch is validated in three steps, each one pass over the batch:
  A. parse every column with its fast path (one select; each costly expression once),
  R. retry the values the fast path missed with the full parser (only those rows),
  B. derive typed values and one Code per column from the materialized columns.
Consumed by io.validate; uses io.parsers, io.ips and io.rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from distillguard.config import IOConfig
from distillguard.io.ips import IPV4_PATTERN, normalize_ips
from distillguard.io.parsers import (
    BOOL_WORDS,
    TS_AWARE,
    bool_expr,
    decode_text,
    float_expr,
    int_expr,
    is_temporal,
    is_text,
    parse_booleans,
    parse_floats,
    parse_integers,
    parse_timestamps,
    scatter,
    utc_expr,
)
from distillguard.io.rules import EMPTY_ALLOWED, FUTURE_CHECKED, IP_COLUMNS, LONG_TEXT, MINIMUM, Code
from distillguard.io.schema import TS

VAL = "__value__:"  # parsed value of a column (step A, fixed in step R)
PRESENT = "__present__:"  # the input holds a value (not null, not blank)
CODE = "__code__:"  # the Code of a column (step B)
UTF8 = "__bad_utf8__:"  # invalid UTF-8 mask (byte columns only)

# Exact spellings the fast path maps; anything else goes through strip + lowercase.
_BOOL_FAST = {**BOOL_WORDS, **{w.upper(): v for w, v in BOOL_WORDS.items()},
              **{w.capitalize(): v for w, v in BOOL_WORDS.items()}}


def _first_code(checks: list[tuple[pl.Expr, Code]]) -> pl.Expr:
    """Per row, the first Code whose condition holds (0 when none): one reason per column."""
    expr: Any = pl
    for cond, code in checks:
        expr = expr.when(cond.fill_null(False)).then(pl.lit(int(code), pl.UInt8))
    return expr.otherwise(pl.lit(0, pl.UInt8)) if checks else pl.lit(0, pl.UInt8)


def fast_parse(name: str, dtype: pl.DataType, target: pl.DataType) -> list[pl.Expr]:
    """Step A for one column: its value (and presence) columns."""
    col = pl.col(name)
    textual = is_text(dtype)
    if target == pl.String:
        if name in IP_COLUMNS:
            text = col.cast(pl.String)
            return [pl.when(text.str.contains(IPV4_PATTERN)).then(text).alias(VAL + name)]
        return []
    if textual:
        text = col.cast(pl.String)
        # An empty or blank field is an absent value (CSV has no null), not a malformed one.
        present = text.is_not_null() & ~text.str.contains(r"^\s*$")
        if isinstance(target, pl.Datetime):
            value = text.str.to_datetime(TS_AWARE[0], strict=False, time_unit="us", cache=False)
        elif target == pl.Int64:
            value = text.cast(pl.Int64, strict=False)
        elif target == pl.Float64:
            value = text.cast(pl.Float64, strict=False)
        else:
            value = text.replace_strict(_BOOL_FAST, default=None, return_dtype=pl.Boolean)
    else:
        present = col.is_not_null()
        if isinstance(target, pl.Datetime):
            value = (utc_expr(col, dtype) if is_temporal(dtype) else
                     col.cast(pl.String).str.to_datetime(TS_AWARE[0], strict=False,
                                                         time_unit="us", cache=False))
        elif target == pl.Int64:
            value = int_expr(col, dtype)
        elif target == pl.Float64:
            value = float_expr(col, dtype)
        else:
            value = bool_expr(col, dtype)
    return [value.alias(VAL + name), present.alias(PRESENT + name)]


_FULL_PARSERS: dict[type[pl.DataType], Any] = {
    pl.Datetime: parse_timestamps,
    pl.Int64: parse_integers,
    pl.Float64: parse_floats,
    pl.Boolean: parse_booleans,
}


def _retry_mask(name: str, target: pl.DataType) -> pl.Expr:
    """Rows of a text column whose value the fast path missed but the full parser may get."""
    value = pl.col(VAL + name)
    if target == pl.String:
        text = pl.col(name).cast(pl.String)
        return (value.is_null() & text.is_not_null() & (text != "")).fill_null(False)
    return (value.is_null() & pl.col(PRESENT + name)).fill_null(False)


def retry(df: pl.DataFrame, schema: pl.Schema, names: list[str]) -> pl.DataFrame:
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
        value, retry = df[VAL + name], masks[name]
        fixed.append(scatter(value, retry, parser(df[name].filter(retry)).cast(value.dtype)))
    return df.with_columns(fixed) if fixed else df


def finish(name: str, target: pl.DataType, *, required: bool, utf8_mask: bool,
           cfg: IOConfig, latest: datetime) -> tuple[pl.Expr, pl.Expr]:
    """Step B for one column: the typed value and its Code, from materialized columns only.

    Order matters: a value gets the first Code that applies.
    """
    col = pl.col(name)
    checks: list[tuple[pl.Expr, Code]] = []
    if utf8_mask:
        checks.append((pl.col(UTF8 + name), Code.INVALID_UTF8))
    if target == pl.String:
        text = col.cast(pl.String)
        empty = text == ""
        limit = cfg.max_prompt_chars if name in LONG_TEXT else cfg.max_field_chars
        checks.append((text.str.len_chars() > limit, Code.TOO_LONG))
        if required:
            missing = text.is_null() if name in EMPTY_ALLOWED else text.is_null() | empty
            checks.append((missing, Code.MISSING))
        if name in IP_COLUMNS:
            value = pl.col(VAL + name)
            checks.append((~empty & value.is_null(), Code.INVALID_IP))
        else:
            # Optional text: CSV cannot tell "" from null, so "" means absent in every format.
            value = text if required else pl.when(~empty).then(text)
        return value.alias(name), _first_code(checks).alias(CODE + name)
    raw, present = pl.col(VAL + name), pl.col(PRESENT + name)
    value = pl.when(raw.is_finite()).then(raw) if target == pl.Float64 else raw
    invalid = {pl.Int64: Code.NOT_INTEGER, pl.Float64: Code.NOT_NUMBER,
               pl.Boolean: Code.NOT_BOOLEAN}.get(type(target), Code.BAD_TIMESTAMP)
    if required:
        checks.append((~present, Code.MISSING))
    checks.append((present & value.is_null(), invalid))
    checks += _range_exprs(value, name, target, cfg, latest)
    return value.alias(name), _first_code(checks).alias(CODE + name)


def _range_exprs(value: pl.Expr, name: str, target: pl.DataType, cfg: IOConfig,
                 latest: datetime) -> list[tuple[pl.Expr, Code]]:
    if isinstance(target, pl.Datetime):
        checks = [(~value.dt.year().is_between(cfg.min_year, cfg.max_year), Code.TIMESTAMP_RANGE)]
        if name in FUTURE_CHECKED:
            checks.append((value > pl.lit(latest).cast(TS), Code.TIMESTAMP_FUTURE))
        return checks
    minimum = MINIMUM.get(name, 0 if target == pl.Float64 else None)
    if target not in (pl.Int64, pl.Float64) or minimum is None:
        return []
    checks = [(value < 0, Code.NEGATIVE)]
    if minimum > 0:
        checks.append((value < minimum, Code.BELOW_MINIMUM))
    return checks


def decode_bytes(df: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
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
            decoded.append(bad.alias(UTF8 + name))
            masked.append(name)
    return df.with_columns(decoded), masked
