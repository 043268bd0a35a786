"""examples/litellm_hook.py in a real LiteLLM proxy (`litellm --config`, a subprocess) in front of an
OpenAI-compatible stub, with a live `distillguard serve` deciding: a campaign's exit is blocked with the proxy's
error, another has its reasoning withheld, a person is served, served exchanges reach /v1/events, and a
detector that is down fails open with a metric."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from pathlib import Path

import httpx
import polars as pl
import pytest

from tests.conftest import TOKEN, Server, free_port, run_cli, wait_for_port
from tests.integration.test_gateway_example import Background, _upstream, import_campaigns

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """\
model_list:
  - model_name: m1
    litellm_params: {{model: openai/m1, api_base: "{upstream}/v1", api_key: sk-stub}}
general_settings:
  master_key: sk-master
  use_x_forwarded_for: true
  store_prompts_in_spend_logs: true
litellm_settings:
  callbacks: [examples.litellm_hook.proxy_handler_instance, tests.integration.spend_log_writer.spend_logs]
"""


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory):
    """One proxy for the module (it takes seconds to start): distinct users per test."""
    tmp_path = tmp_path_factory.mktemp("litellm")
    guard = Server(f"sqlite:///{tmp_path / 'state.db'}", tmp_path).start()
    upstream = Background(_upstream())
    config = tmp_path / "litellm.yaml"
    config.write_text(CONFIG.format(upstream=upstream.url))
    port = free_port()
    env = os.environ | {"PYTHONPATH": str(ROOT), "DISTILLGUARD_URL": guard.url,
                        "DISTILLGUARD_TOKEN": TOKEN, "DISTILLGUARD_TIMEOUT_SECONDS": "5",
                        # one master key serves every customer here: the request's user is the account
                        "DISTILLGUARD_ACCOUNT_FIELDS": "end_user_id,user_id",
                        "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False",
                        "SPEND_LOG_FILE": str(tmp_path / "spend_logs.jsonl")}
    litellm = subprocess.Popen(
        [str(Path(os.sys.executable).with_name("litellm")), "--config", str(config), "--host",
         "127.0.0.1", "--port", str(port)], env=env, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    imported = import_campaigns(guard.url)
    assert imported.status_code == 200
    try:
        wait_for_port(port, litellm, timeout=120)
        yield f"http://127.0.0.1:{port}", guard, tmp_path / "spend_logs.jsonl"
    finally:
        litellm.terminate()
        litellm.wait(timeout=20)
        upstream.stop()
        guard.stop()


def ask(url: str, ip: str, user: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions",
                      headers={"Authorization": "Bearer sk-master", "X-Forwarded-For": ip},
                      json={"model": "m1", "max_tokens": 256, "user": user,
                            "messages": [{"role": "user", "content": "What is 6 x 7?"}]},
                      timeout=60)


def test_the_hook_enforces_decisions_in_a_real_litellm_proxy(proxy):
    url, guard, _spend_logs = proxy
    deadline = time.monotonic() + 60  # the proxy listens a moment before it serves
    person = ask(url, "192.0.2.10", "person")
    while person.status_code >= 500 and time.monotonic() < deadline:
        time.sleep(0.5)
        person = ask(url, "192.0.2.10", "person")
    assert person.status_code == 200, person.text
    assert person.json()["choices"][0]["message"]["reasoning_content"]

    harvester = ask(url, "203.0.113.50", "harvester")
    assert harvester.status_code == 200
    message = harvester.json()["choices"][0]["message"]
    assert message["content"] == "42" and not message.get("reasoning_content")

    hydra = ask(url, "203.0.113.60", "hydra")
    assert hydra.status_code == 403 and "blocked" in hydra.text

    # the served exchanges come back to distillguard as completed events; the blocked one does not
    # (a tied account has a record before its exchange is ingested: wait for the count itself)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    deadline = time.monotonic() + 60
    for user, expected in (("person", 1), ("harvester", 1), ("hydra", 0)):
        state = httpx.get(f"{guard.url}/v1/accounts/{user}", headers=headers)
        while expected and (state.status_code == 404 or state.json()["n"] < expected) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
            state = httpx.get(f"{guard.url}/v1/accounts/{user}", headers=headers)
        assert state.status_code == 200 and state.json()["n"] == expected, (user, state.text)


def test_the_hook_fails_open_with_a_metric():
    from examples.litellm_hook import FAIL_OPEN, DistillguardHook

    hook = DistillguardHook(f"http://127.0.0.1:{free_port()}", TOKEN)
    before = FAIL_OPEN._value.get()
    data = {"model": "m1", "messages": [{"role": "user", "content": "hi"}],
            "metadata": {"requester_ip_address": "192.0.2.1"}}
    served = asyncio.run(hook.async_pre_call_hook(None, None, data, "completion"))
    assert served["metadata"]["distillguard_action"] == "allow"
    assert FAIL_OPEN._value.get() == before + 1


def test_spend_logs_written_by_the_proxy_scan_with_format_litellm(proxy, tmp_path: Path):
    url, _guard, spend_logs = proxy
    for ip, user in (("192.0.2.11", "reader"), ("198.51.100.20", "developer")):
        answer = ask(url, ip, user)
        deadline = time.monotonic() + 60  # the proxy listens a moment before it serves
        while answer.status_code >= 500 and time.monotonic() < deadline:
            time.sleep(0.5)
            answer = ask(url, ip, user)
        assert answer.status_code == 200, answer.text
    deadline = time.monotonic() + 20  # success callbacks run after the answer
    while (not spend_logs.exists() or "developer" not in spend_logs.read_text()) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    rows = len(spend_logs.read_text().splitlines())  # and those of the other tests
    config = tmp_path / "accounts.yaml"
    config.write_text("io:\n  litellm_account: [end_user]\n")
    out = tmp_path / "validate"
    proc = run_cli("validate", str(spend_logs), "--format", "litellm", "--config", str(config),
                   "--out", str(out), check=True)
    assert proc.stdout.splitlines()[0] == (f"events: read {rows}, used {rows}, quarantined 0, "
                                           "deduplicated 0")
    summary = json.loads((out / "summary.json").read_text())["tables"]["events"]
    assert not [s for s in summary["signals"] if s["column"] in ("prompt", "ip")]
    scan = tmp_path / "scan"
    run_cli("scan", str(spend_logs), "--format", "auto", "--config", str(config), "--out",
            str(scan), check=True)
    assert {"developer", "reader"} <= set(pl.read_parquet(scan / "accounts.parquet")["account_id"])
