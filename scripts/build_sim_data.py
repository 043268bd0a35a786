"""Build the compact, permissively licensed sample the simulator ships (src/distillguard/sim/data/).

Reads ../shared/corpora (Apache-2.0, MIT and CC BY 4.0 files only; never the CC BY-NC ones) and writes
prompts.jsonl.gz (prompt pools) and traces.json (empirical token and timing distributions)."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import numpy as np
import polars as pl

CORPORA = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
OUT = Path(__file__).resolve().parents[1] / "src/distillguard/sim/data"
QUANTILES = np.linspace(0, 1, 201)
MAX_CHARS = 3000
GSM8K_KEEP = 3000
CODE_CLUSTER = re.compile(
    r"code|coding|program|python|java|sql|regex|algorithm|script|css|typescript|rust|c\+\+|api|"
    r"docker|git|linux|pandas|matplotlib|android|web|debug|function|software|excel vba|bash"
)


def _jsonl(rel: str) -> list[dict]:
    with open(CORPORA / rel, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def prompt_pools() -> list[dict]:
    rows: list[dict] = []

    def add(pool: str, text: str, source: str, **extra) -> None:
        text = (text or "").strip()
        if 8 <= len(text) <= MAX_CHARS:
            rows.append({"pool": pool, "text": text, "source": source, **extra})

    for r in _jsonl("arena_hard/arena_hard_prompts.jsonl"):
        cluster = r["cluster"].lower()
        pool = "code" if cluster == "coding" or CODE_CLUSTER.search(cluster) else "chat"
        if cluster == "math":
            pool = "math"
        add(pool, r["prompt"], "arena_hard")
    for r in _jsonl("oasst/oasst_eval_prompts.jsonl"):
        add("chat", r["prompt"], "oasst")
    for r in _jsonl("self_instruct/user_oriented_instructions.jsonl"):
        text = r["instruction"] + (("\n\n" + r["first_input"]) if r.get("first_input") else "")
        add("chat", text, "self_instruct")
    for r in _jsonl("gsm8k/gsm8k_questions.jsonl")[:GSM8K_KEEP]:
        add("math", r["question"], "gsm8k", answer=r["final_answer"])
    for r in _jsonl("tool_calling/bfcl_v4_live_prompts.jsonl"):
        if r["subset"] != "live_irrelevance":
            add("tool", r["user_prompt"], "bfcl", n_tools=len(r["function_names"]))
    for r in _jsonl("tool_calling/glaive_toolcall_en_demo_prompts.jsonl"):
        add("tool", r["first_user_turn"], "glaive", n_tools=max(1, len(r["tool_names"])))
    for r in _jsonl("tool_calling/toolalpaca_eval_instructions.jsonl"):
        add("tool", r["instruction"], "toolalpaca", n_tools=3)
    for r in _jsonl("tool_calling/gorilla_apibench_instructions.jsonl"):
        add("tool", r["instruction"].strip('"'), "gorilla", n_tools=1)
    return rows


def _quantiles(values: np.ndarray) -> list[float]:
    return [round(float(v), 3) for v in np.quantile(values, QUANTILES)]


def traces() -> dict:
    out: dict = {"quantile_levels": len(QUANTILES)}
    for kind in ("conv", "code"):
        df = pl.read_csv(CORPORA / f"azure_llm_2023/AzureLLMInferenceTrace_{kind}.csv")
        out[f"azure_{kind}_input"] = _quantiles(df["ContextTokens"].to_numpy())
        out[f"azure_{kind}_output"] = _quantiles(df["GeneratedTokens"].to_numpy())
        ts = df["TIMESTAMP"].str.to_datetime("%Y-%m-%d %H:%M:%S%.f").sort()
        gaps = ts.diff().dt.total_microseconds().drop_nulls().to_numpy() / 1e6
        out[f"azure_{kind}_gap_s"] = _quantiles(gaps)
    moon = pl.read_ndjson(CORPORA / "mooncake/conversation_trace.jsonl")
    out["mooncake_input"] = _quantiles(moon["input_length"].to_numpy())
    out["mooncake_output"] = _quantiles(moon["output_length"].to_numpy())
    rates = pl.read_csv(CORPORA / "servegen/servegen_client_rates.csv")
    out["servegen_iat_cv"] = _quantiles(rates["iat_cv"].to_numpy())
    # Hour-of-day shape of the busiest language clients: real diurnal profiles for API backends.
    lang = rates.filter(pl.col("category") == "language").with_columns(
        hour=((pl.col("window_start_s") % 86400) // 3600).cast(pl.Int32)
    )
    busiest = (lang.group_by("client_id").agg(pl.col("rate_rps").sum(), pl.len())
               .filter(pl.col("len") > 500).sort("rate_rps", descending=True).head(40)["client_id"])
    profiles = []
    for cid in busiest.to_list():
        per_hour = (lang.filter(pl.col("client_id") == cid).group_by("hour")
                    .agg(pl.col("rate_rps").mean()).sort("hour"))
        shape = np.zeros(24)
        shape[per_hour["hour"].to_numpy()] = per_hour["rate_rps"].to_numpy()
        if shape.sum() > 0:
            profiles.append([round(float(v), 4) for v in shape / shape.mean()])
    out["servegen_hourly_profiles"] = profiles
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = prompt_pools()
    with gzip.open(OUT / "prompts.jsonl.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (OUT / "traces.json").write_text(json.dumps(traces()), encoding="utf-8")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["pool"]] = counts.get(row["pool"], 0) + 1
    print(counts)


if __name__ == "__main__":
    main()
