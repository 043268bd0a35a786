"""Loads the shared public corpora into prompt pools and trace-derived distributions."""
from __future__ import annotations

import json
from pathlib import Path

import cra_templates as T
import numpy as np
import polars as pl

CODE_WORDS = r"(?i)(code|python|javascript|typescript|sql|c\+\+|java|rust|golang|api|regex|program|script|" \
             r"function|css|html|react|docker|linux|bash|matplotlib|pandas|algorithm|array|compiler|git|android)"
MATH_WORDS = r"(?i)(math|algebra|probab|number theory|geometry|calculus|equation|puzzle|statistic)"


def _s(values, name="s") -> pl.Series:
    return pl.Series(name, values, dtype=pl.String)


class Corpora:
    def __init__(self, root: Path, rng: np.random.Generator):
        root = Path(root)
        if not (root / "gsm8k" / "gsm8k_questions.jsonl").exists():
            raise SystemExit(f"corpora not found under {root} (use --corpora PATH)")
        self.rng = rng
        rd = lambda p: pl.read_ndjson(root / p)  # noqa: E731

        g = rd("gsm8k/gsm8k_questions.jsonl")
        self.gsm_q = g["question"].cast(pl.String)
        self.gsm_a = g["final_answer"].cast(pl.String)
        self.gsm_sol_chars = g["solution_chars"].to_numpy().astype(float)
        self.gsm_test = np.nonzero((g["split"] == "test").to_numpy())[0]
        self.gsm_train = np.nonzero((g["split"] == "train").to_numpy())[0]

        a = rd("alpaca/alpaca_en_demo_prompts.jsonl")
        self.alpaca = a.select(pl.when(pl.col("input").str.len_chars() > 0)
                               .then(pl.concat_str([pl.col("instruction"), pl.lit("\n\n"), pl.col("input")]))
                               .otherwise(pl.col("instruction")).alias("s"))["s"]
        self.alpaca_out = a["output_chars"].to_numpy().astype(float)
        self.alpaca_input = a.filter(pl.col("input").str.len_chars() > 80)["input"]

        st = rd("alpaca/alpaca_seed_tasks.jsonl")
        self.seed_tasks = st["instruction"].cast(pl.String)

        c = rd("codealpaca/code_alpaca_2k_prompts.jsonl")
        self.code = c.select(pl.when(pl.col("input").str.len_chars() > 0)
                             .then(pl.concat_str([pl.col("instruction"), pl.lit("\n"), pl.col("input")]))
                             .otherwise(pl.col("instruction")).alias("s"))["s"]
        self.code_instr = c["instruction"].cast(pl.String)
        self.code_out = c["output_chars"].to_numpy().astype(float)
        self.code_inputs = c.filter(pl.col("input").str.len_chars() > 40)["input"]

        ah = rd("arena_hard/arena_hard_prompts.jsonl")
        is_code = ah["cluster"].str.contains(CODE_WORDS) | (ah["cluster"] == "coding")
        is_math = ah["cluster"].str.contains(MATH_WORDS) | (ah["cluster"] == "math")
        self.arena = ah["prompt"].cast(pl.String)
        self.arena_code = ah.filter(is_code)["prompt"]
        self.arena_math = ah.filter(is_math & ~is_code)["prompt"]
        self.arena_other = ah.filter(~is_code & ~is_math)["prompt"]
        cl = ah.filter(~pl.col("cluster").is_in(["coding", "math", "creative_writing"]))["cluster"]
        self.topics = cl.unique().sort().str.to_lowercase()  # topic names for Magpie-style generation

        self.oasst = rd("oasst/oasst_eval_prompts.jsonl")["prompt"].cast(pl.String)

        si = rd("self_instruct/user_oriented_instructions.jsonl")
        self.si = si.select(pl.when(pl.col("first_input").str.len_chars() > 0)
                            .then(pl.concat_str([pl.col("instruction"), pl.lit("\n\n"), pl.col("first_input")]))
                            .otherwise(pl.col("instruction")).alias("s"))["s"]
        self.si_input = si.filter(pl.col("first_input").str.len_chars() > 80)["first_input"]

        w = rd("wizardlm/wizardlm_testset.jsonl")
        self.wiz = w["instruction"].cast(pl.String)
        wm = w["skill"].is_in(["Math", "Reasoning", "Physics", "Chemistry"])
        self.wiz_math = w.filter(wm)["instruction"]
        self.wiz_other = w.filter(~wm & ~w["skill"].is_in(["Code Generation", "Code Debug"]))["instruction"]
        self.wiz_code = w.filter(w["skill"].is_in(["Code Generation", "Code Debug", "Computer Science"]))["instruction"]

        # ---- pooled categories
        self.general = pl.concat([self.oasst, self.arena_other, self.alpaca, self.si, self.wiz_other]).rename("s")
        self.casual = pl.concat([self.oasst, self.oasst, self.alpaca, self.si, self.arena_other]).rename("s")
        self.coding = pl.concat([self.code, self.arena_code, self.wiz_code]).rename("s")
        self.passages = pl.concat([self.alpaca_input, self.si_input, self.arena_other.filter(
            self.arena_other.str.len_chars().is_between(200, 3000))]).rename("s")
        self.hard_math = pl.concat([self.wiz_math, self.arena_math]).rename("s")

        self._load_tools(root)
        self._load_traces(root)
        self._build_synthetic_pools()

    # ---------------------------------------------------------------------------------
    def _load_tools(self, root: Path):
        rows = []  # (prompt, schema_json, n_tools)

        def schema(names, desc_prefix):
            tools = [{"name": n, "description": f"{desc_prefix} {n.replace('_', ' ').replace('.', ' ')}.",
                      "parameters": {"type": "object", "properties": {"query": {"type": "string"},
                                                                      "options": {"type": "object"}}}}
                     for n in names]
            return json.dumps(tools)

        for r in pl.read_ndjson(root / "tool_calling/bfcl_v4_live_prompts.jsonl").iter_rows(named=True):
            names = r["function_names"] or ["search"]
            rows.append((r["user_prompt"], schema(names, "Call"), len(names), "bfcl"))
        for r in pl.read_ndjson(root / "tool_calling/glaive_toolcall_en_demo_prompts.jsonl").iter_rows(named=True):
            names = r["tool_names"] or []
            rows.append((r["first_user_turn"], schema(names, "Function:") if names else "", len(names), "glaive"))
        ta = pl.read_ndjson(root / "tool_calling/toolalpaca_eval_instructions.jsonl")
        for r in ta.iter_rows(named=True):
            base = r["api"].replace(" ", "_").replace(".", "_").lower()
            names = [f"{base}_{op}" for op in ("search", "get", "list", "details")]
            rows.append((r["instruction"], schema(names, f"{r['api_category']} API:"), len(names), "toolalpaca"))
        go = pl.read_ndjson(root / "tool_calling/gorilla_apibench_instructions.jsonl")
        hub_tools = schema(["search_model_hub", "load_model", "run_inference"], "Model hub:")
        for r in go.iter_rows(named=True):
            rows.append((r["instruction"], hub_tools, 3, "gorilla"))
        df = pl.DataFrame(rows, schema=["prompt", "schema", "n_tools", "src"], orient="row")
        df = df.filter(pl.col("prompt").str.len_chars() > 0)
        self.tool_prompt = df["prompt"]
        self.tool_schema = df["schema"]
        self.tool_n = df["n_tools"].to_numpy().astype(np.int64)
        self.tool_src = df["src"].to_numpy()

    # ---------------------------------------------------------------------------------
    def _load_traces(self, root: Path):
        conv = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        code = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_code.csv")
        self.conv_ctx = conv["ContextTokens"].to_numpy().astype(np.int64)
        self.conv_gen = conv["GeneratedTokens"].to_numpy().astype(np.int64)
        self.code_ctx = code["ContextTokens"].to_numpy().astype(np.int64)
        self.code_gen = code["GeneratedTokens"].to_numpy().astype(np.int64)
        mc = pl.read_ndjson(root / "mooncake/conversation_trace.jsonl")
        self.moon_in = mc["input_length"].to_numpy().astype(np.int64)
        self.moon_out = mc["output_length"].to_numpy().astype(np.int64)
        # conversation inter-arrival of one service (seconds), used for session pacing shapes
        t = mc["timestamp"].to_numpy().astype(float) / 1000.0
        self.moon_iat = np.diff(np.sort(t))

        L = pl.read_csv(root / "servegen/servegen_client_lengths.csv")
        lang = (L.filter(pl.col("category") == "language")
                .group_by("model", "client_id", "field").agg(pl.col("p50").median(), pl.col("p90").median())
                .drop_nulls())
        wide = (lang.pivot(on="field", index=["model", "client_id"], values=["p50", "p90"])
                .drop_nulls().sort("model", "client_id"))
        self.sg_len = wide  # columns p50_input_tokens, p90_input_tokens, p50_output_tokens, p90_output_tokens
        r1 = L.filter(pl.col("category") == "reason").drop_nulls("mean")
        self.r1_ratio = r1.filter(pl.col("field") == "reason_ratio")["mean"].to_numpy()
        self.r1_out_p50 = r1.filter(pl.col("field") == "output_tokens")["p50"].to_numpy()
        mm = L.filter(pl.col("category") == "multimodal").drop_nulls("mean")
        self.img_tok_p50 = mm.filter(pl.col("field") == "image_tokens")["p50"].to_numpy()

        R = pl.read_csv(root / "servegen/servegen_client_rates.csv",
                        columns=["category", "model", "client_id", "window_start_s", "rate_rps", "iat_cv"])
        R = R.filter(pl.col("category") == "language")
        cnt = R.group_by("model", "client_id").agg(pl.len().alias("n"), pl.col("rate_rps").mean().alias("m"))
        good = cnt.filter(pl.col("n") >= 1400).sort("model", "client_id")
        R = R.join(good.select("model", "client_id"), on=["model", "client_id"])
        R = R.with_columns((pl.col("window_start_s") // 600).alias("w"))
        keys = good.select("model", "client_id").with_row_index("k")
        R = R.join(keys, on=["model", "client_id"])
        nw = 2016
        mat = np.zeros((keys.height, nw))
        cvm = np.ones((keys.height, nw))
        k = R["k"].to_numpy().astype(np.int64)
        w = R["w"].to_numpy().astype(np.int64)
        ok = w < nw
        mat[k[ok], w[ok]] = R["rate_rps"].to_numpy()[ok]
        cvm[k[ok], w[ok]] = R["iat_cv"].to_numpy()[ok]
        mat /= mat.mean(axis=1, keepdims=True)
        self.sg_profiles = mat          # (clients, 2016) rate shape, mean 1, 10-minute windows over 14 days
        self.sg_cv = cvm

    # ---------------------------------------------------------------------------------
    def _build_synthetic_pools(self):
        """Tool results, CSV snippets and stand-in responses: built once per world (not per event)."""
        rng = self.rng
        tr = []
        for _ in range(500):
            mod, fn, err = rng.choice(T.MODULES), rng.choice(T.FUNCS), rng.choice(T.ERRORS)
            k = rng.integers(0, 9)
            if k == 0:
                npass = rng.integers(3, 400)
                tr.append(f"$ pytest -q\n{'.' * int(rng.integers(3, 30))}F\nFAILED tests/test_{mod}.py::test_{fn} - "
                          f"{err}: expected {rng.integers(0, 100)}, got {rng.integers(0, 100)}\n1 failed, {npass} passed "
                          f"in {rng.uniform(0.3, 40):.2f}s")
            elif k == 1:
                files = " ".join(f"{m}.py" for m in rng.choice(T.MODULES, int(rng.integers(3, 9)), replace=False))
                tr.append(f"$ ls src/app\n__init__.py {files}")
            elif k == 2:
                tr.append(f"src/app/{mod}.py:{rng.integers(5, 400)}:def {fn}(self, *args, **kwargs):\n"
                          f"src/app/{rng.choice(T.MODULES)}.py:{rng.integers(5, 400)}:    return {fn}(payload)")
            elif k == 3:
                tr.append(f"Traceback (most recent call last):\n  File \"src/app/{mod}.py\", line {rng.integers(5, 400)}, "
                          f"in {fn}\n    result = data[key]\n{err}: '{rng.choice(T.FUNCS)}'")
            elif k == 4:
                tr.append(f"File src/app/{mod}.py updated: {rng.integers(1, 40)} insertions(+), "
                          f"{rng.integers(0, 20)} deletions(-)")
            elif k == 5:
                tr.append(f"$ git diff --stat\n src/app/{mod}.py | {rng.integers(2, 60)} ++++--\n 1 file changed")
            elif k == 6:
                tr.append(f"```python\n# src/app/{mod}.py\nimport logging\n\nlog = logging.getLogger(__name__)\n\n"
                          f"def {fn}(items, limit={rng.integers(5, 100)}):\n    out = []\n    for it in items[:limit]:\n"
                          f"        if it is None:\n            continue\n        out.append(it)\n    return out\n```")
            elif k == 7:
                tr.append(json.dumps({"status": int(rng.choice([200, 200, 200, 404, 500])), "results":
                                      [{"id": int(rng.integers(1, 9999)), "score": round(float(rng.random()), 3)}
                                       for _ in range(int(rng.integers(1, 4)))]}))
            else:
                tr.append(f"Command exited with code {rng.choice([0, 0, 0, 1, 2])}\n{rng.choice(['Build succeeded.', 'npm WARN deprecated', 'Compiled with 2 warnings', 'ok'])}")
        self.tool_results = _s(tr)

        csv = []
        for _ in range(160):
            ds = rng.choice(T.DATASETS)
            nrow = int(rng.integers(6, 16))
            lines = ["date,region,category,value,count"]
            for i in range(nrow):
                lines.append(f"2024-{(i % 12) + 1:02d}-01,{rng.choice(T.REGIONS)},{rng.choice(['A', 'B', 'C', 'D'])},"
                             f"{rng.normal(500, 180):.1f},{rng.integers(1, 300)}")
            csv.append(f"Here is a CSV export of our {ds} data.\n\n" + "\n".join(lines))
        self.csv_snippets = _s(csv)

        resp = []
        for _ in range(600):
            n = int(rng.integers(2, 500))
            parts = [rng.choice(T.RESP_OPENERS)]
            parts += [b.replace("{n}", str(n)) for b in rng.choice(T.RESP_BODIES, int(rng.integers(2, 6)), replace=False)]
            parts.append(str(rng.choice(T.RESP_CLOSERS)).replace("{n}", str(n)))
            resp.append(" ".join(p for p in parts if p))
        self.responses = _s(resp)

        products = []
        for _ in range(300):
            feats = ", ".join(rng.choice(T.PRODUCT_FEATURES, int(rng.integers(2, 5)), replace=False))
            products.append(f"{rng.choice(T.PRODUCT_NOUNS)}; {feats}; price {rng.integers(9, 250)} EUR")
        self.products = _s(products)
        self.sql_q = _s(T.SQL_QUESTIONS)

    # ---------------------------------------------------------------------------------
    def sample(self, series: pl.Series, n: int, rng: np.random.Generator) -> pl.Series:
        return series.gather(rng.integers(0, len(series), n))
