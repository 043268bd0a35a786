"""The command line's own options: --version, help with no arguments; the allocator settings of main()
and of the batch commands."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from distillguard import CONTRACT_VERSION, __version__, cli
from tests.conftest import run_cli


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"distillguard {__version__} (contract v{CONTRACT_VERSION})"


def test_no_arguments_prints_help():
    proc = run_cli()
    assert proc.returncode == 0 and "--version" in proc.stdout and "scan" in proc.stdout


def test_batch_commands_keep_freed_memory_unless_the_user_tuned_malloc():
    """keep_freed_memory applies its mallopt settings on glibc, and leaves malloc alone when the
    environment already tunes it (run in a child: the settings are process-wide)."""
    code = "import distillguard.cli as c; print(c.keep_freed_memory())"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}

    def applied(extra: dict[str, str]) -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={**env, **extra}).stdout.strip()

    expected = "True" if sys.platform == "linux" and platform.libc_ver()[0] == "glibc" else "False"
    assert applied({}) == expected
    assert applied({"MALLOC_ARENA_MAX": "4"}) == "False"
    assert applied({"GLIBC_TUNABLES": "glibc.malloc.arena_max=4"}) == "False"


def test_the_command_line_sets_polars_allocator_before_polars_loads(monkeypatch):
    """main() keeps freed pages 10 s (cli.ALLOCATOR_CONF) unless the user chose otherwise, and
    importing the command line does not load Polars, whose allocator reads the setting once."""
    code = ("import sys, distillguard.cli; "
            "print('polars' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "False"
    monkeypatch.setattr(cli, "app", lambda **_: 0)
    for preset, expected in ((None, cli.ALLOCATOR_CONF), ("dirty_decay_ms:0", "dirty_decay_ms:0")):
        if preset is None:
            monkeypatch.delenv(cli.ALLOCATOR_ENV, raising=False)
        else:
            monkeypatch.setenv(cli.ALLOCATOR_ENV, preset)
        with pytest.raises(SystemExit) as exited:
            cli.main()
        assert exited.value.code == 0
        assert os.environ[cli.ALLOCATOR_ENV] == expected
