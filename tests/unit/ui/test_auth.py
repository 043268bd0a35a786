"""Workspace sessions: role tokens, the signed cookie, expiry, forgery and CSRF tokens."""

from __future__ import annotations

import base64

import orjson

from distillguard.ui import auth as auth_module
from distillguard.ui.auth import Auth


def test_roles_names_and_csrf() -> None:
    auth = Auth(["root"], ["alice:a1", "a2"], ["v1"])
    alice = auth.session(auth.sign_in("a1"))
    assert alice is not None and (alice.who, alice.role) == ("alice", "analyst")
    unnamed = auth.session(auth.sign_in(" a2 "))
    assert unnamed is not None and unnamed.who.startswith("analyst-") and "a2" not in unnamed.who
    admin, viewer = auth.session(auth.sign_in("root")), auth.session(auth.sign_in("v1"))
    assert admin.may("admin") and viewer.may("viewer") and not viewer.may("analyst")
    assert auth.sign_in("nope") is None and auth.sign_in("") is None
    assert auth.csrf_ok(alice, alice.csrf) and not auth.csrf_ok(alice, unnamed.csrf)
    assert not auth.csrf_ok(alice, "") and not auth.csrf_ok(alice, None)


def test_forged_expired_and_revoked_sessions_are_refused(monkeypatch) -> None:
    auth = Auth(["root"], [], ["v1"])
    cookie = auth.sign_in("v1")
    body, signature = cookie.rsplit(".", 1)
    payload = orjson.loads(base64.urlsafe_b64decode(body))
    promoted = base64.urlsafe_b64encode(orjson.dumps(payload | {"role": "admin"})).decode()
    assert auth.session(f"{promoted}.{signature}") is None
    assert auth.session("garbage") is None and auth.session(None) is None
    assert auth.session("!!!.00") is None
    assert Auth(["other-root"], [], ["v1"]).session(cookie) is None  # a token changed: signed out
    monkeypatch.setattr(auth_module.time, "time", lambda: payload["exp"] + 1)
    assert auth.session(cookie) is None


def test_admin_tokens_are_taken_whole() -> None:
    auth = Auth(["ops:with-colon", "b64token=="], ["carol:c1"], [])
    assert auth.session(auth.sign_in("ops:with-colon")).role == "admin"
    assert auth.session(auth.sign_in("b64token==")).role == "admin"
    assert auth.session(auth.sign_in("c1")).who == "carol"
