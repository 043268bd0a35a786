"""Indicator sharing: STIX 2.1 bundle of the flagged campaigns' indicators, and partner intel read back.

Consumes campaign documents and the linkage incidence (shared IPs, /24s, client fingerprints, templates,
payment); produces indicators.stix.json (stix2 library) and, from a partner's bundle, intel matches that
corroborate a campaign. Nothing that could identify a person is exported: no prompt, no email, and
payment fingerprints only as keyed hashes (HMAC-SHA256 with a key shared between partners)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import stix2

from distillguard.errors import InputError

NAMESPACE = uuid.UUID("6f1e6c55-3a4b-4f7e-9d1e-64697374696c")  # "distil" in the last bytes
PRODUCER = "distillguard"

# kind → (STIX pattern of one value, regex reading it back)
PATTERNS: dict[str, tuple[str, str]] = {
    "ip": ("[{family}-addr:value = '{value}']", r"\[ipv[46]-addr:value = '([^'/]+)'\]"),
    "ip_prefix": ("[{family}-addr:value = '{value}']", r"\[ipv[46]-addr:value = '([^']+/\d+)'\]"),
    "client_fingerprint": ("[x-distillguard-client:fingerprint = '{value}']",
                           r"\[x-distillguard-client:fingerprint = '([^']+)'\]"),
    "template": ("[x-distillguard-template:signature = '{value}']",
                 r"\[x-distillguard-template:signature = '([^']+)'\]"),
    "payment": ("[x-distillguard-payment:keyed_hash = '{value}']",
                r"\[x-distillguard-payment:keyed_hash = '([^']+)'\]"),
}


def keyed_hash(value: str, key: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def _pattern(kind: str, value: str) -> str:
    family = "ipv6" if ":" in value else "ipv4"
    return PATTERNS[kind][0].format(family=family, value=value)


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
            indicator = stix2.Indicator(
                id=_id("indicator", kind, value), name=f"{kind} shared by {n} accounts",
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


def bundle_objects(bundle: str | dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The objects of a STIX 2.1 bundle (JSON text or a parsed dict), checked by the stix2 library.

    Raises InputError (one line) when it is not a STIX 2.1 bundle."""
    try:
        parsed = stix2.parse(bundle, allow_custom=True)
        if parsed.get("type") != "bundle":
            raise ValueError("not a bundle")
        return [dict(obj) for obj in parsed.get("objects", [])]
    except (UnicodeDecodeError, json.JSONDecodeError, stix2.exceptions.STIXError,
            ValueError, AttributeError, TypeError) as exc:
        raise InputError(f"{source}: not a readable STIX 2.1 bundle ({exc.__class__.__name__})") from None


def _indicator_values(obj: dict[str, Any]) -> list[tuple[str, str]]:
    return [(kind, value) for kind, (_, regex) in PATTERNS.items()
            for value in re.findall(regex, obj.get("pattern", ""))]


def read_intel(path: str | Path) -> pl.DataFrame:
    """Partner indicators from a STIX 2.1 bundle file: (kind, value, source) for the patterns we read.

    Raises InputError (one line) when the file is not a STIX 2.1 bundle."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable STIX 2.1 bundle ({exc.__class__.__name__})") from None
    rows = [(kind, value, obj.get("created_by_ref", "unknown"))
            for obj in bundle_objects(text, str(path)) if obj.get("type") == "indicator"
            for kind, value in _indicator_values(obj)]
    return pl.DataFrame(rows, schema={"kind": pl.String, "value": pl.String, "source": pl.String},
                        orient="row").unique(maintain_order=True)


def indicated_campaigns(objects: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(kind, value, campaign name) for each indicator that 'indicates' a Campaign of the bundle."""
    indicators = {o["id"]: _indicator_values(o) for o in objects if o.get("type") == "indicator"}
    campaigns = {o["id"]: o.get("name", o["id"]) for o in objects if o.get("type") == "campaign"}
    return [(kind, value, campaigns[o["target_ref"]])
            for o in objects if o.get("type") == "relationship"
            and o.get("relationship_type") == "indicates"
            and o.get("source_ref") in indicators and o.get("target_ref") in campaigns
            for kind, value in indicators[o["source_ref"]]]


def intel_matches(intel: pl.DataFrame, incidence: pl.DataFrame, key: str) -> pl.DataFrame:
    """Accounts matching partner indicators: (account_id, kind, value)."""
    ours = incidence.filter(pl.col("kind").is_in(list(PATTERNS))).with_columns(
        value=pl.when(pl.col("kind") == "payment")
        .then(pl.col("value").map_elements(lambda v: keyed_hash(v, key), return_dtype=pl.String))
        .otherwise(pl.col("value")))
    return ours.join(intel.select("kind", "value").unique(), on=["kind", "value"])
