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
from scipy import sparse

from distillguard.config import LinkageConfig
from distillguard.features.arrays import run_starts

INCIDENCE_SCHEMA = {"account_id": pl.String, "kind": pl.String, "value": pl.String}
EDGE_SCHEMA = {"a": pl.String, "b": pl.String, "weight": pl.Float64,
               "kinds": pl.List(pl.String)}

# indicators read from events: kind → the featurized event column holding its value
EVENT_INDICATORS: dict[str, str] = {
    "ip": "ip",
    "ip_prefix": "ip_prefix",
    "client_fingerprint": "client_fingerprint",
    "template": "template_sig",
}


def event_incidence(partitions: Sequence[pl.LazyFrame], kinds: list[str]) -> pl.DataFrame:
    """Distinct (account, indicator kind, value) triplets of the events (values as text).

    Each partition is read once for all kinds, into its distinct (account, values) rows; each
    kind's values are cast to text only once they are distinct."""
    frames = []
    for events in partitions:
        held = events.select("account_id", *[EVENT_INDICATORS[k] for k in kinds]).unique().collect()
        frames.extend(held.select("account_id", kind=pl.lit(k),
                                  value=pl.col(EVENT_INDICATORS[k]).cast(pl.String))
                      .drop_nulls("value").unique() for k in kinds)
    if not frames:
        return pl.DataFrame(schema=INCIDENCE_SCHEMA)
    return pl.concat(frames, how="vertical").cast(INCIDENCE_SCHEMA)


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


def _positions(values: pl.Series, names: pl.Series) -> np.ndarray:
    """Index of each of ``values`` in ``names`` (distinct, sorted: the graph's node numbering)."""
    index = pl.DataFrame({"name": names, "i": np.arange(len(names), dtype=np.int64)})
    return (values.to_frame("name").join(index, on="name", how="left", maintain_order="left")
            ["i"].to_numpy())


def _shared_sums(account: np.ndarray, value: np.ndarray, rarity: np.ndarray,
                 n_accounts: int) -> sparse.coo_matrix:
    """For every two accounts (a < b) holding a common value: the sum of the rarities of the
    values they share (``account``, ``value``: codes of the holdings; ``rarity``: of each
    holding's value). One sparse product H · diag(rarity) · Hᵀ of the holdings matrix, summed in
    value-code order."""
    columns = int(value.max()) + 1 if len(value) else 0
    held = sparse.csr_matrix((np.ones(len(account)), (account, value)),
                             shape=(n_accounts, columns))
    weighted = sparse.csr_matrix((rarity, (account, value)), shape=(n_accounts, columns))
    return sparse.triu(held @ weighted.T, k=1, format="coo")


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

    Accounts are numbered in name order and values in (kind, value) order, so every sum is taken
    in one order whatever the order of the input rows: the weights are the same to the last bit
    from one run to another. The per-kind sums are sparse matrix products (see _shared_sums):
    the pairs of a value are never listed one by one."""
    rarity = indicator_rarity(incidence, cfg) if rarity is None else rarity
    values = (rarity.filter(pl.col("accounts").is_between(2, cfg.max_indicator_accounts))
              .sort("kind", "value").select("kind", "value", "rarity").with_row_index("vid"))
    shared = incidence.join(values, on=["kind", "value"])
    links = pl.DataFrame(schema={"a": pl.String, "b": pl.String, "kind": pl.String,
                                 "weight": pl.Float64})
    if pair_links is not None:
        links = pair_links.select("a", "b", "kind", "weight").cast(links.schema)
    names = pl.concat([shared["account_id"], links["a"], links["b"]]).unique().sort()
    kinds = pl.Series(sorted(set(shared["kind"].to_list()) | set(links["kind"].to_list())),
                      dtype=pl.String)
    n, nk = len(names), max(len(kinds), 1)

    def kind_number(column: pl.Series) -> np.ndarray:
        return column.replace_strict(kinds, range(len(kinds)), return_dtype=pl.Int64).to_numpy()

    account, kind_of = _positions(shared["account_id"], names), kind_number(shared["kind"])
    vid, value_rarity = shared["vid"].to_numpy().astype(np.int64), shared["rarity"].to_numpy()
    pair_kind, weight = [], []
    for k in np.unique(kind_of):
        mine = kind_of == k
        # a kind's values are one range of codes: start it at 0
        sums = _shared_sums(account[mine], vid[mine] - vid[mine].min(), value_rarity[mine], n)
        pair_kind.append((sums.row.astype(np.int64) * n + sums.col) * nk + k)
        weight.append(cfg.indicator_weights[kinds[int(k)]] * (1 - np.exp(-sums.data)))
    # with the pairs measured directly (lockstep, playbook), by (a, b, kind)
    pair_kind.append((_positions(links["a"], names) * n + _positions(links["b"], names)) * nk
                     + kind_number(links["kind"]))
    weight.append(links["weight"].to_numpy())
    pair_kind = np.concatenate(pair_kind).astype(np.int64)
    weight = np.concatenate(weight).astype(np.float64)
    order = np.argsort(pair_kind, kind="stable")
    pair_kind, weight = pair_kind[order], weight[order]
    kind = pair_kind % nk
    behaviour = kinds.is_in(list(cfg.behaviour_kinds)).to_numpy()[kind]
    pair = pair_kind // nk
    starts = run_starts(pair)
    if not len(starts):
        return pl.DataFrame(schema=EDGE_SCHEMA)
    total = np.add.reduceat(weight, starts)
    infrastructure = np.add.reduceat(np.where(behaviour, 0.0, weight), starts)
    keep = (total >= cfg.min_edge_weight) & (infrastructure >= cfg.min_infrastructure_weight)
    sizes = np.diff(np.append(starts, len(pair)))[keep]
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    rows = np.repeat(starts[keep] - offsets[:-1], sizes) + np.arange(offsets[-1])
    kept = pair[starts[keep]]
    return (pl.DataFrame({"a": names.gather(kept // n), "b": names.gather(kept % n),
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
    membership = leiden(len(nodes), _positions(links["a"], nodes), _positions(links["b"], nodes),
                        links["weight"].to_numpy(), resolution=cfg.resolution, seed=cfg.seed)
    return (pl.DataFrame({"account_id": nodes, "community": membership})
            .filter(~pl.col("account_id").str.starts_with("hub:")))


def leiden(n_nodes: int, a: np.ndarray, b: np.ndarray, weights: np.ndarray, *, resolution: float,
           seed: int) -> np.ndarray:
    """Community (int64) of each of ``n_nodes`` nodes linked by the weighted edges ``a``–``b``:
    modularity at ``resolution`` (RB configuration model), igraph's Leiden, deterministic for a
    ``seed``."""
    # python-igraph reads an edge list item by item: tuples of ints are its fastest input
    graph = ig.Graph(n=n_nodes, edges=list(zip(a.tolist(), b.tolist(), strict=True)))
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(objective_function="modularity", weights=weights,
                                            resolution=resolution, n_iterations=2)
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(clustering.membership, dtype=np.int64)
