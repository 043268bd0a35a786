"""Typed records of the online state: what the service keeps about one account between requests.

Consumed and produced by online.update (computed) and online.state (stored as JSON); read by
online.engine (decisions) and online.service (GET /v1/accounts/{id})."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import orjson


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
