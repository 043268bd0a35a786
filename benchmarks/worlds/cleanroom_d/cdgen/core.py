"""Core machinery: context, ids, vectorized templating, network and client catalogs,
timing models, model releases and event emission."""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field

import numpy as np
import polars as pl

DAY = 86400.0
HOUR = 3600.0

# ------------------------------------------------------------------ ids
_HEXB = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hexids(rng: np.random.Generator, n: int, nchar: int, prefix: str) -> np.ndarray:
    """n random-looking ids, prefix + nchar hex digits, unique, as an object array."""
    nib = rng.integers(0, 16, size=(n, nchar), dtype=np.uint8)
    raw = np.ascontiguousarray(_HEXB[nib]).view(f"S{nchar}").ravel().astype(f"U{nchar}")
    out = np.char.add(prefix, raw).astype(object)
    # collisions are astronomically unlikely at these lengths; guard deterministically anyway
    _, first = np.unique(out, return_index=True)
    if len(first) != n:
        dup = np.setdiff1d(np.arange(n), first)
        out[dup] = np.char.add(out[dup].astype(str), "x" + np.arange(len(dup)).astype(str)).astype(object)
    return out


# ------------------------------------------------------------ templating
_PARSED: dict[str, list] = {}


def _parse(t: str):
    if t not in _PARSED:
        _PARSED[t] = [(lit, f) for lit, f, _s, _c in string.Formatter().parse(t)]
    return _PARSED[t]


def fill(templates, tidx, slots: dict, n: int | None = None) -> np.ndarray:
    """Fill template templates[tidx[i]] for every row i. Slots are object arrays of length n
    (or plain strings). Loops over templates and template parts, never over rows."""
    tidx = np.asarray(tidx)
    n = len(tidx) if n is None else n
    out = np.empty(n, dtype=object)
    for k, t in enumerate(templates):
        m = np.nonzero(tidx == k)[0]
        if len(m) == 0:
            continue
        acc = np.full(len(m), "", dtype=object)
        for lit, f in _parse(t):
            if lit:
                acc = acc + lit
            if f is not None:
                v = slots[f]
                acc = acc + (v[m] if isinstance(v, np.ndarray) else v)
        out[m] = acc
    return out


def pick(rng, pool, n, p=None) -> np.ndarray:
    pool = np.asarray(pool, dtype=object)
    return pool[rng.choice(len(pool), size=n, p=p)]


def obj(a) -> np.ndarray:
    return np.asarray(a, dtype=object)


_INTSTR = np.array([str(i) for i in range(100000)], dtype=object)
_HEX16 = np.array([format(i, "x") for i in range(65536)], dtype=object)


def istr(a) -> np.ndarray:
    """int array (0..99999) -> object array of decimal strings."""
    return _INTSTR[np.clip(np.asarray(a, dtype=np.int64), 0, 99999)]


def fstr1(a) -> np.ndarray:
    """positive float -> 'x.y' string with one decimal."""
    a = np.round(np.asarray(a, dtype=float), 1)
    whole = np.floor(a).astype(np.int64)
    frac = np.round((a - whole) * 10).astype(np.int64)
    return istr(whole) + "." + istr(frac)


# ------------------------------------------------------------- network
# Real autonomous-system numbers with address blocks in their usual first octets. The
# second octet of each /16 is drawn once from a fixed generator (not the world seed),
# so the simulated internet is the same in every world.
ISP = {  # country -> list of (asn, [first octets])
    "US": [(7922, [73, 98, 24]), (701, [71, 108]), (7018, [99, 107]), (20115, [47, 75]), (22773, [68, 70])],
    "GB": [(2856, [81, 86]), (5089, [82, 92])], "DE": [(3320, [79, 87, 91]), (3209, [88, 94])],
    "FR": [(3215, [90, 86]), (12322, [78, 82])], "IN": [(55836, [49, 157]), (24560, [122, 106])],
    "BR": [(28573, [177, 187]), (26599, [189, 179])], "JP": [(17676, [126, 219]), (2516, [106, 111])],
    "KR": [(4766, [175, 121])], "CA": [(812, [99, 174]), (577, [70, 142])], "AU": [(1221, [101, 120])],
    "SG": [(9506, [116, 220])], "NL": [(1136, [77, 145])], "ES": [(3352, [83, 88])],
    "IT": [(3269, [79, 87])], "PL": [(5617, [83, 89])], "MX": [(8151, [187, 189])],
    "ID": [(7713, [36, 180])], "TR": [(9121, [78, 88])], "VN": [(45899, [113, 14])],
    "NG": [(29465, [105, 197])], "HK": [(4760, [112, 218])], "TW": [(3462, [36, 114])],
}
MOBILE = {"US": (21928, [172]), "GB": (12576, [31]), "DE": (6805, [176]), "IN": (45609, [223]),
          "BR": (26615, [177]), "JP": (2516, [49]), "FR": (51207, [37]), "ID": (23693, [114])}
