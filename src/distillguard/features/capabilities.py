"""Capability tagger: which capability a prompt asks for (reasoning, CoT elicitation, coding, tool use, ...).

Consumes prompt words (features.templates.prompt_words); produces a capability per prompt. A linear softmax
model over hashed word unigrams, bigrams and cue words, trained by scripts/build_tagger.py on labelled
examples shipped in features/data (public prompt sets + hand-written phrasings); no download at run time."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import polars as pl

from distillguard.features.templates import prompt_words

N_FEATURES = 2**16
CUE_SLOTS = 4

# Cue words by word prefix: what a harvest cannot avoid asking for, whatever the wording. Each cue
# becomes one shared feature, so the model generalises to phrasings it never saw.
CUES: dict[str, str] = {
    "cue_reasoning_trace": r"^(reason|think|thought|step|deliberat|chain|scratchpad|monolog|"
                           r"derivation|rationale|verbali|narrat|inference|intermediate|explain)",
    "cue_grading": r"^(grad|score|rate|rating|reward|judg|evaluat|rubric|mark|critiqu|assess|"
                   r"prefer|credit|correctness|pass|fail)",
    "cue_sensitive": r"^(censor|official|sensitiv|politic|government|regulat|saniti|forbid|"
                     r"banned|narrative|propaganda|dissiden|leadership|ruling|compliant)",
    "cue_agentic": r"^(tool|agent|autonom|plan|action|observ|orchestrat|iterat|loop|terminal|"
                   r"shell|browser|repositor|subtask|execut|call)",
    "cue_vision": r"^(image|screenshot|photo|picture|diagram|chart|visible|pixel|ui|click|"
                  r"handwrit|scan)",
    "cue_code": r"^(code|function|python|javascript|typescript|java|sql|rust|golang|bash|"
                r"script|compile|debug|bug|regex|class|method|api|unit|test|implement)",
}


def hashed_features(prompts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Sparse binary features of ``prompts``: (row index, feature index) pairs."""
    return word_features(prompt_words(prompts))


def word_features(words: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Sparse binary features from prompt_words output: word unigrams, bigrams and cue words."""
    bigram = (pl.col("h") * pl.lit(0x9E3779B97F4A7C15, pl.UInt64) + pl.col("h").shift(-1))
    # cues are matched once per distinct word, not once per occurrence
    cue = pl.lit(None, pl.String)
    for name, pattern in CUES.items():
        cue = pl.when(pl.col("w").str.contains(pattern)).then(pl.lit(name)).otherwise(cue)
    cues = (words.select("w", "h").unique("h").with_columns(cue=cue).drop_nulls("cue")
            .select("h", cue_h=pl.col("cue").hash(seed=13)))
    cued = words.select("pid", "h").join(cues, on="h", how="inner")
    parts = [
        words.select("pid", value=pl.col("h") % N_FEATURES),
        words.select("pid", value=pl.when(pl.col("pid").shift(-1) == pl.col("pid"))
                     .then(bigram % N_FEATURES)).drop_nulls("value"),
    ]
    # a cue counts in several hashed slots: more weight than any one phrasing n-gram
    parts += [cued.select("pid", value=(pl.col("cue_h") + k) % N_FEATURES)
              for k in range(CUE_SLOTS)]
    # one UInt64 key per (row, feature) dedups far faster than a two-column unique
    keys = (pl.concat(parts).select(pl.col("pid").cast(pl.UInt64) * N_FEATURES + pl.col("value"))
            .to_series().unique().to_numpy())
    return (keys // N_FEATURES).astype(np.int64), (keys % N_FEATURES).astype(np.int64)


def class_scores(rows: np.ndarray, cols: np.ndarray, n: int, weights: np.ndarray,
                 bias: np.ndarray) -> np.ndarray:
    """Linear scores (n × classes) of sparse binary features, vectorized with bincount."""
    scores = np.empty((n, weights.shape[1]), dtype=np.float64)
    for c in range(weights.shape[1]):
        scores[:, c] = np.bincount(rows, weights=weights[cols, c], minlength=n) + bias[c]
    return scores


def softmax(scores: np.ndarray) -> np.ndarray:
    z = np.exp(scores - scores.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def load_model() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    path = resources.files("distillguard.features").joinpath("data/tagger.npz")
    with path.open("rb") as fh, np.load(fh) as data:
        classes = tuple(str(c) for c in data["classes"])
        return data["weights"].astype(np.float32), data["bias"].astype(np.float64), classes


def tag_words(words: pl.DataFrame, n_prompts: int) -> pl.DataFrame:
    """Capability and its probability for each of the ``n_prompts`` prompts of ``words``."""
    weights, bias, classes = load_model()
    rows, cols = word_features(words)
    proba = softmax(class_scores(rows, cols, n_prompts, weights, bias))
    best = proba.argmax(axis=1)
    return pl.DataFrame({"capability": np.array(classes, dtype=object)[best].tolist(),
                         "capability_p": proba[np.arange(len(best)), best]},
                        schema={"capability": pl.String, "capability_p": pl.Float64})


def tag_prompts(prompts: pl.Series) -> pl.DataFrame:
    """Capability and its probability for each prompt (text only); identical prompts tagged once."""
    distinct = prompts.fill_null("").unique()
    lookup = pl.DataFrame({"text": distinct}).hstack(tag_words(prompt_words(distinct),
                                                               distinct.len()))
    return (pl.DataFrame({"text": prompts.fill_null("")})
            .join(lookup, on="text", how="left", maintain_order="left")
            .select("capability", "capability_p"))
