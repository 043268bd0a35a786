"""Coordination is a group's: two linked customers that both grade or code are a pair, not a hydra,
and a user linked to an operation by one shared exit is a bystander; only who an account is
(infrastructure, payment, signup, timing) lifts it into a campaign, never the public templates it
sends, and only when it does the campaign's work."""

from __future__ import annotations

import polars as pl
import pytest

from distillguard.campaigns.build import membership
from distillguard.config import load_config
from distillguard.features.accounts import capability_share_column
from distillguard.io.schema import TAGGED_CAPABILITIES
from distillguard.linkage.cohorts import coordination


def _cohort(others: int, attached: float = 10.0) -> pl.DataFrame:
    members = others + 1
    return pl.DataFrame({
        "harvest_share": [0.9], "target_share": [0.9], "cohort_alignment": [1.0],
        "cohort_customers": [members], "cohort_harvesters": [members],
        "cohort_targeters": [members], "other_harvesters": [others], "other_targeters": [others],
        "cohort_harvest_exchanges": [50_000.0], "cohort_target_exchanges": [50_000.0],
        "cohort_attachment": [attached], "tie_attachment": [attached], "prefix_rotation": [0.0],
        "population_harvesters": [0.05], "population_targeters": [0.2]})


def test_a_pair_of_customers_coordinates_nothing_and_a_group_does():
    cfg = load_config().linkage.cohorts
    assert cfg.min_other_customers == 2
    pair = _cohort(1).select(coordination(cfg))
    group = _cohort(2).select(coordination(cfg))
    assert pair.row(0) == (0.0, 0.0)
    assert all(v > 1.0 for v in group.row(0))


def test_a_bystander_loosely_linked_to_an_operation_shares_none_of_its_coordination():
    cfg = load_config().linkage.cohorts
    assert cfg.min_attachment == 2.0
    member = _cohort(300, attached=40.0).select(coordination(cfg)).row(0)
    bystander = _cohort(300, attached=0.6).select(coordination(cfg)).row(0)  # one shared exit
    halfway = _cohort(300, attached=1.5).select(coordination(cfg)).row(0)
    assert bystander == (0.0, 0.0)
    assert halfway == pytest.approx(tuple(v / 2 for v in member))


def test_content_links_alone_do_not_lift_into_a_campaign():
    cfg = load_config().campaigns
    scores = pl.DataFrame({"account_id": ["op1", "op2", "judge", "sibling"],
                           "score": [0.99, 0.99, 0.15, 0.15],
                           "flagged": [True, True, False, False]})
    groups = pl.DataFrame({"account_id": ["op1", "op2", "judge", "sibling"], "community": [0] * 4})
    edges = pl.DataFrame({
        "a": ["op1", "judge", "judge", "op1", "op2"],
        "b": ["op2", "op1", "op2", "sibling", "sibling"],
        "weight": [5.0, 2.75, 2.75, 2.5, 2.5],
        "kinds": [["payment"], ["playbook", "template"], ["playbook"], ["ip", "template"],
                  ["ip_prefix"]]})
    members = membership(scores, edges, groups, _work(scores["account_id"], coding=0.9), cfg)
    assert set(members["account_id"]) == {"op1", "op2", "sibling"}
    assert members.filter(pl.col("account_id") == "sibling")["lifted"].item()


def _work(accounts: pl.Series | list[str], **shares: float) -> pl.DataFrame:
    """Account features with 500 exchanges each, ``shares`` of them on these capabilities and
    the rest on "other"."""
    n = len(accounts)
    columns = {capability_share_column(c): [shares.get(c, 0.0)] * n for c in TAGGED_CAPABILITIES}
    columns["share_other"] = [1.0 - sum(shares.values())] * n
    return pl.DataFrame({"account_id": accounts, "n_events": [500] * n, **columns})


