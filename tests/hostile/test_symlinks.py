"""Links inside an input directory are not followed out of the tree, nor to devices or FIFOs.

In CI a pull request controls the tree: ``en/a.md -> /etc/passwd`` must not put that file into a
report that becomes a PR comment or an artifact. Either outcome is accepted: the run refuses the
link (exit 2, one line naming it) or skips it with a notice naming it and audits the rest. In
both, the target's content appears nowhere in the output. The link targets here are our own
files and device nodes made in the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import assert_fast_and_small, assert_one_line_error, make_char_device

CANARY = "CANARY-7f3a-outside-the-tree"
SECRET = f"Bayeng {CANARY} said the password is {CANARY}.\n"


@pytest.fixture
def sides(work: Work) -> Work:
    """zh/ and en/ with one good pair, and a secret file outside both."""
    for side, text in (("zh", "拜登昨天说。\n"), ("en", "Bayeng said yesterday.\n")):
        (work.dir / side).mkdir()
        (work.dir / side / "a.md").write_text(text, encoding="utf-8")
    (work.dir / "zh" / "leak.md").write_text("拜登说了密码。\n", encoding="utf-8")
    (work.dir.parent / "outside").mkdir()
    (work.dir.parent / "outside" / "secret.md").write_text(SECRET, encoding="utf-8")
    return work


def _link_refused_or_skipped(run, link_name: str) -> None:
    """Refused naming the link, or audited without it and a notice naming it; never its content."""
    assert CANARY not in run.stdout.decode("utf-8", "replace") and CANARY not in run.stderr, run.describe()
    if run.returncode == 2:
        assert_one_line_error(run, link_name)
        assert_fast_and_small(run)
    else:
        assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.describe()
        assert link_name in run.stderr, f"no notice naming the skipped link\n{run.describe()}"


def test_link_out_of_the_tree_in_a_target_only_directory(sides: Work) -> None:
    (sides.dir / "en" / "leak.md").symlink_to(sides.dir.parent / "outside" / "secret.md")
    _link_refused_or_skipped(sides.audit("en"), "leak.md")


def test_link_out_of_the_tree_in_a_directory_pair(sides: Work) -> None:
    (sides.dir / "en" / "leak.md").symlink_to(sides.dir.parent / "outside" / "secret.md")
    _link_refused_or_skipped(sides.audit("zh", "en"), "leak.md")


def test_relative_link_climbing_out_of_the_tree(sides: Work) -> None:
    (sides.dir / "en" / "leak.md").symlink_to(Path("..", "..", "outside", "secret.md"))
    _link_refused_or_skipped(sides.audit("zh", "en"), "leak.md")


def test_linked_directory_out_of_the_tree(sides: Work) -> None:
    """A directory link is not descended into: files below it are not inputs."""
    (sides.dir / "zh" / "sub").mkdir()
    (sides.dir / "zh" / "sub" / "secret.md").write_text("拜登说了密码。\n", encoding="utf-8")
    (sides.dir / "en" / "sub").symlink_to(sides.dir.parent / "outside", target_is_directory=True)
    (sides.dir / "zh" / "leak.md").unlink()
    run = sides.audit("zh", "en")
    assert CANARY not in run.stdout.decode("utf-8", "replace") and CANARY not in run.stderr, run.describe()
    assert "Traceback" not in run.stderr and run.returncode in (0, 1, 2), run.describe()


def _audit_sides(work: Work, mode: str):
    return work.audit("en") if mode == "target-only" else work.audit("zh", "en")


@pytest.mark.parametrize("mode", ["target-only", "pair"])
def test_link_to_a_zero_device_is_not_read(sides: Work, mode: str) -> None:
    """Following ``en/leak.md -> (char 1,5)`` would read zeros for ever."""
    zero = make_char_device(sides.dir.parent / "outside" / "zero", 1, 5)
    (sides.dir / "en" / "leak.md").symlink_to(zero)
    _link_refused_or_skipped(_audit_sides(sides, mode), "leak.md")


@pytest.mark.parametrize("mode", ["target-only", "pair"])
def test_link_to_a_fifo_is_not_opened(sides: Work, mode: str) -> None:
    """Opening a FIFO without a writer blocks for ever."""
    fifo = sides.dir.parent / "outside" / "pipe"
    os.mkfifo(fifo)
    (sides.dir / "en" / "leak.md").symlink_to(fifo)
    _link_refused_or_skipped(_audit_sides(sides, mode), "leak.md")


def test_fifo_inside_the_tree_is_not_opened(sides: Work) -> None:
    os.mkfifo(sides.dir / "en" / "leak.md")
    _link_refused_or_skipped(sides.audit("zh", "en"), "leak.md")


def test_link_inside_the_tree_to_a_fifo_inside_the_tree_is_not_opened(sides: Work) -> None:
    os.mkfifo(sides.dir / "en" / "pipe")
    (sides.dir / "en" / "leak.md").symlink_to("pipe")
    _link_refused_or_skipped(sides.audit("en"), "leak.md")


def test_linked_directory_out_of_the_tree_in_a_target_only_directory(sides: Work) -> None:
    (sides.dir / "en" / "sub").symlink_to(sides.dir.parent / "outside", target_is_directory=True)
    run = sides.audit("en")
    assert CANARY not in run.stdout.decode("utf-8", "replace") and CANARY not in run.stderr, run.describe()
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.describe()


def test_link_inside_the_tree_to_a_file_inside_it_is_read(sides: Work) -> None:
    """The control case: a link that stays in the tree is an ordinary document."""
    (sides.dir / "en" / "b.md").symlink_to("a.md")
    (sides.dir / "zh" / "b.md").write_text("拜登昨天说。\n", encoding="utf-8")
    (sides.dir / "zh" / "leak.md").unlink()
    run = sides.audit("zh", "en")
    assert run.returncode == 1 and "skipped" not in run.stderr, run.describe()
    assert {f["doc_id"] for f in __import__("json").loads(run.text)["findings"]} == {"a", "b"}


def test_link_out_of_the_tree_added_in_a_pull_request_with_changed_only(sides: Work) -> None:
    """The CI case: ``--changed-only`` audits what a pull request added, here a link out of the tree
    (the only change: nothing is left to audit, or the link is skipped; never read)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=sides.dir, check=True)
    subprocess.run([*git, "add", "-A"], cwd=sides.dir, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=sides.dir, check=True)
    (sides.dir / "en" / "leak.md").symlink_to(sides.dir.parent / "outside" / "secret.md")
    run = sides.audit("en", "--changed-only", "HEAD")
    assert CANARY not in run.stdout.decode("utf-8", "replace") and CANARY not in run.stderr, run.describe()
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr, run.describe()
