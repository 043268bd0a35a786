"""Shared machinery: random streams, string tables, IP space, clients, time samplers,
account registry and the event accumulator.

Everything per event is a numpy array; strings are integer ids into small tables and
are only materialised once, at the end, by polars.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

import numpy as np

SEC = 1_000_000          # timestamps are int64 microseconds since the Unix epoch
MIN = 60 * SEC
HOUR = 3600 * SEC
DAY = 86400 * SEC

# event enums --------------------------------------------------------------------
STATUS = ["ok", "refused", "error", "rate_limited"]
OK, REFUSED, ERROR, RATE_LIMITED = 0, 1, 2, 3
SURFACES = ["api", "chat", "console", "cloud"]
API, CHAT, CONSOLE, CLOUD = 0, 1, 2, 3
KINDS = ["benign", "harvest", "cover", "resold"]
BENIGN, HARVEST, COVER, RESOLD = 0, 1, 2, 3
CAPS = ["reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision",
        "sensitive_rewrite", "rubric_grading", "other"]
C_REASON, C_COT, C_CODE, C_TOOL, C_AGENT, C_VISION, C_SENS, C_RUBRIC, C_OTHER = range(9)

# models: (id, days before window start it was released; None = inside the window)
MODELS = ["aster-3-mini", "aster-3.5", "aster-4-mini", "aster-4", "aster-4-pro", "aster-4.5"]
M3MINI, M35, M4MINI, M4, M4PRO, M45 = range(6)
THINKING_MODELS = {M4, M4PRO, M45}


def stream(seed: int, *names) -> np.random.Generator:
    """Independent, reproducible random stream for a named component."""
    key = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(n).encode()) for n in names]
    return np.random.default_rng(np.random.SeedSequence(key))


def hexids(rng: np.random.Generator, n: int, nbytes: int, prefix: str) -> np.ndarray:
    """n random hex ids of 2*nbytes chars with a prefix, vectorised."""
    if n == 0:
        return np.array([], dtype=object)
    raw = rng.bytes(n * nbytes).hex().encode()
    arr = np.frombuffer(raw, dtype=f"S{2 * nbytes}").astype(str)
    return np.char.add(prefix, arr)


def stable_hex(text: str, n: int = 12) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


# ---------------------------------------------------------------------------------
class StrTable:
    """Interned strings; ids are stable within one run."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def add(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = len(self.items)
            self.items.append(s)
            self.index[s] = i
        return i

    def add_many(self, strs) -> np.ndarray:
        return np.fromiter((self.add(s) for s in strs), dtype=np.int32)

    def lengths(self) -> np.ndarray:
        return np.fromiter((len(s) for s in self.items), dtype=np.int64, count=len(self.items))


