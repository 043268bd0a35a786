"""Benchmark: `scan --engine spark` on local[N] against the Polars engine — events/s, peak memory, parity.

Usage: python benchmarks/bench_spark.py WORLD [WORLD ...] [--master local[2]] [--workdir DIR]
Each WORLD is a `distillguard simulate` directory. Both engines scan it as a user runs them (child
processes); the process tree's resident memory is sampled every 0.1 s: the Python driver (where linkage,
scoring and campaigns run), the JVM (in local mode the Spark driver and executors) and their sum. Prints
JSON with the measures, the agreement of the two scans, and a paper sizing for 10 billion events a month
from the largest world's per-event costs."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import psutil

from distillguard.evaluation.parity import scan_agreement

MONTHLY_EVENTS = 10_000_000_000
EXECUTOR_CORES = 4  # a common executor size (4 cores, 16 GiB)
RUN_HOURS = 2.0  # the monthly scan should finish within this
EVENT_SHUFFLES, SHUFFLE_BYTES_PER_EVENT = 2, 100


def measure(cmd: list[str]) -> dict:
    """Run ``cmd``; wall seconds and peak resident memory (MiB) of its Python process, of the
    Java processes below it and of the whole tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = {"python": 0, "jvm": 0, "tree": 0}
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            rss = {p.pid: (p.name(), p.memory_info().rss) for p in procs}
        except psutil.Error:
            continue
        jvm = sum(r for name, r in rss.values() if name == "java")
        peak["python"] = max(peak["python"], rss.get(proc.pid, ("", 0))[1])
        peak["jvm"] = max(peak["jvm"], jvm)
        peak["tree"] = max(peak["tree"], sum(r for _, r in rss.values()))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()[-3000:]}")
    return {"seconds": round(seconds, 1),
            **{f"peak_{k}_mib": round(v / 2**20) for k, v in peak.items()}}


def scan(world: Path, out: Path, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "distillguard", "scan", str(world / "events.parquet"),
           "--accounts", str(world / "accounts.parquet"), "--releases",
           str(world / "releases.parquet"), "--out", str(out), *extra]
    result = measure(cmd)
    result["stages_s"] = json.loads((out / "scan_summary.json").read_text())["timings_s"]
    return result


def sizing(events: int, spark: dict, cores: int) -> dict:
    """Executors, shuffle volume and run time for MONTHLY_EVENTS, from one run's per-event cost.

    The executor side scales with cores (per-event core-seconds measured here); the driver side
    (linkage, scoring, campaigns) grows with accounts and the featurized events it streams, so it
    is extrapolated linearly from the measured stages."""
    stages = spark["stages_s"]
    executor_s = sum(stages.get(k, 0.0) for k in ("validate+featurize", "deduplicate", "accounts"))
    driver_s = sum(stages.get(k, 0.0) for k in ("link", "score", "campaigns"))
    core_s_per_event = executor_s * cores / events
    scale = MONTHLY_EVENTS / events
    core_hours = core_s_per_event * MONTHLY_EVENTS / 3600
    executors = max(1, round(core_hours / RUN_HOURS / EXECUTOR_CORES))
    return {
        "events": MONTHLY_EVENTS,
        "executor_core_seconds_per_million_events": round(core_s_per_event * 1e6, 1),
        "executor_core_hours": round(core_hours),
        "executors_for_run_hours": {"executors": executors, "cores_each": EXECUTOR_CORES,
                                    "hours": RUN_HOURS},
        # featurized events (no prompts: ~51 B each in Parquet, ~100 B as compressed shuffle
        # rows) are shuffled twice: split by account, then grouped for the fingerprints
        "shuffle_gib": round(EVENT_SHUFFLES * SHUFFLE_BYTES_PER_EVENT * MONTHLY_EVENTS / 2**30),
        "driver_hours_linear": round(driver_s * scale / 3600, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worlds", type=Path, nargs="+")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dg-bench-spark-"))
    cores = int(args.master.removeprefix("local[").removesuffix("]")) \
        if args.master.startswith("local[") and args.master[6:-1].isdigit() else psutil.cpu_count()
    runs = []
    for world in args.worlds:
        events = pl.scan_parquet(world / "events.parquet").select(pl.len()).collect().item()
        polars = scan(world, work / world.name / "polars")
        spark = scan(world, work / world.name / "spark", "--engine", "spark", "--spark-master",
                     args.master)
        for result in (polars, spark):
            result["events_per_s"] = round(events / result["seconds"])
        runs.append({"world": str(world), "events": events, "polars": polars, "spark": spark,
                     "agreement": scan_agreement(work / world.name / "polars",
                                                 work / world.name / "spark")})
    largest = max(runs, key=lambda r: r["events"])
    report = {"master": args.master, "cpus": psutil.cpu_count(), "runs": runs,
              "sizing_10b_per_month": sizing(largest["events"], largest["spark"], cores)}
    if len(runs) > 1:
        small = min(runs, key=lambda r: r["events"])
        growth = largest["events"] / small["events"]
        report["growth"] = {engine: {
            "events_x": round(growth, 1),
            "seconds_x": round(largest[engine]["seconds"] / small[engine]["seconds"], 1),
            "peak_python_x": round(largest[engine]["peak_python_mib"]
                                   / small[engine]["peak_python_mib"], 1)}
            for engine in ("polars", "spark")}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
