"""Prompt templates: normalization and a signature that survives filled-in variables and light paraphrase.

Consumes prompt text of validated events; produces a normalized prompt and a 64-bit template signature per
prompt. Drain-like idea without a parse tree: word 3-grams seen in many distinct prompts are scaffold; the
signature is a MinHash over a prompt's scaffold shingles, so the variable part (a question, a code task)
does not change it, and a greeting or one reworded clause changes only a few shingles."""

from __future__ import annotations

import numpy as np
import polars as pl

from distillguard.features.arrays import positions_in, run_starts
from distillguard.io.dedup import sorted_values

EDGE_WORDS = 32  # templates and asks live at the edges of a prompt; bounds the work on long prompts
SHINGLE = 3
SKIP_LEADING = 3  # shingles that start in the first words: greetings and fillers vary
CORE_SHARE = 0.5


def normalize_numbers(prompt: pl.Expr) -> pl.Expr:
    """Lowercase, numbers masked as 0."""
    return prompt.str.to_lowercase().str.replace_all(r"\d+(?:[.,]\d+)*", "0")


def normalize(prompt: pl.Expr) -> pl.Expr:
    """Lowercase, numbers masked as 0, punctuation split off, whitespace collapsed."""
    return (normalize_numbers(prompt)
            .str.replace_all(r"([^\w\s])", " $1 ")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars())


def edges(text: pl.Expr, chars: int) -> pl.Expr:
    """The first and last ``chars`` characters of long texts (where templates and asks live)."""
    return (pl.when(text.str.len_chars() > 2 * chars)
            .then(pl.concat_str([text.str.slice(0, chars), pl.lit(" | "),
                                 text.str.slice(-chars)]))
            .otherwise(text))


TOKEN = r"\w+|[^\w\s]"  # a word, or one punctuation mark: the tokens of normalize(...).split(" ")
MIX = (1, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)  # odd multipliers that combine word hashes


def prompt_words(prompts: pl.Series) -> pl.DataFrame:
    """The words both prompt featurizers read, tokenized and hashed once: (pid, w, pos, h).

    ``pid`` is the index of the prompt in ``prompts``. A prompt is first cut to its first and last
    12 × EDGE_WORDS characters (so cost does not grow with pasted context); one longer than
    2 × EDGE_WORDS words then keeps its first and last EDGE_WORDS words, joined by a '|' token
    and numbered as if the middle had never been there. Nulls and prompts without words have no
    rows; rows are in (pid, pos) order.

    The words are those of ``normalize(text).str.split(" ")``, found by one regex pass (TOKEN)
    over the lowercased, number-masked text instead of two rewrites and a split; the cut is
    done on NumPy positions of the flat word list."""
    text = normalize_numbers(edges(pl.col("text"), 12 * EDGE_WORDS))
    flat = (pl.DataFrame({"text": prompts.fill_null("")}).with_row_index("pid")
            .select("pid", w=text.str.extract_all(TOKEN)).explode("w").drop_nulls("w"))
    pid = flat["pid"].to_numpy()
    n_words = np.bincount(pid, minlength=len(prompts))
    pos = np.arange(len(pid), dtype=np.int64) - (np.cumsum(n_words) - n_words)[pid]
    n_words = n_words[pid]
    long = n_words > 2 * EDGE_WORDS
    # a long prompt: its first EDGE_WORDS words, '|' in place of the next one, its last
    # EDGE_WORDS words renumbered to follow
    keep = ~long | (pos <= EDGE_WORDS) | (pos >= n_words - EDGE_WORDS)
    joint = (long & (pos == EDGE_WORDS))[keep]
    pos = np.where(long & (pos > EDGE_WORDS), pos - n_words + 2 * EDGE_WORDS + 1, pos)[keep]
    words = flat.filter(pl.Series(keep)).with_columns(pos=pl.Series(pos))
    if joint.any():
        words = words.with_columns(w=pl.when(pl.Series(joint)).then(pl.lit("|")).otherwise("w"))
    return words.with_columns(h=pl.col("w").hash(seed=7))


Shingles = tuple[np.ndarray, np.ndarray]  # (prompt index, hashed word 3-gram) of each 3-gram