# ---------------------------------------------------------------------------------
# IP space.  ISPs / networks are real-looking ASNs; address blocks are drawn from a
# shuffled list of public /16s so that no two networks overlap.
RESIDENTIAL = {
    # cc: [(asn, weight, is_mobile, v6_share)]
    "US": [(7922, 28, 0, .35), (7018, 16, 0, .25), (701, 10, 0, .1), (20115, 14, 0, .2), (22773, 6, 0, .1),
           (21928, 12, 1, .6), (6167, 8, 1, .4)],
    "GB": [(2856, 30, 0, .3), (5089, 25, 0, .05), (5607, 20, 0, .4), (12576, 20, 1, .3)],
    "DE": [(3320, 45, 0, .5), (3209, 25, 0, .3), (6805, 20, 1, .2)],
    "FR": [(3215, 40, 0, .4), (12322, 35, 0, .5), (5410, 20, 0, .2)],
    "IN": [(55836, 50, 1, .7), (24560, 25, 0, .3), (45609, 25, 1, .3)],
    "CA": [(812, 50, 0, .2), (577, 50, 0, .2)],
    "BR": [(18881, 50, 0, .3), (28573, 50, 0, .2)],
    "JP": [(4713, 40, 0, .3), (2516, 35, 0, .4), (17676, 25, 1, .2)],
    "KR": [(4766, 50, 0, .1), (9318, 50, 0, .1)],
    "AU": [(1221, 60, 0, .3), (4804, 40, 0, .1)],
    "SG": [(9506, 60, 0, .2), (4773, 40, 1, .1)],
    "NL": [(1136, 50, 0, .3), (33915, 50, 0, .1)],
    "ES": [(3352, 100, 0, .1)],
    "IT": [(3269, 100, 0, .1)],
    "PL": [(5617, 100, 0, .1)],
    "MX": [(8151, 100, 0, .05)],
    "ID": [(7713, 100, 1, .1)],
    "VN": [(7552, 100, 1, .1)],
    "PH": [(9299, 100, 0, .05)],
    "TR": [(9121, 100, 0, .05)],
    "NG": [(29465, 100, 1, .0)],
    "ZA": [(37457, 100, 0, .05)],
    "SE": [(3301, 100, 0, .2)],
    "CH": [(3303, 100, 0, .3)],
    "IL": [(8551, 100, 0, .1)],
    "TW": [(3462, 100, 0, .2)],
    "CN": [(4134, 60, 0, .1), (4837, 40, 0, .1)],   # only ever seen through leaks
}
COUNTRY_WEIGHTS = {
    "US": 33, "IN": 8, "GB": 6, "DE": 5, "CA": 4, "FR": 3, "BR": 4, "JP": 3, "KR": 2, "AU": 2,
    "SG": 1.5, "NL": 2, "ES": 2, "IT": 2, "PL": 1.5, "MX": 2, "ID": 2, "VN": 1, "PH": 1.5,
    "TR": 1, "NG": 1, "ZA": 1, "SE": 1, "CH": 1, "IL": 1, "TW": 1,
}
TZ = {"US": [-5, -6, -7, -8], "GB": [0], "DE": [1], "FR": [1], "IN": [5.5], "CA": [-5, -8],
      "BR": [-3], "JP": [9], "KR": [9], "AU": [10], "SG": [8], "NL": [1], "ES": [1], "IT": [1],
      "PL": [1], "MX": [-6], "ID": [7], "VN": [7], "PH": [8], "TR": [3], "NG": [1], "ZA": [2],
      "SE": [1], "CH": [1], "IL": [2], "TW": [8], "CN": [8], "HK": [8], "IE": [0]}
TZ_W = {"US": [.47, .29, .07, .17], "CA": [.7, .3]}

# cloud / hosting / vpn networks: name -> (asn, [(cc, weight)])
CLOUDS = {
    "aws": (16509, [("US", 6), ("IE", 2), ("DE", 1), ("SG", 1), ("JP", 1)]),
    "aws_use1": (14618, [("US", 1)]),
    "gcp": (396982, [("US", 4), ("NL", 1), ("SG", 1), ("JP", 1)]),
    "google": (15169, [("US", 1)]),
    "azure": (8075, [("US", 4), ("NL", 1), ("IE", 1), ("SG", 1)]),
    "digitalocean": (14061, [("US", 3), ("DE", 1), ("SG", 1), ("NL", 1)]),
    "hetzner": (24940, [("DE", 3), ("US", 1)]),
    "ovh": (16276, [("FR", 3), ("CA", 1), ("SG", 1)]),
    "linode": (63949, [("US", 2), ("JP", 1), ("SG", 1)]),
    "vultr": (20473, [("US", 2), ("JP", 1), ("SG", 1)]),
    "oracle": (31898, [("US", 1), ("JP", 1)]),
    "alibaba": (45102, [("SG", 2), ("US", 1), ("JP", 1)]),
    "tencent": (132203, [("SG", 2), ("JP", 1)]),
    "cloudflare": (13335, [("US", 3), ("GB", 1), ("DE", 1), ("SG", 1)]),
    "akamai_relay": (36183, [("US", 3), ("GB", 1), ("DE", 1)]),
    "m247": (9009, [("NL", 1), ("GB", 1), ("US", 2), ("DE", 1), ("SG", 1)]),
    "datacamp": (60068, [("US", 2), ("NL", 1), ("GB", 1), ("JP", 1), ("CH", 1)]),
    "tefincom": (136787, [("US", 2), ("NL", 1), ("SG", 1), ("JP", 1)]),
    "mullvad": (39351, [("SE", 2), ("DE", 1), ("NL", 1), ("US", 1)]),
    "zscaler": (53813, [("US", 3), ("DE", 1), ("GB", 1), ("IN", 1)]),
    "cogent": (174, [("US", 2), ("DE", 1)]),
    "lumen": (3356, [("US", 1)]),
}

