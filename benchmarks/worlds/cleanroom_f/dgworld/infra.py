"""Internet infrastructure: countries, ASNs, IP allocation, client (SDK/browser) stacks."""
from __future__ import annotations

import hashlib
import zlib

import numpy as np

# code: (weight among legitimate users, utc offset hours)
COUNTRIES = {
    "US": (30, -6), "IN": (9, 5.5), "GB": (6, 0), "DE": (5, 1), "BR": (4, -3), "CA": (4, -5),
    "FR": (3, 1), "JP": (3, 9), "KR": (2.5, 9), "AU": (2, 10), "NL": (1.5, 1), "ES": (2, 1),
    "IT": (1.5, 1), "PL": (1.2, 1), "SE": (0.8, 1), "MX": (1.5, -6), "SG": (1.5, 8),
    "ID": (1.5, 7), "VN": (1, 7), "TR": (1, 3), "NG": (0.8, 1), "KE": (0.5, 3), "ZA": (0.7, 2),
    "IL": (0.8, 2), "AE": (0.6, 4), "HK": (0.5, 8), "TW": (0.8, 8), "CH": (0.6, 1),
    "FI": (0.4, 2), "IE": (0.5, 0), "CN": (0.15, 8),
}
LEGIT_COUNTRIES = [c for c in COUNTRIES if c != "CN"]
LEGIT_CW = np.array([COUNTRIES[c][0] for c in LEGIT_COUNTRIES], dtype=float)
LEGIT_CW /= LEGIT_CW.sum()


def tz_of(cc: str, rng=None) -> float:
    off = COUNTRIES.get(cc, (0, 0))[1]
    if cc == "US" and rng is not None:
        off = float(rng.choice([-5, -5, -6, -7, -8, -8]))
    if cc == "CA" and rng is not None:
        off = float(rng.choice([-5, -5, -8]))
    return float(off)


# residential / mobile ISPs: asn, name, country, kind, ipv6 prefix (or None)
ISPS = [
    (7922, "Comcast", "US", "res", "2601"), (7018, "AT&T", "US", "res", "2600:1700"),
    (701, "Verizon Fios", "US", "res", "2600:4040"), (20115, "Charter Spectrum", "US", "res", "2603:8000"),
    (22773, "Cox", "US", "res", None), (21928, "T-Mobile US", "US", "mob", "2607:fb90"),
    (55836, "Reliance Jio", "IN", "mob", "2409:40"), (9498, "Bharti Airtel", "IN", "res", None),
    (45609, "Airtel Mobile", "IN", "mob", None),
    (2856, "BT", "GB", "res", "2a00:23c"), (5607, "Sky UK", "GB", "res", "2a02:c7c"),
    (5089, "Virgin Media", "GB", "res", None), (25135, "Vodafone UK", "GB", "mob", None),
    (3320, "Deutsche Telekom", "DE", "res", "2003"), (3209, "Vodafone DE", "DE", "res", None),
    (6805, "Telefonica DE", "DE", "mob", None),
    (28573, "Claro BR", "BR", "res", None), (18881, "Vivo", "BR", "res", "2804"),
    (812, "Rogers", "CA", "res", None), (577, "Bell Canada", "CA", "res", None),
    (3215, "Orange FR", "FR", "res", "2a01:cb"), (12322, "Free SAS", "FR", "res", "2a01:e0a"),
    (4713, "NTT OCN", "JP", "res", "240b"), (2516, "KDDI", "JP", "res", None),
    (17676, "SoftBank", "JP", "mob", None),
    (4766, "Korea Telecom", "KR", "res", None), (9318, "SK Broadband", "KR", "res", None),
    (1221, "Telstra", "AU", "res", None), (7545, "TPG", "AU", "res", None),
    (1136, "KPN", "NL", "res", None), (33915, "Ziggo", "NL", "res", None),
    (3352, "Telefonica ES", "ES", "res", None), (12479, "Orange ES", "ES", "res", None),
    (3269, "TIM", "IT", "res", None), (30722, "Vodafone IT", "IT", "mob", None),
    (5617, "Orange PL", "PL", "res", None), (3301, "Telia", "SE", "res", None),
    (8151, "Telmex", "MX", "res", None), (9506, "Singtel", "SG", "res", None),
    (4657, "StarHub", "SG", "res", None), (7713, "Telkom Indonesia", "ID", "res", None),
    (7552, "Viettel", "VN", "mob", None), (9121, "Turk Telekom", "TR", "res", None),
    (29465, "MTN Nigeria", "NG", "mob", None), (33771, "Safaricom", "KE", "mob", None),
    (37457, "Telkom SA", "ZA", "res", None), (8551, "Bezeq Intl", "IL", "res", None),
    (5384, "Etisalat", "AE", "res", None), (4760, "HKT", "HK", "res", None),
    (3462, "HiNet", "TW", "res", None), (3303, "Swisscom", "CH", "res", None),
    (1759, "Telia FI", "FI", "res", None), (5466, "Eir", "IE", "res", None),
    (4134, "China Telecom", "CN", "res", None), (4837, "China Unicom", "CN", "res", None),
]

