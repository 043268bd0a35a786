"""Per-account behavioural fingerprint: volume, capability mix, template reuse, timing, network, account.

Consumes featurized events (features.events) as a LazyFrame and the optional accounts table; produces one
row per account (no scoring here). Pure Polars expressions, so the same code can run per partition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np
import polars as pl

from distillguard.config import FeatureConfig
from distillguard.features.network import on_partner_surface
from distillguard.features.peers import peer_relative
from distillguard.io.schema import CAPABILITIES, REPORTED_AS, TAGGED_CAPABILITIES

# an output at ≥95% of max_tokens was cut by the limit: the client asked for "all of it"
SATURATION = 0.95


def capability_share_column(capability: str) -> str:
    return f"share_{capability}"


def reported_capabilities(shares: dict[str, float]) -> dict[str, float]:
    """Shares per tagged capability folded into the contract's capabilities (synthetic-data
    generation is reported as "other")."""
    out = dict.fromkeys(CAPABILITIES, 0.0)
    for capability, share in shares.items():
        out[REPORTED_AS.get(capability, capability)] += share
    return {c: round(v, 4) for c, v in out.items()}


def distinct_count(column: str | pl.Expr) -> pl.Expr:
    """Distinct non-null values of ``column`` (a name or an expression) in a group, counted over
    64-bit hashes.

    Written so that the streaming engine keeps only hashes per group (a drop_nulls() would make
    it hold every value of the column)."""
    values = pl.col(column) if isinstance(column, str) else column
    return values.hash().n_unique() - (values.null_count() > 0).cast(pl.UInt32)


def interarrival_cv(events: pl.LazyFrame, max_gap_hours: float = 6.0) -> pl.LazyFrame:
    """Per account: coefficient of variation of the gaps between its requests (low = machine-paced).

    Gaps over ``max_gap_hours`` are pauses between working periods, not pacing, and are left out.
    Null with fewer than three gaps. Reads only (account_id, ts); each account's times are sorted
    within its group (a sort of the whole frame by account and time costs four times as much)."""
    gap = pl.col("ts").sort().diff().dt.total_milliseconds().cast(pl.Float64)
    return (events.select(pl.col("account_id").hash().alias("account_key"), "ts")
            .group_by("account_key").agg(gap=gap)
            .explode("gap")
            .filter(pl.col("gap").is_not_null() & (pl.col("gap") <= max_gap_hours * 3_600_000))
            .group_by("account_key")
            .agg(interarrival_cv=pl.when(pl.len() >= 3)
                 .then(pl.col("gap").std() / pl.col("gap").mean().clip(lower_bound=1.0))))


def template_usage(events: pl.LazyFrame) -> pl.LazyFrame:
    """Per template signature: how many distinct accounts send it."""
    return (events.filter(pl.col("template_sig").is_not_null())
            .select("template_sig", "account_id").unique()
            .group_by("template_sig")
            .agg(template_accounts=pl.len()))


def population_mix(events: pl.LazyFrame) -> dict[str, float]:
    """Share of all exchanges per capability (the population every account is compared to)."""
    counts = events.group_by("capability").agg(n=pl.len()).collect()
    return capability_mix(dict(zip(counts["capability"].to_list(), counts["n"].to_list(),
                                   strict=True)))


def capability_mix(counts: dict[str, int]) -> dict[str, float]:
    """Exchanges per capability → share of all exchanges per tagged capability."""
    total = max(1, sum(counts.values()))
    return {c: counts.get(c, 0) / total for c in TAGGED_CAPABILITIES}


def mix_distance(reference: Mapping[str, float] | Mapping[str, pl.Expr]) -> pl.Expr:
    """Total variation distance between each account's capability mix (its share columns) and
    ``reference`` (capability → share: a number, or a column): the share of its traffic that
    would have to move to other capabilities to match (0 = the same mix, 1 = nothing in common)."""
    return 0.5 * pl.sum_horizontal([(pl.col(capability_share_column(c)) - reference.get(c, 0.0))
                                    .abs() for c in TAGGED_CAPABILITIES])


def shares_distance(mix: Mapping[str, float], other: Mapping[str, float]) -> float:
    """mix_distance of two capability → share mappings (one account's, one campaign's)."""
    return 0.5 * sum(abs(mix.get(c, 0.0) - other.get(c, 0.0)) for c in set(mix) | set(other))


def account_activity(events: pl.LazyFrame, cfg: FeatureConfig) -> pl.LazyFrame:
    """One row per account: raw aggregates of its exchanges (see account_features for the rest)."""
    out_tokens = pl.col("output_tokens").cast(pl.Float64)
    saturated = (pl.col("max_tokens").is_not_null() & (pl.col("max_tokens") > 0)
                 & (out_tokens >= SATURATION * pl.col("max_tokens")))
    night_start, night_end = cfg.night_hours
    hour = pl.col("local_hour")
    shared = pl.col("template_accounts").fill_null(1) >= cfg.shared_template_accounts
    harvest = pl.col("capability").is_in(cfg.harvest_capabilities)
    own_exit = ~on_partner_surface(cfg.partner_surfaces)
    return (
        events.group_by("account_id")
        .agg(
            account_key=pl.col("account_id").hash().first(),
            n_events=pl.len(),
            first_seen=pl.col("ts").min(),
            last_seen=pl.col("ts").max(),
            active_days=pl.col("ts").dt.date().n_unique(),
            active_hours_utc=pl.col("ts").dt.hour().n_unique(),
            night_share=((hour >= night_start) & (hour < night_end)).mean(),
            distinct_ips=distinct_count("ip"),
            distinct_prefixes=distinct_count("ip_prefix"),
            own_exit_prefixes=distinct_count(pl.when(own_exit).then(pl.col("ip_prefix"))),
            own_exit_exchanges=own_exit.sum(),
            distinct_asns=distinct_count("asn"),
            distinct_countries=distinct_count("country"),
            distinct_models=distinct_count("model"),
            distinct_clients=distinct_count("client"),
            surface=pl.col("surface").drop_nulls().mode().sort().first(),
            client=pl.col("client").drop_nulls().mode().sort().first(),
            event_org=pl.col("org_id").drop_nulls().mode().sort().first(),
            templated_share=pl.col("template_sig").is_not_null().mean(),
            temperature_zero_share=(pl.col("temperature") == 0).fill_null(False).mean(),
            reasoning_output_share=pl.col("reasoning_tokens").fill_null(0).sum()
            / pl.col("output_tokens").sum().clip(lower_bound=1),
            single_turn_share=(pl.col("n_turns").fill_null(1) <= 1).mean(),
            output_input_ratio=pl.col("output_tokens").sum()
            / pl.col("input_tokens").sum().clip(lower_bound=1),
            max_tokens_saturation=saturated.mean(),
            output_tokens=pl.col("output_tokens").sum(),
            shared_template_share=shared.mean(),
            shared_harvest_share=(shared & harvest).mean(),
            # geometric mean: a mean streams in constant memory, a median does not
            typical_template_accounts=pl.col("template_accounts").fill_null(1).cast(pl.Float64)
            .log().mean().exp().round(6),
            **{capability_share_column(c): (pl.col("capability") == c).mean()
               for c in TAGGED_CAPABILITIES},
        )
    )


def top_template_share(events: pl.LazyFrame) -> pl.LazyFrame:
    """Per account: the share of its exchanges sent with its single most used template."""
    return (events.filter(pl.col("template_sig").is_not_null())
            .group_by("account_id", "template_sig").agg(n=pl.len())
            .group_by("account_id").agg(top_template_events=pl.col("n").max()))


def fingerprint(events: pl.LazyFrame, cfg: FeatureConfig, mix: dict[str, float]) -> pl.LazyFrame:
    """Behavioural fingerprint rows of the accounts in ``events``: featurized events that carry
    ``template_accounts`` (accounts sending each event's template), compared with the capability
    ``mix`` of the population. Shared by the batch scan and the online service."""
    shares = [pl.col(capability_share_column(c)) for c in TAGGED_CAPABILITIES]
    return (account_activity(events, cfg)
            .join(interarrival_cv(events), on="account_key", how="left")
            .join(top_template_share(events), on="account_id", how="left")
            .with_columns(
                top_template_share=pl.col("top_template_events").fill_null(0) / pl.col("n_events"),
                harvest_share=pl.sum_horizontal(
                    [pl.col(capability_share_column(c)) for c in cfg.harvest_capabilities]),
                target_share=pl.sum_horizontal(
                    [pl.col(capability_share_column(c)) for c in cfg.target_capabilities]),
                log_target_volume=(pl.col("n_events").cast(pl.Float64) * pl.sum_horizontal(
                    [pl.col(capability_share_column(c)) for c in cfg.target_capabilities])).log1p(),
                top_capability_share=pl.max_horizontal(shares),
                # 0 = one capability only, 1 = every capability alike (a router's mixed traffic)
                capability_entropy=-pl.sum_horizontal(
                    [pl.when(x > 0).then(x * x.log()).otherwise(0.0) for x in shares])
                / np.log(len(TAGGED_CAPABILITIES)),
                # distinct kinds of harvest asks with a real share: an operation harvests several,
                # an evaluation job grades with one rubric
                harvest_kinds=pl.sum_horizontal(
                    [(pl.col(capability_share_column(c)) >= cfg.harvest_kind_share)
                     .cast(pl.Int32)
                     for c in cfg.harvest_capabilities]),
                capability_distance=mix_distance(mix),
                log_daily_volume=(pl.col("n_events") / pl.col("active_days")).log1p(),
                # a partner's gateways are its own exits, cycled for every customer alike; and
                # one network, however few the exchanges, is no rotation
                prefix_rotation=pl.when(pl.col("own_exit_prefixes") >= 2)
                .then(pl.col("own_exit_prefixes") / pl.col("own_exit_exchanges")).otherwise(0.0))
            .drop("top_template_events", "account_key", "own_exit_prefixes", "own_exit_exchanges"))


def release_adoption(events: pl.LazyFrame, releases: pl.DataFrame | None,
                     cfg: FeatureConfig) -> pl.LazyFrame:
    """Per account: the largest share of its exchanges that went to a newly released model in
    the ``cfg.pivot_window_hours`` after its release (accounts with fewer than
    ``cfg.pivot_min_exchanges`` exchanges in the window are not judged: null)."""
    schema = {"account_id": pl.String, "release_adoption": pl.Float64}
    if releases is None or releases.is_empty():
        return pl.LazyFrame(schema=schema)
    window = timedelta(hours=cfg.pivot_window_hours)
    frames = []
    for model, released in releases.select("model", "released_at").drop_nulls().iter_rows():
        frames.append(events.filter(pl.col("ts").is_between(released, released + window))
                      .group_by("account_id")
                      .agg(n=pl.len(), share=(pl.col("model") == model).mean())
                      .filter(pl.col("n") >= cfg.pivot_min_exchanges))
    if not frames:
        return pl.LazyFrame(schema=schema)
    return (pl.concat(frames).group_by("account_id")
            .agg(release_adoption=pl.col("share").max()).cast(schema))


def account_features(partitions: Sequence[pl.LazyFrame], cfg: FeatureConfig,
                     accounts: pl.DataFrame | None = None,
                     releases: pl.DataFrame | None = None) -> pl.DataFrame:
    """The behavioural fingerprint of every account seen in the events (sorted by account_id).

    ``partitions`` split the featurized events by account (all events of an account in one
    partition; a single frame is one partition). Cross-account figures (template usage,
    population mix) are computed over all of them, fingerprints one partition at a time, so
    memory follows the largest partition, not the log. ``accounts`` (the optional, validated
    contract table) adds tier, verification and account age at first request; without it those
    columns are null. ``releases`` adds how fast each account moved to a new model."""
    everything = pl.concat(list(partitions), how="vertical")
    usage = template_usage(everything).collect(engine="streaming").lazy()
    mix = population_mix(everything)
    frames = [partition_fingerprints(events.join(usage, on="template_sig", how="left"), cfg, mix,
                                     releases) for events in partitions]
    return finish_fingerprints(frames, cfg, accounts)


def partition_fingerprints(events: pl.LazyFrame, cfg: FeatureConfig, mix: dict[str, float],
                           releases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Fingerprint rows (with release adoption) of the accounts of one partition of featurized
    events that carry ``template_accounts``; every event of these accounts must be in it. The
    Spark engine runs this on its executors, one account partition at a time."""
    return (fingerprint(events, cfg, mix)
            .join(release_adoption(events, releases, cfg), on="account_id", how="left")
            .collect(engine="streaming"))


def finish_fingerprints(frames: Sequence[pl.DataFrame], cfg: FeatureConfig,
                        accounts: pl.DataFrame | None = None) -> pl.DataFrame:
    """Partition fingerprints → every account's fingerprint: account metadata, age, peers."""
    meta = _account_metadata(accounts, cfg)
    return (pl.concat(frames, how="vertical").join(meta, on="account_id", how="left")
            .with_columns(age_days=(pl.col("first_seen") - pl.col("created_at"))
                          .dt.total_seconds() / 86_400,
                          org_id=pl.coalesce("org_id", "event_org"))
            .drop("event_org")
            .pipe(peer_relative, cfg)
            .sort("account_id"))


def _account_metadata(accounts: pl.DataFrame | None, cfg: FeatureConfig) -> pl.DataFrame:
    schema = {"account_id": pl.String, "created_at": pl.Datetime("us", "UTC"), "tier": pl.String,
              "verified": pl.Boolean, "org_id": pl.String, "abused_tier": pl.Boolean}
    if accounts is None:
        return pl.DataFrame(schema=schema)
    return (accounts.select("account_id", "created_at", "tier", "verified", "org_id")
            .with_columns(abused_tier=pl.col("tier").is_in(cfg.abused_tiers))
            .cast(schema).unique("account_id", keep="first", maintain_order=True))
