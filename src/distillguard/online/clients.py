"""Online client fingerprints: which accounts present each client build (the store's member sets),
and whether one is an operation's own tooling, so that it ties an emerging campaign's next new head.

Consumes a batch's events and the engine's ties; produces indicator rows (online.engine)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from distillguard.config import OnlineConfig
from distillguard.online.state import Store

CLIENT = "client_fingerprint"  # the indicator kind, as a request names it


def observe_clients(store: Store, events: pl.DataFrame, established: Callable[[str], bool]) -> None:
    """Add the batch's (fingerprint, account) pairs to the holders of each client build, and
    those of accounts ``established`` says are established (or of unknown age) to its settled
    holders: a build any of them runs is a product's, however many heads run it too."""
    pairs = events.select(CLIENT, "account_id").drop_nulls().unique().rows()
    store.add_members("client", pairs)
    store.add_members("established:client", [(fp, a) for fp, a in pairs if established(a)])


def fleet_clients(store: Store, online: OnlineConfig, fingerprints: Iterable[str]) -> set[str]:
    """The fingerprints that are a fleet's own (online.fleet_client_min_members): no settled
    holder, and at least online.fleet_client_min_share of their holders tied to a campaign."""
    least = online.fleet_client_min_members
    fingerprints = list(dict.fromkeys(fingerprints))
    if least is None or not fingerprints:
        return set()
    holders, settled, tied = (store.member_counts(kind, fingerprints)
                              for kind in ("client", "established:client", "member:client"))
    return {fp for fp in fingerprints if not settled[fp] and tied[fp] >= least
            and tied[fp] >= online.fleet_client_min_share * holders[fp]}


def join_clients(store: Store, online: OnlineConfig,
                 ties: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Record (account, fingerprint, campaign) ties among each build's holders and tied holders;
    the indicator rows (kind, fingerprint, campaign) of those builds that are now a fleet's own
    and indicate no campaign yet (a scan's indicator stands)."""
    ties = [t for t in ties if t[1]]
    if online.fleet_client_min_members is None or not ties:
        return []
    pairs = [(fp, account) for account, fp, _ in ties]
    store.add_members("client", pairs)
    store.add_members("member:client", pairs)
    own = fleet_clients(store, online, (fp for _, fp, _ in ties))
    known = store.campaign_of((CLIENT, fp) for fp in own)
    return list(dict.fromkeys((CLIENT, fp, campaign) for _, fp, campaign in ties
                              if fp in own and (CLIENT, fp) not in known))
