"""Stopping a run (SIGTERM from a CI timeout, SIGINT from Ctrl-C) stops its workers, removes its
spool directory and exits 143 / 130; a run killed outright (SIGKILL) cannot clean up, so the next
run removes the spool directories of dead runs.

Each test gives the CLI a private TMPDIR and a session of its own: whatever is left in that
directory, or alive in that session, was left by this run.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import AUDIT, Cli, kill_session

ROWS = 40_000  # about 5 s of checks in two worker processes: long enough to be stopped midway


@pytest.fixture(scope="session")
def big_tsv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile-big") / "big.tsv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("doc_id\tsource\ttarget\n")
        for i in range(ROWS):
            handle.write(f"d{i // 500}\t拜登在第{i}次会议上讲话。\tBayeng spoke at meeting {i}.\n")
    return path


def _start_long_audit(work: Work, big: Path) -> Cli:
    """Start an audit in worker processes and return once the workers are up (or after 8 s)."""
    cli = work.start(
        *AUDIT, "-g", work.glossary, str(big), "--engine", "process", "--workers", "2", "-o", "report.json"
    )
    deadline = time.monotonic() + 8
    while len(cli.members()) < 3 and time.monotonic() < deadline and cli.process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)
    assert cli.process.poll() is None, "the audit ended before it could be stopped: make the input bigger"
    return cli


def _left_in(tmpdir: Path) -> list[str]:
    """Directories, and anything named like mtaudit's, left in TMPDIR (jieba's cache file is jieba's)."""
    return sorted(p.name for p in tmpdir.iterdir() if p.is_dir() or p.name.startswith("mtaudit"))


@pytest.mark.parametrize(
    "signum, code, group",
    [
        pytest.param(signal.SIGTERM, 143, False, id="SIGTERM"),
        pytest.param(signal.SIGINT, 130, False, id="SIGINT"),
        # a CI runner's timeout and a terminal's Ctrl-C signal the whole process group: the workers too
        pytest.param(signal.SIGTERM, 143, True, id="SIGTERM-to-the-group"),
        pytest.param(signal.SIGINT, 130, True, id="SIGINT-to-the-group"),
    ],
)
def test_stopped_run_cleans_up_and_exits_conventionally(
    work: Work, private_tmp: Path, big_tsv: Path, signum: int, code: int, group: bool
) -> None:
    cli = _start_long_audit(work, big_tsv)
    if group:
        os.killpg(cli.pid, signum)
    else:
        cli.send(signum)
    run = cli.wait(timeout=15, grace=2.0)
    assert not run.timed_out, run.describe()
    problems = []
    if run.returncode != code:
        problems.append(f"exit {run.returncode}, not {code}")
    if run.leftovers:
        problems.append(f"{len(run.leftovers)} worker process(es) still running")
    if _left_in(private_tmp):
        problems.append(f"left in TMPDIR: {_left_in(private_tmp)}")
    if "Traceback" in run.stderr or len(run.stderr.strip().splitlines()) != 1:
        problems.append("not one line on stderr")
    partial = [p.name for p in work.dir.iterdir() if p.name not in ("a.tsv", "g.yaml")]
    if partial:
        problems.append(f"report files left: {partial}")
    assert not problems, "; ".join(problems) + "\n" + run.describe()


def test_next_run_removes_spool_directories_of_dead_runs(work: Work, private_tmp: Path, big_tsv: Path) -> None:
    cli = _start_long_audit(work, big_tsv)
    cli.send(signal.SIGKILL)
    cli.wait(timeout=5)  # also kills the orphaned workers: the run is dead
    kill_session(cli.pid)
    stale = _left_in(private_tmp)
    assert stale, "the killed run left no spool directory: this test would prove nothing"
    later = work.audit("a.tsv", "-o", "later.json")
    assert later.returncode == 1, later.describe()
    still_there = [name for name in stale if (private_tmp / name).exists()]
    assert not still_there, f"the dead run's {still_there} survived the next run (left by it: {stale})"


def test_next_run_leaves_the_spool_directory_of_a_live_run_alone(work: Work, private_tmp: Path, big_tsv: Path) -> None:
    """Removing stale spool directories must never take one a running audit still uses."""
    cli = _start_long_audit(work, big_tsv)
    try:
        spools = _left_in(private_tmp)
        assert spools, "the running audit has no spool directory in TMPDIR"
        later = work.audit("a.tsv", "-o", "later.json")
        assert later.returncode == 1, later.describe()
        assert all((private_tmp / name).exists() for name in spools), "a live run's spool directory was removed"
        run = cli.wait(timeout=60)
    finally:
        kill_session(cli.pid)
    assert run.returncode == 1, run.describe()
    assert (work.dir / "report.json").stat().st_size > 0
