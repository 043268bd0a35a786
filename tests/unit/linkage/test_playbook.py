"""Playbook links and cohorts on hand-built accounts: one operation's shared harvest templates (or the
system prompts of the apps it relays, or its tool's kit of prompt wrappers) link its accounts on any
infrastructure; a public rubric shared with evaluation jobs, popular phrasings, or a coding agent's
system prompt and tool results, link nobody; cohorts count customers, and a
bystander of an operation's community gets no coordination, nor does a verified aggregator linked to it
only by the apps both relay."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from distillguard.config import CohortConfig, LinkageConfig, PlaybookConfig, load_config
from distillguard.features.accounts import capability_share_column
from distillguard.io.schema import TAGGED_CAPABILITIES
from distillguard.linkage.cohorts import cohort_features
from distillguard.linkage.playbook import SCAFFOLD_KIND, counted_pairs, playbook_pairs, scaffold_pairs

CFG = PlaybookConfig()


def _uses(account: str, templates: list[int], capability: str = "cot_elicitation",
          times: int = 3) -> list[dict]:
    return [{"account_id": account, "template_sig": t, "capability": capability}
            for t in templates for _ in range(times)]


def _pairs(rows: list[dict]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"account_id": pl.String, "template_sig": pl.UInt64,
                                       "capability": pl.String})
    return playbook_pairs([frame.lazy()], CFG)


def test_an_operations_accounts_share_a_playbook():
    pool = list(range(100, 112))  # the operation's tool: a dozen harvest templates
    rows = [r for i in range(20) for r in _uses(f"op{i}", pool[i % 3: i % 3 + 8])]
    pairs = _pairs(rows)
    linked = set(pairs["a"]) | set(pairs["b"])
    assert linked == {f"op{i}" for i in range(20)}
    assert (pairs["kind"] == "playbook").all() and (pairs["weight"] > 0).all()


def test_a_public_rubric_links_no_evaluation_job_to_the_operation():
    public = [7, 8]  # a public grading template, in two renditions
    rows = [r for i in range(10) for r in _uses(f"op{i}", [*public, 100, 101, 102, 103])]
    rows += [r for j in range(5) for r in _uses(f"judge{j}", public, "rubric_grading", 50)]
    pairs = _pairs(rows)
    assert not pairs.filter(pl.col("a").str.starts_with("judge")
                            | pl.col("b").str.starts_with("judge")).height


def test_agent_tool_calls_with_a_few_tagged_asks_have_no_playbook():
    rows = [r for i in range(10) for r in _uses(f"user{i}", [1, 2, 3, 4])]
    rows += [{"account_id": f"user{i}", "template_sig": None, "capability": "agentic"}
             for i in range(10) for _ in range(200)]  # 12 asks among 212 exchanges
    assert _pairs(rows).is_empty()


def _relayed(account: str, system_prompts: list[int], times: int = 4,
             capabilities: tuple[str, ...] = ("coding", "chat", "agentic")) -> list[dict]:
    """Exchanges under each system prompt, on varied capabilities (a relay's apps ask anything)."""
    return [{"account_id": account, "system_sig": p,
             "capability": capabilities[k % len(capabilities)]}
            for p in system_prompts for k in range(times)]


def _scaffold_pairs(rows: list[dict], configs: list[PlaybookConfig] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"account_id": pl.String, "system_sig": pl.UInt64,
                                       "template_sig": pl.UInt64, "tools_declared": pl.Int64,
                                       "capability": pl.String})
    return scaffold_pairs([frame.lazy()],
                          load_config().linkage.scaffolds if configs is None else configs)


def test_a_relays_heads_share_the_system_prompts_of_the_apps_it_serves():
    apps = list(range(500, 520))  # the reseller's buyers' apps, whatever they ask
    rows = [r for i in range(15) for r in _relayed(f"head{i}", apps[i % 4: i % 4 + 10])]
    # coding-agent users: the agent's public system prompt and three of their own; app developers
    # with a few prompts of the apps they build, some of which the reseller relays
    rows += [r for j in range(30) for r in _relayed(f"coder{j}", [1, *range(1000 + 3 * j,
                                                                           1003 + 3 * j)])]
    rows += [r for j in range(10) for r in _relayed(f"dev{j}", apps[j + 4: j + 7])]
    pairs = _scaffold_pairs(rows)
    linked = set(pairs["a"]) | set(pairs["b"])
    assert linked == {f"head{i}" for i in range(15)}
    assert (pairs["kind"] == SCAFFOLD_KIND).all() and (pairs["weight"] > 0).all()
    # both measures (repeated prompts, all prompts) link the heads: one link per pair, the stronger
    assert pairs.select("a", "b").is_unique().all()
    assert len(load_config().linkage.scaffolds) == 5
    # the shipped YAML and the Python defaults describe the same measures
    assert load_config().linkage.scaffolds == LinkageConfig().scaffolds


