"""One ingest step as a pure function: new exchanges and the accounts' prior state → their new state.

Consumes validated events (io.validate) and what online.engine read from the store (Prior); produces
an AccountUpdate (summaries, rings, newly flagged accounts) that online.engine persists. No I/O here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import NormalDist
from typing import Any

import polars as pl

from distillguard.config import CohortConfig, Config, OnlineConfig
from distillguard.features.accounts import capability_share_column, fingerprint, reported_capabilities
from distillguard.features.events import featurize_events
from distillguard.features.templates import opening_signature
from distillguard.io.schema import TAGGED_CAPABILITIES, TS
from distillguard.linkage.cohorts import (
    campaign_cohort_rows,
    customer,
    known_cohorts,
)
from distillguard.online.records import AccountState
from distillguard.scoring.model import score_accounts

# featurized columns kept per account (what features.accounts.fingerprint reads)
RING_SCHEMA: dict[str, pl.DataType] = {
    "ts": pl.Int64(), "ip": pl.String(), "ip_prefix": pl.String(), "asn": pl.Int64(),
    "country": pl.String(), "local_hour": pl.Int8(), "client": pl.String(),
    "model": pl.String(), "input_tokens": pl.Int64(), "output_tokens": pl.Int64(),
    "max_tokens": pl.Int64(), "n_turns": pl.Int64(), "capability": pl.String(),
    "template_sig": pl.UInt64(), "template_accounts": pl.Int64(), "org_id": pl.String(),
    "surface": pl.String(), "temperature": pl.Float64(), "reasoning_tokens": pl.Int64(),
}
EMERGING = "emerging-"


def emerging_id(account_id: str) -> str:
    """The campaign id a newly flagged account opens when it is tied to no campaign."""
    return EMERGING + hashlib.sha256(account_id.encode()).hexdigest()[:16]


def share_lower_bound(share: pl.Expr, n: pl.Expr, z: float) -> pl.Expr:
    """Wilson score lower bound of a proportion ``share`` observed over ``n`` trials.

    Examples
    --------
    >>> frame = pl.DataFrame({"p": [0.61, 0.95, 0.0], "n": [23, 20, 0]})
    >>> frame.select(share_lower_bound(pl.col("p"), pl.col("n"), 1.645).round(2)).to_series().to_list()
    [0.44, 0.8, 0.0]
    """
    n = n.cast(pl.Float64).clip(lower_bound=1.0)
    centre = share + z * z / (2 * n)
    spread = z * (share * (1 - share) / n + z * z / (4 * n * n)).sqrt()
    return ((centre - spread) / (1 + z * z / n)).clip(lower_bound=0.0)


def account_age_days(when: pl.Expr, created_at: pl.Expr) -> pl.Expr:
    """Days from an account's creation to ``when``."""
    return (when - created_at).dt.total_seconds() / 86400.0


def request_time(event: dict[str, Any]) -> datetime:
    """A request's time (its ``ts``, else now), timezone-aware."""
    try:
        when = datetime.fromisoformat(str(event["ts"]))
    except (KeyError, ValueError):
        return datetime.now(UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def days_between(earlier: datetime, later: datetime) -> float:
    """Days from ``earlier`` to ``later`` (a naive time taken as UTC)."""
    aware = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in (earlier, later)]
    return (aware[1] - aware[0]).total_seconds() / 86400.0


def exit_ties(record: AccountState, age_days: float | None, online: OnlineConfig) -> bool:
    """Whether an emerging campaign's exit (an IP its flagged accounts use) may tie this account to
    the campaign. An account created within online.exit_tie_max_age_days is tied at once (a
    hydra's replacement head); an older one answers for its own exchanges: tied once at least
    full_evidence of them do an operation's work (a stepped-up account sends no more, so a tie made
    on less would never be undone). Without an accounts table (``age_days`` None) nothing says an
    account is established: a newcomer is tied until its own exchanges show it does no such work.

    Examples
    --------
    >>> from distillguard.config import OnlineConfig
    >>> online = OnlineConfig()
    >>> [exit_ties(AccountState(n=n, worker=w), 400.0, online) for n, w in [(0, False), (5, True), (30, True)]]
    [False, False, True]
    >>> exit_ties(AccountState(), 3.0, online), exit_ties(AccountState(n=30), None, online)
    (True, False)
    """
    if record.flagged:
        return True
    if age_days is None:
        return record.worker or record.n < online.full_evidence
    if age_days <= online.exit_tie_max_age_days:
        return True
    return record.worker and record.n >= online.full_evidence


