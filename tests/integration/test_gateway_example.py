"""examples/openai_gateway.py wired for real: a client → the gateway (uvicorn) → an OpenAI-compatible
upstream, with a live `distillguard serve` deciding. Campaign exits are blocked or have their
reasoning withheld, people are served, exchanges flow back, and a down detector fails open."""

from __future__ import annotations

import hashlib
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from examples.openai_gateway import create_gateway
from tests.conftest import TOKEN, Server, free_port


def _upstream() -> FastAPI:
    """The model behind the gateway: an OpenAI-compatible chat endpoint with reasoning."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(body: dict) -> dict:
        return {"id": "chatcmpl-1", "object": "chat.completion", "model": body["model"],
                "choices": [{"index": 0, "finish_reason": "stop", "message": {
                    "role": "assistant", "content": "42",
                    "reasoning_content": "First, 6 times 7 is 42."}}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 30,
                          "completion_tokens_details": {"reasoning_tokens": 20}}}

    return app


class Background:
    """A uvicorn server in a thread (stopped at teardown)."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _bundle(campaigns: dict[str, str]) -> dict:
    """A STIX bundle: one campaign per name, indicated by one IPv4 exit."""
    objects = []
    for i, (name, ip) in enumerate(campaigns.items()):
        stamp = {"created": "2026-03-01T00:00:00Z", "modified": "2026-03-01T00:00:00Z",
                 "spec_version": "2.1"}
        cid = f"campaign--00000000-0000-4000-8000-00000000000{i}"
        iid = f"indicator--00000000-0000-4000-8000-00000000001{i}"
        objects += [{"type": "campaign", "id": cid, "name": name, **stamp},
                    {"type": "indicator", "id": iid, "pattern": f"[ipv4-addr:value = '{ip}']",
                     "pattern_type": "stix", "valid_from": "2026-03-01T00:00:00Z", **stamp},
                    {"type": "relationship", "relationship_type": "indicates", "source_ref": iid,
                     "target_ref": cid, "id": f"relationship--00000000-0000-4000-8000-00000000002{i}",
                     **stamp}]
    return {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000099",
            "objects": objects}


def import_campaigns(url: str) -> httpx.Response:
    """Import two campaigns into the service at ``url``: a CoT harvest indicated by exit
    203.0.113.50 and a hydra by 203.0.113.60."""
    campaigns = {"campaigns": [
        {"campaign_id": "cmp_cot", "score": 0.85, "accounts": [],
         "capabilities": {"cot_elicitation": 0.7}},
        {"campaign_id": "cmp_hydra", "score": 0.97, "accounts": [],
         "capabilities": {"agentic": 0.6}}]}
    return httpx.post(f"{url}/v1/campaigns/import", headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"campaigns": campaigns, "indicators": _bundle(
                          {"cmp_cot": "203.0.113.50", "cmp_hydra": "203.0.113.60"})})


@pytest.fixture
def stack(tmp_path):
    guard = Server(f"sqlite:///{tmp_path / 'state.db'}", tmp_path).start()
    upstream = Background(_upstream())
    gateway = Background(create_gateway(upstream.url, guard.url, TOKEN, throttle_seconds=0.01))
    imported = import_campaigns(guard.url)
    assert imported.status_code == 200 and imported.json()["indicators"] == 2
    yield guard, upstream, gateway
    gateway.stop()
    upstream.stop()
    guard.stop()


def _ask(gateway_url: str, ip: str, key: str = "sk-user") -> httpx.Response:
    return httpx.post(f"{gateway_url}/v1/chat/completions",
                      headers={"Authorization": f"Bearer {key}", "X-Forwarded-For": ip},
                      json={"model": "m1", "max_tokens": 256,
                            "messages": [{"role": "user", "content": "What is 6 x 7?"}]},
                      timeout=30)


def test_gateway_enforces_decisions_and_reports_exchanges(stack):
    guard, _upstream_server, gateway = stack
    person = _ask(gateway.url, "192.0.2.10")
    assert person.status_code == 200 and person.headers["x-distillguard-action"] == "allow"
    assert person.json()["choices"][0]["message"]["reasoning_content"]

    harvester = _ask(gateway.url, "203.0.113.50", key="sk-harvest")
    assert harvester.status_code == 200
    assert harvester.headers["x-distillguard-action"] == "withhold_reasoning"
    message = harvester.json()["choices"][0]["message"]
    assert message["content"] == "42" and "reasoning_content" not in message

    hydra = _ask(gateway.url, "203.0.113.60", key="sk-hydra")
    assert hydra.status_code == 403 and hydra.json()["error"]["code"] == "blocked"

    # the served exchanges come back to distillguard as completed events
    headers = {"Authorization": f"Bearer {TOKEN}"}
    account = "key_" + hashlib.sha256(b"sk-user").hexdigest()[:16]
    deadline = time.monotonic() + 10
    state = httpx.get(f"{guard.url}/v1/accounts/{account}", headers=headers)
    while state.status_code == 404 and time.monotonic() < deadline:
        time.sleep(0.1)
        state = httpx.get(f"{guard.url}/v1/accounts/{account}", headers=headers)
    assert state.status_code == 200 and state.json()["n"] == 1


def test_gateway_fails_open_when_distillguard_is_down(tmp_path):
    upstream = Background(_upstream())
    dead = f"http://127.0.0.1:{free_port()}"
    gateway = Background(create_gateway(upstream.url, dead, TOKEN))
    try:
        answer = _ask(gateway.url, "192.0.2.10")
        assert answer.status_code == 200 and answer.headers["x-distillguard-action"] == "allow"
    finally:
        gateway.stop()
        upstream.stop()
