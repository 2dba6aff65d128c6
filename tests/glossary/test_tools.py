"""glossary lint / convert and audit --learn, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from mtaudit.glossary import load_glossary
from mtaudit.glossary.lint import lint
from mtaudit.glossary.model import Entry, Glossary
from tests.conftest import write_tsv


def _codes(entries: list[Entry]) -> set[str]:
    return {issue.code for issue in lint(Glossary(entries))}


def test_lint_finds_each_problem() -> None:
    biden = Entry("biden", ("拜登",), "Biden", forbidden=("Bayeng",), type="person")
    assert _codes([biden]) == set()
    assert "duplicate-id" in _codes([biden, Entry("biden", ("拜登总统",), "President Biden")])
    assert "conflicting-renderings" in _codes([biden, Entry("b2", ("拜登",), "Baiden")])
    assert "duplicate-source" in _codes([biden, Entry("b2", ("拜登",), "Biden")])
    assert "forbidden-is-accepted" in _codes([biden, Entry("x", ("某某",), "Bayeng")])
    assert "forbidden-common-word" in _codes([Entry("y", ("耶伦",), "Yellen", forbidden=("Young",))])
    assert "shadowed" in _codes([Entry("c", ("池瑶",), "Chi Yao"), Entry("p", ("池瑶公主",), "Princess Chiyao")])
    assert "duplicate-source" in _codes([Entry("y1", ("葉倫",), "Yellen"), Entry("y2", ("叶伦",), "Yellen")])


def test_lint_cli_exit_codes(cli, tmp_path: Path, glossary_file: Path) -> None:
    assert cli("glossary", "lint", glossary_file).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\n拜登,Biden\n拜登,Baiden\n", encoding="utf-8")
    result = cli("glossary", "lint", bad)
    assert result.returncode == 1 and "conflicting-renderings" in result.stdout


def test_convert_cli_yaml_to_tbx_to_csv(cli, tmp_path: Path, glossary_file: Path) -> None:
    tbx, csv = tmp_path / "g.tbx", tmp_path / "g.csv"
    assert cli("glossary", "convert", glossary_file, tbx, "--tbx-version", "2").returncode == 0
    assert cli("glossary", "convert", tbx, csv).returncode == 0
    assert load_glossary(csv).entries == load_glossary(glossary_file).entries
    assert cli("glossary", "convert", tmp_path / "missing.yaml", csv).returncode == 2


def test_learn_makes_the_next_target_only_audit_catch_the_misrendering(
    cli, tmp_path: Path, glossary_file: Path
) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("商务部长雷蒙多宣布。", "Commerce Secretary Leimonto announced.")])
    learned = tmp_path / "learned.yaml"
    result = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--learn", learned)
    assert result.returncode == 1 and learned.exists()
    assert load_glossary(learned).by_id()["raimondo"].forbidden == ("Leimonto",)
    english = tmp_path / "en.tsv"
    english.write_text("source\ttarget\n\tThe Leimonto plan was announced.\n", encoding="utf-8")
    report = json.loads(cli("audit", english, "--no-mt", "-g", glossary_file, "-g", learned).stdout)
    assert [(f["kind"], f["found"], f["expected"]) for f in report["findings"]] == [
        ("forbidden", "Leimonto", "Raimondo")
    ]
