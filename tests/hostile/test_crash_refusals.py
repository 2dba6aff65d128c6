"""Refusals that crash today: every OSError, RecursionError and UnicodeError reaching the top is a
defect. Each case here must end with exit 2 and one line naming the file, no traceback, no report,
in under a second and 200 MiB — before the audit runs where the problem is visible up front."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import (
    assert_no_traceback,
    assert_one_line_error,
    assert_refused,
    immutable_directory,
    release_directory,
)

DEPTH = 100_000  # far past Python's recursion limit


# --- baselines --------------------------------------------------------------------------------

BASELINES = {
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    "not-utf8-json": b'{"schema": "mtaudit.report/1", "findings": ["\xff\xfe"]}',
    "findings-not-a-list": b'{"schema": "mtaudit.report/1", "summary": {}, "segments": [], "findings": 5}',
    "findings-not-objects": b'{"schema": "mtaudit.report/1", "summary": {}, "segments": [], "findings": [1, "x"]}',
    "finding-fields-wrong-type": b'{"schema": "mtaudit.report/1", "summary": {}, "segments": [], '
    b'"findings": [{"doc_id": {}, "kind": ["forbidden"], "found": 5, "entry_id": []}]}',
    "no-segments-key": b'{"schema": "mtaudit.report/1", "findings": []}',
    "deeply-nested": b"[" * DEPTH + b"]" * DEPTH,
}


@pytest.mark.parametrize("case", list(BASELINES))
def test_broken_baseline_is_one_line(work: Work, case: str) -> None:
    (work.dir / "base.json").write_bytes(BASELINES[case])
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "--baseline", "base.json", "-o", "r.json"), "base.json")
    tree.assert_unchanged()


def test_baseline_that_is_a_directory(work: Work) -> None:
    (work.dir / "base.json").mkdir()
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "--baseline", "base.json", "-o", "r.json"), "base.json")
    tree.assert_unchanged()


# --- deep nesting in every parsed format ------------------------------------------------------

NESTED = {
    "config-toml-arrays": ("deep.toml", "a = " + "[" * DEPTH + "]" * DEPTH + "\n", "--config"),
    "config-toml-tables": ("deep.toml", "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n", "--config"),
    "glossary-yaml": ("deep.yaml", "entries: " + "[" * DEPTH + "]" * DEPTH + "\n", "-g"),
    "input-jsonl": ("deep.jsonl", '{"source": "x", "target": ' + "[" * DEPTH + "]" * DEPTH + "}\n", None),
}


@pytest.mark.parametrize("case", list(NESTED))
def test_deeply_nested_file_is_one_line(work: Work, case: str) -> None:
    name, text, option = NESTED[case]
    (work.dir / name).write_text(text, encoding="utf-8")
    tree = work.tree()
    args = ["a.tsv", option, name] if option else [name]
    assert_refused(work.audit(*args, "-o", "r.json"), name)
    tree.assert_unchanged()


def test_deeply_nested_front_matter_is_one_line(work: Work) -> None:
    for side, text in (
        ("zh", "---\ntitle: " + "[" * DEPTH + "]" * DEPTH + "\n---\n拜登说。\n"),
        ("en", "---\ntitle: x\n---\nBiden said.\n"),
    ):
        (work.dir / f"{side}.md").write_text(text, encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("zh.md", "en.md", "-o", "r.json"), "zh.md")
    tree.assert_unchanged()


def test_undecodable_config_is_one_line_naming_the_line(work: Work) -> None:
    (work.dir / "mtaudit.toml").write_bytes(b"min_confidence = 0.5\n# \xff\xfe\n")
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "--config", "mtaudit.toml"), "mtaudit.toml:2")
    tree.assert_unchanged()


# --- output paths that cannot be written ------------------------------------------------------


def test_output_that_is_a_directory(work: Work) -> None:
    (work.dir / "out").mkdir()
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "-o", "out"), "out")
    tree.assert_unchanged()


def test_output_under_a_regular_file(work: Work) -> None:
    (work.dir / "file.txt").write_text("mine\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "-o", "file.txt/report.json"), "file.txt")
    tree.assert_unchanged()


def test_output_in_an_unwritable_directory(work: Work) -> None:
    locked = immutable_directory(work.dir / "locked")
    try:
        tree = work.tree()
        assert_refused(work.audit("a.tsv", "-o", "locked/report.json"), "locked")
        tree.assert_unchanged()
    finally:
        release_directory(locked)


def test_report_dir_that_is_a_file(work: Work) -> None:
    (work.dir / "reports").write_text("mine\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "reports"), "reports")
    tree.assert_unchanged()


def test_baseline_command_output_under_a_file(work: Work) -> None:
    (work.dir / "file.txt").write_text("mine\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.cli("baseline", "a.tsv", "-g", "g.yaml", "-o", "file.txt/base.json"), "file.txt")
    tree.assert_unchanged()


# --- content that looks like a path -----------------------------------------------------------


def test_po_whose_text_is_the_name_of_another_file(work: Work) -> None:
    """polib takes a string naming an existing file as that file: ``a.po`` holding ``#secret``
    (a comment, so valid PO) must be read as a PO file with no entries, never as ``./#secret``."""
    (work.dir / "#secret").write_text('msgid "拜登说。"\nmsgstr "Bayeng said LEAKED-PO-CANARY."\n', encoding="utf-8")
    (work.dir / "a.po").write_text("#secret", encoding="utf-8")
    tree = work.tree()
    run = work.audit("a.po")
    assert_no_traceback(run)
    assert "LEAKED-PO-CANARY" not in run.stdout.decode("utf-8", "replace") + run.stderr, run.describe()
    if run.returncode == 2:
        assert_refused(run, "a.po")
    else:
        import json

        assert json.loads(run.text)["summary"]["segments"] == 0, run.describe()
    tree.assert_unchanged()


def test_po_whose_text_is_the_name_of_a_directory(work: Work) -> None:
    (work.dir / "#dir").mkdir()
    (work.dir / "a.po").write_text("#dir", encoding="utf-8")
    run = work.audit("a.po")
    assert_no_traceback(run)
    if run.returncode == 2:
        assert_one_line_error(run, "a.po")
