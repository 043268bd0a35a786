"""One canonical IP form everywhere: an IPv4-mapped IPv6 address is its IPv4 address at ingest
(online), at decide and in a scan, so an indicator stored from one path is found from the others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from distillguard.config import load_config
from distillguard.online.engine import Engine
from distillguard.online.policy import load_policy
from distillguard.online.state import open_store
from distillguard.scan import run_scan

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
MAPPED = {"198.51.100.4": "::ffff:198.51.100.4", "203.0.113.9": "::FFFF:cb00:7109"}


def _events(mapped: bool) -> list[dict]:
    rows = []
    for i in range(60):
        ip = ["198.51.100.4", "203.0.113.9"][i % 2]
        rows.append({"request_id": f"r{i}", "ts": (T0 + timedelta(minutes=7 * i)).isoformat(),
                     "account_id": f"acct{i % 3}", "ip": MAPPED[ip] if mapped and i % 3 else ip,
                     "model": "m1", "prompt": f"question {i}", "input_tokens": 10,
                     "output_tokens": 40})
    return rows


def test_ingest_and_decide_see_one_form(tmp_path: Path) -> None:
    engine = Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy())
    result = engine.ingest(_events(mapped=True))
    assert (result.accepted, result.rejected) == (60, [])
    ips = {ip for state in engine.store.accounts(["acct0", "acct1", "acct2"]).values()
           for ip in state.ips}
    assert ips == {"198.51.100.4", "203.0.113.9"}
    engine.store.add_indicators([("ip", "203.0.113.9", "cmp_x")])
    engine.store.save_campaigns([{"campaign_id": "cmp_x", "score": 0.99, "accounts": []}])
    event = {**_events(mapped=False)[0], "account_id": "newcomer", "ip": "203.0.113.9"}
    from distillguard.online.service import DecideEvent  # the service's own parsing of a request

    parsed = DecideEvent.model_validate({**event, "ip": "::ffff:203.0.113.9"}).model_dump()
    assert parsed["ip"] == "203.0.113.9" and engine.decide(parsed).campaign_id == "cmp_x"


def test_scan_sees_one_form(tmp_path: Path) -> None:
    outputs = []
    for mapped in (False, True):
        path = tmp_path / f"events-{mapped}.jsonl"
        pl.DataFrame(_events(mapped)).write_ndjson(path)
        run_scan(path, out_dir=tmp_path / f"scan-{mapped}", cfg=load_config())
        outputs.append(pl.read_parquet(tmp_path / f"scan-{mapped}" / "account_features.parquet")
                       .select("account_id", "distinct_ips", "distinct_prefixes").sort("account_id"))
    assert outputs[0].equals(outputs[1])
    assert outputs[1]["distinct_ips"].to_list() == [2, 2, 2]
