"""What the workspace pages show, read on the server: campaigns of the scan and of the online state,
paged and sorted; members, indicators, prompts, fingerprints and searches, from the scan's files.

Consumes a scan directory (campaigns.json, accounts.parquet, account_features.parquet,
indicators.stix.json), the scanned events and accounts tables (lazy Polars scans: nothing is read
whole per request) and the store; produces plain rows for the templates."""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from distillguard.config import Config
from distillguard.features.network import partner_exits
from distillguard.io.ips import canonical_ip, network_prefix
from distillguard.online.state import Store
from distillguard.scoring.model import contributions

SORTS = {"score": "score", "accounts": "n_accounts", "exchanges": "n_exchanges",
         "tokens": "estimated_output_tokens", "first_seen": "first_seen"}
PAGE = 25
FINGERPRINT = ["n_events", "active_days", "active_hours_utc", "night_share", "distinct_ips",
               "distinct_prefixes", "distinct_asns", "distinct_countries", "harvest_share",
               "target_share", "capability_entropy", "interarrival_cv", "max_tokens_saturation",
               "single_turn_share", "output_input_ratio", "templated_share",
               "temperature_zero_share", "age_days", "cohort_accounts", "coordinated_harvest",
               "coordinated_target"]


def rarity(holders: int) -> float:
    """How much a shared value links, as linkage weighs it: 1 / log2(1 + accounts holding it).

    Examples
    --------
    >>> rarity(1), round(rarity(3), 3)
    (1.0, 0.5)
    """
    return 1.0 / math.log2(1 + max(1, holders))


def redact(text: str) -> str:
    """A prompt with every word past the second masked (its shape kept, its content hidden).

    Examples
    --------
    >>> redact("Explain step by step how to <b>solve</b> it")
    'Explain step ██ ████ ███ ██ ████████████ ██'
    """
    words = text.split(" ")
    return " ".join(w if i < 2 else "█" * len(w) for i, w in enumerate(words))


def _bisect(frame: pl.DataFrame, column: str, keys: list[str]) -> pl.DataFrame:
    """The rows of ``frame`` (sorted by ``column``) whose ``column`` is one of ``keys``, found by
    bisection rather than a scan of the whole frame.

    Examples
    --------
    >>> _bisect(pl.DataFrame({"k": ["a", "b", "b", "c"], "v": [1, 2, 3, 4]}), "k", ["b", "z"])["v"].to_list()
    [2, 3]
    """
    if not keys or frame.is_empty():
        return frame.clear()
    wanted = pl.Series(sorted(set(keys)), dtype=frame.schema[column])
    low = frame[column].search_sorted(wanted, side="left").to_numpy()
    high = frame[column].search_sorted(wanted, side="right").to_numpy()
    return frame[np.concatenate([np.arange(a, b) for a, b in zip(low, high, strict=True)])]


