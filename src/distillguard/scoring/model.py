"""The account score: a logistic model over standardized signals, its reasons, and how it is fitted.

Consumes account features and the scoring section of the config (weights are data, in rules/default.yaml);
produces score (0–1), flagged and reasons per account. fit_scoring is used by scripts/train_scorer.py."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl

from distillguard.config import ScoringConfig, SignalWeight
from distillguard.scoring.boosted import boosted_logit, fit_boosted
from distillguard.scoring.signals import directions, hallmark_mask, signal_reasons, signal_values

SCORE_SCHEMA = pl.Schema({
    "account_id": pl.String(),
    "score": pl.Float64(),
    "flagged": pl.Boolean(),
    "campaign_id": pl.String(),
    "reasons": pl.List(pl.String()),
})


def _matrix(values: pl.DataFrame, fill: np.ndarray) -> np.ndarray:
    x = values.to_numpy().astype(np.float64)
    return np.where(np.isnan(x), fill, x)


def gate(z: np.ndarray, z_typical: np.ndarray, hallmark: np.ndarray, excuse: np.ndarray,
         min_sd: float, floor_sd: float = 0.0) -> np.ndarray:
    """Standardized signals with every signal that is neither a hallmark nor an ``excuse`` pulled
    back to its typical value in proportion to how little hallmark evidence the account shows.

    An account's hallmark strength is its largest hallmark signal, in standard deviations above a
    typical legitimate account; at ``min_sd`` or more the other signals count in full, at
    ``floor_sd`` or less they count as typical, in proportion between. So pacing, hours, network,
    tier, youth or a budget alone never raise a score: they only say how an operation works once
    what it asks for, or its cohort, shows; and the faint cohort a crowd of unrelated people forms
    on one campus network lets none of them through. An excuse (a signal that only lowers the
    score, such as an evaluation job's deterministic sampling) counts in full at any strength: it
    can flag nobody, and a faint hallmark is where it matters. The fit sees the same gated
    signals, so weights and gate agree."""
    if min_sd <= 0 or hallmark.all() or not hallmark.any():  # no hallmark configured: no gate
        return z
    gated = ~hallmark & ~excuse
    strength = (z - z_typical)[:, hallmark].max(axis=1)
    floor = min(floor_sd, min_sd / 2)
    factor = np.clip((strength - floor) / (min_sd - floor), 0.0, 1.0)[:, None]
    out = z.copy()
    out[:, gated] = z_typical[gated] + (z[:, gated] - z_typical[gated]) * factor
    return out


def _masks(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hallmark, excuse) masks of the named signals for the gate."""
    return (np.asarray(hallmark_mask(names), dtype=bool),
            np.asarray(directions(names), dtype=int) < 0)


def contributions(features: pl.DataFrame, cfg: ScoringConfig) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of each account and each signal's share of it relative to a typical legit account.

    Returns (logit per account, n × signals matrix of weight × (z − z_typical)), z gated (see
    gate)."""
    names = [s.name for s in cfg.signals]
    weight = np.array([s.weight for s in cfg.signals])
    center = np.array([s.center for s in cfg.signals])
    scale = np.array([s.scale for s in cfg.signals])
    typical = np.array([s.typical for s in cfg.signals])
    x = _matrix(signal_values(features, names), typical)
    z_typical = (typical - center) / scale
    hallmark, excuse = _masks(names)
    z = gate((x - center) / scale, z_typical, hallmark, excuse, cfg.hallmark_min_sd,
             cfg.hallmark_floor_sd)
    if cfg.model == "boosted" and cfg.boosted is not None:
        return boosted_logit(z, cfg.boosted)
    logit = cfg.intercept + z @ weight
    return logit, weight * (z - z_typical)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def score_accounts(features: pl.DataFrame, cfg: ScoringConfig) -> pl.DataFrame:
    """Score, flag and explain every account of ``features`` (SCORE_SCHEMA, same order).

    Reasons are the sentences of the signals that add at least ``cfg.reason_min_logodds`` to a
    typical legitimate account's log-odds, strongest first; an account flagged without any such
    signal gets the top contributor so that every flag can be checked."""
    names = [s.name for s in cfg.signals]
    logit, contrib = contributions(features, cfg)
    score = sigmoid(logit)
    flagged = score >= cfg.threshold
    order = np.argsort(-contrib, axis=1, kind="stable")[:, :cfg.max_reasons]
    top = np.take_along_axis(contrib, order, axis=1)
    keep = (top >= cfg.reason_min_logodds) | ((np.arange(order.shape[1]) == 0) & flagged[:, None])
    sentences = signal_reasons(features, names)
    long = pl.DataFrame({
        "row": np.repeat(np.arange(len(features), dtype=np.int64), order.shape[1]),
        "signal": np.array(names, dtype=object)[order.ravel()].tolist() if names else [],
        "keep": keep.ravel(),
    }, schema={"row": pl.Int64, "signal": pl.String, "keep": pl.Boolean}).filter("keep")
    text = (sentences.with_row_index("row").unpivot(index="row", variable_name="signal",
                                                     value_name="text")
            .with_columns(pl.col("row").cast(pl.Int64)))
    reasons = (long.with_row_index("rank")
               .join(text, on=["row", "signal"], how="left")
               .sort("rank").group_by("row", maintain_order=True)
               .agg(reasons=pl.col("signal") + ": " + pl.col("text").fill_null("n/a")))
    out = pl.DataFrame({"account_id": features["account_id"], "score": score, "flagged": flagged,
                        "campaign_id": pl.Series([None] * len(features), dtype=pl.String)})
    return (out.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
            .join(reasons, on="row", how="left", maintain_order="left")
            .with_columns(pl.col("reasons").fill_null(pl.lit([], dtype=pl.List(pl.String))))
            .drop("row").cast(dict(SCORE_SCHEMA)))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float | np.ndarray,
                 sample_weight: np.ndarray | None = None,
                 signs: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression (x standardized; bias unpenalized), by L-BFGS-B.

    ``l2`` is one penalty for every input or one per input; ``signs`` (+1, -1 or 0 per input)
    keeps each weight on its side of zero (0: free)."""
    n, k = x.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    xb = np.hstack([x, np.ones((n, 1))])
    penalty = np.append(np.broadcast_to(np.asarray(l2, dtype=np.float64), (k,)), 0.0)
    side = np.zeros(k) if signs is None else np.asarray(signs, dtype=np.float64)
    bounds = [(0.0, None) if d > 0 else (None, 0.0) if d < 0 else (None, None) for d in side]
    bounds.append((None, None))

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        s = xb @ beta
        value = float(sw @ (np.logaddexp(0.0, s) - y * s) + 0.5 * penalty @ beta**2)
        return value, xb.T @ (sw * (sigmoid(s) - y)) + penalty * beta

    # imported here: a scan only applies weights, and scipy.optimize costs ~0.5 s to import
    from scipy.optimize import minimize

    result = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 2000, "gtol": 1e-8})
    beta = result.x
    return beta[:-1], float(beta[-1])


