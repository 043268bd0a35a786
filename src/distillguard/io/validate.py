"""Row validation of the contract tables: typed clean rows, quarantined rows with rule ids, counts.

Consumes RawBatch frames from io.readers; produces typed deduplicated frames, quarantine.jsonl,
summary.json and Counts (read = used + quarantined + deduplicated, always)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from distillguard import CONTRACT_VERSION, __version__
from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.dedup import KeySet
from distillguard.io.formats import event_reader
from distillguard.io.parsers import is_text
from distillguard.io.plans import CODE, PRESENT, VAL, decode_bytes, fast_parse, finish, retry
from distillguard.io.quarantine import QUARANTINE_FILE, REASON, ROW, QuarantineWriter
from distillguard.io.readers import (
    PRE_REASON_COL,
    ROW_COL,
    RawBatch,
    TableSource,
    iter_raw_batches,
    resolve_table,
)
from distillguard.io.rules import LONG_TEXT, MINIMUM, RULES, Code, parser_rule_counts, shown
from distillguard.io.schema import ACCOUNTS_SPEC, EVENTS_SPEC, RELEASES_SPEC, TableSpec
from distillguard.io.signals import Coverage, signal_lines
from distillguard.io.summary import SUMMARY_FILE, Counts, TableStats, ValidationReport, write_json
from distillguard.progress import Advance, progress_bar

ProgressFn = Advance
"""Called with the number of input bytes consumed since the previous call."""

__all__ = ["Counts", "ProgressFn", "ValidationReport", "iter_valid_batches", "read_valid_table",
           "validate_batch", "validate_inputs", "write_json"]


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


def newest_plausible(cfg: IOConfig, files: Iterable[Path] = ()) -> datetime:
    """The latest timestamp an input may hold: ``cfg.future_skew_hours`` past the present, or past
    the files' modification time when that is later (a log cannot hold what had not happened when
    it was written)."""
    now = datetime.now(UTC)
    written = [datetime.fromtimestamp(f.stat().st_mtime, UTC) for f in files if f.exists()]
    return max([now, *written]) + timedelta(hours=cfg.future_skew_hours)


def validate_batch(df: pl.DataFrame, spec: TableSpec, cfg: IOConfig, *,
                   latest: datetime | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a raw batch into clean typed rows and bad rows with their reasons.

    Parameters
    ----------
    df
        Contract columns in any dtype (text is parsed), optionally ``__row__`` (1-based row
        numbers; default 1..n) and ``__reason__`` (problems found while parsing).
    spec, cfg
        The table and the limits.
    latest
        Timestamps (``ts``, ``created_at``) after this are quarantined (timestamp_in_future);
        default newest_plausible(cfg), from the present.

    Returns
    -------
    clean
        Exactly ``spec.schema`` columns, in order; absent optional columns are null.
    bad
        ``row``, ``reason`` ("rule_id: detail", several joined with "; ") and the original
        columns of ``df``.

    Examples
    --------
    >>> from distillguard.io.schema import RELEASES_SPEC
    >>> raw = pl.DataFrame({"model": ["m1", ""], "released_at": ["2024-03-01", "2024-03-02"]})
    >>> clean, bad = validate_batch(raw, RELEASES_SPEC, IOConfig())
    >>> clean.height, bad["reason"].to_list()
    (1, ["missing_value: required column 'model' is null or empty"])
    """
    result = _validate(df, spec, cfg, latest or newest_plausible(cfg))
    return result.clean, result.bad