# cloud / hosting providers: asn, name, countries (regions)
CLOUDS = {
    "aws": (16509, "Amazon AWS", ["US", "US", "US", "IE", "DE", "JP", "SG", "IN", "BR", "AU"]),
    "aws_old": (14618, "Amazon AWS", ["US"]),
    "gcp": (396982, "Google Cloud", ["US", "US", "NL", "BE", "TW", "JP", "SG"]),
    "azure": (8075, "Microsoft Azure", ["US", "US", "IE", "NL", "SG", "JP"]),
    "do": (14061, "DigitalOcean", ["US", "NL", "DE", "SG", "GB", "IN"]),
    "hetzner": (24940, "Hetzner", ["DE", "FI", "US"]),
    "ovh": (16276, "OVH", ["FR", "CA", "DE", "GB"]),
    "linode": (63949, "Akamai Linode", ["US", "GB", "JP", "SG"]),
    "vultr": (20473, "Vultr", ["US", "JP", "SG", "NL"]),
    "oracle": (31898, "Oracle Cloud", ["US", "JP", "KR"]),
    "alibaba": (45102, "Alibaba Cloud", ["SG", "HK", "US", "JP"]),
    "tencent": (132203, "Tencent Cloud", ["HK", "SG", "US"]),
    "ucloud": (135377, "UCloud HK", ["HK"]),
}
VPNS = {
    "m247": (9009, "M247", ["US", "GB", "DE", "NL", "FR", "JP", "SG", "CA"]),
    "datacamp": (60068, "Datacamp (CDN77)", ["US", "GB", "DE", "NL", "CH", "SE"]),
    "tefincom": (136787, "TEFINCOM (VPN)", ["US", "GB", "DE", "NL", "JP"]),
    "leaseweb": (60781, "Leaseweb", ["NL", "US", "DE"]),
    "warp": (13335, "Cloudflare WARP", ["US", "GB", "DE", "FR", "JP", "IN", "BR"]),
    "relay_akamai": (36183, "Akamai (Private Relay)", ["US", "GB", "DE", "CA", "AU", "JP"]),
    "relay_fastly": (54113, "Fastly (Private Relay)", ["US", "GB", "FR", "CA"]),
}
SASE = {"zscaler": (53813, "Zscaler", ["US", "US", "GB", "DE", "IN", "JP"]),
        "netskope": (55256, "Netskope", ["US", "GB", "DE"])}
UNIVERSITIES = [
    (3, "Massachusetts Institute of Technology", "US", "mit.edu"),
    (32, "Stanford University", "US", "stanford.edu"),
    (25, "UC Berkeley", "US", "berkeley.edu"),
    (786, "JANET (Oxford)", "GB", "ox.ac.uk"),
    (680, "DFN (TU Munich)", "DE", "tum.de"),
    (2200, "RENATER (Sorbonne)", "FR", "sorbonne-universite.fr"),
    (2907, "SINET (Univ. of Tokyo)", "JP", "u-tokyo.ac.jp"),
    (17832, "KREONet (KAIST)", "KR", "kaist.ac.kr"),
    (9498, "IIT Bombay (via Airtel)", "IN", "iitb.ac.in"),
    (7575, "AARNet (Univ. of Melbourne)", "AU", "unimelb.edu.au"),
    (271, "BCnet (UBC)", "CA", "ubc.ca"),
    (1103, "SURF (TU Delft)", "NL", "tudelft.nl"),
    (559, "SWITCH (ETH Zurich)", "CH", "ethz.ch"),
    (7610, "NUS", "SG", "nus.edu.sg"),
    (6360, "Univ. of Hawaii", "US", "hawaii.edu"),
    (87, "Indiana University", "US", "iu.edu"),
]

_BAD_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203, 224}


