"""Verdicts, their audit log and the labels they become (contract labels table)."""

from __future__ import annotations

import polars as pl
import pytest

from distillguard.online.state import open_store
from distillguard.ui.verdicts import audit, labels, record_verdict


@pytest.fixture
def store(tmp_path):
    opened = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    yield opened
    opened.close()


def test_verdicts_are_audited_and_become_labels(store) -> None:
    docs = {"c1": {"accounts": ["a", "b"]}, "c2": {"accounts": ["c"]}, "c3": {"accounts": ["d"]}}
    record_verdict(store, "campaign", "c1", "needs_review", "look", "alice")
    record_verdict(store, "campaign", "c1", "confirmed", "cards", "bob")
    record_verdict(store, "campaign", "c2", "legitimate", "", "bob")
    record_verdict(store, "campaign", "c3", "needs_review", "", "bob")
    record_verdict(store, "account", "b", "legitimate", "a campus NAT", "alice")
    record_verdict(store, "account", "z", "confirmed", "", "alice")
    entries, total = audit(store)
    assert total == 6
    assert entries[-2] | {"when": ""} == {"when": "", "who": "bob", "action": "verdict",
                                          "target": "campaign c1", "verdict": "confirmed",
                                          "before": "needs_review", "note": "cards"}
    table = labels(store, docs)
    assert table.schema == pl.Schema({"account_id": pl.String, "label": pl.Int64,
                                      "campaign_id": pl.String})
    assert table.rows() == [("a", 1, "c1"), ("b", 0, None), ("c", 0, None), ("z", 1, None)]
    with pytest.raises(ValueError):
        record_verdict(store, "campaign", "c1", "maybe", "", "alice")
