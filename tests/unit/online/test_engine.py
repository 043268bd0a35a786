"""The online engine on hand-built traffic: idempotent ingestion with reasons for bad rows, known
campaigns recognised from a new account's first request, emerging campaigns from flagged accounts,
and a campus NAT that never becomes an indicator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
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


def _bundle(campaign: str, pattern: str) -> dict:
    """A scan's STIX bundle: one campaign named ``campaign`` that one indicator indicates."""
    stamp = {"spec_version": "2.1", "created": "2026-03-01T00:00:00Z",
             "modified": "2026-03-01T00:00:00Z"}
    ids = {"campaign": "campaign--0a3f1a4e-1f6b-4a8e-9a1b-7d2b1c3e4f50",
           "indicator": "indicator--1b2c3d4e-5f60-4718-89ab-cdef01234567"}
    return {"type": "bundle", "id": "bundle--8f8a1c1e-6a0e-4c7a-9a57-2b0c1f1d3e11", "objects": [
        {"type": "campaign", "id": ids["campaign"], "name": campaign, **stamp},
        {"type": "indicator", "id": ids["indicator"], "pattern": pattern, "pattern_type": "stix",
         "valid_from": "2026-03-01T00:00:00Z", **stamp},
        {"type": "relationship", "id": "relationship--2c3d4e5f-6071-4829-9abc-def012345678",
         "relationship_type": "indicates", "source_ref": ids["indicator"],
         "target_ref": ids["campaign"], **stamp}]}


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
                                "dormant_accounts": ["reserve1"],
                                "capabilities": {"agentic": 0.8}}]}
    bundle = _bundle("cmp_1", "[ipv4-addr:value = '203.0.113.7']")
    assert engine.import_scan(campaigns, bundle) == {"campaigns": 1, "accounts": 2,
                                                      "indicators": 1, "released": 0}
    member = engine.decide(_event(0, "old1", "192.0.2.200"))
    assert (member.action, member.campaign_id) == ("block", "cmp_1")
    # the reserve the scan found is blocked at its first request
    reserve = engine.decide(_event(0, "reserve1", "192.0.2.201"))
    assert (reserve.action, reserve.campaign_id) == ("block", "cmp_1")
    newcomer = engine.decide(_event(0, "fresh", "203.0.113.7"))
    assert (newcomer.action, newcomer.campaign_id) == ("block", "cmp_1")
    assert any(r.startswith("campaign_link") for r in newcomer.reasons)
    # the link sticks when the newcomer moves to another exit
    assert engine.decide(_event(1, "fresh", "192.0.2.99")).campaign_id == "cmp_1"
    bystander = engine.decide(_event(0, "someone", "192.0.2.50"))
    assert (bystander.action, bystander.campaign_id) == ("allow", None)


def test_flagged_accounts_make_an_emerging_campaign_that_catches_a_newcomer(engine):
    fleet = [f"h{i}" for i in range(12)]  # one operation's accounts behind its own exit
    for start in range(0, 400, 100):
        for account in fleet:
            engine.ingest(_harvester(account, "45.77.10.20", 100, start))
    flagged = engine.store.accounts(fleet)
    assert all(r.flagged for r in flagged.values())
    campaigns = {engine.canonical(r.campaign_id) for r in flagged.values()}
    assert len(campaigns) == 1 and campaigns.pop().startswith(EMERGING)
    decision = engine.decide(_event(0, "replacement", "45.77.10.20"))
    assert decision.campaign_id is not None and decision.action != "allow"


def test_campus_nat_is_not_an_indicator(engine):
    gaps = [0, 40, 300, 420, 1900, 2100]  # a short chat, a pause, two more turns
    students = [_event(i, f"student{s}", "198.51.100.7", seconds=3600 * s + gaps[i])
                for s in range(120) for i in range(6)]
    engine.ingest(students)
    assert not any(r.flagged for r in engine.store.accounts(f"student{s}" for s in range(120))
                   .values())
    # a small harvesting fleet behind the same NAT, tied together by their own rare exit
    for start in range(0, 400, 100):
        for mole in [f"mole{i}" for i in range(1, 26)]:
            engine.ingest(_harvester(mole, "198.51.100.7", 50, start, asn=None)
                          + _harvester(mole, "192.0.2.66", 50, start + 50, asn=None))
    assert all(r.flagged for r in engine.store.accounts(["mole1", "mole25"]).values())
    assert engine.store.campaign_of([("ip", "198.51.100.7")]) == {}
    assert engine.decide(_event(99, "student3", "198.51.100.7")).action == "allow"


def _chats(account: str, ip: str, n: int, start: float) -> list[dict]:
    return [_event(i, account, ip, seconds=start + 90 * i, asn=9009,
                   prompt=f"write a short birthday message for my sister, version {i}") for i in range(n)]


def test_a_vpn_exit_that_flagged_accounts_used_does_not_tie_the_people_on_it(engine):
    vpn = "185.159.157.9"  # a commercial VPN exit: an operation and people share it
    early = [f"early{i}" for i in range(3)]
    engine.ingest([e for k, a in enumerate(early) for e in _chats(a, vpn, 6, 5000.0 * k)])
    _fleet(engine, [f"h{i}" for i in range(8)], vpn, rounds=4)
    assert all(r.flagged for r in engine.store.accounts([f"h{i}" for i in range(8)]).values())
    assert engine.store.campaign_of([("ip", vpn)])  # rare so far: the operation's exit
    # while the operation's accounts are most of the exit's users, it ties a newcomer on it
    assert engine.decide(_event(50, "early0", vpn)).action != "allow"
    # then the exit's people show up: chat, not harvest; it no longer ties anyone
    crowd = [f"person{i}" for i in range(40)]
    engine.ingest([e for k, a in enumerate(crowd) for e in _chats(a, vpn, 6, 20_000 + 600.0 * k)])
    assert engine.decide(_event(0, "newcomer", vpn)).action == "allow"
    # and the user tied earlier is cleared by its own exchanges since
    engine.ingest(_chats("early0", vpn, 25, 60_000))
    assert engine.store.accounts(["early0"])["early0"].campaign_id is None
    assert engine.decide(_event(99, "early0", vpn)).action == "allow"


