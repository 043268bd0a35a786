"""Network features of an event: /24 or /48 prefix, address family, and address class from the ASN.

Consumes the validated `ip` and `asn` columns; produces expressions used by account features and linkage.
The ASN→class table (features/data/asn_categories.csv) ships with the package and may be extended."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import polars as pl

from distillguard.features.arrays import distinct_rows
from distillguard.io.ips import network_prefix

ADDRESS_CLASSES = ("cloud", "residential", "vpn", "education", "corporate", "unknown")


def on_partner_surface(surfaces: list[str]) -> pl.Expr:
    """Whether an event reached the API through a partner's gateways (its ``surface`` is one of
    ``surfaces``, features.partner_surfaces): its address is the partner's, not the account's."""
    return pl.col("surface").is_in(surfaces).fill_null(False)


def partner_exits(events: Iterable[pl.LazyFrame], surfaces: list[str]) -> pl.DataFrame:
    """``kind``, ``value`` of the addresses (``ip``) that events came from through a partner's
    gateways (on_partner_surface) and of their /24 (/48) networks (``ip_prefix``): the partner's
    exits, shared by all its customers — an operation calling through them does not own them.

    ``events`` need ``ip`` and, for any to be found, ``surface``.

    Examples
    --------
    >>> events = pl.LazyFrame({"ip": ["192.0.2.7", "198.51.100.4"], "surface": ["cloud", "api"]})
    >>> partner_exits([events], ["cloud"]).rows()
    [('ip', '192.0.2.7'), ('ip_prefix', '192.0.2.0/24')]
    """
    frames = [frame.filter(on_partner_surface(surfaces)).select(pl.col("ip").cast(pl.String))
              for frame in events if "surface" in frame.collect_schema().names()]
    ips = (pl.concat(frames).unique().collect() if frames
           else pl.DataFrame(schema={"ip": pl.String}))["ip"].drop_nulls().sort()
    return pl.DataFrame({"kind": ["ip"] * ips.len() + ["ip_prefix"] * ips.len(),
                         "value": pl.concat([ips, network_prefix(ips)])},
                        schema={"kind": pl.String, "value": pl.String}).drop_nulls().unique(
                            maintain_order=True)


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


def ip_prefix(frame: pl.DataFrame, ip: str = "ip") -> pl.Series:
    """The /24 (IPv4) or /48 (IPv6) network of each (canonical, validated) address, as CIDR text.

    Computed once per distinct address (far fewer than events) and mapped back by position."""
    distinct, index = distinct_rows(frame[ip])
    return network_prefix(distinct).gather(index).alias("ip_prefix")


@lru_cache(maxsize=1)
def _class_by_asn() -> dict[int, str]:
    return dict(asn_categories().select("asn", "category").iter_rows())


def asn_class(asn: int | str | None) -> str:
    """address_class of one request's ASN, for the online hot path ('unknown' when missing, not a
    number or not in the table).

    Examples
    --------
    >>> asn_class(None), asn_class("not a number")
    ('unknown', 'unknown')
    """
    try:
        return _class_by_asn().get(int(asn), "unknown") if asn is not None else "unknown"
    except (TypeError, ValueError):
        return "unknown"
