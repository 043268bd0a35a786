"""Vectorized prompt rendering: fill templates' {slots} from columns, pick paraphrases, tag code tasks.

Consumed by sim.actors; everything works on whole columns (Polars), never row by row."""

from __future__ import annotations

from string import Formatter

import numpy as np
import polars as pl

from distillguard.sim import text


def template_expr(template: str) -> pl.Expr:
    """A Polars expression that renders ``template`` with its {slots} taken from columns."""
    parts: list[pl.Expr] = []
    for literal, field, _spec, _conv in Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if field is not None:
            parts.append(pl.col(field).cast(pl.String))
    return pl.concat_str(parts) if parts else pl.lit("")


def render(templates: list[str], choice: np.ndarray, slots: pl.DataFrame) -> pl.Series:
    """Render row i of ``slots`` with ``templates[choice[i]]``."""
    out = pl.Series("prompt", [None] * slots.height, dtype=pl.String)
    for t in np.unique(choice):
        idx = np.flatnonzero(choice == t)
        rendered = slots[idx].select(template_expr(templates[int(t)])).to_series()
        out.scatter(idx, rendered)
    return out


def paraphrase_choice(rng: np.random.Generator, n: int, n_variants: int, rate: float,
                      canonical: int = 0) -> np.ndarray:
    """Canonical variant with probability 1-rate, otherwise a random paraphrase."""
    choice = np.full(n, canonical, dtype=np.int64)
    para = rng.random(n) < rate
    choice[para] = rng.integers(0, n_variants, size=int(para.sum()))
    return choice


def with_filler(rng: np.random.Generator, prompts: pl.Series, rate: float) -> pl.Series:
    """Prefix a random greeting to a share ``rate`` of prompts (light paraphrase)."""
    fillers = np.array(text.FILLERS, dtype=object)
    pick = np.where(rng.random(len(prompts)) < rate,
                    rng.integers(0, len(fillers), size=len(prompts)), 0)
    prefix = pl.Series(fillers[pick].tolist(), dtype=pl.String)
    return pl.select(pl.concat_str([prefix, prompts])).to_series().alias("prompt")


def code_slots(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Columns lang, task, n, name for the hand-written code-task templates."""
    tasks = np.array(text.CODE_TASKS, dtype=object)
    langs = np.array(text.LANGUAGES, dtype=object)
    task_idx = rng.integers(0, len(tasks), size=n)
    names = np.array(["parser", "utils", "cache", "api", "models", "scheduler", "io", "core"],
                     dtype=object)
    return pl.DataFrame({
        "lang": langs[rng.integers(0, len(langs), size=n)].tolist(),
        "task": tasks[task_idx].tolist(),
        "n": rng.integers(100, 100_000, size=n),
        "name": names[rng.integers(0, len(names), size=n)].tolist(),
    })


def code_requests(rng: np.random.Generator, n: int) -> pl.Series:
    """Everyday coding questions (the hand-written generator: phrase × language × task)."""
    return render(text.CODE_PHRASES, rng.integers(0, len(text.CODE_PHRASES), size=n),
                  code_slots(rng, n))
