"""Typed configuration of every stage (detection as code), loadable from YAML.

load_config(path) merges a user YAML file over the packaged rules/default.yaml; unknown keys are errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from distillguard.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IOConfig(_Section):
    """How input tables are read and which rows are accepted."""

    batch_rows: int = Field(
        250_000, ge=1_000, description="Rows per batch when reading large inputs (bounds memory)."
    )
    max_prompt_chars: int = Field(
        400_000, ge=1, description="Prompts and system prompts longer than this are quarantined."
    )
    max_field_chars: int = Field(
        2_048, ge=1, description="Any other string value longer than this is quarantined."
    )
    min_year: int = Field(2000, description="Timestamps before this year are quarantined.")
    max_year: int = Field(2100, description="Timestamps after this year are quarantined.")
    quarantine_value_chars: int = Field(
        200, ge=0, description="Values copied into quarantine.jsonl are cut to this many chars."
    )


class FeatureConfig(_Section):
    """Per-event and per-account features."""

    chunk_rows: int = Field(
        500_000, ge=10_000,
        description="Events featurized at once. Template scaffolds are learnt per chunk, so a chunk "
                    "should hold many uses of each template; memory grows with it.")
    account_partitions: int = Field(
        16, ge=1, description="Featurized events are written in this many files split by account; "
                              "account fingerprints are computed one file at a time (bounds memory).")
    template_min_prompts: int = Field(
        20, ge=2, description="A word 3-gram seen in this many distinct prompts of a chunk is "
                              "template scaffold, not content.")
    template_min_share: float = Field(
        0.0002, ge=0, le=1, description="... or in this share of the chunk's distinct prompts, "
                                        "when that is larger.")
    shared_template_accounts: int = Field(
        10, ge=2, description="A template sent by at least this many accounts counts as shared "
                              "across accounts.")
    harvest_capabilities: list[str] = Field(
        ["cot_elicitation", "rubric_grading", "sensitive_rewrite"],
        description="Capabilities whose outputs are above all training data for another model.")
    abused_tiers: list[str] = Field(
        ["edu", "research", "startup"],
        description="Account tiers reached through the cheapest verification pathways.")
    night_hours: tuple[int, int] = Field(
        (1, 6), description="Local night, [start, end) hours at the request's country.")


class SignalWeight(_Section):
    """One input of the account score: a standardized signal and its weight."""

    name: str = Field(description="Signal name (see distillguard.scoring.signals.SIGNALS).")
    weight: float = Field(description="Log-odds added per standard deviation of the signal.")
    center: float = Field(0.0, description="Value subtracted before scaling (training mean).")
    scale: float = Field(1.0, gt=0, description="Divisor after centring (training std).")
    typical: float = Field(
        0.0, description="Value of a typical legitimate account; reasons name the signals that "
                         "push the score up most from there, and missing values take it.")


class ScoringConfig(_Section):
    """Per-account score: logistic model over signals, threshold, reasons."""

    threshold: float = Field(0.5, ge=0, le=1, description="Accounts scoring at least this are flagged.")
    intercept: float = Field(0.0, description="Log-odds of the model at the signals' centers.")
    signals: list[SignalWeight] = Field(default_factory=list, min_length=1,
                                        description="Weighted signals.")
    max_reasons: int = Field(5, ge=1, description="Reasons listed per account.")
    reason_min_logodds: float = Field(
        0.5, ge=0, description="A signal is a reason when it adds at least this much log-odds "
                               "over a typical legitimate account.")


class Config(_Section):
    """Root configuration: one section per pipeline stage."""

    io: IOConfig = Field(default_factory=IOConfig, description="Reading and validation.")
    features: FeatureConfig = Field(default_factory=FeatureConfig, description="Featurization.")
    scoring: ScoringConfig = Field(default_factory=ScoringConfig, description="Account scores.")


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def parse_yaml_mapping(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise ConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at top level, got {type(data).__name__}")
    return data


def default_config_dict() -> dict[str, Any]:
    """The packaged defaults, as a plain dict."""
    text = resources.files("distillguard").joinpath("rules/default.yaml").read_text("utf-8")
    return parse_yaml_mapping(text, "rules/default.yaml")


def read_yaml_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping from ``path``; any problem is a one-line ConfigError."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.__class__.__name__})") from None
    return parse_yaml_mapping(text, str(path))


def build_model(model: type[M], data: dict[str, Any], source: str) -> M:
    """Validate ``data`` into ``model``; the first problem becomes 'source: key.path: message'."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {loc}: {first['msg']}") from None


def load_config(path: str | Path | None = None) -> Config:
    """Load the packaged defaults, with the YAML file at ``path`` merged over them."""
    data = default_config_dict()
    if path is None:
        return build_model(Config, data, "rules/default.yaml")
    return build_model(Config, deep_merge(data, read_yaml_file(path)), str(path))
