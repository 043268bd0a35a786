"""Fitting the score on labels: folds keep campaigns together, the threshold meets its targets, bad labels."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from distillguard.config import ScoringConfig, SignalWeight, TrainConfig, load_config
from distillguard.errors import InputError
from distillguard.scoring.model import score_accounts
from distillguard.scoring.training import (
    assign_folds,
    check_labels,
    choose_threshold,
    fit_from_labels,
    fold_groups,
    peer_weights,
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


def test_threshold_meets_the_targets_midway_in_the_gap():
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9])
    labels = np.array([0, 0, 0, 1, 0, 1, 1])
    cfg = TrainConfig(max_fpr=0.0, min_precision=1.0)
    threshold, rule = choose_threshold(scores, labels, cfg)
    assert 0.7 < threshold < 0.8 and "midway" in rule  # between the 0.7 legit and the 0.8 op
    loose = TrainConfig(max_fpr=0.25, min_precision=0.75)
    assert 0.3 < choose_threshold(scores, labels, loose)[0] < 0.6  # catches the 0.6 op too


def test_threshold_leaves_the_legitimate_accounts_below_the_weakest_catch():
    # FPR <= 0.25 would allow the 0.5 legit account in, but it buys no operation account
    scores = np.array([0.1, 0.2, 0.3, 0.5, 0.95, 0.96, 0.97, 0.98])
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    threshold, _ = choose_threshold(scores, labels, TrainConfig(max_fpr=0.25, min_precision=0.75))
    assert 0.5 < threshold < 0.95


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


def _copycat_world(seed: int) -> pl.DataFrame:
    """Customers, a few of them heavy, and three operations that copy them in everything the
    shipped score reads (no cohort, aged, unverified and as mixed as they are): each account only
    works harvested capabilities at a few times a customer's volume, across more of the day."""
    from tests.unit.scoring.test_hallmarks import ordinary

    rng = np.random.default_rng(seed)
    rows = []
    for i in range(900):
        heavy = i % 10 == 0  # power users: as many exchanges as an operation account
        n = int(rng.integers(250, 600) if heavy else rng.integers(10, 150))
        target = float(rng.uniform(0.5, 1.0) if heavy else rng.uniform(0.05, 0.5))
        rows.append(ordinary(
            account_id=f"c{seed}-{i}", label=0, campaign_id=None, n_events=n,
            active_days=int(rng.integers(2, 10)), target_share=target,
            log_target_volume=float(np.log1p(n * target)),
            active_hours_utc=int(rng.integers(2, 9)), interarrival_cv=float(rng.uniform(0.8, 3.0)),
            capability_entropy=float(rng.uniform(0.3, 0.8)), age_days=float(rng.uniform(30, 900))))
    for i in range(150):
        n = int(rng.integers(300, 500))
        target = float(rng.uniform(0.7, 0.8))
        rows.append(ordinary(
            account_id=f"o{seed}-{i}", label=1, campaign_id=f"op{i % 3}", n_events=n,
            active_days=int(rng.integers(6, 12)), target_share=target,
            log_target_volume=float(np.log1p(n * target)),
            active_hours_utc=int(rng.integers(10, 16)), interarrival_cv=float(rng.uniform(5, 9)),
            capability_entropy=float(rng.uniform(0.3, 0.8)), age_days=float(rng.uniform(30, 900))))
    return pl.DataFrame(rows, infer_schema_length=None).with_columns(
        capability_distance=pl.lit(0.3), top_template_share=pl.lit(0.1), release_adoption=pl.lit(0.0))


def test_packaged_train_learns_operations_that_copy_clients_in_what_the_shipped_score_reads():
    cfg = load_config()
    labelled = _copycat_world(seed=1)
    fresh = _copycat_world(seed=2)
    truth = fresh["label"].to_numpy() == 1

    def flagged_on_fresh(train: TrainConfig) -> np.ndarray:
        fitted = fit_from_labels(labelled, cfg.scoring, train).scoring
        return score_accounts(fresh.drop("label", "campaign_id"), fitted)["flagged"].to_numpy()

    every_signal = flagged_on_fresh(cfg.train)
    assert every_signal[truth].mean() >= 0.9
    assert every_signal[~truth].mean() <= 0.01
    # the shipped score's signals see no cohort and nothing else that sets these accounts apart
    shipped_signals = flagged_on_fresh(cfg.train.model_copy(update={"signals": []}))
    assert shipped_signals[truth].mean() < 0.9 or shipped_signals[~truth].mean() > 0.01


def test_folds_do_not_depend_on_row_order():
    frame = _labelled()
    labels = frame["label"].to_numpy()
    folds = assign_folds(fold_groups(frame), labels, 3, seed=1)
    order = np.random.default_rng(5).permutation(frame.height)
    shuffled = frame[order]
    again = assign_folds(fold_groups(shuffled), shuffled["label"].to_numpy(), 3, seed=1)
    assert (again == folds[order]).all()


def test_legitimate_accounts_weigh_by_their_peer_group():
    frame = pl.DataFrame({"tier": ["free"] * 8 + ["enterprise"] * 2 + ["free"] * 2,
                          "surface": ["chat"] * 8 + ["api"] * 4, "client": "sdk"})
    labels = np.array([0] * 10 + [1] * 2)
    weight = peer_weights(frame, labels, TrainConfig())
    # groups of 8 and 2 legitimate accounts (mean 5): 5/8 and 5/2, summing to the 10 accounts
    assert weight.tolist() == pytest.approx([0.625] * 8 + [2.5] * 2 + [1.0] * 2)
    capped = peer_weights(frame, labels, TrainConfig(peer_balance_cap=2.0))
    assert capped[8] / capped[0] == pytest.approx(2.0 / 0.625) and capped[:10].sum() == 10
    assert peer_weights(frame, labels, TrainConfig(peer_balance_keys=[])).tolist() == [1.0] * 12


def test_a_rare_kind_of_client_counts_in_the_fit():
    # two dozen enterprise evaluation backends grade at the operations' volume of rubric work, but
    # on accounts years old; beside 400 chat users they barely count unless weighed by peer group
    rng = np.random.default_rng(0)
    rows = []
    for n, label, harvest, age, tier in ((60, 1, (0.3, 0.9), (1, 30), "pro"),
                                         (400, 0, (0.0, 0.2), (1, 400), "free"),
                                         (10, 0, (0.3, 0.9), (200, 400), "enterprise")):
        for _ in range(n):
            share = rng.uniform(*harvest)
            rows.append({"account_id": f"a{len(rows):04d}", "label": label,
                         "campaign_id": f"c{len(rows) % 3}" if label else None, "n_events": 100,
                         "output_tokens": 1000, "harvest_share": share,
                         "share_rubric_grading": share, "share_cot_elicitation": 0.0,
                         "share_sensitive_rewrite": 0.0, "share_data_generation": 0.0,
                         "age_days": rng.uniform(*age), "tier": tier, "surface": "api",
                         "client": "sdk"})
    frame = pl.DataFrame(rows)

    def enterprise_score(cfg: TrainConfig) -> tuple[float, dict[str, float]]:
        fitted = fit_from_labels(frame, BASE, cfg).scoring
        scores = score_accounts(frame, fitted)["score"]
        return (float(scores.filter(frame["tier"] == "enterprise").mean()),
                {s.name: s.weight for s in fitted.signals})

    flat, flat_weights = enterprise_score(TrainConfig(models=["logistic"], peer_balance_keys=[]))
    balanced, weights = enterprise_score(TrainConfig(models=["logistic"]))
    assert weights["account_youth"] > flat_weights["account_youth"]
    assert balanced < flat / 5
