"""Analyst verdicts and what follows from them: the audit log, labels for ``distillguard train``, a
campaign's own STIX bundle and its push to enforcement.

Consumes the store (verdicts and the audit log live in it, SQLite or Redis), campaign documents, the
workspace's indicator incidence and the engine; produces verdict records, audit entries, a contract
``labels`` table and online state that /v1/decide acts on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl

from distillguard.campaigns.stix import stix_bundle
from distillguard.online.engine import Engine
from distillguard.online.records import CampaignsDocument
from distillguard.online.state import Store

VERDICTS = ("confirmed", "legitimate", "needs_review")
VERDICT_TEXT = {"confirmed": "confirmed operation", "legitimate": "legitimate (false positive)",
                "needs_review": "needs review"}
COLLECTION = "ui_verdicts"
AUDIT = "ui_audit"
NOTE_CHARS = 2000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def verdicts(store: Store) -> dict[str, dict[str, Any]]:
    """Every verdict by target (``campaign:ID`` or ``account:ID``)."""
    return store.docs(COLLECTION)


def campaign_verdicts(store: Store) -> dict[str, str]:
    """Campaign id → its verdict."""
    return {k.split(":", 1)[1]: v["verdict"] for k, v in verdicts(store).items()
            if k.startswith("campaign:")}


def record_verdict(store: Store, kind: str, target: str, verdict: str, note: str, who: str
                   ) -> dict[str, Any]:
    """Store a verdict on a campaign or an account and log who gave it, when, and the one before.

    Raises
    ------
    ValueError
        Unknown kind or verdict.
    """
    if kind not in ("campaign", "account") or verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {kind!r} {verdict!r}")
    doc = {"kind": kind, "target": target, "verdict": verdict, "note": note[:NOTE_CHARS],
           "who": who, "when": _now()}
    before = store.put_doc(COLLECTION, f"{kind}:{target}", doc)
    store.append_log(AUDIT, {"when": doc["when"], "who": who, "action": "verdict",
                             "target": f"{kind} {target}", "verdict": verdict,
                             "before": (before or {}).get("verdict", ""), "note": doc["note"]})
    return doc


def audit(store: Store, start: int = 0, count: int = 50) -> tuple[list[dict[str, Any]], int]:
    """Audit entries, newest first, and how many in all."""
    return store.read_log(AUDIT, start, count)


def labels(store: Store, docs: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """The verdicts as the contract's ``labels`` table (account_id, label, campaign_id).

    A confirmed campaign labels its accounts 1 (campaign_id: it), a legitimate one 0 (no campaign);
    a verdict on an account overrides its campaign's; "needs review" labels nothing."""
    rows: dict[str, tuple[int, str | None]] = {}
    found = verdicts(store)
    for key, v in sorted(found.items()):
        kind, target = key.split(":", 1)
        if kind == "campaign" and v["verdict"] != "needs_review" and target in docs:
            for account in docs[target].get("accounts") or []:
                confirmed = v["verdict"] == "confirmed"
                rows[account] = (int(confirmed), target if confirmed else None)
    for key, v in sorted(found.items()):
        kind, target = key.split(":", 1)
        if kind == "account" and v["verdict"] != "needs_review":
            confirmed = v["verdict"] == "confirmed"
            rows[target] = (int(confirmed), rows.get(target, (0, None))[1] if confirmed else None)
    return pl.DataFrame([(a, lab, c) for a, (lab, c) in sorted(rows.items())],
                        schema={"account_id": pl.String, "label": pl.Int64, "campaign_id": pl.String},
                        orient="row")


def campaign_bundle(doc: dict[str, Any], incidence: pl.DataFrame, key: str,
                    gateways: pl.DataFrame | None = None) -> dict[str, Any]:
    """This campaign alone as a STIX 2.1 bundle (the scan's exporter, campaigns.stix; none of a
    partner's ``gateways``)."""
    return stix_bundle([doc], incidence.select("account_id", "kind", "value"), key,
                       withheld=gateways)


def push(engine: Engine, doc: dict[str, Any], bundle: dict[str, Any] | None, who: str) -> dict[str, Any]:
    """Put a confirmed campaign's accounts and indicators into the online state, marked confirmed,
    so the policy acts on them (in shadow when the policy is); log it. Returns what was loaded."""
    kept = {k: v for k, v in doc.items() if not k.startswith("_") and k != "timeline"}
    loaded = engine.import_scan(CampaignsDocument.parse({"campaigns": [kept | {"confirmed": True}]}),
                                bundle, replace=False)
    mode = "shadow" if engine.policy.shadow else "enforce"
    engine.store.append_log(AUDIT, {
        "when": _now(), "who": who, "action": "enforce", "target": f"campaign {doc['campaign_id']}",
        "verdict": "confirmed", "before": "",
        "note": f"{mode}: {loaded['accounts']} accounts, {loaded['indicators']} indicators "
                f"(policy {engine.policy.version})"})
    return loaded | {"mode": mode}


def lift(store: Store, campaign_id: str, who: str) -> bool:
    """Take a campaign out of enforcement (its verdict is no longer "confirmed"): the policy's
    campaign_confirmed rules stop applying to it; log it. False when it was not enforced."""
    doc = next((d for d in store.campaigns() if d["campaign_id"] == campaign_id), None)
    if doc is None or not doc.get("confirmed"):
        return False
    store.save_campaigns([doc | {"confirmed": False}])
    store.append_log(AUDIT, {"when": _now(), "who": who, "action": "lift enforcement",
                             "target": f"campaign {campaign_id}", "verdict": "", "before": "confirmed",
                             "note": "verdict changed: campaign_confirmed no longer holds"})
    return True
