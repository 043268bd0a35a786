"""Benchmark: `simulate`, `validate` and `scan` as a user runs them — wall time, events/s, peak RSS.

Usage: python benchmarks/bench_commands.py [--scale medium] [--seed 0] [--workdir DIR]
Runs each command as a child process and reads its own peak RSS from os.wait4; also times the
speed floor of ../shared/bench/floor.py on the same events (when it exists) and prints the ratio."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

FLOOR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "floor.py"


def measure(cmd: list[str]) -> dict:
    """Run ``cmd``; return wall seconds and the child's peak resident memory in MiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()}")
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dg-bench-"))
    world = work / f"world-{args.scale}"
    dg = [sys.executable, "-m", "distillguard"]

    sim = measure([*dg, "simulate", "--out", str(world), "--scale", args.scale,
                   "--seed", str(args.seed)])
    n_events = pl.scan_parquet(world / "events.parquet").select(pl.len()).collect().item()
    sim["events"] = n_events
    sim["events_per_s"] = round(n_events / sim["seconds"])

    val = measure([*dg, "validate", str(world / "events.parquet"), "--accounts",
                   str(world / "accounts.parquet"), "--releases", str(world / "releases.parquet"),
                   "--out", str(work / "validate")])
    val["events_per_s"] = round(n_events / val["seconds"])
    scan = measure([*dg, "scan", str(world / "events.parquet"), "--accounts",
                    str(world / "accounts.parquet"), "--releases", str(world / "releases.parquet"),
                    "--out", str(work / "scan")])
    scan["events_per_s"] = round(n_events / scan["seconds"])
    scan["stages_s"] = json.loads((work / "scan" / "scan_summary.json").read_text())["timings_s"]
    report = {"scale": args.scale, "seed": args.seed, "cpus": os.cpu_count(), "simulate": sim,
              "validate": val, "scan": scan}
    if FLOOR.is_file():
        floor = measure([sys.executable, str(FLOOR), str(world / "events.parquet")])
        report["floor"] = floor
        report["validate_over_floor"] = round(val["seconds"] / floor["seconds"], 2)
        report["scan_over_floor"] = round(scan["seconds"] / floor["seconds"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
