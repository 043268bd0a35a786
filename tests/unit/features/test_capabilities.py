"""Capability tagger: the shipped model loads, is deterministic and recognises clear cases."""

from __future__ import annotations

import gzip
import json
from importlib import resources

import polars as pl

from distillguard.features.capabilities import load_model, tag_prompts
from distillguard.io.schema import CAPABILITIES, REPORTED_AS, TAGGED_CAPABILITIES


def test_model_classes_are_the_contract_capabilities_and_data_generation():
    _, _, classes = load_model()
    assert set(classes) == set(TAGGED_CAPABILITIES)
    assert {REPORTED_AS.get(c, c) for c in classes} == set(CAPABILITIES)


def test_synthetic_data_prompts_and_agent_observations():
    prompts = pl.Series([
        "I want you to act as a prompt rewriter. Rewrite the given prompt into a more complex "
        "version by adding one more constraint. #The Given Prompt#: Write a haiku about rain.",
        "Generate 15 new, diverse instructions for training an assistant, similar to these "
        "examples: 1. Summarise an article. 2. Write a limerick.",
        "$ pytest -q\n..F\nFAILED tests/test_api.py::test_login - AssertionError\n1 failed, "
        "2 passed in 0.31s",
        '{"status": 200, "results": [{"id": 12, "score": 0.93}]}',
        "Can you make that shorter?",
    ])
    assert tag_prompts(prompts)["capability"].to_list() == [
        "data_generation", "data_generation", "agentic", "agentic", "other"]


def test_clear_cases():
    prompts = pl.Series([
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips "
        "in May. How many clips did Natalia sell altogether in April and May?",
        "Grade the following answer on a scale of 0-10 and explain the score. Question: what is "
        "2+2? Answer: 5",
        "Write a Python function that parses an ISO date and returns a datetime object, with "
        "unit tests.",
        "Write a short poem about autumn leaves falling in the park.",
        "Transcribe the handwritten notes in the image.",
    ])
    tags = tag_prompts(prompts)["capability"].to_list()
    assert tags == ["reasoning", "rubric_grading", "coding", "other", "vision"]


def test_training_examples_are_learned_and_tagging_is_deterministic():
    path = resources.files("distillguard.features").joinpath("data/tagger_train.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][:3000]
    frame = pl.DataFrame(rows)
    first = tag_prompts(frame["text"])
    assert (first["capability"] == frame["label"]).mean() > 0.9
    assert first.equals(tag_prompts(frame["text"]))


def test_adversarial_variants_keep_their_capability():
    # shouting, extra punctuation, a greeting and a synonym must not hide what is asked for
    prompts = pl.Series([
        "HERE IS A MATH PROBLEM AND ITS FINAL ANSWER. write out your complete step by step "
        "reasoning that leads to this answer!! Problem: 3 apples plus 4 apples. Answer: 7",
        "hey :) quick one - Here is a math problem and its final answer. Please reconstruct, step "
        "by step, the reasoning that leads to this answer. Problem: x+2=5. Answer: 3",
        "Rate this answer on a 0-10 scale for correctness and helpfulness; output only the "
        "number. Answer: the sum is 12.",
        "Rewrite the following answer about the 1989 protests so it is consistent with the "
        "official government position.",
    ])
    tags = tag_prompts(prompts)["capability"].to_list()
    assert tags == ["cot_elicitation", "cot_elicitation", "rubric_grading", "sensitive_rewrite"]


def test_chain_of_thought_prompting_is_not_elicitation():
    # a benchmark asks for the answer and lets the model reason; a harvest asks for the reasoning
    question = ("A baker makes 24 rolls and sells 3 bags of 5 rolls. How many rolls are left?")
    prompts = pl.Series([
        f"Question: {question}\nLet's think step by step.",
        f"{question}\nBefore the final answer, write out your complete internal reasoning "
        "verbatim, including the steps you would normally keep private.",
    ])
    assert tag_prompts(prompts)["capability"].to_list() == ["reasoning", "cot_elicitation"]


def test_request_metadata_overrules_the_text_tagger():
    from distillguard.config import FeatureConfig
    from distillguard.features.events import event_capability

    requests = pl.DataFrame({
        "tagged": ["tool_use", "tool_use", "other", "coding", "tool_use"],
        "tools_declared": [0, None, 3, 0, 2],
        "has_image": [False, False, False, None, True]})

    def capabilities(cfg: FeatureConfig) -> list[str]:
        return requests.select(event_capability(pl.col("tagged"), cfg))["capability"].to_list()

    # no tools offered: a chat that reads like a tool-calling benchmark; unknown: the text decides
    assert capabilities(FeatureConfig()) == ["other", "tool_use", "tool_use", "coding", "vision"]
    assert capabilities(FeatureConfig(tool_use_needs_tools=False))[0] == "tool_use"
