"""The scan's event-level work on Apache Spark: validation, featurization, account fingerprints.

Consumes a Parquet dataset (file, directory, partitioned tree, any Hadoop URI) and the Config; produces the
scan's Fingerprints, so that linkage, scoring and campaigns run unchanged on the driver (scan.run_scan)."""

from __future__ import annotations

import inspect
import math
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import polars as pl
import pyarrow as pa

from distillguard.config import Config, FeatureConfig, IOConfig
from distillguard.errors import InputError
from distillguard.features.accounts import (
    capability_mix,
    finish_fingerprints,
    partition_fingerprints,
)
from distillguard.features.events import UNSTAGED_COLUMNS, featurize_events
from distillguard.io.quarantine import QUARANTINE_FILE, ROW, QuarantineWriter, quarantine_records
from distillguard.io.readers import ROW_COL, resolve_table
from distillguard.io.readers.base import check_required, split_columns
from distillguard.io.readers.parquet import check_parquet_types
from distillguard.io.schema import ACCOUNTS_SPEC, EVENTS_SPEC, LABELS_SPEC, RELEASES_SPEC
from distillguard.io.summary import Counts
from distillguard.io.validate import newest_plausible, read_valid_table, validate_batch
from distillguard.scan import Fingerprints, first_prompts, no_event_message

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# settings the engine needs whatever the cluster: timestamps are UTC instants everywhere
SESSION_CONF = {"spark.sql.session.timeZone": "UTC"}
# a local master (one machine) gets few shuffle partitions, no web UI and a bounded driver heap
LOCAL_CONF = {"spark.sql.shuffle.partitions": "8", "spark.ui.enabled": "false",
              "spark.ui.showConsoleProgress": "false", "spark.driver.memory": "2g"}
# the kinds of row of the validation pass: an event, a quarantined row, an account's first prompt
EVENT, QUARANTINED, EXAMPLE = 0, 1, 2
KIND, FILE, ROW_INDEX, LINE, PART = "_kind", "_file", "_row", "_line", "part"
TEMPLATE_ACCOUNTS = "template_accounts"


def spark_session(master: str | None = None) -> SparkSession:
    """The active Spark session (spark-submit), or a new one on ``master`` (default: local[*])."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("distillguard")
    if master:
        builder = builder.master(master)
    # spark-submit starts the JVM first and hands its gateway over; its settings stand
    submitted = master is None and "PYSPARK_GATEWAY_PORT" in os.environ
    local = not submitted and (master or "local").startswith("local")
    for key, value in {**(LOCAL_CONF if local else {}), **SESSION_CONF}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    if local:  # the scan prints its own one-line errors; Spark's warnings would bury them
        session.sparkContext.setLogLevel("ERROR")
    return session


# --------------------------------------------------------------------------- dtypes


def spark_dtypes(schema: pl.Schema) -> pl.Schema:
    """A Polars schema Spark can hold: unsigned integers become signed 64-bit ones."""
    def safe(dtype: pl.DataType) -> pl.DataType:
        return pl.Int64() if dtype.is_unsigned_integer() else dtype
    return pl.Schema({name: safe(dtype) for name, dtype in schema.items()})


def to_spark(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` in spark_dtypes (64-bit hashes keep their bits)."""
    return frame.with_columns(
        pl.col(name).reinterpret(signed=True) if dtype == pl.UInt64 else pl.col(name).cast(pl.Int64)
        for name, dtype in frame.schema.items() if dtype.is_unsigned_integer())


def restorer(schema: pl.Schema) -> Callable[[pl.LazyFrame], pl.LazyFrame]:
    """A function LazyFrame → LazyFrame giving back the dtypes of ``schema`` after to_spark."""
    def restore(frame: pl.LazyFrame) -> pl.LazyFrame:
        names = frame.collect_schema().names()
        return frame.select(
            (pl.col(name).reinterpret(signed=False) if dtype == pl.UInt64
             else pl.col(name).cast(dtype)) for name, dtype in schema.items() if name in names)
    return restore


