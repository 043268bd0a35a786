"""The package layout is the pipeline, and this test holds every module to it.

Data flows io → features → linkage → scoring → campaigns (report) → online; each top-level module
or package of src/distillguard may import only the ones listed for it below (and itself). A module
that is not listed fails the test, so a new one must say where it stands. Nothing of the product
imports the simulator or the evaluation, and no module imports another module's private name."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "distillguard"

BASE = {"__init__", "errors", "progress"}  # the version, the error tree, progress bars
PIPELINE = ["config", "io", "features", "linkage", "scoring", "campaigns"]
ALLOWED: dict[str, set[str]] = {
    "__init__": set(),
    "errors": set(),
    "progress": set(),
    **{stage: BASE | set(PIPELINE[:i]) for i, stage in enumerate(PIPELINE)},
    # the report renders campaigns; online reads batch results as files, not through campaigns
    "report": BASE | set(PIPELINE),
    "online": BASE | {"config", "io", "features", "linkage", "scoring"},
    # the analyst workspace: pages over a scan's files (charts and STIX of the batch side) and the
    # online state (verdicts, enforcement)
    "ui": BASE | set(PIPELINE) | {"report", "online"},
    # side branches: labelled worlds and metrics against them, outside the product
    "sim": BASE | {"config", "io"},
    "evaluation": BASE | {"config", "io"},
    # the batch scan: the one place that knows the order of the stages; train fits the score on
    # what the scan computes
    "scan": BASE | set(PIPELINE) | {"report"},
    "train": BASE | set(PIPELINE) | {"report", "scan"},
    # the scan's event-level work on Spark, for scan.run_scan
    "spark": BASE | set(PIPELINE) | {"scan"},
    # the command line calls everything; __main__ only the command line
    "cli": BASE | set(PIPELINE) | {"report", "online", "ui", "sim", "evaluation", "scan", "train",
                   "spark"},
    "__main__": {"cli"},
}


def _layer(module: str) -> str:
    """Top-level module or package of a dotted name under distillguard ('__init__' for the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "data" not in p.relative_to(PKG).parts)


def _imports(path: Path):
    """(module, names) of every import of distillguard in ``path``, at any depth."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and (
                node.module == "distillguard" or node.module.startswith("distillguard.")):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "distillguard" or alias.name.startswith("distillguard."):
                    yield alias.name, []


def _own_layer(path: Path) -> str:
    rel = path.relative_to(PKG).with_suffix("")
    return rel.parts[0] if rel.parts[0] != "__init__" else "__init__"


def test_every_module_has_a_place():
    layers = {_own_layer(p) for p in _modules()}
    assert layers <= set(ALLOWED), f"modules without a layer: {sorted(layers - set(ALLOWED))}"
    assert {"scan", "report", "progress", "cli", "online", "sim", "evaluation"} <= layers


def test_no_backward_or_side_imports():
    problems = []
    for path in _modules():
        layer = _own_layer(path)
        for module, _names in _imports(path):
            target = _layer(module)
            if target != layer and target not in ALLOWED[layer]:
                problems.append(f"{path.relative_to(PKG)}: {layer} imports {module}")
    assert not problems, "\n".join(problems)


def test_no_private_names_across_modules():
    problems = []
    for path in _modules():
        for module, names in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                problems.append(f"{path.relative_to(PKG)}: imports {private} from {module}")
    assert not problems, "\n".join(problems)


def test_the_test_catches_a_backward_import(tmp_path):
    """The checker itself: an io module importing online is reported."""
    fake = tmp_path / "bad.py"
    fake.write_text("from distillguard.online.engine import Engine\n")
    (module, _), = _imports(fake)
    assert _layer(module) == "online" and "online" not in ALLOWED["io"]
