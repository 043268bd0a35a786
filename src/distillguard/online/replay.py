"""Replay: stream a simulated world's events in time order through a running service (decide before
serving, then report the served exchanges) and measure what each operation got away with.

Consumes a world directory (simulate's events, events_truth, truth) and a service URL; produces a
report: per operation, exchanges served before its accounts were first stopped and in total; per
replacement account, requests before it was stopped; legitimate requests not allowed; latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import polars as pl

from distillguard.errors import InputError
from distillguard.online.engine import Engine
from distillguard.progress import AddTask

SERVED = ("allow", "throttle")  # answered in full
DEGRADED = ("withhold_reasoning",)  # answered without the reasoning a harvester came for
STOPPED = ("step_up", "block")
RESPONSE_COLUMNS = ("output_tokens", "reasoning_tokens", "status")


@dataclass
class ReplayOptions:
    url: str
    token: str
    speed: float | None = None  # None: as fast as the service answers
    concurrency: int = 16
    ingest_every: int = 500  # served exchanges per POST /v1/events
    start_day: float = 0.0  # replay from this many days after the world's first event ...
    days: float | None = None  # ... for this many days (all by default)
    limit: int | None = None


def load_world(world: str | Path, start_day: float = 0.0, days: float | None = None,
               limit: int | None = None) -> pl.DataFrame:
    """The world's events in time order with `actor` and `campaign` of each request (truth)."""
    root = Path(world)
    for name in ("events.parquet", "truth.parquet"):
        if not (root / name).exists():
            raise InputError(f"{root}: not a simulated world (no {name}; run distillguard simulate)")
    events = pl.read_parquet(root / "events.parquet")
    request_truth = root / "events_truth.parquet"
    if request_truth.exists():
        truth = pl.read_parquet(request_truth).select("request_id", "actor",
                                                      campaign="campaign_id")
        events = events.join(truth, on="request_id", how="left")
    else:
        truth = pl.read_parquet(root / "truth.parquet").select("account_id", "actor",
                                                               campaign="campaign_id")
        events = events.join(truth, on="account_id", how="left")
    owners = pl.read_parquet(root / "truth.parquet").select(
        "account_id", operation="campaign_id", operator="actor")
    events = events.join(owners, on="account_id", how="left").sort("ts", "request_id")
    first = events["ts"].min()
    lo = first + pl.duration(days=start_day) if start_day else first
    frame = events.filter(pl.col("ts") >= pl.select(lo).item())
    if days is not None:
        frame = frame.filter(pl.col("ts") < pl.select(lo + pl.duration(days=days)).item())
    return frame.head(limit) if limit else frame


def _request_of(exchange: dict[str, Any]) -> dict[str, Any]:
    """What the gateway knows before serving: the exchange without its response columns."""
    return {k: v for k, v in exchange.items() if k not in RESPONSE_COLUMNS}


def _payloads(frame: pl.DataFrame) -> list[dict[str, Any]]:
    keep = [c for c in frame.columns if c not in ("actor", "campaign", "operation", "operator")]
    return (frame.select(keep).with_columns(pl.col("ts").dt.to_string("%Y-%m-%dT%H:%M:%S%.6fZ"))
            .to_dicts())


async def _run(frame: pl.DataFrame, opts: ReplayOptions,
               advance: Callable[[int], None]) -> tuple[list[str], np.ndarray]:
    payloads = _payloads(frame)
    actions: list[str] = [""] * len(payloads)
    latency = np.zeros(len(payloads))
    headers = {"Authorization": f"Bearer {opts.token}"}
    ts = frame["ts"].dt.epoch("us").to_numpy() / 1e6
    limits = httpx.Limits(max_connections=opts.concurrency,
                          max_keepalive_connections=opts.concurrency)
    async with httpx.AsyncClient(base_url=opts.url, headers=headers, timeout=30,
                                 limits=limits) as client:
        pending: list[dict[str, Any]] = []
        gate = asyncio.Semaphore(opts.concurrency)
        wall0, sim0 = time.perf_counter(), ts[0] if len(ts) else 0.0

        async def decide(i: int) -> None:
            request = _request_of(payloads[i])
            async with gate:
                t0 = time.perf_counter()
                answer = await client.post("/v1/decide", json=request)
                latency[i] = time.perf_counter() - t0
            if answer.status_code != 200:
                raise InputError(f"/v1/decide answered {answer.status_code}: {answer.text[:200]}")
            actions[i] = answer.json()["action"]

        async def flush() -> None:
            if pending:
                answer = await client.post("/v1/events", json={"events": pending})
                if answer.status_code not in (200, 422):
                    raise InputError(f"/v1/events answered {answer.status_code}: "
                                     f"{answer.text[:200]}")
                pending.clear()

        step = max(1, opts.concurrency)
        for start in range(0, len(payloads), step):
            window = range(start, min(start + step, len(payloads)))
            if opts.speed:
                due = (ts[window.start] - sim0) / opts.speed - (time.perf_counter() - wall0)
                if due > 0:
                    await asyncio.sleep(due)
            await asyncio.gather(*(decide(i) for i in window))
            pending.extend(payloads[i] for i in window if actions[i] in SERVED + DEGRADED)
            if len(pending) >= opts.ingest_every:
                await flush()
            advance(len(window))
        await flush()
    return actions, latency


