"""Prompt templates: normalization and a signature that survives filled-in variables and light paraphrase.

Consumes prompt text of validated events; produces a normalized prompt and a 64-bit template signature per
prompt. Drain-like idea without a parse tree: word 3-grams seen in many distinct prompts are scaffold; the
signature is a MinHash over a prompt's scaffold shingles, so the variable part (a question, a code task)
does not change it, and a greeting or one reworded clause changes only a few shingles."""

from __future__ import annotations

import polars as pl

EDGE_WORDS = 32  # templates and asks live at the edges of a prompt; bounds the work on long prompts
SHINGLE = 3
SKIP_LEADING = 3  # shingles that start in the first words: greetings and fillers vary
CORE_SHARE = 0.5


def normalize(prompt: pl.Expr) -> pl.Expr:
    """Lowercase, numbers masked as 0, punctuation split off, whitespace collapsed."""
    return (prompt.str.to_lowercase()
            .str.replace_all(r"\d+(?:[.,]\d+)*", "0")
            .str.replace_all(r"([^\w\s])", " $1 ")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars())


def edges(text: pl.Expr, chars: int) -> pl.Expr:
    """The first and last ``chars`` characters of long texts (where templates and asks live)."""
    return (pl.when(text.str.len_chars() > 2 * chars)
            .then(pl.concat_str([text.str.slice(0, chars), pl.lit(" | "),
                                 text.str.slice(-chars)]))
            .otherwise(text))


def edge_words(prompts: pl.Series, *, half: int, chars: int, index: str,
               separator: list[str] | None = None) -> pl.DataFrame:
    """Normalized words of each prompt, one row each: (index, pos, w).

    A prompt longer than 2 × ``half`` words keeps its first and last ``half`` words (joined by
    ``separator`` when given); it is first cut to its edges by ``chars`` characters, so cost does not
    grow with pasted context. Shared by the template signatures and the capability tagger."""
    middle = [pl.lit(separator)] if separator else []
    return (pl.DataFrame({"text": prompts}).with_row_index(index)
            .select(index, normalize(edges(pl.col("text"), chars)).str.split(" ").alias("w"))
            .with_columns(pl.when(pl.col("w").list.len() > 2 * half)
                          .then(pl.concat_list(pl.col("w").list.head(half), *middle,
                                               pl.col("w").list.tail(half)))
                          .otherwise(pl.col("w")).alias("w"))
            .with_columns(pos=pl.int_ranges(pl.col("w").list.len()))
            .explode("w", "pos"))


def prompt_words(prompts: pl.Series) -> pl.DataFrame:
    """The words both prompt featurizers read, tokenized and hashed once: (pid, pos, w, h).

    ``pid`` is the index of the prompt in ``prompts``; the first and last EDGE_WORDS words are
    kept, joined by a '|' token. Nulls have no words."""
    return (edge_words(prompts.fill_null(""), half=EDGE_WORDS, chars=12 * EDGE_WORDS, index="pid",
                       separator=["|"])
            .filter(pl.col("w").is_not_null() & (pl.col("w") != ""))
            .with_columns(h=pl.col("w").hash(seed=7)))


def shingles(words: pl.DataFrame) -> pl.DataFrame:
    """One row per (pid, hashed word 3-gram) of prompt_words output.

    A 3-gram's hash combines its words' hashes arithmetically (wrapping UInt64), which is far
    cheaper than building the 3-gram strings. Shingles starting in the first SKIP_LEADING words
    are left out: greetings and fillers vary."""
    mix = [pl.lit(1, pl.UInt64), pl.lit(0x9E3779B97F4A7C15, pl.UInt64),
           pl.lit(0xC2B2AE3D27D4EB4F, pl.UInt64)]
    nxt = [pl.col("h").shift(-k) for k in range(SHINGLE)]
    same = [pl.col("pid").shift(-k) == pl.col("pid") for k in range(1, SHINGLE)]
    gram = nxt[0] * mix[0] + (nxt[1] * mix[1]) + (nxt[2] * mix[2])
    return (words.select("pid", "pos", g=gram, same=pl.all_horizontal(same))
            .filter(pl.col("same"), pl.col("pos") >= SKIP_LEADING)
            .select("pid", pl.col("g").alias("h"))
            .unique())


def scaffold_signatures(words: pl.DataFrame, n_prompts: int, *, min_prompts: int = 20,
                        min_share: float = 0.0002) -> pl.Series:
    """Template signature (UInt64 or null) of each of the ``n_prompts`` distinct prompts of ``words``.

    A shingle is scaffold when it occurs in at least ``max(min_prompts, min_share × n_prompts)``
    prompts. The core scaffold of a prompt is its shingles about as frequent as its most frequent
    one: the variable part may hold common phrases (df of tens), the template's own text has df
    near its number of uses. The signature is the minimum hash of the core (a one-hash MinHash)."""
    sh = shingles(words)
    threshold = max(min_prompts, int(min_share * n_prompts))
    df = sh.group_by("h").agg(df=pl.len()).filter(pl.col("df") >= threshold)
    sig = (sh.join(df, on="h", how="inner")
           .filter(pl.col("df") >= CORE_SHARE * pl.col("df").max().over("pid"))
           .group_by("pid").agg(pl.col("h").min().alias("sig")))
    return (pl.DataFrame({"pid": pl.int_range(n_prompts, eager=True, dtype=pl.UInt32)})
            .join(sig, on="pid", how="left", maintain_order="left")["sig"].alias("template_sig"))


def template_signatures(prompts: pl.Series, *, min_prompts: int = 20,
                        min_share: float = 0.0002) -> pl.Series:
    """A template signature (UInt64, null when the prompt has no scaffold) for each prompt.

    Identical prompts are processed once; see scaffold_signatures."""
    distinct = prompts.unique().drop_nulls()
    sig = scaffold_signatures(prompt_words(distinct), distinct.len(), min_prompts=min_prompts,
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
