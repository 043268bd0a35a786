#!/usr/bin/env python
"""Clean-room world generator "cleanroom_d" for distillguard.

    python generate.py --out DIR --seed N --preset default|hard [--scale small|medium] [--days D] [--corpora PATH]

Writes events.parquet, accounts.parquet, releases.parquet, truth.parquet, events_truth.parquet
and world_meta.json into DIR. See README.md in this folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import pyarrow as pa  # noqa: E402

from cdgen import core, ops, personas  # noqa: E402
from cdgen.corpora import Corpora  # noqa: E402

# Account counts and volumes. Per-day volumes do not depend on --days; account counts do not
# either (they are the population seen over the window).
SIZES = {
    "medium": dict(
        casual=2400, vpn=420, vpn_exits=40, students=1300, campuses=3, edtech_orgs=1, edtech_conv_per_day=850,
        corp_companies=2, corp_employees=220, dev=420, agent=650, saas_orgs=34, saas_per_day=210,
        bench=55, bench_runs_per_week=1.0, bench_item_scale=1.0, judge=36, judge_runs_per_week=1.0,
        judge_run_median=400, agg_orgs=4, agg_per_day=700,
        op_reason=26, op_reason_per_day=4300, op_agentic=260, op_agentic_per_day=11000,
        hydra_slots=45, hydra_harvest_per_day=7000, hydra_customer_per_day=3500,
        casual_rate=0.4, dev_rate=0.2, agent_rate=0.4),
    "small": dict(
        casual=330, vpn=50, vpn_exits=10, students=170, campuses=2, edtech_orgs=1, edtech_conv_per_day=150,
        corp_companies=1, corp_employees=30, dev=50, agent=65, saas_orgs=6, saas_per_day=150,
        bench=8, bench_runs_per_week=1.5, bench_item_scale=0.3, judge=6, judge_runs_per_week=1.5,
        judge_run_median=150, agg_orgs=2, agg_per_day=400,
        op_reason=8, op_reason_per_day=1000, op_agentic=30, op_agentic_per_day=1500,
        hydra_slots=8, hydra_harvest_per_day=1500, hydra_customer_per_day=600,
        casual_rate=0.4, dev_rate=0.2, agent_rate=0.4),
}
HARD = dict(hard_acct_mult=3.5, hard_acct_mult_agentic=1.4, hard_acct_mult_hydra=2.5, hard_cover=0.1)
COUNT_KEYS = ["casual", "vpn", "students", "corp_employees", "dev", "agent", "saas_orgs", "bench", "judge",
              "op_reason", "op_agentic", "hydra_slots"]


def build_world(args) -> dict:
    t_begin = time.time()
    rng = np.random.default_rng(np.random.SeedSequence([int(args.seed), 0xC1EA4D]))
    days = float(args.days) if args.days else (14.0 if args.scale == "medium" else 4.0)
    size = dict(SIZES[args.scale])
    size.update(HARD)
    for k in COUNT_KEYS:  # counts vary with the seed
        size[k] = max(int(round(size[k] * rng.uniform(0.88, 1.12))), 1)
    base = dt.datetime(2025, 3, 3, tzinfo=dt.timezone.utc)
    start = base + dt.timedelta(days=int(rng.integers(0, 21)))
    horizon = days * core.DAY
    r1 = (np.floor(rng.uniform(0.5, 0.6) * days) + (17 + rng.uniform(0, 1)) / 24.0) * core.DAY
    r1 = min(r1, horizon * 0.75)
    releases = [("atlas-2-mini", -210 * core.DAY), ("atlas-2", -160 * core.DAY),
                ("atlas-2-reasoner", -75 * core.DAY), ("atlas-3", r1)]
    if days >= 7:
        releases.append(("atlas-3-mini", min(r1 + rng.uniform(2.5, 4) * core.DAY, horizon * 0.92)))
    corpora = Corpora(Path(args.corpora))
    ctx = core.Ctx(seed=args.seed, preset=args.preset, scale=args.scale, days=days, corpora=corpora, rng=rng,
                   start=start, start_wd=start.weekday(), releases=releases)
    ctx.size = size

    # ------------------------------------------------------------ legitimate
    personas.casual_chat(ctx, size["casual"])
    vp = personas.vpn_pool(rng, size["vpn_exits"])
    personas.casual_chat(ctx, size["vpn"], actor="vpn_user", vpn_pool=vp)
    personas.edu_students(ctx, size["students"], size["campuses"])
    personas.edtech_platform(ctx, size["edtech_orgs"])
    personas.corporate(ctx, size["corp_companies"], size["corp_employees"])
    personas.developers(ctx, size["dev"])
    personas.coding_agents(ctx, size["agent"])
    personas.saas_backends(ctx, size["saas_orgs"])
    personas.benchmark_runners(ctx, size["bench"])
    personas.llm_judges(ctx, size["judge"])
    personas.aggregators(ctx, size["agg_orgs"])
    # ------------------------------------------------------------ operations
    ops.op_reasoning(ctx)
    ops.op_agentic(ctx)
    ops.reseller_hydra(ctx)
    return finalize(ctx, t_begin)


def S(arr) -> pl.Series:
    """object/str numpy array (str or None) -> polars String series."""
    return pl.from_arrow(pa.array(np.asarray(arr, dtype=object), type=pa.large_string()))


def _cat(batches, key):
    return np.concatenate([b[key] for b in batches])


def finalize(ctx, t_begin) -> dict:
    rng = ctx.rng
    C = ctx.corpora
    E = ctx.events
    acct = _cat(E, "acct")
    t = _cat(E, "t")
    A = {k: np.concatenate([b[k] for b in ctx.accounts]) for k in ctx.accounts[0]}
    created_s = np.empty(ctx.n_accounts); created_s[A["idx"]] = A["created_s"]
    keep = (t >= 0) & (t < ctx.horizon) & (t >= created_s[acct])
    sel = np.nonzero(keep)[0]
    acct, t = acct[sel], t[sel]
    col = lambda k: _cat(E, k)[sel]  # noqa: E731
    n = len(sel)

    model = col("model")
    think = col("think")
    out_vis = np.maximum(col("out_vis"), 1)
    ratio = np.clip(C.sample(rng, C.reason_ratio, n) * rng.lognormal(0, 0.1, n), 0.3, 0.92)
    thinking = (model == "atlas-2-reasoner") | (np.isin(model, ["atlas-3", "atlas-3-mini"]) & think)
    reasoning = np.where(thinking, np.round(out_vis * ratio / (1 - ratio)), 0).astype(np.int64)
    mt = col("max_tokens")
    total = out_vis + reasoning
    over = (mt > 0) & (total > mt)
    scale = np.where(over, mt / np.maximum(total, 1), 1.0)
    reasoning = np.floor(reasoning * scale).astype(np.int64)
    out_vis = np.where(over, np.maximum(mt - reasoning, 1), out_vis)
    status = col("status")
    refused = status == "refused"
    out_vis = np.where(refused, rng.integers(12, 70, n), out_vis)
    reasoning = np.where(refused, reasoning // 8, reasoning)
    failed = np.isin(status, ["error", "rate_limited"])
    out_vis = np.where(failed, 0, out_vis)
    reasoning = np.where(failed, 0, reasoning)

    df = pl.DataFrame({
        "acct": acct, "t": t, "model": S(model),
        "prompt": S(col("prompt")),
        "system_prompt": S(col("system_prompt")),
        "input_ctx": col("input_ctx"), "tools_declared": col("tools"), "has_image": col("has_image"),
        "n_turns": col("n_turns"), "max_tokens": mt, "temperature": col("temperature"),
        "surface": S(col("surface")), "user_agent": S(col("user_agent")),
        "client_fingerprint": S(col("fp")), "ip": S(col("ip")),
        "asn": col("asn"), "country": S(col("country")),
        "api_key_id": S(col("api_key_id")), "org_id": S(col("org_id")),
        "status": S(status), "output_tokens": out_vis + reasoning,
        "reasoning_tokens": reasoning, "actor": S(col("actor")),
        # only harvest requests carry the operation's id (cover traffic and forwarded
        # customer requests stay null; their `kind` column says what they are)
        "campaign_id": S(np.where(col("kind") == "harvest", col("campaign"), None)), "kind": S(col("kind")),
        "capability": S(col("capability")),
    })
    # drop accounts without any event; give accounts opaque ids
    used = np.zeros(ctx.n_accounts, bool); used[acct] = True
    acc_ids = core.hexids(rng, ctx.n_accounts, 16, "acct_")
    req_ids = core.hexids(rng, n, 20, "req_")
    t0_us = int(ctx.start.timestamp() * 1_000_000)
    df = df.with_columns(
        request_id=S(req_ids),
        account_id=S(acc_ids[acct]),
        ts=(pl.lit(t0_us) + (pl.col("t") * 1e6).round().cast(pl.Int64)).cast(pl.Datetime("us", "UTC")),
        input_tokens=((pl.col("prompt").str.len_chars() + pl.col("system_prompt").str.len_chars().fill_null(0))
                      / 3.8).ceil().cast(pl.Int64) + 6 + pl.col("input_ctx") + pl.col("tools_declared") * 110,
        max_tokens=pl.when(pl.col("max_tokens") > 0).then(pl.col("max_tokens")).otherwise(None),
    ).sort(["ts", "request_id"])
    events = df.select(
        "request_id", "ts", "account_id", "ip", "model", "prompt",
        pl.col("input_tokens").cast(pl.Int64), pl.col("output_tokens").cast(pl.Int64), "org_id", "api_key_id",
        pl.col("asn").cast(pl.Int64), "country", "user_agent", "client_fingerprint", "surface", "system_prompt",
        pl.col("n_turns").cast(pl.Int64), pl.col("tools_declared").cast(pl.Int64), pl.col("has_image").cast(pl.Boolean),
        pl.col("reasoning_tokens").cast(pl.Int64), pl.col("max_tokens").cast(pl.Int64),
        pl.col("temperature").cast(pl.Float64), "status")
    events_truth = df.select("request_id", "account_id", "campaign_id", "actor", "kind", "capability")

    ua = np.nonzero(used[A["idx"]])[0]
    ai = A["idx"][ua]
    created_us = t0_us + np.round(A["created_s"][ua] * 1e6).astype(np.int64)
    accounts = pl.DataFrame({
        "account_id": S(acc_ids[ai]),
        "created_at": pl.Series(created_us).cast(pl.Datetime("us", "UTC")),
        "tier": S(A["tier"][ua]), "verified": A["verified"][ua],
        "email_domain": S(A["email_domain"][ua]),
        "payment_fingerprint": S(A["payment"][ua]),
        "signup_ip": S(A["signup_ip"][ua]),
        "org_id": S(A["org_id"][ua]),
    }).sort("account_id")
    truth = pl.DataFrame({
        "account_id": S(acc_ids[ai]),
        "campaign_id": S(A["campaign"][ua]),
        "actor": S(A["actor"][ua]),
    }).sort("account_id")
    releases = pl.DataFrame({
        "model": [m for m, _ in ctx.releases],
        "released_at": pl.Series([t0_us + int(round(r * 1e6)) for _, r in ctx.releases]).cast(pl.Datetime("us", "UTC")),
    })
    meta = dict(generator="cleanroom_d", seed=int(ctx.seed), preset=ctx.preset, scale=ctx.scale, days=ctx.days,
                start=ctx.start.isoformat(), n_events=events.height, n_accounts=accounts.height,
                campaigns={v: k for k, v in ctx.campaigns.items()},
                releases={m: (ctx.start + dt.timedelta(seconds=r)).isoformat() for m, r in ctx.releases},
                parameters={k: (float(v) if isinstance(v, (float, np.floating)) else int(v)) for k, v in ctx.size.items()},
                seconds=round(time.time() - t_begin, 2))
    return dict(events=events, accounts=accounts, truth=truth, releases=releases, events_truth=events_truth, meta=meta)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--preset", choices=["default", "hard"], default="default")
    p.add_argument("--scale", choices=["small", "medium"], default="medium")
    p.add_argument("--days", type=float, default=None)
    p.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared" / "corpora")
    args = p.parse_args(argv)
    if args.days is not None and args.days <= 0:
        p.error("--days must be positive")
    w = build_world(args)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("events", "accounts", "releases", "truth", "events_truth"):
        w[name].write_parquet(args.out / f"{name}.parquet", compression="zstd")
    (args.out / "world_meta.json").write_text(json.dumps(w["meta"], indent=2))
    print(f"cleanroom_d: {w['meta']['n_events']} events, {w['meta']['n_accounts']} accounts, "
          f"{args.scale}/{args.preset}, {w['meta']['days']} days, seed {args.seed} -> {args.out} "
          f"({w['meta']['seconds']}s build)")


if __name__ == "__main__":
    main()
