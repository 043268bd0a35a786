"""What links the accounts of one actor (persona or operation) of a labelled world, to each other and to others.

    python benchmarks/inspect_links.py cleanroom_f hard 1 reseller_hydra [agentic_harvest ...]
                                       [--root /tmp/dg-generalization] [--scale medium]

For each named actor of the world (generated once under --root, as the other benchmarks do): the links of
the scan's account graph between two of its accounts, by link kind (count, median weight); the links to
other actors' accounts, by actor and kind; and how its accounts fall into the graph's communities. The
question it answers is the one a missed operation or a flagged crowd raises first: which of the
indicators the linkage reads (cards, mail domains, signup networks, exits, templates, playbooks,
scaffolds, lockstep timing) tie these accounts, and to whom."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from distillguard.config import load_config
from generators import load_world, make_world


def actor_links(edges: pl.DataFrame, truth: pl.DataFrame, actor: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(inside, outside): the links between two accounts of ``actor`` by kind (links, median weight),
    and its links to other actors' accounts by actor and kind (links). ``edges``: a, b, weight,
    kinds; ``truth``: account_id, actor."""
    ends = (edges.join(truth.select(a="account_id", actor_a="actor"), on="a", how="left")
            .join(truth.select(b="account_id", actor_b="actor"), on="b", how="left")
            .explode("kinds"))
    mine_a, mine_b = pl.col("actor_a") == actor, pl.col("actor_b") == actor
    inside = (ends.filter(mine_a & mine_b).group_by(kind="kinds")
              .agg(links=pl.len(), median_weight=pl.col("weight").median().round(3))
              .sort("links", descending=True))
    outside = (ends.filter(mine_a ^ mine_b)
               .with_columns(other=pl.when(mine_a).then("actor_b").otherwise("actor_a"))
               .group_by("other", kind="kinds").agg(links=pl.len())
               .sort("links", descending=True))
    return inside, outside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generator")
    parser.add_argument("preset")
    parser.add_argument("seed", type=int)
    parser.add_argument("actors", nargs="+")
    parser.add_argument("--root", type=Path, default=Path("/tmp/dg-generalization"))
    parser.add_argument("--scale", default="medium")
    args = parser.parse_args()
    pl.Config.set_tbl_rows(40)
    world = load_world(make_world(args.root, args.generator, args.seed, args.preset,
                                  scale=args.scale), load_config())
    truth = world.truth.with_columns(pl.col("actor").fill_null("?"))
    groups = world.linkage.groups.join(truth, on="account_id", how="right")
    for actor in args.actors:
        inside, outside = actor_links(world.linkage.edges, truth, actor)
        communities = (groups.filter(pl.col("actor") == actor).group_by("community").len()
                       .sort("len", descending=True).head(10))
        print(f"## {actor}\n\nlinks between two of its accounts:\n{inside}\n\n"
              f"links to other actors:\n{outside.head(15)}\n\n"
              f"communities (null: in none):\n{communities}\n")


if __name__ == "__main__":
    main()
