"""Loads the shared public corpora into prompt pools and trace-derived samplers."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

_CODE_RE = (r"(?i)```|\bdef |\bfunction\b|\bcode\b|python|javascript|typescript|\bsql\b|c\+\+|\brust\b|\bjava\b|"
            r"\bscript\b|\bprogram|implement|regex|\bbug\b|compile|\bapi\b|\bclass\b|golang|\bbash\b|kotlin|swift|"
            r"\bhtml\b|\bcss\b|react|docker|kubernetes|\bgit\b|linux|excel formula|vba")
_MAX_CHARS = 9000


def _nd(path: Path) -> pl.DataFrame:
    return pl.read_ndjson(path, infer_schema_length=None)


def _join(instr: pl.Expr, inp: pl.Expr) -> pl.Expr:
    return pl.when(inp.fill_null("").str.len_chars() > 0).then(instr + pl.lit("\n\n") + inp).otherwise(instr)


class Corpora:
    def __init__(self, root: Path):
        root = Path(root)
        if not (root / "gsm8k" / "gsm8k_questions.jsonl").exists():
            raise SystemExit(f"corpora not found under {root} (use --corpora PATH)")
        def clip(e):
            return e.str.slice(0, _MAX_CHARS)

        g = _nd(root / "gsm8k/gsm8k_questions.jsonl")
        self.gsm = g.select(pl.col("question").alias("q"), pl.col("final_answer").cast(pl.String).alias("answer"),
                            (pl.col("solution_chars") / 3.8).alias("out_tok"), pl.col("split"))
        self.gsm_test = self.gsm.filter(pl.col("split") == "test")

        ca = _nd(root / "codealpaca/code_alpaca_2k_prompts.jsonl")
        self.code = ca.select(pl.col("instruction").alias("q"), pl.col("input").fill_null("").alias("input"),
                              _join(pl.col("instruction"), pl.col("input")).alias("text"),
                              (pl.col("output_chars") / 3.4).alias("out_tok"))

        al = _nd(root / "alpaca/alpaca_en_demo_prompts.jsonl")
        alp = al.select(clip(_join(pl.col("instruction"), pl.col("input"))).alias("text"),
                        (pl.col("output_chars") / 4.0).alias("out_tok"), pl.lit("alpaca").alias("src"))
        seeds = _nd(root / "alpaca/alpaca_seed_tasks.jsonl")
        self.seed_tasks = seeds["instruction"]
        sd = seeds.select(_join(pl.col("instruction"), pl.col("first_input")).alias("text"),
                          pl.lit(None, dtype=pl.Float64).alias("out_tok"), pl.lit("seed").alias("src"))
        ah = _nd(root / "arena_hard/arena_hard_prompts.jsonl")
        ah = ah.with_columns(clip(pl.col("prompt")).alias("text"),
                             (pl.col("prompt").str.contains(_CODE_RE) | pl.col("cluster").str.contains(_CODE_RE)).alias("is_code"))
        self.arena = ah.select("text", "is_code", "category", "cluster")
        oa = _nd(root / "oasst/oasst_eval_prompts.jsonl").select(clip(pl.col("prompt")).alias("text"),
                                                                pl.lit(None, dtype=pl.Float64).alias("out_tok"), pl.lit("oasst").alias("src"))
        si = _nd(root / "self_instruct/user_oriented_instructions.jsonl")
        self.user_tasks = si.select(pl.col("instruction"), pl.col("first_input").fill_null("").alias("input"), pl.col("motivation_app"))
        sip = si.select(clip(_join(pl.col("instruction"), pl.col("first_input"))).alias("text"),
                        pl.lit(None, dtype=pl.Float64).alias("out_tok"), pl.lit("self_instruct").alias("src"))
        wz = _nd(root / "wizardlm/wizardlm_testset.jsonl")
        self.wizard = wz.select(pl.col("instruction").alias("text"), "skill", "difficulty")
        wzp = wz.select(clip(pl.col("instruction")).alias("text"), pl.lit(None, dtype=pl.Float64).alias("out_tok"),
                        pl.lit("wizardlm").alias("src"))
        arp = ah.filter(~pl.col("is_code")).select("text", pl.lit(None, dtype=pl.Float64).alias("out_tok"),
                                                   pl.lit("arena").alias("src"))
        # general conversational pool (non-code)
        self.general = pl.concat([oa, oa, alp, sip, wzp.filter(~pl.col("text").str.contains(_CODE_RE)), arp, sd])
        # coding asked by humans (arena coding prompts + wizard code skills + code alpaca)
        self.code_human = pl.concat([
            ah.filter(pl.col("is_code")).select("text"),
            wz.filter(pl.col("skill").str.contains("Code")).select(pl.col("instruction").alias("text")),
            self.code.select("text").sample(fraction=0.25, seed=7),
        ])
        # reasoning-heavy prompts (hard questions)
        self.hard = pl.concat([
            ah.filter(pl.col("category") != "creative_writing").select("text"),
            wz.filter(pl.col("skill").is_in(["Math", "Reasoning", "Physics", "Chemistry", "Computer Science",
                                             "Code Generation", "Complex Format", "Counterfactual"])).select(pl.col("instruction").alias("text")),
        ])
        self.creative = ah.filter(pl.col("category") == "creative_writing").select("text")

        # tool-use prompts
        bf = _nd(root / "tool_calling/bfcl_v4_live_prompts.jsonl")
        gl = _nd(root / "tool_calling/glaive_toolcall_en_demo_prompts.jsonl")
        ta = _nd(root / "tool_calling/toolalpaca_eval_instructions.jsonl")
        ab = _nd(root / "tool_calling/gorilla_apibench_instructions.jsonl")
        self.tools = pl.concat([
            bf.filter(pl.col("subset") != "live_irrelevance").select(clip(pl.col("user_prompt")).alias("text"),
                                                                     pl.col("function_names").list.len().cast(pl.Int64).alias("n_tools"), pl.lit("bfcl").alias("src")),
            gl.filter(pl.col("tool_names").list.len() > 0).select(clip(pl.col("first_user_turn")).alias("text"),
                                                                  pl.col("tool_names").list.len().cast(pl.Int64).alias("n_tools"), pl.lit("glaive").alias("src")),
            ta.select(pl.col("instruction").alias("text"), pl.lit(3, dtype=pl.Int64).alias("n_tools"), pl.lit("toolalpaca").alias("src")),
            ab.select(pl.col("instruction").str.strip_chars('"').alias("text"), pl.lit(1, dtype=pl.Int64).alias("n_tools"), pl.lit("apibench").alias("src")),
        ]).with_columns(pl.col("n_tools").cast(pl.Int64))
        self.tool_names = sorted(set(n for lst in bf["function_names"].to_list() + gl["tool_names"].to_list() for n in lst))
        self.bfcl_plain = bf.filter(pl.col("subset") == "live_irrelevance").select(clip(pl.col("user_prompt")).alias("text"))

        # ---------------- traces ----------------
        conv = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        code = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_code.csv")
        self.conv_ctx = conv["ContextTokens"].to_numpy().astype(float)
        self.conv_gen = conv["GeneratedTokens"].to_numpy().astype(float)
        self.code_ctx = code["ContextTokens"].to_numpy().astype(float)
        self.code_gen = code["GeneratedTokens"].to_numpy().astype(float)
        mc = _nd(root / "mooncake/conversation_trace.jsonl")
        self.moon_in = mc["input_length"].to_numpy().astype(float)
        self.moon_out = mc["output_length"].to_numpy().astype(float)
        lens = pl.read_csv(root / "servegen/servegen_client_lengths.csv")
        r1 = lens.filter(pl.col("model") == "deepseek-r1")
        self.r1_out = r1.filter(pl.col("field") == "output_tokens")["mean"].to_numpy()
        self.r1_ratio = r1.filter(pl.col("field") == "reason_ratio")["mean"].to_numpy()
        mm = lens.filter(pl.col("model") == "mm-image")
        self.mm_out = mm.filter(pl.col("field") == "output_tokens")["mean"].to_numpy()
        self.mm_img = mm.filter(pl.col("field") == "image_tokens")["mean"].to_numpy()
        for k in ("r1_out", "r1_ratio", "mm_out", "mm_img"):
            a = getattr(self, k)
            setattr(self, k, a[np.isfinite(a) & (a > 0)])
        lg = lens.filter((pl.col("category") == "language") & (pl.col("field") == "output_tokens"))
        self.lang_out_p50 = lg["p50"].to_numpy()

        rates = pl.read_csv(root / "servegen/servegen_client_rates.csv")
        lang = rates.filter(pl.col("category") == "language")
        cov = lang.group_by("model", "client_id").agg(pl.len().alias("nw")).filter(pl.col("nw") >= 1500)
        lang = lang.join(cov, on=["model", "client_id"]).with_columns((pl.col("window_start_s") // 600).alias("w"))
        self.sg_shapes = []   # list of (rate[2016], cv[2016]) for long-lived language clients
        for (model, cid), sub in lang.group_by(["model", "client_id"], maintain_order=True):
            r = np.zeros(2016)
            c = np.ones(2016)
            w = sub["w"].to_numpy()
            r[w] = sub["rate_rps"].to_numpy()
            c[w] = sub["iat_cv"].to_numpy()
            self.sg_shapes.append((r, c, int((r > 0).sum())))
        self.sg_shapes.sort(key=lambda rc: float(rc[0].sum()))

    # ------------------------------------------------------------------
    def shape(self, rng, days: float, tz_shift_h: float = 0.0, min_cov: int = 1500):
        """A 600-s intensity and CV series of a real long-lived client, tiled/cut to `days`, shifted in time."""
        ok = [s for s in self.sg_shapes if s[2] >= min_cov] or self.sg_shapes
        r, c, _ = ok[int(rng.integers(0, len(ok)))]
        nw = int(np.ceil(days * 144))
        roll = int(rng.integers(0, 1008)) // 144 * 144 + int(round(tz_shift_h * 6))
        r = np.roll(r, -roll)
        c = np.roll(c, -roll)
        reps = int(np.ceil(nw / 2016))
        return np.tile(r, reps)[:nw], np.tile(c, reps)[:nw]

    def sample(self, rng, arr, n, jitter: float = 0.15):
        x = arr[rng.integers(0, len(arr), size=n)]
        return np.maximum(1, np.round(x * np.exp(jitter * rng.standard_normal(n))))