def test_an_emerging_exit_most_of_whose_customers_are_established_ties_no_new_account(tmp_path):
    # a VPN exit: heads created last week harvest through it and are flagged, so it ties a new
    # account on it; then twenty year-old customers code through it (target work, as an
    # operation's heads do): most of its customers are established, a crowd's exit, and it ties
    # no new account any more
    vpn = "185.159.157.9"
    heads, coders = [f"h{i}" for i in range(8)], [f"k{i}" for i in range(20)]
    ages = {**dict.fromkeys(heads, timedelta(days=7)), **dict.fromkeys(coders, timedelta(days=400)),
            "first": timedelta(days=1), "second": timedelta(days=1)}
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    _dated(ages, "pro"))
    _fleet(engine, heads, vpn, rounds=4)
    assert all(r.flagged for r in engine.store.accounts(heads).values())
    assert engine.decide(_event(0, "first", vpn, seconds=40_000)).action != "allow"
    for k, coder in enumerate(coders):
        engine.ingest(_coding(coder, [vpn], 0, 10, asn=9009, offset=k))
    assert engine.decide(_event(0, "second", vpn, seconds=60_000)).action == "allow"


def test_one_companys_accounts_on_one_exit_are_one_customer_not_a_cohort(tmp_path):
    # the same harvest-shaped work from eight accounts on one exit: eight customers are a fleet;
    # eight accounts of one organization (a company's pipeline workers) are one customer
    def run(org: str | None) -> list[bool]:
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{org}.db'}"), load_config(),
                        load_policy())
        accounts = [f"w{i}" for i in range(8)]
        for start in range(0, 400, 100):
            for account in accounts:
                engine.ingest([e | {"org_id": org} for e in _harvester(account, "45.77.10.30",
                                                                     100, start)])
        states = engine.store.accounts(accounts)
        return [states[a].model_score for a in accounts]

    fleet, company = run(None), run("org_acme")
    assert min(fleet) > max(company)
    assert max(company) < load_config().scoring.threshold <= min(fleet)


def test_shadow_mode_allows_and_says_what_it_would_do(tmp_path):
    shadow = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(),
                    load_policy(shadow=True))
    shadow.store.add_indicators([("ip", "203.0.113.9", "cmp_x")])
    shadow.store.save_campaigns([{"campaign_id": "cmp_x", "score": 0.99, "accounts": []}])
    decision = shadow.decide(_event(0, "new", "203.0.113.9"))
    assert decision.action == "allow" and decision.shadow_action == "block"
    assert decision.reasons[0] == "shadow: would block"


def _fleet(engine, fleet: list[str], ip: str, rounds: int = 3) -> None:
    for start in range(0, 100 * rounds, 100):
        for account in fleet:
            engine.ingest(_harvester(account, ip, 100, start))


def _dated(ages: dict[str, timedelta], tier: str):
    """An accounts table: each account created ``ages[account]`` before T0, unverified."""
    return pl.DataFrame({"account_id": list(ages), "created_at": [T0 - a for a in ages.values()],
                         "tier": [tier] * len(ages), "verified": [False] * len(ages)})


def _coding(account: str, exits: list[str], start: int, n: int, asn: int,
            offset: int = 0) -> list[dict]:
    """A customer's coding requests, cycling through ``exits`` from ``offset``."""
    return [_event(start + i, account, exits[(start + i + offset) % len(exits)],
                   seconds=(start + i) * 30.0, asn=asn,
                   prompt=f"Write a Python function that parses the log file number {i} and "
                          f"returns the failed requests as a list.")
            for i in range(n)]


def test_emerging_campaigns_that_share_an_exit_merge(engine):
    _fleet(engine, [f"a{i}" for i in range(1, 11)], "45.77.10.21")
    _fleet(engine, [f"b{i}" for i in range(1, 11)], "45.77.10.22")
    first = {engine.canonical(r.campaign_id) for r in engine.store.accounts(["a1", "b1"]).values()}
    assert len(first) == 2  # two exits, two emerging campaigns so far
    # an account of the operation that uses both exits shows they are one
    for start in range(0, 450, 150):
        engine.ingest(_harvester("bridge", "45.77.10.21", 75, start)
                      + _harvester("bridge", "45.77.10.22", 75, start + 75))
    assert engine.store.accounts(["bridge"])["bridge"].flagged
    merged = {engine.canonical(r.campaign_id)
              for r in engine.store.accounts(["a1", "b1", "bridge"]).values()}
    assert len(merged) == 1
    target = merged.pop()
    doc = {d["campaign_id"]: d for d in engine.store.campaigns()}[target]
    assert {"a1", "b1", "bridge"} <= set(doc["accounts"])
    assert engine.decide(_event(999, "b2", "45.77.10.22")).campaign_id == target
    # the merged campaign's work is its flagged accounts' recent exchanges, pooled
    records = engine.store.accounts(doc["accounts"])
    recent = load_config().online.recent_events
    assert doc["mix_exchanges"] == sum(min(r.n, recent) for r in records.values())
    assert doc["capabilities"] == pytest.approx(records["bridge"].capabilities)


def test_accounts_table_gives_verification_and_tier_online(tmp_path):
    directory = pl.DataFrame({
        "account_id": [f"new{i}" for i in range(10)] + [f"old{i}" for i in range(10)],
        "created_at": [T0 - timedelta(hours=2)] * 10 + [T0 - timedelta(days=700)] * 10,
        "tier": ["edu"] * 10 + ["pro"] * 10, "verified": [False] * 10 + [True] * 10,
        "payment_fingerprint": ["card-x"] * 10 + [f"card-{i}" for i in range(10)]})
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    _fleet(engine, [f"new{i}" for i in range(10)], "45.77.10.30", rounds=2)
    _fleet(engine, [f"old{i}" for i in range(10)], "45.77.10.31", rounds=2)
    young = engine.store.accounts(["new0"])["new0"]
    aged = engine.store.accounts(["old0"])["old0"]
    # an unverified account counts as such once the fleet shows (a verified one does not)
    assert young.model_score > aged.model_score
    # the tier comes from the table when the request does not say it
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: t\nrules:\n  - name: edu\n    when: {tiers: [edu]}\n"
                      "    action: throttle\n")
    engine.policy = load_policy(policy)
    assert engine.decide(_event(500, "new0", "192.0.2.1")).action == "throttle"
    assert engine.decide(_event(500, "old0", "192.0.2.1")).action == "allow"