def featurize_exchanges(clean: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    """Validated exchanges with the batch's per-event features and their prompt opening signature
    (``template_sig``: the online stand-in for the batch's learnt template scaffold)."""
    openings = clean.select(opening_signature(pl.col("prompt"), cfg.online.opening_words))
    return featurize_events(clean, cfg.features).with_columns(template_sig=openings.to_series())


@dataclass(frozen=True)
class Prior:
    """What the store knew before this batch (and the shared sketches with it)."""

    records: dict[str, AccountState]  # summaries of the batch's accounts that have one
    rings: dict[str, dict[str, Any]]  # their recent exchanges (columnar, RING_SCHEMA)
    reach: dict[str, int]  # opening signature → distinct accounts sending it (this batch included)
    mix: dict[str, float]  # population share of each capability (this batch included)
    linked: dict[str, str] = field(default_factory=dict)  # account → campaign of a strong exit
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)  # known and emerging
    # the accounts table's rows of the batch's accounts (serve --accounts): created_at, tier,
    # verified, org_id; None without one
    directory: pl.DataFrame | None = None
    # the signup addresses of the batch's accounts that an established account signed up from
    # (created more than online.exit_tie_max_age_days before the batch's last exchange)
    settled_signups: set[str] = field(default_factory=set)
    settled_cards: set[str] = field(default_factory=set)  # ... and cards one pays with


@dataclass(frozen=True)
class AccountUpdate:
    """New summaries and rings of the batch's accounts, and those flagged for the first time."""

    records: dict[str, AccountState]
    rings: dict[str, dict[str, Any]]
    emerging: list[tuple[str, AccountState]]  # newly flagged: (account, its new summary)

    @property
    def newly_flagged(self) -> int:
        return len(self.emerging)


def _ring_frame(rings: dict[str, dict[str, Any]]) -> pl.DataFrame:
    frames = [pl.DataFrame(r, schema=RING_SCHEMA).with_columns(account_id=pl.lit(a))
              for a, r in rings.items() if r]
    schema = {**RING_SCHEMA, "account_id": pl.String()}
    return pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=schema)


def online_evidence(fingerprints: pl.DataFrame, prior: Prior, cfg: Config,
                    sketched: pl.DataFrame, sent: dict[str, int]) -> pl.DataFrame:
    """What the batch score reads, as far as the service knows it: the ring's fingerprint, the
    accounts table's age, tier and verification (serve --accounts), and each account's cohort:
    the campaign it is tied to or the accounts it shares a rarely shared exit or card with
    (``sketched``, KNOWN_SCHEMA, counted by the engine), whichever is larger. Peer and release
    signals are unknown online and count as typical. ``sent``: each account's exchanges in all."""
    fingerprints = fingerprints.with_columns(n_sent=pl.col("account_id").replace_strict(
        sent, default=pl.col("n_events"), return_dtype=pl.Int64))
    meta = prior.directory
    if meta is not None and meta.height:
        fingerprints = (fingerprints.join(meta.select("account_id", "created_at", "tier", "verified",
                                                      pl.col("org_id").alias("table_org")),
                                          on="account_id", how="left", maintain_order="left")
                        .with_columns(age_days=account_age_days(pl.col("first_seen"),
                                                                pl.col("created_at")),
                                      abused_tier=pl.col("tier").is_in(cfg.features.abused_tiers),
                                      org_id=pl.coalesce("table_org", "event_org"))
                        .drop("table_org", "created_at"))
    else:
        fingerprints = fingerprints.with_columns(org_id=pl.col("event_org"))
    tied = {a: (prior.records[a].campaign_id if a in prior.records else None)
            or prior.linked.get(a) for a in fingerprints["account_id"].to_list()}
    known = campaign_cohort_rows(tied, prior.campaigns, cfg.linkage.cohorts,
                                 cfg.features.harvest_capabilities, cfg.features.target_capabilities)
    # the larger of the two cohorts: a campaign tied to the account, or its rare shared exits
    # (only the sketches say whether a cohort is a fleet's alone: cohort_fleet)
    if "cohort_fleet" not in sketched.columns:
        sketched = sketched.with_columns(cohort_fleet=pl.lit(False))
    known = (pl.concat([known, sketched], how="diagonal_relaxed")
             .sort(pl.col("cohort_harvesters") + pl.col("cohort_targeters"), "cohort_customers",
                   descending=[True, False], maintain_order=True)
             .unique("account_id", keep="first", maintain_order=True))
    cohort = cfg.linkage.cohorts
    if cfg.online.cohort_min_exchanges is not None:
        cohort = cohort.model_copy(update={"min_exchanges": cfg.online.cohort_min_exchanges})
    return known_cohorts(fingerprints, known, cohort, _volume_bar(cohort, cfg.online))


