"""`distillguard scan --engine spark` on local[2] gives the Polars engine's answer: parity on a small world.

Consumes the session's small simulated world, split into Parquet files with bad rows and repeated request
ids, read as a flat directory (Polars) and as a date= partitioned tree (Spark), both through the real CLI."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from distillguard.evaluation.parity import scan_agreement
from tests.conftest import run_cli

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java: apt-get install openjdk-17-jre-headless"),
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="no pyspark: pip install -e '.[spark]'"),
]


def _spoil(events: pl.DataFrame) -> pl.DataFrame:
    """Rows every engine must quarantine: a bad IP, negative tokens, no account, a future time."""
    bad = events.head(4).with_columns(request_id=pl.format("bad-{}", pl.int_range(4)))
    return pl.concat([
        bad[0].with_columns(ip=pl.lit("999.1.1.1")),
        bad[1].with_columns(output_tokens=pl.lit(-5, pl.Int64)),
        bad[2].with_columns(account_id=pl.lit("")),
        bad[3].with_columns(ts=pl.lit(datetime(2099, 1, 1, tzinfo=UTC))),
    ])


@pytest.fixture(scope="module")
def inputs(small_world: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same two files as a flat directory and as a partitioned tree."""
    root = tmp_path_factory.mktemp("spark_input")
    events = pl.read_parquet(small_world / "events.parquet")
    half = events.height // 2
    first = pl.concat([events.head(half), _spoil(events), events.head(25)])  # repeats in a file
    second = pl.concat([events.tail(events.height - half), events.slice(100, 30)])  # and across
    flat, tree = root / "flat", root / "tree"
    for i, frame in enumerate((first, second), start=1):
        (flat).mkdir(exist_ok=True)
        (tree / f"date=2026-01-0{i}").mkdir(parents=True)
        frame.write_parquet(flat / f"events-{i}.parquet", row_group_size=4_000)
        shutil.copy(flat / f"events-{i}.parquet", tree / f"date=2026-01-0{i}" / f"events-{i}.parquet")
    return flat, tree


def _scan(events: Path, world: Path, out: Path, *extra: str) -> Path:
    run_cli("scan", str(events), "--accounts", str(world / "accounts.parquet"), "--releases",
            str(world / "releases.parquet"), "--out", str(out), *extra, check=True)
    return out


def test_spark_engine_matches_polars(inputs: tuple[Path, Path], small_world: Path,
                                     tmp_path: Path) -> None:
    flat, tree = inputs
    polars_out = _scan(flat, small_world, tmp_path / "polars")
    spark_out = _scan(tree, small_world, tmp_path / "spark", "--engine", "spark", "--spark-master",
                      "local[2]")
    agreement = scan_agreement(polars_out, spark_out)
    assert agreement["accounts"][0] == agreement["accounts"][1] > 0
    assert agreement["flagged"][0] > 0
    assert agreement["flag_agreement"] >= 0.999, agreement
    assert agreement["campaign_agreement"] >= 0.99, agreement
    assert agreement["counts_equal"] and agreement["quarantine_equal"], agreement
    counts = json.loads((spark_out / "scan_summary.json").read_text())["counts"]["events"]
    assert (counts["quarantined"], counts["deduplicated"]) == (4, 55)
    for name in ("campaigns.json", "indicators.stix.json", "report.html", "account_features.parquet"):
        assert (spark_out / name).is_file()

