"""Per-account fingerprints on hand-built events, and on a simulated world's events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from distillguard.config import FeatureConfig
from distillguard.features.accounts import account_features
from distillguard.features.events import featurize_events
from distillguard.io.schema import ACCOUNTS, EVENTS

T0 = datetime(2026, 3, 2, tzinfo=UTC)
CFG = FeatureConfig(template_min_prompts=5)


def _features(rows: list[dict], accounts: pl.DataFrame | None = None,
              cfg: FeatureConfig = CFG) -> dict[str, dict]:
    events = featurize_events(pl.DataFrame(rows, schema=EVENTS, strict=False), cfg)
    out = account_features([events.lazy()], cfg, accounts)
    return {row["account_id"]: row for row in out.iter_rows(named=True)}


def _row(account: str, seconds: float, **extra) -> dict:
    base = {"request_id": f"{account}-{seconds}", "ts": T0 + timedelta(seconds=seconds),
            "account_id": account, "ip": "203.0.113.5", "model": "m", "prompt": "hello there",
            "input_tokens": 100, "output_tokens": 50}
    return base | extra


def test_machine_paced_account_has_low_interarrival_cv():
    paced = [_row("bot", 60.0 * i) for i in range(50)]
    bursty = [_row("human", s) for s in (0, 5, 9, 3600, 3610, 7200, 7260, 9000, 9002, 9100)]
    out = _features(paced + bursty)
    assert out["bot"]["interarrival_cv"] < 0.01 < 1.0 < out["human"]["interarrival_cv"]


def test_pauses_between_working_periods_do_not_hide_pacing():
    # a scheduler that sends every 30 s for an hour, then sleeps a day, then resumes
    paced = [_row("bot", 30.0 * i) for i in range(120)]
    paced += [_row("bot", 86_400 + 30.0 * i) for i in range(120)]
    assert _features(paced)["bot"]["interarrival_cv"] < 0.01


def test_rotation_is_of_the_accounts_own_networks():
    # a product backend reaching the API through a cloud partner arrives from the partner's
    # gateway pool, a different one almost every request; only its own exits can rotate
    gateways = [f"3.{k}.{k}.9" for k in range(40)]
    rows = [_row("saas", i, surface="cloud", ip=gateways[i % 40]) for i in range(60)]
    rows += [_row("fleet", i, surface="api", ip=gateways[i % 40]) for i in range(60)]
    rows += [_row("mixed", i, surface="cloud" if i % 2 else "api", ip=gateways[i % 40])
             for i in range(60)]
    out = _features(rows)
    assert out["saas"]["distinct_prefixes"] == out["fleet"]["distinct_prefixes"] == 40
    assert out["saas"]["prefix_rotation"] == 0.0
    assert out["fleet"]["prefix_rotation"] == pytest.approx(40 / 60)
    assert out["mixed"]["prefix_rotation"] == pytest.approx(20 / 30)  # its api exchanges
    # seven exchanges from one address: a new network every 7 exchanges, yet no rotation at all
    assert _features([_row("once", i) for i in range(7)])["once"]["prefix_rotation"] == 0.0
    surfaces = FeatureConfig(template_min_prompts=5, partner_surfaces=[])
    assert _features(rows, cfg=surfaces)["saas"]["prefix_rotation"] == pytest.approx(40 / 60)


def test_shares_spread_and_capabilities():
    rows = [
        _row("a", 0, ip="198.51.100.1", asn=7922, country="US", n_turns=1, max_tokens=100,
             output_tokens=99, tools_declared=3),
        _row("a", 10, ip="198.51.100.2", asn=7922, country="US", n_turns=5, max_tokens=100,
             output_tokens=10, has_image=True, prompt=""),
        _row("a", 20, ip="2001:db8:1:2::9", asn=3320, country="DE", n_turns=1),
        _row("b", 0),
    ]
    a = _features(rows)["a"]
    assert (a["n_events"], a["distinct_ips"], a["distinct_prefixes"]) == (3, 3, 2)
    assert (a["distinct_asns"], a["distinct_countries"]) == (2, 2)
    assert a["single_turn_share"] == pytest.approx(2 / 3)
    assert a["max_tokens_saturation"] == pytest.approx(1 / 3)
    assert a["output_input_ratio"] == pytest.approx((99 + 10 + 50) / 300)
    assert a["share_vision"] == pytest.approx(1 / 3)  # an image makes the exchange vision
    assert a["prefix_rotation"] == pytest.approx(2 / 3)


def test_a_kind_of_harvest_ask_counts_from_a_tenth_of_the_exchanges():
    # an evaluation job grading, a few of its judge prompts read as synthetic-data asks; an
    # operation asking for grades and for reasoning traces
    kinds = {"judge": ["rubric_grading"] * 93 + ["data_generation"] * 7,
             "op": ["rubric_grading"] * 60 + ["cot_elicitation"] * 40}
    rows = [_row(account, i) for account, asks in kinds.items() for i in range(len(asks))]
    events = featurize_events(pl.DataFrame(rows, schema=EVENTS, strict=False), CFG).with_columns(
        capability=pl.Series([ask for asks in kinds.values() for ask in asks]))
    out = account_features([events.lazy()], CFG).select("account_id", "harvest_kinds")
    assert dict(out.iter_rows()) == {"judge": 1, "op": 2}
    loose = CFG.model_copy(update={"harvest_kind_share": 0.05})
    assert account_features([events.lazy()], loose)["harvest_kinds"].to_list() == [2, 2]


def test_night_share_uses_the_request_country():
    # 03:00 UTC is night in Germany (04:00) but evening in the US (21:00 at UTC-6)
    night = T0 + timedelta(hours=3)
    rows = [_row("de", i, ts=night + timedelta(seconds=i), country="DE") for i in range(4)]
    rows += [_row("us", i, ts=night + timedelta(seconds=i), country="US") for i in range(4)]
    out = _features(rows)
    assert out["de"]["night_share"] == 1.0 and out["us"]["night_share"] == 0.0


def test_template_reuse_across_accounts():
    template = ("Here is a question and its final answer. Write out, step by step, the full "
                "reasoning that leads from the question to the answer. Question: {q} Answer: {a}")
    rows = [_row(f"op{k}", i, prompt=template.format(q=f"what is {k} plus {i} apples", a=k + i))
            for k in range(12) for i in range(3)]
    rows += [_row("loner", i, prompt=f"unrelated note number {i} about gardening in spring")
             for i in range(3)]
    out = _features(rows)
    assert out["op3"]["shared_template_share"] == 1.0
    assert out["op3"]["typical_template_accounts"] == pytest.approx(12)
    assert out["op3"]["top_template_share"] == 1.0
    assert out["loner"]["shared_template_share"] == 0.0


def test_account_metadata_gives_age_and_tier():
    accounts = pl.DataFrame({"account_id": ["a"], "created_at": [T0 - timedelta(days=2)],
                             "tier": ["edu"], "verified": [False]}, schema_overrides={
        "created_at": ACCOUNTS["created_at"]}).select(
        [pl.col(c) if c in ("account_id", "created_at", "tier", "verified")
         else pl.lit(None, dtype).alias(c) for c, dtype in ACCOUNTS.items()])
    out = _features([_row("a", 0), _row("b", 0)], accounts)
    assert out["a"]["age_days"] == pytest.approx(2.0)
    assert out["a"]["abused_tier"] is True and out["a"]["verified"] is False
    assert out["b"]["age_days"] is None


def test_world_accounts_are_all_covered_and_deterministic(small_world):
    events = pl.read_parquet(small_world / "events.parquet")
    cfg = FeatureConfig()
    first = account_features([featurize_events(events, cfg).lazy()], cfg)
    assert first.height == events["account_id"].n_unique()
    assert first["n_events"].sum() == events.height
    shuffled = events.sample(fraction=1.0, shuffle=True, seed=1)
    again = account_features([featurize_events(shuffled, cfg).lazy()], cfg)
    assert first.equals(again)
    # split by account into partitions: the same fingerprints
    featurized = featurize_events(events, cfg)
    bucket = featurized["account_id"].hash() % 3
    parts = [featurized.filter(bucket == k).lazy() for k in range(3)]
    assert account_features(parts, cfg).equals(first)
