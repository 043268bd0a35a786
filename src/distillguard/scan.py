"""The batch scan: validate and featurize events (streamed, chunked) → account fingerprints → scores.

Consumes the contract's input tables (and partner STIX intel) and the Config; writes accounts.parquet,
campaigns.json, indicators.stix.json, account_features.parquet, quarantine.jsonl and scan_summary.json."""

from __future__ import annotations

import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import polars as pl

from distillguard import CONTRACT_VERSION, __version__
from distillguard.campaigns.build import Campaigns, build_campaigns
from distillguard.campaigns.dormant import dormant_accounts
from distillguard.campaigns.lift import lift_accounts
from distillguard.campaigns.pivots import release_pivots
from distillguard.campaigns.stix import intel_matches, stix_bundle, write_bundle
from distillguard.campaigns.timeline import campaign_timelines
from distillguard.config import Config
from distillguard.errors import InputError, printable
from distillguard.features.accounts import account_features
from distillguard.features.events import UNSTAGED_COLUMNS, featurize_events
from distillguard.features.network import partner_exits
from distillguard.features.prompts import PromptCache
from distillguard.io.quarantine import QUARANTINE_FILE, QuarantineWriter
from distillguard.io.readers import resolve_table
from distillguard.io.schema import ACCOUNTS_SPEC, EVENTS_SPEC, LABELS_SPEC, RELEASES_SPEC
from distillguard.io.signals import Coverage, signal_lines
from distillguard.io.summary import Counts, write_json
from distillguard.io.validate import iter_valid_batches, read_valid_table
from distillguard.linkage.cohorts import cohort_features
from distillguard.linkage.graph import (
    EVENT_INDICATORS,
    account_incidence,
    communities,
    event_incidence,
    hub_links,
    indicator_rarity,
    link_edges,
)
from distillguard.linkage.lockstep import KIND as LOCKSTEP
from distillguard.linkage.lockstep import lockstep_pairs
from distillguard.linkage.playbook import KIND as PLAYBOOK
from distillguard.linkage.playbook import SCAFFOLD_KIND as SCAFFOLD
from distillguard.linkage.playbook import playbook_pairs, scaffold_pairs
from distillguard.progress import Advance, progress_bar
from distillguard.report.html import render_report
from distillguard.scoring.model import score_accounts

ACCOUNTS_FILE = "accounts.parquet"
FEATURES_FILE = "account_features.parquet"
CAMPAIGNS_FILE = "campaigns.json"
STIX_FILE = "indicators.stix.json"
REPORT_FILE = "report.html"
SUMMARY_FILE = "scan_summary.json"
WORK_DIR = ".work"
PARTITION_SEED = 0x5EED
EXAMPLE_CHARS = 300


@dataclass
class ScanResult:
    """What a scan wrote and measured."""

    out_dir: Path
    counts: dict[str, Counts]
    accounts: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    n_campaigns: int = 0
    signals: list[dict[str, Any]] = field(default_factory=list)  # off or partial (io.signals)

    @property
    def n_flagged(self) -> int:
        return int(self.accounts["flagged"].sum())

    def summary(self) -> dict[str, Any]:
        return {
            "contract_version": CONTRACT_VERSION,
            "distillguard_version": __version__,
            "counts": {table: asdict(c) for table, c in self.counts.items()},
            "accounts": {"seen": self.accounts.height, "flagged": self.n_flagged},
            "campaigns": self.n_campaigns,
            "signals": self.signals,
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def lines(self) -> list[str]:
        lines = [c.line(table) for table, c in self.counts.items()]
        lines += signal_lines(self.signals)
        lines.append(f"accounts: {self.accounts.height} seen, {self.n_flagged} flagged, "
                     f"{self.n_campaigns} campaigns")
        top = self.accounts.filter("flagged").sort("score", descending=True).head(5)
        for row in top.iter_rows(named=True):
            first = row["reasons"][0] if row["reasons"] else ""
            lines.append(f"  {row['account_id']}  score {row['score']:.3f}  {first}")
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items())
        lines.append(f"stages: {stages}")
        quarantined = sum(c.quarantined for c in self.counts.values())
        lines.append(f"wrote {self.out_dir / ACCOUNTS_FILE}, {self.out_dir / CAMPAIGNS_FILE}, "
                     f"{self.out_dir / STIX_FILE}, {self.out_dir / REPORT_FILE}, "
                     f"{self.out_dir / FEATURES_FILE}, {self.out_dir / QUARANTINE_FILE} "
                     + (f"({quarantined} rows)" if quarantined else "(empty: every row was used)"))
        return [printable(line) for line in lines]  # account ids and reasons are user data


