"""Boosted account score: gradient-boosted trees over the standardized signals, fitted on your labels.

Consumes the gated, standardized signal matrix (scoring.model) and, to fit, labels; produces log-odds per
account and each signal's share of it (path attribution), with trees stored as plain data in the config."""

from __future__ import annotations

import numpy as np

from distillguard.config import BoostedModel, BoostedTree


def _walk(z: np.ndarray, tree: BoostedTree, contrib: np.ndarray | None) -> np.ndarray:
    """Leaf value reached by each row; adds each split's change of value to its signal in
    ``contrib`` (Saabas path attribution) when given."""
    feature = np.asarray(tree.feature, dtype=np.int64)
    threshold = np.asarray(tree.threshold, dtype=np.float64)
    missing_left = np.asarray(tree.missing_left, dtype=bool)
    left = np.asarray(tree.left, dtype=np.int64)
    right = np.asarray(tree.right, dtype=np.int64)
    value = np.asarray(tree.value, dtype=np.float64)
    rows = np.arange(z.shape[0])
    node = np.zeros(z.shape[0], dtype=np.int64)
    for _ in range(len(feature)):  # a path is never longer than the tree
        active = feature[node] >= 0
        if not active.any():
            break
        r, n = rows[active], node[active]
        x = z[r, feature[n]]
        go_left = np.where(np.isnan(x), missing_left[n], x <= threshold[n])
        child = np.where(go_left, left[n], right[n])
        if contrib is not None:
            np.add.at(contrib, (r, feature[n]), value[child] - value[n])
        node[active] = child
    return value[node]


def boosted_logit(z: np.ndarray, model: BoostedModel) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds per row of ``z`` and the rows × signals matrix of each signal's share of it."""
    contrib = np.zeros_like(z, dtype=np.float64)
    logit = np.full(z.shape[0], model.baseline, dtype=np.float64)
    for tree in model.trees:
        logit += _walk(z, tree, contrib)
    return logit, contrib


def fit_boosted(z: np.ndarray, labels: np.ndarray, *, signs: list[int],
                sample_weight: np.ndarray | None = None, max_iter: int = 200,
                learning_rate: float = 0.1, max_leaf_nodes: int = 15,
                min_samples_leaf: int = 20, l2: float = 1.0, seed: int = 0) -> BoostedModel:
    """Gradient-boosted trees (scikit-learn's histogram gradient boosting) with each signal's
    effect kept monotone in its direction, exported as plain data."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=max_iter, learning_rate=learning_rate, max_leaf_nodes=max_leaf_nodes,
        min_samples_leaf=min_samples_leaf, l2_regularization=l2, monotonic_cst=list(signs),
        early_stopping=False, random_state=seed)
    clf.fit(z, labels, sample_weight=sample_weight)
    trees = [_export(predictors[0].nodes) for predictors in clf._predictors]
    return BoostedModel(baseline=float(np.ravel(clf._baseline_prediction)[0]), trees=trees)


def _export(nodes: np.ndarray) -> BoostedTree:
    """One scikit-learn tree predictor as a BoostedTree; a split's value is the count-weighted
    mean of the leaves below it, which path attribution needs."""
    leaf = nodes["is_leaf"].astype(bool)
    value = np.where(leaf, nodes["value"], 0.0).astype(np.float64)
    count = nodes["count"].astype(np.float64)
    for i in np.argsort(-nodes["depth"], kind="stable"):  # children before their parents
        if not leaf[i]:
            a, b = nodes["left"][i], nodes["right"][i]
            value[i] = (value[a] * count[a] + value[b] * count[b]) / max(1.0, count[a] + count[b])
    return BoostedTree(
        feature=np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)).tolist(),
        threshold=np.where(leaf, 0.0, nodes["num_threshold"]).astype(float).tolist(),
        missing_left=nodes["missing_go_to_left"].astype(bool).tolist(),
        left=np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
        right=np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
        value=[round(float(v), 9) for v in value])