def arrow_schema(struct: Any) -> pa.Schema:
    """The Arrow schema of a Spark StructType, timestamps in UTC (pyspark 4.2 made the time zone
    an argument; earlier releases take UTC by default)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    if "timezone" in inspect.signature(to_arrow_schema).parameters:
        return to_arrow_schema(struct, timezone="UTC")
    return to_arrow_schema(struct)


def spark_schema(schema: pl.Schema) -> tuple[Any, pa.Schema]:
    """The Spark StructType of a Polars schema in spark_dtypes, and the Arrow schema Spark
    expects of the batches that hold it."""
    from pyspark.sql.pandas.types import from_arrow_schema

    struct = from_arrow_schema(pl.DataFrame(schema=spark_dtypes(schema)).to_arrow().schema)
    return struct, arrow_schema(struct)


def _arrow_batches(frame: pl.DataFrame, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    yield from frame.to_arrow().cast(schema).to_batches()


# --------------------------------------------------------------------------- schemas


def event_features_schema(cfg: FeatureConfig) -> pl.Schema:
    """Featurized events, as features.events writes them."""
    return featurize_events(pl.DataFrame(schema=EVENTS_SPEC.schema), cfg).schema


def staged_schema(cfg: FeatureConfig) -> pl.Schema:
    """The rows of the validation pass: featurized events, quarantine lines and first prompts."""
    return pl.Schema({**event_features_schema(cfg), "prompt": pl.String, KIND: pl.Int8,
                      FILE: pl.String, ROW_INDEX: pl.Int64, LINE: pl.String})


def fingerprint_schema(cfg: FeatureConfig) -> pl.Schema:
    """One partition's account fingerprints (features.accounts.partition_fingerprints)."""
    events = (pl.DataFrame(schema=event_features_schema(cfg))
              .with_columns(pl.lit(None, pl.UInt32).alias(TEMPLATE_ACCOUNTS)))
    return partition_fingerprints(events.lazy(), cfg, capability_mix({})).schema


# --------------------------------------------------------------------------- executors


def _source(path: str) -> str:
    """A Spark file URI → the file's name, as the Polars engine names a quarantine source."""
    return unquote(path.rsplit("/", 1)[-1])


def validate_partition(batches: Iterator[pa.RecordBatch], cfg: Config, latest: datetime,
                       out: pa.Schema) -> Iterator[pa.RecordBatch]:
    """mapInArrow: raw Arrow batches of one input split → validated, featurized events (chunks of
    ``cfg.features.chunk_rows``, as the Polars engine featurizes), quarantine lines and each
    account's first prompt of each chunk, as rows of staged_schema."""
    names = staged_schema(cfg.features).names()
    buffer: list[pl.DataFrame] = []
    buffered = 0

    def rows(frame: pl.DataFrame, kind: int) -> pl.DataFrame:
        return frame.with_columns(pl.lit(kind, pl.Int8).alias(KIND)).select(
            pl.col(n) if n in frame.columns or n == KIND else pl.lit(None).alias(n) for n in names)

    def flush() -> Iterator[pa.RecordBatch]:
        raw = pl.concat(buffer, how="vertical")
        buffer.clear()
        events = featurize_events(raw.drop(FILE, ROW_INDEX), cfg.features)  # keeps row order
        events = events.hstack(raw.select(FILE, ROW_INDEX))
        yield from _arrow_batches(to_spark(rows(events, EVENT)), out)
        yield from _arrow_batches(to_spark(rows(first_prompts(raw), EXAMPLE)), out)

    for batch in batches:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.with_columns((pl.col(ROW_INDEX) + 1).alias(ROW_COL))
        for (path,), part in frame.partition_by(FILE, as_dict=True, maintain_order=True).items():
            clean, bad = validate_batch(part.drop(FILE, ROW_INDEX), EVENTS_SPEC, cfg.io,
                                        latest=latest)
            kept = part[ROW_COL].filter(~part[ROW_COL].is_in(bad[ROW].implode()))
            buffer.append(clean.with_columns(pl.lit(path).alias(FILE), kept.alias(ROW_INDEX)))
            buffered += clean.height
            if bad.height:
                records = quarantine_records(EVENTS_SPEC.name, _source(path), bad,
                                             cfg.io.quarantine_value_chars)
                lines = records.write_ndjson().splitlines()
                yield from _arrow_batches(rows(pl.DataFrame({
                    LINE: lines, FILE: [path] * bad.height, ROW_INDEX: bad[ROW]}), QUARANTINED),
                    out)
        if buffered >= cfg.features.chunk_rows:
            yield from flush()
            buffered = 0
    if buffer:
        yield from flush()