class IPTable:
    """Registry of client IP addresses with their ASN and country (geo-DB view)."""

    def __init__(self, seed: int):
        self.seed = int(seed) & 0xFFFFFFFF
        self.ips: list[str] = []
        self.asn: list[int] = []
        self.cc: list[str] = []
        self.index: dict[str, int] = {}
        self._blocks: dict[tuple, list[tuple[int, int]]] = {}
        self._used16: set = set()

    # -- /16 blocks per (asn, country), fixed by the world seed
    def blocks(self, asn: int, cc: str, n: int = 3):
        key = (asn, cc)
        if key not in self._blocks:
            out = []
            # seed derives from (asn, cc) only => same blocks whatever the order of requests
            r = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
                [self.seed, 777, asn, zlib.crc32(cc.encode())])))
            while len(out) < n:
                a = int(r.integers(2, 224))
                b = int(r.integers(0, 256))
                if a in _BAD_FIRST or (a, b) in self._used16:
                    continue
                self._used16.add((a, b))
                out.append((a, b))
            self._blocks[key] = out
        return self._blocks[key]

    def add(self, ip: str, asn, cc) -> int:
        i = self.index.get(ip)
        if i is not None:
            return i
        i = len(self.ips)
        self.index[ip] = i
        self.ips.append(ip)
        # a small share of addresses is missing from the geo database
        h = zlib.crc32(ip.encode()) % 1000
        if h < 4:
            asn, cc = None, None
        elif h < 7:
            cc = None
        self.asn.append(asn)
        self.cc.append(cc)
        return i

    def v4(self, rng, asn: int, cc: str, n: int, subnet=None) -> np.ndarray:
        """n random IPv4 addresses of an ASN in a country (optionally within one /24)."""
        bl = self.blocks(asn, cc)
        out = np.empty(n, dtype=np.int64)
        for k in range(n):
            if subnet is not None:
                a, b, c = subnet
            else:
                a, b = bl[int(rng.integers(0, len(bl)))]
                c = int(rng.integers(0, 256))
            d = int(rng.integers(1, 255))
            out[k] = self.add(f"{a}.{b}.{c}.{d}", asn, cc)
        return out

    def subnet24(self, rng, asn: int, cc: str):
        bl = self.blocks(asn, cc)
        a, b = bl[int(rng.integers(0, len(bl)))]
        return (a, b, int(rng.integers(0, 256)))

    def v6(self, rng, asn: int, cc: str, prefix: str, n: int, household=None) -> np.ndarray:
        out = np.empty(n, dtype=np.int64)
        for k in range(n):
            if household is None:
                hh = ":".join(f"{int(x):x}" for x in rng.integers(0, 65536, size=3))
            else:
                hh = household
            iid = ":".join(f"{int(x):x}" for x in rng.integers(0, 65536, size=4))
            pre = prefix
            parts = pre.split(":")
            # pad prefix to 4 groups with household bits
            hh_parts = hh.split(":")
            groups = (parts + hh_parts)[:4]
            out[k] = self.add(":".join(groups) + ":" + iid, asn, cc)
        return out

    def arrays(self):
        asn = np.array([a if a is not None else -1 for a in self.asn], dtype=np.int64)
        return self.ips, asn, self.cc


def isps_of(cc: str, kind=None):
    out = [x for x in ISPS if x[2] == cc and (kind is None or x[3] == kind)]
    if not out:
        out = [x for x in ISPS if x[2] == cc]
    return out


def ja4(family: str, tls: str) -> str:
    h1 = hashlib.sha256((family + "|c").encode()).hexdigest()[:12]
    h2 = hashlib.sha256((family + "|e").encode()).hexdigest()[:12]
    return f"{tls}_{h1}_{h2}"


# TLS stacks: (tls prefix of the fingerprint)
TLS = {
    "chrome": "t13d1516h2", "firefox": "t13d1715h2", "safari": "t13d2014h2",
    "py_openssl3": "t13d1812h1", "py_openssl11": "t13d1712h1", "node": "t13d1713h2",
    "curl": "t13d3112h2", "go": "t13d1310h2", "okhttp": "t13d1613h2", "ios": "t13d2014h2",
    "rust": "t13d0911h2", "java": "t13d2112h2",
}


