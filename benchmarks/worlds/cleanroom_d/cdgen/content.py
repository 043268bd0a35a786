"""Content families: each builds, column-wise, the request text and size hints for n events.

Every family returns a dict with: prompt, system_prompt, tools, has_image, input_ctx (tokens of
context beyond the visible text: history, images), out_vis (visible output tokens wanted),
think (asks for extended thinking when the model offers it), capability.
"""
from __future__ import annotations

import numpy as np

from . import text_legit as L
from . import text_ops as O
from .core import fill, istr, fstr1, obj, pick


def _res(n, prompt, system=None, tools=0, image=False, ctx=0, out=100, think=False, cap="other"):
    def a(v, dt=None):
        return v if isinstance(v, np.ndarray) else np.full(n, v, dtype=dt if dt else object)
    return dict(prompt=a(prompt), system_prompt=a(system), tools=a(tools, np.int64),
                has_image=a(image, bool), input_ctx=a(ctx, np.int64), out_vis=a(out, np.int64),
                think=a(think, bool), capability=a(cap))


def _noise(rng, n, sigma=0.35):
    return rng.lognormal(0.0, sigma, n)


def merge(parts: list[tuple[np.ndarray, dict]], n: int) -> dict:
    """Combine family outputs computed on disjoint row subsets back into n rows."""
    keys = ["prompt", "system_prompt", "tools", "has_image", "input_ctx", "out_vis", "think", "capability"]
    out = {}
    for k in keys:
        dtype = object if k in ("prompt", "system_prompt", "capability") else (
            bool if k in ("has_image", "think") else np.int64)
        out[k] = np.empty(n, dtype=dtype) if dtype is object else np.zeros(n, dtype=dtype)
    for rows, d in parts:
        for k in keys:
            out[k][rows] = d[k]
    return out


def mixture(rng, n, weights: dict, builders: dict, group=None) -> dict:
    """Draw a family per row (or per group, e.g. per session) from weights and build each
    family on its rows."""
    names = list(weights.keys())
    p = np.array([weights[k] for k in names], float)
    p /= p.sum()
    if group is None:
        which = rng.choice(len(names), size=n, p=p)
    else:
        g = np.asarray(group, np.int64)
        which = rng.choice(len(names), size=int(g.max()) + 1 if len(g) else 0, p=p)[g]
    parts = []
    for k, name in enumerate(names):
        rows = np.nonzero(which == k)[0]
        if len(rows):
            parts.append((rows, builders[name](rows)))
    return merge(parts, n)


# ======================================================================= legit
def chat(C, rng, n, turn=None, pool=None, history_scale=1.0):
    """Casual chat: a corpus prompt on the first turn, a short follow-up later."""
    turn = np.zeros(n, np.int64) if turn is None else turn
    pool = C.chatty if pool is None else pool
    first = pick(rng, L.CHAT_OPENERS, n) + C.sample(rng, pool, n)
    follow = pick(rng, L.CHAT_FOLLOWUPS, n)
    prompt = np.where(turn == 0, first, follow)
    out = (C.sample(rng, C.az_conv_gen, n) * 1.6 * _noise(rng, n)).astype(np.int64) + 8
    hist = (turn * (C.sample(rng, C.az_conv_gen, n) * 1.6 + 60) * history_scale).astype(np.int64)
    return _res(n, prompt, None, 0, False, hist, out, False, "other")


