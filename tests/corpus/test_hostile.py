"""Hostile and broken inputs: each is refused with file:line, through the API and the CLI.

Through the CLI each must end with exit 2, one line on stderr, no traceback and no report file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mtaudit.corpus import load_corpus
from mtaudit.errors import InputError

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu>
</body></tmx>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE xliff [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<xliff version="1.2"><file original="a" source-language="zh" target-language="en"><body>
<trans-unit id="1"><source>拜登</source><target>&xxe;</target></trans-unit>
</body></file></xliff>
"""
XXE_NETWORK = """<?xml version="1.0"?>
<!DOCTYPE tmx [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>
<tmx version="1.4"><body/></tmx>
"""
BROKEN_DTD_WITH_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "b">
 <!ELEMENT
]>
<tmx version="1.4"><body/></tmx>
"""
TRUNCATED = """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="zh"/><body>
<tu tuid="1"><tuv xml:lang="zh"><seg>拜登</seg></tuv><tuv xml:lang="en"><seg>Biden</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="zh"><seg>耶伦</seg>
"""

# (file name, content, expected message, expected line)
CASES = {
    "billion-laughs": ("lol.tmx", BILLION_LAUGHS, "declares entities", 3),
    "xxe": ("xxe.xlf", XXE, "declares entities", 2),
    "xxe-parameter-entity": ("remote.tmx", XXE_NETWORK, "declares entities", 2),
    # libxml2 stops in the DOCTYPE, before the root element: the refusal is still named.
    "entity-in-broken-doctype": ("dtd.tmx", BROKEN_DTD_WITH_ENTITY, "declares entities", 3),
    "truncated-xml": ("cut.tmx", TRUNCATED, "malformed XML", 5),
    "undefined-entity": ("undef.xlf", '<xliff version="1.2">\n<file>&nbsp;</file></xliff>', "malformed XML", 2),
    "csv-missing-column": ("c.csv", "id,source\n1,拜登\n", "lacks column(s) target", 1),
    "ragged-tsv": ("r.tsv", "source\ttarget\n拜登\tBiden\n耶伦\n", "row has 1 fields", 3),
    "unclosed-quote-csv": ("q.csv", 'source,target\n拜登,Biden\n耶伦,"Yellen\n', "malformed CSV row", 3),
    "broken-jsonl": ("b.jsonl", '{"source": "拜登", "target": "Biden"}\n{"source": "耶伦"\n', "invalid JSON", 2),
    "jsonl-not-object": ("a.jsonl", '["拜登", "Biden"]\n', "must be a JSON object", 1),
    "binary": ("bin.tsv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary", None),
    "empty": ("empty.tsv", b"", "empty", None),
    "empty-xml": ("empty.xlf", b"\xef\xbb\xbf  \n", "empty", None),
    "po-syntax": ("bad.po", 'msgid "拜登"\nmsgstr "Biden"\nmsgid "耶伦\n', "malformed PO", 3),
    "front-matter": ("bad.md", "---\ntitle: [unclosed\n---\n正文。\n", "front matter", 2),
}


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_refused_with_file_and_line(tmp_path: Path, case: str) -> None:
    name, content, message, line = CASES[case]
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError) as info:
        load_corpus(path)
    error = info.value
    assert message in error.message and error.path == str(path)
    if line is not None:
        assert error.line == line, str(error)


def test_entities_are_never_expanded_even_by_the_xml_layer(tmp_path: Path) -> None:
    """The refusal comes before any text is read: no expanded 'lol' string reaches a row."""
    path = _write(tmp_path, "lol.tmx", BILLION_LAUGHS)
    rows = iter(__import__("mtaudit.corpus.tmx", fromlist=["TmxReader"]).TmxReader().rows(path, "lol"))
    with pytest.raises(InputError, match="declares entities"):
        next(rows)


def test_every_case_through_the_cli_exits_2_with_one_line_and_no_report(tmp_path: Path) -> None:
    """One interpreter for all cases keeps this fast; each case is a real CLI invocation."""
    paths = []
    for case, (name, content, message, _) in CASES.items():
        folder = tmp_path / case
        folder.mkdir()
        paths.append((folder, _write(folder, name, content), message))
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from mtaudit.cli import app\n"
        "runner = CliRunner()\n"
        "for path, report in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    r = runner.invoke(app, ['audit', path, '--no-mt', '--output', report])\n"
        "    print(r.exit_code, repr(r.stderr))\n"
    )
    args = [str(a) for folder, path, _ in paths for a in (path, folder / "report.json")]
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outputs = done.stdout.strip().splitlines()
    assert len(outputs) == len(paths)
    for (folder, path, message), output in zip(paths, outputs, strict=True):
        code, stderr = output.split(" ", 1)
        stderr = eval(stderr)  # repr of a str written by our own script
        assert code == "2", (path, stderr)
        assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
        assert str(path) in stderr and message in stderr
        assert list(folder.iterdir()) == [path]  # no report, no temporary file


def test_one_hostile_file_through_the_real_command_line(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "lol.tmx", BILLION_LAUGHS)
    done = cli("audit", path, "--no-mt", "--output", tmp_path / "r.json", timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr.strip() == f"mtaudit: error: {path}:3: XML DOCTYPE declares entities "
        "(entity expansion and external entities are refused)"
    )
    assert list(tmp_path.iterdir()) == [path]
