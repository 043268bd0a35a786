"""Build and write a labelled world: every actor's accounts, then day by day their events, streamed to disk.

Consumes a SimConfig and a seed; produces events/accounts/releases/truth/events_truth Parquet + world.json."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq
from rich.progress import Progress
from rich.table import Table

from distillguard import CONTRACT_VERSION
from distillguard.errors import InputError
from distillguard.io.schema import ACCOUNTS, EVENTS, EVENTS_TRUTH, RELEASES, TRUTH
from distillguard.sim.actors import ACTORS, NEW_MODEL, Actor, WorldContext
from distillguard.sim.actors import RELEASES as OLD_RELEASES
from distillguard.sim.config import SimConfig
from distillguard.sim.corpus import load_corpus
from distillguard.sim.ids import IdMint
from distillguard.sim.timing import DAY, HOUR, US

ROW_GROUP_ROWS = 100_000
ACCOUNT_ATTRS = ["account_id", "org_id", "api_key_id", "home_ip", "asn", "country", "user_agent",
                 "client_fingerprint", "surface"]


@dataclass
class WorldSummary:
    out_dir: Path
    seed: int
    cfg: SimConfig
    per_actor: pl.DataFrame  # actor, campaign_id, accounts, events
    seconds: float

    @property
    def n_events(self) -> int:
        return int(self.per_actor["events"].sum())

    def render(self) -> Table:
        table = Table(title=f"world {self.out_dir} (seed {self.seed}, {self.cfg.scale}, "
                            f"{self.cfg.days} days): {self.n_events:,} events in "
                            f"{self.seconds:.1f}s ({self.n_events / max(self.seconds, 1e-9):,.0f}"
                            f" events/s)")
        for column in ("actor", "campaign", "accounts", "events"):
            table.add_column(column, justify="left" if column in ("actor", "campaign")
                             else "right")
        for row in self.per_actor.iter_rows(named=True):
            table.add_row(row["actor"], row["campaign_id"] or "-", f"{row['accounts']:,}",
                          f"{row['events']:,}")
        return table


def _parse_start(value: str) -> int:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"simulator start '{value}' is not an ISO-8601 timestamp") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * US)


def _day_frame(actor: Actor, events: pl.DataFrame, attrs: pl.DataFrame) -> pl.DataFrame:
    """Join an actor's raw requests with its accounts' identity; label them for the truth file."""
    joined = events.join(attrs, on="acct", how="left", suffix="_account")
    if actor.campaign:
        campaign = (pl.when(pl.col("harvest") | pl.lit(actor.name != "reseller_hydra"))
                    .then(pl.lit(actor.campaign_id)).otherwise(pl.lit(None, pl.String)))
        label = (pl.when(pl.col("harvest") | pl.lit(actor.name != "reseller_hydra"))
                 .then(pl.lit(actor.name)).otherwise(pl.lit("reseller_customer")))
    else:
        campaign, label = pl.lit(None, pl.String), pl.lit(actor.name)
    return joined.select(
        pl.col("ts"),
        pl.col("account_id"),
        pl.coalesce("ip", "home_ip").alias("ip"),
        pl.col("model"),
        pl.col("prompt"),
        pl.col("input_tokens"),
        pl.col("output_tokens"),
        pl.col("org_id"),
        pl.col("api_key_id"),
        pl.coalesce("asn", "asn_account").alias("asn"),
        pl.coalesce("country", "country_account").alias("country"),
        pl.col("user_agent"),
        pl.col("client_fingerprint"),
        pl.col("surface"),
        pl.col("system_prompt"),
        pl.col("n_turns"),
        pl.col("tools_declared"),
        pl.col("has_image"),
        pl.col("reasoning_tokens"),
        pl.col("max_tokens"),
        pl.col("temperature"),
        pl.col("status"),
        campaign.alias("campaign_id"),
        label.alias("actor"),
        pl.col("harvest"),
    )


def _build_actors(ctx: WorldContext, seed: int) -> list[Actor]:
    actors = []
    for i, cls in enumerate(ACTORS):
        rng = np.random.default_rng([seed, 1000 + i])
        actor = cls(ctx, rng, ctx.cfg.accounts(cls.name))
        if actor.campaign:
            actor.campaign_id = str(ctx.mint.take("camp", 1)[0])
        actors.append(actor)
    return actors


def _account_tables(actors: list[Actor]) -> tuple[pl.DataFrame, pl.DataFrame]:
    accounts = pl.concat([
        a.accounts.with_columns(actor=pl.lit(a.name), campaign_id=pl.lit(a.campaign_id,
                                                                         pl.String))
        for a in actors])
    contract = accounts.select(
        "account_id",
        pl.from_epoch("created_us", time_unit="us").dt.replace_time_zone("UTC")
        .alias("created_at"),
        "tier", "verified", "email_domain", "payment_fingerprint", "signup_ip", "org_id",
    ).cast(dict(ACCOUNTS))
    truth = accounts.select("account_id", "campaign_id", "actor").cast(dict(TRUTH))
    return contract, truth


def simulate_world(out_dir: str | Path, cfg: SimConfig, *, seed: int = 0,
                   show_progress: bool = False) -> WorldSummary:
    """Simulate ``cfg.days`` of traffic and write the world's tables to ``out_dir``."""
    started = time.perf_counter()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create output directory ({exc.strerror})") from None
    start_us = _parse_start(cfg.start)
    release_us = start_us + int(cfg.release_day * cfg.days) * DAY + 17 * HOUR
    ctx = WorldContext(cfg=cfg, corpus=load_corpus(), seed=seed, start_us=start_us,
                       release_us=release_us, mint=IdMint(seed))
    actors = _build_actors(ctx, seed)
    attrs = [a.accounts.select(ACCOUNT_ATTRS).with_row_index("acct").with_columns(
        pl.col("acct").cast(pl.Int64)) for a in actors]

    event_schema = pl.Schema(EVENTS)
    events_writer = pq.ParquetWriter(out / "events.parquet",
                                     pl.DataFrame(schema=event_schema).to_arrow().schema,
                                     compression="zstd")
    truth_schema = pl.Schema({**EVENTS_TRUTH, "harvest": pl.Boolean()})
    truth_writer = pq.ParquetWriter(out / "events_truth.parquet",
                                    pl.DataFrame(schema=truth_schema).to_arrow().schema,
                                    compression="zstd")
    counts = {a.name: 0 for a in actors} | {"reseller_customer": 0}
    seen: list[pl.Series] = []
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("simulating days", total=cfg.days)
        for d in range(cfg.days):
            day_start = start_us + d * DAY
            parts = []
            for i, actor in enumerate(actors):
                rng = np.random.default_rng([seed, i, d])
                raw = actor.day(rng, day_start)
                if raw is not None and raw.height:
                    parts.append(_day_frame(actor, raw, attrs[i]))
            day = pl.concat(parts).sort("ts")
            day = day.with_columns(
                ts=pl.from_epoch("ts", time_unit="us").dt.replace_time_zone("UTC"),
                request_id=ctx.mint.take("req", day.height))
            # bounded row groups keep readers' memory bounded whatever the day's volume
            events_writer.write_table(day.select(event_schema.names()).cast(dict(event_schema))
                                      .to_arrow(), row_group_size=ROW_GROUP_ROWS)
            truth_writer.write_table(day.select(truth_schema.names()).to_arrow(),
                                     row_group_size=ROW_GROUP_ROWS)
            for actor_name, n in day.group_by("actor").len().iter_rows():
                counts[actor_name] += n
            seen.append(day["account_id"].unique())
            progress.advance(task)
    events_writer.close()
    truth_writer.close()

    accounts, truth = _account_tables(actors)
    active = pl.concat(seen).unique()
    truth = truth.with_columns(has_events=pl.col("account_id").is_in(active.implode()))
    accounts.write_parquet(out / "accounts.parquet")
    truth.write_parquet(out / "truth.parquet")
    releases = pl.DataFrame({
        "model": [*OLD_RELEASES, NEW_MODEL],
        "released_at": [*(datetime.fromisoformat(v).replace(tzinfo=UTC)
                          for v in OLD_RELEASES.values()),
                        datetime.fromtimestamp(release_us / US, UTC)],
    })
    releases.cast(dict(RELEASES)).write_parquet(out / "releases.parquet")

    n_accounts = truth.filter("has_events").group_by("actor").len("accounts")
    per_actor = (pl.DataFrame({"actor": list(counts), "events": list(counts.values())})
                 .join(n_accounts, on="actor", how="left")
                 .join(truth.select("actor", "campaign_id").unique("actor"), on="actor",
                       how="left")
                 .with_columns(pl.col("accounts").fill_null(0))
                 .select("actor", "campaign_id", "accounts", "events"))
    seconds = time.perf_counter() - started
    manifest = {
        "contract_version": CONTRACT_VERSION,
        "seed": seed,
        "config": cfg.model_dump(),
        "start": cfg.start,
        "new_model": NEW_MODEL,
        "new_model_released_at": releases["released_at"][-1].isoformat(),
        "campaigns": {a.campaign_id: a.name for a in actors if a.campaign},
        "actors": per_actor.to_dicts(),
        "seconds": round(seconds, 2),
    }
    (out / "world.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return WorldSummary(out_dir=out, seed=seed, cfg=cfg, per_actor=per_actor, seconds=seconds)
