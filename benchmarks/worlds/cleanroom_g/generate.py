#!/usr/bin/env python
"""Clean-room simulator of LLM API logs with distillation operations and look-alike legitimate traffic.

python generate.py --out DIR --seed N --preset default|hard --scale small|medium [-q]
"""
import argparse
import json
import os
import sys
import time
import zlib
from datetime import datetime, timezone

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prompts as P  # noqa: E402

SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
START = int(datetime(2025, 3, 3, tzinfo=timezone.utc).timestamp() * 1000)
DAYS = 14
END = START + DAYS * DAY
RELEASE = START + 8 * DAY + 17 * HOUR  # new model launch inside the window
NEW_MODEL = "atlas-3"
OLD_MODELS = {"atlas-2-mini": "2024-06-10", "atlas-2": "2024-10-22", "atlas-2-pro": "2025-01-15"}
CAPS = ["reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision", "sensitive_rewrite", "rubric_grading", "other"]

# ------------------------------------------------------------------ networks
RES = [  # country, asn, tz offset (h), weight
    ("US", 7922, -5, 20), ("US", 7018, -6, 12), ("US", 701, -8, 10), ("GB", 2856, 0, 7), ("DE", 3320, 1, 7),
    ("FR", 3215, 1, 5), ("IN", 55836, 5.5, 8), ("JP", 17676, 9, 5), ("KR", 4766, 9, 4), ("BR", 28573, -3, 5),
    ("CA", 812, -5, 4), ("SG", 9506, 8, 2), ("AU", 1221, 10, 3), ("NL", 1136, 1, 2), ("ES", 3352, 1, 3), ("PL", 5617, 1, 2),
]
CLOUD = [("US", 16509), ("US", 15169), ("US", 8075), ("DE", 24940), ("US", 14061), ("IE", 16509), ("SG", 16509), ("JP", 16509)]
VPN = [("NL", 9009), ("US", 212238), ("GB", 60068), ("SG", 9009), ("CH", 51852), ("SE", 42708), ("US", 136787)]
ASIA_HOST = [("SG", 45102), ("HK", 132203), ("HK", 45102), ("JP", 45102), ("SG", 132203)]
UNIV = [("US", 11537, -5), ("GB", 786, 0), ("DE", 680, 1), ("US", 3582, -8), ("CA", 271, -5), ("IN", 55824, 5.5), ("AU", 7575, 10)]


def prefix(country, asn, salt=0):
    h = zlib.crc32(f"{country}{asn}{salt}".encode())
    first = 11 + (h % 200)
    if first in (127, 100, 169, 172, 192, 198, 203):
        first += 1
    return (first << 24) | (((h >> 8) & 0xFF) << 16)


SDK = [  # (user_agent, client_fingerprint, weight) of ordinary API clients
    ("llm-sdk-python/1.12.0", "t13d1516h2_8daaf6152771_02713d6af862", 25),
    ("llm-sdk-python/1.11.3", "t13d1516h2_8daaf6152771_02713d6af862", 12),
    ("llm-sdk-typescript/0.38.1 node/20.11.1", "t13d1516h2_8daaf6152771_e5627efa2ab1", 15),
    ("python-httpx/0.27.2", "t13d1715h2_5b57614c22b0_3d5424432f57", 8),
    ("python-requests/2.32.3", "t13d1812h1_85036bcba153_375ca2c5e164", 8),
    ("langchain-core/0.3.35 llm-sdk-python/1.12.0", "t13d1516h2_8daaf6152771_02713d6af862", 10),
    ("litellm/1.63.2", "t13d1516h2_8daaf6152771_02713d6af862", 6),
    ("Go-http-client/2.0", "t13d1311h2_f57a46bbacb6_ab7e3b40a677", 4),
    ("curl/8.5.0", "t13d3112h2_e8f1e7e78f70_6bebaf5329ac", 2),
    ("okhttp/4.12.0", "t13d1614h2_b26f3d02fcb1_3a6ccf8b9c2c", 3),
]
BROWSER = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36", "t13d1516h2_8daaf6152771_b0da82dd1658", 40),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15", "t13d2014h2_a09f3c656075_14788d8d241b", 20),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0", "t13d1715h2_5b57614c22b0_5c2c66f702b0", 10),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "t13d2014h2_a09f3c656075_e42f34c56612", 20),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36", "t13d1516h2_8daaf6152771_b0da82dd1658", 10),
]
PROFILES = {
    "day": np.array([1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 20, 19, 15, 18, 20, 19, 16, 12, 8, 6, 5, 4, 2, 1], float),
    "evening": np.array([4, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 9, 9, 9, 9, 10, 11, 13, 15, 16, 15, 12, 8], float),
    "flat": np.array([6, 5, 5, 5, 5, 6, 7, 8, 10, 11, 12, 12, 12, 12, 12, 12, 11, 11, 10, 10, 9, 8, 7, 7], float),
    "school": np.array([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 1, 4, 10, 12, 12, 10, 8, 12, 14, 14, 12, 10, 10, 9, 7, 4, 1, 0.5], float),
}
for _k in PROFILES:
    PROFILES[_k] /= PROFILES[_k].sum()
WEEKDAY = np.array([1 if (datetime.fromtimestamp((START + d * DAY) / 1000, timezone.utc).weekday() < 5) else 0 for d in range(DAYS)])


