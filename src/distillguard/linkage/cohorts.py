"""Cohorts: what an account's linked community does together (how many of its members harvest, at what volume).

Consumes account fingerprints (features.accounts) and the communities of the account graph (linkage.graph);
produces per-account cohort columns: the evidence that only the group gives away when every account of an
operation looks like an ordinary paying user on its own."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse

from distillguard.config import CohortConfig
from distillguard.features.accounts import capability_share_column
from distillguard.features.peers import peer_keyed, peer_levels
from distillguard.io.schema import TAGGED_CAPABILITIES

COHORT_COLUMNS = ("cohort_accounts", "cohort_customers", "cohort_harvesters", "cohort_targeters",
                  "cohort_exchanges", "cohort_harvest_share", "cohort_target_share", "cohort_alignment",
                  "cohort_harvest_exchanges", "cohort_target_exchanges", "cohort_deterministic_share",
                  "cohort_attachment", "identity_attachment", "tie_attachment",
                  "population_harvesters",
                  "population_targeters", "other_harvesters", "other_targeters", "tied_harvesters",
                  "fleet_harvesters",
                  "coordinated_harvest", "coordinated_target")


def harvests(cfg: CohortConfig) -> pl.Expr:
    """Whether an account (with ``harvest_share``) is a harvesting member of a cohort."""
    return pl.col("harvest_share") >= cfg.harvest_min_share


def targets(cfg: CohortConfig) -> pl.Expr:
    """Whether an account (with ``target_share``) works the harvested capabilities as a member."""
    return pl.col("target_share") >= cfg.target_min_share


def customer(org: str = "org_id") -> pl.Expr:
    """Who an account is as a customer: its organization (column ``org``), else itself."""
    return pl.coalesce(pl.lit("org:") + pl.col(org), pl.lit("acct:") + pl.col("account_id"))


def customer_key(account: str, org: str | None) -> str:
    """customer() for one account: the key its organization, else the account, is counted by."""
    return f"org:{org}" if org else f"acct:{account}"


def _cosine(left: list[str], right: list[str]) -> pl.Expr:
    """Cosine similarity of two vectors held in columns (0 when either is all zero)."""
    dot = pl.sum_horizontal([pl.col(a) * pl.col(b) for a, b in zip(left, right, strict=True)])
    norm = (pl.sum_horizontal([pl.col(a) ** 2 for a in left]).sqrt()
            * pl.sum_horizontal([pl.col(b) ** 2 for b in right]).sqrt())
    return pl.when(norm > 0).then(dot / norm).otherwise(0.0)


def _attached(weight: str | pl.Expr, cfg: CohortConfig) -> pl.Expr:
    """How far an attachment (a column or an expression) ties an account in: none at half
    ``cfg.min_attachment``, in full from it."""
    half = cfg.min_attachment / 2
    weight = pl.col(weight) if isinstance(weight, str) else weight
    return ((weight - half) / half).clip(0.0, 1.0)


def target_attachment(cfg: CohortConfig) -> pl.Expr:
    """The attachment that counts for target coordination: every link of an account that rotates
    network prefixes (``cfg.rotating_prefix_share``: a fleet on a proxy pool), else only its links
    of ``cfg.tie_kinds`` (tie_attachment): the many customers of a coworking space's, a campus's
    or a cloud's exits who all code are a crowd."""
    return (pl.when(pl.col("prefix_rotation") >= cfg.rotating_prefix_share)
            .then(pl.col("cohort_attachment")).otherwise(pl.col("tie_attachment")))


def fleet(cfg: CohortConfig) -> pl.Expr:
    """fleet_harvesters: the other harvesting customers the account is tied to by who it is
    (``tied_harvesters``: infrastructure, payment, signup, timing, or one tool's harnesses, app pool
    or wrapper kit) rather than by what any client sends, as far as it is attached by such links.
    Evaluation teams grading with the same public rubric are linked by content alone: a crowd of
    jobs, not a fleet; and a lab's benchmark runner tied to its two colleagues is a fleet of its
    lab, not of every harvester its benchmarks' templates link it to."""
    return (pl.col("tied_harvesters").cast(pl.Float64)
            * _attached("identity_attachment", cfg)).alias("fleet_harvesters")


