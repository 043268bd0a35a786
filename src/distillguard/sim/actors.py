"""Who sends traffic in a simulated world: the legitimate personas of the brief and the reported operations.

Consumed by sim.world; each actor owns its accounts and produces one UTC day of events at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from distillguard.io.schema import TS
from distillguard.sim import text
from distillguard.sim.config import SimConfig
from distillguard.sim.corpus import Corpus
from distillguard.sim.ids import IdMint
from distillguard.sim.network import (
    ASNS,
    BROWSER_UAS,
    CODING_AGENT_UA,
    HARNESS_UAS,
    ROUTER_UA,
    SDK_UAS,
    TZ,
    USER_COUNTRIES,
    AddressSpace,
    ipv4_text,
    ipv6_text,
    ja4,
)
from distillguard.sim.prompts import (
    code_requests,
    code_slots,
    paraphrase_choice,
    render,
    with_filler,
)
from distillguard.sim.timing import (
    DAY,
    HOUR,
    US,
    WORK_HOURLY,
    adoption_share,
    daily_sessions,
    expand_sessions,
    is_weekend,
    paced_arrivals,
)

CURRENT_MODELS = {"pro": "atlas-3-pro", "flash": "atlas-3-flash", "think": "atlas-3-think"}
NEW_MODEL = "atlas-4-pro"
THINKING_MODELS = ("atlas-3-think", NEW_MODEL)
RELEASES = {"atlas-3-pro": "2025-11-10T17:00:00", "atlas-3-flash": "2025-11-10T17:00:00",
            "atlas-3-think": "2026-01-20T17:00:00"}
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "qq.com",
             "hotmail.com", "gmx.de"]


@dataclass
class WorldContext:
    cfg: SimConfig
    corpus: Corpus
    seed: int
    start_us: int
    release_us: int
    mint: IdMint
    space: AddressSpace = field(default_factory=AddressSpace)

    @property
    def end_us(self) -> int:
        return self.start_us + self.cfg.days * DAY


def _pick(rng: np.random.Generator, options: list, n: int, p: list[float] | None = None) -> list:
    arr = np.empty(len(options), dtype=object)
    arr[:] = options
    return arr[rng.choice(len(options), size=n, p=p)].tolist()


def _asn_pool(rng: np.random.Generator, klass: str, n: int,
              countries: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """``n`` ASNs of one address class (optionally restricted to countries) and their countries."""
    pool = [(a, c) for a, c in ASNS[klass] if countries is None or c in countries] or ASNS[klass]
    pick = rng.integers(0, len(pool), size=n)
    return np.array([pool[i][0] for i in pick]), [pool[i][1] for i in pick]


class Actor:
    """One persona or operation: its accounts (a frame) and a generator of daily traffic."""

    name: str = "actor"
    campaign: bool = False

    def __init__(self, ctx: WorldContext, rng: np.random.Generator, n: int) -> None:
        self.ctx = ctx
        self.campaign_id: str | None = None
        self.accounts = self.build_accounts(rng, n)

    # -- to implement ----------------------------------------------------------------------------
    def build_accounts(self, rng: np.random.Generator, n: int) -> pl.DataFrame:
        raise NotImplementedError

    def day(self, rng: np.random.Generator, day_start: int) -> pl.DataFrame | None:
        raise NotImplementedError

    # -- shared helpers --------------------------------------------------------------------------
    def make_accounts(self, rng: np.random.Generator, n: int, *, tier, verified, email_domain,
                      ip, asn, country, user_agent, surface, created_us, payment=None,
                      org_id=None, born_us=None, died_us=None, rate=None,
                      client_fingerprint=None) -> pl.DataFrame:
        ctx = self.ctx

        def col(value, dtype=None):
            if isinstance(value, pl.Series):
                return value
            if isinstance(value, (list, np.ndarray)):
                return pl.Series(value, dtype=dtype)
            return pl.Series([value] * n, dtype=dtype)

        ua = col(user_agent, pl.String)
        fp = col(client_fingerprint, pl.String) if client_fingerprint is not None else pl.Series(
            [ja4(u) for u in ua.to_list()], dtype=pl.String)
        # sign-ups happen at any time of day, always before the account's first request
        created = (np.asarray(created_us, dtype=np.int64) * np.ones(n, dtype=np.int64)
                   - rng.integers(0, DAY // 2, size=n))
        frame = pl.DataFrame({
            "account_id": ctx.mint.take("acct", n),
            "org_id": col(org_id, pl.String) if org_id is not None else ctx.mint.take("org", n),
            "api_key_id": ctx.mint.take("key", n),
            "created_us": created,
            "tier": col(tier, pl.String),
            "verified": col(verified, pl.Boolean),
            "email_domain": col(email_domain, pl.String),
            "payment_fingerprint": col(payment, pl.String) if payment is not None
            else ctx.mint.take("pm", n),
            "home_ip": col(ip, pl.String),
            "asn": col(np.asarray(asn, dtype=np.int64) * np.ones(n, dtype=np.int64)),
            "country": col(country, pl.String),
            "user_agent": ua,
            "client_fingerprint": fp,
            "surface": col(surface, pl.String),
            "born_us": col(np.asarray(born_us if born_us is not None else ctx.start_us - DAY,
                                      dtype=np.int64) * np.ones(n, dtype=np.int64)),
            "died_us": col(np.asarray(died_us if died_us is not None else ctx.end_us + DAY,
                                      dtype=np.int64) * np.ones(n, dtype=np.int64)),
            "rate": col(np.asarray(rate if rate is not None else 1.0, dtype=np.float64)
                        * np.ones(n)),
        })
        return frame.with_columns(
            tz=pl.col("country").replace_strict(TZ, default=0.0, return_dtype=pl.Float64),
            signup_ip=pl.col("home_ip"),
        )

    def residential(self, rng: np.random.Generator, n: int, ipv6_share: float = 0.25,
                    countries: list[str] | None = None) -> tuple[pl.Series, np.ndarray, list[str]]:
        asn, country = _asn_pool(rng, "residential", n, countries)
        ips = ipv4_text(self.ctx.space.hosts(rng, asn))
        v6 = rng.random(n) < ipv6_share
        if v6.any():
            ips = ips.scatter(np.flatnonzero(v6), pl.Series(ipv6_text(rng, asn[v6])))
        return ips, asn, country

    def alive(self, rng: np.random.Generator) -> np.ndarray:
        return np.arange(self.accounts.height)

    def events(self, rng: np.random.Generator, acct: np.ndarray, ts: np.ndarray,
               prompt: pl.Series, *, system_prompt: pl.Series | str | None = None,
               n_turns: np.ndarray | int = 1, tools: np.ndarray | int | None = None,
               has_image: np.ndarray | bool = False, out_dist: str = "azure_conv_output",
               out_scale: float = 1.0, context_tokens: np.ndarray | None = None,
               max_tokens: np.ndarray | int | None = None,
               temperature: np.ndarray | float | None = None,
               models: tuple[list[str], list[float]] = (["atlas-3-pro", "atlas-3-flash"],
                                                         [0.6, 0.4]),
               adoption: tuple[float, float] = (0.35, 72.0),
               harvest: np.ndarray | bool = False, saturate: float = 0.0,
               status_p: tuple[float, float, float, float] = (0.988, 0.007, 0.004, 0.001),
               ip_override: pl.Series | None = None,
               asn_override: np.ndarray | None = None,
               country_override: list[str] | None = None) -> pl.DataFrame:
        """Assemble the contract-side columns of ``len(acct)`` requests (tokens, model, status)."""
        n = len(acct)
        corpus = self.ctx.corpus

        def arr(value, dtype) -> np.ndarray:
            return np.broadcast_to(np.asarray(value, dtype=dtype), (n,)).copy()

        names, probs = models
        model = np.array(names, dtype=object)[rng.choice(len(names), size=n, p=probs)]
        new_share = adoption_share(ts, self.ctx.release_us, *adoption)
        model[rng.random(n) < new_share] = NEW_MODEL
        if isinstance(system_prompt, str):
            system_prompt = pl.Series([system_prompt] * n, dtype=pl.String)
        sys_chars = (system_prompt.str.len_chars().fill_null(0).to_numpy()
                     if system_prompt is not None else np.zeros(n))
        context = np.zeros(n) if context_tokens is None else context_tokens
        input_tokens = (prompt.str.len_chars().to_numpy() + sys_chars) / 3.8 + context
        input_tokens = np.maximum(1, input_tokens * rng.normal(1.0, 0.03, size=n)).astype(np.int64)
        max_tok = None if max_tokens is None else arr(max_tokens, np.int64)
        output = np.maximum(1, corpus.sample_dist(rng, out_dist, n, out_scale)).astype(np.int64)
        if max_tok is not None:
            hit = rng.random(n) < saturate
            output[hit] = (max_tok[hit] * rng.uniform(0.97, 1.0, size=int(hit.sum()))).astype(
                np.int64)
            output = np.minimum(output, max_tok)
        thinking = np.isin(model, THINKING_MODELS)
        reasoning = np.where(thinking, (output * rng.lognormal(0.8, 0.6, size=n)).astype(np.int64),
                             0)
        status = np.array(["ok", "error", "rate_limited", "refused"], dtype=object)[
            rng.choice(4, size=n, p=list(status_p))]
        failed = status != "ok"
        output[failed & (status != "refused")] = 0
        frame = pl.DataFrame({
            "acct": acct.astype(np.int64),
            "ts": ts.astype(np.int64),
            "prompt": prompt,
            "system_prompt": system_prompt if system_prompt is not None
            else pl.Series([None] * n, dtype=pl.String),
            "n_turns": arr(n_turns, np.int64),
            "tools_declared": pl.Series(arr(tools, np.int64)) if tools is not None
            else pl.Series([None] * n, dtype=pl.Int64),
            "has_image": arr(has_image, bool),
            "reasoning_tokens": reasoning,
            "max_tokens": pl.Series(max_tok) if max_tok is not None
            else pl.Series([None] * n, dtype=pl.Int64),
            "temperature": pl.Series(arr(temperature, np.float64)) if temperature is not None
            else pl.Series([None] * n, dtype=pl.Float64),
            "model": model.tolist(),
            "status": status.tolist(),
            "input_tokens": input_tokens,
            "output_tokens": output,
            "harvest": arr(harvest, bool),
            "ip": ip_override if ip_override is not None
            else pl.Series([None] * n, dtype=pl.String),
            "asn": pl.Series(asn_override, dtype=pl.Int64) if asn_override is not None
            else pl.Series([None] * n, dtype=pl.Int64),
            "country": pl.Series(country_override, dtype=pl.String)
            if country_override is not None else pl.Series([None] * n, dtype=pl.String),
        })
        return frame

    def within_life(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Drop requests outside their account's lifetime and outside the world."""
        life = self.accounts.select(
            pl.int_range(pl.len()).alias("acct").cast(pl.Int64), "born_us", "died_us")
        return (frame.join(life, on="acct", how="left")
                .filter(pl.col("ts") >= pl.col("born_us"), pl.col("ts") < pl.col("died_us"),
                        pl.col("ts") >= self.ctx.start_us, pl.col("ts") < self.ctx.end_us)
                .drop("born_us", "died_us"))


