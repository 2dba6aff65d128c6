"""Preconditions before work: an output that cannot be written is refused before the audit runs
(so in well under a second), and a refusal never leaves another report behind."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import Work
from tests.hostile.helpers import assert_refused, immutable_directory, release_directory


def test_parquet_without_pyarrow_is_refused_before_the_audit(work: Work, no_pyarrow: Path) -> None:
    tree = work.tree()
    run = work.audit("a.tsv", "-f", "parquet", "-o", "r.parquet", env=work.env(pythonpath_first=[no_pyarrow]))
    assert_refused(run, "pyarrow")
    tree.assert_unchanged()


def test_parquet_without_pyarrow_leaves_no_other_report(work: Work, no_pyarrow: Path) -> None:
    tree = work.tree()
    run = work.audit(
        "a.tsv", "-f", "json,markdown,parquet", "--report-dir", "out", env=work.env(pythonpath_first=[no_pyarrow])
    )
    assert_refused(run, "pyarrow")
    tree.assert_unchanged()  # no out/report.json, no out/report.md, not even out/


def test_learn_into_a_directory_is_refused_before_the_audit(work: Work) -> None:
    (work.dir / "learned").mkdir()
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "--learn", "learned", "-o", "r.json"), "learned")
    tree.assert_unchanged()  # r.json not written


def test_learn_under_a_file_is_refused_before_the_audit(work: Work) -> None:
    (work.dir / "file.txt").write_text("mine\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "--learn", "file.txt/g.yaml", "-o", "r.json"), "file.txt")
    tree.assert_unchanged()


def test_report_dir_under_a_file_is_refused_before_the_audit(work: Work) -> None:
    (work.dir / "file.txt").write_text("mine\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "file.txt/reports"), "file.txt")
    tree.assert_unchanged()


def test_unwritable_report_dir_is_refused_before_the_audit(work: Work) -> None:
    locked = immutable_directory(work.dir / "reports")
    try:
        tree = work.tree()
        assert_refused(work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "reports"), "reports")
        tree.assert_unchanged()
    finally:
        release_directory(locked)


def test_unwritable_output_leaves_no_report_dir_behind(work: Work) -> None:
    """Two destinations, one impossible: neither is written."""
    locked = immutable_directory(work.dir / "locked")
    try:
        tree = work.tree()
        assert_refused(work.audit("a.tsv", "-f", "json", "--report-dir", "out", "-o", "locked/r.json"), "locked")
        tree.assert_unchanged()
    finally:
        release_directory(locked)
