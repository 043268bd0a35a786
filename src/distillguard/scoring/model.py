"""The account score: a logistic model over standardized signals, its reasons, and how it is fitted.

Consumes account features and the scoring section of the config (weights are data, in rules/default.yaml);
produces score (0–1), flagged and reasons per account. fit_scoring is used by scripts/train_scorer.py."""

from __future__ import annotations

import numpy as np
import polars as pl

from distillguard.config import ScoringConfig, SignalWeight
from distillguard.scoring.signals import hallmark_mask, signal_reasons, signal_values

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


def contributions(features: pl.DataFrame, cfg: ScoringConfig) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of each account and each signal's share of it relative to a typical legit account.

    Returns (logit per account, n × signals matrix of weight × (z − z_typical))."""
    names = [s.name for s in cfg.signals]
    weight = np.array([s.weight for s in cfg.signals])
    center = np.array([s.center for s in cfg.signals])
    scale = np.array([s.scale for s in cfg.signals])
    typical = np.array([s.typical for s in cfg.signals])
    x = _matrix(signal_values(features, names), typical)
    z = (x - center) / scale
    logit = cfg.intercept + z @ weight
    return logit, weight * (z - (typical - center) / scale)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def hallmark_factor(contrib: np.ndarray, names: list[str], min_logodds: float) -> np.ndarray:
    """How much of the score an account keeps: 1 when a hallmark signal adds at least
    ``min_logodds`` over a typical legitimate account, less in proportion below that, 0 without
    any hallmark. So pacing, hours, network, tier or youth alone never flag an account."""
    if min_logodds <= 0:
        return np.ones(contrib.shape[0])
    mask = np.asarray(hallmark_mask(names), dtype=bool)
    if not mask.any():
        return np.zeros(contrib.shape[0])
    strongest = contrib[:, mask].max(axis=1)
    return np.clip(strongest / min_logodds, 0.0, 1.0)


def score_accounts(features: pl.DataFrame, cfg: ScoringConfig) -> pl.DataFrame:
    """Score, flag and explain every account of ``features`` (SCORE_SCHEMA, same order).

    Reasons are the sentences of the signals that add at least ``cfg.reason_min_logodds`` to a
    typical legitimate account's log-odds, strongest first; an account flagged without any such
    signal gets the top contributor so that every flag can be checked."""
    names = [s.name for s in cfg.signals]
    logit, contrib = contributions(features, cfg)
    score = sigmoid(logit) * hallmark_factor(contrib, names, cfg.hallmark_min_logodds)
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


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, sample_weight: np.ndarray | None = None,
                 iterations: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression by Newton's method (x standardized; bias unpenalized)."""
    n, k = x.shape
    sw = np.ones(n) if sample_weight is None else sample_weight
    xb = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(k + 1)
    penalty = np.full(k + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = sigmoid(xb @ beta)
        grad = xb.T @ (sw * (p - y)) + penalty * beta
        hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess + 1e-9 * np.eye(k + 1), grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def fit_scoring(features: pl.DataFrame, labels: np.ndarray, names: list[str], *, l2: float,
                base: ScoringConfig, positive_weight: float = 1.0) -> ScoringConfig:
    """Fit the weights of signals ``names`` on labelled accounts (1 = operation) of many worlds.

    An operation account weighs ``positive_weight`` legitimate ones; centers and scales are the
    training means and deviations, typical values the medians over legitimate accounts. Weights
    are non-negative; signals that would get a negative weight are left out of the result."""
    raw = signal_values(features, names).to_numpy().astype(np.float64)
    legit = labels == 0
    typical = np.nanmedian(raw[legit], axis=0)
    typical = np.where(np.isnan(typical), np.nanmedian(raw, axis=0), typical)
    x = np.where(np.isnan(raw), typical, raw)
    center, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    weight = np.where(labels == 1, positive_weight, 1.0)
    z = (x - center) / scale
    # every signal is built so that more means more suspicious: a negative weight would only
    # encode a quirk of the training worlds, so such signals are dropped and the rest refitted
    active = np.ones(len(names), dtype=bool)
    while True:
        w_active, b = fit_logistic(z[:, active], labels.astype(np.float64), l2, weight)
        w = np.zeros(len(names))
        w[active] = w_active
        if (w >= 0).all():
            break
        active &= w > 0
    signals = [SignalWeight(name=n, weight=round(float(wi), 4), center=round(float(c), 6),
                            scale=round(float(s), 6), typical=round(float(t), 6))
               for n, wi, c, s, t in zip(names, w, center, scale, typical, strict=True) if wi > 0]
    return base.model_copy(update={"signals": signals, "intercept": round(b, 4)})
