"""The shipped score rests on hallmarks: no single trait that legitimate clients show flags an account.

An ordinary account is changed in one way at a time (tier, youth, a popular public template, an SDK
default budget, a campus NAT, an aggregator's volume, an evaluation job's rubric grading) and scored
with the packaged configuration; it stays unflagged. An account harvesting with a cohort is flagged."""

from __future__ import annotations

import math

import polars as pl
import pytest

from distillguard.config import load_config
from distillguard.features.accounts import capability_share_column
from distillguard.io.schema import TAGGED_CAPABILITIES
from distillguard.scoring.model import score_accounts


def ordinary(**changes) -> dict:
    """A paying API customer with nothing unusual about it."""
    shares = dict.fromkeys(TAGGED_CAPABILITIES, 0.0) | {
        "other": 0.62, "reasoning": 0.12, "coding": 0.14, "tool_use": 0.08, "cot_elicitation": 0.02,
        "rubric_grading": 0.02}
    row = {
        "account_id": "acct", "n_events": 90, "active_days": 7, "output_tokens": 40_000,
        "harvest_share": 0.04, "harvest_kinds": 0, "target_share": 0.26,
        "log_target_volume": math.log1p(23), "log_daily_volume": math.log1p(13),
        "log_daily_volume_vs_peers": 0.0, "log_target_volume_vs_peers": 0.0,
        "active_hours_utc_vs_peers": 0.0, "harvest_share_vs_peers": 0.0,
        "cohort_accounts": 1, "cohort_customers": 1, "cohort_harvesters": 0,
        "cohort_targeters": 0, "cohort_exchanges": 90, "cohort_harvest_share": 0.04,
        "cohort_target_share": 0.26, "cohort_alignment": 1.0, "other_harvesters": 0,
        "other_targeters": 0, "fleet_harvesters": 0.0, "coordinated_harvest": 0.0,
        "coordinated_target": 0.0,
        "distinct_prefixes": 2, "distinct_asns": 1, "distinct_countries": 1,
        "prefix_rotation": 2 / 90, "interarrival_cv": 2.2, "night_share": 0.03,
        "active_hours_utc": 9, "age_days": 240.0, "tier": "pro", "abused_tier": False,
        "verified": False, "max_tokens_saturation": 0.02, "single_turn_share": 0.45,
        "release_adoption": None, "capability_entropy": 0.45, "temperature_zero_share": 0.0,
        "output_input_ratio": 1.4,
    } | {capability_share_column(c): v for c, v in shares.items()}
    out = row | changes
    out.setdefault("cohort_deterministic_share", out["temperature_zero_share"])  # its own cohort
    return out


def _flagged(row: dict) -> tuple[bool, float]:
    out = score_accounts(pl.DataFrame([row]), load_config().scoring)
    return bool(out["flagged"][0]), float(out["score"][0])


RUBRIC_ONLY = {capability_share_column(c): 0.0 for c in TAGGED_CAPABILITIES} | {
    "share_rubric_grading": 0.98, "share_other": 0.02}

ONE_TRAIT = {
    "cheap tier": {"tier": "edu", "abused_tier": True},
    "new account": {"age_days": 0.05},
    "unverified startup": {"tier": "startup", "abused_tier": True, "verified": False},
    "popular public template": {"cohort_accounts": 400, "cohort_customers": 400,
                                "single_turn_share": 1.0},
    "sdk default budget": {"max_tokens_saturation": 0.6},
    "campus nat": {"cohort_accounts": 380, "cohort_customers": 380, "distinct_prefixes": 1,
                   "tier": "edu", "abused_tier": True},
    "aggregator volume": {"n_events": 30_000, "active_days": 14, "log_daily_volume": 7.7,
                          "log_daily_volume_vs_peers": 9.0, "log_target_volume_vs_peers": 7.0,
                          "active_hours_utc": 24, "active_hours_utc_vs_peers": 5.0,
                          "interarrival_cv": 0.4, "capability_entropy": 0.9, "tier": "enterprise",
                          "verified": True, "prefix_rotation": 0.0005, "target_share": 0.5,
                          "log_target_volume": 9.6},
    "machine pacing around the clock": {"interarrival_cv": 0.1, "active_hours_utc": 24,
                                        "night_share": 0.3},
    "rotating network": {"prefix_rotation": 0.8, "distinct_prefixes": 70,
                         "distinct_countries": 9},
}


