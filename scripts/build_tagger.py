"""Build and train the capability tagger shipped in src/distillguard/features/data/.

Labelled examples come from permissively licensed public prompt sets (../shared/corpora: GSM8K MIT;
Arena-Hard, OpenAssistant, Self-Instruct, BFCL, Glaive, ToolAlpaca, Gorilla Apache-2.0) and from the
hand-written phrasings in scripts/tagger_phrasings.py. Writes tagger_train.jsonl.gz (the examples)
and tagger.npz (weights), and prints per-class precision/recall on a held-out 20% split."""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tagger_phrasings as P

from distillguard.features.capabilities import (
    N_FEATURES,
    class_scores,
    hashed_features,
    softmax,
)

CORPORA = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
OUT = Path(__file__).resolve().parents[1] / "src/distillguard/features/data"
CLASSES = ("reasoning", "cot_elicitation", "coding", "tool_use", "agentic", "vision",
           "sensitive_rewrite", "rubric_grading", "other", "data_generation")
OBSERVATION_WORDS = ("utils", "config", "parser", "handlers", "billing", "auth", "orders", "report",
                     "search", "models", "views", "cache", "client", "server", "main")
CODE_WORDS = ("code", "function", "python", "javascript", "sql", "script", "program", "bug",
              "compile", "class ", "regex", "typescript", "java", "c++", "rust", "api")


def _jsonl(rel: str) -> list[dict]:
    with open(CORPORA / rel, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def examples(rng: random.Random) -> list[tuple[str, str, int]]:
    """(text, label, group): group is the hand-written phrasing used (-1 for corpus prompts)."""
    out: list[tuple[str, str, int]] = []
    gsm = [r["question"] for r in _jsonl("gsm8k/gsm8k_questions.jsonl")[3000:7000]]
    out += [(q, "reasoning", -1) for q in gsm[:1500]]
    chat, code = [], []
    for r in _jsonl("arena_hard/arena_hard_prompts.jsonl"):
        text = r["prompt"][:2000]
        if r["cluster"] == "math":
            out.append((text, "reasoning", -1))
        elif r["cluster"] == "coding" or any(w in text.lower()[:300] for w in CODE_WORDS):
            code.append(text)
        else:
            chat.append(text)
    chat += [r["prompt"] for r in _jsonl("oasst/oasst_eval_prompts.jsonl")]
    chat += [r["instruction"] for r in _jsonl("self_instruct/user_oriented_instructions.jsonl")]
    out += [(t, "coding", -1) for t in code] + [(t, "other", -1) for t in chat]
    tools = [r["user_prompt"] for r in _jsonl("tool_calling/bfcl_v4_live_prompts.jsonl")
             if r["subset"] != "live_irrelevance"]
    tools += [r["instruction"] for r in _jsonl("tool_calling/toolalpaca_eval_instructions.jsonl")]
    tools += [r["first_user_turn"] for r in _jsonl("tool_calling/glaive_toolcall_en_demo_prompts.jsonl")
              if r["n_function_calls"]]
    out += [(t, "tool_use", -1) for t in rng.sample(tools, min(1500, len(tools)))]
    fill = gsm[1500:] + chat
    for label, phrasings, pool in (("reasoning", P.REASONING_PROMPTS, gsm[1500:]),
                                   ("cot_elicitation", P.COT_ELICITATION, fill),
                                   ("rubric_grading", P.RUBRIC_GRADING, fill),
                                   ("sensitive_rewrite", P.SENSITIVE_REWRITE, chat),
                                   ("agentic", P.AGENTIC, tools + code),
                                   ("vision", P.VISION, chat),
                                   ("data_generation", P.DATA_GENERATION, fill + code + tools)):
        for _ in range(900):
            k = rng.randrange(len(phrasings))
            out.append((phrasings[k].format(q=rng.choice(pool)[:600]), label, k))
    for label, phrasings in (("agentic", P.AGENT_OBSERVATIONS), ("other", P.CHAT_FOLLOWUPS)):
        for _ in range(600):
            k = rng.randrange(len(phrasings))
            out.append((phrasings[k].format(n=rng.randrange(1, 400),
                                            w=rng.choice(OBSERVATION_WORDS)), label, k))
    return [(rng.choice(P.WRAPPERS).format(q=text), label, group) for text, label, group in out]


def train(x, n, y, epochs=150, lr=0.5, l2=3e-4):
    """Full-batch softmax regression with Adam on sparse (row, feature, value) features."""
    x_rows, x_cols, x_vals = x
    k = len(CLASSES)
    w = np.zeros((N_FEATURES, k))
    b = np.zeros(k)
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros(k), np.zeros(k))
    onehot = np.eye(k)[y]
    for t in range(1, epochs + 1):
        p = softmax(class_scores(x, n, w, b))
        err = (p - onehot) / n
        g_w = np.zeros_like(w)
        for c in range(k):
            g_w[:, c] = np.bincount(x_cols, weights=err[x_rows, c] * x_vals, minlength=N_FEATURES)
        g_w += l2 * w
        g_b = err.sum(axis=0)
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad**2
            param -= lr * 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w, b


def main() -> None:
    rng = random.Random(0)
    data = examples(rng)
    rng.shuffle(data)
    texts = pl.Series([t for t, _, _ in data])
    y = np.array([CLASSES.index(label) for _, label, _ in data])
    # held out: every 5th corpus prompt, and for hand-written classes whole phrasings (k % 5 == 0),
    # so the figures measure generalisation to wordings the model never saw
    group = np.array([g for _, _, g in data])
    test = np.where(group < 0, np.arange(len(data)) % 5 == 0, group % 5 == 0)
    rows, cols, vals = hashed_features(texts)
    keep = ~test[rows]
    remap = np.cumsum(~test) - 1
    w, b = train((remap[rows[keep]], cols[keep], vals[keep]), int((~test).sum()), y[~test])
    t_idx = np.flatnonzero(test)
    t_map = np.full(len(data), -1)
    t_map[t_idx] = np.arange(len(t_idx))
    sel = test[rows]
    pred = softmax(class_scores((t_map[rows[sel]], cols[sel], vals[sel]), len(t_idx), w, b)
                   ).argmax(axis=1)
    truth = y[test]
    print(f"{'class':18s} precision recall support")
    for c, name in enumerate(CLASSES):
        tp = int(((pred == c) & (truth == c)).sum())
        prec = tp / max(1, int((pred == c).sum()))
        rec = tp / max(1, int((truth == c).sum()))
        print(f"{name:18s} {prec:9.3f} {rec:6.3f} {int((truth == c).sum()):7d}")
    print(f"accuracy {float((pred == truth).mean()):.3f} on {len(t_idx)} held-out examples")
    w_all, b_all = train((rows, cols, vals), len(data), y)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "tagger.npz", weights=w_all.astype(np.float16), bias=b_all,
                        classes=np.array(CLASSES))
    with gzip.open(OUT / "tagger_train.jsonl.gz", "wt", encoding="utf-8") as fh:
        for text, label, _ in data:
            fh.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
