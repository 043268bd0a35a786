"""--format otel and --format litellm as users run them: spans from a real OpenTelemetry producer, and a
simulated world written as OTLP spans and LiteLLM spend logs scanning to the same flagged accounts as its
Parquet cut to the columns each format carries.

Consumes a local OpenAI-compatible stub (tests.integration.test_gateway_example) and the session's small
world."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from distillguard.sim.export import LITELLM_COLUMNS, OTEL_COLUMNS, write_litellm, write_otel
from tests.conftest import run_cli
from tests.integration.test_gateway_example import Background, _upstream

PRODUCER = Path(__file__).with_name("otel_producer.py")


@pytest.fixture(scope="module")
def stub_url():
    upstream = Background(_upstream())
    yield upstream.url
    upstream.stop()


def produce(url: str, out: Path, capture: str) -> Path:
    subprocess.run([sys.executable, str(PRODUCER), url, str(out), capture], check=True,
                   timeout=120)
    return out


def signals(summary: dict) -> dict[str, str]:
    return {s["column"]: s["state"] for s in summary["signals"]}


def test_spans_of_the_real_openai_instrumentation_scan(stub_url: str, tmp_path: Path):
    spans = produce(stub_url, tmp_path / "traces.json", "SPAN_ONLY")
    out = tmp_path / "scan"
    proc = run_cli("scan", str(spans), "--format", "auto", "--out", str(out), check=True)
    assert proc.stdout.splitlines()[0] == "events: read 6, used 6, quarantined 0, deduplicated 0"
    accounts = pl.read_parquet(out / "accounts.parquet")
    assert sorted(accounts["account_id"]) == ["acct_alice", "acct_bob", "acct_carol"]
    summary = json.loads((out / "scan_summary.json").read_text())
    # the client-side instrumentation knows no client address: said, not silently zero
    assert signals(summary)["ip"] == "off" and "prompt" not in signals(summary)
    assert "signal off: network spread" in proc.stdout


def test_a_source_without_prompts_is_scanned_and_reported_as_such(stub_url: str, tmp_path: Path):
    spans = produce(stub_url, tmp_path / "traces.json", "NO_CONTENT")
    out = tmp_path / "validate"
    proc = run_cli("validate", str(spans), "--format", "otel", "--out", str(out), check=True)
    summary = json.loads((out / "summary.json").read_text())["tables"]["events"]
    assert summary["log_format"] == "otel" and signals(summary)["prompt"] == "off"
    assert "content capture off" in proc.stdout
    scan = tmp_path / "scan"
    run_cli("scan", str(spans), "--format", "otel", "--out", str(scan), check=True)
    assert signals(json.loads((scan / "scan_summary.json").read_text()))["prompt"] == "off"
    assert "Signals off" in (scan / "report.html").read_text()


def test_a_missing_format_file_is_one_line_and_exit_2(tmp_path: Path):
    bad = tmp_path / "traces.csv"
    bad.write_text("a,b\n1,2\n")
    proc = run_cli("validate", str(bad), "--format", "otel", "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "OTLP JSON" in proc.stderr


def flagged(scan: Path) -> list[str]:
    accounts = pl.read_parquet(scan / "accounts.parquet")
    return sorted(accounts.filter("flagged")["account_id"].to_list())


def test_a_world_written_as_spans_and_spend_logs_flags_what_its_parquet_flags(
        small_world: Path, tmp_path: Path):
    # the columns both formats carry (LiteLLM also carries org, key and reasoning tokens: unit tests)
    events = pl.read_parquet(small_world / "events.parquet").select(OTEL_COLUMNS)
    assert set(OTEL_COLUMNS) <= set(LITELLM_COLUMNS)
    events.write_parquet(tmp_path / "carried.parquet")
    write_otel(events, tmp_path / "traces.json")
    write_litellm(events, tmp_path / "spend.csv")
    accounts = str(small_world / "accounts.parquet")
    scans = {}
    for name, fmt in (("carried.parquet", "contract"), ("traces.json", "otel"),
                      ("spend.csv", "litellm")):
        proc = run_cli("scan", str(tmp_path / name), "--format", fmt, "--accounts", accounts,
                       "--out", str(tmp_path / fmt), check=True)
        assert proc.stdout.splitlines()[0] == (f"events: read {events.height}, used "
                                               f"{events.height}, quarantined 0, deduplicated 0")
        scans[fmt] = flagged(tmp_path / fmt)
    assert scans["contract"]  # the world's operations are found at all
    assert scans["otel"] == scans["contract"] and scans["litellm"] == scans["contract"]
