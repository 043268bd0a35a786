"""Network side of the world: autonomous systems, address blocks, IP pools, client stacks.

Address blocks are drawn per world (seeded) from public-looking IPv4 space, so an IP, its /24 and
its ASN stay consistent inside one world.  ASNs are real, well-known numbers by kind.
"""
from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
from cra_util import hex_strings, obj

# asn, kind, [(country, n_/16 blocks)]
ASNS = [
    # clouds (several regions)
    (16509, "cloud", [("US", 4), ("DE", 1), ("SG", 1), ("JP", 1), ("IE", 1), ("IN", 1), ("BR", 1)]),
    (14618, "cloud", [("US", 2)]),
    (15169, "cloud", [("US", 2)]),
    (396982, "cloud", [("US", 2), ("NL", 1), ("SG", 1), ("JP", 1)]),
    (8075, "cloud", [("US", 3), ("NL", 1), ("IE", 1), ("SG", 1)]),
    (31898, "cloud", [("US", 1), ("DE", 1)]),
    (45102, "cloud", [("CN", 2), ("SG", 1), ("HK", 1)]),
    (37963, "cloud", [("CN", 2)]),
    (132203, "cloud", [("CN", 1), ("SG", 1), ("HK", 1)]),
    # cheap hosting / VPS
    (14061, "hosting", [("US", 2), ("DE", 1), ("SG", 1), ("GB", 1), ("NL", 1)]),
    (24940, "hosting", [("DE", 2), ("FI", 1)]),
    (16276, "hosting", [("FR", 2), ("CA", 1)]),
    (20473, "hosting", [("US", 1), ("JP", 1), ("SG", 1)]),
    (51167, "hosting", [("DE", 1)]),
    (63949, "hosting", [("US", 1), ("SG", 1)]),
    (136907, "hosting", [("HK", 1), ("SG", 1)]),
    # VPN / privacy exits
    (9009, "vpn", [("GB", 1), ("NL", 1), ("US", 1), ("DE", 1), ("SE", 1)]),
    (60068, "vpn", [("US", 1), ("DE", 1), ("JP", 1), ("NL", 1)]),
    (212238, "vpn", [("US", 1), ("GB", 1), ("CH", 1)]),
    (39351, "vpn", [("SE", 1)]),
    (62240, "vpn", [("GB", 1), ("US", 1)]),
    # residential ISPs
    (7922, "resid", [("US", 5)]), (7018, "resid", [("US", 4)]), (701, "resid", [("US", 3)]),
    (20115, "resid", [("US", 3)]), (22773, "resid", [("US", 2)]), (812, "resid", [("CA", 2)]),
    (577, "resid", [("CA", 1)]), (3320, "resid", [("DE", 3)]), (3209, "resid", [("DE", 2)]),
    (3215, "resid", [("FR", 2)]), (12322, "resid", [("FR", 2)]), (2856, "resid", [("GB", 2)]),
    (5089, "resid", [("GB", 2)]), (1136, "resid", [("NL", 1)]), (3352, "resid", [("ES", 1)]),
    (3269, "resid", [("IT", 1)]), (4713, "resid", [("JP", 2)]), (2516, "resid", [("JP", 1)]),
    (17676, "resid", [("JP", 1)]), (4766, "resid", [("KR", 2)]), (9318, "resid", [("KR", 1)]),
    (4134, "resid", [("CN", 4)]), (4837, "resid", [("CN", 3)]), (9808, "resid", [("CN", 2)]),
    (55836, "resid", [("IN", 3)]), (24560, "resid", [("IN", 2)]), (28573, "resid", [("BR", 2)]),
    (26599, "resid", [("BR", 1)]), (1221, "resid", [("AU", 2)]), (7473, "resid", [("SG", 1)]),
    (4657, "resid", [("SG", 1)]), (4760, "resid", [("HK", 1)]), (3301, "resid", [("SE", 1)]),
    (6830, "resid", [("PL", 1)]), (9121, "resid", [("TR", 1)]), (8151, "resid", [("MX", 1)]),
    # mobile carriers
    (21928, "mobile", [("US", 2)]), (22394, "mobile", [("US", 1)]), (20057, "mobile", [("US", 1)]),
    (6805, "mobile", [("DE", 1)]), (15557, "mobile", [("FR", 1)]), (12576, "mobile", [("GB", 1)]),
    (45609, "mobile", [("IN", 1)]), (56040, "mobile", [("CN", 1)]), (9605, "mobile", [("JP", 1)]),
    # education / research networks
    (3, "edu", [("US", 1)]), (32, "edu", [("US", 1)]), (25, "edu", [("US", 1)]), (786, "edu", [("GB", 1)]),
    (680, "edu", [("DE", 1)]), (4538, "edu", [("CN", 2)]), (2907, "edu", [("JP", 1)]), (1103, "edu", [("NL", 1)]),
    (2200, "edu", [("FR", 1)]), (55824, "edu", [("IN", 1)]),
    # business lines (offices)
    (6461, "biz", [("US", 1)]), (3356, "biz", [("US", 1), ("GB", 1)]), (1299, "biz", [("DE", 1), ("SE", 1)]),
    (6939, "biz", [("US", 1)]),
]