def test_a_backend_on_an_operations_exits_is_not_lifted_unless_it_does_the_same_work():
    # a hydra harvesting code and reasoning through a cloud pool; on the same exits, a SaaS
    # backend serving its own chat product and one more hydra account that fell under the
    # threshold (a replacement with little history)
    cfg = load_config().campaigns
    accounts = ["op1", "op2", "saas", "replacement"]
    scores = pl.DataFrame({"account_id": accounts, "score": [0.99, 0.99, 0.1, 0.1],
                           "flagged": [True, True, False, False]})
    groups = pl.DataFrame({"account_id": accounts, "community": [0] * 4})
    edges = pl.DataFrame({
        "a": ["op1", "op1", "op2", "op1", "op2"],
        "b": ["op2", "saas", "saas", "replacement", "replacement"],
        "weight": [5.0, 6.0, 6.0, 6.0, 6.0],
        "kinds": [["payment"], ["ip", "ip_prefix"], ["ip", "ip_prefix"], ["ip", "ip_prefix"],
                  ["ip", "ip_prefix"]]})
    work = pl.concat([_work(["op1", "op2", "replacement"], coding=0.5, cot_elicitation=0.3),
                      _work(["saas"], coding=0.1)])
    members = membership(scores, edges, groups, work, cfg)
    assert set(members["account_id"]) == {"op1", "op2", "replacement"}
    # any mix lifts at 1: the backend is linked as strongly as the replacement
    anything = cfg.model_copy(update={"lift_max_mix_distance": 1.0})
    assert "saas" in set(membership(scores, edges, groups, work, anything)["account_id"])


def test_a_verified_aggregator_on_an_operations_networks_is_lifted_only_by_who_runs_it():
    # a hydra's heads and an aggregator relay the same apps from the same cloud /24s and do the
    # same work: the unverified replacement head is lifted, the verified enterprise account
    # (linkage.cohorts.vetted_tiers) only once a card ties it (linkage.cohorts.vetted_kinds)
    config = load_config()
    cfg, cohorts = config.campaigns, config.linkage.cohorts
    accounts = ["op1", "op2", "aggregator", "replacement"]
    scores = pl.DataFrame({"account_id": accounts, "score": [0.99, 0.99, 0.1, 0.1],
                           "flagged": [True, True, False, False]})
    groups = pl.DataFrame({"account_id": accounts, "community": [0] * 4})
    network = ["ip", "ip_prefix", "scaffold"]
    edges = pl.DataFrame({"a": ["op1", "op1", "op2", "op1", "op2"],
                          "b": ["op2", "aggregator", "aggregator", "replacement", "replacement"],
                          "weight": [5.0, 6.0, 6.0, 6.0, 6.0],
                          "kinds": [["payment"], network, network, network, network]})
    work = _work(accounts, coding=0.5, cot_elicitation=0.3).with_columns(
        tier=pl.Series(["pro", "pro", "enterprise", "pro"]), verified=pl.lit(True))
    members = membership(scores, edges, groups, work, cfg, cohorts=cohorts)
    assert set(members["account_id"]) == {"op1", "op2", "replacement"}
    assert "aggregator" in set(membership(scores, edges, groups, work, cfg)["account_id"])
    paying = edges.with_columns(kinds=pl.when(pl.col("b") == "aggregator")
                                .then(pl.lit(["payment", "ip"])).otherwise("kinds"))
    assert "aggregator" in set(membership(scores, paying, groups, work, cfg, cohorts=cohorts)
                               ["account_id"])


def test_an_exit_the_operation_holds_lifts_its_heads_and_a_crowded_exit_does_not():
    # a hydra's proxy exits are too popular to link pairwise (hubs): one that its flagged heads
    # hold the most of is the operation's own; a VPN exit it shares with many users is not
    cfg = load_config().campaigns
    assert cfg.lift_hub_min_share == 0.5
    heads = [f"op{i}" for i in range(6)]
    users = [f"user{i}" for i in range(8)]
    accounts = [*heads, "new_head", "vpn_user", *users]
    flagged = [a in heads for a in accounts]
    scores = pl.DataFrame({"account_id": accounts, "score": [0.99 if f else 0.1 for f in flagged],
                           "flagged": flagged})
    groups = pl.DataFrame({"account_id": accounts, "community": [0] * len(accounts)})
    edges = pl.DataFrame({"a": heads[:-1], "b": heads[1:], "weight": [5.0] * 5,
                          "kinds": [["payment"]] * 5})

    def hub(value: str, holders: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"a": holders, "b": [f"hub:ip:{value}"] * len(holders),
                             "weight": [1.0] * len(holders), "kinds": [["ip"]] * len(holders)})

    hubs = pl.concat([hub("proxy", [*heads, "new_head"]),  # 6 of 7 holders flagged
                      hub("vpn", [*heads[:2], "vpn_user", *users])])  # 2 of 11
    work = _work(accounts, coding=0.5, cot_elicitation=0.3)
    members = membership(scores, edges, groups, work, cfg, hubs)
    assert set(members["account_id"]) == {*heads, "new_head"}
    lifted = members.filter(pl.col("account_id") == "new_head")
    assert lifted["lifted"].item() and lifted["link_weight"].item() == 6.0  # one per flagged holder
    assert set(membership(scores, edges, groups, work, cfg)["account_id"]) == set(heads)