# public unicast first octets (private, shared, loopback, link-local, test-net, DoD and multicast ranges left out)
_FIRST_OCTETS = [o for o in range(1, 224) if o not in (0, 6, 7, 10, 11, 21, 22, 26, 28, 29, 30, 33, 55, 100, 127, 169,
                                                       172, 192, 198, 203, 214, 215)]


class Net:
    """Registry of IP addresses seen in the world (ip string -> asn, country, kind)."""

    def __init__(self, seed: int):
        self.rng = stream(seed, "net-blocks")
        self.ip: list[str] = []
        self.asn: list[int] = []
        self.cc: list[str] = []
        self.kind: list[str] = []
        self.index: dict[str, int] = {}
        pool = [(a, b) for a in _FIRST_OCTETS for b in range(256)]
        order = self.rng.permutation(len(pool))
        self._free16 = [pool[i] for i in order]
        self._blocks: dict[tuple, list] = {}     # (asn, cc) -> list of /16s
        self._v6: dict[tuple, tuple] = {}
        self._pools: dict = {}                    # named shared pools (CGNAT, VPN exits...)
        self._used_asn = set()

    # -- low level ------------------------------------------------------------------
    def _blocks_for(self, asn, cc, k=3):
        key = (asn, cc)
        if key not in self._blocks:
            self._blocks[key] = [self._free16.pop() for _ in range(k)]
            self._used_asn.add(asn)
        return self._blocks[key]

    def _register(self, s, asn, cc, kind):
        i = self.index.get(s)
        if i is None:
            i = len(self.ip)
            self.ip.append(s)
            self.asn.append(asn)
            self.cc.append(cc)
            self.kind.append(kind)
            self.index[s] = i
        return i

    def new_asn(self, rng) -> int:
        while True:
            a = int(rng.integers(1100, 64000))
            if a not in self._used_asn:
                self._used_asn.add(a)
                return a

    # -- address makers ---------------------------------------------------------------
    def rand_v4(self, asn, cc, kind, n, rng, blocks=3) -> np.ndarray:
        bl = self._blocks_for(asn, cc, blocks)
        out = np.empty(n, dtype=np.int32)
        pick = rng.integers(0, len(bl), n)
        c = rng.integers(0, 256, n)
        d = rng.integers(1, 255, n)
        for i in range(n):
            a, b = bl[pick[i]]
            out[i] = self._register(f"{a}.{b}.{c[i]}.{d[i]}", asn, cc, kind)
        return out

    def rand_v6(self, asn, cc, kind, n, rng) -> np.ndarray:
        key = (asn, cc)
        if key not in self._v6:
            self._v6[key] = (int(self.rng.integers(0x2400, 0x2a10)), int(self.rng.integers(0, 0xffff)))
        p1, p2 = self._v6[key]
        out = np.empty(n, dtype=np.int32)
        h = rng.integers(0, 0x10000, (n, 6))
        for i in range(n):
            r = h[i]
            s = f"{p1:x}:{p2:x}:{r[0]:x}:{r[1]:x}:{r[2]:x}:{r[3]:x}:{r[4]:x}:{r[5]:x}"
            out[i] = self._register(s, asn, cc, kind)
        return out

    def block24(self, asn, cc, rng):
        bl = self._blocks_for(asn, cc)
        a, b = bl[int(rng.integers(0, len(bl)))]
        return (a, b, int(rng.integers(0, 256)))

    def in_block24(self, blk, asn, cc, kind, n, rng, lo=2, hi=254) -> np.ndarray:
        a, b, c = blk
        d = rng.integers(lo, hi, n)
        return np.array([self._register(f"{a}.{b}.{c}.{x}", asn, cc, kind) for x in d], dtype=np.int32)

    # -- semantic helpers -------------------------------------------------------------
    def residential(self, cc, n, rng, allow_mobile=True, allow_v6=True) -> np.ndarray:
        """n home addresses of users living in cc (ISP chosen per address)."""
        isps = RESIDENTIAL[cc]
        if not allow_mobile:
            isps = [x for x in isps if not x[2]] or isps
        w = np.array([x[1] for x in isps], float)
        pick = rng.choice(len(isps), n, p=w / w.sum())
        out = np.empty(n, dtype=np.int32)
        for j, (asn, _, mob, v6) in enumerate(isps):
            m = np.flatnonzero(pick == j)
            if len(m) == 0:
                continue
            six = (rng.random(len(m)) < v6) if allow_v6 else np.zeros(len(m), bool)
            kind = "mobile" if mob else "residential"
            if six.any():
                out[m[six]] = self.rand_v6(asn, cc, kind, int(six.sum()), rng)
            if (~six).any():
                out[m[~six]] = self.rand_v4(asn, cc, kind, int((~six).sum()), rng)
        return out

    def cgnat_pool(self, cc, rng, size=None) -> np.ndarray:
        """Carrier-grade NAT addresses of a country's mobile carrier, shared by strangers."""
        key = ("cgnat", cc)
        if key not in self._pools:
            mob = [x for x in RESIDENTIAL[cc] if x[2]] or RESIDENTIAL[cc][:1]
            asn = mob[0][0]
            size = size or int(rng.integers(40, 160))
            blk = self.block24(asn, cc, rng)
            ids = self.in_block24(blk, asn, cc, "mobile", size * 2, rng)
            self._pools[key] = np.unique(ids)[:size]
        return self._pools[key]

    def cloud(self, name, n, rng, cc=None, block=None) -> np.ndarray:
        asn, places = CLOUDS[name]
        if cc is None:
            w = np.array([p[1] for p in places], float)
            cc = places[int(rng.choice(len(places), p=w / w.sum()))][0]
        kind = "hosting"
        if block is not None:
            return self.in_block24(block, asn, cc, kind, n, rng)
        return self.rand_v4(asn, cc, kind, n, rng)

    def cloud_block(self, name, rng, cc=None):
        asn, places = CLOUDS[name]
        if cc is None:
            w = np.array([p[1] for p in places], float)
            cc = places[int(rng.choice(len(places), p=w / w.sum()))][0]
        return self.block24(asn, cc, rng), asn, cc

    def shared_pool(self, key, maker):
        if key not in self._pools:
            self._pools[key] = maker()
        return self._pools[key]


