"""Contract tests for every report format: a golden file each, atomic writes, --report-dir.

Regenerate the golden files after an intended change with ``MTAUDIT_UPDATE_GOLDEN=1 pytest tests/report/test_formats.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from mtaudit.errors import ConfigError
from mtaudit.report import WRITERS, render, write_report, write_reports
from mtaudit.report.locations import repository_root
from mtaudit.report.outputs import parse_formats
from tests.reportcase import sample_result

GOLDEN = Path(__file__).parents[1] / "golden"
BINARY = {"parquet"}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    return sample_result(tmp_path_factory.mktemp("report"))


def test_every_format_has_a_registry_entry_with_a_distinct_extension() -> None:
    extensions = [spec.extension for spec in WRITERS.values()]
    assert len(set(extensions)) == len(extensions)
    assert {"json", "markdown", "junit", "sarif", "html", "csv", "parquet", "github"} <= set(WRITERS)


@pytest.mark.parametrize("fmt", sorted(set(WRITERS) - BINARY - {"html"}))
def test_text_format_matches_its_golden_file(result, fmt: str) -> None:
    text = render(result, fmt)
    if fmt == "sarif":  # the repository root is where this checkout is
        text = text.replace(repository_root([]).as_uri().rstrip("/") + "/", "file:///REPOSITORY/")
    golden = GOLDEN / f"sample{WRITERS[fmt].extension}"
    if os.environ.get("MTAUDIT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_text(encoding="utf-8"), f"{fmt} output changed; see {golden}"


def test_json_report_keeps_the_contract_keys_in_order(result) -> None:
    data = json.loads(render(result, "json"))
    assert list(data) == ["schema", "version", "summary", "segments", "findings"]
    assert data["schema"] == "mtaudit.report/1"
    for key in ("segments", "findings", "metrics", "gate"):
        assert key in data["summary"]
    assert list(data["findings"][0])[:11] == [
        "doc_id",
        "seg_id",
        "kind",
        "severity",
        "entry_id",
        "source_term",
        "expected",
        "found",
        "target_span",
        "suggestion",
        "message",
    ]


def test_load_report_round_trips_the_json_report(result, tmp_path: Path) -> None:
    import mtaudit

    write_report(result, "json", tmp_path / "r.json")
    again = mtaudit.load_report(tmp_path / "r.json")
    assert again.to_json() == result.to_json()
    assert again.segments["target_line"].tolist()[:2] == [3, 5]  # ints stay ints


def test_csv_and_parquet_write_findings_and_segments(result, tmp_path: Path) -> None:
    written = write_reports(result, ["csv", "parquet"], tmp_path)
    assert sorted(p.name for p in written) == [
        "report.csv",
        "report.parquet",
        "report.segments.csv",
        "report.segments.parquet",
    ]
    findings = pd.read_parquet(tmp_path / "report.parquet")

    def found(frame: pd.DataFrame) -> list:
        return [None if pd.isna(v) else v for v in frame["found"]]

    assert found(findings) == found(result.findings)
    assert [None if s is None else list(s) for s in findings["target_span"]] == result.findings["target_span"].tolist()
    segments = pd.read_csv(tmp_path / "report.segments.csv", keep_default_na=False)
    assert segments["target"].tolist() == result.segments["target"].tolist()
    import pyarrow.parquet as pq

    summary = json.loads(pq.read_schema(tmp_path / "report.parquet").metadata[b"mtaudit.summary"])
    assert summary["gate"]["passed"] is False


def test_binary_format_refuses_stdout(result) -> None:
    with pytest.raises(ConfigError, match="binary"):
        render(result, "parquet")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ["json"]),
        (["json,sarif"], ["json", "sarif"]),
        (["html", "JUnit", "html"], ["html", "junit"]),
    ],
)
def test_formats_are_repeatable_or_comma_separated(values: list[str], expected: list[str]) -> None:
    assert parse_formats(values, None, Path("out")) == expected


def test_unknown_format_and_several_formats_without_a_directory_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown --format 'pdf'"):
        parse_formats(["json,pdf"], None, Path("out"))
    with pytest.raises(ConfigError, match="--report-dir"):
        parse_formats(["json,sarif"], Path("r.json"), None)


def test_a_failing_writer_leaves_no_file(result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.report.tabular import CsvWriter

    def broken(self, frame):  # the second file fails after the first was rendered
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(CsvWriter, "outputs", lambda self, r, p: {p: "a", p.with_suffix(".x"): broken(self, r)})
    with pytest.raises(RuntimeError):
        write_report(result, "csv", tmp_path / "r.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_writes_an_empty_result(fmt: str, tmp_path: Path) -> None:
    """--changed-only with nothing changed still writes every report (CI steps may expect them)."""
    from mtaudit.config import Config
    from mtaudit.pipeline import nothing_to_audit

    result = nothing_to_audit("nothing to audit", Config())
    for path in write_report(result, fmt, tmp_path / f"r{WRITERS[fmt].extension}"):
        assert path.exists()


def test_a_failing_format_in_a_report_dir_writes_nothing(
    result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtaudit.report.sarif import SarifWriter

    def broken(self, r):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(SarifWriter, "render", broken)
    with pytest.raises(RuntimeError):
        write_reports(result, ["json", "csv", "sarif"], tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
