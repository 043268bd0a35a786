"""Typed simulator configuration: world size per scale, population of each persona, evasion knobs.

load_sim_config(path, scale=..., days=..., evasion=...) merges a YAML file over a preset; unknown keys fail."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from distillguard.config import build_model, deep_merge, read_yaml_file
from distillguard.errors import ConfigError

ScaleName = Literal["small", "medium", "large"]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvasionConfig(_Section):
    """How hard the operations try to look like legitimate clients (adaptive attackers)."""

    proxy_rotation: float = Field(
        0.5, ge=0, le=1,
        description="Share of operation requests sent through rotating residential proxy exits "
                    "(the rest leave from a few datacenter IPs).")
    cover_traffic_share: float = Field(
        0.1, ge=0, lt=1,
        description="Share of each operation account's requests that is benign-looking cover "
                    "traffic (ordinary chat and coding questions).")
    paraphrase_rate: float = Field(
        0.2, ge=0, le=1,
        description="Probability that a harvesting prompt uses a paraphrased scaffold instead of "
                    "the operation's canonical template.")
    account_lifetime_days: float = Field(
        6.0, gt=0,
        description="Mean lifetime of a reseller hydra account before it is banned or retired "
                    "and replaced by a new one.")
    per_account_daily_cap: int = Field(
        400, ge=10,
        description="Most requests an operation sends per account per day; a lower cap spreads "
                    "the same volume over more accounts.")
    aged_account_share: float = Field(
        0.1, ge=0, le=1,
        description="Share of operation accounts that are old (bought or farmed) rather than "
                    "created just before use.")
    sdk_default_clients: float = Field(
        0.3, ge=0, le=1,
        description="Share of operation accounts that present a popular SDK's user agent and TLS "
                    "fingerprint instead of the operation's own harness.")
    daytime_pacing: bool = Field(
        False, description="Operations only send during daytime of the exit country, with "
                           "human-like jitter, instead of around the clock.")
    sticky_exit_share: float = Field(
        0.0, ge=0, le=1,
        description="Share of operation accounts that send all their requests from one residential "
                    "address of their own, like a home user, instead of rotating exits or the "
                    "operation's datacenter IPs (removes the network-spread hallmark).")
    shared_payment_share: float = Field(
        0.7, ge=0, le=1,
        description="Share of operation accounts paid with one of the operation's few shared "
                    "cards (the others have a card of their own).")


EVASION_PRESETS: dict[str, EvasionConfig] = {
    "default": EvasionConfig(),
    "hard": EvasionConfig(
        proxy_rotation=1.0,
        cover_traffic_share=0.35,
        paraphrase_rate=0.7,
        account_lifetime_days=3.0,
        per_account_daily_cap=120,
        aged_account_share=0.6,
        sdk_default_clients=0.9,
        daytime_pacing=True,
        shared_payment_share=0.25,
    ),
}


class PopulationConfig(_Section):
    """Accounts per persona and operation (at scale 'medium'; other scales multiply these)."""

    casual_chat: int = Field(6000, ge=1, description="Multi-turn, diurnal chat users.")
    developer: int = Field(400, ge=1, description="Developers iterating on one prompt.")
    saas_backend: int = Field(10, ge=1, description="SaaS orgs with a fixed template, 24/7.")
    benchmark_runner: int = Field(25, ge=1, description="Researchers running CoT benchmarks.")
    campus_nat: int = Field(480, ge=1, description="University / corporate users behind NATs.")
    vpn_user: int = Field(400, ge=1, description="Users sharing commercial VPN exits.")
    coding_agent_user: int = Field(900, ge=1, description="Users of one popular coding agent.")
    api_aggregator: int = Field(3, ge=1, description="Verified routers forwarding many users.")
    cot_harvest: int = Field(36, ge=2, description="Accounts of the CoT/reasoning harvest.")
    agentic_harvest: int = Field(240, ge=2, description="Accounts of the agentic/vision harvest.")
    reseller_hydra: int = Field(
        200, ge=2, description="Concurrently active accounts of the reseller hydra (churned).")


SCALES: dict[str, tuple[float, int]] = {
    # scale: (population multiplier, default days)
    "small": (0.06, 5),
    "medium": (1.0, 14),
    "large": (5.6, 28),
}


class SimConfig(_Section):
    """Everything that shapes a simulated world."""

    scale: ScaleName = Field("small", description="small (tests), medium (~1M), large (~10M).")
    days: int = Field(5, ge=1, le=120, description="Days of traffic.")
    start: str = Field("2026-03-02T00:00:00", description="UTC start of the world (a Monday).")
    population: PopulationConfig = Field(default_factory=PopulationConfig,
                                         description="Accounts per persona at scale medium.")
    evasion: EvasionConfig = Field(default_factory=EvasionConfig,
                                   description="Operation evasion knobs.")
    release_day: float = Field(
        0.55, gt=0, lt=1, description="When the new model is released, as a share of the days.")

    @property
    def multiplier(self) -> float:
        return SCALES[self.scale][0]

    def accounts(self, persona: str) -> int:
        """Accounts of ``persona`` at this scale (never fewer than the persona needs to exist)."""
        base = getattr(self.population, persona)
        floor = {"api_aggregator": 2, "saas_backend": 3, "cot_harvest": 8, "agentic_harvest": 12,
                 "reseller_hydra": 10}.get(persona, 4)
        return max(floor, round(base * self.multiplier))

    @property
    def volume_factor(self) -> float:
        """Per-account volume multiplier of the few heavy accounts (SaaS, routers) in small worlds."""
        return min(1.0, max(0.15, self.multiplier * 2))


def load_sim_config(path: str | Path | None = None, *, scale: str = "small",
                    days: int | None = None, evasion: str | None = None) -> SimConfig:
    """Build a SimConfig: preset for ``scale`` and ``evasion``, the YAML at ``path`` over it."""
    if scale not in SCALES:
        raise ConfigError(f"unknown scale '{scale}'; expected one of {', '.join(SCALES)}")
    data: dict = {"scale": scale, "days": SCALES[scale][1]}
    if evasion is not None:
        if evasion not in EVASION_PRESETS:
            raise ConfigError(
                f"unknown evasion preset '{evasion}'; expected one of {', '.join(EVASION_PRESETS)}")
        data["evasion"] = EVASION_PRESETS[evasion].model_dump()
    if path is not None:
        data = deep_merge(data, read_yaml_file(path))
    if days is not None:
        data["days"] = days
    return build_model(SimConfig, data, str(path or "simulator config"))