# ---------------------------------------------------------------------------------
# Client software: user agents and TLS fingerprints (JA4-like).  A fingerprint belongs
# to a client library build, never to a person: strangers using the same SDK share it.
def ja4(family: str, alpn: str = "h2", ciphers: int = 15, exts: int = 16) -> str:
    return f"t13d{ciphers:02d}{exts:02d}{alpn}_{stable_hex(family + '|c')}_{stable_hex(family + '|e')}"


BROWSERS = {
    "chrome_win": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36", [128, 129, 130, 131], ja4("chrome")),
    "chrome_mac": ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36", [128, 129, 130, 131], ja4("chrome")),
    "edge_win": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0", [129, 130, 131], ja4("chrome")),
    "safari_mac": ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15", ["17.6", "18.0", "18.1"], ja4("safari", ciphers=20, exts=14)),
    "firefox": ("Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0", [130, 131, 132], ja4("firefox", ciphers=17, exts=13)),
    "ios_app": ("AsterChat/{v} (iPhone; iOS 18.1; Scale/3.00)", ["1.2024.310", "1.2024.324", "1.2024.331"], ja4("ios-nsurlsession", ciphers=20, exts=12)),
    "android_app": ("AsterChat/{v} (Android 14; Pixel 8)", ["1.2024.309", "1.2024.323"], ja4("okhttp", ciphers=16, exts=13)),
}
SDKS = {
    "aster_py": ("aster-sdk-python/{v}", ["0.39.0", "0.40.0", "0.42.0", "0.42.1", "0.43.0"], "python-httpx-h1", "h1"),
    "aster_node": ("aster-sdk-node/{v}", ["0.29.0", "0.31.1", "0.32.0", "0.33.0"], "node-undici", "h1"),
    "openai_py": ("OpenAI/Python {v}", ["1.51.0", "1.54.4", "1.55.3", "1.57.0"], "python-httpx-h1", "h1"),
    "openai_js": ("OpenAI/JS {v}", ["4.67.3", "4.72.0", "4.76.0"], "node-undici", "h1"),
    "httpx": ("python-httpx/{v}", ["0.27.0", "0.27.2", "0.28.1"], "python-httpx-h1", "h1"),
    "requests": ("python-requests/{v}", ["2.31.0", "2.32.3"], "python-requests", "h1"),
    "aiohttp": ("Python/3.11 aiohttp/{v}", ["3.9.5", "3.10.10"], "python-aiohttp", "h1"),
    "go": ("Go-http-client/{v}", ["2.0"], "go-nethttp", "h2"),
    "go11": ("Go-http-client/{v}", ["1.1"], "go-nethttp-h1", "h1"),
    "curl": ("curl/{v}", ["8.5.0", "8.7.1", "8.10.1"], "curl", "h2"),
    "litellm": ("litellm/{v}", ["1.52.0", "1.55.2"], "python-httpx-h1", "h1"),
    "java": ("Java-http-client/{v}", ["17.0.12", "21.0.4"], "java-httpclient", "h2"),
    "termite": ("termite/{v}", ["1.0.61", "1.0.67", "1.0.72", "1.0.75"], "node-undici", "h1"),
    "codewright": ("codewright-vscode/{v}", ["3.14.2", "3.15.0", "3.16.1"], "node-undici", "h1"),
    "patchpilot": ("patchpilot/{v} (python 3.12)", ["0.9.4", "0.9.7", "0.10.0"], "python-httpx-h1", "h1"),
    "routehub": ("RouteHub-Gateway/{v}", ["2.3.1", "2.4.0"], "routehub-envoy", "h2"),
    "polyroute": ("polyroute/{v}", ["5.1"], "go-nethttp", "h2"),
}


