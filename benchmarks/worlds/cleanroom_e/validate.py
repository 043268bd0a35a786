#!/usr/bin/env python
"""Check a generated world against the contract and print per-actor statistics.

    python validate.py WORLD_DIR [--quiet]
Exit code 0 when every check passes, 1 otherwise.
"""
from __future__ import annotations

import ipaddress
import json
import os
import sys

import polars as pl

REQ = {"request_id": pl.String, "ts": pl.Datetime, "account_id": pl.String, "ip": pl.String, "model": pl.String,
       "prompt": pl.String, "input_tokens": pl.Int64, "output_tokens": pl.Int64}
OPT = {"org_id": pl.String, "api_key_id": pl.String, "asn": pl.Int64, "country": pl.String, "user_agent": pl.String,
       "client_fingerprint": pl.String, "surface": pl.String, "system_prompt": pl.String, "n_turns": pl.Int64,
       "tools_declared": pl.Int64, "has_image": pl.Boolean, "reasoning_tokens": pl.Int64, "max_tokens": pl.Int64,
       "temperature": pl.Float64, "status": pl.String}
ACC = {"account_id": pl.String, "created_at": pl.Datetime, "tier": pl.String, "verified": pl.Boolean, "email_domain": pl.String,
       "payment_fingerprint": pl.String, "signup_ip": pl.String, "org_id": pl.String}
TIERS = {"free", "pro", "team", "enterprise", "edu", "research", "startup"}
STATUS = {"ok", "refused", "error", "rate_limited"}
SURF = {"api", "chat", "console", "cloud"}


def main(argv):
    d = argv[0]
    quiet = "--quiet" in argv
    bad = []

    def check(cond, msg):
        if not cond:
            bad.append(msg)

    ev = pl.read_parquet(os.path.join(d, "events.parquet"))
    acc = pl.read_parquet(os.path.join(d, "accounts.parquet"))
    rel = pl.read_parquet(os.path.join(d, "releases.parquet"))
    tr = pl.read_parquet(os.path.join(d, "truth.parquet"))
    et = pl.read_parquet(os.path.join(d, "events_truth.parquet"))
    meta = json.load(open(os.path.join(d, "world_meta.json")))

    for name, spec, df, required in (("events", REQ, ev, True), ("events", OPT, ev, False), ("accounts", ACC, acc, False)):
        for c, t in spec.items():
            check(c in df.columns, f"{name}: missing column {c}")
            if c not in df.columns:
                continue
            dt = df.schema[c]
            ok = isinstance(dt, pl.Datetime) if t is pl.Datetime else dt == t
            check(ok, f"{name}.{c}: dtype {dt} != {t}")
            if required or (name == "accounts" and c == "account_id"):
                check(df[c].null_count() == 0, f"{name}.{c}: {df[c].null_count()} nulls in a required column")
    check(ev["request_id"].n_unique() == ev.height, "events: duplicate request_id")
    check(ev["ts"].is_sorted(), "events: not sorted by ts")
    check((ev["input_tokens"] >= 0).all() and (ev["output_tokens"] >= 0).all(), "events: negative tokens")
    check(ev.filter(pl.col("reasoning_tokens") < 0).height == 0, "events: negative reasoning tokens")
    check(set(ev["status"].unique().to_list()) <= STATUS, "events: unknown status")
    check(set(ev["surface"].unique().to_list()) <= SURF, "events: unknown surface")
    empty_txt = ev.filter((pl.col("prompt") == "") & ~pl.col("has_image")).height
    check(empty_txt == 0, f"events: {empty_txt} empty prompts without image")
    bad_ip = 0
    for s in ev["ip"].unique().to_list() + acc["signup_ip"].drop_nulls().unique().to_list():
        try:
            ipaddress.ip_address(s)
        except ValueError:
            bad_ip += 1
    check(bad_ip == 0, f"{bad_ip} invalid IP strings")
    check(set(rel.columns) >= {"model", "released_at"}, "releases: columns")
    check(isinstance(rel.schema["released_at"], pl.Datetime), "releases.released_at not a timestamp")
    t0, t1 = ev["ts"].min(), ev["ts"].max()
    inside = rel.filter((pl.col("released_at") > t0) & (pl.col("released_at") < t1))
    check(inside.height >= 1, "releases: no model released inside the window")
    check(set(ev["model"].unique().to_list()) <= set(rel["model"].to_list()), "events use a model absent from releases")
    # accounts / truth consistency
    ev_acc = set(ev["account_id"].unique().to_list())
    check(acc["account_id"].n_unique() == acc.height, "accounts: duplicate account_id")
    check(set(acc["account_id"].to_list()) == ev_acc, "accounts: not exactly the accounts with events")
    check(set(acc["tier"].to_list()) <= TIERS, "accounts: unknown tier")
    first = ev.group_by("account_id").agg(pl.col("ts").min().alias("first"))
    late = acc.join(first, on="account_id").filter(pl.col("created_at") > pl.col("first")).height
    check(late == 0, f"accounts: {late} created after their first event")
    check(tr.height == acc.height and set(tr["account_id"].to_list()) == ev_acc, "truth: rows != accounts")
    check(set(tr.columns) >= {"account_id", "campaign_id", "actor"}, "truth: columns")
    check(et.height == ev.height and (et["request_id"] == ev["request_id"]).all(), "events_truth not aligned with events")
    check(not any(c in ev.columns for c in ("campaign_id", "actor", "kind")), "events carry ground-truth columns")
    # legit accounts have no campaign events
    j = et.join(tr.rename({"campaign_id": "acc_campaign"}).drop("actor"), on="account_id")
    leak = j.filter(pl.col("campaign_id").is_not_null() & (pl.col("acc_campaign").is_null() | (pl.col("campaign_id") != pl.col("acc_campaign")))).height
    check(leak == 0, f"{leak} campaign events on accounts of another/no campaign")
    # ops pivot to the new model
    new_model = inside["model"].to_list()
    piv = ev.join(et.select("request_id", "campaign_id"), on="request_id").filter(pl.col("campaign_id").is_not_null() & pl.col("model").is_in(new_model))
    check(piv.height > 0, "no campaign traffic on the newly released model")

    if not quiet:
        print(f"{d}: {ev.height:,} events, {acc.height:,} accounts, {ev['ip'].n_unique():,} IPs, {t0} .. {t1}")
        stat = (ev.join(et.select("request_id", "actor", "kind"), on="request_id")
                .with_columns(pl.col("ts").dt.hour().alias("h"))
                .group_by("actor").agg(pl.col("account_id").n_unique().alias("accounts"), pl.len().alias("events"),
                                       (pl.len() / pl.col("account_id").n_unique()).round(1).alias("ev/acct"),
                                       pl.col("ip").n_unique().alias("ips"), pl.col("user_agent").n_unique().alias("uas"),
                                       (pl.col("kind") == "harvest").mean().round(3).alias("harvest"),
                                       pl.col("input_tokens").median().alias("in_med"), pl.col("output_tokens").median().alias("out_med"),
                                       (pl.col("status") != "ok").mean().round(3).alias("non_ok"))
                .sort("actor"))
        with pl.Config(tbl_rows=40, tbl_cols=20, tbl_width_chars=200):
            print(stat)
    if bad:
        print("FAILED:\n  " + "\n  ".join(bad))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
