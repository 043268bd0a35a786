"""Vectorized prompt content.  Each generator returns a DataFrame of m rows with a
`prompt` column, an expected output length `out_base`, and any of the optional
columns system_prompt, tools_declared, has_image, extra_in, think, risk."""
from __future__ import annotations

import numpy as np
import polars as pl

import texts as X
from core import World, render
from util import SS  # noqa: E402


def mix(w: World, n: int, spec: list) -> pl.DataFrame:
    """spec: list of (weight, fn) where fn(w, m) -> DataFrame.  Rows are drawn i.i.d."""
    if n == 0:
        return pl.DataFrame({"prompt": SS([]), "out_base": pl.Series([], dtype=pl.Float64)})
    wts = np.array([s[0] for s in spec], float)
    ch = w.rng.choice(len(spec), size=n, p=wts / wts.sum())
    return scatter(w, ch, [s[1] for s in spec])


def scatter(w: World, ch: np.ndarray, fns: list) -> pl.DataFrame:
    parts = []
    for j, fn in enumerate(fns):
        pos = np.nonzero(ch == j)[0]
        if len(pos) == 0:
            continue
        d = fn(w, len(pos))
        parts.append(d.with_columns(pl.Series("_pos", pos)))
    out = pl.concat(parts, how="diagonal_relaxed").sort("_pos").drop("_pos")
    return out


def _pool(w: World, pool, m: int, p=None):
    idx = w.rng.choice(len(pool), size=m, p=p) if p is not None else w.rng.integers(0, len(pool), m)
    return pool.text.gather(idx), pool.out_tok[idx], idx


def _noise(w, m, s=0.35):
    return np.exp(s * w.rng.standard_normal(m))


# --------------------------------------------------------------------------- legit content
def chat(w: World, m: int) -> pl.DataFrame:
    t, o, _ = _pool(w, w.C.chat, m, w.C.chat_p)
    return pl.DataFrame({"prompt": t, "out_base": o * _noise(w, m)})


def followup(w: World, m: int) -> pl.DataFrame:
    i = w.rng.integers(0, len(X.FOLLOWUPS), m)
    return pl.DataFrame({"prompt": np.array(X.FOLLOWUPS, dtype=object)[i],
                         "out_base": w.rng.choice(w.C.traces.conv_out, m) * w.rng.uniform(1.0, 2.0, m)})


def chat_image(w: World, m: int) -> pl.DataFrame:
    i = w.rng.integers(0, len(X.CHAT_IMAGE_PROMPTS), m)
    img = w.rng.choice(w.C.traces.image_tokens, m)
    return pl.DataFrame({"prompt": np.array(X.CHAT_IMAGE_PROMPTS, dtype=object)[i],
                         "out_base": np.exp(np.log(160) + 0.5 * w.rng.standard_normal(m)),
                         "has_image": np.ones(m, bool), "extra_in": img.astype(np.int64)})


def pool_fn(pool_name: str, wraps: list[str] | None = None, mult: float = 1.0, think: bool = False):
    def fn(w: World, m: int) -> pl.DataFrame:
        pool = getattr(w.C, pool_name)
        t, o, _ = _pool(w, pool, m)
        if wraps:
            t = render(wraps, w.rng.integers(0, len(wraps), m), {"q": t, "x": t,
                                                                  "k": w.rng.integers(1, 9, m).astype(str)})
        d = {"prompt": t, "out_base": o * mult * _noise(w, m)}
        if think:
            d["think"] = np.ones(m, bool)
        return pl.DataFrame(d)
    return fn


def arena_kind(kind: str, think: bool = False, mult: float = 1.0):
    def fn(w: World, m: int) -> pl.DataFrame:
        t, o, _ = _pool(w, w.C.arena_by[kind], m)
        d = {"prompt": t, "out_base": o * mult * _noise(w, m, 0.5)}
        if think:
            d["think"] = np.ones(m, bool)
        return pl.DataFrame(d)
    return fn


def tools_benign(w: World, m: int) -> pl.DataFrame:
    pool = w.C.tools_benign
    t, o, idx = _pool(w, pool, m)
    k = np.maximum(1, pool.extra["k"][idx])
    sysi = w.rng.integers(0, len(X.TOOL_APP_SYSTEM), m)
    sysv = np.array(X.TOOL_APP_SYSTEM, dtype=object)[sysi]
    return pl.DataFrame({"prompt": t, "out_base": o * _noise(w, m), "tools_declared": k.astype(np.int32),
                         "system_prompt": SS(sysv)})


def vision_app(w: World, m: int) -> pl.DataFrame:
    i = w.rng.integers(0, len(X.VISION_APP), m)
    img = w.rng.choice(w.C.traces.image_tokens, m) * w.rng.uniform(1.0, 2.2, m)
    return pl.DataFrame({"prompt": np.array(X.VISION_APP, dtype=object)[i],
                         "out_base": np.exp(np.log(140) + 0.6 * w.rng.standard_normal(m)),
                         "has_image": np.ones(m, bool), "extra_in": img.astype(np.int64)})


def sensitive_q(w: World, m: int) -> pl.DataFrame:
    tp = np.array(X.SENSITIVE_TOPICS, dtype=object)[w.rng.integers(0, len(X.SENSITIVE_TOPICS), m)]
    q = render(X.SENSITIVE_QS, w.rng.integers(0, len(X.SENSITIVE_QS), m), {"t": tp})
    return pl.DataFrame({"prompt": q, "q": q, "out_base": np.exp(np.log(450) + 0.4 * w.rng.standard_normal(m)),
                         "risk": np.full(m, 0.12)})


