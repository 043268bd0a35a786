"""Benchmark: the analyst workspace (/ui of serve) on a scan of 50,000 accounts and 300 campaigns —
server time per page (median, p95, max of repeated requests, after one warm-up request each).

Usage: python benchmarks/bench_ui.py [--accounts 50000] [--campaigns 300] [--events-per-account 40]
       [--repeat 20] [--workdir DIR]
The scan directory is synthesized in the contract's formats (campaigns.json with timelines,
accounts.parquet, account_features.parquet, events and accounts tables): simulating and scanning a
world that large takes far longer than the pages being measured. `distillguard serve` runs as a
child process; the first request of each page, sent as soon as the service answers (while its
indicator index may still be building), is reported apart as `cold_ms`, and when the index was
ready."""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import polars as pl

CAPS = ["reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision",
        "sensitive_rewrite", "rubric_grading", "other"]
TOKEN = "bench-token"


def synthesize(root: Path, n_accounts: int, n_campaigns: int, per_account: int, seed: int = 0) -> Path:
    """A scan directory and its input tables under ``root``; returns the scan directory."""
    rng = np.random.default_rng(seed)
    scan = root / "scan"
    scan.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    ids = [f"acct_{i:016x}" for i in range(n_accounts)]
    in_campaign = rng.random(n_accounts) < 0.3
    campaign_of = np.where(in_campaign, rng.integers(0, n_campaigns, n_accounts), -1)
    score = np.where(in_campaign, rng.uniform(0.8, 1.0, n_accounts), rng.uniform(0, 0.5, n_accounts))
    cids = [f"cmp_{i:016x}" for i in range(n_campaigns)]
    reasons = [["coordinated_harvest: harvests with 40 other linked accounts of its cohort",
                "hour_coverage: active in 24 of 24 hours (UTC)"] if c >= 0 else []
               for c in campaign_of]
    n_events = rng.integers(per_account // 2, per_account * 3 // 2, n_accounts)
    pl.DataFrame({"account_id": ids, "score": score, "flagged": in_campaign,
                  "campaign_id": [cids[c] if c >= 0 else None for c in campaign_of],
                  "reasons": reasons, "n_events": n_events.astype(np.uint32),
                  "first_seen": [start] * n_accounts,
                  "last_seen": [start + timedelta(days=13)] * n_accounts}).write_parquet(
        scan / "accounts.parquet")
    features = {"account_id": ids, "tier": rng.choice(["free", "pro", "edu"], n_accounts),
                "surface": rng.choice(["api", "web"], n_accounts),
                "client": rng.choice(["sdk", "browser", "curl"], n_accounts),
                "n_events": n_events}
    for name in ("night_share", "harvest_share", "target_share", "capability_entropy",
                 "interarrival_cv", "templated_share", "max_tokens_saturation"):
        features[name] = rng.random(n_accounts)
    pl.DataFrame(features).write_parquet(scan / "account_features.parquet")
    days = [(start + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(14)]
    docs = []
    for c, cid in enumerate(cids):
        members = [ids[i] for i in np.flatnonzero(campaign_of == c)]
        caps = rng.dirichlet(np.ones(len(CAPS)))
        docs.append({
            "campaign_id": cid, "score": round(float(rng.uniform(0.6, 1.0)), 4), "accounts": members,
            "n_accounts": len(members), "n_lifted": 0,
            "n_exchanges": int(n_events[campaign_of == c].sum()),
            "first_seen": (start + timedelta(days=int(rng.integers(0, 5)))).isoformat(),
            "last_seen": (start + timedelta(days=13)).isoformat(),
            "capabilities": dict(zip(CAPS, (round(float(x), 4) for x in caps), strict=True)),
            "estimated_output_tokens": int(rng.integers(10**5, 10**8)),
            "evidence": [{"kind": k, "detail": f"{k} shared", "weight": 0.5}
                         for k in rng.choice(["shared_ip", "shared_payment", "shared_client",
                                              "lockstep_timing", "release_pivot"], 3, replace=False)],
            "recommended_action": "block",
            "timeline": {"days": days,
                         "exchanges_by_model": {m: rng.integers(0, 500, 14).tolist()
                                                for m in ("m-3", "m-4")},
                         "accounts_born": rng.integers(0, 10, 14).tolist(),
                         "accounts_gone": rng.integers(0, 10, 14).tolist()}})
    (scan / "campaigns.json").write_text(json.dumps({"version": 1, "campaigns": docs}))
    total = int(n_events.sum())
    owner = np.repeat(np.arange(n_accounts), n_events)
    # campaign accounts send from their campaign's small pool of exits, others from their own
    pool = np.where(campaign_of[owner] >= 0, campaign_of[owner] * 64 + rng.integers(0, 64, total),
                    10**6 + owner * 4 + rng.integers(0, 4, total))
    ips = [f"{10 + (p >> 16) % 200}.{(p >> 8) & 255}.{p & 255}.{(p * 7) % 250 + 1}"
           for p in pool.tolist()]
    pl.DataFrame({"request_id": [f"req_{i:012x}" for i in range(total)],
                  "ts": [start + timedelta(seconds=int(s)) for s in
                         np.sort(rng.integers(0, 14 * 86400, total))],
                  "account_id": [ids[o] for o in owner.tolist()], "ip": ips,
                  "model": rng.choice(["m-3", "m-4"], total),
                  "prompt": [f"Explain step by step problem {i % 5000}: show your reasoning"
                             for i in range(total)],
                  "input_tokens": rng.integers(10, 2000, total),
                  "output_tokens": rng.integers(10, 4000, total),
                  "client_fingerprint": [f"ja3_{o % 997}" for o in owner.tolist()]}).write_parquet(
        root / "events.parquet")
    pl.DataFrame({"account_id": ids, "tier": features["tier"],
                  "payment_fingerprint": [f"pm_{i // 3:08x}" for i in range(n_accounts)]}
                 ).write_parquet(root / "accounts.parquet")
    pl.DataFrame({"model": ["m-4"], "released_at": [start + timedelta(days=6)]}).write_parquet(
        root / "releases.parquet")
    return scan


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--campaigns", type=int, default=300)
    parser.add_argument("--events-per-account", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="dg-bench-ui-"))
    began = time.perf_counter()
    scan = synthesize(root, args.accounts, args.campaigns, args.events_per_account)
    print(f"synthesized {args.accounts:,} accounts, {args.campaigns} campaigns, "
          f"{pl.scan_parquet(root / 'events.parquet').select(pl.len()).collect().item():,} events "
          f"in {time.perf_counter() - began:.1f} s under {root}", file=sys.stderr)
    port = _free_port()
    launched = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "distillguard", "serve", "--state", f"sqlite:///{root / 'state.db'}",
         "--port", str(port), "--scan", str(scan), "--events", str(root / "events.parquet"),
         "--accounts", str(root / "accounts.parquet"), "--releases", str(root / "releases.parquet")],
        env=os.environ | {"DISTILLGUARD_TOKENS": TOKEN}, stdout=subprocess.DEVNULL, cwd=root)
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(600):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            signed = client.post("/ui/login", data={"token": TOKEN})
            # the session cookie is Secure: httpx keeps it off plain http, a browser on localhost not
            client.headers["Cookie"] = f"dg_session={signed.cookies['dg_session']}"
            docs = json.loads((scan / "campaigns.json").read_text())["campaigns"]
            big = max(docs, key=lambda d: d["n_accounts"])
            member = big["accounts"][0]
            ip = pl.scan_parquet(root / "events.parquet").filter(
                pl.col("account_id") == member).select("ip").head(1).collect().item()
            pages = {
                "campaigns (sorted by tokens, filtered)":
                    "/ui/campaigns?sort=tokens&order=desc&capability=coding&evidence=shared_ip",
                "campaigns page 5": "/ui/campaigns?sort=accounts&page_no=5",
                f"campaign ({big['n_accounts']} accounts)": f"/ui/campaigns/{big['campaign_id']}",
                "campaign, members page 3, prompts shown":
                    f"/ui/campaigns/{big['campaign_id']}?members_page=3&show=1",
                "account": f"/ui/accounts/{member}",
                "search by IP": f"/ui/search?q={ip}",
                "search by account id": f"/ui/search?q={member}",
                "audit log": "/ui/audit",
                "labels.csv": "/ui/labels.csv",
            }
            colds = {}
            for name, path in pages.items():  # at once, while the index may still be building
                start = time.perf_counter()
                answer = client.get(path)
                colds[name] = (time.perf_counter() - start) * 1000
                if answer.status_code != 200 or "/ui/login" in str(answer.url):
                    raise SystemExit(f"{path}: {answer.status_code} {answer.url}")
            campaign_page = f"/ui/campaigns/{big['campaign_id']}"
            while "still being built" in client.get(campaign_page).text:
                time.sleep(0.2)
            print(f"indicator index ready {time.perf_counter() - launched:.1f} s after serve "
                  f"started", file=sys.stderr)
            rows = []
            for name, path in pages.items():
                cold = colds[name]
                times, size = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer = client.get(path).raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
                    size = len(answer.content)
                times.sort()
                rows.append({"page": name, "cold_ms": round(cold, 1),
                             "median_ms": round(statistics.median(times), 1),
                             "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                             "max_ms": round(times[-1], 1), "bytes": size})
        width = max(len(r["page"]) for r in rows)
        print(f"{'page':<{width}}  cold_ms  median_ms  p95_ms  max_ms  bytes")
        for r in rows:
            print(f"{r['page']:<{width}}  {r['cold_ms']:>7}  {r['median_ms']:>9}  {r['p95_ms']:>6}  "
                  f"{r['max_ms']:>6}  {r['bytes']:>6}")
        (root / "bench_ui.json").write_text(json.dumps(rows, indent=1))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
