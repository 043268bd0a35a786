"""What a scan's import replaces in the online state: the campaigns an earlier import loaded, each
superseded by the new campaign holding most of its accounts or retired, and the accounts it released.

Pure functions over campaign documents, replace_imports, which applies them to the store, and
import_campaigns, the whole import that online.engine.Engine.import_scan runs. A scan names a
campaign by its members (campaigns.build), so a nightly scan of a growing window brings the same
operation back under a new id, and what it no longer flags it has cleared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from distillguard.io.stix import bundle_objects, indicated_campaigns
from distillguard.online.records import AccountState, ImportedCampaign
from distillguard.online.state import Store

IMPORTED_INDICATORS = "imported_indicators"  # the (kind, value) pairs an import attached to a campaign


@dataclass(frozen=True)
class Supersession:
    """How a new import replaces the campaigns earlier imports loaded."""

    successors: dict[str, str]  # earlier campaign id -> the new campaign holding most of its accounts
    retired: list[str]  # earlier campaign ids the new import holds none of the accounts of
    released: list[str]  # accounts earlier campaigns named that no new campaign names
    confirmed: list[str]  # new campaign ids an analyst-confirmed earlier campaign passes its verdict to


def members(doc: dict[str, Any]) -> set[str]:
    return set(doc.get("accounts") or []) | set(doc.get("dormant_accounts") or [])


def supersede(earlier: list[dict[str, Any]], new: list[dict[str, Any]]) -> Supersession:
    """Each earlier campaign not in ``new`` → its successor (the new campaign sharing most of its
    accounts, the smaller id on a tie) or retired when none shares one. An analyst-confirmed earlier
    campaign keeps its accounts (the verdict covers them until lifted) and is never retired; its
    successor inherits the verdict.

    Examples
    --------
    >>> old = [{"campaign_id": "c1", "accounts": ["a", "b", "x"]}, {"campaign_id": "c2", "accounts": ["z"]}]
    >>> plan = supersede(old, [{"campaign_id": "c3", "accounts": ["a", "b", "n"]}])
    >>> plan.successors, plan.retired, plan.released
    ({'c1': 'c3'}, ['c2'], ['x', 'z'])
    """
    new_members = {d["campaign_id"]: members(d) for d in new}
    named = set().union(*new_members.values()) if new_members else set()
    successors: dict[str, str] = {}
    retired: list[str] = []
    released: set[str] = set()
    confirmed: set[str] = set()
    for doc in earlier:
        cid, held = doc["campaign_id"], members(doc)
        if cid in new_members:
            continue
        shared = {c: len(held & m) for c, m in new_members.items() if held & m}
        if shared:
            successors[cid] = min(shared, key=lambda c: (-shared[c], c))
        if not doc.get("confirmed"):
            released |= held - named
            if not shared:
                retired.append(cid)
        elif shared:
            confirmed.add(successors[cid])
    return Supersession(successors, sorted(retired), sorted(released), sorted(confirmed))


def replaced(doc: dict[str, Any], plan: Supersession) -> dict[str, Any] | None:
    """The stored form of an earlier campaign the plan supersedes or retires (its id, source and
    where it went; the rest is the new import's), None when the plan leaves it as it is."""
    cid = doc["campaign_id"]
    if cid in plan.successors:
        return {"campaign_id": cid, "source": doc.get("source"), "merged_into": plan.successors[cid]}
    if cid in plan.retired:
        return {"campaign_id": cid, "source": doc.get("source"), "retired": True}
    return None


def replace_imports(store: Store, kept: list[dict[str, Any]]) -> int:
    """Supersede or retire the campaigns earlier imports loaded that ``kept`` (the new import's
    documents, saved by the caller) does not hold, and mark the successors of confirmed ones
    confirmed in ``kept``. Returns how many accounts were released from their campaign."""
    ids = {d["campaign_id"] for d in kept}
    earlier = [d for d in store.campaigns() if d.get("source") == "import"
               and not d.get("merged_into") and not d.get("retired") and d["campaign_id"] not in ids]
    plan = supersede(earlier, kept)
    for doc in kept:
        doc["confirmed"] = bool(doc.get("confirmed")) or doc["campaign_id"] in plan.confirmed
    gone = {d["campaign_id"]: (d, stub) for d in earlier if (stub := replaced(d, plan)) is not None}
    # an indicator an earlier import attached is dropped unless the new rows attach it again (the
    # caller adds them after this) or an analyst's verdict covers its campaign
    store.drop_indicators([(kind, value, cid) for cid, (d, _) in gone.items()
                           if not d.get("confirmed")
                           for kind, value in d.get(IMPORTED_INDICATORS) or []])
    store.save_campaigns([stub for _, stub in gone.values()])
    freed = {a: r.with_campaign(None) for a, r in store.accounts(plan.released).items()
             if r.campaign_id in gone}
    store.save_accounts(freed)
    return len(freed)


def import_campaigns(store: Store, documents: list[ImportedCampaign], bundle: dict[str, Any] | None,
                     kinds: Iterable[str], replace: bool) -> dict[str, int]:
    """Load a scan's campaigns (members, dormant ones too) and the indicators of ``kinds`` its STIX
    bundle attaches to them; with ``replace``, in place of what earlier imports loaded. Returns the
    counts loaded and the accounts released."""
    links = indicated_campaigns(bundle_objects(bundle, "indicators")) if bundle else []
    kinds = set(kinds)
    rows = [(k, v, c) for k, v, c in links if k in kinds]
    attached: dict[str, list[list[str]]] = {}
    for kind, value, campaign in rows:
        attached.setdefault(campaign, []).append([kind, value])
    kept = [d.model_dump(exclude={"timeline"})
            | {"source": "import", IMPORTED_INDICATORS: attached.get(d.campaign_id, [])}
            for d in documents]
    members = {a: d.campaign_id for d in documents for a in d.accounts + d.dormant_accounts}
    released = replace_imports(store, kept) if replace else 0
    store.save_campaigns(kept)
    records = store.accounts(members)
    store.save_accounts({a: records.get(a, AccountState()).with_campaign(c) for a, c in members.items()})
    store.add_indicators(rows)
    return {"campaigns": len(documents), "accounts": len(members), "indicators": len(rows),
            "released": released}