def coding_question(C, rng, n, turn=None):
    turn = np.zeros(n, np.int64) if turn is None else turn
    k = rng.integers(0, len(C.code), n)
    first = C.code[k]
    use_arena = rng.random(n) < 0.3
    first = np.where(use_arena, C.sample(rng, C.arena_code, n), first)
    prompt = np.where(turn == 0, first, pick(rng, L.CHAT_FOLLOWUPS + L.AGENT_NUDGES, n))
    out = (C.code_out[k] / 3.2 * 2.0 * _noise(rng, n) + 60).astype(np.int64)
    hist = (turn * 350 * _noise(rng, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, hist, out, False, "coding")


def math_question(C, rng, n, qidx=None, prefixes=None, suffixes=None, system=None, cap="reasoning"):
    qidx = rng.integers(0, len(C.gsm_q), n) if qidx is None else qidx
    pre = pick(rng, prefixes or [""], n)
    suf = pick(rng, suffixes or [""], n)
    prompt = pre + C.gsm_q[qidx] + suf
    out = (C.gsm_sol[qidx] / 3.5 * 1.8 * _noise(rng, n) + 30).astype(np.int64)
    return _res(n, prompt, system, 0, False, 0, out, False, cap)


def tool_call(C, rng, n, system=None, tools=None, tmpl=None, mode="canon", cap="tool_use"):
    k = rng.integers(0, len(C.toolprompts), n)
    q = C.toolprompts[k]
    if tmpl is not None:
        q = fill(tmpl, rng.integers(0, len(tmpl), n), {"q": q})
    nt = np.clip(C.toolprompts_nf[k] + rng.integers(0, 4, n), 1, 40) if tools is None else tools
    out = (rng.lognormal(np.log(90), 0.6, n)).astype(np.int64) + 20
    return _res(n, q, system, nt, False, 0, out, False, cap)


def vision(C, rng, n, system=None, questions=None, empty_share=0.3, cap="vision"):
    qs = questions if questions is not None else (
        ["What's in this image?", "Describe this photo.", "What does this chart show?",
         "Can you read the text in this screenshot?", "Is this plant healthy?", "What breed is this dog?",
         "Explain this diagram", "transcribe this handwritten note"])
    q = pick(rng, qs, n)
    q = np.where(rng.random(n) < empty_share, "", q)
    img = C.sample(rng, C.img_tok, n) * _noise(rng, n, 0.3) * rng.integers(1, 3, n)
    out = (rng.lognormal(np.log(160), 0.7, n)).astype(np.int64) + 10
    return _res(n, q, system, 0, True, img.astype(np.int64), out, False, cap)


def saas(C, rng, n, app: str, system: np.ndarray, cap=None):
    spec = L.SAAS_APPS[app]
    tl = spec["user"]
    if app == "receipt_extractor":
        prompt = pick(rng, tl, n)
        img = C.sample(rng, C.img_tok, n) * _noise(rng, n, 0.3)
        return _res(n, prompt, system, 0, True, img.astype(np.int64),
                    (rng.lognormal(np.log(180), 0.4, n)).astype(np.int64), False, "vision")
    if app in ("sql_helper", "travel_agent"):
        text = C.sample(rng, C.toolprompts, n)
    elif app == "code_review_bot":
        text = C.sample(rng, C.codeprompts, n)
    elif app == "summarizer":
        text = C.sample(rng, np.concatenate([C.arena_other, C.userinst, C.arena_creative]), n)
    elif app == "support_bot":
        text = C.sample(rng, np.concatenate([C.oasst, C.userinst, C.alpaca]), n)
    else:
        text = C.sample(rng, C.general, n)
    lang = pick(rng, L.TRANSLATE_LANGS, n)
    prompt = fill(tl, rng.integers(0, len(tl), n), {"text": text, "lang": lang})
    base = {"support_bot": 110, "writing_assistant": 180, "summarizer": 140, "classifier": 35,
            "translator": 160, "sql_helper": 120, "travel_agent": 90, "product_copy": 220,
            "code_review_bot": 350}[app]
    out = (base * _noise(rng, n, 0.45)).astype(np.int64) + 5
    return _res(n, prompt, system, spec["tools"], False, 0, out, False, cap or spec["caps"])


def bench_math(C, rng, n, item, harness):
    tmpl = [L.BENCH_MATH[harness]]
    prompt = fill(tmpl, np.zeros(n, np.int64), {"q": C.gsm_q[item]})
    out = (C.gsm_sol[item] / 3.5 * 1.7 * _noise(rng, n, 0.25) + 25).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "cot_elicitation")


def bench_code(C, rng, n, item, harness):
    tmpl = [L.BENCH_CODE[harness]]
    prompt = fill(tmpl, np.zeros(n, np.int64), {"q": C.code_instr[item], "fname": C.code_fname[item]})
    out = (C.code_out[item] / 3.2 * 2.2 * _noise(rng, n, 0.3) + 50).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "coding")


