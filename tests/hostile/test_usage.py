"""Usage errors are one line like every other error; names are shown so that the line stays one."""

from __future__ import annotations

from tests.hostile.conftest import Work
from tests.hostile.helpers import assert_refused

# unknown options and commands, missing arguments and out-of-range values are refused by option
# parsing (typer), whose messages are issue 14's


def test_unknown_option_is_one_line_with_did_you_mean(work: Work) -> None:
    line = assert_refused(work.audit("a.tsv", "--outptu", "r.json"), "--outptu")
    assert "did you mean" in line.lower() and "--output" in line, line


def test_unknown_command_is_one_line(work: Work) -> None:
    assert_refused(work.cli("audti", "a.tsv"), "audti")


def test_workers_zero_is_one_line(work: Work) -> None:
    assert_refused(work.audit("a.tsv", "--workers", "0"), "--workers")


def test_missing_argument_is_one_line(work: Work) -> None:
    line = assert_refused(work.cli("audit"))
    assert "input" in line.lower(), line


def test_file_name_with_a_newline_is_shown_escaped_on_one_line(work: Work) -> None:
    (work.dir / "bad\nname.jsonl").write_text('{"source": "x"\n', encoding="utf-8")
    assert_refused(work.audit("bad\nname.jsonl"), "bad\\nname.jsonl:1")


def test_missing_file_with_a_newline_is_shown_escaped_on_one_line(work: Work) -> None:
    assert_refused(work.audit("miss\ning.tsv"), "miss\\ning.tsv")


def test_file_name_with_a_carriage_return_and_escape_sequence(work: Work) -> None:
    """A name can also carry CR or a terminal escape that rewrites the line: shown escaped too."""
    name = "x\r\x1b[2Kfake.jsonl"
    (work.dir / name).write_text('{"source": "x"\n', encoding="utf-8")
    line = assert_refused(work.audit(name))
    assert "\x1b" not in line, repr(line)


def _bad_line_62(tsv: bool) -> bytes:
    rows = [f"拜登第{i}次说。\tBiden said {i}." if tsv else f"拜登{i},Biden{i}" for i in range(60)]
    header = "source\ttarget" if tsv else "source,target"
    bad = b"\xff\xfe\xfa\tx\n" if tsv else b"\xff\xfe\xfa,x\n"
    return ("\n".join([header, *rows]) + "\n").encode("utf-8") + bad + "拜登说。\tBiden.\n".encode()


def test_undecodable_input_names_the_first_bad_line(work: Work) -> None:
    """61 good UTF-8 lines, then bytes no candidate encoding decodes: the refusal names line 62."""
    (work.dir / "u.tsv").write_bytes(_bad_line_62(tsv=True))
    assert_refused(work.audit("u.tsv"), "u.tsv:62")


def test_undecodable_glossary_names_the_first_bad_line(work: Work) -> None:
    (work.dir / "u.csv").write_bytes(_bad_line_62(tsv=False))
    assert_refused(work.audit("a.tsv", "-g", "u.csv"), "u.csv:62")
