#!/usr/bin/env python
"""validate.py DIR: check a generated world against the distillguard contract; print a per-actor table. Exit 1 on problems."""
import ipaddress
import json
import os
import sys

import polars as pl

EVENTS_REQ = {"request_id": pl.Utf8, "ts": "ts", "account_id": pl.Utf8, "ip": pl.Utf8, "model": pl.Utf8, "prompt": pl.Utf8,
              "input_tokens": "int", "output_tokens": "int"}
EVENTS_OPT = {"org_id": pl.Utf8, "api_key_id": pl.Utf8, "asn": "int", "country": pl.Utf8, "user_agent": pl.Utf8,
              "client_fingerprint": pl.Utf8, "surface": pl.Utf8, "system_prompt": pl.Utf8, "n_turns": "int", "tools_declared": "int",
              "has_image": pl.Boolean, "reasoning_tokens": "int", "max_tokens": "int", "temperature": "float", "status": pl.Utf8}
ACC = {"account_id": pl.Utf8, "created_at": "ts", "tier": pl.Utf8, "verified": pl.Boolean, "email_domain": pl.Utf8,
       "payment_fingerprint": pl.Utf8, "signup_ip": pl.Utf8, "org_id": pl.Utf8}
TIERS = {"free", "pro", "team", "enterprise", "edu", "research", "startup"}
STATUS = {"ok", "refused", "error", "rate_limited"}
CAPS = {"reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision", "sensitive_rewrite", "rubric_grading", "other"}


def typeok(dt, want):
    if want == "ts":
        return isinstance(dt, pl.Datetime)
    if want == "int":
        return dt.is_integer()
    if want == "float":
        return dt.is_float()
    return dt == want


def main(d):
    probs = []

    def chk(cond, msg):
        if not cond:
            probs.append(msg)

    for f in ["events.parquet", "accounts.parquet", "releases.parquet", "truth.parquet", "events_truth.parquet", "world_meta.json"]:
        if not os.path.exists(os.path.join(d, f)):
            print(f"missing {f}")
            return 1
    ev = pl.read_parquet(os.path.join(d, "events.parquet"))
    for c, t in {**EVENTS_REQ, **EVENTS_OPT}.items():
        chk(c in ev.columns, f"events: missing column {c}")
        if c in ev.columns:
            chk(typeok(ev.schema[c], t), f"events: {c} has type {ev.schema[c]}")
    for c in EVENTS_REQ:
        if c in ev.columns and c != "prompt":
            chk(ev[c].null_count() == 0, f"events: nulls in required {c}")
    chk(ev["prompt"].null_count() == 0, "events: null prompt")
    chk(ev["request_id"].n_unique() == ev.height, "events: duplicate request_id")
    chk(ev["ts"].is_sorted(), "events: not sorted by ts")
    chk(str(ev.schema["ts"].time_zone) == "UTC", "events: ts not UTC")
    chk((ev["input_tokens"] >= 0).all() and (ev["output_tokens"] >= 0).all() and (ev["reasoning_tokens"] >= 0).all(), "events: negative tokens")
    chk(set(ev["status"].unique().to_list()) <= STATUS, "events: bad status")
    bad_ip = 0
    for ip in ev["ip"].unique().to_list():
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            bad_ip += 1
    chk(bad_ip == 0, f"events: {bad_ip} invalid ips")
    acc = pl.read_parquet(os.path.join(d, "accounts.parquet"))
    for c, t in ACC.items():
        chk(c in acc.columns and typeok(acc.schema[c], t), f"accounts: column {c} missing or wrong type")
    chk(acc["account_id"].n_unique() == acc.height, "accounts: duplicate account_id")
    chk(set(acc["tier"].unique().to_list()) <= TIERS, "accounts: bad tier")
    ev_acc = set(ev["account_id"].unique().to_list())
    chk(ev_acc <= set(acc["account_id"].to_list()), "accounts: events reference unknown accounts")
    rel = pl.read_parquet(os.path.join(d, "releases.parquet"))
    chk(set(rel.columns) >= {"model", "released_at"} and isinstance(rel.schema["released_at"], pl.Datetime), "releases: bad schema")
    tmin, tmax = ev["ts"].min(), ev["ts"].max()
    inside = rel.filter((pl.col("released_at") > tmin) & (pl.col("released_at") < tmax))
    chk(inside.height >= 1, "releases: no release inside the window")
    chk(set(ev["model"].unique().to_list()) <= set(rel["model"].to_list()), "releases: events use unknown model")
    tr = pl.read_parquet(os.path.join(d, "truth.parquet"))
    chk(set(tr.columns) >= {"account_id", "campaign_id", "actor"}, "truth: bad columns")
    chk(set(tr["account_id"].to_list()) >= ev_acc, "truth: accounts with events missing")
    chk(tr["account_id"].n_unique() == tr.height, "truth: duplicate accounts")
    et = pl.read_parquet(os.path.join(d, "events_truth.parquet"))
    chk(et.height == ev.height and set(et.columns) >= {"request_id", "account_id", "campaign_id", "actor", "capability"}, "events_truth: bad shape")
    chk(set(et["capability"].unique().to_list()) <= CAPS, "events_truth: bad capability")
    j = et.join(tr.rename({"campaign_id": "acc_campaign", "actor": "acc_actor"}), on="account_id", how="left")
    chk(j.filter(pl.col("campaign_id").is_not_null() & (pl.col("campaign_id") != pl.col("acc_campaign"))).height == 0,
        "events_truth: campaign differs from account's campaign")
    meta = json.load(open(os.path.join(d, "world_meta.json")))
    chk(meta.get("n_events") == ev.height, "world_meta: n_events mismatch")
    tab = (et.group_by("actor").agg(pl.len().alias("events"), pl.col("account_id").n_unique().alias("accounts"),
                                    pl.col("campaign_id").drop_nulls().first().alias("campaign"))
           .sort("events", descending=True))
    with pl.Config(tbl_rows=50, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(tab)
    print(f"{d}: {ev.height} events, {acc.height} accounts, {tr['campaign_id'].drop_nulls().n_unique()} campaigns, "
          f"{tr.filter(pl.col('campaign_id').is_not_null()).height} campaign accounts, window {tmin} .. {tmax}")
    for p in probs:
        print("PROBLEM:", p)
    print("OK" if not probs else f"{len(probs)} problem(s)")
    return 1 if probs else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: validate.py DIR")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