def coordination(cfg: CohortConfig, bar: pl.Expr | None = None) -> list[pl.Expr]:
    """coordinated_harvest and coordinated_target from the cohort columns (see cohort_features).

    Each is scaled by the cohort's volume on what it coordinates: none below
    ``cfg.min_exchanges`` exchanges (``bar``, a per-account expression, where given: online, a
    fleet's fresh heads), in full from ten times that (log scale) — a few dozen developers trying
    out the same public grading prompts are not a harvest; and by how firmly
    the account is linked into the cohort: none at half ``cfg.min_attachment``, in full from it —
    a user who once shared a residential exit with one of an operation's accounts is a bystander.
    Target capabilities are what most paying developers use, so for coordinated_target the
    attachment is target_attachment: shared exits alone tie in only accounts that rotate through
    them."""
    alignment = pl.col("cohort_alignment") ** 2
    out = []
    for name, share, minimum, members in (
            ("coordinated_harvest", "harvest_share", cfg.harvest_min_share, "harvesters"),
            ("coordinated_target", "target_share", cfg.target_min_share, "targeters")):
        own = (pl.col(share) / minimum).clip(upper_bound=1.0)
        # what the cohort does beyond what customers do anyway: where half of all customers code,
        # a VPN exit's or campus's crowd in which half code is a crowd, not a coordinated group
        base = pl.col(f"population_{members}")
        fraction = ((pl.col(f"cohort_{members}") / pl.col("cohort_customers") - base)
                    / (1.0 - base).clip(lower_bound=1e-9)).clip(0.0, 1.0)
        kind = "harvest" if members == "harvesters" else "target"
        volume = ((pl.col(f"cohort_{kind}_exchanges").cast(pl.Float64).clip(lower_bound=1.0)
                   / (cfg.min_exchanges if bar is None else bar)).log10().clip(0.0, 1.0))
        others = pl.col(f"other_{members}")
        attached = _attached("cohort_attachment" if kind == "harvest" else target_attachment(cfg),
                             cfg)
        out.append(pl.when(others >= cfg.min_other_customers)
                   .then(others.cast(pl.Float64).log1p() * own * alignment * fraction * volume
                         * attached)
                   .otherwise(0.0).alias(name))
    return out


SHARES = [capability_share_column(c) for c in TAGGED_CAPABILITIES]
KNOWN_SCHEMA = {"account_id": pl.String, "cohort_customers": pl.Int64,
                "cohort_harvesters": pl.Int64, "cohort_targeters": pl.Int64,
                "cohort_harvest_exchanges": pl.Float64, "cohort_target_exchanges": pl.Float64,
                **{f"cohort_{c}": pl.Float64 for c in SHARES}}


def campaign_cohort_rows(tied: dict[str, str | None], campaigns: dict[str, dict],
                         cfg: CohortConfig, harvest: list[str], target: list[str]) -> pl.DataFrame:
    """What a campaign document says of the cohort of each account tied to it (KNOWN_SCHEMA): its
    members, and whether they harvest or target by its capability shares (``harvest`` and
    ``target`` are the capabilities that count)."""
    rows = []
    for account, campaign_id in tied.items():
        doc = campaigns.get(campaign_id) if campaign_id else None
        if doc is None:
            continue
        caps = doc.get("capabilities") or {}
        n = max(1, int(doc.get("n_accounts") or len(doc.get("accounts") or []) or 1))
        harvest_share = sum(float(caps.get(c, 0.0)) for c in harvest)
        target_share = sum(float(caps.get(c, 0.0)) for c in target)
        exchanges = doc.get("n_exchanges")
        rows.append({"account_id": account, "cohort_customers": n,
                     "cohort_harvesters": n if harvest_share >= cfg.harvest_min_share else 0,
                     "cohort_targeters": n if target_share >= cfg.target_min_share else 0,
                     "cohort_harvest_exchanges": None if exchanges is None
                     else float(exchanges) * harvest_share,
                     "cohort_target_exchanges": None if exchanges is None
                     else float(exchanges) * target_share,
                     **{f"cohort_{capability_share_column(c)}": float(caps.get(c, 0.0))
                        for c in TAGGED_CAPABILITIES}})
    return pl.DataFrame(rows, schema=KNOWN_SCHEMA)


