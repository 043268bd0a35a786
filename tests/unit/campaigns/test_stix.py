"""STIX 2.1 export and partner intel: valid bundle (stix2), round trip, nothing personal exported."""

from __future__ import annotations

import json

import polars as pl
import stix2

from distillguard.campaigns.stix import PATTERNS, intel_matches, keyed_hash, stix_bundle, write_bundle
from distillguard.io.stix import KINDS, read_intel

DOC = {"campaign_id": "cmp_1", "accounts": ["a1", "a2", "a3"], "n_accounts": 3,
       "n_exchanges": 900, "score": 0.99, "recommended_action": "block",
       "first_seen": "2026-03-02T00:00:00+00:00", "last_seen": "2026-03-10T00:00:00+00:00"}


def _incidence() -> pl.DataFrame:
    rows = [(a, "payment", "card-secret-1") for a in ("a1", "a2", "a3")]
    rows += [(a, "ip", "192.0.2.10") for a in ("a1", "a2")]
    rows += [(a, "ip_prefix", "2001:db8:1::/48") for a in ("a2", "a3")]
    rows += [(a, "template", "123456789") for a in ("a1", "a2", "a3")]
    # a popular SDK fingerprint: two members, forty bystanders -> never exported
    rows += [(a, "client_fingerprint", "t13d_sdk") for a in ["a1", "a2"] + [f"u{i}" for i in range(40)]]
    rows += [(a, "email_domain", "example-mail.net") for a in ("a1", "a2", "a3")]
    return pl.DataFrame(rows, schema=["account_id", "kind", "value"], orient="row")


def test_bundle_is_valid_stix_and_reads_back(tmp_path):
    path = tmp_path / "indicators.stix.json"
    write_bundle(stix_bundle([DOC], _incidence(), key="k"), path)
    parsed = stix2.parse(path.read_text(), allow_custom=True)
    types = [o["type"] for o in parsed["objects"]]
    assert types.count("campaign") == 1 and "identity" in types and "relationship" in types
    intel = read_intel(path)
    assert set(intel["kind"]) == {"payment", "ip", "ip_prefix", "template"}
    text = path.read_text()
    assert "card-secret-1" not in text and "example-mail.net" not in text and "t13d_sdk" not in text
    assert keyed_hash("card-secret-1", "k") in text
    matches = intel_matches(intel, _incidence(), key="k")
    assert set(matches["account_id"]) == {"a1", "a2", "a3"}
    # a partner with another key cannot match payment hashes
    assert "payment" not in set(intel_matches(intel, _incidence(), key="other")["kind"])


def test_export_is_deterministic(tmp_path):
    one = stix_bundle([DOC], _incidence(), key="k")
    two = stix_bundle([DOC], _incidence().reverse(), key="k")
    assert json.dumps(one) == json.dumps(two)


def test_unreadable_intel_is_an_input_error(tmp_path):
    import pytest

    from distillguard.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match=r"not a readable STIX 2\.1 bundle"):
        read_intel(bad)


def test_every_indicator_says_what_it_indicates_and_for_which_campaign():
    bundle = stix_bundle([DOC], _incidence(), key="k")
    indicators = [o for o in bundle["objects"] if o["type"] == "indicator"]
    assert indicators
    for indicator in indicators:
        assert indicator["name"].startswith("cmp_1: ")
        assert "distillation campaign cmp_1" in indicator["description"]
        assert "3 accounts" in indicator["description"]
    names = {o["name"] for o in indicators}
    assert "cmp_1: client IP address 192.0.2.10" in names
    assert "cmp_1: client network 2001:db8:1::/48" in names
    assert set(PATTERNS) == set(KINDS)


