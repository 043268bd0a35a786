"""Release pivots: evidence for a campaign that moves to a new model far faster than everyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from distillguard.campaigns.pivots import release_pivots
from distillguard.config import CampaignConfig

RELEASE = datetime(2026, 3, 9, 17, tzinfo=UTC)


def _events(account: str, share_new: float, n: int = 40) -> list[dict]:
    rows = []
    for i in range(n):
        ts = RELEASE + timedelta(hours=-24 + 48 * i / n)
        after = ts >= RELEASE
        rows.append({"account_id": account, "ts": ts, "surface": "api",
                     "model": "new" if after and (i * 7) % 10 < share_new * 10 else "old"})
    return rows


def test_only_the_fast_mover_gets_pivot_evidence():
    rows = _events("fast1", 0.6) + _events("fast2", 0.6) + _events("slow1", 0.0)
    rows += [r for k in range(20) for r in _events(f"user{k}", 0.2)]
    events = [pl.DataFrame(rows).lazy()]
    membership = pl.DataFrame({"account_id": ["fast1", "fast2", "slow1"],
                               "campaign_id": ["c_fast", "c_fast", "c_slow"]})
    releases = pl.DataFrame({"model": ["new", "old"],
                             "released_at": [RELEASE, RELEASE - timedelta(days=300)]})
    out = release_pivots(events, releases, membership, CampaignConfig())
    assert set(out) == {"c_fast"}
    evidence = out["c_fast"][0]
    assert evidence["kind"] == "release_pivot" and "new" in evidence["detail"]
    assert evidence["detail"].startswith("its accounts sent 60% of their traffic")


def test_the_chat_surface_is_not_the_population():
    # chat users move with the product's default model: they are not the baseline of API clients
    rows = _events("fast1", 0.6) + _events("fast2", 0.6)
    rows += [r for k in range(20) for r in _events(f"chat{k}", 1.0)]
    rows += [r for k in range(20) for r in _events(f"api{k}", 0.1)]
    for r in rows:
        if r["account_id"].startswith("chat"):
            r["surface"] = "chat"
    membership = pl.DataFrame({"account_id": ["fast1", "fast2"], "campaign_id": ["c", "c"]})
    releases = pl.DataFrame({"model": ["new"], "released_at": [RELEASE]})
    out = release_pivots([pl.DataFrame(rows).lazy()], releases, membership, CampaignConfig())
    assert set(out) == {"c"} and "other API accounts: 10%" in out["c"][0]["detail"]


def test_no_releases_no_evidence():
    events = [pl.DataFrame(_events("a", 0.9)).lazy()]
    membership = pl.DataFrame({"account_id": ["a"], "campaign_id": ["c"]})
    assert release_pivots(events, None, membership, CampaignConfig()) == {}
