"""Data loss: an output that names an input or a glossary file must be refused before any work,
with exit 2 and one line, and the file left as it was (same inode, bytes and mtime).

"The same file" is decided by device and inode after resolving links, so a symlink, a hard link
or a roundabout relative path to the input is caught as surely as its own name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import assert_refused


def _refused_untouched(work: Work, *args: str, fragment: str | None = None) -> None:
    tree = work.tree()
    run = work.audit(*args)
    assert_refused(run, *([fragment] if fragment else []))
    tree.assert_unchanged()


def test_output_is_the_input(work: Work) -> None:
    _refused_untouched(work, "a.tsv", "-o", "a.tsv", fragment="a.tsv")


def test_output_is_a_symlink_to_the_input(work: Work) -> None:
    (work.dir / "report.json").symlink_to("a.tsv")
    _refused_untouched(work, "a.tsv", "-o", "report.json", fragment="report.json")


def test_output_is_a_hard_link_to_the_input(work: Work) -> None:
    os.link(work.input, work.dir / "report.json")
    _refused_untouched(work, "a.tsv", "-o", "report.json", fragment="report.json")


def test_output_is_the_input_by_a_roundabout_relative_path(work: Work) -> None:
    (work.dir / "sub").mkdir()
    _refused_untouched(work, str(work.input), "-o", "sub/../a.tsv", fragment="a.tsv")


def test_output_is_the_glossary(work: Work) -> None:
    _refused_untouched(work, "a.tsv", "-o", "g.yaml", fragment="g.yaml")


def test_output_is_the_glossary_through_a_symlinked_directory(work: Work) -> None:
    (work.dir / "alias").symlink_to(".", target_is_directory=True)
    _refused_untouched(work, "a.tsv", "-o", "alias/g.yaml", fragment="g.yaml")


def test_output_is_the_baseline(work: Work) -> None:
    """A baseline is read as input; writing the report over it while reading it loses it."""
    first = work.audit("a.tsv", "-o", "base.json")
    assert first.returncode == 1, first.describe()
    _refused_untouched(work, "a.tsv", "--baseline", "base.json", "-o", "base.json", fragment="base.json")


def test_report_dir_holding_the_input_as_a_report_name(work: Work) -> None:
    """``-f csv --report-dir .`` would write ``./report.csv``: here that is the input."""
    work.input.rename(work.dir / "report.csv")
    (work.dir / "report.csv").write_text("id,source,target\n1,拜登说。,Bayeng said.\n", encoding="utf-8")
    _refused_untouched(work, "report.csv", "-f", "csv", "--report-dir", ".", fragment="report.csv")


def test_report_dir_holding_the_glossary_as_a_report_name(work: Work) -> None:
    (work.dir / "report.csv").write_text("source,target,forbidden\n拜登,Biden,Bayeng\n", encoding="utf-8")
    _refused_untouched(work, "a.tsv", "-g", "report.csv", "-f", "csv,json", "--report-dir", ".", fragment="report.csv")


def test_csv_segments_file_beside_the_output_is_the_input(work: Work) -> None:
    """``-f csv -o out.csv`` also writes ``out.segments.csv``; that companion is an output too."""
    (work.dir / "out.segments.csv").write_text("id,source,target\n1,拜登说。,Bayeng said.\n", encoding="utf-8")
    _refused_untouched(work, "out.segments.csv", "-f", "csv", "-o", "out.csv", fragment="out.segments.csv")


def test_learn_into_the_input(work: Work) -> None:
    _refused_untouched(work, "a.tsv", "--learn", "a.tsv", fragment="a.tsv")


def test_output_is_a_document_inside_an_input_directory(work: Work) -> None:
    for side, text in (("zh", "拜登昨天说。\n"), ("en", "Bayeng said yesterday.\n")):
        (work.dir / side).mkdir()
        (work.dir / side / "a.md").write_text(text, encoding="utf-8")
    _refused_untouched(work, "zh", "en", "-o", "en/a.md", fragment="a.md")


@pytest.mark.parametrize("command", ["baseline", "mine"])
def test_other_commands_writing_over_their_input(work: Work, command: str) -> None:
    """``mtaudit baseline`` and ``mtaudit glossary mine`` take --output too; the same rule holds."""
    tree = work.tree()
    args = (
        ["baseline", "a.tsv", "-g", "g.yaml", "-o", "a.tsv"]
        if command == "baseline"
        else ["glossary", "mine", "a.tsv", "-g", "g.yaml", "-o", "a.tsv"]
    )
    assert_refused(work.cli(*args), "a.tsv")
    tree.assert_unchanged()


def test_a_different_file_beside_the_input_is_written(work: Work) -> None:
    """The control case: a real output next to the input is fine and leaves the input alone."""
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "report.json")
    assert run.returncode == 1, run.describe()
    tree.assert_unchanged(allow=["report.json"])
    assert Path(work.dir / "report.json").stat().st_size > 0


def test_output_is_the_configuration_given(work: Work) -> None:
    (work.dir / "mtaudit.toml").write_text("min_confidence = 0.5\n", encoding="utf-8")
    _refused_untouched(work, "a.tsv", "--config", "mtaudit.toml", "-o", "mtaudit.toml", fragment="mtaudit.toml")


def test_output_is_the_configuration_found_in_the_directory(work: Work) -> None:
    """No --config: the mtaudit.toml found from the working directory is read, so it is an input too."""
    (work.dir / "mtaudit.toml").write_text("min_confidence = 0.5\n", encoding="utf-8")
    _refused_untouched(work, "a.tsv", "-o", "mtaudit.toml", fragment="mtaudit.toml")


def test_output_is_the_english_side_of_a_pair(work: Work) -> None:
    (work.dir / "zh.txt").write_text("拜登昨天说。\n", encoding="utf-8")
    (work.dir / "en.txt").write_text("Bayeng said yesterday.\n", encoding="utf-8")
    _refused_untouched(work, "zh.txt", "en.txt", "-o", "en.txt", fragment="en.txt")


def test_output_is_an_mt_from_file(work: Work) -> None:
    (work.dir / "other.tsv").write_text(work.input.read_text(encoding="utf-8"), encoding="utf-8")
    _refused_untouched(work, "a.tsv", "--mt-from", "other.tsv", "-o", "other.tsv", fragment="other.tsv")


def test_report_dir_report_is_a_hard_link_to_the_glossary(work: Work) -> None:
    (work.dir / "out").mkdir()
    os.link(work.glossary, work.dir / "out" / "report.md")
    _refused_untouched(work, "a.tsv", "-f", "json,markdown", "--report-dir", "out", fragment="report.md")


def test_learn_into_the_configuration(work: Work) -> None:
    (work.dir / "mtaudit.toml").write_text("min_confidence = 0.5\n", encoding="utf-8")
    os.link(work.dir / "mtaudit.toml", work.dir / "learned.yaml")
    _refused_untouched(work, "a.tsv", "--learn", "learned.yaml", "-o", "r.json", fragment="learned.yaml")


def test_compare_writing_over_one_of_its_translations(work: Work) -> None:
    tree = work.tree()
    assert_refused(work.cli("compare", "a.tsv", "a.tsv", "-g", "g.yaml", "-o", "a.tsv"), "a.tsv")
    tree.assert_unchanged()


def test_glossary_convert_onto_its_source_through_a_link(work: Work) -> None:
    (work.dir / "g2.yaml").symlink_to("g.yaml")
    tree = work.tree()
    assert_refused(work.cli("glossary", "convert", "g.yaml", "g2.yaml"), "g2.yaml")
    tree.assert_unchanged()


def test_learn_into_a_glossary_it_reads_merges(work: Work) -> None:
    """The control case for --learn: a glossary the audit reads may take the forms learned (they
    are merged into it, as the README's learning loop does); only inputs, the configuration and the
    baseline are refused."""
    (work.dir / "learned.yaml").write_text(
        "entries:\n  - {id: yellen, source: [耶伦], target: Yellen}\n", encoding="utf-8"
    )
    run = work.audit("a.tsv", "-g", "g.yaml", "-g", "learned.yaml", "--learn", "learned.yaml", "-o", "r.json")
    assert run.returncode == 1, run.describe()
    assert "yellen" in (work.dir / "learned.yaml").read_text(encoding="utf-8")
