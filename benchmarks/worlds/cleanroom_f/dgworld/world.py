"""World state: time window, models, accounts, emitted event batches, final assembly."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone

import numpy as np
import polars as pl

from .common import (CAPS, DAY, HOUR, STATUSES, SURFACES, TIER_RPM, hex_strings, lognormal,
                     stream_rng)
from .infra import Clients, IPTable
from .text import Corpus, TextTable

MODELS = ["sable-3-mini", "sable-3.5", "sable-3.5-mini", "sable-3.5-reasoner", "sable-4"]
M_LEGACY, M_FLAG, M_MINI, M_REASON, M_NEW = range(5)


class World:
    def __init__(self, seed: int, preset: str, scale: str, corpora: str):
        self.seed, self.preset, self.scale = seed, preset, scale
        wr = stream_rng(seed, "world")
        self.D = int(wr.integers(10, 15))
        start = datetime(2025, 1, 6, tzinfo=timezone.utc) + timedelta(days=int(wr.integers(0, 240)))
        self.T0 = start.timestamp()
        self.T1 = self.T0 + self.D * DAY
        rel_day = int(round(wr.uniform(0.42, 0.6) * self.D))
        self.release = self.T0 + rel_day * DAY + wr.uniform(15.5, 18.5) * HOUR
        self.model_release = np.array([self.T0 - 431 * DAY, self.T0 - 212 * DAY, self.T0 - 158 * DAY,
                                       self.T0 - wr.uniform(50, 80) * DAY, self.release])
        self.vol = 1.0 if scale == "medium" else 0.1
        self.text = TextTable()
        self.corpus = Corpus(corpora, seed, self.text)
        self.ips = IPTable(seed)
        self.clients = Clients()
        self.acc = defaultdict(list)
        self.keys: list[str] = []
        self.orgs_meta = {}
        self.batches = []
        self.campaigns = {}      # campaign_id -> meta
        self.n_acc = 0

    # ------------------------------------------------------------------ accounts
    def add_accounts(self, rng, n, actor, campaign=None, *, created, tier, verified, email, payment,
                     signup_ip, org, country, tz, n_keys=1):
        n = int(n)
        ids = ["acct_" + h for h in hex_strings(rng, n, 14)]
        bc = lambda v: list(v) if isinstance(v, (list, np.ndarray)) else [v] * n
        created, tier, verified, email, payment = bc(created), bc(tier), bc(verified), bc(email), bc(payment)
        signup_ip, org, country, tz, n_keys = bc(signup_ip), bc(org), bc(country), bc(tz), bc(n_keys)
        key_start = []
        for k in n_keys:
            key_start.append(len(self.keys))
            self.keys.extend("key_" + h for h in hex_strings(rng, int(k), 12))
        a = self.acc
        a["account_id"] += ids
        a["created_at"] += [float(x) for x in created]
        a["tier"] += [str(x) for x in tier]
        a["verified"] += [bool(x) for x in verified]
        a["email_domain"] += list(email)
        a["payment_fingerprint"] += list(payment)
        a["signup_ip"] += [self.ips.ips[int(i)] if i is not None and int(i) >= 0 else None for i in signup_ip]
        a["org_id"] += list(org)
        a["country"] += list(country)
        a["tz"] += [float(x) for x in tz]
        a["key_start"] += key_start
        a["key_count"] += [int(k) for k in n_keys]
        a["actor"] += [actor] * n
        a["campaign_id"] += [campaign] * n
        a["rpm"] += [TIER_RPM.get(str(t), 50) for t in tier]
        out = np.arange(self.n_acc, self.n_acc + n)
        self.n_acc += n
        return out

    def new_org(self, rng):
        return "org_" + hex_strings(rng, 1, 12)[0]

    def new_payment(self, rng, n=1):
        return ["pf_" + h for h in hex_strings(rng, n, 20)]

    def acct_arr(self, name, idx):
        col = self.acc[name]
        return np.array([col[int(i)] for i in idx])

    # ------------------------------------------------------------------ models
    def pivot_models(self, rng, ts, before, after, delay=0.0, ramp=1.0, acct_delay=None):
        """Model per event: draws from `before` mix, moving to `after` mix after release+delay
        over `ramp` seconds (acct_delay: optional per-event extra delay)."""
        ts = np.asarray(ts)
        bm = np.array(list(before.keys()))
        bp = np.array(list(before.values()), dtype=float)
        am = np.array(list(after.keys()))
        ap = np.array(list(after.values()), dtype=float)
        m0 = bm[rng.choice(len(bm), size=len(ts), p=bp / bp.sum())]
        m1 = am[rng.choice(len(am), size=len(ts), p=ap / ap.sum())]
        d = delay + (0 if acct_delay is None else acct_delay)
        frac = np.clip((ts - self.release - d) / max(ramp, 1.0), 0, 1)
        use_new = rng.random(len(ts)) < frac
        m = np.where(use_new, m1, m0)
        m = np.where((m == M_NEW) & (ts < self.release), M_FLAG, m)
        return m.astype(np.int64)

    # ------------------------------------------------------------------ events
    def emit(self, rng, *, ts, acct, ip, model, body, client, surface, cap, out_tok,
             pre=0, suf=0, sys=-1, n_turns=1, tools=0, img=False, reason_tok=-1, max_tok=-1,
             temp=np.nan, camp=None, hist=0, refuse_p=0.0, key=None, force_status=None):
        n = len(ts)
        if n == 0:
            return
        f = lambda v, dt: np.broadcast_to(np.asarray(v, dtype=dt), (n,)).copy()
        acct = f(acct, np.int64)
        b = {
            "ts": f(ts, np.float64), "acct": acct, "ip": f(ip, np.int64), "model": f(model, np.int64),
            "pre": f(pre, np.int64), "body": f(body, np.int64), "suf": f(suf, np.int64), "sys": f(sys, np.int64),
            "client": f(client, np.int64), "surface": f(surface, np.int64), "n_turns": f(n_turns, np.int64),
            "tools": f(tools, np.int64), "img": f(img, bool), "out": np.maximum(1, f(out_tok, np.float64)).astype(np.int64),
            "reason": f(reason_tok, np.float64), "max_tok": f(max_tok, np.int64),
            "temp": f(temp, np.float64), "cap": f(cap, np.int64), "hist": f(hist, np.float64),
        }
        camp_flag = np.ones(n, bool) if camp is None else f(camp, bool)
        b["camp"] = camp_flag
        # api key: picked per account (chat/console/cloud surfaces carry none)
        if key is None:
            ks = np.array(self.acc["key_start"])[acct]
            kc = np.array(self.acc["key_count"])[acct]
            key = np.where(kc > 0, ks + (rng.integers(0, 1 << 30, n) % np.maximum(kc, 1)), -1)
        key = f(key, np.int64)
        key[(b["surface"] == 1) | (b["surface"] == 2) | (b["surface"] == 3)] = -1
        b["key"] = key
        # status: refusals and server errors (more errors on a freshly launched model)
        u = rng.random(n)
        err_p = 0.003 + np.where((b["model"] == M_NEW) & (b["ts"] - self.release < 14 * HOUR), 0.03, 0.0)
        rp = f(refuse_p, np.float64) + 0.002
        st = np.where(u < err_p, 2, np.where(u < err_p + rp, 1, 0))
        if force_status is not None:
            fs = f(force_status, np.int64)
            st = np.where(fs >= 0, fs, st)
        b["status"] = st.astype(np.int64)
        b["refusal_out"] = lognormal(rng, 45, 0.4, n).astype(np.int64) + 8
        b["img_tok"] = np.where(b["img"], rng.integers(700, 1700, n), 0)
        b["rid"] = rng.integers(0, 256, size=(n, 10), dtype=np.uint8)
        self.batches.append(b)

    # ------------------------------------------------------------------ assembly
    def assemble(self):
        keys = list(self.batches[0].keys())
        E = {}
        for k in keys:   # free each batch column as soon as it is concatenated
            E[k] = np.concatenate([b.pop(k) for b in self.batches])
        self.batches = []
        created = np.array(self.acc["created_at"])
        ok = (E["ts"] >= self.T0) & (E["ts"] < self.T1) & (E["ts"] >= created[E["acct"]] + 30)
        for k in list(E):
            E[k] = E[k][ok]
        n = len(E["ts"])
        # outputs
        out = E["out"].astype(np.int64)
        mt = E["max_tok"]
        out = np.where(mt > 0, np.minimum(out, mt), out)
        reason = E["reason"]
        st = E["status"]
        out = np.where(st == 1, E["refusal_out"], out)
        out = np.where(st == 2, 0, out)
        reason = np.where(st >= 1, np.nan, reason)
        # rate limiting per account-minute (API-like surfaces)
        rpm = np.array(self.acc["rpm"])[E["acct"]]
        minute = np.floor(E["ts"] / 60.0).astype(np.int64)
        order = np.lexsort((E["ts"], minute, E["acct"]))
        a_s, m_s = E["acct"][order], minute[order]
        newgrp = np.ones(n, bool)
        newgrp[1:] = (a_s[1:] != a_s[:-1]) | (m_s[1:] != m_s[:-1])
        gstart = np.maximum.accumulate(np.where(newgrp, np.arange(n), 0))
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n) - gstart
        limited = (rank >= rpm) & (E["surface"] != 1) & (st == 0)
        # the client retries once after a backoff; the retry is served
        R = {k: v[limited].copy() for k, v in E.items()}
        R["ts"] = R["ts"] + np.exp(np.log(4.0) + 0.8 * np.random.default_rng(self.seed + 99).standard_normal(len(R["ts"])))
        R["rid"] = R["rid"] ^ np.uint8(0xA5)
        r_out, r_reason = out[limited], reason[limited]
        st = np.where(limited, 3, st)
        out = np.where(limited, 0, out)
        reason = np.where(limited, np.nan, reason)
        E["status"] = st
        E["out_final"] = out
        E["reason_final"] = reason
        R["out_final"] = r_out
        R["reason_final"] = r_reason
        for k in list(E):
            E[k] = np.concatenate([E[k], R.pop(k)])
        keep = E["ts"] < self.T1
        order = np.lexsort((E["rid"][:, 0], E["ts"]))
        order = order[keep[order]]
        for k in ("refusal_out", "out", "reason", "status_unused"):
            E.pop(k, None)
        for k in list(E):
            E[k] = E[k][order]
        self.n_retries = int(limited.sum())
        return E

    def build_tables(self, E):
        n = len(E["ts"])
        lens = self.text.lengths()
        L = lens[E["pre"]] + lens[E["body"]] + lens[E["suf"]]
        ptok = np.ceil(L / 3.8).astype(np.int64) + 4
        sys = E["sys"]
        stok = np.where(sys >= 0, np.ceil(lens[np.maximum(sys, 0)] / 3.8), 0).astype(np.int64)
        tool_tok = E["tools"] * 135
        inp = ptok + stok + E["hist"].astype(np.int64) + tool_tok + E["img_tok"] + 3
        rid = np.frombuffer(E["rid"].tobytes().hex().encode("ascii"), dtype="S20").astype("U20")
        T = pl.Series("t", self.text.s, dtype=pl.String)

        def gather_str(values, idx):
            s = pl.Series(list(values) + [None], dtype=pl.String)
            idx = np.where(idx < 0, len(values), idx)
            return s.gather(pl.Series(idx, dtype=pl.UInt32))

        ip_s, ip_asn, ip_cc = self.ips.arrays()
        acct = E["acct"]
        surf = E["surface"]
        org_idx = np.where(surf == 1, -1, acct)
        org_vals = list(self.acc["org_id"])
        org_col = gather_str(org_vals, org_idx)
        asn = ip_asn[E["ip"]]
        ts_us = np.round(E["ts"] * 1e6).astype(np.int64)
        prompt = pl.DataFrame({
            "a": T.gather(pl.Series(E["pre"], dtype=pl.UInt32)),
            "b": T.gather(pl.Series(E["body"], dtype=pl.UInt32)),
            "c": T.gather(pl.Series(E["suf"], dtype=pl.UInt32)),
        }).select(pl.concat_str(["a", "b", "c"]).alias("prompt"))["prompt"]
        reason = E["reason_final"]
        for k in ("pre", "suf", "hist", "img_tok"):
            E.pop(k, None)
        df = pl.DataFrame({
            "request_id": pl.Series(rid).str.replace(r"^", "req_"),
            "ts": pl.Series(ts_us, dtype=pl.Int64).cast(pl.Datetime("us", "UTC")),
            "account_id": gather_str(self.acc["account_id"], acct),
            "ip": gather_str(ip_s, E["ip"]),
            "model": gather_str(MODELS, E["model"]),
            "prompt": prompt,
            "input_tokens": pl.Series(inp, dtype=pl.Int64),
            "output_tokens": pl.Series(E["out_final"], dtype=pl.Int64),
            "org_id": org_col,
            "api_key_id": gather_str(self.keys, E["key"]),
            "asn": pl.Series(np.where(asn < 0, 0, asn), dtype=pl.Int64).set(pl.Series(asn < 0), None)
            if (asn < 0).any() else pl.Series(asn, dtype=pl.Int64),
            "country": gather_str(ip_cc, E["ip"]),
            "user_agent": gather_str(self.clients.ua, E["client"]),
            "client_fingerprint": gather_str(self.clients.fp, E["client"]),
            "surface": gather_str(SURFACES, surf),
            "system_prompt": gather_str(self.text.s, sys),
            "n_turns": pl.Series(E["n_turns"], dtype=pl.Int64),
            "tools_declared": pl.Series(E["tools"], dtype=pl.Int64),
            "has_image": pl.Series(E["img"], dtype=pl.Boolean),
            "reasoning_tokens": pl.Series(np.nan_to_num(reason, nan=-1).astype(np.int64), dtype=pl.Int64),
            "max_tokens": pl.Series(E["max_tok"], dtype=pl.Int64),
            "temperature": pl.Series(E["temp"], dtype=pl.Float64),
            "status": gather_str(STATUSES, E["status"]),
        })
        df = df.with_columns(
            pl.when(pl.col("reasoning_tokens") < 0).then(None).otherwise(pl.col("reasoning_tokens")).alias("reasoning_tokens"),
            pl.when(pl.col("max_tokens") < 0).then(None).otherwise(pl.col("max_tokens")).alias("max_tokens"),
            pl.col("temperature").fill_nan(None),
        )
        camp_per_acct = self.acc["campaign_id"]
        ev_camp_idx = np.where(E["camp"], acct, -1)
        truth_ev = pl.DataFrame({
            "request_id": df["request_id"],
            "account_id": df["account_id"],
            "campaign_id": gather_str(camp_per_acct, ev_camp_idx),
            "actor": gather_str(self.acc["actor"], acct),
            "capability": gather_str(CAPS, E["cap"]),
        })
        used = np.unique(acct)
        A = self.acc
        sel = lambda name: [A[name][int(i)] for i in used]
        accounts = pl.DataFrame({
            "account_id": pl.Series(sel("account_id"), dtype=pl.String),
            "created_at": pl.Series(np.round(np.array(sel("created_at")) * 1e6).astype(np.int64)).cast(pl.Datetime("us", "UTC")),
            "tier": pl.Series(sel("tier"), dtype=pl.String),
            "verified": pl.Series(sel("verified"), dtype=pl.Boolean),
            "email_domain": pl.Series(sel("email_domain"), dtype=pl.String),
            "payment_fingerprint": pl.Series(sel("payment_fingerprint"), dtype=pl.String),
            "signup_ip": pl.Series(sel("signup_ip"), dtype=pl.String),
            "org_id": pl.Series(sel("org_id"), dtype=pl.String),
        }).sort("account_id")
        truth = pl.DataFrame({
            "account_id": pl.Series(sel("account_id"), dtype=pl.String),
            "campaign_id": pl.Series(sel("campaign_id"), dtype=pl.String),
            "actor": pl.Series(sel("actor"), dtype=pl.String),
        }).sort("account_id")
        releases = pl.DataFrame({
            "model": MODELS,
            "released_at": pl.Series(np.round(self.model_release * 1e6).astype(np.int64)).cast(pl.Datetime("us", "UTC")),
        })
        return df, accounts, releases, truth, truth_ev