def _validate(df: pl.DataFrame, spec: TableSpec, cfg: IOConfig, latest: datetime) -> _Validated:
    _require_columns(df, spec)
    schema = spec.schema
    present = [c for c in schema if c in df.columns]
    work, masked = decode_bytes(df, present)
    work = work.with_columns(  # step A
        [e for c in present for e in fast_parse(c, work.schema[c], schema[c])])
    work = retry(work, schema, [c for c in present  # step R
                                 if is_text(work.schema[c]) and VAL + c in work.columns])
    finished = [finish(c, schema[c], required=c in spec.required, utf8_mask=c in masked,
                       cfg=cfg, latest=latest) for c in present]
    out = work.select([v for v, _ in finished] + [c for _, c in finished])  # step B
    if "prompt" in present:  # may be empty only when has_image is true
        image = pl.col("has_image").fill_null(False) if "has_image" in present else pl.lit(False)
        empty = (pl.col("prompt") == "").fill_null(False) & ~image
        code = pl.col(CODE + "prompt")
        out = out.with_columns(pl.when((code == 0) & empty).then(int(Code.EMPTY_PROMPT))
                               .otherwise(code).cast(pl.UInt8).alias(CODE + "prompt"))
    codes = [pl.col(CODE + c) != 0 for c in present]
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
                          if not c.startswith((VAL, PRESENT))).filter(bad)
    return _Validated(clean.filter(~bad),
                      _bad_frame(df, bad, _reasons(flagged, raw_bad, present, cfg, latest)),
                      _rule_counts(flagged, raw_bad, present))


