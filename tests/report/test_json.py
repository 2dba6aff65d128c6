"""The fast JSON writer writes exactly what json.dumps(result.to_dict(), indent=2) writes, with
every NaN and infinity as null (RFC 8259 has neither: a report holding one is not JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mtaudit
from mtaudit import result as json_report
from mtaudit.findings import FINDING_KEYS, Finding
from mtaudit.report import render, write_report, write_reports
from mtaudit.result import AuditResult, findings_table, finite, is_missing, json_default, load_report, records


def _reference(result: AuditResult) -> str:
    return (
        json.dumps(finite(result.to_dict()), ensure_ascii=False, indent=2, allow_nan=False, default=json_default) + "\n"
    )


def test_same_text_as_json_dumps_on_an_audit(tmp_path: Path, glossary_file: Path) -> None:
    corpus = pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": ["1", "2", "3"],
            "source": ["拜登会见了耶伦。", "习近平发表讲话。", "𠀀池瑶公主到达。"],
            "target": [
                "Bayeng met Janet Yellen.",
                'Xi Jinping gave a "speech"\twith a tab.',
                "The princess arrived\nlate.",
            ],
        }
    )
    result = mtaudit.audit(corpus, glossaries=[glossary_file])
    assert len(result.findings) > 0
    assert render(result, "json") == _reference(result)
    assert load_report_text(tmp_path, render(result, "json")).summary == result.summary


def load_report_text(tmp_path: Path, text: str) -> AuditResult:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    return load_report(path)


def test_same_text_for_unusual_values() -> None:
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "seg_id": ["1", "2"],
            "source": ["中文\u0001", "𠀀"],
            "target": ["a\\b", "é\u2028"],
            "target_line": [3, 4],
            "score": [0.1, float("nan")],
            "ratio": [float("inf"), 1e-7],
            "flag": pd.Series([True, None], dtype=object),
            "span": [[1, 2], {"k": [None]}],
            "count": pd.Series([np.int64(7), pd.NA], dtype=object),
            "empty": [{}, []],
        }
    )
    findings = pd.DataFrame(columns=["doc_id", "kind"]).astype(object)
    result = AuditResult(
        segments,
        findings,
        {
            "segments": 2,
            "nested": {"a": [1, {"b": None}]},
            "gate": {"passed": True},
            "metrics": {"ter": float("-inf"), "scores": [float("nan"), 1.5]},
        },
    )
    text = render(result, "json")
    assert text == _reference(result)
    report = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in a JSON report"))
    assert report["segments"][0]["ratio"] is None and report["summary"]["metrics"] == {
        "ter": None,
        "scores": [None, 1.5],
    }


def test_flat_lists_are_written_as_json_dumps_writes_them() -> None:
    """Lists of strings, integers, booleans and None (spans, evidence) take a path of their own."""
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d"],
            "seg_id": ["1", "2", "3"],
            "evidence": [['a "quoted"\n line', "é\u2028𠀀"], [], [True, False, None, 0, -12]],
            "span": [[0, 6], [1], [2**70, 3]],
        }
    ).astype(object)
    findings = findings_table(
        [Finding("d", "1", "misrendered", "m", "error", target_span=[3, 9], extra={"evidence": ["x", "y\tz"]})]
    )
    result = AuditResult(
        segments, findings, {"segments": 3, "notices": ["one", "two"], "empty": [], "mixed": [1.5, "a"]}
    )
    assert render(result, "json") == _reference(result)


def _big_result(rows: int) -> AuditResult:
    segments = pd.DataFrame(
        {
            "doc_id": [f"d{i // 100}" for i in range(rows)],
            "seg_id": [str(i) for i in range(rows)],
            "source": [f"拜登会见了耶伦，第{i}次。" for i in range(rows)],
            "target": [f'Bayeng met "Yellen" for the {i}th time.' for i in range(rows)],
            "reference": None,
            "mt": None,
            "field": None,
            "target_file": "c.tsv",
            "target_line": list(range(2, rows + 2)),
            "target_column": [None] + [30] * (rows - 1),
        }
    ).astype(object)
    findings = findings_table(
        Finding(
            f"d{i // 100}",
            str(i),
            "forbidden",
            f"'Bayeng' is wrong ({i})",
            "error",
            entry_id="biden",
            source_term="拜登",
            expected="Biden",
            found="Bayeng",
            target_span=[0, 6],
            suggestion="Biden",
        )
        for i in range(0, rows, 3)
    )
    return AuditResult(segments, findings, {"segments": rows, "gate": {"passed": False}})


def test_report_file_is_written_in_chunks_with_the_same_text(tmp_path: Path, monkeypatch) -> None:
    result = _big_result(25)
    monkeypatch.setattr(json_report, "CHUNK_ROWS", 4)
    assert len(list(json_report.report_chunks(result))) > 10
    write_report(result, "json", tmp_path / "r.json")
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == _reference(result) == render(result, "json")


def test_write_atomic_writes_chunks_and_leaves_nothing_when_they_fail(tmp_path: Path) -> None:
    from mtaudit.files import write_atomic

    path = tmp_path / "r.txt"
    write_atomic(path, iter(["拜登 ", "𠀀\n", "end"]))
    assert path.read_text(encoding="utf-8") == "拜登 𠀀\nend"

    def failing():
        yield "half of a report"
        raise RuntimeError("encoder bug")

    with pytest.raises(RuntimeError):
        write_atomic(path, failing())
    assert path.read_text(encoding="utf-8") == "拜登 𠀀\nend"  # the old file stays whole
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_a_stream_failing_midway_in_a_report_dir_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def failing_column(values):
        calls.append(1)
        if len(calls) > 3:
            raise RuntimeError("encoder bug")
        return original(values)

    original = json_report._column
    monkeypatch.setattr(json_report, "_column", failing_column)
    monkeypatch.setattr(json_report, "CHUNK_ROWS", 2)
    with pytest.raises(RuntimeError):
        write_reports(_big_result(10), ["csv", "json"], tmp_path / "out")
    assert list(tmp_path.iterdir()) == []  # not even the directory made for them


def test_writing_the_report_never_holds_its_text(tmp_path: Path, monkeypatch) -> None:
    """Peak Python memory while writing is a fraction of the file (the tables exist already)."""
    import tracemalloc

    monkeypatch.setattr(json_report, "CHUNK_ROWS", 500)
    result = _big_result(20_000)
    tracemalloc.start()
    write_report(result, "json", tmp_path / "r.json")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = (tmp_path / "r.json").stat().st_size
    assert size > 8_000_000 and peak < size / 4, (peak, size)


def test_finding_record_is_the_dataclass_fields_in_contract_order() -> None:
    from dataclasses import asdict

    span = [3, 9]
    finding = Finding(
        "d",
        "1",
        "misrendered",
        "m",
        "error",
        entry_id="e",
        source_term="拜登",
        expected="Biden",
        found="Bayeng",
        target_span=span,
        suggestion="Biden",
        extra={"candidates": [["a", 1]], "evidence": ["seen", 2, None], "closeness": 0.5},
    )
    data = asdict(finding)
    expected = {key: data[key] for key in FINDING_KEYS} | data["extra"]
    record = finding.to_dict()
    assert list(record.items()) == list(expected.items())
    assert record["target_span"] is not span and record["candidates"] is not finding.extra["candidates"]
    assert record["candidates"][0] is not finding.extra["candidates"][0]
    assert record["evidence"] == ["seen", 2, None] and record["evidence"] is not finding.extra["evidence"]
    assert list(Finding("d", "2", "missing", "m", "error").to_dict()) == list(FINDING_KEYS)


def test_records_are_to_dict_records_with_none_for_missing() -> None:
    frame = pd.DataFrame(
        {
            "s": ["x", None],
            "f": [1.5, float("nan")],
            "o": pd.Series([np.int64(3), pd.NA], dtype=object),
            "nested": [[1], {"k": None}],
            "i": pd.Series([1, None], dtype="Int64"),
            "b": [True, False],
            "t": pd.to_datetime(["2024-01-01", None]),
            "str": pd.Series(["s", None], dtype="str"),
        }
    )
    expected = [{k: (None if is_missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]
    rows = records(frame)
    assert rows == expected
    assert [type(v) for row in rows for v in row.values()] == [type(v) for row in expected for v in row.values()]
