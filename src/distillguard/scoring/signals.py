"""The signals of the account score: numeric transforms of the account fingerprint and their reason text.

Consumes account features (features.accounts.account_features); produces one column per signal and, for
the reasons, one human-readable sentence per signal that an analyst can check against the logs."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from distillguard.errors import ConfigError


def _pct(name: str) -> pl.Expr:
    return (pl.col(name) * 100).round(0).cast(pl.Int64)


def _num(name: str, decimals: int = 2) -> pl.Expr:
    return pl.col(name).round(decimals)


@dataclass(frozen=True)
class Signal:
    """A score input: ``value`` over account features, ``reason`` the sentence shown when it counts.

    A ``hallmark`` is what an operation cannot avoid while it harvests at scale: asking for what it
    harvests together with other customers' accounts linked to it by infrastructure, payment,
    playbook or timing (the cohort). Every other signal, what one account asks for included,
    describes traits that legitimate clients show one at a time (an evaluation job grades, a
    coding-agent user works agentic tasks, a backend paces like a machine around the clock): they
    count only for an account with a hallmark (see scoring.model.gate), so none flags alone."""

    value: pl.Expr
    reason: pl.Expr
    hallmark: bool = False
    # +1: more is more suspicious (weight ≥ 0); -1: more is the mark of a legitimate job, such as
    # an evaluation pipeline's deterministic sampling (weight ≤ 0, never a reason)
    direction: int = 1


SIGNALS: dict[str, Signal] = {
    "volume": Signal(
        pl.col("n_events").cast(pl.Float64).log1p(),
        pl.format("{} exchanges, {} output tokens", pl.col("n_events"), pl.col("output_tokens"))),
    "daily_volume": Signal(
        (pl.col("n_events") / pl.col("active_days")).log1p(),
        pl.format("{} exchanges per active day over {} days",
                  (pl.col("n_events") / pl.col("active_days")).round(0).cast(pl.Int64),
                  pl.col("active_days"))),
    "harvest_share": Signal(
        pl.col("harvest_share"),
        pl.format("{}% of exchanges are harvest asks: reasoning written out, grading, sensitive "
                  "rewrites, synthetic data (cot {}%, rubric {}%, sensitive {}%, data {}%)",
                  _pct("harvest_share"), _pct("share_cot_elicitation"),
                  _pct("share_rubric_grading"), _pct("share_sensitive_rewrite"),
                  _pct("share_data_generation"))),
    "harvest_volume": Signal(
        (pl.col("n_events") * pl.col("harvest_share")).log1p(),
        pl.format("{} harvest asks (reasoning reconstruction, grading, sensitive rewrites, "
                  "synthetic data)", (pl.col("n_events") * pl.col("harvest_share")).round(0)
                  .cast(pl.Int64))),
    "harvest_kinds": Signal(
        pl.col("harvest_kinds").cast(pl.Float64),
        pl.format("{} kinds of harvest asks (cot {}%, rubric {}%, sensitive {}%, synthetic data {}%)",
                  pl.col("harvest_kinds"), _pct("share_cot_elicitation"),
                  _pct("share_rubric_grading"), _pct("share_sensitive_rewrite"),
                  _pct("share_data_generation"))),
    "target_share": Signal(
        pl.col("target_share"),
        pl.format("{}% of exchanges on harvested capabilities (agentic {}%, tool use {}%, coding "
                  "{}%, vision {}%, harvest asks {}%)", _pct("target_share"), _pct("share_agentic"),
                  _pct("share_tool_use"), _pct("share_coding"), _pct("share_vision"),
                  _pct("harvest_share"))),
    "target_volume": Signal(
        (pl.col("n_events") * pl.col("target_share")).log1p(),
        pl.format("{} exchanges on harvested capabilities",
                  (pl.col("n_events") * pl.col("target_share")).round(0).cast(pl.Int64))),
    "coordinated_harvest": Signal(
        pl.col("coordinated_harvest"),
        pl.format("harvests with {} other linked accounts of its cohort ({} accounts, {}% harvest "
                  "asks)", pl.col("other_harvesters"), pl.col("cohort_accounts"),
                  _pct("cohort_harvest_share")),
        hallmark=True),
    "coordinated_target": Signal(
        pl.col("coordinated_target"),
        pl.format("works the harvested capabilities with {} other linked accounts of its cohort "
                  "({} accounts, {} exchanges)", pl.col("other_targeters"),
                  pl.col("cohort_accounts"), pl.col("cohort_exchanges")),
        hallmark=True),
    "daily_volume_vs_peers": Signal(
        pl.col("log_daily_volume_vs_peers").clip(lower_bound=0.0),
        pl.format("{} exchanges per active day, {} robust deviations above its peers (same tier, "
                  "surface and client)", (pl.col("n_events") / pl.col("active_days")).round(0)
                  .cast(pl.Int64), _num("log_daily_volume_vs_peers", 1))),
    "target_volume_vs_peers": Signal(
        pl.col("log_target_volume_vs_peers").clip(lower_bound=0.0),
        pl.format("{} exchanges on harvested capabilities, {} robust deviations above its peers",
                  (pl.col("n_events") * pl.col("target_share")).round(0).cast(pl.Int64),
                  _num("log_target_volume_vs_peers", 1))),
    "hour_coverage_vs_peers": Signal(
        pl.col("active_hours_utc_vs_peers").clip(lower_bound=0.0),
        pl.format("active in {} of 24 hours (UTC), {} robust deviations above its peers",
                  pl.col("active_hours_utc"), _num("active_hours_utc_vs_peers", 1))),
    "harvest_share_vs_peers": Signal(
        pl.col("harvest_share_vs_peers").clip(lower_bound=0.0),
        pl.format("{}% harvest asks, {} robust deviations above its peers", _pct("harvest_share"),
                  _num("harvest_share_vs_peers", 1))),
    "vision_share": Signal(
        pl.col("share_vision"),
        pl.format("{}% of exchanges send an image or screenshot (computer-use and vision "
                  "trajectories)", _pct("share_vision"))),
    "release_adoption": Signal(
        pl.col("release_adoption"),
        pl.format("{}% of its exchanges went to a newly released model within a day of the release",
                  _pct("release_adoption"))),
    "mixed_traffic": Signal(
        pl.col("capability_entropy"),
        pl.format("mixed traffic: capability entropy {} (0 = one capability, 1 = all alike)",
                  _num("capability_entropy"))),
    # an evaluation or benchmark job samples deterministically; a fleet that does so is still a
    # fleet, so the mark fades with every other harvesting customer of its cohort that it is
    # tied to by infrastructure, payment or timing (cohorts.fleet; judges sharing a public rubric
    # are not a fleet); and it is the cohort's as much as the account's: a crowd of evaluation
    # jobs samples deterministically throughout, an operation whose few accounts do does not —
    # unless the account asks for one kind of harvest only: a judge grading among harvesters
    # that use its public rubrics is still one evaluation job
    "deterministic_sampling": Signal(
        pl.when(pl.col("harvest_kinds") == 1).then(pl.col("temperature_zero_share"))
        .otherwise(pl.min_horizontal("temperature_zero_share", "cohort_deterministic_share"))
        / (1 + pl.col("fleet_harvesters").cast(pl.Float64)),
        pl.format("{}% of requests at temperature 0 (evaluation and benchmark jobs)",
                  _pct("temperature_zero_share")),
        direction=-1),
    "capability_distance": Signal(
        pl.col("capability_distance"),
        pl.format("capability mix far from the population (distance {}; agentic {}%, tool use {}%, "
                  "coding {}%, vision {}%)", _num("capability_distance"), _pct("share_agentic"),
                  _pct("share_tool_use"), _pct("share_coding"), _pct("share_vision"))),
    "top_template": Signal(
        pl.col("top_template_share"),
        pl.format("{}% of exchanges use one prompt template", _pct("top_template_share"))),
    "network_spread": Signal(
        pl.col("distinct_prefixes").cast(pl.Float64).log1p(),
        pl.format("requests from {} networks (/24 or /48), {} ASNs, {} countries",
                  pl.col("distinct_prefixes"), pl.col("distinct_asns"),
                  pl.col("distinct_countries"))),
    "network_rotation": Signal(
        pl.col("prefix_rotation"),
        pl.format("a different network every {} exchanges on average",
                  (1 / pl.col("prefix_rotation")).round(1))),
    "country_spread": Signal(
        pl.col("distinct_countries").cast(pl.Float64).log1p(),
        pl.format("requests from {} countries", pl.col("distinct_countries"))),
    "pacing_regularity": Signal(
        -(pl.col("interarrival_cv") + 0.05).log(),
        pl.format("machine-like pacing: inter-arrival variation {} (people are above 1)",
                  _num("interarrival_cv"))),
    "night_activity": Signal(
        pl.col("night_share"),
        pl.format("{}% of exchanges in the local night of the request's country",
                  _pct("night_share"))),
    "hour_coverage": Signal(
        pl.col("active_hours_utc") / 24,
        pl.format("active in {} of 24 hours (UTC)", pl.col("active_hours_utc"))),
    "account_youth": Signal(
        -pl.col("age_days").clip(lower_bound=0).log1p(),
        pl.format("first request {} days after the account was created", _num("age_days", 1))),
    "abused_tier": Signal(
        pl.col("abused_tier").cast(pl.Float64),
        pl.format("tier '{}', a cheap verification pathway", pl.col("tier"))),
    "unverified": Signal(
        1 - pl.col("verified").cast(pl.Float64),
        pl.lit("account not verified")),
    "output_ratio": Signal(
        (pl.col("output_input_ratio") + 0.01).log(),
        pl.format("output/input token ratio {}", _num("output_input_ratio"))),
    "max_tokens_saturation": Signal(
        pl.col("max_tokens_saturation"),
        pl.format("{}% of outputs run to max_tokens", _pct("max_tokens_saturation"))),
    "single_turn": Signal(
        pl.col("single_turn_share"),
        pl.format("{}% single-turn exchanges", _pct("single_turn_share"))),
}


def hallmark_mask(names: list[str]) -> list[bool]:
    """Which of the named signals are hallmarks."""
    return [SIGNALS[n].hallmark for n in names]


def directions(names: list[str]) -> list[int]:
    """+1 for each named signal that raises the score, -1 for one that lowers it."""
    return [SIGNALS[n].direction for n in names]


def _known(expr: pl.Expr, columns: set[str], dtype: pl.DataType) -> pl.Expr:
    """``expr``, or null when it reads a column the features lack (the online service knows no
    peers, release or, without an accounts table, account age): unknown takes the typical value."""
    return expr if set(expr.meta.root_names()) <= columns else pl.lit(None, dtype)


def signal_values(features: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """One Float64 column per named signal (null where the input is unknown, e.g. no accounts table)."""
    unknown = sorted(set(names) - set(SIGNALS))
    if unknown:
        raise ConfigError(f"scoring.signals: unknown signal(s) {', '.join(unknown)}; known: "
                          f"{', '.join(SIGNALS)}")
    columns = set(features.columns)
    return features.select([_known(SIGNALS[n].value, columns, pl.Float64).cast(pl.Float64)
                            .fill_nan(None).alias(n) for n in names])


def signal_reasons(features: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """One String column per named signal: the sentence that explains it for each account."""
    columns = set(features.columns)
    return features.select([_known(SIGNALS[n].reason, columns, pl.String).alias(n)
                            for n in names])