def mc_items(C, rng, item):
    """Multiple-choice items: the hand-written bank first, then GSM8K turned into 4-way choice."""
    n = len(item)
    nb = len(L.MC_BANK)
    subj = np.empty(n, object); q = np.empty(n, object)
    opts = [np.empty(n, object) for _ in range(4)]
    inb = item < nb
    bi = item[inb]
    bank = np.array(L.MC_BANK, dtype=object)
    subj[inb] = bank[bi, 0]; q[inb] = bank[bi, 1]
    for j in range(4):
        opts[j][inb] = bank[bi, 2 + j]
    gi = (item[~inb] - nb) % len(C.gsm_q)
    subj[~inb] = "elementary mathematics"
    q[~inb] = C.gsm_q[gi]
    ans = C.gsm_a_int[gi]
    # distractors derived from the true answer; position of the true answer varies by item
    d = np.stack([ans, ans + 1 + gi % 7, np.maximum(ans - 2 - gi % 5, 0), ans * 2 + 3], axis=1)
    pos = gi % 4
    for j in range(4):
        col = d[np.arange(len(gi)), (j - pos) % 4]
        opts[j][~inb] = istr(np.abs(col))
    return subj, q, opts


def bench_mc(C, rng, n, item, harness):
    subj, q, (a, b, c, d) = mc_items(C, rng, item)
    prompt = fill([L.BENCH_MC[harness]], np.zeros(n, np.int64),
                  {"subject": subj, "q": q, "a": a, "b": b, "c": c, "d": d})
    out = np.where(harness == 1, 3, (rng.lognormal(np.log(220), 0.4, n))).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "cot_elicitation")


def synth_response(C, rng, instr, n, kind=None):
    """Candidate answers that appear inside grading prompts."""
    body = pick(rng, L.RESP_BODY, n)
    head = pick(rng, L.RESP_OPEN, n)
    tail = pick(rng, L.RESP_CLOSE, n)
    snippet = _prefix80(instr)
    r = head + "Regarding \"" + snippet + "\": " + body + tail
    return r


def _prefix80(instr):
    import polars as pl
    return np.asarray(pl.Series(instr, dtype=pl.String).str.slice(0, 80).to_list(), dtype=object)


def _judge_material(C, rng, n):
    """instruction + candidate responses + reference for grading prompts."""
    src = rng.random(n)
    gi = rng.integers(0, len(C.gsm_q), n)
    instr = np.where(src < 0.35, C.gsm_q[gi], C.sample(rng, np.concatenate([C.general, C.codeprompts]), n))
    r1 = synth_response(C, rng, instr, n)
    r2 = synth_response(C, rng, instr, n)
    r3 = synth_response(C, rng, instr, n)
    r4 = synth_response(C, rng, instr, n)
    ref = np.where(src < 0.35, "The correct result is " + C.gsm_a[gi] + ".", synth_response(C, rng, instr, n))
    return instr, r1, r2, r3, r4, ref


