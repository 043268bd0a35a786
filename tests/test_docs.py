"""Docs stay true: every config field is documented, the README names every command and setting."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from distillguard.cli import app
from distillguard.config import Config
from distillguard.sim.config import SimConfig

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _fields(model: type[BaseModel], prefix: str = ""):
    for name, field in model.model_fields.items():
        yield f"{prefix}{name}", field
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _fields(annotation, f"{prefix}{name}.")


def test_every_config_field_has_a_description():
    for model in (Config, SimConfig):
        missing = [name for name, field in _fields(model) if not field.description]
        assert not missing, f"{model.__name__}: undocumented fields {missing}"


def test_readme_names_every_command():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"distillguard {name}" in README, name


def test_readme_documents_every_evasion_knob():
    for name, _ in _fields(SimConfig.model_fields["evasion"].annotation):
        assert f"`{name}`" in README, name


def test_readme_gives_the_ci_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest -q" in ci
    assert "python -m pytest -q" in README
    assert 'pip install -e ".[dev]"' in README


def test_docstring_examples_run_as_tests():
    import tomllib

    options = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"][
        "ini_options"]
    assert "--doctest-modules" in options["addopts"] and "src" in options["testpaths"]


def test_every_shipped_data_file_has_a_source_and_licence():
    licences = (ROOT / "src" / "distillguard" / "LICENSES").read_text("utf-8")
    package = ROOT / "src" / "distillguard"
    for folder in ("features/data", "sim/data"):
        for path in (package / folder).iterdir():
            assert f"{folder.split('/')[0]}/data/{path.name}" in licences or (
                f"{path.name}" in licences), path.name


def test_readme_tables_every_events_column():
    from distillguard.io.schema import EVENTS_SPEC

    table = README.split("**Events columns**")[1].split("\n\n")[1]
    for column in EVENTS_SPEC.schema:
        assert f"`{column}`" in table, column


def test_demo_output_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text("utf-8").split()
    assert "/distillguard-demo/" in ignored
