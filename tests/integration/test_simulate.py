"""The simulator's worlds: contract tables, consistent ground truth, every persona and operation."""

from __future__ import annotations

import hashlib
import json

import polars as pl
import pytest

from distillguard.io.schema import ACCOUNTS, EVENTS, RELEASES, TRUTH
from distillguard.sim.actors import LEGITIMATE, NEW_MODEL, OPERATIONS
from distillguard.sim.network import ASNS
from tests.conftest import run_cli

PERSONAS = {cls.name for cls in LEGITIMATE}
OPS = {cls.name for cls in OPERATIONS}


def _tables(world):
    return {name: pl.read_parquet(world / f"{name}.parquet")
            for name in ("events", "accounts", "releases", "truth", "events_truth")}


def test_tables_follow_the_contract(small_world):
    t = _tables(small_world)
    assert t["events"].schema == EVENTS
    assert t["accounts"].schema == ACCOUNTS
    assert t["releases"].schema == RELEASES
    assert {k: v for k, v in t["truth"].schema.items() if k in TRUTH} == dict(TRUTH)
    required = ["request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens",
                "output_tokens"]
    assert t["events"].select(pl.col(required).null_count()).sum_horizontal().item() == 0
    assert t["events"]["request_id"].is_unique().all()
    assert (t["events"].select(pl.col("input_tokens", "output_tokens").min()).min_horizontal()
            .item() >= 0)


def test_every_persona_and_operation_is_present(small_world):
    truth = pl.read_parquet(small_world / "truth.parquet").filter("has_events")
    present = set(truth["actor"].unique())
    assert present >= PERSONAS | OPS
    ops = truth.filter(pl.col("campaign_id").is_not_null())
    assert set(ops["actor"].unique()) == OPS
    assert ops.group_by("actor").agg(pl.col("campaign_id").n_unique())["campaign_id"].max() == 1
    assert truth.filter(pl.col("campaign_id").is_null())["actor"].is_in(list(PERSONAS)).all()


def test_truth_is_consistent_with_events(small_world):
    t = _tables(small_world)
    ev, et, truth = t["events"], t["events_truth"], t["truth"]
    assert et.height == ev.height
    both = ev.select("request_id", "account_id").join(et, on="request_id", how="inner",
                                                      suffix="_truth")
    assert both.height == ev.height
    assert (both["account_id"] == both["account_id_truth"]).all()
    # every account that sent a request has exactly one truth row, marked has_events
    senders = ev["account_id"].unique()
    assert senders.is_in(truth["account_id"].implode()).all()
    assert truth["account_id"].is_unique().all()
    assert set(truth.filter("has_events")["account_id"]) == set(senders)
    # an exchange's campaign is its account's campaign; only reseller customers' exchanges on
    # hydra accounts carry none
    labelled = both.join(truth.select("account_id", pl.col("campaign_id").alias("acct_campaign")),
                         on="account_id")
    mismatch = labelled.filter(pl.col("campaign_id").is_not_null()
                               & (pl.col("campaign_id") != pl.col("acct_campaign")))
    assert mismatch.height == 0
    unlabelled_on_ops = labelled.filter(pl.col("acct_campaign").is_not_null()
                                        & pl.col("campaign_id").is_null())
    assert set(unlabelled_on_ops["actor"].unique()) <= {"reseller_customer"}
    assert unlabelled_on_ops.height > 0
    assert set(t["accounts"]["account_id"]) == set(truth["account_id"])


def test_ids_are_opaque(small_world):
    t = _tables(small_world)
    words = PERSONAS | OPS | {"saas", "nat", "vpn", "harvest", "hydra", "reseller", "bench",
                              "agent", "cot", "campaign", "legit"}
    columns = [t["events"]["account_id"], t["events"]["request_id"], t["events"]["org_id"],
               t["events"]["api_key_id"], t["accounts"]["payment_fingerprint"],
               t["truth"]["campaign_id"].drop_nulls()]
    for column in columns:
        text = " ".join(column.unique().to_list()).lower()
        assert not any(word in text for word in words), column.name


def test_same_seed_same_world(tmp_path):
    digests = []
    for name in ("a", "b"):
        run_cli("simulate", "--out", str(tmp_path / name), "--seed", "3", "--days", "2", check=True)
        digests.append(hashlib.sha256((tmp_path / name / "events.parquet").read_bytes()).digest())
    assert digests[0] == digests[1]
    run_cli("simulate", "--out", str(tmp_path / "c"), "--seed", "4", "--days", "2", check=True)
    other = hashlib.sha256((tmp_path / "c" / "events.parquet").read_bytes()).digest()
    assert other != digests[0]


def _new_model_share_first_day(world, actor):
    meta = json.loads((world / "world.json").read_text())
    released = pl.lit(meta["new_model_released_at"]).str.to_datetime(time_zone="UTC")
    ev = pl.read_parquet(world / "events.parquet").join(
        pl.read_parquet(world / "events_truth.parquet").select("request_id", "actor", "harvest"),
        on="request_id")
    window = ev.filter(pl.col("actor") == actor, pl.col("ts") >= released,
                       pl.col("ts") < released + pl.duration(hours=24))
    return window.height, (window["model"] == NEW_MODEL).mean()