# ================================ legitimate personas ============================================

class CasualChat(Actor):
    """Multi-turn, diurnal, diverse chat users on the web app."""

    name = "casual_chat"

    def build_accounts(self, rng, n):
        ips, asn, country = self.residential(rng, n)
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["free", "pro"], n, [0.7, 0.3]), verified=False,
            email_domain=_pick(rng, FREE_MAIL, n), ip=ips, asn=asn, country=country,
            user_agent=_pick(rng, BROWSER_UAS, n), surface="chat",
            created_us=self.ctx.start_us - rng.integers(2, 900, size=n) * DAY,
            rate=rng.lognormal(-1.2, 0.8, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        factor = 1.15 if is_weekend(day_start) else 1.0
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy() * factor,
                                     a["tz"].to_numpy(), day_start)
        turns = rng.geometric(0.35, size=acct.size)
        acct, ts, turn = expand_sessions(rng, acct, start, turns, mean_gap_s=75)
        n = acct.size
        pools = rng.choice(["chat", "math", "code"], size=n, p=[0.8, 0.1, 0.1])
        prompt = pl.Series([None] * n, dtype=pl.String)
        for pool in ("chat", "math", "code"):
            idx = np.flatnonzero(pools == pool)
            prompt.scatter(idx, self.ctx.corpus.sample_text(rng, pool, idx.size)["text"])
        follow = np.flatnonzero(turn > 1)
        prompt.scatter(follow, pl.Series(_pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
        return self.events(rng, acct, ts, prompt, n_turns=turn * 2 - 1,
                           context_tokens=(turn - 1) * rng.uniform(150, 450, size=n),
                           temperature=None)


class Developer(Actor):
    """Developers iterating on one prompt all afternoon, with small edits, through an SDK."""

    name = "developer"

    def build_accounts(self, rng, n):
        ips, asn, country = self.residential(rng, n, ipv6_share=0.1)
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["pro", "team", "free"], n, [0.5, 0.3, 0.2]),
            verified=rng.random(n) < 0.4, email_domain=_pick(rng, FREE_MAIL, n), ip=ips, asn=asn,
            country=country, user_agent=_pick(rng, SDK_UAS, n), surface="api",
            created_us=self.ctx.start_us - rng.integers(5, 700, size=n) * DAY,
            rate=rng.uniform(0.25, 0.6, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        if is_weekend(day_start):
            return None
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy(),
                                     a["tz"].to_numpy(), day_start, hourly=WORK_HOURLY)
        turns = rng.integers(10, 70, size=acct.size)
        base = self.ctx.corpus.sample_text(rng, "chat", acct.size)["text"]
        acct_e, ts, _turn = expand_sessions(rng, acct, start, turns, mean_gap_s=150, gap_shape=1.2)
        n = acct_e.size
        session = np.repeat(np.arange(acct.size), np.maximum(turns, 1))
        edits = pl.Series(_pick(rng, text.DEVELOPER_EDITS, n))
        prompt = pl.select(pl.concat_str([base[session], edits])).to_series()
        return self.events(rng, acct_e, ts, prompt,
                           temperature=rng.choice([0.0, 0.2, 0.7, 1.0], size=n),
                           max_tokens=rng.choice([512, 1024, 2048], size=n))


class SaasBackend(Actor):
    """One org per product: a fixed system prompt + template, heavy 24/7 volume from cloud IPs."""

    name = "saas_backend"

    def build_accounts(self, rng, n):
        asn, country = _asn_pool(rng, "cloud", n)
        net = self.ctx.space.subnet24(rng, int(asn[0]), n)
        ips = ipv4_text(net | rng.integers(2, 250, size=n))
        self.template = rng.permutation(len(text.SAAS_TEMPLATES))[np.arange(n)
                                                                 % len(text.SAAS_TEMPLATES)]
        profiles = self.ctx.corpus.hourly_profiles
        self.profile = profiles[rng.integers(0, len(profiles), size=n)]
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["team", "enterprise"], n), verified=True,
            email_domain=[f"{self.ctx.mint.take('co', 1)[0][3:11]}.io" for _ in range(n)],
            ip=ips, asn=asn, country=country, user_agent=_pick(rng, SDK_UAS[:5], n),
            surface="api", created_us=self.ctx.start_us - rng.integers(60, 600, size=n) * DAY,
            rate=rng.lognormal(np.log(1500), 0.5, size=n) * self.ctx.cfg.volume_factor)

    def day(self, rng, day_start):
        parts = []
        for i in range(self.accounts.height):
            per_hour = self.accounts["rate"][i] / 24 * self.profile[i]
            ts = paced_arrivals(rng, day_start, day_start + DAY, per_hour, cv=1.6)
            system, template = text.SAAS_TEMPLATES[self.template[i]]
            slots = pl.DataFrame({"text": self.ctx.corpus.sample_text(rng, "chat", ts.size)["text"]
                                  .str.slice(0, 600)})
            prompt = render([template], np.zeros(ts.size, dtype=np.int64), slots)
            parts.append(self.events(rng, np.full(ts.size, i), ts, prompt, system_prompt=system,
                                     max_tokens=512, temperature=0.2, out_scale=0.8,
                                     models=(["atlas-3-flash"], [1.0]), adoption=(0.0, 1.0)))
        return pl.concat(parts)


