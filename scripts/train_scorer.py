"""Fit the shipped account score on labelled worlds of several generators and write it into rules/default.yaml.

The worlds come from the project's simulator (evasion knobs drawn between the presets and beyond, so that
no trait an operation controls carries the score) and from the clean-room generators in
benchmarks/worlds/ (written from the brief, the contract and the corpora alone), both presets each.
Every (world, persona) weighs the same in the fit, so that a look-alike with a dozen accounts (an
evaluation pipeline, a SaaS backend) counts as much as thousands of casual users. Training seeds are
1000+; benchmarks/bench_generalization.py measures on seeds 1-3, and on generators left out of the fit.

    python scripts/train_scorer.py [--root /tmp/dg-train] [--generators own,cleanroom_a,cleanroom_b]
                                   [--own-seeds 1000-1005] [--seeds 1000-1001] [--write]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import polars as pl
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from distillguard.config import load_config
from distillguard.scoring.model import score_accounts
from distillguard.sim.config import EVASION_PRESETS
from generators import PRESETS, evidence, fit_weights, load_world, make_world

RULES = Path(__file__).resolve().parents[1] / "src/distillguard/rules/default.yaml"


def seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def evasion_knobs(seed: int) -> dict:
    """Evasion knobs of one training world of the own simulator: a random point between the
    presets, jittered per knob, with datacenter, rotating and sticky residential exits."""
    rng = np.random.default_rng(seed)
    lo, hi = EVASION_PRESETS["default"].model_dump(), EVASION_PRESETS["hard"].model_dump()
    mix = rng.uniform(0, 1)
    knobs = {}
    for key, a in lo.items():
        b = hi[key]
        if isinstance(a, bool):
            knobs[key] = bool(rng.random() < mix)
        elif isinstance(a, int):
            knobs[key] = int(np.rint(a + np.clip(mix + rng.normal(0, 0.2), 0, 1) * (b - a)))
        else:
            knobs[key] = float(a + np.clip(mix + rng.normal(0, 0.2), 0, 1) * (b - a))
    knobs["proxy_rotation"] = float(rng.choice([0.0, 0.2, knobs["proxy_rotation"], 1.0]))
    knobs["sticky_exit_share"] = float(rng.choice([0.0, 0.0, 0.5, 1.0]))
    return {"evasion": knobs}


def training_worlds(args: argparse.Namespace) -> list[Path]:
    worlds = []
    for generator in args.generators.split(","):
        if generator == "own":
            worlds += [make_world(args.root, "own", s, "default", scale=args.scale,
                                  knobs=evasion_knobs(s)) for s in seeds(args.own_seeds)]
        else:
            worlds += [make_world(args.root, generator, s, p, scale=args.scale)
                       for s in seeds(args.seeds) for p in PRESETS]
    return worlds


def write_scoring(block: dict, how: str) -> None:
    """Replace the scoring section of rules/default.yaml (the section is followed by others)."""
    text = RULES.read_text("utf-8")
    pattern = re.compile(r"(?m)^(?:#.*\n)*scoring:\n(?:(?:  .*|)\n)*")
    note = ("# account score: written by scripts/train_scorer.py " + how + "\n"
            "# (center/scale standardize a signal, typical = median legitimate account; edit freely)\n")
    section = note + yaml.safe_dump({"scoring": block}, sort_keys=False, width=100) + "\n"
    text = pattern.sub(lambda _: section, text, count=1) if pattern.search(text) \
        else text.rstrip() + "\n\n" + section
    RULES.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/tmp/dg-train"))
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--generators", default="own,cleanroom_a,cleanroom_b")
    parser.add_argument("--own-seeds", default="1000-1005")
    parser.add_argument("--seeds", default="1000-1001", help="seeds of the other generators")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--gate", type=float, default=2.0, help="scoring.hallmark_min_sd")
    parser.add_argument("--legit-share", type=float, default=0.5)
    parser.add_argument("--write", action="store_true", help="write the weights to default.yaml")
    args = parser.parse_args()
    cfg = load_config()
    frames = []
    for path in training_worlds(args):
        frames.append(evidence(load_world(path, cfg), cfg))
        print(f"world {path.name}: {frames[-1].height} accounts", flush=True)
    data = pl.concat(frames, how="diagonal_relaxed")
    fitted = fit_weights(data, cfg.scoring, l2=args.l2, gate=args.gate,
                         legit_share=args.legit_share)
    scored = score_accounts(data, fitted).with_columns(actor=data["actor"], world=data["world"])
    pl.Config.set_tbl_rows(40)
    print(scored.group_by("actor").agg(n=pl.len(), flagged=pl.col("flagged").mean().round(4))
          .sort("actor"))
    for s in sorted(fitted.signals, key=lambda s: -abs(s.weight)):
        print(f"  {s.name:28s} {s.weight:+.3f}")
    print(f"  intercept {fitted.intercept:+.3f}")
    if args.write:
        write_scoring(fitted.model_dump(mode="json"),
                      f"--generators {args.generators} --own-seeds {args.own_seeds} --seeds "
                      f"{args.seeds} --l2 {args.l2} --gate {args.gate} --legit-share "
                      f"{args.legit_share}")
        print(f"wrote {RULES}")


if __name__ == "__main__":
    main()
