"""STIX 2.1 export and partner intel: valid bundle (stix2), round trip, nothing personal exported."""

from __future__ import annotations

import json

import polars as pl
import stix2

from distillguard.campaigns.stix import intel_matches, keyed_hash, stix_bundle, write_bundle
from distillguard.io.stix import read_intel

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
    one = stix_bundle([DOC], _incidence(), key="k").serialize()
    two = stix_bundle([DOC], _incidence().reverse(), key="k").serialize()
    assert json.loads(one) == json.loads(two)


def test_unreadable_intel_is_an_input_error(tmp_path):
    import pytest

    from distillguard.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match=r"not a readable STIX 2\.1 bundle"):
        read_intel(bad)
