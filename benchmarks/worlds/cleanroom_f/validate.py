#!/usr/bin/env python3
"""Check a generated world against the distillguard contract and print a per-actor table.

python validate.py DIR      (exit 0 = conforming, 1 = problems found, 2 = unreadable)
"""
from __future__ import annotations

import ipaddress
import json
import os
import sys

import polars as pl

REQ_EVENTS = {"request_id": pl.String, "ts": "datetime", "account_id": pl.String, "ip": pl.String,
              "model": pl.String, "prompt": pl.String, "input_tokens": "int", "output_tokens": "int"}
OPT_EVENTS = {"org_id": pl.String, "api_key_id": pl.String, "asn": "int", "country": pl.String,
              "user_agent": pl.String, "client_fingerprint": pl.String, "surface": pl.String,
              "system_prompt": pl.String, "n_turns": "int", "tools_declared": "int", "has_image": pl.Boolean,
              "reasoning_tokens": "int", "max_tokens": "int", "temperature": "float", "status": pl.String}
ACCOUNTS = {"account_id": pl.String, "created_at": "datetime", "tier": pl.String, "verified": pl.Boolean,
            "email_domain": pl.String, "payment_fingerprint": pl.String, "signup_ip": pl.String, "org_id": pl.String}
TIERS = {"free", "pro", "team", "enterprise", "edu", "research", "startup"}
STATUS = {"ok", "refused", "error", "rate_limited"}
SURFACES = {"api", "chat", "console", "cloud"}


def type_ok(dtype, want):
    if want == "int":
        return dtype.is_integer()
    if want == "float":
        return dtype.is_float()
    if want == "datetime":
        return isinstance(dtype, pl.Datetime) and dtype.time_zone in ("UTC", "Etc/UTC")
    return dtype == want


