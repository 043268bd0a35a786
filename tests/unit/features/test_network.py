"""Network features: prefixes for IPv4/IPv6 and ASN address classes."""

from __future__ import annotations

import polars as pl

from distillguard.features.network import ADDRESS_CLASSES, address_class, asn_categories, ip_prefix


def test_prefixes_of_both_families():
    frame = pl.DataFrame({"ip": ["203.0.113.7", "203.0.113.200", "2001:db8:abcd:12::1",
                                 "2001:db8:abcd:ff::9", "::1"]})
    assert ip_prefix(frame).to_list() == ["203.0.113.0/24", "203.0.113.0/24",
                                          "2001:db8:abcd::/48", "2001:db8:abcd::/48", "::/48"]


def test_address_class_from_shipped_table():
    frame = pl.DataFrame({"asn": [16509, 7922, 9009, 3, 3356, 999999, None]})
    assert frame.select(address_class())["address_class"].to_list() == [
        "cloud", "residential", "vpn", "education", "corporate", "unknown", "unknown"]


def test_table_is_well_formed():
    table = asn_categories()
    assert table["asn"].is_unique().all()
    assert set(table["category"]) <= set(ADDRESS_CLASSES)
