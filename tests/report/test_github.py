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
    assert lines[0].startswith("::error title=mtaudit gate%3A max_errors::")  # why the job fails, first
    assert lines[1] == (
        "::error file=site/en/a.md,line=3,col=5,endLine=3,endColumn=11,title=mtaudit forbidden::"
        "'Bayeng' is a known wrong rendering of 拜登: use 'Biden'"
    )
    assert lines[-1].startswith("::warning file=site/en/b.md,line=5,")  # errors, then warnings


def test_properties_and_data_are_escaped(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.segments.loc[0, "target_file"] = "dir,with:odd%name.md"
    result.findings.loc[0, "message"] = "two\nlines 100%"
    first = render(result, "github").splitlines()[1]
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
    assert out.getvalue().startswith("::error title=mtaudit gate") and err.getvalue() == ""
    out = io.StringIO()
    emit(result, ["json"], None, None, out, err)  # report on stdout: annotations move to stderr
    assert out.getvalue().startswith("{") and err.getvalue().startswith("::error title=mtaudit gate")


def many_findings(tmp_path: Path, counts: dict[str, int]):
    """The sample result with ``counts`` new findings of each severity, confidences spread out."""
    import pandas as pd

    result = sample_result(tmp_path)
    row = result.findings.iloc[0].to_dict()
    rows = [
        {**row, "severity": severity, "confidence": round(0.5 + 0.01 * ((i * 7) % 40), 2), "message": f"{severity} {i}"}
        for severity, count in counts.items()
        for i in range(count)
    ]
    result.findings = pd.DataFrame(rows, dtype=object)
    return result


def test_each_level_shows_its_gravest_and_surest_first_and_counts_the_rest(tmp_path: Path) -> None:
    result = many_findings(tmp_path, {"error": 13, "warning": 12, "info": 3})
    lines = render(result, "github").splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    warnings = [line for line in lines if line.startswith("::warning")]
    # GitHub shows 10 of each level per step: the failed rule first, then the surest findings
    assert len(errors) == 10 and errors[0].startswith("::error title=mtaudit gate%3A max_errors::")
    assert len(warnings) == 10
    confidences = {f["message"]: f["confidence"] for f in result.findings.to_dict("records")}

    def shown(level_lines: list[str]) -> list[float]:
        return [confidences[line.rsplit("::", 1)[1]] for line in level_lines if "gate" not in line]

    kept, all_errors = shown(errors), sorted((c for k, c in confidences.items() if k.startswith("error")), reverse=True)
    assert kept == all_errors[:9], "the nine surest errors, surest first"
    assert shown(warnings) == sorted(shown(warnings), reverse=True)
    assert lines[-1] == (
        "::notice title=mtaudit::GitHub shows 10 annotations of each kind per step: "
        "4 more errors and 2 more warnings are listed only in the report."
    )
    assert sum(line.startswith("::notice") for line in lines) == 4  # three info findings and the count


def test_the_last_notice_takes_a_notice_place(tmp_path: Path) -> None:
    lines = render(many_findings(tmp_path, {"info": 12}), "github").splitlines()
    assert sum(line.startswith("::notice file=") for line in lines) == 9
    assert lines[-1].endswith("3 more notices are listed only in the report.")
    lines = render(many_findings(tmp_path, {"info": 10}), "github").splitlines()
    assert sum(line.startswith("::notice") for line in lines) == 10 and "more" not in lines[-1]


def action_steps():
    import importlib.util

    path = Path(__file__).parents[2] / "ci" / "github_action.py"
    spec = importlib.util.spec_from_file_location("github_action", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "counts",
    [
        {"error": 13, "warning": 12, "info": 3},
        {"error": 9},
        {"error": 10},
        {"info": 10, "warning": 11},
        {"info": 10},
        {"warning": 10, "info": 11},
    ],
)
def test_the_job_summary_counts_the_hidden_annotations_as_the_annotations_do(tmp_path: Path, counts) -> None:
    import json

    result = many_findings(tmp_path, counts)
    last = render(result, "github").splitlines()[-1]
    note = action_steps().hidden_annotations_note(json.loads(result.to_json()))
    if "more" not in last:
        assert note == ""
    else:
        assert note.strip() == "> " + last.split("::", 2)[2].replace("the report", "this report")
