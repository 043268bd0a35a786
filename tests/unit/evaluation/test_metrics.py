"""Account, campaign and exchange metrics on hand-built truth/prediction frames."""

from __future__ import annotations

import polars as pl
import pytest

from distillguard.evaluation.metrics import (
    account_metrics,
    campaign_metrics,
    exchange_metrics,
    predicted_campaign_composition,
)


@pytest.fixture
def joined() -> pl.DataFrame:
    # 4 accounts of op A, 2 of op B, 6 legitimate (4 chat, 2 nat)
    return pl.DataFrame({
        "account_id": [f"a{i}" for i in range(12)],
        "campaign_id": ["A"] * 4 + ["B"] * 2 + [None] * 6,
        "actor": ["op_a"] * 4 + ["op_b"] * 2 + ["chat"] * 4 + ["nat"] * 2,
        "flagged": [True, True, True, False, True, True, False, False, False, False, True, False],
        "predicted_campaign": ["P1", "P1", "P2", None, "P3", "P3", None, None, None, None, "P3",
                               None],
    })


def test_account_metrics(joined):
    m = account_metrics(joined)
    assert (m["true_positives"], m["false_positives"], m["false_negatives"]) == (5, 1, 1)
    assert m["precision"] == pytest.approx(5 / 6, abs=1e-6)
    assert m["recall"] == pytest.approx(5 / 6, abs=1e-6)
    assert m["fpr"] == pytest.approx(1 / 6, abs=1e-6)
    assert m["fpr_by_persona"]["nat"] == {"accounts": 2, "flagged": 1, "fpr": 0.5}
    assert m["fpr_by_persona"]["chat"]["fpr"] == 0.0


def test_campaign_metrics_purity(joined):
    exchanges = pl.DataFrame({"campaign_id": ["A", "A", "A", "B", None],
                              "flagged": [True, True, False, True, False]})
    m = campaign_metrics(joined, exchanges, {"P3": ["release_pivot", "shared_payment"]})
    assert m["A"]["accounts_flagged_share"] == 0.75
    assert m["A"]["best_predicted_campaign"] == "P1"
    assert m["A"]["best_predicted_share"] == 0.5
    assert m["A"]["majority_in_one_campaign"] is False
    assert m["A"]["exchanges_flagged_share"] == pytest.approx(2 / 3, abs=1e-6)
    assert m["B"]["majority_in_one_campaign"] is True
    assert m["B"]["release_pivot_evidence"] is True
    assert m["A"]["release_pivot_evidence"] is False


def test_predicted_campaign_composition(joined):
    comp = {r["predicted_campaign"]: r for r in predicted_campaign_composition(joined)}
    assert comp["P3"]["operations"] == ["B"]
    assert comp["P3"]["legitimate"] == 1
    assert comp["P3"]["legitimate_share"] == pytest.approx(1 / 3, abs=1e-6)


def test_exchange_metrics_ignore_customer_traffic_on_operation_accounts():
    ex = pl.DataFrame({"campaign_id": ["A", None, None, None],
                       "account_campaign": ["A", "A", None, None],
                       "flagged": [True, True, True, False]})
    m = exchange_metrics(ex)
    assert m["campaign_exchanges_flagged_share"] == 1.0
    assert m["legitimate_exchanges_flagged_share"] == 0.5
