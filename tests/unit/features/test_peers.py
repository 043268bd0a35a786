"""Peer groups: an account is compared with accounts of its tier, surface and client stack."""

from __future__ import annotations

import polars as pl
import pytest

from distillguard.config import FeatureConfig
from distillguard.features.peers import peer_relative

CFG = FeatureConfig(peer_features=["daily"], peer_keys=["tier", "surface", "client"], min_peers=5)


def _accounts(tier: str, values: list[float], surface: str = "api", client: str = "openai"):
    return [{"account_id": f"{tier}{i}", "tier": tier, "surface": surface, "client": client,
             "daily": v} for i, v in enumerate(values)]


def test_an_account_is_judged_against_its_own_tier():
    edu = _accounts("edu", [5, 6, 5, 7, 6, 5, 40])
    enterprise = _accounts("enterprise", [900, 1000, 1100, 950, 1050, 1000])
    out = peer_relative(pl.DataFrame(edu + enterprise), CFG)
    z = dict(zip(out["account_id"], out["daily_vs_peers"], strict=True))
    assert z["edu6"] > 10  # 40 a day is far above edu peers ...
    assert abs(z["enterprise1"]) < 1  # ... 1000 a day is ordinary for an enterprise backend
    assert z["edu0"] == pytest.approx(-0.31, abs=0.01)  # spread: 0.25 × std with the outlier


def test_a_small_peer_group_falls_back_to_a_coarser_one():
    # only three startup accounts on the console: compared with all startup accounts
    startup = _accounts("startup", [10, 11, 12, 10, 11, 9]) + _accounts(
        "startup", [50, 10, 11], surface="console")
    out = peer_relative(pl.DataFrame(startup), CFG).filter(pl.col("surface") == "console")
    assert out["daily_vs_peers"][0] > 5


def test_a_feature_most_peers_share_does_not_explode():
    # nearly every peer at 0: the spread is floored at a share of the population's
    values = [0.0] * 40 + [0.2, 0.5]
    out = peer_relative(pl.DataFrame(_accounts("pro", values)), CFG.model_copy(
        update={"peer_spread_floor": 0.25}))
    assert out["daily_vs_peers"].is_finite().all()