@dataclass(frozen=True)
class Standardized:
    """Signals of labelled accounts standardized for a fit: z (gated) and how it was made."""

    z: np.ndarray
    center: np.ndarray
    scale: np.ndarray
    typical: np.ndarray

    def signals(self, names: list[str], weights: np.ndarray) -> list[SignalWeight]:
        # centers and scales unrounded: a tree's split is sharp, a rounded z would cross it
        return [SignalWeight(name=n, weight=round(float(w), 4), center=float(c), scale=float(s),
                             typical=float(t))
                for n, w, c, s, t in zip(names, weights, self.center, self.scale, self.typical,
                                         strict=True)]


def standardize(features: pl.DataFrame, labels: np.ndarray, names: list[str],
                min_sd: float, floor_sd: float = 0.0) -> Standardized:
    """Centers and scales are the training means and deviations, typical values the medians over
    legitimate accounts (missing values take them); z is gated as at scoring time."""
    raw = signal_values(features, names).to_numpy().astype(np.float64)
    legit = labels == 0
    with warnings.catch_warnings():  # a signal missing for every row falls back just below
        warnings.simplefilter("ignore", RuntimeWarning)
        typical = (np.nanmedian(raw[legit], axis=0) if legit.any()
                   else np.full(len(names), np.nan))
        typical = np.where(np.isnan(typical), np.nanmedian(raw, axis=0), typical)
    typical = np.where(np.isnan(typical), 0.0, typical)  # a signal no account has
    x = np.where(np.isnan(raw), typical, raw)
    center, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    hallmark, excuse = _masks(names)
    z = gate((x - center) / scale, (typical - center) / scale, hallmark, excuse, min_sd, floor_sd)
    return Standardized(z=z, center=center, scale=scale, typical=typical)


def fit_scoring(features: pl.DataFrame, labels: np.ndarray, names: list[str], *, l2: float,
                base: ScoringConfig, positive_weight: float = 1.0,
                sample_weight: np.ndarray | None = None,
                modifier_l2_factor: float = 1.0) -> ScoringConfig:
    """Fit the logistic weights of signals ``names`` on labelled accounts (1 = operation).

    An operation account weighs ``positive_weight`` legitimate ones (or each account weighs its
    ``sample_weight``). Weights follow each signal's direction; signals that would need a weight
    against it are left out of the result. Signals that are not hallmarks are penalized
    ``modifier_l2_factor`` times harder: they adjust a score the hallmarks carry."""
    data = standardize(features, labels, names, base.hallmark_min_sd,
                       base.hallmark_floor_sd)
    weight = (np.where(labels == 1, positive_weight, 1.0) if sample_weight is None
              else np.asarray(sample_weight, dtype=np.float64))
    # every signal has a direction (more is more suspicious, or the mark of a legitimate job): a
    # weight against it would only encode a quirk of the training worlds, so the fit keeps each
    # weight on its signal's side of zero, and signals left at zero are left out
    penalty = np.where(hallmark_mask(names), l2, l2 * modifier_l2_factor)
    w, b = fit_logistic(data.z, labels.astype(np.float64), penalty, weight,
                        signs=directions(names))
    w = np.where(np.abs(w) < 1e-4, 0.0, w)
    # hallmarks stay even at weight 0: they decide how much the other signals count (gate)
    signals = [sig for sig, hallmark in zip(data.signals(names, w), hallmark_mask(names),
                                            strict=True) if sig.weight != 0 or hallmark]
    return base.model_copy(update={"model": "logistic", "signals": signals,
                                   "intercept": round(b, 4), "boosted": None})


def fit_boosted_scoring(features: pl.DataFrame, labels: np.ndarray, names: list[str], *,
                        base: ScoringConfig, sample_weight: np.ndarray | None = None,
                        seed: int = 0, trees: int = 200, leaves: int = 15) -> ScoringConfig:
    """Fit a boosted score (scoring.boosted) on labelled accounts: trees over the same
    standardized, gated signals as the logistic score, each signal's effect monotone in its
    direction."""
    data = standardize(features, labels, names, base.hallmark_min_sd,
                       base.hallmark_floor_sd)
    model = fit_boosted(data.z, labels, signs=directions(names), sample_weight=sample_weight,
                        seed=seed, max_iter=trees, max_leaf_nodes=leaves)
    return base.model_copy(update={"model": "boosted", "intercept": 0.0, "boosted": model,
                                   "signals": data.signals(names, np.zeros(len(names)))})
