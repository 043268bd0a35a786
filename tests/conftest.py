"""Shared fixtures: a small simulated world built once per session through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def run_cli(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``distillguard ARGS`` as a user would (a subprocess of this interpreter)."""
    proc = subprocess.run([sys.executable, "-m", "distillguard", *args], capture_output=True,
                          text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"distillguard {' '.join(args)} exited {proc.returncode}:\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / "small"
    run_cli("simulate", "--out", str(out), "--scale", "small", "--seed", "7", check=True)
    return out


@pytest.fixture(scope="session")
def hard_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / "hard"
    run_cli("simulate", "--out", str(out), "--scale", "small", "--seed", "8", "--evasion", "hard",
            check=True)
    return out