def test_an_account_with_no_evidence_of_its_own_joins_when_it_works_through_the_operations_exits():
    # a hydra account that shows nothing itself (score at the floor) on two of the operation's
    # proxies joins; a campus user whose NAT the operation also uses, or a user with one proxy
    # in common among many exits of its own, does not
    cfg = load_config().campaigns
    assert (cfg.lift_owned_exits, cfg.lift_hub_min_share) == (2, 0.5)
    heads = [f"op{i}" for i in range(6)]
    campus = [f"student{i}" for i in range(8)]
    accounts = [*heads, "quiet_head", "traveller", *campus]
    flagged = [a in heads for a in accounts]
    scores = pl.DataFrame({"account_id": accounts,
                           "score": [0.99 if f else 0.005 for f in flagged], "flagged": flagged})
    groups = pl.DataFrame({"account_id": accounts, "community": [0] * len(accounts)})
    edges = pl.DataFrame({"a": [*heads[:-1], "op0", "op1", "op2"],
                          "b": [*heads[1:], "quiet_head", "traveller", "student0"],
                          "weight": [5.0] * 8, "kinds": [["payment"]] * 5 + [["ip"]] * 3})

    def uses(ip: str, users: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"account_id": users, "kind": ["ip"] * len(users),
                             "value": [ip] * len(users)})

    incidence = pl.concat([uses("proxy1", [*heads, "quiet_head", "traveller"]),
                           uses("proxy2", [*heads, "quiet_head"]),
                           uses("campus_nat", [*heads[:3], *campus]),
                           *[uses(f"hotel{i}", ["traveller"]) for i in range(3)]])
    work = _work(accounts, coding=0.5, cot_elicitation=0.3)
    members = membership(scores, edges, groups, work, cfg, incidence=incidence)
    assert set(members["account_id"]) == {*heads, "quiet_head"}
    # without the exits, the quiet head stays out: its score is under lift_min_score
    assert set(membership(scores, edges, groups, work, cfg)["account_id"]) == set(heads)


def test_links_inside_one_customer_attach_nobody_to_other_customers():
    from distillguard.linkage.cohorts import attachment
    # a company's employees share its NAT; its grading job is linked to another company's by the
    # public rubric templates both send; a VPN exit (hub) is shared by the employees alone
    members = pl.DataFrame({
        "account_id": ["emp1", "emp2", "judge_a", "judge_b"], "community": [0, 0, 0, 0],
        "customer": ["org:a", "org:a", "org:a", "org:b"], "vetted": [False] * 4})
    links = pl.DataFrame({"a": ["emp1", "emp1", "judge_a", "emp1", "emp2"],
                          "b": ["emp2", "judge_a", "judge_b", "hub:ip:1", "hub:ip:1"],
                          "weight": [5.0, 5.0, 2.5, 0.2, 0.2],
                          "kinds": [["ip"], ["ip"], ["playbook", "template"], ["ip"], ["ip"]]})
    cfg = load_config().linkage.cohorts
    table = attachment(members, links, cfg)
    out = dict(table.select("account_id", "cohort_attachment").iter_rows())
    assert out.get("emp1", 0.0) == 0.0 and out.get("emp2", 0.0) == 0.0
    # what they send, not who they are: a quarter of the link, and nothing of who they are
    assert out["judge_a"] == out["judge_b"] == 2.5 * cfg.content_attachment < cfg.min_attachment / 2
    assert set(table["identity_attachment"]) == {0.0}


def test_shared_scaffolds_attach_more_than_a_shared_template():
    """Four system prompts in common (a scaffold link) are a pool of apps one relay serves: such a
    link alone counts content_attachment_by_kind of its weight, a shared template or playbook
    content_attachment."""
    from distillguard.linkage.cohorts import attachment
    members = pl.DataFrame({"account_id": ["a", "b", "c", "d"], "community": [0] * 4,
                            "customer": ["acct:a", "acct:b", "acct:c", "acct:d"],
                            "vetted": [False] * 4})
    links = pl.DataFrame({"a": ["a", "c"], "b": ["b", "d"], "weight": [2.0, 2.0],
                          "kinds": [["scaffold", "template"], ["playbook", "template"]]})
    cfg = load_config().linkage.cohorts
    out = dict(attachment(members, links, cfg).select("account_id", "tie_attachment").iter_rows())
    assert out["a"] == out["b"] == 2.0 * cfg.content_attachment_by_kind["scaffold"]
    assert out["c"] == out["d"] == 2.0 * cfg.content_attachment
    assert cfg.content_attachment_by_kind["scaffold"] > cfg.content_attachment


