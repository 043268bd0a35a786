"""Client builds online: one is a fleet's own only while no established customer runs it and the
campaign's tied accounts are enough of its holders; a scan's indicator for it stands."""

from __future__ import annotations

import polars as pl

from distillguard.config import OnlineConfig
from distillguard.online.clients import CLIENT, fleet_clients, join_clients, observe_clients
from distillguard.online.state import open_store


def _store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 's.db'}")


def test_a_build_becomes_a_fleets_own_once_enough_of_its_holders_are_tied(tmp_path):
    store, online = _store(tmp_path), OnlineConfig()
    served = pl.DataFrame({"account_id": [f"a{i}" for i in range(6)],
                           CLIENT: ["relay"] * 4 + ["sdk", "sdk"]})
    observe_clients(store, served, lambda account: False)  # all new
    assert join_clients(store, online, [("a0", "relay", "emerging-x"), ("a1", "relay", "emerging-x")]) == []
    # the third tied holder of four: a fleet's own, and an indicator of the campaign that tied it
    assert join_clients(store, online, [("a2", "relay", "emerging-x")]) == [(CLIENT, "relay", "emerging-x")]
    assert fleet_clients(store, online, ["relay", "sdk"]) == {"relay"}


def test_a_build_many_untied_customers_run_or_an_established_one_runs_is_nobodys(tmp_path):
    store, online = _store(tmp_path), OnlineConfig()
    crowd = pl.DataFrame({"account_id": [f"u{i}" for i in range(10)], CLIENT: ["sdk"] * 10})
    observe_clients(store, crowd, lambda account: False)
    ties = [(f"h{i}", "sdk", "emerging-x") for i in range(4)]
    assert join_clients(store, online, ties) == []  # 4 tied of 14 holders
    observe_clients(store, pl.DataFrame({"account_id": ["old"], CLIENT: ["tool"]}),
                    lambda account: account == "old")
    assert join_clients(store, online, [(f"h{i}", "tool", "emerging-x") for i in range(4)]) == []
    # a scan's indicator for a build is not replaced by an emerging campaign's
    store.add_indicators([(CLIENT, "kit", "cmp_scan")])
    assert join_clients(store, online, [(f"k{i}", "kit", "emerging-x") for i in range(3)]) == []
    assert store.campaign_of([(CLIENT, "kit")]) == {(CLIENT, "kit"): "cmp_scan"}