def known_cohorts(features: pl.DataFrame, known: pl.DataFrame, cfg: CohortConfig,
                  bar: pl.Expr | None = None) -> pl.DataFrame:
    """Cohort columns from what the online service knows of each account's cohort (KNOWN_SCHEMA;
    a missing capability mix is the account's own). Accounts without a row are a cohort of one.
    ``features`` has ``n_sent``: the exchanges each account has sent in all (its fingerprint
    covers only the recent ones). ``bar``: see coordination."""
    own_h = harvests(cfg).cast(pl.Int64)
    own_t = targets(cfg).cast(pl.Int64)
    return (features.join(known.cast(KNOWN_SCHEMA), on="account_id", how="left",
                          maintain_order="left")
            .with_columns(pl.col("cohort_customers").fill_null(1),
                          pl.col("cohort_harvesters").fill_null(own_h),
                          pl.col("cohort_targeters").fill_null(own_t))
            # a cohort whose volume is unknown (the sketches count accounts, not exchanges) is
            # taken to send what this account sends, once per customer
            .with_columns(pl.col("cohort_harvest_exchanges").fill_null(
                              pl.col("cohort_customers") * pl.col("n_sent") * pl.col("harvest_share")),
                          pl.col("cohort_target_exchanges").fill_null(
                              pl.col("cohort_customers") * pl.col("n_sent") * pl.col("target_share")),
                          *[pl.col(f"cohort_{c}").fill_null(pl.col(c)) for c in SHARES],
                          # the sketches do not keep how a cohort samples: as this account does
                          cohort_deterministic_share=pl.col("temperature_zero_share"))
            .with_columns(pl.col("cohort_harvesters").clip(upper_bound=pl.col("cohort_customers")),
                          pl.col("cohort_targeters").clip(upper_bound=pl.col("cohort_customers")),
                          # what the reasons quote: online, accounts are counted as customers
                          cohort_accounts=pl.col("cohort_customers"),
                          # online cohorts are what ties the account (a campaign, a rare exit),
                          # never a crowd: no base rate to discount
                          cohort_attachment=pl.lit(cfg.min_attachment),
                          identity_attachment=pl.lit(cfg.min_attachment),
                          tie_attachment=pl.lit(cfg.min_attachment),
                          population_harvesters=pl.lit(0.0), population_targeters=pl.lit(0.0),
                          cohort_exchanges=pl.max_horizontal(
                              pl.col("cohort_customers") * pl.col("n_sent"),
                              "cohort_harvest_exchanges", "cohort_target_exchanges").round(0)
                          .cast(pl.Int64))
            .with_columns(cohort_harvest_share=(pl.col("cohort_harvest_exchanges")
                                                / pl.col("cohort_exchanges").clip(lower_bound=1))
                          .clip(upper_bound=1.0),
                          other_harvesters=(pl.col("cohort_harvesters") - own_h).clip(lower_bound=0),
                          # a campaign is one operation: its harvesters are the account's fleet
                          tied_harvesters=(pl.col("cohort_harvesters") - own_h).clip(lower_bound=0),
                          other_targeters=(pl.col("cohort_targeters") - own_t).clip(lower_bound=0),
                          cohort_alignment=_cosine(SHARES, [f"cohort_{c}" for c in SHARES]))
            .with_columns(fleet(cfg), *coordination(cfg, bar)))


def _content_only(cfg: CohortConfig) -> pl.Expr:
    """Whether a link (with ``kinds``) says only what its accounts send."""
    return pl.col("kinds").list.eval(pl.element().is_in(cfg.content_kinds)).list.all()


def _any_kind(kinds: list[str]) -> pl.Expr:
    """Whether a link (with ``kinds``) has one of ``kinds``."""
    return pl.col("kinds").list.eval(pl.element().is_in(kinds)).list.any()


def _untied(cfg: CohortConfig, content_only: pl.Expr | None = None) -> pl.Expr:
    """Whether a link says only what its accounts send (``content_only``, when already worked
    out), and nothing that makes them one tool's accounts (``cfg.fleet_kinds``): it ties no
    fleet."""
    return ((_content_only(cfg) if content_only is None else content_only)
            & ~_any_kind(cfg.fleet_kinds))


