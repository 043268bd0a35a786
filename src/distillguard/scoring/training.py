"""Fitting the account score on labelled accounts: campaign-grouped folds, out-of-fold scores, threshold.

Consumes account evidence (features joined with the user's labels) and the train section of the config;
produces a fitted ScoringConfig and the cross-validated metrics that train_metrics.json reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from distillguard.config import ScoringConfig, TrainConfig
from distillguard.errors import InputError
from distillguard.scoring.model import (
    fit_boosted_scoring,
    fit_scoring,
    score_accounts,
    sigmoid,
)


def fold_groups(labelled: pl.DataFrame) -> np.ndarray:
    """The unit each row is assigned to a fold with: its campaign when labelled with one (so a
    campaign is never both trained on and tested on), else the account itself."""
    campaign = labelled["campaign_id"] if "campaign_id" in labelled.columns else None
    account = labelled["account_id"]
    if campaign is None:
        return ("a:" + account).to_numpy()
    return pl.select(pl.when(campaign.is_not_null()).then("c:" + campaign)
                     .otherwise("a:" + account)).to_series().to_numpy()


def assign_folds(groups: np.ndarray, labels: np.ndarray, n_folds: int, seed: int) -> np.ndarray:
    """Fold index per row: whole groups per fold, positives and negatives spread evenly.

    Groups are dealt largest first to the fold that holds the fewest rows of their class so far
    (ties broken by a seeded shuffle), so folds stay balanced even with a few large campaigns."""
    rng = np.random.default_rng(seed)
    frame = (pl.DataFrame({"group": groups, "label": labels})
             .group_by("group").agg(n=pl.len(), positive=pl.col("label").max())
             .sort("group"))  # a hash aggregation's order varies from run to run
    frame = frame.with_columns(tie=pl.Series(rng.permutation(frame.height)))
    fold_of: dict[str, int] = {}
    for positive in (1, 0):
        load = np.zeros(n_folds)
        part = frame.filter(pl.col("positive") == positive).sort(["n", "tie"],
                                                                 descending=[True, False])
        for group, n in zip(part["group"].to_list(), part["n"].to_list(), strict=True):
            fold = int(np.argmin(load + rng.random(n_folds) * 1e-6))
            fold_of[group] = fold
            load[fold] += n
    return np.array([fold_of[g] for g in groups.tolist()], dtype=np.int64)


def rates(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, Any]:
    """Precision, recall and false-positive rate of ``scores >= threshold``."""
    flagged = scores >= threshold
    tp = int((flagged & (labels == 1)).sum())
    fp = int((flagged & (labels == 0)).sum())
    positives, negatives = int((labels == 1).sum()), int((labels == 0).sum())
    return {"threshold": round(float(threshold), 6), "true_positives": tp, "false_positives": fp,
            "precision": round(tp / (tp + fp), 6) if tp + fp else None,
            "recall": round(tp / positives, 6) if positives else None,
            "fpr": round(fp / negatives, 6) if negatives else None}


def choose_threshold(scores: np.ndarray, labels: np.ndarray, cfg: TrainConfig) -> tuple[float, str]:
    """A score threshold with out-of-fold false-positive rate at most ``cfg.max_fpr`` and
    precision at least ``cfg.min_precision`` that flags as many operation accounts as any such
    threshold, placed with the widest margin (see _widest_margin); when none meets both, the best
    F1. Returns the threshold and the rule that chose it."""
    candidates = np.unique(scores)  # ascending; flagging is ``scores >= t``
    positive_scores = np.sort(scores[labels == 1])
    negative_scores = np.sort(scores[labels == 0])
    tp = len(positive_scores) - np.searchsorted(positive_scores, candidates, side="left")
    fp = len(negative_scores) - np.searchsorted(negative_scores, candidates, side="left")
    precision = np.where(tp + fp > 0, tp / np.maximum(1, tp + fp), 0.0)
    recall = tp / max(1, len(positive_scores))
    fpr = fp / max(1, len(negative_scores))
    meets = (fpr <= cfg.max_fpr) & (precision >= cfg.min_precision) & (tp > 0)
    if meets.any():
        lowest = float(candidates[np.argmax(meets)])
        return _widest_margin(lowest, positive_scores, negative_scores), (
            f"most operation accounts with FPR <= {cfg.max_fpr} and precision >= "
            f"{cfg.min_precision} (out of fold), midway between the scores on either side")
    f1 = np.where(precision + recall > 0, 2 * precision * recall
                  / np.maximum(1e-12, precision + recall), 0.0)
    return float(candidates[np.argmax(f1)]), ("best F1 out of fold (no threshold met the FPR "
                                              "and precision targets)")


def _widest_margin(lowest: float, positive_scores: np.ndarray,
                   negative_scores: np.ndarray) -> float:
    """The threshold that flags every operation account ``lowest`` flags and no legitimate one
    more, midway (in log-odds) between the lowest of those operation accounts and the highest
    legitimate score below it.

    The lowest threshold that meets the targets sits on a legitimate account's score, so on new
    traffic legitimate accounts just below it cross it; raising it to the gap below the weakest
    flagged operation account drops them without losing one out-of-fold catch. Both arrays are
    sorted."""
    weakest = positive_scores[np.searchsorted(positive_scores, lowest, side="left")]
    below = negative_scores[negative_scores < weakest]
    if not below.size:
        return float(weakest)
    edges = np.clip([below[-1], weakest], 1e-12, 1 - 1e-12)
    return float(sigmoid(np.log(edges / (1 - edges)).mean()))


@dataclass(frozen=True)
class TrainResult:
    """A fitted score and how well it did on accounts it was not fitted on."""

    scoring: ScoringConfig
    metrics: dict[str, Any]


def check_labels(labels: np.ndarray, cfg: TrainConfig) -> None:
    """Raise InputError when the labels cannot fit a model: one class only, or too few of one."""
    positives, negatives = int((labels == 1).sum()), int((labels == 0).sum())
    if positives == 0 or negatives == 0:
        only = "operation (1)" if negatives == 0 else "legitimate (0)"
        raise InputError(f"labels: every labelled account in the logs is {only}; train needs both "
                         f"classes")
    if min(positives, negatives) < cfg.min_labels_per_class:
        raise InputError(f"labels: {positives} operation and {negatives} legitimate accounts in the "
                         f"logs; train needs at least {cfg.min_labels_per_class} of each")


def candidates(base: ScoringConfig, cfg: TrainConfig) -> list[tuple[str, ScoringConfig]]:
    """The score variants cross-validation compares: each model kind of ``cfg.models``, with the
    configured hallmark gate and, when ``cfg.try_ungated``, without it."""
    gates = [base.hallmark_min_sd] + ([0.0] if cfg.try_ungated and base.hallmark_min_sd else [])
    return [(f"{model}, hallmark gate {gate:g}",
             base.model_copy(update={"model": model, "hallmark_min_sd": gate}))
            for model in cfg.models for gate in gates]


def fit_variant(data: pl.DataFrame, labels: np.ndarray, names: list[str], base: ScoringConfig,
                cfg: TrainConfig) -> ScoringConfig:
    """Fit the model kind of ``base`` on labelled accounts, legitimate ones weighted by their peer
    group (peer_weights)."""
    weight = peer_weights(data, labels, cfg)
    if base.model == "boosted":
        return fit_boosted_scoring(data, labels, names, base=base, seed=cfg.seed,
                                   trees=cfg.boosted_trees, leaves=cfg.boosted_leaves,
                                   sample_weight=weight)
    return fit_scoring(data, labels, names, l2=cfg.l2, base=base,
                       sample_weight=weight * np.where(labels == 1, cfg.positive_weight, 1.0))


def peer_weights(data: pl.DataFrame, labels: np.ndarray, cfg: TrainConfig) -> np.ndarray:
    """Sample weight per labelled account: each legitimate account weighs the mean size of the
    legitimate peer groups (``cfg.peer_balance_keys``) over its own group's size, at most
    ``cfg.peer_balance_cap``, rescaled so that legitimate accounts keep their total weight; an
    operation account weighs 1. Thousands of chat users on the consumer tier would otherwise
    drown the two dozen enterprise backends whose false positives the fit must also avoid."""
    keys = [k for k in cfg.peer_balance_keys if k in data.columns]
    weight = np.ones(len(labels))
    legit = labels == 0
    if not keys or not legit.any():
        return weight
    peers = data.filter(pl.Series(legit)).select(keys)
    sizes = peers.select(pl.len().over(keys))[:, 0].to_numpy()
    raw = np.minimum(len(peers) / peers.n_unique() / sizes, cfg.peer_balance_cap)
    weight[legit] = raw * legit.sum() / raw.sum()
    return weight


def _folds(labelled: pl.DataFrame, labels: np.ndarray, cfg: TrainConfig) -> tuple[np.ndarray, bool]:
    """Fold per labelled account, and whether folds keep each labelled campaign together."""
    groups = fold_groups(labelled)
    n_folds = min(cfg.folds, np.unique(groups[labels == 1]).size,
                  np.unique(groups[labels == 0]).size)
    by_campaign = n_folds >= 2
    if not by_campaign:  # one labelled campaign: folds split its accounts instead
        return _account_folds(labelled, labels, cfg), by_campaign
    return assign_folds(groups, labels, n_folds, cfg.seed), by_campaign


def _account_folds(labelled: pl.DataFrame, labels: np.ndarray, cfg: TrainConfig) -> np.ndarray:
    """Fold per labelled account with each campaign's accounts spread over the folds."""
    groups = ("a:" + labelled["account_id"]).to_numpy()
    return assign_folds(groups, labels, min(cfg.folds, int((labels == 1).sum())), cfg.seed)


