"""A nightly scan's import replaces the last one: an operation back under a new id keeps its accounts
and the accounts tied to it online, what the scan cleared is released, and an analyst's push stands."""

from __future__ import annotations

import pytest

from distillguard.config import load_config
from distillguard.online.engine import Engine
from distillguard.online.imports import supersede
from distillguard.online.policy import load_policy
from distillguard.online.state import open_store
from tests.unit.online.test_engine import _bundle, _event


@pytest.fixture
def engine(tmp_path) -> Engine:
    return Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy())


def _campaign(cid: str, accounts: list[str], **extra) -> dict:
    return {"campaign_id": cid, "score": 0.97, "accounts": accounts,
            "capabilities": {"reasoning": 0.9}, **extra}


def _decided(engine: Engine, account: str, ip: str, i: int = 0) -> tuple[str, str | None]:
    decision = engine.decide(_event(i, account, ip))
    return decision.action, decision.campaign_id


def test_the_next_nightly_import_supersedes_releases_and_retires(engine):
    first = {"campaigns": [_campaign("cmp_1", ["a1", "a2", "judge"]), _campaign("cmp_2", ["z"])]}
    engine.import_scan(first, _bundle("cmp_1", "[ipv4-addr:value = '203.0.113.7']"))
    assert _decided(engine, "judge", "192.0.2.10") == ("block", "cmp_1")
    assert _decided(engine, "tied", "203.0.113.7") == ("block", "cmp_1")  # a head on its exit

    # the next night's scan saw more of the operation: a new id, a new exit, the judge cleared
    second = {"campaigns": [_campaign("cmp_3", ["a1", "a2", "a3"])]}
    loaded = engine.import_scan(second, _bundle("cmp_3", "[ipv4-addr:value = '203.0.113.8']"))
    assert loaded == {"campaigns": 1, "accounts": 3, "indicators": 1, "released": 2}
    assert _decided(engine, "judge", "192.0.2.10", 1) == ("allow", None)
    assert _decided(engine, "z", "192.0.2.11", 1) == ("allow", None)
    assert _decided(engine, "a1", "192.0.2.12") == ("block", "cmp_3")
    # a head tied online follows the operation to its new id; the exit no longer exported ties no one
    assert _decided(engine, "tied", "192.0.2.13", 1) == ("block", "cmp_3")
    assert _decided(engine, "newcomer", "203.0.113.7") == ("allow", None)
    assert _decided(engine, "newcomer2", "203.0.113.8") == ("block", "cmp_3")
    stored = {d["campaign_id"]: d for d in engine.store.campaigns()}
    assert stored["cmp_1"] == {"campaign_id": "cmp_1", "source": "import", "merged_into": "cmp_3"}
    assert stored["cmp_2"] == {"campaign_id": "cmp_2", "source": "import", "retired": True}


def test_an_analysts_push_adds_and_its_verdict_outlives_the_nightly_import(engine):
    engine.import_scan({"campaigns": [_campaign("cmp_1", ["a1", "a2"])]}, None)
    engine.import_scan({"campaigns": [_campaign("cmp_p", ["p1", "p2"], confirmed=True)]}, None,
                       replace=False)
    assert _decided(engine, "a1", "192.0.2.10") == ("block", "cmp_1")  # a push only adds
    engine.import_scan({"campaigns": [_campaign("cmp_4", ["a1", "a2", "p1"])]}, None)
    stored = {d["campaign_id"]: d for d in engine.store.campaigns()}
    # the confirmed campaign's successor carries the verdict; its accounts are not released
    assert stored["cmp_p"]["merged_into"] == "cmp_4" and stored["cmp_4"]["confirmed"] is True
    assert _decided(engine, "p2", "192.0.2.11") == ("block", "cmp_4")
    # one no campaign of the new scan shares an account with stays as the analyst left it
    engine.import_scan({"campaigns": [_campaign("cmp_q", ["q1"], confirmed=True)]}, None,
                       replace=False)
    engine.import_scan({"campaigns": [_campaign("cmp_5", ["a1", "a2", "p1"])]}, None)
    assert _decided(engine, "q1", "192.0.2.12") == ("block", "cmp_q")


def test_supersede_picks_the_new_campaign_holding_most_accounts():
    earlier = [{"campaign_id": "old", "accounts": ["a", "b", "c"], "dormant_accounts": ["d"]}]
    new = [{"campaign_id": "n1", "accounts": ["a"]},
           {"campaign_id": "n2", "accounts": ["b", "x"], "dormant_accounts": ["d"]}]
    plan = supersede(earlier, new)
    assert plan.successors == {"old": "n2"} and plan.retired == [] and plan.released == ["c"]
    assert supersede(earlier, earlier) == supersede([], new)  # the same campaign again: nothing