CLOUD = [  # (asn, country, first octets) - large clouds, where SaaS backends run
    (16509, "US", [3, 18, 52, 54]), (16509, "IE", [34, 52]), (16509, "DE", [3, 18]),
    (16509, "SG", [13, 54]), (16509, "JP", [13, 54]), (15169, "US", [34, 35]), (396982, "US", [34, 35]),
    (15169, "NL", [34]), (8075, "US", [20, 40, 52]), (8075, "NL", [20, 51]), (8075, "GB", [20, 51]),
    (31898, "US", [129, 150]), (45102, "SG", [47]), (45102, "US", [47]),
]
HOSTING = [  # cheap VPS / hosting, where scrapers and proxies run
    (14061, "US", [104, 138, 159, 167]), (14061, "DE", [46, 164]), (14061, "SG", [128, 139]),
    (24940, "DE", [95, 116, 88]), (24940, "FI", [65, 95]), (16276, "FR", [51, 145]),
    (16276, "CA", [51, 142]), (20473, "US", [45, 149]), (20473, "JP", [45, 139]),
    (20473, "SG", [45, 139]), (63949, "US", [172, 139]), (9009, "NL", [185, 37]),
    (51167, "DE", [5, 62]), (36352, "US", [192, 198]),
]
VPN = [(9009, "NL", [185, 37]), (9009, "US", [185, 37]), (60068, "GB", [89, 156]),
       (60068, "DE", [143, 156]), (212238, "US", [138, 149]), (136787, "SG", [103, 45]),
       (9009, "JP", [185, 37]), (60068, "US", [89, 143])]
SWG = (22616, "US", [165, 136])  # secure-web-gateway egress shared by many companies
PARTNER_CLOUD = [(16509, "US", [3, 52]), (15169, "US", [34])]  # third-party cloud surface gateways

_fixed = np.random.default_rng(20240917)
_SECOND: dict[tuple, int] = {}


def _second(asn, first):
    key = (asn, first)
    if key not in _SECOND:
        _SECOND[key] = int(_fixed.integers(0, 256))
    return _SECOND[key]


# Materialize /16 prefixes for every (asn, first octet) pair, deterministically
for _cc, _lst in sorted(ISP.items()):
    for _asn, _f in _lst:
        for _o in _f:
            _second(_asn, _o)
for _cc, (_asn, _f) in sorted(MOBILE.items()):
    for _o in _f:
        _second(_asn, _o)
for _asn, _cc, _f in CLOUD + HOSTING + VPN + [SWG] + PARTNER_CLOUD:
    for _o in _f:
        _second(_asn, _o)

# A fixed fleet of egress addresses of the third-party cloud surface (shared by all its customers)
_PG_IP, _PG_ASN, _PG_CC = [], [], []
for _k in range(64):
    _asn, _cc, _f = PARTNER_CLOUD[_k % len(PARTNER_CLOUD)]
    _o = _f[_k % len(_f)]
    _PG_IP.append(f"{_o}.{_second(_asn, _o)}.{int(_fixed.integers(0, 256))}.{int(_fixed.integers(1, 255))}")
    _PG_ASN.append(_asn); _PG_CC.append(_cc)
PG_IP, PG_ASN, PG_CC = np.array(_PG_IP, dtype=object), np.array(_PG_ASN), np.array(_PG_CC, dtype=object)


