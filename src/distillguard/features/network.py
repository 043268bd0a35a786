"""Network features of an event: /24 or /48 prefix, address family, and address class from the ASN.

Consumes the validated `ip` and `asn` columns; produces expressions used by account features and linkage.
The ASN→class table (features/data/asn_categories.csv) ships with the package and may be extended."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from importlib import resources

import polars as pl

ADDRESS_CLASSES = ("cloud", "residential", "vpn", "education", "corporate", "unknown")


@lru_cache(maxsize=1)
def asn_categories() -> pl.DataFrame:
    """The shipped ASN table: asn, category, name."""
    path = resources.files("distillguard.features").joinpath("data/asn_categories.csv")
    with path.open("rb") as fh:
        return pl.read_csv(fh, schema={"asn": pl.Int64, "category": pl.String, "name": pl.String})


def address_class(asn: str = "asn") -> pl.Expr:
    """Address class of each event's ASN ('unknown' when the ASN is missing or not in the table)."""
    table = asn_categories()
    return (pl.col(asn).replace_strict(table["asn"], table["category"], default="unknown",
                                       return_dtype=pl.String).alias("address_class"))


def _v6_prefix48(text: str) -> str:
    return str(ipaddress.IPv6Network(f"{text}/48", strict=False))


def ip_prefix(frame: pl.DataFrame, ip: str = "ip") -> pl.Series:
    """The /24 (IPv4) or /48 (IPv6) network of each address, as CIDR text.

    IPv4 is pure string work; IPv6 is computed once per distinct address (far fewer than events)."""
    v4 = pl.col(ip).str.extract(r"^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$", 1)
    out = frame.select(pl.when(v4.is_not_null()).then(v4 + ".0/24").alias("ip_prefix")).to_series()
    v6 = frame.filter(v4.is_null() & pl.col(ip).str.contains(":"))[ip].unique()
    if v6.len():
        mapping = pl.DataFrame({ip: v6, "p": [_v6_prefix48(a) for a in v6.to_list()]})
        filled = frame.select(ip).join(mapping, on=ip, how="left", maintain_order="left")["p"]
        out = out.fill_null(filled)
    return out