def fingerprint_partition(table: pa.Table, cfg: FeatureConfig, mix: dict[str, float],
                          releases: pl.DataFrame | None, out: pa.Schema) -> pa.Table:
    """applyInArrow: every featurized event of one account partition → its fingerprint rows."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    schema = pl.Schema({**event_features_schema(cfg), TEMPLATE_ACCOUNTS: pl.UInt32})
    events = frame.lazy().pipe(restorer(schema))
    return to_spark(partition_fingerprints(events, cfg, mix, releases)).to_arrow().cast(out)


# --------------------------------------------------------------------------- driver


def read_events(spark: SparkSession, events: str, cfg: IOConfig) -> tuple[DataFrame, datetime]:
    """The events dataset with its file and row of each row, and the newest plausible time.

    Raises
    ------
    InputError
        The path is not a readable Parquet dataset, or a required column is unusable.
    """
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    try:
        frame = spark.read.parquet(events)
        columns = frame.columns
    except PySparkException as exc:
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{events}: not a readable Parquet dataset ({first})") from None
    check_required(Path(events), columns, EVENTS_SPEC)
    present, _ignored = split_columns(columns, EVENTS_SPEC)
    check_parquet_types(events, arrow_schema(frame.select(*present).schema), EVENTS_SPEC,
                        present)
    frame = frame.select(*present, F.col("_metadata.file_path").alias(FILE),
                         F.col("_metadata.row_index").alias(ROW_INDEX),
                         F.col("_metadata.file_modification_time").alias("_mtime"))
    written = frame.agg(F.max("_mtime")).first()[0]
    latest = newest_plausible(cfg)
    if written is not None:
        latest = max(latest, written.replace(tzinfo=UTC) + timedelta(hours=cfg.future_skew_hours))
    return frame.drop("_mtime"), latest


def fingerprint(events: str | Path, *, out_dir: Path, work: Path, cfg: Config,
                spark: SparkSession, accounts: str | Path | None = None,
                releases: str | Path | None = None, labels: str | Path | None = None,
                show_progress: bool = False, fmt: str = "contract") -> Fingerprints:
    """scan.fingerprint_accounts on Spark: ``events`` is validated and featurized and its accounts
    fingerprinted on the executors; the small tables (accounts, releases, labels) are read on the
    driver. Featurized events (no prompt text) are written split by account under ``work``, which
    the driver and the executors must both reach.

    Raises
    ------
    InputError
        A path, a file format or a required column is unusable, or no event is valid; or ``fmt`` is
    not the contract's (OpenTelemetry and LiteLLM exports are read by the Polars engine).
    """
    from pyspark.sql import functions as F

    if fmt != "contract":
        raise InputError(f"--engine spark reads the contract's Parquet events only, not --format "
                         f"{fmt}: convert with the Polars engine or write the contract's columns")
    del show_progress  # Spark shows its own progress
    optional = [(spec, Path(p)) for spec, p in ((ACCOUNTS_SPEC, accounts), (RELEASES_SPEC, releases),
                                                (LABELS_SPEC, labels)) if p is not None]
    for spec, path in optional:
        resolve_table(path, spec.name)
    timings: dict[str, float] = {}
    counts: dict[str, Counts] = {"events": Counts()}
    tables: dict[str, pl.DataFrame] = {}
    t0 = time.perf_counter()
    raw, latest = read_events(spark, str(events), cfg.io)
    staged_struct, staged_arrow = spark_schema(staged_schema(cfg.features))
    stage_dir = (work / "staged").resolve().as_uri()
    (raw.mapInArrow(lambda it: validate_partition(it, cfg, latest, staged_arrow), staged_struct)
     .write.mode("overwrite").parquet(stage_dir))
    staged = spark.read.parquet(stage_dir)
    found = dict(staged.groupBy(KIND).count().collect())
    timings["validate+featurize"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    events_rows = staged.filter(F.col(KIND) == EVENT)
    order = F.struct(FILE, ROW_INDEX)
    repeated = (events_rows.groupBy("request_id")
                .agg(F.count("*").alias("_n"), F.min(order).alias("_first"))
                .filter(F.col("_n") > 1).cache())
    n_repeated = repeated.agg(F.sum(F.col("_n") - 1)).first()[0] or 0
    kept = (events_rows.join(F.broadcast(repeated.select("request_id", "_first")), "request_id",
                             "left")
            .filter(F.col("_first").isNull() | (order == F.col("_first"))))
    event = counts["events"]
    event.read = found.get(EVENT, 0) + found.get(QUARANTINED, 0)
    event.quarantined = found.get(QUARANTINED, 0)
    event.deduplicated = int(n_repeated)
    event.used = found.get(EVENT, 0) - event.deduplicated
    event.check()
    parts = max(cfg.features.account_partitions,
                math.ceil(event.used / cfg.features.chunk_rows))
    features_dir = work / "event_features"
    # as the Polars engine stores them: without the columns no later stage reads
    feature_names = [n for n in event_features_schema(cfg.features).names()
                     if n not in UNSTAGED_COLUMNS]
    (kept.select(*feature_names, F.pmod(F.xxhash64("account_id"), F.lit(parts)).alias(PART))
     .repartition(parts, PART).write.mode("overwrite").partitionBy(PART)
     .parquet(features_dir.resolve().as_uri()))
    repeated.unpersist()
    quarantine_dir = work / "quarantine"
    # one sorted part: a global orderBy would first sample the whole staging pass
    (staged.filter(F.col(KIND) == QUARANTINED).repartition(1).sortWithinPartitions(FILE, ROW_INDEX)
     .select(LINE).write.mode("overwrite").text(quarantine_dir.resolve().as_uri()))
    examples = staged.filter(F.col(KIND) == EXAMPLE).groupBy("account_id").agg(
        F.min_by(F.struct("ts", "prompt"), "ts").alias("_first")).select(
        "account_id", "_first.ts", "_first.prompt")
    first = pl.from_arrow(examples.toArrow())
    assert isinstance(first, pl.DataFrame)
    timings["deduplicate"] = time.perf_counter() - t0

    with QuarantineWriter(out_dir / QUARANTINE_FILE,
                          value_chars=cfg.io.quarantine_value_chars) as quarantine:
        for spec, path in optional:
            tables[spec.name], counts[spec.name] = read_valid_table(path, spec, cfg.io,
                                                                    quarantine)
        for part in sorted(quarantine_dir.glob("part-*")):
            data = part.read_bytes()
            quarantine.write_lines(data, data.count(b"\n"))
    if event.used == 0:
        raise InputError(no_event_message(events, event, out_dir / QUARANTINE_FILE))

    t0 = time.perf_counter()
    featurized = spark.read.parquet(features_dir.resolve().as_uri())
    usage = (featurized.filter(F.col("template_sig").isNotNull())
             .select("template_sig", "account_id").distinct()
             .groupBy("template_sig").agg(F.count("*").alias(TEMPLATE_ACCOUNTS)))
    mix = capability_mix(dict(featurized.groupBy("capability").count().collect()))
    prints_pl = fingerprint_schema(cfg.features)
    prints_struct, prints_arrow = spark_schema(prints_pl)
    rows = (featurized.join(usage, "template_sig", "left").groupBy(PART)
            .applyInArrow(lambda table: fingerprint_partition(table, cfg.features, mix,
                                                              tables.get("releases"),
                                                              prints_arrow),
                          prints_struct))
    frame = pl.from_arrow(rows.toArrow())
    assert isinstance(frame, pl.DataFrame)
    features = finish_fingerprints([frame.lazy().pipe(restorer(prints_pl)).collect()],
                                   cfg.features, tables.get("accounts"))
    timings["accounts"] = time.perf_counter() - t0
    partitions = sorted(features_dir.glob(f"{PART}=*"), key=lambda p: int(p.name.split("=")[1]))
    return Fingerprints(features=features, counts=counts, tables=tables, timings=timings,
                        partitions=[sorted(p.glob("*.parquet")) for p in partitions],
                        examples=first.sort("account_id"),
                        restore=restorer(event_features_schema(cfg.features)))