@dataclass(frozen=True)
class Listing:
    """One page of campaigns and how many matched."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int


def _summary(doc: dict[str, Any], source: str) -> dict[str, Any]:
    """A campaign document with every field the list shows (live ones lack some)."""
    caps = doc.get("capabilities") or {}
    return {"campaign_id": doc["campaign_id"], "score": float(doc.get("score", 0.0)),
            "n_accounts": int(doc.get("n_accounts", len(doc.get("accounts") or []))),
            "n_exchanges": int(doc.get("n_exchanges", 0)),
            "estimated_output_tokens": int(doc.get("estimated_output_tokens", 0)),
            "first_seen": str(doc.get("first_seen", "")), "last_seen": str(doc.get("last_seen", "")),
            "top_capability": max(caps, key=caps.get) if caps else "",
            "capabilities": caps, "evidence_kinds": sorted({e["kind"] for e in doc.get("evidence", [])}),
            "recommended_action": doc.get("recommended_action", ""), "source": source,
            "confirmed": bool(doc.get("confirmed"))}


class Workspace:
    """Read side of the workspace over one scan (optional: live campaigns alone without it)."""

    def __init__(self, store: Store, cfg: Config, scan: Path | None = None, events: Path | None = None,
                 accounts_table: Path | None = None, releases: Path | None = None) -> None:
        self.store, self.cfg, self.scan = store, cfg, scan
        self.events = pl.scan_parquet(events) if events else None
        self.directory = pl.scan_parquet(accounts_table) if accounts_table else None
        self.releases = (pl.read_parquet(releases).select("model", "released_at")
                         if releases else None)
        self._docs: dict[str, dict[str, Any]] = {}
        self._incidence: pl.DataFrame | None = None
        self._gateways = pl.DataFrame(schema={"kind": pl.String, "value": pl.String})
        self._by_value = pl.DataFrame()
        self._tables: dict[str, pl.DataFrame | None] = {}
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index_ready = threading.Event()
        if scan is not None:
            found = json.loads((scan / "campaigns.json").read_text("utf-8"))["campaigns"]
            self._docs = {d["campaign_id"]: d for d in found}
        # the per-account files and the indicator index take seconds on a large scan: read and
        # built in the background from now on; pages show "being built" meanwhile (index_ready)
        threading.Thread(target=self._warm, name="workspace-index", daemon=True).start()

    # --- scan files --------------------------------------------------------------------------
    def _table(self, name: str) -> pl.LazyFrame | None:
        """A per-account file of the scan, read once and held (one row per account: small beside
        the events, which stay on disk and are scanned lazily)."""
        with self._lock:
            if name not in self._tables:
                path = self.scan / name if self.scan else None
                self._tables[name] = (pl.read_parquet(path).sort("account_id")
                                      if path and path.is_file() else None)
            table = self._tables[name]
        return None if table is None else table.lazy()

    def _warm(self) -> None:
        self._accounts()
        self._features()
        self.incidence()

    def _accounts(self) -> pl.LazyFrame | None:
        return self._table("accounts.parquet")

    def _features(self) -> pl.LazyFrame | None:
        return self._table("account_features.parquet")

    # --- campaigns -----------------------------------------------------------------------------
    def campaign_docs(self) -> dict[str, dict[str, Any]]:
        """Every campaign: the scan's, then live ones (imported or emerging online) it lacks; a
        live copy of a scan campaign adds its state (confirmed, pushed)."""
        docs = {k: {**v, "_source": "scan"} for k, v in self._docs.items()}
        for live in self.store.campaigns():
            if live.get("merged_into") or live.get("retired"):  # superseded or cleared
                continue
            cid = live["campaign_id"]
            if cid in docs:
                docs[cid]["confirmed"] = bool(live.get("confirmed"))
            else:
                docs[cid] = {**live, "_source": live.get("source", "online")}
        return docs

    def campaign(self, campaign_id: str) -> dict[str, Any] | None:
        return self.campaign_docs().get(campaign_id)

    def list_campaigns(self, *, verdicts: dict[str, str], sort: str = "score", descending: bool = True,
                       capability: str = "", verdict: str = "", since: str = "", evidence: str = "",
                       page: int = 1, per_page: int = PAGE) -> Listing:
        """A page of campaign summaries, filtered and sorted on the server.

        ``capability``: at least 10% of its exchanges; ``verdict``: the analysts' verdict ("none"
        for none yet); ``since``: first seen on or after this ISO date; ``evidence``: has this kind."""
        rows = [_summary(d, d["_source"]) | {"verdict": verdicts.get(cid, "")}
                for cid, d in self.campaign_docs().items()]
        if capability:
            rows = [r for r in rows if r["capabilities"].get(capability, 0.0) >= 0.1]
        if verdict:
            rows = [r for r in rows if r["verdict"] == ("" if verdict == "none" else verdict)]
        if since:
            rows = [r for r in rows if r["first_seen"][:10] >= since[:10]]
        if evidence:
            rows = [r for r in rows if evidence in r["evidence_kinds"]]
        key = SORTS.get(sort, "score")
        rows.sort(key=lambda r: (r[key], r["campaign_id"]), reverse=descending)
        pages = max(1, math.ceil(len(rows) / per_page))
        page = min(max(1, page), pages)
        return Listing(rows[(page - 1) * per_page: page * per_page], len(rows), page, pages)

    def evidence_kinds(self) -> list[str]:
        return sorted({e["kind"] for d in self.campaign_docs().values() for e in d.get("evidence", [])})

    def members(self, doc: dict[str, Any], page: int = 1, per_page: int = PAGE
                ) -> tuple[list[dict[str, Any]], int]:
        """A page of the campaign's accounts, highest score first, with reasons; and the page count."""
        ids = list(doc.get("accounts") or [])
        pages = max(1, math.ceil(len(ids) / per_page))
        accounts = self._accounts()
        if accounts is None:  # a live campaign: the online state knows its accounts
            chunk = sorted(ids)[(page - 1) * per_page: page * per_page]
            states = self.store.accounts(chunk)
            return [{"account_id": a, "score": states[a].score if a in states else 0.0,
                     "reasons": states[a].reasons if a in states else []} for a in chunk], pages
        rows = (accounts.filter(pl.col("account_id").is_in(ids))
                .select("account_id", "score", "reasons")
                .sort(["score", "account_id"], descending=[True, False])
                .slice((page - 1) * per_page, per_page).collect())
        return rows.to_dicts(), pages

    def examples(self, doc: dict[str, Any], n: int = 5) -> list[dict[str, Any]]:
        """A few of the campaign's prompts (the first in the log of its accounts)."""
        if self.events is None:
            return []
        return (self.events.filter(pl.col("account_id").is_in(list(doc.get("accounts") or [])))
                .select("account_id", "ts", "model", "prompt").head(n).collect().to_dicts())

    def release_days(self) -> dict[str, str]:
        """Day (YYYY-MM-DD) → models released on it."""
        if self.releases is None:
            return {}
        out: dict[str, list[str]] = {}
        for model, when in self.releases.iter_rows():
            out.setdefault(when.strftime("%Y-%m-%d"), []).append(model)
        return {day: ", ".join(models) for day, models in out.items()}

    # --- indicators ----------------------------------------------------------------------------
    def incidence(self) -> pl.DataFrame:
        """(account_id, kind, value, holders) of every IP, /24 (/48), client fingerprint and payment
        fingerprint of the logs, sorted by account; built once (held on the server, never sent
        whole)."""
        with self._index_lock:
            if self._incidence is None:
                parts = []
                if self.events is not None:
                    pairs = (self.events.select("account_id", "ip", "client_fingerprint").unique()
                             .collect())
                    ips = pairs.select("ip").unique()
                    ips = ips.with_columns(ip_prefix=network_prefix(ips["ip"]))
                    pairs = pairs.join(ips, on="ip", how="left")
                    parts += [pairs.select("account_id", pl.lit(kind).alias("kind"),
                                           pl.col(kind).cast(pl.String).alias("value"))
                              for kind in ("ip", "ip_prefix", "client_fingerprint")]
                    self._gateways = partner_exits([self.events],
                                                   self.cfg.features.partner_surfaces)
                if self.directory is not None:
                    parts.append(self.directory.select(
                        "account_id", pl.lit("payment").alias("kind"),
                        pl.col("payment_fingerprint").alias("value")).collect())
                frame = (pl.concat(parts).drop_nulls().unique() if parts else
                         pl.DataFrame(schema={"account_id": pl.String, "kind": pl.String,
                                              "value": pl.String}))
                frame = frame.with_columns(holders=pl.len().over("kind", "value").cast(pl.Int64))
                # sorted twice, so that a page finds an account's or a value's rows by bisection
                self._by_value = frame.sort("value")
                self._incidence = frame.sort("account_id")
                self._index_ready.set()
            return self._incidence

    def gateways(self) -> pl.DataFrame:
        """``kind``, ``value`` of a cloud partner's gateways in the logs (features.network
        .partner_exits), never exported as indicators; built with the indicator index."""
        self.incidence()
        return self._gateways

    def index_ready(self) -> bool:
        """Whether the indicator index is built (indicators and searches by value need it)."""
        return self._index_ready.is_set()

    def _rows_of(self, accounts: list[str]) -> pl.DataFrame:
        return _bisect(self.incidence(), "account_id", accounts)

    def shared_indicators(self, accounts: list[str], per_kind: int = 10) -> list[dict[str, Any]]:
        """The values these accounts share most (at least two of them), each with how many of them
        share it, who (a few ids), how many accounts hold it in all and its rarity."""
        rows = (self._rows_of(accounts)
                .group_by("kind", "value", "holders")
                .agg(sharing=pl.len(), who=pl.col("account_id").sort().head(5))
                .filter(pl.col("sharing") >= 2)
                .sort(["kind", "sharing", "holders", "value"], descending=[False, True, False, False])
                .group_by("kind", maintain_order=True).head(per_kind))
        return [r | {"rarity": rarity(r["holders"])} for r in rows.to_dicts()]

    def account_indicators(self, account_id: str) -> list[dict[str, Any]]:
        """Each indicator of one account, with the other accounts that hold it (a few) and rarity."""
        mine = (self._rows_of([account_id]).select("kind", "value", "holders")
                .sort(["holders", "kind", "value"], descending=[True, False, False]).head(40))
        holders = _bisect(self._by_value, "value", mine["value"].unique().to_list())
        others = (holders.join(mine.select("kind", "value"), on=["kind", "value"])
                  .filter(pl.col("account_id") != account_id)
                  .group_by("kind", "value").agg(who=pl.col("account_id").sort().head(5)))
        rows = (mine.join(others, on=["kind", "value"], how="left")
                .sort(["holders", "kind", "value"], descending=[True, False, False]))
        return [r | {"who": r["who"] or [], "rarity": rarity(r["holders"])} for r in rows.to_dicts()]

    # --- accounts ------------------------------------------------------------------------------
    def account(self, account_id: str) -> dict[str, Any] | None:
        """The account's scan row (score, flagged, campaign, reasons, events, first and last seen)."""
        accounts = self._accounts()
        if accounts is None:
            return None
        rows = accounts.filter(pl.col("account_id") == account_id).collect()
        return rows.to_dicts()[0] if rows.height else None

    def fingerprint(self, account_id: str) -> tuple[list[dict[str, Any]], str]:
        """(feature, its value, the peer group's median) rows, and which peers they are."""
        features = self._features()
        if features is None:
            return [], ""
        row = features.filter(pl.col("account_id") == account_id).collect()
        if not row.height:
            return [], ""
        shown = [c for c in FINGERPRINT if c in row.columns]
        peers, described = features, "all accounts"
        for depth in range(len(self.cfg.features.peer_keys), 0, -1):
            keys = [k for k in self.cfg.features.peer_keys[:depth] if k in row.columns]
            cond = [pl.col(k).eq_missing(row[k][0]) for k in keys]
            n = features.filter(*cond).select(pl.len()).collect().item() if cond else 0
            if n >= self.cfg.features.min_peers:
                peers = features.filter(*cond)
                described = (f"{n} accounts with the same "
                             + ", ".join(f"{k} {row[k][0]}" for k in keys))
                break
        medians = peers.select([pl.col(c).cast(pl.Float64).median() for c in shown]).collect()
        return [{"feature": c, "value": row[c][0], "peers": medians[c][0]} for c in shown], described

    def signals(self, account_id: str) -> list[dict[str, Any]]:
        """The account's score by signal: each signal's log-odds over a typical legitimate account,
        largest first (the scan's model on its features)."""
        features = self._features()
        if features is None:
            return []
        row = features.filter(pl.col("account_id") == account_id).collect()
        if not row.height:
            return []
        _logit, parts = contributions(row, self.cfg.scoring)
        names = [s.name for s in self.cfg.scoring.signals]
        values = np.asarray(parts)[0]
        out = [{"signal": n, "log_odds": float(v)} for n, v in zip(names, values, strict=True)
               if abs(v) > 1e-6]
        return sorted(out, key=lambda r: -abs(r["log_odds"]))

    def exchanges(self, account_id: str, n: int = 10) -> list[dict[str, Any]]:
        """A sample of the account's exchanges (the first in the log)."""
        if self.events is None:
            return []
        cols = [c for c in ("ts", "model", "ip", "input_tokens", "output_tokens", "prompt")
                if c in self.events.collect_schema()]
        return (self.events.filter(pl.col("account_id") == account_id).select(cols).head(n)
                .collect().to_dicts())

    def search(self, query: str) -> tuple[str, list[str]]:
        """Accounts matching ``query`` as an account id, an IP, a /24 (/48) network (CIDR or
        ``a.b.c``), a payment fingerprint or a client fingerprint: (what matched, account ids)."""
        query = query.strip()
        if not query:
            return "", []
        if self.account(query) is not None or self.store.accounts([query]):
            return "account id", [query]
        if not self.index_ready():
            return "", []
        inc = self.incidence()
        prefix = query if "/" in query else (query + ".0/24" if query.count(".") == 2 else None)
        ip = canonical_ip(query)
        for kind, value, what in (("ip", ip, "IP"), ("ip_prefix", prefix, "network"),
                                  ("payment", query, "payment fingerprint"),
                                  ("client_fingerprint", query, "client fingerprint")):
            if value is None:
                continue
            found = (inc.filter(pl.col("kind") == kind, pl.col("value") == value)["account_id"]
                     .sort().to_list())
            if found:
                return what, found
        return "", []
