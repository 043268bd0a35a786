"""Simulated network and client identity: ASNs by class, IP prefixes, countries, user agents, TLS fingerprints.

Consumed by sim.actors; real public ASN numbers so a detector's ASN table applies, addresses synthetic."""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

# (asn, country) per address class; real, public ASNs of each kind
ASNS: dict[str, list[tuple[int, str]]] = {
    "cloud": [(16509, "US"), (14618, "US"), (15169, "US"), (396982, "US"), (8075, "US"),
              (14061, "US"), (24940, "DE"), (16276, "FR"), (63949, "US"), (20473, "US"),
              (45102, "SG"), (31898, "US")],
    "residential": [(7922, "US"), (701, "US"), (7018, "US"), (20115, "US"), (3320, "DE"),
                    (2856, "GB"), (3215, "FR"), (4766, "KR"), (17676, "JP"), (55836, "IN"),
                    (28573, "BR"), (6830, "NL"), (812, "CA"), (1221, "AU"), (3462, "TW"),
                    (9299, "PH"), (45899, "VN"), (3269, "IT"), (12479, "ES"), (8151, "MX")],
    "vpn": [(9009, "NL"), (212238, "US"), (60068, "GB"), (136787, "SG"), (147049, "DE"),
            (396356, "US")],
    "education": [(3, "US"), (25, "US"), (88, "US"), (786, "GB"), (680, "DE"), (2200, "FR"),
                  (7539, "TW"), (2907, "JP")],
    "corporate": [(3356, "US"), (174, "US"), (1299, "SE"), (6453, "GB"), (2914, "DE")],
}

# UTC offset (hours) of a country's main population; enough for diurnal shapes
TZ: dict[str, float] = {
    "US": -6.0, "DE": 1.0, "GB": 0.0, "FR": 1.0, "KR": 9.0, "JP": 9.0, "IN": 5.5, "BR": -3.0,
    "NL": 1.0, "CA": -5.0, "AU": 10.0, "TW": 8.0, "PH": 8.0, "VN": 7.0, "IT": 1.0, "ES": 1.0,
    "MX": -6.0, "SG": 8.0, "SE": 1.0, "CN": 8.0}
USER_COUNTRIES = ["US", "US", "US", "IN", "DE", "GB", "BR", "FR", "JP", "KR", "CA", "NL", "AU",
                  "ES", "IT", "MX", "PH", "VN", "TW"]

BROWSER_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
]
SDK_UAS = [
    "OpenAI/Python 1.54.4", "Anthropic/Python 0.40.0", "AsyncOpenAI/Python 1.54.4",
    "openai-node/4.73.0", "langchain-python/0.3.7", "python-requests/2.32.3", "curl/8.5.0",
]
CODING_AGENT_UA = "DevPilot/2.14.3 (node v20.11.1)"
HARNESS_UAS = ["python-httpx/0.27.0", "aiohttp/3.9.5", "Go-http-client/2.0"]
ROUTER_UA = "RouterHub/3.2 (+enterprise)"


def ja4(stack: str, variant: int = 0) -> str:
    """A stable JA4-shaped TLS fingerprint for a client stack (same stack, same fingerprint)."""
    digest = hashlib.sha256(f"{stack}|{variant}".encode()).hexdigest()
    head = "t13d1516h2" if "Mozilla" in stack else "t13d1715h2"
    if stack in HARNESS_UAS:
        head = "t13d311100"  # a custom TLS stack: rarer cipher/extension counts, no ALPN
    return f"{head}_{digest[:12]}_{digest[12:24]}"


class AddressSpace:
    """Deterministic prefixes per ASN (the same ASN always owns the same /16s across worlds)."""

    def __init__(self) -> None:
        self._prefixes: dict[int, np.ndarray] = {}

    def prefixes(self, asn: int) -> np.ndarray:
        if asn not in self._prefixes:
            rng = np.random.default_rng(asn * 7919 + 17)
            first = rng.choice(_PUBLIC_FIRST_OCTETS, size=3)
            second = rng.integers(0, 256, size=3)
            self._prefixes[asn] = (first.astype(np.int64) << 24) | (second.astype(np.int64) << 16)
        return self._prefixes[asn]

    def subnet24(self, rng: np.random.Generator, asn: int, n: int) -> np.ndarray:
        """``n`` random /24 network numbers (as ints) inside ``asn``'s address space."""
        base = rng.choice(self.prefixes(asn), size=n)
        return base | (rng.integers(0, 256, size=n) << 8)

    def hosts(self, rng: np.random.Generator, asn: np.ndarray) -> np.ndarray:
        """One random IPv4 host per element of ``asn`` (as ints)."""
        out = np.empty(len(asn), dtype=np.int64)
        for value in np.unique(asn):
            mask = asn == value
            out[mask] = self.subnet24(rng, int(value), int(mask.sum())) | rng.integers(
                1, 255, size=int(mask.sum()))
        return out


_PUBLIC_FIRST_OCTETS = np.array(
    [o for o in range(1, 224) if o not in (10, 100, 127, 169, 172, 192, 198, 203)], dtype=np.int64)


def ipv4_text(ints: np.ndarray) -> pl.Series:
    """Dotted-quad text of IPv4 addresses given as ints (vectorized)."""
    octets = [pl.Series(((ints >> shift) & 255).astype(np.int64)).cast(pl.String)
              for shift in (24, 16, 8, 0)]
    return pl.select(pl.concat_str(octets, separator=".")).to_series()


def ipv6_text(rng: np.random.Generator, asn: np.ndarray) -> list[str]:
    """A residential-style IPv6 address per element: /32 from the ASN, random /48 and host."""
    site = rng.integers(0, 65536, size=len(asn))
    host = rng.integers(1, 2**32, size=len(asn))
    return [f"2a0{a % 10:x}:{a % 65536:x}:{s:x}::{h >> 16:x}:{h & 65535:x}"
            for a, s, h in zip(asn.tolist(), site.tolist(), host.tolist(), strict=True)]
