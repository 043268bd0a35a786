#!/usr/bin/env python
"""Clean-room world generator C for distillguard.

    python generate.py --out DIR --seed N --preset default|hard [--scale small|medium] [--days D] [--corpora PATH]

Writes events.parquet, accounts.parquet, releases.parquet, truth.parquet and
events_truth.parquet (see README.md in this folder).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import operations  # noqa: E402
import personas  # noqa: E402
from util import SS  # noqa: E402
from core import MODELS_OLD, TIER_RPM, THINKING_MODELS, World, hexids  # noqa: E402

EVENT_COLS = ["request_id", "ts", "account_id", "ip", "model", "prompt", "input_tokens", "output_tokens", "org_id",
              "api_key_id", "asn", "country", "user_agent", "client_fingerprint", "surface", "system_prompt",
              "n_turns", "tools_declared", "has_image", "reasoning_tokens", "max_tokens", "temperature", "status"]


def default_corpora() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


def text_tokens(s: pl.Series) -> np.ndarray:
    s = s.fill_null("")
    total = s.str.len_chars().to_numpy()
    non_ascii = s.str.count_matches(r"[^\x00-\x7F]").to_numpy()
    cpt = 3.5 + (s.hash(seed=7).to_numpy() % 1000) / 1000 * 0.8
    return np.ceil((total - non_ascii) / cpt + non_ascii * 0.9).astype(np.int64)


def finalize(w: World, out: Path) -> dict:
    r = w.rng
    ev = pl.concat(w.ev_parts, how="vertical")
    ev = ev.filter((pl.col("t") >= 0) & (pl.col("t") < w.T))
    # deterministic order: by time, ties broken by a random key drawn here
    ev = ev.with_columns(pl.Series("_tie", r.random(ev.height))).sort(["t", "_tie"]).drop("_tie")
    n = ev.height
    A = w.accounts_table()
    tier_of = A["tier"][ev["acct"].to_numpy()]

    # ---------------------------------------------------------------- tokens
    # a deterministic "tokenizer": the same text always costs the same number of tokens
    input_tokens = (text_tokens(ev["prompt"]) + text_tokens(ev["system_prompt"])
                    + ev["tools_declared"].to_numpy() * 140  # tool schemas travel with the request
                    + ev["extra_in"].to_numpy() + 7)
    out_base = np.nan_to_num(ev["out_base"].to_numpy(), nan=150.0)
    visible = np.maximum(1, np.round(out_base)).astype(np.int64)
    model = ev["model"].to_numpy()
    think = ev["think"].to_numpy() & np.isin(model, list(THINKING_MODELS))
    ratio = r.choice(w.C.traces.reason_ratio, n)
    reasoning = np.where(think, np.round(visible * ratio / (1 - ratio) * r.uniform(0.8, 1.6, n)), 0).astype(np.int64)
    maxt = ev["max_tokens"].to_numpy().astype(np.int64)
    total = visible + reasoning
    over = total > maxt
    scale = np.where(over, maxt / np.maximum(total, 1), 1.0)
    reasoning = np.floor(reasoning * scale).astype(np.int64)
    output = np.where(over, maxt, total).astype(np.int64)
    output = np.maximum(output, reasoning + np.minimum(1, maxt))

    # ---------------------------------------------------------------- status
    status = np.full(n, "ok", dtype=object)
    forced = ev["forced_status"].to_numpy()
    fmask = forced != None  # noqa: E711
    # per-minute rate limits by tier
    lim = np.array([TIER_RPM[t] for t in tier_of]) if n else np.zeros(0)
    rk = (pl.DataFrame({"a": ev["acct"], "m": (ev["t"] // 60).cast(pl.Int64)})
          .with_columns(pl.int_range(pl.len()).over(["a", "m"]).alias("k"))["k"].to_numpy())
    rl = rk >= lim
    refused = r.random(n) < ev["risk"].to_numpy()
    err = r.random(n) < 0.003
    status[err] = "error"
    status[refused] = "refused"
    status[rl] = "rate_limited"
    status[fmask] = forced[fmask]
    ok = status == "ok"
    ref = status == "refused"
    output = np.where(ok, output, np.where(ref, r.integers(15, 70, n), 0))
    reasoning = np.where(ok, reasoning, 0)

    # ---------------------------------------------------------------- ids
    acct = ev["acct"].to_numpy()
    nk = A["nkeys"][acct]
    slot = ev["key_slot"].to_numpy()
    slot = np.where(slot >= 0, np.minimum(slot, nk - 1), (r.random(n) * nk).astype(np.int64))
    api_key = A["keys"][acct, slot]
    req = hexids(r, n, 12, "req_")
    start_us = int(w.start.timestamp() * 1_000_000)
    ts_us = start_us + np.round(ev["t"].to_numpy() * 1e6).astype(np.int64)
    events = pl.DataFrame({
        "request_id": SS(req),
        "ts": pl.Series(ts_us).cast(pl.Datetime("us", "UTC")),
        "account_id": SS(A["account_id"][acct]),
        "ip": ev["ip"], "model": ev["model"], "prompt": ev["prompt"].fill_null(""),
        "input_tokens": input_tokens, "output_tokens": output,
        "org_id": SS(A["org_id"][acct]),
        "api_key_id": SS(api_key),
        "asn": ev["asn"], "country": ev["country"], "user_agent": ev["user_agent"],
        "client_fingerprint": ev["client_fingerprint"], "surface": ev["surface"],
        "system_prompt": ev["system_prompt"], "n_turns": ev["n_turns"], "tools_declared": ev["tools_declared"],
        "has_image": ev["has_image"], "reasoning_tokens": reasoning, "max_tokens": ev["max_tokens"],
        "temperature": ev["temperature"], "status": SS(status),
    }).select(EVENT_COLS)
    actor_of = A["actor"][acct]
    events_truth = pl.DataFrame({
        "request_id": events["request_id"], "account_id": events["account_id"],
        "campaign_id": ev["campaign_id"], "actor": SS(actor_of), "role": ev["role"],
    })

    # ---------------------------------------------------------------- accounts (only those that sent traffic)
    seen = np.zeros(w.n_acc, bool)
    seen[acct] = True
    first_t = np.full(w.n_acc, np.inf)
    np.minimum.at(first_t, acct, ev["t"].to_numpy())
    created = A["created_at"].copy()
    late = created > first_t - 60
    created[late] = first_t[late] - r.uniform(120, 6 * 3600, int(late.sum()))
    keep = np.nonzero(seen)[0]
    created_us = start_us + np.round(created[keep] * 1e6).astype(np.int64)
    accounts = pl.DataFrame({
        "account_id": SS(A["account_id"][keep]),
        "created_at": pl.Series(created_us).cast(pl.Datetime("us", "UTC")),
        "tier": SS(A["tier"][keep]),
        "verified": pl.Series(A["verified"][keep], dtype=pl.Boolean),
        "email_domain": SS(A["email_domain"][keep]),
        "payment_fingerprint": SS(A["payment_fingerprint"][keep]),
        "signup_ip": SS(A["signup_ip"][keep]),
        "org_id": SS(A["org_id"][keep]),
    })
    # shuffle account rows so that the order reveals nothing
    perm = r.permutation(accounts.height)
    accounts = accounts[perm]
    truth = pl.DataFrame({
        "account_id": SS(A["account_id"][keep]),
        "campaign_id": SS(A["campaign_id"][keep]),
        "actor": SS(A["actor"][keep]),
    })[perm]

    rel = [(m, t) for m, t in MODELS_OLD.items()] + [("lumen-4", w.ts_to_dt(w.release))]
    if w.release2 is not None:
        rel.append(("lumen-4-mini", w.ts_to_dt(w.release2)))
    releases = pl.DataFrame({"model": [m for m, _ in rel], "released_at": [t for _, t in rel]}).with_columns(
        pl.col("released_at").dt.cast_time_unit("us").dt.replace_time_zone("UTC"))

    out.mkdir(parents=True, exist_ok=True)
    _write(events, out / "events.parquet")
    _write(accounts, out / "accounts.parquet")
    _write(releases, out / "releases.parquet")
    _write(truth, out / "truth.parquet")
    _write(events_truth, out / "events_truth.parquet")
    return summarize(events, events_truth, truth, w)


def _write(df: pl.DataFrame, path: Path):
    # pyarrow dictionary-encodes the repetitive string columns (system prompts, user agents)
    pq.write_table(df.to_arrow(), path, compression="zstd", use_dictionary=True)


def summarize(events, events_truth, truth, w) -> dict:
    per_actor = (events_truth.group_by("actor").agg(pl.len().alias("events"),
                                                    pl.col("account_id").n_unique().alias("accounts"),
                                                    pl.col("campaign_id").is_not_null().sum().alias("campaign_events"))
                 .sort("events", descending=True))
    return {
        "events": events.height, "accounts": truth.height,
        "campaigns": {k: v for k, v in w.campaigns.items()},
        "release": str(w.ts_to_dt(w.release)),
        "per_actor": per_actor.to_dicts(),
        "notes": w.notes,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", choices=["default", "hard"], default="default")
    ap.add_argument("--scale", choices=["small", "medium"], default="medium")
    ap.add_argument("--days", type=float, default=None)
    ap.add_argument("--corpora", type=Path, default=None)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.days is not None and a.days <= 0.5:
        ap.error("--days must be more than 0.5")
    w = World(a.seed, a.preset, a.scale, a.days, a.corpora or default_corpora())
    for fn in personas.ALL:
        fn(w)
    for fn in operations.ALL:
        fn(w)
    s = finalize(w, a.out)
    s["seconds"] = round(time.time() - t0, 1)
    s["preset"], s["scale"], s["seed"], s["days"] = a.preset, a.scale, a.seed, w.days
    (a.out / "world_summary.json").write_text(json.dumps(s, indent=1, default=str))
    if not a.quiet:
        print(f"wrote {a.out}: {s['events']} events, {s['accounts']} accounts in {s['seconds']} s")
        for row in s["per_actor"]:
            print(f"  {row['actor']:<26} accounts={row['accounts']:>6} events={row['events']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
