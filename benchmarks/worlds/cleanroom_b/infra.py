"""Network, client and identity catalogues of the cleanroom_b world.

Prefixes are derived deterministically from the ASN (not from the world seed) so that an
ASN always maps to the same address space, as it does on the real internet.
"""
from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

# (asn, country, utc offset in hours, weight for legitimate consumer traffic)
RESIDENTIAL = [
    (7922, "US", -5, 8), (7018, "US", -6, 6), (701, "US", -5, 4), (20115, "US", -8, 3), (22773, "US", -7, 2),
    (209, "US", -6, 2), (812, "CA", -5, 2), (5769, "CA", -5, 1), (2856, "GB", 0, 3), (5089, "GB", 0, 2),
    (3320, "DE", 1, 3), (3209, "DE", 1, 2), (3215, "FR", 1, 2), (12322, "FR", 1, 2), (1136, "NL", 1, 1),
    (3352, "ES", 1, 1.5), (3269, "IT", 1, 1.5), (5617, "PL", 1, 1), (9121, "TR", 3, 1), (55836, "IN", 5.5, 4),
    (9498, "IN", 5.5, 3), (24560, "IN", 5.5, 2), (17676, "JP", 9, 2), (2516, "JP", 9, 1), (4766, "KR", 9, 2),
    (9318, "KR", 9, 1), (9299, "PH", 8, 1), (7713, "ID", 7, 1), (45899, "VN", 7, 1), (28573, "BR", -3, 2),
    (18881, "BR", -3, 1), (8151, "MX", -6, 1), (1221, "AU", 10, 1), (4804, "AU", 10, 0.5), (37457, "ZA", 2, 0.5),
    (8452, "EG", 2, 0.5), (4657, "SG", 8, 0.7), (3462, "TW", 8, 0.7), (9304, "HK", 8, 0.4), (6830, "CH", 1, 0.6),
    (1257, "SE", 1, 0.6), (5432, "BE", 1, 0.5), (21928, "US", -6, 2), (22394, "US", -5, 1.5), (12430, "ES", 1, 0.5),
    (45609, "IN", 5.5, 1.5),
]
MOBILE_ASNS = {21928, 22394, 12430, 45609, 55836}

# Cloud / hosting (asn, country, provider)
CLOUD = [
    (16509, "US", "aws"), (16509, "IE", "aws"), (16509, "DE", "aws"), (16509, "SG", "aws"), (16509, "JP", "aws"),
    (14618, "US", "aws"), (396982, "US", "gcp"), (396982, "NL", "gcp"), (15169, "US", "gcp"), (8075, "US", "azure"),
    (8075, "NL", "azure"), (8075, "IE", "azure"), (14061, "US", "digitalocean"), (14061, "DE", "digitalocean"),
    (14061, "SG", "digitalocean"), (24940, "DE", "hetzner"), (24940, "FI", "hetzner"), (16276, "FR", "ovh"),
    (16276, "CA", "ovh"), (45102, "SG", "alibaba"), (45102, "HK", "alibaba"), (45102, "US", "alibaba"),
    (132203, "HK", "tencent"), (132203, "SG", "tencent"), (20473, "US", "vultr"), (20473, "JP", "vultr"),
    (63949, "US", "linode"), (31898, "US", "oracle"), (31898, "JP", "oracle"),
]
# Commercial VPN exits (datacenter ranges rented by VPN providers)
VPN = [
    (9009, "GB"), (9009, "US"), (9009, "DE"), (9009, "NL"), (9009, "JP"), (212238, "NL"), (212238, "US"),
    (60068, "US"), (60068, "GB"), (136787, "SG"), (136787, "CA"), (62371, "CH"), (60781, "NL"), (62240, "GB"),
    (62240, "US"),
]
# National research & education networks / campus ASNs (asn, country, tz, email domain)
UNIVERSITY = [
    (3, "US", -5, "lakeshore.edu"), (25, "US", -8, "pacificvale.edu"), (32, "US", -8, "sierra-tech.edu"),
    (786, "GB", 0, "kingsbridge.ac.uk"), (680, "DE", 1, "hs-altmark.de"), (2200, "FR", 1, "univ-garonne.fr"),
    (7575, "AU", 10, "coralbay.edu.au"), (55824, "IN", 5.5, "iit-deccan.ac.in"), (2907, "JP", 9, "kansai-tech.ac.jp"),
]
# Business transit (corporate offices)
BUSINESS = [(174, "US", -5), (3356, "US", -6), (6939, "US", -8), (1299, "SE", 1), (3257, "DE", 1), (2914, "US", -5),
            (6461, "GB", 0), (4637, "SG", 8)]
