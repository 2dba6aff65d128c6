"""mtaudit.files: how outputs are written (atomically, with normal permissions, through devices and
FIFOs, never onto an input), the spool directory's lock, and CSV cells made safe for spreadsheets.
The black-box cases of the same contract are in tests/hostile/."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mtaudit.errors import OutputError
from mtaudit.files import (
    FORMULA_STARTS,
    refuse_overwriting,
    remove_stale_spools,
    require_writable,
    spool_directory,
    spreadsheet_text,
    spreadsheet_value,
    write_all,
    write_atomic,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_the_umask_gives_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
        (tmp_path / "old.txt").write_text("y", encoding="utf-8")
        (tmp_path / "old.txt").chmod(0o600)
        write_atomic(tmp_path / "old.txt", "z")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "new.txt") == 0o644
    assert _mode(tmp_path / "old.txt") == 0o600
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "z"


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_all({fifo: iter(["a", "b"]), tmp_path / "beside.txt": "c"})
    reader.join(timeout=5)
    assert received == [b"ab"] and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert (tmp_path / "beside.txt").read_text(encoding="utf-8") == "c"


def test_a_failed_write_leaves_neither_files_nor_the_directories_made_for_them(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(OutputError, match="taken"):
        write_all({tmp_path / "new" / "deep" / "a.txt": "a", tmp_path / "taken": "b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_an_output_that_is_an_input_is_refused_by_inode(tmp_path: Path) -> None:
    source = tmp_path / "in.tsv"
    source.write_text("x", encoding="utf-8")
    os.link(source, tmp_path / "hard.tsv")
    (tmp_path / "soft.tsv").symlink_to("in.tsv")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("y", encoding="utf-8")
    for output in ("hard.tsv", "soft.tsv", "docs/a.md"):
        with pytest.raises(OutputError, match=output.split("/")[-1]):
            refuse_overwriting([tmp_path / output], [source, tmp_path / "docs", None])
    refuse_overwriting([tmp_path / "report.json", tmp_path / "docs" / "new.md"], [source, tmp_path / "docs"])


def test_an_output_that_cannot_be_written_is_refused_naming_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    with pytest.raises(OutputError, match="file is not a directory"):
        require_writable(tmp_path / "file" / "a" / "report.json")
    with pytest.raises(OutputError, match="is a directory"):
        require_writable(tmp_path / "dir")
    with pytest.raises(OutputError, match="not a directory"):
        require_writable(tmp_path / "file", directory=True)
    require_writable(tmp_path / "new" / "report.json")
    require_writable(tmp_path / "new", directory=True)


def test_the_spool_of_a_dead_run_is_removed_and_a_live_one_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from mtaudit.files import spool_directory\n"
        "with spool_directory() as spool:\n    print(spool, flush=True); time.sleep(60)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(Path(__file__).resolve().parents[1])],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        live = Path(child.stdout.readline().strip())
        with spool_directory() as mine:
            assert live.is_dir() and mine.is_dir()  # opening one did not take the other's
        assert not mine.exists()
        assert remove_stale_spools(tmp_path) == [] and live.is_dir()
    finally:
        child.kill()
        child.wait()
    assert remove_stale_spools(tmp_path) == [live] and not live.exists()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''+x", "'quoted", "plain", ""])
def test_spreadsheet_cells_are_neutralised_and_read_back_exactly(value: str) -> None:
    cell = spreadsheet_text(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert spreadsheet_value(cell) == value