class Clients:
    """Table of (user_agent, client_fingerprint) pairs; index -1 = both null."""

    def __init__(self):
        self.ua: list = []
        self.fp: list = []
        self.idx: dict = {}

    def get(self, ua, family, tls) -> int:
        fp = ja4(family, TLS[tls]) if tls else None
        key = (ua, fp)
        if key not in self.idx:
            self.idx[key] = len(self.ua)
            self.ua.append(ua)
            self.fp.append(fp)
        return self.idx[key]

    # ---- the stacks used in the world
    def browser(self, rng, n):
        out = np.empty(n, dtype=np.int64)
        for k in range(n):
            r = rng.random()
            if r < 0.52:
                v = int(rng.integers(126, 132))
                osx = rng.random() < 0.4
                plat = "Macintosh; Intel Mac OS X 10_15_7" if osx else "Windows NT 10.0; Win64; x64"
                ua = f"Mozilla/5.0 ({plat}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
                out[k] = self.get(ua, "chrome", "chrome")
            elif r < 0.62:
                v = int(rng.integers(126, 132))
                ua = (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      f"Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0")
                out[k] = self.get(ua, "chrome", "chrome")
            elif r < 0.80:
                v = rng.choice(["17.4", "17.5", "17.6", "18.0", "18.1"])
                ua = (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                      f"Version/{v} Safari/605.1.15")
                out[k] = self.get(ua, "safari", "safari")
            elif r < 0.92:
                v = int(rng.integers(128, 133))
                plat = rng.choice(["Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "X11; Ubuntu; Linux x86_64"])
                ua = f"Mozilla/5.0 ({plat}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
                out[k] = self.get(ua, "firefox", "firefox")
            else:
                v = int(rng.integers(126, 132))
                ua = (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      f"Chrome/{v}.0.0.0 Safari/537.36")
                out[k] = self.get(ua, "chrome", "chrome")
        return out

    def mobile_app(self, rng, n):
        out = np.empty(n, dtype=np.int64)
        for k in range(n):
            v = rng.choice(["1.2024.310", "1.2024.317", "1.2024.324", "1.2025.010"])
            if rng.random() < 0.6:
                ios = rng.choice(["17.6.1", "18.0", "18.1", "18.1.1"])
                out[k] = self.get(f"SableChat/{v} (iPhone; iOS {ios}; Scale/3.00)", "ios-app", "ios")
            else:
                andr = rng.choice(["13", "14", "15"])
                out[k] = self.get(f"SableChat/{v} (Android {andr}; okhttp/4.12.0)", "android-app", "okhttp")
        return out

    PY_SDK = ["0.34.2", "0.36.1", "0.37.1", "0.39.0", "0.40.0", "0.40.0", "0.42.0", "0.42.0", "0.42.0"]
    TS_SDK = ["0.27.3", "0.29.0", "0.30.1", "0.32.1", "0.32.1"]

    def py_sdk(self, rng, n, version=None):
        out = np.empty(n, dtype=np.int64)
        for k in range(n):
            v = version or rng.choice(self.PY_SDK)
            old = v < "0.37"
            out[k] = self.get(f"Sable/Python {v}", "py-sdk-" + ("11" if old and rng.random() < 0.5 else "3"),
                              "py_openssl11" if old else "py_openssl3")
        return out

    def popular_py(self):
        """The single most common legitimate API stack (what a careful imitator copies)."""
        return self.get("Sable/Python 0.42.0", "py-sdk-3", "py_openssl3")

    def ts_sdk(self, rng, n):
        return np.array([self.get(f"Sable/JS {rng.choice(self.TS_SDK)}", "node-sdk", "node") for _ in range(n)],
                        dtype=np.int64)

    def misc_api(self, rng, n):
        """Third-party libraries and raw HTTP clients used by developers."""
        opts = [
            ("OpenAI/Python 1.54.3", "py-openai", "py_openssl3", 3),
            ("OpenAI/Python 1.57.0", "py-openai", "py_openssl3", 2),
            ("litellm/1.52.6", "py-litellm", "py_openssl3", 2),
            ("langchain-sable/0.3.1", "py-sdk-3", "py_openssl3", 2),
            ("curl/8.5.0", "curl", "curl", 1.5),
            ("curl/8.7.1", "curl-mac", "curl", 1),
            ("python-requests/2.32.3", "py-requests", "py_openssl3", 1.5),
            ("python-httpx/0.27.2", "py-httpx", "py_openssl3", 1),
            ("axios/1.7.7", "node-axios", "node", 1),
            ("Go-http-client/2.0", "go-std", "go", 0.5),
            ("okhttp/4.12.0", "okhttp", "okhttp", 0.4),
            ("Java-http-client/17.0.12", "java", "java", 0.3),
            ("reqwest/0.12.8", "rust-reqwest", "rust", 0.3),
        ]
        w = np.array([o[3] for o in opts], dtype=float)
        w /= w.sum()
        ch = rng.choice(len(opts), size=n, p=w)
        return np.array([self.get(opts[c][0], opts[c][1], opts[c][2]) for c in ch], dtype=np.int64)

    def api_mix(self, rng, n, p_py=0.55, p_ts=0.2):
        r = rng.random(n)
        out = self.misc_api(rng, n)
        py = self.py_sdk(rng, n)
        ts = self.ts_sdk(rng, n)
        out = np.where(r < p_py, py, np.where(r < p_py + p_ts, ts, out))
        return out
