"""The command line's own options: --version, help with no arguments."""

from __future__ import annotations

from distillguard import CONTRACT_VERSION, __version__
from tests.conftest import run_cli


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"distillguard {__version__} (contract v{CONTRACT_VERSION})"


def test_no_arguments_prints_help():
    proc = run_cli()
    assert proc.returncode == 0 and "--version" in proc.stdout and "scan" in proc.stdout