def out_of_fold(labelled: pl.DataFrame, labels: np.ndarray, folds: np.ndarray, names: list[str],
                base: ScoringConfig, cfg: TrainConfig) -> np.ndarray:
    """Each labelled account's score from a fit on the other folds."""
    oof = np.zeros(len(labels))
    for k in np.unique(folds):
        train, test = folds != k, folds == k
        if len(np.unique(labels[train])) < 2:
            raise InputError("labels: a cross-validation fold has a single class; label more "
                             "accounts or campaigns")
        fitted = fit_variant(labelled.filter(pl.Series(train)), labels[train], names, base, cfg)
        oof[test] = score_accounts(labelled.filter(pl.Series(test)), fitted)["score"].to_numpy()
    return oof


def recall_near_target(scores: np.ndarray, labels: np.ndarray, max_fpr: float) -> float:
    """Mean recall at false-positive rates of half, one and two times ``max_fpr``: how many
    operation accounts a score ranks above the legitimate ones around the operating point.

    A single rate rests on the few legitimate accounts at the edge (0.1% of 4,000 is four), so
    one account can swing a held-out campaign's recall by tens of points; the mean over the
    neighbourhood compares variants on more of the curve."""
    negatives = np.sort(scores[labels == 0])[::-1]
    positives = scores[labels == 1]
    recalls = []
    for cap in (max_fpr / 2, max_fpr, 2 * max_fpr):
        allowed = int(cap * len(negatives))
        edge = negatives[allowed] if allowed < len(negatives) else -np.inf
        recalls.append(float((positives > edge).mean()) if len(positives) else 0.0)
    return float(np.mean(recalls))


