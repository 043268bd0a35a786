"""Capability tagger: the shipped model loads, is deterministic and recognises clear cases."""

from __future__ import annotations

import gzip
import json
from importlib import resources

import polars as pl

from distillguard.features.capabilities import load_model, tag_prompts
from distillguard.io.schema import CAPABILITIES


def test_model_classes_are_the_contract_capabilities():
    _, _, classes = load_model()
    assert set(classes) == set(CAPABILITIES)


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
