"""Capability tagger: which capability a prompt asks for (reasoning, CoT elicitation, coding, tool use, ...).

Consumes prompt words (features.templates.prompt_words); produces a capability per prompt. A linear softmax
model over hashed word unigrams, bigrams and cue words, trained by scripts/build_tagger.py on labelled
examples shipped in features/data (public prompt sets + hand-written phrasings); no download at run time."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import polars as pl
from scipy import sparse

from distillguard.features.templates import prompt_words

N_FEATURES = 2**16
CUE_WEIGHT = 32.0  # a cue outweighs any one phrasing n-gram, so unseen wordings still count

# Cue words by word prefix: what a harvest cannot avoid asking for, whatever the wording. Each cue,
# and each pair of cues in one prompt, becomes one shared feature, so the model generalises to
# phrasings it never saw.
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
    # the two halves of most harvest asks: "write it all out" and "here is the answer/response"
    "cue_ask_output": r"^(write|show|output|produce|dump|expose|list|spell|walk|reconstruct|"
                      r"verbatim|full|complete|entire|every|exhaustiv|detail|explicit|hidden|"
                      r"internal|rewrit|rephras|reword)",
    "cue_given": r"^(answer|result|solution|final|correct|given|reference|candidate|response|"
                 r"reply|completion|output)",
    # synthetic-data generation: "create / generate" + "new, diverse, harder instructions/prompts"
    "cue_create": r"^(generat|creat|invent|brainstorm|come|propos|design|evolv|evolut)",
    "cue_training_data": r"^(instruction|prompt|dataset|divers|synthetic|variant|paraphras|harder|"
                         r"complex|seed|rewritten|novel|new)",
}


Sparse = tuple[np.ndarray, np.ndarray, np.ndarray]  # (row, feature, value) triplets


def hashed_features(prompts: pl.Series) -> Sparse:
    """Sparse features of ``prompts``: (row index, feature index, value) triplets."""
    return word_features(prompt_words(prompts))


def _unique_keys(frame: pl.DataFrame) -> np.ndarray:
    # one UInt64 key per (row, feature) dedups far faster than a two-column unique
    return (frame.select(pl.col("pid").cast(pl.UInt64) * N_FEATURES + pl.col("value"))
            .to_series().unique().sort().to_numpy())


def word_features(words: pl.DataFrame) -> Sparse:
    """Sparse features from prompt_words output: word unigrams and bigrams (value 1), cue words and
    pairs of cues found together in the prompt (value CUE_WEIGHT)."""
    bigram = (pl.col("h") * pl.lit(0x9E3779B97F4A7C15, pl.UInt64) + pl.col("h").shift(-1))
    # cues are matched once per distinct word, not once per occurrence
    cue = pl.lit(None, pl.String)
    for name, pattern in CUES.items():
        cue = pl.when(pl.col("w").str.contains(pattern)).then(pl.lit(name)).otherwise(cue)
    cues = (words.select("w", "h").unique("h").with_columns(cue=cue).drop_nulls("cue")
            .select("h", "cue"))
    present = words.select("pid", "h").join(cues, on="h", how="inner").select("pid", "cue").unique()
    # which cues occur together says more than any one: "write out" + "reasoning" + "answer"
    pairs = (present.join(present, on="pid", suffix="_2").filter(pl.col("cue") < pl.col("cue_2"))
             .select("pid", cue=pl.concat_str("cue", "cue_2", separator="+")))
    ngrams = _unique_keys(pl.concat([
        words.select("pid", value=pl.col("h") % N_FEATURES),
        words.select("pid", value=pl.when(pl.col("pid").shift(-1) == pl.col("pid"))
                     .then(bigram % N_FEATURES)).drop_nulls("value"),
    ]))
    cued = _unique_keys(pl.concat([present, pairs])
                        .select("pid", value=pl.col("cue").hash(seed=13) % N_FEATURES))
    keys = np.concatenate([ngrams, cued])
    values = np.concatenate([np.ones(len(ngrams)), np.full(len(cued), CUE_WEIGHT)])
    return ((keys // N_FEATURES).astype(np.int64), (keys % N_FEATURES).astype(np.int64), values)


def class_scores(features: Sparse, n: int, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Linear scores (n × classes) of sparse features: one sparse matrix product."""
    rows, cols, values = features
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, weights.shape[0]))
    return matrix @ weights.astype(np.float64) + bias


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
    proba = softmax(class_scores(word_features(words), n_prompts, weights, bias))
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
