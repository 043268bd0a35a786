"""The settings of the account score (scoring: signals, weights or trees, threshold, reasons) and of
fitting it on your own labels (train).

The defaults here are overridden by rules/default.yaml and a user's --config file (see load_config)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from distillguard.config.sections import Section


class SignalWeight(Section):
    """One input of the account score: a standardized signal and its weight."""

    name: str = Field(description="Signal name (see distillguard.scoring.signals.SIGNALS).")
    weight: float = Field(description="Log-odds added per standard deviation of the signal.")
    center: float = Field(0.0, description="Value subtracted before scaling (training mean).")
    scale: float = Field(1.0, gt=0, description="Divisor after centring (training std).")
    typical: float = Field(
        0.0, description="Value of a typical legitimate account; reasons name the signals that "
                         "push the score up most from there, and missing values take it.")


class BoostedTree(Section):
    """One regression tree of a boosted score, as parallel arrays over its nodes (root first)."""

    feature: list[int] = Field(description="Index into scoring.signals of each split; -1 at a leaf.")
    threshold: list[float] = Field(description="A standardized signal at most this goes left.")
    missing_left: list[bool] = Field(description="Whether a missing value goes left.")
    left: list[int] = Field(description="Left child of each split.")
    right: list[int] = Field(description="Right child of each split.")
    value: list[float] = Field(description="Log-odds at a leaf; at a split, the mean of its leaves "
                                           "(weighted by training accounts), for reasons.")


class BoostedModel(Section):
    """Gradient-boosted trees over the standardized, gated signals (distillguard train writes it)."""

    baseline: float = Field(description="Log-odds before any tree.")
    trees: list[BoostedTree] = Field(description="Trees whose leaf values add up to the log-odds.")


class ScoringConfig(Section):
    """Per-account score: a model over signals (logistic by default), threshold, reasons."""

    model: Literal["logistic", "boosted"] = Field(
        "logistic", description="logistic: weights per signal (the shipped default, readable); "
                                "boosted: trees over the same signals (scoring.boosted), which "
                                "distillguard train may choose for your own labels.")
    threshold: float = Field(0.5, ge=0, le=1, description="Accounts scoring at least this are flagged.")
    intercept: float = Field(0.0, description="Log-odds of the logistic model at the signals' "
                                              "centers.")
    signals: list[SignalWeight] = Field(default_factory=list, min_length=1,
                                        description="Weighted signals (with a boosted model the "
                                                    "weights are unused; the list fixes the "
                                                    "standardization and the trees' inputs).")
    boosted: BoostedModel | None = Field(None, description="The trees when model is boosted.")
    hallmark_min_sd: float = Field(
        1.0, ge=0, description="Non-hallmark signals (pacing, hours, network, tier, youth, budgets, "
                               "what one account asks for) count in full only for an account whose "
                               "hallmark (coordinated_harvest, coordinated_target) is this many SDs "
                               "above a typical legitimate one; below, in proportion (0 = off).")
    hallmark_floor_sd: float = Field(
        0.0, ge=0, description="... and not at all for an account whose strongest hallmark is this "
                               "many standard deviations above typical or less (at most half of "
                               "hallmark_min_sd): the faint cohort that hundreds of unrelated "
                               "people behind one campus or company network form is no evidence.")
    max_reasons: int = Field(5, ge=1, description="Reasons listed per account.")
    reason_min_logodds: float = Field(
        0.5, ge=0, description="A signal is a reason when it adds at least this much log-odds "
                               "over a typical legitimate account.")

    @model_validator(mode="after")
    def _trees_match_signals(self) -> ScoringConfig:
        if self.model == "boosted":
            if self.boosted is None:
                raise ValueError("model 'boosted' needs the boosted trees")
            used = {f for tree in self.boosted.trees for f in tree.feature}
            if max(used, default=-1) >= len(self.signals):
                raise ValueError("boosted trees split on a signal the signals list does not have")
        return self


class TrainConfig(Section):
    """Fitting the score on your own labelled accounts (distillguard train)."""

    signals: list[str] = Field(
        default_factory=list,
        description="Signals the fitted score may use (see distillguard.scoring.signals); empty = "
                    "those of the scoring section. The packaged rules list every signal: your "
                    "labels know which traits your own legitimate clients show.")
    models: list[Literal["logistic", "boosted"]] = Field(
        ["logistic", "boosted"], min_length=1,
        description="Model kinds compared by cross-validation; the best is written.")
    try_ungated: bool = Field(True, description="Also compare each model without the hallmark gate "
                                                "(your labels may know operations that show none).")
    boosted_trees: int = Field(200, ge=1, description="Trees of a boosted model.")
    boosted_leaves: int = Field(15, ge=2, description="Most leaves per tree of a boosted model.")
    folds: int = Field(5, ge=2, description="Cross-validation folds; a labelled campaign's accounts "
                                            "always share a fold.")
    l2: float = Field(3.0, ge=0, description="L2 penalty of the logistic fit (standardized signals).")
    positive_weight: float = Field(1.0, gt=0, description="Weight of an operation account relative "
                                                          "to a legitimate one in the fit.")
    peer_balance_keys: list[str] = Field(
        ["tier", "surface", "client"], description="Legitimate accounts weigh in the fit by their "
        "peer group (these account columns): a rare kind of client counts as much as a common "
        "one; [] = every account weighs the same.")
    peer_balance_cap: float = Field(20.0, ge=1, description="... at most this many times a "
                                                            "typical group's account.")
    max_fpr: float = Field(0.001, ge=0, le=1, description="The threshold flags the most operation "
                                                          "accounts with a cross-validated "
                                                          "false-positive rate at most this ...")
    min_precision: float = Field(0.98, ge=0, le=1, description="... and precision at least this "
                                                               "(else the best F1).")
    min_labels_per_class: int = Field(5, ge=1, description="Fewer operation or legitimate accounts "
                                                           "in the logs is an error.")
    seed: int = Field(0, description="Seed of the fold assignment (results are deterministic).")
