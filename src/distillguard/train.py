"""distillguard train: fit the account score on the user's own labelled accounts (enforcement history).

Consumes the contract's events (and accounts) tables, a labels table and the Config; writes config.yaml (a
complete config that scan and serve accept), train_metrics.json and quarantine.jsonl into the output folder."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from distillguard import CONTRACT_VERSION, __version__
from distillguard.config import Config
from distillguard.errors import InputError
from distillguard.io.quarantine import QUARANTINE_FILE
from distillguard.io.summary import Counts, write_json
from distillguard.scan import account_evidence, fingerprint_accounts, link_accounts, work_dir
from distillguard.scoring.training import fit_from_labels

CONFIG_FILE = "config.yaml"
METRICS_FILE = "train_metrics.json"


@dataclass
class TrainRun:
    """What a training run wrote and measured."""

    out_dir: Path
    counts: dict[str, Counts]
    metrics: dict[str, Any]

    def lines(self) -> list[str]:
        m = self.metrics
        cv = m["cross_validated"]
        lines = [c.line(table) for table, c in self.counts.items()]
        lines.append(f"labels: {m['labelled_accounts']} labelled accounts in the logs "
                     f"({m['positives']} operation, {m['negatives']} legitimate); "
                     f"{m['labels_not_in_logs']} labelled accounts not in the logs")
        lines.append(f"cross-validated ({m['folds']} folds"
                     + (", campaigns kept together" if m["folds_keep_campaigns_together"] else
                        ", accounts of the one labelled campaign split across folds")
                     + f") at threshold {cv['threshold']:.4f}: precision {_pct(cv['precision'])}, "
                       f"recall {_pct(cv['recall'])}, FPR {_pct(cv['fpr'], 3)}")
        for v in m["variants"]:
            lines.append(f"  {v['variant']}: precision {_pct(v['precision'])}, recall "
                         f"{_pct(v['recall'])}, FPR {_pct(v['fpr'], 3)}; recall near the target "
                         f"FPR {_pct(v['recall_near_target'])} (campaign folds), "
                         f"{_pct(v['recall_near_target_accounts'])} (account folds)")
        lines.append(f"chosen: {m['model']} (hallmark gate {m['hallmark_min_sd']:g}); threshold: "
                     f"{m['threshold_rule']}")
        if m["weights"]:
            top = sorted(m["weights"].items(), key=lambda kv: -abs(kv[1]))[:6]
            lines.append("strongest signals: " + ", ".join(f"{k} {v:+.2f}" for k, v in top))
        lines.append(f"wrote {self.out_dir / CONFIG_FILE} (use: distillguard scan ... --config "
                     f"{self.out_dir / CONFIG_FILE}), {self.out_dir / METRICS_FILE}")
        return lines


def _pct(value: float | None, decimals: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{decimals}%}"


def write_config(cfg: Config, path: Path) -> None:
    """Write ``cfg`` whole as YAML (every section, so the file stands on its own)."""
    text = ("# written by distillguard train: the packaged defaults with the fitted scoring section\n"
            + yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, width=100))
    path.write_text(text, encoding="utf-8")


def run_train(events: str | Path, *, labels: str | Path, out_dir: str | Path, cfg: Config,
              accounts: str | Path | None = None, show_progress: bool = False,
              fmt: str = "contract") -> TrainRun:
    """Fit the score on labelled accounts of the logs (read in ``fmt``, io.formats); write
    config.yaml and train_metrics.json.

    Raises
    ------
    InputError
        Unusable inputs, no valid label, labels of a single class or too few to fit.
    """
    out = Path(out_dir)
    started = time.perf_counter()
    with work_dir(out) as work:
        prints = fingerprint_accounts(events, out_dir=out, work=work, cfg=cfg, accounts=accounts,
                                      labels=labels, show_progress=show_progress, fmt=fmt)
        evidence = account_evidence(prints, link_accounts(prints, cfg), cfg)
    table = prints.tables.get("labels")
    if table is None or table.is_empty():
        raise InputError(f"{labels}: no valid label (see {out / QUARANTINE_FILE})")
    table = table.select("account_id", pl.col("label").cast(pl.Int8), "campaign_id")
    missing = table.join(evidence.select("account_id"), on="account_id", how="anti").height
    result = fit_from_labels(evidence.join(table, on="account_id", how="left"), cfg.scoring,
                             cfg.train)
    fitted = cfg.model_copy(update={"scoring": result.scoring})
    out.mkdir(parents=True, exist_ok=True)
    write_config(fitted, out / CONFIG_FILE)
    metrics = {"contract_version": CONTRACT_VERSION, "distillguard_version": __version__,
               "labels_read": table.height, "labels_not_in_logs": missing, **result.metrics,
               "seconds": round(time.perf_counter() - started, 3)}
    write_json(out / METRICS_FILE, metrics)
    return TrainRun(out_dir=out, counts=prints.counts, metrics=metrics)
