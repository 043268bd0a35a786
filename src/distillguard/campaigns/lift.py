"""Campaign lift: accounts strongly linked to a campaign's flagged members take the campaign's score.

Consumes scored accounts (scoring) and campaign membership with the campaign documents
(campaigns.build); produces the account table with lifted accounts rescored, flagged and explained."""

from __future__ import annotations

from typing import Any

import polars as pl

LIFT_REASON = ("campaign_link: linked to flagged accounts of {} (link weight {}) and does their work "
               "(capability mix {} from theirs)")


def lift_accounts(scored: pl.DataFrame, membership: pl.DataFrame,
                  documents: list[dict[str, Any]], *, threshold: float) -> pl.DataFrame:
    """The account table with each account's campaign id; lifted members get the campaign's score
    (when higher) and a ``campaign_link`` reason first, and ``flagged`` is recomputed at
    ``threshold``.

    Parameters
    ----------
    scored
        One row per account: ``account_id``, ``score``, ``flagged``, ``reasons`` and any other
        columns (kept, in order; a ``campaign_id`` column is replaced).
    membership
        ``account_id``, ``campaign_id``, ``lifted``, ``link_weight``, ``mix_distance``
        (campaigns.build).
    documents
        Campaign documents (``campaign_id``, ``score``).
    threshold
        Score at which an account is flagged (``scoring.threshold``).

    Returns
    -------
    pl.DataFrame
        ``scored``'s columns, in its row order.

    Examples
    --------
    >>> scored = pl.DataFrame({"account_id": ["a", "b"], "score": [0.9, 0.5],
    ...                        "flagged": [True, False], "reasons": [["x"], []],
    ...                        "campaign_id": [None, None]}, schema_overrides={"campaign_id": pl.String})
    >>> members = pl.DataFrame({"account_id": ["a", "b"], "campaign_id": ["cmp_1", "cmp_1"],
    ...                         "lifted": [False, True], "link_weight": [0.0, 2.0],
    ...                         "mix_distance": [0.05, 0.12]})
    >>> out = lift_accounts(scored, members, [{"campaign_id": "cmp_1", "score": 0.95}],
    ...                     threshold=0.8)
    >>> out["flagged"].to_list()
    [True, True]
    >>> for part in out["reasons"][1][0].split(" and "):
    ...     print(part)
    campaign_link: linked to flagged accounts of cmp_1 (link weight 2.0)
    does their work (capability mix 0.12 from theirs)
    """
    campaign_score = pl.DataFrame(
        {"campaign_id": [d["campaign_id"] for d in documents],
         "campaign_score": [d["score"] for d in documents]},
        schema={"campaign_id": pl.String, "campaign_score": pl.Float64})
    joined = (scored.drop("campaign_id", strict=False)
              .join(membership, on="account_id", how="left", maintain_order="left")
              .join(campaign_score, on="campaign_id", how="left", maintain_order="left"))
    lifted = pl.col("lifted").fill_null(False)
    link_reason = pl.format(LIFT_REASON, pl.col("campaign_id"), pl.col("link_weight").round(1),
                            pl.col("mix_distance").round(2))
    return joined.with_columns(
        score=pl.when(lifted).then(pl.max_horizontal("score", "campaign_score"))
        .otherwise(pl.col("score")),
        reasons=pl.when(lifted).then(pl.concat_list(pl.concat_list(link_reason), "reasons"))
        .otherwise(pl.col("reasons")),
    ).with_columns(flagged=pl.col("score") >= threshold).select(scored.columns)