# An operation's own office network (CN carrier) – used for a few staff accounts only
OFFICE_CN = [(4134, "CN", 8), (4837, "CN", 8)]

COUNTRY_TZ = {"US": -6, "CA": -5, "GB": 0, "DE": 1, "FR": 1, "NL": 1, "ES": 1, "IT": 1, "PL": 1, "TR": 3,
              "IN": 5.5, "JP": 9, "KR": 9, "PH": 8, "ID": 7, "VN": 7, "BR": -3, "MX": -6, "AU": 10, "ZA": 2,
              "EG": 2, "SG": 8, "TW": 8, "HK": 8, "CH": 1, "SE": 1, "BE": 1, "IE": 0, "FI": 2, "CN": 8}

_RESERVED_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203, 224}


def _prefixes(key: str, n: int) -> np.ndarray:
    """Deterministic /16 prefixes (first two octets) for an ASN/region key."""
    h = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")
    r = np.random.default_rng(h)
    firsts = [f for f in range(11, 223) if f not in _RESERVED_FIRST]
    a = r.choice(firsts, size=n)
    b = r.integers(0, 256, size=n)
    return np.stack([a, b], axis=1)


def _v6_prefix(key: str) -> str:
    h = hashlib.sha256(("v6" + key).encode()).hexdigest()
    return f"2{h[0]}{h[1:3]}:{h[3:7]}"


def cat(series: list, sep: str = "") -> pl.Series:
    """Concatenate equal-length Series (or scalars) element-wise as strings."""
    n = max(len(x) for x in series if isinstance(x, pl.Series))
    cols = {f"c{i}": (x.cast(pl.String) if isinstance(x, pl.Series) else pl.Series([str(x)] * n)) for i, x in enumerate(series)}
    return pl.DataFrame(cols).select(pl.concat_str(list(cols), separator=sep).alias("s"))["s"]


def ipv4(rng: np.random.Generator, keys: np.ndarray | list, n_prefix: int = 4, third: np.ndarray | None = None) -> pl.Series:
    """Random IPv4 addresses inside the deterministic prefixes of each key (ASN/region string)."""
    keys = np.asarray(keys, dtype=object)
    uk, inv = np.unique(keys.astype(str), return_inverse=True)
    pre = np.concatenate([_prefixes(k, n_prefix)[None] for k in uk])  # (K, n_prefix, 2)
    pi = rng.integers(0, n_prefix, size=len(keys))
    ab = pre[inv, pi]
    c = rng.integers(0, 256, size=len(keys)) if third is None else third
    d = rng.integers(1, 255, size=len(keys))
    return cat([pl.Series(ab[:, 0]), pl.Series(ab[:, 1]), pl.Series(c), pl.Series(d)], ".")


def ipv6(rng: np.random.Generator, keys) -> pl.Series:
    keys = np.asarray(keys, dtype=object).astype(str)
    uk, inv = np.unique(keys, return_inverse=True)
    pre = np.array([_v6_prefix(k) for k in uk], dtype=object)[inv]
    parts = rng.integers(0, 65536, size=(len(keys), 6))
    cols = [pl.Series(pre).cast(pl.String)] + [pl.Series(np.char.mod("%x", parts[:, i])) for i in range(6)]
    return cat(cols, ":")


def same_24(rng: np.random.Generator, base_ip: str, n: int) -> pl.Series:
    """n addresses in the /24 of base_ip."""
    a, b, c, _ = base_ip.split(".")
    d = rng.integers(1, 255, size=n)
    return pl.Series([f"{a}.{b}.{c}."] * n) + pl.Series(d).cast(pl.String)


# --------------------------------------------------------------------------------------
# Client libraries: user agents and TLS fingerprints (JA4-like)
# --------------------------------------------------------------------------------------

def ja4(name: str, ciphers: int = 15, exts: int = 16, alpn: str = "h2") -> str:
    h = hashlib.sha256(name.encode()).hexdigest()
    return f"t13d{ciphers:02d}{exts:02d}{alpn}_{h[:12]}_{h[12:24]}"


TLS = {
    "py_linux": ja4("python-openssl3-linux", 17, 12), "py_mac": ja4("python-openssl3-macos", 17, 12),
    "py_win": ja4("python-openssl3-win", 17, 12), "node20": ja4("node20-openssl", 16, 13),
    "node22": ja4("node22-openssl", 16, 13), "go": ja4("go1.22-crypto-tls", 13, 11), "curl": ja4("curl-openssl", 31, 14),
    "java": ja4("java17-jsse", 22, 12), "okhttp": ja4("okhttp4-conscrypt", 15, 14),
    "chrome": ja4("chrome-boringssl", 15, 16), "safari": ja4("safari-securetransport", 21, 14),
    "firefox": ja4("firefox-nss", 17, 16), "ios_app": ja4("ios-urlsession", 21, 12), "android_app": ja4("android-okhttp", 15, 14),
    "rust": ja4("rust-rustls", 9, 10), "dotnet": ja4("dotnet8-schannel", 19, 11),
}

