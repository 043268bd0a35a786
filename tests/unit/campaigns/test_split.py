"""Campaign split: operations that share a proxy pool but do different work are two campaigns."""

from __future__ import annotations

from itertools import combinations

import polars as pl

from distillguard.campaigns.build import join_tied, split_by_work
from distillguard.config import CampaignConfig
from distillguard.features.accounts import capability_share_column
from distillguard.io.schema import TAGGED_CAPABILITIES


def _accounts(prefix: str, n: int, mix: dict[str, float]) -> list[dict]:
    return [{"account_id": f"{prefix}{i}", "n_events": 200,
             **{capability_share_column(c): mix.get(c, 0.0) for c in TAGGED_CAPABILITIES}}
            for i in range(n)]


def _clique(ids: list[str], weight: float = 2.0) -> list[dict]:
    return [{"a": a, "b": b, "weight": weight, "kinds": ["payment"]}
            for a, b in combinations(ids, 2)]


def _split(features: list[dict], edges: list[dict], lifted: set[str] = frozenset(),
           cfg: CampaignConfig | None = None) -> dict[str, set[str]]:
    """Accounts per campaign (keyed by one member) after split_by_work on one community."""
    ids = [f["account_id"] for f in features]
    members = pl.DataFrame({"account_id": ids, "community": [0] * len(ids),
                            "lifted": [a in lifted for a in ids], "link_weight": 0.0,
                            "mix_distance": 0.0})
    out = split_by_work(members, pl.DataFrame(edges), pl.DataFrame(features),
                        cfg or CampaignConfig())
    assert out.columns == members.columns and out.height == members.height
    groups = out.group_by("community").agg("account_id")["account_id"].to_list()
    return {min(g): set(g) for g in groups}


AGENTIC = {"agentic": 0.8, "tool_use": 0.2}
RESOLD = {"other": 0.6, "reasoning": 0.3, "coding": 0.1}
TRACES = {"agentic": 0.5, "tool_use": 0.2, "reasoning": 0.3}  # 0.3 from AGENTIC


def test_two_operations_on_one_proxy_pool_are_two_campaigns():
    harvest, reseller = _accounts("h", 10, AGENTIC), _accounts("r", 10, RESOLD)
    h_ids = [f["account_id"] for f in harvest]
    r_ids = [f["account_id"] for f in reseller]
    # every harvester shares exits with two of the reseller's heads
    pool = [{"a": h, "b": r_ids[(i + k) % 10], "weight": 2.0, "kinds": ["ip", "ip_prefix"]}
            for i, h in enumerate(h_ids) for k in (0, 1)]
    groups = _split(harvest + reseller, _clique(h_ids) + _clique(r_ids) + pool)
    assert sorted(groups.values(), key=min) == [set(h_ids), set(r_ids)]


def test_loosely_linked_pathways_doing_the_same_work_stay_one_campaign():
    edu, startup = _accounts("e", 8, AGENTIC), _accounts("s", 8, AGENTIC)
    e_ids = [f["account_id"] for f in edu]
    s_ids = [f["account_id"] for f in startup]
    bridge = [{"a": "e0", "b": "s0", "weight": 1.0, "kinds": ["template"]}]
    groups = _split(edu + startup, _clique(e_ids) + _clique(s_ids) + bridge)
    assert list(groups.values()) == [set(e_ids) | set(s_ids)]


def test_parts_only_sharing_exits_must_do_nearly_the_same_work():
    agents, traces = _accounts("a", 10, AGENTIC), _accounts("t", 10, TRACES)
    a_ids = [f["account_id"] for f in agents]
    t_ids = [f["account_id"] for f in traces]
    cliques = _clique(a_ids) + _clique(t_ids)

    def pool(kinds: list[str]) -> list[dict]:
        return [{"a": a, "b": t, "weight": 2.0, "kinds": kinds}
                for a, t in zip(a_ids, t_ids, strict=True)]

    # one operation whose pathways share a card: 0.3 apart is its own range of work
    assert list(_split(agents + traces, cliques + pool(["ip", "payment"])).values()) == [
        set(a_ids) | set(t_ids)]
    # two operations on one proxy pool: 0.3 apart is two kinds of work
    assert sorted(_split(agents + traces, cliques + pool(["ip", "ip_prefix"])).values(),
                  key=min) == [set(a_ids), set(t_ids)]


