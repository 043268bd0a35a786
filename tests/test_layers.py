"""The package layout is the pipeline: no stage imports a later one, and no product code imports sim."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "distillguard"
ORDER = ["errors", "config", "io", "features", "linkage", "scoring", "campaigns", "online"]
# side branches: may import the base layers, and nothing of the product may import them
SIDE = {"sim": {"errors", "config", "io", "sim"}, "evaluation": {"errors", "config", "io",
                                                                  "evaluation"}}
TOP = {"cli", "pipeline", "__main__", "__init__"}


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def _imports(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "distillguard"):
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("distillguard"))


def test_no_backward_or_side_imports():
    problems = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).with_suffix("")
        stage = rel.parts[0]
        if stage in TOP:
            continue
        for module in _imports(path):
            target = _stage(module)
            if target == "__init__" or target == stage:
                continue
            if stage in SIDE:
                if target not in SIDE[stage]:
                    problems.append(f"{rel}: side branch {stage} imports {module}")
            elif target in SIDE:
                problems.append(f"{rel}: product stage {stage} imports {module}")
            elif target in ORDER and stage in ORDER and ORDER.index(target) > ORDER.index(stage):
                problems.append(f"{rel}: {stage} imports later stage {module}")
    assert not problems, "\n".join(problems)
