"""The HTTP decision service (FastAPI): decide, ingest, import, read state, health and Prometheus metrics,
with bearer-token auth on every route but /healthz.

Consumes an Engine (online.engine); `distillguard serve` runs the app with uvicorn."""

import hmac
import ipaddress
import os
import time
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field, field_validator

from distillguard import __version__
from distillguard.errors import DistillguardError
from distillguard.online.engine import Engine
from distillguard.online.policy import ACTIONS

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
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(f"not an IPv4 or IPv6 address: {value[:64]!r}") from None

    @field_validator("ts")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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
    campaigns: dict[str, Any] = Field(description="A scan's campaigns.json.")
    indicators: dict[str, Any] | None = Field(None, description="A scan's indicators.stix.json.")


def tokens_from(configured: list[str]) -> list[str]:
    """Configured tokens plus the comma-separated DISTILLGUARD_TOKENS."""
    env = [t.strip() for t in os.environ.get("DISTILLGUARD_TOKENS", "").split(",") if t.strip()]
    return [*configured, *env]


def create_app(engine: Engine, tokens: list[str]) -> FastAPI:
    """The service over ``engine``; requests must carry one of ``tokens`` (none accepted if empty)."""
    app = FastAPI(title="distillguard", version=__version__,
                  description="Online distillation defence: decide on requests, learn from exchanges.")
    registry = CollectorRegistry()
    decisions = Counter("distillguard_decisions", "Decisions by action (shadow: would-be action).",
                        ["action", "shadow"], registry=registry)
    latency = Histogram("distillguard_decision_seconds", "Time to decide one request.",
                        buckets=LATENCY_BUCKETS, registry=registry)
    ingested = Counter("distillguard_events", "Completed exchanges received, by outcome.",
                       ["outcome"], registry=registry)
    secrets = [t.encode() for t in tokens]

    async def authorized(credentials: Annotated[HTTPAuthorizationCredentials | None,
                                          Depends(BEARER)]) -> None:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode()
        if not any(hmac.compare_digest(given, s) for s in secrets):
            raise HTTPException(403, "invalid token")

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                    for e in exc.errors()]
        return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, status_code=422)

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
            return engine.import_scan(body.campaigns, body.indicators)
        except (ValueError, DistillguardError) as exc:  # not campaigns.json / not a STIX bundle
            raise HTTPException(422, str(exc).splitlines()[0] if str(exc) else "bad input") from None

    @app.get("/v1/accounts/{account_id}", dependencies=[Depends(authorized)])
    def account(account_id: str) -> dict[str, Any]:
        record = engine.store.accounts([account_id]).get(account_id)
        if record is None:
            raise HTTPException(404, f"account {account_id!r} not seen")
        ring = engine.store.rings([account_id]).get(account_id) or {}
        return {"account_id": account_id, **record.to_dict(),
                "recent_exchanges": len(ring.get("ts", []))}

    @app.get("/v1/campaigns", dependencies=[Depends(authorized)])
    def campaigns() -> dict[str, Any]:
        return {"campaigns": engine.store.campaigns()}

    @app.get("/metrics", dependencies=[Depends(authorized)])
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` (several worker processes): settings come from the
    DISTILLGUARD_STATE, DISTILLGUARD_CONFIG, DISTILLGUARD_POLICY and DISTILLGUARD_SHADOW variables
    that ``distillguard serve`` sets."""
    from distillguard.config import load_config
    from distillguard.online.policy import load_policy
    from distillguard.online.state import DEFAULT_STATE, open_store

    cfg = load_config(os.environ.get("DISTILLGUARD_CONFIG") or None)
    shadow = os.environ.get("DISTILLGUARD_SHADOW")
    policy = load_policy(os.environ.get("DISTILLGUARD_POLICY") or None,
                         shadow=None if shadow is None else shadow == "1")
    state = open_store(os.environ.get("DISTILLGUARD_STATE", DEFAULT_STATE),
                       request_ttl=cfg.online.request_id_ttl_hours * 3600)
    engine = Engine(state, cfg, policy)
    return create_app(engine, tokens_from(cfg.online.tokens))