def redteam(w: World, m: int) -> pl.DataFrame:
    d = sensitive_q(w, m)
    p = render(X.REDTEAM_WRAPS, w.rng.integers(0, len(X.REDTEAM_WRAPS), m), {"q": d["q"]})
    return d.with_columns(p.alias("prompt"), pl.lit(0.25).alias("risk")).drop("q")


# --------------------------------------------------------------------------- judge inputs
def judge_fields(w: World, m: int) -> dict:
    """instruction, response, response_b, reference, rubric, aspect fields."""
    r = w.rng
    src = r.choice(4, size=m, p=[0.35, 0.3, 0.15, 0.2])
    C = w.C
    ins = pl.Series("i", [""] * m)
    ans = pl.Series("a", r.integers(2, 500, m).astype(str))
    parts = []
    for j, pool in enumerate([C.gsm, C.alpaca, C.arena_short, C.oasst]):
        pos = np.nonzero(src == j)[0]
        if not len(pos):
            continue
        idx = r.integers(0, len(pool), len(pos))
        d = {"_pos": pos, "i": pool.text.gather(idx)}
        if j == 0:
            d["a"] = pool.extra["answer"].gather(idx)
        parts.append(pl.DataFrame(d))
    f = pl.concat(parts, how="diagonal_relaxed").sort("_pos")
    ins = f["i"]
    ans = f["a"].fill_null(pl.Series(r.integers(2, 500, m).astype(str))) if "a" in f.columns else ans

    def resp():
        o = np.array(X.RESP_OPEN, dtype=object)[r.integers(0, len(X.RESP_OPEN), m)]
        b = np.array(X.RESP_BODY, dtype=object)[r.integers(0, len(X.RESP_BODY), m)]
        c = render(X.RESP_CLOSE, r.integers(0, len(X.RESP_CLOSE), m), {"a": ans})
        return pl.DataFrame({"o": o, "b": b, "c": c}).select(pl.concat_str(["o", "b", "c"])).to_series()

    asp = r.integers(0, len(X.ASPECTS), m)
    return {
        "instruction": ins, "response": resp(), "response_b": resp(), "reference": resp(),
        "rubric": np.array(X.RUBRICS, dtype=object)[r.integers(0, len(X.RUBRICS), m)],
        "aspect_title": np.array([a[0] for a in X.ASPECTS], dtype=object)[asp],
        "aspect": np.array([a[1] for a in X.ASPECTS], dtype=object)[asp],
        "aspect_desc": np.array([a[2] for a in X.ASPECTS], dtype=object)[asp],
    }


JUDGE_TEMPLATES = [X.JUDGE_ABS, X.JUDGE_ASPECT, X.JUDGE_PAIR, X.JUDGE_REF]


def judge(templates: list[str], tidx_fixed: int | None = None, out_mean: float = 260.0):
    def fn(w: World, m: int) -> pl.DataFrame:
        f = judge_fields(w, m)
        ti = np.full(m, tidx_fixed) if tidx_fixed is not None else w.rng.integers(0, len(templates), m)
        p = render(templates, ti, f)
        return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(out_mean) + 0.45 * w.rng.standard_normal(m))})
    return fn


# --------------------------------------------------------------------------- coding-agent turns
def agent_task(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    src = r.random(m)
    fnames = np.array(X.FILE_NAMES, dtype=object)[r.integers(0, len(X.FILE_NAMES), m)]
    a = render(X.AGENT_TASKS, r.integers(0, len(X.AGENT_TASKS), m), {"f": fnames})
    code_t, _, _ = _pool(w, w.C.code, m)
    ar_t, _, _ = _pool(w, w.C.arena_by["coding"], m)
    p = pl.DataFrame({"a": a, "c": code_t, "r": ar_t, "s": src}).select(
        pl.when(pl.col("s") < 0.5).then(pl.col("a")).when(pl.col("s") < 0.8).then(pl.col("c"))
        .otherwise(pl.col("r"))).to_series()
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(350) + 0.7 * r.standard_normal(m))})


def agent_step(w: World, m: int) -> pl.DataFrame:
    r = w.rng
    human = r.random(m) < 0.12
    f = np.array(X.FILE_NAMES, dtype=object)[r.integers(0, len(X.FILE_NAMES), m)]
    wd = np.array(X.WORDS, dtype=object)[r.integers(0, len(X.WORDS), m)]
    tr = render(X.TOOL_RESULTS, r.integers(0, len(X.TOOL_RESULTS), m),
                {"f": f, "w": wd, "n": r.integers(20, 900, m).astype(str), "m": r.integers(1, 80, m).astype(str),
                 "k": r.integers(1, 12, m).astype(str), "s": np.round(r.uniform(0.4, 90, m), 2).astype(str)})
    nud = np.array(X.HUMAN_NUDGES, dtype=object)[r.integers(0, len(X.HUMAN_NUDGES), m)]
    p = pl.DataFrame({"t": tr, "h": nud, "u": human}).select(
        pl.when(pl.col("u")).then(pl.col("h")).otherwise(pl.col("t"))).to_series()
    return pl.DataFrame({"prompt": p, "out_base": np.exp(np.log(160) + 0.9 * r.standard_normal(m))})


def sql_q(w: World, m: int) -> pl.DataFrame:
    i = w.rng.integers(0, len(X.SQL_QS), m)
    return pl.DataFrame({"prompt": np.array(X.SQL_QS, dtype=object)[i],
                         "out_base": np.exp(np.log(120) + 0.4 * w.rng.standard_normal(m))})
