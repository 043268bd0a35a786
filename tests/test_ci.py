"""The CI script installs into a virtual environment and fails when pytest collects no test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / ".ci" / "run"


def _run_ci(test_dir: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CI_SKIP_INSTALL": "1",
                        "CI_TEST_CMD": f"{sys.executable} -m pytest -q -p no:cacheprovider "
                                       f"--rootdir {test_dir} {test_dir}"}
    return subprocess.run(["bash", str(CI)], env=env, capture_output=True, text=True, timeout=120,
                          cwd=test_dir)


def test_ci_installs_into_a_virtual_environment():
    text = CI.read_text("utf-8")
    assert "python3 -m venv" in text and '/bin/activate"' in text
    install = [line for line in text.splitlines()
               if "pip install" in line and not line.lstrip().startswith("#")]
    assert install and all(line.strip().startswith("python -m pip") for line in install)
    assert "apt-get install -y -qq redis-server" not in text  # Redis comes with the dev extra


def test_no_test_collected_fails_ci(tmp_path):
    proc = _run_ci(tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "collected no tests" in proc.stdout


def test_ci_passes_and_fails_with_the_tests(tmp_path):
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    assert True\n")
    assert _run_ci(tmp_path).returncode == 0
    (tmp_path / "test_bad.py").write_text("def test_bad():\n    assert False\n")
    assert _run_ci(tmp_path).returncode == 1
