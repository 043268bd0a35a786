"""Load the public corpora (read at run time, never copied into outputs other than as
prompt text) and turn them into prompt pools and empirical distributions."""
from __future__ import annotations

import json
import os
import re

import numpy as np
import polars as pl

_CODE_HINT = re.compile(r"```|\bdef |\bclass |\bfunction\b|\bpython\b|\bjavascript\b|\bjava\b|\bc\+\+|\bsql\b|"
                        r"\bcode\b|\bscript\b|\bregex\b|\bapi\b|\bbash\b|\brust\b|\bgolang\b|\btypescript\b|\breact\b|"
                        r"\bhtml\b|\bcss\b|\bprogram\b|\bimplement\b|\balgorithm\b|\bcompile", re.I)


def _jl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def _join(instr, inp):
    instr = (instr or "").strip()
    inp = (inp or "").strip()
    return f"{instr}\n\n{inp}" if inp else instr


class Corpora:
    def __init__(self, root: str):
        if not os.path.isdir(root):
            raise SystemExit(f"corpora directory not found: {root}")
        j = lambda *p: os.path.join(root, *p)

        # ---- benign human-written / general instructions --------------------------
        oasst = [r["prompt"].strip() for r in _jl(j("oasst", "oasst_eval_prompts.jsonl")) if r.get("prompt")]
        arena = _jl(j("arena_hard", "arena_hard_prompts.jsonl"))
        self.arena_code, self.arena_math, self.arena_creative, self.arena_other = [], [], [], []
        for r in arena:
            p = (r.get("prompt") or "").strip()
            if not p:
                continue
            cl = (r.get("cluster") or "").lower()
            if cl == "coding" or (cl not in ("math", "creative_writing") and _CODE_HINT.search(p)):
                self.arena_code.append(p)
            elif cl == "math":
                self.arena_math.append(p)
            elif cl == "creative_writing":
                self.arena_creative.append(p)
            else:
                self.arena_other.append(p)
        self.arena_all = [r["prompt"].strip() for r in arena if r.get("prompt")]
        self.arena_v01 = [r["prompt"].strip() for r in arena if r.get("version") == "arena-hard-v0.1" and r.get("prompt")]

        alp = _jl(j("alpaca", "alpaca_en_demo_prompts.jsonl"))
        self.alpaca = [_join(r["instruction"], r.get("input")) for r in alp]
        self.alpaca_out = np.array([r.get("output_chars") or 600 for r in alp], float)
        seeds = _jl(j("alpaca", "alpaca_seed_tasks.jsonl"))
        self.alpaca_seeds = [_join(r["instruction"], r.get("first_input")) for r in seeds]
        self.alpaca_seed_instr = [r["instruction"].strip() for r in seeds]
        si = _jl(j("self_instruct", "user_oriented_instructions.jsonl"))
        self.self_instruct = [_join(r["instruction"], r.get("first_input")) for r in si]
        self.self_instruct_app = [r.get("motivation_app") or "" for r in si]
        wz = _jl(j("wizardlm", "wizardlm_testset.jsonl"))
        self.wizard = [r["instruction"].strip() for r in wz]
        self.wizard_skill = [r.get("skill") or "" for r in wz]
        self.oasst = oasst

        # ---- code -----------------------------------------------------------------
        ca = _jl(j("codealpaca", "code_alpaca_2k_prompts.jsonl"))
        self.code = [_join(r["instruction"], r.get("input")) for r in ca]
        self.code_instr = [r["instruction"].strip() for r in ca]
        self.code_input = [(r.get("input") or "").strip() for r in ca]
        self.code_out = np.array([r.get("output_chars") or 300 for r in ca], float)

        # ---- maths ------------------------------------------------------------------
        gs = _jl(j("gsm8k", "gsm8k_questions.jsonl"))
        self.gsm_q = [r["question"].strip() for r in gs]
        self.gsm_a = [str(r.get("final_answer", "")).strip() for r in gs]
        self.gsm_sol = np.array([r.get("solution_chars") or 250 for r in gs], float)
        self.gsm_test = np.array([i for i, r in enumerate(gs) if r.get("split") == "test"], np.int64)
        self.gsm_train = np.array([i for i, r in enumerate(gs) if r.get("split") != "test"], np.int64)

        # ---- tool use -----------------------------------------------------------------
        tools = []   # (prompt, n_tools, source)
        for r in _jl(j("tool_calling", "bfcl_v4_live_prompts.jsonl")):
            if r.get("user_prompt"):
                tools.append((r["user_prompt"].strip(), max(1, len(r.get("function_names") or [])), "bfcl"))
        self.glaive_chat = []
        for r in _jl(j("tool_calling", "glaive_toolcall_en_demo_prompts.jsonl")):
            t = (r.get("first_user_turn") or "").strip()
            if not t:
                continue
            if r.get("tool_names"):
                tools.append((t, len(r["tool_names"]), "glaive"))
            else:
                self.glaive_chat.append(t)
        for r in _jl(j("tool_calling", "toolalpaca_eval_instructions.jsonl")):
            if r.get("instruction"):
                tools.append((r["instruction"].strip(), 0, "toolalpaca"))
        self.gorilla = []
        for r in _jl(j("tool_calling", "gorilla_apibench_instructions.jsonl")):
            if r.get("instruction"):
                self.gorilla.append(r["instruction"].strip().strip('"'))
        self.tool_prompts = [t[0] for t in tools]
        self.tool_ntools = np.array([t[1] for t in tools], np.int64)
        self.tool_src = [t[2] for t in tools]
        self.bfcl_idx = np.array([i for i, t in enumerate(tools) if t[2] == "bfcl"], np.int64)

        # general chat pool (benign first turns)
        self.chat = (oasst + self.arena_other + self.arena_creative + self.alpaca + self.self_instruct
                     + self.alpaca_seeds + self.wizard + self.glaive_chat)

        # ---- traces -----------------------------------------------------------------
        conv = pl.read_csv(j("azure_llm_2023", "AzureLLMInferenceTrace_conv.csv"))
        code = pl.read_csv(j("azure_llm_2023", "AzureLLMInferenceTrace_code.csv"))
        self.conv_ctx = conv["ContextTokens"].to_numpy().astype(np.int64)
        self.conv_gen = conv["GeneratedTokens"].to_numpy().astype(np.int64)
        self.code_ctx = code["ContextTokens"].to_numpy().astype(np.int64)
        self.code_gen = code["GeneratedTokens"].to_numpy().astype(np.int64)
        mc = pl.read_ndjson(j("mooncake", "conversation_trace.jsonl"), schema_overrides=None)
        self.moon_in = mc["input_length"].to_numpy().astype(np.int64)
        self.moon_out = mc["output_length"].to_numpy().astype(np.int64)
        ts = np.sort(mc["timestamp"].to_numpy().astype(np.int64))
        self.moon_iat = np.diff(ts).astype(float) / 1000.0     # seconds between arrivals

        rates = pl.read_csv(j("servegen", "servegen_client_rates.csv"))
        rates = rates.filter(pl.col("category") == "language")
        cover = rates.group_by(["model", "client_id"]).agg(pl.len().alias("n"))
        good = cover.filter(pl.col("n") >= 1500)
        self.sg_clients = []          # list of (rate array[2016], cv array[2016])
        nwin = 14 * 144
        r2 = rates.join(good.select("model", "client_id"), on=["model", "client_id"])
        for (m, c), g in r2.group_by(["model", "client_id"], maintain_order=True):
            rate = np.zeros(nwin)
            cv = np.ones(nwin)
            w = (g["window_start_s"].to_numpy() // 600).astype(int)
            ok = w < nwin
            rate[w[ok]] = g["rate_rps"].to_numpy()[ok]
            cv[w[ok]] = np.clip(g["iat_cv"].to_numpy()[ok], 0.3, 12)
            self.sg_clients.append((rate, cv))
        # deterministic order
        self.sg_clients.sort(key=lambda x: -x[0].sum())