def tied_harvesters(members: pl.DataFrame, links: pl.DataFrame, cfg: CohortConfig) -> pl.DataFrame:
    """account_id, tied_harvesters: the harvesting customers other than the account's own among
    the accounts of its community it reaches through links that say who runs an account or that
    it is one tool's (not of content kinds alone but ``cfg.fleet_kinds``; a hub shared inside the
    community joins its holders there). ``members``:
    account_id, community, customer, harvester; ``links`` as for attachment."""
    member = members.filter(pl.col("community").is_not_null()).select(
        "account_id", "community", "customer", "harvester")
    if member.is_empty():
        return pl.DataFrame(schema={"account_id": pl.String, "tied_harvesters": pl.Int64})
    ident = links.filter(~_untied(cfg)).select("a", "b")
    both = pl.concat([ident, ident.select(a="b", b="a")])
    mine = both.join(member.select(a="account_id", ca="community"), on="a")
    pairs = (mine.join(member.select(b="account_id", cb="community"), on="b")
             .filter(pl.col("ca") == pl.col("cb")).select("a", "b"))
    # a hub is one node per community: holders in two communities are not joined through it
    hubs = (mine.filter(pl.col("b").str.starts_with("hub:"))
            .select("a", b=pl.col("b") + "|" + pl.col("ca").cast(pl.String)))
    edges = pl.concat([pairs, hubs])
    nodes = pl.concat([member["account_id"], edges["b"]]).unique(maintain_order=True)
    index = pl.DataFrame({"node": nodes, "i": np.arange(len(nodes), dtype=np.int64)})
    ends = (edges.join(index.rename({"node": "a", "i": "ia"}), on="a")
            .join(index.rename({"node": "b", "i": "ib"}), on="b"))
    graph = sparse.coo_matrix((np.ones(ends.height), (ends["ia"].to_numpy(), ends["ib"].to_numpy())),
                              shape=(len(nodes), len(nodes)))
    _, label = sparse.csgraph.connected_components(graph, directed=False)
    tied = member.with_columns(group=pl.Series(label[:member.height]))
    harvesting = (tied.filter("harvester").group_by("group")
                  .agg(harvesting=pl.col("customer").n_unique()))
    own = (tied.group_by("group", "customer").agg(own=pl.col("harvester").any().cast(pl.Int64)))
    return (tied.join(harvesting, on="group", how="left").join(own, on=["group", "customer"])
            .select("account_id", tied_harvesters=(pl.col("harvesting").fill_null(0)
                                                   - pl.col("own")).clip(lower_bound=0)))


def attachment(members: pl.DataFrame, links: pl.DataFrame, cfg: CohortConfig) -> pl.DataFrame:
    """How firmly each account is linked to the other customers of its community (account_id,
    cohort_attachment, identity_attachment, tie_attachment): the weight of its edges to members of
    another customer plus that of its hub links shared with another customer of the community,
    links of content kinds alone at ``cfg.content_attachment`` of their weight (or the largest
    ``cfg.content_attachment_by_kind`` of their kinds); identity_attachment
    counts only the links that say who the account is or whose tool it is (not of content kinds
    alone but ``cfg.fleet_kinds``), and
    tie_attachment only the links with a kind of ``cfg.tie_kinds`` (content ones, such as a shared
    harvest playbook, at the same share again). ``members``: account_id,
    community, customer, vetted; ``links``: linkage edges and hub links, a/b/weight/kinds. Links
    inside one customer (a company's employees behind its NAT) say nothing of coordination between
    customers, and only links of ``cfg.vetted_kinds`` attach a vetted account (a verified account
    of ``cfg.vetted_tiers``: an aggregator relaying the same public apps as a hydra from the same
    cloud networks)."""
    member = members.select("account_id", "community", "customer", "vetted")
    content_only = _content_only(cfg)
    tied = _any_kind(cfg.tie_kinds)
    weighted = (links.with_columns(content_only=content_only)
                .with_columns(untied=_untied(cfg, pl.col("content_only")),
                              w=pl.when("content_only")
                              .then(pl.col("weight") * pl.max_horizontal(
                                  pl.lit(cfg.content_attachment),
                                  *[pl.when(pl.col("kinds").list.contains(kind)).then(share)
                                    .otherwise(0.0)
                                    for kind, share in cfg.content_attachment_by_kind.items()]))
                              .otherwise(pl.col("weight")))
                .select("a", "b", "w",
                        identity=pl.when("untied").then(0.0).otherwise(pl.col("weight")),
                        tie=pl.when(tied).then(pl.col("w")).otherwise(0.0),
                        vetting=_any_kind(cfg.vetted_kinds)))
    both = pl.concat([weighted.select(x="a", y="b", w="w", identity="identity", tie="tie",
                                      vetting="vetting"),
                      weighted.select(x="b", y="a", w="w", identity="identity", tie="tie",
                                      vetting="vetting")])
    unvetted = ~pl.col("vx") | pl.col("vetting")  # see CohortConfig.vetted_tiers
    mine = (both.join(member.rename({"account_id": "x", "community": "cx", "customer": "ux",
                                     "vetted": "vx"}), on="x")
            .with_columns(w=pl.col("w") * unvetted, tie=pl.col("tie") * unvetted))
    edges = (mine.join(member.rename({"account_id": "y", "community": "cy", "customer": "uy"}),
                       on="y")
             .filter((pl.col("cy") == pl.col("cx")) & (pl.col("uy") != pl.col("ux"))))
    hubs = (mine.filter(pl.col("y").str.starts_with("hub:") & pl.col("cx").is_not_null())
            .filter(pl.col("ux").n_unique().over("y", "cx") > 1))
    return (pl.concat([edges.select("x", "w", "identity", "tie"),
                       hubs.select("x", "w", "identity", "tie")])
            .group_by("x").agg(cohort_attachment=pl.col("w").sum(),
                               identity_attachment=pl.col("identity").sum(),
                               tie_attachment=pl.col("tie").sum())
            .rename({"x": "account_id"}))


