"""The online engine on hand-built traffic: idempotent ingestion with reasons for bad rows, known
campaigns recognised from a new account's first request, emerging campaigns from flagged accounts,
and a campus NAT that never becomes an indicator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from distillguard.config import load_config
from distillguard.online.engine import EMERGING, Engine
from distillguard.online.policy import load_policy
from distillguard.online.state import open_store

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path) -> Engine:
    return Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy())


def _event(i: int, account: str, ip: str, *, seconds: float | None = None, **extra) -> dict:
    when = T0 + timedelta(seconds=seconds if seconds is not None else 40 * i)
    return {"request_id": f"{account}-{i}", "ts": when.isoformat(), "account_id": account,
            "ip": ip, "model": "m1", "prompt": extra.pop("prompt", f"hello there number {i}"),
            "input_tokens": 50, "output_tokens": 250, "max_tokens": 1024, **extra}


def _harvester(account: str, ip: str, n: int, start: int = 0, asn: int | None = 20473) -> list[dict]:
    prompt = ("Solve the following problem. Write out your complete reasoning step by step "
              "before the final answer: what is {}?")
    return [_event(start + i, account, ip, seconds=(start + i) * 30.0, asn=asn,
                   prompt=prompt.format(i), user_agent="python-httpx/0.27", output_tokens=1024)
            for i in range(n)]


def test_ingest_is_idempotent_and_reports_bad_rows(engine):
    batch = [_event(i, "a", "198.51.100.4") for i in range(5)]
    batch.append(_event(9, "a", "not-an-ip"))
    first = engine.ingest(batch)
    assert (first.accepted, first.duplicates, len(first.rejected)) == (5, 0, 1)
    assert first.rejected[0]["index"] == 5 and "ip" in first.rejected[0]["reason"]
    again = engine.ingest(batch[:5])
    assert (again.accepted, again.duplicates) == (0, 5)
    assert engine.store.accounts(["a"])["a"].n == 5
    missing = engine.ingest([{"request_id": "x"}])
    assert missing.accepted == 0 and len(missing.rejected) == 1


def test_known_campaign_recognised_from_first_request(engine):
    campaigns = {"campaigns": [{"campaign_id": "cmp_1", "score": 0.97, "accounts": ["old1"],
                                "capabilities": {"agentic": 0.8}}]}
    bundle = {"type": "bundle", "id": "bundle--8f8a1c1e-6a0e-4c7a-9a57-2b0c1f1d3e11", "objects": [
        {"type": "campaign", "spec_version": "2.1",
         "id": "campaign--0a3f1a4e-1f6b-4a8e-9a1b-7d2b1c3e4f50", "name": "cmp_1",
         "created": "2026-03-01T00:00:00Z", "modified": "2026-03-01T00:00:00Z"},
        {"type": "indicator", "spec_version": "2.1",
         "id": "indicator--1b2c3d4e-5f60-4718-89ab-cdef01234567",
         "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix",
         "valid_from": "2026-03-01T00:00:00Z",
         "created": "2026-03-01T00:00:00Z", "modified": "2026-03-01T00:00:00Z"},
        {"type": "relationship", "spec_version": "2.1",
         "id": "relationship--2c3d4e5f-6071-4829-9abc-def012345678",
         "relationship_type": "indicates",
         "source_ref": "indicator--1b2c3d4e-5f60-4718-89ab-cdef01234567",
         "target_ref": "campaign--0a3f1a4e-1f6b-4a8e-9a1b-7d2b1c3e4f50",
         "created": "2026-03-01T00:00:00Z", "modified": "2026-03-01T00:00:00Z"}]}
    assert engine.import_scan(campaigns, bundle) == {"campaigns": 1, "accounts": 1,
                                                      "indicators": 1}
    member = engine.decide(_event(0, "old1", "192.0.2.200"))
    assert (member.action, member.campaign_id) == ("block", "cmp_1")
    newcomer = engine.decide(_event(0, "fresh", "203.0.113.7"))
    assert (newcomer.action, newcomer.campaign_id) == ("block", "cmp_1")
    assert any(r.startswith("campaign_link") for r in newcomer.reasons)
    # the link sticks when the newcomer moves to another exit
    assert engine.decide(_event(1, "fresh", "192.0.2.99")).campaign_id == "cmp_1"
    bystander = engine.decide(_event(0, "someone", "192.0.2.50"))
    assert (bystander.action, bystander.campaign_id) == ("allow", None)


def test_flagged_accounts_make_an_emerging_campaign_that_catches_a_newcomer(engine):
    for account in ("h1", "h2"):
        for start in range(0, 400, 100):
            engine.ingest(_harvester(account, "45.77.10.20", 100, start))
    flagged = engine.store.accounts(["h1", "h2"])
    assert all(r.flagged for r in flagged.values())
    campaign = flagged["h1"].campaign_id
    assert campaign.startswith(EMERGING)
    decision = engine.decide(_event(0, "replacement", "45.77.10.20"))
    assert decision.campaign_id is not None and decision.action != "allow"


def test_campus_nat_is_not_an_indicator(engine):
    gaps = [0, 40, 300, 420, 1900, 2100]  # a short chat, a pause, two more turns
    students = [_event(i, f"student{s}", "198.51.100.7", seconds=3600 * s + gaps[i])
                for s in range(40) for i in range(6)]
    engine.ingest(students)
    assert not any(r.flagged for r in engine.store.accounts(f"student{s}" for s in range(40))
                   .values())
    for start in range(0, 400, 100):  # one harvester behind the same NAT
        engine.ingest(_harvester("mole", "198.51.100.7", 100, start, asn=None))
    assert engine.store.accounts(["mole"])["mole"].flagged
    assert engine.store.campaign_of([("ip", "198.51.100.7")]) == {}
    assert engine.decide(_event(99, "student3", "198.51.100.7")).action == "allow"


def test_shadow_mode_allows_and_says_what_it_would_do(tmp_path):
    shadow = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(),
                    load_policy(shadow=True))
    shadow.store.add_indicators([("ip", "203.0.113.9", "cmp_x")])
    shadow.store.save_campaigns([{"campaign_id": "cmp_x", "score": 0.99, "accounts": []}])
    decision = shadow.decide(_event(0, "new", "203.0.113.9"))
    assert decision.action == "allow" and decision.shadow_action == "block"
    assert decision.reasons[0] == "shadow: would block"