def test_a_relays_heads_drawing_from_a_large_pool_are_linked_by_the_apps_they_share():
    """Each head passes 40 of 240 apps, each app a few times: two heads share ~7 (Jaccard ~0.1),
    which MinHash at Jaccard 0.2-0.3 misses and the counted measure (linkage.scaffolds[2]) finds;
    developers with their own six prompts, and coding-agent users with the agent's, link nobody."""
    rng = random.Random(5)
    rows = [r for i in range(40) for r in _relayed(f"head{i}", rng.sample(range(500, 740), 40), 1)]
    rows += [r for j in range(30) for r in _relayed(f"coder{j}", [1, *range(1000 + 6 * j,
                                                                           1006 + 6 * j)])]
    rows += [r for j in range(10) for r in _relayed(f"dev{j}", [*range(2000 + 6 * j, 2006 + 6 * j)])]
    by_minhash = _scaffold_pairs(rows, load_config().linkage.scaffolds[:2])
    assert by_minhash.height < 20  # of 780 pairs
    pairs = _scaffold_pairs(rows)
    linked = set(pairs["a"]) | set(pairs["b"])
    assert linked == {f"head{i}" for i in range(40)}
    assert pairs.height <= 40 * 4 + 20  # each head's four closest, not all 780 pairs


def _wrapped(account: str, templates: list[int], times: int = 3, tools: int = 0,
             capabilities: tuple[str, ...] = ("coding", "reasoning", "other")) -> list[dict]:
    """Exchanges under each prompt template (no system prompt), on varied capabilities."""
    return [{"account_id": account, "template_sig": t, "tools_declared": tools,
             "capability": capabilities[k % len(capabilities)]}
            for t in templates for k in range(times)]


def test_a_harvest_tools_accounts_share_its_kit_of_prompt_wrappers():
    """A tool wraps every task in one of a dozen stock phrasings; its accounts each send ten of
    them (the kit measure, linkage.scaffolds[3]) and nothing else links them. Chat users who send
    a few popular phrasings, and the heavy ones among them who send nine, share no kit (most
    senders of those are light users); coding-agent users send their harness's tool results, in
    sessions that declare tools or tagged as agent steps: no set at all."""
    kit = list(range(300, 312))
    rows = [r for i in range(30) for r in _wrapped(f"op{i}", kit[i % 3: i % 3 + 10])]
    popular = list(range(400, 410))
    rows += [r for j in range(60) for r in _wrapped(f"chat{j}", popular[j % 8: j % 8 + 2], 1)]
    rows += [r for j in range(6) for r in _wrapped(f"heavy{j}", popular[j % 2: j % 2 + 9])]
    tool_results = list(range(500, 510))
    rows += [r for j in range(20) for r in _wrapped(f"coder{j}", tool_results, 3, tools=4)]
    rows += [r for j in range(20) for r in _wrapped(f"relay{j}", tool_results, 3,
                                                     capabilities=("agentic", "tool_use"))]
    cfg = load_config().linkage.scaffolds[3]
    # every tagged capability but an agent's steps and tool use (config cannot import io.schema)
    assert set(cfg.capabilities) == set(TAGGED_CAPABILITIES) - {"agentic", "tool_use"}
    pairs = _scaffold_pairs(rows, [cfg])
    linked = set(pairs["a"]) | set(pairs["b"])
    assert linked == {f"op{i}" for i in range(30)}
    # without the kit share the heavy chat users' nine popular phrasings link them
    loose = _scaffold_pairs(rows, [cfg.model_copy(update={"min_kit_share": 0.0})])
    assert {f"heavy{j}" for j in range(6)} <= set(loose["a"]) | set(loose["b"])
    # with tool results counted the coding-agent users' harness links them
    tools = _scaffold_pairs(rows, [cfg.model_copy(update={"without_tools": False,
                                                          "capabilities": None})])
    assert {f"coder{j}" for j in range(20)} <= set(tools["a"]) | set(tools["b"])


