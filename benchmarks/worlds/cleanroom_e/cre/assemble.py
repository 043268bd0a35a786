"""Turn accumulated event blocks into the contract tables and write them."""
from __future__ import annotations

import datetime as dt
import json
import os

import numpy as np
import polars as pl

from .common import (CAPS, DAY, HOUR, KINDS, MODELS, M45, RATE_LIMITED, REFUSED, ERROR, STATUS, SURFACES,
                     THINKING_MODELS, hexids, stable_hex, stream)


def _concat(blocks):
    keys = blocks[0].keys()
    return {k: np.concatenate([b[k] for b in blocks]) for k in keys}


def _dt(us):
    return dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(us))


def assemble(w, out_dir):
    E = _concat(w.blocks)
    w.blocks = []
    n_acc = len(w.accounts)
    created = np.array([a["created_at"] for a in w.accounts], np.int64)
    act_from = np.array([a["active_from"] if a["active_from"] is not None else -1 for a in w.accounts], np.int64)
    act_to = np.array([a["active_to"] if a["active_to"] is not None else 1 << 62 for a in w.accounts], np.int64)
    acc = E["acct"]
    keep = (E["ts"] >= w.t0) & (E["ts"] < w.t1) & (E["ts"] >= created[acc]) & (E["ts"] >= act_from[acc]) & (E["ts"] < act_to[acc])
    E = {k: v[keep] for k, v in E.items()}
    n = len(E["ts"])
    rng = stream(w.seed, "assemble", w.preset)

    # ---- response-side consistency -------------------------------------------------------
    st = E["status"]
    model = E["model"]
    think_ok = np.isin(model, list(THINKING_MODELS))
    reason = np.where(think_ok, E["reason_tok"], -1)
    out = E["out_tok"].astype(np.int64)
    maxt = E["max_tok"].astype(np.int64)
    out = np.where(maxt > 0, np.minimum(out, maxt), out)
    out = np.where(st == REFUSED, rng.integers(18, 90, n), out)
    out = np.where((st == ERROR) | (st == RATE_LIMITED), 0, out)
    reason = np.where(st == 0, reason, -1)
    out = np.maximum(out, 0)

    # ---- order and ids --------------------------------------------------------------------
    tieb = rng.random(n)
    order = np.lexsort((tieb, E["ts"]))
    E = {k: v[order] for k, v in E.items()}
    out, reason, maxt = out[order], reason[order], maxt[order]
    req = hexids(stream(w.seed, "request-ids", w.preset), n, 12, "req_")

    # account ids: legit accounts first with a preset-independent stream
    is_op = np.array([a["campaign"] is not None for a in w.accounts])
    acc_id = np.empty(n_acc, dtype=object)
    leg = np.flatnonzero(~is_op)
    opi = np.flatnonzero(is_op)
    acc_id[leg] = hexids(stream(w.seed, "acct-legit"), len(leg), 8, "acct_")
    acc_id[opi] = hexids(stream(w.seed, "acct-op", w.preset), len(opi), 8, "acct_")
    # key ids derive from the account id and the key's ordinal within the account
    key_id = np.array(["key_" + stable_hex(f"{acc_id[a]}:{w.accounts[a]['keys'].index(k)}", 20) for k, a in enumerate(w.K)], dtype=object)

    # ---- string columns -------------------------------------------------------------------
    P = pl.Series("P", w.P.items, dtype=pl.String)
    S = pl.Series("S", w.S.items, dtype=pl.String)
    Plen = w.P.lengths()
    Slen = w.S.lengths()
    parts = []
    chars = np.zeros(n, np.int64)
    for k in ("p0", "p1", "p2", "p3"):
        idx = E[k]
        has = idx >= 0
        chars += np.where(has, Plen[np.maximum(idx, 0)], 0)
        parts.append(idx)
    sys_idx = E["sys"]
    chars += np.where(sys_idx >= 0, Slen[np.maximum(sys_idx, 0)], 0)
    in_tok = np.ceil(chars / 3.7 * rng.uniform(.92, 1.08, n)).astype(np.int64) + E["ctx_tok"].astype(np.int64) + 4

    net = w.net
    ip_s = pl.Series(net.ip, dtype=pl.String)
    asn_s = np.array(net.asn, np.int64)
    cc_s = pl.Series(net.cc, dtype=pl.String)
    ua_s = pl.Series(w.clients.ua.items, dtype=pl.String)
    fp_s = pl.Series(w.clients.fp.items, dtype=pl.String)
    org_of = pl.Series([a["org_id"] for a in w.accounts], dtype=pl.String)

    def take(series, idx):
        idx = np.asarray(idx)
        ok = idx >= 0
        g = series.gather(pl.Series(np.where(ok, idx, 0).astype(np.uint32)))
        if ok.all():
            return g
        return pl.select(pl.when(pl.Series(ok)).then(g).otherwise(None)).to_series()

    def take_nn(series, idx):
        return series.gather(pl.Series(np.asarray(idx).astype(np.uint32)))

    prompt_df = pl.DataFrame({f"q{i}": take(P, parts[i]) for i in range(4)})
    prompt = prompt_df.select(pl.concat_str([pl.col(f"q{i}").fill_null("") for i in range(4)], separator="").alias("prompt")).to_series()
    del prompt_df
    acc = E["acct"]
    ev = pl.DataFrame({
        "request_id": pl.Series(req, dtype=pl.String),
        "ts": pl.Series(E["ts"], dtype=pl.Int64).cast(pl.Datetime("us")),
        "account_id": take_nn(pl.Series(acc_id.astype(str), dtype=pl.String), acc),
        "ip": take_nn(ip_s, E["ip"]),
        "model": take_nn(pl.Series(MODELS, dtype=pl.String), E["model"].astype(np.int64)),
        "prompt": prompt,
        "input_tokens": pl.Series(in_tok, dtype=pl.Int64),
        "output_tokens": pl.Series(out, dtype=pl.Int64),
        "org_id": take_nn(org_of, acc),
        "api_key_id": take(pl.Series(key_id.astype(str), dtype=pl.String), E["key"]),
        "asn": pl.Series(asn_s[E["ip"]], dtype=pl.Int64),
        "country": take_nn(cc_s, E["ip"]),
        "user_agent": take(ua_s, E["ua"]),
        "client_fingerprint": take(fp_s, E["fp"]),
        "surface": take_nn(pl.Series(SURFACES, dtype=pl.String), E["surface"].astype(np.int64)),
        "system_prompt": take(S, sys_idx),
        "n_turns": pl.Series(E["n_turns"].astype(np.int64), dtype=pl.Int64),
        "tools_declared": pl.Series(E["tools"].astype(np.int64), dtype=pl.Int64),
        "has_image": pl.Series(E["img"], dtype=pl.Boolean),
        "reasoning_tokens": pl.Series(np.where(reason >= 0, reason, 0), dtype=pl.Int64),
        "max_tokens": pl.Series(np.where(maxt > 0, maxt, 0), dtype=pl.Int64),
        "temperature": pl.Series(np.round(E["temp"].astype(np.float64), 2), dtype=pl.Float64),
        "status": take_nn(pl.Series(STATUS, dtype=pl.String), E["status"].astype(np.int64)),
    })
    ev = ev.with_columns(
        pl.when(pl.Series(reason >= 0)).then(pl.col("reasoning_tokens")).otherwise(None).alias("reasoning_tokens"),
        pl.when(pl.Series(maxt > 0)).then(pl.col("max_tokens")).otherwise(None).alias("max_tokens"),
        pl.col("temperature").fill_nan(None),
    )
    os.makedirs(out_dir, exist_ok=True)
    ev.write_parquet(os.path.join(out_dir, "events.parquet"), compression="zstd", row_group_size=131072)

    # ---- truth -----------------------------------------------------------------------------
    camp_ids = list(w.campaigns)
    camp_s = pl.Series(camp_ids, dtype=pl.String)
    actor_of = pl.Series([a["actor"] for a in w.accounts], dtype=pl.String)
    et = pl.DataFrame({
        "request_id": ev["request_id"],
        "account_id": ev["account_id"],
        "campaign_id": take(camp_s, E["camp"].astype(np.int64)),
        "actor": take_nn(actor_of, acc),
        "kind": take_nn(pl.Series(KINDS, dtype=pl.String), E["kind"].astype(np.int64)),
        "capability": take_nn(pl.Series(CAPS, dtype=pl.String), E["cap"].astype(np.int64)),
    })
    et.write_parquet(os.path.join(out_dir, "events_truth.parquet"), compression="zstd")

    used = np.zeros(n_acc, bool)
    used[np.unique(acc)] = True
    first_ts = np.full(n_acc, 1 << 62, np.int64)
    np.minimum.at(first_ts, acc, E["ts"])
    rows = []
    for i in np.flatnonzero(used):
        a = w.accounts[i]
        c = min(int(a["created_at"]), int(first_ts[i]) - 60_000_000)
        rows.append(dict(account_id=str(acc_id[i]), created_at=c, tier=a["tier"], verified=bool(a["verified"]),
                         email_domain=a["email_domain"], payment_fingerprint=a["payment"],
                         signup_ip=net.ip[a["signup_ip"]] if a["signup_ip"] is not None else None, org_id=a["org_id"],
                         campaign_id=a["campaign"], actor=a["actor"]))
    acc_df = pl.DataFrame(rows, schema={"account_id": pl.String, "created_at": pl.Int64, "tier": pl.String, "verified": pl.Boolean,
                                        "email_domain": pl.String, "payment_fingerprint": pl.String, "signup_ip": pl.String,
                                        "org_id": pl.String, "campaign_id": pl.String, "actor": pl.String})
    acc_df = acc_df.with_columns(pl.col("created_at").cast(pl.Datetime("us"))).sort("account_id")
    acc_df.drop("campaign_id", "actor").write_parquet(os.path.join(out_dir, "accounts.parquet"), compression="zstd")
    acc_df.select("account_id", "campaign_id", "actor").write_parquet(os.path.join(out_dir, "truth.parquet"), compression="zstd")

    rel = pl.DataFrame({"model": MODELS,
                        "released_at": [w.t0 - int(w.release_days_before[m] * DAY) if m != MODELS[M45] else w.release_t for m in MODELS]})
    rel = rel.with_columns(pl.col("released_at").cast(pl.Datetime("us")))
    rel.write_parquet(os.path.join(out_dir, "releases.parquet"))

    # ---- meta ------------------------------------------------------------------------------
    per_actor = (et.group_by("actor").agg(pl.len().alias("events"), pl.col("account_id").n_unique().alias("accounts"))
                 .sort("actor").to_dicts())
    per_kind = et.group_by("kind").agg(pl.len().alias("events")).sort("kind").to_dicts()
    camps = {}
    for ci, cid in enumerate(camp_ids):
        info = dict(w.campaigns[cid])
        op = info["operation"]
        accs = acc_df.filter(pl.col("campaign_id") == cid)
        ce = et.filter(pl.col("campaign_id") == cid)
        info["n_accounts"] = accs.height
        info["n_campaign_exchanges"] = ce.height
        info["n_account_exchanges"] = et.filter(pl.col("actor") == op).height
        info["capabilities"] = {r["capability"]: r["len"] for r in ce.group_by("capability").len().sort("capability").to_dicts()}
        sub = ev.select("ts", "model").filter(et["campaign_id"] == cid)
        if sub.height:
            info["first_seen"] = str(sub["ts"].min())
            info["last_seen"] = str(sub["ts"].max())
            rel_t = _dt(w.release_t)
            after = sub.filter((pl.col("ts") >= rel_t) & (pl.col("ts") < rel_t + dt.timedelta(hours=24)))
            info["share_new_model_first_24h_after_release"] = round(float((after["model"] == MODELS[M45]).mean()), 3) if after.height else None
        if op in w.notes.get("bans", {}):
            info["bans"] = w.notes["bans"][op]
        camps[cid] = info
    meta = dict(generator="cleanroom_e", seed=w.seed, preset=w.preset, scale=w.scale, days=w.days,
                start=str(_dt(w.t0)), end=str(_dt(w.t1)), new_model=MODELS[M45], new_model_released_at=str(_dt(w.release_t)),
                sizes=dict(events=ev.height, accounts=acc_df.height, ips=int(ev["ip"].n_unique()),
                           campaign_accounts=int(acc_df["campaign_id"].is_not_null().sum()),
                           campaign_exchanges=int(et["campaign_id"].is_not_null().sum())),
                per_actor=per_actor, per_kind=per_kind, campaigns=camps,
                campaign_operation={cid: camps[cid]["operation"] for cid in camp_ids})
    with open(os.path.join(out_dir, "world_meta.json"), "w") as f:
        json.dump(meta, f, indent=2, default=str)
    return meta
