"""An OpenAI-compatible gateway guarded by distillguard: a reverse proxy for /v1/chat/completions that asks
`distillguard serve` before serving, enforces the action, and reports each completed exchange back.

    DISTILLGUARD_URL=http://127.0.0.1:8080 DISTILLGUARD_TOKEN=... UPSTREAM_URL=https://api.example.com \\
        uvicorn --factory examples.openai_gateway:app_from_env --port 4000

Actions: allow → forward; throttle → forward after a pause; withhold_reasoning → forward and strip the
reasoning from the answer; step_up → 401 asking for verification; block → 403. If distillguard is down
the gateway fails open (serves) and logs it: a detector must never take the API down.
The account is the caller's API key (hashed); put your own account lookup in `account_of`."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import JSONResponse

log = logging.getLogger("distillguard.gateway")
REASONING_FIELDS = ("reasoning_content", "reasoning", "thinking")


def account_of(request: Request) -> str:
    key = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return "key_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def client_ip(request: Request) -> str:
    forwarded = request.headers.get("x-forwarded-for")  # trust it only behind your own edge
    return forwarded.split(",")[0].strip() if forwarded else request.client.host


def body_columns(body: dict[str, Any]) -> dict[str, Any]:
    """The contract's columns that a chat completion request body holds."""
    messages = body.get("messages") or []
    users = [m for m in messages if m.get("role") == "user"]
    content = users[-1].get("content", "") if users else ""
    parts = content if isinstance(content, list) else [{"type": "text", "text": content}]
    text = " ".join(p.get("text", "") for p in parts if p.get("type") == "text")
    system = next((m.get("content") for m in messages if m.get("role") == "system"), None)
    return {
        "model": str(body.get("model", "")),
        "prompt": text,
        "system_prompt": system if isinstance(system, str) else None,
        "n_turns": len(messages),
        "tools_declared": len(body.get("tools") or []),
        "has_image": any(p.get("type") == "image_url" for p in parts),
        "max_tokens": body.get("max_tokens") or body.get("max_completion_tokens"),
        "temperature": body.get("temperature"),
    }


def request_event(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """The contract's request-side columns for one chat completion call."""
    return {
        "request_id": request.headers.get("x-request-id") or str(uuid.uuid4()),
        "ts": datetime.now(UTC).isoformat(),
        "account_id": account_of(request),
        "ip": client_ip(request),
        "user_agent": request.headers.get("user-agent"),
        **body_columns(body),
    }


def without_reasoning(answer: dict[str, Any]) -> dict[str, Any]:
    for choice in answer.get("choices", []):
        for field in REASONING_FIELDS:
            choice.get("message", {}).pop(field, None)
    details = answer.get("usage", {}).get("completion_tokens_details") or {}
    details.pop("reasoning_tokens", None)
    return answer


def create_gateway(upstream_url: str, distillguard_url: str, token: str,
                   throttle_seconds: float = 1.0) -> FastAPI:
    guard = httpx.AsyncClient(base_url=distillguard_url, timeout=0.25,
                              headers={"Authorization": f"Bearer {token}"})
    upstream = httpx.AsyncClient(base_url=upstream_url, timeout=600)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        await guard.aclose()
        await upstream.aclose()

    app = FastAPI(title="distillguard-guarded OpenAI gateway", lifespan=lifespan)

    async def report(event: dict[str, Any], answer: dict[str, Any], status: str) -> None:
        usage = answer.get("usage") or {}
        details = usage.get("completion_tokens_details") or {}
        completed = event | {"input_tokens": usage.get("prompt_tokens", 0),
                             "output_tokens": usage.get("completion_tokens", 0),
                             "reasoning_tokens": details.get("reasoning_tokens"), "status": status}
        try:
            await guard.post("/v1/events", json={"events": [completed]}, timeout=5)
        except httpx.HTTPError as exc:
            log.warning("distillguard /v1/events failed: %s", exc)

    @app.post("/v1/chat/completions")
    async def chat(request: Request, background: BackgroundTasks) -> JSONResponse:
        body = await request.json()
        event = request_event(request, body)
        try:
            decision = (await guard.post("/v1/decide", json=event)).raise_for_status().json()
        except httpx.HTTPError as exc:
            log.warning("distillguard unavailable, serving: %s", exc)
            decision = {"action": "allow", "reasons": []}
        action = decision["action"]
        if action == "block":
            return JSONResponse({"error": {"type": "access_denied", "code": "blocked",
                                           "message": "This account is blocked for abuse."}}, 403)
        if action == "step_up":
            return JSONResponse({"error": {"type": "verification_required", "code": "step_up",
                                           "message": "Verify your identity to continue."}}, 401)
        if action == "throttle":
            await asyncio.sleep(throttle_seconds)
        forwarded = await upstream.post("/v1/chat/completions", json=body,
                                        headers={"Authorization": request.headers.get(
                                            "authorization", "")})
        answer = forwarded.json()
        if action == "withhold_reasoning":
            answer = without_reasoning(answer)
        background.add_task(report, event, answer, "ok" if forwarded.is_success else "error")
        return JSONResponse(answer, forwarded.status_code,
                            headers={"X-Distillguard-Action": action})

    return app


def app_from_env() -> FastAPI:
    return create_gateway(os.environ["UPSTREAM_URL"], os.environ["DISTILLGUARD_URL"],
                          os.environ["DISTILLGUARD_TOKEN"],
                          float(os.environ.get("THROTTLE_SECONDS", "1.0")))

