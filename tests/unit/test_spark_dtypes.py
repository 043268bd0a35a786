"""The Spark engine's dtype round trip: what Spark cannot hold (unsigned integers) comes back unchanged.

Consumes tiny Polars frames; needs neither Java nor pyspark (spark.py imports pyspark only when it runs)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from distillguard.config import load_config
from distillguard.spark import (
    fingerprint_schema,
    restorer,
    spark_dtypes,
    staged_schema,
    to_spark,
)


def test_unsigned_columns_survive_the_round_trip() -> None:
    frame = pl.DataFrame({"template_sig": pl.Series([2**64 - 1, 7, None], dtype=pl.UInt64),
                          "n": pl.Series([1, 2, 3], dtype=pl.UInt32), "ts": [1, 2, 3]})
    spark = to_spark(frame)
    assert spark.schema == spark_dtypes(frame.schema)
    assert not any(dtype.is_unsigned_integer() for dtype in spark.schema.dtypes())
    assert_frame_equal(spark.lazy().pipe(restorer(frame.schema)).collect(), frame)


def test_stage_schemas_hold_the_polars_engine_columns() -> None:
    cfg = load_config().features
    staged = staged_schema(cfg)
    assert {"template_sig", "capability", "account_id", "prompt"} <= set(staged.names())
    prints = fingerprint_schema(cfg)
    assert {"account_id", "n_events", "release_adoption", "interarrival_cv"} <= set(prints.names())
