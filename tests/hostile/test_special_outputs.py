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

from tests.hostile.conftest import Work
from tests.hostile.helpers import FifoReader, assert_one_line_error, make_char_device

NULL, FULL = (1, 3), (1, 7)


def _is_the_same_device(path: Path, before: os.stat_result) -> bool:
    after = path.lstat()
    return stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_output_to_a_null_device_keeps_the_device(work: Work) -> None:
    node = make_char_device(work.dir / "null", *NULL)
    before = node.lstat()
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "null")
    assert run.returncode == 1, run.describe()  # the audit ran; the gate fails on Bayeng
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    tree.assert_unchanged()  # no temporary file left beside it either


def test_report_dir_formats_to_a_null_device_named_like_a_report(work: Work) -> None:
    """``--report-dir out`` where ``out/report.json`` is a device: written through, not replaced."""
    (work.dir / "out").mkdir()
    node = make_char_device(work.dir / "out" / "report.json", *NULL)
    before = node.lstat()
    run = work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "out")
    assert run.returncode == 1, run.describe()
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    assert sorted(p.name for p in (work.dir / "out").iterdir()) == ["report.json", "report.md"]


def test_output_to_a_full_device_is_one_line_and_keeps_the_device(work: Work) -> None:
    """ENOSPC while writing the report: exit 2, one line naming the file, no partial file anywhere."""
    node = make_char_device(work.dir / "full", *FULL)
    before = node.lstat()
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "full")
    assert_one_line_error(run, "full")
    assert _is_the_same_device(node, before), f"{node} is no longer the device: {node.lstat()}"
    tree.assert_unchanged()


def test_stdout_on_a_full_device_is_one_line(work: Work) -> None:
    """The report on stdout, and stdout is a full disk: exit 2, one line, no traceback."""
    node = make_char_device(work.dir / "full", *FULL)
    with open(node, "wb") as stdout:
        run = work.audit("a.tsv", stdout=stdout)
    assert_one_line_error(run)


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


def test_csv_to_a_full_device_leaves_no_segments_file_beside_it(work: Work) -> None:
    """``-f csv -o full`` writes ``full.segments`` too (a regular file): when the device refuses
    the findings, that companion is not left behind either."""
    node = make_char_device(work.dir / "full", *FULL)
    tree = work.tree()
    assert_one_line_error(work.audit("a.tsv", "-f", "csv", "-o", "full"), "full")
    assert _is_the_same_device(node, node.lstat())
    tree.assert_unchanged()


def test_report_dir_file_that_is_a_fifo_is_written_through(work: Work) -> None:
    (work.dir / "out").mkdir()
    fifo = work.dir / "out" / "report.md"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    run = work.audit("a.tsv", "-f", "json,markdown", "--report-dir", "out")
    reader.join(timeout=5)
    if reader.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert run.returncode == 1, run.describe()
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert reader.data.decode("utf-8").startswith("<!-- mtaudit-report -->")
    assert json.loads((work.dir / "out" / "report.json").read_text(encoding="utf-8"))["summary"]["segments"] == 2


def test_output_link_to_a_null_device_keeps_link_and_device(work: Work) -> None:
    """``-o sink`` where ``sink -> null``: written through the link; neither is replaced."""
    node = make_char_device(work.dir / "null", *NULL)
    (work.dir / "sink").symlink_to("null")
    tree = work.tree()
    run = work.audit("a.tsv", "-o", "sink")
    assert run.returncode == 1, run.describe()
    tree.assert_unchanged()
    assert _is_the_same_device(node, node.lstat())


def _file_size_limit(tmp_path: Path, limit: int) -> Path:
    """A directory that, first on PYTHONPATH, gives the child a file-size limit (RLIMIT_FSIZE):
    a write past it fails as on a full disk (EFBIG; Python ignores SIGXFSZ), without a real one."""
    shim = tmp_path / "fsize-limit"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        f"import resource\nresource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n", encoding="utf-8"
    )
    return shim


def test_disk_full_while_writing_a_report_file_is_one_line_and_leaves_nothing(work: Work, tmp_path: Path) -> None:
    rows = "".join(f"{i}\t拜登第{i}次讲话。\tBayeng spoke for the {i}th time.\n" for i in range(3, 1500))
    work.input.write_text(work.input.read_text(encoding="utf-8") + rows, encoding="utf-8")
    warm = work.audit("a.tsv", "-o", "warm.json")  # builds the caches the limited run must not write
    assert warm.returncode == 1, warm.describe()
    size = (work.dir / "warm.json").stat().st_size
    (work.dir / "warm.json").unlink()
    (work.dir / "report.json").write_text("the report of yesterday\n", encoding="utf-8")
    tree = work.tree()
    run = work.audit(
        "a.tsv", "-o", "report.json", env=work.env(pythonpath_first=[_file_size_limit(tmp_path, size // 2)])
    )
    assert_one_line_error(run, "report.json")
    tree.assert_unchanged()  # yesterday's report whole, no temporary file beside it


def test_reports_get_the_permissions_the_umask_gives(work: Work) -> None:
    """A report is for others to read: the mode ``open`` would give (0640 under umask 027), not the
    0600 of a temporary file; a report replaced keeps the mode its file had."""
    (work.dir / "kept.json").write_text("{}\n", encoding="utf-8")
    (work.dir / "kept.json").chmod(0o604)
    previous = os.umask(0o027)
    try:
        run = work.audit("a.tsv", "-f", "json,markdown,csv", "--report-dir", "out")
        kept = work.audit("a.tsv", "-o", "kept.json")
    finally:
        os.umask(previous)
    assert run.returncode == 1 and kept.returncode == 1, (run.describe(), kept.describe())
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (work.dir / "out").iterdir()}
    assert modes == dict.fromkeys(["report.json", "report.md", "report.csv", "report.segments.csv"], 0o640), modes
    assert stat.S_IMODE((work.dir / "kept.json").stat().st_mode) == 0o604