def test_volume_alone_never_steps_up_an_enterprise_router(engine):
    prompts = ["Summarise this article about shipping rates.", "Translate to German: good morning",
               "Write a SQL query that counts orders per day.", "What is 17 * 23?",
               "Draft a polite reply to a customer asking for a refund."]
    for day in range(3):
        batch = [_event(day * 3000 + i, "router", f"34.120.0.{i % 20}",
                        seconds=day * 86_400 + 28.8 * i, prompt=prompts[i % 5], asn=15169,
                        user_agent="litellm/1.40", tier="enterprise")
                 for i in range(3000)]
        engine.ingest(batch)
    record = engine.store.accounts(["router"])["router"]
    assert not record.flagged
    assert engine.decide(_event(99_999, "router", "34.120.0.3", tier="enterprise")).action == "allow"


def test_an_established_customer_on_an_operations_cloud_exit_is_not_tied_by_it(tmp_path):
    """A cloud egress that an operation's fleet uses is an indicator of it; an established
    customer on the same egress (a SaaS backend on the same platform) is not tied by it unless
    its own exchanges do the operation's work, while an account created hours ago is tied
    whatever it sends (a hydra's replacement head)."""
    exit_ip = "45.77.10.40"
    directory = pl.DataFrame({"account_id": ["saas", "fresh", "aged"],
                              "created_at": [T0 - timedelta(days=400), T0 - timedelta(hours=3),
                                             T0 - timedelta(days=300)],
                              "tier": ["enterprise", "free", "pro"],
                              "verified": [True, False, True]})
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    _fleet(engine, [f"h{i}" for i in range(10)], exit_ip)
    assert engine.store.campaign_of([("ip", exit_ip)])

    def product(account: str, start: int) -> list[dict]:
        return [_event(start + i, account, exit_ip, seconds=20_000 + 60.0 * i, asn=20473,
                       prompt=f"Write a two-line product description for a ceramic mug in "
                              f"colour number {i} for our online shop.", tier="enterprise")
                for i in range(30)]

    assert engine.decide(product("saas", 0)[0]).action == "allow"
    assert engine.decide(product("fresh", 0)[0]).action != "allow"
    engine.ingest(product("saas", 0) + product("fresh", 0))
    assert engine.decide(_event(99, "saas", exit_ip, asn=20473)).action == "allow"
    assert engine.store.accounts(["saas"])["saas"].campaign_id is None
    assert engine.decide(_event(99, "fresh", exit_ip, asn=20473)).action != "allow"
    # an established account whose own exchanges are the operation's work is tied by the exit
    engine.ingest(_harvester("aged", exit_ip, 30, start=900))
    record = engine.store.accounts(["aged"])["aged"]
    assert record.worker and record.campaign_id is not None
    assert engine.decide(_event(999, "aged", exit_ip, asn=20473)).action != "allow"


def test_an_established_account_tied_to_a_campaign_is_stepped_up_only_for_its_work(tmp_path):
    """An established customer whose own exchanges work target capabilities is tied by an
    operation's exit (it might be one of its aged accounts); it is stepped up only when that work
    is the campaign's: a coding backend on a reasoning harvest's exit is a bystander."""
    exit_ip = "45.77.10.41"
    directory = pl.DataFrame({"account_id": ["coder", "aged"],
                              "created_at": [T0 - timedelta(days=400)] * 2,
                              "tier": ["pro", "pro"], "verified": [True, True]})
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    _fleet(engine, [f"h{i}" for i in range(10)], exit_ip)
    coding = [_event(900 + i, "coder", exit_ip, seconds=30_000 + 60.0 * i, asn=20473,
                     prompt=f"Write a Python function that parses the log file number {i} and "
                            f"returns the failed requests as a list, with unit tests.")
              for i in range(30)]
    engine.ingest(coding)
    engine.ingest(_harvester("aged", exit_ip, 30, start=900))
    coder = engine.decide(_event(999, "coder", exit_ip, asn=20473))
    aged = engine.decide(_event(999, "aged", exit_ip, asn=20473))
    assert coder.campaign_id is not None and coder.action == "allow"
    assert aged.campaign_id is not None and aged.action != "allow"


def test_a_cloud_partners_gateway_makes_no_online_cohort(engine):
    # twelve accounts reach the API through a cloud partner's surface, so their requests come
    # from the partner's gateway, as every customer's of the partner do: it is no cohort of theirs
    gateway = "3.5.5.9"
    customers = [f"c{i}" for i in range(12)]
    for start in range(0, 400, 100):
        for account in customers:
            engine.ingest([e | {"surface": "cloud"} for e in _harvester(account, gateway, 100, start)])
    assert not any(r.flagged for r in engine.store.accounts(customers).values())


def test_a_partners_gateway_makes_a_cohort_of_fresh_accounts_only(tmp_path):
    # a hydra's heads created the hour before, all calling through the partner, are judged as
    # the crowd they are; a year-old customer on the same gateways is judged by its own work
    gateway = "3.5.5.9"
    heads = [f"h{i}" for i in range(12)]
    directory = pl.DataFrame({"account_id": [*heads, "customer"],
                              "created_at": [T0 - timedelta(hours=1)] * 12
                              + [T0 - timedelta(days=400)],
                              "tier": ["free"] * 12 + ["enterprise"],
                              "verified": [False] * 12 + [True]})
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    for start in range(0, 400, 100):
        for account in [*heads, "customer"]:
            engine.ingest([e | {"surface": "cloud"} for e in _harvester(account, gateway, 100, start)])
    records = engine.store.accounts([*heads, "customer"])
    assert all(records[h].flagged for h in heads)
    assert not records["customer"].flagged


