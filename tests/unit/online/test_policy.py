"""Policy as code: ordered rules, each condition, shadow mode, the packaged policy, bad files."""

from __future__ import annotations

import pytest

from distillguard.errors import ConfigError
from distillguard.online.policy import Context, Policy, load_policy


def _ctx(**kw) -> Context:
    base = {"score": 0.0, "campaign_id": None, "campaign_source": None, "campaign_score": 0.0}
    return Context(**(base | kw))


def _policy(*rules, default="allow") -> Policy:
    return Policy.model_validate({"version": "t", "rules": list(rules), "default": default})


def test_first_matching_rule_wins_and_default_applies():
    policy = _policy({"name": "hi", "when": {"min_score": 0.9}, "action": "block"},
                     {"name": "mid", "when": {"min_score": 0.5}, "action": "throttle"})
    assert policy.action(_ctx(score=0.95)) == ("hi", "block")
    assert policy.action(_ctx(score=0.6)) == ("mid", "throttle")
    assert policy.action(_ctx(score=0.1)) == ("default", "allow")


@pytest.mark.parametrize(("when", "context", "holds"), [
    ({"campaign": "any"}, {"campaign_id": "c", "campaign_source": "known"}, True),
    ({"campaign": "none"}, {"campaign_id": "c", "campaign_source": "known"}, False),
    ({"campaign": "emerging"}, {"campaign_id": "c", "campaign_source": "known"}, False),
    ({"min_campaign_score": 0.9}, {"campaign_id": "c", "campaign_score": 0.95}, True),
    ({"min_campaign_score": 0.9}, {"campaign_score": 0.95}, False),  # no campaign
    ({"campaign_confirmed": True}, {"campaign_id": "c", "campaign_confirmed": True}, True),
    ({"campaign_confirmed": True}, {"campaign_id": "c", "campaign_score": 0.99}, False),
    ({"campaign_capabilities": {"cot_elicitation": 0.3}},
     {"campaign_capabilities": {"cot_elicitation": 0.4}}, True),
    ({"campaign_capabilities": {"cot_elicitation": 0.3}},
     {"campaign_capabilities": {"coding": 0.9}}, False),
    ({"account_capabilities": {"agentic": 0.5}}, {"account_capabilities": {"agentic": 0.5}}, True),
    ({"tiers": ["edu"]}, {"tier": "edu"}, True),
    ({"tiers": ["edu"]}, {"tier": None}, False),
    ({"max_account_exchanges": 20}, {"account_exchanges": 21}, False),
    ({"max_mix_distance": 0.45}, {"mix_distance": 0.3}, True),
    ({"max_mix_distance": 0.45}, {"mix_distance": 0.8}, False),
    ({"max_mix_distance": 0.45}, {"mix_distance": None}, True),  # too few exchanges to tell
    ({"flagged": True}, {"flagged": True}, True),
    ({"max_score": 0.5}, {"score": 0.5}, False),
    ({}, {}, True),
])
def test_conditions(when, context, holds):
    policy = _policy({"name": "r", "when": when, "action": "step_up"})
    assert (policy.action(_ctx(**context))[1] == "step_up") is holds


def test_packaged_policy_protects_people_and_stops_campaigns():
    policy = load_policy()
    assert policy.version and not policy.shadow
    assert policy.action(_ctx(score=0.01))[1] == "allow"
    assert policy.action(_ctx(campaign_id="c", campaign_source="known",
                              campaign_score=0.97))[1] == "block"
    cot = {"cot_elicitation": 0.6}
    assert policy.action(_ctx(campaign_id="c", campaign_source="emerging", campaign_score=0.5,
                              campaign_capabilities=cot))[1] == "withhold_reasoning"
    assert policy.action(_ctx(campaign_id="c", campaign_source="emerging",
                              tier="edu"))[1] == "step_up"
    # people behind an emerging campaign's exit (a NAT, a VPN) do their own work, not its
    assert policy.action(_ctx(campaign_id="c", campaign_source="emerging", campaign_score=0.5,
                              campaign_capabilities=cot, tier="edu",
                              mix_distance=0.9))[1] == "allow"


def test_shadow_override_and_bad_files(tmp_path):
    assert load_policy(shadow=True).shadow
    bad = tmp_path / "p.yaml"
    bad.write_text("version: x\nrules:\n  - name: r\n    action: obliterate\n")
    with pytest.raises(ConfigError, match=r"obliterate|action"):
        load_policy(bad)
    bad.write_text("version: x\nrules: [{name: r, when: {min_scor: 1}, action: block}]\n")
    with pytest.raises(ConfigError, match="min_scor"):
        load_policy(bad)
    with pytest.raises(ConfigError):
        load_policy(tmp_path / "missing.yaml")