def _message(code: Code, name: str, cfg: IOConfig, latest: datetime) -> str:
    rule = RULES[code]
    limit = cfg.max_prompt_chars if name in LONG_TEXT else cfg.max_field_chars
    detail = rule.message.format("{}", col=name, limit=limit, min_year=cfg.min_year,
                                 max_year=cfg.max_year, minimum=MINIMUM.get(name, 0),
                                 latest=latest.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return f"{rule.id}: {detail}"


def _reasons(flagged: pl.DataFrame, raw_bad: pl.DataFrame, present: list[str],
             cfg: IOConfig, latest: datetime) -> pl.Series:
    """Reason text of the bad rows: parser findings first, then one clause per bad column."""
    frame = raw_bad.with_columns(flagged.select(CODE + c for c in present))
    parts: list[pl.Expr] = []
    if PRE_REASON_COL in frame.columns:
        parts.append(pl.col(PRE_REASON_COL))
    for name in present:
        used = sorted(set(frame[CODE + name].unique().to_list()) - {0})
        expr: Any = pl
        for code in used:
            message = _message(Code(code), name, cfg, latest)
            text = (pl.format(message, shown(pl.col(name))) if "{}" in message
                    else pl.lit(message))
            expr = expr.when(pl.col(CODE + name) == code).then(text)
        if used:
            parts.append(expr.otherwise(pl.lit(None, pl.String)))
    return frame.select(pl.concat_str(parts, separator="; ", ignore_nulls=True)).to_series()


def _rule_counts(flagged: pl.DataFrame, raw_bad: pl.DataFrame,
                 present: list[str]) -> Counter[str]:
    """Rule histogram from the codes, not from the reason text (values there are user data)."""
    rules: Counter[str] = Counter()
    if present:
        counts = (flagged.select(CODE + c for c in present).unpivot()
                  .filter(pl.col("value") != 0).group_by("value").len())
        for code, count in counts.iter_rows():
            rules[RULES[Code(code)].id] += count
    if PRE_REASON_COL in raw_bad.columns:
        rules.update(parser_rule_counts(raw_bad[PRE_REASON_COL]))
    return rules


def _bad_frame(df: pl.DataFrame, bad: pl.Series, reasons: pl.Series) -> pl.DataFrame:
    """Bad rows: ``row``, ``reason`` and the original columns (for the quarantine record)."""
    rows = (df[ROW_COL] if ROW_COL in df.columns
            else pl.int_range(1, df.height + 1, eager=True)).filter(bad)
    original = df.drop([c for c in (ROW_COL, PRE_REASON_COL) if c in df.columns]).filter(bad)
    return pl.DataFrame([rows.cast(pl.Int64).alias(ROW), reasons.alias(REASON)]).hstack(original)



# --------------------------------------------------------------------------- streaming API


class _Reading(NamedTuple):
    """What a table is read as: its raw batches and the spec they are validated against."""

    spec: TableSpec
    raws: Iterator[RawBatch]
    fmt: str


def _reading(source: TableSource, spec: TableSpec, cfg: IOConfig, fmt: str) -> _Reading:
    """Events in ``fmt`` (io.formats); the other tables are always the contract's."""
    if spec is not EVENTS_SPEC:
        return _Reading(spec, iter_raw_batches(source, spec, cfg), "contract")
    reader = event_reader(fmt, source, cfg)
    return _Reading(reader.spec, reader.read(source, cfg), reader.fmt)


def _iter_table(source: TableSource, reading: _Reading, cfg: IOConfig,
                quarantine: QuarantineWriter, counts: Counts, stats: TableStats | None,
                progress: ProgressFn | None,
                coverage: Coverage | None = None) -> Iterator[pl.DataFrame]:
    spec = reading.spec
    seen = KeySet() if spec.key else None
    latest = newest_plausible(cfg, source.files)
    for raw in reading.raws:
        clean, bad, rules = _validate(raw.frame, spec, cfg, latest)
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
        if coverage is not None:
            coverage.observe(clean)
        if progress is not None and raw.nbytes:
            progress(raw.nbytes)
        if clean.height:
            yield clean


def iter_valid_batches(path: str | Path, spec: TableSpec, cfg: IOConfig,
                       quarantine: QuarantineWriter, counts: Counts, *,
                       stats: TableStats | None = None,
                       progress: ProgressFn | None = None, fmt: str = "contract",
                       coverage: Coverage | None = None) -> Iterator[pl.DataFrame]:
    """Stream the clean, typed, deduplicated rows of a table, batch by batch.

    Bad rows go to ``quarantine`` as they are met; ``counts`` (and ``stats``, ``coverage`` when
    given) are updated before each batch is yielded, so they add up even if the caller stops
    early. Events are read in ``fmt`` (io.formats.LOG_FORMATS; io.columns applies to 'contract').

    Raises
    ------
    InputError
        The path, a file's format, or a required column is unusable.
    """
    source = resolve_table(path, spec.name)
    if stats is not None:
        stats.source = source
    yield from _iter_table(source, _reading(source, spec, cfg, fmt), cfg, quarantine, counts,
                           stats, progress, coverage)


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


def _validate_table(source: TableSource, reading: _Reading, cfg: IOConfig,
                    quarantine: QuarantineWriter, progress: ProgressFn,
                    coverage: Coverage | None) -> tuple[Counts, TableStats]:
    counts, stats = Counts(), TableStats(reading.spec, source=source)
    for _batch in _iter_table(source, reading, cfg, quarantine, counts, stats, progress,
                              coverage):
        pass  # only the per-batch aggregates in stats are kept
    counts.check()
    return counts, stats



def validate_inputs(events: str | Path, *, accounts: str | Path | None = None,
                    releases: str | Path | None = None, out_dir: str | Path,
                    cfg: IOConfig, show_progress: bool = False,
                    fmt: str = "contract") -> ValidationReport:
    """Check the input tables against the contract; write summary.json and quarantine.jsonl.

    Events are streamed batch by batch (never held whole in memory) and read in ``fmt``
    (io.formats). Every path is resolved first, so a missing accounts file fails before a long
    pass over the events.

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
    readings = [_reading(source, spec, cfg, fmt)
                for (spec, _path), source in zip(tables, sources, strict=True)]
    coverage = Coverage()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create output directory ({exc.strerror})") from None
    counts: dict[str, Counts] = {}
    infos: dict[str, Any] = {}
    with QuarantineWriter(out / QUARANTINE_FILE, value_chars=cfg.quarantine_value_chars) as q, \
            progress_bar(show_progress, in_bytes=True, transient=True) as task:
        for (spec, _path), source, reading in zip(tables, sources, readings, strict=True):
            events = spec is EVENTS_SPEC
            c, stats = _validate_table(source, reading, cfg, q,
                                       task(f"validating {spec.name}", source.nbytes),
                                       coverage if events else None)
            counts[spec.name] = c
            infos[spec.name] = stats.to_dict(c)
            if events:
                infos[spec.name]["log_format"] = reading.fmt
                infos[spec.name]["signals"] = coverage.signals()
        quarantined = q.rows_written
    summary = {
        "contract_version": CONTRACT_VERSION,
        "distillguard_version": __version__,
        "quarantine": {"file": QUARANTINE_FILE, "rows": quarantined},
        "tables": infos,
    }
    write_json(out / SUMMARY_FILE, summary)
    return ValidationReport(summary=summary, out_dir=out, counts=counts,
                            notes=signal_lines(infos[EVENTS_SPEC.name]["signals"]))
