"""Account linkage: shared indicators → weighted account graph → communities (Leiden).

Consumes featurized event partitions (features.events) and the accounts table; produces weighted edges
between accounts (and account-hub links for popular infrastructure), and a community per account."""

from __future__ import annotations

import random
from collections.abc import Sequence

import igraph as ig
import numpy as np
import polars as pl
import pyarrow as pa

from distillguard.config import LinkageConfig
from distillguard.features.arrays import kahan_sums, run_starts

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


def kind_strength(cfg: LinkageConfig, kind: pl.Expr | None = None) -> pl.Expr:
    """The configured strength of each row's indicator kind."""
    kind = pl.col("kind") if kind is None else kind
    return kind.replace_strict(list(cfg.indicator_weights),
                                         list(cfg.indicator_weights.values()),
                                         return_dtype=pl.Float64)


def indicator_rarity(incidence: pl.DataFrame, cfg: LinkageConfig) -> pl.DataFrame:
    """Accounts holding each value of a configured kind, and its rarity 1 / log2(1 + accounts)."""
    return (incidence.filter(pl.col("kind").is_in(list(cfg.indicator_weights)))
            .group_by("kind", "value").agg(accounts=pl.len())
            .with_columns(rarity=rarity_of(pl.col("accounts"))))


def rarity_of(accounts: pl.Expr) -> pl.Expr:
    """How much a value held by ``accounts`` accounts says: 1 / log2(1 + accounts)."""
    return 1 / (1 + accounts.cast(pl.Float64)).log(2)


