"""Value parsers of the contract's types: timestamps, integers, floats, booleans, text decoding.

Consumed by io.plans (fast and full parse of each column); each takes a Series of any dtype and
returns the typed Series with null where a value does not parse. IPs: io.ips."""

from __future__ import annotations

import polars as pl

from distillguard.io.schema import TS

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")

_INT64_MIN = -(2.0**63)
_INT64_END = 2.0**63  # exclusive bound: float(2**63 - 1) rounds up to 2**63

# Tried in order; the first parses nearly every real log, the rest only see its failures.
TS_AWARE = ("%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z")
TS_NAIVE = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d")
BOOL_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def scatter(base: pl.Series, mask: pl.Series, values: pl.Series) -> pl.Series:
    """``base`` with the rows where ``mask`` holds replaced by ``values`` (same order)."""
    return base.scatter(mask.arg_true(), values)


def keep(values: pl.Series, mask: pl.Series) -> pl.Series:
    """``values`` where ``mask`` holds, null elsewhere (a null mask counts as false)."""
    return values.zip_with(mask.fill_null(False), values.clear(len(values)))


def apply_expr(s: pl.Series, expr: pl.Expr) -> pl.Series:
    return s.to_frame("x").select(expr.alias(s.name)).to_series()


def is_text(dtype: pl.DataType) -> bool:
    return dtype in (pl.String, pl.Binary, pl.Null) or isinstance(dtype, pl.Categorical | pl.Enum)


def is_temporal(dtype: pl.DataType) -> bool:
    return dtype == pl.Date or isinstance(dtype, pl.Datetime)


def utc_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A Date or Datetime expression (any unit, naive = UTC, any zone) as Datetime(us, UTC)."""
    if dtype == pl.Date:
        e, dtype = e.cast(pl.Datetime("us")), pl.Datetime("us")
    naive = dtype.time_zone is None  # type: ignore[attr-defined]
    return (e.dt.replace_time_zone("UTC") if naive else e.dt.convert_time_zone("UTC")).cast(TS)


def to_utc(s: pl.Series) -> pl.Series:
    """A Date or Datetime Series (any unit, naive = UTC, any zone) as Datetime(us, UTC)."""
    return apply_expr(s, utc_expr(pl.col("x"), s.dtype))


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
    out = text.str.to_datetime(TS_AWARE[0], strict=False, time_unit="us", cache=False)
    todo = out.is_null() & text.is_not_null()
    if not todo.any():
        return out.alias(s.name)
    # Only the rows the common format missed pay for the other formats (and the strip).
    rest = apply_expr(text.filter(todo), pl.col("x").str.strip_chars().pipe(
        lambda t: pl.when(t.str.slice(10, 1) == " ")
        .then(t.str.slice(0, 10) + "T" + t.str.slice(11)).otherwise(t)))
    parsed = pl.repeat(None, len(rest), dtype=TS, eager=True)
    for fmt in (*TS_AWARE, *TS_NAIVE):
        missing = parsed.is_null()
        if not missing.any():
            break
        try_ = rest.filter(missing).str.to_datetime(fmt, strict=False, time_unit="us", cache=False)
        if try_.dtype.time_zone is None:  # type: ignore[attr-defined]
            try_ = try_.dt.replace_time_zone("UTC")
        parsed = scatter(parsed, missing, try_)
    return scatter(out, todo, parsed).alias(s.name)


def _int_fromfloat_expr(f: pl.Expr) -> pl.Expr:
    """Integral finite floats inside the int64 range → Int64; anything else → null."""
    ok = f.is_finite() & (f == f.floor()) & (f >= _INT64_MIN) & (f < _INT64_END)
    return pl.when(ok).then(f).cast(pl.Int64)


def int_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_integer():
        return e.cast(pl.Int64, strict=False)  # UInt64 beyond int64 → null → not_integer
    if dtype.is_float() or dtype.is_decimal():
        return _int_fromfloat_expr(e.cast(pl.Float64))
    text = e.cast(pl.String).str.strip_chars()
    # Exact integers first ("9007199254740993" must not go through a float), then "2.0", "1e3".
    return pl.coalesce(text.cast(pl.Int64, strict=False),
                       _int_fromfloat_expr(text.cast(pl.Float64, strict=False)))


def float_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    source = e if dtype.is_numeric() else e.cast(pl.String).str.strip_chars()
    f = source.cast(pl.Float64, strict=False)
    return pl.when(f.is_finite()).then(f)


def bool_expr(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean:
        return e
    if dtype.is_integer():
        return e.replace_strict({1: True, 0: False}, default=None, return_dtype=pl.Boolean)
    words = e.cast(pl.String).str.strip_chars().str.to_lowercase()
    return words.replace_strict(BOOL_WORDS, default=None, return_dtype=pl.Boolean)


def parse_integers(s: pl.Series) -> pl.Series:
    """Integers from ints, integral floats ("2.0", 2.0, "1e3") or text; null where not integral.

    Examples
    --------
    >>> parse_integers(pl.Series(["7", " 2.0 ", "1.5", "x", "-3"])).to_list()
    [7, 2, None, None, -3]
    """
    return apply_expr(s, int_expr(pl.col("x"), s.dtype))


def parse_floats(s: pl.Series) -> pl.Series:
    """Finite floats from numbers or text; null where not a finite number."""
    return apply_expr(s, float_expr(pl.col("x"), s.dtype))


def parse_booleans(s: pl.Series) -> pl.Series:
    """Booleans from bools, 0/1, or true/false/yes/no/1/0 text in any case; else null."""
    return apply_expr(s, bool_expr(pl.col("x"), s.dtype))


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
