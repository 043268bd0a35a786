"""Benchmark: ingest speed of each log format — `validate` on one world written as contract Parquet, OTLP JSON
spans and LiteLLM spend logs (JSON Lines and CSV): wall time, rows/s, ratio to Parquet, peak RSS.

Usage: python benchmarks/bench_formats.py [--scale small|medium] [--seed 0] [--workdir DIR] [--repeat 1]
Each `validate` runs as a child process (its own peak RSS from os.wait4); the Parquet holds the columns both
formats carry, so every run reads the same information."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commands import measure
from distillguard.sim.export import OTEL_COLUMNS, write_litellm, write_otel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="runs per format (median kept)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dg-formats-"))
    world = work / f"world-{args.scale}"
    dg = [sys.executable, "-m", "distillguard"]
    if not (world / "events.parquet").exists():
        measure([*dg, "simulate", "--out", str(world), "--scale", args.scale,
                 "--seed", str(args.seed)])
    files = {"contract": work / "events.parquet", "otel": work / "traces.json",
             "litellm": work / "spend.jsonl", "litellm-csv": work / "spend.csv"}
    if not all(path.exists() for path in files.values()):
        # in a child: a child forked from a process that held the frames would report its peak
        subprocess.run([sys.executable, __file__, "--write", str(world), str(work)], check=True)
    n_events = pl.scan_parquet(files["contract"]).select(pl.len()).collect().item()
    rows = []
    for name, path in files.items():
        runs = [measure([*dg, "validate", str(path), "--format", name.split("-")[0], "--out",
                         str(work / f"validate-{name}")]) for _ in range(args.repeat)]
        best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        rows.append({"format": name, "file_mib": round(path.stat().st_size / 2**20, 1),
                     "seconds": round(best["seconds"], 2),
                     "rows_per_s": round(n_events / best["seconds"]),
                     "peak_rss_mib": best["peak_rss_mib"]})
    parquet = rows[0]["rows_per_s"]
    for row in rows:
        row["vs_parquet"] = round(row["rows_per_s"] / parquet, 3)
    print(json.dumps({"events": n_events, "scale": args.scale, "formats": rows}, indent=2))


def write_formats(world: Path, work: Path) -> None:
    """The world's events, cut to the columns both formats carry, in each format."""
    events = pl.read_parquet(world / "events.parquet").select(OTEL_COLUMNS)
    events.write_parquet(work / "events.parquet")
    write_otel(events, work / "traces.json")
    write_litellm(events, work / "spend.jsonl")
    write_litellm(events, work / "spend.csv")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_formats(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
