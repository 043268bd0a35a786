"""Online cohorts: what the shared sketches (the store's member sets of exits, cards and customers)
say of each account's cohort, counted in customers as the scan's linkage.cohorts counts them.

Consumes a batch's Recent and Prior (online.update), the store and the accounts table's ages;
produces KNOWN_SCHEMA rows, which online.update turns into the score's cohort signals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import polars as pl

from distillguard.config import Config, OnlineConfig
from distillguard.features.network import on_partner_surface
from distillguard.linkage.cohorts import KNOWN_SCHEMA, harvests, targets
from distillguard.online.state import Store
from distillguard.online.update import Prior, Recent, customers_of


def carries_work(harvest: int, target: int, customers: int, online: OnlineConfig) -> bool:
    """Whether most customers on an exit or card harvest or work target capabilities
    (online.indicator_min_worker_share): an operation's, not the one a crowd of people share."""
    return max(harvest, target) >= online.indicator_min_worker_share * customers


def established_crowd(settled: int, customers: int, online: OnlineConfig) -> bool:
    """Whether at least online.crowd_exit_share of an exit's customers are established: a runner
    pool's, a carrier NAT's or a VPN's crowd, which a new customer joins."""
    return settled >= online.crowd_exit_share * customers


def settled_customers(store: Store, online: OnlineConfig, exits: Iterable[str]) -> dict[str, int]:
    """The established customers on each exit that make it a crowd's when an emerging campaign
    holds it (established_crowd): those no campaign ties (tie_settled), or all of them with
    online.crowd_counts_tied. An operation's aged heads make its exits look like an established
    crowd until they are tied. The cohorts (sketched_cohorts) count every established customer
    (applied there too, it flagged a campus's new students: README, E-3)."""
    exits = list(dict.fromkeys(exits))
    if online.crowd_counts_tied or not exits:
        return store.member_counts("established:ip", exits)
    # |established - tied| = |established | tied| - |tied|, as the sketches count sets; the three
    # counts of every exit in one read
    sets = {"everyone": ["established:ip"], "union": ["established:ip", "tied:ip"],
            "tied": ["tied:ip"]}
    n = store.union_counts({f"{name}\x1f{ip}": [(kind, ip) for kind in kinds]
                            for name, kinds in sets.items() for ip in exits})
    return {ip: max(0, min(n[f"everyone\x1f{ip}"], n[f"union\x1f{ip}"] - n[f"tied\x1f{ip}"]))
            for ip in exits}


def owned_exit(customers: int, settled: int, address_class: str, online: OnlineConfig) -> bool:
    """Whether an emerging campaign's exit of ``address_class`` (a request's), with ``customers``
    customers of which ``settled`` are established and untied (settled_customers), is one an
    operation holds nearly alone: of online.owned_exit_classes, with at least
    online.owned_exit_min_customers customers, at most online.owned_exit_share of them settled.
    Such an exit ties an established account too (exit_ties does not hold it back): no customer
    of the exit's own vouches for it. The caller leaves out the account's own signup address: a
    residential proxy pool relays through people's home lines.

    Examples
    --------
    >>> from distillguard.config import OnlineConfig
    >>> online = OnlineConfig()
    >>> [owned_exit(n, s, c, online) for n, s, c in
    ...  [(40, 2, "residential"), (40, 9, "residential"), (5, 0, "residential"), (40, 2, "cloud")]]
    [True, False, False, False]
    """
    return (online.owned_exit_share is not None and address_class in online.owned_exit_classes
            and customers >= online.owned_exit_min_customers
            and settled <= online.owned_exit_share * customers)


def tie_settled(store: Store, online: OnlineConfig, exits: Iterable[tuple[str, str]]) -> None:
    """Record the (exit, customer) pairs of established customers a campaign now ties (nothing
    reads them with online.crowd_counts_tied)."""
    if not online.crowd_counts_tied:
        store.add_members("tied:ip", exits)


def exits_carry_work(store: Store, online: OnlineConfig,
                     exits: dict[str, list[str]]) -> dict[str, bool]:
    """Whether each account's ``exits`` together carry an operation's work (carries_work over
    the union of their customers): a fleet's exits do, as each of them must; the exits of a
    developer rotating through a VPN provider's meet its chatting crowd, spread thin over each."""
    unions = {group: store.union_counts({a: [(f"{group}:ip", ip) for ip in ips]
                                         for a, ips in exits.items()})
              for group in ("harvest", "target", "customer")}
    return {a: carries_work(*(unions[g][a] for g in ("harvest", "target", "customer")), online)
            for a in exits}


