"""`distillguard evaluate` on a real small world with hand-made scan outputs."""

from __future__ import annotations

import json

import polars as pl

from tests.conftest import run_cli


def _scan_from_truth(world, out, flip_legit: int = 0):
    truth = pl.read_parquet(world / "truth.parquet").filter("has_events")
    scan = truth.select(
        "account_id",
        score=pl.col("campaign_id").is_not_null().cast(pl.Float64),
        flagged=pl.col("campaign_id").is_not_null(),
        campaign_id="campaign_id",
        reasons=pl.lit([], pl.List(pl.String)),
    )
    if flip_legit:
        legit = scan.filter(~pl.col("flagged"))["account_id"].head(flip_legit)
        scan = scan.with_columns(flagged=pl.col("flagged") | pl.col("account_id").is_in(
            legit.implode()))
    out.mkdir(parents=True, exist_ok=True)
    scan.write_parquet(out / "accounts.parquet")
    return truth


def test_perfect_scan_scores_perfectly(small_world, tmp_path):
    _scan_from_truth(small_world, tmp_path)
    proc = run_cli("evaluate", "--truth", str(small_world / "truth.parquet"), "--scan",
                   str(tmp_path), check=True)
    assert "false positives by legitimate persona" in proc.stdout
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert m["accounts"]["precision"] == 1.0 and m["accounts"]["recall"] == 1.0
    assert m["accounts"]["fpr"] == 0.0
    assert m["exchanges"]["campaign_exchanges_flagged_share"] == 1.0
    assert len(m["campaigns"]) == 3
    assert all(c["majority_in_one_campaign"] for c in m["campaigns"].values())


def test_false_positives_are_counted_per_persona(small_world, tmp_path):
    truth = _scan_from_truth(small_world, tmp_path, flip_legit=3)
    run_cli("evaluate", "--truth", str(small_world / "truth.parquet"), "--scan", str(tmp_path),
            check=True)
    m = json.loads((tmp_path / "metrics.json").read_text())
    legit = truth.filter(pl.col("campaign_id").is_null()).height
    assert m["accounts"]["false_positives"] == 3
    assert m["accounts"]["fpr"] == round(3 / legit, 6)
    assert sum(p["flagged"] for p in m["accounts"]["fpr_by_persona"].values()) == 3


def test_evaluate_errors_are_one_line(small_world, tmp_path):
    cases = [
        ["--truth", str(tmp_path / "missing.parquet"), "--scan", str(tmp_path)],
        ["--truth", str(small_world / "truth.parquet"), "--scan", str(tmp_path / "nothing")],
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "accounts.parquet").write_bytes(b"not parquet at all")
    cases.append(["--truth", str(small_world / "truth.parquet"), "--scan", str(broken)])
    partial = tmp_path / "partial"
    partial.mkdir()
    pl.DataFrame({"account_id": ["x"]}).write_parquet(partial / "accounts.parquet")
    cases.append(["--truth", str(small_world / "truth.parquet"), "--scan", str(partial)])
    for args in cases:
        proc = run_cli("evaluate", *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr
