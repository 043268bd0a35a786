"""The online engine: decides on one request from stored state, folds completed exchanges into per-account
state (a bounded ring of recent exchanges scored by the batch model), links accounts to known and
emerging campaigns, and imports a scan's campaigns and indicators.

Consumes events as dicts (the contract's columns), the store (online.state), the config and the policy;
produces decisions and state. The hot path (decide) does one store lookup and no dataframe work
(a few more reads only to check an emerging campaign's indicators or adopt a tied head's exit)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

import polars as pl

from distillguard.config import Config
from distillguard.errors import InputError
from distillguard.features.accounts import shares_distance
from distillguard.features.network import asn_class, on_partner_surface
from distillguard.io.keyed import keyed_hash
from distillguard.io.schema import ACCOUNTS, EVENTS_SPEC, TAGGED_CAPABILITIES
from distillguard.io.validate import validate_batch
from distillguard.linkage.cohorts import customer_key
from distillguard.online.clients import CLIENT, fleet_clients, join_clients, observe_clients
from distillguard.online.cohorts import (
    carries_work,
    established_crowd,
    exits_carry_work,
    owned_exit,
    settled_customers,
    sketched_cohorts,
    tie_settled,
)
from distillguard.online.imports import import_campaigns
from distillguard.online.policy import Context, Policy
from distillguard.online.records import (
    AccountState,
    CampaignsDocument,
    Decision,
    IngestResult,
    follow_merges,
    pooled_mix,
)
from distillguard.online.state import Store
from distillguard.online.update import (
    EMERGING,
    AccountUpdate,
    Prior,
    customers_of,
    days_between,
    exit_ties,
    featurize_exchanges,
    recent_fingerprints,
    request_time,
    update_accounts,
)

# indicators an account holds by the accounts table (serve --accounts), not by its requests:
# kind → (accounts column, sketch of the customers holding it: online.cohorts)
HELD_KINDS: dict[str, tuple[str, str]] = {"payment": ("payment_fingerprint", "card"),
                                          "signup_ip": ("signup_ip", "signup")}


def _as_text(value: Any) -> str | None:
    """A JSON value as the text validation parses (what a CSV cell would hold)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, default=str)  # orjson refuses integers past 64 bits


class Engine:
    """Decisions and state updates over one store (thread-safe as far as the store is)."""

    def __init__(self, store: Store, cfg: Config, policy: Policy,
                 directory: pl.DataFrame | None = None) -> None:
        self.store = store
        self.cfg = cfg
        self.policy = policy
        # the accounts table (serve --accounts): age, tier and verification for the online score
        self.directory = None if directory is None else directory.select(
            [pl.col(c).cast(t) if c in directory.columns else pl.lit(None, t).alias(c)
             for c, t in ACCOUNTS.items()])
        self._tiers, self._orgs = ({} if self.directory is None else dict(
            self.directory.select("account_id", c).drop_nulls().iter_rows()) for c in ("tier", "org_id"))
        self._created: dict[str, datetime] = ({} if directory is None else dict(
            self.directory.select("account_id", "created_at").drop_nulls().iter_rows()))
        # each account's card as indicators hold it (keyed hash: a scan's export, a partner's
        # intel) and back, for the sketches that count the card's customers; its signup address
        self._held: dict[str, dict[str, str]] = {kind: {} for kind in HELD_KINDS}
        self._card_of_hash: dict[str, str] = {}
        for kind, (column, _) in HELD_KINDS.items():
            rows = [] if directory is None else self.directory.select(
                "account_id", column).drop_nulls().rows()
            for account, value in rows:
                held = keyed_hash(value, cfg.intel.hash_key) if kind == "payment" else value
                self._held[kind][account] = held
                if kind == "payment":
                    self._card_of_hash[held] = value
        # when each signup address first registered an account, each card first paid for one:
        # one older than online.exit_tie_max_age_days was an established customer's, not a hydra's
        self._first_created: dict[str, dict[str, datetime]] = {c: {} if directory is None else dict(
            self.directory.group_by(c).agg(pl.col("created_at").min()).drop_nulls().rows())
            for c, _ in HELD_KINDS.values()}
        self._campaign_cache: tuple[float, dict[str, dict[str, Any]]] | None = None

    # --- the hot path --------------------------------------------------------------------------
    def decide(self, event: dict[str, Any]) -> Decision:
        """The action for one request, from the account's stored state and the request's links to
        known campaigns (a brand-new account on a campaign's exit is tied to it at once)."""
        account = event["account_id"]
        stored, found = self.store.lookup(account, self._request_indicators(event))
        record = stored or AccountState()
        campaign, matched = self.canonical(record.campaign_id), []
        if campaign is None:
            found = self._resolved(found)
            emerging = {key for key, c in found.items() if c.startswith(EMERGING)}
            # exit_ties holds an established account back from them, but for the exits an
            # operation holds nearly alone (not its own signup line, whoever proxies through it)
            held_back = (set() if not emerging or exit_ties(
                record, self._age_days(account, event), self.cfg.online) else emerging)
            owned = {("ip", v) for k, v in held_back if k == "ip"
                     and v != self._held["signup_ip"].get(account)}
            found = {key: c for key, c in found.items() if key not in held_back - owned}
            # a request through a cloud partner comes from its gateway, which every customer of
            # the partner calls through: whoever exported it, it ties a new account only
            if (event.get("surface") in self.cfg.features.partner_surfaces
                    and not self._new(account, event)):
                found = {key: c for key, c in found.items() if key[0] != "ip" or key in emerging}
            campaign, matched = self._strong_match(self._live_indicators(
                found, owned, asn_class(event.get("asn")) if owned else ""))
            if campaign is not None:  # membership sticks: the next request may use a fresh exit
                self.store.save_accounts({account: record.with_campaign(campaign)})
                if not self._new(account, event):  # an established customer vouches for no exit now
                    customer = customer_key(account, self._orgs.get(account) or event.get("org_id"))
                    tie_settled(self.store, self.cfg.online,
                                [(ip, customer) for ip in {*record.ips, event["ip"]}])
                self.store.add_indicators(join_clients(self.store, self.cfg.online, [
                    (account, str(event.get(CLIENT) or ""), campaign)]))
        if campaign is not None and campaign.startswith(EMERGING):
            self._adopt_exit(account, event, campaign, found)
        doc = self._campaigns().get(campaign) if campaign else None
        campaign_mix = (doc or {}).get("capabilities") or {}
        mix_distance = (shares_distance(record.capabilities, campaign_mix)
                        if campaign_mix and record.n >= self.cfg.online.mix_min_exchanges
                        and not self._new(account, event) else None)
        score = record.score
        context = Context(
            score=score, campaign_id=campaign,
            campaign_source=None if campaign is None else
            ("emerging" if campaign.startswith(EMERGING) else "known"),
            campaign_score=float(doc.get("score", 0.0)) if doc else 0.0,
            campaign_confirmed=bool((doc or {}).get("confirmed")),
            campaign_capabilities=campaign_mix,
            account_capabilities=record.capabilities,
            account_exchanges=record.n, tier=event.get("tier") or self._tiers.get(account),
            flagged=record.flagged, mix_distance=mix_distance)
        rule, action = self.policy.action(context)
        reasons = list(record.reasons)[:3]
        if matched:
            reasons.insert(0, f"campaign_link: request shares {', '.join(matched)} with {campaign}")
        if rule != "default":
            reasons.insert(0, f"policy: {rule}")
        if self.policy.shadow and action != "allow":
            return Decision("allow", score, campaign, [f"shadow: would {action}", *reasons],
                            self.policy.version, rule, shadow_action=action)
        return Decision(action, score, campaign, reasons, self.policy.version, rule)

    def _adopt_exit(self, account: str, event: dict[str, Any], campaign: str,
                    found: dict[tuple[str, str], str]) -> None:
        """A new account tied to an emerging campaign (by its card, an exit) is stepped up and
        sends no exchange that would make its exits or card indicators once flagged: its card joins
        the campaign's indicators unless more than online.cohort_max_accounts customers pay with it,
        so does its signup address, and so does a rarely shared exit it comes from — not one at
        least online.crowd_exit_share of whose customers are established (a runner pool's or a
        carrier NAT's crowd), nor any when it runs its campaign's own client build (online.clients),
        which ties the next head wherever it calls from: a residential proxy's exit is someone's home."""
        if not self._new(account, event):
            return
        online = self.cfg.online
        self.store.add_indicators([(kind, value, campaign) for kind, value in self._indicator_holdings(
            [account], request_time(event)).get(account, []) if (kind, value) not in found])
        ip, build = str(event.get("ip") or ""), str(event.get(CLIENT) or "")
        if not ip or ("ip", ip) in found or (self.canonical(found.get((CLIENT, build))) == campaign
                                            and fleet_clients(self.store, online, [build])):
            return
        accounts, customers = (self.store.member_counts(kind, [ip])[ip] for kind in ("ip", "customer:ip"))
        settled = settled_customers(self.store, online, [ip])[ip]
        if (accounts <= online.flagged_ip_max_accounts
                and not established_crowd(settled, max(customers, 1), online)):
            self.store.add_indicators([("ip", ip, campaign)])

    def _indicator_holdings(self, accounts: list[str],
                            when: datetime) -> dict[str, list[tuple[str, str]]]:
        """Each account's card (keyed hash) and signup address (HELD_KINDS, those in
        online.match_kinds) that can be indicators of its campaign: not one more than
        online.cohort_max_accounts customers pay with or signed up from (a card pool, a campus or
        a company too wide to tell), nor an address an established customer signed up from."""
        out: dict[str, list[tuple[str, str]]] = {}
        for kind, (column, sketch) in HELD_KINDS.items():
            if kind not in self.cfg.online.match_kinds:
                continue
            held = {a: self._held[kind][a] for a in accounts if a in self._held[kind]
                    and not (kind == "signup_ip" and self._settled(column, self._held[kind][a], when))}
            counts = self.store.member_counts(f"customer:{sketch}",
                                              [self._card_of_hash.get(v, v) for v in held.values()])
            for account, value in held.items():
                if counts[self._card_of_hash.get(value, value)] <= self.cfg.online.cohort_max_accounts:
                    out.setdefault(account, []).append((kind, value))
        return out

    def _age_days(self, account: str, event: dict[str, Any]) -> float | None:
        """Days from the account's creation (accounts table) to the request (its ``ts``, else
        now); None when the table does not say."""
        created = self._created.get(account)
        return None if created is None else days_between(created, request_time(event))

    def _settled(self, column: str, value: str, when: datetime) -> bool:
        """Whether an account the accounts table says is established (created over
        online.exit_tie_max_age_days before ``when``) has ``value`` (signup_ip, payment_fingerprint)."""
        first = self._first_created[column].get(value)
        return first is not None and days_between(first, when) > self.cfg.online.exit_tie_max_age_days

    def _new(self, account: str, event: dict[str, Any]) -> bool:
        """Whether the accounts table says the account was created within
        online.exit_tie_max_age_days: a replacement head, judged by its exit rather than by its
        own work (an account of unknown age is judged by its work)."""
        age = self._age_days(account, event)
        return age is not None and age <= self.cfg.online.exit_tie_max_age_days

    def _request_indicators(self, event: dict[str, Any]) -> list[tuple[str, str]]:
        account = event["account_id"]
        return [(k, str(event[k])) for k in self.cfg.online.match_kinds
                if k not in HELD_KINDS and event.get(k) not in (None, "")] + [
            (k, self._held[k][account]) for k in self.cfg.online.match_kinds
            if k in HELD_KINDS and account in self._held[k]]

    def _strong_match(self, found: dict[tuple[str, str], str]) -> tuple[str | None, list[str]]:
        """The campaign a request's indicators tie it to: a strong kind alone, or two kinds."""
        by_campaign: dict[str, set[str]] = {}
        for (kind, _value), campaign in found.items():
            by_campaign.setdefault(campaign, set()).add(kind)
        for campaign, kinds in sorted(by_campaign.items()):
            # a fleet's own client build (online.clients) ties as a strong kind does, an imported
            # campaign's too (a nightly scan takes over the heads an emerging one tied)
            if (kinds & set(self.cfg.online.strong_kinds) or len(kinds) >= 2
                    or (CLIENT in kinds and (campaign.startswith(EMERGING) or fleet_clients(
                        self.store, self.cfg.online,
                        [v for (k, v), c in found.items() if k == CLIENT and c == campaign])))):
                return campaign, sorted(kinds)
        return None, []

    def _live_indicators(self, found: dict[tuple[str, str], str], owned: set[tuple[str, str]] | None = None,
                         address_class: str = "") -> dict[tuple[str, str], str]:
        """The indicators that still tie a request to their campaign. An emerging campaign's exit
        (its card or signup address too with online.identity_needs_work) ties others only while
        most customers on it work harvested or target capabilities (indicator_min_worker_share): an
        operation's exit carries its workload, a VPN exit or a NAT a flagged account used carries
        people's; an exit only while fewer than online.crowd_exit_share of them are established
        (developers coding through a VPN exit do target work too). The exits of ``owned`` tie only
        if an operation holds them nearly alone (owned_exit, on the request's ``address_class``).
        Known campaigns' indicators (a scan's, an analyst's) stand."""
        dead: set[tuple[str, str]] = set()
        sketches = {"ip": "ip"} | ({kind: sketch for kind, (_, sketch) in HELD_KINDS.items()}
                                   if self.cfg.online.identity_needs_work else {})
        for kind, sketch in sketches.items():  # the sketches hold cards raw
            values = {v: self._card_of_hash.get(v, v) for (k, v), c in found.items()
                      if k == kind and c.startswith(EMERGING)}
            if not values:
                continue
            holders, harvest, target = (
                self.store.member_counts(f"{group}:{sketch}", list(values.values()))
                for group in ("customer", "harvest", "target"))
            # an exit nobody was seen on yet (a tied head's, adopted) has no people to protect
            settled = settled_customers(self.store, self.cfg.online, values.values()) if kind == "ip" else {}
            dead |= {(kind, v) for v, raw in values.items()
                     if not carries_work(harvest[raw], target[raw], holders[raw], self.cfg.online)
                     or (kind == "ip" and established_crowd(settled[raw], max(holders[raw], 1),
                                                            self.cfg.online))
                     or ((kind, v) in (owned or ()) and not owned_exit(holders[raw], settled[raw],
                                                               address_class, self.cfg.online))}
        # an emerging campaign's client build ties while it is a fleet's own (online.clients)
        builds = {v for (k, v), c in found.items() if k == CLIENT and c.startswith(EMERGING)}
        dead |= {(CLIENT, v) for v in builds - fleet_clients(self.store, self.cfg.online, builds)}
        return {key: c for key, c in found.items() if key not in dead}

    def _campaign_of_exits(self, events: pl.DataFrame) -> dict[str, str]:
        """Accounts whose new exchanges came from a campaign's strong indicators → that campaign."""
        strong = [k for k in self.cfg.online.strong_kinds if k in events.columns]
        pairs = events.select("account_id", *strong).unpivot(index="account_id", variable_name="kind")
        keys = list(dict.fromkeys(zip(pairs["kind"].to_list(), pairs["value"].cast(pl.String)
                                      .to_list(), strict=True)))
        found = self._live_indicators(self._resolved(self.store.campaign_of(
            k for k in keys if k[1] is not None)))
        # as in decide: an established account calling through a cloud partner is not tied by the
        # partner's gateway, whoever exported it (an emerging campaign's exits are judged above)
        when = {"ts": events["ts"].max()}
        gateway = {(a, str(ip)) for a, ip in events.filter(on_partner_surface(
            self.cfg.features.partner_surfaces)).select("account_id", "ip").unique().iter_rows()
                   if not self._new(a, when)}
        out: dict[str, str] = {}
        for account, kind, value in pairs.iter_rows():
            campaign = found.get((kind, str(value)))
            if campaign is not None and not (kind == "ip" and (account, str(value)) in gateway
                                             and not campaign.startswith(EMERGING)):
                out.setdefault(account, campaign)
        return out

    def canonical(self, campaign: str | None) -> str | None:
        """The campaign a merged or superseded campaign now is (itself when neither; None when a
        later import retired it)."""
        return None if campaign is None else follow_merges(self._campaigns(), campaign)

    def _resolved(self, found: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
        """Indicators → the campaign each belongs to now (none of a retired campaign)."""
        now = {key: self.canonical(c) for key, c in found.items()}
        return {key: c for key, c in now.items() if c is not None}

    def _campaigns(self) -> dict[str, dict[str, Any]]:
        # campaigns change only on import or when one emerges: cache for a second
        now = time.monotonic()
        cached = self._campaign_cache
        if cached is None or now - cached[0] > 1.0:
            cached = (now, {d["campaign_id"]: d for d in self.store.campaigns()})
            self._campaign_cache = cached
        return cached[1]

    # --- completed exchanges -------------------------------------------------------------------
    def ingest(self, events: list[dict[str, Any]]) -> IngestResult:
        """Fold completed exchanges into account state; idempotent on request_id.

        Rows breaking the contract are rejected with their reason (never dropped silently)."""
        result = IngestResult(received=len(events), rejected=[])
        if not events:
            return result
        rows = [{k: _as_text(v) for k, v in e.items()} for e in events]
        names = list(dict.fromkeys(k for row in rows for k in row))
        raw = pl.DataFrame(rows, schema=dict.fromkeys(names, pl.String)).with_columns(
            __row__=pl.int_range(1, len(rows) + 1, dtype=pl.Int64))
        try:
            clean, bad = validate_batch(raw, EVENTS_SPEC, self.cfg.io)
        except InputError as exc:  # a missing required column: every row is rejected
            result.rejected = [{"index": i, "reason": str(exc)} for i in range(len(events))]
            return result
        result.rejected = [{"index": int(r) - 1, "reason": reason}
                           for r, reason in zip(bad["row"], bad["reason"], strict=True)]
        clean = clean.unique("request_id", keep="first", maintain_order=True)
        fresh = self.store.claim(clean["request_id"].to_list())
        result.duplicates = len(events) - len(result.rejected) - sum(fresh)
        clean = clean.filter(pl.Series(fresh, dtype=pl.Boolean))
        result.accepted = clean.height
        if clean.height:
            result.flagged = self._update_accounts(clean)
        return result

    def _update_accounts(self, clean: pl.DataFrame) -> int:
        """Fold accepted exchanges into account state: read, compute (pure), persist."""
        events = featurize_exchanges(clean, self.cfg)
        prior = self._observe(events)
        recent = recent_fingerprints(events, prior, self.cfg)
        update = update_accounts(recent, prior, self.cfg, sketched_cohorts(
            self.store, self.cfg, recent, prior,
            lambda account, ts: self._age_days(account, {"ts": ts})))
        when = events["ts"].max()
        records = self._persist(update, when)
        tied = {a: self.canonical(r.campaign_id) for a, r in records.items()}
        customer = customers_of(events, prior.directory)  # established ones vouch for no exit now
        tie_settled(self.store, self.cfg.online, [
            (ip, customer.get(a, customer_key(a, None))) for a, r in records.items()
            if tied[a] and not self._new(a, {"ts": when}) for ip in r.ips])
        self.store.add_indicators(join_clients(self.store, self.cfg.online, [  # their client builds
            (a, fp, tied[a]) for a, fp in events.select("account_id", CLIENT).drop_nulls().unique().rows()
            if tied.get(a)]))
        return update.newly_flagged

    def _observe(self, events: pl.DataFrame) -> Prior:
        """Add the batch to the shared sketches and counters (template reach, IP holders, the
        capability mix), then read what the compute step needs about its accounts."""
        pairs = list(zip(events["template_sig"].cast(pl.String).to_list(),
                         events["account_id"].to_list(), strict=True))
        reach = self.store.add_members("template", [(t, a) for t, a in pairs if t is not None])
        when = events["ts"].max()
        observe_clients(self.store, events, lambda account: not self._new(account, {"ts": when}))
        self.store.add_members("ip", zip(events["ip"].to_list(), events["account_id"].to_list(),
                                         strict=True))
        caps = events["capability"].value_counts()
        self.store.increment("capability", dict(zip(caps["capability"].to_list(),
                                                    caps["count"].to_list(), strict=True)))
        accounts = events["account_id"].unique().to_list()
        records = {a: r.with_campaign(self.canonical(r.campaign_id))
                   for a, r in self.store.accounts(accounts).items()}
        directory = (None if self.directory is None else
                     self.directory.filter(pl.col("account_id").is_in(accounts)))
        settled = {c: set() if directory is None else {
            v for v in directory[c].drop_nulls().unique() if self._settled(c, v, when)}
            for c, _ in HELD_KINDS.values()}
        return Prior(records=records, rings=self.store.rings(accounts),
                     reach=reach, mix=self._population_mix(), linked=self._campaign_of_exits(events),
                     campaigns=self._campaigns(), directory=directory,
                     settled_signups=settled["signup_ip"], settled_cards=settled["payment_fingerprint"])

    def _persist(self, update: AccountUpdate, when: datetime) -> dict[str, AccountState]:
        """Write the new summaries and rings (newly flagged accounts' exits become indicators); return them."""
        self.store.save_accounts(update.records, update.rings)
        return update.records | (self._register_emerging(update.emerging, when) if update.emerging else {})

    def _register_emerging(self, flagged: list[tuple[str, AccountState]],
                           when: datetime) -> dict[str, AccountState]:
        """A newly flagged account's IPs become indicators of its campaign when, together, they
        carry its work (online.cohorts.exits_carry_work: not a VPN's exits, where a developer
        meets a chatting crowd) and are rarely shared, mostly used by flagged accounts (not a
        campus NAT), or datacenter addresses of flagged accounts (people do not chat from a cloud
        VM): the next fresh account on one is tied from its first request. Emerging campaigns that
        share such an exit are one operation and merge (into a known campaign when one of them is,
        else the first emerging id); a merged campaign points to it with ``merged_into``."""
        online = self.cfg.online
        pairs = [(ip, account) for account, record in flagged for ip in record.ips]
        holders = self.store.add_members("ip", pairs)
        flagged_holders = self.store.add_members("flagged_ip", pairs)
        docs = {k: dict(v) for k, v in self._campaigns().items()}
        rows: list[tuple[str, str, str]] = []
        records: dict[str, AccountState] = {}
        changed: set[str] = set()
        holdings = self._indicator_holdings([a for a, _ in flagged], when)
        # a signup address ties heads once online.signup_min_flagged flagged accounts signed up
        # there: a hydra registers its heads in bulk, a company's staff one by one
        signed = self.store.add_members("flagged:signup", [
            (value, account) for account, held in holdings.items()
            for kind, value in held if kind == "signup_ip"])
        working = exits_carry_work(self.store, online, {a: r.ips for a, r in flagged})
        for account, record in flagged:
            keys = [("ip", ip) for ip in (record.ips if working[account] else [])
                    if holders[ip] <= online.flagged_ip_max_accounts
                    or flagged_holders[ip] >= max(3, online.flagged_ip_min_share * holders[ip])
                    or (ip in record.cloud_ips and flagged_holders[ip] >= online.flagged_cloud_ip_accounts)]
            keys += [(kind, value) for kind, value in holdings.get(account, [])
                     if kind != "signup_ip" or signed[value] >= online.signup_min_flagged]
            found = self.store.campaign_of(keys)
            linked = {t for c in [record.campaign_id, *found.values()] if c and (t := follow_merges(docs, c))}
            target = min(linked, key=lambda c: (c.startswith(EMERGING), c))
            doc = docs.setdefault(target, {"campaign_id": target, "source": "online",
                                           "score": record.score, "accounts": [],
                                           "capabilities": {}, "mix_exchanges": 0,
                                           "recommended_action": "step_up"})
            members = set(doc.get("accounts") or []) | {account}
            mixes = [(record.capabilities, min(record.n, online.recent_events))]
            for other in linked - {target}:
                if other.startswith(EMERGING) and other in docs:
                    members |= set(docs[other].get("accounts") or [])
                    mixes.append((docs[other].get("capabilities") or {},
                                  docs[other].get("mix_exchanges", 0)))
                    docs[other]["merged_into"] = target
                    changed.add(other)
            if doc.get("source") == "online":
                doc["accounts"] = sorted(members)
                doc["n_accounts"] = len(members)
                # the campaign's work: the pooled recent mix of the flagged accounts it holds
                for mix, exchanges in mixes:
                    doc["capabilities"], doc["mix_exchanges"] = pooled_mix(
                        doc.get("capabilities") or {}, doc.get("mix_exchanges", 0), mix, exchanges)
                changed.add(target)
            rows += [(kind, value, target) for kind, value in keys]
            records[account] = record.with_campaign(target)
        self.store.save_accounts(records)
        self.store.add_indicators(rows)
        if changed:
            self.store.save_campaigns([docs[c] for c in sorted(changed)])
        self._campaign_cache = None
        return records

    def _population_mix(self) -> dict[str, float]:
        counts = self.store.counters("capability")
        total = max(1, sum(counts.values()))
        return {c: counts.get(c, 0) / total for c in TAGGED_CAPABILITIES}

    # --- batch results -------------------------------------------------------------------------
    def import_scan(self, campaigns: CampaignsDocument | dict[str, Any],
                    bundle: dict[str, Any] | None, replace: bool = True) -> dict[str, int]:
        """Load a scan's campaigns.json (and its STIX bundle): members (dormant ones too) and
        indicators of known operations are recognised online from then on. With ``replace`` (a
        nightly scan) it replaces what earlier imports loaded (online.imports.replace_imports);
        without it (an analyst pushing one campaign) it only adds.

        Raises
        ------
        InputError
            ``campaigns`` is not a campaigns.json (the message names the bad field), or ``bundle``
            is not a STIX 2.1 bundle.
        """
        loaded = import_campaigns(self.store, CampaignsDocument.parse(campaigns).campaigns, bundle,
                                  self.cfg.online.match_kinds, replace)
        self._campaign_cache = None
        return loaded
