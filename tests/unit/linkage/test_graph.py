"""Linkage graph on hand-built cases: NATs, VPN exits and a shared agent prompt must not link
accounts; shared payment and infrastructure must; popular infrastructure joins through hubs."""

from __future__ import annotations

import polars as pl

from distillguard.config import LinkageConfig
from distillguard.linkage.graph import communities, hub_links, link_edges

CFG = LinkageConfig()


def _incidence(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["account_id", "kind", "value"], orient="row")


def _linked(edges: pl.DataFrame) -> set[tuple[str, str]]:
    return set(zip(edges["a"].to_list(), edges["b"].to_list(), strict=True))


def test_nat_vpn_and_agent_prompt_do_not_link():
    rows = []
    # 80 students behind one campus NAT address and one university domain
    rows += [(f"student{i}", "ip", "198.51.100.7") for i in range(80)]
    rows += [(f"student{i}", "email_domain", "univ.edu") for i in range(80)]
    # 300 strangers on a VPN exit, and 900 coding-agent users with one system prompt / client
    rows += [(f"vpn{i}", "ip", "203.0.113.9") for i in range(300)]
    rows += [(f"dev{i}", "template", "agent-sys") for i in range(900)]
    rows += [(f"dev{i}", "client_fingerprint", "t13d_agent") for i in range(900)]
    edges = link_edges(_incidence(rows), CFG)
    assert edges.is_empty()


def test_shared_payment_and_infrastructure_link():
    rows = [(f"op{i}", "payment", "card-1") for i in range(6)]
    rows += [(f"op{i}", "ip", f"192.0.2.{i % 2}") for i in range(6)]
    rows += [("bystander", "ip", "192.0.2.200")]
    edges = link_edges(_incidence(rows), CFG)
    pairs = _linked(edges)
    assert ("op0", "op5") in pairs and len(pairs) == 15
    assert all("payment" in kinds for kinds in edges["kinds"].to_list())
    assert not any("bystander" in p for p in pairs)


def test_behaviour_alone_does_not_link_two_operations():
    # two operations that use the same public harness: same templates and client, no shared infra
    rows = [(f"{op}{i}", "template", f"harness-{t}") for op in ("a", "b") for i in range(5)
            for t in range(20)]
    rows += [(f"{op}{i}", "client_fingerprint", "httpx") for op in ("a", "b") for i in range(5)]
    rows += [(f"a{i}", "payment", "card-a") for i in range(5)]
    rows += [(f"b{i}", "payment", "card-b") for i in range(5)]
    edges = link_edges(_incidence(rows), CFG)
    groups = communities(edges, hub_links(_incidence(rows), CFG), CFG)
    by = dict(zip(groups["account_id"].to_list(), groups["community"].to_list(), strict=True))
    assert len({by[f"a{i}"] for i in range(5)}) == 1 and len({by[f"b{i}"] for i in range(5)}) == 1
    assert by["a0"] != by["b0"]


def test_popular_proxy_pool_joins_through_hubs_without_pairs():
    # 400 accounts spread over a 10-address proxy pool: every address has 200 accounts
    rows = [(f"hydra{i}", "ip", f"10.0.0.{(i * 7 + k) % 10}") for i in range(400) for k in range(5)]
    incidence = _incidence(rows)
    edges = link_edges(incidence, CFG)
    hubs = hub_links(incidence, CFG)
    assert edges.is_empty() and hubs.height == 2000
    groups = communities(edges, hubs, CFG)
    assert groups.height == 400 and groups["community"].n_unique() <= 3


def test_communities_are_deterministic():
    rows = [(f"op{i}", "payment", f"card-{i % 3}") for i in range(30)]
    rows += [(f"op{i}", "ip", f"192.0.2.{i % 4}") for i in range(30)]
    incidence = _incidence(rows)
    first = communities(link_edges(incidence, CFG), hub_links(incidence, CFG), CFG)
    again = communities(link_edges(incidence.reverse(), CFG), hub_links(incidence, CFG), CFG)
    assert first.equals(again)