def first_prompts(raw: pl.DataFrame) -> pl.DataFrame:
    """account_id, ts, prompt (cut to EXAMPLE_CHARS) of each account's first request in ``raw``."""
    # only the rows of each account's first request are copied, never the whole chunk
    return (raw.select("account_id", "ts", "prompt")
            .filter(pl.col("ts") == pl.col("ts").min().over("account_id"))
            .unique("account_id", keep="first", maintain_order=True)
            # concat_str writes new strings: a bare slice is a view that would keep the whole
            # chunk's text buffers alive (GBs on a large log)
            .with_columns(pl.concat_str(pl.col("prompt").str.slice(0, EXAMPLE_CHARS), pl.lit(""))))


def _featurize_chunk(raw: pl.DataFrame, index: int, out_dir: Path, cfg: Config,
                     cache: PromptCache) -> tuple[pl.DataFrame, float]:
    """Featurize one chunk into its partition files; return the first prompt of each of its
    accounts (cut to EXAMPLE_CHARS) and the seconds it took."""
    started = time.perf_counter()
    example = first_prompts(raw)
    frame = featurize_events(raw, cfg.features, cache).drop(UNSTAGED_COLUMNS)
    part = (frame["account_id"].hash(seed=PARTITION_SEED) % cfg.features.account_partitions)
    for (k,), piece in frame.with_columns(part=part.cast(pl.Int64)).partition_by(
            "part", as_dict=True, include_key=False).items():
        # work files are read whole: column statistics would only cost time to write
        piece.write_parquet(out_dir / f"part-{k:04d}-{index:06d}.parquet", compression="lz4",
                            statistics=False)
    return example, time.perf_counter() - started


def featurize_stream(batches: Iterator[pl.DataFrame], out_dir: Path, cfg: Config,
                     advance: Advance, examples: list[pl.DataFrame]) -> float:
    """Featurize validated batches in chunks of at least ``cfg.features.chunk_rows`` rows into
    ``cfg.features.account_partitions`` partitions split by account (no prompt text), one Parquet
    file per chunk and partition (``part-PPPP-CCCCCC.parquet``, see partition_files); return the
    seconds spent featurizing.

    ``cfg.features.workers`` chunks are featurized at once (threads: the work is in Polars and
    NumPy, which release the GIL) while the next one is read and validated, so at most
    workers + 1 chunks of raw events are in memory. Chunks write their own files and share only
    a features.prompts.PromptCache (the prompt-level features of recent chunks, exactly what a
    chunk would compute), so the result does not depend on the timing. The first prompt of each account in each
    chunk (cut to EXAMPLE_CHARS) is appended to ``examples`` for the report, in chunk order.
    The seconds returned are those a worker spent; they overlap the validation."""
    buffer: list[pl.DataFrame] = []
    buffered = 0
    spent = 0.0
    running: deque[tuple[Future[tuple[pl.DataFrame, float]], int]] = deque()
    cache = PromptCache()

    def collect(future: Future[tuple[pl.DataFrame, float]], rows: int) -> None:
        nonlocal spent
        example, seconds = future.result()
        examples.append(example)
        spent += seconds
        advance(rows)

    out_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=cfg.features.workers) as pool:
        try:
            chunks = 0
            for batch in chain(batches, [None]):
                if batch is not None and batch.height:
                    buffer.append(batch)
                    buffered += batch.height
                if buffer and (buffered >= cfg.features.chunk_rows or batch is None):
                    while len(running) >= cfg.features.workers:
                        collect(*running.popleft())
                    running.append((pool.submit(_featurize_chunk, pl.concat(buffer), chunks,
                                                out_dir, cfg, cache), buffered))
                    chunks += 1
                    buffer, buffered = [], 0
            while running:
                collect(*running.popleft())
        finally:
            for future, _ in running:
                future.cancel()
    return spent


def partition_files(featurized: Path) -> list[list[Path]]:
    """The files of each account partition written by featurize_stream, in chunk order."""
    files: dict[str, list[Path]] = {}
    for path in sorted(featurized.glob("part-*.parquet")):
        files.setdefault(path.stem.split("-")[1], []).append(path)
    return [files[k] for k in sorted(files)]