# family -> (user agents, weights, tls keys, tls weights)
CLIENTS = {
    "openai_py": (["OpenAI/Python 1.51.2", "OpenAI/Python 1.54.4", "OpenAI/Python 1.58.1", "OpenAI/Python 1.61.0"],
                  [0.15, 0.3, 0.35, 0.2], ["py_linux", "py_mac", "py_win"], [0.55, 0.35, 0.1]),
    "anthropic_py": (["Anthropic/Python 0.37.1", "Anthropic/Python 0.39.0", "Anthropic/Python 0.42.0", "Anthropic/Python 0.45.2"],
                     [0.1, 0.3, 0.35, 0.25], ["py_linux", "py_mac", "py_win"], [0.55, 0.35, 0.1]),
    "openai_js": (["OpenAI/JS 4.67.3", "OpenAI/JS 4.73.0", "OpenAI/JS 4.77.0"], [0.2, 0.4, 0.4], ["node20", "node22"], [0.6, 0.4]),
    "anthropic_js": (["Anthropic/JS 0.30.1", "Anthropic/JS 0.32.1", "Anthropic/JS 0.33.1"], [0.2, 0.4, 0.4], ["node20", "node22"], [0.6, 0.4]),
    "httpx": (["python-httpx/0.27.0", "python-httpx/0.27.2", "python-httpx/0.28.1"], [0.3, 0.4, 0.3], ["py_linux", "py_mac"], [0.7, 0.3]),
    "requests": (["python-requests/2.31.0", "python-requests/2.32.3"], [0.4, 0.6], ["py_linux", "py_mac", "py_win"], [0.6, 0.3, 0.1]),
    "aiohttp": (["Python/3.11 aiohttp/3.9.5", "Python/3.12 aiohttp/3.10.10"], [0.5, 0.5], ["py_linux"], [1.0]),
    "langchain": (["langchain-core/0.3.15 OpenAI/Python 1.54.4", "langchain-core/0.3.21 Anthropic/Python 0.39.0"], [0.5, 0.5], ["py_linux", "py_mac"], [0.6, 0.4]),
    "litellm": (["litellm/1.52.6", "litellm/1.55.2"], [0.5, 0.5], ["py_linux"], [1.0]),
    "go": (["Go-http-client/2.0", "Go-http-client/1.1"], [0.8, 0.2], ["go"], [1.0]),
    "curl": (["curl/8.5.0", "curl/7.81.0", "curl/8.7.1"], [0.4, 0.3, 0.3], ["curl"], [1.0]),
    "java": (["Java-http-client/17.0.9", "okhttp/4.12.0"], [0.5, 0.5], ["java", "okhttp"], [0.5, 0.5]),
    "dotnet": (["Vega.SDK/1.2.0 (.NET 8.0)"], [1.0], ["dotnet"], [1.0]),
    "rust": (["reqwest/0.12.9"], [1.0], ["rust"], [1.0]),
    "cloud_sdk": (["Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227 md/arch#x86_64 lang/python#3.11.9",
                   "aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.18.0",
                   "google-cloud-aiplatform/1.71.1 gl-python/3.11.9 grpc/1.67.1",
                   "azsdk-python-ai-inference/1.0.0b5 Python/3.11.9 (Linux-5.15-x86_64)"],
                  [0.45, 0.2, 0.25, 0.1], ["py_linux", "node20", "py_linux", "py_linux"], None),
    "browser": (["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
                 "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"],
                [0.3, 0.2, 0.18, 0.1, 0.07, 0.15], ["chrome", "chrome", "safari", "firefox", "chrome", "chrome"], None),
    "mobile": (["VegaChat/3.4.1 (iPhone; iOS 17.6; Scale/3.00)", "VegaChat/3.5.0 (iPhone; iOS 18.1; Scale/3.00)",
                "VegaChat/3.4.0 (Android 14; Pixel 8)", "VegaChat/3.5.0 (Android 15; SM-S918B)"],
               [0.3, 0.3, 0.2, 0.2], ["ios_app", "ios_app", "android_app", "android_app"], None),
}

