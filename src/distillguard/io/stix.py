"""STIX 2.1 bundles read back: the objects of a bundle (checked by the stix2 library) and the
(kind, value) indicators of its patterns, parsed with the STIX pattern grammar (stix2-patterns).

Consumes a bundle from a partner or from a scan's indicators.stix.json; produces indicator rows that
campaigns (partner intel) and online (campaign import) match against the values of io.ips and
features. The export side is campaigns.stix."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import stix2
from stix2patterns.exceptions import ParseException
from stix2patterns.v21.pattern import Pattern

from distillguard.errors import InputError
from distillguard.io.ips import canonical_ip

# (STIX object type, property path) → indicator kind; both address families read as one kind
OBJECT_PATHS: dict[tuple[str, str], str] = {
    ("ipv4-addr", "value"): "ip",
    ("ipv6-addr", "value"): "ip",
    ("network-traffic", "src_ref.value"): "ip",
    ("x-distillguard-client", "fingerprint"): "client_fingerprint",
    ("x-distillguard-template", "signature"): "template",
    ("x-distillguard-payment", "keyed_hash"): "payment",
}
KINDS = ("ip", "ip_prefix", "client_fingerprint", "template", "payment")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _strings(literal: str) -> list[str]:
    """The string values of a pattern literal: 'x' or a set ('x', 'y'), unescaped."""
    return [re.sub(r"\\(.)", r"\1", m) for m in _QUOTED.findall(literal)]


def _network(text: str) -> str | None:
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None
    return str(net)


def pattern_indicators(pattern: str) -> list[tuple[str, str]]:
    """(kind, value) pairs a STIX pattern asserts with ``=``, ``IN`` or ``ISSUBSET``; IPs and
    networks in canonical form (io.ips). A pattern that does not parse asserts nothing.

    Examples
    --------
    >>> pattern_indicators("[ipv6-addr:value = '::ffff:192.0.2.7' OR ipv4-addr:value IN "
    ...                    "('198.51.100.1', '198.51.100.0/24')]")
    [('ip', '192.0.2.7'), ('ip', '198.51.100.1'), ('ip_prefix', '198.51.100.0/24')]
    >>> pattern_indicators("[x-distillguard-client:fingerprint != 'x']")
    []
    """
    try:
        comparisons = Pattern(pattern).inspect().comparisons
    except (ParseException, TypeError, ValueError):
        return []
    out: list[tuple[str, str]] = []
    for object_type, tests in comparisons.items():
        for path, operator, literal in tests:
            kind = OBJECT_PATHS.get((object_type, ".".join(map(str, path))))
            if kind is None or operator not in ("=", "IN", "ISSUBSET"):
                continue
            for value in _strings(literal):
                if kind != "ip":
                    out.append((kind, value))
                elif "/" in value or operator == "ISSUBSET":
                    network = _network(value)
                    if network is not None:
                        out.append(("ip_prefix", network))
                elif (ip := canonical_ip(value)) is not None:
                    out.append(("ip", ip))
    return list(dict.fromkeys(out))


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


def read_intel(path: str | Path) -> pl.DataFrame:
    """Partner indicators from a STIX 2.1 bundle file: (kind, value, source) for the patterns we read.

    Raises InputError (one line) when the file is not a STIX 2.1 bundle."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable STIX 2.1 bundle ({exc.__class__.__name__})") from None
    rows = [(kind, value, obj.get("created_by_ref", "unknown"))
            for obj in bundle_objects(text, str(path)) if obj.get("type") == "indicator"
            for kind, value in pattern_indicators(obj.get("pattern", ""))]
    return pl.DataFrame(rows, schema={"kind": pl.String, "value": pl.String, "source": pl.String},
                        orient="row").unique(maintain_order=True)


def indicated_campaigns(objects: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(kind, value, campaign name) for each indicator that 'indicates' a Campaign of the bundle."""
    indicators = {o["id"]: pattern_indicators(o.get("pattern", ""))
                  for o in objects if o.get("type") == "indicator"}
    campaigns = {o["id"]: o.get("name", o["id"]) for o in objects if o.get("type") == "campaign"}
    return [(kind, value, campaigns[o["target_ref"]])
            for o in objects if o.get("type") == "relationship"
            and o.get("relationship_type") == "indicates"
            and o.get("source_ref") in indicators and o.get("target_ref") in campaigns
            for kind, value in indicators[o["source_ref"]]]
