"""Account linkage: shared indicators → weighted account graph → communities (Leiden).

Consumes featurized event partitions (features.events) and the accounts table; produces weighted edges
between accounts (and account-hub links for popular infrastructure), and a community per account."""

from __future__ import annotations

from collections.abc import Sequence

import igraph as ig
import leidenalg
import numpy as np
import polars as pl

from distillguard.config import LinkageConfig

INCIDENCE_SCHEMA = {"account_id": pl.String, "kind": pl.String, "value": pl.String}
EDGE_SCHEMA = {"a": pl.String, "b": pl.String, "weight": pl.Float64,
               "kinds": pl.List(pl.String)}

# indicators read from events: kind → expression giving the indicator value of an exchange
EVENT_INDICATORS: dict[str, pl.Expr] = {
    "ip": pl.col("ip"),
    "ip_prefix": pl.col("ip_prefix"),
    "client_fingerprint": pl.col("client_fingerprint"),
    "template": pl.col("template_sig").cast(pl.String),
}


def event_incidence(partitions: Sequence[pl.LazyFrame], kinds: list[str]) -> pl.DataFrame:
    """Distinct (account, indicator kind, value) triplets of the events."""
    frames = []
    for events in partitions:
        for kind in kinds:
            frames.append(events.select("account_id", kind=pl.lit(kind),
                                        value=EVENT_INDICATORS[kind])
                          .drop_nulls("value").unique())
    if not frames:
        return pl.DataFrame(schema=INCIDENCE_SCHEMA)
    return pl.concat(frames, how="vertical").collect(engine="streaming").cast(INCIDENCE_SCHEMA)


def account_incidence(accounts: pl.DataFrame | None, kinds: list[str],
                      common_domains: set[str]) -> pl.DataFrame:
    """(account, kind, value) from the accounts table: payment, signup /24, email domain.

    Free-mail domains never link accounts."""
    if accounts is None or accounts.is_empty():
        return pl.DataFrame(schema=INCIDENCE_SCHEMA)
    exprs = {
        "payment": pl.col("payment_fingerprint"),
        "signup_prefix": pl.col("signup_ip").str.extract(r"^(\d+\.\d+\.\d+)\.\d+$", 1),
        "email_domain": pl.when(~pl.col("email_domain").str.to_lowercase()
                                .is_in(sorted(common_domains)))
        .then(pl.col("email_domain").str.to_lowercase()),
    }
    frames = [accounts.select("account_id", kind=pl.lit(k), value=exprs[k]) for k in kinds
              if k in exprs]
    if not frames:
        return pl.DataFrame(schema=INCIDENCE_SCHEMA)
    return pl.concat(frames).drop_nulls("value").unique().cast(INCIDENCE_SCHEMA)


def kind_strength(cfg: LinkageConfig) -> pl.Expr:
    """The configured strength of each row's indicator kind."""
    return pl.col("kind").replace_strict(list(cfg.indicator_weights),
                                         list(cfg.indicator_weights.values()),
                                         return_dtype=pl.Float64)


def indicator_rarity(incidence: pl.DataFrame, cfg: LinkageConfig) -> pl.DataFrame:
    """Accounts holding each value of a configured kind, and its rarity 1 / log2(1 + accounts)."""
    return (incidence.filter(pl.col("kind").is_in(list(cfg.indicator_weights)))
            .group_by("kind", "value").agg(accounts=pl.len())
            .with_columns(rarity=1 / (1 + pl.col("accounts").cast(pl.Float64)).log(2)))