def partner_gateways(rng, n):
    k = rng.integers(0, len(PG_IP), n)
    return PG_IP[k], PG_ASN[k], PG_CC[k]


COUNTRY_W = {"US": 30, "IN": 9, "GB": 6, "DE": 6, "BR": 5, "FR": 4, "CA": 4, "JP": 4, "KR": 3,
             "ES": 3, "IT": 3, "MX": 3, "NL": 2, "PL": 2, "AU": 2, "SG": 2, "ID": 2, "TR": 2,
             "VN": 1, "NG": 1, "HK": 1, "TW": 1}
COUNTRIES = np.array(list(COUNTRY_W.keys()), dtype=object)
COUNTRY_P = np.array(list(COUNTRY_W.values()), dtype=float)
COUNTRY_P /= COUNTRY_P.sum()
TZ = {"US": [-5, -6, -7, -8], "CA": [-5, -8], "BR": [-3], "MX": [-6], "GB": [0], "DE": [1], "FR": [1],
      "NL": [1], "ES": [1], "IT": [1], "PL": [1], "NG": [1], "FI": [2], "IE": [0], "TR": [3],
      "IN": [5.5], "ID": [7], "VN": [7], "SG": [8], "HK": [8], "TW": [8], "KR": [9], "JP": [9], "AU": [10]}
V6 = {7922: "2601:", 701: "2600:1000:", 7018: "2600:1700:", 3320: "2003:", 55836: "2409:4000:",
      21928: "2607:fb90:", 17676: "2400:2000:", 2856: "2a00:2300:", 3215: "2a01:cb00:"}


def ipv4(rng, asn_first_pairs: list, n: int, which=None) -> tuple[np.ndarray, np.ndarray]:
    """Random IPv4 addresses inside the /16s of the given (asn, first) pairs.
    Returns (ip strings, asn ints)."""
    k = len(asn_first_pairs)
    which = rng.integers(0, k, n) if which is None else which
    firsts = np.array([f for _, f in asn_first_pairs])[which]
    asns = np.array([a for a, _ in asn_first_pairs])[which]
    sec = np.array([_second(a, f) for a, f in asn_first_pairs])[which]
    c = rng.integers(0, 256, n)
    d = rng.integers(1, 255, n)
    ip = istr(firsts) + "." + istr(sec) + "." + istr(c) + "." + istr(d)
    return ip, asns


def ipv6(rng, asns: np.ndarray) -> np.ndarray:
    n = len(asns)
    pre = np.array([V6.get(int(a), "2a02:8000:") for a in np.unique(asns)], dtype=object)
    pre = pre[np.searchsorted(np.unique(asns), asns)]
    g = rng.integers(0, 65536, (n, 4))
    return (pre + _HEX16[g[:, 0]] + ":" + _HEX16[g[:, 1]] + ":" + _HEX16[g[:, 2]] + "::"
            + _HEX16[g[:, 3]])


def residential(rng, countries: np.ndarray, v6_share=0.0, mobile=False):
    """One residential (or mobile carrier) address per row, in the row's country.
    Returns ip, asn."""
    n = len(countries)
    ip = np.empty(n, dtype=object)
    asn = np.zeros(n, dtype=np.int64)
    for cc in np.unique(countries):
        m = np.nonzero(countries == cc)[0]
        if mobile and cc in MOBILE:
            a, f = MOBILE[cc]
            pairs = [(a, o) for o in f]
        else:
            pairs = [(a, o) for a, fs in ISP.get(cc, ISP["US"]) for o in fs]
        ip[m], asn[m] = ipv4(rng, pairs, len(m))
    if v6_share > 0:
        six = rng.random(n) < v6_share
        six &= np.isin(asn, list(V6.keys()))
        if six.any():
            ip[six] = ipv6(rng, asn[six])
    return ip, asn