# Popular SDK mix of legitimate API callers (family -> weight)
SDK_MIX = {"openai_py": 0.27, "anthropic_py": 0.2, "openai_js": 0.12, "anthropic_js": 0.08, "httpx": 0.06,
           "requests": 0.07, "langchain": 0.07, "litellm": 0.03, "curl": 0.03, "go": 0.03, "java": 0.02,
           "dotnet": 0.01, "aiohttp": 0.01}
# SDK default / typical max_tokens per family (None = not sent)
SDK_MAX_TOKENS = {"openai_py": [None, None, 1024, 4096], "openai_js": [None, None, 1024, 4096],
                  "anthropic_py": [1024, 1024, 4096, 8192], "anthropic_js": [1024, 4096, 4096, 8192],
                  "httpx": [1024, 2048, 4096], "requests": [512, 1024, 2048, 4096], "langchain": [1024, 4096, None],
                  "litellm": [None, 4096], "curl": [256, 1024, 1024], "go": [1024, 4096], "java": [1024, 2048],
                  "dotnet": [1024], "aiohttp": [1024, 4096], "rust": [4096]}


def pick_clients(rng: np.random.Generator, n: int, families: list[str] | dict | None = None):
    """Return (family, user_agent, fingerprint) arrays for n entities."""
    if families is None:
        families = SDK_MIX
    if isinstance(families, dict):
        fams = list(families)
        w = np.array([families[f] for f in fams], float)
    else:
        fams = list(families)
        w = np.ones(len(fams))
    fi = rng.choice(len(fams), size=n, p=w / w.sum())
    fam = np.array(fams, dtype=object)[fi]
    ua = np.empty(n, dtype=object)
    fp = np.empty(n, dtype=object)
    for k, f in enumerate(fams):
        m = fi == k
        if not m.any():
            continue
        uas, uw, tk, tw = CLIENTS[f]
        uw = np.asarray(uw, float)
        ui = rng.choice(len(uas), size=m.sum(), p=uw / uw.sum())
        ua[m] = np.asarray(uas, dtype=object)[ui]
        if tw is None:  # fingerprint tied to the user agent
            fp[m] = np.asarray([TLS[t] for t in tk], dtype=object)[ui]
        else:
            tw = np.asarray(tw, float)
            fp[m] = np.asarray([TLS[t] for t in tk], dtype=object)[rng.choice(len(tk), size=m.sum(), p=tw / tw.sum())]
    return fam, ua, fp


def sdk_max_tokens(rng: np.random.Generator, fam: np.ndarray) -> np.ndarray:
    out = np.full(len(fam), np.nan)
    for f in np.unique(fam):
        m = fam == f
        opts = SDK_MAX_TOKENS.get(f, [None, 1024, 4096])
        v = np.array([np.nan if o is None else o for o in opts], float)
        out[m] = v[rng.integers(0, len(v), size=m.sum())]
    return out


# --------------------------------------------------------------------------------------
# E-mail domains
# --------------------------------------------------------------------------------------

CONSUMER_EMAIL = {"gmail.com": 42, "outlook.com": 10, "hotmail.com": 5, "yahoo.com": 6, "icloud.com": 6,
                  "proton.me": 3, "gmx.de": 2, "web.de": 1, "mail.ru": 1, "yandex.ru": 1, "naver.com": 1.5,
                  "free.fr": 1, "orange.fr": 1, "yahoo.co.jp": 1.2, "qq.com": 0.6, "163.com": 0.4, "live.com": 2,
                  "aol.com": 0.6, "rediffmail.com": 0.7, "fastmail.com": 0.5}

_SYL = ["bright", "quill", "nova", "stone", "lumen", "vector", "harbor", "pine", "ember", "atlas", "cobalt",
        "summit", "tidal", "orbit", "maple", "iron", "clear", "swift", "cedar", "prism", "north", "blue", "kite"]
_SUF = ["cart", "metrics", "works", "labs", "soft", "data", "ly", "hq", "flow", "stack", "loop", "forge", "scale"]
_TLD = [".com", ".io", ".ai", ".co", ".de", ".app", ".dev", ".net"]


def company_domains(rng: np.random.Generator, n: int) -> list[str]:
    a = rng.choice(_SYL, size=n)
    b = rng.choice(_SUF, size=n)
    t = rng.choice(_TLD, size=n, p=[0.45, 0.15, 0.1, 0.08, 0.05, 0.05, 0.07, 0.05])
    return [f"{x}{y}{z}" for x, y, z in zip(a, b, t)]


def consumer_emails(rng: np.random.Generator, n: int) -> np.ndarray:
    d = list(CONSUMER_EMAIL)
    w = np.array([CONSUMER_EMAIL[k] for k in d], float)
    return np.asarray(d, dtype=object)[rng.choice(len(d), size=n, p=w / w.sum())]
