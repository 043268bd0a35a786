"""Quality metrics of a scan against a simulated world's ground truth (account, campaign, exchange level).

Consumes truth.parquet (+ events_truth.parquet) and a scan directory; produces metrics.json and tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from distillguard import CONTRACT_VERSION
from distillguard.errors import InputError, printable

SCAN_ACCOUNT_COLUMNS = ("account_id", "score", "flagged", "campaign_id")


def _read_parquet(path: Path, what: str, required: tuple[str, ...]) -> pl.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: {what} not found")
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several types for a corrupt file
        raise InputError(f"{path}: cannot read {what} as Parquet ({exc.__class__.__name__})") \
            from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: required column '{missing[0]}' is missing from {what}")
    return frame


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 6) if den else None


def account_metrics(joined: pl.DataFrame) -> dict[str, Any]:
    """Precision, recall, F1 and false-positive rate over accounts; FPR per legitimate persona.

    ``joined`` has one row per account: actor, campaign_id (truth), flagged (prediction)."""
    positive = pl.col("campaign_id").is_not_null()
    tp = joined.filter(positive & pl.col("flagged")).height
    fp = joined.filter(~positive & pl.col("flagged")).height
    fn = joined.filter(positive & ~pl.col("flagged")).height
    legit = joined.filter(~positive).height
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = (round(2 * precision * recall / (precision + recall), 6)
          if precision and recall else 0.0)
    personas = (joined.filter(~positive).group_by("actor")
                .agg(accounts=pl.len(), flagged=pl.col("flagged").sum())
                .with_columns(fpr=pl.col("flagged") / pl.col("accounts")).sort("actor"))
    return {
        "accounts": joined.height, "positives": tp + fn, "legitimate": legit,
        "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "precision": precision, "recall": recall, "f1": f1, "fpr": _ratio(fp, legit),
        "fpr_by_persona": {r["actor"]: {"accounts": r["accounts"], "flagged": r["flagged"],
                                        "fpr": round(r["fpr"], 6)}
                           for r in personas.iter_rows(named=True)},
    }


def campaign_metrics(joined: pl.DataFrame, exchanges: pl.DataFrame | None,
                     evidence: dict[str, list[str]]) -> dict[str, Any]:
    """Per true campaign: share of accounts and exchanges flagged, and purity of the predicted grouping.

    Purity: the predicted campaign holding most of the true campaign's accounts, and its share of
    them (majority when > 0.5). Also, per predicted campaign, how many operations and legitimate
    accounts it mixes."""
    ops = joined.filter(pl.col("campaign_id").is_not_null())
    out: dict[str, Any] = {}
    for (campaign_id,), part in sorted(ops.partition_by("campaign_id", as_dict=True).items()):
        flagged = part.filter("flagged")
        best = (part.filter(pl.col("predicted_campaign").is_not_null())
                .group_by("predicted_campaign").len().sort(["len", "predicted_campaign"],
                                                            descending=[True, False]))
        best_id = best["predicted_campaign"][0] if best.height else None
        best_share = _ratio(best["len"][0], part.height) if best.height else 0.0
        entry: dict[str, Any] = {
            "actor": part["actor"].mode().sort()[0],
            "accounts": part.height,
            "accounts_flagged_share": _ratio(flagged.height, part.height),
            "best_predicted_campaign": best_id,
            "best_predicted_share": best_share,
            "majority_in_one_campaign": bool(best_share and best_share > 0.5),
            "release_pivot_evidence": bool(best_id and "release_pivot" in evidence.get(best_id, [])),
        }
        if exchanges is not None:
            mine = exchanges.filter(pl.col("campaign_id") == campaign_id)
            entry["exchanges"] = mine.height
            entry["exchanges_flagged_share"] = _ratio(mine["flagged"].sum(), mine.height)
        out[campaign_id] = entry
    return out


def predicted_campaign_composition(joined: pl.DataFrame) -> list[dict[str, Any]]:
    """For each predicted campaign: its size, the operations it contains and its legitimate share."""
    pred = joined.filter(pl.col("predicted_campaign").is_not_null())
    rows = (pred.group_by("predicted_campaign")
            .agg(accounts=pl.len(),
                 operations=pl.col("campaign_id").drop_nulls().unique().sort(),
                 legitimate=pl.col("campaign_id").is_null().sum())
            .with_columns(legitimate_share=pl.col("legitimate") / pl.col("accounts"))
            .sort("accounts", descending=True))
    return [{**r, "legitimate_share": round(r["legitimate_share"], 6)}
            for r in rows.iter_rows(named=True)]


def exchange_metrics(exchanges: pl.DataFrame) -> dict[str, Any]:
    """Share of campaign exchanges from flagged accounts, and of legitimate ones (collateral)."""
    camp = exchanges.filter(pl.col("campaign_id").is_not_null())
    # forwarded customer traffic on an operation's accounts is not collateral damage
    legit = exchanges.filter(pl.col("account_campaign").is_null())
    return {
        "exchanges": exchanges.height,
        "campaign_exchanges": camp.height,
        "campaign_exchanges_flagged_share": _ratio(camp["flagged"].sum(), camp.height),
        "legitimate_exchanges_flagged_share": _ratio(legit["flagged"].sum(), legit.height),
    }


@dataclass
class Evaluation:
    metrics: dict[str, Any]

    def print(self, console: Console) -> None:
        acc = self.metrics["accounts"]
        head = Table(title="account level")
        for name in ("accounts", "positives", "precision", "recall", "f1", "fpr"):
            head.add_column(name, justify="right")
        head.add_row(*(_fmt(acc[k]) for k in ("accounts", "positives", "precision", "recall",
                                              "f1", "fpr")))
        console.print(head)
        personas = Table(title="false positives by legitimate persona")
        for name in ("persona", "accounts", "flagged", "fpr"):
            personas.add_column(name, justify="left" if name == "persona" else "right")
        for actor, row in acc["fpr_by_persona"].items():
            personas.add_row(printable(actor), _fmt(row["accounts"]), _fmt(row["flagged"]), _fmt(row["fpr"]))
        console.print(personas)
        camps = Table(title="operations (true) and the predicted campaign holding most of each")
        cols = ("operation", "predicted campaign", "accounts", "flagged", "in one campaign",
                "exchanges", "exch. flagged", "pivot evidence")
        for name in cols:
            camps.add_column(name, justify="left" if name in cols[:2] else "right")
        for row in self.metrics["campaigns"].values():
            camps.add_row(printable(row["actor"]), printable(row["best_predicted_campaign"] or "-"),
                          _fmt(row["accounts"]),
                          _fmt(row["accounts_flagged_share"]), _fmt(row["best_predicted_share"]),
                          _fmt(row.get("exchanges")), _fmt(row.get("exchanges_flagged_share")),
                          "yes" if row["release_pivot_evidence"] else "no")
        console.print(camps)
        if "exchanges" in self.metrics:
            ex = self.metrics["exchanges"]
            console.print(f"exchange level: {_fmt(ex['campaign_exchanges_flagged_share'])} of "
                          f"{ex['campaign_exchanges']:,} campaign exchanges came from flagged "
                          f"accounts; {_fmt(ex['legitimate_exchanges_flagged_share'])} of "
                          f"legitimate exchanges did")
        console.print(f"metrics written to {self.metrics['written_to']}")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _campaign_evidence(scan_dir: Path) -> dict[str, list[str]]:
    path = scan_dir / "campaigns.json"
    if not path.is_file():
        return {}
    try:
        doc = json.loads(path.read_text("utf-8"))
        return {c["campaign_id"]: [e.get("kind") for e in c.get("evidence", [])]
                for c in doc.get("campaigns", [])}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(f"{path}: not a campaigns.json of contract v{CONTRACT_VERSION}") from None


def evaluate_scan(truth_path: str | Path, scan_dir: str | Path, *,
                  events_truth: str | Path | None = None) -> Evaluation:
    """Compare a scan's outputs with a world's truth; write ``scan_dir/metrics.json``."""
    truth_path, scan_dir = Path(truth_path), Path(scan_dir)
    truth = _read_parquet(truth_path, "truth", ("account_id", "campaign_id", "actor"))
    scan = _read_parquet(scan_dir / "accounts.parquet", "scan accounts", SCAN_ACCOUNT_COLUMNS)
    if "has_events" in truth.columns:
        # accounts that never sent a request cannot be found by any scan of the events
        truth = truth.filter("has_events")
    unknown = scan.join(truth, on="account_id", how="anti").height
    joined = truth.select("account_id", "campaign_id", "actor").join(
        scan.select("account_id", pl.col("flagged").fill_null(False),
                    pl.col("campaign_id").alias("predicted_campaign")),
        on="account_id", how="left",
    ).with_columns(pl.col("flagged").fill_null(False))
    events_truth = Path(events_truth) if events_truth else truth_path.parent / "events_truth.parquet"
    exchanges = None
    if events_truth.is_file():
        ex = _read_parquet(events_truth, "events truth", ("request_id", "account_id", "campaign_id"))
        exchanges = ex.select("account_id", "campaign_id").join(
            joined.select("account_id", "flagged", pl.col("campaign_id").alias("account_campaign")),
            on="account_id", how="left",
        ).with_columns(pl.col("flagged").fill_null(False))
    metrics: dict[str, Any] = {
        "contract_version": CONTRACT_VERSION,
        "truth": str(truth_path),
        "scan": str(scan_dir),
        "unknown_scan_accounts": unknown,
        "accounts": account_metrics(joined),
        "campaigns": campaign_metrics(joined, exchanges, _campaign_evidence(scan_dir)),
        "predicted_campaigns": predicted_campaign_composition(joined),
    }
    if exchanges is not None:
        metrics["exchanges"] = exchange_metrics(exchanges)
    out = scan_dir / "metrics.json"
    metrics["written_to"] = str(out)
    out.write_text(json.dumps(metrics, indent=2, default=str), encoding="utf-8")
    return Evaluation(metrics)