def main(d):
    problems = []
    bad = lambda m: problems.append(m)
    try:
        ev = pl.read_parquet(os.path.join(d, "events.parquet"))
        acc = pl.read_parquet(os.path.join(d, "accounts.parquet"))
        rel = pl.read_parquet(os.path.join(d, "releases.parquet"))
        tru = pl.read_parquet(os.path.join(d, "truth.parquet"))
    except Exception as e:  # noqa: BLE001
        print(f"error: cannot read world in {d}: {e}", file=sys.stderr)
        return 2
    evt = pl.read_parquet(os.path.join(d, "events_truth.parquet")) if os.path.exists(os.path.join(d, "events_truth.parquet")) else None
    meta = json.load(open(os.path.join(d, "world_meta.json"))) if os.path.exists(os.path.join(d, "world_meta.json")) else {}

    # ---- events schema
    for c, t in {**REQ_EVENTS, **OPT_EVENTS}.items():
        if c not in ev.columns:
            if c in REQ_EVENTS:
                bad(f"events: missing required column {c}")
            continue
        if not type_ok(ev.schema[c], t):
            bad(f"events: column {c} has type {ev.schema[c]}, expected {t}")
    for c in REQ_EVENTS:
        if c in ev.columns and ev[c].null_count():
            bad(f"events: {ev[c].null_count()} nulls in required column {c}")
    if ev["request_id"].n_unique() != ev.height:
        bad(f"events: {ev.height - ev['request_id'].n_unique()} duplicated request_id")
    bad_ip = [x for x in ev["ip"].unique().to_list() if not _valid_ip(x)]
    if bad_ip:
        bad(f"events: {len(bad_ip)} invalid IPs, e.g. {bad_ip[:3]}")
    for c in ("input_tokens", "output_tokens", "reasoning_tokens", "tools_declared", "max_tokens"):
        if c in ev.columns and (ev[c] < 0).sum():
            bad(f"events: negative values in {c}")
    if (ev["n_turns"] < 1).sum():
        bad("events: n_turns < 1")
    if ev.filter((pl.col("temperature") < 0) | (pl.col("temperature") > 2)).height:
        bad("events: temperature outside [0, 2]")
    if set(ev["status"].drop_nulls().unique()) - STATUS:
        bad(f"events: unknown status {set(ev['status'].unique()) - STATUS}")
    if set(ev["surface"].drop_nulls().unique()) - SURFACES:
        bad(f"events: unknown surface {set(ev['surface'].unique()) - SURFACES}")
    empty = ev.filter((pl.col("prompt") == "") & ~pl.col("has_image")).height
    if empty:
        bad(f"events: {empty} empty prompts without an image")
    if ev.filter(pl.col("country").is_not_null() & ~pl.col("country").str.contains(r"^[A-Z]{2}$")).height:
        bad("events: country not ISO alpha-2")
    if ev.filter((pl.col("status") != "ok") & (pl.col("reasoning_tokens").is_not_null())).height:
        bad("events: reasoning tokens on failed requests")

    # ---- accounts
    for c, t in ACCOUNTS.items():
        if c not in acc.columns:
            bad(f"accounts: missing column {c}")
        elif not type_ok(acc.schema[c], t):
            bad(f"accounts: column {c} has type {acc.schema[c]}, expected {t}")
    if acc["account_id"].n_unique() != acc.height:
        bad("accounts: duplicated account_id")
    if set(acc["tier"].drop_nulls().unique()) - TIERS:
        bad(f"accounts: unknown tiers {set(acc['tier'].unique()) - TIERS}")
    ev_acc = set(ev["account_id"].unique())
    if ev_acc - set(acc["account_id"]):
        bad(f"accounts: {len(ev_acc - set(acc['account_id']))} event accounts missing")
    if set(acc["account_id"]) - ev_acc:
        bad(f"accounts: {len(set(acc['account_id']) - ev_acc)} accounts without events")
    first = ev.group_by("account_id").agg(pl.col("ts").min().alias("first"))
    early = first.join(acc, on="account_id").filter(pl.col("created_at") > pl.col("first")).height
    if early:
        bad(f"accounts: {early} accounts with events before created_at")
    bad_sip = [x for x in acc["signup_ip"].drop_nulls().to_list() if not _valid_ip(x)]
    if bad_sip:
        bad(f"accounts: invalid signup_ip {bad_sip[:3]}")

    # ---- releases
    if not {"model", "released_at"} <= set(rel.columns) or not type_ok(rel.schema["released_at"], "datetime"):
        bad("releases: needs model (string) and released_at (UTC timestamp)")
    else:
        unknown = set(ev["model"].unique()) - set(rel["model"])
        if unknown:
            bad(f"releases: models without release row {unknown}")
        pre = ev.join(rel, on="model").filter(pl.col("ts") < pl.col("released_at")).height
        if pre:
            bad(f"events: {pre} requests to a model before its release")
        t0, t1 = ev["ts"].min(), ev["ts"].max()
        inside = rel.filter((pl.col("released_at") > t0) & (pl.col("released_at") < t1))
        if inside.height < 1:
            bad("releases: no model released inside the window")
        if rel.filter(pl.col("released_at") < t0).height < 1:
            bad("releases: no model released before the window")

    # ---- truth
    if set(tru.columns) < {"account_id", "campaign_id", "actor"}:
        bad("truth: needs account_id, campaign_id, actor")
    else:
        if tru["account_id"].n_unique() != tru.height:
            bad("truth: duplicated account_id")
        if ev_acc - set(tru["account_id"]):
            bad(f"truth: {len(ev_acc - set(tru['account_id']))} event accounts without truth")
        if tru["actor"].null_count():
            bad("truth: null actor")
        if tru.schema["campaign_id"] != pl.String:
            bad("truth: campaign_id must be a string column")

    # ---- summary table
    days = (ev["ts"].max() - ev["ts"].min()).total_seconds() / 86400
    print(f"world {d}: {ev.height:,} events, {acc.height:,} accounts, {days:.1f} days "
          f"({ev['ts'].min()} .. {ev['ts'].max()})" + (f", preset={meta.get('preset')}, seed={meta.get('seed')}" if meta else ""))
    new = rel.sort("released_at")[-1]
    new_model, new_t = new["model"][0], new["released_at"][0]
    x = ev.join(tru, on="account_id").join(acc.select("account_id", "created_at"), on="account_id")
    tab = (x.group_by("actor").agg(
        pl.col("campaign_id").first().alias("campaign"),
        pl.col("account_id").n_unique().alias("accts"),
        pl.len().alias("events"),
        (pl.col("model") == new_model).filter(pl.col("ts") >= new_t).mean().alias("new_model"),
        ((pl.col("ts") - pl.col("created_at")).dt.total_days()).median().alias("age_d"),
        pl.col("ip").n_unique().alias("ips"),
        (pl.col("surface") == "api").mean().alias("api"),
        pl.col("n_turns").mean().alias("turns"),
        pl.col("input_tokens").median().alias("in_tok"),
        pl.col("output_tokens").median().alias("out_tok"),
        (pl.col("status") != "ok").mean().alias("not_ok"),
    ).with_columns((pl.col("events") / pl.col("accts")).alias("ev/acct"))
        .sort([pl.col("campaign").is_not_null(), "actor"]))
    if evt is not None:
        capt = (evt.group_by("actor", "capability").agg(pl.len().alias("n"))
                .sort("n", descending=True).group_by("actor", maintain_order=True)
                .agg((pl.col("capability") + ":" + (pl.col("n") / pl.col("n").sum() * 100).round(0).cast(pl.Int64).cast(pl.String) + "%")
                     .head(3).str.join(" ").alias("top_capabilities")))
        tab = tab.join(capt, on="actor", how="left")
    with pl.Config(tbl_rows=60, tbl_cols=20, tbl_width_chars=260, fmt_str_lengths=60, tbl_hide_dataframe_shape=True,
                   float_precision=2, tbl_hide_column_data_types=True):
        print(tab.select("actor", "campaign", "accts", "events", "ev/acct", "new_model", "age_d", "ips", "api", "turns",
                         "in_tok", "out_tok", "not_ok", *(["top_capabilities"] if evt is not None else [])))
    n_op = tru.filter(pl.col("campaign_id").is_not_null()).height
    ev_op = x.filter(pl.col("campaign_id").is_not_null()).height
    print(f"operations: {n_op} of {tru.height} accounts ({n_op / tru.height:.1%}), {ev_op:,} of {ev.height:,} events "
          f"({ev_op / ev.height:.1%}); legitimate personas: {tru.filter(pl.col('campaign_id').is_null())['actor'].n_unique()}, "
          f"campaigns: {tru['campaign_id'].drop_nulls().n_unique()}")
    print(f"status: {dict(ev['status'].value_counts().iter_rows())}  surfaces: {dict(ev['surface'].value_counts().iter_rows())}")
    if problems:
        print(f"\nCONTRACT PROBLEMS ({len(problems)}):")
        for p in problems:
            print("  -", p)
        return 1
    print("contract: OK")
    return 0


def _valid_ip(x):
    try:
        ipaddress.ip_address(x)
        return True
    except ValueError:
        return False


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
