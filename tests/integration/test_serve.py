"""The decision service as a gateway uses it: a real `distillguard serve` process on SQLite and on a
real Redis server — auth, the decide contract, idempotent ingestion, restart without loss, campaign
import with ban evasion from the first request, metrics — and schemathesis against its OpenAPI
spec: malformed input is always a 4xx with a message, never a 500."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import polars as pl
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from distillguard.config import load_config
from distillguard.online.engine import Engine
from distillguard.online.policy import ACTIONS, load_policy
from distillguard.online.service import create_app
from distillguard.online.state import open_store
from tests.conftest import TOKEN, Server, run_cli

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(params=["sqlite", "redis"])
def server(request, tmp_path):
    if request.param == "sqlite":  # no Redis server needed
        state = f"sqlite:///{tmp_path / 'state.db'}"
    else:
        state = f"{request.getfixturevalue('redis_url')}/{abs(hash(request.node.name)) % 15 + 1}"
        open_store(state).redis.flushdb()
    running = Server(state, tmp_path).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def events(small_world: Path) -> list[dict]:
    frame = pl.read_parquet(small_world / "events.parquet").sort("ts").head(1500)
    return frame.with_columns(pl.col("ts").dt.to_string("%Y-%m-%dT%H:%M:%S%.6fZ")).to_dicts()


def _request(event: dict) -> dict:
    return {k: v for k, v in event.items() if k not in ("output_tokens", "reasoning_tokens",
                                                        "status")}


def test_auth_on_every_route_but_health(server):
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/healthz").status_code == 200
        for method, path in [("GET", "/v1/campaigns"), ("GET", "/metrics"),
                             ("GET", "/v1/accounts/a"), ("POST", "/v1/decide"),
                             ("POST", "/v1/events"), ("POST", "/v1/campaigns/import"),
                             ("GET", "/openapi.json"), ("GET", "/docs")]:
            assert client.request(method, path).status_code == 401, path
            wrong = client.request(method, path, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 403, path


def test_decide_contract_and_idempotent_ingestion(server, events):
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        answer = client.post("/v1/decide", json=_request(events[0]))
        assert answer.status_code == 200
        body = answer.json()
        assert set(body) == {"action", "score", "campaign_id", "reasons", "policy_version"}
        assert body["action"] in ACTIONS and 0 <= body["score"] <= 1
        batch = events[:400]
        first = client.post("/v1/events", json={"events": batch}).json()
        assert (first["accepted"], first["duplicates"], first["rejected"]) == (400, 0, [])
        again = client.post("/v1/events", json={"events": batch}).json()
        assert (again["accepted"], again["duplicates"]) == (0, 400)
        account = events[0]["account_id"]
        mine = sum(e["account_id"] == account for e in batch)
        state = client.get(f"/v1/accounts/{account}").json()
        assert state["n"] == mine and state["recent_exchanges"] == mine
        assert client.get("/v1/accounts/nobody").status_code == 404


def test_restart_loses_no_acknowledged_event(server, events):
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        assert client.post("/v1/events", json={"events": events[:600]}).status_code == 200
    server.kill()
    server.start()
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        replay = client.post("/v1/events", json={"events": events[:700]}).json()
        assert (replay["accepted"], replay["duplicates"]) == (100, 600)
        counts = pl.DataFrame(events[:700]).group_by("account_id").len()
        for account, n in counts.head(20).iter_rows():
            assert client.get(f"/v1/accounts/{account}").json()["n"] == n


def test_bad_rows_are_reported_not_dropped(server, events):
    bad = dict(events[0], request_id="bad-1", ip="999.1.1.1")
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        answer = client.post("/v1/events", json={"events": [events[1], bad]}).json()
        assert answer["accepted"] == 1 and answer["rejected"][0]["index"] == 1
        assert "ip" in answer["rejected"][0]["reason"]
        only_bad = client.post("/v1/events", json={"events": [bad]})
        assert only_bad.status_code == 422
        for body in ({"account_id": "a"}, {**_request(events[0]), "ip": "nope"},
                     {**_request(events[0]), "ts": "yesterday"}):
            answer = client.post("/v1/decide", json=body)
            assert answer.status_code == 422 and answer.json()["detail"]
        assert client.post("/v1/decide", content=b"{not json",
                           headers={"Content-Type": "application/json"}).status_code == 422


def test_imported_campaign_stops_a_new_account_from_its_first_request(server, small_world,
                                                                      tmp_path):
    scan = tmp_path / "scan"
    run_cli("scan", str(small_world / "events.parquet"), "--accounts",
            str(small_world / "accounts.parquet"), "--out", str(scan), check=True)
    campaigns = json.loads((scan / "campaigns.json").read_text())
    bundle = json.loads((scan / "indicators.stix.json").read_text())
    ip = next(o["pattern"].split("'")[1] for o in bundle["objects"]
              if o["type"] == "indicator" and o["pattern"].startswith("[ipv4-addr")
              and "/" not in o["pattern"])
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        imported = client.post("/v1/campaigns/import",
                               json={"campaigns": campaigns, "indicators": bundle}).json()
        assert imported["campaigns"] == len(campaigns["campaigns"]) and imported["indicators"] > 0
        listed = client.get("/v1/campaigns").json()["campaigns"]
        assert {c["campaign_id"] for c in listed} >= {c["campaign_id"]
                                                     for c in campaigns["campaigns"]}
        # the same exit written as an IPv4-mapped IPv6 address: one canonical form everywhere
        first = client.post("/v1/decide", json={
            "request_id": "evader-1", "ts": "2026-03-09T10:00:00Z", "account_id": "brand-new",
            "ip": f"::FFFF:{ip}", "model": "m", "prompt": "hello"}).json()
        assert first["action"] != "allow" and first["campaign_id"] is not None
        member = campaigns["campaigns"][0]["accounts"][0]
        assert client.get(f"/v1/accounts/{member}").json()["campaign_id"] is not None
        for campaigns_json, field in (({"campaigns": [{"x": 1}]}, "campaigns.0.campaign_id"),
                                      ({"campaigns": [{"campaign_id": "c", "accounts": ["a"],
                                                       "capabilities": 5}]},
                                       "campaigns.0.capabilities"),
                                      ({"campaigns": [{"campaign_id": "c", "accounts": [1]}]},
                                       "campaigns.0.accounts.0")):
            bad = client.post("/v1/campaigns/import", json={"campaigns": campaigns_json})
            assert bad.status_code == 422 and field in bad.json()["detail"], bad.json()
        metrics = client.get("/metrics").text
        assert 'distillguard_decisions_total{action="' in metrics
        assert "distillguard_decision_seconds_bucket" in metrics


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    state = tmp_path_factory.mktemp("schemathesis") / "state.db"
    app = create_app(Engine(open_store(f"sqlite:///{state}"), load_config(), load_policy()),
                     [TOKEN])
    return schemathesis.openapi.from_asgi("/openapi.json", app, headers=AUTH)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "malformed"])
@pytest.mark.parametrize("path", ["/v1/decide", "/v1/events", "/v1/campaigns/import"])
def test_any_input_is_answered_without_a_500(api_schema, path, mode):
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True)
    @given(case=api_schema[path]["POST"].as_strategy(generation_mode=mode))
    def check(case):
        answer = case.call(headers=AUTH)
        assert answer.status_code < 500, (case.body, answer.text[:300])
        if answer.status_code >= 400:
            assert answer.json().get("detail"), answer.text[:300]

    check()
