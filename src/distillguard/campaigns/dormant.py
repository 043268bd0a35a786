"""Dormant accounts of a campaign: registered, no request in the logs, paid for like its members.

Consumes the accounts table's indicators (linkage incidence), the accounts seen in the events and the
campaign membership; produces their account rows (scoring.model.SCORE_SCHEMA) so they are suspended
before the operation rotates onto them."""

from __future__ import annotations

from typing import Any

import polars as pl

from distillguard.scoring.model import SCORE_SCHEMA

DORMANT_REASON = ("dormant: no request in these logs; its {} is that of {} flagged accounts of {} "
                  "(an account held in reserve)")


def dormant_accounts(incidence: pl.DataFrame, active: pl.Series, membership: pl.DataFrame,
                     documents: list[dict[str, Any]], *, kinds: list[str],
                     threshold: float) -> pl.DataFrame:
    """Rows (SCORE_SCHEMA) of the accounts that sent no request but share an indicator of
    ``kinds`` with a campaign's members; each joins the campaign it shares with the most members
    (then the first id) and takes its score, flagged at ``threshold``.

    Parameters
    ----------
    incidence
        ``account_id``, ``kind``, ``value`` (linkage.graph: the accounts table's indicators cover
        every registered account, with traffic or not).
    active
        The ids of the accounts seen in the events.
    membership
        ``account_id``, ``campaign_id`` (campaigns.build).
    documents
        Campaign documents (``campaign_id``, ``score``).

    Examples
    --------
    >>> incidence = pl.DataFrame({"account_id": ["a", "b", "z", "q"],
    ...                           "kind": ["payment"] * 4, "value": ["card1"] * 3 + ["card2"]})
    >>> rows = dormant_accounts(incidence, pl.Series(["a", "b", "q"]),
    ...                         pl.DataFrame({"account_id": ["a", "b"], "campaign_id": ["cmp_1"] * 2}),
    ...                         [{"campaign_id": "cmp_1", "score": 0.97}], kinds=["payment"],
    ...                         threshold=0.5)
    >>> rows.select("account_id", "score", "flagged", "campaign_id").row(0)
    ('z', 0.97, True, 'cmp_1')
    >>> rows["reasons"][0][0].split("; ")[1]
    'its payment is that of 2 flagged accounts of cmp_1 (an account held in reserve)'
    """
    held = incidence.filter(pl.col("kind").is_in(kinds)).select("account_id", "kind", "value")
    members = held.join(membership.select("account_id", "campaign_id"), on="account_id")
    score = pl.DataFrame({"campaign_id": [d["campaign_id"] for d in documents],
                          "score": [float(d["score"]) for d in documents]},
                         schema={"campaign_id": pl.String, "score": pl.Float64})
    ties = (held.filter(~pl.col("account_id").is_in(active.implode()))
            .join(members.rename({"account_id": "member"}), on=["kind", "value"])
            .group_by("account_id", "campaign_id")
            .agg(members=pl.col("member").n_unique(), kinds=pl.col("kind").unique().sort()))
    best = (ties.sort(["account_id", "members", "campaign_id"], descending=[False, True, False])
            .unique("account_id", keep="first", maintain_order=True)
            .join(score, on="campaign_id"))
    reason = pl.format(DORMANT_REASON, pl.col("kinds").list.join(" and "), pl.col("members"),
                       pl.col("campaign_id"))
    return best.select("account_id", "score", flagged=pl.col("score") >= threshold,
                       campaign_id="campaign_id", reasons=pl.concat_list(reason)
                       ).cast(dict(SCORE_SCHEMA))
