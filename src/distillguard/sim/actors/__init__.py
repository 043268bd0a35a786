"""Who sends traffic in a simulated world: the legitimate personas of the brief (personas) and the
reported operations (operations), on a shared base (base).

Consumed by sim.world; each actor owns its accounts and produces one UTC day of events at a time."""

from __future__ import annotations

from distillguard.sim.actors.base import (
    CURRENT_MODELS,
    NEW_MODEL,
    RELEASES,
    THINKING_MODELS,
    Actor,
    WorldContext,
)
from distillguard.sim.actors.operations import AgenticHarvest, CotHarvest, Operation, ResellerHydra
from distillguard.sim.actors.personas import (
    ApiAggregator,
    BenchmarkRunner,
    CampusNat,
    CasualChat,
    CodingAgentUser,
    Developer,
    SaasBackend,
    VpnUser,
)

__all__ = ["ACTORS", "CURRENT_MODELS", "LEGITIMATE", "NEW_MODEL", "OPERATIONS", "RELEASES",
           "THINKING_MODELS", "Actor", "Operation", "WorldContext"]

LEGITIMATE = [CasualChat, Developer, SaasBackend, BenchmarkRunner, CampusNat, VpnUser,
              CodingAgentUser, ApiAggregator]
OPERATIONS = [CotHarvest, AgenticHarvest, ResellerHydra]
ACTORS = LEGITIMATE + OPERATIONS
