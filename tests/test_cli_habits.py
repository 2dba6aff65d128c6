"""What users expect of a command line (sacrebleu, ruff and git are what they compare with): -h,
--version, one-line usage errors with a "did you mean", help with every default and no Python
types, md for markdown, - for standard input, a one-line verdict on stderr when the report went to
a file, and a progress bar with a total on a terminal only."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from tqdm import tqdm

from mtaudit.cli import main
from mtaudit.options import EngineOptions, MTOptions, ScoreOptions
from mtaudit.version import __version__
from tests.conftest import write_tsv

COMMANDS = (
    [],
    ["audit"],
    ["baseline"],
    ["check"],
    ["compare"],
    ["version"],
    ["glossary"],
    ["glossary", "lint"],
    ["glossary", "convert"],
    ["glossary", "mine"],
)


def run_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """``mtaudit ARGS`` through the command's entry point, in this process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["mtaudit", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "mtaudit")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_short_and_long_help(command: list[str], flag: str, capsys, monkeypatch) -> None:
    code, out, err = run_main(capsys, monkeypatch, *command, flag)
    assert code == 0 and out.startswith(f"Usage: mtaudit {' '.join(command)}".rstrip()) and not err
    assert "-h, --help" in out


def test_version_on_the_top_command(capsys, monkeypatch) -> None:
    assert run_main(capsys, monkeypatch, "--version") == (0, f"mtaudit {__version__}\n", "")


def _help_records(text: str) -> dict[str, str]:
    """Option name column → its help, from click's layout (a record may wrap onto indented lines)."""
    records: dict[str, str] = {}
    name = None
    for line in text.split("Options:", 1)[1].splitlines():
        if re.match(r"  -", line):
            name, _, rest = line.strip().partition("  ")
            records[name] = rest.strip()
        elif name and line.strip():
            records[name] += " " + line.strip()
    return records


@pytest.mark.parametrize("command", [c for c in COMMANDS if c and c != ["glossary"]], ids=" ".join)
def test_help_shows_every_default_and_no_python_types(command: list[str], capsys, monkeypatch) -> None:
    _, out, _ = run_main(capsys, monkeypatch, *command, "--help")
    assert not re.search(r"<(?:path|int|str|float|bool|list)\b[^>]*>|list\[|\bPath\b|\bbool\b", out), out
    assert "╭" not in out and "│" not in out
    for name, help in _help_records(out).items():
        flag = " " not in name.split(", ")[-1].split(" / ")[0]  # no value: a flag
        if flag and " / " not in name:
            continue
        assert "[default:" in help or "required]" in help, f"{' '.join(command)} {name}: {help}"


def test_help_defaults_are_those_of_the_options_module(capsys, monkeypatch) -> None:
    records = _help_records(run_main(capsys, monkeypatch, "audit", "--help")[1])
    assert (
        ScoreOptions.ter_max_words is None and "[default: every segment, as sacrebleu]" in records["--ter-max-words N"]
    )
    assert f"[default: {MTOptions.DEFAULT_MODEL}]" in records["--mt-model MODEL"].replace("- ", "-")  # wrapped at -
    assert f"[default: {EngineOptions.name}]" in records["--engine ENGINE"]
    assert f"[default: {MTOptions.num_beams}]" in records["--num-beams N"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["audit", "x.tsv", "--frmat", "json"],
            "no such option: --frmat (did you mean --format?); see 'mtaudit audit --help'",
        ),
        (["audit", "x.tsv", "--workers", "0"], "'--workers'"),
        (["audit", "x.tsv", "--num-beams", "many"], "'--num-beams'"),
        (["audt"], "Did you mean 'audit'?"),
        (["glossary", "lnt"], "Did you mean 'lint'?"),
        (["audit"], "Missing argument"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], expected: str, capsys, monkeypatch) -> None:
    code, out, err = run_main(capsys, monkeypatch, *args)
    assert code == 2 and not out
    assert len(err.splitlines()) == 1 and err.startswith("mtaudit: error: ") and expected in err, err
    assert not re.search("[╭│╰]|Usage:|Traceback", err)


