"""--changed-only: a real temporary git repository, files changed since a revision."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from mtaudit.changed import changed_files, filter_segments, select_changed
from mtaudit.errors import ConfigError
from tests.conftest import run_cli, write_tsv

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: zh/a, zh/b, en/a, en/b, one.tsv committed; then a branch edits en/b and adds en/c."""
    git(tmp_path, "init", "-q", "-b", "main")
    for side in ("zh", "en"):
        (tmp_path / side).mkdir()
        for name in ("a", "b"):
            (tmp_path / side / f"{name}.md").write_text(f"{side} {name}\n", encoding="utf-8")
    write_tsv(tmp_path / "one.tsv", [("拜登政府表示。", "The Bayeng administration said.")])
    (tmp_path / ".gitignore").write_text("*.log\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "feature")
    (tmp_path / "en" / "b.md").write_text("en b, edited\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "edit b")
    (tmp_path / "en" / "c.md").write_text("new, untracked\n", encoding="utf-8")
    (tmp_path / "en" / "debug.log").write_text("ignored\n", encoding="utf-8")
    return tmp_path


def test_changed_files_since_a_branch_point(repo: Path) -> None:
    assert changed_files("main", repo) == {(repo / "en" / "b.md").resolve(), (repo / "en" / "c.md").resolve()}
    assert changed_files("HEAD", repo) == {(repo / "en" / "c.md").resolve()}  # only the untracked one


def test_main_moving_on_does_not_count(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "zh" / "a.md").write_text("zh a, changed on main\n", encoding="utf-8")
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert (repo / "zh" / "a.md").resolve() not in changed_files("main", repo)


def test_deleted_files_are_not_audited(repo: Path) -> None:
    git(repo, "rm", "-q", "en/a.md")
    assert (repo / "en" / "a.md").resolve() not in changed_files("main", repo)


def test_select_changed_keeps_changed_files_and_directories_holding_one(repo: Path) -> None:
    changed = changed_files("main", repo)
    paths = [repo / "zh", repo / "en", repo / "one.tsv", repo / "en" / "b.md", repo / "en" / "a.md"]
    assert select_changed(paths, changed) == [repo / "en", repo / "en" / "b.md"]


def test_filter_segments_by_file_columns_or_doc_id(repo: Path) -> None:
    changed = changed_files("main", repo)
    with_files = pd.DataFrame({"doc_id": ["a", "b", "c"], "target_file": [str(repo / "en" / f"{n}.md") for n in "abc"]})
    assert filter_segments(with_files, changed)["doc_id"].tolist() == ["b", "c"]
    by_doc = pd.DataFrame({"doc_id": ["a", "b", "c", "b"], "seg_id": ["1", "1", "1", "2"]})
    assert filter_segments(by_doc, changed, [repo / "zh", repo / "en"])["seg_id"].tolist() == ["1", "1", "2"]


def test_unknown_revision_and_no_repository_are_errors(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with pytest.raises(ConfigError, match="unknown git revision 'nope'"):
        changed_files("nope", repo)
    with pytest.raises(ConfigError, match="not inside a git repository"):
        changed_files("HEAD", tmp_path_factory.mktemp("plain"))


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=repo, env={**os.environ, **GIT_ENV})


def test_unchanged_single_file_reports_nothing_to_audit_and_passes(repo: Path) -> None:
    done = run(repo, "audit", "one.tsv", "--no-mt", "--changed-only", "-o", "r.json")
    assert done.returncode == 0, done.stderr
    assert "no input changed since HEAD; nothing to audit" in done.stderr
    import json

    report = json.loads((repo / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["segments"] == 0 and report["summary"]["gate"]["passed"] is True


def test_changed_single_file_is_audited(repo: Path) -> None:
    write_tsv(
        repo / "one.tsv", [("拜登政府表示。", "The Bayeng administration said."), ("耶伦访华。", "Yurun visited.")]
    )
    done = run(repo, "audit", "--changed-only=main", "one.tsv", "--no-mt", "-f", "text")
    assert done.returncode == 1 and "Bayeng" in done.stdout and "Yurun" in done.stdout
    done = run(repo, "audit", "one.tsv", "--changed-only", "main", "--no-mt", "-f", "text")
    assert done.returncode == 1 and "Yurun" in done.stdout