class Clients:
    def __init__(self):
        self.ua = StrTable()
        self.fp = StrTable()

    def browser(self, fam, rng, n=1):
        tpl, vers, fp = BROWSERS[fam]
        v = vers[int(rng.integers(0, len(vers)))]
        return self.ua.add(tpl.format(v=v)), self.fp.add(fp)

    def sdk(self, fam, rng=None, version=None):
        tpl, vers, lib, alpn = SDKS[fam]
        if version is None:
            # later versions are more popular
            w = np.arange(1, len(vers) + 1, dtype=float) ** 1.5
            version = vers[int(rng.choice(len(vers), p=w / w.sum()))]
        fp = ja4(lib, alpn=alpn, ciphers=17 if "python" in lib else 15, exts=11 if alpn == "h1" else 14)
        return self.ua.add(tpl.format(v=version)), self.fp.add(fp)

    def custom(self, ua, lib, alpn="h2"):
        return self.ua.add(ua), self.fp.add(ja4(lib, alpn=alpn))


# ---------------------------------------------------------------------------------
# Diurnal shapes (local hour -> relative activity)
PROFILES = {
    "human": np.array([.25, .15, .08, .05, .04, .05, .12, .3, .55, .8, .95, 1, .9, .95, 1, .95, .9, .85, .8, .85, .9, .85, .65, .45]),
    "evening": np.array([.35, .2, .1, .05, .03, .04, .08, .18, .3, .4, .5, .55, .6, .55, .55, .6, .65, .75, .85, .95, 1, .95, .8, .55]),
    "office": np.array([.03, .02, .02, .02, .02, .03, .06, .2, .6, .95, 1, .95, .7, .9, 1, .95, .85, .55, .25, .15, .12, .1, .07, .05]),
    "school": np.array([.12, .06, .03, .02, .02, .03, .08, .3, .6, .8, .9, .85, .7, .85, .9, .8, .6, .5, .55, .7, .8, .75, .55, .3]),
    "afternoon": np.array([.02, .01, .01, .01, .01, .01, .03, .08, .2, .4, .6, .7, .6, .9, 1, 1, .95, .8, .5, .3, .25, .2, .1, .05]),
    "flat": np.array([.8, .75, .7, .7, .7, .75, .8, .85, .9, .95, 1, 1, 1, 1, 1, 1, .95, .95, .9, .9, .9, .85, .85, .8]),
}