def judge(C, rng, n, style_w=(0.45, 0.35, 0.2), para=False, extra_para_share=0.0):
    """LLM-as-a-judge prompts (Prometheus-style absolute, UltraFeedback-style multi-text,
    pairwise), optionally mixed with paraphrased grading requests."""
    instr, r1, r2, r3, r4, ref = _judge_material(C, rng, n)
    rub = np.array(L.RUBRICS, dtype=object)[rng.integers(0, len(L.RUBRICS), n)]
    asp = np.array(L.ASPECTS, dtype=object)[rng.integers(0, len(L.ASPECTS), n)]
    slots = {"instruction": instr, "response": r1, "reference": ref, "r1": r1, "r2": r2, "r3": r3, "r4": r4,
             "criterion": rub[:, 0], "s1": rub[:, 1], "s2": rub[:, 2], "s3": rub[:, 3], "s4": rub[:, 4],
             "s5": rub[:, 5], "aspect_title": asp[:, 0], "aspect_text": asp[:, 1], "aspect_scale": asp[:, 2]}
    tmpls = L.JUDGE_ABSOLUTE + L.JUDGE_MULTI + L.JUDGE_PAIRWISE + O.GRADE_PARA
    na, nm, npw = len(L.JUDGE_ABSOLUTE), len(L.JUDGE_MULTI), len(L.JUDGE_PAIRWISE)
    style = rng.choice(3, size=n, p=np.asarray(style_w) / np.sum(style_w))
    t = np.where(style == 0, rng.integers(0, na, n), np.where(style == 1, na + rng.integers(0, nm, n),
                                                             na + nm + rng.integers(0, npw, n)))
    if para or extra_para_share > 0:
        share = 1.0 if para else extra_para_share
        usep = rng.random(n) < share
        t = np.where(usep, na + nm + npw + rng.integers(0, len(O.GRADE_PARA), n), t)
    prompt = fill(tmpls, t, slots)
    system = pick(rng, L.JUDGE_SYSTEM, n)
    out = np.where(style == 1, rng.lognormal(np.log(260), 0.3, n),
                   np.where(style == 2, rng.lognormal(np.log(520), 0.35, n), rng.lognormal(np.log(170), 0.35, n)))
    return _res(n, prompt, system, 0, False, 0, out.astype(np.int64), False, "rubric_grading")


def _code_words(rng, n):
    return pick(rng, L.CODE_WORDS, n), pick(rng, L.CODE_WORDS, n)


def tool_result_text(rng, n):
    w1, w2 = _code_words(rng, n)
    nums = rng.integers(1, 400, (n, 4))
    slots = {"w1": w1, "w2": w2, "n1": istr(nums[:, 0]), "n2": istr(nums[:, 1] % 30),
             "n3": istr(nums[:, 2]), "n4": istr(nums[:, 3]), "f1": fstr1(rng.uniform(0.3, 40, n))}
    return fill(L.TOOL_RESULTS, rng.integers(0, len(L.TOOL_RESULTS), n), slots)


def agent_task(C, rng, n):
    w1, w2 = _code_words(rng, n)
    own = fill(L.DEV_TASKS, rng.integers(0, len(L.DEV_TASKS), n), {"w1": w1, "w2": w2})
    corp = C.sample(rng, C.codeprompts, n)
    return np.where(rng.random(n) < 0.5, own, corp)


def agent_step(C, rng, n, turn, system, tools, nudge_share=0.15, step_tok=None, task=None):
    """One step of a coding-agent loop. turn 0 = the user's task; later turns are tool results
    (or, for agents without tools, the user's next message)."""
    task = agent_task(C, rng, n) if task is None else task
    res = tool_result_text(rng, n)
    nudge = pick(rng, L.AGENT_NUDGES, n)
    later = np.where((tools == 0) | (rng.random(n) < nudge_share), nudge, res)
    prompt = np.where(turn == 0, task, later)
    step = C.sample(rng, C.moon_in, n) / 10.0 if step_tok is None else step_tok
    hist = np.minimum(turn * step, 180000).astype(np.int64)
    out = (rng.lognormal(np.log(170), 0.9, n) + 15).astype(np.int64)
    return _res(n, prompt, system, tools, False, hist, out, False, "agentic")


def dev_iteration(C, rng, n, draft_idx, edit_level, test_input):
    """A developer re-running one prompt with small edits to the system prompt."""
    base = np.asarray(L.DEV_SYSTEM_DRAFTS, dtype=object)[draft_idx]
    e1 = np.asarray(L.DEV_EDITS, dtype=object)[edit_level % len(L.DEV_EDITS)]
    e2 = np.asarray(L.DEV_EDITS, dtype=object)[(edit_level * 7 + 3) % len(L.DEV_EDITS)]
    system = base + e1 + np.where(edit_level > 4, e2, "")
    out = (rng.lognormal(np.log(140), 0.6, n)).astype(np.int64)
    return _res(n, test_input, system, 0, False, 0, out, False, "other")


# ======================================================================= operations
def _tpl(mode, canon, para):
    return canon if mode == "canon" else canon + para if mode == "mixed" else para