# UTC offsets (hours) by country; the US spreads over its zones.
TZ = {"US": [-5, -6, -7, -8], "CA": [-5, -8], "BR": [-3], "MX": [-6], "GB": [0], "IE": [0], "DE": [1], "FR": [1],
      "NL": [1], "ES": [1], "IT": [1], "SE": [1], "PL": [1], "CH": [1], "FI": [2], "TR": [3], "IN": [5.5],
      "SG": [8], "CN": [8], "HK": [8], "JP": [9], "KR": [9], "AU": [10]}
# where ordinary users live (weights)
USER_COUNTRIES = {"US": 30, "IN": 9, "GB": 6, "DE": 6, "FR": 4, "CA": 4, "BR": 4, "JP": 4, "KR": 3, "CN": 3,
                  "NL": 2, "ES": 2, "IT": 2, "AU": 2, "SG": 2, "PL": 1.5, "TR": 1.5, "MX": 1.5, "SE": 1, "HK": 1}
EMAIL_BY_COUNTRY = {
    "default": ["gmail.com", "gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                "proton.me"],
    "CN": ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com"],
    "DE": ["gmail.com", "gmx.de", "web.de", "outlook.com", "t-online.de"],
    "FR": ["gmail.com", "orange.fr", "free.fr", "outlook.fr"],
    "JP": ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp"],
    "KR": ["naver.com", "gmail.com", "daum.net"],
    "GB": ["gmail.com", "outlook.com", "btinternet.com", "icloud.com"],
    "IN": ["gmail.com", "gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com"],
    "BR": ["gmail.com", "hotmail.com", "uol.com.br"],
}

_RESERVED_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203, 224}


