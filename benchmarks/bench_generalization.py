"""Does the score hold on traffic it was not fitted on? Train on some generators, test on others.

    python benchmarks/bench_generalization.py shipped  [--test own,cleanroom_a,cleanroom_b,cleanroom_c]
    python benchmarks/bench_generalization.py cross --train own --test cleanroom_a,cleanroom_b
    python benchmarks/bench_generalization.py knobs [--knobs paraphrase_rate,...] [--shipped]
    python benchmarks/bench_generalization.py partial [--fractions 0.25,0.5,0.8] [--seeds 1]
    python benchmarks/bench_generalization.py diff --base BEFORE.json --json AFTER.json

`shipped` scores the test worlds with the packaged config (or --config FILE). `cross` fits the shipped
kind of score (scripts/train_scorer.py: gated logistic, persona-balanced) on worlds of the --train
generators (seeds 1000+) and tests it on the --test generators. `knobs` is leave-one-knob-out on the
project's simulator: the score is fitted on worlds with every evasion knob at its default and tested on
worlds where one knob is at its extreme (--shipped: the packaged score on the same worlds). `partial`
scans, with the packaged config, only the first --fractions of each test world's time span, as a
nightly scan of the logs so far sees them, and counts only the accounts seen by then. `diff` prints,
world by world, what differs between two runs' --json files (a trial against the shipped run): the
summary figures, each legitimate persona's flagged count, each operation's flagged and in-one-campaign
shares. Test worlds are seeds 1-3 of both presets (--seeds, --presets); a run's scans go to
--root/scans/--label (`shipped` by default for `shipped`), so a trial run under its own label leaves
the shipped run's scans alone. Every figure is `distillguard evaluate`'s
(evaluation.metrics.evaluate_scan) on a scan of the world; tables are printed as markdown (README)
and every run's metrics go to --json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import rows_of, table
from distillguard.config import Config, load_config
from distillguard.sim.config import EVASION_PRESETS
from generators import (
    PRESETS,
    evidence,
    fit_weights,
    load_world,
    make_world,
    scan_and_evaluate,
    scan_window,
)

EXTREMES = {  # leave-one-knob-out: each knob at the far end of what an operation can do
    "proxy_rotation": 1.0, "cover_traffic_share": 0.5, "paraphrase_rate": 1.0,
    "account_lifetime_days": 1.0, "per_account_daily_cap": 60, "aged_account_share": 1.0,
    "sdk_default_clients": 1.0, "daytime_pacing": True, "sticky_exit_share": 1.0,
    "shared_payment_share": 0.0,
}


def seed_list(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def test_runs(cfg: Config, generators: list[str], args: argparse.Namespace,
              label: str, knobs: dict | None = None) -> list[dict]:
    """Scan and evaluate every test world with ``cfg``; one row set per world."""
    rows = []
    for generator in generators:
        for preset in args.presets.split(","):
            for seed in seed_list(args.seeds):
                path = make_world(args.root, generator, seed, preset, scale=args.scale,
                                  knobs=knobs)
                world = load_world(path, cfg)
                metrics = scan_and_evaluate(world, cfg, args.root / "scans" / label / path.name)
                acc = metrics["accounts"]
                print(f"{label} | {path.name}: precision {acc['precision']} recall "
                      f"{acc['recall']} fpr {acc['fpr']}", file=sys.stderr, flush=True)
                group = f"{label}: {generator} {preset}" + (f" ({knobs_text(knobs)})" if knobs
                                                              else "")
                rows += [dict(r, run=label) for r in rows_of(metrics, seed, group)]
    return rows


def world_diff(before: list[dict], after: list[dict]) -> list[str]:
    """The lines of `diff`: for each world (group and seed) in both runs, what differs."""
    def keyed(rows: list[dict]) -> dict[str, dict[tuple[str, str], dict]]:
        worlds: dict[str, dict[tuple[str, str], dict]] = {}
        for row in rows:
            # a run's label is dropped (trial against shipped), but not a partial run's window
            world = (f"{row['run']}: {row['world']}" if "world" in row
                     else f"{row['evasion'].split(': ', 1)[-1]} seed {row['seed']}")
            worlds.setdefault(world, {})[(row["kind"], row["group"])] = row
        return worlds

    fields = {"summary": ("precision", "recall", "fpr"), "legitimate": ("flagged",),
              "operation": ("share", "in_one"), "purity": ("share", "in_one")}
    old, new = keyed(before), keyed(after)
    lines = []
    for world in sorted(old.keys() & new.keys()):
        changes = []
        for key in sorted(old[world].keys() | new[world].keys()):
            a, b = old[world].get(key, {}), new[world].get(key, {})
            names = fields.get(key[0], ())
            if any(a.get(f) != b.get(f) for f in names):
                text = ", ".join(f"{f} {a.get(f)} -> {b.get(f)}" for f in names)
                changes.append(f"  {key[1]}: {text}"
                               + (f" of {b.get('accounts')}" if key[0] == "legitimate" else ""))
        if changes:
            lines += [world, *changes]
    return lines


def partial_runs(cfg: Config, generators: list[str], args: argparse.Namespace) -> list[dict]:
    """Scan the first --fractions of every test world (scan_window); one row set per world and
    fraction, and a line per world on stderr."""
    rows = []
    for fraction in [float(f) for f in args.fractions.split(",")]:
        label = f"first {fraction:.0%}"
        for generator in generators:
            for preset in args.presets.split(","):
                for seed in seed_list(args.seeds):
                    path = make_world(args.root, generator, seed, preset, scale=args.scale)
                    metrics = scan_window(path, cfg, fraction,
                                          args.root / "scans" / f"partial-{fraction}" / path.name)
                    acc = metrics["accounts"]
                    print(f"{label} | {path.name}: precision {acc['precision']} recall "
                          f"{acc['recall']} fpr {acc['fpr']}", file=sys.stderr, flush=True)
                    rows += [dict(r, run=label, world=path.name)
                             for r in rows_of(metrics, seed, f"{label}: {generator} {preset}")]
    return rows


def partial_table(frame: pl.DataFrame) -> str:
    """One line per world and fraction: precision, recall, FPR and the flagged people by persona."""
    lines = ["| world | window | precision | recall | FPR | people flagged (persona: accounts) |",
             "|---|---|---|---|---|---|"]
    for (world, run), part in frame.group_by("world", "run", maintain_order=True):
        summary = part.filter(pl.col("kind") == "summary").row(0, named=True)
        people = part.filter((pl.col("kind") == "legitimate") & (pl.col("flagged") > 0))
        flagged = ", ".join(f"{g}: {n}" for g, n in people.select("group", "flagged").iter_rows())
        precision = "—" if summary["precision"] is None else f"{summary['precision']:.4f}"  # none flagged
        lines.append(f"| {world} | {run} | {precision} | {summary['recall']:.4f} | "
                     f"{summary['fpr']:.4%} | {flagged or 'none'} |")
    return "\n".join(lines)


def knobs_text(knobs: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in knobs.get("evasion", {}).items())


def trained(base: Config, generators: list[str], args: argparse.Namespace,
            knobs: dict | None = None) -> Config:
    """The packaged config with the score refitted on training worlds of ``generators``."""
    frames = []
    for generator in generators:
        presets = ["default"] if knobs else list(PRESETS)
        for preset in presets:
            for seed in seed_list(args.train_seeds):
                path = make_world(args.root, generator, seed, preset, scale=args.scale,
                                  knobs=knobs)
                frames.append(evidence(load_world(path, base), base))
    data = pl.concat(frames, how="diagonal_relaxed")
    return base.model_copy(update={"scoring": fit_weights(data, base.scoring)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["shipped", "cross", "knobs", "partial", "diff"])
    parser.add_argument("--train", default="own")
    parser.add_argument("--test", default="own,cleanroom_a,cleanroom_b")
    parser.add_argument("--knobs", default=",".join(EXTREMES))
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--seeds", default="1-3")
    parser.add_argument("--fractions", default="0.25,0.5,0.8")
    parser.add_argument("--train-seeds", default="1000-1001")
    parser.add_argument("--presets", default=",".join(PRESETS))
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--root", type=Path, default=Path("/tmp/dg-generalization"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--base", type=Path, default=None,
                        help="diff: the --json of the run to compare --json with")
    parser.add_argument("--label", default=None,
                        help="shipped, cross: the run's name in the tables and its scans' folder")
    parser.add_argument("--shipped", action="store_true",
                        help="knobs: score the knob worlds with the packaged config (or --config) "
                             "instead of a fit on own worlds at the default knobs")
    args = parser.parse_args()
    if args.mode == "diff":
        if args.base is None or args.json is None:
            parser.error("diff needs --base and --json")
        lines = world_diff(json.loads(args.base.read_text()), json.loads(args.json.read_text()))
        print("\n".join(lines) or "no world differs")
        return
    base = load_config(args.config)
    rows: list[dict] = []
    if args.mode == "shipped":
        rows = test_runs(base, args.test.split(","), args, args.label or "shipped")
    elif args.mode == "partial":
        rows = partial_runs(base, args.test.split(","), args)
    elif args.mode == "cross":
        cfg = trained(base, args.train.split(","), args)
        rows = test_runs(cfg, args.test.split(","), args, args.label or f"trained on {args.train}")
    else:
        cfg = base if args.shipped else trained(base, ["own"], args, knobs={"evasion": {}})
        defaults = EVASION_PRESETS["default"].model_dump()
        args.presets = "default"
        for knob in args.knobs.split(","):
            extreme = {"evasion": {knob: EXTREMES[knob]}}
            label = f"{knob} {defaults[knob]} -> {EXTREMES[knob]}"
            rows += test_runs(cfg, ["own"], args, f"shipped, {label}" if args.shipped else label,
                              knobs=extreme)
    frame = pl.DataFrame(rows)
    groups = [] if args.mode == "partial" else frame["evasion"].unique(maintain_order=True).to_list()
    for group in groups:
        print(table(frame, group) + "\n")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))
    if args.mode == "partial":
        print(partial_table(frame))


if __name__ == "__main__":
    main()
