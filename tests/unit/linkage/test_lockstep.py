"""Lockstep timing links on hand-built activity: one scheduler dealing work over many accounts links
them; people on their own schedules, sparse accounts and a differently scheduled operation do not."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl

from distillguard.config import LinkageConfig, LockstepConfig
from distillguard.linkage.graph import communities, hub_links, link_edges
from distillguard.linkage.lockstep import lockstep_pairs
from distillguard.linkage.minhash import candidate_pairs

CFG = LockstepConfig()
START = int(datetime(2026, 3, 2, tzinfo=UTC).timestamp())
HOUR = 3600


def _events(accounts: np.ndarray, seconds: np.ndarray, capability: str) -> pl.DataFrame:
    return pl.DataFrame({
        "account_id": accounts.tolist(),
        "ts": pl.Series((START + seconds) * 1_000_000).cast(pl.Datetime("us", "UTC")),
        "capability": capability,
    })


def _batches(rng, days: int, share: float = 0.6) -> np.ndarray:
    """The hours a job queue runs: a random ``share`` of them (batches, not round the clock)."""
    hours = np.arange(days * 24)
    return np.sort(rng.choice(hours, size=int(share * hours.size), replace=False))


def _scheduler(rng, prefix: str, n: int, hours: np.ndarray, per_hour: int, capability: str):
    """An operation's scheduler: ``per_hour`` requests each active hour, dealt to random accounts."""
    seconds = np.repeat(hours * HOUR, per_hour) + rng.integers(0, HOUR, hours.size * per_hour)
    accounts = np.char.add(prefix, rng.integers(0, n, seconds.size).astype(str))
    return _events(accounts, seconds, capability)


def _people(rng, prefix: str, n: int, days: int, capability: str):
    """People: one or two sessions a day at their own hours, a few requests each."""
    rows = []
    for i in range(n):
        for day in range(days):
            for _ in range(rng.integers(1, 3)):
                start = day * 24 * HOUR + rng.integers(8, 22) * HOUR
                rows.append(_events(np.full(6, f"{prefix}{i}"),
                                    start + np.sort(rng.integers(0, 1800, 6)), capability))
    return pl.concat(rows)


def _pairs(*frames: pl.DataFrame, cfg: LockstepConfig = CFG) -> pl.DataFrame:
    return lockstep_pairs([pl.concat(frames).lazy()], cfg)


def _touching(pairs: pl.DataFrame, prefix: str) -> pl.DataFrame:
    return pairs.filter(pl.col("a").str.starts_with(prefix) | pl.col("b").str.starts_with(prefix))


def test_accounts_of_one_scheduler_are_linked_people_are_not():
    rng = np.random.default_rng(1)
    op = _scheduler(rng, "op", 30, _batches(rng, 5), 90, "cot_elicitation")
    people = _people(rng, "user", 60, 5, "cot_elicitation")
    pairs = _pairs(op, people)
    linked = set(pairs["a"]) | set(pairs["b"])
    assert {f"op{i}" for i in range(30)} <= linked
    assert _touching(pairs, "user").is_empty()
    assert (pairs["weight"] >= CFG.weight * CFG.min_jaccard).all()
    assert (pairs["a"] < pairs["b"]).all() and pairs["kind"].unique().to_list() == ["lockstep"]


def test_operations_on_other_schedules_or_capabilities_are_not_linked():
    rng = np.random.default_rng(2)
    hours = np.arange(6 * 24)
    night_shift = _scheduler(rng, "a", 20, hours[(hours % 24) < 12], 60, "agentic")
    day_shift = _scheduler(rng, "b", 20, hours[(hours % 24) >= 12], 60, "agentic")
    backend = _scheduler(rng, "saas", 1, hours, 20, "coding")  # round the clock, other capability
    pairs = _pairs(night_shift, day_shift, backend)
    crossing = pairs.filter(pl.col("a").str.slice(0, 1) != pl.col("b").str.slice(0, 1))
    assert crossing.is_empty()
    assert _touching(pairs, "a").height > 0 and _touching(pairs, "b").height > 0


def test_clients_busy_around_the_clock_are_not_in_step_with_each_other():
    # two unrelated backends, each busy every hour on the same capability: identical activity
    # cells, yet their timing says nothing
    rng = np.random.default_rng(6)
    hours = np.arange(6 * 24)
    first = _scheduler(rng, "vision-app", 1, hours, 40, "vision")
    second = _scheduler(rng, "photo-app", 1, hours, 25, "vision")
    assert _pairs(first, second).is_empty()


def test_sparse_accounts_are_not_judged():
    rng = np.random.default_rng(3)
    few_hours = _scheduler(rng, "op", 10, np.arange(CFG.min_windows - 1), 200, "cot_elicitation")
    assert _pairs(few_hours).is_empty()


def test_shared_payment_and_lockstep_join_one_operation():
    # three payment cards split the accounts into three groups; lockstep timing joins them
    rng = np.random.default_rng(4)
    op = _scheduler(rng, "op", 30, _batches(rng, 4), 90, "cot_elicitation")
    incidence = pl.DataFrame([(f"op{i}", "payment", f"card-{i % 3}") for i in range(30)],
                             schema=["account_id", "kind", "value"], orient="row")
    cfg = LinkageConfig()
    groups_of = {}
    for name, extra in (("payment only", None), ("payment + lockstep", _pairs(op))):
        edges = link_edges(incidence, cfg, extra)
        groups = communities(edges, hub_links(incidence, cfg), cfg)
        groups_of[name] = groups["community"].n_unique()
    assert groups_of == {"payment only": 3, "payment + lockstep": 1}


def test_lockstep_alone_links_beyond_the_infrastructure_floor():
    rng = np.random.default_rng(5)
    op = _scheduler(rng, "op", 12, _batches(rng, 3), 60, "agentic")
    edges = link_edges(pl.DataFrame(schema={"account_id": pl.String, "kind": pl.String,
                                            "value": pl.String}), LinkageConfig(), _pairs(op))
    assert edges.height > 0 and all(k == ["lockstep"] for k in edges["kinds"].to_list())


def test_identical_signatures_cost_a_chain_not_a_clique():
    signatures = np.ones((1000, 12), dtype=np.uint64)
    pairs = candidate_pairs(signatures, band_rows=3)
    assert pairs.shape == (999, 2)
    assert (pairs[:, 1] - pairs[:, 0] == 1).all()


def test_turned_off_and_deterministic():
    rng = np.random.default_rng(6)
    op = _scheduler(rng, "op", 15, np.arange(2 * 24), 60, "coding")
    assert _pairs(op, cfg=LockstepConfig(weight=0)).is_empty()
    assert _pairs(op).equals(_pairs(op))