def from_table(rng, table, n, idx=None):
    """Addresses from a list like CLOUD/HOSTING/VPN: returns ip, asn, country."""
    idx = rng.integers(0, len(table), n) if idx is None else np.asarray(idx)
    ip = np.empty(n, dtype=object)
    asn = np.zeros(n, dtype=np.int64)
    cc = np.empty(n, dtype=object)
    for k in np.unique(idx):
        m = np.nonzero(idx == k)[0]
        a, c, fs = table[k]
        ip[m], asn[m] = ipv4(rng, [(a, o) for o in fs], len(m))
        cc[m] = c
    return ip, asn, cc


def tz_for(rng, countries: np.ndarray) -> np.ndarray:
    out = np.zeros(len(countries))
    for cc in np.unique(countries):
        m = countries == cc
        out[m] = rng.choice(TZ.get(cc, [0]), size=m.sum())
    return out


# ------------------------------------------------------------- clients
# JA4-style TLS client fingerprints per runtime (fixed; they are properties of software).
FP = {
    "chrome": "t13d1516h2_8daaf6152771_02713d6af862", "firefox": "t13d1715h2_5b57614c22b0_3d5424432f57",
    "safari": "t13d2014h2_a09f3c656075_14788d8d241b", "edge": "t13d1516h2_8daaf6152771_e5627efa2ab1",
    "py311": "t13d1812h2_85036bcba153_b26ce05bbdd6", "py312": "t13d1812h2_85036bcba153_375ca2c5e164",
    "node20": "t13d1712h2_5b57614c22b0_eb3fca8f4d6a", "node22": "t13d1713h2_5b57614c22b0_06a3a0e2e5f1",
    "go": "t13d1312h2_f57a46bbacb6_ab7e3b40a677", "curl": "t13d3112h2_e8f1e7e78f70_6bebaf5329ac",
    "java": "t13d1911h2_d83cc789557e_9e1ee3e4c0d2", "rust": "t13d0912h2_f91f431d341e_d24c4e8d3ae2",
}
BROWSER_UA = [
    ("chrome", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
    ("chrome", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
    ("chrome", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36"),
    ("chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36"),
    ("safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15"),
    ("safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1"),
    ("firefox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"),
    ("firefox", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"),
    ("edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67"),
]
BROWSER_P = np.array([30, 14, 8, 3, 12, 10, 8, 3, 12], float)
BROWSER_P /= BROWSER_P.sum()

# API clients: (user agent, runtime, share among SDK users)
SDK_UA = [
    ("atlas-python/1.33.1", "py312", 14), ("atlas-python/1.33.1", "py311", 12),
    ("atlas-python/1.32.0", "py311", 9), ("atlas-python/1.30.2", "py311", 5),
    ("atlas-python/1.28.0", "py311", 3), ("atlas-node/0.27.0", "node20", 9),
    ("atlas-node/0.26.1", "node22", 5), ("OpenAI/Python 1.51.2", "py311", 9),
    ("OpenAI/JS 4.67.1", "node20", 4), ("litellm/1.48.10", "py311", 4),
    ("langchain-atlas/0.2.3", "py311", 4), ("python-httpx/0.27.2", "py312", 4),
    ("python-requests/2.32.3", "py311", 4), ("curl/8.5.0", "curl", 2),
    ("Go-http-client/2.0", "go", 3), ("okhttp/4.12.0", "java", 2), ("atlas-rs/0.4.0", "rust", 1),
]
SDK_P = np.array([w for *_r, w in SDK_UA], float)
SDK_P /= SDK_P.sum()
# Default max_tokens that SDK users send (quickstart values dominate); None = not set
SDK_MAXTOK = np.array([1024, 4096, 2048, 8192, 512, 16000, -1])
SDK_MAXTOK_P = np.array([30, 26, 12, 12, 5, 5, 10], float)
SDK_MAXTOK_P /= SDK_MAXTOK_P.sum()

AGENT_UA = {
    "tessellate": [("tessellate-cli/2.3.1 (external, cli)", "node20"), ("tessellate-cli/2.2.9 (external, cli)", "node20"),
                   ("tessellate-cli/2.3.0 (external, vscode)", "node22")],
    "quillpilot": [("quillpilot-vscode/1.12.0", "node20"), ("quillpilot-vscode/1.11.4", "node20"),
                   ("quillpilot-jetbrains/1.12.0", "java")],
    "forge": [("forge-chat/0.61.0 python/3.11", "py311"), ("forge-chat/0.60.1 python/3.12", "py312")],
    "harbor": [("harbor-runner/2025.3 (linux; x86_64)", "go")],
}


def pick_browser(rng, n):
    k = rng.choice(len(BROWSER_UA), size=n, p=BROWSER_P)
    ua = obj([u for _, u in BROWSER_UA])[k]
    fp = obj([FP[b] for b, _ in BROWSER_UA])[k]
    return ua, fp


def pick_sdk(rng, n, allowed=None):
    p = SDK_P.copy()
    if allowed is not None:
        mask = np.array([any(u.startswith(a) for a in allowed) for u, _, _ in SDK_UA])
        p = np.where(mask, p, 0)
        p /= p.sum()
    k = rng.choice(len(SDK_UA), size=n, p=p)
    ua = obj([u for u, _, _ in SDK_UA])[k]
    fp = obj([FP[r] for _, r, _ in SDK_UA])[k]
    return ua, fp


def pick_sdk_maxtok(rng, n):
    return rng.choice(SDK_MAXTOK, size=n, p=SDK_MAXTOK_P)


def pick_agent_ua(rng, product, n):
    lst = AGENT_UA[product]
    k = rng.integers(0, len(lst), n)
    return obj([u for u, _ in lst])[k], obj([FP[r] for _, r in lst])[k]


# ---------------------------------------------------------------- email domains
CONSUMER_MAIL = ["gmail.com", "gmail.com", "gmail.com", "gmail.com", "outlook.com", "hotmail.com",
                 "yahoo.com", "icloud.com", "proton.me", "gmx.de", "web.de", "naver.com",
                 "yahoo.co.jp", "mail.ru", "qq.com", "163.com", "orange.fr", "libero.it"]
DISPOSABLE_MAIL = ["inboxmule.net", "quickpost.email", "tmpbox.org", "mailvault.cc", "dropmail.site"]


def word_domain(rng, n, tlds=(".com", ".io", ".ai", ".co", ".dev")):
    from .text_legit import BRAND_A, BRAND_B
    a = pick(rng, [x.lower() for x in BRAND_A], n)
    b = pick(rng, BRAND_B, n)
    return a + b + pick(rng, list(tlds), n)


# ---------------------------------------------------------------- timing
def _norm(w):
    w = np.asarray(w, float)
    return w / w.sum()


HOURLY = {  # local-time weight per hour 0..23
    "casual": _norm([3, 2, 1.2, .8, .6, .6, 1, 2, 3, 4, 5, 5.5, 6, 6, 5.5, 5.5, 6, 6.5, 7, 7.5, 8, 8, 7, 5]),
    "office": _norm([.4, .3, .2, .2, .2, .3, .8, 2, 5, 8, 9, 9, 6, 8, 9, 9, 8, 6, 3, 2, 1.5, 1.2, .9, .6]),
    "student": _norm([4, 3, 1.5, .7, .4, .3, .4, 1, 2.5, 4, 5, 5.5, 5.5, 6, 6.5, 6.5, 6.5, 6.5, 7, 7.5, 8, 8, 7, 5.5]),
    "school": _norm([.5, .3, .2, .2, .2, .3, .8, 3, 6, 8, 8, 8, 7, 8, 8, 7, 6, 6, 6.5, 6.5, 5, 3, 1.5, .8]),
    "evening_dev": _norm([2, 1.5, 1, .5, .3, .3, .5, 1, 3, 5, 6, 6, 5, 6, 6.5, 6.5, 6, 5, 4, 4.5, 5, 5, 4, 3]),
    "flat": _norm([9, 8.5, 8, 8, 8, 8.3, 8.8, 9.3, 10, 10.5, 11, 11, 11, 11, 11, 11, 10.8, 10.5, 10.5, 10.5, 10.2, 10, 9.8, 9.4]),
}
HOURLY_CDF = {k: np.cumsum(v) for k, v in HOURLY.items()}


def sample_hours(rng, n, profile) -> np.ndarray:
    cdf = HOURLY_CDF[profile]
    h = np.minimum(np.searchsorted(cdf, rng.random(n) * cdf[-1]), 23)
    return h + rng.random(n)


def session_starts(rng, lo, hi, tz_h, profile, weekend_w, start_wd):
    """One start time per row, uniform over the local days in [lo, hi) with an hourly profile.
    Rows drawn outside [lo, hi) or thinned by the weekend factor come back as NaN."""
    n = len(lo)
    off = tz_h * HOUR
    dlo = np.floor((lo + off) / DAY)
    dhi = np.ceil((hi + off) / DAY)
    day = dlo + np.floor(rng.random(n) * np.maximum(dhi - dlo, 1))
    t = day * DAY + sample_hours(rng, n, profile) * HOUR - off
    wd = (start_wd + day.astype(np.int64)) % 7
    weekend = wd >= 5
    w = np.asarray(weekend_w, float) * np.ones(n)
    keep = np.where(weekend, np.minimum(w, 1.0), np.minimum(1.0 / np.maximum(w, 1e-9), 1.0))
    ok = (rng.random(n) < keep) & (t >= lo) & (t < hi)
    return np.where(ok, t, np.nan)


def expand_sessions(rng, sess_t0, sess_len, gaps):
    """Sessions -> events. gaps: array of len sum(sess_len) of seconds between consecutive
    events of the same session (the first gap of each session is ignored).
    Returns (session index, turn index, t)."""
    sess_len = np.asarray(sess_len, dtype=np.int64)
    S = len(sess_len)
    sid = np.repeat(np.arange(S), sess_len)
    first = np.cumsum(sess_len) - sess_len
    turn = np.arange(len(sid)) - first[sid]
    g = np.where(turn == 0, 0.0, gaps)
    cs = np.cumsum(g)
    t = sess_t0[sid] + cs - cs[first][sid]
    return sid, turn, t


def lognormal_gaps(rng, n, median, sigma, lo=0.5):
    return np.maximum(rng.lognormal(np.log(median), sigma, n), lo)


# ------------------------------------------------------------ world context
@dataclass
class Ctx:
    seed: int
    preset: str
    scale: str
    days: float
    corpora: object
    rng: np.random.Generator
    start: dt.datetime
    start_wd: int
    releases: list  # [(model, t_seconds_since_start or negative)]
    accounts: list = field(default_factory=list)
    events: list = field(default_factory=list)
    campaigns: dict = field(default_factory=dict)
    n_accounts: int = 0

    @property
    def horizon(self) -> float:
        return self.days * DAY

    @property
    def hard(self) -> bool:
        return self.preset == "hard"

    def campaign(self, name: str) -> str:
        if name not in self.campaigns:
            self.campaigns[name] = str(hexids(self.rng, 1, 12, "cmp_")[0])
        return self.campaigns[name]

    # -------------------------------------------------------------- accounts
    def add_accounts(self, actor, campaign, tier, verified, email_domain, payment, signup_ip,
                     org_id, created_s) -> np.ndarray:
        n = len(tier)
        idx = np.arange(self.n_accounts, self.n_accounts + n)
        self.n_accounts += n
        self.accounts.append(dict(
            idx=idx, actor=np.full(n, actor, dtype=object),
            campaign=np.full(n, campaign, dtype=object),
            tier=obj(tier), verified=np.asarray(verified, bool), email_domain=obj(email_domain),
            payment=obj(payment), signup_ip=obj(signup_ip), org_id=obj(org_id),
            created_s=np.asarray(created_s, float)))
        return idx

    # ---------------------------------------------------------------- events
    def emit(self, **c):
        """Append a batch of events. Required keys (arrays or scalars of length n):
        acct, t, model, prompt, system_prompt, input_ctx, out_vis, think, tools, has_image,
        n_turns, max_tokens, temperature, surface, user_agent, fp, ip, asn, country,
        api_key_id, org_id, actor, campaign, kind, capability, status_p (dict)."""
        n = len(c["acct"])
        if n == 0:
            return
        def arr(v, dtype=None):
            if isinstance(v, np.ndarray):
                return v.astype(object) if v.dtype.kind in "US" else v
            return np.full(n, v, dtype=dtype if dtype is not None else object)
        rng = self.rng
        sp = c.pop("status_p", {})
        u = rng.random(n)
        status = np.full(n, "ok", dtype=object)
        cum = np.zeros(n)
        for name in ("refused", "error", "rate_limited"):
            p = arr(sp.get(name, 0.0), float)
            status[(u >= cum) & (u < cum + p)] = name
            cum = cum + p
        mt = arr(c["max_tokens"], np.int64).astype(np.int64)
        cols = {
            "acct": arr(c["acct"]).astype(np.int64), "t": arr(c["t"], float).astype(float),
            "model": arr(c["model"]), "prompt": arr(c["prompt"]), "system_prompt": arr(c["system_prompt"]),
            "input_ctx": arr(c["input_ctx"], np.int64).astype(np.int64),
            "out_vis": arr(c["out_vis"], np.int64).astype(np.int64),
            "think": arr(c["think"], bool).astype(bool),
            "tools": arr(c["tools"], np.int64).astype(np.int64),
            "has_image": arr(c["has_image"], bool).astype(bool),
            "n_turns": arr(c["n_turns"], np.int64).astype(np.int64),
            "max_tokens": mt, "temperature": arr(c["temperature"], float).astype(float),
            "surface": arr(c["surface"]), "user_agent": arr(c["user_agent"]), "fp": arr(c["fp"]),
            "ip": arr(c["ip"]), "asn": arr(c["asn"], np.int64).astype(np.int64), "country": arr(c["country"]),
            "api_key_id": arr(c["api_key_id"]), "org_id": arr(c["org_id"]),
            "actor": arr(c["actor"]), "campaign": arr(c["campaign"]), "kind": arr(c["kind"]),
            "capability": arr(c["capability"]), "status": status,
        }
        self.events.append(cols)


# ------------------------------------------------------------- models
BASE_MODELS = ["atlas-2-mini", "atlas-2", "atlas-2-reasoner"]
THINKING = {"atlas-2-reasoner": "always", "atlas-3": "optional", "atlas-3-mini": "optional"}


def upgrade_target(ctx: Ctx, model: str):
    """(new model, release time) a client of `model` would move to, or None."""
    rel = {m: t for m, t in ctx.releases}
    if model in ("atlas-2", "atlas-2-reasoner") and "atlas-3" in rel and rel["atlas-3"] > 0:
        return "atlas-3", rel["atlas-3"]
    if model == "atlas-2-mini" and "atlas-3-mini" in rel and rel["atlas-3-mini"] > 0:
        return "atlas-3-mini", rel["atlas-3-mini"]
    return None


def pivot(ctx: Ctx, rng, t, model, share_fn):
    """Move events to the newly released model with probability share_fn(seconds since release,
    rows) for rows after the release. model: object array (modified copy returned)."""
    model = model.copy()
    for base in np.unique(model):
        tgt = upgrade_target(ctx, base)
        if tgt is None:
            continue
        new, r = tgt
        m = np.nonzero((model == base) & (t >= r))[0]
        if len(m) == 0:
            continue
        p = share_fn(t[m] - r, m)
        model[m[rng.random(len(m)) < p]] = new
    return model


def ramp(delay_h, full_share, tau_h):
    """Share moving to the new model: 0 before delay, then full*(1-exp(-(dt-delay)/tau))."""
    def f(dts, m):
        x = (dts / HOUR - delay_h) / tau_h
        return np.where(x > 0, full_share * (1 - np.exp(-np.maximum(x, 0))), 0.0)
    return f


# ---------------------------------------------------------------- helpers
def alloc_counts(rng, weights, total) -> np.ndarray:
    """Split total into len(weights) Poisson counts proportional to weights."""
    w = np.asarray(weights, float)
    return rng.poisson(total * w / w.sum())


def seg_first(sorted_keys) -> np.ndarray:
    """boolean: first element of each run in a sorted key array."""
    f = np.ones(len(sorted_keys), bool)
    f[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return f
