"""`distillguard serve` as a user starts it: it says where it listens and which state it uses, says
when it stopped, refuses to start without a token unless asked to be open, and a taken port is a
one-line error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port, wait_for_port


def _serve(tmp_path: Path, *args: str, tokens: str | None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISTILLGUARD_TOKENS"}
    if tokens is not None:
        env["DISTILLGUARD_TOKENS"] = tokens
    return subprocess.Popen([sys.executable, "-m", "distillguard", "serve", *args], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.terminate()
    out, err = proc.communicate(timeout=20)
    return out, err


def test_serve_says_where_it_listens_and_when_it_stopped(tmp_path):
    port = free_port()
    proc = _serve(tmp_path, "--port", str(port), "--state", "sqlite:///state.db", tokens="s3cret")
    wait_for_port(port, proc)
    out, err = _stop(proc)
    lines = out.strip().split("\n")
    assert lines[0] == (f"distillguard serve: listening on http://127.0.0.1:{port} (1 worker); "
                        f"state: SQLite at sqlite:///state.db; policy "
                        f"{lines[0].split('policy ')[1].split(';')[0]}; auth: bearer token "
                        f"(1 configured)"), out
    assert lines[-1] == "distillguard serve: stopped", out
    assert "s3cret" not in out + err
    assert proc.returncode == 0


def test_serve_without_a_token_refuses_in_one_line(tmp_path):
    proc = _serve(tmp_path, "--port", str(free_port()), tokens=None)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert len(err.strip().split("\n")) == 1 and err.startswith("error: no bearer token"), err
    assert "--open" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # no state database was created


def test_open_service_answers_without_a_token(tmp_path):
    port = free_port()
    proc = _serve(tmp_path, "--port", str(port), "--open", tokens=None)
    try:
        wait_for_port(port, proc)
        assert httpx.get(f"http://127.0.0.1:{port}/v1/campaigns").status_code == 200
    finally:
        out, _ = _stop(proc)
    assert "auth: OPEN, no authentication" in out


def test_taken_port_is_a_one_line_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _serve(tmp_path, "--port", str(port), tokens="t")
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, out + err
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}") and "\n" not in err.strip()


def test_access_log_lines_are_printable(tmp_path):
    port = free_port()
    proc = _serve(tmp_path, "--port", str(port), "--access-log", tokens="t")
    try:
        wait_for_port(port, proc)
        httpx.get(f"http://127.0.0.1:{port}/healthz", params={"q": "\x1b[2J"})
        with socket.create_connection(("127.0.0.1", port)) as raw:  # a raw escape in the path
            raw.sendall(b"GET /x\x1b[2J HTTP/1.1\r\nHost: x\r\n\r\n")
            raw.recv(1000)
        time.sleep(0.5)
    finally:
        out, err = _stop(proc)
    assert "/healthz" in out and "\x1b" not in out + err