@dataclass
class World:
    seed: int
    preset: str
    scale: str
    days: int
    t0: int                      # window start, us
    t1: int                      # window end, us
    release_t: int               # in-window release time of the new model
    release_days_before: dict
    net: Net
    clients: Clients
    P: StrTable = field(default_factory=StrTable)     # prompt parts
    S: StrTable = field(default_factory=StrTable)     # system prompts
    K: list = field(default_factory=list)             # api key ids
    accounts: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    campaigns: dict = field(default_factory=dict)
    actor_names: StrTable = field(default_factory=StrTable)
    notes: dict = field(default_factory=dict)

    @property
    def hours(self):
        return (self.t1 - self.t0) // HOUR

    def rng(self, *names):
        return stream(self.seed, *names)

    # -- accounts ----------------------------------------------------------------------
    def new_account(self, actor, campaign=None, **kw) -> int:
        i = len(self.accounts)
        a = dict(actor=actor, campaign=campaign, tier="free", verified=False, email_domain=None,
                 payment=None, signup_ip=None, org_id=None, created_at=None, country="US", tz=0.0,
                 active_from=None, active_to=None, keys=[])
        a.update(kw)
        self.actor_names.add(actor)
        self.accounts.append(a)
        return i

    def new_key(self, acct) -> int:
        k = len(self.K)
        self.K.append(acct)
        self.accounts[acct]["keys"].append(k)
        return k

    # -- events -----------------------------------------------------------------------
    def emit(self, **cols):
        n = len(cols["ts"])
        if n == 0:
            return
        b = {}
        for k, (dt, default) in EVENT_COLS.items():
            v = cols.pop(k, default)
            if np.isscalar(v) or v is None:
                arr = np.full(n, default if v is None else v, dtype=dt)
            else:
                arr = np.asarray(v).astype(dt, copy=False)
                if arr.shape[0] != n:
                    raise ValueError(f"column {k}: {arr.shape[0]} != {n}")
            b[k] = arr
        if cols:
            raise ValueError(f"unknown columns {list(cols)}")
        self.blocks.append(b)

    # -- models -----------------------------------------------------------------------
    def pick_model(self, rng, ts, base, adopt=0.0, tau_h=6.0, lag_h=0.0):
        """base: dict model->weight used before adoption; after the release a share
        adopt*(1-exp(-(t-release-lag)/tau)) moves to the new model."""
        ms = np.array(list(base.keys()), dtype=np.int8)
        w = np.array(list(base.values()), float)
        out = ms[rng.choice(len(ms), len(ts), p=w / w.sum())]
        if adopt > 0:
            dt = (ts - self.release_t) / HOUR - lag_h
            p = np.where(dt > 0, adopt * (1 - np.exp(-np.maximum(dt, 0) / max(tau_h, 1e-3))), 0.0)
            out = np.where(rng.random(len(ts)) < p, np.int8(M45), out)
        # nobody can call a model before it exists
        out = np.where((out == M45) & (ts < self.release_t), np.int8(M4), out)
        return out.astype(np.int8)

    # -- time -------------------------------------------------------------------------
    def hour_weights(self, profile, tz, weekend=0.5, extra=None):
        h = np.arange(self.hours)
        local = h + int(round(tz))
        hod = local % 24
        start_dow = ((self.t0 // DAY) + 3) % 7          # 1970-01-01 was a Thursday -> Monday=0
        dow = (start_dow + (local // 24)) % 7
        w = PROFILES[profile][hod] * np.where(dow >= 5, weekend, 1.0)
        if extra is not None:
            w = w * extra
        return w

    def sample_times(self, rng, owner_tz, profile, weekend=0.5, extra=None):
        """One timestamp per element of owner_tz (local offset in hours) following the
        diurnal profile; vectorised by grouping equal offsets."""
        owner_tz = np.asarray(owner_tz, float)
        out = np.empty(len(owner_tz), dtype=np.int64)
        key = np.round(owner_tz).astype(int)
        for off in np.unique(key):
            m = np.flatnonzero(key == off)
            w = self.hour_weights(profile, off, weekend, extra)
            h = rng.choice(len(w), len(m), p=w / w.sum())
            out[m] = self.t0 + h * HOUR + (rng.random(len(m)) * HOUR).astype(np.int64)
        return out


EVENT_COLS = {
    "ts": (np.int64, 0), "acct": (np.int32, -1), "ip": (np.int32, -1), "model": (np.int8, M4),
    "p0": (np.int32, -1), "p1": (np.int32, -1), "p2": (np.int32, -1), "p3": (np.int32, -1),
    "sys": (np.int32, -1), "ctx_tok": (np.int32, 0), "out_tok": (np.int32, 100),
    "reason_tok": (np.int32, -1), "max_tok": (np.int32, -1), "temp": (np.float32, np.nan),
    "n_turns": (np.int16, 1), "tools": (np.int16, 0), "img": (np.bool_, False),
    "status": (np.int8, OK), "ua": (np.int32, -1), "fp": (np.int32, -1), "surface": (np.int8, API),
    "key": (np.int32, -1), "kind": (np.int8, BENIGN), "cap": (np.int8, C_OTHER),
    "camp": (np.int16, -1),
}


# ---------------------------------------------------------------------------------
# vectorised building blocks
def expand_sessions(rng, starts, lengths, gap_fn):
    """Sessions (start time, number of requests) -> per-request (session index, position,
    timestamp).  gap_fn(rng, n, session_index_array) returns gaps in seconds."""
    lengths = np.asarray(lengths, np.int64)
    n = int(lengths.sum())
    sidx = np.repeat(np.arange(len(lengths)), lengths)
    first = np.cumsum(lengths) - lengths
    pos = np.arange(n) - np.repeat(first, lengths)
    gaps = np.asarray(gap_fn(rng, n, sidx), float)
    gaps[pos == 0] = 0.0
    cs = np.cumsum(gaps)
    off = cs - np.repeat(cs[first] if n else cs, lengths) if n else cs
    ts = np.asarray(starts, np.int64)[sidx] + (off * SEC).astype(np.int64)
    return sidx, pos, ts


def lognormal_gaps(median_s, sigma, floor=0.2):
    mu = np.log(median_s)

    def f(rng, n, sidx):
        return np.maximum(rng.lognormal(mu, sigma, n), floor)
    return f


def mixture_gaps(parts):
    """parts: list of (weight, median, sigma)."""
    w = np.array([p[0] for p in parts], float)
    w /= w.sum()

    def f(rng, n, sidx):
        k = rng.choice(len(parts), n, p=w)
        out = np.empty(n)
        for j, (_, med, sig) in enumerate(parts):
            m = k == j
            out[m] = rng.lognormal(np.log(med), sig, int(m.sum()))
        return np.maximum(out, 0.2)
    return f


def geometric_len(rng, n, mean, cap=None):
    p = 1.0 / max(mean, 1.0)
    L = rng.geometric(p, n)
    if cap:
        L = np.minimum(L, cap)
    return L


def segment_uniform_bursty(rng, counts, starts, width_s, shape):
    """For each window (start, count) place `count` arrivals inside width_s seconds
    with gamma(shape)-distributed relative gaps (shape<1 = bursty)."""
    counts = np.asarray(counts, np.int64)
    n = int(counts.sum())
    if n == 0:
        return np.array([], np.int64)
    W = len(counts)
    shape_w = np.maximum(np.broadcast_to(np.asarray(shape, float), (W,)), 0.03)
    seg = np.repeat(np.arange(W), counts)
    g = rng.gamma(shape_w[seg], 1.0, n) + 1e-9
    gsum = np.bincount(seg, weights=g, minlength=W)
    lead = rng.exponential(1.0, W) * gsum / np.maximum(counts, 1) + 1e-9
    tot = lead + gsum
    cs_excl = np.concatenate([[0.0], np.cumsum(g)[:-1]])
    first = np.cumsum(counts) - counts
    base = np.repeat(np.where(counts > 0, cs_excl[np.minimum(first, n - 1)], 0.0), counts)
    frac = (lead[seg] + cs_excl - base) / tot[seg]
    frac = np.clip(frac, 0, 0.999999)
    return np.asarray(starts, np.int64)[seg] + (frac * width_s * SEC).astype(np.int64)


def choice_idx(rng, pool: np.ndarray, n, p=None):
    if p is not None:
        return pool[rng.choice(len(pool), n, p=p)]
    return pool[rng.integers(0, len(pool), n)]


def tz_of(country, rng):
    opts = TZ[country]
    w = TZ_W.get(country)
    if w is None:
        return float(opts[int(rng.integers(0, len(opts)))])
    return float(opts[int(rng.choice(len(opts), p=np.array(w) / sum(w)))])


def draw_countries(rng, n, weights=None):
    weights = weights or COUNTRY_WEIGHTS
    cs = list(weights.keys())
    w = np.array([weights[c] for c in cs], float)
    return [cs[i] for i in rng.choice(len(cs), n, p=w / w.sum())]
