"""The HTTP decision service (FastAPI): decide, ingest, import, read state, health and Prometheus metrics,
with bearer-token auth on every route but /healthz (the OpenAPI schema and /docs included), or none at
all when started explicitly open.

Consumes an Engine (online.engine); `distillguard serve` runs the app with uvicorn."""

import copy
import hmac
import logging
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit

import orjson
import polars as pl
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field, field_validator
from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter, DefaultFormatter

from distillguard import __version__
from distillguard.config import Config
from distillguard.errors import ConfigError, DistillguardError, InputError, StateError, printable
from distillguard.io.ips import canonical_ip
from distillguard.online.engine import Engine
from distillguard.online.policy import ACTIONS
from distillguard.online.records import CampaignsDocument

MAX_BATCH = 10_000
BEARER = HTTPBearer(auto_error=False)
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.5)


class DecideEvent(BaseModel):
    """One request as the gateway sees it before serving: the events columns, response-side ones
    optional; unknown fields (e.g. `tier`) are kept."""

    model_config = ConfigDict(extra="allow", str_max_length=400_000)

    request_id: str = Field(min_length=1, max_length=2048)
    ts: datetime
    account_id: str = Field(min_length=1, max_length=2048)
    ip: str = Field(min_length=1, max_length=64)
    model: str = Field(min_length=1, max_length=2048)
    prompt: str = ""
    input_tokens: int | None = Field(None, ge=0)
    output_tokens: int | None = Field(None, ge=0)
    org_id: str | None = None
    asn: int | None = Field(None, ge=0)
    country: str | None = Field(None, max_length=8)
    user_agent: str | None = Field(None, max_length=2048)
    client_fingerprint: str | None = Field(None, max_length=2048)
    n_turns: int | None = Field(None, ge=0)
    tools_declared: int | None = Field(None, ge=0)
    has_image: bool | None = None
    max_tokens: int | None = Field(None, ge=0)
    tier: str | None = Field(None, max_length=64)

    @field_validator("ip")
    @classmethod
    def _valid_ip(cls, value: str) -> str:
        canonical = canonical_ip(value)  # the form ingest and scan store (io.ips)
        if canonical is None:
            raise ValueError(f"not an IPv4 or IPv6 address: {value[:64]!r}")
        return canonical

    @field_validator("ts")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        try:
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:  # e.g. 9999-12-31T23:59:59-01:00 is past the last UTC datetime
            raise ValueError("timestamp out of range once converted to UTC") from None


class DecideAnswer(BaseModel):
    action: str = Field(description="|".join(ACTIONS))
    score: float
    campaign_id: str | None
    reasons: list[str]
    policy_version: str


class EventBatch(BaseModel):
    """Completed exchanges (contract events columns); checked row by row like `validate`."""

    events: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class ImportBody(BaseModel):
    campaigns: CampaignsDocument = Field(description="A scan's campaigns.json.")
    indicators: dict[str, Any] | None = Field(None, description="A scan's indicators.stix.json.")
    replace: bool = Field(True, description=(
        "Replace what earlier imports loaded (a nightly scan): their campaigns follow the new one "
        "holding most of their accounts, accounts no new campaign names are released. False adds."))


def tokens_from(configured: list[str]) -> list[str]:
    """Configured tokens plus the comma-separated DISTILLGUARD_TOKENS."""
    env = [t.strip() for t in os.environ.get("DISTILLGUARD_TOKENS", "").split(",") if t.strip()]
    return [*configured, *env]


def check_auth(tokens: list[str], open_access: bool) -> None:
    """ConfigError unless exactly one of: some tokens, or an explicitly open service."""
    if not tokens and not open_access:
        raise ConfigError("no bearer token configured (DISTILLGUARD_TOKENS or online.tokens): "
                          "every request would be refused; set one, or pass --open to serve "
                          "without authentication")
    if tokens and open_access:
        raise ConfigError("--open serves without authentication, but bearer tokens are configured "
                          "(DISTILLGUARD_TOKENS or online.tokens): drop one or the other")