class BenchmarkRunner(Actor):
    """Researchers running GSM8K-style benchmarks with 'think step by step': templated CoT bursts."""

    name = "benchmark_runner"

    def build_accounts(self, rng, n):
        asn, country = _asn_pool(rng, "education", n)
        cloud = rng.random(n) < 0.4
        casn, ccountry = _asn_pool(rng, "cloud", n)
        asn = np.where(cloud, casn, asn)
        country = [c if k else e for c, e, k in zip(ccountry, country, cloud, strict=True)]
        ips = ipv4_text(self.ctx.space.hosts(rng, asn))
        self.template = rng.integers(0, len(text.BENCHMARK_TEMPLATES), size=n)
        # each account runs its benchmark on a few days of the world
        self.run_days = [set(rng.choice(self.ctx.cfg.days, size=min(self.ctx.cfg.days,
                                                                    rng.integers(1, 4)),
                                        replace=False).tolist()) for _ in range(n)]
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["research", "edu", "pro"], n, [0.4, 0.4, 0.2]),
            verified=rng.random(n) < 0.8,
            email_domain=[f"cs.univ-{self.ctx.mint.take('u', 1)[0][2:8]}.edu" for _ in range(n)],
            ip=ips, asn=asn, country=country, user_agent=_pick(rng, SDK_UAS[:4], n),
            surface="api", created_us=self.ctx.start_us - rng.integers(20, 800, size=n) * DAY)

    def day(self, rng, day_start):
        d = (day_start - self.ctx.start_us) // DAY
        parts = []
        for i in range(self.accounts.height):
            if d not in self.run_days[i]:
                continue
            size = int(rng.integers(300, 1320) * self.ctx.cfg.volume_factor)
            t0 = day_start + int((rng.uniform(9, 20) - self.accounts["tz"][i]) % 24 * HOUR)
            concurrency_gap = rng.uniform(0.4, 2.5)  # seconds between requests of the harness
            ts = t0 + (np.cumsum(rng.gamma(4, concurrency_gap / 4, size=size)) * US).astype(
                np.int64)
            q = self.ctx.corpus.pools["math"]
            start = int(rng.integers(0, max(1, q.height - size)))
            slots = q[start:start + size].select(question="text")
            prompt = render(text.BENCHMARK_TEMPLATES, np.full(slots.height, self.template[i]),
                            slots)
            parts.append(self.events(rng, np.full(slots.height, i), ts[:slots.height], prompt,
                                     temperature=0.0, max_tokens=1024, out_scale=1.6,
                                     models=([CURRENT_MODELS["pro"], CURRENT_MODELS["think"]],
                                             [0.5, 0.5]), adoption=(0.5, 24.0)))
        return pl.concat(parts) if parts else None


