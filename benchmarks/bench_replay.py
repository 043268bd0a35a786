"""Online quality bar: replay simulated worlds through the decision engine and report, per operation,
what it got served before and after it was first stopped, and what legitimate users paid.

Usage: python benchmarks/bench_replay.py WORLD_DIR [WORLD_DIR ...] [--mode in-process|http]
       [--json OUT]
`in-process` drives online.engine.Engine directly (same decide/ingest code as the service, no HTTP:
minutes for a medium world); `http` starts `distillguard serve` and runs `distillguard replay`
against it (the full path, about an hour for a medium world on 2 cores)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
from distillguard.online.state import open_store

TOKEN = "bench-token"


def in_process(world: Path, tmp: Path) -> dict:
    engine = Engine(open_store(f"sqlite:///{tmp / 'state.db'}"), load_config(), load_policy())
    t0 = time.perf_counter()
    decided = decide_in_process(load_world(world), engine)
    return summarize(decided, time.perf_counter() - t0)


def over_http(world: Path, tmp: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_online import free_port, wait_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "distillguard", "serve", "--state",
                             f"sqlite:///{tmp / 'state.db'}", "--port", str(port), "--workers",
                             "2"], env=os.environ | {"DISTILLGUARD_TOKENS": TOKEN})
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
    parser.add_argument("--mode", choices=["in-process", "http"], default="in-process")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = {}
    for world in args.worlds:
        with tempfile.TemporaryDirectory() as tmp:
            run = in_process if args.mode == "in-process" else over_http
            results[str(world)] = summary = run(world, Path(tmp))
        people = summary["legitimate"]
        print(f"\n**{world.name}** ({args.mode}): {summary['events']} events in "
              f"{summary['seconds']} s; legitimate requests not allowed "
              f"{pct(people['not_allowed_share'])} ({people['not_allowed']} of "
              f"{people['requests']}); decide p50/p99 {summary['latency_ms']['p50']}/"
              f"{summary['latency_ms']['p99']} ms\n")
        print("| operation | exchanges | served in full | served after first stop | reasoning "
              "withheld | replacement accounts stopped within 20 requests (max) |")
        print("|---|---|---|---|---|---|")
        for op in summary["operations"].values():
            replaced = (f"{pct(op['replacement_stopped_within_20_share'])} of "
                        f"{op['replacement_accounts']} ({op['replacement_requests_before_stop_max']})")
            print(f"| {op['actor']} | {op['exchanges']} | {pct(op['served_total_share'])} | "
                  f"{pct(op['served_after_first_stop_share'])} | "
                  f"{pct(op['degraded_total'] / op['exchanges'])} | {replaced} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