def test_evaluation_teams_sharing_a_public_judge_framework_are_no_kit():
    """Seven evaluation teams grade with the dozen templates of one public judge framework, each
    with ten of them, and nobody else sends those: every sender is judged, as a tool's accounts
    are, but seven teams are no fleet (linkage.scaffolds[3] min_kit_senders). A tool's thirty
    accounts sending its kit are still linked."""
    framework, kit = list(range(600, 612)), list(range(300, 312))
    rows = [r for j in range(7) for r in _wrapped(f"judge{j}", framework[j % 3: j % 3 + 10], 20,
                                                   capabilities=("rubric_grading",))]
    rows += [r for i in range(30) for r in _wrapped(f"op{i}", kit[i % 3: i % 3 + 10])]
    cfg = load_config().linkage.scaffolds[3]
    assert cfg.min_kit_senders > 7
    pairs = _scaffold_pairs(rows, [cfg])
    assert set(pairs["a"]) | set(pairs["b"]) == {f"op{i}" for i in range(30)}
    every = _scaffold_pairs(rows, [cfg.model_copy(update={"min_kit_senders": 1})])
    assert {f"judge{j}" for j in range(7)} <= set(every["a"]) | set(every["b"])


def _driven(account: str, system_prompts: list[int]) -> list[dict]:
    """Agent sessions under each system prompt: steps, tool calls and screens."""
    return _relayed(account, system_prompts, 3, ("agentic", "tool_use", "vision"))


def test_a_harvest_tools_accounts_share_the_few_agent_harnesses_it_drives():
    """A tool drives two agent harnesses of its own, and its accounts also send the two popular
    tool prompts (the agent-harness measure, linkage.scaffolds[4]): each account's three prompts
    link it to the others of its harness. Developers of tool apps send the two popular prompts and
    their own app's: two in common link nobody. Six developers who send a tutorial's agent prompt
    with the popular ones share three, but that prompt is sent mostly by light users (forty send it
    and nothing else): no kit, so no set. Coding-agent users (the agent's public prompt and their
    project's) and chat apps sending the tool's prompts are not judged. Strangers who use a public
    agent through three of its releases send its three versioned prompts, but only a fifth of them
    send all three in the window: each release's prompt is sent mostly by accounts with one or two,
    so no set (were most of an agent's users to send three releases' prompts within the window,
    they would be linked like a tool's accounts)."""
    popular, harnesses, tutorial = [1, 2], [10, 11], 50
    rows = [r for i in range(30) for r in _driven(f"op{i}", [*popular, harnesses[i % 2]])]
    rows += [r for j in range(20) for r in _driven(f"dev{j}", [*popular, 100 + j])]
    rows += [r for j in range(6) for r in _driven(f"tut{j}", [*popular, tutorial])]
    rows += [r for j in range(40) for r in _driven(f"light{j}", [tutorial])]
    rows += [r for j in range(20) for r in _driven(f"coder{j}", [500, 600 + j])]
    releases = [700, 701, 702]
    rows += [r for j in range(200) for r in _driven(f"agent{j}", releases[[0, 1, 1, 2, 2][j % 5]:])]
    rows += [r for j in range(10) for r in _relayed(f"chat{j}", [*popular, *harnesses], 2)
             if r["capability"] == "chat"]
    cfg = load_config().linkage.scaffolds[4]
    assert set(cfg.capabilities) == {"agentic", "tool_use", "vision"}
    pairs = _scaffold_pairs(rows, [cfg])
    assert set(pairs["a"]) | set(pairs["b"]) == {f"op{i}" for i in range(30)}
    # accounts of one harness are linked with each other, not across harnesses
    assert all(int(a[2:]) % 2 == int(b[2:]) % 2 for a, b in pairs.select("a", "b").iter_rows())
    # without the kit share the tutorial's developers and the agent's heaviest users are linked too
    loose = _scaffold_pairs(rows, [cfg.model_copy(update={"min_kit_share": 0.0})])
    assert {f"tut{j}" for j in range(6)} | {f"agent{j}" for j in range(0, 200, 5)} <= (
        set(loose["a"]) | set(loose["b"]))


