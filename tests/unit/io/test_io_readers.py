"""Readers: path resolution, one-line InputErrors, parser-level rejects and row numbers per format.

Consumes small files written under tmp_path; checks RawBatch frames and read_valid_table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.config import IOConfig
from distillguard.errors import InputError
from distillguard.io.quarantine import QuarantineWriter
from distillguard.io.readers import ROW_COL, iter_raw_batches, resolve_table
from distillguard.io.readers import csv as csv_reader
from distillguard.io.schema import EVENTS_SPEC
from distillguard.io.validate import Counts, iter_valid_batches, read_valid_table
from tests.unit.io.io_helpers import Writer, event, small_batches, write_rows


def read(path: Path, cfg: IOConfig | None = None) -> tuple[pl.DataFrame, Counts, list[dict]]:
    """Clean events, counts and quarantine lines of one table."""
    qpath = path.parent / "q.jsonl"
    with QuarantineWriter(qpath) as q:
        clean, counts = read_valid_table(path, EVENTS_SPEC, cfg or IOConfig(), q)
    lines = [json.loads(x) for x in qpath.read_text().split("\n") if x]
    return clean, counts, lines


def one_line_error(exc: pytest.ExceptionInfo[InputError]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


# --------------------------------------------------------------------------- resolving


def test_nonexistent_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        resolve_table(tmp_path / "nope.parquet", "events")
    assert "nope.parquet: no such file or directory" in one_line_error(exc)


def test_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "events.xlsx").write_bytes(b"x")
    with pytest.raises(InputError) as exc:
        resolve_table(tmp_path / "events.xlsx", "events")
    assert "unknown format" in one_line_error(exc) and "'.xlsx'" in str(exc.value)


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / ".hidden.csv").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError) as exc:
        resolve_table(tmp_path, "events")
    assert "no Parquet, JSON Lines or CSV file" in one_line_error(exc)


def test_directory_files_sorted_hidden_and_unknown_skipped(tmp_path: Path) -> None:
    for name in ["b.csv", "a.jsonl", "c.parquet", ".x.csv", "_SUCCESS", "readme.md"]:
        (tmp_path / name).write_text("")
    source = resolve_table(tmp_path, "events")
    assert [f.name for f in source.files] == ["a.jsonl", "b.csv", "c.parquet"]
    assert source.skipped == ("readme.md",)
    assert source.formats == ("csv", "jsonl", "parquet")


# --------------------------------------------------------------------------- column checks


@pytest.mark.parametrize("name", ["events.csv", "events.jsonl", "events.parquet"])
def test_missing_required_column(write: Writer, name: str) -> None:
    rows = [{k: v for k, v in event(i).items() if k != "ts"} for i in range(3)]
    path = write(rows, name)
    with pytest.raises(InputError) as exc:
        read(path)
    text = one_line_error(exc)
    assert text.startswith(f"{path}: required column 'ts' is missing (contract v1")
    assert "got columns: request_id" in text


def test_missing_column_in_second_file_of_directory(tmp_path: Path) -> None:
    write_rows([event(1)], tmp_path / "a.csv")
    write_rows([{"request_id": "x"}], tmp_path / "b.csv")
    with pytest.raises(InputError, match=r"b\.csv: required column 'ts'"):
        read(tmp_path)


def test_corrupt_parquet(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_bytes(b"PAR1 definitely not parquet" * 10)
    with pytest.raises(InputError) as exc:
        read(path)
    assert "not a readable Parquet file" in one_line_error(exc)


def test_parquet_column_of_wrong_kind(tmp_path: Path) -> None:
    table = pa.Table.from_pylist([event(1)]).set_column(
        1, "ts", pa.array([[1, 2]], pa.list_(pa.int64())))
    pq.write_table(table, tmp_path / "events.parquet")
    with pytest.raises(InputError) as exc:
        read(tmp_path / "events.parquet")
    text = one_line_error(exc)
    assert "column 'ts' has Parquet type list<" in text
    assert "expected timestamp or ISO-8601 string" in text


def test_empty_csv(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty CSV file"):
        read(tmp_path / "events.csv")


def test_header_only_csv_has_no_rows(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(",".join(event(0)) + "\n")
    clean, counts, _ = read(tmp_path / "events.csv")
    assert clean.height == 0 and counts == Counts()


def test_json_array_document_is_a_format_error(tmp_path: Path) -> None:
    (tmp_path / "events.json").write_text(json.dumps([event(1), event(2)], indent=1))
    with pytest.raises(InputError, match="expected JSON Lines"):
        read(tmp_path / "events.json")


# --------------------------------------------------------------------------- CSV


def test_csv_ragged_rows_quoted_newlines_and_row_numbers(tmp_path: Path) -> None:
    header = ",".join(event(0))
    good = [",".join(event(i).values()) for i in range(1, 4)]
    multiline = ",".join(event(4, prompt='"two\nlines, with comma"').values())
    text = "\n".join([header, good[0], "too,few", multiline, "", good[1],
                      good[2] + ",extra"]) + "\n"
    path = tmp_path / "events.csv"
    path.write_text(text)
    clean, counts, lines = read(path)
    assert clean["request_id"].to_list() == ["r1", "r4", "r2"]
    assert clean["prompt"][1] == "two\nlines, with comma"
    assert counts == Counts(read=5, used=3, quarantined=2)
    assert [(q["row"], q["reason"]) for q in lines] == [
        (2, "ragged_row: expected 8 fields, got 2"),
        (5, "ragged_row: expected 8 fields, got 9"),
    ]
    assert lines[0]["record"] == {"line": "too,few"}


def test_csv_row_numbers_across_batches(tmp_path: Path) -> None:
    rows = [event(i, ts="bad" if i % 4 == 0 else event(i)["ts"]) for i in range(1, 11)]
    path = write_rows(rows, tmp_path / "events.csv")
    batches = list(iter_raw_batches(resolve_table(path, "events"), EVENTS_SPEC,
                                    small_batches()))
    assert all(b.frame.height <= 2 for b in batches)
    assert pl.concat([b.frame[ROW_COL] for b in batches]).to_list() == list(range(1, 11))
    _, counts, lines = read(path, small_batches())
    assert [q["row"] for q in lines] == [4, 8]
    assert counts == Counts(read=10, used=8, quarantined=2)


def test_csv_invalid_utf8_quarantines_only_that_row(tmp_path: Path) -> None:
    path = write_rows([event(1), event(2), event(3)], tmp_path / "events.csv")
    path.write_bytes(path.read_bytes().replace(b"prompt number 2", b"prompt \xff\xfe 2"))
    clean, counts, lines = read(path)
    assert clean["request_id"].to_list() == ["r1", "r3"]
    assert lines[0]["reason"] == "invalid_utf8: prompt is not valid UTF-8"
    assert lines[0]["record"]["prompt"] == "prompt \\xff\\xfe 2"
    assert counts.quarantined == 1


def test_csv_ragged_row_with_invalid_utf8_falls_back_to_python(tmp_path: Path) -> None:
    header = ",".join(event(0)).encode()
    rows = [",".join(event(i).values()).encode() for i in range(1, 4)]
    body = [header, rows[0], b"r9,\xff broken", b"", rows[1], b'"quoted\nnewline",x', rows[2]]
    (tmp_path / "events.csv").write_bytes(b"\n".join(body) + b"\n")
    clean, counts, lines = read(tmp_path / "events.csv")
    assert clean["request_id"].to_list() == ["r1", "r2", "r3"]
    assert counts == Counts(read=5, used=3, quarantined=2)
    assert [(q["row"], q["reason"]) for q in lines] == [
        (2, "ragged_row: expected 8 fields, got 2"), (4, "ragged_row: expected 8 fields, got 2")]
    assert lines[0]["record"]["line"] == "r9,\\xff broken"


def test_csv_fallback_resumes_after_delivered_blocks(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "_CSV_MIN_BLOCK", 4_096)  # many small pyarrow blocks
    rows = [",".join(event(i).values()).encode() for i in range(1, 301)]
    rows[250] = b"r251,\xff ragged"
    rows[260] = rows[260].replace(b"prompt number", b"prompt \xfe number")
    (tmp_path / "events.csv").write_bytes(b"\n".join([",".join(event(0)).encode(), *rows]))
    clean, counts, lines = read(tmp_path / "events.csv")
    assert counts == Counts(read=300, used=298, quarantined=2)
    assert sorted((q["row"], q["reason"].split(":")[0]) for q in lines) == [
        (251, "ragged_row"), (261, "invalid_utf8")]
    assert clean["request_id"].to_list() == [f"r{i}" for i in range(1, 301) if i not in (251, 261)]


def test_csv_bom_and_crlf(tmp_path: Path) -> None:
    header = ",".join(event(0))
    body = "\r\n".join([header] + [",".join(event(i).values()) for i in range(1, 3)]) + "\r\n"
    (tmp_path / "events.csv").write_bytes(b"\xef\xbb\xbf" + body.encode())
    clean, _, _ = read(tmp_path / "events.csv")
    assert clean["request_id"].to_list() == ["r1", "r2"]
    assert clean["output_tokens"].to_list() == [21, 22]


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_bad_lines_blank_lines_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps(event(1)),
        "",
        "{not json",
        "   ",
        json.dumps([1, 2]),
        json.dumps(event(2)),
    ]
    raw = ("\n".join(lines) + "\n").encode() + json.dumps(event(3)).encode().replace(
        b"prompt number 3", b"prompt \xff") + b"\n" + json.dumps(event(4)).encode()
    (tmp_path / "events.jsonl").write_bytes(raw)  # no newline after the last line
    clean, counts, quarantined = read(tmp_path / "events.jsonl")
    assert clean["request_id"].to_list() == ["r1", "r2", "r4"]
    assert counts == Counts(read=6, used=3, quarantined=3)
    assert [(q["row"], q["reason"].split(":")[0]) for q in quarantined] == [
        (3, "invalid_json"), (5, "not_object"), (7, "invalid_utf8")]
    assert quarantined[2]["record"]["line"].count("\\xff") == 1


def test_jsonl_nested_values_and_typed_scalars(tmp_path: Path) -> None:
    rows = [
        event(1, input_tokens=12, output_tokens=3.0, has_image=True, temperature=1),
        event(2, prompt={"role": "user", "content": "hi"}),
        event(3, account_id=["a", "b"]),
        event(4, prompt='{"looks": "like json"} but is a string'),
        event(5, input_tokens={"n": 1}),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    clean, counts, lines = read(path)
    assert clean["request_id"].to_list() == ["r1", "r4"]
    assert clean.row(0, named=True)["output_tokens"] == 3
    assert [q["reason"] for q in lines] == [
        "wrong_type: prompt is a JSON object, expected a string",
        "wrong_type: account_id is a JSON array, expected a string",
        "not_integer: input_tokens '{\"n\": 1}' is not an integer",
    ]
    assert counts.quarantined == 3


def test_jsonl_unpaired_surrogate_is_invalid_utf8(tmp_path: Path) -> None:
    good = json.dumps(event(1, prompt="emoji 😀"))  # ensure_ascii: a valid surrogate pair
    bad = json.dumps(event(2)).replace("prompt number 2", "broken \\ud800 escape")
    (tmp_path / "events.jsonl").write_text(good + "\n" + bad + "\n")
    clean, _, lines = read(tmp_path / "events.jsonl")
    assert clean["prompt"].to_list() == ["emoji 😀"]
    assert lines[0]["reason"].startswith("invalid_utf8: prompt")
    assert lines[0]["record"]["prompt"] == "broken \\ud800 escape"


def test_jsonl_optional_key_appearing_late_is_read(tmp_path: Path) -> None:
    rows = [event(i) for i in range(1_200)] + [event(1_200, system_prompt="be brief")]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    clean, _, _ = read(path)
    assert clean["system_prompt"].to_list()[-1] == "be brief"


def test_jsonl_missing_key_in_some_rows_is_a_missing_value(tmp_path: Path) -> None:
    rows = [event(1), {k: v for k, v in event(2).items() if k != "ip"}]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    _, _, lines = read(path)
    assert lines[0]["row"] == 2
    assert lines[0]["reason"] == "missing_value: required column 'ip' is null or empty"


def test_jsonl_bad_line_deep_in_a_big_chunk(tmp_path: Path) -> None:
    n = 5_000
    text = [json.dumps(event(i)) for i in range(n)]
    text[3_333] = "{oops"
    (tmp_path / "events.jsonl").write_text("\n".join(text) + "\n")
    clean, counts, lines = read(tmp_path / "events.jsonl")
    assert [q["row"] for q in lines] == [3_334]
    assert counts == Counts(read=n, used=n - 1, quarantined=1)
    assert clean.height == n - 1 and "r3333" not in clean["request_id"].to_list()


def test_jsonl_batches_respect_batch_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(event(i)) + "\n" for i in range(7)))
    batches = list(iter_raw_batches(resolve_table(path, "events"), EVENTS_SPEC,
                                    small_batches()))
    assert [b.frame.height for b in batches] == [2, 2, 2, 1]
    assert pl.concat([b.frame[ROW_COL] for b in batches]).to_list() == list(range(1, 8))


# --------------------------------------------------------------------------- Parquet


def test_parquet_batches_and_ignored_columns(tmp_path: Path) -> None:
    rows = [event(i, extra_col="x") for i in range(5)]
    path = write_rows(rows, tmp_path / "events.parquet")
    batches = list(iter_raw_batches(resolve_table(path, "events"), EVENTS_SPEC,
                                    small_batches()))
    assert [b.frame.height for b in batches] == [2, 2, 1]
    assert batches[0].ignored == ("extra_col",)
    assert "extra_col" not in batches[0].frame.columns
    assert pl.concat([b.frame[ROW_COL] for b in batches]).to_list() == [1, 2, 3, 4, 5]


def test_parquet_timestamps_naive_aware_and_ms(tmp_path: Path) -> None:
    base = pl.DataFrame([event(1), event(2), event(3)]).drop("ts")
    stamps = pl.Series("ts", ["2024-01-01T00:00:00", "2024-01-01T01:00:00",
                              "2024-01-01T02:00:00"]).str.to_datetime()
    variants = {
        "naive": stamps,
        "paris": stamps.dt.replace_time_zone("Europe/Paris"),
        "ms": stamps.cast(pl.Datetime("ms")),
    }
    for name, ts in variants.items():
        path = tmp_path / f"{name}.parquet"
        base.with_columns(ts).write_parquet(path)
        clean, counts, _ = read(path)
        assert counts.used == 3, name
        assert clean["ts"].dtype == pl.Datetime("us", "UTC")
        expected_hour = 23 if name == "paris" else 0  # Paris is UTC+1 in January
        assert clean["ts"].dt.hour().to_list()[0] == expected_hour, name


def test_iter_valid_batches_updates_counts_before_each_yield(tmp_path: Path) -> None:
    path = write_rows([event(i) for i in range(5)], tmp_path / "events.csv")
    counts = Counts()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = iter_valid_batches(path, EVENTS_SPEC, small_batches(), q, counts)
        first = next(batches)
        assert counts.used == first.height == 2
        assert counts.read == 2


def test_contract_column_given_twice_is_an_input_error(tmp_path: Path) -> None:
    row = event(1)
    table = pa.table([pa.array([v]) for v in row.values()] + [pa.array(["1.1.1.1"])],
                     names=[*row, "ip"])
    pq.write_table(table, tmp_path / "events.parquet")
    with pytest.raises(InputError, match="column 'ip' appears more than once"):
        read(tmp_path / "events.parquet")


def test_jsonl_too_deep_for_python_is_quarantined_not_a_crash(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    lines = [json.dumps(event(1)), deep, json.dumps(event(2))]
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n")
    clean, counts, quarantined = read(tmp_path / "events.jsonl")
    assert clean["request_id"].to_list() == ["r1", "r2"]
    assert counts == Counts(read=3, used=2, quarantined=1)
    assert quarantined[0]["row"] == 2 and quarantined[0]["reason"].startswith("invalid_json")


def test_parquet_fixed_offset_zone_and_typed_odd_columns(tmp_path: Path) -> None:
    row = event(1)
    offset = timezone(timedelta(hours=5, minutes=30))
    table = pa.table({
        **{k: pa.array([v]) for k, v in row.items()},
        "request_id": pa.array([row["request_id"]]).dictionary_encode(),
        "ts": pa.array([datetime(2024, 1, 1, 12, tzinfo=offset)], pa.timestamp("ns", "+05:30")),
        "input_tokens": pa.array([Decimal("7.0")], pa.decimal128(5, 1)),
        "output_tokens": pa.array([8], pa.uint16()),
        "n_turns": pa.array([None], pa.null()),
    })
    pq.write_table(table, tmp_path / "events.parquet")
    clean, counts, _ = read(tmp_path / "events.parquet")
    assert counts == Counts(read=1, used=1)
    assert clean.row(0, named=True)["ts"] == datetime(2024, 1, 1, 6, 30, tzinfo=UTC)
    assert clean.select("request_id", "input_tokens", "output_tokens").row(0) == ("r1", 7, 8)
