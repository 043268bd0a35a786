"""What every actor of a simulated world shares: the world's models and releases, the context an actor
draws from (corpus, addresses, ids, config) and the Actor base class (accounts, one day of events).

Consumed by sim.actors.personas, sim.actors.operations and sim.world."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from distillguard.sim.config import SimConfig
from distillguard.sim.corpus import Corpus
from distillguard.sim.ids import IdMint
from distillguard.sim.network import (
    ASNS,
    TZ,
    AddressSpace,
    ipv4_text,
    ipv6_text,
    ja4,
)
from distillguard.sim.timing import (
    DAY,
    adoption_share,
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


def pick(rng: np.random.Generator, options: list, n: int, p: list[float] | None = None) -> list:
    arr = np.empty(len(options), dtype=object)
    arr[:] = options
    return arr[rng.choice(len(options), size=n, p=p)].tolist()


def asn_pool(rng: np.random.Generator, klass: str, n: int,
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
        asn, country = asn_pool(rng, "residential", n, countries)
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

