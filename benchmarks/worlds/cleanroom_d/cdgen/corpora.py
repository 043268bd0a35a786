"""Load the public prompt sets and serving traces into pools and samplers."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl


def _o(s) -> np.ndarray:
    return np.asarray(s.to_list() if hasattr(s, "to_list") else s, dtype=object)


class Corpora:
    def __init__(self, root: Path):
        root = Path(root)
        if not (root / "gsm8k").exists():
            raise SystemExit(f"corpora folder not found or incomplete: {root}")
        rd = lambda p: pl.read_ndjson(root / p)

        g = rd("gsm8k/gsm8k_questions.jsonl")
        self.gsm_q = _o(g["question"])
        self.gsm_a = _o(g["final_answer"].cast(pl.String))
        self.gsm_a_int = (g["final_answer"].cast(pl.String).str.replace_all(",", "")
                          .cast(pl.Float64, strict=False).fill_null(0).cast(pl.Int64).to_numpy())
        self.gsm_sol = g["solution_chars"].to_numpy().astype(float)
        self.gsm_test = np.nonzero(g["split"].to_numpy() == "test")[0]

        c = rd("codealpaca/code_alpaca_2k_prompts.jsonl").with_columns(
            text=pl.when(pl.col("input").str.len_chars() > 0)
            .then(pl.col("instruction") + pl.lit("\n") + pl.col("input"))
            .otherwise(pl.col("instruction")),
            fname=pl.col("instruction").str.to_lowercase().str.replace_all("[^a-z0-9]+", "_")
            .str.strip_chars("_").str.split("_").list.slice(0, 4).list.join("_"))
        self.code = _o(c["text"])
        self.code_instr = _o(c["instruction"])
        self.code_out = c["output_chars"].to_numpy().astype(float)
        fn = c["fname"].fill_null("solve")
        fn = pl.Series(np.where(fn.str.contains("^[0-9]").fill_null(True).to_numpy() | (fn.str.len_chars() == 0).to_numpy(),
                                "solve", fn.to_numpy()))
        self.code_fname = _o(fn)

        a = rd("alpaca/alpaca_en_demo_prompts.jsonl").with_columns(
            text=pl.when(pl.col("input").str.len_chars() > 0)
            .then(pl.col("instruction") + pl.lit("\n\n") + pl.col("input"))
            .otherwise(pl.col("instruction")))
        self.alpaca = _o(a["text"])
        self.alpaca_out = a["output_chars"].to_numpy().astype(float)

        s = rd("alpaca/alpaca_seed_tasks.jsonl")
        self.seeds = _o(s["instruction"])

        u = rd("self_instruct/user_oriented_instructions.jsonl").with_columns(
            text=pl.when(pl.col("first_input").str.len_chars() > 0)
            .then(pl.col("instruction") + pl.lit("\n\n") + pl.col("first_input"))
            .otherwise(pl.col("instruction")))
        self.userinst = _o(u["text"])

        self.oasst = _o(rd("oasst/oasst_eval_prompts.jsonl")["prompt"])

        ar = rd("arena_hard/arena_hard_prompts.jsonl")
        code_kw = r"(?i)(python|code|function|sql|javascript|c\+\+|rust|java|script|program|bash|regex|api|class |html|css|typescript|golang|kotlin|swift)"
        is_code = (ar["cluster"] == "coding") | ar["prompt"].str.contains(code_kw)
        self.arena_code = _o(ar.filter(is_code)["prompt"])
        self.arena_math = _o(ar.filter(ar["cluster"] == "math")["prompt"])
        self.arena_creative = _o(ar.filter(ar["cluster"] == "creative_writing")["prompt"])
        self.arena_other = _o(ar.filter(~is_code & (ar["cluster"] != "math") & (ar["cluster"] != "creative_writing"))["prompt"])

        w = rd("wizardlm/wizardlm_testset.jsonl")
        reasonish = w["skill"].is_in(["Math", "Reasoning", "Physics", "Chemistry", "Biology", "Common-Sense"])
        self.wiz_reason = _o(w.filter(reasonish)["instruction"])
        self.wiz_other = _o(w.filter(~reasonish)["instruction"])

        b = rd("tool_calling/bfcl_v4_live_prompts.jsonl").with_columns(
            nf=pl.col("function_names").list.len())
        b = b.filter(pl.col("user_prompt").str.len_chars() > 3)
        self.bfcl = _o(b["user_prompt"].str.strip_chars())
        self.bfcl_nf = b["nf"].to_numpy()
        gl = rd("tool_calling/glaive_toolcall_en_demo_prompts.jsonl").with_columns(nf=pl.col("tool_names").list.len())
        self.glaive = _o(gl["first_user_turn"])
        self.glaive_nf = gl["nf"].to_numpy()
        self.toolalpaca = _o(rd("tool_calling/toolalpaca_eval_instructions.jsonl")["instruction"])
        go = rd("tool_calling/gorilla_apibench_instructions.jsonl")
        self.gorilla = _o(go["instruction"].str.strip_chars('" '))
        vis = go["domain"].str.contains("(?i)image|vision|video|object|segment|classification|depth")
        self.gorilla_vision = _o(go.filter(vis)["instruction"].str.strip_chars('" '))

        # pooled views
        self.general = np.concatenate([self.alpaca, self.oasst, self.userinst, self.arena_other,
                                       self.wiz_other, self.seeds])
        self.chatty = np.concatenate([self.oasst, self.oasst, self.alpaca, self.userinst, self.arena_other,
                                      self.arena_creative, self.wiz_other])
        self.codeprompts = np.concatenate([self.code, self.arena_code])
        self.reason_hard = np.concatenate([self.arena_math, self.wiz_reason])
        self.toolprompts = np.concatenate([self.bfcl, self.glaive, self.toolalpaca])
        self.toolprompts_nf = np.concatenate([np.maximum(self.bfcl_nf, 1), np.maximum(self.glaive_nf, 1),
                                              np.full(len(self.toolalpaca), 3)])

        # ------------------------------------------------------------ traces
        az = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        self.az_conv_ctx = az["ContextTokens"].to_numpy()
        self.az_conv_gen = az["GeneratedTokens"].to_numpy()
        azc = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_code.csv")
        self.az_code_ctx = azc["ContextTokens"].to_numpy()
        self.az_code_gen = azc["GeneratedTokens"].to_numpy()
        mc = pl.read_ndjson(root / "mooncake/conversation_trace.jsonl")
        self.moon_in = mc["input_length"].to_numpy()
        self.moon_out = mc["output_length"].to_numpy()
        ln = pl.read_csv(root / "servegen/servegen_client_lengths.csv")
        rr = ln.filter((pl.col("category") == "reason") & (pl.col("field") == "reason_ratio"))
        self.reason_ratio = rr["p50"].drop_nans().drop_nulls().to_numpy()
        ro = ln.filter((pl.col("category") == "reason") & (pl.col("field") == "output_tokens"))
        self.reason_out = ro["p50"].drop_nans().drop_nulls().to_numpy()
        im = ln.filter((pl.col("category") == "multimodal") & (pl.col("field") == "image_tokens"))
        self.img_tok = np.maximum(im["p50"].drop_nans().drop_nulls().to_numpy(), 64)
        lo = ln.filter((pl.col("category") == "language") & (pl.col("field") == "output_tokens"))
        self.lang_out_p50 = lo["p50"].to_numpy()

        rates = pl.read_csv(root / "servegen/servegen_client_rates.csv").filter(pl.col("category") == "language")
        rates = rates.with_columns(key=pl.col("model") + pl.lit(":") + pl.col("client_id").cast(pl.String),
                                   w=(pl.col("window_start_s") // 600).cast(pl.Int64))
        nwin = rates.group_by("key").agg(pl.len().alias("n")).filter(pl.col("n") >= 1200).sort("key")
        self.sg_keys = nwin["key"].to_list()
        rates = rates.filter(pl.col("key").is_in(self.sg_keys)).sort("key", "w")
        self.sg = {}
        for k, part in rates.partition_by("key", as_dict=True, maintain_order=True).items():
            k = k[0] if isinstance(k, tuple) else k
            self.sg[k] = (part["w"].to_numpy(), part["rate_rps"].to_numpy(), part["iat_cv"].to_numpy())

    # ------------------------------------------------------------ samplers
    def sample(self, rng, arr, n):
        return arr[rng.integers(0, len(arr), n)]
