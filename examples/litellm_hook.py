"""A LiteLLM proxy callback guarded by distillguard: asks `distillguard serve` (/v1/decide) before each call,
enforces the action, and reports each completed exchange to /v1/events in the background.

Turn it on in the proxy's config.yaml, with this repository on the proxy's PYTHONPATH:

    litellm_settings:
      callbacks: examples.litellm_hook.proxy_handler_instance

with DISTILLGUARD_URL and DISTILLGUARD_TOKEN in the proxy's environment (DISTILLGUARD_THROTTLE_SECONDS,
DISTILLGUARD_TIMEOUT_SECONDS, DISTILLGUARD_ACCOUNT_FIELDS optional). Actions: block → 403; step_up → 401;
throttle → a pause, then served; withhold_reasoning → served without the reasoning. When distillguard is
unreachable the call is served (fail open) and distillguard_hook_fail_open_total counts it: a detector must
never take the API down. The account is the key's user, else its alias, else the hashed key
(DISTILLGUARD_ACCOUNT_FIELDS=end_user_id,user_id when one key serves many customers); the address is LiteLLM's
requester_ip_address (set general_settings.use_x_forwarded_for behind your own edge)."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import HTTPException
from litellm.integrations.custom_logger import CustomLogger
from prometheus_client import Counter

from examples.openai_gateway import REASONING_FIELDS, body_columns

log = logging.getLogger("distillguard.litellm")
FAIL_OPEN = Counter("distillguard_hook_fail_open_total",
                    "LiteLLM calls served without a distillguard decision (distillguard unreachable)")
DENIED = {"block": (403, "This account is blocked for abuse."),
          "step_up": (401, "Verify your identity to continue.")}
ACTION_KEY = "distillguard_action"  # where the decision rides along in the request's metadata
# the key's user, its alias, the hashed key; 'end_user_id' (the request's `user`) when one key serves many
ACCOUNT_FIELDS = ("user_id", "key_alias", "token")


def account_of(key: Any, fields: tuple[str, ...] = ACCOUNT_FIELDS) -> str:
    """The account of a call: the first of ``fields`` of its LiteLLM key (UserAPIKeyAuth) that is set."""
    return str(next((value for f in fields if (value := getattr(key, f, None))), "anonymous"))


def call_event(data: dict[str, Any], key: Any,
               fields: tuple[str, ...] = ACCOUNT_FIELDS) -> dict[str, Any]:
    """The contract's request-side columns of one LiteLLM call."""
    metadata = data.get("metadata") or data.get("litellm_metadata") or {}
    return {
        "request_id": str(data.get("litellm_call_id") or uuid.uuid4()),
        "ts": datetime.now(UTC).isoformat(),
        "account_id": account_of(key, fields),
        "api_key_id": getattr(key, "token", None),
        "ip": metadata.get("requester_ip_address") or None,
        "user_agent": metadata.get("user_agent"),
        **body_columns(data),
    }


def strip_reasoning(response: Any) -> None:
    """Remove the reasoning from a LiteLLM ModelResponse (the answer itself is kept)."""
    for choice in getattr(response, "choices", None) or []:
        message = getattr(choice, "message", None)
        for field in (*REASONING_FIELDS, "thinking_blocks"):
            if message is not None and getattr(message, field, None) is not None:
                setattr(message, field, None)


class DistillguardHook(CustomLogger):
    """The LiteLLM callback: decide before the call, enforce, report after it."""

    def __init__(self, url: str, token: str, *, timeout_seconds: float = 0.25,
                 throttle_seconds: float = 1.0,
                 account_fields: tuple[str, ...] = ACCOUNT_FIELDS) -> None:
        super().__init__()
        self.url, self.token, self.account_fields = url, token, account_fields
        self.timeout_seconds, self.throttle_seconds = timeout_seconds, throttle_seconds
        self.reports: set[asyncio.Task] = set()  # background reports kept alive until done

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=self.timeout_seconds,
                                 headers={"Authorization": f"Bearer {self.token}"})

    async def decide(self, event: dict[str, Any]) -> str:
        """The action for ``event``; 'allow' (and the fail-open counter) when distillguard is down."""
        try:
            async with self._client() as client:
                answer = (await client.post("/v1/decide", json=event)).raise_for_status()
            return str(answer.json()["action"])
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            FAIL_OPEN.inc()
            log.warning("distillguard unavailable, serving: %s", exc)
            return "allow"

    async def async_pre_call_hook(self, user_api_key_dict: Any, cache: Any, data: dict,
                                  call_type: Any) -> dict:
        event = call_event(data, user_api_key_dict, self.account_fields)
        action = await self.decide(event)
        if action in DENIED:
            status, message = DENIED[action]
            raise HTTPException(status_code=status, detail={"error": message, "code": action})
        if action == "throttle":
            await asyncio.sleep(self.throttle_seconds)
        data.setdefault("metadata", {})[ACTION_KEY] = action
        data["metadata"]["distillguard_event"] = event
        return data

    async def async_post_call_success_hook(self, data: dict, user_api_key_dict: Any,
                                           response: Any) -> Any:
        metadata = data.get("metadata") or {}
        event = metadata.get("distillguard_event") or call_event(data, user_api_key_dict,
                                                                 self.account_fields)
        usage = getattr(response, "usage", None)
        details = getattr(usage, "completion_tokens_details", None)
        completed = event | {"input_tokens": getattr(usage, "prompt_tokens", 0) or 0,
                             "output_tokens": getattr(usage, "completion_tokens", 0) or 0,
                             "reasoning_tokens": getattr(details, "reasoning_tokens", None),
                             "status": "ok"}
        if metadata.get(ACTION_KEY) == "withhold_reasoning":
            strip_reasoning(response)
        task = asyncio.create_task(self.report(completed))
        self.reports.add(task)
        task.add_done_callback(self.reports.discard)
        return response

    async def report(self, event: dict[str, Any]) -> None:
        """Send one completed exchange to /v1/events; a failure is logged, never raised."""
        try:
            async with self._client() as client:
                (await client.post("/v1/events", json={"events": [event]},
                                   timeout=5)).raise_for_status()
        except httpx.HTTPError as exc:
            log.warning("distillguard /v1/events failed: %s", exc)


proxy_handler_instance = DistillguardHook(
    os.environ.get("DISTILLGUARD_URL", "http://127.0.0.1:8080"),
    os.environ.get("DISTILLGUARD_TOKEN", ""),
    timeout_seconds=float(os.environ.get("DISTILLGUARD_TIMEOUT_SECONDS", "0.25")),
    throttle_seconds=float(os.environ.get("DISTILLGUARD_THROTTLE_SECONDS", "1.0")),
    account_fields=tuple(os.environ.get("DISTILLGUARD_ACCOUNT_FIELDS", ",".join(ACCOUNT_FIELDS))
                         .split(",")))