def test_counted_pairs_skip_items_too_many_accounts_send():
    # three accounts share five popular prompts (held by 3) and two rare ones (held by 2)
    items = pl.DataFrame({"account_id": ["a"] * 7 + ["b"] * 7 + ["c"] * 5,
                          "item": [*range(7), *range(7), *range(5)]},
                         schema={"account_id": pl.String, "item": pl.UInt64})
    every = counted_pairs(items, min_shared=5, max_holders=3, max_links=4)
    assert every.sort("a", "b").rows() == [("a", "b", 7.0), ("a", "c", 5.0), ("b", "c", 5.0)]
    assert counted_pairs(items, min_shared=2, max_holders=2, max_links=4).rows() == [("a", "b", 2.0)]
    # one link each: a and b keep theirs to each other, c to a (tied with b, first in name order)
    closest = counted_pairs(items, min_shared=5, max_holders=3, max_links=1)
    assert closest.sort("a", "b").rows() == [("a", "b", 7.0), ("a", "c", 5.0)]
    # counted a block of accounts at a time, the same pairs
    assert counted_pairs(items, min_shared=5, max_holders=3, max_links=1, block=1).equals(closest)


def test_logs_without_system_prompts_have_no_scaffold_links():
    rows = [{"account_id": f"head{i}", "system_sig": None, "capability": "coding"}
            for i in range(10) for _ in range(20)]
    assert _scaffold_pairs(rows).is_empty()


def test_a_verified_aggregator_relaying_a_hydras_apps_is_not_its_fleet():
    """The hydra's heads and an aggregator relay the same apps (scaffold links, content alone): the
    unverified heads share the cohort's target coordination, the verified enterprise account
    (cohorts.vetted_tiers) none; verified on a cheap tier, it would."""
    cfg = load_config().linkage.cohorts
    heads = [_account(f"head{i}", None, 0.0, 0.8) | {"tier": "pro", "verified": False}
             for i in range(30)]
    relays = [_account("aggregator", None, 0.0, 0.8) | {"tier": "enterprise", "verified": True},
              _account("startup", None, 0.0, 0.8) | {"tier": "startup", "verified": True}]
    features = pl.DataFrame(heads + relays)
    ids = features["account_id"].to_list()
    groups = pl.DataFrame({"account_id": ids, "community": [0] * len(ids)})
    links = pl.DataFrame([{"a": a, "b": b, "weight": 2.0, "kinds": [SCAFFOLD_KIND]}
                          for i, a in enumerate(ids) for b in ids[i + 1:]])
    out = cohort_features(features, groups, links, cfg)
    coordinated = dict(out.select("account_id", "coordinated_target").iter_rows())
    attached = dict(out.select("account_id", "tie_attachment").iter_rows())
    assert coordinated["aggregator"] == 0.0 and attached["aggregator"] == 0.0
    assert coordinated["startup"] > 0 and min(coordinated[f"head{i}"] for i in range(30)) > 0


def test_a_verified_aggregator_on_a_hydras_cloud_networks_is_not_its_fleet():
    """The same relay, calling from the cloud /24s the heads call from too (ip_prefix beside the
    scaffold links, as a partial window's rarer networks make it): still none of the cohort's
    coordination for the verified enterprise account — a network says where it runs, not who runs
    it (cohorts.vetted_kinds); a card it shares with heads does attach it."""
    cfg = load_config().linkage.cohorts
    heads = [_account(f"head{i}", None, 0.0, 0.8) | {"tier": "pro", "verified": False}
             for i in range(30)]
    relay = _account("aggregator", None, 0.0, 0.8) | {"tier": "enterprise", "verified": True}
    features = pl.DataFrame([*heads, relay])
    ids = features["account_id"].to_list()
    groups = pl.DataFrame({"account_id": ids, "community": [0] * len(ids)})
    links = pl.DataFrame([{"a": a, "b": b, "weight": 2.0, "kinds": ["ip_prefix", SCAFFOLD_KIND]}
                          for i, a in enumerate(ids) for b in ids[i + 1:]])

    def coordinated(links: pl.DataFrame) -> float:
        out = cohort_features(features, groups, links, cfg)
        return dict(out.select("account_id", "coordinated_target").iter_rows())["aggregator"]

    assert coordinated(links) == 0.0
    paying = pl.DataFrame([{"a": f"head{i}", "b": "aggregator", "weight": 4.0, "kinds": ["payment"]}
                           for i in range(3)])
    assert coordinated(pl.concat([links, paying])) > 0


