"""Online quality bar: replay simulated worlds through the decision engine and report, per operation,
what it got served before and after it was first stopped, and what legitimate users paid.

Usage: python benchmarks/bench_replay.py WORLD_DIR [WORLD_DIR ...]
       [--mode in-process|nightly|http] [--config FILE] [--json OUT]
`in-process` drives online.engine.Engine directly (same decide/ingest code as the service, no HTTP:
minutes for a medium world), learning everything online from an empty state; `nightly` does the
same and, at the end of every day, scans the logs so far with `distillguard scan` and imports its
campaigns.json and STIX bundle (POST /v1/campaigns/import), as a deployment with a nightly batch
job would; both give the engine the world's accounts table (serve --accounts). `http` starts
`distillguard serve` and runs `distillguard replay` against it (the full path, about an hour for a
medium world on 2 cores)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import polars as pl

from distillguard.config import load_config
from distillguard.online.engine import Engine
from distillguard.online.policy import load_policy
from distillguard.online.replay import (
    ReplayOptions,
    decide_in_process,
    load_world,
    replay,
    summarize,
)
from distillguard.online.service import load_directory
from distillguard.online.state import open_store
from distillguard.scan import run_scan

TOKEN = "bench-token"


def _engine(world: Path, tmp: Path, config: Path | None) -> Engine:
    cfg = load_config(config)
    directory, _ = load_directory(str(world / "accounts.parquet"), cfg)
    return Engine(open_store(f"sqlite:///{tmp / 'state.db'}"), cfg, load_policy(), directory)


def in_process(world: Path, tmp: Path, config: Path | None) -> dict:
    engine = _engine(world, tmp, config)
    t0 = time.perf_counter()
    decided = decide_in_process(load_world(world), engine)
    return summarize(decided, time.perf_counter() - t0)


def nightly(world: Path, tmp: Path, config: Path | None) -> dict:
    """Replay day by day; after each day, scan everything so far and import the scan."""
    engine = _engine(world, tmp, config)
    frame = load_world(world)
    events = pl.scan_parquet(world / "events.parquet")
    start = frame["ts"].min()
    days, decided, seconds = [], [], 0.0
    day = 0
    while True:
        lo, hi = start + timedelta(days=day), start + timedelta(days=day + 1)
        part = frame.filter((pl.col("ts") >= lo) & (pl.col("ts") < hi))
        if part.is_empty():
            break
        t0 = time.perf_counter()
        decided.append(decide_in_process(part, engine))
        seconds += time.perf_counter() - t0
        upto = tmp / "upto.parquet"
        events.filter(pl.col("ts") < hi).sink_parquet(upto)
        scan = tmp / f"scan-{day}"
        run_scan(upto, out_dir=scan, cfg=engine.cfg, accounts=world / "accounts.parquet",
                 releases=world / "releases.parquet")
        imported = engine.import_scan(json.loads((scan / "campaigns.json").read_text()),
                                      json.loads((scan / "indicators.stix.json").read_text()))
        days.append({"day": day, "imported": imported})
        print(f"{world.name} day {day}: imported {imported}", file=sys.stderr, flush=True)
        day += 1
    summary = summarize(pl.concat(decided), seconds)
    summary["nightly_imports"] = days
    return summary


def over_http(world: Path, tmp: Path, config: Path | None) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_online import free_port, wait_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "distillguard", "serve", "--state",
                             f"sqlite:///{tmp / 'state.db'}", "--port", str(port), "--workers",
                             "2", *(["--config", str(config)] if config else [])],
                            env=os.environ | {"DISTILLGUARD_TOKENS": TOKEN})
    try:
        wait_port(port)
        return replay(world, ReplayOptions(url=f"http://127.0.0.1:{port}", token=TOKEN))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worlds", type=Path, nargs="+")
    parser.add_argument("--mode", choices=["in-process", "nightly", "http"], default="in-process")
    parser.add_argument("--config", type=Path, default=None, help="detection config (serve --config)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = {}
    for world in args.worlds:
        with tempfile.TemporaryDirectory() as tmp:
            run = {"in-process": in_process, "nightly": nightly, "http": over_http}[args.mode]
            results[str(world)] = summary = run(world, Path(tmp), args.config)
        people = summary["legitimate"]
        print(f"\n**{world.name}** ({args.mode}): {summary['events']} events in "
              f"{summary['seconds']} s; legitimate requests not allowed "
              f"{pct(people['not_allowed_share'])} ({people['not_allowed']} of "
              f"{people['requests']}); decide p50/p99 {summary['latency_ms']['p50']}/"
              f"{summary['latency_ms']['p99']} ms")
        worst = sorted(people["by_actor"].items(), key=lambda kv: -kv[1])[:3]
        print("worst personas: " + ", ".join(f"{a} {pct(s)}" for a, s in worst) + "\n")
        print("| operation | exchanges | served in full | of which in its first 24 h | served after "
              "first stop | reasoning withheld | replacement accounts stopped within 20 requests "
              "(max) |")
        print("|---|---|---|---|---|---|---|")
        for op in summary["operations"].values():
            replaced = (f"{pct(op['replacement_stopped_within_20_share'])} of "
                        f"{op['replacement_accounts']} ({op['replacement_requests_before_stop_max']})")
            print(f"| {op['actor']} | {op['exchanges']} | {pct(op['served_total_share'])} | "
                  f"{pct(op['served_first_day_share'])} | {pct(op['served_after_first_stop_share'])} | "
                  f"{pct(op['degraded_total'] / op['exchanges'])} | {replaced} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
