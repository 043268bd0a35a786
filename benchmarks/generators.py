"""Labelled worlds from every generator the project measures on, and their scan evidence, cached on disk.

Generators: `own` (distillguard simulate) and the clean-room generators in benchmarks/worlds/ (written from
the brief, the contract and the corpora alone). Used by scripts/train_scorer.py (the shipped weights) and
benchmarks/bench_generalization.py (train on one generator, test on another)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from distillguard.config import Config, ScoringConfig
from distillguard.evaluation.metrics import evaluate_scan
from distillguard.features.accounts import account_features
from distillguard.features.capabilities import load_model
from distillguard.features.events import EVENT_FEATURE_COLUMNS, UNSTAGED_COLUMNS
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import ACCOUNTS_SPEC, RELEASES_SPEC
from distillguard.io.validate import read_valid_table
from distillguard.scan import (
    Fingerprints,
    Linkage,
    account_evidence,
    detect,
    fingerprint_accounts,
    link_accounts,
    partition_files,
    run_scan,
    write_detection,
)
from distillguard.scoring.model import fit_scoring
from distillguard.scoring.signals import SIGNALS

HERE = Path(__file__).resolve().parent
# every signal the shipped fit may use; it keeps each weight on its signal's side of zero and leaves
# out those it does not need. Left out: raw volume and network counts (there as peer-relative forms)
# and working around the clock, which the brief names as what SaaS backends and routers do
CANDIDATES = [name for name in SIGNALS if name not in (
    "volume", "daily_volume", "top_template", "network_spread", "output_ratio",
    "capability_distance", "hour_coverage", "hour_coverage_vs_peers", "night_activity")]
GENERATORS = ("own", "cleanroom_a", "cleanroom_b", "cleanroom_c", "cleanroom_d", "cleanroom_e",
              "cleanroom_f", "cleanroom_g")
PRESETS = ("default", "hard")


def generator_command(generator: str, out: Path, seed: int, preset: str, scale: str,
                      knobs: Path | None = None) -> list[str]:
    if generator == "own":
        cmd = [sys.executable, "-m", "distillguard", "simulate", "--out", str(out), "--scale", scale,
               "--seed", str(seed), "--evasion", preset]
        return cmd + (["--config", str(knobs)] if knobs else [])
    script = HERE / "worlds" / generator / "generate.py"
    if not script.is_file():
        raise SystemExit(f"{generator}: no generator at {script}")
    return [sys.executable, str(script), "--out", str(out), "--seed", str(seed), "--preset", preset,
            "--scale", scale]


def make_world(root: Path, generator: str, seed: int, preset: str, *, scale: str = "medium",
               knobs: dict | None = None) -> Path:
    """The world of ``generator`` for (seed, preset) under ``root``, generated once."""
    name = f"{generator}-{preset}-{seed}" + ("-" + _digest(knobs)[:8] if knobs else "")
    out = root / scale / name
    if (out / "truth.parquet").exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    knob_file = None
    if knobs:
        knob_file = out.parent / f"{name}.knobs.yaml"
        knob_file.write_text(yaml.safe_dump(knobs))
    cmd = generator_command(generator, out, seed, preset, scale, knob_file)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return out


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def featurization_key(cfg: Config) -> str:
    """What the cached featurized events depend on: the feature settings (not how many threads
    make them, nor harvest_kind_share, which only the account fingerprints read), the tagger and
    the columns written."""
    weights, bias, classes = load_model()
    staged = [c for c in EVENT_FEATURE_COLUMNS if c not in UNSTAGED_COLUMNS]
    event_settings = cfg.features.model_dump(mode="json", exclude={"workers", "harvest_kind_share"})
    return _digest([cfg.io.model_dump(mode="json"), event_settings,
                    hashlib.sha256(weights.tobytes() + bias.tobytes()).hexdigest(), classes,
                    staged])[:12]


@dataclass
class World:
    """A labelled world with its scan inputs worked out (fingerprints and linkage)."""

    path: Path
    generator: str
    preset: str
    seed: int
    prints: Fingerprints
    linkage: Linkage
    truth: pl.DataFrame  # account_id, campaign_id, actor


def load_world(path: Path, cfg: Config) -> World:
    """Fingerprints and linkage of a world; the featurized events are cached beside it."""
    cache = path / "cache" / featurization_key(cfg)
    parts = partition_files(cache / "event_features")
    if not parts:
        prints = fingerprint_accounts(path / "events.parquet", out_dir=cache, work=cache, cfg=cfg,
                                      accounts=path / "accounts.parquet",
                                      releases=path / "releases.parquet")
    else:
        # validated as fingerprint_accounts reads them (naive timestamps are UTC)
        with QuarantineWriter(cache / "tables-quarantine.jsonl") as quarantine:
            tables = {name: read_valid_table(path / f"{name}.parquet", spec, cfg.io, quarantine)[0]
                      for name, spec in (("accounts", ACCOUNTS_SPEC), ("releases", RELEASES_SPEC))}
        features = account_features([pl.scan_parquet(files) for files in parts], cfg.features,
                                    tables["accounts"], tables["releases"])
        prints = Fingerprints(features=features, counts={}, tables=tables, timings={},
                              partitions=parts, examples=pl.DataFrame())
    generator, preset, seed = path.name.split("-")[:3]
    truth = pl.read_parquet(path / "truth.parquet").select("account_id", "campaign_id", "actor")
    return World(path=path, generator=generator, preset=preset, seed=int(seed), prints=prints,
                 linkage=link_accounts(prints, cfg), truth=truth)


def evidence(world: World, cfg: Config) -> pl.DataFrame:
    """The world's account evidence with its labels (label 1 = operation) and actor."""
    return (account_evidence(world.prints, world.linkage, cfg)
            .join(world.truth, on="account_id", how="left")
            .with_columns(label=pl.col("campaign_id").is_not_null().cast(pl.Int8),
                          world=pl.lit(world.path.name)))