def _volume_bar(cohort: CohortConfig, online: OnlineConfig) -> pl.Expr | None:
    """The volume from which each account's online cohort coordinates: the fleet's bar
    (online.fleet_min_exchanges) for a new account whose cohort no established customer shares
    (``cohort_fleet``, online.cohorts), the cohort's own for any other."""
    if online.fleet_min_exchanges is None:
        return None
    return (pl.when(pl.col("cohort_fleet").fill_null(False))
            .then(float(min(online.fleet_min_exchanges, cohort.min_exchanges)))
            .otherwise(float(cohort.min_exchanges)))


@dataclass(frozen=True)
class Recent:
    """The batch's accounts' recent exchanges (their rings) and the fingerprints of those."""

    events: pl.DataFrame  # the batch, featurized, ts in epoch µs
    ring: pl.DataFrame
    fingerprints: pl.DataFrame
    sent: dict[str, int]  # exchanges each account has sent in all (see exchanges_sent)


def recent_fingerprints(events: pl.DataFrame, prior: Prior, cfg: Config) -> Recent:
    """Each account's ring of recent exchanges with this batch folded in, and its fingerprint."""
    online = cfg.online
    # an opening is cruder than the batch's learnt scaffold: the same copied prompt reaches a
    # dozen accounts, so only a wider reach counts as a template shared across accounts
    shared = {sig: n for sig, n in prior.reach.items() if n >= online.shared_opening_accounts}
    events = events.with_columns(
        template_accounts=pl.col("template_sig").cast(pl.String)
        .replace_strict(shared, default=1, return_dtype=pl.Int64),
        ts=pl.col("ts").dt.epoch("us"))
    ring = (pl.concat([_ring_frame(prior.rings),
                       events.select("account_id", *RING_SCHEMA).cast(RING_SCHEMA)],
                      how="diagonal_relaxed")
            .sort("account_id", "ts")
            .group_by("account_id", maintain_order=True).tail(online.recent_events))
    fingerprints = fingerprint(ring.with_columns(pl.col("ts").cast(TS)).lazy(), cfg.features,
                               prior.mix).collect()
    return Recent(events=events, ring=ring, fingerprints=fingerprints,
                  sent=exchanges_sent(events, prior))


def exchanges_sent(events: pl.DataFrame, prior: Prior) -> dict[str, int]:
    """The exchanges each of the batch's accounts has sent in all (its ring holds only the recent
    ones): its stored count plus the batch's."""
    batch = events.group_by("account_id").len()
    return {a: n + (prior.records[a].n if a in prior.records else 0)
            for a, n in batch.iter_rows()}