def test_a_partners_gateway_in_imported_indicators_ties_only_new_accounts(tmp_path):
    # a partner's bundle names a cloud partner's gateway as an operation's exit: a year-old SaaS
    # backend calling through that partner is not tied by it, a head created the day before is,
    # and so is any account coming from that address off the partner's surface
    directory = _dated({"saas": timedelta(days=400), "head": timedelta(days=1),
                        "office": timedelta(days=400)}, "enterprise")
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    campaigns = {"campaigns": [{"campaign_id": "cmp_1", "score": 0.97, "accounts": ["old1"]}]}
    engine.import_scan(campaigns, _bundle("cmp_1", "[ipv4-addr:value = '3.5.5.9']"))
    saas = engine.decide(_event(0, "saas", "3.5.5.9", surface="cloud"))
    assert (saas.action, saas.campaign_id) == ("allow", None)
    # nor by the exchanges it sends through it
    engine.ingest([_event(i, "saas", "3.5.5.9", surface="cloud") for i in range(30)])
    assert engine.store.accounts(["saas"])["saas"].campaign_id is None
    assert engine.decide(_event(31, "saas", "3.5.5.9", surface="cloud")).action == "allow"
    head = engine.decide(_event(0, "head", "3.5.5.9", surface="cloud"))
    assert (head.action, head.campaign_id) == ("block", "cmp_1")
    direct = engine.decide(_event(0, "office", "3.5.5.9", surface="api"))
    assert direct.campaign_id == "cmp_1"


def test_established_customers_on_one_stable_exit_are_a_crowd_and_fresh_accounts_a_fleet(
        tmp_path):
    # as in the scan: twelve accounts a year old working from one office exit coordinate nothing
    # by sharing it; twelve created the hour before, doing the same from one exit, are a fleet
    office, proxy = "198.51.100.20", "45.77.10.20"
    staff = [f"s{i}" for i in range(12)]
    heads = [f"h{i}" for i in range(12)]
    directory = _dated({a: timedelta(days=400) for a in staff}
                       | {a: timedelta(hours=1) for a in heads}, "free")
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    for start in range(0, 400, 100):
        for account in staff:
            engine.ingest(_harvester(account, office, 100, start))
        for account in heads:
            engine.ingest(_harvester(account, proxy, 100, start))
    records = engine.store.accounts([*staff, *heads])
    assert not any(records[a].flagged for a in staff)
    assert all(records[a].flagged for a in heads)


def test_a_gateway_of_an_earlier_batch_makes_no_online_cohort_either(engine):
    # the same customers first call through the partner, then from their own addresses: their
    # recent exits still hold the gateway, which a batch without partner requests must not take
    # for an exit they share
    gateway = "3.5.5.9"
    customers = [f"c{i}" for i in range(12)]
    for account in customers:
        engine.ingest([e | {"surface": "cloud"} for e in _harvester(account, gateway, 10, 0)])
    for start in range(10, 410, 100):
        for i, account in enumerate(customers):
            engine.ingest(_harvester(account, f"198.18.{i}.7", 100, start))
    assert not any(r.flagged for r in engine.store.accounts(customers).values())


def test_an_exit_also_used_off_the_partner_surface_is_no_gateway(engine):
    # an operation's proxy that one of its accounts also uses through the cloud partner is
    # still its own exit: the fleet on it is a cohort
    proxy = "45.77.10.21"
    fleet = [f"h{i}" for i in range(12)]
    engine.ingest([e | {"surface": "cloud"} for e in _harvester("h0", proxy, 10, 0)])
    for start in range(10, 410, 100):
        for account in fleet:
            engine.ingest(_harvester(account, proxy, 100, start))
    assert all(r.flagged for r in engine.store.accounts(fleet).values())


def test_fresh_accounts_joining_established_customers_exits_coordinate_nothing(tmp_path):
    # a cloud runner pool's exits carry a year-old crowd of coders; three accounts created last
    # week start coding from the same pool: they join a crowd, not a fleet (an operation's heads
    # share their exits with each other)
    pool = [f"172.92.{i}.5" for i in range(3)]
    crowd = [f"c{i}" for i in range(12)]
    newcomers = [f"n{i}" for i in range(3)]
    directory = _dated({a: timedelta(days=400) for a in crowd}
                       | {a: timedelta(days=7) for a in newcomers}, "pro")
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    for start in range(0, 300, 100):
        for account in crowd + newcomers:
            engine.ingest(_coding(account, pool, start, 100, asn=16509))
    records = engine.store.accounts(crowd + newcomers)
    assert not any(r.flagged for r in records.values())
    assert all(engine.decide(_event(999, a, pool[0])).action == "allow" for a in newcomers)


def test_established_customers_rotating_through_a_carrier_nat_are_a_crowd(tmp_path):
    # a year-old crowd of customers rotating through a mobile carrier's NAT pool and coding from
    # it coordinate nothing by sharing its exits; the same work from accounts the table cannot
    # date still makes a cohort on the pool (judged as before)
    pool = [f"31.26.101.{i}" for i in range(24)]
    people = [f"p{i}" for i in range(12)]
    directory = _dated({a: timedelta(days=400) for a in people}, "pro")

    def flagged(accounts: list[str], table: pl.DataFrame | None) -> list[bool]:
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{accounts[0]}.db'}"), load_config(),
                        load_policy(), table)
        for start in range(0, 300, 100):
            for account in accounts:
                engine.ingest(_coding(account, pool, start, 100, asn=21928,
                                      offset=int(account[1:])))
        return [r.flagged for r in engine.store.accounts(accounts).values()]

    assert not any(flagged(people, directory))
    assert all(flagged([f"u{i}" for i in range(12)], None))