@pytest.mark.parametrize("trait", sorted(ONE_TRAIT))
def test_one_unusual_trait_never_flags(trait):
    flagged, score = _flagged(ordinary(**ONE_TRAIT[trait]))
    assert not flagged, f"{trait}: score {score:.3f}"


def test_the_ordinary_account_is_unflagged_with_a_low_score():
    flagged, score = _flagged(ordinary())
    assert not flagged and score < 0.2


def test_an_evaluation_job_grading_with_a_public_rubric_stays_unflagged():
    # one account of one organization grading model outputs nightly at temperature 0
    job = ordinary(**RUBRIC_ONLY, harvest_share=0.98, harvest_kinds=1, target_share=0.98,
                   n_events=2_400, log_target_volume=math.log1p(2_350),
                   log_daily_volume=math.log1p(170), harvest_share_vs_peers=12.0,
                   temperature_zero_share=1.0, interarrival_cv=0.5, night_share=0.8,
                   tier="team", verified=True, single_turn_share=1.0, capability_entropy=0.05)
    flagged, score = _flagged(job)
    assert not flagged, f"score {score:.3f}"


def test_harvesting_with_a_cohort_of_accounts_is_flagged():
    shares = {capability_share_column(c): 0.0 for c in TAGGED_CAPABILITIES} | {
        "share_cot_elicitation": 0.4, "share_rubric_grading": 0.2, "share_sensitive_rewrite": 0.1,
        "share_reasoning": 0.2, "share_other": 0.1}
    member = ordinary(**shares, harvest_share=0.7, harvest_kinds=3, target_share=0.7,
                      cohort_accounts=120, cohort_customers=120, cohort_harvesters=115,
                      other_harvesters=114, cohort_alignment=0.95,
                      coordinated_harvest=math.log1p(114) * 0.95**2 * 115 / 120,
                      harvest_share_vs_peers=15.0)
    flagged, score = _flagged(member)
    assert flagged, f"score {score:.3f}"


def test_judges_linked_by_a_public_rubric_alone_are_excused_and_a_fleet_is_not():
    # eight evaluation teams grade at temperature 0 with the same public rubric: their content
    # links make a faint cohort (coordinated_target 0.33), nothing ties them by who they are
    judge = ordinary(**RUBRIC_ONLY, harvest_share=1.0, harvest_kinds=1, target_share=1.0,
                     n_events=2_000, log_target_volume=math.log1p(2_000),
                     harvest_share_vs_peers=15.0, temperature_zero_share=1.0,
                     cohort_accounts=8, cohort_customers=8, cohort_harvesters=8,
                     cohort_targeters=8, other_harvesters=7, other_targeters=7,
                     coordinated_harvest=0.33, coordinated_target=0.33, fleet_harvesters=0.0,
                     cohort_deterministic_share=1.0)
    flagged, score = _flagged(judge)
    assert not flagged, f"score {score:.3f}"
    # the same traffic from eight accounts that share exits and cards is a fleet
    flagged, score = _flagged(judge | {"fleet_harvesters": 7.0, "temperature_zero_share": 0.0})
    assert flagged, f"score {score:.3f}"
    # an operation's account at temperature 0 that asks for several kinds of harvest, linked by
    # its playbook alone to 89 others that mostly sample: its cohort is no crowd of evaluation
    # jobs, the excuse is not its
    crowd = {"cohort_accounts": 90, "cohort_customers": 90, "cohort_harvesters": 90,
             "cohort_targeters": 90, "other_harvesters": 89, "other_targeters": 89,
             "coordinated_harvest": 4.3, "coordinated_target": 2.0}
    op = judge | crowd | {"harvest_kinds": 3}
    assert not _flagged(op | {"cohort_deterministic_share": 1.0})[0]
    flagged, score = _flagged(op | {"cohort_deterministic_share": 0.12})
    assert flagged, f"score {score:.3f}"
    # a judge whose public rubrics link it to a rubric harvest of 44 accounts (F hard): it grades
    # with one kind of ask only, so the excuse stays its own among harvesters that sample
    among = judge | crowd | {"other_harvesters": 44, "coordinated_harvest": 3.66,
                             "coordinated_target": 3.66, "cohort_deterministic_share": 0.53,
                             "capability_entropy": 0.0}
    flagged, score = _flagged(among)
    assert not flagged, f"score {score:.3f}"
