"""Networks (ASNs, address blocks, countries, time zones) and client software
(user agents, TLS fingerprints, SDK defaults).

The layout of address space is fixed (the same for every seed, like the real
Internet); which addresses, exits and clients are drawn depends on the world seed.
"""
from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
from util import SS  # noqa: E402

# (asn, name, kind, country)
ASNS = [
    # residential / fixed broadband
    (7922, "Comcast", "res", "US"), (20115, "Charter", "res", "US"), (7018, "AT&T", "res", "US"),
    (701, "Verizon", "res", "US"), (22773, "Cox", "res", "US"),
    (2856, "BT", "res", "GB"), (5089, "Virgin Media", "res", "GB"), (5607, "Sky", "res", "GB"),
    (3320, "Deutsche Telekom", "res", "DE"), (3209, "Vodafone DE", "res", "DE"), (6805, "Telefonica DE", "res", "DE"),
    (3215, "Orange", "res", "FR"), (12322, "Free", "res", "FR"), (5410, "Bouygues", "res", "FR"),
    (55836, "Reliance Jio", "res", "IN"), (24560, "Airtel", "res", "IN"),
    (28573, "Claro BR", "res", "BR"), (26599, "Vivo", "res", "BR"),
    (4713, "NTT OCN", "res", "JP"), (2516, "KDDI", "res", "JP"), (17676, "SoftBank", "res", "JP"),
    (812, "Rogers", "res", "CA"), (577, "Bell Canada", "res", "CA"),
    (4766, "Korea Telecom", "res", "KR"), (9318, "SK Broadband", "res", "KR"),
    (1221, "Telstra", "res", "AU"), (4804, "Optus", "res", "AU"),
    (3352, "Telefonica ES", "res", "ES"), (33915, "Ziggo", "res", "NL"), (1136, "KPN", "res", "NL"),
    (8151, "Telmex", "res", "MX"), (7713, "Telkom Indonesia", "res", "ID"), (7473, "Singtel", "res", "SG"),
    (4657, "StarHub", "res", "SG"), (3462, "HiNet", "res", "TW"), (7552, "Viettel", "res", "VN"),
    (9299, "PLDT", "res", "PH"), (9121, "Turk Telekom", "res", "TR"), (5617, "Orange Polska", "res", "PL"),
    (3269, "Telecom Italia", "res", "IT"), (3301, "Telia", "res", "SE"), (3303, "Swisscom", "res", "CH"),
    (29465, "MTN Nigeria", "res", "NG"), (8452, "TE Data", "res", "EG"), (37457, "Telkom SA", "res", "ZA"),
    (4760, "HKT", "res", "HK"), (9269, "HKBN", "res", "HK"), (4134, "ChinaNet", "res", "CN"),
    (4837, "China Unicom", "res", "CN"),
    # mobile carriers
    (21928, "T-Mobile US", "mob", "US"), (20057, "AT&T Mobility", "mob", "US"), (12576, "EE", "mob", "GB"),
    (45609, "Airtel Mobile", "mob", "IN"), (3209, "Vodafone DE", "mob", "DE"), (10139, "Smart", "mob", "PH"),
    # research & education networks
    (3, "MIT", "edu", "US"), (25, "UC Berkeley", "edu", "US"), (32, "Stanford", "edu", "US"),
    (87, "Indiana University", "edu", "US"), (786, "Jisc", "edu", "GB"), (680, "DFN", "edu", "DE"),
    (2200, "RENATER", "edu", "FR"), (2907, "SINET", "edu", "JP"), (1103, "SURF", "edu", "NL"),
    (7575, "AARNet", "edu", "AU"), (376, "RISQ", "edu", "CA"), (1916, "RNP", "edu", "BR"),
    (559, "SWITCH", "edu", "CH"), (17579, "KREONET", "edu", "KR"), (55824, "NKN", "edu", "IN"),
    # cloud / hosting
    (16509, "Amazon AWS", "cloud", "US"), (14618, "Amazon AWS", "cloud", "US"), (396982, "Google Cloud", "cloud", "US"),
    (8075, "Microsoft Azure", "cloud", "US"), (14061, "DigitalOcean", "cloud", "US"), (24940, "Hetzner", "cloud", "DE"),
    (16276, "OVH", "cloud", "FR"), (63949, "Akamai Linode", "cloud", "US"), (20473, "Vultr", "cloud", "US"),
    (31898, "Oracle Cloud", "cloud", "US"), (45102, "Alibaba Cloud", "cloud", "SG"), (132203, "Tencent Cloud", "cloud", "HK"),
    (21859, "Zenlayer", "cloud", "HK"), (64050, "BGPNET", "cloud", "HK"), (16509, "Amazon AWS", "cloud", "JP"),
    (396982, "Google Cloud", "cloud", "SG"), (8075, "Microsoft Azure", "cloud", "GB"), (24940, "Hetzner", "cloud", "FI"),
    (16509, "Amazon AWS", "cloud", "DE"), (14061, "DigitalOcean", "cloud", "SG"),
    # VPN / privacy exits
    (9009, "M247", "vpn", "GB"), (9009, "M247", "vpn", "US"), (60068, "Datacamp", "vpn", "NL"),
    (60068, "Datacamp", "vpn", "US"), (212238, "Datacamp", "vpn", "DE"), (60781, "Leaseweb", "vpn", "NL"),
    (13335, "Cloudflare WARP", "vpn", "US"), (36183, "Akamai Relay", "vpn", "US"), (9009, "M247", "vpn", "SG"),
    (60068, "Datacamp", "vpn", "JP"),
    # enterprise secure web gateway (many companies share its egress)
    (53813, "Zscaler", "swg", "US"), (53813, "Zscaler", "swg", "DE"),
]

