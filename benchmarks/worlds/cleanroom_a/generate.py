#!/usr/bin/env python
"""Clean-room world generator for distillguard (cleanroom_a).

    python generate.py --out DIR --seed N --preset default|hard [--scale small|medium] [--days D] [--corpora PATH]

Writes events.parquet, accounts.parquet, releases.parquet, truth.parquet and events_truth.parquet.
See README.md in this folder for what the world holds.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cra_ops  # noqa: E402
import cra_personas  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from cra_util import DAY, hex_strings  # noqa: E402
from cra_world import NEW_MODEL, OLD_MODELS, World  # noqa: E402

EVENT_COLS = ["request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens", "output_tokens", "org_id",
              "api_key_id", "asn", "country", "user_agent", "client_fingerprint", "surface", "system_prompt",
              "n_turns", "tools_declared", "has_image", "reasoning_tokens", "max_tokens", "temperature", "status"]


def default_corpora() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


def request_ids(rng: np.random.Generator, n: int) -> pl.Series:
    ids = hex_strings(rng, n, 12)
    while len(np.unique(ids)) != n:  # 96 random bits: practically never loops
        ids = hex_strings(rng, n, 12)
    return pl.DataFrame({"x": ids}).select(pl.concat_str([pl.lit("req_"), pl.col("x")]).alias("request_id"))["request_id"]


def build(seed: int, preset: str, scale: str, days: float, corpora: Path) -> tuple[World, dict]:
    W = World(seed, preset, scale, days, corpora)
    for fn in cra_personas.LEGIT:
        fn(W)
    for fn in cra_ops.OPS:
        fn(W)
    acc = pl.concat(W.acc_chunks, how="vertical_relaxed")
    ev = pl.concat(W.ev_chunks, how="vertical_relaxed")
    ip_s, asn_a, cc_s = W.net.finalize()

    # events must fall inside the window and after their account was created
    ev = ev.join(acc.select("account_id", "created_at_s"), on="account_id", how="left", maintain_order="left")
    ev = ev.filter((pl.col("ts_s") >= 0) & (pl.col("ts_s") < W.T) & (pl.col("ts_s") >= pl.col("created_at_s")))
    ev = ev.drop("created_at_s")
    rng = W.stream("request-ids")
    ev = ev.with_columns(request_id=request_ids(rng, ev.height))
    ev = ev.sort(["ts_s", "request_id"])
    ip_idx = ev["ip_idx"].to_numpy()
    ts = pl.Series((W.t0_us + np.round(ev["ts_s"].to_numpy() * 1e6)).astype(np.int64)).cast(pl.Datetime("us", "UTC"))
    ev = ev.with_columns(ts=ts, ip=ip_s.gather(ip_idx), asn=pl.Series(asn_a[ip_idx]), country=cc_s.gather(ip_idx),
                         n_turns=pl.col("n_turns").cast(pl.Int32), tools_declared=pl.col("tools_declared").cast(pl.Int32))
    events = ev.select(EVENT_COLS)
    events_truth = ev.select("request_id", "account_id", "campaign_id", "actor")

    sig = acc["signup_ip_idx"].to_numpy()
    created = pl.Series((W.t0_us + np.round(acc["created_at_s"].to_numpy() * 1e6)).astype(np.int64)).cast(
        pl.Datetime("us", "UTC"))
    accounts = acc.with_columns(created_at=created, signup_ip=ip_s.gather(np.maximum(sig, 0))).sort("account_id")
    truth = accounts.select("account_id", "campaign_id", "actor")
    accounts = accounts.select("account_id", "created_at", "tier", "verified", "email_domain", "payment_fingerprint",
                               "signup_ip", "org_id")
    rel = [(m, W.t0_us + int(d * DAY * 1e6)) for m, d in OLD_MODELS] + [(NEW_MODEL, W.t0_us + int(W.t_rel * 1e6))]
    releases = pl.DataFrame({"model": [r[0] for r in rel], "released_at": [r[1] for r in rel]}).with_columns(
        pl.col("released_at").cast(pl.Datetime("us", "UTC")))
    return W, dict(events=events, accounts=accounts, releases=releases, truth=truth, events_truth=events_truth)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", choices=["default", "hard"], default="default")
    ap.add_argument("--scale", choices=["small", "medium"], default="medium")
    ap.add_argument("--days", type=float, default=None)
    ap.add_argument("--corpora", type=Path, default=None)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    days = a.days if a.days is not None else (14.0 if a.scale == "medium" else 4.0)
    if days <= 0:
        ap.error("--days must be positive")
    corpora = a.corpora or default_corpora()
    t = time.time()
    W, tables = build(a.seed, a.preset, a.scale, days, corpora)
    a.out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.write_parquet(a.out / f"{name}.parquet", compression="zstd", statistics=True)
    if not a.quiet:
        ev, tr = tables["events_truth"], tables["truth"]
        acc_n = tr.group_by("actor").agg(pl.len().alias("accounts"))
        ev_n = (ev.join(tr.select("account_id", pl.col("actor").alias("acct_actor")), on="account_id")
                .group_by("acct_actor").agg(pl.len().alias("events"),
                                            pl.col("campaign_id").is_not_null().sum().alias("campaign_events"))
                .rename({"acct_actor": "actor"}))
        summ = acc_n.join(ev_n, on="actor", how="left").fill_null(0).sort("actor")
        with pl.Config(tbl_rows=40):
            print(summ)
        print(f"preset={a.preset} scale={a.scale} days={days:g} seed={a.seed}: {tables['accounts'].height} accounts, "
              f"{tables['events'].height} events, release of {NEW_MODEL} at "
              f"{tables['releases'].filter(pl.col('model') == NEW_MODEL)['released_at'][0]}; "
              f"{time.time() - t:.1f}s -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
