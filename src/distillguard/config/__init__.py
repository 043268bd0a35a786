"""Typed configuration of every stage (detection as code), loadable from YAML.

load_config(path) merges a user YAML file over the packaged rules/default.yaml; unknown keys are errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError

from distillguard.config.online import OnlineConfig
from distillguard.config.scoring import (
    BoostedModel,
    BoostedTree,
    ScoringConfig,
    SignalWeight,
    TrainConfig,
)
from distillguard.config.sections import (
    CampaignConfig,
    CohortConfig,
    ColumnSource,
    FeatureConfig,
    IntelConfig,
    IOConfig,
    LinkageConfig,
    LockstepConfig,
    PlaybookConfig,
    Section,
)
from distillguard.errors import ConfigError

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "BoostedModel",
    "BoostedTree",
    "CampaignConfig",
    "CohortConfig",
    "ColumnSource",
    "Config",
    "FeatureConfig",
    "IOConfig",
    "IntelConfig",
    "LinkageConfig",
    "LockstepConfig",
    "OnlineConfig",
    "PlaybookConfig",
    "ScoringConfig",
    "Section",
    "SignalWeight",
    "TrainConfig",
    "build_model",
    "deep_merge",
    "default_config_dict",
    "load_config",
    "parse_yaml_mapping",
    "read_yaml_file",
]


class Config(Section):
    """Root configuration: one section per pipeline stage."""

    io: IOConfig = Field(default_factory=IOConfig, description="Reading and validation.")
    features: FeatureConfig = Field(default_factory=FeatureConfig, description="Featurization.")
    linkage: LinkageConfig = Field(default_factory=LinkageConfig, description="Account graph.")
    scoring: ScoringConfig = Field(default_factory=ScoringConfig, description="Account scores.")
    campaigns: CampaignConfig = Field(default_factory=CampaignConfig, description="Campaigns.")
    train: TrainConfig = Field(default_factory=TrainConfig, description="distillguard train.")
    intel: IntelConfig = Field(default_factory=IntelConfig, description="Indicator sharing.")
    online: OnlineConfig = Field(default_factory=OnlineConfig, description="Online service.")


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