def test_a_fleets_cohort_is_everyone_it_shares_a_rare_exit_with(tmp_path):
    # twenty heads created last week on ten residential exits of their own, each head on three
    # of them: no exit carries more than six heads, but each head meets up to fourteen on its
    # exits, and the scan's linkage sums them all; one exit's heads (6 x 150 exchanges) leave the
    # fleet under the cohort volume bar, the heads each one meets do not
    exits = [f"73.20.{k}.9" for k in range(10)]
    heads = [f"h{i}" for i in range(20)]
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    _dated(dict.fromkeys(heads, timedelta(days=7)), "free"))
    for turn, offset in enumerate((0, 1, 3)):
        for i, account in enumerate(heads):
            engine.ingest(_harvester(account, exits[(i + offset) % 10], 50, 50 * turn))
    assert all(r.flagged for r in engine.store.accounts(heads).values())


def test_a_proxy_pool_only_new_accounts_harvest_through_is_a_fleets(tmp_path):
    # forty heads created last week rotate through four residential exits, each over
    # online.cohort_max_accounts customers: nobody established is ever seen there and all of
    # them harvest, so the exits are the fleet's and its heads one cohort. The same heads behind
    # exits that twenty year-old customers also use (a campus's NAT, its staff on it), or behind
    # two addresses only (a NAT's), make no cohort and are judged one by one
    heads = [f"h{i}" for i in range(40)]
    people = [f"p{i}" for i in range(20)]

    def flagged(exits: list[str], with_people: bool) -> list[bool]:
        ages = {**dict.fromkeys(heads, timedelta(days=7)), **dict.fromkeys(people, timedelta(days=400))}
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{len(exits)}{with_people}.db'}"),
                        load_config(), load_policy(), _dated(ages, "free"))
        if with_people:
            engine.ingest([_event(j, p, exits[j % len(exits)], seconds=600.0 * k + 90 * j, asn=9009)
                           for k, p in enumerate(people) for j in range(10)])
        for turn in range(3):  # openings of their own: no template shared across accounts
            engine.ingest([{**e, "prompt": f"Case {account}-{i}. {e['prompt']}",
                            "ip": exits[(i + k) % len(exits)]} for k, account in enumerate(heads)
                           for i, e in enumerate(_harvester(account, "", 50, 50 * turn))])
        return [r.flagged for r in engine.store.accounts(heads).values()]

    pool = [f"73.21.{k}.9" for k in range(4)]
    assert all(flagged(pool, with_people=False))
    assert not any(flagged(pool, with_people=True))
    assert not any(flagged(pool[:2], with_people=False))


def test_heads_registered_in_bulk_from_one_address_are_a_fleet(tmp_path):
    # twenty-five heads created last week harvest, each from residential exits nobody else uses
    # and paying with no card: all signed up from one address that no established account signed
    # up from (the accounts table says), they are one cohort. The same heads when five year-old
    # accounts signed up there too (a campus's or an office's address, whether or not they send
    # anything), or with addresses of their own, are judged one by one
    heads = [f"h{i}" for i in range(25)]
    people = [f"p{i}" for i in range(5)]

    def flagged(shared_address: bool, with_people: bool) -> list[bool]:
        ages = {**dict.fromkeys(heads, timedelta(days=7)), **dict.fromkeys(people, timedelta(days=400))}
        directory = _dated(ages, "free").with_columns(signup_ip=pl.Series(
            [("45.9.1.1" if shared_address else f"45.9.2.{k}") for k in range(25)]
            + [("45.9.1.1" if with_people else f"45.9.3.{k}") for k in range(5)]))
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{shared_address}{with_people}.db'}"),
                        load_config(), load_policy(), directory)
        for turn in range(3):  # openings of their own: no template shared across accounts
            engine.ingest([{**e, "prompt": f"Case {account}-{i}. {e['prompt']}"}
                           for k, account in enumerate(heads)
                           for i, e in enumerate(_harvester(account, f"73.{k}.{turn}.9", 100,
                                                            100 * turn))])
        return [r.flagged for r in engine.store.accounts(heads).values()]

    assert all(flagged(shared_address=True, with_people=False))
    assert not any(flagged(shared_address=True, with_people=True))
    assert not any(flagged(shared_address=False, with_people=False))


def test_a_vpn_pools_chatting_crowd_adds_no_volume_to_established_coders(tmp_path):
    # five year-old customers code through a VPN provider's exits among fifteen people chatting
    # on them: their cohort's volume is what the coders send (the scan sums its members'
    # exchanges), not every customer on the exits taken to code as they do (new coders: below)
    pool = [f"185.159.157.{i}" for i in range(24)]
    coders = [f"k{i}" for i in range(5)]
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    _dated(dict.fromkeys(coders, timedelta(days=400)), "pro"))
    engine.ingest([_event(j, f"t{k}", ip, seconds=3000.0 * k + 200.0 * j, asn=9009,
                          prompt=f"write a short birthday message for my sister, version {j}")
                   for k in range(15) for j, ip in enumerate(pool)])
    for start in range(0, 300, 100):
        for k, account in enumerate(coders):
            engine.ingest(_coding(account, pool, start, 100, asn=9009, offset=k))
    assert not any(r.flagged for r in engine.store.accounts(coders).values())


def _flagged_hydra(tmp_path, newcomers: dict[str, str | None],
                   signups: dict[str, str] | None = None) -> Engine:
    """An engine whose emerging campaign is eight heads created yesterday, each on residential
    exits of its own (73.k.x.9), all paying with card pf_hydra, flagged;
    ``newcomers`` (account → card) were created yesterday too and have sent nothing yet;
    ``signups``: the addresses accounts signed up from."""
    heads = [f"h{i}" for i in range(8)]
    accounts = [*heads, *newcomers]
    directory = _dated(dict.fromkeys(accounts, timedelta(days=1)), "free").with_columns(
        payment_fingerprint=pl.Series(["pf_hydra"] * 8 + list(newcomers.values()), dtype=pl.String),
        signup_ip=pl.Series([(signups or {}).get(a) for a in accounts], dtype=pl.String))
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy(),
                    directory)
    for start in range(0, 300, 100):
        for k, account in enumerate(heads):
            engine.ingest(_harvester(account, f"73.{k}.{start // 100}.9", 100, start))
    assert all(r.flagged for r in engine.store.accounts(heads).values())
    return engine