def customers_of(events: pl.DataFrame, directory: pl.DataFrame | None) -> dict[str, str]:
    """Each account of ``events`` → its customer: its organization (the accounts table's, else
    the one its requests name), else the account itself — as a scan counts customers."""
    orgs = events.group_by("account_id").agg(event_org=pl.col("org_id").drop_nulls().first())
    if directory is not None and "org_id" in directory.columns:
        orgs = (orgs.join(directory.select("account_id", table_org="org_id"), on="account_id",
                          how="left")
                .with_columns(event_org=pl.coalesce("table_org", "event_org")))
    return dict(orgs.select("account_id", customer("event_org")).iter_rows())


def update_accounts(recent: Recent, prior: Prior, cfg: Config,
                    sketched: pl.DataFrame) -> AccountUpdate:
    """Fold a batch (recent_fingerprints) into its accounts' state: each account's ring is
    rescored with the batch model, the score weighted by evidence."""
    online = cfg.online
    events, ring = recent.events, recent.ring
    counts = events.group_by("account_id").agg(
        ips=pl.col("ip").unique(),
        cloud=pl.col("ip").filter(pl.col("address_class") == "cloud").unique(),
        last=pl.col("ts").max().cast(TS))  # recent_fingerprints keeps ts in microseconds
    new = {row["account_id"]: row for row in counts.iter_rows(named=True)}
    age = {} if prior.directory is None else dict(
        counts.join(prior.directory.select("account_id", "created_at"), on="account_id")
        .select("account_id", account_age_days(pl.col("last"), pl.col("created_at")))
        .drop_nulls().iter_rows())
    sent = recent.sent
    features = online_evidence(recent.fingerprints, prior, cfg, sketched, sent)
    scores = score_accounts(features, cfg.scoring)
    rings = {a: part.drop("account_id").to_dict(as_series=False)
             for (a,), part in ring.partition_by("account_id", as_dict=True).items()}
    shares = features.select("account_id", *[capability_share_column(c)
                                             for c in TAGGED_CAPABILITIES])
    share_of = {row["account_id"]: reported_capabilities(
        {c: row[capability_share_column(c)] for c in TAGGED_CAPABILITIES})
                for row in shares.iter_rows(named=True)}
    cohort = cfg.linkage.cohorts
    # accounts whose own exchanges show the work of an operation (cohort member shares), beyond
    # the chance of a short sample: a tie made on it is not undone (a stepped-up account sends
    # no more exchanges to clear itself)
    z = NormalDist().inv_cdf(online.worker_confidence)
    workers = set(features.filter(
        (share_lower_bound(pl.col("harvest_share"), pl.col("n_events"), z)
         >= cohort.harvest_min_share)
        | (share_lower_bound(pl.col("target_share"), pl.col("n_events"), z)
           >= cohort.target_min_share))["account_id"].to_list())
    records: dict[str, AccountState] = {}
    emerging: list[tuple[str, AccountState]] = []
    for row in scores.iter_rows(named=True):
        a = row["account_id"]
        old = prior.records.get(a, AccountState())
        ips = list(dict.fromkeys([*new[a]["ips"], *old.ips]))[:online.recent_ips]
        cloud = list(dict.fromkeys([*new[a]["cloud"], *old.cloud_ips]))[:online.recent_ips]
        n = sent[a]
        # a few exchanges are weak evidence: the score grows with them up to full_evidence
        score = float(row["score"]) * min(1.0, n / online.full_evidence)
        flagged = score >= cfg.scoring.threshold
        campaign = old.campaign_id if old.campaign_id is not None else prior.linked.get(a)
        record = AccountState(n=n, model_score=float(row["score"]), score=score, flagged=flagged,
                              reasons=row["reasons"], capabilities=share_of[a], ips=ips,
                              cloud_ips=cloud, campaign_id=campaign, worker=a in workers)
        if (campaign is not None and campaign.startswith(EMERGING)
                and not exit_ties(record, age.get(a), online)):
            # an exit tied it to a campaign seen online; its own exchanges since clear it
            record = record.with_campaign(None)
        if flagged and not old.flagged:
            record = record.with_campaign(record.campaign_id or emerging_id(a))
            emerging.append((a, record))
        records[a] = record
    return AccountUpdate(records=records, rings=rings, emerging=emerging)