def _better(new: dict[str, Any], old: dict[str, Any] | None, cfg: TrainConfig) -> bool:
    """Whether a variant's cross-validated rates beat another's: meeting the FPR and precision
    targets first, then the mean of its recalls near the target FPR (recall_near_target) with
    campaign folds and with account folds, then F1."""
    def key(r: dict[str, Any]) -> tuple[bool, float, float]:
        p, rec, fpr = r["precision"] or 0.0, r["recall"] or 0.0, r["fpr"] or 0.0
        meets = fpr <= cfg.max_fpr and p >= cfg.min_precision
        near = (r["recall_near_target"] + r["recall_near_target_accounts"]) / 2 if meets else 0.0
        return meets, near, 2 * p * rec / (p + rec) if p + rec else 0.0
    return old is None or key(new) > key(old)


def fit_from_labels(evidence: pl.DataFrame, base: ScoringConfig, cfg: TrainConfig) -> TrainResult:
    """Fit the account score on ``evidence`` rows that carry a ``label`` (1 = operation).

    Every variant (see candidates) is cross-validated with folds that keep each labelled campaign
    together; its threshold is chosen on the out-of-fold scores (see choose_threshold), and so are
    the rates reported. Those folds ask whether a variant finds an operation it never saw, and
    with a handful of labelled campaigns their recall swings with which one is held out; the
    variants are also scored with folds that spread each campaign's accounts, which ask whether
    it finds the other accounts of operations it saw (a hydra's next heads), and ranked on both
    (see _better). The best variant is refitted on every labelled account and given its
    threshold."""
    labelled = evidence.filter(pl.col("label").is_not_null())
    labels = labelled["label"].cast(pl.Int64).to_numpy()
    check_labels(labels, cfg)
    names = cfg.signals or [s.name for s in base.signals]
    folds, by_campaign = _folds(labelled, labels, cfg)
    spread = _account_folds(labelled, labels, cfg) if by_campaign else None
    compared: list[dict[str, Any]] = []
    best: tuple[ScoringConfig, np.ndarray, float, str, dict[str, Any]] | None = None
    for label, variant in candidates(base, cfg):
        oof = out_of_fold(labelled, labels, folds, names, variant, cfg)
        threshold, rule = choose_threshold(oof, labels, cfg)
        near = recall_near_target(oof, labels, cfg.max_fpr)
        if spread is not None:
            near_accounts = recall_near_target(
                out_of_fold(labelled, labels, spread, names, variant, cfg), labels, cfg.max_fpr)
        else:  # the folds already spread the one labelled campaign
            near_accounts = near
        result = rates(oof, labels, threshold) | {
            "recall_near_target": round(near, 6),
            "recall_near_target_accounts": round(near_accounts, 6)}
        compared.append({"variant": label, "threshold_rule": rule, **result})
        if best is None or _better(result, best[4], cfg):
            best = (variant, oof, threshold, rule, result)
    variant, oof, threshold, rule, _ = best
    final = fit_variant(labelled, labels, names, variant, cfg)
    final = final.model_copy(update={"threshold": round(threshold, 6)})
    per_fold = [{"fold": int(k), "accounts": int((folds == k).sum()),
                 "positives": int(labels[folds == k].sum()),
                 **rates(oof[folds == k], labels[folds == k], threshold)}
                for k in np.unique(folds)]
    metrics = {
        "labelled_accounts": len(labels), "positives": int(labels.sum()),
        "negatives": int((labels == 0).sum()), "folds": int(np.unique(folds).size),
        "folds_keep_campaigns_together": by_campaign,
        "model": final.model, "hallmark_min_sd": final.hallmark_min_sd,
        "threshold_rule": rule,
        "cross_validated": rates(oof, labels, threshold),
        "variants": compared,
        "per_fold": per_fold,
        "weights": {s.name: s.weight for s in final.signals if s.weight},
        "intercept": final.intercept,
    }
    return TrainResult(scoring=final, metrics=metrics)
