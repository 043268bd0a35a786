"""Account factories and per-account infrastructure shared by personas and operations."""
from __future__ import annotations

import numpy as np

from .common import (DAY, HOUR, M3MINI, M35, M4, M4MINI, M4PRO, OK, REFUSED, ERROR, RATE_LIMITED,
                     draw_countries, expand_sessions, geometric_len, hexids, tz_of)

EMAIL_GENERIC = [("gmail.com", 45), ("outlook.com", 9), ("hotmail.com", 6), ("yahoo.com", 6), ("icloud.com", 9),
                 ("proton.me", 2.5), ("protonmail.com", 1), ("aol.com", 0.5)]
EMAIL_CC = {"DE": ["gmx.de", "web.de", "t-online.de"], "FR": ["orange.fr", "free.fr", "laposte.net"],
            "JP": ["yahoo.co.jp", "docomo.ne.jp"], "KR": ["naver.com", "daum.net"], "IN": ["rediffmail.com", "yahoo.co.in"],
            "BR": ["uol.com.br", "bol.com.br"], "GB": ["btinternet.com", "yahoo.co.uk"], "IT": ["libero.it"],
            "PL": ["wp.pl", "o2.pl"], "TR": ["yandex.com.tr"], "ES": ["telefonica.net"], "NL": ["ziggo.nl", "kpnmail.nl"],
            "CH": ["bluewin.ch"], "SE": ["telia.com"], "AU": ["bigpond.com"], "CA": ["rogers.com", "shaw.ca"]}
SURNAMES = ["miller", "nguyen", "kowalski", "okafor", "tanaka", "schmidt", "garcia", "patel", "rossi", "dubois", "kim",
            "silva", "cohen", "larsen", "novak", "hughes", "moreau", "ivanova", "chen", "fischer", "alvarez", "brennan"]
BROWSER_W = [("chrome_win", .34), ("chrome_mac", .2), ("safari_mac", .15), ("edge_win", .1), ("firefox", .06)]
SDK_W = [("aster_py", .42), ("aster_node", .2), ("openai_py", .16), ("openai_js", .06), ("httpx", .04), ("requests", .05),
         ("curl", .02), ("litellm", .05)]


def wchoice(rng, pairs, n):
    names = [p[0] for p in pairs]
    w = np.array([p[1] for p in pairs], float)
    idx = rng.choice(len(names), n, p=w / w.sum())
    return [names[i] for i in idx]


def personal_email(rng, cc, proton=1.0):
    r = rng.random()
    if r < 0.05:
        return f"{SURNAMES[int(rng.integers(0, len(SURNAMES)))]}{int(rng.integers(1, 99))}.{['net', 'dev', 'me', 'io', 'com'][int(rng.integers(0, 5))]}"
    if cc in EMAIL_CC and r < 0.27:
        opts = EMAIL_CC[cc]
        return opts[int(rng.integers(0, len(opts)))]
    pairs = [(d, w * (proton if "proton" in d else 1.0)) for d, w in EMAIL_GENERIC]
    return wchoice(rng, pairs, 1)[0]


def ages_us(w, rng, n, median_days=220.0, sigma=1.0, lo=0.5, hi=1500.0):
    d = rng.lognormal(np.log(median_days), sigma, n)
    bad = (d < lo) | (d > hi)
    d[bad] = rng.uniform(lo, hi, int(bad.sum()))      # redraw instead of piling up on the bounds
    return (w.t0 - d * DAY).astype(np.int64)


def pay_ids(rng, n):
    return list(hexids(rng, n, 10, "pmfp_"))


def org_ids(rng, n):
    return list(hexids(rng, n, 8, "org_"))


