"""`distillguard train` on one world's labels, scored on another world of the same generator and preset.

    python benchmarks/bench_train.py [--generators own,cleanroom_a,cleanroom_b] [--presets default,hard]
                                     [--train-seed 1] [--test-seeds 2-3] [--root /tmp/dg-generalization]

For each (generator, preset): the labels of the training world (every account of truth.parquet, label 1
for a campaign's account, with its campaign id) → `distillguard train` → `distillguard scan --config` on
each test world → `distillguard evaluate`. Prints the cross-validated figures train reported, the variant
it chose and the test worlds' account-level figures, per legitimate persona and per operation."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generators import make_world


def run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")


def seed_list(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generators", default="own,cleanroom_a,cleanroom_b")
    parser.add_argument("--presets", default="default,hard")
    parser.add_argument("--train-seed", type=int, default=1)
    parser.add_argument("--test-seeds", default="2-3")
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--root", type=Path, default=Path("/tmp/dg-generalization"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    dg = [sys.executable, "-m", "distillguard"]
    results = []
    print("| generator | preset | chosen (gate) | CV precision / recall / FPR | test world | "
          "precision | recall | FPR | worst persona FPR | operations flagged |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for generator in args.generators.split(","):
        for preset in args.presets.split(","):
            world = make_world(args.root, generator, args.train_seed, preset, scale=args.scale)
            out = args.root / "train" / world.name
            out.mkdir(parents=True, exist_ok=True)
            truth = pl.read_parquet(world / "truth.parquet")
            truth.select("account_id", label=pl.col("campaign_id").is_not_null().cast(pl.Int8),
                         campaign_id="campaign_id").write_parquet(out / "labels.parquet")
            run([*dg, "train", str(world / "events.parquet"), "--accounts",
                 str(world / "accounts.parquet"), "--labels", str(out / "labels.parquet"),
                 "--out", str(out / "model")])
            trained = json.loads((out / "model" / "train_metrics.json").read_text())
            cv = trained["cross_validated"]
            for seed in seed_list(args.test_seeds):
                test = make_world(args.root, generator, seed, preset, scale=args.scale)
                scan = out / f"scan-{test.name}"
                run([*dg, "scan", str(test / "events.parquet"), "--accounts",
                     str(test / "accounts.parquet"), "--releases", str(test / "releases.parquet"),
                     "--out", str(scan), "--config", str(out / "model" / "config.yaml")])
                run([*dg, "evaluate", "--truth", str(test / "truth.parquet"), "--scan", str(scan)])
                metrics = json.loads((scan / "metrics.json").read_text())
                acc = metrics["accounts"]
                worst = max(acc["fpr_by_persona"].items(), key=lambda kv: kv[1]["fpr"])
                ops = ", ".join(f"{c['actor']} {c['accounts_flagged_share']:.1%}"
                                for c in metrics["campaigns"].values())
                print(f"| {generator} | {preset} | {trained['model']} "
                      f"({trained['hallmark_min_sd']:g}) | {cv['precision']:.3f} / "
                      f"{cv['recall']:.3f} / {cv['fpr']:.3%} | seed {seed} | "
                      f"{acc['precision']:.4f} | {acc['recall']:.4f} | {acc['fpr']:.3%} | "
                      f"{worst[0]} {worst[1]['fpr']:.2%} | {ops} |", flush=True)
                results.append({"generator": generator, "preset": preset, "train": trained,
                                "test_seed": seed, "metrics": metrics})
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