def test_reseller_pivots_about_half_within_a_day(small_world):
    n, share = _new_model_share_first_day(small_world, "reseller_hydra")
    assert n > 100
    assert 0.3 <= share <= 0.7
    n, share = _new_model_share_first_day(small_world, "cot_harvest")
    assert share < 0.1 or n == 0


def test_reseller_accounts_churn(small_world):
    truth = pl.read_parquet(small_world / "truth.parquet")
    ev = pl.read_parquet(small_world / "events.parquet").join(truth, on="account_id")
    life = (ev.filter(pl.col("actor") == "reseller_hydra").group_by("account_id")
            .agg(first=pl.col("ts").min(), last=pl.col("ts").max()))
    world_start, world_end = ev["ts"].min(), ev["ts"].max()
    born_late = life.filter(pl.col("first") > world_start + pl.duration(hours=12)).height
    died_early = life.filter(pl.col("last") < world_end - pl.duration(hours=12)).height
    assert born_late >= 3 and died_early >= 3


def test_legitimate_lookalikes_have_their_hallmarks(small_world):
    ev = pl.read_parquet(small_world / "events.parquet").join(
        pl.read_parquet(small_world / "truth.parquet"), on="account_id")
    per = ev.group_by("actor").agg(
        accounts=pl.col("account_id").n_unique(), ips=pl.col("ip").n_unique(),
        systems=pl.col("system_prompt").drop_nulls().n_unique(),
        with_system=pl.col("system_prompt").is_not_null().mean(), events=pl.len())
    row = {r["actor"]: r for r in per.iter_rows(named=True)}
    # NAT: many accounts behind few addresses
    assert row["campus_nat"]["accounts"] >= 4 * row["campus_nat"]["ips"] / 3
    # VPN: strangers share exits
    assert row["vpn_user"]["ips"] < row["vpn_user"]["accounts"]
    # coding agent: one system prompt across all its users
    assert row["coding_agent_user"]["systems"] == 1 and row["coding_agent_user"]["accounts"] > 10
    # SaaS: fixed template, all requests carry the product's system prompt
    assert row["saas_backend"]["with_system"] == 1.0
    cloud = {a for a, _ in ASNS["cloud"]}
    saas = ev.filter(pl.col("actor") == "saas_backend")
    assert saas["asn"].is_in(list(cloud)).all()
    # benchmark runners send chain-of-thought prompts
    bench = ev.filter(pl.col("actor") == "benchmark_runner")
    assert bench["prompt"].str.contains("(?i)step by step").mean() > 0.5


@pytest.mark.parametrize("world_name", ["small_world", "hard_world"])
def test_operations_harvest_target_capabilities(world_name, request):
    world = request.getfixturevalue(world_name)
    ev = pl.read_parquet(world / "events.parquet").join(
        pl.read_parquet(world / "events_truth.parquet").select("request_id", "actor", "harvest"),
        on="request_id")
    cot = ev.filter(pl.col("actor") == "cot_harvest", "harvest")
    target = "(?i)reason|step|grade|score|rewrite|safe|think|thought|evaluat|reward"
    assert cot["prompt"].str.contains(target).mean() > 0.9
    agentic = ev.filter(pl.col("actor") == "agentic_harvest", "harvest")
    assert (agentic["tools_declared"].fill_null(0) > 0).mean() > 0.3
    assert agentic["has_image"].any()


def test_hard_evasion_uses_residential_exits_only(hard_world):
    ev = pl.read_parquet(hard_world / "events.parquet").join(
        pl.read_parquet(hard_world / "events_truth.parquet").select("request_id", "actor"),
        on="request_id")
    residential = {a for a, _ in ASNS["residential"]}
    ops = ev.filter(pl.col("actor").is_in(list(OPS)))
    assert ops["asn"].is_in(list(residential)).all()


def test_simulate_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("evasion:\n  proxy_rotaton: 0.5\n")
    for args in (["--scale", "huge"], ["--days", "0"], ["--config", str(bad)],
                 ["--config", str(tmp_path / "missing.yaml")]):
        proc = run_cli("simulate", "--out", str(tmp_path / "w"), *args)
        assert proc.returncode == 2, args
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr


def test_sticky_exits_give_each_operation_account_one_address(tmp_path):
    knobs = tmp_path / "sticky.yaml"
    knobs.write_text("evasion:\n  sticky_exit_share: 1.0\n")
    out = tmp_path / "sticky"
    run_cli("simulate", "--out", str(out), "--scale", "small", "--seed", "3", "--config",
            str(knobs), check=True)
    ev = pl.read_parquet(out / "events.parquet").join(
        pl.read_parquet(out / "events_truth.parquet").select("request_id", "actor"),
        on="request_id")
    spread = (ev.filter(pl.col("actor").is_in(list(OPS)))
              .group_by("account_id").agg(pl.col("ip").n_unique()))
    assert spread.height > 10 and (spread["ip"] == 1).all()