def test_a_crowd_linked_by_content_alone_is_not_a_fleet():
    from distillguard.linkage.cohorts import cohort_features
    cfg = load_config().linkage.cohorts
    # one cohort: ten evaluation teams grading with the same public rubrics (linked by what they
    # send), among them a lab's three benchmark runners who also share its mail domain and exits;
    # another: ten accounts of one operation that share cards and exits; a third: six accounts of
    # one harvest tool that share nothing but its agent harnesses or wrapper kit (scaffold links)
    judges = [f"judge{i}" for i in range(10)] + ["lab0", "lab1", "lab2"]
    operation = [f"op{i}" for i in range(10)]
    tool = [f"tool{i}" for i in range(6)]

    def links(names: list[str], kinds: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"a": names[:-1], "b": names[1:], "weight": [3.0] * (len(names) - 1),
                             "kinds": [kinds] * (len(names) - 1)})

    features = pl.DataFrame([
        {"account_id": name, "org_id": None, "n_events": 500, "harvest_share": 1.0,
         "target_share": 1.0, "temperature_zero_share": 1.0, "prefix_rotation": 0.0,
         **{f"share_{c}": float(c == "rubric_grading") for c in TAGGED_CAPABILITIES}}
        for name in judges + operation + tool])
    groups = pl.DataFrame({"account_id": judges + operation + tool,
                           "community": [0] * 13 + [1] * 10 + [2] * 6})
    edges = pl.concat([links(judges, ["playbook", "template"]),
                       links(["lab0", "lab1", "lab2"], ["email_domain", "ip"]),
                       links(operation, ["payment", "ip"]),
                       links(tool, ["scaffold", "template"])])
    out = cohort_features(features, groups, edges, cfg)
    fleet = dict(out.select("account_id", "fleet_harvesters").iter_rows())
    tied = dict(out.select("account_id", "tied_harvesters").iter_rows())
    assert fleet["judge3"] == 0.0 and tied["judge3"] == 0  # a crowd of jobs
    assert fleet["lab1"] == tied["lab1"] == 2  # its lab, not the ten teams its rubrics link it to
    assert fleet["op0"] == fleet["op5"] == 9.0
    assert fleet["tool0"] == fleet["tool3"] == 5.0  # one tool's accounts: a fleet (fleet_kinds)
    # were scaffold links no tie of a fleet, the tool's accounts would be a crowd of jobs too
    loose = cohort_features(features, groups, edges, cfg.model_copy(update={"fleet_kinds": []}))
    assert dict(loose.select("account_id", "fleet_harvesters").iter_rows())["tool0"] == 0.0


def test_a_crowd_on_a_few_stable_exits_does_not_coordinate_its_coding():
    from distillguard.linkage.cohorts import cohort_features
    # thirty developers of as many startups behind one coworking space's exits, all coding with
    # the same agent's prompts; thirty accounts of an operation on the same kind of exits but
    # paying with three cards; and thirty accounts of one that rotates through a proxy pool's
    # addresses, a new prefix per exchange
    cfg = load_config().linkage.cohorts

    def account(name: str, rotation: float) -> dict:
        return {"account_id": name, "org_id": None, "n_events": 1000, "harvest_share": 0.0,
                "target_share": 1.0, "temperature_zero_share": 0.0, "prefix_rotation": rotation,
                "share_coding": 1.0}

    def chain(names: list[str], kinds: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"a": names[:-1], "b": names[1:], "weight": [3.0] * (len(names) - 1),
                             "kinds": [kinds] * (len(names) - 1)})

    crowds = {"dev": (0.02, ["ip", "ip_prefix", "template"]), "carded": (0.02, ["ip", "payment"]),
              "proxied": (0.9, ["ip", "ip_prefix"])}
    rows, links, groups = [], [], []
    for community, (prefix, (rotation, kinds)) in enumerate(crowds.items()):
        names = [f"{prefix}{i}" for i in range(30)]
        rows += [account(n, rotation) for n in names]
        links.append(chain(names, kinds))
        groups += [(n, community) for n in names]
    rows += [account(f"user{i}", 0.02) | {"target_share": 0.1, "share_coding": 0.1}
             for i in range(300)]
    features = pl.DataFrame(rows).with_columns(
        [pl.lit(0.0).alias(c) for c in ("share_reasoning", "share_cot_elicitation", "share_tool_use",
                                        "share_agentic", "share_vision", "share_sensitive_rewrite",
                                        "share_rubric_grading", "share_other",
                                        "share_data_generation")])
    out = cohort_features(features, pl.DataFrame(groups, schema=["account_id", "community"],
                                                 orient="row"), pl.concat(links), cfg)
    target = dict(out.select("account_id", "coordinated_target").iter_rows())
    assert target["dev5"] == 0.0
    assert target["carded5"] > 1.0 and target["proxied5"] > 1.0


