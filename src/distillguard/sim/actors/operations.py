"""The reported distillation operations of a simulated world: chain-of-thought harvesting, agentic
harvesting and the reseller hydra, with their evasion knobs.

Consumed by sim.world through sim.actors; each produces one UTC day of events at a time."""

from __future__ import annotations

import numpy as np
import polars as pl

from distillguard.sim import text
from distillguard.sim.actors.base import (
    FREE_MAIL,
    Actor,
    pick,
)
from distillguard.sim.network import (
    HARNESS_UAS,
    SDK_UAS,
    ipv4_text,
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
    paced_arrivals,
)


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
        harness = pick(rng, HARNESS_UAS[:2], n)
        ua = [s if m else h for s, h, m in zip(pick(rng, SDK_UAS[:3], n), harness, mimic,
                                               strict=True)]
        born = np.asarray(born_us if born_us is not None else self.ctx.start_us
                          + rng.integers(0, 2 * DAY, size=n), dtype=np.int64) * np.ones(n, np.int64)
        aged = rng.random(n) < ev.aged_account_share
        fresh_created = born - rng.integers(1 * HOUR, 3 * DAY, size=n)
        created = np.where(aged, born - rng.integers(90, 700, size=n) * DAY, fresh_created)
        domains = pick(rng, FREE_MAIL[:5], n)
        patterned = [f"{self.ctx.mint.take('m', 1)[0][2:7]}mail.net" for _ in range(2)]
        use_pattern = rng.random(n) < 0.4
        domains = [patterned[i % 2] if p else d for i, (d, p) in
                   enumerate(zip(domains, use_pattern, strict=True))]
        tier = pick(rng, tiers, n, tier_p)
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
                              "topic": pick(rng, text.SENSITIVE_TOPICS, n)})
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
        system = pl.Series(pick(rng, text.AGENT_HARVEST_SYSTEM, n))
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
        surface = pick(rng, ["api", "cloud"], born_a.size, [0.7, 0.3])
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
        system = pl.Series(pick(rng, text.HARNESS_SYSTEM, n))
        ip, asn, country = self.exits(rng, acct)
        harvest = self.events(
            rng, acct, ts, prompt, system_prompt=system, tools=rng.integers(4, 7, size=n),
            n_turns=rng.integers(1, 30, size=n), out_dist="mooncake_output", out_scale=1.2,
            context_tokens=rng.uniform(2000, 30000, size=n), max_tokens=16000, saturate=0.15,
            temperature=0.3, harvest=True, models=(["atlas-3-pro"], [1.0]),
            adoption=(0.5, 10.0), ip_override=ip, asn_override=asn, country_override=country)
        return self.within_life(pl.concat([harvest, customers]))


