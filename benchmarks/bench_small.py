"""Small audits: what a pre-commit hook or an editor pays on every run, in whole processes.

Figures (goals from the performance issue), each process started afresh and timed from outside
(interpreter start, imports, caches read, report written, exit), the median of RUNS runs taken in
turns (one run of each command, then the next round: drift on a shared machine hits all alike);
peak RSS is the largest of the process's own (``ru_maxrss``) over those runs; CPU time (user and
system) is given beside wall time, which a busy machine stretches more:
  (a) ``python -c "import pandas"``                          the baseline
  (b) ``mtaudit --help``
  (c) a one-row TSV, bundled glossary, default checks        <= 0.6 s, <= 150 MiB, <= 2x (a)
  (d) the same with ``--checks terms``
  (e) ``mtaudit check a.tsv b.tsv`` (three rows each)        <= 0.6 s, <= 150 MiB, <= 2x (a)
Each table is taken twice in the same turns: as ``make install`` leaves the environment (the
test and parquet extras installed, so pyarrow too, which pandas 3 imports with itself), and as a
plain ``pip install mtaudit`` leaves it, without pyarrow (no default dependency pulls it in): the
commands then run with a package ``pyarrow`` first on ``PYTHONPATH`` that raises the
``ModuleNotFoundError`` an absent one gives (the shim of ``tests/hostile``); the baseline (a) is
measured the same way.
The cache directory (``$MTAUDIT_CACHE_DIR``) starts empty: the first run of (c) prepares what later
runs reuse (dictionaries, compiled glossary) and is reported apart, as "cold"; so are the first
runs of (d) and (e) after it. mtaudit's bytecode is compiled first, as installing it does (with
``PYTHONDONTWRITEBYTECODE`` set, every run of a source checkout would compile it again).

    make bench BENCH=small       # ~1 min
    MTAUDIT_BENCH_BEFORE=DIR make bench BENCH=small   # and a checkout of another commit, in turns

With ``MTAUDIT_BENCH_BEFORE`` (a source tree of mtaudit, e.g. ``git archive COMMIT | tar -x``,
with ``mtaudit/glossaries`` linked to its ``glossaries/``), each run of each command is taken
from that tree and from this one in turn, and a second table gives that tree's figures: a
before/after in one run, each against its own turn of the baseline.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
#: Our own rows, in the bundled glossary's domain (names it lists, one it does not).
ROWS = (
    (
        "s1",
        "美国总统拜登周二在白宫会见了来访的日本首相岸田文雄。",
        "US President Bayeng met visiting Japanese Prime Minister Fumio Kishida at the White House on Tuesday.",
    ),
    (
        "s2",
        "财政部长耶伦表示，美方将与北京保持沟通。",
        "Treasury Secretary Yurun said Washington would keep talking to Beijing.",
    ),
    ("s3", "记者张晓明从上海报道。", "Reporter Zhang Xiaoming reports from Shanghai."),
    ("s4", "商务部长雷蒙多周三抵达北京。", "Commerce Secretary Lei Mengduo arrived in Beijing on Wednesday."),
    ("s5", "芬太尼问题是双方讨论的重点。", "The Fantne issue was the focus of the talks."),
    ("s6", "王毅外长与布林肯举行会谈。", "Foreign Minister Wang Yi held talks with Blinken."),
)
GOAL_SECONDS, GOAL_MIB, GOAL_RATIO = 0.6, 150, 2.0


def _tsv(path: Path, rows: tuple[tuple[str, str, str], ...]) -> Path:
    path.write_text("id\tsource\ttarget\n" + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def run(
    command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1), cwd: Path = ROOT
) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(
            f"{' '.join(command)} exited {code}: {process.stderr.read().decode() if process.stderr else ''}"
        )
    if process.stderr:
        process.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(folder: Path) -> dict[str, list[str]]:
    one = _tsv(folder / "one.tsv", ROWS[:1])
    first, second = _tsv(folder / "a.tsv", ROWS[:3]), _tsv(folder / "b.tsv", ROWS[3:])
    mtaudit = [sys.executable, "-m", "mtaudit"]
    return {
        "(a) python -c 'import pandas' (baseline)": [sys.executable, "-c", "import pandas"],
        "(b) mtaudit --help": [*mtaudit, "--help"],
        "(c) one-row audit, default checks": [*mtaudit, "audit", str(one), "--no-mt", "-o", str(folder / "c.json")],
        "(d) one-row audit, --checks terms": [
            *mtaudit,
            "audit",
            str(one),
            "--no-mt",
            "--checks",
            "terms",
            "-o",
            str(folder / "d.json"),
        ],
        "(e) mtaudit check a.tsv b.tsv": [*mtaudit, "check", str(first), str(second)],
    }


GOALS = {"(c)": f"<= {GOAL_SECONDS} s, <= {GOAL_MIB} MiB, <= {GOAL_RATIO:g}x", "(e)": "the same", "(a)": "baseline"}


Figures = tuple[dict[str, tuple[float, float, float]], dict[str, list[tuple[float, float, float]]]]


#: The installs each tree is measured as: the label's suffix, and whether pyarrow is importable.
INSTALLS = (("", True), (", without pyarrow (pip install mtaudit)", False))
#: The package put first on the path where pyarrow is to be absent: importing it fails as where it is not installed.
WITHOUT_PYARROW = "raise ModuleNotFoundError(\"No module named 'pyarrow'\", name='pyarrow')\n"


def trees() -> dict[str, Path]:
    """This tree, and the one of ``MTAUDIT_BENCH_BEFORE`` when it is set (first)."""
    before = os.environ.get("MTAUDIT_BENCH_BEFORE")
    return {**({"before": Path(before).resolve()} if before else {}), "now": ROOT}


def installs(folder: Path, chosen_trees: dict[str, Path]) -> dict[str, tuple[Path, list[str]]]:
    """Each tree as each of :data:`INSTALLS`: its root and what goes on ``PYTHONPATH`` first."""
    hidden = folder / "without-pyarrow"
    (hidden / "pyarrow").mkdir(parents=True)
    (hidden / "pyarrow" / "__init__.py").write_text(WITHOUT_PYARROW, encoding="utf-8")
    return {
        f"{label}{suffix}": (root, [str(root)] if pyarrow else [str(hidden), str(root)])
        for suffix, pyarrow in INSTALLS
        for label, root in chosen_trees.items()
    }


def measure(folder: Path, setups_chosen: dict[str, tuple[Path, list[str]]]) -> dict[str, Figures]:
    """Cold and warm runs of every command of every setup (:func:`installs`), taken in turns (each
    its own cache)."""
    setups = {}
    for number, (label, (root, path)) in enumerate(setups_chosen.items()):
        compileall.compile_dir(str(root / "mtaudit"), quiet=1)
        env = {
            **os.environ,
            "MTAUDIT_CACHE_DIR": str(folder / f"cache-{number}"),
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, (*path, os.environ.get("PYTHONPATH")))),
        }
        (folder / f"setup-{number}").mkdir()
        setups[label] = (commands(folder / f"setup-{number}"), env, root)
    names = list(next(iter(setups.values()))[0])
    cold = {label: {} for label in setups}
    warm = {label: {name: [] for name in names} for label in setups}
    for name in names:
        for label, (chosen, env, root) in setups.items():
            cold[label][name] = run(chosen[name], env, cwd=root)
    for _ in range(RUNS):
        for name in names:
            for label, (chosen, env, root) in setups.items():
                warm[label][name].append(run(chosen[name], env, cwd=root))
    return {label: (cold[label], warm[label]) for label in setups}


def table(figures: Figures) -> None:
    cold, warm = figures
    first = warm[next(iter(warm))]
    baseline, baseline_cpu = statistics.median(w for w, _, _ in first), statistics.median(c for _, c, _ in first)
    header = ("figure", "cold s", "cold MiB", "warm s", "x baseline", "CPU s", "x baseline CPU", "peak MiB", "goal")
    rows = []
    for name, runs in warm.items():
        wall, cpu = statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs)
        rows.append(
            (
                name,
                f"{cold[name][0]:.2f}",
                f"{cold[name][2]:.0f}",
                f"{wall:.3f}",
                f"{wall / baseline:.2f}x",
                f"{cpu:.3f}",
                f"{cpu / baseline_cpu:.2f}x",
                f"{max(m for _, _, m in runs):.0f}",
                GOALS.get(name[:3], ""),
            )
        )
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-small-") as tmp:
        chosen = installs(Path(tmp), trees())
        measured = measure(Path(tmp), chosen)
    print(
        f"whole processes, median of {RUNS} warm runs taken in turns; cold: the first run, empty cache directory;"
        " CPU: user + system time (less disturbed than wall time on a shared machine)"
    )
    for label, figures in measured.items():
        print(f"\n{label}: {chosen[label][0]}")
        table(figures)


if __name__ == "__main__":
    main()
