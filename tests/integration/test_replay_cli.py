"""`distillguard replay` streams a simulated world through a live `distillguard serve`: the report says
per operation what it got served before and after it was first stopped, and what people paid."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import TOKEN, Server, run_cli


def test_replay_reports_operations_and_people(small_world, tmp_path):
    # a small world's operations send about a fiftieth of a medium one's: the volume at which a
    # cohort counts as a harvest is scaled to match
    config = tmp_path / "small.yaml"
    config.write_text("linkage:\n  cohorts:\n    min_exchanges: 20\n")
    guard = Server(f"sqlite:///{tmp_path / 'state.db'}", tmp_path, "--config", str(config)).start()
    try:
        report = tmp_path / "replay.json"
        proc = subprocess.run(
            [sys.executable, "-m", "distillguard", "replay", str(small_world), "--url", guard.url,
             "--days", "3", "--concurrency", "8", "--report", str(report)],
            capture_output=True, text=True, timeout=600,
            env=os.environ | {"DISTILLGUARD_TOKENS": TOKEN})
        assert proc.returncode == 0, proc.stderr
    finally:
        guard.stop()
    summary = json.loads(report.read_text())
    assert summary["events"] > 1000 and summary["latency_ms"]["p50"] > 0
    assert sum(summary["actions"].values()) == summary["events"]
    people = summary["legitimate"]
    assert people["requests"] > 0 and people["not_allowed_share"] <= 0.01
    operations = summary["operations"]
    assert {op["actor"] for op in operations.values()} == {"agentic_harvest", "cot_harvest",
                                                            "reseller_hydra"}
    for op in operations.values():
        # small worlds give the detector few exchanges to learn from; still, most are not served
        assert op["served_total_share"] < 0.5, op
        assert op["served_before_first_stop"] <= op["served_total"] + op["degraded_total"]


def test_replay_errors_are_one_line(tmp_path, small_world):
    missing = run_cli("replay", str(tmp_path), "--url", "http://127.0.0.1:9")
    down = run_cli("replay", str(small_world), "--url", "http://127.0.0.1:9", "--limit", "5")
    speed = run_cli("replay", str(small_world), "--url", "http://x", "--speed", "fast")
    for proc, expected in ((missing, "not a simulated world"), (down, "http://127.0.0.1:9"),
                           (speed, "--speed")):
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().split("\n")
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
        assert expected in lines[0] and "Traceback" not in proc.stderr