TZ = {  # April offsets (daylight saving where observed); lists = several zones
    "US": [-4.0, -5.0, -7.0, -4.0, -5.0], "CA": [-4.0, -7.0], "MX": [-6.0], "BR": [-3.0], "GB": [1.0],
    "DE": [2.0], "FR": [2.0], "ES": [2.0], "NL": [2.0], "IT": [2.0], "PL": [2.0], "SE": [2.0], "CH": [2.0],
    "FI": [3.0], "TR": [3.0], "EG": [3.0], "ZA": [2.0], "NG": [1.0], "IN": [5.5], "ID": [7.0], "VN": [7.0],
    "SG": [8.0], "HK": [8.0], "TW": [8.0], "PH": [8.0], "CN": [8.0], "JP": [9.0], "KR": [9.0], "AU": [10.0],
}

# where legitimate users live (relative weights)
USER_COUNTRIES = {
    "US": 30, "IN": 8, "GB": 6, "DE": 6, "BR": 4, "FR": 4, "JP": 4, "CA": 4, "KR": 3, "AU": 3, "ES": 3,
    "NL": 2, "MX": 2, "ID": 2, "SG": 2, "TW": 2, "VN": 2, "PH": 2, "TR": 2, "PL": 2, "IT": 3, "SE": 1,
    "CH": 1, "NG": 1, "EG": 1, "ZA": 1, "HK": 1,
}

_RESERVED_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203}