class Timed:
    """An iterator that adds up the time spent producing its items."""

    def __init__(self, items: Iterator[pl.DataFrame]) -> None:
        self._items = items
        self.seconds = 0.0

    def __iter__(self) -> Timed:
        return self

    def __next__(self) -> pl.DataFrame:
        started = time.perf_counter()
        try:
            return next(self._items)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Fingerprints:
    """Account fingerprints of a scan's input, with the input counts and stage timings."""

    features: pl.DataFrame
    counts: dict[str, Counts]
    tables: dict[str, pl.DataFrame]
    timings: dict[str, float]
    partitions: list[list[Path]]  # featurized events split by account (in the work directory)
    examples: pl.DataFrame  # account_id, ts, prompt: each account's first prompt (truncated)
    signals: list[dict[str, Any]] = field(default_factory=list)  # off or partial (io.signals)
    # the dtypes of featurized events, when the partitions were written in other ones (Spark)
    restore: Callable[[pl.LazyFrame], pl.LazyFrame] | None = None

    def events(self) -> list[pl.LazyFrame]:
        frames = [pl.scan_parquet(files) for files in self.partitions]
        return frames if self.restore is None else [frame.pipe(self.restore) for frame in frames]


@contextmanager
def work_dir(out_dir: Path) -> Iterator[Path]:
    """``out_dir/.work`` for intermediate files, removed on exit whatever happens."""
    work = out_dir / WORK_DIR
    try:
        work.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot create output directory ({exc.strerror})") from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def no_event_message(events: str | Path, counts: Counts, quarantine: Path) -> str:
    """Why a scan has nothing to work on; points at the quarantine only when it holds rows."""
    if counts.read == 0:
        return f"{events}: no event to scan (the table has no rows)"
    parts = [f"{n} {what}" for n, what in ((counts.quarantined, "quarantined"),
                                           (counts.deduplicated, "repeated request ids"))
             if n]
    where = f"; see {quarantine}" if counts.quarantined else ""
    return f"{events}: no valid event to scan ({counts.read} rows read: {', '.join(parts)}{where})"


def fingerprint_accounts(events: str | Path, *, out_dir: Path, work: Path, cfg: Config,
                         accounts: str | Path | None = None, releases: str | Path | None = None,
                         labels: str | Path | None = None,
                         show_progress: bool = False, fmt: str = "contract") -> Fingerprints:
    """Validate the inputs (quarantine into ``out_dir``), featurize events, fingerprint accounts.

    Events are read in ``fmt`` (io.formats); what they lack is in ``signals``.

    ``labels`` (distillguard train) is validated with the other small tables into ``tables``.

    Featurized events stay in ``work`` (see work_dir) for the later stages.

    Raises
    ------
    InputError
        A path, a file format or a required column is unusable, or no event is valid.
    """
    resolve_table(events, "events")
    optional = [(spec, Path(p)) for spec, p in ((ACCOUNTS_SPEC, accounts), (RELEASES_SPEC, releases),
                                                (LABELS_SPEC, labels)) if p is not None]
    for spec, path in optional:
        resolve_table(path, spec.name)
    timings: dict[str, float] = {}
    counts: dict[str, Counts] = {}
    tables: dict[str, pl.DataFrame] = {}
    with QuarantineWriter(out_dir / QUARANTINE_FILE,
                          value_chars=cfg.io.quarantine_value_chars) as quarantine, \
            progress_bar(show_progress) as stage:
        t0 = time.perf_counter()
        counts["events"] = Counts()  # first in every summary, as in validate
        for spec, path in optional:
            tables[spec.name], counts[spec.name] = read_valid_table(path, spec, cfg.io,
                                                                    quarantine)
        featurized = work / "event_features"
        coverage = Coverage()
        batches = Timed(iter_valid_batches(events, EVENTS_SPEC, cfg.io, quarantine,
                                           counts["events"],
                                           progress=stage("validating events", None),
                                           fmt=fmt, coverage=coverage))
        tables_read = time.perf_counter() - t0
        examples: list[pl.DataFrame] = []
        featurize_stream(batches, featurized, cfg, stage("featurizing events", None), examples)
        counts["events"].check()
        # featurizing overlaps validating: it is charged the time it adds to the stage
        timings["validate"] = tables_read + batches.seconds
        timings["featurize"] = time.perf_counter() - t0 - timings["validate"]
    if counts["events"].used == 0:
        raise InputError(no_event_message(events, counts["events"], out_dir / QUARANTINE_FILE))
    with progress_bar(show_progress) as stage:
        t0 = time.perf_counter()
        advance = stage("account fingerprints", 1)
        partitions = partition_files(featurized)
        features = account_features([pl.scan_parquet(files) for files in partitions],
                                    cfg.features, tables.get("accounts"), tables.get("releases"))
        advance(1)
        timings["accounts"] = time.perf_counter() - t0
    first_prompts = (pl.concat(examples).sort("account_id", "ts").unique("account_id", keep="first")
                     .sort("account_id"))
    return Fingerprints(features=features, counts=counts, tables=tables, timings=timings,
                        partitions=partitions, examples=first_prompts,
                        signals=coverage.signals())


