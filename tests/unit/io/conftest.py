"""Fixtures for the contract I/O tests.

Consumed by tests/unit/io; produces configs and files under pytest's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from distillguard.config import IOConfig
from tests.unit.io.io_helpers import Row, Writer, write_rows


@pytest.fixture
def cfg() -> IOConfig:
    return IOConfig()


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """write(rows, "events.csv") → path of the written file in tmp_path."""
    def _write(rows: list[Row], name: str) -> Path:
        return write_rows(rows, tmp_path / name)

    return _write