def _perturb(rng, prompt, mode):
    """Light surface noise an operation adds under `hard` (spacing, trailing words)."""
    if mode == "canon":
        return prompt
    n = len(prompt)
    tail = pick(rng, ["", "", "", " ", "\n", " Thanks.", " Please be thorough.", " :)", "  "], n)
    head = pick(rng, ["", "", "", "", "Hi, ", "Quick one: ", "Hello! "], n)
    return head + prompt + tail


def op_cot(C, rng, n, mode):
    src = rng.random(n)
    q = np.where(src < 0.6, C.sample(rng, C.gsm_q, n),
                 np.where(src < 0.85, C.sample(rng, C.reason_hard, n), C.sample(rng, C.codeprompts, n)))
    t = _tpl(mode, O.COT_CANON, O.COT_PARA)
    prompt = _perturb(rng, fill(t, rng.integers(0, len(t), n), {"q": q}), mode)
    out = (C.sample(rng, C.reason_out, n) * 0.35 * _noise(rng, n) + 80).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, True, "cot_elicitation")


def op_recon(C, rng, n, mode):
    gi = rng.integers(0, len(C.gsm_q), n)
    t = _tpl(mode, O.RECON_CANON, O.RECON_PARA)
    p_math = fill(t, rng.integers(0, len(t), n), {"q": C.gsm_q[gi], "a": C.gsm_a[gi]})
    ci = rng.integers(0, len(C.code_instr), n)
    code = "def " + C.code_fname[ci] + "(data):\n    # reference solution\n    ...\n    return result"
    tc = _tpl(mode, O.RECON_CODE_CANON, O.RECON_CODE_PARA)
    p_code = fill(tc, rng.integers(0, len(tc), n), {"q": C.code_instr[ci], "code": code})
    prompt = _perturb(rng, np.where(rng.random(n) < 0.8, p_math, p_code), mode)
    out = (C.gsm_sol[gi] / 3.5 * 3.0 * _noise(rng, n) + 120).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, True, "cot_elicitation")


def op_grade(C, rng, n, mode):
    d = judge(C, rng, n, style_w=(0.5, 0.35, 0.15), extra_para_share=0.0 if mode == "canon" else 0.6)
    d["prompt"] = _perturb(rng, d["prompt"], mode)
    d["think"] = np.ones(n, bool)
    if mode != "canon":
        d["system_prompt"] = np.full(n, None, dtype=object)
    return d


