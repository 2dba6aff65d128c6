"""A plain ``pip install mtaudit`` has no pyarrow (only the parquet and test extras pull it in),
and pandas 3 then keeps its strings in Python objects instead of Arrow arrays: the audit must
give the same report either way (the small-audit benchmark measures both installs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.hostile.conftest import Work

# Our own rows: a forbidden rendering, a correct one, a name outside the glossary written as pinyin.
ROWS = (
    "id\tsource\ttarget\n"
    "1\t美国总统拜登周二会见了日本首相岸田文雄。\tUS President Bayeng met Japanese Prime Minister Fumio Kishida on Tuesday.\n"
    "2\t财政部长耶伦表示将继续沟通。\tTreasury Secretary Yellen said talks would go on.\n"
    "3\t记者王晓明从上海报道。\tReporter Wang Xiaoping reports from Shanghai.\n"
)


#: Seconds a run may take that builds the cached tables (a hang is still caught).
PREPARING = 180


def test_the_shim_hides_pyarrow_from_pandas(work: Work, no_pyarrow: Path) -> None:
    """What the comparison below rests on: with the shim first on the path, pandas runs without pyarrow."""
    probe = "import sys, pandas; print('pyarrow' in sys.modules)"
    seen = subprocess.run(
        [sys.executable, "-c", probe],
        env=work.env(pythonpath_first=[no_pyarrow]),
        capture_output=True,
        text=True,
        check=True,
    )
    assert seen.stdout.strip() == "False"


def test_the_default_checks_report_the_same_without_pyarrow(work: Work, no_pyarrow: Path) -> None:
    (work.dir / "rows.tsv").write_text(ROWS, encoding="utf-8")
    audit = ("audit", "rows.tsv", "--no-mt", "-f", "json,csv")
    # the first run may prepare the name check's tables in the shared cache (~20 s on a slow machine)
    with_pyarrow = work.cli(*audit, "--report-dir", "with", timeout=PREPARING)
    without = work.cli(
        *audit, "--report-dir", "without", env=work.env(pythonpath_first=[no_pyarrow]), timeout=PREPARING
    )
    assert with_pyarrow.returncode == without.returncode == 1, without.stderr  # the gate fails on Bayeng
    for name in ("report.json", "report.csv"):
        written = (work.dir / "with" / name).read_bytes()
        assert b"Bayeng" in written
        assert (work.dir / "without" / name).read_bytes() == written
