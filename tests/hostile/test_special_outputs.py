"""Outputs that are not regular files: written to directly, never replaced by a regular file.

An atomic rename onto ``/dev/null`` as root replaces the machine's device with a file. These
tests never touch the machine's ``/dev``: the device nodes are made with ``mknod`` in a temporary
directory (1,3 is the null device, 1,7 the full device whose writes fail with ENOSPC).
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import FifoReader, assert_one_line_error, make_char_device

NULL, FULL = (1, 3), (1, 7)

NON_REGULAR = pytest.mark.xfail(reason="issue 17: non-regular output replaced by a regular file", strict=True)


def _is_the_same_device(path: Path, before: os.stat_result) -> bool:
    after = path.lstat()
    return stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


@NON_REGULAR
def test_output_to_a_null_device_keeps_the_device(work: Work) -> None:
    node = make_char_device(work.dir / "null", *NULL)
    before = node.lstat()
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "null")
    assert run.returncode == 1, run.describe()  # the audit ran; the gate fails on Bayeng
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    tree.assert_unchanged()  # no temporary file left beside it either


@NON_REGULAR
def test_report_dir_formats_to_a_null_device_named_like_a_report(work: Work) -> None:
    """``--report-dir out`` where ``out/report.json`` is a device: written through, not replaced."""
    (work.dir / "out").mkdir()
    node = make_char_device(work.dir / "out" / "report.json", *NULL)
    before = node.lstat()
    run = work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "out")
    assert run.returncode == 1, run.describe()
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    assert sorted(p.name for p in (work.dir / "out").iterdir()) == ["report.json", "report.md"]


@NON_REGULAR
def test_output_to_a_full_device_is_one_line_and_keeps_the_device(work: Work) -> None:
    """ENOSPC while writing the report: exit 2, one line naming the file, no partial file anywhere."""
    node = make_char_device(work.dir / "full", *FULL)
    before = node.lstat()
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "full")
    assert_one_line_error(run, "full")
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    tree.assert_unchanged()


@NON_REGULAR
def test_stdout_on_a_full_device_is_one_line(work: Work) -> None:
    """The report on stdout, and stdout is a full disk: exit 2, one line, no traceback."""
    node = make_char_device(work.dir / "full", *FULL)
    with open(node, "wb") as stdout:
        run = work.audit("a.tsv", stdout=stdout)
    assert_one_line_error(run)


@NON_REGULAR
def test_output_to_a_fifo_is_written_through(work: Work) -> None:
    fifo = work.dir / "report.fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    run = work.audit("a.tsv", "-o", "report.fifo")
    reader.join(timeout=5)
    if reader.is_alive():  # nobody opened the FIFO for writing: unblock the reader thread
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert run.returncode == 1, run.describe()
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    report = json.loads(reader.data.decode("utf-8"))
    assert report["schema"] == "mtaudit.report/1" and report["summary"]["segments"] == 2
    assert sorted(p.name for p in work.dir.iterdir()) == ["a.tsv", "g.yaml", "report.fifo"]
