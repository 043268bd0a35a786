"""What validation reports: row counts that always add up, per-table statistics (summary.json) and the
lines the validate command prints.

Consumed by io.validate (filled batch by batch), scan and the CLI."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from distillguard.errors import printable
from distillguard.io.dedup import KeySet
from distillguard.io.quarantine import QUARANTINE_FILE, REASON
from distillguard.io.readers import RawBatch, TableSource
from distillguard.io.rules import SHOWN_CHARS, parser_rule_counts
from distillguard.io.schema import EVENTS_SPEC, TableSpec

SUMMARY_FILE = "summary.json"


@dataclass
class Counts:
    """Rows of one table: every row read is used, quarantined or deduplicated."""

    read: int = 0
    used: int = 0
    quarantined: int = 0
    deduplicated: int = 0

    def check(self) -> None:
        """Raise when the four numbers do not add up (a bug: a row was lost or counted twice)."""
        if self.read != self.used + self.quarantined + self.deduplicated:
            raise AssertionError(
                f"row counts do not add up: read {self.read} != used {self.used} + quarantined "
                f"{self.quarantined} + deduplicated {self.deduplicated}")

    def line(self, table: str) -> str:
        return (f"{table}: read {self.read}, used {self.used}, quarantined {self.quarantined}, "
                f"deduplicated {self.deduplicated}")


@dataclass
class TableStats:
    """What summary.json says about one table; filled batch by batch, never from all rows."""

    spec: TableSpec
    source: TableSource | None = None
    present: set[str] = field(default_factory=set)
    ignored: dict[str, None] = field(default_factory=dict)  # ordered set
    reasons: Counter[str] = field(default_factory=Counter)
    duplicate_examples: list[str] = field(default_factory=list)
    ts_min: datetime | None = None
    ts_max: datetime | None = None
    accounts: KeySet | None = None
    models: set[str] = field(default_factory=set)
    max_examples: int = 5

    def observe(self, raw: RawBatch, clean: pl.DataFrame, rules: Counter[str],
                duplicates: pl.Series) -> None:
        self.present.update(raw.present)
        self.ignored.update(dict.fromkeys(raw.ignored))
        self.reasons.update(rules)
        self.reasons.update(parser_rule_counts(raw.rejected[REASON]))
        room = self.max_examples - len(self.duplicate_examples)
        if room > 0 and duplicates.len():
            candidates = duplicates.unique(maintain_order=True).head(self.max_examples + room)
            for key in candidates.to_list():
                shown = key[:SHOWN_CHARS]  # ids are opaque and may be long
                if shown not in self.duplicate_examples and room > 0:
                    self.duplicate_examples.append(shown)
                    room -= 1
        if self.spec.name == EVENTS_SPEC.name and clean.height:
            self._observe_events(clean)

    def _observe_events(self, clean: pl.DataFrame) -> None:
        lo, hi = clean["ts"].min(), clean["ts"].max()
        self.ts_min = lo if self.ts_min is None else min(self.ts_min, lo)  # type: ignore[type-var]
        self.ts_max = hi if self.ts_max is None else max(self.ts_max, hi)  # type: ignore[type-var]
        if self.accounts is None:
            self.accounts = KeySet()
        self.accounts.add(clean["account_id"].unique())
        self.models.update(clean["model"].unique().to_list())

    def to_dict(self, counts: Counts) -> dict[str, Any]:
        src = self.source
        out: dict[str, Any] = {
            "source": str(src.path) if src else None,
            "files": [f.name for f in src.files] if src else [],
            "skipped_files": list(src.skipped) if src else [],
            "format": "+".join(src.formats) if src else None,
            "bytes": src.nbytes if src else 0,
            "counts": asdict(counts),
            "ignored_columns": list(self.ignored),
            "optional_columns": {
                "present": [c for c in self.spec.optional if c in self.present],
                "absent": [c for c in self.spec.optional if c not in self.present],
            },
            "reasons": dict(self.reasons.most_common()),
            "duplicate_examples": self.duplicate_examples,
        }
        if self.spec.name == EVENTS_SPEC.name:
            out["time_range"] = {"min": _iso(self.ts_min), "max": _iso(self.ts_max)}
            out["distinct_accounts"] = len(self.accounts) if self.accounts else 0
            out["distinct_models"] = len(self.models)
        return out


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ValidationReport:
    """Result of ``validate_inputs``: the summary.json content and where it was written."""

    summary: dict[str, Any]
    out_dir: Path
    counts: dict[str, Counts]
    notes: list[str] = field(default_factory=list)  # signals off or partial (io.signals)

    def lines(self) -> list[str]:
        """Human-readable lines; the first ones are the counts, one table per line. Every rule that
        rejected a value is listed (a row breaking two rules counts for both); user data quoted
        here (keys, column names) is printable."""
        lines = [c.line(table) for table, c in self.counts.items()]
        for table, info in self.summary["tables"].items():
            if info["reasons"]:
                every = ", ".join(f"{k} {v}" for k, v in info["reasons"].items())
                rows = info["counts"]["quarantined"]
                lines.append(f"{table} quarantine reasons ({rows} rows; a row may break several "
                             f"rules): {every}")
            if info["duplicate_examples"]:
                lines.append(f"{table} repeated keys (first kept), e.g. "
                             + ", ".join(info["duplicate_examples"][:3]))
            if info["ignored_columns"]:
                lines.append(f"{table} ignored columns: " + ", ".join(info["ignored_columns"]))
        lines += self.notes
        quarantined = self.summary["quarantine"]["rows"]
        lines.append(f"wrote {self.out_dir / SUMMARY_FILE} and {self.out_dir / QUARANTINE_FILE} "
                     + (f"({quarantined} rows)" if quarantined else "(empty: every row was used)"))
        return [printable(line) for line in lines]


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
