"""Indicator sharing: STIX 2.1 bundle of the flagged campaigns' indicators, and partner intel matched.

Consumes campaign documents and the linkage incidence (shared IPs, /24s, client fingerprints, templates,
payment); produces indicators.stix.json (STIX 2.1 JSON) and, from a partner's bundle (read by
io.stix), intel matches that corroborate a campaign. Nothing that could identify a person is
exported: no prompt, no email, and payment fingerprints only as keyed hashes (HMAC-SHA256 with a key
shared between partners)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from distillguard.io.keyed import keyed_hash

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
                        per_kind: int, withheld: pl.DataFrame | None = None
                        ) -> list[tuple[str, str, int]]:
    """(kind, exported value, accounts) of the indicators most shared by a campaign's members.

    A value mostly held by accounts outside the campaign (a popular SDK's fingerprint, a VPN exit)
    is not exported: partners would block bystanders with it; nor one of ``withheld`` (``kind``,
    ``value``: features.network.partner_exits, a cloud partner's gateways, which every customer
    of the partner calls through however few of them the logs show)."""
    if withheld is not None and withheld.height:
        incidence = incidence.join(withheld.select("kind", "value"), on=["kind", "value"],
                                   how="anti")
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


def _timestamp(when: datetime, *, millisecond: bool = False) -> str:
    """A STIX timestamp: UTC, "Z", the fraction of a second without trailing zeros (at least
    three digits for ``millisecond`` properties: created, modified), as the stix2 library writes."""
    utc = when.astimezone(UTC) if when.tzinfo else when
    fraction = f"{utc.microsecond:06d}".rstrip("0")
    if millisecond:
        fraction = fraction.ljust(3, "0")
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


def stix_bundle(documents: list[dict[str, Any]], incidence: pl.DataFrame, key: str,
                per_kind: int = 50, withheld: pl.DataFrame | None = None) -> dict[str, Any]:
    """A STIX 2.1 bundle (JSON object): the producer, one Campaign per flagged campaign, its
    Indicators (campaign_indicators; none of ``withheld``) and 'indicates' Relationships. Ids and
    timestamps derive from the data, so output is stable.

    Objects are written as plain JSON in the property order of the stix2 library, which reads
    them back (io.stix, tests); building them with it would validate every pattern with its
    ANTLR grammar, most of a second per scan for patterns this module composes and escapes."""
    common = {"spec_version": "2.1"}
    origin = _timestamp(datetime(2020, 1, 1, tzinfo=UTC), millisecond=True)
    producer = {"type": "identity", **common, "id": _id("identity", PRODUCER), "created": origin,
                "modified": origin, "name": PRODUCER, "identity_class": "system"}
    objects: list[dict[str, Any]] = [producer]
    for doc in documents:
        when = datetime.fromisoformat(doc["first_seen"])
        stamp = _timestamp(when, millisecond=True)
        campaign = {
            "type": "campaign", **common, "id": _id("campaign", doc["campaign_id"]),
            "created_by_ref": producer["id"], "created": stamp, "modified": stamp,
            "name": doc["campaign_id"],
            "description": f"Distillation campaign: {doc['n_accounts']} accounts, "
                           f"{doc['n_exchanges']} exchanges, score {doc['score']}, "
                           f"recommended action {doc['recommended_action']}",
            "first_seen": _timestamp(when),
            "last_seen": _timestamp(datetime.fromisoformat(doc["last_seen"]))}
        objects.append(campaign)
        for kind, value, n in campaign_indicators(doc["accounts"], incidence, key, per_kind,
                                                  withheld):
            name, description = indicator_text(kind, value, n, doc)
            indicator = {
                "type": "indicator", **common, "id": _id("indicator", doc["campaign_id"], kind, value),
                "created_by_ref": producer["id"], "created": stamp, "modified": stamp,
                "name": name, "description": description,
                "indicator_types": ["malicious-activity"], "pattern": _pattern(kind, value),
                "pattern_type": "stix", "pattern_version": "2.1", "valid_from": _timestamp(when),
                "labels": [f"distillguard:{kind}"]}
            objects.append(indicator)
            objects.append({
                "type": "relationship", **common,
                "id": _id("relationship", indicator["id"], campaign["id"]),
                "created": stamp, "modified": stamp, "relationship_type": "indicates",
                "source_ref": indicator["id"], "target_ref": campaign["id"]})
    return {"type": "bundle", "id": _id("bundle", *[d["campaign_id"] for d in documents]),
            "objects": objects}


def write_bundle(bundle: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def intel_matches(intel: pl.DataFrame, incidence: pl.DataFrame, key: str) -> pl.DataFrame:
    """Accounts matching partner indicators: (account_id, kind, value)."""
    ours = incidence.filter(pl.col("kind").is_in(list(PATTERNS))).with_columns(
        value=pl.when(pl.col("kind") == "payment")
        .then(pl.col("value").map_elements(lambda v: keyed_hash(v, key), return_dtype=pl.String))
        .otherwise(pl.col("value")))
    return ours.join(intel.select("kind", "value").unique(), on=["kind", "value"])
