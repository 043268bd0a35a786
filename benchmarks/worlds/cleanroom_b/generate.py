#!/usr/bin/env python
"""cleanroom_b world generator.

    python generate.py --out DIR --seed N --preset default|hard [--scale small|medium] [--days D] [--corpora PATH]

Writes events.parquet, accounts.parquet, releases.parquet, truth.parquet and events_truth.parquet
(see README.md in this folder).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import legit  # noqa: E402
import numpy as np  # noqa: E402
import ops  # noqa: E402
import polars as pl  # noqa: E402
from common import DAY, HOUR, NEW_MODEL, OLD_RELEASES, TIER_RPM, World, hex_ids  # noqa: E402
from corpora import Corpora  # noqa: E402

EVENT_COLUMNS = ["request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens", "output_tokens", "org_id",
                 "api_key_id", "asn", "country", "user_agent", "client_fingerprint", "surface", "system_prompt", "n_turns",
                 "tools_declared", "has_image", "reasoning_tokens", "max_tokens", "temperature", "status"]


def default_corpora() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


def make_world(seed: int, preset: str, scale: str, days: float | None, corpora: Path) -> World:
    days = float(days if days is not None else (14 if scale == "medium" else 4))
    r = np.random.default_rng([seed, 9001])
    start = np.datetime64("2025-01-06") + np.timedelta64(int(r.integers(0, 150)), "D")
    t0 = int(start.astype("datetime64[s]").astype(np.int64))
    rel_day = np.floor(days * r.uniform(0.45, 0.6))
    release_t = rel_day * DAY + r.uniform(15, 18) * HOUR
    if days >= 3:
        release_t = min(release_t, (days - 1.2) * DAY)
    else:
        release_t = days * 0.4 * DAY
    return World(seed=seed, preset=preset, scale=scale, days=days, t0=t0, release_t=float(release_t),
                 corp=Corpora(corpora))


def finalize(world: World, acc: pl.DataFrame, ev: pl.DataFrame):
    rng = world.rng("finalize", world.preset)
    # events only inside the window and after the account exists
    created = acc.select("account_id", "created_at")
    ev = ev.join(created, on="account_id", how="left")
    ev = ev.filter((pl.col("ts") >= 0) & (pl.col("ts") < world.T) & (pl.col("ts") >= pl.col("created_at") + 60)).drop("created_at")
    ev = ev.sort(["ts", "account_id"])
    n = ev.height
    # status: explicit ones kept; else rate limit by tier RPM, refusals, transient errors
    rpm = pl.DataFrame({"tier": list(TIER_RPM), "rpm": list(TIER_RPM.values())})
    ev = ev.join(rpm, on="tier", how="left", maintain_order="left")
    ev = ev.with_columns((pl.col("ts") // 60).alias("_min"))
    ev = ev.with_columns(pl.col("ts").rank("ordinal").over(["account_id", "_min"]).alias("_rk"))
    u = rng.random(n)
    u2 = rng.random(n)
    ev = ev.with_columns(pl.Series("_u", u), pl.Series("_u2", u2))
    ev = ev.with_columns(
        pl.when(pl.col("status").is_not_null()).then(pl.col("status"))
        .when(pl.col("_rk") > pl.col("rpm")).then(pl.lit("rate_limited"))
        .when(pl.col("_u") < 0.0025).then(pl.lit("error"))
        .when(pl.col("_u2") < pl.col("refuse_p")).then(pl.lit("refused"))
        .otherwise(pl.lit("ok")).alias("status"))
    short = pl.Series(rng.integers(12, 90, size=n))
    ev = ev.with_columns(
        pl.when(pl.col("status").is_in(["error", "rate_limited"])).then(0)
        .when(pl.col("status") == "refused").then(short).otherwise(pl.col("output_tokens")).alias("output_tokens"),
        pl.when(pl.col("status") == "ok").then(pl.col("reasoning_tokens")).otherwise(0).alias("reasoning_tokens"),
    )
    ev = ev.with_columns(pl.when(pl.col("status") == "rate_limited").then(0).otherwise(pl.col("input_tokens")).alias("input_tokens"))
    ids = hex_ids(rng, n, "req_", 12)
    ev = ev.with_columns(pl.Series("request_id", ids, dtype=pl.String))
    ts_us = ((world.t0 + ev["ts"]) * 1e6).round(0).cast(pl.Int64)
    ev = ev.with_columns(ts_us.cast(pl.Datetime("us", "UTC")).alias("ts"))
    events = ev.select(
        "request_id", "ts", "account_id", "ip", "model", "prompt",
        pl.col("input_tokens").cast(pl.Int64), pl.col("output_tokens").cast(pl.Int64), "org_id", "api_key_id",
        pl.col("asn").cast(pl.Int64), "country", "user_agent", "client_fingerprint", "surface", "system_prompt",
        pl.col("n_turns").cast(pl.Int64), pl.col("tools_declared").cast(pl.Int64), pl.col("has_image").cast(pl.Boolean),
        pl.col("reasoning_tokens").cast(pl.Int64), pl.col("max_tokens").cast(pl.Int64), pl.col("temperature").cast(pl.Float64),
        "status")
    etruth = ev.select("request_id", "account_id", "campaign_id", "actor", "role")
    accounts = acc.with_columns(((world.t0 + pl.col("created_at")) * 1e6).round(0).cast(pl.Int64).cast(pl.Datetime("us", "UTC"))
                                .alias("created_at")).sort("account_id")
    truth = accounts.select("account_id", "campaign_id", "actor")
    accounts = accounts.select("account_id", "created_at", "tier", "verified", "email_domain", "payment_fingerprint",
                               "signup_ip", "org_id")
    rel = {**OLD_RELEASES, NEW_MODEL: world.release_t / DAY}
    releases = pl.DataFrame({"model": list(rel), "released_at": [(world.t0 + v * DAY) for v in rel.values()]}).with_columns(
        (pl.col("released_at") * 1e6).round(0).cast(pl.Int64).cast(pl.Datetime("us", "UTC")))
    return events, accounts, releases, truth, etruth


def generate(out: Path, seed: int, preset: str, scale: str, days: float | None, corpora: Path, quiet: bool = False) -> dict:
    t_start = time.time()
    world = make_world(seed, preset, scale, days, corpora)
    crng = world.rng("campaign-ids")
    cids = hex_ids(crng, 3, "cmp_", 8)
    parts = legit.all_legit(world)
    a1, e1, _ = ops.op_reasoning(world, cids[0])
    a2, e2, _ = ops.op_agentic(world, cids[1])
    a3, e3, _ = ops.op_hydra(world, cids[2])
    parts += [(a1, e1), (a2, e2), (a3, e3)]
    acc = pl.concat([p[0] for p in parts])
    ev = pl.concat([p[1] for p in parts], how="vertical_relaxed")
    if acc["account_id"].n_unique() != acc.height:
        raise RuntimeError("account id collision")
    events, accounts, releases, truth, etruth = finalize(world, acc, ev)
    if events["request_id"].n_unique() != events.height:
        raise RuntimeError("request id collision")
    out.mkdir(parents=True, exist_ok=True)
    events.write_parquet(out / "events.parquet", compression="zstd", statistics=True)
    accounts.write_parquet(out / "accounts.parquet", compression="zstd")
    releases.write_parquet(out / "releases.parquet", compression="zstd")
    truth.write_parquet(out / "truth.parquet", compression="zstd")
    etruth.write_parquet(out / "events_truth.parquet", compression="zstd")
    info = {"events": events.height, "accounts": accounts.height, "seconds": round(time.time() - t_start, 1),
            "window_start": str(np.datetime64(world.t0, "s")), "days": world.days,
            "release": str(np.datetime64(int(world.t0 + world.release_t), "s"))}
    if not quiet:
        summary = (truth.join(etruth.group_by("account_id").agg(pl.len().alias("ev")), on="account_id", how="left")
                   .group_by("actor").agg(pl.len().alias("accounts"), pl.col("ev").sum().alias("events"))
                   .sort("events", descending=True))
        with pl.Config(tbl_rows=40):
            print(summary)
        print(info)
    return info


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--preset", choices=["default", "hard"], default="default")
    p.add_argument("--scale", choices=["small", "medium"], default="medium")
    p.add_argument("--days", type=float, default=None)
    p.add_argument("--corpora", type=Path, default=default_corpora())
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.days is not None and a.days <= 0.5:
        p.error("--days must be more than 0.5")
    generate(a.out, a.seed, a.preset, a.scale, a.days, a.corpora, a.quiet)


if __name__ == "__main__":
    main()
