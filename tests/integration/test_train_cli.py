"""`distillguard train` as users run it: labels of a world's accounts → config.yaml that scan accepts,
train_metrics.json with cross-validated rates, bad labels quarantined, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml

from tests.conftest import run_cli


def _labels(world: Path, path: Path, extra: pl.DataFrame | None = None) -> Path:
    truth = pl.read_parquet(world / "truth.parquet")
    labels = truth.select("account_id", label=pl.col("campaign_id").is_not_null().cast(pl.Int64),
                          campaign_id="campaign_id")
    if extra is not None:
        labels = pl.concat([labels, extra], how="vertical_relaxed")
    labels.write_csv(path)
    return path


def _train(world: Path, labels: Path, out: Path, *extra: str):
    return run_cli("train", str(world / "events.parquet"), "--accounts",
                   str(world / "accounts.parquet"), "--labels", str(labels), "--out", str(out),
                   *extra)


@pytest.fixture(scope="module")
def trained(small_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    bad = pl.DataFrame({"account_id": ["acct_nobody", "acct_bad"], "label": [1, 7],
                        "campaign_id": [None, None]})
    proc = _train(small_world, _labels(small_world, root / "labels.csv", bad), root / "out")
    assert proc.returncode == 0, proc.stderr
    (root / "stdout.txt").write_text(proc.stdout)
    return root


def test_train_writes_a_config_scan_accepts(trained: Path, small_world: Path, tmp_path: Path):
    config = trained / "out" / "config.yaml"
    doc = yaml.safe_load(config.read_text())
    assert {"io", "features", "linkage", "scoring", "campaigns", "online", "train"} <= set(doc)
    assert doc["scoring"]["model"] in ("logistic", "boosted")
    proc = run_cli("scan", str(small_world / "events.parquet"), "--accounts",
                   str(small_world / "accounts.parquet"), "--out", str(tmp_path / "scan"),
                   "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    run_cli("evaluate", "--truth", str(small_world / "truth.parquet"), "--scan",
            str(tmp_path / "scan"), check=True)
    metrics = json.loads((tmp_path / "scan" / "metrics.json").read_text())["accounts"]
    # fitted on this world's labels: it finds this world's operations
    assert metrics["recall"] >= 0.9 and metrics["precision"] >= 0.9


def test_train_metrics_are_cross_validated_and_count_every_label(trained: Path):
    m = json.loads((trained / "out" / "train_metrics.json").read_text())
    assert m["folds_keep_campaigns_together"] and m["folds"] >= 2
    cv = m["cross_validated"]
    assert cv["recall"] >= 0.8 and cv["precision"] >= 0.8 and cv["fpr"] <= 0.05
    assert len(m["variants"]) == 4 and m["labels_not_in_logs"] >= 1
    assert sum(f["accounts"] for f in m["per_fold"]) == m["labelled_accounts"]
    stdout = (trained / "stdout.txt").read_text()
    assert stdout.splitlines()[2].startswith("labels: read")
    assert "quarantined 1" in stdout.splitlines()[2]
    quarantine = (trained / "out" / "quarantine.jsonl").read_text().splitlines()
    assert len(quarantine) == 1 and "not_boolean" in quarantine[0] and "acct_bad" in quarantine[0]


def test_single_class_labels_are_a_one_line_error(small_world: Path, tmp_path: Path):
    truth = pl.read_parquet(small_world / "truth.parquet")
    labels = tmp_path / "ops.csv"
    truth.filter(pl.col("campaign_id").is_not_null()).select(
        "account_id", label=pl.lit(1)).write_csv(labels)
    proc = _train(small_world, labels, tmp_path / "out")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "both classes" in proc.stderr