def test_a_cohorts_sampling_is_that_of_its_harvest_asks():
    from distillguard.linkage.cohorts import cohort_features
    cfg = load_config().linkage.cohorts
    # a judge grading at temperature 0 among its company's colleagues, who chat and sample
    people = ["judge"] + [f"colleague{i}" for i in range(9)]
    features = pl.DataFrame([
        {"account_id": name, "org_id": None, "n_events": 400, "prefix_rotation": 0.0,
         "harvest_share": 1.0 if name == "judge" else 0.0,
         "target_share": 1.0 if name == "judge" else 0.0,
         "temperature_zero_share": 1.0 if name == "judge" else 0.0,
         **{capability_share_column(c): float(c == ("rubric_grading" if name == "judge" else "other"))
            for c in TAGGED_CAPABILITIES}}
        for name in people])
    groups = pl.DataFrame({"account_id": people, "community": [0] * 10})
    edges = pl.DataFrame({"a": people[:-1], "b": people[1:], "weight": [1.0] * 9,
                          "kinds": [["ip"]] * 9})
    out = cohort_features(features, groups, edges, cfg)
    assert out["cohort_deterministic_share"].to_list() == [1.0] * 10
    # a cohort that harvests nothing is judged by all its exchanges
    quiet = features.with_columns(harvest_share=0.0)
    assert cohort_features(quiet, groups, edges, cfg)["cohort_deterministic_share"][0] == 0.1


def test_a_community_of_developers_is_judged_against_developers():
    from distillguard.linkage.cohorts import cohort_features
    cfg = load_config().linkage.cohorts
    # 300 chat users in a browser, 1 in 20 of whom grade or ask for reasoning now and then; 200
    # API developers on one SDK, a third of whom try grading and reasoning prompts; forty of them
    # are linked by the public system prompts of one tutorial, a third of those harvesting too:
    # a community of developers doing what developers do, not a harvest. Thirty accounts of an
    # operation on the same SDK and tier, linked by their cards, all harvesting: a harvest.
    def account(name: str, harvests: bool, tier: str, client: str) -> dict:
        return {"account_id": name, "org_id": None, "n_events": 600, "prefix_rotation": 0.0,
                "harvest_share": 0.3 if harvests else 0.0, "target_share": 0.3,
                "temperature_zero_share": 0.1, "tier": tier, "surface": "api", "client": client,
                **{capability_share_column(c): {"cot_elicitation": 0.3 if harvests else 0.0,
                                                "coding": 0.3}.get(c, 0.0)
                   for c in TAGGED_CAPABILITIES},
                "share_other": 0.4 if harvests else 0.7}

    chat = [account(f"chat{i}", i % 20 == 0, "free", "browser") for i in range(300)]
    devs = [account(f"dev{i}", i % 3 == 0, "pro", "sdk") for i in range(200)]
    ops = [account(f"op{i}", True, "pro", "sdk") for i in range(30)]
    features = pl.DataFrame(chat + devs + ops)

    def chain(names: list[str], kinds: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"a": names[:-1], "b": names[1:], "weight": [3.0] * (len(names) - 1),
                             "kinds": [kinds] * (len(names) - 1)})

    linked = [f"dev{i}" for i in range(40)]
    operation = [f"op{i}" for i in range(30)]
    groups = pl.DataFrame({"account_id": linked + operation, "community": [0] * 40 + [1] * 30})
    edges = pl.concat([chain(linked, ["scaffold", "ip"]), chain(operation, ["payment", "ip"])])
    out = cohort_features(features, groups, edges, cfg)
    harvest = dict(out.select("account_id", "coordinated_harvest").iter_rows())
    base = dict(out.select("account_id", "population_harvesters").iter_rows())
    # its peers outside it: 160 developers (53 harvest) and the operation's 30 accounts
    assert base["dev0"] == pytest.approx(83 / 190)
    assert harvest["dev0"] == 0.0
    assert harvest["op0"] > 2.0
    # judged against every customer outside it (7% harvest), the developers' community harvests
    alone = cohort_features(features, groups, edges, cfg.model_copy(update={"peer_keys": []}))
    assert dict(alone.select("account_id", "coordinated_harvest").iter_rows())["dev0"] > 0.1
