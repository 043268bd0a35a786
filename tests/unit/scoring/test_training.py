"""Fitting the score on labels: folds keep campaigns together, the threshold meets its targets, bad labels."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from distillguard.config import ScoringConfig, SignalWeight, TrainConfig
from distillguard.errors import InputError
from distillguard.scoring.training import (
    assign_folds,
    check_labels,
    choose_threshold,
    fit_from_labels,
    fold_groups,
)

BASE = ScoringConfig(signals=[SignalWeight(name="harvest_share", weight=1.0),
                              SignalWeight(name="account_youth", weight=1.0)], hallmark_min_sd=2.0)


def _labelled(n_ops: int = 60, n_legit: int = 400, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_ops + n_legit
    label = np.r_[np.ones(n_ops, dtype=np.int64), np.zeros(n_legit, dtype=np.int64)]
    harvest = np.where(label == 1, rng.uniform(0.3, 0.9, n), rng.uniform(0.0, 0.2, n))
    return pl.DataFrame({
        "account_id": [f"a{i:04d}" for i in range(n)], "label": label,
        "campaign_id": [f"c{i % 3}" if label[i] else None for i in range(n)],
        "n_events": [100] * n, "output_tokens": [1000] * n, "harvest_share": harvest,
        "share_cot_elicitation": harvest, "share_rubric_grading": [0.0] * n,
        "share_sensitive_rewrite": [0.0] * n, "share_data_generation": [0.0] * n,
        "age_days": rng.uniform(1, 400, n)})


def test_a_campaign_never_spans_two_folds():
    frame = _labelled()
    groups = fold_groups(frame)
    folds = assign_folds(groups, frame["label"].to_numpy(), 3, seed=1)
    per_campaign = (frame.with_columns(fold=pl.Series(folds)).filter(pl.col("label") == 1)
                    .group_by("campaign_id").agg(pl.col("fold").n_unique()))
    assert per_campaign["fold"].to_list() == [1, 1, 1]
    assert sorted(np.unique(folds[frame["label"].to_numpy() == 1]).tolist()) == [0, 1, 2]
    # negatives are spread evenly
    counts = np.bincount(folds[frame["label"].to_numpy() == 0])
    assert counts.max() - counts.min() <= 1


def test_threshold_is_the_lowest_meeting_the_targets():
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9])
    labels = np.array([0, 0, 0, 1, 0, 1, 1])
    cfg = TrainConfig(max_fpr=0.0, min_precision=1.0)
    threshold, rule = choose_threshold(scores, labels, cfg)
    assert threshold == 0.8 and "lowest score" in rule
    loose = TrainConfig(max_fpr=0.25, min_precision=0.75)
    assert choose_threshold(scores, labels, loose)[0] == 0.6


def test_threshold_falls_back_to_best_f1():
    scores = np.array([0.9, 0.8, 0.1])
    labels = np.array([0, 1, 1])
    threshold, rule = choose_threshold(scores, labels, TrainConfig(max_fpr=0.0, min_precision=1.0))
    assert threshold == 0.1 and "F1" in rule


def test_single_class_and_too_few_labels_are_input_errors():
    with pytest.raises(InputError, match="needs both classes"):
        check_labels(np.ones(50, dtype=np.int64), TrainConfig())
    with pytest.raises(InputError, match="at least 5 of each"):
        check_labels(np.r_[np.ones(3), np.zeros(100)].astype(np.int64), TrainConfig())


def test_fit_from_labels_learns_the_separating_signal_and_reports_cross_validation():
    result = fit_from_labels(_labelled(), BASE, TrainConfig(folds=3, models=["logistic"]))
    m = result.metrics
    assert m["folds"] == 3 and m["folds_keep_campaigns_together"]
    assert m["cross_validated"]["recall"] >= 0.9 and m["cross_validated"]["precision"] >= 0.9
    weights = {s.name: s.weight for s in result.scoring.signals}
    assert weights["harvest_share"] > 0
    assert 0 < result.scoring.threshold < 1
    assert sum(f["accounts"] for f in m["per_fold"]) == m["labelled_accounts"] == 460


def test_one_labelled_campaign_splits_its_accounts_across_folds():
    frame = _labelled().with_columns(
        campaign_id=pl.when(pl.col("label") == 1).then(pl.lit("only")))
    m = fit_from_labels(frame, BASE, TrainConfig(folds=4, models=["logistic"])).metrics
    assert not m["folds_keep_campaigns_together"] and m["folds"] == 4


def test_variants_are_compared_and_the_best_is_written():
    result = fit_from_labels(_labelled(n_ops=90, n_legit=600), BASE,
                             TrainConfig(folds=3, models=["logistic", "boosted"], boosted_trees=20))
    m = result.metrics
    assert [v["variant"] for v in m["variants"]] == [
        "logistic, hallmark gate 2", "logistic, hallmark gate 0",
        "boosted, hallmark gate 2", "boosted, hallmark gate 0"]
    assert m["model"] == result.scoring.model
    assert all(v["recall"] is not None for v in m["variants"])
