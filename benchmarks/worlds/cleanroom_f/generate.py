#!/usr/bin/env python3
"""Generate a simulated world of LLM API logs with legitimate personas and distillation operations.

python generate.py --out DIR --seed N --preset default|hard --scale small|medium [--corpora PATH] [-q]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from dgworld.legit import PERSONAS, generate_legit, servegen_series  # noqa: E402
from dgworld.ops import generate_ops  # noqa: E402
from dgworld.world import MODELS, World  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--preset", choices=["default", "hard"], default="default")
    ap.add_argument("--scale", choices=["small", "medium"], default="small")
    ap.add_argument("--corpora", default="/work/shared/corpora")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.corpora):
        print(f"error: corpora directory not found: {a.corpora}", file=sys.stderr)
        return 2
    t0 = time.time()
    rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    log = (lambda *x: None) if a.quiet else (lambda *x: print(f"[{time.time() - t0:6.1f}s {rss():5d}MB]", *x, file=sys.stderr))
    w = World(a.seed, a.preset, a.scale, a.corpora)
    log(f"world: {w.D} days from {pl.from_epoch(pl.Series([int(w.T0)]), 's')[0]}, new model at "
        f"{pl.from_epoch(pl.Series([int(w.release)]), 's')[0]}")
    series = servegen_series(a.corpora)
    generate_legit(w, series)
    n_legit_acc = w.n_acc
    log(f"legitimate personas: {n_legit_acc} accounts")
    camp = generate_ops(w)
    log(f"operations: {w.n_acc - n_legit_acc} accounts in {len(camp)} campaigns")
    E = w.assemble()
    log(f"assembled {len(E['ts'])} events ({w.n_retries} rate-limit retries)")
    events, accounts, releases, truth, truth_ev = w.build_tables(E)
    del E
    log("tables built")
    os.makedirs(a.out, exist_ok=True)
    events.write_parquet(os.path.join(a.out, "events.parquet"), compression="zstd", row_group_size=250_000)
    accounts.write_parquet(os.path.join(a.out, "accounts.parquet"))
    releases.write_parquet(os.path.join(a.out, "releases.parquet"))
    truth.write_parquet(os.path.join(a.out, "truth.parquet"))
    truth_ev.write_parquet(os.path.join(a.out, "events_truth.parquet"), compression="zstd")
    # meta
    per_actor = (truth_ev.group_by("actor").agg(pl.len().alias("events"), pl.col("account_id").n_unique().alias("accounts"))
                 .sort("actor"))
    ev_c = truth_ev.filter(pl.col("campaign_id").is_not_null()).group_by("campaign_id").agg(pl.len().alias("n"))
    ev_c = dict(zip(ev_c["campaign_id"].to_list(), ev_c["n"].to_list()))
    acc_c = truth.filter(pl.col("campaign_id").is_not_null()).group_by("campaign_id").agg(pl.len().alias("n"))
    acc_c = dict(zip(acc_c["campaign_id"].to_list(), acc_c["n"].to_list()))
    ts_iso = lambda t: pl.from_epoch(pl.Series([int(t)]), "s").dt.replace_time_zone("UTC")[0].isoformat()
    campaigns = []
    for cid, m in camp.items():
        campaigns.append({"campaign_id": cid, "operation": m["operation"], "description": m["description"],
                          "n_accounts": int(acc_c.get(cid, 0)), "n_exchanges_campaign": int(ev_c.get(cid, 0)),
                          "worker_slots": m["slots"], "accounts_banned_in_window": m["banned"],
                          "campaign_start": ts_iso(m["start"]), "pivot_delay_hours": round(m["pivot_delay_h"], 2)})
    meta = {
        "generator": "cleanroom_f world generator", "seed": a.seed, "preset": a.preset, "scale": a.scale,
        "window": {"start": ts_iso(w.T0), "end": ts_iso(w.T1), "days": w.D},
        "new_model": {"model": MODELS[-1], "released_at": ts_iso(w.release)},
        "sizes": {"events": events.height, "accounts": accounts.height,
                  "legit_accounts": int(truth["campaign_id"].is_null().sum()),
                  "operation_accounts": int(truth["campaign_id"].is_not_null().sum()),
                  "rate_limit_retries": w.n_retries},
        "per_actor": {r["actor"]: {"accounts": r["accounts"], "events": r["events"],
                                   "kind": "legitimate" if r["actor"] in PERSONAS else "operation"}
                      for r in per_actor.iter_rows(named=True)},
        "campaigns": campaigns,
        "elapsed_s": round(time.time() - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    with open(os.path.join(a.out, "world_meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    log(f"wrote {a.out}: {events.height} events, {accounts.height} accounts, peak RSS {meta['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