def test_a_bad_option_value_is_refused_as_any_usage_error(tmp_path: Path, cli) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    done = cli("audit", corpus, "--no-mt", "--consistency-scope", "chapter")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "--consistency-scope" in done.stderr


def test_md_is_markdown(tmp_path: Path, glossary_file: Path, cli) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    as_md = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--format", "md")
    as_markdown = cli("audit", corpus, "--no-mt", "-g", glossary_file, "-f", "markdown")
    assert as_md.returncode == 0 and as_md.stdout == as_markdown.stdout and "# mtaudit report" in as_md.stdout
    both = cli("audit", corpus, "--no-mt", "-g", glossary_file, "-f", "json,md", "--report-dir", tmp_path / "r")
    assert both.returncode == 0 and sorted(p.name for p in (tmp_path / "r").iterdir()) == ["report.json", "report.md"]


def test_a_failing_gate_says_why_on_stderr_when_the_report_went_to_a_file(
    tmp_path: Path, glossary_file: Path, cli
) -> None:
    corpus = write_tsv(
        tmp_path / "c.tsv",
        [("拜登政府表示。", "The Bayeng administration said."), ("拜登会见了耶伦。", "Biden met Yellen.")],
    )
    for where in (["-o", tmp_path / "r.json"], ["-f", "json,sarif", "--report-dir", tmp_path / "reports"]):
        done = cli("audit", corpus, "--no-mt", "-g", glossary_file, *where)
        assert done.returncode == 1
        (line,) = [line for line in done.stderr.splitlines() if "gate failed" in line]
        assert line == (
            f"mtaudit: gate failed (max_errors: 1 new error findings, at most 0 allowed (1 too many)): "
            f"1 finding (1 error) in 2 segments; report: {where[-1]}"
        )
    to_stdout = cli("audit", corpus, "--no-mt", "-g", glossary_file)
    assert to_stdout.returncode == 1 and "gate failed" not in to_stdout.stderr  # the report itself says so