class Net:
    def __init__(self):
        self.tab = pl.DataFrame(ASNS, schema=["asn", "name", "kind", "country"], orient="row")
        n = len(self.tab)
        r = np.random.default_rng(77)  # fixed address layout
        firsts = np.array([f for f in range(1, 224) if f not in _RESERVED_FIRST])
        used = set()
        blocks = np.zeros((n, 4), dtype=np.int64)  # four /16 blocks per (asn, country) entry
        for i in range(n):
            for j in range(4):
                while True:
                    b = int(r.choice(firsts)) * 256 + int(r.integers(0, 256))
                    if b not in used:
                        used.add(b)
                        blocks[i, j] = b
                        break
        self.blocks = blocks
        self.v6 = r.integers(0x2000, 0x2c00, size=(n, 2))
        self.asn = self.tab["asn"].to_numpy()
        self.kind = self.tab["kind"].to_numpy()
        self.country = self.tab["country"].to_numpy()
        self.idx_by = {}
        for k in set(self.kind):
            for c in set(self.country):
                ii = np.where((self.kind == k) & (self.country == c))[0]
                if len(ii):
                    self.idx_by[(k, c)] = ii
        uc = np.array(list(USER_COUNTRIES))
        w = np.array([USER_COUNTRIES[c] for c in uc], dtype=float)
        self.user_countries, self.user_cw = uc, w / w.sum()

    # ---------------------------------------------------------------- choose networks
    def pick(self, rng, kind: str, countries: np.ndarray) -> np.ndarray:
        """Index of an ASN entry of `kind` in each country (falls back to any country)."""
        out = np.empty(len(countries), dtype=np.int64)
        anyk = np.where(self.kind == kind)[0]
        cs = np.asarray(countries)
        for c in np.unique(cs):
            m = cs == c
            pool = self.idx_by.get((kind, c), anyk)
            out[m] = rng.choice(pool, size=int(m.sum()))
        return out

    def any_of(self, rng, kind: str, n: int, countries=None) -> np.ndarray:
        ii = np.where(self.kind == kind)[0]
        if countries is not None:
            ii = ii[np.isin(self.country[ii], countries)]
        return rng.choice(ii, size=n)

    def user_country(self, rng, n: int, exclude=("CN",)) -> np.ndarray:
        return rng.choice(self.user_countries, size=n, p=self.user_cw)

    def tz_of(self, rng, countries: np.ndarray) -> np.ndarray:
        out = np.zeros(len(countries))
        cs = np.asarray(countries)
        for c in np.unique(cs):
            m = cs == c
            out[m] = rng.choice(TZ.get(c, [0.0]), size=int(m.sum()))
        return out

    # ---------------------------------------------------------------- addresses
    def ips(self, rng, ent: np.ndarray, v6_share: float = 0.0, subnet: np.ndarray | None = None) -> pl.Series:
        """Random address inside each ASN entry.  `subnet` (0..1023) pins the /24."""
        ent = np.asarray(ent)
        n = len(ent)
        if subnet is None:
            subnet = rng.integers(0, 1024, n)
        b = self.blocks[ent, subnet % 4]
        o1, o2 = b // 256, b % 256
        o3 = (subnet // 4) % 256
        o4 = rng.integers(2, 254, n)
        v4 = pl.DataFrame({"a": o1, "b": o2, "c": o3, "d": o4}).select(
            pl.concat_str([pl.col("a"), pl.col("b"), pl.col("c"), pl.col("d")], separator=".")
        ).to_series()
        if v6_share <= 0:
            return v4.alias("ip")
        is6 = rng.random(n) < v6_share
        k = int(is6.sum())
        if k == 0:
            return v4.alias("ip")
        p = self.v6[ent[is6]]
        parts = [p[:, 0], p[:, 1], rng.integers(0, 65536, k), rng.integers(0, 65536, k),
                 rng.integers(0, 65536, k), rng.integers(1, 65536, k)]
        hexes = [np.char.mod("%x", x) for x in parts]
        s6 = hexes[0]
        for i, h in enumerate(hexes[1:]):
            sep = "::" if i == 3 else ":"
            s6 = np.char.add(np.char.add(s6, sep), h)
        out = v4.to_numpy().astype(object)
        out[is6] = s6.astype(object)
        return SS(out, "ip")


# ---------------------------------------------------------------------------- clients
def _fp(key: str) -> str:
    h = hashlib.sha256(key.encode()).hexdigest()
    n1 = 8 + int(h[0], 16) % 10
    n2 = 9 + int(h[1], 16) % 8
    alpn = "h2" if int(h[2], 16) % 3 else "h1"
    return f"t13d{n1:02d}{n2:02d}{alpn}_{h[4:16]}_{h[20:32]}"


# family: (ua template, versions, runtime key for fingerprint, default max_tokens, default temperature, weight)
SDKS = [
    ("lumen-python", "lumen-python/{v}", ["1.40.0", "1.42.1", "1.44.0", "1.45.2", "1.47.0", "1.48.1", "1.49.0", "1.50.2"],
     "py-openssl3", 4096, 1.0, 30),
    ("lumen-node", "lumen-node/{v}", ["0.31.0", "0.32.1", "0.33.0", "0.35.2", "0.36.0"], "node20", 4096, 1.0, 14),
    ("openai-python", "OpenAI/Python {v}", ["1.35.10", "1.40.6", "1.47.1", "1.51.2", "1.54.4", "1.57.0", "1.59.7"],
     "py-openssl3", 1024, 1.0, 20),
    ("openai-js", "OpenAI/JS {v}", ["4.52.7", "4.67.3", "4.73.0", "4.77.0"], "node18", 1024, 1.0, 7),
    ("httpx", "python-httpx/{v}", ["0.25.2", "0.26.0", "0.27.0", "0.27.2", "0.28.1"], "py-openssl3b", 2048, 0.7, 6),
    ("requests", "python-requests/{v}", ["2.28.2", "2.31.0", "2.32.2", "2.32.3"], "py-openssl1", 1024, 0.7, 6),
    ("go", "Go-http-client/{v}", ["2.0", "2.0", "1.1"], "go122", 2048, 1.0, 4),
    ("curl", "curl/{v}", ["7.81.0", "8.5.0", "8.7.1", "8.10.1", "8.11.0"], "curl-openssl", 512, 1.0, 2),
    ("langchain", "langchain-lumen/{v} lumen-python/1.47.0", ["0.2.4", "0.3.0", "0.3.1"], "py-openssl3", 4096, 0.7, 5),
    ("litellm", "litellm/{v}", ["1.48.2", "1.52.9", "1.55.3", "1.57.8"], "py-openssl3", 4096, 1.0, 4),
    ("java", "lumen-java/{v}", ["0.8.0", "0.9.1", "1.0.0"], "java21", 4096, 1.0, 2),
]
BROWSERS = [
    ("chrome-win", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{c}.0.0.0 Safari/537.36", "chrome", 30),
    ("chrome-mac", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{c}.0.0.0 Safari/537.36", "chrome", 20),
    ("safari-mac", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{c} Safari/605.1.15", "safari", 10),
    ("safari-ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_{c} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{c} Mobile/15E148 Safari/604.1", "safari-ios", 18),
    ("chrome-android", "Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{c}.0.0.0 Mobile Safari/537.36", "chrome-android", 12),
    ("firefox", "Mozilla/5.0 (X11; Linux x86_64; rv:13{c}.0) Gecko/20100101 Firefox/13{c}.0", "firefox", 5),
    ("edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{c}.0.0.0 Safari/537.36 Edg/13{c}.0.0.0", "chrome", 5),
]


class Clients:
    def __init__(self):
        self.sdk_w = np.array([s[6] for s in SDKS], float)
        self.sdk_w /= self.sdk_w.sum()
        self.br_w = np.array([b[3] for b in BROWSERS], float)
        self.br_w /= self.br_w.sum()

    @staticmethod
    def _fmt(tmpl: str, a: int, b: int, c: int) -> str:
        return tmpl.format(a=a, b=b, c=c, v=f"{a}.{b}.{c}", p=c)

    def sdk(self, rng, n: int, family: str | None = None, spread: int = 0):
        """Per-client (ua, fingerprint, default max_tokens, default temperature) arrays."""
        fam = (rng.choice(len(SDKS), size=n, p=self.sdk_w) if family is None
               else np.full(n, [s[0] for s in SDKS].index(family)))
        u = rng.random(n)
        ua = np.empty(n, dtype=object)
        fp = np.empty(n, dtype=object)
        mt = np.empty(n, dtype=np.int64)
        te = np.empty(n, dtype=float)
        for i in range(n):  # per client (account), not per event
            s = SDKS[fam[i]]
            vs = s[2]
            j = min(int(u[i] ** 0.6 * len(vs)), len(vs) - 1)  # newer versions more common
            ua[i] = s[1].format(v=vs[j])
            fp[i] = _fp(s[3] + ("-old" if j < len(vs) // 3 else ""))
            mt[i] = s[4]
            te[i] = s[5]
        return ua, fp, mt, te

    def browser(self, rng, n: int):
        fam = rng.choice(len(BROWSERS), size=n, p=self.br_w)
        c = rng.integers(0, 5, n)
        ua = np.array([BROWSERS[f][1].format(c=cc) for f, cc in zip(fam, c)], dtype=object)
        fp = np.array([_fp(BROWSERS[f][2]) for f in fam], dtype=object)
        return ua, fp

    @staticmethod
    def custom(ua: str, key: str):
        return ua, _fp(key)