class IpSpace:
    """Per-world address plan plus a registry of every IP the world hands out."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        firsts = np.array([o for o in range(1, 224) if o not in _RESERVED_FIRST])
        rows = []
        used = set()
        for asn, kind, regions in ASNS:
            v6_48 = f"2{rng.integers(0x400, 0xa00):03x}:{rng.integers(0, 0x10000):04x}"
            for cc, nb in regions:
                for _ in range(nb):
                    while True:
                        o1 = int(rng.choice(firsts))
                        o2 = int(rng.integers(0, 256))
                        if (o1, o2) not in used:
                            used.add((o1, o2))
                            break
                    rows.append((asn, kind, cc, o1, o2, f"{v6_48}:{rng.integers(0, 0x10000):04x}"))
        self.blocks = pl.DataFrame(rows, schema=["asn", "kind", "country", "o1", "o2", "v6"], orient="row")
        self._ips: list[np.ndarray] = []
        self._asn: list[np.ndarray] = []
        self._cc: list[np.ndarray] = []
        self.n = 0

    # -- block selection ---------------------------------------------------------------
    def block_ids(self, kind=None, country=None, asn=None) -> np.ndarray:
        b = self.blocks.with_row_index("i")
        if kind is not None:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            b = b.filter(pl.col("kind").is_in(kinds))
        if country is not None:
            ccs = [country] if isinstance(country, str) else list(country)
            b2 = b.filter(pl.col("country").is_in(ccs))
            if b2.height:
                b = b2
        if asn is not None:
            b = b.filter(pl.col("asn") == asn)
        return b["i"].to_numpy().astype(np.int64)

    def blocks_for_countries(self, kind: str, countries: np.ndarray) -> np.ndarray:
        """One random block of `kind` per requested country (falls back to any country)."""
        out = np.empty(len(countries), dtype=np.int64)
        countries = np.asarray(countries, dtype=object)
        for cc in np.unique(countries):
            m = countries == cc
            ids = self.block_ids(kind, cc)
            out[m] = self.rng.choice(ids, size=int(m.sum()))
        return out

    # -- registry -----------------------------------------------------------------------
    def _register(self, ips: np.ndarray, asn: np.ndarray, cc: np.ndarray) -> np.ndarray:
        k = len(ips)
        self._ips.append(ips)
        self._asn.append(asn)
        self._cc.append(cc)
        ids = np.arange(self.n, self.n + k, dtype=np.int64)
        self.n += k
        return ids

    def new_ips(self, block: np.ndarray, v6_frac: float = 0.0, o3: np.ndarray | None = None) -> np.ndarray:
        """Fresh random host addresses inside the given blocks; returns registry ids."""
        block = np.asarray(block, dtype=np.int64)
        k = len(block)
        if k == 0:
            return np.array([], dtype=np.int64)
        o1 = self.blocks["o1"].to_numpy()[block]
        o2 = self.blocks["o2"].to_numpy()[block]
        if o3 is None:
            o3 = self.rng.integers(0, 256, k)
        o4 = self.rng.integers(1, 255, k)
        df = pl.DataFrame({"a": o1, "b": o2, "c": o3, "d": o4})
        v4 = df.select(pl.concat_str([pl.col("a"), pl.lit("."), pl.col("b"), pl.lit("."), pl.col("c"),
                                      pl.lit("."), pl.col("d")]).alias("s"))["s"].to_numpy()
        ips = v4.astype(object)
        if v6_frac > 0:
            m = self.rng.random(k) < v6_frac
            if m.any():
                v6p = self.blocks["v6"].to_numpy()[block[m]]
                groups = [hex_strings(self.rng, int(m.sum()), 2) for _ in range(5)]
                tail = groups[0]
                for g in groups[1:]:
                    tail = np.char.add(np.char.add(tail, ":"), g)
                ips[m] = np.char.add(np.char.add(v6p.astype(str), ":"), tail).astype(object)
        asn = self.blocks["asn"].to_numpy()[block]
        cc = self.blocks["country"].to_numpy()[block].astype(object)
        return self._register(ips, asn, cc)

    def subnet_pool(self, block: int, n_hosts: int) -> np.ndarray:
        """n_hosts addresses inside one /24 of the block (a NAT or a small cloud pool)."""
        o3 = int(self.rng.integers(0, 256))
        return self.new_ips(np.full(n_hosts, block), o3=np.full(n_hosts, o3))

    def finalize(self):
        ips = np.concatenate(self._ips) if self._ips else np.array([], dtype=object)
        asn = np.concatenate(self._asn) if self._asn else np.array([], dtype=np.int64)
        cc = np.concatenate(self._cc) if self._cc else np.array([], dtype=object)
        s = pl.Series("ip", ips.tolist(), dtype=pl.String)
        return s, asn.astype(np.int64), pl.Series("country", cc.tolist(), dtype=pl.String)

    def country_of(self, ids: np.ndarray) -> np.ndarray:
        cc = np.concatenate(self._cc)
        return cc[ids]


# ---------------------------------------------------------------------------------------
# Client stacks: user agent templates and TLS fingerprints (JA4-like, stable per stack)
# ---------------------------------------------------------------------------------------

def _ja4(name: str, proto="t13d", h="h2") -> str:
    d = hashlib.sha256(name.encode()).hexdigest()
    n1 = 10 + int(d[0], 16)
    n2 = 8 + int(d[1], 16) % 10
    return f"{proto}{n1:02d}{n2:02d}{h}_{d[2:14]}_{d[14:26]}"


STACK_FP = {k: _ja4(k) for k in [
    "python-openssl3.0", "python-openssl3.2", "python-openssl1.1", "node20", "node22", "go1.22", "curl",
    "chrome", "safari", "firefox", "edge", "okhttp", "rustls", "electron", "ios-app", "android-app"]}
STACK_FP["curl"] = _ja4("curl", h="h1")
STACK_FP["python-openssl1.1"] = _ja4("python-openssl1.1", h="h1")


def _ver(rng, major, lo, hi, n, patch_hi=4):
    minor = rng.integers(lo, hi + 1, n)
    # recent versions are more common
    minor = np.maximum(minor, rng.integers(lo, hi + 1, n))
    patch = rng.integers(0, patch_hi, n)
    return [f"{major}.{a}.{b}" for a, b in zip(minor, patch)]


# client key -> (stack choices with weights, UA builder, SDK-default max_tokens, default temperature)
def make_clients(rng: np.random.Generator, key: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sample n client installations of a given client family.

    Returns user_agent, client_fingerprint, default max_tokens, default temperature arrays.
    (Loops run over accounts/installations, never over events.)"""
    py_stacks = obj(["python-openssl3.0", "python-openssl3.2", "python-openssl1.1"])
    py_fp = np.array([STACK_FP[s] for s in py_stacks[rng.choice(3, n, p=[0.55, 0.35, 0.10])]], dtype=object)
    node_fp = np.array([STACK_FP[s] for s in rng.choice(["node20", "node22"], n)], dtype=object)
    mt = np.full(n, 1024, dtype=np.int64)
    temp = np.full(n, 1.0)
    if key == "py_sdk":
        v = _ver(rng, 1, 30, 58, n)
        kind = rng.random(n)
        ua = np.where(kind < 0.55, obj([f"OpenAI/Python {x}" for x in v]),
                      np.where(kind < 0.85, obj([f"Anthropic/Python 0.{int(x.split('.')[1]) - 10}.{x.split('.')[2]}" for x in v]),
                               obj([f"AsyncOpenAI/Python {x}" for x in v])))
        mt = np.where(kind < 0.55, 4096, 1024)
        return ua.astype(object), py_fp, mt, temp
    if key == "node_sdk":
        v = _ver(rng, 4, 40, 78, n)
        kind = rng.random(n)
        ua = np.where(kind < 0.6, obj([f"OpenAI/JS {x}" for x in v]),
                      obj([f"Anthropic/JS 0.{int(x.split('.')[1]) - 30}.{x.split('.')[2]}" for x in v]))
        mt = np.where(kind < 0.6, 4096, 1024)
        return ua.astype(object), node_fp, mt, temp
    if key == "py_raw":
        kind = rng.random(n)
        ua = np.where(kind < 0.5, obj([f"python-requests/2.{v}" for v in rng.integers(28, 33, n)]),
                      obj([f"python-httpx/0.{v}.{p}" for v, p in zip(rng.integers(24, 29, n), rng.integers(0, 3, n))]))
        mt = rng.choice([512, 1024, 2048, 4096], n)
        return ua.astype(object), py_fp, mt, temp
    if key == "go":
        ua = obj(["Go-http-client/2.0"] * n)
        return ua, obj([STACK_FP["go1.22"]] * n), rng.choice([1024, 2048, 4096], n), temp
    if key == "curl":
        ua = obj([f"curl/8.{v}.{p}" for v, p in zip(rng.integers(1, 12, n), rng.integers(0, 2, n))])
        return ua, obj([STACK_FP["curl"]] * n), rng.choice([256, 1024], n), temp
    if key == "browser":
        b = rng.choice(4, n, p=[0.6, 0.2, 0.12, 0.08])
        cv = rng.integers(124, 132, n)
        uas = []
        fps = []
        for bi, c in zip(b, cv):
            if bi == 0:
                uas.append(f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.0.0 Safari/537.36")
                fps.append(STACK_FP["chrome"])
            elif bi == 1:
                uas.append(f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{c % 6} Safari/605.1.15")
                fps.append(STACK_FP["safari"])
            elif bi == 2:
                uas.append(f"Mozilla/5.0 (X11; Linux x86_64; rv:{c - 2}.0) Gecko/20100101 Firefox/{c - 2}.0")
                fps.append(STACK_FP["firefox"])
            else:
                uas.append(f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.0.0 Safari/537.36 Edg/{c}.0.0.0")
                fps.append(STACK_FP["edge"])
        return obj(uas), obj(fps), np.full(n, 8192), temp
    if key == "mobile_app":
        ios = rng.random(n) < 0.55
        v = rng.integers(10, 19, n)
        ua = np.where(ios, obj([f"AtlasChat/2.{x} (iPhone; iOS 17.{x % 6})" for x in v]),
                      obj([f"AtlasChat/2.{x} (Android 14; Pixel {6 + x % 3})" for x in v]))
        fp = np.where(ios, STACK_FP["ios-app"], STACK_FP["android-app"]).astype(object)
        return ua.astype(object), fp, np.full(n, 8192), temp
    raise KeyError(key)


CODING_AGENT_CLIENTS = {  # product -> (ua prefix, stack, default max_tokens, temperature)
    "forge": ("forge-cli/1.", "node22", 16384, 1.0),
    "pilot": ("pilot-vscode/3.", "electron", 8192, 0.0),
    "patchwork": ("patchwork/0.", "python-openssl3.0", 4096, 0.0),
    "orbit": ("orbit-ide/0.", "electron", 8192, 0.2),
}


def coding_agent_clients(rng, product: str, n: int):
    pre, stack, mt, temp = CODING_AGENT_CLIENTS[product]
    ua = obj([f"{pre}{a}.{b}" for a, b in zip(rng.integers(20, 60, n), rng.integers(0, 9, n))])
    return ua, obj([STACK_FP[stack]] * n), np.full(n, mt), np.full(n, temp)


def custom_fp(rng) -> str:
    """A rare, custom TLS fingerprint (a bespoke harness)."""
    return f"t13d{rng.integers(20, 40):02d}{rng.integers(3, 8):02d}h1_{hex_strings(rng, 1, 6)[0]}_{hex_strings(rng, 1, 6)[0]}"