def test_an_emerging_campaigns_card_ties_a_new_account_at_its_first_request(tmp_path):
    # a hydra's heads on residential exits of their own, paying with one card: once they are
    # flagged, a head created yesterday with the same card is tied from its first request, on an
    # exit nobody used; an account with another card is not, but a new one on the exit the tied
    # head came from is (the tied head sends nothing that would make it an indicator otherwise)
    engine = _flagged_hydra(tmp_path, {"next": "pf_hydra", "other": "pf_someone", "follower": None})
    tied = engine.decide(_event(0, "next", "98.51.3.4"))
    assert tied.action != "allow" and tied.campaign_id is not None
    assert any("payment" in r for r in tied.reasons if r.startswith("campaign_link"))
    assert engine.decide(_event(0, "other", "98.51.3.5")).action == "allow"
    assert engine.decide(_event(0, "follower", "98.51.3.4")).action != "allow"


def test_a_head_tied_by_its_exit_brings_its_card_into_the_campaign(tmp_path):
    # a hydra's heads on exits of their own, paying with one card, are flagged; a head created
    # yesterday on one of their exits pays with another card of the operation: tied by the exit,
    # it brings that card into the campaign, so the next head paying with it is tied at its first
    # request on an exit nobody used; a new account with a card of its own is not
    engine = _flagged_hydra(tmp_path, {"bridge": "pf_second", "mate": "pf_second",
                                       "other": "pf_someone"})
    bridge = engine.decide(_event(0, "bridge", "73.0.0.9"))
    assert bridge.action != "allow" and bridge.campaign_id is not None
    mate = engine.decide(_event(0, "mate", "98.51.7.1"))
    assert (mate.action != "allow", mate.campaign_id) == (True, bridge.campaign_id)
    assert any("payment" in r for r in mate.reasons if r.startswith("campaign_link"))
    assert engine.decide(_event(0, "other", "98.51.7.2")).action == "allow"


def test_an_address_flagged_heads_signed_up_from_ties_a_new_account_signing_up_there(tmp_path):
    # a hydra's heads, seven signed up from one address and one from another (its office's): once
    # they are flagged, a head created yesterday that signed up from the hydra's address and pays
    # with a card of its own is tied at its first request on an exit nobody used; a colleague who
    # signed up at the office of the one flagged head there (online.signup_min_flagged), or an
    # account that signed up elsewhere, is not
    signups = {**{f"h{i}": "45.9.1.1" for i in range(7)}, "h7": "81.2.2.2",
               "next": "45.9.1.1", "colleague": "81.2.2.2", "other": "98.51.0.1"}
    engine = _flagged_hydra(tmp_path, {"next": "pf_n", "colleague": "pf_c", "other": "pf_o"},
                            signups=signups)
    tied = engine.decide(_event(0, "next", "98.51.3.4"))
    assert tied.action != "allow" and tied.campaign_id is not None
    assert any("signup_ip" in r for r in tied.reasons if r.startswith("campaign_link"))
    assert engine.decide(_event(0, "colleague", "98.51.3.5")).action == "allow"
    assert engine.decide(_event(0, "other", "98.51.3.6")).action == "allow"


def test_a_scans_card_indicator_ties_an_account_paying_with_that_card(tmp_path):
    # a scan (or a partner) exports the operation's card as a keyed hash; the service hashes each
    # account's card from the accounts table with the same key and ties a payer at its first request
    from distillguard.io.keyed import keyed_hash

    cfg = load_config()
    digest = keyed_hash("pf_op", cfg.intel.hash_key)
    bundle = _bundle("cmp_9", f"[x-distillguard-payment:keyed_hash = '{digest}']")
    directory = _dated({"payer": timedelta(days=2), "else": timedelta(days=2)}, "free")
    directory = directory.with_columns(payment_fingerprint=pl.Series(["pf_op", "pf_else"]))
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), cfg, load_policy(), directory)
    campaigns = {"campaigns": [{"campaign_id": "cmp_9", "score": 0.95, "accounts": ["old9"]}]}
    assert engine.import_scan(campaigns, bundle)["indicators"] == 1
    payer = engine.decide(_event(0, "payer", "98.51.3.4"))
    assert (payer.action, payer.campaign_id) == ("block", "cmp_9")
    assert engine.decide(_event(0, "else", "98.51.3.5")).action == "allow"


def test_new_coders_meeting_a_vpns_chatting_crowd_are_no_fleet(tmp_path):
    # five accounts created last week code through a VPN provider's 24 exits, which no
    # established customer has used yet, among fifteen new customers chatting on them: their
    # exits carry people's traffic, so only the five send as they do, not each customer taken
    # for a fleet's head; with three chatters on the exits instead, the exits are the five's own,
    # as a fleet's are, and every customer on them counts as one of its heads
    pool = [f"185.159.158.{i}" for i in range(24)]
    coders = [f"k{i}" for i in range(5)]

    def flagged(chatters: int) -> list[bool]:
        people = [f"t{k}" for k in range(chatters)]
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{chatters}.db'}"), load_config(),
                        load_policy(), _dated(dict.fromkeys(coders + people, timedelta(days=7)),
                                              "pro"))
        engine.ingest([_event(j, p, ip, seconds=3000.0 * k + 200.0 * j, asn=9009,
                              prompt=f"write a short birthday message for my sister, version {j}")
                       for k, p in enumerate(people) for j, ip in enumerate(pool)])
        for start in range(0, 300, 100):
            for k, account in enumerate(coders):
                engine.ingest(_coding(account, pool, start, 100, asn=9009, offset=k))
        return [r.flagged for r in engine.store.accounts(coders).values()]

    assert not any(flagged(15))
    assert all(flagged(3))


