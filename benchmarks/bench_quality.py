"""Quality bar: `simulate` → `scan` → `evaluate` over several seeds and evasion presets, averaged.

Usage: python benchmarks/bench_quality.py [--scale medium] [--seeds 1-5] [--evasion default,hard]
       [--workdir DIR] [--json OUT]
Seeds 1-5 are never used to fit the score (scripts/train_scorer.py uses 1000+). Prints, per evasion
preset, account precision / recall / FPR and the flagged share per legitimate persona and operation,
with, per operation, the share of its exchanges that flagged accounts sent (how much of what it took
was found), averaged over the seeds (markdown, as in the README), and writes every run's metrics to
--json."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl


def run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")


def one_world(work: Path, scale: str, seed: int, evasion: str) -> dict:
    dg = [sys.executable, "-m", "distillguard"]
    world = work / f"{scale}-{evasion}-{seed}"
    if not (world / "truth.parquet").exists():
        run([*dg, "simulate", "--out", str(world), "--scale", scale, "--seed", str(seed),
             "--evasion", evasion])
    scan = world / "scan"
    run([*dg, "scan", str(world / "events.parquet"), "--accounts", str(world / "accounts.parquet"),
         "--releases", str(world / "releases.parquet"), "--out", str(scan)])
    run([*dg, "evaluate", "--truth", str(world / "truth.parquet"), "--scan", str(scan)])
    return json.loads((scan / "metrics.json").read_text())


def rows_of(metrics: dict, seed: int, evasion: str) -> list[dict]:
    acc = metrics["accounts"]
    exchanges = metrics.get("exchanges", {})
    rows = [{"evasion": evasion, "seed": seed, "group": "all accounts", "kind": "summary",
             "precision": acc["precision"], "recall": acc["recall"], "fpr": acc["fpr"],
             "exchanges": exchanges.get("campaign_exchanges_flagged_share")}]
    for persona, r in acc["fpr_by_persona"].items():
        rows.append({"evasion": evasion, "seed": seed, "group": persona, "kind": "legitimate",
                     "accounts": r["accounts"], "flagged": r["flagged"], "share": r["fpr"]})
    for camp in metrics["campaigns"].values():
        rows.append({"evasion": evasion, "seed": seed, "group": camp["actor"], "kind": "operation",
                     "accounts": camp["accounts"], "share": camp["accounts_flagged_share"],
                     "exchanges": camp.get("exchanges_flagged_share"),
                     "in_one": camp["best_predicted_share"],
                     "pivot": float(camp["release_pivot_evidence"])})
    predicted = metrics["predicted_campaigns"]
    rows.append({"evasion": evasion, "seed": seed, "group": "predicted campaigns",
                 "kind": "purity", "accounts": len(predicted),
                 "share": max((p["legitimate_share"] for p in predicted), default=0.0),
                 "in_one": float(all(len(p["operations"]) <= 1 for p in predicted))})
    return rows


def table(frame: pl.DataFrame, evasion: str) -> str:
    part = frame.filter(pl.col("evasion") == evasion)
    summary = part.filter(pl.col("kind") == "summary")
    purity = part.filter(pl.col("kind") == "purity")
    found = (f" (operations' exchanges from flagged accounts {summary['exchanges'].mean():.4f})"
             if "exchanges" in summary.columns and summary["exchanges"].null_count() == 0 else "")
    lines = [f"**{evasion}** ({summary.height} seeds): precision "
             f"{summary['precision'].mean():.4f}, recall {summary['recall'].mean():.4f}{found}, "
             f"FPR {summary['fpr'].mean():.4%}; predicted campaigns per world "
             f"{purity['accounts'].mean():.1f}, none mixing two operations in "
             f"{purity['in_one'].sum():.0f} of {purity.height} worlds, largest legitimate share "
             f"in one {purity['share'].max():.2%}", "",
             "| actor | kind | accounts (mean) | flagged share (mean) | worst seed | "
             "exchanges from flagged accounts (mean / worst) | "
             "in one campaign (mean / worst) | release-pivot evidence |",
             "|---|---|---|---|---|---|---|---|"]
    groups = (part.filter(~pl.col("kind").is_in(["summary", "purity"]))
              .group_by("group", "kind")
              .agg(pl.col("accounts").mean(), pl.col("share").mean().alias("mean"),
                   pl.when(pl.col("kind").first() == "legitimate").then(pl.col("share").max())
                   .otherwise(pl.col("share").min()).alias("worst"),
                   pl.col("exchanges").mean().alias("taken"),
                   pl.col("exchanges").min().alias("taken_worst"),
                   pl.col("in_one").mean().alias("in_one"), pl.col("in_one").min().alias("in_worst"),
                   pl.col("pivot").mean().alias("pivot"))
              .sort("kind", "group"))
    for r in groups.iter_rows(named=True):
        operation = r["kind"] == "operation"
        taken = (f"{r['taken']:.2%} / {r['taken_worst']:.2%}"
                 if operation and r["taken"] is not None else "")
        campaign = (f"{r['in_one']:.2%} / {r['in_worst']:.2%} | {r['pivot']:.0%} of seeds"
                    if operation else " | ")
        lines.append(f"| {r['group']} | {r['kind']} | {r['accounts']:.0f} | {r['mean']:.2%} | "
                     f"{r['worst']:.2%} | {taken} | {campaign} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--evasion", default="default,hard")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dg-quality-"))
    lo, hi = (int(x) for x in args.seeds.split("-"))
    rows, runs = [], []
    for evasion in args.evasion.split(","):
        for seed in range(lo, hi + 1):
            metrics = one_world(work, args.scale, seed, evasion)
            runs.append({"evasion": evasion, "seed": seed, "metrics": metrics})
            rows += rows_of(metrics, seed, evasion)
            acc = metrics["accounts"]
            print(f"{evasion} seed {seed}: precision {acc['precision']:.4f} recall "
                  f"{acc['recall']:.4f} fpr {acc['fpr']:.4%}", file=sys.stderr, flush=True)
    frame = pl.DataFrame(rows)
    for evasion in args.evasion.split(","):
        print(table(frame, evasion) + "\n")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
