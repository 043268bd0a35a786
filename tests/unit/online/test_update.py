"""The ingest step's compute part is pure: exchanges + prior state → new state, with no store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from distillguard.config import load_config
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.validate import validate_batch
from distillguard.linkage.cohorts import KNOWN_SCHEMA
from distillguard.online.records import AccountState
from distillguard.online.update import (
    EMERGING,
    Prior,
    featurize_exchanges,
    recent_fingerprints,
    update_accounts,
)

CFG = load_config()
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _exchanges(account: str, n: int, start: int = 0) -> pl.DataFrame:
    rows = [{"request_id": f"{account}-{i}", "ts": (T0 + timedelta(seconds=30 * i)).isoformat(),
             "account_id": account, "ip": "45.77.10.20", "model": "m1",
             "prompt": f"Write out your complete reasoning step by step: what is {i}?",
             "input_tokens": "50", "output_tokens": "1024", "max_tokens": "1024",
             "asn": "20473", "user_agent": "python-httpx/0.27"} for i in range(start, start + n)]
    clean, bad = validate_batch(pl.DataFrame(rows), EVENTS_SPEC, CFG.io)
    assert bad.height == 0
    return featurize_exchanges(clean, CFG)


NO_COHORT = pl.DataFrame(schema=KNOWN_SCHEMA)


def _update(events: pl.DataFrame, prior: Prior, sketched: pl.DataFrame = NO_COHORT):
    return update_accounts(recent_fingerprints(events, prior, CFG), prior, CFG, sketched)


def _shares_an_exit_with(account: str, harvesters: int) -> pl.DataFrame:
    """What the engine's sketches would say: a rare exit in common with other harvesters."""
    return pl.DataFrame({"account_id": [account], "cohort_customers": [harvesters + 1],
                         "cohort_harvesters": [harvesters + 1],
                         "cohort_targeters": [harvesters + 1]})


def test_update_counts_exchanges_and_keeps_prior_campaign():
    events = _exchanges("a", 10)
    prior = Prior(records={"a": AccountState(n=5, campaign_id="cmp_1", ips=["192.0.2.1"])},
                  rings={}, reach={}, mix={})
    update = _update(events, prior)
    record = update.records["a"]
    assert record.n == 15 and record.campaign_id == "cmp_1"
    assert record.ips == ["45.77.10.20", "192.0.2.1"]
    assert len(update.rings["a"]["ts"]) == 10
    assert prior.records["a"].n == 5  # the prior state is not touched


def test_evidence_weighting_and_first_flag_opens_an_emerging_campaign():
    few = _update(_exchanges("h", 3), Prior(records={}, rings={}, reach={}, mix={}),
                  _shares_an_exit_with("h", 20))
    assert few.records["h"].score <= few.records["h"].model_score * 3 / CFG.online.full_evidence
    assert few.newly_flagged == 0
    state, rings = {}, {}
    newly = 0
    for start in range(0, 400, 100):
        update = _update(_exchanges("h", 100, start),
                         Prior(records=state, rings=rings, reach={}, mix={}),
                         _shares_an_exit_with("h", 20))
        state, rings = update.records, update.rings
        newly += update.newly_flagged
    assert state["h"].flagged and newly == 1
    assert state["h"].campaign_id.startswith(EMERGING)
    assert len(rings["h"]["ts"]) == CFG.online.recent_events


def test_same_input_same_output():
    prior = Prior(records={}, rings={}, reach={"1": 3}, mix={})
    first = _update(_exchanges("a", 20), prior, _shares_an_exit_with("a", 5))
    again = _update(_exchanges("a", 20), prior, _shares_an_exit_with("a", 5))
    assert first == again


def test_a_lone_harvester_is_not_flagged_by_the_score_alone():
    # what one account asks for is evidence, but only a cohort opens the gate (scoring.model.gate)
    state, rings = {}, {}
    for start in range(0, 400, 100):
        update = _update(_exchanges("solo", 100, start),
                         Prior(records=state, rings=rings, reach={}, mix={}))
        state, rings = update.records, update.rings
    assert not state["solo"].flagged
