"""Policy as code: an ordered list of rules mapping score, campaign membership, tier and capabilities to
an action, loaded from YAML (rules/policy.yaml by default), with a shadow (dry-run) switch.

Consumed by online.engine; the first rule whose conditions all hold gives the action."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field

from distillguard.config import Section, build_model, parse_yaml_mapping
from distillguard.errors import ConfigError

Action = Literal["allow", "throttle", "step_up", "withhold_reasoning", "block"]
ACTIONS: tuple[str, ...] = ("allow", "throttle", "step_up", "withhold_reasoning", "block")


@dataclass(frozen=True)
class Context:
    """What a rule can look at for one request."""

    score: float
    campaign_id: str | None
    campaign_source: str | None  # "known" (imported or confirmed) or "emerging" (seen online)
    campaign_score: float
    campaign_confirmed: bool = False  # an analyst confirmed it and pushed it to enforcement (ui)
    campaign_capabilities: dict[str, float] = field(default_factory=dict)
    account_capabilities: dict[str, float] = field(default_factory=dict)
    account_exchanges: int = 0
    tier: str | None = None
    flagged: bool = False
    # total variation between the account's recent capability mix and its campaign's; None for a
    # new account, one with too few exchanges to tell (online.mix_min_exchanges), or no campaign
    mix_distance: float | None = None


class When(Section):
    """Conditions of a rule; all given ones must hold (an empty `when` always holds)."""

    min_score: float | None = Field(None, ge=0, le=1, description="Account score at least this.")
    max_score: float | None = Field(None, ge=0, le=1, description="Account score below this.")
    flagged: bool | None = Field(None, description="Account flagged (score over the threshold).")
    campaign: Literal["any", "none", "known", "emerging"] | None = Field(
        None, description="Campaign membership of the account or of the request's indicators.")
    min_campaign_score: float | None = Field(None, ge=0, le=1, description="Campaign score.")
    campaign_confirmed: bool | None = Field(
        None, description="Campaign confirmed by an analyst and pushed to enforcement (/ui).")
    campaign_capabilities: dict[str, float] = Field(
        {}, description="Capability → least share of the campaign's exchanges (any one suffices).")
    account_capabilities: dict[str, float] = Field(
        {}, description="Capability → least share of the account's recent exchanges (any one).")
    tiers: list[str] | None = Field(None, description="Account tier (request field 'tier') in this "
                                                      "list.")
    max_account_exchanges: int | None = Field(None, ge=0, description="Account has sent at most "
                                                                      "this many exchanges.")
    max_mix_distance: float | None = Field(
        None, ge=0, le=1, description="The account does its campaign's work: its recent capability "
                                      "mix is within this total variation distance of the "
                                      "campaign's. Holds for an account created within "
                                      "online.exit_tie_max_age_days (a replacement head) and "
                                      "while it has fewer than online.mix_min_exchanges.")

    def holds(self, c: Context) -> bool:
        membership = {"any": c.campaign_id is not None, "none": c.campaign_id is None,
                      "known": c.campaign_source == "known",
                      "emerging": c.campaign_source == "emerging"}
        checks = (
            self.min_score is None or c.score >= self.min_score,
            self.max_score is None or c.score < self.max_score,
            self.flagged is None or c.flagged == self.flagged,
            self.campaign is None or membership[self.campaign],
            self.min_campaign_score is None or (c.campaign_id is not None
                                                and c.campaign_score >= self.min_campaign_score),
            self.campaign_confirmed is None or c.campaign_confirmed == self.campaign_confirmed,
            not self.campaign_capabilities or any(
                c.campaign_capabilities.get(k, 0.0) >= v for k, v in self.campaign_capabilities.items()),
            not self.account_capabilities or any(
                c.account_capabilities.get(k, 0.0) >= v for k, v in self.account_capabilities.items()),
            self.tiers is None or c.tier in self.tiers,
            self.max_account_exchanges is None or c.account_exchanges <= self.max_account_exchanges,
            self.max_mix_distance is None or c.mix_distance is None
            or c.mix_distance <= self.max_mix_distance,
        )
        return all(checks)


class Rule(Section):
    """One rule: a name (shown in reasons and metrics), conditions and an action."""

    name: str = Field(description="Shown in decision reasons.")
    when: When = Field(default_factory=When, description="Conditions (all must hold).")
    action: Action = Field(description="allow, throttle, step_up, withhold_reasoning or block.")


class Policy(Section):
    """The policy file: version, shadow mode, ordered rules and the default action."""

    version: str = Field(description="Reported with every decision (policy_version).")
    shadow: bool = Field(False, description="Dry run: always allow, report what would be done.")
    rules: list[Rule] = Field([], description="Evaluated in order; the first that holds decides.")
    default: Action = Field("allow", description="Action when no rule holds.")

    def action(self, context: Context) -> tuple[str, str]:
        """(rule name, action) for ``context``; ("default", default) when no rule holds."""
        for rule in self.rules:
            if rule.when.holds(context):
                return rule.name, rule.action
        return "default", self.default


def load_policy(path: str | Path | None = None, *, shadow: bool | None = None) -> Policy:
    """The policy at ``path`` (the packaged rules/policy.yaml by default); ``shadow`` overrides."""
    if path is None:
        text, source = (resources.files("distillguard") / "rules" / "policy.yaml").read_text(
            "utf-8"), "rules/policy.yaml"
    else:
        try:
            text, source = Path(path).read_text("utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read policy ({exc.__class__.__name__})") from None
    policy = build_model(Policy, parse_yaml_mapping(text, source), source)
    if shadow is not None:
        policy = policy.model_copy(update={"shadow": shadow})
    return policy
