"""The two state backends behave the same: SQLite (embedded) and a real Redis server."""

from __future__ import annotations

import itertools

import pytest

from distillguard.errors import StateError
from distillguard.online.records import AccountState
from distillguard.online.state import MEMBER_CAP, Store, open_store

_db = itertools.count()


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path) -> Store:
    if request.param == "sqlite":  # no Redis server needed
        opened = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    else:
        opened = open_store(f"{request.getfixturevalue('redis_url')}/{next(_db) % 16}")
        opened.redis.flushdb()
    yield opened
    opened.close()


def test_claim_is_idempotent(store):
    assert store.claim(["r1", "r2"]) == [True, True]
    assert store.claim(["r2", "r3", "r3"]) == [False, True, False]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_request_ids_expire(request, tmp_path, backend):
    import time

    if backend == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 's.db'}", request_ttl=1)
    else:
        opened = open_store(f"{request.getfixturevalue('redis_url')}/15", request_ttl=1)
        opened.redis.flushdb()
    try:
        assert opened.claim(["r1"]) == [True] and opened.claim(["r1"]) == [False]
        time.sleep(1.1)
        if hasattr(opened, "_pruned"):
            opened._pruned = 0.0  # prune on the next claim rather than a minute later
        assert opened.claim(["r1"]) == [True]
    finally:
        opened.close()


def test_accounts_and_rings_round_trip(store):
    a = AccountState(n=2, score=0.9, flagged=True, reasons=["r"], capabilities={"coding": 1.0},
                     ips=["192.0.2.1"], campaign_id=None)
    store.save_accounts({"a": a}, {"a": {"ts": [1, 2]}})
    store.save_accounts({"b": AccountState(score=0.1, campaign_id="cmp_1")})
    assert store.accounts(["a", "b", "missing"]) == {
        "a": a, "b": AccountState(score=0.1, campaign_id="cmp_1")}
    assert store.lookup("a", []) == (a, {})
    assert store.rings(["a", "b"]) == {"a": {"ts": [1, 2]}}


def test_members_count_distinct_accounts(store):
    assert store.add_members("ip", [("10.0.0.1", "a"), ("10.0.0.1", "b"), ("10.0.0.2", "a")]) \
        == {"10.0.0.1": 2, "10.0.0.2": 1}
    assert store.add_members("ip", [("10.0.0.1", "a")]) == {"10.0.0.1": 2}
    assert store.add_members("template", [("10.0.0.1", "z")]) == {"10.0.0.1": 1}


def test_unions_count_each_account_once_across_kinds_and_values(store):
    store.add_members("customer:ip", [("10.0.0.1", "a"), ("10.0.0.1", "b"), ("10.0.0.2", "b")])
    store.add_members("customer:card", [("pf_1", "c"), ("pf_1", "a")])
    assert store.union_counts({
        "x": [("customer:ip", "10.0.0.1"), ("customer:ip", "10.0.0.2"), ("customer:card", "pf_1")],
        "y": [("customer:ip", "10.0.0.2"), ("customer:ip", "10.0.0.9")],
        "z": []}) == {"x": 3, "y": 1, "z": 0}


def test_members_are_capped(store):
    counts = store.add_members("ip", [("1.1.1.1", f"acct{i}") for i in range(MEMBER_CAP + 50)])
    assert counts["1.1.1.1"] == MEMBER_CAP


def test_indicators_campaigns_and_counters(store):
    store.add_indicators([("ip", "192.0.2.1", "c1"), ("client_fingerprint", "t13d", "c1")])
    store.add_indicators([("ip", "192.0.2.1", "c2")])
    assert store.campaign_of([("ip", "192.0.2.1"), ("ip", "192.0.2.9")]) == {
        ("ip", "192.0.2.1"): "c2"}
    # dropped only where still attached to the campaign named: 192.0.2.1 moved on to c2
    store.drop_indicators([("ip", "192.0.2.1", "c1"), ("client_fingerprint", "t13d", "c1")])
    store.drop_indicators([])
    assert store.campaign_of([("ip", "192.0.2.1"), ("client_fingerprint", "t13d")]) == {
        ("ip", "192.0.2.1"): "c2"}
    store.save_campaigns([{"campaign_id": "c2", "score": 0.9}, {"campaign_id": "c1", "score": 1}])
    assert [d["campaign_id"] for d in store.campaigns()] == ["c1", "c2"]
    store.increment("capability", {"coding": 2, "agentic": 1})
    store.increment("capability", {"coding": 3})
    assert store.counters("capability") == {"coding": 5, "agentic": 1}


def test_state_survives_reopening(tmp_path):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    first = open_store(url)
    first.claim(["r1"])
    first.save_accounts({"a": AccountState(n=3)})
    first.close()
    again = open_store(url)
    assert again.claim(["r1"]) == [False] and again.accounts(["a"]) == {"a": AccountState(n=3)}


@pytest.mark.parametrize("url", ["postgres://x", "sqlite://", "redis://127.0.0.1:1/0"])
def test_bad_state_url_is_one_clear_error(url):
    with pytest.raises(StateError) as info:
        open_store(url)
    assert "\n" not in str(info.value)


def test_backend_failures_are_state_errors(tmp_path):
    (tmp_path / "a-directory.db").mkdir()
    with pytest.raises(StateError, match="state"):
        open_store(f"sqlite:///{tmp_path / 'a-directory.db'}")
    sqlite = open_store(f"sqlite:///{tmp_path / 'ok.db'}")
    sqlite._db.execute("DROP TABLE accounts")  # a broken database file, as far as the store knows
    with pytest.raises(StateError, match=r"SQLiteStore\.accounts: state backend failed"):
        sqlite.accounts(["a"])


def test_redis_going_away_is_a_state_error(tmp_path):
    import subprocess

    from tests.conftest import free_port, redis_server_binary, wait_for_port

    port = free_port()
    proc = subprocess.Popen([redis_server_binary(), "--port", str(port), "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc)
    store = open_store(f"redis://127.0.0.1:{port}/0")
    assert store.claim(["r1"]) == [True]
    proc.terminate()
    proc.wait(timeout=10)
    with pytest.raises(StateError, match=r"RedisStore\.claim: state backend failed"):
        store.claim(["r2"])


def test_docs_and_logs_round_trip(store):
    assert store.put_doc("verdicts", "campaign:c1", {"verdict": "needs_review"}) is None
    before = store.put_doc("verdicts", "campaign:c1", {"verdict": "confirmed"})
    assert before == {"verdict": "needs_review"}
    store.put_doc("verdicts", "account:a", {"verdict": "legitimate"})
    assert store.docs("verdicts") == {"account:a": {"verdict": "legitimate"},
                                      "campaign:c1": {"verdict": "confirmed"}}
    assert store.docs("other") == {}
    for i in range(5):
        store.append_log("audit", {"i": i})
    entries, total = store.read_log("audit", start=1, count=2)
    assert entries == [{"i": 3}, {"i": 2}] and total == 5
    assert store.read_log("empty") == ([], 0)