def shingles(words: pl.DataFrame) -> Shingles:
    """(pid, hashed word 3-gram) of each 3-gram of prompt_words output (repeats included).

    A 3-gram's hash combines its words' hashes arithmetically (wrapping UInt64), which is far
    cheaper than building the 3-gram strings. Shingles starting in the first SKIP_LEADING words
    are left out: greetings and fillers vary."""
    h, pid = words["h"].to_numpy(), words["pid"].to_numpy()
    pos = words["pos"].to_numpy()
    if len(h) < SHINGLE:
        return np.zeros(0, dtype=pid.dtype), np.zeros(0, dtype=np.uint64)
    ends = len(h) - SHINGLE + 1
    gram = np.zeros(ends, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k, mix in enumerate(MIX):
            gram += h[k:k + ends] * np.uint64(mix)
    # rows are in pid order: the word SHINGLE - 1 rows on belongs to the same prompt only if all
    # in between do
    valid = (pid[SHINGLE - 1:] == pid[:ends]) & (pos[:ends] >= SKIP_LEADING)
    return pid[:ends][valid], gram[valid]


def scaffold_signatures(grams: Shingles, n_prompts: int, *, min_prompts: int = 20,
                        min_share: float = 0.0002) -> pl.Series:
    """Template signature (UInt64 or null) of each of ``n_prompts`` distinct prompts, from their
    shingles ``grams`` (shingles output; the rows may come in any order).

    A shingle is scaffold when it occurs in at least ``max(min_prompts, min_share × n_prompts)``
    prompts. The core scaffold of a prompt is its shingles about as frequent as its most frequent
    one: the variable part may hold common phrases (df of tens), the template's own text has df
    near its number of uses. The signature is the minimum hash of the core (a one-hash MinHash).

    Shingles seen at least the threshold number of times (one hash count) are the candidates;
    (prompt, candidate) pairs are deduplicated on one integer key to count prompts per shingle."""
    pid, gram = grams
    threshold = max(min_prompts, int(min_share * n_prompts))
    signature = np.zeros(n_prompts, dtype=np.uint64)
    found = np.zeros(n_prompts, dtype=bool)
    repeats = pl.DataFrame({"gram": gram}).group_by("gram").len()
    candidates = np.sort(repeats.filter(pl.col("len") >= threshold)["gram"].to_numpy())
    if len(candidates):
        gid = positions_in(gram, candidates)
        hit = gid >= 0
        width = np.uint64(len(candidates))
        pairs = sorted_values(pid[hit].astype(np.uint64) * width + gid[hit].astype(np.uint64))
        pairs = pairs[run_starts(pairs)]  # distinct (prompt, shingle), by prompt
        prompt, shingle = pairs // width, (pairs % width).astype(np.int64)
        df = np.bincount(shingle, minlength=len(candidates))[shingle]
        scaffold = df >= threshold
        prompt, shingle, df = prompt[scaffold], shingle[scaffold], df[scaffold]
        if len(prompt):
            starts = run_starts(prompt)
            most = np.maximum.reduceat(df, starts)
            core = df >= CORE_SHARE * np.repeat(most, np.diff(np.append(starts, len(prompt))))
            prompt, shingle = prompt[core], shingle[core]
            starts = run_starts(prompt)
            rows = prompt[starts].astype(np.int64)
            # candidates are sorted: the smallest index is the smallest hash
            signature[rows] = candidates[np.minimum.reduceat(shingle, starts)]
            found[rows] = True
    out = pl.Series("template_sig", signature, dtype=pl.UInt64)
    return out if found.all() else out.scatter(np.flatnonzero(~found), None)


def template_signatures(prompts: pl.Series, *, min_prompts: int = 20,
                        min_share: float = 0.0002) -> pl.Series:
    """A template signature (UInt64, null when the prompt has no scaffold) for each prompt.

    Identical prompts are processed once; see scaffold_signatures."""
    distinct = prompts.unique().drop_nulls()
    sig = scaffold_signatures(shingles(prompt_words(distinct)), distinct.len(),
                              min_prompts=min_prompts,
                              min_share=min_share)
    lookup = pl.DataFrame({"text": distinct, "sig": sig})
    return (pl.DataFrame({"text": prompts}).join(lookup, on="text", how="left",
                                                  maintain_order="left")["sig"]
            .alias("template_sig"))


def opening_signature(prompt: pl.Expr, words: int) -> pl.Expr:
    """Template signature for streams too small to learn scaffolds from (the online service): hash
    of the first ``words`` normalized words, where a template's fixed wording sits."""
    return (normalize(prompt).str.extract(rf"^((?:\S+\s+){{0,{words - 1}}}\S+)", 1)
            .hash(seed=5))
