"""Building blocks shared by the persona and operation generators."""
from __future__ import annotations

import infra
import numpy as np
import polars as pl
import text as T
from common import DAY, World, est_tokens, group_cumsum, hex_ids, lognorm, pick, render


def mix(rng, n: int, sources: list[tuple[pl.DataFrame | pl.Series, float]]):
    """Draw n prompts from weighted sources. Each source is a DataFrame with 'text' (and optional 'out_tok')
    or a Series of texts. Returns (text Series, out_tok float array with nan where unknown, source index)."""
    w = np.array([s[1] for s in sources], float)
    k = rng.choice(len(sources), size=n, p=w / w.sum())
    if n == 0:
        return pl.Series("text", [], dtype=pl.String), np.zeros(0), k
    pieces = []
    for j, (src, _) in enumerate(sources):
        m = np.flatnonzero(k == j)
        if len(m) == 0:
            continue
        df = src.to_frame("text") if isinstance(src, pl.Series) else src
        rows = rng.integers(0, df.height, size=len(m))
        sub = df[rows]
        out = sub["out_tok"].cast(pl.Float64) if "out_tok" in sub.columns else pl.Series([None] * len(m), dtype=pl.Float64)
        pieces.append(pl.DataFrame({"_i": m, "text": sub["text"].cast(pl.String), "out_tok": out}))
    df = pl.concat(pieces).sort("_i")
    return df["text"], df["out_tok"].fill_null(np.nan).to_numpy(), k


def out_tokens_chat(rng, corp, known: np.ndarray, scale: float = 1.4):
    n = len(known)
    fallback = corp.sample(rng, corp.conv_gen, n, 0.25) * scale
    k = np.nan_to_num(known, nan=0) * np.exp(0.35 * rng.standard_normal(n)) * 1.3
    return np.clip(np.where(np.isnan(known), fallback, k), 2, 8000).astype(np.int64)


def keys(rng, n_acc: int, kmax: int = 3, p_more: float = 0.3):
    """API keys per account: returns (flat key ids, offset per account, count per account)."""
    cnt = 1 + rng.binomial(kmax - 1, p_more, size=n_acc) if kmax > 1 else np.ones(n_acc, int)
    off = np.cumsum(cnt) - cnt
    ids = hex_ids(rng, int(cnt.sum()), "key_", 8)
    return ids, off, cnt


def pick_keys(rng, acct, kids, koff, kcnt):
    k = np.minimum((rng.random(len(acct)) ** 2.5 * kcnt[acct]).astype(int), kcnt[acct] - 1)
    return kids[koff[acct] + k]


def consumer_geo(rng, n: int, exclude=("CN",)):
    ent = [e for e in infra.RESIDENTIAL if e[1] not in exclude]
    w = np.array([e[3] for e in ent], float)
    i = rng.choice(len(ent), size=n, p=w / w.sum())
    asn = np.array([e[0] for e in ent])[i]
    cc = np.array([e[1] for e in ent], dtype=object)[i]
    tz = np.array([e[2] for e in ent], float)[i]
    return asn, cc, tz


def ips_for(rng, asn, cc, v6_share: float = 0.0):
    keys_ = np.char.add(np.asarray(asn).astype(str), np.char.add("-", np.asarray(cc).astype(str)))
    v4 = infra.ipv4(rng, keys_)
    if v6_share <= 0:
        return v4
    v6 = infra.ipv6(rng, keys_)
    m = rng.random(len(keys_)) < v6_share
    return pl.DataFrame({"m": m, "a": v6, "b": v4}).select(pl.when("m").then("a").otherwise("b"))["a"]


def cloud_pool(rng, entries_idx, n_ips):
    """IPs of cloud egress pools. entries_idx: array of CLOUD indices (one per IP wanted)."""
    e = [infra.CLOUD[i] for i in entries_idx]
    keys_ = np.array([f"{a}-{c}" for a, c, _ in e])
    ips = infra.ipv4(rng, keys_, n_prefix=6)
    return ips, np.array([a for a, _, _ in e]), np.array([c for _, c, _ in e], dtype=object)


def chat_tokens(rng, sys_len, prompt_len, out, sid, pos, img=None, corp=None):
    """Input tokens of a multi-turn chat: system + history (previous prompts and answers) + this prompt."""
    pt = est_tokens(rng, prompt_len)
    st = est_tokens(rng, sys_len) if sys_len is not None else 0
    step = pt + out
    hist = group_cumsum(step, sid, pos) - step
    tot = st + hist + pt + 4
    if img is not None and corp is not None:
        tot = tot + np.where(img, corp.sample(rng, corp.mm_img, len(out), 0.2).astype(np.int64), 0)
    return tot.astype(np.int64)


def session_gaps(rng, n, median=45.0, sigma=0.9, out=None, read_tps=25.0):
    g = lognorm(rng, median, sigma, n, 3, 3600)
    if out is not None:
        g = g + np.asarray(out) / read_tps * rng.random(n)
    return g