def test_dash_reads_standard_input_sniffed_or_named(tmp_path: Path, glossary_file: Path) -> None:
    tsv = "id\tsource\ttarget\nn1\t拜登政府表示。\tThe Bayeng administration said.\n"
    jsonl = (
        json.dumps(
            {"id": "n1", "source": "拜登政府表示。", "target": "The Bayeng administration said."}, ensure_ascii=False
        )
        + "\n"
    )

    def audit(data: str, *args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mtaudit", "audit", "-", "--no-mt", "-g", str(glossary_file), *map(str, args)],
            input=data,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    sniffed = audit(tsv, "-f", "text")
    assert sniffed.returncode == 1 and sniffed.stdout.startswith("<stdin>:2:") and "Bayeng" in sniffed.stdout
    assert audit(jsonl, "-f", "text").stdout == audit(jsonl, "--input-format", "jsonl", "-f", "text").stdout
    assert json.loads(audit(tsv, "-o", "-").stdout)["findings"][0]["found"] == "Bayeng"  # -o -: stdout
    unknown = audit("just some words\n")
    assert unknown.returncode == 2 and "--input-format" in unknown.stderr and len(unknown.stderr.splitlines()) == 1
    broken = audit("source\ttarget\n拜登\n")
    assert broken.returncode == 2 and broken.stderr.startswith("mtaudit: error: <stdin>:2: ")
    named = audit(tsv, "--input-format", "yaml")
    assert named.returncode == 2 and "unknown --input-format 'yaml'" in named.stderr


def _on_a_terminal(*args: object) -> tuple[int, str]:
    """``mtaudit ARGS`` with stderr on a pseudo-terminal of 120 columns (tqdm redrawing on every update)."""
    main_end, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "GITHUB_ACTIONS")}
    env.update(TQDM_MININTERVAL="0", TQDM_MINITERS="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "mtaudit", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    seen = b""
    while True:
        try:
            data = os.read(main_end, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not data:
            break
        seen += data
    os.close(main_end)
    return process.wait(), seen.decode("utf-8", "replace")


def test_the_progress_bar_has_a_total_moves_within_a_chunk_and_ends_with_a_summary(
    tmp_path: Path, glossary_file: Path
) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [(f"拜登会见了耶伦{i}。", f"Biden met Yellen {i}.") for i in range(1000)])
    code, seen = _on_a_terminal("audit", corpus, "--no-mt", "-g", glossary_file, "-o", tmp_path / "r.json")
    assert code == 0
    counts = [int(n) for n in re.findall(r"\| *(\d+)/1000 ", seen)]  # rows read, of the rows the file has
    assert 0 < counts[1] < 1000 and counts[-1] == 1000, seen  # one chunk of 1000 rows: it moved inside it
    assert "1,000 checked" in seen
    assert re.search(r"mtaudit: audited 1,000 segments in [\d.]+ s", seen)
    quiet = subprocess.run(
        [
            sys.executable,
            "-m",
            "mtaudit",
            "audit",
            str(corpus),
            "--no-mt",
            "-g",
            str(glossary_file),
            "-o",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""  # not a terminal: no bar, no summary


def test_without_rows_to_count_the_bar_counts_bytes(tmp_path: Path, glossary_file: Path) -> None:
    for side, text in (
        ("zh", "拜登会见了耶伦。\n\n双方讨论了贸易。\n"),
        ("en", "Biden met Yellen.\n\nThey discussed trade.\n"),
    ):
        (tmp_path / side).mkdir()
        for name in ("a", "b", "c"):
            (tmp_path / side / f"{name}.md").write_text(text, encoding="utf-8")
    size = tqdm.format_sizeof(sum(p.stat().st_size for p in tmp_path.rglob("*.md")))
    code, seen = _on_a_terminal(
        "audit", tmp_path / "zh", tmp_path / "en", "--no-mt", "-g", glossary_file, "-o", tmp_path / "r.json"
    )
    assert code == 0 and f"| {size}/{size} " in seen and "B/s" in seen, seen
    assert "mtaudit: audited 6 segments" in seen


def test_the_entry_point_exits_without_tear_down_yet_runs_exit_handlers_and_flushes(
    tmp_path: Path, glossary_file: Path
) -> None:
    """``run`` leaves by ``os._exit``: what atexit would do is done, buffered output is written
    whole, the exit code is the command's, and the spool directory is gone."""
    rows = [("拜登政府表示。", "The Bayeng administration said.")] + [("拜登会见了耶伦。", "Biden met Yellen.")] * 3000
    corpus = write_tsv(tmp_path / "c.tsv", rows)
    code = "import atexit, sys; atexit.register(print, 'atexit ran'); sys.argv = sys.argv[1:]\nfrom mtaudit.cli import run\nrun()\n"
    env = {**os.environ, "TMPDIR": str(tmp_path)}

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", code, "mtaudit", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env)

    failed = run("audit", corpus, "--no-mt", "-g", glossary_file)
    report, _, after = failed.stdout.rpartition("}\n")
    assert failed.returncode == 1 and after == "atexit ran\n" and len(report) > 1 << 20
    assert json.loads(report + "}")["summary"]["segments"] == 3001
    assert sorted(path.name for path in tmp_path.iterdir()) == ["c.tsv", "g.yaml"]  # no spool left
    assert run("--version").stdout == f"mtaudit {__version__}\natexit ran\n"
    refused = run("audit", tmp_path / "none.tsv", "--no-mt")
    assert refused.returncode == 2 and refused.stderr.startswith("mtaudit: error:") and refused.stdout == "atexit ran\n"
