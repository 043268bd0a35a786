"""Campaign lift: strongly linked members take the campaign's score, with a reason naming it."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from distillguard.campaigns.lift import lift_accounts


def _scored() -> pl.DataFrame:
    return pl.DataFrame(
        {"account_id": ["a", "b", "c", "d"], "score": [0.95, 0.6, 0.99, 0.3],
         "flagged": [True, False, True, False], "reasons": [["r1"], ["r2"], [], []],
         "campaign_id": [None, None, None, None], "extra": [1, 2, 3, 4]},
        schema_overrides={"campaign_id": pl.String})


def _membership() -> pl.DataFrame:
    return pl.DataFrame({"account_id": ["b", "a", "c"], "campaign_id": ["cmp_x", "cmp_x", "cmp_y"],
                         "lifted": [True, False, False], "link_weight": [3.14, 0.0, 0.0],
                         "mix_distance": [0.2, 0.0, 0.0]})


def test_lifted_account_takes_campaign_score_and_reason_first():
    out = lift_accounts(_scored(), _membership(),
                        [{"campaign_id": "cmp_x", "score": 0.9}, {"campaign_id": "cmp_y", "score": 0.5}],
                        threshold=0.8)
    expected = pl.DataFrame(
        {"account_id": ["a", "b", "c", "d"], "score": [0.95, 0.9, 0.99, 0.3],
         "flagged": [True, True, True, False],
         "reasons": [["r1"], ["campaign_link: linked to flagged accounts of cmp_x (link weight 3.1) "
                              "and does their work (capability mix 0.2 from theirs)", "r2"], [], []],
         "campaign_id": ["cmp_x", "cmp_x", "cmp_y", None], "extra": [1, 2, 3, 4]})
    assert_frame_equal(out, expected)


def test_lift_never_lowers_a_score_and_members_keep_theirs():
    out = lift_accounts(_scored(), _membership(), [{"campaign_id": "cmp_x", "score": 0.1},
                                                   {"campaign_id": "cmp_y", "score": 0.1}],
                        threshold=0.8)
    assert out["score"].to_list() == [0.95, 0.6, 0.99, 0.3]
    assert out["flagged"].to_list() == [True, False, True, False]


def test_no_campaign_leaves_accounts_unchanged_apart_from_campaign_id():
    empty = pl.DataFrame(schema={"account_id": pl.String, "campaign_id": pl.String,
                                 "lifted": pl.Boolean, "link_weight": pl.Float64,
                                 "mix_distance": pl.Float64})
    out = lift_accounts(_scored(), empty, [], threshold=0.8)
    assert_frame_equal(out, _scored())
