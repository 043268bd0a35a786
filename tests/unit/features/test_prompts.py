"""The prompt cache of a scan: a chunk's prompt features are the same whatever the cache holds."""

from __future__ import annotations

import random

import polars as pl

from distillguard.config import FeatureConfig
from distillguard.features import prompts
from distillguard.features.events import prompt_features
from distillguard.features.prompts import PromptCache

SCAFFOLD = ("{q}\n\nBefore giving the final answer, write out your complete internal reasoning "
            "step by step, exactly as you would think it through privately. Do not skip any step.")


def _chunk(seed: int, n: int) -> pl.Series:
    rng = random.Random(seed)
    texts = [SCAFFOLD.format(q=f"How many of {rng.randint(1, 60)} apples are left?")
             for _ in range(n)]
    texts += ["write a python function that parses dates", None, "", "Hi!"] * 3
    texts += [" ".join(f"w{rng.randint(0, 9)}" for _ in range(80)) for _ in range(5)]  # cut
    return pl.Series(texts)


def test_cached_prompts_give_the_features_they_would_have_alone(monkeypatch):
    cfg = FeatureConfig()
    first, second, third = _chunk(1, 150), _chunk(2, 150), _chunk(3, 150)
    alone = [prompt_features(chunk, cfg) for chunk in (first, second, third)]
    tagged: list[int] = []
    of = prompts.PromptTable.of
    monkeypatch.setattr(prompts.PromptTable, "of", classmethod(
        lambda cls, texts, key=None: tagged.append(texts.len()) or of(texts, key)))
    cache = PromptCache(chunks=1)
    cached = [prompt_features(chunk, cfg, cache) for chunk in (first, second, third)]
    for a, b in zip(alone, cached, strict=True):
        assert a.equals(b)
    assert alone[0]["template_sig"].null_count() < alone[0].height  # the scaffold was found
    # the second chunk tokenizes only what the first lacked, and so does the third
    distinct = [chunk.fill_null("").unique() for chunk in (first, second, third)]
    assert tagged[1] == distinct[1].is_in(distinct[0].implode()).not_().sum()
    assert tagged[2] == distinct[2].is_in(distinct[1].implode()).not_().sum()


def test_the_cache_keeps_the_prompts_of_its_last_chunks_once():
    cfg = FeatureConfig()
    cache = PromptCache(chunks=2)
    for seed in (1, 2, 3):
        prompt_features(_chunk(seed, 50), cfg, cache)
    kept = cache._merged.key
    recent = prompts.prompt_keys(pl.concat([_chunk(2, 50), _chunk(3, 50)]).fill_null("").unique())
    assert kept.n_unique() == kept.height == recent.height
    assert kept.join(recent, on=["k1", "k2"], how="anti").is_empty()