def create_app(engine: Engine, tokens: list[str], *, open_access: bool = False) -> FastAPI:
    """The service over ``engine``: requests must carry one of ``tokens``, or none when
    ``open_access`` (which must then be asked for: an app without tokens would refuse everything).

    Raises
    ------
    ConfigError
        No token and not ``open_access``, or tokens and ``open_access`` both.
    """
    check_auth(tokens, open_access)
    app = FastAPI(title="distillguard", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=None,
                  description="Online distillation defence: decide on requests, learn from exchanges.")
    registry = CollectorRegistry()
    decisions = Counter("distillguard_decisions", "Decisions by action (shadow: would-be action).",
                        ["action", "shadow"], registry=registry)
    latency = Histogram("distillguard_decision_seconds", "Time to decide one request.",
                        buckets=LATENCY_BUCKETS, registry=registry)
    ingested = Counter("distillguard_events", "Completed exchanges received, by outcome.",
                       ["outcome"], registry=registry)
    secrets = [t.encode() for t in tokens]
    app.state.engine = engine  # the analyst workspace (distillguard.ui) works on the same state

    async def authorized(credentials: Annotated[HTTPAuthorizationCredentials | None,
                                          Depends(BEARER)]) -> None:
        if open_access:
            return
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode()
        if not any(hmac.compare_digest(given, s) for s in secrets):
            raise HTTPException(403, "invalid token")

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                    for e in exc.errors()]
        # locations and messages may quote the request (field names, values): printable
        return JSONResponse({"detail": printable("; ".join(problems)) or "invalid request"},
                            status_code=422)

    @app.exception_handler(StateError)
    async def _state(_request: Request, exc: StateError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(authorized)])
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(authorized)])
    def docs() -> HTMLResponse:
        # the schema is inlined: the page's own fetch of /openapi.json would carry no token
        return get_swagger_ui_html(openapi_url="/openapi.json", title="distillguard API",
                                   swagger_ui_parameters={"spec": app.openapi()})

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/decide", dependencies=[Depends(authorized)],
              responses={200: {"model": DecideAnswer}})
    async def decide(event: DecideEvent) -> Response:
        # async on purpose: two sub-millisecond state reads cost less than a thread hop
        start = time.perf_counter()
        decision = engine.decide(event.model_dump())
        latency.observe(time.perf_counter() - start)
        decisions.labels(decision.shadow_action or decision.action,
                         str(decision.shadow_action is not None).lower()).inc()
        return Response(orjson.dumps(decision.to_dict()), media_type="application/json")

    @app.post("/v1/events", dependencies=[Depends(authorized)])
    def events(batch: EventBatch) -> dict[str, Any]:
        result = engine.ingest(batch.events)
        for outcome, n in (("accepted", result.accepted), ("duplicate", result.duplicates),
                           ("rejected", len(result.rejected or []))):
            ingested.labels(outcome).inc(n)
        if batch.events and result.accepted == 0 and result.rejected:
            detail = f"no event accepted; first problem: {result.rejected[0]['reason']}"
            return JSONResponse({"detail": detail, **result.to_dict()}, status_code=422)
        return result.to_dict()

    @app.post("/v1/campaigns/import", dependencies=[Depends(authorized)])
    def import_campaigns(body: ImportBody) -> dict[str, int]:
        try:
            return engine.import_scan(body.campaigns, body.indicators, body.replace)
        except StateError:
            raise
        except DistillguardError as exc:  # not a STIX bundle
            raise HTTPException(422, str(exc) or "bad input") from None

    @app.get("/v1/accounts/{account_id}", dependencies=[Depends(authorized)])
    def account(account_id: str) -> dict[str, Any]:
        record = engine.store.accounts([account_id]).get(account_id)
        if record is None:
            raise HTTPException(404, f"account {account_id!r} not seen")
        ring = engine.store.rings([account_id]).get(account_id) or {}
        # the campaign it belongs to now (a merged or superseded one's successor)
        record = record.with_campaign(engine.canonical(record.campaign_id))
        return {"account_id": account_id, **record.to_dict(),
                "recent_exchanges": len(ring.get("ts", []))}

    @app.get("/v1/campaigns", dependencies=[Depends(authorized)])
    def campaigns() -> dict[str, Any]:
        return {"campaigns": engine.store.campaigns()}

    @app.get("/metrics", dependencies=[Depends(authorized)])
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app


@dataclass(frozen=True)
class ServiceInfo:
    """What a started service says about itself (``distillguard serve`` prints it)."""

    state: str  # the state URL, any password hidden
    backend: str
    policy_version: str
    shadow: bool
    tokens: int
    open_access: bool
    accounts: str = ""  # what the accounts table gave (serve --accounts), empty without one

    def describe(self, host: str, port: int, workers: int) -> str:
        """One line: where the service listens, its state backend, policy and authentication.

        Examples
        --------
        >>> ServiceInfo("redis://:***@db:6379/0", "Redis", "v1", False, 2, False).describe(
        ...     "127.0.0.1", 8080, 1)
        'listening on http://127.0.0.1:8080 (1 worker); state: Redis at redis://:***@db:6379/0; \
policy v1; auth: bearer token (2 configured)'
        """
        auth = ("OPEN, no authentication (--open)" if self.open_access
                else f"bearer token ({self.tokens} configured)")
        return (f"listening on http://{host}:{port} ({workers} worker{'s' * (workers > 1)}); "
                f"state: {self.backend} at {self.state}; policy {self.policy_version}"
                f"{' (shadow: allows everything)' if self.shadow else ''}; auth: {auth}"
                + (f"; {self.accounts}" if self.accounts else ""))


