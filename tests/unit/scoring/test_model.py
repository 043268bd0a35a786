"""Account score: the logistic fit, scores, flags and the reasons an analyst reads."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from distillguard.config import ScoringConfig, SignalWeight
from distillguard.errors import ConfigError
from distillguard.scoring.model import fit_logistic, fit_scoring, score_accounts, sigmoid
from distillguard.scoring.signals import SIGNALS, signal_reasons


def _features(**columns) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"account_id": [f"a{i}" for i in range(n)], "n_events": [100] * n,
            "output_tokens": [5000] * n, "harvest_share": [0.0] * n,
            "share_cot_elicitation": [0.0] * n, "share_rubric_grading": [0.0] * n,
            "share_sensitive_rewrite": [0.0] * n, "share_data_generation": [0.0] * n,
            "age_days": [300.0] * n}
    return pl.DataFrame(base | columns)


CFG = ScoringConfig(
    threshold=0.5, intercept=-4.0, reason_min_logodds=0.5, hallmark_min_sd=0.0,
    signals=[SignalWeight(name="harvest_share", weight=3.0, center=0.1, scale=0.2, typical=0.0),
             SignalWeight(name="account_youth", weight=1.0, center=-4.0, scale=1.5,
                          typical=-5.7)])


def test_fit_logistic_recovers_the_direction_of_each_input():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 3))
    y = (rng.random(4000) < sigmoid(2.0 * x[:, 0] - 1.0 * x[:, 1] - 0.5)).astype(float)
    w, b = fit_logistic(x, y, l2=1.0)
    assert w[0] == pytest.approx(2.0, abs=0.3) and w[1] == pytest.approx(-1.0, abs=0.3)
    assert abs(w[2]) < 0.2 and b == pytest.approx(-0.5, abs=0.2)


def test_harvesting_account_is_flagged_with_checkable_reasons():
    feats = _features(harvest_share=[0.9, 0.0], share_cot_elicitation=[0.6, 0.0],
                      share_rubric_grading=[0.2, 0.0], share_sensitive_rewrite=[0.1, 0.0],
                      age_days=[1.0, 400.0])
    out = score_accounts(feats, CFG)
    assert out["flagged"].to_list() == [True, False]
    assert out["score"][0] > 0.9 > 0.1 > out["score"][1]
    reasons = out["reasons"][0].to_list()
    assert reasons[0].startswith("harvest_share: 90% of exchanges are harvest asks")
    assert "(cot 60%, rubric 20%, sensitive 10%, data 0%)" in reasons[0]
    assert reasons[1].startswith("account_youth: first request 1.0 days after")
    assert out["reasons"][1].to_list() == []


def test_missing_inputs_take_the_typical_value():
    feats = _features(harvest_share=[0.0, 0.0], age_days=[None, 100.0])
    out = score_accounts(feats, CFG.model_copy(update={"hallmark_min_sd": 0.0}))
    # no accounts table: age unknown counts as a typical legitimate account, not as suspicious
    assert out["reasons"][0].to_list() == []
    assert out["score"][0] == pytest.approx(sigmoid(np.array(
        [-4.0 + 3.0 * (0 - 0.1) / 0.2 + 1.0 * (-5.7 + 4.0) / 1.5]))[0])


def test_unknown_signal_is_a_config_error():
    cfg = CFG.model_copy(update={"signals": [SignalWeight(name="nope", weight=1.0)]})
    with pytest.raises(ConfigError, match="unknown signal"):
        score_accounts(_features(harvest_share=[0.0]), cfg)


def test_fit_scoring_weights_the_separating_signal_up():
    rng = np.random.default_rng(1)
    n = 600
    labels = (np.arange(n) < 100).astype(np.int64)
    harvest = np.where(labels == 1, rng.uniform(0.4, 0.9, n), rng.uniform(0.0, 0.1, n))
    feats = _features(harvest_share=harvest.tolist(), age_days=rng.uniform(1, 500, n).tolist())
    fitted = fit_scoring(feats, labels, ["harvest_share", "account_youth"], l2=1.0, base=CFG)
    weights = {s.name: s.weight for s in fitted.signals}
    assert weights["harvest_share"] > 2 * abs(weights["account_youth"])
    assert score_accounts(feats, fitted)["flagged"].to_numpy().astype(int).tolist() == \
        labels.tolist()


def test_every_signal_has_a_reason_sentence():
    from distillguard.features.accounts import capability_share_column
    from distillguard.io.schema import TAGGED_CAPABILITIES

    row = {"account_id": "a", "n_events": 10, "output_tokens": 10, "active_days": 2,
           "harvest_share": 0.5, "capability_distance": 0.3, "shared_template_share": 0.4,
           "typical_template_accounts": 12.0, "shared_harvest_share": 0.2, "top_template_share": 0.3,
           "distinct_prefixes": 5, "distinct_asns": 2, "distinct_countries": 2,
           "prefix_rotation": 0.5, "interarrival_cv": 0.2, "night_share": 0.1,
           "active_hours_utc": 20, "age_days": 3.0, "abused_tier": True, "tier": "edu",
           "verified": False, "output_input_ratio": 4.0, "max_tokens_saturation": 0.3,
           "single_turn_share": 1.0, "harvest_kinds": 2, "target_share": 0.7,
           "cohort_accounts": 40, "cohort_exchanges": 9000, "cohort_harvest_share": 0.6,
           "other_harvesters": 30, "other_targeters": 35, "coordinated_harvest": 3.4,
           "coordinated_target": 3.6, "log_daily_volume_vs_peers": 2.5,
           "log_target_volume_vs_peers": 3.1, "active_hours_utc_vs_peers": 1.2,
           "harvest_share_vs_peers": 4.0, "release_adoption": 0.4, "capability_entropy": 0.5,
           "temperature_zero_share": 0.0} | {capability_share_column(c): 0.1
                                               for c in TAGGED_CAPABILITIES}
    text = signal_reasons(pl.DataFrame([row]), list(SIGNALS)).row(0)
    assert all(isinstance(t, str) and t for t in text)


GATED = ScoringConfig(
    threshold=0.5, intercept=-4.0, reason_min_logodds=0.5, hallmark_min_sd=1.0,
    signals=[SignalWeight(name="coordinated_harvest", weight=2.0, center=0.2, scale=0.5,
                          typical=0.0),
             SignalWeight(name="account_youth", weight=1.0, center=-4.0, scale=1.5,
                          typical=-5.7)])


def test_traits_that_are_not_hallmarks_count_only_with_a_hallmark():
    # account_youth is not a hallmark: alone it stays at its typical value, however new the
    # account; harvesting with a cohort at least hallmark_min_sd deviations above typical lets
    # it count in full
    feats = _features(coordinated_harvest=[0.0, 0.0, 2.0], age_days=[0.1, 400.0, 0.1])
    out = score_accounts(feats, GATED)
    assert out["score"][0] == pytest.approx(out["score"][1])  # youth alone: no effect
    assert not out["flagged"][0]
    youth = 1.0 * (-np.log1p(0.1) + 5.7) / 1.5  # youth's log-odds over typical, in full
    assert out["score"][2] == pytest.approx(sigmoid(np.array(
        [-4.0 + 2.0 * (2.0 - 0.2) / 0.5 + 1.0 * (-5.7 + 4.0) / 1.5 + youth]))[0])
    assert out["flagged"][2]
    reasons = out["reasons"][2].to_list()
    assert reasons[0].startswith("coordinated_harvest") and reasons[1].startswith("account_youth")


def test_a_weak_hallmark_lets_other_traits_count_in_part():
    # coordinated_harvest 0.25 is half a deviation above typical: youth counts for half
    out = score_accounts(_features(coordinated_harvest=[0.25], age_days=[0.1]), GATED)
    youth = 0.5 * 1.0 * (-np.log1p(0.1) + 5.7) / 1.5
    assert out["score"][0] == pytest.approx(sigmoid(np.array(
        [-4.0 + 2.0 * (0.25 - 0.2) / 0.5 + 1.0 * (-5.7 + 4.0) / 1.5 + youth]))[0])


def test_a_faint_hallmark_below_the_floor_lets_nothing_through():
    # with a floor of 0.4 deviations: 0.3 lets youth count not at all, 0.7 half of it
    cfg = GATED.model_copy(update={"hallmark_floor_sd": 0.4})
    out = score_accounts(_features(coordinated_harvest=[0.15, 0.35], age_days=[0.1, 0.1]), cfg)
    youth = 1.0 * (-np.log1p(0.1) + 5.7) / 1.5
    typical_youth = 1.0 * (-5.7 + 4.0) / 1.5
    for i, (value, share) in enumerate(((0.15, 0.0), (0.35, 0.5))):
        assert out["score"][i] == pytest.approx(sigmoid(np.array(
            [-4.0 + 2.0 * (value - 0.2) / 0.5 + typical_youth + share * youth]))[0])


def test_boosted_trees_as_data_score_exactly_as_fitted_and_explain_themselves():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from distillguard.config import ScoringConfig as Scoring
    from distillguard.scoring.model import fit_boosted_scoring, standardize

    rng = np.random.default_rng(0)
    n = 2000
    harvest = rng.uniform(0, 1, n)
    labels = (harvest + rng.normal(0, 0.2, n) > 0.6).astype(np.int64)
    feats = _features(harvest_share=harvest.tolist(), share_cot_elicitation=harvest.tolist(),
                      n_events=[100] * n, age_days=rng.uniform(1, 400, n).tolist())
    names = ["harvest_share", "account_youth"]
    base = Scoring(signals=[SignalWeight(name="harvest_share", weight=1.0)], hallmark_min_sd=0.0)
    cfg = fit_boosted_scoring(feats, labels, names, base=base, trees=50)
    assert cfg.model == "boosted" and len(cfg.boosted.trees) == 50
    again = Scoring.model_validate(cfg.model_dump(mode="json"))  # plain data round trip
    out = score_accounts(feats, again)
    z = standardize(feats, labels, names, 0.0).z
    clf = HistGradientBoostingClassifier(max_iter=50, learning_rate=0.1, max_leaf_nodes=15,
                                         min_samples_leaf=20, l2_regularization=1.0,
                                         monotonic_cst=[1, 1], early_stopping=False,
                                         random_state=0).fit(z, labels)
    assert np.abs(clf.predict_proba(z)[:, 1] - out["score"].to_numpy()).max() < 1e-6
    top = out.filter(pl.col("flagged")).sort("score", descending=True)["reasons"][0].to_list()
    assert top[0].startswith("harvest_share")