def test_flagged_heads_whose_exits_together_carry_a_vpns_chat_make_none_an_indicator(tmp_path):
    # eight heads harvest through a VPN provider's twelve exits, two chatting customers on each:
    # the heads are most of each exit's customers, but a quarter of all the customers on their
    # exits (eight of thirty-two), so none of the exits becomes an indicator and a newcomer on
    # one is not tied; without the chatters the exits are the heads' own and tie it
    vpn = [f"185.159.159.{i}" for i in range(12)]
    heads = [f"h{i}" for i in range(8)]

    def tied(chatters_per_exit: int) -> bool:
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{chatters_per_exit}.db'}"),
                        load_config(), load_policy())
        engine.ingest([e for k, ip in enumerate(vpn) for c in range(chatters_per_exit)
                       for e in _chats(f"p{k}-{c}", ip, 6, 5000.0 * k + 700.0 * c)])
        for start in range(0, 400, 100):
            for h, account in enumerate(heads):
                engine.ingest([e | {"ip": vpn[(start + i + h) % len(vpn)]}
                               for i, e in enumerate(_harvester(account, "", 100, start))])
        assert all(r.flagged for r in engine.store.accounts(heads).values())
        return engine.decide(_event(0, "newcomer", vpn[0], seconds=90_000)).action != "allow"

    assert not tied(2)
    assert tied(0)


def test_a_fleets_fresh_heads_coordinate_from_their_first_hour(tmp_path):
    # twelve heads created last week pay with one card and harvest forty exchanges each from
    # exits of their own, in their first hour: their cohort has sent 480, under the scan's
    # volume bar but over online.fleet_min_exchanges, as no established customer shares the
    # card. The same accounts on a card that the accounts table says a year-old account pays
    # with too (a department's, for a course's new students), whether or not that account has
    # sent anything yet, are judged by the scan's bar, as they were before the rule
    heads = [f"h{i}" for i in range(12)]

    def flagged(department: bool, fleet_bar: int | None = 200) -> list[bool]:
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"fleet_min_exchanges": fleet_bar})})
        ages = {**dict.fromkeys(heads, timedelta(days=7)),
                **({"staff": timedelta(days=400)} if department else {})}
        directory = _dated(ages, "free").with_columns(payment_fingerprint=pl.lit("card-1"))
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{department}{fleet_bar}.db'}"), cfg,
                        load_policy(), directory)
        engine.ingest([{**e, "prompt": f"Case {account}-{i}. {e['prompt']}"}
                       for k, account in enumerate(heads)
                       for i, e in enumerate(_harvester(account, f"73.30.{k}.9", 40))])
        return [r.flagged for r in engine.store.accounts(heads).values()]

    assert load_config().online.fleet_min_exchanges == 200
    assert all(flagged(department=False))
    assert not any(flagged(department=False, fleet_bar=None))
    assert not any(flagged(department=True))


def test_an_operations_aged_heads_rotating_through_a_pool_are_no_crowd_of_people(tmp_path):
    # twelve year-old accounts rotate through one proxy pool and harvest from it: with
    # online.crowd_counts_harvesters off (the default), established customers that harvest make
    # no crowd of the pool's exits, so they coordinate as any fleet does; counted as a crowd,
    # they coordinate nothing. A year-old crowd coding through a carrier NAT pool is people
    # either way (the test above)
    pool = [f"45.77.{i}.20" for i in range(24)]
    heads = [f"a{i}" for i in range(12)]

    def flagged(counts_harvesters: bool) -> list[bool]:
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"crowd_counts_harvesters": counts_harvesters})})
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{counts_harvesters}.db'}"), cfg,
                        load_policy(), _dated(dict.fromkeys(heads, timedelta(days=400)), "pro"))
        for start in range(0, 300, 100):
            for k, account in enumerate(heads):
                engine.ingest([e | {"ip": pool[(i + k) % len(pool)]}
                               for i, e in enumerate(_harvester(account, "", 100, start))])
        return [r.flagged for r in engine.store.accounts(heads).values()]

    assert load_config().online.crowd_counts_harvesters is False
    assert all(flagged(counts_harvesters=False))
    assert not any(flagged(counts_harvesters=True))


def test_a_resellers_card_ties_its_next_head_whatever_its_customers_ask(tmp_path):
    # a reseller's heads (created last week) pay with one card: eight harvest and are flagged;
    # nine more were served their customers' everyday chat before the card tied them, so most
    # customers holding the card do no operation's work. Its next head, on an exit nobody used,
    # is still tied by the card; judged as an exit is (online.identity_needs_work), it was not.
    # A new account paying with a card of its own is not tied either way
    heads, mixers = [f"h{i}" for i in range(8)], [f"m{i}" for i in range(9)]

    def decided(identity_needs_work: bool) -> tuple[str, str]:
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"identity_needs_work": identity_needs_work})})
        accounts = [*heads, *mixers, "next", "own"]
        directory = _dated(dict.fromkeys(accounts, timedelta(days=7)), "free").with_columns(
            payment_fingerprint=pl.Series(["pf_resold"] * (len(accounts) - 1) + ["pf_own"]))
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{identity_needs_work}.db'}"), cfg,
                        load_policy(), directory)
        for start in range(0, 300, 100):
            for k, account in enumerate(heads):
                engine.ingest(_harvester(account, f"73.{k}.{start // 100}.9", 100, start))
        assert all(r.flagged for r in engine.store.accounts(heads).values())
        for k, account in enumerate(mixers):
            engine.ingest(_chats(account, f"81.2.{k}.7", 20, 0))
        return (engine.decide(_event(0, "next", "98.51.3.4")).action,
                engine.decide(_event(0, "own", "98.51.3.5")).action)

    assert load_config().online.identity_needs_work is False
    tied, own = decided(identity_needs_work=False)
    assert tied != "allow" and own == "allow"
    assert decided(identity_needs_work=True) == ("allow", "allow")