def peer_expectation(members: pl.DataFrame, cfg: CohortConfig) -> pl.DataFrame:
    """cohort, peer_harvesters: the share of a cohort's customers that would harvest were each
    like its peers: the mean over its customers of the share of their accounts' peers outside the
    cohort that harvest, at the finest level of ``cfg.peer_keys`` with at least ``cfg.min_peers``
    such accounts (none: 0). ``members``: account_id, cohort, customer, harvester and the peer key
    columns."""
    keys = [k for k in cfg.peer_keys if k in members.columns]
    levels = [level for level in peer_levels(keys) if level]
    rates = []
    for level in levels:
        outside = pl.len().over(level) - pl.len().over([*level, "cohort"])
        doing = (pl.col("harvester").sum().over(level)
                 - pl.col("harvester").sum().over([*level, "cohort"]))
        rates.append(pl.when(outside >= cfg.min_peers)
                     .then(doing.cast(pl.Float64) / outside.cast(pl.Float64)))
    rate = pl.coalesce(rates).fill_null(0.0) if rates else pl.lit(0.0)
    return (peer_keyed(members, keys)
            .select("cohort", "customer", rate=rate)
            .group_by("cohort", "customer").agg(pl.col("rate").mean())
            .group_by("cohort").agg(peer_harvesters=pl.col("rate").mean()))


def vetted_accounts(features: pl.DataFrame, cfg: CohortConfig) -> pl.Expr:
    """Whether each account is verified on a tier of ``cfg.vetted_tiers`` (a frame without the
    account metadata columns, or an account without metadata: not vetted)."""
    if not {"verified", "tier"} <= set(features.columns):
        return pl.lit(False)
    return (pl.col("verified").fill_null(False)
            & pl.col("tier").is_in(cfg.vetted_tiers).fill_null(False))


