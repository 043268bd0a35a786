"""World state, timing models, task (prompt) generators and event emission."""
from __future__ import annotations

import zlib
from datetime import UTC, datetime

import cra_templates as T
import numpy as np
import polars as pl
from cra_corpora import Corpora
from cra_net import EMAIL_BY_COUNTRY, TZ, USER_COUNTRIES, IpSpace
from cra_util import (
    DAY,
    HOUR,
    IdMint,
    lognormal,
    obj,
    pick,
    render,
    render_multi,
    segment_cumsum,
    segments,
    text_tokens,
    wchoice,
)

T0 = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday
OLD_MODELS = [("atlas-1.5", -420), ("atlas-2-mini", -200), ("atlas-2", -160), ("atlas-2-think", -95)]
NEW_MODEL = "atlas-3"
THINK_MODELS = ("atlas-2-think",)

# local-hour activity profiles (24 weights)
H_CONSUMER = np.array([2, 1.2, .7, .5, .4, .5, 1, 2, 3.5, 4.5, 5, 5.2, 5, 5, 5, 5, 5, 5.3, 5.8, 6.5, 7, 6.5, 5, 3.5])
H_WORK = np.array([.2, .1, .1, .1, .1, .2, .6, 2, 5, 8, 9, 9, 6, 8, 9, 9, 8, 6, 3, 1.8, 1.5, 1.2, .8, .4])
H_STUDENT = np.array([3, 2, 1, .5, .3, .3, .5, 1.2, 3, 5, 6, 6, 5, 6, 7, 7, 6.5, 6, 6, 7, 8, 8.5, 7.5, 5])
H_SCHOOL = np.array([.2, .1, .1, .1, .1, .2, .5, 2, 7, 9, 9, 8, 5, 8, 8, 6, 4, 4, 5, 6, 5.5, 4, 2, .6])
H_NIGHTLY = np.zeros(24)
W_CONSUMER = np.array([1, 1, 1, 1, .95, .85, .9])
W_WORK = np.array([1, 1.05, 1.05, 1, .9, .2, .15])
W_STUDENT = np.array([1, 1.05, 1.05, 1, .8, .55, .85])


def empty_tasks() -> pl.DataFrame:
    return pl.DataFrame(schema={"prompt": pl.String, "system_prompt": pl.String, "tools_declared": pl.Int64,
                                "has_image": pl.Boolean, "extra_in": pl.Int64, "out_vis": pl.Int64,
                                "think": pl.Boolean, "n_turns": pl.Int64})


