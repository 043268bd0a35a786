"""Fit the account score's weights on simulated worlds and write them into rules/default.yaml.

Each training world draws its evasion knobs between the 'default' and 'hard' presets (and beyond them
for proxy rotation and sticky residential exits), so no single signal an operation controls carries the
score. Training seeds are 1000+;
the quality bar is measured on other seeds (benchmarks/bench_quality.py uses 1-5).

    python scripts/train_scorer.py --worlds /tmp/dg-train --seeds 1000-1011 [--l2 3.0] [--write]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from distillguard.config import load_config
from distillguard.scan import fingerprint_accounts, work_dir
from distillguard.scoring.model import fit_scoring, score_accounts
from distillguard.scoring.signals import SIGNALS
from distillguard.sim.config import EVASION_PRESETS, load_sim_config
from distillguard.sim.world import simulate_world

RULES = Path(__file__).resolve().parents[1] / "src/distillguard/rules/default.yaml"


def evasion_knobs(seed: int) -> dict:
    """Evasion knobs of one training world: a random point between the presets, per knob jitter."""
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
    # datacenter, rotating and sticky residential exits: network spread must not carry the score
    knobs["proxy_rotation"] = float(rng.choice([0.0, 0.2, knobs["proxy_rotation"], 1.0]))
    knobs["sticky_exit_share"] = float(rng.choice([0.0, 0.0, 0.5, 1.0]))
    return knobs


def world(root: Path, seed: int, scale: str) -> Path:
    out = root / f"{scale}-{seed}"
    if not (out / "truth.parquet").exists():
        knobs = root / f"knobs-{seed}.yaml"
        knobs.write_text(yaml.safe_dump({"evasion": evasion_knobs(seed)}))
        simulate_world(out, load_sim_config(knobs, scale=scale), seed=seed)
    return out


def labelled_features(path: Path) -> pl.DataFrame:
    cached = path / "train_features.parquet"
    if not cached.exists():
        with work_dir(path / "scan") as work:
            prints = fingerprint_accounts(path / "events.parquet", out_dir=path / "scan",
                                          work=work, cfg=load_config(),
                                          accounts=path / "accounts.parquet")
        truth = pl.read_parquet(path / "truth.parquet").select("account_id", "campaign_id", "actor")
        prints.features.join(truth, on="account_id", how="left").write_parquet(cached)
    return pl.read_parquet(cached).with_columns(world=pl.lit(path.name))


def write_scoring(block: dict, how: str) -> None:
    """Replace the scoring section (the file's last section) of rules/default.yaml."""
    text = RULES.read_text("utf-8")
    head = re.split(r"(?m)^(?:#.*\n)*scoring:", text)[0].rstrip() + "\n\n"
    note = ("# account score: logistic weights written by scripts/train_scorer.py " + how + "\n"
            "# (center/scale standardize a signal, typical = median legitimate account; edit freely)\n")
    RULES.write_text(head + note + yaml.safe_dump({"scoring": block}, sort_keys=False, width=100))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=Path, default=Path("/tmp/dg-train"))
    parser.add_argument("--seeds", default="1000-1011")
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--positive-weight", type=float, default=1.0)
    parser.add_argument("--signals", default=",".join(SIGNALS))
    parser.add_argument("--write", action="store_true", help="write the weights to default.yaml")
    args = parser.parse_args()
    lo, hi = (int(x) for x in args.seeds.split("-"))
    args.worlds.mkdir(parents=True, exist_ok=True)
    frames = []
    for seed in range(lo, hi + 1):
        path = world(args.worlds, seed, args.scale)
        frames.append(labelled_features(path))
        print(f"world {path.name}: {frames[-1].height} accounts", flush=True)
    data = pl.concat(frames, how="vertical_relaxed")
    labels = data["campaign_id"].is_not_null().to_numpy().astype(np.int64)
    base = load_config().scoring
    fitted = fit_scoring(data, labels, args.signals.split(","), l2=args.l2, base=base,
                         positive_weight=args.positive_weight)
    scored = score_accounts(data, fitted).with_columns(actor=data["actor"], world=data["world"])
    pl.Config.set_tbl_rows(20)
    print(scored.group_by("actor").agg(n=pl.len(), flagged=pl.col("flagged").mean().round(4),
                                       min_score=pl.col("score").min().round(3),
                                       max_score=pl.col("score").max().round(3)).sort("actor"))
    for s in sorted(fitted.signals, key=lambda s: -abs(s.weight)):
        print(f"  {s.name:28s} {s.weight:+.3f}")
    print(f"  intercept {fitted.intercept:+.3f}")
    if args.write:
        write_scoring(fitted.model_dump(mode="json"),
                      f"--seeds {args.seeds} --scale {args.scale} --l2 {args.l2} "
                      f"--positive-weight {args.positive_weight}")
        print(f"wrote {RULES}")


if __name__ == "__main__":
    main()