def link_edges(incidence: pl.DataFrame, cfg: LinkageConfig,
               pair_links: pl.DataFrame | None = None) -> pl.DataFrame:
    """Account pairs (a < b) linked by the indicators they share (EDGE_SCHEMA).

    Per kind, the rarities of the shared values add up and saturate at the kind's strength
    (strength × (1 − e^−Σrarity)): a hundred shared templates are not a shared card. The kinds'
    contributions add up; pairs below ``cfg.min_edge_weight`` are dropped, and so are pairs whose
    link is only behaviour (``cfg.behaviour_kinds``: the same public harness or template can be
    used by unrelated clients) without ``cfg.min_infrastructure_weight`` of shared infrastructure.
    Values held by one account link nothing; values held by more than
    ``cfg.max_indicator_accounts`` (a coding agent's prompt, a VPN exit) make no pairs either,
    which also keeps the pair count bounded (see hub_links). ``pair_links`` (a < b, kind, weight)
    adds links measured on pairs directly, such as lockstep timing (linkage.lockstep)."""
    rarity = (indicator_rarity(incidence, cfg)
              .filter(pl.col("accounts").is_between(2, cfg.max_indicator_accounts)))
    shared = incidence.join(rarity.select("kind", "value", "rarity"), on=["kind", "value"])
    per_kind = (shared.join(shared.select("kind", "value", b="account_id"), on=["kind", "value"])
                .filter(pl.col("account_id") < pl.col("b"))
                .group_by(pl.col("account_id").alias("a"), "b", "kind")
                .agg(pl.col("rarity").sum())
                .with_columns(weight=kind_strength(cfg) * (1 - (-pl.col("rarity")).exp()))
                .drop("rarity"))
    if pair_links is not None:
        per_kind = pl.concat([per_kind, pair_links], how="vertical_relaxed")
    behaviour = pl.col("kind").is_in(cfg.behaviour_kinds)
    pairs = (per_kind.group_by("a", "b")
             .agg(pl.col("weight").sum(), kinds=pl.col("kind").sort(),
                  infrastructure=pl.col("weight").filter(~behaviour).sum()))
    return (pairs.filter(pl.col("weight") >= cfg.min_edge_weight,
                         pl.col("infrastructure") >= cfg.min_infrastructure_weight)
            .drop("infrastructure").cast(EDGE_SCHEMA).sort("a", "b"))


def hub_links(incidence: pl.DataFrame, cfg: LinkageConfig) -> pl.DataFrame:
    """Account → hub edges for infrastructure values too popular to link pairwise (a proxy pool's
    exit used by hundreds of accounts): (a = account, b = "hub:kind:value", weight, kinds).

    A hub joins its accounts in one community without enumerating their pairs, so memory stays
    linear; only ``cfg.hub_kinds`` make hubs (a /24 or a public template is too weak for it).
    Hubs are not edges between accounts: they never lift an account into a campaign."""
    popular = (indicator_rarity(incidence, cfg)
               .filter(pl.col("kind").is_in(cfg.hub_kinds),
                       pl.col("accounts") > cfg.max_indicator_accounts))
    return (incidence.join(popular, on=["kind", "value"])
            .select(a="account_id", b=pl.concat_str(pl.lit("hub:"), "kind", pl.lit(":"), "value"),
                    weight=kind_strength(cfg) * pl.col("rarity"), kinds=pl.concat_list("kind"))
            .cast(EDGE_SCHEMA).sort("a", "b"))


def communities(edges: pl.DataFrame, hubs: pl.DataFrame, cfg: LinkageConfig) -> pl.DataFrame:
    """Leiden communities of accounts linked by ``edges`` and ``hubs``: (account_id, community).

    Deterministic: fixed seed, nodes in sorted order. Hub nodes are left out of the result."""
    links = pl.concat([edges, hubs])
    if links.is_empty():
        return pl.DataFrame(schema={"account_id": pl.String, "community": pl.Int64})
    nodes = pl.concat([links["a"], links["b"]]).unique().sort()
    index = {name: i for i, name in enumerate(nodes.to_list())}
    graph = ig.Graph(n=len(index), edges=list(zip(links["a"].replace_strict(index).to_list(),
                                                  links["b"].replace_strict(index).to_list(),
                                                  strict=True)))
    partition = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights=links["weight"].to_list(),
        resolution_parameter=cfg.resolution, seed=cfg.seed, n_iterations=-1)
    membership = np.asarray(partition.membership)
    return (pl.DataFrame({"account_id": nodes, "community": membership.astype(np.int64)})
            .filter(~pl.col("account_id").str.starts_with("hub:")))