def _partner_bundle(tmp_path, patterns: list[str]):
    objects = [{"type": "indicator", "spec_version": "2.1",
                "id": f"indicator--{i:08d}-0000-4000-8000-000000000000",
                "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
                "pattern": p, "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}
               for i, p in enumerate(patterns)]
    path = tmp_path / "partner.json"
    path.write_text(json.dumps({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000",
                                "objects": objects}))
    return path


def test_partner_bundles_written_another_way_still_match(tmp_path):
    path = _partner_bundle(tmp_path, [
        "[ipv6-addr:value = '::ffff:192.0.2.10' OR ipv4-addr:value = '198.51.100.99']",
        "[ipv4-addr:value IN ('203.0.113.1', '2001:DB8:1::/48')]",
        "[network-traffic:src_ref.value = '192.0.2.11']",
        "([x-distillguard-template:signature = '123456789'] AND "
        "[x-distillguard-client:fingerprint = 'it\\'s']) WITHIN 60 SECONDS",
        "[ipv4-addr:value != '192.0.2.12']",
        "[ipv4-addr:value ISSUBSET '192.0.2.77/24']",
    ])
    intel = read_intel(path)
    rows = set(intel.select("kind", "value").iter_rows())
    assert ("ip", "192.0.2.10") in rows and ("ip", "198.51.100.99") in rows
    assert ("ip_prefix", "2001:db8:1::/48") in rows and ("ip", "192.0.2.11") in rows
    assert ("template", "123456789") in rows and ("client_fingerprint", "it's") in rows
    assert ("ip_prefix", "192.0.2.0/24") in rows and ("ip", "192.0.2.12") not in rows
    matches = intel_matches(intel, _incidence(), key="k")
    assert set(matches["account_id"]) == {"a1", "a2", "a3"}


def test_values_with_quotes_survive_export_and_read_back(tmp_path):
    incidence = pl.DataFrame([(a, "client_fingerprint", "it's \\ odd") for a in ("a1", "a2")],
                             schema=["account_id", "kind", "value"], orient="row")
    path = tmp_path / "indicators.stix.json"
    write_bundle(stix_bundle([DOC], incidence, key="k"), path)
    assert read_intel(path).select("kind", "value").row(0) == ("client_fingerprint", "it's \\ odd")


def test_bundle_is_what_the_stix2_library_would_write():
    """Objects are written without the stix2 library (pattern validation is slow): the same
    properties, order and timestamp precision as the objects it builds and checks."""
    from datetime import datetime

    for first_seen in ("2026-03-02T00:00:00+00:00", "2026-03-02T00:00:09.1+00:00",
                       "2026-03-02T01:02:03.112542+02:00", "2026-03-02T00:00:09.000500"):
        doc = {**DOC, "first_seen": first_seen}
        bundle = stix_bundle([doc], _incidence(), key="k")
        when = datetime.fromisoformat(first_seen)
        for obj in bundle["objects"]:
            kind = {"identity": stix2.Identity, "campaign": stix2.Campaign,
                    "indicator": stix2.Indicator, "relationship": stix2.Relationship}[obj["type"]]
            rebuilt = json.loads(kind(**obj, allow_custom=True).serialize())
            assert json.dumps(rebuilt) == json.dumps(obj)
        campaign = next(o for o in bundle["objects"] if o["type"] == "campaign")
        expected = json.loads(stix2.Campaign(name="x", created=when, first_seen=when).serialize())
        assert (campaign["created"], campaign["first_seen"]) == (expected["created"],
                                                                 expected["first_seen"])


def test_a_partner_gateway_is_never_exported_however_many_members_call_through_it():
    # three members and one SaaS backend call through a cloud partner's gateway: the campaign
    # holds it "mostly", yet every customer of the partner shares it
    rows = [(a, "ip", "203.0.113.5") for a in ("a1", "a2", "a3", "saas")]
    rows += [(a, "ip_prefix", "203.0.113.0/24") for a in ("a1", "a2", "a3", "saas")]
    rows += [(a, "ip", "192.0.2.10") for a in ("a1", "a2")]
    incidence = pl.DataFrame(rows, schema=["account_id", "kind", "value"], orient="row")
    gateways = pl.DataFrame({"kind": ["ip", "ip_prefix"], "value": ["203.0.113.5", "203.0.113.0/24"]})

    def exported(withheld: pl.DataFrame | None) -> set[str]:
        bundle = stix_bundle([DOC], incidence, key="k", withheld=withheld)
        return {o["pattern"].split("'")[1] for o in bundle["objects"] if o["type"] == "indicator"}

    assert exported(None) == {"203.0.113.5", "203.0.113.0/24", "192.0.2.10"}
    assert exported(gateways) == {"192.0.2.10"}
