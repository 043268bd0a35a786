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

from distillguard.features.arrays import run_starts
from distillguard.features.templates import prompt_words
from distillguard.io.dedup import sorted_values

FEATURE_BITS = 16
N_FEATURES = 2**FEATURE_BITS
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


BIGRAM_MIX = 0x9E3779B97F4A7C15


@lru_cache(maxsize=1)
def _cue_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature indices of every set of cues, as (flat, start, length) indexed by a bit mask of cues.

    A prompt with cues gets one feature per cue and one per pair of them (named "a+b", a < b),
    each once (two names may hash to one index)."""
    names = list(CUES)
    pairs = [(i, j) for i, a in enumerate(names) for j, b in enumerate(names) if a < b]
    hashed = (pl.Series(names + [f"{names[i]}+{names[j]}" for i, j in pairs]).hash(seed=13)
              .to_numpy() % np.uint64(N_FEATURES))
    single, pair = hashed[:len(names)], dict(zip(pairs, hashed[len(names):], strict=True))
    flat, start, length = [], [], []
    for mask in range(1 << len(names)):
        present = [i for i in range(len(names)) if mask >> i & 1]
        found = {int(single[i]) for i in present}
        found |= {int(pair[i, j]) for i in present for j in present if (i, j) in pair}
        start.append(len(flat))
        length.append(len(found))
        flat.extend(sorted(found))
    return (np.array(flat, dtype=np.uint64), np.array(start, dtype=np.int64),
            np.array(length, dtype=np.int64))


def _cue_masks(words: pl.DataFrame, n_prompts: int) -> np.ndarray:
    """Bit mask of the cues (bit k = k-th of CUES) found in each prompt's words.

    Cues are matched once per distinct word, not once per occurrence; when a word matches several
    patterns the last one in CUES wins."""
    cue = pl.lit(None, pl.Int64)
    for k, pattern in enumerate(CUES.values()):
        cue = pl.when(pl.col("w").str.contains(pattern)).then(pl.lit(k, pl.Int64)).otherwise(cue)
    cued = (words.filter(pl.col("h").is_first_distinct()).select("h", cue=cue)
            .drop_nulls("cue"))
    hits = words.select("pid", "h").join(cued, on="h", how="inner")
    masks = np.zeros(n_prompts, dtype=np.int64)
    np.bitwise_or.at(masks, hits["pid"].to_numpy().astype(np.int64),
                     np.left_shift(1, hits["cue"].to_numpy()))
    return masks


def _flagged_keys(words: pl.DataFrame, n_prompts: int) -> np.ndarray:
    """Sorted distinct (pid × N_FEATURES + feature) × 2 + is_cue keys of prompt_words output:
    word unigrams and bigrams (is_cue 0), cues and pairs of cues (is_cue 1)."""
    h, pid = words["h"].to_numpy(), words["pid"].to_numpy()
    masks = _cue_masks(words, n_prompts)
    cued = np.flatnonzero(masks)
    flat, start, length = _cue_table()
    per = length[masks[cued]]
    # the k-th feature of a prompt's cue set, for every (prompt, k)
    offset = np.repeat(start[masks[cued]] - np.cumsum(per) + per, per) + np.arange(per.sum())
    same = np.flatnonzero(pid[1:] == pid[:-1])  # word i and word i + 1 make a bigram
    n_words, n_pairs, n_cues = len(h), len(same), int(per.sum())
    keys = np.empty(n_words + n_pairs + n_cues, dtype=np.uint64)
    unigram, bigram, cue = (keys[:n_words], keys[n_words:n_words + n_pairs],
                            keys[n_words + n_pairs:])
    shift = np.uint64(FEATURE_BITS + 1)
    mask = np.uint64(N_FEATURES - 1)
    np.left_shift(pid, shift, out=unigram, dtype=np.uint64)
    unigram |= (h & mask) << np.uint64(1)
    with np.errstate(over="ignore"):
        np.multiply(h[same], np.uint64(BIGRAM_MIX), out=bigram)
        bigram += h[same + 1]
    bigram &= mask
    bigram <<= np.uint64(1)
    bigram |= unigram[same] & ~(mask << np.uint64(1))  # the pid bits of word i
    np.left_shift(np.repeat(cued.astype(np.uint64), per), shift, out=cue)
    cue |= (flat[offset] << np.uint64(1)) | np.uint64(1)
    keys = sorted_values(keys)
    return keys[run_starts(keys)]


def word_features(words: pl.DataFrame) -> Sparse:
    """Sparse features from prompt_words output: word unigrams and bigrams (value 1), cue words and
    pairs of cues found together in the prompt (value CUE_WEIGHT)."""
    n_prompts = int(words["pid"].max()) + 1 if words.height else 0
    keys = _flagged_keys(words, n_prompts)
    cue = (keys & np.uint64(1)).astype(bool)
    ordered = np.concatenate([keys[~cue], keys[cue]]) >> np.uint64(1)
    values = np.concatenate([np.ones(int((~cue).sum())), np.full(int(cue.sum()), CUE_WEIGHT)])
    return ((ordered // np.uint64(N_FEATURES)).astype(np.int64),
            (ordered % np.uint64(N_FEATURES)).astype(np.int64), values)


def feature_matrix(words: pl.DataFrame, n_prompts: int) -> sparse.csr_matrix:
    """The features of word_features as a CSR matrix (n_prompts × N_FEATURES) in canonical form
    (sorted, summed duplicates), built directly from the sorted keys."""
    keys = _flagged_keys(words, n_prompts)
    # a feature is at most twice in the keys: as a word n-gram (is_cue 0) then as a cue (1)
    cue = (keys & np.uint64(1)).astype(bool)
    keys >>= np.uint64(1)
    repeat = np.flatnonzero(keys[1:] == keys[:-1])  # the n-gram of a feature that is also a cue
    data = np.where(cue, CUE_WEIGHT, 1.0)
    if len(repeat):
        data[repeat + 1] += 1.0
        keep = np.ones(len(keys), dtype=bool)
        keep[repeat] = False
        keys, data = keys[keep], data[keep]
    indptr = np.searchsorted(keys, np.arange(n_prompts + 1, dtype=np.uint64) << np.uint64(FEATURE_BITS))
    return sparse.csr_matrix((data, (keys & np.uint64(N_FEATURES - 1)).astype(np.int32), indptr),
                             shape=(n_prompts, N_FEATURES))


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


@lru_cache(maxsize=1)
def _model64() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    weights, bias, classes = load_model()
    return weights.astype(np.float64), bias, classes


def tag_words(words: pl.DataFrame, n_prompts: int) -> pl.DataFrame:
    """Capability and its probability for each of the ``n_prompts`` prompts of ``words``."""
    weights, bias, classes = _model64()
    proba = softmax(feature_matrix(words, n_prompts) @ weights + bias)
    best = proba.argmax(axis=1)
    return pl.DataFrame({"capability": pl.Series(classes, dtype=pl.String).gather(best),
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