class CampusNat(Actor):
    """University and company users behind a few NAT addresses: many accounts, one IP or /24."""

    name = "campus_nat"

    def build_accounts(self, rng, n):
        n_nats = max(2, n // 80)
        kinds = np.where(np.arange(n_nats) % 3 == 2, "corporate", "education")
        nat_asn = np.array([_asn_pool(rng, str(k), 1)[0][0] for k in kinds])
        nat_net = np.array([self.ctx.space.subnet24(rng, int(a), 1)[0] for a in nat_asn])
        nat_domain = [f"{'univ' if k == 'education' else 'corp'}-"
                      f"{self.ctx.mint.take('d', 1)[0][2:8]}.{'edu' if k == 'education' else 'com'}"
                      for k in kinds]
        which = rng.integers(0, n_nats, size=n)
        host = rng.integers(1, 4, size=n)  # 1-3 public addresses per NAT
        ips = ipv4_text(nat_net[which] | host)
        countries = [dict(ASNS["education"] + ASNS["corporate"])[int(a)] for a in nat_asn[which]]
        edu = kinds[which] == "education"
        tier = np.where(edu, np.array(_pick(rng, ["edu", "free", "pro"], n, [0.6, 0.3, 0.1])),
                        np.array(_pick(rng, ["team", "enterprise"], n)))
        return self.make_accounts(
            rng, n, tier=tier.tolist(), verified=~edu | (rng.random(n) < 0.5),
            email_domain=[nat_domain[w] for w in which], ip=ips, asn=nat_asn[which],
            country=countries, user_agent=_pick(rng, BROWSER_UAS + SDK_UAS[:2], n),
            surface=_pick(rng, ["chat", "api"], n, [0.7, 0.3]),
            created_us=self.ctx.start_us - rng.integers(3, 500, size=n) * DAY,
            rate=rng.lognormal(0.1, 0.6, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        factor = 0.3 if is_weekend(day_start) else 1.0
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy() * factor,
                                     a["tz"].to_numpy(), day_start, hourly=WORK_HOURLY)
        turns = rng.geometric(0.3, size=acct.size)
        acct, ts, turn = expand_sessions(rng, acct, start, turns, mean_gap_s=90)
        n = acct.size
        pools = rng.choice(["chat", "math", "code", "gen_code"], size=n, p=[0.5, 0.2, 0.1, 0.2])
        prompt = pl.Series([None] * n, dtype=pl.String)
        for pool in ("chat", "math", "code"):
            idx = np.flatnonzero(pools == pool)
            prompt.scatter(idx, self.ctx.corpus.sample_text(rng, pool, idx.size)["text"])
        idx = np.flatnonzero(pools == "gen_code")
        prompt.scatter(idx, code_requests(rng, idx.size))
        follow = np.flatnonzero(turn > 1)
        prompt.scatter(follow, pl.Series(_pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
        return self.events(rng, acct, ts, prompt, n_turns=turn * 2 - 1,
                           context_tokens=(turn - 1) * rng.uniform(150, 500, size=n))


class VpnUser(Actor):
    """Unrelated privacy-minded users sharing commercial VPN exit addresses."""

    name = "vpn_user"

    def build_accounts(self, rng, n):
        n_exits = max(4, n // 12)
        asn, country = _asn_pool(rng, "vpn", n_exits)
        self.exit_ip = ipv4_text(self.ctx.space.hosts(rng, asn))
        self.exit_asn, self.exit_country = asn, country
        home = rng.integers(0, n_exits, size=n)
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["free", "pro"], n, [0.6, 0.4]), verified=False,
            email_domain=_pick(rng, FREE_MAIL, n), ip=self.exit_ip[home], asn=asn[home],
            country=[country[h] for h in home], user_agent=_pick(rng, BROWSER_UAS + SDK_UAS, n),
            surface=_pick(rng, ["chat", "api"], n, [0.75, 0.25]),
            created_us=self.ctx.start_us - rng.integers(2, 600, size=n) * DAY,
            rate=rng.lognormal(-0.2, 0.7, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        home_tz = np.array([TZ[c] for c in _pick(rng, USER_COUNTRIES, a.height)])
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy(), home_tz,
                                     day_start)
        exit_per_session = rng.integers(0, len(self.exit_ip), size=acct.size)
        turns = rng.geometric(0.35, size=acct.size)
        acct, ts, turn = expand_sessions(rng, acct, start, turns, mean_gap_s=80)
        exit_idx = np.repeat(exit_per_session, np.maximum(turns, 1))
        n = acct.size
        prompt = self.ctx.corpus.sample_text(rng, "chat", n)["text"]
        follow = np.flatnonzero(turn > 1)
        prompt.scatter(follow, pl.Series(_pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
        return self.events(rng, acct, ts, prompt, n_turns=turn * 2 - 1,
                           context_tokens=(turn - 1) * rng.uniform(150, 400, size=n),
                           ip_override=self.exit_ip[exit_idx], asn_override=self.exit_asn[exit_idx],
                           country_override=[self.exit_country[e] for e in exit_idx])


class CodingAgentUser(Actor):
    """Strangers using one popular coding agent: same system prompt and tools, long agentic sessions."""

    name = "coding_agent_user"

    def build_accounts(self, rng, n):
        ips, asn, country = self.residential(rng, n, ipv6_share=0.2)
        return self.make_accounts(
            rng, n, tier=_pick(rng, ["pro", "team", "free", "startup"], n, [0.5, 0.3, 0.1, 0.1]),
            verified=rng.random(n) < 0.5, email_domain=_pick(rng, FREE_MAIL, n), ip=ips, asn=asn,
            country=country, user_agent=CODING_AGENT_UA, surface="api",
            created_us=self.ctx.start_us - rng.integers(3, 400, size=n) * DAY,
            rate=rng.uniform(0.2, 0.8, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        factor = 0.4 if is_weekend(day_start) else 1.0
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy() * factor,
                                     a["tz"].to_numpy(), day_start, hourly=WORK_HOURLY)
        turns = rng.integers(4, 50, size=acct.size)
        task = pl.concat([code_requests(rng, acct.size // 2),
                          self.ctx.corpus.sample_text(rng, "code", acct.size - acct.size // 2)[
                              "text"]])
        acct_e, ts, turn = expand_sessions(rng, acct, start, turns, mean_gap_s=25, gap_shape=1.1)
        n = acct_e.size
        session = np.repeat(np.arange(acct.size), np.maximum(turns, 1))
        slots = code_slots(rng, n)
        follow = render(text.CODING_AGENT_FOLLOWUPS,
                        rng.integers(0, len(text.CODING_AGENT_FOLLOWUPS), size=n), slots)
        prompt = pl.select(pl.when(pl.Series(turn == 1)).then(task[session]).otherwise(follow)
                           ).to_series()
        return self.events(rng, acct_e, ts, prompt, system_prompt=text.CODING_AGENT_SYSTEM,
                           n_turns=turn * 3 - 2, tools=14, out_dist="mooncake_output",
                           out_scale=0.6, context_tokens=np.minimum(turn * 1800, 120_000),
                           max_tokens=8192, models=(["atlas-3-pro", "atlas-3-think"], [0.7, 0.3]),
                           adoption=(0.5, 48.0))


class ApiAggregator(Actor):
    """Verified enterprise routers forwarding thousands of end users: cloud IPs, 24/7, fast pivots."""

    name = "api_aggregator"

    def build_accounts(self, rng, n):
        asn, country = _asn_pool(rng, "cloud", n)
        ips = ipv4_text(self.ctx.space.hosts(rng, asn))
        self.ip_pool = [ipv4_text(self.ctx.space.subnet24(rng, int(a), 1)[0]
                                  | rng.integers(2, 250, size=24)) for a in asn]
        profiles = self.ctx.corpus.hourly_profiles
        self.profile = profiles[rng.integers(0, len(profiles), size=n)]
        return self.make_accounts(
            rng, n, tier="enterprise", verified=True,
            email_domain=[f"{self.ctx.mint.take('r', 1)[0][2:9]}.ai" for _ in range(n)],
            ip=ips, asn=asn, country=country, user_agent=ROUTER_UA, surface="api",
            created_us=self.ctx.start_us - rng.integers(100, 700, size=n) * DAY,
            rate=rng.lognormal(np.log(2500), 0.3, size=n) * self.ctx.cfg.volume_factor)

    def day(self, rng, day_start):
        parts = []
        for i in range(self.accounts.height):
            ts = paced_arrivals(rng, day_start, day_start + DAY,
                                self.accounts["rate"][i] / 24 * self.profile[i], cv=2.0)
            n = ts.size
            kind = rng.choice(["chat", "math_cot", "code", "tool", "gen_code", "vision"], size=n,
                              p=[0.42, 0.12, 0.12, 0.16, 0.12, 0.06])
            prompt = pl.Series([None] * n, dtype=pl.String)
            for pool in ("chat", "code", "tool"):
                idx = np.flatnonzero(kind == pool)
                prompt.scatter(idx, self.ctx.corpus.sample_text(rng, pool, idx.size)["text"])
            idx = np.flatnonzero(kind == "math_cot")
            slots = self.ctx.corpus.sample_text(rng, "math", idx.size).select(question="text")
            prompt.scatter(idx, render(text.BENCHMARK_TEMPLATES,
                                       rng.integers(0, len(text.BENCHMARK_TEMPLATES), idx.size),
                                       slots))
            idx = np.flatnonzero(kind == "gen_code")
            prompt.scatter(idx, code_requests(rng, idx.size))
            idx = np.flatnonzero(kind == "vision")
            prompt.scatter(idx, pl.Series(_pick(rng, ["What is in this picture?",
                                                      "Describe this image.",
                                                      "Read the text in this screenshot.",
                                                      "What's wrong with this chart?"], idx.size)))
            ip_pick = rng.integers(0, 24, size=n)
            parts.append(self.events(
                rng, np.full(n, i), ts, prompt, has_image=kind == "vision",
                tools=np.where(kind == "tool", rng.integers(1, 8, size=n), 0),
                n_turns=rng.geometric(0.4, size=n),
                models=(["atlas-3-pro", "atlas-3-flash", "atlas-3-think"], [0.45, 0.4, 0.15]),
                adoption=(0.6, 6.0), ip_override=self.ip_pool[i][ip_pick]))
        return pl.concat(parts)


# ================================== operations ===================================================

class Operation(Actor):
    """Shared machinery of the distillation operations: infrastructure, pacing, cover traffic."""

    campaign = True
    n_cards: int = 3

    def op_infrastructure(self, rng: np.random.Generator, cloud_asns: list[int]) -> None:
        """A handful of datacenter IPs in one or two /24s plus a residential proxy pool."""
        asn = np.array(cloud_asns)[rng.integers(0, len(cloud_asns), size=6)]
        nets = self.ctx.space.subnet24(rng, int(asn[0]), 2)
        self.dc_ip = ipv4_text(nets[rng.integers(0, 2, size=6)] | rng.integers(2, 250, size=6))
        self.dc_asn = np.full(6, asn[0])
        pool_n = 400
        self.proxy_ip, self.proxy_asn, self.proxy_country = self.residential(rng, pool_n, 0.1)

    def op_accounts(self, rng, n, *, tiers, tier_p, born_us=None, died_us=None,
                    surface="api") -> pl.DataFrame:
        ev = self.ctx.cfg.evasion
        cards = self.ctx.mint.take("pm", self.n_cards)
        shared = rng.random(n) < ev.shared_payment_share
        payment = self.ctx.mint.take("pm", n)
        payment = payment.scatter(np.flatnonzero(shared),
                                  cards[rng.integers(0, self.n_cards, int(shared.sum()))])
        mimic = rng.random(n) < ev.sdk_default_clients
        harness = _pick(rng, HARNESS_UAS[:2], n)
        ua = [s if m else h for s, h, m in zip(_pick(rng, SDK_UAS[:3], n), harness, mimic,
                                               strict=True)]
        born = np.asarray(born_us if born_us is not None else self.ctx.start_us
                          + rng.integers(0, 2 * DAY, size=n), dtype=np.int64) * np.ones(n, np.int64)
        aged = rng.random(n) < ev.aged_account_share
        fresh_created = born - rng.integers(1 * HOUR, 3 * DAY, size=n)
        created = np.where(aged, born - rng.integers(90, 700, size=n) * DAY, fresh_created)
        domains = _pick(rng, FREE_MAIL[:5], n)
        patterned = [f"{self.ctx.mint.take('m', 1)[0][2:7]}mail.net" for _ in range(2)]
        use_pattern = rng.random(n) < 0.4
        domains = [patterned[i % 2] if p else d for i, (d, p) in
                   enumerate(zip(domains, use_pattern, strict=True))]
        tier = _pick(rng, tiers, n, tier_p)
        home = rng.integers(0, len(self.proxy_ip), size=n)
        self.home_exit = home
        # own stream: the knob at 0 leaves every other draw, hence the world, unchanged
        self.sticky = (np.random.default_rng([self.ctx.seed, len(self.name), n]).random(n)
                       < ev.sticky_exit_share)
        return self.make_accounts(
            rng, n, tier=tier, verified=rng.random(n) < 0.15, email_domain=domains,
            payment=payment, ip=self.proxy_ip[home], asn=self.proxy_asn[home],
            country=[self.proxy_country[h] for h in home], user_agent=ua, surface=surface,
            created_us=created, born_us=born, died_us=died_us)

    def exits(self, rng: np.random.Generator, acct: np.ndarray):
        """Per request: a rotating residential proxy exit or one of the operation's DC IPs; an
        account with a sticky exit always leaves from its own residential address."""
        n = acct.size
        rotate = rng.random(n) < self.ctx.cfg.evasion.proxy_rotation
        proxy = rng.integers(0, len(self.proxy_ip), size=n)
        dc = acct % len(self.dc_ip)
        sticky = self.sticky[acct]
        rotate |= sticky
        proxy = np.where(sticky, self.home_exit[acct], proxy)
        ip = pl.select(pl.when(pl.Series(rotate)).then(self.proxy_ip[proxy])
                       .otherwise(self.dc_ip[dc])).to_series()
        asn = np.where(rotate, self.proxy_asn[proxy], self.dc_asn[dc])
        country = np.where(rotate, np.array(self.proxy_country, dtype=object)[proxy], "US")
        return ip, asn, country.tolist()

    def schedule(self, rng: np.random.Generator, day_start: int, per_day: float,
                 alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The operation's central scheduler: machine-paced arrivals dealt round-robin to accounts.

        Daytime pacing (evasion) confines sending to the exit country's working hours with jitter."""
        ev = self.ctx.cfg.evasion
        if alive.size == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        per_day = min(per_day, alive.size * ev.per_account_daily_cap)
        if ev.daytime_pacing:
            shape = np.roll(WORK_HOURLY, 6)  # US daytime in UTC
            ts = paced_arrivals(rng, day_start, day_start + DAY, per_day * shape, cv=1.3)
        else:
            ts = paced_arrivals(rng, day_start, day_start + DAY, np.full(24, per_day / 24), cv=0.35)
        order = np.arange(ts.size) % alive.size
        if ev.daytime_pacing:
            order = rng.integers(0, alive.size, size=ts.size)
        return alive[order], ts

    def alive_at(self, day_start: int) -> np.ndarray:
        a = self.accounts
        return np.flatnonzero((a["born_us"].to_numpy() < day_start + DAY)
                              & (a["died_us"].to_numpy() > day_start))

    def cover(self, rng: np.random.Generator, acct: np.ndarray, ts: np.ndarray) -> pl.DataFrame:
        """Benign-looking cover requests sent from the operation's accounts."""
        n = acct.size
        prompt = self.ctx.corpus.sample_text(rng, "chat", n)["text"]
        ip, asn, country = self.exits(rng, acct)
        return self.events(rng, acct, ts, prompt, harvest=False, ip_override=ip,
                           asn_override=asn, country_override=country)


class CotHarvest(Operation):
    """Reasoning / chain-of-thought harvest: synchronized, load-balanced accounts, shared payment."""

    name = "cot_harvest"
    n_cards = 3

    def build_accounts(self, rng, n):
        self.op_infrastructure(rng, [24940, 16276, 45102])
        self.active_days = set(rng.choice(self.ctx.cfg.days, size=max(2, int(
            self.ctx.cfg.days * 0.75)), replace=False).tolist())
        return self.op_accounts(rng, n, tiers=["pro", "startup", "research"],
                                tier_p=[0.5, 0.3, 0.2])

    def day(self, rng, day_start):
        d = (day_start - self.ctx.start_us) // DAY
        if d not in self.active_days:
            return None
        alive = self.alive_at(day_start)
        per_day = alive.size * rng.uniform(60, 110)
        acct, ts = self.schedule(rng, day_start, per_day, alive)
        ev = self.ctx.cfg.evasion
        is_cover = rng.random(acct.size) < ev.cover_traffic_share
        cover = self.cover(rng, acct[is_cover], ts[is_cover])
        acct, ts = acct[~is_cover], ts[~is_cover]
        n = acct.size
        kind = rng.choice(4, size=n, p=[0.45, 0.2, 0.2, 0.15])
        math = self.ctx.corpus.sample_text(rng, "math", n)
        chat = self.ctx.corpus.sample_text(rng, "chat", n)["text"].str.slice(0, 400)
        slots = pl.DataFrame({"question": math["text"], "answer": math["answer"].fill_null("42"),
                              "text": chat,
                              "topic": _pick(rng, text.SENSITIVE_TOPICS, n)})
        families = [text.COT_ELICIT, text.COT_RECONSTRUCT, text.RUBRIC_GRADING,
                    text.SENSITIVE_REWRITE]
        prompt = pl.Series([None] * n, dtype=pl.String)
        for k, family in enumerate(families):
            idx = np.flatnonzero(kind == k)
            choice = paraphrase_choice(rng, idx.size, len(family), ev.paraphrase_rate)
            prompt.scatter(idx, render(family, choice, slots[idx]))
        prompt = with_filler(rng, prompt, ev.paraphrase_rate * 0.5)
        ip, asn, country = self.exits(rng, acct)
        refused = 0.12 * (kind == 3)
        harvest = self.events(
            rng, acct, ts, prompt, max_tokens=8192, saturate=0.35, out_scale=4.0,
            temperature=0.6, harvest=True, models=(["atlas-3-pro", "atlas-3-think"], [0.7, 0.3]),
            adoption=(0.03, 240.0), ip_override=ip, asn_override=asn, country_override=country)
        if n:
            harvest = harvest.with_columns(
                status=pl.when(pl.Series(rng.random(n) < refused)).then(pl.lit("refused"))
                .otherwise(pl.col("status")))
        return self.within_life(pl.concat([harvest, cover]))


class AgenticHarvest(Operation):
    """Agentic/tool-use/coding/vision harvest over hundreds of varied accounts; later a CoT phase."""

    name = "agentic_harvest"
    n_cards = 12

    def build_accounts(self, rng, n):
        self.op_infrastructure(rng, [16509, 14061, 20473, 63949])
        born = self.ctx.start_us + rng.integers(0, int(self.ctx.cfg.days * 0.3 * DAY) + 1, size=n)
        return self.op_accounts(rng, n, tiers=["edu", "research", "startup", "pro", "team"],
                                tier_p=[0.25, 0.2, 0.25, 0.2, 0.1], born_us=born)

    def day(self, rng, day_start):
        alive = self.alive_at(day_start)
        per_day = alive.size * rng.uniform(20, 40)
        acct, ts = self.schedule(rng, day_start, per_day, alive)
        ev = self.ctx.cfg.evasion
        is_cover = rng.random(acct.size) < ev.cover_traffic_share
        cover = self.cover(rng, acct[is_cover], ts[is_cover])
        acct, ts = acct[~is_cover], ts[~is_cover]
        n = acct.size
        phase2 = (day_start - self.ctx.start_us) >= 0.65 * self.ctx.cfg.days * DAY
        p = [0.2, 0.1, 0.15, 0.1, 0.1, 0.35] if phase2 else [0.4, 0.2, 0.25, 0.15, 0.0, 0.0]
        kind = rng.choice(6, size=n, p=p)  # tool, coding, vision, data, cot-recon, tool+recon
        tool = self.ctx.corpus.sample_text(rng, "tool", n)
        math = self.ctx.corpus.sample_text(rng, "math", n)
        code = code_slots(rng, n)
        slots = pl.concat([code, pl.DataFrame({"text": tool["text"], "question": math["text"],
                                               "answer": math["answer"].fill_null("7")})],
                          how="horizontal")
        fam = [text.AGENT_HARVEST_TASK, text.HARNESS_TASK, text.VISION_TASK,
               text.DATA_ANALYSIS_TASK, text.COT_RECONSTRUCT, text.COT_RECONSTRUCT]
        prompt = pl.Series([None] * n, dtype=pl.String)
        for k, family in enumerate(fam):
            idx = np.flatnonzero(kind == k)
            choice = paraphrase_choice(rng, idx.size, len(family), ev.paraphrase_rate,
                                       canonical=k % len(family))
            prompt.scatter(idx, render(family, choice, slots[idx]))
        prompt = with_filler(rng, prompt, ev.paraphrase_rate * 0.5)
        system = pl.Series(_pick(rng, text.AGENT_HARVEST_SYSTEM, n))
        system = system.scatter(np.flatnonzero(kind >= 4), None)
        ip, asn, country = self.exits(rng, acct)
        harvest = self.events(
            rng, acct, ts, prompt, system_prompt=system, has_image=kind == 2,
            tools=np.where(np.isin(kind, [0, 1, 3, 5]), rng.integers(4, 20, size=n), 0),
            n_turns=np.where(kind < 4, rng.integers(1, 12, size=n), 1),
            out_dist="mooncake_output", out_scale=1.0, max_tokens=16000, saturate=0.1,
            context_tokens=rng.uniform(500, 6000, size=n), temperature=0.7, harvest=True,
            models=(["atlas-3-pro", "atlas-3-think"], [0.8, 0.2]), adoption=(0.04, 240.0),
            ip_override=ip, asn_override=asn, country_override=country)
        return self.within_life(pl.concat([harvest, cover]))


class ResellerHydra(Operation):
    """Agentic-coding harvest through a reseller hydra: churned accounts, customers mixed in, pivots."""

    name = "reseller_hydra"
    n_cards = 25
    customer_share = 0.2

    def build_accounts(self, rng, n):
        self.op_infrastructure(rng, [16509, 15169, 8075, 45102, 31898])
        life = self.ctx.cfg.evasion.account_lifetime_days * DAY
        born, died = [], []
        # n concurrent slots; each slot's account is replaced when banned or retired
        for _ in range(n):
            t = self.ctx.start_us - int(rng.uniform(0, life))
            while t < self.ctx.end_us:
                span = int(rng.exponential(life)) + HOUR
                born.append(max(t, self.ctx.start_us))
                died.append(t + span)
                t += span + int(rng.uniform(5 * 60, 6 * 3600)) * US
        born_a, died_a = np.array(born), np.array(died)
        surface = _pick(rng, ["api", "cloud"], born_a.size, [0.7, 0.3])
        return self.op_accounts(rng, born_a.size, tiers=["pro", "startup", "team", "free"],
                                tier_p=[0.4, 0.3, 0.2, 0.1], born_us=born_a, died_us=died_a,
                                surface=surface)

    def day(self, rng, day_start):
        alive = self.alive_at(day_start)
        per_day = alive.size * rng.uniform(45, 70)
        acct, ts = self.schedule(rng, day_start, per_day, alive)
        n_all = acct.size
        ev = self.ctx.cfg.evasion
        customer = rng.random(n_all) < self.customer_share + ev.cover_traffic_share * 0.5
        cust_acct, cust_ts = acct[customer], ts[customer]
        cust_prompt = pl.concat([
            self.ctx.corpus.sample_text(rng, "chat", cust_acct.size // 2)["text"],
            code_requests(rng, cust_acct.size - cust_acct.size // 2)])
        ip, asn, country = self.exits(rng, cust_acct)
        customers = self.events(rng, cust_acct, cust_ts, cust_prompt, ip_override=ip,
                                asn_override=asn, country_override=country,
                                models=(["atlas-3-pro", "atlas-3-flash"], [0.5, 0.5]),
                                adoption=(0.4, 24.0))
        acct, ts = acct[~customer], ts[~customer]
        n = acct.size
        kind = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])  # harness coding, tool, code review
        slots = pl.concat([code_slots(rng, n), self.ctx.corpus.sample_text(rng, "tool", n)
                           .select("text")], how="horizontal")
        fams = [text.HARNESS_TASK, text.AGENT_HARVEST_TASK, text.CODE_PHRASES]
        prompt = pl.Series([None] * n, dtype=pl.String)
        for k, family in enumerate(fams):
            idx = np.flatnonzero(kind == k)
            choice = paraphrase_choice(rng, idx.size, len(family), ev.paraphrase_rate)
            prompt.scatter(idx, render(family, choice, slots[idx]))
        prompt = with_filler(rng, prompt, ev.paraphrase_rate * 0.5)
        system = pl.Series(_pick(rng, text.HARNESS_SYSTEM, n))
        ip, asn, country = self.exits(rng, acct)
        harvest = self.events(
            rng, acct, ts, prompt, system_prompt=system, tools=rng.integers(4, 7, size=n),
            n_turns=rng.integers(1, 30, size=n), out_dist="mooncake_output", out_scale=1.2,
            context_tokens=rng.uniform(2000, 30000, size=n), max_tokens=16000, saturate=0.15,
            temperature=0.3, harvest=True, models=(["atlas-3-pro"], [1.0]),
            adoption=(0.5, 10.0), ip_override=ip, asn_override=asn, country_override=country)
        return self.within_life(pl.concat([harvest, customers]))


LEGITIMATE = [CasualChat, Developer, SaasBackend, BenchmarkRunner, CampusNat, VpnUser,
              CodingAgentUser, ApiAggregator]
OPERATIONS = [CotHarvest, AgenticHarvest, ResellerHydra]
ACTORS = LEGITIMATE + OPERATIONS

__all__ = ["ACTORS", "LEGITIMATE", "NEW_MODEL", "OPERATIONS", "RELEASES", "TS", "Actor",
           "WorldContext"]