class World:
    def __init__(self, seed: int, preset: str, scale: str, days: float, corpora_path):
        self.seed = int(seed)
        self.preset = preset
        self.hard = preset == "hard"
        self.scale = scale
        self.days = float(days)
        self.T = self.days * DAY
        self.f = 1.0 if scale == "medium" else 0.085
        self.t0_us = int(T0.timestamp() * 1_000_000)
        rel_day = int(round(0.55 * self.days))
        rel_day = min(max(rel_day, 1), max(int(self.days) - 1, 1)) if self.days >= 2 else 0
        self.t_rel = rel_day * DAY + 17 * HOUR if self.days >= 2 else 0.5 * self.T
        self.t_rel = min(self.t_rel, self.T - 6 * HOUR)
        self.ids = IdMint(self.stream("ids"))
        self.net = IpSpace(self.stream("net"))
        self.C = Corpora(corpora_path, self.stream("corpora"))
        self.acc_chunks: list[pl.DataFrame] = []
        self.ev_chunks: list[pl.DataFrame] = []
        self.campaigns: dict[str, str] = {}
        self.summary: list[dict] = []

    # ---------------------------------------------------------------------------------
    def stream(self, name: str) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence([self.seed, zlib.crc32(name.encode())]))

    def count(self, rng, lo, hi, floor=1) -> int:
        return max(floor, int(rng.integers(int(lo * self.f), int(hi * self.f) + 1)))

    def campaign(self, name: str) -> str:
        if name not in self.campaigns:
            self.campaigns[name] = self.ids.make("cmp_", 1, 6)[0]
        return self.campaigns[name]

    # ---------------------------------------------------------------------------------
    # people & accounts
    def countries(self, rng, n, weights=None):
        w = weights or USER_COUNTRIES
        return wchoice(rng, list(w), n, list(w.values()))

    def tz_of(self, rng, countries) -> np.ndarray:
        countries = np.asarray(countries, dtype=object)
        out = np.zeros(len(countries))
        for cc in np.unique(countries):
            m = countries == cc
            out[m] = rng.choice(TZ.get(cc, [0]), int(m.sum()))
        return out

    def personal_email(self, rng, countries) -> np.ndarray:
        countries = np.asarray(countries, dtype=object)
        out = np.empty(len(countries), dtype=object)
        for cc in np.unique(countries):
            m = countries == cc
            out[m] = rng.choice(EMAIL_BY_COUNTRY.get(cc, EMAIL_BY_COUNTRY["default"]), int(m.sum()))
        return out

    def company_domain(self, rng, n=1) -> np.ndarray:
        a = ["blue", "north", "quant", "river", "stone", "bright", "cedar", "delta", "ember", "fox", "granite", "harbor",
             "iron", "jade", "kite", "lumen", "maple", "nova", "orbit", "pine", "quill", "ridge", "sable", "terra"]
        b = ["labs", "works", "soft", "data", "ai", "systems", "health", "logistics", "finance", "media", "bio", "tech"]
        tld = ["com", "io", "co", "dev", "ai", "de", "co.uk", "fr", "jp", "in", "com.br"]
        return obj([f"{rng.choice(a)}{rng.choice(b)}{rng.integers(1, 99) if rng.random() < .3 else ''}.{rng.choice(tld)}"
                    for _ in range(n)])

    def add_accounts(self, n, actor, campaign=None, *, tier, verified, email, payment, created, signup_ip, org):
        ids = self.ids.make("acct_", n, 8)
        bc = lambda v, dt=object: np.broadcast_to(np.asarray(v, dtype=dt), (n,)).copy()  # noqa: E731
        df = pl.DataFrame({
            "account_id": pl.Series(ids.tolist(), dtype=pl.String),
            "created_at_s": bc(created, float),
            "tier": pl.Series(bc(tier).tolist(), dtype=pl.String),
            "verified": bc(verified, bool),
            "email_domain": pl.Series(bc(email).tolist(), dtype=pl.String),
            "payment_fingerprint": pl.Series(bc(payment).tolist(), dtype=pl.String),
            "signup_ip_idx": bc(signup_ip, np.int64),
            "org_id": pl.Series(bc(org).tolist(), dtype=pl.String),
            "actor": pl.Series([actor] * n, dtype=pl.String),
            "campaign_id": pl.Series([campaign] * n, dtype=pl.String),
        })
        self.acc_chunks.append(df)
        return ids

    def payments(self, n, share_groups: np.ndarray | None = None) -> np.ndarray:
        """Unique payment fingerprints, or one per group when share_groups is given."""
        if share_groups is None:
            return self.ids.make("pf_", n, 10)
        g = np.asarray(share_groups)
        u, inv = np.unique(g, return_inverse=True)
        return self.ids.make("pf_", len(u), 10)[inv]

    def orgs(self, n) -> np.ndarray:
        return self.ids.make("org_", n, 6)

    def keys(self, n_acc, rng, extra_mean=0.0) -> tuple[np.ndarray, np.ndarray]:
        """Primary and secondary API key ids per account."""
        k1 = self.ids.make("key_", n_acc, 8)
        k2 = k1.copy()
        m = rng.random(n_acc) < extra_mean
        if m.any():
            k2[m] = self.ids.make("key_", int(m.sum()), 8)
        return k1, k2

    def created_before(self, rng, n, lo_days, hi_days) -> np.ndarray:
        """Account creation times lo..hi days before the window (log-uniform tail)."""
        u = rng.random(n)
        d = np.exp(np.log(lo_days) + u * (np.log(hi_days) - np.log(lo_days)))
        return -d * DAY - rng.random(n) * DAY

    # ---------------------------------------------------------------------------------
    # timing
    def sessions(self, rng, tz, per_day, hour_w, week_w, *, day_mult=None, t_from=None, t_to=None):
        """Human-like sessions: returns (account index, session start seconds)."""
        n = len(tz)
        nd = int(np.ceil(self.days)) + 2
        d = np.arange(-1, nd - 1)
        dow = np.mod(d, 7)
        lam = np.asarray(per_day, float)[:, None] * week_w[dow][None, :]
        if day_mult is not None:
            lam = lam * day_mult
        k = rng.poisson(lam)
        acct = np.repeat(np.repeat(np.arange(n), nd), k.ravel())
        day = np.repeat(np.tile(d, n), k.ravel())
        cdf = np.cumsum(hour_w) / hour_w.sum()
        h = np.searchsorted(cdf, rng.random(len(acct)))
        start = day * DAY + (h + rng.random(len(acct))) * HOUR - np.asarray(tz)[acct] * HOUR
        keep = (start >= -2 * HOUR) & (start < self.T)
        if t_from is not None:
            keep &= start >= np.asarray(t_from)[acct]
        if t_to is not None:
            keep &= start < np.asarray(t_to)[acct]
        o = np.lexsort((start[keep], acct[keep]))
        return acct[keep][o], start[keep][o]

    def expand(self, rng, n_sess, mean_len, max_len=400):
        """Session lengths (geometric, mean mean_len per session) -> (session idx, position)."""
        p = 1.0 / np.maximum(np.asarray(mean_len, float), 1.0)
        L = np.minimum(rng.geometric(np.broadcast_to(p, (n_sess,))), max_len)
        idx, pos = segments(L)
        return L, idx, pos

    def profile_arrivals(self, rng, daily, prof_rows, shift_w=None):
        """Machine traffic shaped by a real ServeGen client's 10-minute rate profile."""
        prof = self.C.sg_profiles
        nwin = int(np.ceil(self.T / 600.0))
        reps = int(np.ceil(nwin / prof.shape[1]))
        accts, ts = [], []
        for i, (dv, pr) in enumerate(zip(daily, prof_rows)):
            p = np.tile(prof[pr], reps)
            if shift_w is not None:
                p = np.roll(p, int(shift_w[i]))
            p = p[:nwin]
            lam = dv / 144.0 * p * rng.gamma(4.0, 0.25, nwin)
            c = rng.poisson(lam)
            w = np.repeat(np.arange(nwin), c)
            accts.append(np.full(len(w), i))
            ts.append((w + rng.random(len(w))) * 600.0)
        a = np.concatenate(accts) if accts else np.array([], dtype=np.int64)
        t = np.concatenate(ts) if ts else np.array([])
        m = t < self.T
        return a[m], t[m]

    # ---------------------------------------------------------------------------------
    # model choice
    def adopt_accounts(self, rng, n, frac, tau_h, delay_h=0.0):
        """Per-account switch time to the new model (inf for those who don't switch)."""
        sw = self.t_rel + delay_h * HOUR + rng.exponential(tau_h * HOUR, n)
        sw[rng.random(n) >= frac] = np.inf
        return sw

    def adopt_requests(self, rng, t, frac, tau_h, delay_h=0.0):
        x = np.clip((t - self.t_rel - delay_h * HOUR) / (tau_h * HOUR), 0, None)
        p = frac * (1 - np.exp(-x))
        p[t < self.t_rel] = 0
        return rng.random(len(t)) < p

    # ---------------------------------------------------------------------------------
    # tasks: each returns a DataFrame with prompt, system_prompt, tools_declared, has_image,
    # extra_in (tokens beyond the visible text), out_vis (visible output tokens), think (wants reasoning)
    def _task(self, prompt, rng, n, *, system=None, tools=0, image=False, extra_in=0, out_vis=None, think=False):
        bc = lambda v, dt: np.broadcast_to(np.asarray(v, dtype=dt), (n,)).copy()  # noqa: E731
        if system is None:
            system = pl.Series("s", [None] * n, dtype=pl.String)
        elif isinstance(system, str):
            system = pl.Series("s", [system] * n, dtype=pl.String)
        return pl.DataFrame({
            "prompt": prompt.rename("prompt").cast(pl.String),
            "system_prompt": system.rename("system_prompt").cast(pl.String),
            "tools_declared": bc(tools, np.int64), "has_image": bc(image, bool), "extra_in": bc(extra_in, np.int64),
            "out_vis": np.maximum(bc(out_vis if out_vis is not None else 100, np.int64), 1), "think": bc(think, bool)})

    def out_chat(self, rng, n, scale=1.0):
        return (self.C.conv_gen[rng.integers(0, len(self.C.conv_gen), n)] * scale * lognormal(rng, 1.0, 0.25, n)).astype(np.int64) + 3

    def out_long(self, rng, n, scale=1.0):
        return (self.C.moon_out[rng.integers(0, len(self.C.moon_out), n)] * scale * lognormal(rng, 1.0, 0.2, n)).astype(np.int64) + 5

    def out_from_chars(self, rng, chars, mult=1.0):
        return (np.asarray(chars) / 3.6 * mult * lognormal(rng, 1.0, 0.3, len(chars))).astype(np.int64) + 5

    def t_general(self, rng, n, pool=None):
        C = self.C
        pool = C.casual if pool is None else pool
        return self._task(C.sample(pool, n, rng), rng, n, out_vis=self.out_chat(rng, n, 1.6))

    def t_coding(self, rng, n, wrap=None):
        C = self.C
        i = rng.integers(0, len(C.code), n)
        src = rng.random(n)
        p = pick(C.code, i)
        arena_m = src < 0.25
        if arena_m.any():
            p = p.scatter(np.nonzero(arena_m)[0], C.sample(C.arena_code, int(arena_m.sum()), rng))
        out = self.out_from_chars(rng, C.code_out[i], 1.8)
        out[arena_m] = self.out_long(rng, int(arena_m.sum()), 1.5)
        if wrap is not None:
            lq = p.str.to_lowercase()
            p = render_multi(rng.integers(0, len(wrap), n), wrap, {"q": p, "lq": lq})
        return self._task(p, rng, n, out_vis=out)

    def t_math(self, rng, n, wrap=None, test_only=False, item_idx=None):
        C = self.C
        if item_idx is None:
            base = C.gsm_test if test_only else np.arange(len(C.gsm_q))
            item_idx = base[rng.integers(0, len(base), n)]
        q = pick(C.gsm_q, item_idx)
        if wrap is not None:
            q = render_multi(rng.integers(0, len(wrap), n), wrap, {"q": q})
        out = self.out_from_chars(rng, C.gsm_sol_chars[item_idx], 2.2)
        return self._task(q, rng, n, out_vis=out)

    def t_tooluse(self, rng, n, with_schema=True):
        C = self.C
        i = rng.integers(0, len(C.tool_prompt), n)
        sys = pick(C.tool_schema, i) if with_schema else None
        if sys is not None:
            sys = render("You can call functions. Available functions (JSON): {x}", {"x": sys})
        return self._task(pick(C.tool_prompt, i), rng, n, system=sys, tools=C.tool_n[i],
                          out_vis=(lognormal(rng, 60, 0.6, n)).astype(np.int64))

    def t_vision(self, rng, n, pool=None):
        pool = T.VISION_PROMPTS if pool is None else pool
        p = pl.Series("p", wchoice(rng, pool, n).tolist(), dtype=pl.String)
        img = (lognormal(rng, float(np.median(self.C.img_tok_p50)), 0.5, n)).astype(np.int64)
        return self._task(p, rng, n, image=True, extra_in=img, out_vis=lognormal(rng, 160, 0.7, n).astype(np.int64))

    def t_judge(self, rng, n, families=("abs", "multi", "pair"), weights=None, variant=None):
        """LLM-as-a-judge prompts filled from corpora instructions and stand-in responses."""
        C = self.C
        fam = wchoice(rng, list(families), n, weights)
        instr = C.sample(pl.concat([C.general, C.code, C.gsm_q]).rename("s"), n, rng)
        resp = C.sample(C.responses, n, rng)
        resp_b = C.sample(C.responses, n, rng)
        ref = C.sample(C.responses, n, rng)
        crit = pl.Series("c", wchoice(rng, T.JUDGE_CRITERIA, n).tolist())
        tpls = T.JUDGE_ABSOLUTE + T.JUDGE_MULTI_ASPECT + T.JUDGE_PAIRWISE
        off = {"abs": 0, "multi": len(T.JUDGE_ABSOLUTE), "pair": len(T.JUDGE_ABSOLUTE) + len(T.JUDGE_MULTI_ASPECT)}
        cnt = {"abs": len(T.JUDGE_ABSOLUTE), "multi": len(T.JUDGE_MULTI_ASPECT), "pair": len(T.JUDGE_PAIRWISE)}
        ti = np.empty(n, dtype=np.int64)
        for f in ("abs", "multi", "pair"):
            m = fam == f
            k = int(m.sum())
            if k:
                ti[m] = off[f] + (np.full(k, variant % cnt[f]) if variant is not None else rng.integers(0, cnt[f], k))
        p = render_multi(ti, tpls, {"instr": instr, "resp": resp, "resp_b": resp_b, "ref": ref, "crit": crit})
        return self._task(p, rng, n, out_vis=lognormal(rng, 170, 0.45, n).astype(np.int64))

    def t_agent_session(self, rng, n_sess, mean_len, tasks: pl.Series, system, tools, *, think_p=0.0,
                        step_out=180, ctx0=0, max_len=300):
        """Multi-step agent sessions: first step = task, later steps = tool results; context accumulates.

        Returns (DataFrame of steps, session index, position, L)."""
        C = self.C
        L, idx, pos = self.expand(rng, n_sess, mean_len, max_len)
        n = len(idx)
        res = C.sample(C.tool_results, n, rng)
        first = pos == 0
        prompt = res.scatter(np.nonzero(first)[0], tasks.gather(idx[first]))
        out = (lognormal(rng, step_out, 0.7, n)).astype(np.int64) + 10
        tool_tok = text_tokens(res, rng) * np.where(first, 0, 1)
        grow = np.where(first, 0, out + tool_tok * 3)
        hist = segment_cumsum(grow, L).astype(np.int64) + ctx0
        if isinstance(system, pl.Series):
            sys = system.gather(idx)
        else:
            sys = system
        tools_arr = tools[idx] if isinstance(tools, np.ndarray) else tools
        df = self._task(prompt, rng, n, system=sys, tools=tools_arr, extra_in=hist, out_vis=out,
                        think=rng.random(n) < think_p)
        return df.with_columns(n_turns=(1 + 2 * pos).astype(np.int64)), idx, pos, L

    # ---------------------------------------------------------------------------------
    def emit(self, t, account_id, *, actor, campaign=None, ip_idx, model, tasks: pl.DataFrame, org_id, api_key_id,
             user_agent, fingerprint, surface, max_tokens, temperature, n_turns=None, p_refuse=0.002, p_rl=0.002,
             p_err=0.003, rng):
        n = len(t)
        if n == 0:
            return
        assert tasks.height == n, (tasks.height, n)
        bc = lambda v, dt=object: np.broadcast_to(np.asarray(v, dtype=dt), (n,))  # noqa: E731
        model = bc(model)
        think = tasks["think"].to_numpy() | np.isin(model, THINK_MODELS)
        think &= np.isin(model, THINK_MODELS + (NEW_MODEL,))
        out = tasks["out_vis"].to_numpy().astype(np.int64)
        ratio = np.clip(self.C.r1_ratio[rng.integers(0, len(self.C.r1_ratio), n)], 0.3, 0.93)
        reas = np.where(think, out * ratio / (1 - ratio), 0).astype(np.int64)
        mt = bc(max_tokens, np.int64).astype(np.int64)
        total = np.minimum(out + reas, mt)
        reas = np.minimum(reas, total)
        sys = tasks["system_prompt"]
        in_tok = (text_tokens(tasks["prompt"], rng) + text_tokens(sys.fill_null(""), rng)
                  + tasks["extra_in"].to_numpy() + 8)
        u = rng.random(n)
        p_refuse = bc(p_refuse, float)
        p_rl = bc(p_rl, float)
        p_err = bc(p_err, float)
        status = np.full(n, "ok", dtype=object)
        status[u < p_refuse] = "refused"
        status[(u >= p_refuse) & (u < p_refuse + p_rl)] = "rate_limited"
        status[(u >= p_refuse + p_rl) & (u < p_refuse + p_rl + p_err)] = "error"
        ref = status == "refused"
        total = np.where(ref, np.minimum(total, (lognormal(rng, 45, 0.4, n)).astype(np.int64)), total)
        reas = np.where(ref, 0, reas)
        bad = (status == "rate_limited") | (status == "error")
        total = np.where(bad, 0, total)
        reas = np.where(bad, 0, reas)
        if n_turns is None:
            n_turns = tasks["n_turns"].to_numpy() if "n_turns" in tasks.columns else 1
        S = lambda v: pl.Series(bc(v).tolist(), dtype=pl.String)  # noqa: E731
        df = pl.DataFrame({
            "ts_s": np.asarray(t, float), "account_id": S(account_id), "ip_idx": bc(ip_idx, np.int64),
            "model": S(model), "prompt": tasks["prompt"], "input_tokens": in_tok.astype(np.int64),
            "output_tokens": total.astype(np.int64), "org_id": S(org_id), "api_key_id": S(api_key_id),
            "user_agent": S(user_agent), "client_fingerprint": S(fingerprint), "surface": S(surface),
            "system_prompt": sys, "n_turns": bc(n_turns, np.int64), "tools_declared": tasks["tools_declared"],
            "has_image": tasks["has_image"], "reasoning_tokens": reas.astype(np.int64), "max_tokens": mt,
            "temperature": bc(temperature, float), "status": S(status),
            "campaign_id": pl.Series(bc(campaign).tolist(), dtype=pl.String), "actor": S(actor),
        })
        self.ev_chunks.append(df)

    # ---------------------------------------------------------------------------------
    def mix(self, rng, n, parts: list[tuple[float, callable]]) -> tuple[pl.DataFrame, np.ndarray]:
        """Draw a task kind per row with weights and build each kind vectorised; returns rows in order."""
        w = np.array([p[0] for p in parts], float)
        k = rng.choice(len(parts), n, p=w / w.sum())
        if n == 0:
            return empty_tasks(), k
        frames = []
        for j, (_, fn) in enumerate(parts):
            rows = np.nonzero(k == j)[0]
            if len(rows):
                df = fn(rng, len(rows))
                if "n_turns" not in df.columns:
                    df = df.with_columns(n_turns=pl.lit(1, dtype=pl.Int64))
                frames.append(df.with_columns(_r=pl.Series(rows)))
        out = pl.concat(frames, how="diagonal_relaxed").sort("_r").drop("_r")
        return out, k
