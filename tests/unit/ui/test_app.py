"""The workspace in process, on live state alone (no scan): imported campaigns listed and pushed,
ids that need quoting, forms from another origin refused, security headers on every page."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from distillguard.config import load_config
from distillguard.online.engine import Engine
from distillguard.online.policy import load_policy
from distillguard.online.service import create_app
from distillguard.online.state import open_store
from distillguard.ui.app import mount_workspace
from distillguard.ui.auth import Auth
from distillguard.ui.workspace import Workspace

ODD = "cmp_<odd>/id?#"
EVENT = {"request_id": "r1", "ts": "2026-03-02T10:00:00Z", "account_id": "acct/1", "ip": "192.0.2.7",
         "model": "m", "prompt": "hello"}


@pytest.fixture
def client(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    cfg = load_config()
    engine = Engine(store, cfg, load_policy())
    app = create_app(engine, ["root"])
    mount_workspace(app, Workspace(store, cfg), Auth(["root"], ["alice:an"], []))
    engine.import_scan({"campaigns": [{"campaign_id": ODD, "accounts": ["acct/1", "acct_2"],
                                       "score": 0.5, "capabilities": {"coding": 1.0}}]}, None)
    # https: the session cookie is Secure
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as test_client:
        yield test_client
    store.close()


def _sign_in(client: TestClient, token: str) -> str:
    assert client.post("/ui/login", data={"token": token}).status_code == 303
    page = client.get("/ui/campaigns").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_live_campaign_confirmed_and_pushed(client) -> None:
    csrf = _sign_in(client, "an")
    listing = client.get("/ui/campaigns")
    assert listing.headers["content-security-policy"].startswith("default-src 'none'")
    assert "cmp_&lt;odd&gt;/id?#" in listing.text and "cmp_%3Codd%3E%2Fid%3F%23" in listing.text
    page = client.get("/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23")
    assert page.status_code == 200 and "acct/1" in page.text
    answer = client.post("/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23/verdict",
                         data={"verdict": "confirmed", "note": "n", "csrf": csrf})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23"
    assert client.post("/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23/enforce",
                       data={"csrf": csrf}).status_code == 403  # analysts do not push
    client.cookies.clear()
    csrf = _sign_in(client, "root")
    assert client.post("/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23/enforce",
                       data={"csrf": csrf}).status_code == 303
    decided = client.post("/v1/decide", json=EVENT, headers={"Authorization": "Bearer root"}).json()
    assert decided["action"] == "block" and decided["campaign_id"] == ODD
    account = client.get("/ui/accounts/acct%2F1")
    assert account.status_code == 200 and "analyst_confirmed" in account.text
    labels = client.get("/ui/labels.csv").text.splitlines()
    assert labels[0] == "account_id,label,campaign_id" and len(labels) == 3
    # cleared after all: enforcement is lifted with the verdict
    client.post("/ui/campaigns/cmp_%3Codd%3E%2Fid%3F%23/verdict",
                data={"verdict": "legitimate", "csrf": csrf})
    time.sleep(1.1)  # decisions read campaign documents cached for a second (online.engine)
    decided = client.post("/v1/decide", json=EVENT | {"request_id": "r2"},
                          headers={"Authorization": "Bearer root"}).json()
    assert "policy: analyst_confirmed" not in decided["reasons"]
    assert "lift enforcement" in client.get("/ui/audit").text


def test_forms_from_another_origin_or_without_csrf_are_refused(client) -> None:
    csrf = _sign_in(client, "an")
    path = "/ui/accounts/acct_2/verdict"
    assert client.post(path, data={"verdict": "legitimate", "csrf": csrf},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post(path, data={"verdict": "legitimate", "csrf": "x" + csrf}).status_code == 403
    assert client.post(path, data={"verdict": "legitimate", "csrf": csrf}).status_code == 303
    assert client.get("/ui/audit").text.count("legitimate (false positive)") == 1
