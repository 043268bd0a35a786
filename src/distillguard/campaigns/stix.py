"""Indicator sharing: STIX 2.1 bundle of the flagged campaigns' indicators, and partner intel matched.

Consumes campaign documents and the linkage incidence (shared IPs, /24s, client fingerprints, templates,
payment); produces indicators.stix.json (stix2 library) and, from a partner's bundle (read by
io.stix), intel matches that corroborate a campaign. Nothing that could identify a person is
exported: no prompt, no email, and payment fingerprints only as keyed hashes (HMAC-SHA256 with a key
shared between partners)."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import stix2

NAMESPACE = uuid.UUID("6f1e6c55-3a4b-4f7e-9d1e-64697374696c")  # "distil" in the last bytes
PRODUCER = "distillguard"

# kind → STIX pattern of one value (io.stix reads any pattern back with the STIX grammar)
PATTERNS: dict[str, str] = {
    "ip": "[{family}-addr:value = '{value}']",
    "ip_prefix": "[{family}-addr:value = '{value}']",
    "client_fingerprint": "[x-distillguard-client:fingerprint = '{value}']",
    "template": "[x-distillguard-template:signature = '{value}']",
    "payment": "[x-distillguard-payment:keyed_hash = '{value}']",
}
# kind → what an indicator of that kind is, for its name and description
KIND_TEXT: dict[str, str] = {
    "ip": "client IP address {value}",
    "ip_prefix": "client network {value}",
    "client_fingerprint": "TLS/HTTP client fingerprint {value}",
    "template": "prompt template signature {value}",
    "payment": "payment instrument (HMAC-SHA256 keyed hash, intel.hash_key)",
}


def keyed_hash(value: str, key: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def _pattern(kind: str, value: str) -> str:
    family = "ipv6" if ":" in value else "ipv4"
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")  # STIX string escapes
    return PATTERNS[kind].format(family=family, value=quoted)


def indicator_text(kind: str, value: str, accounts: int, doc: dict[str, Any]) -> tuple[str, str]:
    """Name and description of an exported indicator: what it is, and which campaign it indicates.

    Examples
    --------
    >>> doc = {"campaign_id": "cmp_1", "n_accounts": 40, "recommended_action": "block"}
    >>> indicator_text("ip", "192.0.2.10", 12, doc)[0]
    'cmp_1: client IP address 192.0.2.10'
    """
    what = KIND_TEXT[kind].format(value=value)
    name = f"{doc['campaign_id']}: {what}"
    description = (f"Indicates distillation campaign {doc['campaign_id']} (accounts harvesting "
                   f"model outputs to train another model; {doc['n_accounts']} accounts, "
                   f"recommended action {doc['recommended_action']}): {what} shared by {accounts} "
                   f"of its accounts and mostly by them. Requests matching it likely come from the "
                   f"campaign.")
    return name, description


def _id(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join(parts))}"


def campaign_indicators(members: list[str], incidence: pl.DataFrame, key: str,
                        per_kind: int) -> list[tuple[str, str, int]]:
    """(kind, exported value, accounts) of the indicators most shared by a campaign's members.

    A value mostly held by accounts outside the campaign (a popular SDK's fingerprint, a VPN exit)
    is not exported: partners would block bystanders with it."""
    everyone = (incidence.filter(pl.col("kind").is_in(list(PATTERNS)))
                .group_by("kind", "value").agg(holders=pl.len()))
    shared = (incidence.filter(pl.col("account_id").is_in(members),
                               pl.col("kind").is_in(list(PATTERNS)))
              .group_by("kind", "value").agg(accounts=pl.len())
              .join(everyone, on=["kind", "value"])
              .filter(pl.col("accounts") >= 2, pl.col("accounts") >= 0.5 * pl.col("holders"))
              .drop("holders")
              .sort(["kind", "accounts", "value"], descending=[False, True, False])
              .group_by("kind", maintain_order=True).head(per_kind))
    return [(kind, keyed_hash(value, key) if kind == "payment" else value, n)
            for kind, value, n in shared.iter_rows()]


def stix_bundle(documents: list[dict[str, Any]], incidence: pl.DataFrame, key: str,
                per_kind: int = 50) -> stix2.Bundle:
    """A STIX 2.1 bundle: the producer, one Campaign per flagged campaign, its Indicators and
    'indicates' Relationships. Ids and timestamps derive from the data, so output is stable."""
    producer = stix2.Identity(id=_id("identity", PRODUCER), name=PRODUCER,
                              identity_class="system", created="2020-01-01T00:00:00Z",
                              modified="2020-01-01T00:00:00Z")
    objects: list[Any] = [producer]
    for doc in documents:
        when = datetime.fromisoformat(doc["first_seen"])
        campaign = stix2.Campaign(
            id=_id("campaign", doc["campaign_id"]), name=doc["campaign_id"], created=when,
            modified=when, first_seen=when, last_seen=datetime.fromisoformat(doc["last_seen"]),
            created_by_ref=producer.id,
            description=f"Distillation campaign: {doc['n_accounts']} accounts, "
                        f"{doc['n_exchanges']} exchanges, score {doc['score']}, "
                        f"recommended action {doc['recommended_action']}")
        objects.append(campaign)
        for kind, value, n in campaign_indicators(doc["accounts"], incidence, key, per_kind):
            name, description = indicator_text(kind, value, n, doc)
            indicator = stix2.Indicator(
                id=_id("indicator", doc["campaign_id"], kind, value), name=name,
                description=description,
                pattern=_pattern(kind, value), pattern_type="stix", valid_from=when,
                created=when, modified=when, created_by_ref=producer.id,
                indicator_types=["malicious-activity"], labels=[f"distillguard:{kind}"])
            objects.append(indicator)
            objects.append(stix2.Relationship(
                id=_id("relationship", indicator.id, campaign.id), relationship_type="indicates",
                source_ref=indicator.id, target_ref=campaign.id, created=when, modified=when))
    return stix2.Bundle(objects=objects, id=_id("bundle", *[d["campaign_id"] for d in documents]),
                        allow_custom=True)


def write_bundle(bundle: stix2.Bundle, path: Path) -> None:
    # stix2's pretty=True orders properties in quadratic time (minutes for a few thousand objects)
    text = json.dumps(json.loads(bundle.serialize()), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def intel_matches(intel: pl.DataFrame, incidence: pl.DataFrame, key: str) -> pl.DataFrame:
    """Accounts matching partner indicators: (account_id, kind, value)."""
    ours = incidence.filter(pl.col("kind").is_in(list(PATTERNS))).with_columns(
        value=pl.when(pl.col("kind") == "payment")
        .then(pl.col("value").map_elements(lambda v: keyed_hash(v, key), return_dtype=pl.String))
        .otherwise(pl.col("value")))
    return ours.join(intel.select("kind", "value").unique(), on=["kind", "value"])
