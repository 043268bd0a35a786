"""Who may use the workspace: role tokens, the signed session cookie and CSRF tokens of its forms.

Consumes the service's bearer tokens (admin) and DISTILLGUARD_ANALYST_TOKENS / DISTILLGUARD_VIEWER_TOKENS;
produces sessions (who, role) checked on every page and form."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass

import orjson

ROLES = ("viewer", "analyst", "admin")  # each may do what the ones before it may
COOKIE = "dg_session"
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True)
class Session:
    """A signed-in analyst: a name (shown in the audit log), a role and the session's CSRF token."""

    who: str
    role: str
    csrf: str
    expires: float

    def may(self, role: str) -> bool:
        """Whether this session's role is at least ``role``.

        Examples
        --------
        >>> Session("a", "analyst", "x", 0).may("viewer"), Session("a", "analyst", "x", 0).may("admin")
        (True, False)
        """
        return ROLES.index(self.role) >= ROLES.index(role)


def _named(entries: list[str], role: str, *, names: bool = True) -> dict[str, tuple[str, str]]:
    """token → (name, role); with ``names`` an entry is ``TOKEN`` or ``NAME:TOKEN`` (a colon, not
    '=': base64 tokens end in '='); an unnamed token is called by its role and a short digest
    (never the token itself).

    Examples
    --------
    >>> _named(["alice:s3cret", "abc=="], "analyst")["s3cret"], _named(["abc=="], "analyst")["abc=="][0]
    (('alice', 'analyst'), 'analyst-e1a65c3d')
    """
    out = {}
    for entry in entries:
        name, _, token = entry.strip().partition(":") if names else ("", "", entry.strip())
        if not (name and token):
            name, token = "", entry.strip()
        if token:
            digest = hashlib.sha256(token.encode()).hexdigest()[:8]
            out[token] = (name.strip() or f"{role}-{digest}", role)
    return out


def _env_list(name: str) -> list[str]:
    return [t for t in os.environ.get(name, "").split(",") if t.strip()]


class Auth:
    """Role tokens and the key that signs sessions.

    The key derives from every token, so sessions survive a restart and hold across worker
    processes, and revoking any token signs everybody out."""

    def __init__(self, admin_tokens: list[str], analyst_tokens: list[str] | None = None,
                 viewer_tokens: list[str] | None = None) -> None:
        # the service's own bearer tokens are taken whole: they already work as they are
        self.tokens = (_named(viewer_tokens or [], "viewer") | _named(analyst_tokens or [], "analyst")
                       | _named(admin_tokens, "admin", names=False))
        self._key = hashlib.sha256(b"distillguard-ui\x00" + b"\x00".join(
            sorted(t.encode() for t in self.tokens))).digest()

    @classmethod
    def from_env(cls, admin_tokens: list[str]) -> Auth:
        """The service's bearer tokens are admins; analysts and viewers come from
        DISTILLGUARD_ANALYST_TOKENS and DISTILLGUARD_VIEWER_TOKENS (comma-separated, ``NAME:TOKEN``)."""
        return cls(admin_tokens, _env_list("DISTILLGUARD_ANALYST_TOKENS"),
                   _env_list("DISTILLGUARD_VIEWER_TOKENS"))

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest()

    def sign_in(self, token: str) -> str | None:
        """The session cookie value for ``token``, None when it is not a known token."""
        given = token.strip().encode()
        found = next((who for t, who in self.tokens.items()
                      if hmac.compare_digest(given, t.encode())), None)
        if found is None:
            return None
        payload = orjson.dumps({"who": found[0], "role": found[1], "nonce": secrets.token_hex(16),
                                "exp": time.time() + SESSION_SECONDS})
        return base64.urlsafe_b64encode(payload).decode() + "." + self._sign(payload)

    def session(self, cookie: str | None) -> Session | None:
        """The session a cookie holds; None when absent, forged, expired or its role is gone."""
        if not cookie or "." not in cookie:
            return None
        body, signature = cookie.rsplit(".", 1)
        try:
            payload = base64.urlsafe_b64decode(body.encode())
        except ValueError:
            return None
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        data = orjson.loads(payload)
        if data["exp"] < time.time() or data["role"] not in ROLES:
            return None
        return Session(who=data["who"], role=data["role"], expires=data["exp"],
                       csrf=self._sign(b"csrf\x00" + data["nonce"].encode()))

    def csrf_ok(self, session: Session, given: str | None) -> bool:
        """Whether a form carried its session's CSRF token."""
        return bool(given) and hmac.compare_digest(session.csrf, given or "")
