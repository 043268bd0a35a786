"""report.html: one self-contained page (inline CSS and SVG, no script, no network) for analysts.

Consumes campaign documents (with timelines), the scan summary, the scored accounts and each account's
first prompt; produces the campaign list and, per campaign, its exchanges by model per day, capability
mix, account births and deaths, evidence, its top accounts with their reasons and a few truncated
example prompts."""

from __future__ import annotations

from html import escape
from typing import Any

import polars as pl

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]
EXAMPLES_PER_CAMPAIGN = 3
TOP_ACCOUNTS = 10  # accounts listed per campaign, highest score first
REASONS_SHOWN = 3

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-top:1px solid #ddd;padding-top:16px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f4f4}.charts{display:flex;flex-wrap:wrap;gap:24px}.chart h3{font-size:14px;margin:4px 0}
.legend span{display:inline-block;margin-right:10px;font-size:12px}.swatch{display:inline-block;width:10px;
height:10px;margin-right:4px}pre{white-space:pre-wrap;background:#f8f8f8;padding:6px;font-size:12px}
.action{font-weight:bold;color:#b00}
"""


def _legend(names: list[str]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></i>'
        f"{escape(n)}</span>" for i, n in enumerate(names)) + "</div>"


def stacked_bars(title: str, labels: list[str], series: dict[str, list[int]],
                 width: int = 520, height: int = 180, markers: dict[str, str] | None = None) -> str:
    """An SVG stacked bar chart (one bar per label), with a legend; ``markers`` (label → text, e.g.
    a model released that day) draws a dashed line at the start of that label's bar."""
    totals = [sum(v[i] for v in series.values()) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    bar = width / max(1, len(labels))
    rects = []
    for i, label in enumerate(labels):
        y = height
        for k, (name, values) in enumerate(series.items()):
            h = values[i] / top * (height - 20)
            if h <= 0:
                continue
            y -= h
            rects.append(f'<rect class="bar" x="{i * bar + 1:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
                         f'height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                         f"<title>{escape(label)} {escape(name)}: {values[i]}</title></rect>")
    for label, text in (markers or {}).items():
        if label in labels:
            x = labels.index(label) * bar
            rects.append(f'<line class="marker" x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height}" '
                         f'stroke="#222" stroke-dasharray="4 3"><title>{escape(text)}</title></line>'
                         f'<text x="{x + 3:.1f}" y="24" font-size="10">{escape(text)}</text>')
    axis = (f'<text x="0" y="12" font-size="11">max {top}</text>'
            f'<text x="0" y="{height + 14}" font-size="11">{escape(labels[0]) if labels else ""}</text>'
            f'<text x="{width}" y="{height + 14}" font-size="11" text-anchor="end">'
            f'{escape(labels[-1]) if labels else ""}</text>')
    return (f'<div class="chart"><h3>{escape(title)}</h3><svg role="img" width="{width}" '
            f'height="{height + 20}" viewBox="0 0 {width} {height + 20}">{"".join(rects)}{axis}'
            f"</svg>{_legend(list(series))}</div>")


def horizontal_bars(title: str, shares: dict[str, float], width: int = 360) -> str:
    """An SVG bar per item (shares 0–1), largest first."""
    items = sorted(((k, v) for k, v in shares.items() if v > 0), key=lambda kv: -kv[1])
    rows = []
    for i, (name, share) in enumerate(items):
        y = i * 20
        rows.append(f'<rect class="bar" x="120" y="{y + 4}" width="{share * (width - 170):.1f}" '
                    f'height="14" fill="{PALETTE[i % len(PALETTE)]}"></rect>'
                    f'<text x="0" y="{y + 15}" font-size="12">{escape(name)}</text>'
                    f'<text x="{125 + share * (width - 170):.1f}" y="{y + 15}" font-size="12">'
                    f"{share:.0%}</text>")
    height = max(20, 20 * len(items) + 4)
    return (f'<div class="chart"><h3>{escape(title)}</h3><svg role="img" width="{width}" '
            f'height="{height}">{"".join(rows)}</svg></div>')


def top_accounts(doc: dict[str, Any], accounts: pl.DataFrame | None,
                 n: int = TOP_ACCOUNTS) -> str:
    """A table of the campaign's highest-scoring accounts with their first reasons (empty when the
    scan's account table is not given).

    Examples
    --------
    >>> table = pl.DataFrame({"account_id": ["a", "b<x>"], "score": [0.7, 0.99],
    ...                       "reasons": [["r1"], ["timing", "template"]]})
    >>> html = top_accounts({"accounts": ["a", "b<x>"], "n_accounts": 2}, table)
    >>> html.index("b&lt;x&gt;") < html.index(">a<"), "timing; template" in html
    (True, True)
    """
    if accounts is None:
        return ""
    top = (accounts.filter(pl.col("account_id").is_in(doc["accounts"]))
           .sort(["score", "account_id"], descending=[True, False]).head(n))
    rows = "".join(
        f"<tr><td>{escape(r['account_id'])}</td><td>{r['score']:.3f}</td>"
        f"<td>{escape('; '.join((r['reasons'] or [])[:REASONS_SHOWN]))}</td></tr>"
        for r in top.iter_rows(named=True))
    more = doc["n_accounts"] - top.height
    order = ", highest score first" if more else ""
    return (f"<h3>Top accounts ({top.height} of {doc['n_accounts']}{order})"
            f"</h3><table class=\"accounts\"><tr><th>account</th><th>score</th><th>reasons</th></tr>"
            f"{rows}</table>")


def _campaign_section(doc: dict[str, Any], examples: pl.DataFrame,
                      accounts: pl.DataFrame | None) -> str:
    timeline = doc.get("timeline") or {}
    days = timeline.get("days", [])
    charts = [
        stacked_bars("Exchanges per day, by model", days, timeline.get("exchanges_by_model", {})),
        horizontal_bars("Capability mix", doc["capabilities"]),
        stacked_bars("Accounts born / gone per day", days,
                     {"born": timeline.get("accounts_born", []),
                      "gone": timeline.get("accounts_gone", [])}),
    ]
    evidence = "".join(f"<tr><td>{escape(e['kind'])}</td><td>{escape(e['detail'])}</td>"
                       f"<td>{e['weight']}</td></tr>" for e in doc["evidence"])
    prompts = (examples.filter(pl.col("account_id").is_in(doc["accounts"]))
               .head(EXAMPLES_PER_CAMPAIGN)["prompt"].to_list())
    shown = "".join(f"<pre>{escape(p)}…</pre>" for p in prompts)
    return (f'<h2 id="{escape(doc["campaign_id"])}">{escape(doc["campaign_id"])} — '
            f'{doc["n_accounts"]} accounts, {doc["n_exchanges"]:,} exchanges, score {doc["score"]}'
            f'</h2><p>Recommended action: <span class="action">{escape(doc["recommended_action"])}'
            f'</span>. Active {escape(doc["first_seen"][:16])} → {escape(doc["last_seen"][:16])}; '
            f'~{doc.get("estimated_output_tokens", 0):,} output tokens harvested; '
            f'{doc.get("n_lifted", 0)} accounts joined by coordination alone; '
            f'{len(doc.get("dormant_accounts", []))} dormant accounts (registered like its members, '
            f'no request yet: suspend them before use).</p>'
            f'<div class="charts">{"".join(charts)}</div>'
            f"<h3>Evidence</h3><table><tr><th>kind</th><th>detail</th><th>weight</th></tr>"
            f"{evidence}</table>{top_accounts(doc, accounts)}"
            f"<h3>Example prompts (truncated)</h3>{shown}")


def signals_off(signals: list[dict[str, Any]]) -> str:
    """What the input could not feed (io.signals), so a quiet scan is not read as a clean one.

    Examples
    --------
    >>> signals_off([{"column": "prompt", "state": "off", "why": "no prompt text",
    ...               "signals": "template reuse"}])
    '<h2>Signals off</h2><ul><li><b>prompt</b> (off): template reuse — no prompt text</li></ul>'
    """
    if not signals:
        return ""
    items = "".join(f"<li><b>{escape(s['column'])}</b> ({escape(s['state'])}): "
                    f"{escape(s['signals'])} — {escape(s['why'])}</li>" for s in signals)
    return f"<h2>Signals off</h2><ul>{items}</ul>"


def render_report(documents: list[dict[str, Any]], summary: dict[str, Any],
                  examples: pl.DataFrame, accounts: pl.DataFrame | None = None) -> str:
    """The whole page as one HTML string; ``accounts`` (account_id, score, reasons) lists each
    campaign's top accounts."""
    listing = "".join(
        f'<tr><td><a href="#{escape(d["campaign_id"])}">{escape(d["campaign_id"])}</a></td>'
        f'<td>{d["score"]}</td><td>{d["n_accounts"]}</td><td>{d["n_exchanges"]:,}</td>'
        f'<td>{escape(max(d["capabilities"], key=d["capabilities"].get))}</td>'
        f'<td>{escape(", ".join(e["kind"] for e in d["evidence"][:4]))}</td>'
        f'<td>{escape(d["recommended_action"])}</td></tr>' for d in documents)
    counts = summary.get("counts", {}).get("events", {})
    seen = summary.get("accounts", {})
    body = (f"<h1>distillguard scan report</h1><p>{counts.get('used', 0):,} exchanges scanned "
            f"({counts.get('quarantined', 0):,} quarantined), {seen.get('seen', 0):,} accounts, "
            f"{seen.get('flagged', 0):,} flagged, {len(documents)} campaigns.</p>"
            + signals_off(summary.get("signals", [])) +
            "<table><tr><th>campaign</th><th>score</th><th>accounts</th><th>exchanges</th>"
            "<th>top capability</th><th>evidence</th><th>action</th></tr>"
            f"{listing}</table>" + "".join(_campaign_section(d, examples, accounts) for d in documents))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>distillguard report</title><style>{CSS}</style></head><body>{body}"
            "</body></html>\n")
