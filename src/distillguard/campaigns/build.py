"""Campaigns: flagged communities of the account graph, with members, score, evidence and an action.

Consumes account scores (scoring), fingerprints (features.accounts), linkage edges, communities and
incidence (linkage.graph); produces the campaigns of campaigns.json and the updated account table."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from scipy import sparse
from scipy.sparse import csgraph

from distillguard.config import CampaignConfig, CohortConfig
from distillguard.features.accounts import (
    capability_share_column,
    mix_distance,
    reported_capabilities,
)
from distillguard.io.schema import TAGGED_CAPABILITIES
from distillguard.linkage.cohorts import vetted_accounts
from distillguard.linkage.graph import leiden
from distillguard.linkage.lockstep import KIND as LOCKSTEP
from distillguard.linkage.playbook import KIND as PLAYBOOK
from distillguard.linkage.playbook import SCAFFOLD_KIND as SCAFFOLD

EVIDENCE_NAMES = {
    "payment": ("shared_payment", "pay with {values} shared payment instrument(s)"),
    "ip": ("shared_ip", "send from {values} shared IP address(es)"),
    "ip_prefix": ("shared_prefix", "send from {values} shared /24 or /48 network(s)"),
    "client_fingerprint": ("shared_client", "present {values} shared client fingerprint(s)"),
    "template": ("shared_template", "send {values} prompt template(s) in common"),
    "email_domain": ("shared_email_domain", "signed up with {values} uncommon email domain(s)"),
    "signup_prefix": ("shared_signup_network", "signed up from {values} shared /24 network(s)"),
}

# links measured on account pairs directly (not through a shared value)
PAIR_EVIDENCE = {
    LOCKSTEP: ("lockstep_timing", "ask for the same capabilities in the same time windows"),
    PLAYBOOK: ("shared_playbook", "send the same set of harvest prompt templates (reasoning "
                                  "reconstruction, grading, rewrites, synthetic data)"),
    SCAFFOLD: ("shared_scaffolds", "send the same system prompts, as alike sets or many from one "
                                   "pool (the apps one relay serves, the agent harnesses one "
                                   "harvest tool drives), or wrap their asks in the same kit of "
                                   "prompt templates"),
}


# Parts of one community are found at the standard modularity (the scan-wide graph uses a coarse
# resolution to keep an operation's loosely linked accounts together; the parts are merged back
# by what they do, so here finer is safe).
SPLIT_RESOLUTION = 1.0
SPLIT_SEED = 0


@dataclass(frozen=True)
class Campaigns:
    """Campaign membership per account, lifted accounts, and the campaign documents."""

    membership: pl.DataFrame  # account_id, campaign_id, lifted, link_weight, mix_distance
    documents: list[dict[str, Any]]


def _campaign_id(members: list[str]) -> str:
    return "cmp_" + hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:16]


def membership(scores: pl.DataFrame, edges: pl.DataFrame, groups: pl.DataFrame,
               features: pl.DataFrame, cfg: CampaignConfig,
               hubs: pl.DataFrame | None = None,
               incidence: pl.DataFrame | None = None,
               cohorts: CohortConfig | None = None) -> pl.DataFrame:
    """Which accounts form campaigns: flagged accounts of communities with enough flagged members,
    plus unflagged ones strongly linked to them (lifted) by links of ``cfg.lift_kinds`` that do
    the campaign's work: their capability mix (``features``: n_events and the share columns) is
    within ``cfg.lift_max_mix_distance`` of the flagged members' (campaign_mix_distance).

    ``hubs`` (linkage.graph.hub_links: values too popular to link pairwise) count too where the
    campaign's flagged accounts hold at least ``cfg.lift_hub_min_share`` of a hub's accounts: an
    exit the operation holds the most of is its own, and sharing it is a link to each flagged
    holder (the hub's weight per flagged holder, as pairwise links would have counted it); a VPN
    or campus exit that an operation also uses is held mostly by others.

    An account needs a score of ``cfg.lift_min_score`` to be lifted, unless it works through the
    campaign's own exits (``incidence``: ip values; see _owned_exits): an operation's account
    with nothing of its own to show is still on the operation's proxies. A verified account of
    ``cohorts.vetted_tiers`` is lifted only by links that say who runs it as well
    (``cohorts.vetted_kinds``): an aggregator on the cloud networks a hydra's heads call from
    relays the same apps, and is not one of them.

    Returns account_id, community, lifted, link_weight (weight of links to flagged members),
    mix_distance."""
    nodes = groups.join(scores.select("account_id", "score", "flagged"), on="account_id")
    flagged_per = nodes.group_by("community").agg(n_flagged=pl.col("flagged").sum())
    nodes = nodes.join(flagged_per, on="community").filter(
        pl.col("n_flagged") >= cfg.min_flagged_accounts)
    flagged = nodes.filter("flagged").select("account_id", "community")
    both = pl.concat([edges.select(account_id="a", y="b", w="weight", kinds="kinds"),
                      edges.select(account_id="b", y="a", w="weight", kinds="kinds")])
    lifts = pl.col("kinds").list.set_intersection(pl.lit(cfg.lift_kinds, pl.List(pl.String)))
    vetted = (features.filter(vetted_accounts(features, cohorts))["account_id"].implode()
              if cohorts is not None else pl.Series([], dtype=pl.String).implode())
    vetted_lifts = lifts.list.set_intersection(
        pl.lit(cohorts.vetted_kinds if cohorts is not None else [], pl.List(pl.String)))
    # a link (or hub) row that lifts its account_id: a vetted one only by who runs it as well
    lifting = (pl.when(pl.col("account_id").is_in(vetted)).then(vetted_lifts.list.len() > 0)
               .otherwise(lifts.list.len() > 0))
    link = (both.join(flagged.rename({"account_id": "y"}), on="y")
            .group_by("account_id", "community")
            .agg(link_weight=pl.col("w").filter(lifting).sum()))
    if hubs is not None and hubs.height:
        link = (pl.concat([link, _owned_hub_links(hubs.filter(lifts.list.len() > 0), nodes, cfg,
                                                  lifting)])
                .group_by("account_id", "community").agg(pl.col("link_weight").sum()))
    nodes = (nodes.join(link, on=["account_id", "community"], how="left")
             .with_columns(pl.col("link_weight").fill_null(0.0))
             .join(campaign_mix_distance(nodes, features), on="account_id", how="left")
             .join(_owned_exits(incidence, nodes, cfg), on="account_id", how="left"))
    lifted = (~pl.col("flagged")
              & ((pl.col("score") >= cfg.lift_min_score) | pl.col("on_owned_exits").fill_null(False))
              & (pl.col("link_weight") >= cfg.lift_link_weight)
              & (pl.col("mix_distance").fill_null(1.0) <= cfg.lift_max_mix_distance))
    return (nodes.filter(pl.col("flagged") | lifted)
            .select("account_id", "community", lifted=~pl.col("flagged"), link_weight="link_weight",
                    mix_distance="mix_distance"))


def _owned_exits(incidence: pl.DataFrame | None, nodes: pl.DataFrame,
                 cfg: CampaignConfig) -> pl.DataFrame:
    """account_id, on_owned_exits of the unflagged accounts of ``nodes`` (membership) that work
    through their community's own exits: at least ``cfg.lift_owned_exits`` of their IPs, and
    ``cfg.lift_hub_min_share`` of them, are IPs whose users are mostly the community's flagged
    accounts (a campus NAT or VPN exit an operation also uses is mostly others')."""
    if incidence is None or incidence.is_empty():
        return pl.DataFrame(schema={"account_id": pl.String, "on_owned_exits": pl.Boolean})
    ips = incidence.filter(pl.col("kind") == "ip").select("account_id", value="value")
    owned = _owned_values(ips, nodes, cfg).select("value", "community", owned=pl.lit(True))
    return (ips.join(nodes.filter(~pl.col("flagged")).select("account_id", "community"),
                     on="account_id")
            .join(owned, on=["value", "community"], how="left")
            .group_by("account_id")
            .agg(owned=pl.col("owned").sum(), share=pl.col("owned").fill_null(False).mean())
            .select("account_id", on_owned_exits=(pl.col("owned") >= cfg.lift_owned_exits)
                    & (pl.col("share") >= cfg.lift_hub_min_share)))


def _owned_values(holders: pl.DataFrame, nodes: pl.DataFrame, cfg: CampaignConfig) -> pl.DataFrame:
    """value, community, holders_flagged of the values (``holders``: account_id, value) that a
    community's flagged accounts (``nodes``: membership) hold at least ``cfg.lift_hub_min_share``
    of: the campaign's own exits."""
    flagged = nodes.filter("flagged").select("account_id", "community")
    return (holders.join(flagged, on="account_id").group_by("value", "community")
            .agg(holders_flagged=pl.len())
            .join(holders.group_by("value").agg(holders_all=pl.len()), on="value")
            .filter(pl.col("holders_flagged") >= cfg.lift_hub_min_share * pl.col("holders_all")))


def _owned_hub_links(hubs: pl.DataFrame, nodes: pl.DataFrame, cfg: CampaignConfig,
                     counted: pl.Expr) -> pl.DataFrame:
    """account_id, community, link_weight of unflagged accounts through hubs that a community's
    flagged accounts hold at least ``cfg.lift_hub_min_share`` of (see membership); only the
    holdings (account_id, kinds) ``counted`` keeps count."""
    holders = hubs.select(account_id="a", value="b", w="weight", kinds="kinds")
    owned = _owned_values(holders.select("account_id", "value"), nodes, cfg)
    return (holders.join(nodes.filter(~pl.col("flagged")).select("account_id", "community"),
                         on="account_id")
            .join(owned, on=["value", "community"])
            .filter(counted)
            .group_by("account_id", "community")
            .agg(link_weight=(pl.col("w") * pl.col("holders_flagged")).sum()))


def split_by_work(members: pl.DataFrame, edges: pl.DataFrame, features: pl.DataFrame,
                  cfg: CampaignConfig) -> pl.DataFrame:
    """``members`` (membership output) with each community split where operations that share
    infrastructure do different work (``community`` renumbered; one value per campaign).

    Two operations that buy exits from one proxy pool are one community of the account graph, but
    each does its own work. Inside a community each link is weighted by how alike its two
    accounts' capability mixes are (in full when identical, not at all from
    ``cfg.split_max_mix_distance`` total variation), Leiden finds the parts, and each part,
    largest first, joins the first group whose founding part's pooled mix (exchanges of its
    accounts) is within that distance of its own, or founds a group: an operation's loosely
    linked pathways that do the same work stay one campaign. A part tied to a group by no link
    of ``cfg.split_tie_kinds`` (card, mail domain, signup network, lockstep: who runs them), only
    by shared exits or content, must be within ``cfg.split_untied_mix_distance`` to join it: two
    operations on one proxy pool share nothing else, an operation's pathways often a card or a
    signup network. A group with fewer than ``cfg.min_flagged_accounts`` flagged (not lifted)
    accounts, or less than ``cfg.split_min_share`` of the community's, joins the largest: a few
    odd accounts of an operation, or bystanders, are not an operation of their own.
    ``features``: account_id, n_events and the capability share columns."""
    shares = [capability_share_column(c) for c in TAGGED_CAPABILITIES]
    mixes = (members.join(features.select("account_id", "n_events", *shares), on="account_id",
                          how="left", maintain_order="left")
             .with_columns(pl.col("n_events", *shares).fill_null(0))
             .sort("community", "account_id").with_row_index("node"))
    node = mixes.select("account_id", "community", "node")
    tied = pl.col("kinds").list.set_intersection(pl.lit(cfg.split_tie_kinds, pl.List(pl.String)))
    inside = (edges.select("a", "b", "weight", tied=tied.list.len() > 0)
              .join(node.rename({"account_id": "a", "node": "na"}), on="a")
              .join(node.rename({"account_id": "b", "community": "cb", "node": "nb"}), on="b")
              .filter(pl.col("community") == pl.col("cb")))
    links = inside.partition_by("community", as_dict=True)
    groups = np.zeros(mixes.height, dtype=np.int64)
    for (community,), part in mixes.partition_by("community", as_dict=True).items():
        first = int(part["node"][0])
        own = links.get((community,))
        flagged = (~part["lifted"]).to_numpy()
        if own is None or flagged.sum() < 2 * cfg.min_flagged_accounts:
            continue  # too few flagged accounts for two campaigns
        groups[first:first + part.height] = _work_groups(
            part.select(shares).to_numpy(), part["n_events"].to_numpy().astype(np.float64),
            flagged, own["na"].to_numpy().astype(np.int64) - first,
            own["nb"].to_numpy().astype(np.int64) - first, own["weight"].to_numpy(),
            own["tied"].to_numpy(), cfg,
            max(cfg.min_flagged_accounts, cfg.split_min_share * flagged.sum()))
    return (mixes.with_columns(group=groups)
            .with_columns(community=pl.col("community").cast(pl.Int64) * (mixes.height + 1)
                          + pl.col("group"))
            .select(members.columns))


def join_tied(members: pl.DataFrame, incidence: pl.DataFrame, features: pl.DataFrame,
              cfg: CampaignConfig) -> pl.DataFrame:
    """``members`` (split_by_work output) with the campaigns one operation runs made one.

    An operation's access pathways that share no exit are separate communities of the account
    graph. Two campaigns whose flagged accounts share a value of ``cfg.split_tie_kinds`` in
    ``incidence`` (a card, a mail domain, a signup network: who runs them) and whose pooled mixes
    are within ``cfg.split_untied_mix_distance`` join, transitively. One shared value is a thin
    tie (operations sign up from the same cloud networks and the same universities' mail
    domains), so the mixes must be as close as those of untied parts of a community
    (split_by_work): the same work, not merely related work.
    ``features``: account_id, n_events and the capability share columns."""
    flagged = members.filter(~pl.col("lifted")).select("account_id", "community")
    held = (incidence.filter(pl.col("kind").is_in(cfg.split_tie_kinds))
            .join(flagged, on="account_id").select("kind", "value", "community").unique())
    pairs = (held.join(held, on=["kind", "value"], suffix="_other")
             .filter(pl.col("community") < pl.col("community_other"))
             .select("community", "community_other").unique())
    if pairs.is_empty():
        return members
    shares = [capability_share_column(c) for c in TAGGED_CAPABILITIES]
    pooled = _pooled_mixes(flagged, features).sort("community")
    ids = pooled["community"].to_numpy()
    mix = pooled.select(shares).to_numpy()
    a = np.searchsorted(ids, pairs["community"].to_numpy())
    b = np.searchsorted(ids, pairs["community_other"].to_numpy())
    same = _apart(mix[a], mix[b]) <= cfg.split_untied_mix_distance
    _, component = csgraph.connected_components(
        sparse.coo_matrix((np.ones(int(same.sum())), (a[same], b[same])),
                          shape=(len(ids), len(ids))), directed=False)
    first = np.full(int(component.max()) + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, component, ids)
    joined = pl.DataFrame({"community": ids, "joined": first[component]},
                          schema={"community": members.schema["community"], "joined": pl.Int64})
    return (members.join(joined, on="community", how="left", maintain_order="left")
            .with_columns(community=pl.coalesce(pl.col("joined").cast(members.schema["community"]),
                                                "community"))
            .select(members.columns))


def _work_groups(mix: np.ndarray, volume: np.ndarray, flagged: np.ndarray, a: np.ndarray,
                 b: np.ndarray, weight: np.ndarray, tied: np.ndarray, cfg: CampaignConfig,
                 min_flagged: float) -> np.ndarray:
    """Group (int) of each account of one community; see split_by_work."""
    max_distance = cfg.split_max_mix_distance
    alike = np.clip(1.0 - _apart(mix[a], mix[b]) / max(max_distance, 1e-9), 0.0, 1.0)
    parts = leiden(len(mix), a, b, weight * alike, resolution=SPLIT_RESOLUTION, seed=SPLIT_SEED)
    n_parts = int(parts.max()) + 1
    ties = _part_ties(parts, a[tied], b[tied], n_parts, cfg.split_tie_min_share)
    pooled = np.zeros((n_parts, mix.shape[1]))
    np.add.at(pooled, parts, mix * volume[:, None])
    pooled /= np.maximum(np.bincount(parts, weights=volume, minlength=n_parts), 1.0)[:, None]
    order = np.argsort(-np.bincount(parts, minlength=n_parts), kind="stable")
    group = np.empty(n_parts, dtype=np.int64)
    roots: list[int] = []  # the largest part of each group so far, largest group first
    assigned = np.zeros(n_parts, dtype=bool)
    for part in order:
        if roots:
            neighbours = ties.indices[ties.indptr[part]:ties.indptr[part + 1]]
            tied_groups = np.unique(group[neighbours[assigned[neighbours]]])
            allowed = np.where(np.isin(roots, tied_groups), max_distance,
                               cfg.split_untied_mix_distance)
            matches = np.flatnonzero(_apart(pooled[roots], pooled[part]) <= allowed)
            if matches.size:
                group[part] = roots[matches[0]]
                assigned[part] = True
                continue
        roots.append(part)
        group[part] = part
        assigned[part] = True
    per_account = group[parts]
    flagged_per = np.bincount(per_account, weights=flagged.astype(np.float64), minlength=n_parts)
    return np.where(flagged_per[per_account] < min_flagged, group[order[0]], per_account)


def _part_ties(parts: np.ndarray, a: np.ndarray, b: np.ndarray, n_parts: int,
               min_share: float) -> sparse.csr_matrix:
    """Which parts tie links (a, b) join: part p is tied to part q when at least ``min_share`` of
    p's accounts have a tie link into q, or of q's into p (one shared mail domain among hundreds
    of accounts is a coincidence; who runs both parts shows in many of them)."""
    ends = np.unique(np.stack([np.concatenate([a, b]), parts[np.concatenate([b, a])]]), axis=1)
    sizes = np.maximum(np.bincount(parts, minlength=n_parts), 1)
    share = sparse.coo_matrix((1.0 / sizes[parts[ends[0]]], (parts[ends[0]], ends[1])),
                              shape=(n_parts, n_parts))
    share.sum_duplicates()  # one entry per part pair: the share of p's accounts tied into q
    held = (share.data >= min_share) & (share.row != share.col)
    rows, cols = share.row[held], share.col[held]
    return sparse.coo_matrix((np.ones(2 * rows.size), (np.concatenate([rows, cols]),
                                                      np.concatenate([cols, rows]))),
                             shape=(n_parts, n_parts)).tocsr()


def _apart(mix: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Total variation distance between capability mixes, row by row (NumPy twin of
    features.accounts.mix_distance)."""
    return 0.5 * np.abs(mix - other).sum(axis=-1)


def campaign_mix_distance(nodes: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """How far each account's capability mix is from its community's flagged accounts' (their
    exchanges pooled), as features.accounts.mix_distance.

    ``nodes``: account_id, community, flagged; ``features``: account_id, n_events and the
    capability share columns. Returns account_id, mix_distance."""
    shares = {c: capability_share_column(c) for c in TAGGED_CAPABILITIES}
    mixes = nodes.select("account_id", "community").join(
        features.select("account_id", *shares.values()), on="account_id")
    pooled = _pooled_mixes(nodes.filter("flagged").select("account_id", "community"), features)
    return mixes.join(pooled, on="community", how="left", suffix="_pooled").select(
        "account_id", mix_distance=mix_distance({c: pl.col(s + "_pooled")
                                                 for c, s in shares.items()}))


def _pooled_mixes(accounts: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """community and the capability share columns of each community's ``accounts`` (account_id,
    community) with their exchanges pooled (``features``: n_events and the share columns)."""
    shares = [capability_share_column(c) for c in TAGGED_CAPABILITIES]
    return (accounts.join(features.select("account_id", "n_events", *shares), on="account_id")
            .group_by("community")
            .agg([(pl.col(s) * pl.col("n_events")).sum() / pl.col("n_events").sum()
                  for s in shares]))


def _evidence(members: list[str], incidence: pl.DataFrame, inside: pl.DataFrame,
              weights: dict[str, float]) -> list[dict[str, Any]]:
    """Shared indicators among a campaign's members (``inside``: the links between them), strongest
    kind first."""
    mine = incidence.filter(pl.col("account_id").is_in(members))
    shared = (mine.group_by("kind", "value").agg(n=pl.len()).filter(pl.col("n") >= 2)
              .group_by("kind").agg(values=pl.len(), covered=pl.col("n").max()))
    out = []
    for row in shared.iter_rows(named=True):
        kind = row["kind"]
        if kind not in EVIDENCE_NAMES:
            continue
        name, text = EVIDENCE_NAMES[kind]
        links = int(inside.filter(pl.col("kinds").list.contains(kind)).height)
        out.append({"kind": name,
                    "detail": f"up to {row['covered']} of {len(members)} accounts "
                              + text.format(values=row["values"]) + f"; {links} linked pairs",
                    "weight": round(weights.get(kind, 0.0) * min(1.0, links / max(1, len(members))),
                                    4)})
    for kind, (name, text) in PAIR_EVIDENCE.items():
        pairs = inside.filter(pl.col("kinds").list.contains(kind))
        if pairs.height:
            involved = pl.concat([pairs["a"], pairs["b"]]).n_unique()
            out.append({"kind": name,
                        "detail": f"{involved} of {len(members)} accounts {text}; "
                                  f"{pairs.height} linked pairs",
                        "weight": round(weights.get(kind, 0.0)
                                        * min(1.0, pairs.height / max(1, len(members))), 4)})
    return sorted(out, key=lambda e: (-e["weight"], e["kind"]))


def build_campaigns(scores: pl.DataFrame, features: pl.DataFrame, edges: pl.DataFrame,
                    groups: pl.DataFrame, incidence: pl.DataFrame, cfg: CampaignConfig,
                    indicator_weights: dict[str, float],
                    hubs: pl.DataFrame | None = None,
                    cohorts: CohortConfig | None = None) -> Campaigns:
    """Campaign documents (contract fields) and each member's campaign id, largest first
    (``cohorts``: which accounts are vetted and which links lift them, see membership)."""
    members = join_tied(split_by_work(membership(scores, edges, groups, features, cfg, hubs,
                                                 incidence, cohorts), edges, features, cfg),
                        incidence, features, cfg)
    per_account = features.select(
        "account_id", "n_events", "first_seen", "last_seen", "output_tokens",
        *[capability_share_column(c) for c in TAGGED_CAPABILITIES]).join(
        scores.select("account_id", "score"), on="account_id")
    docs, rows = [], []
    for (_community,), part in members.partition_by("community", as_dict=True).items():
        ids = sorted(part["account_id"].to_list())
        campaign_id = _campaign_id(ids)
        info = per_account.filter(pl.col("account_id").is_in(ids))
        n_ex = int(info["n_events"].sum())
        caps = reported_capabilities(
            {c: float((info[capability_share_column(c)] * info["n_events"]).sum()) / max(1, n_ex)
             for c in TAGGED_CAPABILITIES})
        inside = edges.filter(pl.col("a").is_in(ids) & pl.col("b").is_in(ids))
        # coordination: share of member pairs directly linked, saturating
        pairs = max(1, len(ids) * (len(ids) - 1) // 2)
        coordination = min(1.0, inside.height / pairs * 4)
        mean_score = float(info["score"].mean())
        score = 1 - (1 - mean_score) * (1 - cfg.coordination_weight * coordination)
        action = next((a for a, floor in cfg.actions.items() if score >= floor), "throttle")
        docs.append({
            "campaign_id": campaign_id,
            "score": round(score, 4),
            "accounts": ids,
            "n_accounts": len(ids),
            "n_lifted": int(part["lifted"].sum()),
            "n_exchanges": n_ex,
            "first_seen": info["first_seen"].min().isoformat(),
            "last_seen": info["last_seen"].max().isoformat(),
            "capabilities": caps,
            "estimated_output_tokens": int(info["output_tokens"].sum()),
            "evidence": _evidence(ids, incidence, inside, indicator_weights),
            "recommended_action": action,
        })
        rows.append(part.with_columns(campaign_id=pl.lit(campaign_id)))
    docs.sort(key=lambda d: (-d["n_accounts"], d["campaign_id"]))
    table = (pl.concat(rows) if rows else
             pl.DataFrame(schema={"account_id": pl.String, "community": pl.Int64,
                                  "lifted": pl.Boolean, "link_weight": pl.Float64,
                                  "mix_distance": pl.Float64,
                                  "campaign_id": pl.String}))
    return Campaigns(membership=table.select("account_id", "campaign_id", "lifted", "link_weight",
                                             "mix_distance"),
                     documents=docs)