def decide_in_process(frame: pl.DataFrame, engine: Engine, ingest_every: int = 500) -> pl.DataFrame:
    """The replay loop without HTTP (tests, and the engine's own benchmark): ``frame`` (load_world)
    with ``action`` and ``latency`` (seconds spent in Engine.decide) per event."""
    payloads = _payloads(frame)
    actions, latency, pending = [], np.zeros(len(payloads)), []
    for i, payload in enumerate(payloads):
        t0 = time.perf_counter()
        decision = engine.decide(_request_of(payload))
        latency[i] = time.perf_counter() - t0
        actions.append(decision.action)
        if decision.action in SERVED + DEGRADED:
            pending.append(payload)
        if len(pending) >= ingest_every:
            engine.ingest(pending)
            pending = []
    if pending:
        engine.ingest(pending)
    return frame.with_columns(action=pl.Series(actions, dtype=pl.String), latency=latency)


def replay(world: str | Path, opts: ReplayOptions, stage: AddTask | None = None) -> dict[str, Any]:
    """Stream the world through the service at ``opts.url`` and report (see summarize)."""
    frame = load_world(world, opts.start_day, opts.days, opts.limit)
    if frame.is_empty():
        raise InputError(f"{world}: no event in the chosen window")
    advance = stage("replaying", frame.height) if stage else (lambda _n: None)
    t0 = time.perf_counter()
    try:
        actions, latency = asyncio.run(_run(frame, opts, advance))
    except httpx.HTTPError as exc:
        raise InputError(f"{opts.url}: {exc.__class__.__name__}: {exc}") from None
    seconds = time.perf_counter() - t0
    return summarize(frame.with_columns(action=pl.Series(actions), latency=latency), seconds)


def summarize(decided: pl.DataFrame, seconds: float) -> dict[str, Any]:
    """Per operation (requests of its accounts, forwarded customers of a reseller included):
    exchanges, served in full before the first stop and in total, served after it, degraded;
    replacement accounts (first seen after the first stop): requests before each was stopped;
    legitimate accounts' requests not allowed; client-side latency percentiles and throughput.
    ``served_first_day_share``: exchanges served in full in the operation's first 24 hours, over
    all its exchanges — what no batch job run once a day could have stopped."""
    served = pl.col("action").is_in(SERVED)
    stopped = pl.col("action").is_in(STOPPED)
    decided = decided.with_row_index("order")
    operations = {}
    for (campaign,), part in decided.filter(pl.col("operation").is_not_null()).partition_by(
            "operation", as_dict=True).items():
        stops = part.filter(stopped)
        first_stop = stops["order"].min() if stops.height else None
        after = part.filter(pl.col("order") > first_stop) if first_stop is not None else part[:0]
        firsts = part.group_by("account_id").agg(first=pl.col("order").min(),
                                                  stop=pl.col("order").filter(stopped).min())
        newcomers = firsts.filter(pl.col("first") > first_stop) if first_stop is not None \
            else firsts[:0]
        before_stop = (part.join(newcomers.select("account_id", "stop"), on="account_id")
                       .group_by("account_id")
                       .agg(requests=(pl.col("stop").is_null() | (pl.col("order") < pl.col("stop")))
                            .sum()))
        counts = before_stop["requests"]
        first_day = part.filter(pl.col("ts") < part["ts"].min() + timedelta(days=1))
        operations[campaign] = {
            "actor": part["operator"].first(),
            "exchanges": part.height,
            "served_total": int(part.select(served.sum()).item()),
            "served_total_share": round(part.select(served.mean()).item(), 6),
            "degraded_total": int(part["action"].is_in(DEGRADED).sum()),
            "served_before_first_stop": int(part.filter(pl.col("order") < first_stop)
                                            .select(served.sum()).item())
            if first_stop is not None else part.height,
            "served_after_first_stop_share": round(after.select(served.mean()).item(), 6)
            if after.height else 0.0,
            "served_first_day_share": round(first_day.select(served.sum()).item() / part.height, 6),
            "replacement_accounts": newcomers.height,
            "replacement_requests_before_stop_median": float(counts.median()) if len(counts) else None,
            "replacement_requests_before_stop_max": int(counts.max()) if len(counts) else None,
            "replacement_stopped_within_20_share": round(float((counts <= 20).mean()), 6)
            if len(counts) else None,
        }
    legit = decided.filter(pl.col("operation").is_null())
    lat = decided["latency"].to_numpy() * 1000
    return {
        "events": decided.height,
        "seconds": round(seconds, 2),
        "decisions_per_second": round(decided.height / max(seconds, 1e-9), 1),
        "latency_ms": {f"p{q}": round(float(np.percentile(lat, q)), 3) for q in (50, 95, 99)},
        "actions": dict(sorted(decided["action"].value_counts().iter_rows())),
        "legitimate": {
            "requests": legit.height,
            "not_allowed": int((legit["action"] != "allow").sum()),
            "not_allowed_share": round(float((legit["action"] != "allow").mean()), 6)
            if legit.height else 0.0,
            "by_actor": {a: round(float(s), 6) for a, s in legit.group_by("actor").agg(
                (pl.col("action") != "allow").mean()).sort("actor").iter_rows()},
        },
        "operations": dict(sorted(operations.items(), key=lambda kv: kv[1]["actor"] or "")),
    }