def sketched_cohorts(store: Store, cfg: Config, recent: Recent, prior: Prior,
                     age_days: Callable[[str, datetime], float | None]) -> pl.DataFrame:
    """Each account's cohort as the shared sketches know it (KNOWN_SCHEMA): the rarely shared
    exit or card it has in common with the most customers that harvest or work harvested
    capabilities and, for an account the accounts table says is new, the customers of every
    other rarely shared one its fleet owns (their union). Counted in customers, as a scan counts
    them: a company's accounts (one organization) are one customer. A campus NAT or a VPN exit is
    shared too widely to count (online.cohort_max_accounts). ``cohort_fleet``: whether the cohort
    is a fleet's alone (online.fleet_min_exchanges)."""
    cohort, most = cfg.linkage.cohorts, cfg.online.cohort_max_accounts
    prints = recent.fingerprints
    rows = prints.select("account_id", "harvest_share", "target_share").rows()
    sent = recent.sent
    shares = {a: (h, t) for a, h, t in rows}
    # the prior's records and directory rows are of the batch's accounts (see _observe)
    customer = customers_of(recent.events, prior.directory)
    harvesters = {customer[a] for a in prints.filter(harvests(cohort))["account_id"]}
    targeters = {customer[a] for a in prints.filter(targets(cohort))["account_id"]}
    keys: dict[str, set[tuple[str, str]]] = {a: set() for a, _, _ in rows}
    # a cloud partner's gateways (features.partner_surfaces) serve all its customers alike:
    # an established customer cycling them coordinates with nobody, so they make a cohort
    # only for an account the accounts table says is new (online.exit_tie_max_age_days: a
    # hydra's fresh heads calling through the partner). They still tie, as any exit does,
    # once an operation holds them. Remembered across batches: a ring holds older gateways.
    # An address also seen off the partner's surfaces is someone's own exit, not a gateway.
    partner = on_partner_surface(cfg.features.partner_surfaces)
    for kind, rows in (("partner:ip", partner), ("direct:ip", ~partner)):
        store.add_members(kind, recent.events.filter(rows).select("ip", "account_id")
                               .drop_nulls().unique().rows())
    held = {a: set(ips) for a, ips in recent.events.select("account_id", "ip").drop_nulls()
            .group_by("account_id").agg("ip").iter_rows()}
    for account, record in prior.records.items():
        held.setdefault(account, set()).update(record.ips)
    addresses = {ip for ips in held.values() for ip in ips}
    direct = store.member_counts("direct:ip", addresses)
    gateway = {ip: n > 0 and not direct[ip]
               for ip, n in store.member_counts("partner:ip", addresses).items()}
    last = dict(recent.events.group_by("account_id")
                .agg(pl.col("ts").max().cast(pl.Datetime("us", "UTC"))).iter_rows())
    # as in the scan (linkage.cohorts.target_attachment), shared addresses attach for target
    # coordination an account that rotates them (a fleet on a proxy pool), not one the
    # accounts table says is established: a customer coding from an office's stable exits
    # is one of a crowd
    crowd: set[str] = set()
    dated: set[str] = set()
    aged: set[str] = set()
    established: set[tuple[str, str]] = set()
    bystanders: set[tuple[str, str]] = set()  # established customers that do not harvest
    online = cfg.online
    for account, ips in held.items():
        age = age_days(account, last[account]) if account in last else None
        new = age is not None and age <= online.exit_tie_max_age_days
        keys.setdefault(account, set()).update(("ip", ip) for ip in ips
                                               if new or not gateway[ip])
        if age is None:
            continue
        dated.add(account)
        if not new:
            aged.add(account)
            own_exits = [(ip, customer[account]) for ip in ips if not gateway[ip]]
            established.update(own_exits)
            if not online.crowd_counts_harvesters and customer[account] not in harvesters:
                bystanders.update(own_exits)
            record = prior.records.get(account)
            n = min(online.recent_events, (record.n if record else 0) + sent.get(account, 0))
            if len(ips) < 2 or len(ips) < cohort.rotating_prefix_share * n:
                crowd.add(account)
    # nor does any account the table dates coordinate with the established customers of a
    # runner pool's, a carrier NAT's or a VPN's exit, whether it joins them new or rotates
    # through them: an operation's heads share exits with each other
    store.add_members("established:ip", established)
    if not online.crowd_counts_harvesters:
        store.add_members("bystander:ip", bystanders)
    # a signup address is counted (online.engine ties heads with it) and makes only a fleet's
    # cohort (below): a company's staff and a campus's students sign up from one address too
    cards = ([] if prior.directory is None else
             prior.directory.select("account_id", "payment_fingerprint").drop_nulls().rows())
    card_of = dict(cards)
    for account, card in cards:
        keys.setdefault(account, set()).add(("card", card))
    counted = {a: set(ks) for a, ks in keys.items()}
    signups = ({} if prior.directory is None else
               dict(prior.directory.select("account_id", "signup_ip").drop_nulls().rows()))
    for account, address in signups.items():
        counted.setdefault(account, set()).add(("signup", address))
    for group, members in (("customer", None), ("harvest", harvesters), ("target", targeters)):
        for kind in ("ip", "card", "signup"):
            store.add_members(f"{group}:{kind}", {(v, customer[a]) for a, ks in counted.items()
                                                  if members is None or customer[a] in members
                                                  for k, v in ks if k == kind})
    counts = {(group, kind): store.member_counts(
        f"{group or 'customer'}:{kind}", [v for ks in counted.values() for k, v in ks if k == kind])
        for group in ("", "harvest", "target") for kind in ("ip", "card", "signup")}
    seen = counts[("", "ip")]
    everyone = store.member_counts("established:ip", seen)
    people = (everyone if online.crowd_counts_harvesters
              else store.member_counts("bystander:ip", seen))

    def settled(account: str, ip: str) -> int:
        """The established customers that make a crowd of ``ip`` for ``account``: for one that
        harvests, those that do not (an operation's aged heads harvest through its exits and
        are no crowd of people: online.crowd_counts_harvesters); for a developer coding through
        a VPN exit, every established customer there."""
        return (people if customer[account] in harvesters else everyone)[ip]

    def crowded(account: str, kind: str, value: str) -> bool:
        return kind == "ip" and (account in crowd or (
            account in dated and established_crowd(settled(account, value),
                                                   counts[("", kind)][value], online)))

    def workload(account: str, kind: str, value: str) -> tuple[int, int]:
        harvest = counts[("harvest", kind)][value]
        target = 0 if crowded(account, kind, value) else counts[("target", kind)][value]
        return harvest + target, -counts[("", kind)][value]

    def owned(account: str, kind: str, value: str) -> bool:
        """Most customers on it do an operation's work (as online.engine judges an emerging
        exit live) and, an exit, no established customer uses it — a signup address, none signed
        up there (the accounts table says): a fleet's own."""
        return (carries_work(*(counts[(g, kind)][value] for g in ("harvest", "target", "")),
                             online)
                and not (kind == "ip" and settled(account, value))
                and not (kind == "signup" and value in prior.settled_signups))

    def anyones(account: str, kind: str, value: str) -> bool:
        """Whether an established customer uses the exit, pays with the card or signed up from
        the address: a campus's, a company's or a department's, not a fleet's alone."""
        return ((kind == "ip" and settled(account, value) > 0)
                or (kind == "card" and value in prior.settled_cards)
                or (kind == "signup" and value in prior.settled_signups))

    # the cohort: the rarely shared exit or card with the most customers doing an operation's
    # work; for a new account, with every other one its fleet owns (an operation's heads each
    # meet a few of its exits, each exit a few heads). Developers rotating through a VPN
    # provider's exits meet a different crowd on each, established customers among them.
    shared = {}
    for account, ks in keys.items():
        rare = [(k, v) for k, v in ks if 1 < counts[("", k)][v] <= most]
        fresh = account in dated and account not in aged
        fleet = [kv for kv in rare if fresh and owned(account, *kv)]
        # however many heads share them, exits no established customer uses are a proxy pool's
        # when a new account rotates through several (online.pool_min_exits): a campus's or an
        # office's users sit behind one or two addresses, their staff and older accounts with them
        pool = [("ip", v) for k, v in ks if fresh and k == "ip" and counts[("", k)][v] > most
                and owned(account, k, v)]
        fleet += pool if len(pool) >= online.pool_min_exits else []
        # and the address it signed up from when no established account signed up there: a
        # hydra registers its heads in bulk, a campus's or a company's accounts span years
        address = signups.get(account)
        if (fresh and address is not None and 1 < counts[("", "signup")][address] <= most
                and owned(account, "signup", address)):
            fleet.append(("signup", address))
        if rare or fleet:
            best = [max(rare, key=lambda kv: workload(account, *kv))] if rare else []
            shared[account] = list(dict.fromkeys(best + fleet))
    unions = {group: store.union_counts({a: [(f"{group}:{k}", v) for k, v in ks
                                             if group != "target" or not crowded(a, k, v)]
                                         for a, ks in shared.items()})
              for group in ("customer", "harvest", "target")}
    out = []
    for account in shared:
        customers, harvester_count, targeter_count = (unions[g][account]
                                                      for g in ("customer", "harvest", "target"))
        harvest, target = shares.get(account, (0.0, 0.0))
        # the sketches count customers, each taken to send as this one does: all of a new
        # account's whose cohort carries an operation's work as its exits must (a fleet's
        # heads), else only those doing the work (harvest or target) — an established
        # account's, or a new developer's who meets a VPN's chatting crowd on its exits: the
        # crowd adds no volume
        heads = account not in aged and carries_work(harvester_count, targeter_count, customers, online)
        workers = customers if heads else max(harvester_count, targeter_count, 1)
        sends = workers * sent.get(account, 0)
        # heads the accounts table dates, whose cohort, card and signup address no established
        # customer shares: a fleet's alone (online.fleet_min_exchanges)
        own = [("card", card_of.get(account)), ("signup", signups.get(account))]
        fleet_only = (heads and account in dated
                      and not any(anyones(account, k, v) for k, v in shared[account] + own if v is not None))
        out.append({"account_id": account, "cohort_fleet": fleet_only,
                    "cohort_customers": customers,
                    "cohort_harvesters": harvester_count, "cohort_targeters": targeter_count,
                    "cohort_harvest_exchanges": sends * harvest,
                    "cohort_target_exchanges": sends * target})
    return pl.DataFrame(out, schema={"cohort_fleet": pl.Boolean,
                                     **{k: v for k, v in KNOWN_SCHEMA.items()
                                        if not k.startswith("cohort_share")}})