@dataclass(frozen=True)
class Linkage:
    """The account graph of a scan: indicators, weighted links, hub links and communities."""

    incidence: pl.DataFrame  # account_id, kind, value
    edges: pl.DataFrame  # a, b, weight, kinds
    hubs: pl.DataFrame
    groups: pl.DataFrame  # account_id, community


def link_accounts(prints: Fingerprints, cfg: Config) -> Linkage:
    """Shared indicators, lockstep timing, playbooks and scaffolds → weighted account graph →
    communities."""
    weights = cfg.linkage.indicator_weights
    incidence = pl.concat([
        event_incidence(prints.events(), [k for k in EVENT_INDICATORS if k in weights]),
        account_incidence(prints.tables.get("accounts"), list(weights),
                          set(cfg.linkage.common_email_domains)),
    ])
    pair_links = pl.concat([lockstep_pairs(prints.events(), cfg.linkage.lockstep),
                            playbook_pairs(prints.events(), cfg.linkage.playbook),
                            scaffold_pairs(prints.events(), cfg.linkage.scaffolds)])
    rarity = indicator_rarity(incidence, cfg.linkage)
    edges = link_edges(incidence, cfg.linkage, pair_links, rarity=rarity)
    hubs = hub_links(incidence, cfg.linkage, rarity=rarity)
    return Linkage(incidence=incidence, edges=edges, hubs=hubs,
                   groups=communities(edges, hubs, cfg.linkage))


def account_evidence(prints: Fingerprints, linkage: Linkage, cfg: Config) -> pl.DataFrame:
    """Everything the account score reads, one row per account (scan and train share it): the
    fingerprint and what the account's cohort does."""
    return cohort_features(prints.features, linkage.groups,
                           pl.concat([linkage.edges, linkage.hubs]), cfg.linkage.cohorts)


def _intel_evidence(documents: list[dict], matches: pl.DataFrame) -> None:
    for doc in documents:
        mine = matches.filter(pl.col("account_id").is_in(doc["accounts"]))
        if mine.height:
            kinds = ", ".join(sorted(set(mine["kind"].to_list())))
            doc["evidence"].insert(0, {
                "kind": "partner_intel",
                "detail": f"{mine['account_id'].n_unique()} accounts match "
                          f"{mine.select('kind', 'value').n_unique()} partner indicators ({kinds})",
                "weight": round(min(1.0, mine["account_id"].n_unique() / doc["n_accounts"]), 4)})


def link_campaigns(prints: Fingerprints, linkage: Linkage, scored: pl.DataFrame, cfg: Config,
                   intel: pl.DataFrame | None = None) -> tuple[Campaigns, pl.DataFrame]:
    """Communities with flagged accounts → campaigns with release pivots, timelines and partner
    intel; returns the campaigns and the account table (campaign ids, lifted accounts flagged with
    their reasons)."""
    weights = cfg.linkage.indicator_weights
    found = build_campaigns(scored, prints.features, linkage.edges, linkage.groups,
                            linkage.incidence, cfg.campaigns,
                            {**weights, LOCKSTEP: cfg.linkage.lockstep.weight,
                             PLAYBOOK: cfg.linkage.playbook.weight,
                             SCAFFOLD: max((c.weight for c in cfg.linkage.scaffolds),
                                           default=0.0)}, linkage.hubs, cfg.linkage.cohorts)
    pivots = release_pivots(prints.events(), prints.tables.get("releases"), found.membership,
                            cfg.campaigns)
    timelines = campaign_timelines(prints.events(), prints.features, found.membership)
    for doc in found.documents:
        doc["evidence"] = pivots.get(doc["campaign_id"], []) + doc["evidence"]
        doc["timeline"] = timelines.get(doc["campaign_id"], {})
    if intel is not None:
        _intel_evidence(found.documents, intel_matches(intel, linkage.incidence,
                                                       cfg.intel.hash_key))
    accounts = lift_accounts(scored, found.membership, found.documents,
                             threshold=cfg.scoring.threshold)
    dormant = dormant_accounts(linkage.incidence, scored["account_id"],
                               accounts.filter(pl.col("campaign_id").is_not_null()), found.documents,
                               kinds=cfg.campaigns.dormant_kinds, threshold=cfg.scoring.threshold)
    reserve = dict(dormant.group_by("campaign_id").agg(pl.col("account_id").sort()).iter_rows())
    for doc in found.documents:
        doc["dormant_accounts"] = reserve.get(doc["campaign_id"], [])
    return found, pl.concat([accounts, dormant.select(accounts.columns)])


