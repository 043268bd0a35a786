"""Load the public prompt sets and serving traces that the world draws from.

Everything here is read once per run; the rest of the generator only gathers
rows from these pools by index (no per-event Python work).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl


def _nd(path: Path) -> pl.DataFrame:
    return pl.read_ndjson(path)


def _join_input(instr: pl.Expr, inp: pl.Expr) -> pl.Expr:
    return (
        pl.when(inp.fill_null("").str.len_chars() > 0)
        .then(pl.concat_str([instr, pl.lit("\n\n"), inp]))
        .otherwise(instr)
    )


_NUM = re.compile(r"(?<![\w.])(\d{1,4})(?![\w.])")


def _perturb(text: str, rng: np.random.Generator) -> str:
    """GSM-style augmentation: replace the small integers of a word problem."""

    def rep(m: re.Match) -> str:
        v = int(m.group(1))
        if v < 2:
            return m.group(1)
        lo, hi = max(2, int(v * 0.5)), max(3, int(v * 1.6) + 1)
        return str(int(rng.integers(lo, hi)))

    return _NUM.sub(rep, text)


@dataclass
class Pool:
    """A column of texts plus an expected visible-output length (tokens)."""

    text: pl.Series
    out_tok: np.ndarray
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.text)

    def draw(self, rng: np.random.Generator, n: int, p: np.ndarray | None = None):
        idx = rng.choice(len(self.text), size=n, p=p) if p is not None else rng.integers(0, len(self.text), n)
        return idx


class Corpora:
    def __init__(self, root: Path):
        root = Path(root)
        if not (root / "gsm8k" / "gsm8k_questions.jsonl").exists():
            raise SystemExit(f"corpora not found under {root} (pass --corpora PATH)")
        self.root = root
        rng = np.random.default_rng(20240601)  # fixed: pools are the same for every world

        g = _nd(root / "gsm8k/gsm8k_questions.jsonl")
        self.gsm = Pool(g["question"], (g["solution_chars"].to_numpy() / 3.2 + 40).astype(float),
                        {"answer": g["final_answer"].cast(pl.String), "split": g["split"]})
        test = g.filter(pl.col("split") == "test")
        self.gsm_test = Pool(test["question"], (test["solution_chars"].to_numpy() / 3.2 + 40).astype(float),
                             {"answer": test["final_answer"].cast(pl.String)})
        # augmented variants (numbers changed) used by harvesting tools that grow a seed set
        qs = g["question"].to_list()
        aug = [_perturb(q, rng) for q in qs for _ in range(2)]
        self.gsm_aug = Pool(pl.Series(qs + aug), np.tile(self.gsm.out_tok, 3))

        c = _nd(root / "codealpaca/code_alpaca_2k_prompts.jsonl")
        c = c.with_columns(_join_input(pl.col("instruction"), pl.col("input")).alias("t"))
        self.code = Pool(c["t"], np.clip(c["output_chars"].to_numpy() / 3.0 * 2.2 + 30, 30, 3000),
                         {"instruction": c["instruction"]})

        a = _nd(root / "alpaca/alpaca_en_demo_prompts.jsonl")
        a = a.with_columns(_join_input(pl.col("instruction"), pl.col("input")).alias("t"))
        self.alpaca = Pool(a["t"], np.clip(a["output_chars"].to_numpy() / 4.0 * 1.4 + 20, 15, 3000),
                           {"instruction": a["instruction"]})

        s = _nd(root / "alpaca/alpaca_seed_tasks.jsonl")
        self.seeds = Pool(s["instruction"], np.full(len(s), 200.0))

        ar = _nd(root / "arena_hard/arena_hard_prompts.jsonl")
        ar = ar.with_columns(pl.col("cluster").str.to_lowercase().alias("cl"))
        codekw = "cod|program|python|java|sql|script|develop|web|api|rust|data|algorithm|software|excel|vba|linux|docker|git|regex|react|kubernetes|c\\+\\+|swift|css|html|js|node|flask|django|pandas|matlab|kotlin|unity|game"
        ar = ar.with_columns(
            pl.when(pl.col("cl").str.contains(codekw)).then(pl.lit("coding"))
            .when(pl.col("cl").str.contains("math|puzzle|probab|geometr|statist|calcul|number|logic"))
            .then(pl.lit("math"))
            .when(pl.col("cl").str.contains("creative|writing|story|poem|lyric"))
            .then(pl.lit("creative"))
            .otherwise(pl.lit("other")).alias("kind")
        )
        ar = ar.with_columns(pl.col("prompt").str.slice(0, 6000))
        self.arena = Pool(ar["prompt"], np.full(len(ar), 650.0), {"kind": ar["kind"]})
        self.arena_by = {k: Pool(ar.filter(pl.col("kind") == k)["prompt"],
                                 np.full(int((ar["kind"] == k).sum()), 650.0))
                         for k in ["coding", "math", "creative", "other"]}
        short = ar.filter(pl.col("prompt").str.len_chars() < 900)
        self.arena_short = Pool(short["prompt"], np.full(len(short), 500.0))

        o = _nd(root / "oasst/oasst_eval_prompts.jsonl")
        self.oasst = Pool(o["prompt"], np.full(len(o), 320.0))

        si = _nd(root / "self_instruct/user_oriented_instructions.jsonl")
        si = si.with_columns(_join_input(pl.col("instruction"), pl.col("first_input")).alias("t"))
        self.selfinst = Pool(si["t"], np.full(len(si), 260.0),
                             {"app": si["motivation_app"], "first_input": si["first_input"].fill_null("")})

        w = _nd(root / "wizardlm/wizardlm_testset.jsonl")
        self.wizard = Pool(w["instruction"], np.full(len(w), 420.0), {"skill": w["skill"]})
        wm = w.filter(pl.col("skill").str.contains("(?i)math|reason|physics|chemistry|common-sense|logic"))
        self.wizard_math = Pool(wm["instruction"], np.full(len(wm), 450.0))

        # tool-use requests: text, number of tools offered, names
        b = _nd(root / "tool_calling/bfcl_v4_live_prompts.jsonl")
        b = b.select(pl.col("user_prompt").alias("t"), pl.col("function_names").alias("names"))
        gl = _nd(root / "tool_calling/glaive_toolcall_en_demo_prompts.jsonl")
        gl = gl.select(pl.col("first_user_turn").alias("t"), pl.col("tool_names").alias("names"))
        ta = _nd(root / "tool_calling/toolalpaca_eval_instructions.jsonl")
        ta = ta.select(pl.col("instruction").alias("t"), pl.concat_list([pl.col("api")]).alias("names"))
        go = _nd(root / "tool_calling/gorilla_apibench_instructions.jsonl")
        go = go.select(pl.col("instruction").alias("t"),
                       pl.concat_list([pl.concat_str([pl.col("provider"), pl.lit("."), pl.col("domain")])]).alias("names"))
        tools = pl.concat([b, gl, ta, go], how="vertical_relaxed")
        tools = tools.with_columns(pl.col("t").str.strip_chars().str.strip_chars('"'),
                                   pl.col("names").list.len().alias("k"),
                                   pl.col("names").list.join(", ").alias("names_s"))
        tools = tools.filter(pl.col("t").str.len_chars() > 3)
        self.tools = Pool(tools["t"], np.full(len(tools), 140.0),
                          {"k": tools["k"].to_numpy(), "names": tools["names_s"]})
        # benign, real-world style tool requests (BFCL live + Glaive) for legitimate apps
        nb = len(b) + len(gl)
        self.tools_benign = Pool(tools["t"][:nb], np.full(nb, 140.0),
                                 {"k": tools["k"].to_numpy()[:nb], "names": tools["names_s"][:nb]})

        # generic chat pool (human-written prompts first)
        chat = pl.concat([self.oasst.text, self.arena_short.text, self.alpaca.text,
                          self.selfinst.text, self.wizard.text])
        w_chat = np.concatenate([np.full(len(self.oasst), 3.0), np.full(len(self.arena_short), 1.2),
                                 np.full(len(self.alpaca), 1.0), np.full(len(self.selfinst), 2.0),
                                 np.full(len(self.wizard), 2.0)])
        self.chat = Pool(chat, np.concatenate([self.oasst.out_tok, self.arena_short.out_tok, self.alpaca.out_tok,
                                               self.selfinst.out_tok, self.wizard.out_tok]))
        self.chat_p = w_chat / w_chat.sum()

        self.traces = Traces(root)
        # prompt sets without a recorded answer length: expected output lengths drawn from the
        # Azure conversation trace (scaled up for a newer, more verbose model)
        tr = self.traces
        for pool in [self.arena, self.arena_short, self.oasst, self.selfinst, self.wizard, self.wizard_math] + \
                list(self.arena_by.values()):
            pool.out_tok = rng.choice(tr.conv_out, len(pool)) * rng.uniform(1.2, 2.6, len(pool))
        self.chat.out_tok = np.concatenate([self.oasst.out_tok, self.arena_short.out_tok, self.alpaca.out_tok,
                                            self.selfinst.out_tok, self.wizard.out_tok])


class Traces:
    """Token-length and arrival statistics from the public serving traces."""

    def __init__(self, root: Path):
        conv = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        code = pl.read_csv(root / "azure_llm_2023/AzureLLMInferenceTrace_code.csv")
        self.conv_in = conv["ContextTokens"].to_numpy().astype(float)
        self.conv_out = conv["GeneratedTokens"].to_numpy().astype(float)
        self.code_in = code["ContextTokens"].to_numpy().astype(float)
        self.code_out = code["GeneratedTokens"].to_numpy().astype(float)
        mc = pl.read_ndjson(root / "mooncake/conversation_trace.jsonl")
        self.mc_in = mc["input_length"].to_numpy().astype(float)

        lens = pl.read_csv(root / "servegen/servegen_client_lengths.csv")
        rr = lens.filter((pl.col("field") == "reason_ratio") & pl.col("p50").is_not_null())
        self.reason_ratio = np.clip(rr["p50"].to_numpy(), 0.2, 0.95)
        ro = lens.filter((pl.col("category") == "reason") & (pl.col("field") == "output_tokens") & pl.col("p50").is_not_null())
        self.reason_out = ro["mean"].to_numpy()
        im = lens.filter((pl.col("field") == "image_tokens") & (pl.col("p50") > 0))
        self.image_tokens = im["p50"].to_numpy()
        # per-client length profiles (lognormal fits from p50/p90) of the language services
        lang = lens.filter((pl.col("category") == "language") & pl.col("p50").is_not_null() & (pl.col("p50") > 0))
        prof = (lang.group_by("model", "client_id", "field").agg(pl.col("p50").median(), pl.col("p90").median())
                .pivot(on="field", index=["model", "client_id"], values=["p50", "p90"]).drop_nulls()
                .sort("model", "client_id"))
        self.len_profiles = prof  # columns p50_input_tokens, p90_input_tokens, p50_output_tokens, p90_output_tokens

        rates = pl.read_csv(root / "servegen/servegen_client_rates.csv")
        lang_r = rates.filter(pl.col("category") == "language")
        cover = lang_r.group_by("model", "client_id").agg(pl.len().alias("n"), pl.col("iat_cv").median().alias("cv"))
        good = cover.filter(pl.col("n") >= 1500).sort("model", "client_id")
        nwin = 2016
        series = []
        cvs = []
        for m, cid, cv in good.select("model", "client_id", "cv").iter_rows():
            sub = lang_r.filter((pl.col("model") == m) & (pl.col("client_id") == cid))
            arr = np.zeros(nwin)
            wi = (sub["window_start_s"].to_numpy() // 600).astype(int)
            ok = wi < nwin
            arr[wi[ok]] = sub["rate_rps"].to_numpy()[ok]
            series.append(arr / arr.mean())
            cvs.append(cv)
        self.rate_series = np.array(series)  # (clients, 2016) 600-s windows over 14 days, mean 1
        self.rate_cv = np.array(cvs)
