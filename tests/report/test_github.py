"""GitHub Actions annotations: format, escaping, and emission only when GITHUB_ACTIONS is set."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from mtaudit.report import render
from mtaudit.report.outputs import emit
from tests.reportcase import sample_result


def test_one_annotation_per_new_finding_with_position(tmp_path: Path) -> None:
    lines = render(sample_result(tmp_path), "github").splitlines()
    assert lines[0] == ("::error file=site/en/a.md,line=3,col=5,endLine=3,endColumn=11,title=mtaudit forbidden::"
                        "'Bayeng' is a known wrong rendering of 拜登: use 'Biden'")
    assert any(line.startswith("::warning file=site/en/b.md,line=5,") for line in lines)
    assert lines[-1].startswith("::error title=mtaudit gate%3A max_errors::")


def test_properties_and_data_are_escaped(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.segments.loc[0, "target_file"] = "dir,with:odd%name.md"
    result.findings.loc[0, "message"] = "two\nlines 100%"
    first = render(result, "github").splitlines()[0]
    assert first.startswith("::error file=dir%2Cwith%3Aodd%25name.md,")
    assert first.endswith("::two%0Alines 100%25")


def test_annotations_only_in_github_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = sample_result(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    emit(result, ["json"], tmp_path / "r.json", None, out, err)
    assert out.getvalue() == "" and err.getvalue() == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    emit(result, ["json"], tmp_path / "r.json", None, out, err)
    assert out.getvalue().startswith("::error file=") and err.getvalue() == ""
    out = io.StringIO()
    emit(result, ["json"], None, None, out, err)  # report on stdout: annotations move to stderr
    assert out.getvalue().startswith("{") and err.getvalue().startswith("::error file=")


def test_annotations_are_capped_with_a_notice(tmp_path: Path) -> None:
    import pandas as pd

    from mtaudit.report.github import MAX_ANNOTATIONS

    result = sample_result(tmp_path)
    row = result.findings.iloc[0].to_dict()
    result.findings = pd.DataFrame([row] * (MAX_ANNOTATIONS + 7), dtype=object)
    lines = render(result, "github").splitlines()
    assert sum(line.startswith("::error file=") for line in lines) == MAX_ANNOTATIONS
    assert "::notice title=mtaudit::7 more new findings are in the report" in lines