@dataclass(frozen=True)
class Detection:
    """What the scan concludes from fingerprints and linkage."""

    evidence: pl.DataFrame  # one row per account: everything the score reads
    accounts: pl.DataFrame  # SCORE_SCHEMA: scores, flags, reasons, campaign ids (lifts applied)
    campaigns: Campaigns


def detect(prints: Fingerprints, linkage: Linkage, cfg: Config,
           intel: pl.DataFrame | None = None) -> Detection:
    """Score every account from its evidence, then build campaigns (timings into prints)."""
    t0 = time.perf_counter()
    evidence = account_evidence(prints, linkage, cfg)
    scored = score_accounts(evidence, cfg.scoring)
    prints.timings["score"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    found, accounts = link_campaigns(prints, linkage, scored, cfg, intel)
    prints.timings["campaigns"] = time.perf_counter() - t0
    return Detection(evidence=evidence, accounts=accounts, campaigns=found)


def write_detection(out: Path, found: Detection) -> None:
    """accounts.parquet, account_features.parquet and campaigns.json of a detection."""
    evidence = found.evidence
    evidence.write_parquet(out / FEATURES_FILE)
    (found.accounts.join(evidence.select("account_id", "n_events", "first_seen", "last_seen"),
                         on="account_id", how="left")
     .with_columns(pl.col("n_events").fill_null(0))  # dormant accounts (campaigns.dormant)
     .write_parquet(out / ACCOUNTS_FILE))
    write_json(out / CAMPAIGNS_FILE, {"version": 1, "campaigns": found.campaigns.documents})


Fingerprinter = Callable[..., Fingerprints]
"""fingerprint_accounts or another engine's function of the same signature (spark.fingerprint)."""


def run_scan(events: str | Path, *, out_dir: str | Path, cfg: Config,
             accounts: str | Path | None = None, releases: str | Path | None = None,
             intel: str | Path | None = None, show_progress: bool = False,
             fmt: str = "contract",
             fingerprint: Fingerprinter = fingerprint_accounts) -> ScanResult:
    """Run the batch scan and write its outputs; see the module docstring. Events are read in
    ``fmt`` (io.formats.LOG_FORMATS).

    ``fingerprint`` validates and featurizes the events and fingerprints the accounts (the
    engine); linkage, scoring and campaigns run here, on the account-level tables.

    Raises
    ------
    InputError
        A path, a file format or a required column is unusable, or no event is valid.
    """
    out = Path(out_dir)
    partner = None
    if intel is not None:
        # the STIX library (and the requests stack it imports) loads only for partner intel
        from distillguard.io.stix import read_intel

        partner = read_intel(intel)
    with work_dir(out) as work:
        prints = fingerprint(events, out_dir=out, work=work, cfg=cfg, accounts=accounts,
                             releases=releases, show_progress=show_progress, fmt=fmt)
        with progress_bar(show_progress) as stage:
            advance = stage("linking accounts", 2)
            t0 = time.perf_counter()
            linkage = link_accounts(prints, cfg)
            prints.timings["link"] = time.perf_counter() - t0
            advance(1)
            found = detect(prints, linkage, cfg, partner)
            advance(1)
        # read while the featurized events are there: no gateway is exported as an indicator
        gateways = (partner_exits(prints.events(), cfg.features.partner_surfaces)
                    if found.campaigns.documents else None)
    write_detection(out, found)
    documents = found.campaigns.documents
    write_bundle(stix_bundle(documents, linkage.incidence, cfg.intel.hash_key,
                             cfg.intel.indicators_per_kind, gateways), out / STIX_FILE)
    result = ScanResult(out_dir=out, counts=prints.counts, accounts=found.accounts,
                        timings=prints.timings, n_campaigns=len(documents),
                        signals=prints.signals)
    write_json(out / SUMMARY_FILE, result.summary())
    (out / REPORT_FILE).write_text(render_report(documents, result.summary(), prints.examples,
                                                 found.accounts), encoding="utf-8")
    return result