def _hide_password(url: str) -> str:
    parsed = urlsplit(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@", 1)
    return urlunsplit(parsed._replace(netloc=netloc))


ACCOUNTS_QUARANTINE = "distillguard-accounts-quarantine.jsonl"


def load_directory(path: str | None, cfg: Config) -> tuple[pl.DataFrame | None, str]:
    """The accounts table of ``serve --accounts`` (validated as the contract says; bad rows go to
    ACCOUNTS_QUARANTINE in the working directory, which is only written when there are some) and
    a line saying what it gave.

    Raises
    ------
    InputError
        The file is missing, unreadable or lacks account_id.
    """
    if path is None:
        return None, ""
    from distillguard.io.quarantine import QuarantineWriter
    from distillguard.io.schema import ACCOUNTS_SPEC
    from distillguard.io.validate import read_valid_table

    with QuarantineWriter(ACCOUNTS_QUARANTINE, value_chars=cfg.io.quarantine_value_chars) as q:
        table, counts = read_valid_table(path, ACCOUNTS_SPEC, cfg.io, q)
    if not counts.quarantined:
        Path(ACCOUNTS_QUARANTINE).unlink(missing_ok=True)  # another worker may have removed it
    note = f" (see {ACCOUNTS_QUARANTINE})" if counts.quarantined else ""
    return table, f"accounts table: {counts.used} accounts (age, tier, verification){note}"


def service_from_env() -> tuple[FastAPI, ServiceInfo]:
    """The app and its description from the DISTILLGUARD_STATE, DISTILLGUARD_CONFIG,
    DISTILLGUARD_POLICY, DISTILLGUARD_SHADOW, DISTILLGUARD_OPEN and DISTILLGUARD_ACCOUNTS variables
    that ``distillguard serve`` sets.

    Raises
    ------
    DistillguardError
        A bad config or policy (ConfigError), an unusable state URL (StateError), no token
        without DISTILLGUARD_OPEN=1 (ConfigError).
    """
    from distillguard.config import load_config
    from distillguard.online.policy import load_policy
    from distillguard.online.state import DEFAULT_STATE, open_store

    cfg = load_config(os.environ.get("DISTILLGUARD_CONFIG") or None)
    shadow = os.environ.get("DISTILLGUARD_SHADOW")
    policy = load_policy(os.environ.get("DISTILLGUARD_POLICY") or None,
                         shadow=None if shadow is None else shadow == "1")
    url = os.environ.get("DISTILLGUARD_STATE", DEFAULT_STATE)
    open_access = os.environ.get("DISTILLGUARD_OPEN") == "1"
    tokens = tokens_from(cfg.online.tokens)
    check_auth(tokens, open_access)  # before the state is opened (or created)
    directory, accounts = load_directory(os.environ.get("DISTILLGUARD_ACCOUNTS") or None, cfg)
    state = open_store(url, request_ttl=cfg.online.request_id_ttl_hours * 3600)
    try:
        app = create_app(Engine(state, cfg, policy, directory), tokens, open_access=open_access)
    except DistillguardError:
        state.close()
        raise
    info = ServiceInfo(state=_hide_password(url), backend=state.backend,
                       policy_version=policy.version, shadow=policy.shadow, tokens=len(tokens),
                       open_access=open_access, accounts=accounts)
    return app, info


def check_listen(host: str, port: int) -> None:
    """InputError (one line) when ``host:port`` cannot be listened on (taken, not an interface)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


class PrintableFormatter(logging.Formatter):
    """Log lines with control characters escaped: a request line or path quoted in a log is user
    data (errors.printable)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))


class PrintableAccessFormatter(PrintableFormatter, AccessFormatter):
    """uvicorn's access-log line, printable."""


def log_config() -> dict[str, Any]:
    """uvicorn's logging setup with every line printable (passed to worker processes too)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"]["()"] = f"{__name__}.PrintableDefaultFormatter"
    config["formatters"]["access"]["()"] = f"{__name__}.PrintableAccessFormatter"
    return config


class PrintableDefaultFormatter(PrintableFormatter, DefaultFormatter):
    """uvicorn's other log lines (startup, errors), printable."""


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` (several worker processes); see service_from_env."""
    return service_from_env()[0]
