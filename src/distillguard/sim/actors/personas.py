"""The legitimate personas of a simulated world: the look-alikes a detector must not flag (web chat,
developers, SaaS backends, benchmark runners, campus NATs, VPN users, coding agents, API aggregators).

Consumed by sim.world through sim.actors; each produces one UTC day of events at a time."""

from __future__ import annotations

import numpy as np
import polars as pl

from distillguard.sim import text
from distillguard.sim.actors.base import (
    CURRENT_MODELS,
    FREE_MAIL,
    Actor,
    asn_pool,
    pick,
)
from distillguard.sim.network import (
    ASNS,
    BROWSER_UAS,
    CODING_AGENT_UA,
    ROUTER_UA,
    SDK_UAS,
    TZ,
    USER_COUNTRIES,
    ipv4_text,
)
from distillguard.sim.prompts import (
    code_requests,
    code_slots,
    render,
)
from distillguard.sim.timing import (
    DAY,
    HOUR,
    US,
    WORK_HOURLY,
    daily_sessions,
    expand_sessions,
    is_weekend,
    paced_arrivals,
)


class CasualChat(Actor):
    """Multi-turn, diurnal, diverse chat users on the web app."""

    name = "casual_chat"

    def build_accounts(self, rng, n):
        ips, asn, country = self.residential(rng, n)
        return self.make_accounts(
            rng, n, tier=pick(rng, ["free", "pro"], n, [0.7, 0.3]), verified=False,
            email_domain=pick(rng, FREE_MAIL, n), ip=ips, asn=asn, country=country,
            user_agent=pick(rng, BROWSER_UAS, n), surface="chat",
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
        prompt.scatter(follow, pl.Series(pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
        return self.events(rng, acct, ts, prompt, n_turns=turn * 2 - 1,
                           context_tokens=(turn - 1) * rng.uniform(150, 450, size=n),
                           temperature=None)


class Developer(Actor):
    """Developers iterating on one prompt all afternoon, with small edits, through an SDK."""

    name = "developer"

    def build_accounts(self, rng, n):
        ips, asn, country = self.residential(rng, n, ipv6_share=0.1)
        return self.make_accounts(
            rng, n, tier=pick(rng, ["pro", "team", "free"], n, [0.5, 0.3, 0.2]),
            verified=rng.random(n) < 0.4, email_domain=pick(rng, FREE_MAIL, n), ip=ips, asn=asn,
            country=country, user_agent=pick(rng, SDK_UAS, n), surface="api",
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
        edits = pl.Series(pick(rng, text.DEVELOPER_EDITS, n))
        prompt = pl.select(pl.concat_str([base[session], edits])).to_series()
        return self.events(rng, acct_e, ts, prompt,
                           temperature=rng.choice([0.0, 0.2, 0.7, 1.0], size=n),
                           max_tokens=rng.choice([512, 1024, 2048], size=n))


class SaasBackend(Actor):
    """One org per product: a fixed system prompt + template, heavy 24/7 volume from cloud IPs."""

    name = "saas_backend"

    def build_accounts(self, rng, n):
        asn, country = asn_pool(rng, "cloud", n)
        net = self.ctx.space.subnet24(rng, int(asn[0]), n)
        ips = ipv4_text(net | rng.integers(2, 250, size=n))
        self.template = rng.permutation(len(text.SAAS_TEMPLATES))[np.arange(n)
                                                                 % len(text.SAAS_TEMPLATES)]
        profiles = self.ctx.corpus.hourly_profiles
        self.profile = profiles[rng.integers(0, len(profiles), size=n)]
        return self.make_accounts(
            rng, n, tier=pick(rng, ["team", "enterprise"], n), verified=True,
            email_domain=[f"{self.ctx.mint.take('co', 1)[0][3:11]}.io" for _ in range(n)],
            ip=ips, asn=asn, country=country, user_agent=pick(rng, SDK_UAS[:5], n),
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
        asn, country = asn_pool(rng, "education", n)
        cloud = rng.random(n) < 0.4
        casn, ccountry = asn_pool(rng, "cloud", n)
        asn = np.where(cloud, casn, asn)
        country = [c if k else e for c, e, k in zip(ccountry, country, cloud, strict=True)]
        ips = ipv4_text(self.ctx.space.hosts(rng, asn))
        self.template = rng.integers(0, len(text.BENCHMARK_TEMPLATES), size=n)
        # each account runs its benchmark on a few days of the world
        self.run_days = [set(rng.choice(self.ctx.cfg.days, size=min(self.ctx.cfg.days,
                                                                    rng.integers(1, 4)),
                                        replace=False).tolist()) for _ in range(n)]
        return self.make_accounts(
            rng, n, tier=pick(rng, ["research", "edu", "pro"], n, [0.4, 0.4, 0.2]),
            verified=rng.random(n) < 0.8,
            email_domain=[f"cs.univ-{self.ctx.mint.take('u', 1)[0][2:8]}.edu" for _ in range(n)],
            ip=ips, asn=asn, country=country, user_agent=pick(rng, SDK_UAS[:4], n),
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
        nat_asn = np.array([asn_pool(rng, str(k), 1)[0][0] for k in kinds])
        nat_net = np.array([self.ctx.space.subnet24(rng, int(a), 1)[0] for a in nat_asn])
        nat_domain = [f"{'univ' if k == 'education' else 'corp'}-"
                      f"{self.ctx.mint.take('d', 1)[0][2:8]}.{'edu' if k == 'education' else 'com'}"
                      for k in kinds]
        which = rng.integers(0, n_nats, size=n)
        host = rng.integers(1, 4, size=n)  # 1-3 public addresses per NAT
        ips = ipv4_text(nat_net[which] | host)
        countries = [dict(ASNS["education"] + ASNS["corporate"])[int(a)] for a in nat_asn[which]]
        edu = kinds[which] == "education"
        tier = np.where(edu, np.array(pick(rng, ["edu", "free", "pro"], n, [0.6, 0.3, 0.1])),
                        np.array(pick(rng, ["team", "enterprise"], n)))
        return self.make_accounts(
            rng, n, tier=tier.tolist(), verified=~edu | (rng.random(n) < 0.5),
            email_domain=[nat_domain[w] for w in which], ip=ips, asn=nat_asn[which],
            country=countries, user_agent=pick(rng, BROWSER_UAS + SDK_UAS[:2], n),
            surface=pick(rng, ["chat", "api"], n, [0.7, 0.3]),
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
        prompt.scatter(follow, pl.Series(pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
        return self.events(rng, acct, ts, prompt, n_turns=turn * 2 - 1,
                           context_tokens=(turn - 1) * rng.uniform(150, 500, size=n))


class VpnUser(Actor):
    """Unrelated privacy-minded users sharing commercial VPN exit addresses."""

    name = "vpn_user"

    def build_accounts(self, rng, n):
        n_exits = max(4, n // 12)
        asn, country = asn_pool(rng, "vpn", n_exits)
        self.exit_ip = ipv4_text(self.ctx.space.hosts(rng, asn))
        self.exit_asn, self.exit_country = asn, country
        home = rng.integers(0, n_exits, size=n)
        return self.make_accounts(
            rng, n, tier=pick(rng, ["free", "pro"], n, [0.6, 0.4]), verified=False,
            email_domain=pick(rng, FREE_MAIL, n), ip=self.exit_ip[home], asn=asn[home],
            country=[country[h] for h in home], user_agent=pick(rng, BROWSER_UAS + SDK_UAS, n),
            surface=pick(rng, ["chat", "api"], n, [0.75, 0.25]),
            created_us=self.ctx.start_us - rng.integers(2, 600, size=n) * DAY,
            rate=rng.lognormal(-0.2, 0.7, size=n))

    def day(self, rng, day_start):
        a = self.accounts
        home_tz = np.array([TZ[c] for c in pick(rng, USER_COUNTRIES, a.height)])
        acct, start = daily_sessions(rng, np.arange(a.height), a["rate"].to_numpy(), home_tz,
                                     day_start)
        exit_per_session = rng.integers(0, len(self.exit_ip), size=acct.size)
        turns = rng.geometric(0.35, size=acct.size)
        acct, ts, turn = expand_sessions(rng, acct, start, turns, mean_gap_s=80)
        exit_idx = np.repeat(exit_per_session, np.maximum(turns, 1))
        n = acct.size
        prompt = self.ctx.corpus.sample_text(rng, "chat", n)["text"]
        follow = np.flatnonzero(turn > 1)
        prompt.scatter(follow, pl.Series(pick(rng, text.CHAT_FOLLOWUPS, follow.size)))
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
            rng, n, tier=pick(rng, ["pro", "team", "free", "startup"], n, [0.5, 0.3, 0.1, 0.1]),
            verified=rng.random(n) < 0.5, email_domain=pick(rng, FREE_MAIL, n), ip=ips, asn=asn,
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
        asn, country = asn_pool(rng, "cloud", n)
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
            prompt.scatter(idx, pl.Series(pick(rng, ["What is in this picture?",
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