def test_one_mail_domain_two_operations_happen_to_share_does_not_tie_them():
    # two operations on one proxy pool, 0.3 apart in work; one account of each signed up with
    # the same uncommon mail domain (a coincidence among 40 accounts each: 2.5%)
    agents, traces = _accounts("a", 40, AGENTIC), _accounts("t", 40, TRACES)
    a_ids = [f["account_id"] for f in agents]
    t_ids = [f["account_id"] for f in traces]
    edges = _clique(a_ids) + _clique(t_ids) + [
        {"a": a, "b": t, "weight": 2.0, "kinds": ["ip"]} for a, t in zip(a_ids, t_ids, strict=True)]

    def domain(n: int) -> list[dict]:
        return [{"a": a, "b": t, "weight": 2.0, "kinds": ["ip", "email_domain"]}
                for a, t in zip(a_ids[:n], t_ids[:n], strict=True)]

    cfg = CampaignConfig()
    assert cfg.split_tie_min_share == 0.05
    two = sorted(_split(agents + traces, edges[:-40] + edges[-39:] + domain(1)).values(), key=min)
    assert two == [set(a_ids), set(t_ids)]
    # a tenth of each side signed up with it: one operation runs both
    assert list(_split(agents + traces, edges + domain(4)).values()) == [set(a_ids) | set(t_ids)]
    # any shared domain ties them when the share is 0 (the rule before)
    assert list(_split(agents + traces, edges + domain(1),
                       cfg=CampaignConfig(split_tie_min_share=0.0)).values()) == [
        set(a_ids) | set(t_ids)]


def test_a_part_without_enough_flagged_accounts_stays_with_the_largest():
    harvest, odd = _accounts("h", 10, AGENTIC), _accounts("x", 3, RESOLD)
    h_ids = [f["account_id"] for f in harvest]
    x_ids = [f["account_id"] for f in odd]
    pool = [{"a": x, "b": "h0", "weight": 2.0, "kinds": ["ip"]} for x in x_ids]
    groups = _split(harvest + odd, _clique(h_ids) + _clique(x_ids) + pool, lifted={"x1", "x2"})
    assert list(groups.values()) == [set(h_ids) | set(x_ids)]


def test_a_handful_of_odd_accounts_is_not_an_operation_of_its_own():
    harvest, odd = _accounts("h", 30, AGENTIC), _accounts("x", 2, RESOLD)
    h_ids = [f["account_id"] for f in harvest]
    x_ids = [f["account_id"] for f in odd]
    pool = [{"a": x, "b": h, "weight": 2.0, "kinds": ["ip"]} for x in x_ids for h in h_ids[:3]]
    edges = _clique(h_ids) + _clique(x_ids) + pool
    assert list(_split(harvest + odd, edges).values()) == [set(h_ids) | set(x_ids)]
    alone = _split(harvest + odd, edges, cfg=CampaignConfig(split_min_share=0.05))
    assert sorted(alone.values(), key=len) == [set(x_ids), set(h_ids)]


def test_split_can_be_switched_off():
    harvest, reseller = _accounts("h", 10, AGENTIC), _accounts("r", 10, RESOLD)
    h_ids = [f["account_id"] for f in harvest]
    r_ids = [f["account_id"] for f in reseller]
    pool = [{"a": h, "b": r, "weight": 2.0, "kinds": ["ip"]} for h, r in zip(h_ids, r_ids, strict=True)]
    groups = _split(harvest + reseller, _clique(h_ids) + _clique(r_ids) + pool,
                    cfg=CampaignConfig(split_max_mix_distance=1.0,
                                       split_untied_mix_distance=1.0))
    assert list(groups.values()) == [set(h_ids) | set(r_ids)]


def test_pathways_in_separate_communities_join_when_tied_and_doing_the_same_work():
    # an operation's three access pathways share no exit, so each is its own community; two
    # sign up with one mail domain, the third shares it with them too; another operation that
    # signed up from the same cloud network does related, not the same, work
    pathways = {p: _accounts(p, 6, AGENTIC) for p in ("edu", "startup", "team")}
    other = _accounts("other", 6, TRACES)  # 0.3 from AGENTIC
    features = [f for group in [*pathways.values(), other] for f in group]
    ids = [f["account_id"] for f in features]
    community = {a: k for k, p in enumerate([*pathways, "other"]) for a in ids if a.startswith(p)}
    members = pl.DataFrame({"account_id": ids, "community": [community[a] for a in ids],
                            "lifted": False, "link_weight": 0.0, "mix_distance": 0.0},
                           schema_overrides={"community": pl.Int64})
    incidence = pl.DataFrame({
        "account_id": ["edu0", "startup3", "team5", "team1", "other2"],
        "kind": ["email_domain", "email_domain", "email_domain", "signup_prefix", "signup_prefix"],
        "value": ["ops.example", "ops.example", "ops.example", "203.0.113", "203.0.113"]})
    cfg = CampaignConfig()
    assert cfg.split_untied_mix_distance == 0.25
    out = join_tied(members, incidence, pl.DataFrame(features), cfg)
    assert out.columns == members.columns and out.height == members.height
    campaigns = {frozenset(g) for g in out.group_by("community").agg("account_id")["account_id"]}
    assert campaigns == {frozenset(a for a in ids if not a.startswith("other")),
                         frozenset(a for a in ids if a.startswith("other"))}
    # nothing shared, nothing joined
    alone = join_tied(members, incidence.head(0), pl.DataFrame(features), cfg)
    assert alone["community"].n_unique() == 4
