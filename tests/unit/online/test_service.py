"""The service in process: token on the schema and docs too, an explicitly open mode, one IP form at
decide, typed campaign imports, error details that quote the request escaped."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from distillguard.config import load_config
from distillguard.errors import ConfigError
from distillguard.online.engine import Engine
from distillguard.online.policy import load_policy
from distillguard.online.records import AccountState
from distillguard.online.service import create_app
from distillguard.online.state import open_store

AUTH = {"Authorization": "Bearer t0ken"}
EVENT = {"request_id": "r1", "ts": "2026-03-02T10:00:00Z", "account_id": "a1", "ip": "192.0.2.7",
         "model": "m", "prompt": "hello", "input_tokens": 5, "output_tokens": 9}


@pytest.fixture
def engine(tmp_path) -> Engine:
    return Engine(open_store(f"sqlite:///{tmp_path / 's.db'}"), load_config(), load_policy())


def test_schema_and_docs_need_the_token(engine):
    client = TestClient(create_app(engine, ["t0ken"]))
    for path in ("/openapi.json", "/docs"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 403
    schema = client.get("/openapi.json", headers=AUTH).json()
    assert "/v1/decide" in schema["paths"]
    page = client.get("/docs", headers=AUTH).text
    assert "swagger" in page.lower() and "/v1/decide" in page  # the schema is inlined
    assert client.get("/healthz").status_code == 200


def test_no_token_needs_an_explicitly_open_service(engine):
    with pytest.raises(ConfigError, match="--open"):
        create_app(engine, [])
    with pytest.raises(ConfigError, match="drop one"):
        create_app(engine, ["t0ken"], open_access=True)
    client = TestClient(create_app(engine, [], open_access=True))
    assert client.get("/v1/campaigns").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_decide_stores_and_matches_the_canonical_ip(engine):
    engine.store.add_indicators([("ip", "192.0.2.7", "cmp_x")])
    engine.store.save_campaigns([{"campaign_id": "cmp_x", "score": 0.99, "accounts": []}])
    client = TestClient(create_app(engine, ["t0ken"]))
    for written in ("::ffff:192.0.2.7", "::FFFF:c000:0207", " 192.0.2.7 "):
        answer = client.post("/v1/decide", headers=AUTH,
                             json={**EVENT, "account_id": f"new-{written}", "ip": written}).json()
        assert answer["campaign_id"] == "cmp_x", written


def test_error_details_escape_control_characters(engine):
    client = TestClient(create_app(engine, ["t0ken"]))
    bad_ip = client.post("/v1/events", headers=AUTH,
                         json={"events": [{**EVENT, "ip": "\x1b[2J\x1b]0;owned\x07"}]})
    assert bad_ip.status_code == 422
    body = bad_ip.text + bad_ip.json()["detail"] + bad_ip.json()["rejected"][0]["reason"]
    assert "\x1b" not in body and "\\x1b[2J" in bad_ip.json()["rejected"][0]["reason"]
    bad_decide = client.post("/v1/decide", headers=AUTH, json={**EVENT, "ip": "\x1b[2J"})
    assert bad_decide.status_code == 422
    assert "\x1b" not in bad_decide.json()["detail"] and "\\x1b[2J" in bad_decide.json()["detail"]
    # a key of the request shows up in the error's location
    key = client.post("/v1/campaigns/import", headers=AUTH, json={"campaigns": {"campaigns": [
        {"campaign_id": "c", "accounts": [], "capabilities": {"\x1b[2Jcap\u202e": "x"}}]}})
    assert key.status_code == 422
    detail = key.json()["detail"]
    assert "\x1b" not in detail and "\u202e" not in detail and "\\x1b[2Jcap\\u202e" in detail
    bundle = client.post("/v1/campaigns/import", headers=AUTH,
                         json={"campaigns": {"campaigns": []}, "indicators": {"\x1b[2J": 1}})
    assert bundle.status_code == 422 and "\x1b" not in bundle.json()["detail"]


def test_campaign_import_names_the_bad_field(engine):
    client = TestClient(create_app(engine, ["t0ken"]))
    answer = client.post("/v1/campaigns/import", headers=AUTH, json={"campaigns": {"campaigns": [
        {"campaign_id": "c", "accounts": ["a"], "score": "high"}]}})
    assert answer.status_code == 422
    assert "campaigns.campaigns.0.score" in answer.json()["detail"]
    ok = client.post("/v1/campaigns/import", headers=AUTH, json={"campaigns": {"version": 1, "campaigns": [
        {"campaign_id": "c", "accounts": ["a"], "score": 0.9, "n_accounts": 1}]}})
    assert ok.json() == {"campaigns": 1, "accounts": 1, "indicators": 0, "released": 0}
    assert engine.store.campaigns()[0]["n_accounts"] == 1  # other contract fields are kept
    added = client.post("/v1/campaigns/import", headers=AUTH, json={"replace": False, "campaigns": {
        "campaigns": [{"campaign_id": "d", "accounts": ["b"]}]}})
    assert added.json()["released"] == 0 and len(engine.store.campaigns()) == 2
    # by default an import replaces the earlier ones: "a", whose campaign it does not hold, is released
    nightly = client.post("/v1/campaigns/import", headers=AUTH, json={"campaigns": {
        "campaigns": [{"campaign_id": "e", "accounts": ["b"]}]}})
    assert nightly.json()["released"] == 1
    assert engine.store.accounts(["a", "b"]) == {"a": AccountState(), "b": AccountState(campaign_id="e")}
    # an account tied online to "e" reads as the campaign that superseded it
    engine.store.save_accounts({"h": AccountState(campaign_id="e")})
    client.post("/v1/campaigns/import", headers=AUTH, json={"campaigns": {
        "campaigns": [{"campaign_id": "f", "accounts": ["b", "g"]}]}})
    assert client.get("/v1/accounts/h", headers=AUTH).json()["campaign_id"] == "f"


def test_accounts_table_quarantine_is_written_only_for_bad_rows(tmp_path, monkeypatch):
    import polars as pl

    from distillguard.config import load_config
    from distillguard.online.service import ACCOUNTS_QUARANTINE, load_directory

    monkeypatch.chdir(tmp_path)
    good = tmp_path / "accounts.csv"
    pl.DataFrame({"account_id": ["a", "b"], "created_at": ["2026-03-01T00:00:00Z"] * 2,
                  "tier": ["pro", "edu"]}).write_csv(good)
    table, note = load_directory(str(good), load_config())
    assert table.height == 2 and "see" not in note
    assert not (tmp_path / ACCOUNTS_QUARANTINE).exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("account_id,created_at,tier\na,2026-03-01T00:00:00Z,pro\n,not-a-time,pro\n")
    table, note = load_directory(str(bad), load_config())
    assert table.height == 1 and ACCOUNTS_QUARANTINE in note
    assert (tmp_path / ACCOUNTS_QUARANTINE).read_text().count("\n") == 1
