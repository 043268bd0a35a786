#!/usr/bin/env python
"""cleanroom_e: simulator of LLM API request logs with distillation campaigns and ground truth.

    python generate.py --out DIR --seed N --preset default|hard --scale small|medium [--corpora PATH]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from cre.common import DAY, HOUR, MODELS, Clients, Net, World, stream  # noqa: E402
from cre.corpora import Corpora  # noqa: E402
from cre.pools import Pools  # noqa: E402
from cre import personas, operations, assemble  # noqa: E402

SCALES = {"small": dict(f_acct=0.11, days=(5, 7)), "medium": dict(f_acct=1.0, days=(10, 14))}


def build_world(seed, preset, scale):
    sc = SCALES[scale]
    r = stream(seed, "world", scale)
    days = int(r.integers(sc["days"][0], sc["days"][1] + 1))
    first = dt.datetime(2025, 1, 6)
    start = first + dt.timedelta(days=int(r.integers(0, 420)))
    t0 = int((start - dt.datetime(1970, 1, 1)).total_seconds()) * 1_000_000
    t1 = t0 + days * DAY
    frac = r.uniform(0.4, 0.65)
    release_t = t0 + int(frac * days) * DAY + int(r.uniform(15, 19.5) * HOUR)
    before = {MODELS[0]: r.uniform(380, 450), MODELS[1]: r.uniform(280, 340), MODELS[2]: r.uniform(140, 180),
              MODELS[3]: r.uniform(110, 135), MODELS[4]: r.uniform(70, 100)}
    w = World(seed=seed, preset=preset, scale=scale, days=days, t0=t0, t1=t1, release_t=release_t,
              release_days_before=before, net=Net(seed), clients=Clients())
    # population scales with the preset size; slightly more accounts in short windows so
    # that totals stay in the target band whatever the drawn number of days
    w.notes["f_acct"] = sc["f_acct"] * (sum(sc["days"]) / 2.0 / days) ** 0.3
    return w


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", choices=["default", "hard"], default="default")
    ap.add_argument("--scale", choices=["small", "medium"], default="small")
    # <repo>/../shared/corpora, as the other generators
    ap.add_argument("--corpora", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "corpora"))
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    t = time.time()
    C = Corpora(a.corpora)
    w = build_world(a.seed, a.preset, a.scale)
    pl_ = Pools(w, C)
    personas.generate_legit(w, pl_)
    t_leg = time.time()
    operations.generate_ops(w, pl_)
    t_ops = time.time()
    meta = assemble.assemble(w, a.out)
    if not a.quiet:
        print(f"wrote {a.out}: {meta['sizes']['events']:,} events, {meta['sizes']['accounts']:,} accounts, "
              f"{meta['days']} days from {meta['start']} (legit {t_leg - t:.1f}s, ops {t_ops - t_leg:.1f}s, "
              f"total {time.time() - t:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