class Indiv:
    """Individuals (one person per account) with home/mobile/alt addresses and clients."""

    def __init__(self, w, rng, actor, n, tier_p, countries=None, proton=1.0, new_share=0.04,
                 age=(220, 1.0), verified_p=None, email_fn=None, campaign=None, paid_tiers=("pro", "team", "enterprise"),
                 created=None):
        self.n = n
        cc = countries if countries is not None else draw_countries(rng, n)
        self.cc = np.array(cc)
        self.tz = np.array([tz_of(c, rng) for c in cc])
        self.tz_eff = self.tz + rng.normal(0, 1.1, n)
        tiers = list(tier_p.keys())
        tp = np.array(list(tier_p.values()), float)
        self.tier = np.array([tiers[i] for i in rng.choice(len(tiers), n, p=tp / tp.sum())])
        created_at = ages_us(w, rng, n, *age) if created is None else np.asarray(created, np.int64)
        new = rng.random(n) < new_share
        if new.any():
            created_at[new] = w.t0 + (rng.random(int(new.sum())) * 0.85 * (w.t1 - w.t0)).astype(np.int64)
        self.created = created_at
        # addresses
        self.home1 = np.empty(n, np.int32)
        self.home2 = np.empty(n, np.int32)
        self.alt = np.empty(n, np.int32)
        for c in np.unique(self.cc):
            m = np.flatnonzero(self.cc == c)
            self.home1[m] = w.net.residential(c, len(m), rng, allow_mobile=False)
            self.home2[m] = w.net.residential(c, len(m), rng, allow_mobile=False)
            self.alt[m] = w.net.residential(c, len(m), rng)
        # a home address changes (DHCP lease / reconnect) for ~35% of people during the window
        sw = rng.random(n) < 0.35
        self.switch = np.where(sw, w.t0 + (rng.random(n) * (w.t1 - w.t0)).astype(np.int64), w.t1 + DAY)
        # clients
        fams = wchoice(rng, BROWSER_W, n)
        self.ua_web = np.empty(n, np.int32)
        self.fp_web = np.empty(n, np.int32)
        self.ua_mob = np.empty(n, np.int32)
        self.fp_mob = np.empty(n, np.int32)
        self.ua_api = np.empty(n, np.int32)
        self.fp_api = np.empty(n, np.int32)
        sdks = wchoice(rng, SDK_W, n)
        for i in range(n):
            self.ua_web[i], self.fp_web[i] = w.clients.browser(fams[i], rng)
            mob = "android_app" if (cc[i] in ("IN", "BR", "ID", "VN", "NG", "PH", "TR", "MX") and rng.random() < .75) or rng.random() < .35 else "ios_app"
            self.ua_mob[i], self.fp_mob[i] = w.clients.browser(mob, rng)
            self.ua_api[i], self.fp_api[i] = w.clients.sdk(sdks[i], rng)
        # account rows
        vp = verified_p or {"free": .05, "pro": .35, "team": .8, "enterprise": .95, "edu": .1, "research": .4, "startup": .3}
        orgs = org_ids(rng, n)
        pays = pay_ids(rng, n)
        self.idx = np.empty(n, np.int32)
        self.key = np.empty(n, np.int32)
        for i in range(n):
            t = str(self.tier[i])
            email = email_fn(i) if email_fn else personal_email(rng, cc[i], proton)
            signup = int(self.home1[i]) if rng.random() < 0.45 else int(w.net.residential(cc[i], 1, rng)[0])
            a = w.new_account(actor, campaign, tier=t, verified=bool(rng.random() < vp.get(t, .2)),
                              email_domain=email, payment=pays[i] if t in paid_tiers else None,
                              signup_ip=signup, org_id=orgs[i], created_at=int(created_at[i]),
                              country=cc[i], tz=float(self.tz[i]),
                              active_from=int(created_at[i]) if created_at[i] > w.t0 else None)
            self.idx[i] = a
            self.key[i] = w.new_key(a)
            if rng.random() < 0.25:
                w.new_key(a)

    def session_ip(self, w, rng, sess_local, sess_start, p_home=0.62, p_mobile=0.25):
        """Address for each session (sess_local: index into this population)."""
        S = len(sess_local)
        r = rng.random(S)
        home = np.where(sess_start < self.switch[sess_local], self.home1[sess_local], self.home2[sess_local])
        ip = np.where(r < p_home, home, self.alt[sess_local])
        mob = (r >= p_home) & (r < p_home + p_mobile)
        if mob.any():
            ccs = self.cc[sess_local]
            for c in np.unique(ccs[mob]):
                m = np.flatnonzero(mob & (ccs == c))
                pool = w.net.cgnat_pool(c, rng)
                ip[m] = pool[rng.integers(0, len(pool), len(m))]
        return ip, mob


def sessions(w, rng, local_n, tz_eff, per_day, profile, weekend, mean_len, gap_fn, cap=None, min_len=1):
    """Poisson number of sessions per member, start times on a diurnal profile, geometric lengths."""
    n_sess = rng.poisson(np.asarray(per_day) * (w.t1 - w.t0) / DAY)
    sess_local = np.repeat(np.arange(local_n), n_sess)
    starts = w.sample_times(rng, np.asarray(tz_eff)[sess_local], profile, weekend)
    L = np.maximum(geometric_len(rng, len(sess_local), mean_len, cap), min_len)
    sidx, pos, ts = expand_sessions(rng, starts, L, gap_fn)
    return sess_local, starts, sidx, pos, ts


def statuses(rng, n, ref=0.006, err=0.003, rl=0.001):
    r = rng.random(n)
    s = np.zeros(n, np.int8)
    s[r < ref] = REFUSED
    s[(r >= ref) & (r < ref + err)] = ERROR
    s[(r >= ref + err) & (r < ref + err + rl)] = RATE_LIMITED
    return s


def sample_emp(rng, arr, n, scale=1.0, lo=1):
    return np.maximum((arr[rng.integers(0, len(arr), n)] * scale).astype(np.int64), lo)


def lognorm_int(rng, median, sigma, n, lo=1, hi=None):
    x = rng.lognormal(np.log(median), sigma, n)
    if hi:
        x = np.minimum(x, hi)
    return np.maximum(x.astype(np.int64), lo)


CHAT_BASE = {M4: .72, M4MINI: .12, M4PRO: .12, M35: .04}
API_BASE = {M4: .45, M4MINI: .2, M35: .12, M4PRO: .15, M3MINI: .08}
