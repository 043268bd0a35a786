"""Typed records of the online side: what the service keeps about one account between requests, the
campaigns document it imports from a scan, and what it answers (a decision, an ingest's counts).

AccountState is computed by online.update, stored as JSON by online.state and read by online.engine
(decisions) and online.service (GET /v1/accounts/{id}); CampaignsDocument checks a campaigns.json at
the service's edge (a 422 names the bad field) and in Engine.import_scan; Decision and IngestResult
are what Engine.decide and Engine.ingest return; follow_merges and pooled_mix read and pool an
emerging campaign's document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

from distillguard.errors import InputError


@dataclass(frozen=True, slots=True)
class AccountState:
    """One account's online summary (its recent exchanges are stored apart, as its ring).

    Examples
    --------
    >>> state = AccountState.from_json(b'{"n": 3, "campaign_id": "cmp_1", "retired": 1}')
    >>> state.n, state.flagged, state.campaign_id
    (3, False, 'cmp_1')
    >>> AccountState.from_json(state.to_json()) == state
    True
    """

    n: int = 0  # exchanges seen
    model_score: float = 0.0  # the batch model's score on the ring
    score: float = 0.0  # model_score weighted by evidence (n / online.full_evidence, at most 1)
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)
    capabilities: dict[str, float] = field(default_factory=dict)  # share of recent exchanges
    ips: list[str] = field(default_factory=list)  # recent IPs, newest first, capped
    cloud_ips: list[str] = field(default_factory=list)  # the datacenter ones among them
    campaign_id: str | None = None
    # its recent exchanges do an operation's work: harvest or target shares of a cohort member
    # (online.worker_confidence)
    worker: bool = False

    def with_campaign(self, campaign_id: str | None) -> AccountState:
        return replace(self, campaign_id=campaign_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> bytes:
        return orjson.dumps(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AccountState:
        """A stored summary; keys it does not know (older or newer versions) are ignored."""
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})

    @classmethod
    def from_json(cls, blob: bytes | str) -> AccountState:
        return cls.from_dict(orjson.loads(blob))


_FIELDS = frozenset(f.name for f in fields(AccountState))


Number = StrictInt | StrictFloat  # a JSON number; "0.9" or true is not a score


class ImportedCampaign(BaseModel):
    """One campaign of a scan's campaigns.json, as far as the online engine reads it (the other
    fields of the contract are kept as they are)."""

    model_config = ConfigDict(extra="allow")

    campaign_id: str = Field(min_length=1, max_length=2048, description="The campaign's id.")
    accounts: list[str] = Field(description="Member account ids.")
    dormant_accounts: list[str] = Field(
        default_factory=list, description="Its accounts that sent no request yet (the reserve).")
    score: Number = Field(0.0, ge=0, le=1, description="Campaign score (0-1).")
    capabilities: dict[str, Number] = Field(
        default_factory=dict, description="Share of the campaign's exchanges per capability.")


class CampaignsDocument(BaseModel):
    """A scan's campaigns.json: ``{"version": 1, "campaigns": [...]}``."""

    model_config = ConfigDict(extra="allow")

    version: int | None = Field(None, description="Contract version of the document.")
    campaigns: list[ImportedCampaign] = Field(description="The campaigns.")

    @classmethod
    def parse(cls, data: Any, source: str = "campaigns") -> CampaignsDocument:
        """``data`` checked; InputError naming the first bad field otherwise.

        Examples
        --------
        >>> CampaignsDocument.parse({"campaigns": [{"campaign_id": "c", "accounts": [1]}]})
        Traceback (most recent call last):
        ...
        distillguard.errors.InputError: campaigns: campaigns.0.accounts.0: Input should be a valid string
        """
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "document"
            raise InputError(f"{source}: {where}: {first['msg']}") from None


@dataclass(frozen=True)
class Decision:
    """The action for one request, and why (online.engine.Engine.decide)."""

    action: str
    score: float
    campaign_id: str | None
    reasons: list[str]
    policy_version: str
    rule: str
    shadow_action: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "score": round(self.score, 6), "campaign_id": self.campaign_id,
                "reasons": self.reasons, "policy_version": self.policy_version}


@dataclass
class IngestResult:
    """What one batch of completed exchanges did (online.engine.Engine.ingest)."""

    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] | None = None
    flagged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"received": self.received, "accepted": self.accepted,
                "duplicates": self.duplicates, "rejected": self.rejected or [],
                "newly_flagged": self.flagged}


def follow_merges(docs: dict[str, dict[str, Any]], campaign: str) -> str | None:
    """Follow ``merged_into`` links from ``campaign`` to the campaign it now belongs to (None when
    that one was retired: a later scan cleared it)."""
    seen = {campaign}
    while (target := (docs.get(campaign) or {}).get("merged_into")) and target not in seen:
        seen.add(target)
        campaign = target
    return None if (docs.get(campaign) or {}).get("retired") else campaign


def pooled_mix(mix: dict[str, float], exchanges: int, other: dict[str, float],
               more: int) -> tuple[dict[str, float], int]:
    """Two capability mixes of ``exchanges`` and ``more`` exchanges, pooled."""
    total = exchanges + more
    if total == 0:
        return dict(other or mix), 0
    return ({c: (mix.get(c, 0.0) * exchanges + other.get(c, 0.0) * more) / total
             for c in set(mix) | set(other)}, total)