def tool_results(rng, n: int) -> pl.Series:
    """Synthetic tool outputs fed back to an agent as the next 'user' turn."""
    tpl = rng.integers(0, len(T.TOOL_RESULT_TEMPLATES), size=n)
    slots = {
        "tool": pick(rng, T.TOOL_NAMES_READ + ["edit_file", "apply_patch", "write_file"], n),
        "path": pick(rng, T.FILE_PATHS, n),
        "snippet": pick(rng, T.CODE_SNIPPETS, n),
        "command": pick(rng, T.SHELL_COMMANDS, n),
        "console": pick(rng, T.CONSOLE_OUTPUTS, n),
        "n": rng.integers(1, 60, size=n).astype(str).astype(object),
        "n2": rng.integers(1, 400, size=n).astype(str).astype(object),
        "symbol": pick(rng, T.SYMBOLS, n),
        "snippet_line": pick(rng, [s.split("\n")[0] for s in T.CODE_SNIPPETS], n),
        "dir": pick(rng, T.DIRS, n),
        "listing": pick(rng, T.LISTINGS, n),
    }
    return render(T.TOOL_RESULT_TEMPLATES, tpl, slots)


def agent_env(rng, world: World, n: int, start_ts) -> pl.Series:
    dates = (np.datetime64(world.t0, "s") + np.asarray(start_ts).astype("timedelta64[s]")).astype("datetime64[D]").astype(str)
    slots = {"user": pick(rng, T.UNIX_USERS, n), "project": pick(rng, T.PROJECTS, n),
             "platform": pick(rng, T.PLATFORMS, n), "date": dates.astype(object)}
    return render(T.CODING_AGENT_ENV, np.zeros(n, int), slots)


def fabricated_response(rng, q: pl.Series, answer: pl.Series | None, n: int, wrong_p: float = 0.3) -> pl.Series:
    """A candidate answer that a grader is asked to judge (math answers are sometimes wrong)."""
    if answer is not None:
        a = answer.cast(pl.Float64, strict=False).fill_null(7.0).to_numpy()
        wrong = rng.random(n) < wrong_p
        a2 = np.where(wrong, np.round(a * rng.choice([0.5, 2, 1.1, 0.9], size=n) + rng.integers(-3, 4, size=n)), a)
        a_str = pl.Series(a2).cast(pl.Int64, strict=False).cast(pl.String).fill_null("12")
        return render(T.RESPONSE_MATH, rng.integers(0, len(T.RESPONSE_MATH), size=n), {"answer": a_str})
    topic = q.str.slice(0, 70).str.replace_all("\n", " ")
    return render(T.RESPONSE_GENERIC, rng.integers(0, len(T.RESPONSE_GENERIC), size=n), {"topic": topic})


def created_aged(rng, n, median_days=240.0, sigma=0.9, lo=2.0, hi=1100.0):
    """Account creation time (seconds, negative = before the window): log-normal age, out-of-range ages
    redrawn uniformly inside [lo, hi] days so that no bound collects a pile of identical timestamps."""
    age = lognorm(rng, median_days, sigma, n)
    bad = (age < lo) | (age > hi)
    age = np.where(bad, rng.uniform(lo, hi, size=n), age)
    return -age * DAY - rng.uniform(0, DAY, size=n)


def csv_blocks(rng, n: int) -> pl.Series:
    """Small CSV extracts for data-analysis tasks."""
    hdr = pick(rng, T.CSV_HEADERS, n)
    rows = []
    labels = np.array(["north", "south", "east", "west", "A", "B", "C", "s1", "s2", "web", "retail"], dtype=object)
    for r in range(5):
        a = pl.Series(labels[rng.integers(0, len(labels), size=n)])
        b = pl.Series(rng.integers(100, 99999, size=n)).cast(pl.String)
        c = pl.Series(np.round(rng.random(n) * 100, 1)).cast(pl.String)
        rows.append(infra.cat([f"2024-{r + 1:02d}", a, b, c], ","))
    return infra.cat([pl.Series(hdr)] + rows, "\n")


_PRE = ["", "", "", "", "hey, ", "quick question: ", "pls ", "ok so ", "hi! ", "Question: ", "hmm, ", "Hello. ", "can you help? "]
_SUF = ["", "", "", "", "", " thanks", " thx", "?", " please", " :)", "\n\nthanks in advance", "!", " ty"]


def humanize(rng, s: pl.Series, p: float = 0.55, typo_p: float = 0.3, low_p: float = 0.25) -> pl.Series:
    """Light human variation (greetings, sign-offs, lower-case starts, a swapped pair of letters) so that
    people pasting the same public text do not all send byte-identical prompts."""
    n = len(s)
    if n == 0:
        return s
    L = s.str.len_chars().fill_null(0).to_numpy()
    df = pl.DataFrame({"s": s.fill_null(""), "pre": pick(rng, _PRE, n).astype(str), "suf": pick(rng, _SUF, n).astype(str),
                       "a": rng.random(n) < p, "low": rng.random(n) < low_p, "typo": (rng.random(n) < typo_p) & (L > 8),
                       "p": np.floor(rng.random(n) * np.maximum(L - 2, 1)).astype(np.int64)})
    t = pl.when("low").then(pl.concat_str([pl.col("s").str.slice(0, 1).str.to_lowercase(), pl.col("s").str.slice(1)])).otherwise("s")
    df = df.with_columns(t.alias("t"))
    t2 = pl.when("typo").then(pl.concat_str([pl.col("t").str.slice(0, pl.col("p")), pl.col("t").str.slice(pl.col("p") + 1, 1),
                                             pl.col("t").str.slice(pl.col("p"), 1), pl.col("t").str.slice(pl.col("p") + 2)])).otherwise("t")
    df = df.with_columns(t2.alias("t"))
    return df.select(pl.when("a").then(pl.concat_str(["pre", "t", "suf"])).otherwise("t").alias("out"))["out"]