def splitmix(x):
    x = (x + np.uint64(0x9E3779B97F4A7C15))
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class World:
    def __init__(self, seed, preset, scale, quiet=False):
        self.seed, self.preset, self.scale, self.quiet = seed, preset, scale, quiet
        self.hard = preset == "hard"
        self.k = 1.0 if scale == "medium" else 0.09
        self.C = P.Corpora()
        self.strings = [None]
        self.sidx = {}
        self.blocks = []
        self.accounts = []
        self.meta_ops = {}
        self.stream_counter = {}
        self.hex_rng = {}

    # ---------------------------------------------------------------- basics
    def s(self, x):
        if x is None:
            return 0
        i = self.sidx.get(x)
        if i is None:
            i = len(self.strings)
            self.strings.append(x)
            self.sidx[x] = i
        return i

    def ids(self, lst):
        return np.array([self.s(x) for x in lst], dtype=np.int64)

    def rng(self, *key):
        return np.random.default_rng([self.seed] + [zlib.crc32(str(k).encode()) for k in key])

    def n(self, base, lo=1):
        return max(lo, int(round(base * self.k)))

    def hexid(self, rng, prefix, n=12):
        return prefix + "".join("0123456789abcdef"[i] for i in rng.integers(0, 16, n))

    def new_account(self, rng, actor, campaign, tier, verified, email_domain, payment, signup_ip, org, created_at):
        aid = self.hexid(rng, "acct_")
        self.accounts.append(dict(account_id=aid, created_at=int(created_at), tier=tier, verified=bool(verified),
                                  email_domain=email_domain, payment_fingerprint=payment, signup_ip=ip_str(signup_ip),
                                  org_id=org, actor=actor, campaign_id=campaign))
        return aid

    # ------------------------------------------------------------- networks
    def residential(self, rng, n, countries=None):
        w = np.array([r[3] for r in RES], float)
        if countries is not None:
            w = w * np.array([r[0] in countries for r in RES])
        k = rng.choice(len(RES), n, p=w / w.sum())
        pre = np.array([prefix(r[0], r[1]) for r in RES], dtype=np.int64)
        ip = pre[k] + rng.integers(256, 65535, n)
        asn = np.array([r[1] for r in RES])[k]
        cc = np.array([r[0] for r in RES])[k]
        tz = np.array([r[2] for r in RES], float)[k]
        return ip, asn, cc, tz

    def pool_net(self, rng, table, n, salt=0):
        k = rng.integers(0, len(table), n)
        pre = np.array([prefix(t[0], t[1], salt) for t in table], dtype=np.int64)
        ip = pre[k] + rng.integers(256, 65535, n)
        return ip, np.array([t[1] for t in table])[k], np.array([t[0] for t in table])[k]

    # ------------------------------------------------------------------ time
    def diurnal(self, rng, tz, profile, weekend=0.4, lo=START, hi=END):
        n = len(tz)
        dw = np.where(WEEKDAY == 1, 1.0, weekend)
        day = rng.choice(DAYS, n, p=dw / dw.sum())
        hour = rng.choice(24, n, p=PROFILES[profile])
        t = START + day * DAY + hour * HOUR + (rng.random(n) * HOUR).astype(np.int64) - (np.asarray(tz) * HOUR).astype(np.int64)
        span = hi - lo
        return lo + np.mod(t - lo, span)

    @staticmethod
    def sessions(start, lengths, gaps):
        """start/lengths per session; gaps: array of len sum(lengths) (ms). Returns session index, ts, position."""
        L = np.asarray(lengths, dtype=np.int64)
        tot = int(L.sum())
        sess = np.repeat(np.arange(len(L)), L)
        first = np.cumsum(L) - L
        g = np.asarray(gaps, dtype=np.int64).copy()
        g[first] = 0
        cs = np.cumsum(g)
        cs -= np.repeat(cs[first], L)
        pos = np.arange(tot) - np.repeat(first, L)
        return sess, np.repeat(np.asarray(start, dtype=np.int64), L) + cs, pos

    def models(self, rng, ts, base, pivot=0.0, delay=12 * HOUR, ramp=24 * HOUR):
        names = list(base.keys())
        p = np.array(list(base.values()), float)
        m = self.ids(names)[rng.choice(len(names), len(ts), p=p / p.sum())]
        if pivot > 0:
            frac = pivot * np.clip((ts - RELEASE - delay) / max(ramp, 1), 0, 1)
            m = np.where(rng.random(len(ts)) < frac, self.s(NEW_MODEL), m)
        return m

    # ------------------------------------------------------------------ emit
    def emit(self, actor, rng, acc, ts, prompt, cap, *, ip, asn, country, model, campaign=None, org=None, key=None,
             ua, fp, surface="api", system=0, n_turns=1, tools=0, image=False, ctx=0, out_mu=5.5, out_sd=0.8,
             think_p=0.0, think_mu=7.0, max_tokens=4096, temperature=1.0, err=0.003, refuse=0.0, rl=0.002, ev_actor=None):
        n = len(ts)
        if n == 0:
            return
        b = dict(acc=acc, ts=ts, prompt=prompt, ip=ip, asn=asn, country=country, model=model, org=org if org is not None else 0,
                 key=key if key is not None else 0, ua=ua, fp=fp, surface=surface, system=system, n_turns=n_turns,
                 tools=tools, image=image, ctx=ctx, max_tokens=max_tokens, temperature=temperature)
        for k, v in list(b.items()):
            if isinstance(v, str):
                v = self.s(v)
            a = np.asarray(v)
            if a.ndim == 0:
                a = np.full(n, a)
            b[k] = a
        mt = b["max_tokens"].astype(np.int64)
        out = np.exp(rng.normal(out_mu, out_sd, n)).astype(np.int64) + 1
        b["out"] = np.minimum(out, mt)
        think = rng.random(n) < think_p
        b["reasoning"] = np.where(think, np.minimum(np.exp(rng.normal(think_mu, 0.7, n)), 32000), 0).astype(np.int64)
        refuse = max(refuse, getattr(self, '_refuse_next', 0))
        u = rng.random(n)
        st = np.full(n, self.s("ok"))
        st[u < err + refuse + rl] = self.s("rate_limited")
        st[u < err + refuse] = self.s("refused")
        st[u < err] = self.s("error")
        bad = st != self.s("ok")
        b["out"] = np.where(bad, np.where(st == self.s("refused"), rng.integers(15, 60, n), 0), b["out"])
        b["reasoning"] = np.where(bad, 0, b["reasoning"])
        b["status"] = st
        b["cap"] = np.asarray(cap) if np.ndim(cap) else np.full(n, CAPS.index(cap))
        b["campaign"] = np.asarray(campaign) if np.ndim(campaign) else np.full(n, self.s(campaign))
        ea = ev_actor if ev_actor is not None else actor
        b["actor"] = np.asarray(ea) if np.ndim(ea) else np.full(n, self.s(ea))
        c = self.stream_counter.get(actor, 0)
        self.stream_counter[actor] = c + 1
        stream = (zlib.crc32(f"{self.seed}/{actor}/{c}".encode()) & 0xFFFFFF)
        b["rid"] = splitmix((np.uint64(stream) << np.uint64(32)) + np.arange(n, dtype=np.uint64))
        self.blocks.append(b)

    def sdk_pick(self, rng, n, table=SDK):
        w = np.array([t[2] for t in table], float)
        k = rng.choice(len(table), n, p=w / w.sum())
        return self.ids([t[0] for t in table])[k], self.ids([t[1] for t in table])[k]

    def pool_ids(self, texts):
        return self.ids(texts)

    # ====================================================== legitimate personas
    def legit(self):
        C = self.C
        chat_pool = self.ids(C.chat)
        code_pool = self.ids(C.code + C.arena_coding)
        tool_pool = self.ids(C.tool)
        follow = self.ids(["can you make it shorter?", "thanks! what about the second point?", "why?", "give me an example",
                           "ok and in python?", "that's not right, try again", "explain like I'm five", "more detail please",
                           "can you translate that into Spanish?", "perfect, thanks", "what are the downsides?", "summarize this in 3 bullets"])
        base_models = {"atlas-2": 0.55, "atlas-2-mini": 0.35, "atlas-2-pro": 0.10}

        def generic(actor, n_acc, *, tiers, verified_p, domains, net, sdk, surface, sess_mean, len_mean, gap_s,
                    profile, pools, system=None, tools=0, temps=((1.0, 1.0),), max_toks=((4096, 1.0),), think_p=0.05,
                    pivot=0.2, ctx_per_turn=150, org_mode="own", nat_ips=None, weekend=0.5, agent=None, out_mu=5.6, sub=0):
            rng = self.rng("legit", actor, sub)
            created = END - (np.exp(rng.normal(np.log(200), 1.0, n_acc)) * DAY).astype(np.int64) - 60 * DAY
            tier = rng.choice([t[0] for t in tiers], n_acc, p=np.array([t[1] for t in tiers]) / sum(t[1] for t in tiers))
            if net == "res":
                hip, hasn, hcc, tz = self.residential(rng, n_acc)
            elif net == "cloud":
                hip, hasn, hcc = self.pool_net(rng, CLOUD, n_acc)
                tz = rng.choice([-8, -5, 0, 1, 9], n_acc).astype(float)
            else:  # nat: (ips, asn, cc, tz)
                ips, asn0, cc0, tz0 = nat_ips
                hip = rng.choice(ips, n_acc)
                hasn = np.full(n_acc, asn0)
                hcc = np.full(n_acc, cc0)
                tz = np.full(n_acc, float(tz0))
            shared_org = self.hexid(rng, "org_") if org_mode == "shared" else None
            aids, orgs, keys = [], [], []
            for i in range(n_acc):
                org = shared_org or self.hexid(rng, "org_")
                dom = domains[rng.integers(0, len(domains))] if isinstance(domains, list) else domains
                pay = self.hexid(rng, "pm_", 16) if tier[i] != "free" else None
                aid = self.new_account(rng, actor, None, tier[i], rng.random() < verified_p, dom, pay, hip[i], org, created[i])
                aids.append(aid)
                orgs.append(org)
                keys.append(self.hexid(rng, "key_", 10))
            aid_ids, org_ids, key_ids = self.ids(aids), self.ids(orgs), self.ids(keys)
            ua_a, fp_a = self.sdk_pick(rng, n_acc, sdk)
            if agent is not None:
                ag = P.CODING_AGENTS[agent]
                ua_a = self.ids(ag["ua"])[rng.integers(0, len(ag["ua"]), n_acc)]
                fp_a = np.full(n_acc, self.s(ag["fp"]))
            act = np.exp(rng.normal(0, 0.9, n_acc))  # heterogeneous activity
            nsess = rng.poisson(sess_mean * act / np.exp(0.405))
            sacc = np.repeat(np.arange(n_acc), nsess)
            starts = self.diurnal(rng, tz[sacc], profile, weekend)
            L = 1 + rng.geometric(1.0 / max(len_mean, 1.0001), len(sacc)) - 1
            L = np.maximum(L, 1)
            tot = int(L.sum())
            gaps = (np.exp(rng.normal(np.log(gap_s), 0.8, tot)) * SEC).astype(np.int64)
            sess, ts, pos = self.sessions(starts, L, gaps)
            a = sacc[sess]
            keep = ts < END
            sess, ts, pos, a = sess[keep], ts[keep], pos[keep], a[keep]
            n = len(ts)
            # prompts: per session choose a pool; first turn from pool, later turns follow-ups / tool results
            pw = np.array([p[2] for p in pools], float)
            spool = rng.choice(len(pools), sess.max() + 1 if n else 1, p=pw / pw.sum())[sess]
            prompt = np.zeros(n, np.int64)
            cap = np.zeros(n, np.int64)
            for j, (ids_, cname, _) in enumerate(pools):
                m = spool == j
                prompt[m] = ids_[rng.integers(0, len(ids_), m.sum())]
                cap[m] = CAPS.index(cname)
            later = pos > 0
            if agent is not None:
                tr = self.tool_results(rng, 400)
                prompt[later] = tr[rng.integers(0, len(tr), later.sum())]
                cap[:] = CAPS.index("agentic")
            else:
                prompt[later] = follow[rng.integers(0, len(follow), later.sum())]
            tv = np.array([t[0] for t in temps]); tp = np.array([t[1] for t in temps], float)
            mv = np.array([t[0] for t in max_toks]); mp = np.array([t[1] for t in max_toks], float)
            temp_a = tv[rng.choice(len(tv), n_acc, p=tp / tp.sum())]
            mt_a = mv[rng.choice(len(mv), n_acc, p=mp / mp.sum())]
            ip = hip[a]
            if net == "res":  # occasional roaming (mobile / office)
                rip, rasn, rcc, _ = self.residential(rng, n)
                roam = rng.random(n) < 0.08
                ip = np.where(roam, rip, ip)
            sysid = self.s(system) if isinstance(system, str) else 0
            ctx = (pos * ctx_per_turn).astype(np.int64)
            if agent is not None:
                ctx = np.minimum(2000 + pos * rng.integers(600, 2500, n), 180000)
            self.emit(actor, rng, aid_ids[a], ts, prompt, cap, ip=ip, asn=hasn[a], country=self.ids(list(hcc))[a] if n else 0,
                      model=self.models(rng, ts, base_models, pivot=pivot, delay=rng.choice([6, 24, 48]) * HOUR),
                      org=org_ids[a], key=key_ids[a], ua=ua_a[a], fp=fp_a[a],
                      surface=surface if isinstance(surface, str) else self.ids(surface)[rng.integers(0, len(surface), n)],
                      system=sysid, n_turns=1 + 2 * pos, tools=tools, ctx=ctx, think_p=think_p, max_tokens=mt_a[a],
                      temperature=temp_a[a], out_mu=out_mu)
            return n_acc

        temps_default = ((1.0, 6), (0.7, 2), (0.0, 1), (0.3, 1))
        mt_default = ((1024, 3), (2048, 2), (4096, 4), (8192, 2))
        k = self.n
        uni_domains = ["cs.stateu.edu", "student.uni-nord.de", "mail.lakeside.ac.uk", "stu.pacificu.edu", "iitm-alumni.ac.in"]
        # casual chat users
        generic("casual_chat", k(2200), tiers=[("free", 6), ("pro", 4)], verified_p=0.1,
                domains=["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com"], net="res",
                sdk=BROWSER, surface="chat", sess_mean=8, len_mean=4, gap_s=70, profile="evening",
                pools=[(chat_pool, "other", 8), (code_pool, "coding", 1.5), (self.ids(P.VISION_LEGIT), "vision", 0.5)],
                temps=((1.0, 1),), max_toks=((8192, 1),), think_p=0.15, pivot=0.6, weekend=1.2)
        # VPN / privacy proxy users: unrelated people sharing exits
        rng = self.rng("legit", "vpn_exits")
        vip, vasn, vcc = self.pool_net(rng, VPN, 40, salt=7)
        self.vpn_exits = (vip, vasn, vcc)
        n_vpn = generic("vpn_user", k(320), tiers=[("free", 5), ("pro", 5)], verified_p=0.05,
                        domains=["proton.me", "tutanota.com", "gmail.com", "pm.me"], net="res", sdk=BROWSER + SDK[:3],
                        surface=["chat", "api"], sess_mean=8, len_mean=3, gap_s=60, profile="evening",
                        pools=[(chat_pool, "other", 6), (code_pool, "coding", 3)], temps=temps_default, think_p=0.1)
        self._revpn(n_vpn)
        # university NAT
        for j, (cc, asn, tz) in enumerate(UNIV[:4]):
            ips = prefix(cc, asn, 99) + np.array([10, 11, 12, 13])
            generic("university_nat", k(110), sub=j, tiers=[("edu", 8), ("free", 2)], verified_p=0.7, domains=[uni_domains[j]],
                    net="nat", nat_ips=(ips, asn, cc, tz), sdk=BROWSER + SDK, surface=["chat", "api", "console"], sess_mean=10,
                    len_mean=3, gap_s=60, profile="school",
                    pools=[(chat_pool, "other", 4), (code_pool, "coding", 4),
                           (self.ids([q for q, _ in C.gsm_train[:1500]]), "reasoning", 1.5)], temps=temps_default, think_p=0.1)
        # company NAT (one org, one egress)
        for j, (dom, cc, asn, tz) in enumerate([("acme-logistics.com", "US", 7018, -6), ("nordbank.de", "DE", 3320, 1), ("kitedata.io", "GB", 2856, 0)]):
            ips = prefix(cc, asn, 55) + np.array([200, 201])
            generic("corporate_nat", k(90), sub=j, tiers=[("team", 9), ("enterprise", 1)], verified_p=0.95, domains=dom, net="nat",
                    nat_ips=(ips, asn, cc, tz), sdk=SDK + BROWSER, surface=["api", "chat", "console"], sess_mean=12, len_mean=3,
                    gap_s=90, profile="day", org_mode="shared", weekend=0.1,
                    pools=[(code_pool, "coding", 5), (chat_pool, "other", 4), (tool_pool, "tool_use", 1)], temps=temps_default)
        # coding-agent users (strangers, same system prompt + tool schema, long sessions)
        for agent, nacc in (("termcoder", 420), ("pairpilot", 260)):
            ag = P.CODING_AGENTS[agent]
            generic("coding_agent_user", k(nacc), sub=agent, tiers=[("pro", 6), ("team", 2), ("free", 2)], verified_p=0.3,
                    domains=["gmail.com", "outlook.com", "fastmail.com", "hey.com", "company.dev"], net="res", sdk=SDK,
                    surface="api", sess_mean=3, len_mean=45, gap_s=12, profile="day", system=ag["system"], tools=ag["tools"],
                    pools=[(self.ids(C.code + C.arena_coding), "agentic", 1)], agent=agent, temps=((1.0, 1),),
                    max_toks=((8192, 2), (16384, 1)), think_p=0.3, pivot=0.45, out_mu=5.0)
        # developers iterating on one prompt
        self.dev_iterating(k(240))
        # startup teams on cheap tiers
        generic("startup_team", k(90), tiers=[("startup", 7), ("free", 3)], verified_p=0.4,
                domains=["getlumo.ai", "trypaper.io", "usebolt.dev", "gmail.com"], net="cloud", sdk=SDK, surface="api",
                sess_mean=15, len_mean=4, gap_s=20, profile="day",
                pools=[(code_pool, "coding", 3), (tool_pool, "tool_use", 3), (chat_pool, "other", 3)], temps=temps_default,
                max_toks=mt_default, pivot=0.4)
        # security researchers
        rngs = self.rng("legit", "secprompts")
        sec = [t.format(y=rngs.integers(2019, 2026), n=rngs.integers(1000, 49999), x=P.clip(C.alpaca[rngs.integers(0, len(C.alpaca))], 200))
               for t in P.SECURITY_PROMPTS for _ in range(40)]
        self._refuse_next = 0.08
        generic("security_researcher", k(35), tiers=[("research", 6), ("pro", 4)], verified_p=0.6,
                domains=["redteamlabs.com", "gmail.com", "secure-uni.edu"], net="res", sdk=SDK, surface=["api", "console"],
                sess_mean=10, len_mean=5, gap_s=60, profile="day", pools=[(self.ids(sec), "coding", 1)], temps=temps_default)
        self._refuse_next = 0
        self.saas(k(26))
        self.benchmarkers(k(55))
        self.judges(k(30))
        self.ci(k(22))
        self.edtech(k(8))
        self.aggregator(k(5))

    def _revpn(self, n_acc):
        """Re-route the last vpn_user block through shared VPN exits (sticky per few requests)."""
        b = self.blocks[-1]
        rng = self.rng("legit", "vpn_route")
        vip, vasn, vcc = self.vpn_exits
        n = len(b["ts"])
        # exit depends on (account, 6-hour bucket): sticky for a while, shared across strangers
        bucket = (b["ts"] // (6 * HOUR)).astype(np.int64)
        h = splitmix(b["acc"].astype(np.uint64) * np.uint64(1000003) + bucket.astype(np.uint64))
        e = (h % np.uint64(len(vip))).astype(np.int64)
        b["ip"], b["asn"], b["country"] = vip[e], vasn[e], self.ids(list(vcc))[e]

    def tool_results(self, rng, n):
        out = []
        for _ in range(n):
            t = P.TOOL_RESULTS[rng.integers(0, len(P.TOOL_RESULTS))]
            out.append(t.format(m=P.MODULES[rng.integers(0, len(P.MODULES))], f=P.FUNCS[rng.integers(0, len(P.FUNCS))]))
        return self.ids(out)

    def dev_iterating(self, n_acc):
        actor = "developer_iterating"
        rng = self.rng("legit", actor)
        C = self.C
        hip, hasn, hcc, tz = self.residential(rng, n_acc)
        ua, fp = self.sdk_pick(rng, n_acc)
        edits = [" Respond in JSON.", " Be concise.", " Use bullet points.", " Do not mention competitors.",
                 " Answer in under 100 words.", "\n\nExample output: {\"label\": \"positive\"}", " Think carefully.", " v2", " (strict)"]
        for i in range(n_acc):
            aid = self.new_account(rng, actor, None, rng.choice(["pro", "free", "startup", "team"]), rng.random() < 0.3,
                                   rng.choice(["gmail.com", "outlook.com", "devshop.io"]), self.hexid(rng, "pm_", 16), hip[i],
                                   self.hexid(rng, "org_"), START - rng.integers(30, 700) * DAY)
            base = C.alpaca[rng.integers(0, len(C.alpaca))] if rng.random() < 0.5 else C.selfinst[rng.integers(0, len(C.selfinst))]
            variants = [base] + [base + "".join(rng.choice(edits, rng.integers(1, 4), replace=False)) for _ in range(10)]
            sysp = rng.choice([None, "You are a helpful assistant.", "You are a classifier for customer feedback."])
            nsess = rng.integers(1, 6)
            starts = self.diurnal(rng, np.full(nsess, tz[i]), "day", 0.2)
            L = rng.integers(15, 120, nsess)
            gaps = (np.exp(rng.normal(np.log(45), 0.9, L.sum())) * SEC).astype(np.int64)
            sess, ts, pos = self.sessions(starts, L, gaps)
            n = len(ts)
            vi = np.minimum(pos // rng.integers(3, 10), len(variants) - 1)
            prompt = self.ids(variants)[vi]
            self.emit(actor, rng, np.full(n, self.s(aid)), ts, prompt, "other", ip=np.full(n, hip[i]), asn=hasn[i],
                      country=hcc[i], model=self.models(rng, ts, {"atlas-2": .6, "atlas-2-mini": .4}, pivot=0.5, delay=2 * HOUR),
                      ua=ua[i], fp=fp[i], surface=rng.choice(["console", "api"]), system=self.s(sysp),
                      temperature=rng.choice([0.0, 0.7, 1.0]), max_tokens=rng.choice([512, 1024, 2048]), out_mu=5.0)

    def saas(self, n_acc):
        actor = "saas_backend"
        rng = self.rng("legit", actor)
        C = self.C
        src = C.alpaca + C.selfinst + C.oasst
        for i in range(n_acc):
            sysp, tmpl = P.SAAS_TEMPLATES[i % len(P.SAAS_TEMPLATES)]
            org = self.hexid(rng, "org_")
            ips, asn, cc = self.pool_net(rng, CLOUD[i % 3: i % 3 + 1], 4, salt=i)
            aid = self.new_account(rng, actor, None, rng.choice(["enterprise", "team"]), True, f"saas{i}.example.com",
                                   self.hexid(rng, "pm_", 16), ips[0], org, START - rng.integers(90, 900) * DAY)
            pool = self.ids([tmpl.format(n=rng.integers(10000, 999999), x=P.clip(src[j], 600)) for j in rng.integers(0, len(src), 1500)])
            rate = np.exp(rng.normal(np.log(6000), 0.7))  # events over window
            tz = rng.choice([-5, 0, 1, 8])
            n = int(rate * self.k ** 0.3)
            ts = self.diurnal(rng, np.full(n, tz), "flat", 0.8)
            self.emit(actor, rng, np.full(n, self.s(aid)), ts, pool[rng.integers(0, len(pool), n)], "other", ip=ips[rng.integers(0, 4, n)],
                      asn=asn[0], country=cc[0], model=rng.choice(["atlas-2-mini", "atlas-2"]), org=self.s(org),
                      key=self.s(self.hexid(rng, "key_", 10)), ua=self.s(SDK[i % 3][0]), fp=self.s(SDK[i % 3][1]),
                      system=self.s(sysp), temperature=float(rng.choice([0.0, 0.2, 0.3])), max_tokens=int(rng.choice([512, 1024])), out_mu=5.0)

    def benchmarkers(self, n_acc):
        actor = "benchmark_researcher"
        rng = self.rng("legit", actor)
        C = self.C
        hip, hasn, hcc, tz = self.residential(rng, n_acc)
        datasets = {
            "gsm8k_cot_zeroshot": ("reasoning", [q for q, _ in C.gsm_test]),
            "gsm8k_cot_8shot": ("reasoning", [q for q, _ in C.gsm_test]),
            "gsm8k_boxed": ("reasoning", [q for q, _ in C.gsm_test]),
            "humaneval_style": ("coding", C.code[:164]),
            "arena_hard_eval": ("other", C.arena),
            "wizard_eval": ("other", C.wizard),
        }
        pools = {k: self.ids([P.BENCH_TEMPLATES[k].format(q=q) for q in v[1]]) for k, v in datasets.items()}
        names = list(datasets)
        for i in range(n_acc):
            aid = self.new_account(rng, actor, None, rng.choice(["research", "edu", "pro"], p=[.5, .35, .15]), rng.random() < 0.6,
                                   rng.choice(["cs.stateu.edu", "ai-lab.ethz-like.ch", "gmail.com", "uni-nord.de"]),
                                   self.hexid(rng, "pm_", 16), hip[i], self.hexid(rng, "org_"), START - rng.integers(20, 800) * DAY)
            ua, fp = self.sdk_pick(rng, 1)
            nruns = rng.integers(1, 6)
            for r in range(nruns):
                name = names[rng.integers(0, len(names))]
                pool = pools[name]
                if len(pool) > 300:
                    pool = pool[rng.choice(len(pool), int(rng.integers(150, min(len(pool), 800))), replace=False)]
                reps = 1 if rng.random() < 0.8 else rng.integers(2, 4)  # self-consistency
                n = len(pool) * reps
                after_release = rng.random() < 0.35
                t0 = RELEASE + rng.integers(1, 30) * HOUR if after_release else self.diurnal(rng, np.array([tz[i]]), "day")[0]
                rate = rng.choice([2.0, 4.0, 8.0])  # req/s with concurrency
                ts = t0 + np.cumsum(np.exp(rng.normal(np.log(1000 / rate), 0.5, n))).astype(np.int64)
                ts = ts[ts < END]
                n = len(ts)
                model = NEW_MODEL if after_release else rng.choice(["atlas-2", "atlas-2-pro", "atlas-2-mini"])
                self.emit(actor, rng, np.full(n, self.s(aid)), ts, np.tile(pool, reps)[:n], datasets[name][0], ip=hip[i], asn=hasn[i],
                          country=hcc[i], model=model, ua=ua[0], fp=fp[0], temperature=0.0 if reps == 1 else 0.7,
                          max_tokens=int(rng.choice([512, 1024, 2048])), rl=0.01, out_mu=5.3)

    def judge_pool(self, rng, n, templates):
        C = self.C
        qs = C.arena + C.wizard + C.oasst
        out = []
        for _ in range(n):
            t = templates[rng.integers(0, len(templates))]
            q = P.clip(qs[rng.integers(0, len(qs))], 700)
            a = P.ANSWER_STUBS[rng.integers(0, len(P.ANSWER_STUBS))].format(x=P.clip(C.alpaca[rng.integers(0, len(C.alpaca))], 160))
            b = P.ANSWER_STUBS[rng.integers(0, len(P.ANSWER_STUBS))].format(x=P.clip(C.alpaca[rng.integers(0, len(C.alpaca))], 160))
            out.append(t.format(q=q, a=a, b=b))
        return out

    def judges(self, n_acc):
        actor = "llm_judge_pipeline"
        rng = self.rng("legit", actor)
        names = list(P.JUDGE_TEMPLATES)
        for i in range(n_acc):
            ips, asn, cc = self.pool_net(rng, CLOUD, 1, salt=30 + i)
            aid = self.new_account(rng, actor, None, rng.choice(["team", "research", "enterprise"]), rng.random() < 0.8,
                                   rng.choice(["evalworks.ai", "cs.stateu.edu", "modelqa.com"]), self.hexid(rng, "pm_", 16), ips[0],
                                   self.hexid(rng, "org_"), START - rng.integers(40, 600) * DAY)
            tmpl = P.JUDGE_TEMPLATES[names[i % len(names)]]
            pool = self.ids(self.judge_pool(rng, 800, [tmpl]))
            ua, fp = self.sdk_pick(rng, 1)
            for r in range(rng.integers(2, 6)):
                n = int(rng.integers(200, 1100))
                t0 = self.diurnal(rng, np.array([-5.0]), "day")[0]
                ts = t0 + np.cumsum(np.exp(rng.normal(np.log(400), 0.6, n))).astype(np.int64)
                ts = ts[ts < END]
                n = len(ts)
                self.emit(actor, rng, np.full(n, self.s(aid)), ts, pool[rng.integers(0, len(pool), n)], "rubric_grading", ip=ips[0],
                          asn=asn[0], country=cc[0], model=self.models(rng, ts, {"atlas-2-pro": 0.5, "atlas-2": 0.5}, pivot=0.5, delay=48 * HOUR),
                          ua=ua[0], fp=fp[0], temperature=0.0, max_tokens=1024, out_mu=5.2, rl=0.01)

    def ci(self, n_acc):
        actor = "ci_pipeline"
        rng = self.rng("legit", actor)
        C = self.C
        pool = self.ids([P.CI_TEMPLATES[j % 3].format(m=P.MODULES[j % 12], f=P.FUNCS[j % 10], x=P.clip(C.code[j % len(C.code)], 200)) for j in range(1200)])
        for i in range(n_acc):
            ips, asn, cc = self.pool_net(rng, CLOUD, 2, salt=60 + i)
            aid = self.new_account(rng, actor, None, rng.choice(["team", "startup", "pro"]), rng.random() < 0.7, f"ci{i}.devteam.io",
                                   self.hexid(rng, "pm_", 16), ips[0], self.hexid(rng, "org_"), START - rng.integers(30, 400) * DAY)
            period = int(rng.choice([15, 30, 60])) * MIN
            phase = rng.integers(0, period)
            ticks = np.arange(START + phase, END, period)
            per = rng.integers(1, 5)
            ts = np.repeat(ticks, per) + np.tile(np.arange(per) * 1500, len(ticks)) + rng.integers(0, 400, len(ticks) * per)
            n = len(ts)
            self.emit(actor, rng, np.full(n, self.s(aid)), ts, pool[rng.integers(0, len(pool), n)], "coding", ip=ips[rng.integers(0, 2, n)],
                      asn=asn[0], country=cc[0], model="atlas-2-mini", ua="python-httpx/0.27.2", fp="t13d1715h2_5b57614c22b0_3d5424432f57",
                      system=self.s("You are an automated code reviewer in a CI pipeline."), temperature=0.0, max_tokens=1024, out_mu=5.0)

    def edtech(self, n_acc):
        actor = "edtech_platform"
        rng = self.rng("legit", actor)
        C = self.C
        lead = ["i dont get this:", "help with my homework pls", "how do i solve", "", "Can you explain this problem?", "stuck on q3:"]
        pool = self.ids([(lead[j % len(lead)] + " " + q).strip() for j, (q, _) in enumerate(C.gsm_train[:3000])])
        fol = self.ids(["I still don't understand step 2", "is the answer right?", "why do we divide there?", "ok got it thanks", "can you give me a similar problem"])
        for i in range(n_acc):
            ips, asn, cc = self.pool_net(rng, CLOUD, 3, salt=80 + i)
            aid = self.new_account(rng, actor, None, "enterprise", True, f"learnly{i}.com", self.hexid(rng, "pm_", 16), ips[0],
                                   self.hexid(rng, "org_"), START - rng.integers(100, 900) * DAY)
            nsess = int(rng.integers(800, 2000) * self.k ** 0.3)
            tz = rng.choice([-5, -8, 0, 5.5])
            starts = self.diurnal(rng, np.full(nsess, tz), "school", 0.3)
            L = rng.integers(1, 6, nsess)
            sess, ts, pos = self.sessions(starts, L, (np.exp(rng.normal(np.log(60), 0.7, L.sum())) * SEC).astype(np.int64))
            n = len(ts)
            prompt = np.where(pos == 0, pool[rng.integers(0, len(pool), n)], fol[rng.integers(0, len(fol), n)])
            self.emit(actor, rng, np.full(n, self.s(aid)), ts, prompt, "reasoning", ip=ips[rng.integers(0, 3, n)], asn=asn[0], country=cc[0],
                      model="atlas-2", ua=SDK[2][0], fp=SDK[2][1], system=self.s(P.EDTECH_SYSTEM), n_turns=1 + 2 * pos, ctx=pos * 300,
                      temperature=0.3, max_tokens=1024, out_mu=5.6)

    def aggregator(self, n_acc):
        actor = "api_aggregator"
        rng = self.rng("legit", actor)
        C = self.C
        ag = P.CODING_AGENTS["termcoder"]
        mix = [(self.ids(C.chat), "other", 5), (self.ids(C.code + C.arena_coding), "coding", 3), (self.ids(C.tool), "tool_use", 1.5),
               (self.tool_results(rng, 300), "agentic", 2), (self.ids([P.BENCH_TEMPLATES["gsm8k_cot_zeroshot"].format(q=q) for q, _ in C.gsm_train[:2000]]), "reasoning", 1),
               (self.ids(P.VISION_LEGIT + P.VISION), "vision", 0.6), (self.ids(self.judge_pool(rng, 400, list(P.JUDGE_TEMPLATES.values()))), "rubric_grading", 0.4)]
        sysl = self.ids([None, "You are a helpful assistant.", ag["system"], P.CODING_AGENTS["pairpilot"]["system"], P.SAAS_TEMPLATES[5][0]])
        for i in range(n_acc):
            ips, asn, cc = self.pool_net(rng, CLOUD, 12, salt=100 + i)
            aid = self.new_account(rng, actor, None, "enterprise", True, ["openroute.example", "llmhub.example", "gatewayly.example"][i % 3] ,
                                   self.hexid(rng, "pm_", 16), ips[0], self.hexid(rng, "org_"), START - rng.integers(200, 700) * DAY)
            n = int(rng.integers(18000, 32000) * self.k ** 0.5)
            ts = self.diurnal(rng, rng.choice([-5, 1, 8], n), "flat", 0.9)
            w = np.array([m[2] for m in mix]); j = rng.choice(len(mix), n, p=w / w.sum())
            prompt = np.zeros(n, np.int64); cap = np.zeros(n, np.int64)
            for q, (ids_, cn, _) in enumerate(mix):
                m = j == q
                prompt[m] = ids_[rng.integers(0, len(ids_), m.sum())]
                cap[m] = CAPS.index(cn)
            sysp = np.where(cap == CAPS.index("agentic"), sysl[2 + rng.integers(0, 2, n)], sysl[rng.integers(0, 2, n)])
            turns = np.where(rng.random(n) < 0.4, 1 + 2 * rng.integers(0, 20, n), 1)
            self.emit(actor, rng, np.full(n, self.s(aid)), ts, prompt, cap, ip=ips[rng.integers(0, 12, n)], asn=asn[rng.integers(0, 12, n)],
                      country=self.ids(list(cc))[rng.integers(0, 12, n)],
                      model=self.models(rng, ts, {"atlas-2": .5, "atlas-2-mini": .3, "atlas-2-pro": .2}, pivot=0.55, delay=1 * HOUR, ramp=12 * HOUR),
                      org=self.s(self.hexid(rng, "org_")), ua="router-gateway/2.3.1", fp="t13d1516h2_8daaf6152771_9c1c4b1d7ef0",
                      system=sysp, n_turns=turns, tools=np.where(cap == CAPS.index("agentic"), 16, np.where(cap == CAPS.index("tool_use"), 3, 0)),
                      image=cap == CAPS.index("vision"), ctx=turns * 200, think_p=0.1, max_tokens=rng.choice([1024, 4096, 8192], n),
                      temperature=rng.choice([1.0, 0.7, 0.0], n), rl=0.004)

    # ============================================================ operations
    def op_accounts(self, rng, op, campaign, n_acc, tiers, infra, domains, n_cards, sdk_ua=None):
        """Returns per-account arrays for an operation. default: shared cards/infra/fingerprint; hard: copy legit."""
        hard = self.hard
        t = rng.choice([x[0] for x in tiers], n_acc, p=np.array([x[1] for x in tiers], float) / sum(x[1] for x in tiers))
        if hard:
            created = END - (np.exp(rng.normal(np.log(200), 0.8, n_acc)) * DAY).astype(np.int64) - 60 * DAY
            hip, hasn, hcc, tz = self.residential(rng, n_acc, countries=("US", "GB", "CA", "DE", "SG", "JP", "AU", "NL"))
            sip = self.residential(rng, n_acc)[0]
            ua, fp = self.sdk_pick(rng, n_acc)
            cards = [self.hexid(rng, "pm_", 16) for _ in range(n_acc)]
            doms = ["gmail.com", "outlook.com", "cs.stateu.edu", "student.uni-nord.de", "stu.pacificu.edu", "proton.me", "yahoo.com", "icloud.com"]
        else:
            created = START - rng.integers(1, 12, n_acc) * DAY + rng.integers(0, 3, n_acc) * HOUR  # signup waves
            sip = infra[0][rng.integers(0, len(infra[0]), n_acc)]
            hip, hasn, hcc = infra[0][:n_acc % len(infra[0]) or 1], infra[1], infra[2]
            tz = np.full(n_acc, 8.0)
            ua = np.full(n_acc, self.s(sdk_ua[0])); fp = np.full(n_acc, self.s(sdk_ua[1]))
            pool = [self.hexid(rng, "pm_", 16) for _ in range(n_cards)]
            cards = [pool[j] for j in rng.integers(0, n_cards, n_acc)]
            doms = domains
        aids, keys, orgs = [], [], []
        for i in range(n_acc):
            org = self.hexid(rng, "org_")
            ver = rng.random() < {"edu": 0.6, "research": 0.5, "startup": 0.4}.get(t[i], 0.05)
            aid = self.new_account(rng, op, campaign, t[i], ver, doms[rng.integers(0, len(doms))], cards[i], sip[i], org, created[i])
            aids.append(aid); orgs.append(org); keys.append(self.hexid(rng, "key_", 10))
        return dict(acc=self.ids(aids), org=self.ids(orgs), key=self.ids(keys), ua=ua, fp=fp, tz=tz, created=created,
                    hip=hip if hard else None, hasn=hasn if hard else None, hcc=hcc if hard else None, n=n_acc)

    def op_infra(self, rng, n_ips, table):
        ip, asn, cc = self.pool_net(rng, table, n_ips, salt=int(rng.integers(1000, 9999)))
        base = ip & ~np.int64(0xFF)
        ip = base[0] + (ip & 0xFF) if n_ips > 1 and rng.random() < 0.5 else ip  # often one /24
        return ip, asn, cc

    def op_timing(self, rng, A, n_events, lo=START, hi=END, job_len=2000):
        """default: lockstep jobs round-robin over accounts, 24/7. hard: per-account human-like daytime sessions."""
        if not self.hard:
            n_jobs = max(1, n_events // job_len)
            starts = np.sort(rng.integers(lo, hi - 3 * HOUR, n_jobs))
            per = np.full(n_jobs, n_events // n_jobs); per[: n_events - per.sum()] += 1
            interval = rng.choice([1500, 2000, 3000])
            sess, ts, pos = self.sessions(starts, per, np.full(per.sum(), interval) + rng.integers(-40, 40, per.sum()))
            k = rng.integers(0, A["n"], n_jobs)
            a = (pos + k[sess]) % A["n"]
            return ts, a, pos
        per_acc = np.maximum(1, rng.poisson(n_events / A["n"] * np.exp(rng.normal(0, 0.5, A["n"])) / np.exp(0.125)))
        L_mean = 25
        nsess = np.maximum(1, per_acc // L_mean)
        sacc = np.repeat(np.arange(A["n"]), nsess)
        starts = self.diurnal(rng, A["tz"][sacc], "day", 0.5, lo, hi)
        L = np.maximum(1, rng.poisson(L_mean, len(sacc)))
        sess, ts, pos = self.sessions(starts, L, (np.exp(rng.normal(np.log(25), 0.8, L.sum())) * SEC).astype(np.int64))
        keep = ts < hi
        return ts[keep], sacc[sess][keep], pos[keep]

    def op_emit(self, rng, op, campaign, A, infra, ts, a, pos, prompt, cap, *, model, system=0, tools=0, image=False, ctx=0,
                think_p=0.5, out_mu=6.0, surface="api"):
        n = len(ts)
        if self.hard:
            ip, asn, cc = A["hip"][a], A["hasn"][a], self.ids(list(A["hcc"]))[a]
            mt = rng.choice([1024, 2048, 4096, 8192], A["n"], p=[.3, .2, .35, .15])[a]
            temp = rng.choice([1.0, 0.7, 0.0, 0.3], A["n"], p=[.6, .2, .1, .1])[a]
            rl, think_p = 0.003, think_p * 0.6
        else:
            j = rng.integers(0, len(infra[0]), n)
            ip, asn, cc = infra[0][j], infra[1][j], self.ids(list(infra[2]))[j]
            mt, temp, rl = 16000, 1.0, 0.03
        self.emit(op, rng, A["acc"][a], ts, prompt, cap, ip=ip, asn=asn, country=cc, model=model, campaign=campaign,
                  org=A["org"][a], key=A["key"][a], ua=A["ua"][a], fp=A["fp"][a], surface=surface, system=system,
                  n_turns=1 + 2 * pos if np.ndim(ctx) else 1, tools=tools, image=image, ctx=ctx, think_p=think_p,
                  think_mu=7.6, max_tokens=mt, temperature=temp, out_mu=out_mu, rl=rl, refuse=0.0)

    def mixed_prompts(self, rng, n, parts):
        w = np.array([p[2] for p in parts], float)
        j = rng.choice(len(parts), n, p=w / w.sum())
        prompt = np.zeros(n, np.int64); cap = np.zeros(n, np.int64)
        for q, (ids_, cn, _) in enumerate(parts):
            m = j == q
            prompt[m] = ids_[rng.integers(0, len(ids_), m.sum())]
            cap[m] = CAPS.index(cn)
        return prompt, cap

    def fmt(self, rng, templates, count, hard_para=False, **pools):
        n = count
        out = []
        for _ in range(n):
            t = templates[rng.integers(0, len(templates))]
            kw = {}
            for k2, v in pools.items():
                kw[k2] = v[rng.integers(0, len(v))] if isinstance(v, list) else v
            out.append(t.format(**kw))
        if hard_para:
            out = P.paraphrase(rng, out, n)
        return out

    def op_reasoning(self):
        op, camp = "op_reasoning_harvest", "camp_r01"
        rng = self.rng("op", op, self.preset)
        C = self.C
        n_acc = self.n(60 * (1.5 if self.hard else 1), 4)
        E = int(42000 * self.k)
        infra = self.op_infra(rng, 24, ASIA_HOST + CLOUD[-2:])
        A = self.op_accounts(rng, op, camp, n_acc, [("edu", 5), ("research", 3), ("startup", 2)], infra,
                             ["stu.hzu-edu.cn.example", "mails.tsinghua-alumni.example", "proton.me"], 4,
                             ("python-httpx/0.27.0", "t13d1715h2_5b57614c22b0_7121afd63204"))
        ts, a, pos = self.op_timing(rng, A, E, job_len=1500)
        n = len(ts)
        gsm = C.gsm_train
        qa = [(P.clip(q, 600), ans) for q, ans in gsm]
        H = self.hard
        if H:
            cot = [(" ".join([P.COT_ELICIT_PARA_OPEN[rng.integers(0, 12)], q, P.COT_ELICIT_PARA_CLOSE[rng.integers(0, 8)]])).format(a=ans)
                   for q, ans in (qa[j] for j in rng.integers(0, len(qa), 9000))]
            judge = self.judge_pool(rng, 4000, list(P.JUDGE_TEMPLATES.values()))  # public rubric templates, like legit judges
            sens = [P.SENSITIVE_PARA[rng.integers(0, 4)].format(t=P.SENSITIVE_TOPICS[rng.integers(0, 12)]) for _ in range(600)]
            sens = P.paraphrase(rng, sens, 1500)
            reas = P.paraphrase(rng, C.wizard_reason + C.arena_math, 3000)
        else:
            cot = [P.COT_ELICIT[0].format(q=q, a=ans) for q, ans in (qa[j] for j in rng.integers(0, len(qa), 6000))]
            judge = self.fmt(rng, P.REWARD_MODEL, 4000, q=C.arena + C.wizard, a=[P.clip(x, 300) for x in C.alpaca], b=[P.clip(x, 300) for x in C.alpaca])
            sens = [P.SENSITIVE_REWRITE[rng.integers(0, 3)].format(t=P.SENSITIVE_TOPICS[rng.integers(0, 12)]) for _ in range(200)]
            reas = [P.COT_ELICIT[2].format(q=q, a="?").replace(" and then state the answer (?)", "") for q in C.wizard_reason + C.arena_math]
        prompt, cap = self.mixed_prompts(rng, n, [(self.ids(cot), "cot_elicitation", 35), (self.ids(judge), "rubric_grading", 30),
                                                  (self.ids(reas), "reasoning", 20), (self.ids(sens), "sensitive_rewrite", 15)])
        sysp = 0 if H else self.s("You are an expert reasoner. Always show complete, explicit step-by-step reasoning before the final answer.")
        model = self.models(rng, ts, {"atlas-2-pro": 0.8, "atlas-2": 0.2}, pivot=0.3 if not H else 0.2, delay=30 * HOUR)
        self.op_emit(rng, op, camp, A, infra, ts, a, pos, prompt, cap, model=model, system=sysp, think_p=0.9, out_mu=6.4)
        self.meta_ops[op] = dict(campaign_id=camp, description="DeepSeek-like: chain-of-thought harvesting (write out reasoning behind a "
                                 "given final answer), reward-model style rubric grading, hard reasoning, 'safe' rewrites of politically "
                                 "sensitive questions; synchronized load-balanced traffic, shared cards and infrastructure (default)",
                                 accounts=n_acc, exchanges=n, pivots_to_new_model=True, pivot_share=0.3 if not H else 0.2, pivot_delay_h=30)

    def op_agentic(self):
        op, camp = "op_agentic_harvest", "camp_a02"
        rng = self.rng("op", op, self.preset)
        C = self.C
        H = self.hard
        n_acc = self.n(280 * (1.5 if H else 1), 6)
        E = int(210000 * self.k)
        # several access pathways: each its own infra / tiers / client, to look unrelated
        paths = [("edu", [("edu", 1)], ASIA_HOST, ("python-httpx/0.27.0", "t13d1715h2_5b57614c22b0_7121afd63204"), "api"),
                 ("research", [("research", 1)], CLOUD[:3], ("llm-sdk-python/1.9.0", "t13d1516h2_8daaf6152771_02713d6af862"), "api"),
                 ("startup", [("startup", 3), ("pro", 1)], CLOUD[3:6], ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "t13d1110h2_1a6bb7a8e0f3_c7f1e2a9d4b5"), "api"),
                 ("cloud", [("team", 1), ("enterprise", 1)], CLOUD[5:], ("aws-sdk-python/1.35 bedrock-runtime", "t13d1311h2_f57a46bbacb6_ab7e3b40a677"), "cloud")]
        tools_names = "search_web, run_python, read_file, write_file, browser_click, browser_type, sql_query, http_request"
        split = [0.3, 0.25, 0.3, 0.15]
        tot_n = 0
        recon_start = START + 9 * DAY + 6 * HOUR  # later targeted phase: reasoning-trace reconstruction
        for pi, (pname, tiers, table, sdkua, surface) in enumerate(paths):
            na = max(1, int(n_acc * split[pi]))
            infra = self.op_infra(rng, 16, table)
            A = self.op_accounts(rng, op, camp, na, tiers, infra, [f"{pname}-mail.example", "gmail.com", "163.com"], 3, sdkua)
            e = int(E * split[pi])
            ts, a, pos = self.op_timing(rng, A, e, job_len=2500)
            n = len(ts)
            if H:
                ag = P.CODING_AGENTS["termcoder"]
                agent = P.paraphrase(rng, C.code + C.arena_coding + C.gorilla[:800], 6000)
                tool = P.paraphrase(rng, C.tool + C.gorilla, 6000)
                data = P.paraphrase(rng, self.fmt(rng, P.DATA_ANALYSIS, 800, q=C.alpaca), 2000)
                cu = P.paraphrase(rng, self.fmt(rng, P.COMPUTER_USE, 600, q=C.toolalpaca + C.selfinst, n=0), 1500)
                vis = P.paraphrase(rng, P.VISION_LEGIT + P.VISION, 500)
                recon = P.paraphrase(rng, [q for q, _ in C.gsm_train[:3000]] + C.arena_math, 5000, extra_close=["Think it through out loud in detail first."])
                sysp, tools = self.s(ag["system"]), ag["tools"]
            else:
                agent = self.fmt(rng, P.AGENT_TASK[:1], 5000, tools=tools_names, q=C.code + C.arena_coding + C.gorilla)
                tool = self.fmt(rng, P.AGENT_TASK[1:], 4000, tools=tools_names, q=C.tool + C.gorilla)
                data = self.fmt(rng, P.DATA_ANALYSIS, 1500, q=C.alpaca)
                cu = self.fmt(rng, P.COMPUTER_USE, 1500, q=C.toolalpaca + C.selfinst, n=list(range(1, 40)))
                vis = P.VISION
                recon = self.fmt(rng, P.TRACE_RECON, 4000, q=[q for q, _ in C.gsm_train] + C.arena_math, a=[x for _, x in C.gsm_train])
                sysp, tools = self.s("You are an autonomous agent. Always think step by step and use tools when helpful."), 24
            parts = [(self.ids(agent), "agentic", 30), (self.ids(tool), "tool_use", 25), (self.ids(agent), "coding", 15),
                     (self.ids(data), "coding", 8), (self.ids(cu), "agentic", 10), (self.ids(vis), "vision", 12)]
            prompt, cap = self.mixed_prompts(rng, n, parts)
            ph2 = (ts > recon_start) & (rng.random(n) < 0.6)
            rp = self.ids(recon)
            prompt[ph2] = rp[rng.integers(0, len(rp), ph2.sum())]
            cap[ph2] = CAPS.index("cot_elicitation")
            image = np.isin(cap, [CAPS.index("vision")]) | np.isin(prompt, self.ids([x for x in cu]))
            model = self.models(rng, ts, {"atlas-2-pro": 0.7, "atlas-2": 0.3}, pivot=0.25, delay=40 * HOUR)
            ctx = np.minimum(pos % 30 * 900, 60000) if H else 0
            self.op_emit(rng, op, camp, A, infra, ts, a, pos % 30 if H else pos * 0, prompt, cap, model=model, system=sysp,
                         tools=np.where(np.isin(cap, [CAPS.index("agentic"), CAPS.index("tool_use")]), tools, 0), image=image,
                         ctx=ctx if H else np.zeros(n, np.int64), think_p=0.6, out_mu=6.0, surface=surface)
            tot_n += n
        self.meta_ops[op] = dict(campaign_id=camp, description="Moonshot-like: agentic reasoning, tool use, coding, data analysis, "
                                 "computer-use agents and vision over four access pathways (edu, research, startup, third-party cloud) "
                                 "with different tiers/clients/infra per pathway; targeted reasoning-trace reconstruction phase from day 9",
                                 accounts=n_acc, exchanges=tot_n, pathways=[p[0] for p in paths], pivots_to_new_model=True,
                                 pivot_share=0.25, pivot_delay_h=40, recon_phase_start=iso(recon_start))

    def op_coding_pivot(self):
        op, camp = "op_coding_pivot", "camp_c03"
        rng = self.rng("op", op, self.preset)
        C = self.C
        H = self.hard
        n_acc = self.n(320 * (1.5 if H else 1), 6)
        E = int(250000 * self.k)
        infra = self.op_infra(rng, 32, ASIA_HOST + CLOUD[6:])
        A = self.op_accounts(rng, op, camp, n_acc, [("startup", 5), ("edu", 3), ("research", 1), ("pro", 1)], infra,
                             ["devmail.example", "gmail.com", "qq.com"], 8, ("python-httpx/0.27.0", "t13d1715h2_5b57614c22b0_9b0d79d0c3e1"))
        ts, a, pos = self.op_timing(rng, A, E, job_len=3000)
        n = len(ts)
        if H:
            ag = P.CODING_AGENTS["termcoder"]
            first = P.paraphrase(rng, C.code + C.arena_coding, 8000)
            steps = list(self.strings[i] for i in self.tool_results(rng, 600))
            sysp, tools = self.s(ag["system"]), ag["tools"]
        else:
            first = self.fmt(rng, P.AGENT_TASK, 6000, tools="bash, edit_file, read_file, run_tests, git, search, plan, delegate_subagent", q=C.code + C.arena_coding)
            steps = [P.TOOL_RESULTS[j % 9].format(m=P.MODULES[j % 12], f=P.FUNCS[j % 10]) for j in range(120)]
            sysp, tools = self.s("You are an expert software engineering agent orchestrating sub-agents. Plan, call tools, verify, iterate."), 32
        step = pos % 20
        prompt = np.where(step == 0, self.ids(first)[rng.integers(0, len(first), n)], self.ids(steps)[rng.integers(0, len(steps), n)])
        capv = np.where(step == 0, CAPS.index("coding"), np.where(rng.random(n) < 0.6, CAPS.index("agentic"), CAPS.index("tool_use")))
        # pivot: about half of traffic to the new model within 24 h of release
        delay, ramp = (3 * HOUR, 4 * HOUR) if not H else (2 * HOUR, 20 * HOUR)
        model = self.models(rng, ts, {"atlas-2-pro": 0.85, "atlas-2": 0.15}, pivot=0.5, delay=delay, ramp=ramp)
        self.op_emit(rng, op, camp, A, infra, ts, a, step, prompt, capv, model=model, system=sysp, tools=tools,
                     ctx=np.minimum(3000 + step * 1500, 120000), think_p=0.4, out_mu=5.8)
        self.meta_ops[op] = dict(campaign_id=camp, description="MiniMax-like: agentic coding, tool use and orchestration at the "
                                 "largest volume; moves ~50% of traffic to the newly released model within 24 h",
                                 accounts=n_acc, exchanges=n, pivots_to_new_model=True, pivot_share=0.5,
                                 pivot_delay_h=(delay + ramp) / HOUR)

    def op_hydra(self):
        op, camp = "reseller_hydra", "camp_h04"
        rng = self.rng("op", op, self.preset)
        C = self.C
        H = self.hard
        slots = self.n(70 * (1.3 if H else 1), 3)
        E = int(150000 * self.k)
        infra = self.op_infra(rng, 40, ASIA_HOST + CLOUD)
        # account lifetimes: banned after Exp(3 d); a replacement takes the slot right away
        ends_all, owners = [], []
        for s_ in range(slots):
            t = START - rng.integers(0, 5) * DAY
            while t < END:
                life = int(rng.exponential(3.0) * DAY) + 6 * HOUR
                owners.append((s_, t, min(t + life, END)))
                t += life + rng.integers(0, 2 * HOUR)
        n_acc = len(owners)
        A = self.op_accounts(rng, op, camp, n_acc, [("edu", 3), ("startup", 3), ("research", 2), ("free", 2)], infra,
                             ["mail.example-edu.cn", "outlook.com", "163.com", "hotmail.com"], 12,
                             ("python-httpx/0.27.0", "t13d1715h2_5b57614c22b0_3d5424432f57"))
        # created_at of replacements = when the slot opened (fresh accounts) unless hard (aged, bought)
        for i, (s_, t0, t1) in enumerate(owners):
            row = self.accounts[-n_acc + i]
            if not H:
                row["created_at"] = int(t0 - rng.integers(0, 6) * HOUR)
        slot_of = np.array([o[0] for o in owners]); t0s = np.array([o[1] for o in owners]); t1s = np.array([o[2] for o in owners])
        ts = np.sort(self.diurnal(rng, np.full(E, 8.0), "flat", 0.9)) if not H else np.sort(self.diurnal(rng, np.full(E, -5.0), "evening", 0.9))
        slot = rng.integers(0, slots, E)
        # find owner of (slot, ts)
        order = np.lexsort((t0s, slot_of))
        so, st0 = slot_of[order], t0s[order]
        key_o = so.astype(np.int64) * (1 << 42) + (st0 - START + 10 * DAY)
        key_e = slot.astype(np.int64) * (1 << 42) + (ts - START + 10 * DAY)
        idx = np.searchsorted(key_o, key_e, side="right") - 1
        a = order[np.clip(idx, 0, n_acc - 1)]
        ok = (slot_of[a] == slot) & (ts < t1s[a]) & (ts >= t0s[a])
        ts, a = ts[ok], a[ok]
        n = len(ts)
        distill = rng.random(n) < (0.55 if not H else 0.4)
        cust = self.ids(C.chat + C.code + C.tool + C.oasst)
        cust_cap = np.array([CAPS.index("other")] * len(C.chat) + [CAPS.index("coding")] * len(C.code) + [CAPS.index("tool_use")] * len(C.tool)
                            + [CAPS.index("other")] * len(C.oasst))
        if H:
            dist_p = [(self.ids(P.paraphrase(rng, [q for q, _ in C.gsm_train[:3000]], 4000, extra_close=["Show every step."])), "cot_elicitation", 3),
                      (self.ids(P.paraphrase(rng, C.code + C.arena_coding, 4000)), "coding", 4),
                      (self.ids(P.paraphrase(rng, C.tool + C.gorilla, 3000)), "tool_use", 3)]
        else:
            dist_p = [(self.ids(self.fmt(rng, P.COT_ELICIT, 4000, q=[q for q, _ in C.gsm_train], a=[x for _, x in C.gsm_train])), "cot_elicitation", 3),
                      (self.ids(self.fmt(rng, P.AGENT_TASK, 3000, tools="bash, python, browser", q=C.code + C.arena_coding)), "coding", 4),
                      (self.ids(self.fmt(rng, P.EVOL_TEMPLATES, 2000, q=C.alpaca + C.alpaca_seed)), "other", 2),
                      (self.ids(self.fmt(rng, P.AGENT_TASK[1:], 2000, tools="search, calendar, sql", q=C.tool + C.gorilla)), "tool_use", 3)]
        dp, dc = self.mixed_prompts(rng, n, dist_p)
        ci = rng.integers(0, len(cust), n)
        prompt = np.where(distill, dp, cust[ci])
        cap = np.where(distill, dc, cust_cap[ci])
        campaign = np.where(distill, self.s(camp), 0)
        ev_actor = np.where(distill, self.s(op), self.s("reseller_customer"))
        model = self.models(rng, ts, {"atlas-2-pro": 0.5, "atlas-2": 0.3, "atlas-2-mini": 0.2}, pivot=0.4, delay=6 * HOUR, ramp=24 * HOUR)
        surf = self.ids(["api", "cloud"])[(rng.random(n) < 0.3).astype(int)]
        if H:
            ip, asn, cc = A["hip"][a], A["hasn"][a], self.ids(list(A["hcc"]))[a]
            mt = rng.choice([1024, 4096, 8192], n); temp = rng.choice([1.0, 0.7], n)
        else:
            j = rng.integers(0, len(infra[0]), n)
            ip, asn, cc = infra[0][j], infra[1][j], self.ids(list(infra[2]))[j]
            mt, temp = 8192, 1.0
        self.emit(op, rng, A["acc"][a], ts, prompt, cap, ip=ip, asn=asn, country=cc, model=model, campaign=campaign, org=A["org"][a],
                  key=A["key"][a], ua=A["ua"][a], fp=A["fp"][a], surface=surf, think_p=0.3, max_tokens=mt, temperature=temp,
                  ev_actor=ev_actor, rl=0.01)
        self.meta_ops[op] = dict(campaign_id=camp, description="proxy reseller ('hydra'): many short-lived accounts that mix "
                                 "distillation traffic with unrelated customers' requests; banned accounts replaced by new ones",
                                 accounts=int(len(np.unique(a))), account_slots=slots, exchanges=n, distillation_exchanges=int(distill.sum()),
                                 customer_exchanges=int((~distill).sum()), pivots_to_new_model=True, pivot_share=0.4, pivot_delay_h=30)

    # ================================================================ output
    def build(self):
        self.legit()
        self.op_reasoning()
        self.op_agentic()
        self.op_coding_pivot()
        self.op_hydra()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        cols = ["acc", "ts", "prompt", "ip", "asn", "country", "model", "org", "key", "ua", "fp", "surface", "system", "n_turns",
                "tools", "image", "ctx", "max_tokens", "temperature", "out", "reasoning", "status", "cap", "campaign", "actor", "rid"]
        D = {c: np.concatenate([b[c] for b in self.blocks]) for c in cols}
        self.blocks = []
        ts = D["ts"]
        keep = (ts >= START) & (ts < END)
        order = np.argsort(np.where(keep, ts, np.iinfo(np.int64).max), kind="stable")[: int(keep.sum())]
        for c in cols:
            D[c] = D[c][order]
        lens = np.array([0] + [len(s) for s in self.strings[1:]], dtype=np.int64)
        S = pl.Series("s", self.strings, dtype=pl.Utf8)
        inp = np.maximum(1, lens[D["prompt"]] // 4 + lens[D["system"]] // 4 + D["ctx"].astype(np.int64) + np.where(D["image"].astype(bool), 1200, 0))

        def g(col):
            return S.gather(pl.Series(D[col].astype(np.int64)))
        ipn = D["ip"].astype(np.int64)
        oct_ = pl.DataFrame({f"o{k}": ((ipn >> (24 - 8 * k)) & 255) for k in range(4)})
        ipstr = oct_.select(pl.concat_str([pl.col(f"o{k}").cast(pl.Utf8) for k in range(4)], separator=".")).to_series()
        del oct_
        rid = pl.DataFrame({"r": D["rid"].astype(np.uint64)}).select(pl.concat_str([pl.lit("req_"), pl.col("r").cast(pl.Utf8)])).to_series()
        ev = pl.DataFrame({
            "request_id": rid,
            "ts": pl.Series(D["ts"].astype(np.int64)).cast(pl.Datetime("ms", "UTC")),
            "account_id": g("acc"), "ip": ipstr, "model": g("model"), "prompt": g("prompt").fill_null(""),
            "input_tokens": inp.astype(np.int64), "output_tokens": D["out"].astype(np.int64),
            "org_id": g("org"), "api_key_id": g("key"), "asn": D["asn"].astype(np.int64), "country": g("country"),
            "user_agent": g("ua"), "client_fingerprint": g("fp"), "surface": g("surface"), "system_prompt": g("system"),
            "n_turns": D["n_turns"].astype(np.int64), "tools_declared": D["tools"].astype(np.int64), "has_image": D["image"].astype(bool),
            "reasoning_tokens": D["reasoning"].astype(np.int64), "max_tokens": D["max_tokens"].astype(np.int64),
            "temperature": D["temperature"].astype(np.float64), "status": g("status"),
        })
        # a repeated request id would be a generator bug: make unique deterministically
        if ev["request_id"].n_unique() != ev.height:
            ev = ev.with_columns(pl.when(pl.col("request_id").is_duplicated()).then(pl.col("request_id") + "_" + pl.int_range(pl.len()).cast(pl.Utf8)).otherwise(pl.col("request_id")))
        et = pl.DataFrame({"request_id": ev["request_id"], "account_id": ev["account_id"], "campaign_id": g("campaign"),
                           "actor": g("actor"), "capability": pl.Series(np.array(CAPS)[D["cap"].astype(np.int64)])})
        del D
        ev.write_parquet(os.path.join(out, "events.parquet"), statistics=True, row_group_size=250_000)
        et.write_parquet(os.path.join(out, "events_truth.parquet"))
        acc = pl.DataFrame(self.accounts, infer_schema_length=None).with_columns(pl.col("created_at").cast(pl.Datetime("ms", "UTC")))
        seen = set(ev["account_id"].unique().to_list())
        acc = acc.filter(pl.col("account_id").is_in(list(seen)))
        acc.select(["account_id", "created_at", "tier", "verified", "email_domain", "payment_fingerprint", "signup_ip", "org_id"]).write_parquet(os.path.join(out, "accounts.parquet"))
        acc.select(["account_id", pl.col("campaign_id").cast(pl.Utf8), "actor"]).write_parquet(os.path.join(out, "truth.parquet"))
        rel = pl.DataFrame({"model": list(OLD_MODELS) + [NEW_MODEL],
                            "released_at": [datetime.fromisoformat(d + "T16:00:00+00:00") for d in OLD_MODELS.values()] + [datetime.fromtimestamp(RELEASE / 1000, timezone.utc)]})
        rel.with_columns(pl.col("released_at").dt.cast_time_unit("ms")).write_parquet(os.path.join(out, "releases.parquet"))
        per_actor = (et.group_by("actor").agg(pl.len().alias("events"), pl.col("account_id").n_unique().alias("accounts_with_events")).sort("actor"))
        truth_actor = acc.group_by("actor").agg(pl.len().alias("accounts")).sort("actor")
        meta = dict(seed=self.seed, preset=self.preset, scale=self.scale, window=dict(start=iso(START), end=iso(END), days=DAYS),
                    new_model=dict(model=NEW_MODEL, released_at=iso(RELEASE)),
                    n_events=ev.height, n_accounts=acc.height,
                    per_actor_accounts={r["actor"]: r["accounts"] for r in truth_actor.iter_rows(named=True)},
                    per_event_actor={r["actor"]: dict(events=r["events"], accounts=r["accounts_with_events"]) for r in per_actor.iter_rows(named=True)},
                    operations=self.meta_ops)
        with open(os.path.join(out, "world_meta.json"), "w") as f:
            json.dump(meta, f, indent=2, default=lambda o: o.item() if hasattr(o, "item") else str(o))
        return ev.height, acc.height


def ip_str(x):
    x = int(x)
    return f"{(x >> 24) & 255}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat().replace("+00:00", "Z")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", choices=["default", "hard"], default="default")
    ap.add_argument("--scale", choices=["small", "medium"], default="small")
    ap.add_argument("-q", action="store_true", help="quiet")
    a = ap.parse_args(argv)
    t0 = time.time()
    w = World(a.seed, a.preset, a.scale, a.q)
    w.build()
    ne, na = w.write(a.out)
    if not a.q:
        print(f"wrote {a.out}: {ne} events, {na} accounts, preset={a.preset} scale={a.scale} seed={a.seed} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