def _account(account: str, org: str | None, harvest: float, target: float) -> dict:
    shares = dict.fromkeys(TAGGED_CAPABILITIES, 0.0) | {
        "cot_elicitation": harvest, "agentic": target - harvest, "other": 1 - target}
    # each exchange from a new network prefix: shared exits tie it in (linkage.cohorts)
    return {"account_id": account, "org_id": org, "n_events": 1000, "harvest_share": harvest,
            "target_share": target, "temperature_zero_share": 0.0, "prefix_rotation": 1.0} | {
        capability_share_column(c): v for c, v in shares.items()}


def _chain(accounts: list[str], weight: float = 2.0) -> pl.DataFrame:
    """Links a, b, weight between consecutive accounts: each is firmly attached to the next."""
    return pl.DataFrame({"a": accounts[:-1], "b": accounts[1:],
                         "weight": [weight] * (len(accounts) - 1),
                         "kinds": [["ip"]] * (len(accounts) - 1)})


def test_cohorts_count_customers_and_spare_bystanders():
    rows = [_account(f"op{i}", None, 0.7, 0.9) for i in range(30)]
    rows += [_account("vpn_user", None, 0.0, 0.1)]  # shares an exit with the operation
    rows += [_account(f"seat{i}", "org_coding_team", 0.0, 0.95) for i in range(20)]
    features = pl.DataFrame(rows)
    groups = pl.DataFrame({"account_id": [r["account_id"] for r in rows],
                           "community": [0] * 31 + [1] * 20})
    # the bystander shares one exit with one of the operation's accounts
    links = pl.concat([_chain([f"op{i}" for i in range(30)]), _chain(["op0", "vpn_user"], 0.6),
                       _chain([f"seat{i}" for i in range(20)])])
    out = {r["account_id"]: r for r in
           cohort_features(features, groups, links, CohortConfig()).iter_rows(named=True)}
    op = out["op0"]
    assert op["cohort_customers"] == 31 and op["other_harvesters"] == 29
    assert op["coordinated_harvest"] == pytest.approx(
        math.log1p(29) * 1.0 * op["cohort_alignment"] ** 2 * (30 / 31))
    assert out["vpn_user"]["coordinated_harvest"] == 0.0
    assert out["vpn_user"]["coordinated_target"] == 0.0
    # twenty coding-agent seats of one company are one customer: nobody to coordinate with
    seat = out["seat0"]
    assert seat["cohort_customers"] == 1 and seat["coordinated_target"] == 0.0


def test_a_crowd_that_works_the_target_no_more_than_everyone_is_not_coordinated():
    # five hundred students behind one campus network, eighty of them doing coding homework, among
    # a thousand customers elsewhere of whom as many (16%) code; and an eighty-account operation
    students = [_account(f"student{i}", None, 0.0, 0.6 if i < 80 else 0.1) for i in range(500)]
    ops = [_account(f"op{i}", None, 0.0, 0.6) for i in range(80)]
    others = [_account(f"user{i}", None, 0.0, 0.6 if i < 160 else 0.1) for i in range(1000)]
    rows = students + ops + others
    groups = pl.DataFrame({"account_id": [r["account_id"] for r in students + ops],
                           "community": [0] * 500 + [1] * 80})
    links = pl.concat([_chain([r["account_id"] for r in students]),
                       _chain([r["account_id"] for r in ops])])
    out = cohort_features(pl.DataFrame(rows), groups, links, CohortConfig())
    crowd = out.filter(pl.col("account_id").str.starts_with("student"))
    operation = out.filter(pl.col("account_id").str.starts_with("op"))
    assert crowd["population_targeters"].max() == pytest.approx((160 + 80) / 1080)
    assert crowd["coordinated_target"].max() < 0.05 * operation["coordinated_target"].min()


def test_a_small_cohort_volume_coordinates_nothing():
    # forty developers who each tried the same public grading prompts a few times
    rows = [_account(f"dev{i}", None, 0.3, 0.4) for i in range(40)]
    features = pl.DataFrame(rows).with_columns(n_events=pl.lit(20))
    groups = pl.DataFrame({"account_id": [r["account_id"] for r in rows], "community": [0] * 40})
    out = cohort_features(features, groups, _chain(groups["account_id"].to_list()), CohortConfig())
    assert out["cohort_harvest_exchanges"][0] == 40 * 20 * 0.3
    assert (out["coordinated_harvest"] == 0.0).all()