def test_a_fleets_own_client_build_ties_its_next_head_an_sdk_anyone_runs_does_not(tmp_path):
    # a reseller's heads (created last week) pay with one card and run its relay, whose TLS
    # fingerprint no other customer presents: once they are flagged, its next head — no card, an
    # exit nobody used — is tied by the build alone. A build a year-old customer also runs is a
    # product's, and so is any build with online.fleet_client_min_members unset
    heads = [f"h{i}" for i in range(8)]

    def decided(min_members: int | None, veteran_runs_it: bool, imported: bool = False) -> str:
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"fleet_client_min_members": min_members})})
        ages = dict.fromkeys([*heads, "next"], timedelta(days=7)) | {"veteran": timedelta(days=400)}
        directory = _dated(ages, "free").with_columns(
            payment_fingerprint=pl.Series(["pf_resold"] * len(heads) + [None, "pf_veteran"]))
        name = f"{min_members}-{veteran_runs_it}-{imported}.db"
        engine = Engine(open_store(f"sqlite:///{tmp_path / name}"), cfg, load_policy(), directory)
        relay = {"client_fingerprint": "t13d2903h1_relay"}
        if veteran_runs_it:
            engine.ingest([e | relay for e in _chats("veteran", "81.2.0.7", 20, 0)])
        for start in range(0, 300, 100):
            for k, account in enumerate(heads):
                engine.ingest([e | relay for e in _harvester(account, f"73.{k}.{start // 100}.9",
                                                             100, start)])
        assert all(r.flagged for r in engine.store.accounts(heads).values())
        if imported:
            engine.import_scan({"campaigns": [{"campaign_id": "cmp_scan", "score": 0.5,
                                               "accounts": heads}]}, None)
            engine.store.add_indicators([("client_fingerprint", relay["client_fingerprint"], "cmp_scan")])
        return engine.decide(_event(0, "next", "98.51.3.4", **relay)).action

    assert load_config().online.fleet_client_min_members == 3
    assert decided(3, veteran_runs_it=False) != "allow"
    # once a nightly scan's import holds the flagged heads (the build now indicates its campaign),
    # the build still ties the next head
    assert decided(3, veteran_runs_it=False, imported=True) != "allow"
    assert decided(3, veteran_runs_it=True, imported=True) == "allow"
    assert decided(3, veteran_runs_it=True) == "allow"
    assert decided(None, veteran_runs_it=False) == "allow"


def test_an_operations_aged_heads_once_tied_make_no_crowd_of_its_exit(tmp_path):
    # four new heads paying with one card are flagged and their exit ties the operation's next
    # heads. Five of its year-old heads harvest through that exit and are tied one by one: tied,
    # they vouch for nobody (online.crowd_counts_tied off), so the exit still ties the next new
    # head; counted as the exit's established crowd, they make it a crowd's exit that ties no one
    exit_ip, heads, elders = "73.1.1.9", ["h0", "h1", "h2", "h3"], ["e0", "e1", "e2", "e3", "e4"]

    def decided(counts_tied: bool) -> tuple[list[str], str]:
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"crowd_counts_tied": counts_tied})})
        ages = dict.fromkeys([*heads, "next"], timedelta(days=7)) | dict.fromkeys(elders, timedelta(days=400))
        directory = _dated(ages, "free").with_columns(
            payment_fingerprint=pl.Series(["pf_resold"] * len(heads) + [None] * (1 + len(elders))))
        engine = Engine(open_store(f"sqlite:///{tmp_path / f'{counts_tied}.db'}"), cfg, load_policy(),
                        directory)
        for start in range(0, 300, 100):
            engine.ingest([e for account in heads for e in _harvester(account, exit_ip, 100, start)])
        assert all(r.flagged for r in engine.store.accounts(heads).values())
        assert engine.store.campaign_of([("ip", exit_ip)])
        actions = []
        for k, elder in enumerate(elders):
            engine.ingest(_harvester(elder, exit_ip, 30, 400 + 40 * k))
            actions.append(engine.decide(_event(600 + k, elder, exit_ip)).action)
        return actions, engine.decide(_event(0, "next", exit_ip)).action

    assert load_config().online.crowd_counts_tied is False
    elders_tied, next_head = decided(counts_tied=False)
    assert "allow" not in elders_tied and next_head != "allow"
    elders_tied, next_head = decided(counts_tied=True)
    assert next_head == "allow"


def test_an_exit_an_operation_holds_alone_ties_its_aged_heads_at_once(tmp_path):
    # four new heads paying with one card are flagged, and their residential exit ties the
    # operation's next new head. A year-old head answers for its own exchanges, except on an exit
    # no untied established customer vouches for (online.owned_exit_share); a developer who chats
    # through the exit (an established customer of it) keeps it a shared exit; a cloud egress is a
    # platform's, where established tenants arrive any day; and a person who signed up from the
    # address is at home on it, whoever else a proxy pool relays through their line
    exit_ip, heads = "73.1.1.9", ["h0", "h1", "h2", "h3"]

    def decided(owned_share: float | None, developer_on_exit: bool = False,
                asn: int = 7922, elder_signed_up_there: bool = False) -> str:  # 7922: residential
        cfg = load_config()
        cfg = cfg.model_copy(update={"online": cfg.online.model_copy(
            update={"owned_exit_share": owned_share, "owned_exit_min_customers": 4})})
        ages = dict.fromkeys(heads, timedelta(days=7)) | dict.fromkeys(["elder", "dev"], timedelta(days=400))
        directory = _dated(ages, "free").with_columns(
            payment_fingerprint=pl.Series(["pf_resold"] * len(heads) + [None, None]),
            signup_ip=pl.Series([None] * len(heads) + [exit_ip if elder_signed_up_there else None, None]))
        name = f"{owned_share}{developer_on_exit}{asn}{elder_signed_up_there}.db"
        engine = Engine(open_store(f"sqlite:///{tmp_path / name}"),
                        cfg, load_policy(), directory)
        if developer_on_exit:
            engine.ingest(_chats("dev", exit_ip, 10, 0.0))
        for start in range(0, 300, 100):
            engine.ingest([e for account in heads for e in _harvester(account, exit_ip, 100, start, asn)])
        assert all(r.flagged for r in engine.store.accounts(heads).values())
        assert engine.store.campaign_of([("ip", exit_ip)])
        return engine.decide(_event(600, "elder", exit_ip, asn=asn)).action

    assert load_config().online.owned_exit_share == 0.1
    assert decided(None) == "allow"
    assert decided(0.1) != "allow"
    assert decided(0.1, developer_on_exit=True) == "allow"
    assert decided(0.1, asn=20473) == "allow"  # Vultr: a cloud
    assert decided(0.1, elder_signed_up_there=True) == "allow"