def _pairs_within(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index pairs (i < j) of every two rows in the same run of ``groups`` (sorted)."""
    starts = run_starts(groups)
    sizes = np.diff(np.append(starts, len(groups)))
    after = np.repeat(starts + sizes, sizes) - np.arange(len(groups)) - 1  # later rows of its run
    first = np.repeat(np.arange(len(groups)), after)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    return first, first + 1 + offset


def link_edges(incidence: pl.DataFrame, cfg: LinkageConfig,
               pair_links: pl.DataFrame | None = None, *,
               rarity: pl.DataFrame | None = None) -> pl.DataFrame:
    """Account pairs (a < b) linked by the indicators they share (EDGE_SCHEMA).

    Per kind, the rarities of the shared values add up and saturate at the kind's strength
    (strength × (1 − e^−Σrarity)): a hundred shared templates are not a shared card. The kinds'
    contributions add up; pairs below ``cfg.min_edge_weight`` are dropped, and so are pairs whose
    link is only behaviour (``cfg.behaviour_kinds``: the same public harness or template can be
    used by unrelated clients) without ``cfg.min_infrastructure_weight`` of shared infrastructure.
    Values held by one account link nothing; values held by more than
    ``cfg.max_indicator_accounts`` (a coding agent's prompt, a VPN exit) make no pairs either,
    which also keeps the pair count bounded (see hub_links). ``pair_links`` (a < b, kind, weight)
    adds links measured on pairs directly, such as lockstep timing (linkage.lockstep).
    ``rarity`` is indicator_rarity(incidence, cfg) when the caller has it already.

    Accounts and kinds are numbered in name order and every pair sharing a value is one integer
    key (pair, kind, holders of the value), so the sums come from one sort; names are put back on
    the pairs that remain. Sums are compensated as Polars' grouped sums are, in key order (a hash
    aggregation's order is arbitrary: a weight's last bit may differ from one run to another)."""
    rarity = indicator_rarity(incidence, cfg) if rarity is None else rarity
    values = (rarity.filter(pl.col("accounts").is_between(2, cfg.max_indicator_accounts))
              .select("kind", "value", "accounts").with_row_index("vid"))
    shared = incidence.join(values, on=["kind", "value"])
    links = pl.DataFrame(schema={"a": pl.String, "b": pl.String, "kind": pl.String,
                                 "weight": pl.Float64})
    if pair_links is not None:
        links = pair_links.select("a", "b", "kind", "weight").cast(links.schema)
    names = pl.concat([shared["account_id"], links["a"], links["b"]]).unique().sort()
    kinds = pl.Series(sorted(set(shared["kind"].to_list()) | set(links["kind"].to_list())),
                      dtype=pl.String)
    n, nk = np.uint64(len(names)), np.uint64(max(len(kinds), 1))
    code = pl.DataFrame({"name": names, "code": np.arange(len(names), dtype=np.uint64)})

    def number(column: pl.Series) -> np.ndarray:
        return (column.to_frame("name").join(code, on="name", how="left", maintain_order="left")
                ["code"].to_numpy())

    def kind_number(column: pl.Series) -> np.ndarray:
        return column.replace_strict(kinds, range(len(kinds)), return_dtype=pl.UInt64).to_numpy()

    # every two holders of a value: one key (a, b, kind) and the number of holders of the value
    held = np.sort((shared["vid"].to_numpy().astype(np.uint64) << np.uint64(32))
                   | number(shared["account_id"]))
    vid = (held >> np.uint64(32)).astype(np.int64)
    account = held & np.uint64(0xFFFFFFFF)
    first, second = _pairs_within(vid)
    width = np.uint64(int(cfg.max_indicator_accounts).bit_length())
    holders = values["accounts"].to_numpy().astype(np.uint64)[vid[first]]
    pair_kind = (account[first] * n + account[second]) * nk + kind_number(values["kind"])[vid[first]]
    if (len(names) ** 2 * int(nk)) << int(width) < 1 << 64:  # one packed key: a plain sort
        keys = np.sort((pair_kind << width) | holders)
        pair_kind, holders = keys >> width, keys & ((np.uint64(1) << width) - np.uint64(1))
    else:
        order = np.lexsort((holders, pair_kind))
        pair_kind, holders = pair_kind[order], holders[order]
    starts = run_starts(pair_kind)
    # the rarity of a value from its holders, computed as indicator_rarity does (bit for bit)
    per_value = (pl.select(rarity_of(pl.int_range(int(cfg.max_indicator_accounts) + 1)))
                 .to_series().to_numpy()[holders.astype(np.int64)])
    per_kind = pl.DataFrame({"kind": kinds.gather((pair_kind[starts] % nk).astype(np.int64)),
                             "rarity": kahan_sums(per_value, starts)})
    weight = per_kind.select(kind_strength(cfg) * (1 - (-pl.col("rarity")).exp())).to_series()
    # with the pairs measured directly (lockstep, playbook), by (a, b, kind)
    linked = (number(links["a"]) * n + number(links["b"])) * nk + kind_number(links["kind"])
    pair_kind = np.concatenate([pair_kind[starts], linked])
    order = np.argsort(pair_kind, kind="stable")
    pair_kind = pair_kind[order]
    weight = np.concatenate([weight.to_numpy(), links["weight"].to_numpy()])[order]
    kind = (pair_kind % nk).astype(np.int64)
    behaviour = kinds.is_in(list(cfg.behaviour_kinds)).to_numpy()[kind]
    pair = pair_kind // nk
    starts = run_starts(pair)
    if not len(starts):
        return pl.DataFrame(schema=EDGE_SCHEMA)
    total = kahan_sums(weight, starts)
    infrastructure = kahan_sums(np.where(behaviour, 0.0, weight), starts)
    keep = (total >= cfg.min_edge_weight) & (infrastructure >= cfg.min_infrastructure_weight)
    sizes = np.diff(np.append(starts, len(pair)))[keep]
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    rows = np.repeat(starts[keep] - offsets[:-1], sizes) + np.arange(offsets[-1])
    kept = pair[starts[keep]]
    return (pl.DataFrame({"a": names.gather((kept // n).astype(np.int64)),
                          "b": names.gather((kept % n).astype(np.int64)),
                          "weight": total[keep]})
            .with_columns(kinds=_lists(kinds.gather(kind[rows]), offsets))
            .cast(EDGE_SCHEMA))


def _lists(values: pl.Series, offsets: np.ndarray) -> pl.Series:
    """A list column whose i-th list is values[offsets[i]:offsets[i + 1]]."""
    # offsets go through Polars: pa.array() on a NumPy array imports pandas (0.3 s) to check it
    array = pa.LargeListArray.from_arrays(pl.Series(offsets.astype(np.int64)).to_arrow(),
                                          values.to_arrow())
    return pl.Series("kinds", array).cast(pl.List(pl.String))


def hub_links(incidence: pl.DataFrame, cfg: LinkageConfig, *,
              rarity: pl.DataFrame | None = None) -> pl.DataFrame:
    """Account → hub edges for infrastructure values too popular to link pairwise (a proxy pool's
    exit used by hundreds of accounts): (a = account, b = "hub:kind:value", weight, kinds).

    A hub joins its accounts in one community without enumerating their pairs, so memory stays
    linear; only ``cfg.hub_kinds`` make hubs (a /24 or a public template is too weak for it).
    Hubs are not edges between accounts: they never lift an account into a campaign.
    ``rarity`` is indicator_rarity(incidence, cfg) when the caller has it already."""
    rarity = indicator_rarity(incidence, cfg) if rarity is None else rarity
    popular = rarity.filter(pl.col("kind").is_in(cfg.hub_kinds),
                            pl.col("accounts") > cfg.max_indicator_accounts)
    return (incidence.join(popular, on=["kind", "value"])
            .select(a="account_id", b=pl.concat_str(pl.lit("hub:"), "kind", pl.lit(":"), "value"),
                    weight=kind_strength(cfg) * pl.col("rarity"), kinds=pl.concat_list("kind"))
            .cast(EDGE_SCHEMA).sort("a", "b"))


def communities(edges: pl.DataFrame, hubs: pl.DataFrame, cfg: LinkageConfig) -> pl.DataFrame:
    """Leiden communities of accounts linked by ``edges`` and ``hubs``: (account_id, community).

    Modularity at resolution ``cfg.resolution`` (the RB configuration model), optimised by igraph's
    own Leiden (C; 15x faster than the leidenalg package on a medium world, same quality).
    Deterministic: nodes in sorted order, igraph's random numbers drawn from a generator seeded
    with ``cfg.seed``. Hub nodes are left out of the result."""
    links = pl.concat([edges, hubs])
    if links.is_empty():
        return pl.DataFrame(schema={"account_id": pl.String, "community": pl.Int64})
    nodes = pl.concat([links["a"], links["b"]]).unique().sort()
    index = pl.DataFrame({"name": nodes, "i": pl.int_range(len(nodes), eager=True)})

    def number(column: str) -> np.ndarray:
        return (links.select(name=column).join(index, on="name", how="left",
                                               maintain_order="left")["i"].to_numpy())

    graph = ig.Graph(n=len(nodes), edges=np.column_stack([number("a"), number("b")]))
    ig.set_random_number_generator(random.Random(cfg.seed))
    try:
        clustering = graph.community_leiden(
            objective_function="modularity", weights=links["weight"].to_numpy(),
            resolution=cfg.resolution, n_iterations=2)
    finally:
        ig.set_random_number_generator(random)
    membership = np.asarray(clustering.membership)
    return (pl.DataFrame({"account_id": nodes, "community": membership.astype(np.int64)})
            .filter(~pl.col("account_id").str.starts_with("hub:")))