def op_sensitive(C, rng, n, mode):
    topic = pick(rng, O.SENSITIVE_TOPICS, n)
    q = fill(O.SENSITIVE_FRAMES, rng.integers(0, len(O.SENSITIVE_FRAMES), n), {"t": topic})
    t = _tpl(mode, O.SENSITIVE_CANON, O.SENSITIVE_PARA)
    prompt = _perturb(rng, fill(t, rng.integers(0, len(t), n), {"q": q}), mode)
    out = (rng.lognormal(np.log(420), 0.4, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, True, "sensitive_rewrite")


def op_selfinstruct(C, rng, n, mode):
    s = [C.sample(rng, C.seeds, n) for _ in range(3)]
    t = _tpl(mode, O.SELFINSTRUCT_CANON, O.SELFINSTRUCT_PARA)
    prompt = fill(t, rng.integers(0, len(t), n), {"s1": s[0], "s2": s[1], "s3": s[2]})
    out = (rng.lognormal(np.log(520), 0.4, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "other")


def op_evol(C, rng, n, mode, code_share=0.6):
    q = np.where(rng.random(n) < code_share, C.sample(rng, C.codeprompts, n), C.sample(rng, C.general, n))
    t = _tpl(mode, O.EVOL_CANON, O.EVOL_PARA)
    prompt = _perturb(rng, fill(t, rng.integers(0, len(t), n), {"q": q}), mode)
    out = (rng.lognormal(np.log(110), 0.5, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "coding")


def op_textgen(C, rng, n, mode, pool=None):
    """distilabel-style TextGeneration: corpus instruction with a fixed generation system prompt."""
    q = C.sample(rng, C.reason_hard if pool is None else pool, n)
    sysm = pick(rng, O.DISTIL_TEXTGEN_SYS, n) if mode == "canon" else np.full(n, None, dtype=object)
    out = (rng.lognormal(np.log(600), 0.5, n)).astype(np.int64)
    return _res(n, _perturb(rng, q, mode), sysm, 0, False, 0, out, True, "reasoning")


def op_magpie(C, rng, n, mode):
    sysm = pick(rng, O.MAGPIE_SYSTEMS, n)
    prompt = pick(rng, O.MAGPIE_CUES, n)
    out = (rng.lognormal(np.log(70), 0.5, n)).astype(np.int64)
    return _res(n, prompt, sysm, 0, False, 0, out, False, "other")


def op_complexity(C, rng, n, mode):
    s = [C.sample(rng, C.general, n) for _ in range(3)]
    instr = C.sample(rng, C.general, n)
    slots = {"s1": s[0], "s2": s[1], "s3": s[2], "instruction": instr,
             "response": synth_response(C, rng, instr, n)}
    prompt = fill(O.COMPLEXITY_CANON, rng.integers(0, 2, n), slots)
    out = (rng.lognormal(np.log(60), 0.4, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, False, "rubric_grading")


def op_data(C, rng, n, mode, system):
    hdr = pick(rng, O.DATA_HEADERS, n)
    rows = np.full(n, "", dtype=object)
    for r in range(6):
        a = rng.integers(1, 13, n); b = rng.integers(1, 9, n)
        v1 = rng.integers(100, 99999, n); v2 = rng.integers(1, 5000, n)
        rows = rows + "\n" + istr(a) + ",g" + istr(b) + "," + istr(v1) + "," + istr(v2)
    task = pick(rng, O.DATA_TASKS, n)
    prompt = _perturb(rng, task + "\n\n" + hdr + rows, mode)
    out = (rng.lognormal(np.log(450), 0.5, n)).astype(np.int64)
    return _res(n, prompt, system, rng.integers(2, 6, n), False, 0, out, True, "tool_use")


def op_computer_use(C, rng, n, turn, mode):
    goal = pick(rng, O.CU_GOALS, n)
    step = pick(rng, O.CU_STEP, n)
    prompt = np.where(turn == 0, goal, step)
    img = C.sample(rng, C.img_tok, n) * 3 + 900
    hist = (turn * rng.lognormal(np.log(1400), 0.3, n)).astype(np.int64)
    out = (rng.lognormal(np.log(140), 0.5, n)).astype(np.int64)
    sysm = O.CU_SYSTEM if mode == "canon" else None
    return _res(n, prompt, sysm, 3, True, (img + hist).astype(np.int64), out, True, "agentic")


def op_vision(C, rng, n, mode):
    q = np.where(rng.random(n) < 0.5, pick(rng, O.VISION_QS, n), C.sample(rng, C.gorilla_vision, n))
    img = C.sample(rng, C.img_tok, n) * _noise(rng, n, 0.3) * 2
    out = (rng.lognormal(np.log(380), 0.5, n)).astype(np.int64)
    return _res(n, _perturb(rng, q, mode), None, 0, True, img.astype(np.int64), out, True, "vision")


def op_trace_recon(C, rng, n, mode):
    q = agent_task(C, rng, n)
    traj = ("1. call " + pick(rng, ["grep", "read_file", "run_shell", "search"], n) + " -> "
            + tool_result_text(rng, n) + "\n2. call " + pick(rng, ["edit_file", "apply_patch", "write_file"], n)
            + " -> ok\n3. call run_tests -> " + tool_result_text(rng, n))
    a = pick(rng, ["Fixed the bug and all tests pass.", "Implemented the feature; 2 tests added.",
                   "The change is done and documented.", "Could not reproduce; added a regression test."], n)
    t = _tpl(mode, O.TRACE_RECON_CANON, O.TRACE_RECON_PARA)
    prompt = _perturb(rng, fill(t, rng.integers(0, len(t), n), {"q": q, "traj": traj, "a": a}), mode)
    out = (rng.lognormal(np.log(900), 0.4, n)).astype(np.int64)
    return _res(n, prompt, None, 0, False, 0, out, True, "cot_elicitation")