def cohort_features(features: pl.DataFrame, groups: pl.DataFrame, links: pl.DataFrame,
                    cfg: CohortConfig) -> pl.DataFrame:
    """``features`` with COHORT_COLUMNS added. An account outside every community is a cohort of one.
    ``links``: the linkage edges and hub links (a, b, weight, kinds), for each account's attachment.

    Coordination is counted in customers, not accounts: the accounts of one organization (a
    company's coding-agent seats, an ed-tech platform's students) are one customer, an account
    without an organization is its own. A customer harvests when one of its accounts has at least
    ``cfg.harvest_min_share`` of its exchanges as harvest asks, and targets when one has at least
    ``cfg.target_min_share`` on target capabilities.

    ``coordinated_harvest`` = log(1 + other harvesting customers of the cohort) × the account's
    own harvest share relative to that minimum (capped at 1) × the squared cosine similarity of
    its capability mix with the cohort's × the share of the cohort's customers that harvest beyond
    the share of the customers outside it that do, or, when larger, the share its customers' peers
    would (``population_harvesters``; see peer_expectation): a bystander that shares a VPN exit
    with an operation but asks for nothing it harvests gets none of it; an evaluation job that
    grades with a public rubric the operation also uses, but does nothing else the operation does,
    little; a campus's students who do their coding homework in bulk no more often than customers
    anywhere are a crowd; a community of developers who try grading prompts as often as developers
    do is developers; and a company's team is one customer, whose links to each other attach it to
    nobody (see attachment). ``coordinated_target`` likewise, against the customers outside the
    cohort only (most paying developers work target capabilities: their peers would excuse an
    operation that copies their client)."""
    shares = [capability_share_column(c) for c in TAGGED_CAPABILITIES]
    peer_keys = [k for k in cfg.peer_keys if k in features.columns]
    members = (features.select("account_id", "org_id", "n_events", "harvest_share", "target_share",
                               "temperature_zero_share", "prefix_rotation", *shares, *peer_keys,
                               vetted=vetted_accounts(features, cfg))
               .join(groups.select("account_id", "community"), on="account_id", how="left")
               .with_columns(
                   cohort=pl.coalesce(pl.col("community").cast(pl.String),
                                      pl.lit("self:") + pl.col("account_id")),
                   customer=customer(),
                   harvester=harvests(cfg), targeter=targets(cfg)))
    customers = (members.group_by("cohort", "customer")
                 .agg(customer_harvests=pl.col("harvester").any(),
                      customer_targets=pl.col("targeter").any()))
    harvest = pl.col("harvest_share") * pl.col("n_events")
    harvested = harvest.sum()
    weighted = {c: (pl.col(c) * pl.col("n_events")).sum() / pl.col("n_events").sum()
                for c in ("harvest_share", "target_share", "temperature_zero_share", *shares)}
    cohorts = (members.group_by("cohort").agg(
        cohort_accounts=pl.len(),
        cohort_exchanges=pl.col("n_events").sum(),
        cohort_harvest_share=weighted["harvest_share"],
        cohort_target_share=weighted["target_share"],
        # how the cohort's harvest asks are sampled: the chat of a judge's colleagues behind
        # its company's exits says nothing of how its evaluation jobs run
        cohort_deterministic_share=pl.when(harvested > 0)
        .then((pl.col("temperature_zero_share") * harvest).sum() / harvested)
        .otherwise(weighted["temperature_zero_share"]),
        cohort_harvest_exchanges=harvested,
        cohort_target_exchanges=(pl.col("target_share") * pl.col("n_events")).sum(),
        **{f"cohort_{c}": weighted[c] for c in shares})
        .join(customers.group_by("cohort").agg(
            cohort_customers=pl.len(),
            cohort_harvesters=pl.col("customer_harvests").sum(),
            cohort_targeters=pl.col("customer_targets").sum()), on="cohort"))
    # the base rate a cohort is judged against: the customers outside it (an operation's own
    # accounts must not raise the bar it is measured by)
    total = customers.select(n=pl.len(), harvesters=pl.col("customer_harvests").sum(),
                             targeters=pl.col("customer_targets").sum()).row(0, named=True)
    rest = (float(total["n"]) - pl.col("cohort_customers").cast(pl.Float64)).clip(lower_bound=1.0)
    cohorts = cohorts.with_columns(
        population_harvesters=(float(total["harvesters"])
                               - pl.col("cohort_harvesters").cast(pl.Float64)) / rest,
        population_targeters=(float(total["targeters"])
                              - pl.col("cohort_targeters").cast(pl.Float64)) / rest)
    # ... or, when larger, what its customers' peers do: a community of developers is judged
    # against developers
    cohorts = (cohorts.join(peer_expectation(members, cfg), on="cohort", how="left")
               .with_columns(pl.max_horizontal("population_harvesters", "peer_harvesters"))
               .drop("peer_harvesters"))
    per_account = (members.join(cohorts, on="cohort", how="left")
                   .join(customers, on=["cohort", "customer"], how="left")
                   .join(attachment(members, links, cfg), on="account_id", how="left")
                   .join(tied_harvesters(members, links, cfg), on="account_id", how="left")
                   .with_columns(pl.col("cohort_attachment", "identity_attachment",
                                        "tie_attachment").fill_null(0.0),
                                 pl.col("tied_harvesters").fill_null(0),
                       other_harvesters=pl.col("cohort_harvesters")
                       - pl.col("customer_harvests").cast(pl.Int64),
                       other_targeters=pl.col("cohort_targeters")
                       - pl.col("customer_targets").cast(pl.Int64),
                       cohort_alignment=_cosine(shares, [f"cohort_{c}" for c in shares]))
                   .with_columns(fleet(cfg), *coordination(cfg))
                   .select("account_id", *COHORT_COLUMNS))
    return features.join(per_account, on="account_id", how="left", maintain_order="left")