def scan_and_evaluate(world: World, cfg: Config, out: Path) -> dict:
    """Score and link the world with ``cfg``, write the scan files and return evaluate's metrics."""
    out.mkdir(parents=True, exist_ok=True)
    with QuarantineWriter(out / "quarantine.jsonl"):
        pass  # the world's events are valid: an empty quarantine, as a scan would leave
    write_detection(out, detect(world.prints, world.linkage, cfg))
    return evaluate_scan(world.path / "truth.parquet", out).metrics


def scan_window(path: Path, cfg: Config, fraction: float, out: Path) -> dict:
    """Scan the first ``fraction`` of a world's time span as `distillguard scan` would (a nightly
    scan of the logs so far, with the accounts created by then) and return evaluate's metrics over
    the accounts that sent a request in it (an operation's accounts that had not started yet
    cannot be found)."""
    events = pl.scan_parquet(path / "events.parquet")
    lo, hi = events.select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi")).collect().row(0)
    cut = lo + (hi - lo) * fraction
    window = out / "window"
    window.mkdir(parents=True, exist_ok=True)
    kept = events.filter(pl.col("ts") < cut)
    kept.sink_parquet(window / "events.parquet")
    accounts = pl.read_parquet(path / "accounts.parquet")
    # naive timestamps are UTC (the contract): compare in the table's own kind
    cut = cut.replace(tzinfo=UTC) if cut.tzinfo is None else cut.astimezone(UTC)
    naive = accounts.schema["created_at"].time_zone is None
    (accounts.filter(pl.col("created_at").is_null()
                     | (pl.col("created_at") < (cut.replace(tzinfo=None) if naive else cut)))
     .write_parquet(window / "accounts.parquet"))
    seen = pl.read_parquet(window / "events.parquet", columns=["account_id", "request_id"])
    (pl.read_parquet(path / "truth.parquet").join(seen.select("account_id").unique(), on="account_id")
     .write_parquet(window / "truth.parquet"))
    (pl.read_parquet(path / "events_truth.parquet").join(seen.select("request_id"), on="request_id")
     .write_parquet(window / "events_truth.parquet"))
    run_scan(window / "events.parquet", out_dir=out, cfg=cfg, accounts=window / "accounts.parquet",
             releases=path / "releases.parquet")
    return evaluate_scan(window / "truth.parquet", out).metrics


def persona_weights(data: pl.DataFrame, legit_share: float) -> np.ndarray:
    """Sample weights: every (world, persona) of legitimate accounts weighs the same in total, every
    (world, operation) likewise; legitimate accounts hold ``legit_share`` of the whole weight. So
    a look-alike with a dozen accounts (an evaluation pipeline, a SaaS backend) counts as much as
    thousands of casual users."""
    groups = data.select(group=pl.concat_str("world", pl.lit("/"), "actor"), label="label")
    sizes = groups.group_by("group", "label").agg(n=pl.len())
    n_legit = sizes.filter(pl.col("label") == 0).height
    n_ops = sizes.filter(pl.col("label") == 1).height
    total = data.height
    return (groups.join(sizes, on=["group", "label"], how="left", maintain_order="left")
            .select(pl.when(pl.col("label") == 1)
                    .then((1 - legit_share) * total / n_ops / pl.col("n"))
                    .otherwise(legit_share * total / n_legit / pl.col("n")))
            .to_series().to_numpy())


def fit_weights(data: pl.DataFrame, base: ScoringConfig, *, l2: float = 3.0, gate: float = 2.0,
                legit_share: float = 0.5) -> ScoringConfig:
    """The shipped kind of score (gated logistic) fitted on labelled evidence of many worlds."""
    return fit_scoring(data, data["label"].to_numpy().astype(np.int64), CANDIDATES, l2=l2,
                       base=base.model_copy(update={"hallmark_min_sd": gate}),
                       sample_weight=persona_weights(data, legit_share))
