"""Property: malformed rows in any format are quarantined with a reason; clean rows are all used.

Consumes hypothesis-built event rows (valid, or broken in one of many ways) written as CSV, JSON
Lines and Parquet; checks that only InputError escapes and that the counts add up."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distillguard.config import IOConfig
from distillguard.errors import InputError, printable
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.validate import read_valid_table

# Tiny limits and batches: long values and batch edges are cheap to reach.
CFG = IOConfig(max_prompt_chars=64, max_field_chars=48).model_copy(update={"batch_rows": 4})
ABSENT = object()  # the key is left out of the row
BAD_BYTE = "\udcff"  # becomes the raw byte 0xff when written with surrogateescape
TEXT = st.text(max_size=20)
ID_POOL = [f"req-{k}" for k in range(6)]
TS_FORMATS = ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f+02:00",
              "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d"]


@dataclass
class Case:
    rows: list[dict[str, Any]] = field(default_factory=list)
    malformed: list[bool] = field(default_factory=list)


@st.composite
def valid_row(draw: st.DrawFn) -> dict[str, Any]:
    # valid = in the past: later than the present (plus io.future_skew_hours) is quarantined
    stamp = draw(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2025, 12, 31)))
    has_image = draw(st.sampled_from([None, "true", "no", True, "1"]))
    prompt = draw(st.text(min_size=1, max_size=30))
    if has_image in ("true", True, "1") and draw(st.booleans()):
        prompt = ""
    row: dict[str, Any] = {
        "request_id": draw(st.one_of(st.sampled_from(ID_POOL), st.text(min_size=1, max_size=20))),
        "ts": stamp.strftime(draw(st.sampled_from(TS_FORMATS))),
        "account_id": draw(st.text(min_size=1, max_size=20)),
        "ip": str(draw(st.ip_addresses())),
        "model": draw(st.sampled_from(["m-small", "m-large", "模型"])),
        "prompt": prompt,
        "input_tokens": draw(st.one_of(st.integers(0, 10**9), st.integers(0, 99).map(
            lambda n: f"{n}.0"))),
        "output_tokens": draw(st.integers(0, 10**6)),
        "has_image": has_image,
    }
    optional = {
        "n_turns": st.integers(1, 50),
        "temperature": st.floats(0, 2),
        "country": st.sampled_from(["FR", "US", None]),
        "asn": st.integers(0, 2**32),
        "user_agent": TEXT,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            row[name] = draw(strategy)
    return row


TEXT_COLUMNS = ["request_id", "account_id", "model", "prompt", "ip"]
MALFORMATIONS: dict[str, Any] = {
    "bad_ts": ("ts", st.sampled_from(["yesterday", "2024-13-45T00:00:00Z", "2024-02-30",
                                      "1999-12-31T20:00:00Z", "2101-01-01", "12:00", 1714566896])),
    "future_ts": ("ts", st.sampled_from(["2099-01-01T00:00:00Z", "2099-06-30", "2098-12-31 23:00:00"])),
    "bad_ip": ("ip", st.sampled_from(["999.1.1.1", "1.2.3", "01.2.3.4", "::g", "1.2.3.4.5",
                                      "localhost"])),
    "negative": (st.sampled_from(["input_tokens", "output_tokens", "reasoning_tokens"]),
                 st.integers(-10**6, -1)),
    "not_integer": (st.sampled_from(["input_tokens", "output_tokens", "max_tokens"]),
                    st.sampled_from(["1.5", "abc", "1e30", "12 tokens", 2.5, True])),
    "missing": (st.sampled_from(list(EVENTS_SPEC.required)), st.sampled_from([None, "", ABSENT])),
    "empty_id": (st.sampled_from(["request_id", "account_id", "model", "ip"]), st.just("")),
    "nested": (st.sampled_from([*TEXT_COLUMNS, "input_tokens", "ts"]),
               st.sampled_from([{"a": 1}, [1, 2], {"role": "user", "content": "x"}, []])),
    "bad_bytes": (st.sampled_from(TEXT_COLUMNS), st.just(f"bad {BAD_BYTE} bytes")),
    "huge_prompt": ("prompt", st.integers(65, 500).map(lambda n: "p" * n)),
    "huge_field": (st.sampled_from(["account_id", "model", "user_agent"]),
                   st.integers(49, 300).map(lambda n: "f" * n)),
    "bad_optional": (st.sampled_from(["n_turns", "temperature", "has_image", "asn"]),
                     st.sampled_from(["-5", "maybe", "nan", "-0.5"])),
    "zero_turns": ("n_turns", st.just(0)),
}


@st.composite
def cases(draw: st.DrawFn, *, nested_ok: bool) -> Case:
    kinds = [k for k in MALFORMATIONS if nested_ok or k != "nested"]
    case = Case()
    for _ in range(draw(st.integers(1, 12))):
        row = draw(valid_row())
        broken = draw(st.lists(st.sampled_from(kinds), max_size=2))
        for kind in broken:
            column, value = MALFORMATIONS[kind]
            column = column if isinstance(column, str) else draw(column)
            value = draw(value)
            if kind == "bad_optional" and column == "temperature" and value == "-5":
                value = "-5.0"
            if kind == "bad_optional" and column == "has_image" and value in ("-5", "-0.5"):
                value = "maybe"
            if kind == "bad_optional" and column in ("n_turns", "asn") and value == "nan":
                value = "-5"
            if kind == "missing" and column == "prompt":
                row["has_image"] = None  # CSV cannot tell a null prompt from an empty one
            if value is ABSENT:
                row.pop(column, None)
            else:
                row[column] = value
        case.rows.append(row)
        case.malformed.append(bool(broken))
    return case


# --------------------------------------------------------------------------- writers


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    buf = io.StringIO()
    # The default "\r\n" terminator makes the csv module quote values holding "\r" or "\n".
    writer = csv.DictWriter(buf, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows([{k: cell_text(v) for k, v in r.items()} for r in rows])
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogateescape"))


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
    path.write_bytes("".join(lines).encode("utf-8", "surrogateescape"))


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    data = {c: [None if r.get(c) is None else cell_text(r[c]) for r in rows] for c in columns}
    series = []
    for c, values in data.items():
        if any(v is not None and BAD_BYTE in v for v in values):
            raw = [None if v is None else v.encode("utf-8", "surrogateescape") for v in values]
            series.append(pl.Series(c, raw, dtype=pl.Binary))
        else:
            series.append(pl.Series(c, values, dtype=pl.String))
    pl.DataFrame(series).write_parquet(path)


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def has_bad_bytes(row: dict[str, Any]) -> bool:
    return any(isinstance(v, str) and BAD_BYTE in v for v in row.values())


def expects_input_error(case: Case, fmt: str) -> bool:
    """A required column absent from every row is a missing column (JSON Lines: every row
    that parses as an object; lines with raw bad bytes do not)."""
    rows = [r for r in case.rows if not (fmt == "jsonl" and has_bad_bytes(r))]
    return bool(rows) and any(all(c not in r for r in rows) for c in EVENTS_SPEC.required)


def check(case: Case, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"events.{fmt}"
        WRITERS[fmt](case.rows, path)
        qpath = Path(tmp) / "quarantine.jsonl"
        try:
            with QuarantineWriter(qpath, value_chars=CFG.quarantine_value_chars) as q:
                clean, counts = read_valid_table(path, EVENTS_SPEC, CFG, q)
        except InputError as exc:
            assert expects_input_error(case, fmt), f"unexpected InputError: {exc}"
            assert str(exc) == printable(str(exc))  # one line, no control character
            return
        assert not expects_input_error(case, fmt)
        # Split on "\n" only: str.splitlines also breaks on U+0085 and U+2028 inside values.
        quarantined = [json.loads(x) for x in qpath.read_text(encoding="utf-8").split("\n") if x]

    bad_rows = sorted(q["row"] for q in quarantined)
    expected_bad = [i + 1 for i, m in enumerate(case.malformed) if m]
    assert bad_rows == expected_bad, repr([case.rows[i - 1] for i in
                                           set(bad_rows) ^ set(expected_bad)])
    assert all(q["reason"] and ": " in q["reason"] for q in quarantined)
    # reasons quote values: never a raw control character (they may be printed on a terminal)
    assert all(q["reason"] == printable(q["reason"]) for q in quarantined)

    expected_ids: list[str] = []
    duplicates = 0
    for row, malformed in zip(case.rows, case.malformed, strict=True):
        if malformed:
            continue
        if row["request_id"] in expected_ids:
            duplicates += 1
        else:
            expected_ids.append(row["request_id"])
    assert clean["request_id"].to_list() == expected_ids
    assert counts.read == len(case.rows)
    assert counts.quarantined == sum(case.malformed)
    assert counts.deduplicated == duplicates
    assert counts.used == len(expected_ids)
    assert counts.read == counts.used + counts.quarantined + counts.deduplicated


# The default keeps the suite fast; DG_PROPERTY_EXAMPLES=1000 gives a thorough run.
EXAMPLES = int(os.environ.get("DG_PROPERTY_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@SETTINGS
@given(data=st.data())
def test_flat_formats_quarantine_every_malformed_row(fmt: str, data: st.DataObject) -> None:
    check(data.draw(cases(nested_ok=False)), fmt)


@SETTINGS
@given(case=cases(nested_ok=True))
def test_jsonl_quarantines_every_malformed_row(case: Case) -> None:
    check(case, "jsonl")


@settings(max_examples=max(1, EXAMPLES // 2), deadline=None)
@given(case=cases(nested_ok=False))
def test_same_rows_same_outcome_in_every_format(case: Case) -> None:
    """The format is an encoding detail: the used rows are the same for CSV, JSONL, Parquet."""
    outcomes = []
    for fmt, writer in WRITERS.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"events.{fmt}"
            writer(case.rows, path)
            try:
                with QuarantineWriter(Path(tmp) / "q.jsonl") as q:
                    clean, counts = read_valid_table(path, EVENTS_SPEC, CFG, q)
            except InputError:
                outcomes.append(None)
                continue
            outcomes.append((clean.to_dicts(), counts))
    # a file that is unusable in one format is unusable in every format (e.g. a required column
    # missing from every row), and otherwise the rows and counts are the same
    assert outcomes.count(None) in (0, len(outcomes)), [o is None for o in outcomes]
    assert all(o == outcomes[0] for o in outcomes[1:])
