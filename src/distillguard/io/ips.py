"""IP addresses in one canonical form, everywhere: IPv4 dotted quad (an IPv4-mapped IPv6 address is
its IPv4 address), IPv6 compressed lowercase; their /24 or /48 networks.

Consumed by io.validate (ingest and scan), online.service (decide), campaigns and io.stix (indicators)
and features.network (prefixes), so an indicator stored from one path is found from every other."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

import polars as pl

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
# no leading zeros: "010.0.0.1" is ambiguous; group 1 is the /24 network's first three octets
IPV4_PATTERN = rf"^({_OCTET}\.{_OCTET}\.{_OCTET})\.{_OCTET}$"
MAX_TEXT = 64  # longer text is no address (the longest IPv6 form with a zone is shorter)


@lru_cache(maxsize=1 << 16)  # logs repeat their addresses: each is parsed once
def canonical_ip(text: str | None) -> str | None:
    """The canonical form of one address; None when ``text`` is not an IPv4 or IPv6 address.

    Examples
    --------
    >>> [canonical_ip(t) for t in [" 10.0.0.1", "2001:DB8::1", "::ffff:1.2.3.4", "010.0.0.1", "x"]]
    ['10.0.0.1', '2001:db8::1', '1.2.3.4', None, None]
    """
    if text is None or len(text) > MAX_TEXT:
        return None
    try:
        addr = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address):
        # An IPv4-mapped address is the same client as its IPv4 form; linkage must see one value.
        return str(addr.ipv4_mapped) if addr.ipv4_mapped else addr.compressed
    return str(addr)


def _keep(values: pl.Series, mask: pl.Series) -> pl.Series:
    """``values`` where ``mask`` holds, null elsewhere (a null mask counts as false)."""
    return values.zip_with(mask.fill_null(False), values.clear(len(values)))


def normalize_ips(s: pl.Series) -> pl.Series:
    """IP text → canonical text (canonical_ip); null where invalid.

    Plain IPv4 (nearly every row) is checked by one regex; the rest goes through canonical_ip
    once per distinct value, never per row.

    Examples
    --------
    >>> s = pl.Series(["10.0.0.1", "2001:DB8::1", "::ffff:1.2.3.4", "999.1.1.1"])
    >>> normalize_ips(s).to_list()
    ['10.0.0.1', '2001:db8::1', '1.2.3.4', None]
    """
    text = s.cast(pl.String)
    fast = text.str.contains(IPV4_PATTERN)
    out = _keep(text, fast)
    rest = (out.is_null() & text.is_not_null() & (text.str.len_bytes() <= MAX_TEXT)).fill_null(False)
    if rest.any():
        candidates = text.filter(rest)
        mapping = {u: canonical_ip(u) for u in candidates.unique().to_list()}
        out = out.scatter(rest.arg_true(), candidates.replace_strict(mapping,
                                                                     return_dtype=pl.String))
    return out.alias(s.name)


@lru_cache(maxsize=1 << 16)  # a scan meets the same IPv6 exits in every chunk
def _v6_prefix48(text: str) -> str:
    return str(ipaddress.IPv6Network(f"{text}/48", strict=False))


def network_prefix(ips: pl.Series) -> pl.Series:
    """The /24 (IPv4) or /48 (IPv6) network of each canonical address, as CIDR text (else null).

    Examples
    --------
    >>> network_prefix(pl.Series(["192.0.2.77", "2001:db8:1:2::5", None])).to_list()
    ['192.0.2.0/24', '2001:db8:1::/48', None]
    """
    frame = ips.alias("ip").to_frame()
    v4 = pl.col("ip").str.extract(IPV4_PATTERN, 1)
    out = frame.select(pl.when(v4.is_not_null()).then(v4 + ".0/24").alias("ip_prefix")).to_series()
    v6 = frame.filter(v4.is_null() & pl.col("ip").str.contains(":"))["ip"].unique()
    if v6.len():
        mapping = pl.DataFrame({"ip": v6, "p": [_v6_prefix48(a) for a in v6.to_list()]})
        filled = frame.join(mapping, on="ip", how="left", maintain_order="left")["p"]
        out = out.fill_null(filled)
    return out
