"""Which detection signals the input can feed: per-column coverage of the used events, and the signals off.

Consumes clean event batches (io.validate); produces the "signals" entries of summary.json and scan_summary.json
and the console lines that say, for a source without prompts or IPs, what the scan could not see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

# events column → the detection it feeds (README: required and optional columns)
SIGNALS: dict[str, str] = {
    "prompt": "template reuse across accounts, capability tags (harvest asks, capability mix), "
              "playbook links",
    "ip": "network spread (/24s, rotation), shared-IP and /24 links, IP indicators",
    "max_tokens": "max_tokens saturation (the strongest signal of the score)",
    "asn": "address class (cloud, residential, VPN, education) and ASN spread",
    "country": "local-night activity and country spread",
    "user_agent": "client family and number of distinct clients",
    "client_fingerprint": "shared-client links and client indicators",
    "n_turns": "single-turn share",
    "tools_declared": "tool use from declared tools",
    "temperature": "share of requests at temperature 0",
    "system_prompt": "scaffold links (the same system prompts)",
}
WHY = {"prompt": "no prompt text (content capture off, or prompts not stored)",
       "ip": "no client address"}
PARTIAL_BELOW = 0.99  # prompt or ip on fewer events than this share is reported as partial


@dataclass
class Coverage:
    """How many used events carry a value in each column (filled batch by batch)."""

    events: int = 0
    with_value: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIGNALS, 0))

    def observe(self, clean: pl.DataFrame) -> None:
        self.events += clean.height
        counts = clean.select(pl.col(c).is_not_null().sum() for c in SIGNALS if c in clean.columns)
        for column, count in counts.row(0, named=True).items():
            self.with_value[column] += int(count)

    def signals(self) -> list[dict[str, Any]]:
        """The signals that are off (no event has the column) or partial, with why and what."""
        found = []
        for column, feeds in SIGNALS.items():
            share = self.with_value[column] / self.events if self.events else 0.0
            # other columns are absent per request by nature (max_tokens not set): only a
            # column absent everywhere says the source lacks it
            if share >= PARTIAL_BELOW or (share > 0 and column not in WHY):
                continue
            state = "off" if share == 0 else "partial"
            why = WHY.get(column, f"no value in column '{column}'") if state == "off" else \
                f"{share:.1%} of events have a value in '{column}'"
            found.append({"column": column, "state": state, "share": round(share, 4),
                          "why": why, "signals": feeds})
        return found


def signal_lines(signals: list[dict[str, Any]]) -> list[str]:
    """Console lines: one per signal off or partial, so a quiet scan is not read as a clean one."""
    return [f"signal {s['state']}: {s['signals']} ({s['why']})" for s in signals]
