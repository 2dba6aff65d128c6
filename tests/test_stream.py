"""Streamed audits: the input read, checked, scored and put aside in chunks of whole documents
gives the report of the whole table, byte for byte, whether the chunks stay in memory or on disk."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

import mtaudit
from benchmarks.generate import glossary_entries, segment_rows
from mtaudit.config import Config, KindConfig
from mtaudit.corpus import iter_corpus, load_corpus
from mtaudit.options import ScoreOptions
from mtaudit.pipeline import audit
from mtaudit.stream import DocumentsInterleaved, table_rows

LONG = " ".join(["word"] * 50)  # longer than TER's default cap: a TER notice


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A TSV of 31 documents: references in the first ten (one too long for TER), an inconsistent
    rendering in the last one."""
    folder = tmp_path_factory.mktemp("stream")
    glossary = folder / "g.yaml"
    entries = glossary_entries(30) + [
        {
            "id": "lavrov",
            "source": ["拉夫罗夫"],
            "target": "Sergei Lavrov",
            "variants": ["Sergey Lavrov"],
            "short": ["Lavrov"],
            "type": "person",
        }
    ]
    glossary.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    rows = segment_rows(600, glossary_entries(50), seed=3, doc_size=20)
    for n, row in enumerate(rows):
        row["reference"] = row["target"].replace("said", "stated") if n < 200 else ""
    rows[5]["reference"] = LONG
    rows += [
        {"doc_id": "zz", "id": str(i), "source": "拉夫罗夫表示。", "target": t, "reference": ""}
        for i, t in enumerate(["Sergei Lavrov said so.", "Sergei Lavrov agreed.", "Sergey Lavrov left."], 1)
    ]
    corpus = folder / "corpus.tsv"
    _write_tsv(corpus, rows)
    return corpus, glossary


def _write_tsv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def _report(corpus: Path, glossary: Path, **kwargs) -> mtaudit.AuditResult:
    """Capped TER, so that the count of segments left out is streamed too."""
    return audit(corpus, glossaries=[glossary], engine="local", scores=ScoreOptions(ter_max_words=40), **kwargs)


@pytest.fixture(scope="module")
def whole(files) -> mtaudit.AuditResult:
    return _report(*files, chunk_rows=None)


def test_the_fixture_exercises_what_streaming_must_keep(whole) -> None:
    summary = whole.summary
    assert {"missing", "misrendered", "forbidden", "inconsistent"} <= set(summary["findings"])
    assert summary["metrics"]["reference"]["ter_skipped"] == 1
    assert summary["metrics"]["terms"]["repeated_terms"] > 0


@pytest.mark.parametrize("chunk_rows", [1, 90, 400])
def test_streamed_audit_gives_the_report_of_the_whole(files, whole, chunk_rows, tmp_path) -> None:
    in_memory = _report(*files, chunk_rows=chunk_rows)
    on_disk = _report(*files, chunk_rows=chunk_rows, spool=tmp_path)
    assert in_memory.to_json() == whole.to_json()
    assert on_disk.to_json() == whole.to_json()
    assert any(tmp_path.rglob("*.pickle"))  # the tables were put aside, not kept
    pd.testing.assert_frame_equal(on_disk.findings, whole.findings)
    assert on_disk.segments["doc_id"].tolist() == whole.segments["doc_id"].tolist()


def test_score_columns_first_met_mid_stream_take_their_place(files) -> None:
    """The reference model's column filled only from the 20th document on: its score columns
    appear in a later chunk, and still follow the reference's, empty in the rows before."""
    corpus, glossary = files
    table = load_corpus(corpus).drop(
        columns=["source_file", "source_line", "target_file", "target_line", "target_column"]
    )
    table["mt"] = [t.replace("the", "a") if n >= 380 else None for n, t in enumerate(table["target"])]
    whole = audit(table, glossaries=[glossary], engine="local", chunk_rows=None)
    columns = list(whole.segments.columns)
    assert columns.index("bleu_reference") < columns.index("bleu_mt")
    assert whole.segments["bleu_mt"].isna().sum() == 380
    for chunk_rows in (1, 90):
        assert audit(table, glossaries=[glossary], engine="local", chunk_rows=chunk_rows).to_json() == whole.to_json()


def test_baseline_and_configured_kinds_apply_across_chunks(files, whole, tmp_path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(_report(*files, chunk_rows=None, checks=["terms"]).to_json(), encoding="utf-8")
    config = Config(kinds={"misrendered": KindConfig(severity="warning"), "inconsistent": KindConfig(enabled=False)})
    streamed = _report(*files, chunk_rows=50, baseline=baseline, config=config)
    assert streamed.to_json() == _report(*files, chunk_rows=None, baseline=baseline, config=config).to_json()
    assert streamed.summary["gate"]["accepted"] == sum(
        whole.summary["findings"][k] for k in ("missing", "misrendered", "forbidden")
    )
    assert "inconsistent" not in streamed.summary["findings"]


def test_chunks_hold_whole_documents_and_add_up_to_the_table(files) -> None:
    corpus = files[0]
    chunks = list(iter_corpus(corpus, chunk_rows=90))
    assert len(chunks) == 7  # 90 rows, then to the end of the document: 100 rows each
    assert all(a["doc_id"].iloc[-1] != b["doc_id"].iloc[0] for a, b in zip(chunks, chunks[1:], strict=False))
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_corpus(corpus))


def test_the_first_chunks_are_smaller_and_the_rest_as_before(files) -> None:
    """The checks start once two chunks are read: those two are cut from ``first_rows`` rows."""
    corpus = files[0]
    chunks = list(iter_corpus(corpus, chunk_rows=190, first_rows=40))
    assert [len(chunk) for chunk in chunks] == [40, 40, 200, 200, 123]  # documents of 20 rows, and a last of 3
    assert all(a["doc_id"].iloc[-1] != b["doc_id"].iloc[0] for a, b in zip(chunks, chunks[1:], strict=False))
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_corpus(corpus))
    assert [len(chunk) for chunk in iter_corpus(corpus, chunk_rows=190)] == [200, 200, 200, 3]


def test_a_document_that_resumes_later_is_audited_with_the_whole_table(files, tmp_path) -> None:
    corpus, glossary = files
    rows = list(csv.DictReader(corpus.open(encoding="utf-8"), delimiter="\t"))
    rows = rows[:10] + rows[100:140] + rows[10:100] + rows[140:]  # doc000000 stops at row 10, resumes at 50
    shuffled = tmp_path / "shuffled.tsv"
    _write_tsv(shuffled, rows)
    with pytest.raises(DocumentsInterleaved):
        list(iter_corpus(shuffled, chunk_rows=30))
    assert (
        _report(shuffled, glossary, chunk_rows=30).to_json() == _report(shuffled, glossary, chunk_rows=None).to_json()
    )


def test_command_streams_through_a_temporary_directory_it_removes(cli, files, whole, tmp_path) -> None:
    corpus, glossary = files
    report, spool = tmp_path / "r.json", tmp_path / "tmp"
    spool.mkdir()
    done = cli(
        "audit",
        corpus,
        "-g",
        glossary,
        "--no-mt",
        "--engine",
        "local",
        "--ter-max-words",
        "40",
        "-o",
        report,
        env={"TMPDIR": str(spool), "PATH": "", "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 1, done.stderr  # the fixture's errors fail the gate
    assert json.loads(report.read_text(encoding="utf-8")) == json.loads(whole.to_json())
    assert report.read_text(encoding="utf-8") == whole.to_json()
    assert not list(spool.glob("mtaudit-*"))  # (jieba leaves its own cache there)


def test_reference_mt_runs_chunk_by_chunk_with_one_run_record(tiny_marian: Path, tmp_path: Path) -> None:
    """Each chunk is re-translated as it passes (a tiny real Marian model); the report is the whole
    run's, and the run record adds the chunks' work up: a source met again in a later chunk is
    a cache hit there."""
    from tests.marian_factory import PAIRS

    sources = [s for s, _ in PAIRS] + [PAIRS[0][0]]
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(sources))],
            "seg_id": "1",
            "source": sources,
            "target": [t for _, t in PAIRS] + ["Bayeng met Yellen."],
        }
    )

    def run(chunk_rows: int | None, cache: str) -> dict:
        options = {"model": str(tiny_marian), "num_beams": 1, "cache_dir": str(tmp_path / cache)}
        return json.loads(audit(table, mt=True, mt_options=options, engine="local", chunk_rows=chunk_rows).to_json())

    whole, streamed = run(None, "a"), run(3, "b")
    assert streamed["segments"] == whole["segments"] and streamed["findings"] == whole["findings"]
    assert streamed["summary"]["metrics"] == whole["summary"]["metrics"]
    mt = streamed["summary"]["mt"]
    assert whole["summary"]["mt"]["translated"] == len(PAIRS) == mt["translated"]
    assert mt["sources"] == len(sources) and mt["cache_hits"] == 1  # the repeat, in the last chunk
    assert streamed["summary"]["signature"] == whole["summary"]["signature"]


def test_a_bad_row_late_in_the_input_stops_the_run_and_leaves_nothing(cli, files, tmp_path) -> None:
    """The error names the file and the line, though earlier chunks were audited; nothing put
    aside is left, and the command writes no report."""
    corpus, glossary = files
    bad = tmp_path / "bad.tsv"
    text = corpus.read_text(encoding="utf-8")
    bad.write_text(text + "only one field\n", encoding="utf-8")
    lines = text.count("\n") + 1
    spool = tmp_path / "spool"
    spool.mkdir()
    with pytest.raises(mtaudit.errors.InputError, match=f"bad.tsv:{lines}: row has 1 fields"):
        _report(bad, glossary, chunk_rows=50, spool=spool)
    assert not list(spool.iterdir())
    report = tmp_path / "r.json"
    done = cli("audit", bad, "-g", glossary, "--no-mt", "-o", report)
    assert done.returncode == 2 and f"{bad}:{lines}" in done.stderr and not report.exists()


@pytest.mark.parametrize("fmt", ["markdown", "html", "junit", "sarif", "text", "github", "csv"])
def test_every_format_renders_a_streamed_audit_as_the_whole(files, whole, fmt, tmp_path) -> None:
    """Formats that read the tables (the HTML score charts and document count, JUnit's documents,
    findings with their segments) read a streamed audit's from disk chunk by chunk."""
    from mtaudit.report import render

    assert render(_report(*files, chunk_rows=90, spool=tmp_path), fmt) == render(whole, fmt)


def test_csv_segments_file_of_a_streamed_audit_is_the_whole_one(files, whole, tmp_path) -> None:
    from mtaudit.report import write_report

    write_report(whole, "csv", tmp_path / "whole.csv")
    write_report(_report(*files, chunk_rows=90, spool=tmp_path), "csv", tmp_path / "streamed.csv")
    for name in ("{}.csv", "{}.segments.csv"):
        assert (tmp_path / name.format("streamed")).read_text(encoding="utf-8") == (
            tmp_path / name.format("whole")
        ).read_text(encoding="utf-8")


FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


@pytest.mark.parametrize(
    "inputs",
    [
        ("bilingual/inline12.xlf",),
        ("bilingual/plurals.po",),
        ("bilingual/variants.tmx",),  # positions found in the file
        ("docs/zh", "docs/en"),
        ("docs/en",),  # document pairs, and English alone
    ],
    ids=["xliff", "po", "tmx", "pairs", "target-only"],
)
def test_every_kind_of_input_streams_to_the_report_of_the_whole(inputs, tmp_path) -> None:
    paths = [FIXTURES / p for p in inputs]
    whole = audit(*paths, engine="local", chunk_rows=None)
    assert whole.summary["segments"] > 2
    assert audit(*paths, engine="local", chunk_rows=2, spool=tmp_path).to_json() == whole.to_json()


def test_positions_searched_in_the_file_carry_on_from_chunk_to_chunk(tmp_path) -> None:
    """XLIFF records no line numbers: each row's target is searched in the file from where the row
    before was found, and that place carries over from one chunk (here: one <file>) to the next."""
    files = "".join(
        f"""
  <file original="page{n}.html" source-language="zh-CN" target-language="en-US" datatype="html"><body>
    <trans-unit id="a"><source>拜登表示同意。</source><target>Bayeng agreed.</target></trans-unit>
    <trans-unit id="b"><source>耶伦表示。</source><target>Yellen said so.</target></trans-unit>
  </body></file>"""
        for n in range(3)
    )
    xliff = tmp_path / "pages.xlf"
    xliff.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
        f'xmlns="urn:oasis:names:tc:xliff:document:1.2">{files}\n</xliff>\n',
        encoding="utf-8",
    )
    whole = audit(xliff, engine="local", chunk_rows=None)
    assert len(list(iter_corpus(xliff, chunk_rows=1))) == 3
    streamed = audit(xliff, engine="local", chunk_rows=1, spool=tmp_path)
    assert streamed.to_json() == whole.to_json()
    assert streamed.segments["target_line"].tolist() == [4, 5, 8, 9, 12, 13]


def test_a_document_longer_than_a_chunk_is_cut_and_gives_the_report_of_the_whole(files, tmp_path) -> None:
    """A TSV without doc_id is one document: it is cut every 2 x chunk_rows rows, and each cut
    hands the next chunk its state — a full mention early lets a short form through later, a
    rendering that differs from the document's usual one is judged when the document ends (when
    the user asks for consistency across it: a table without documents is otherwise compared
    segment by segment), the term consistency figure counts the whole document — so the report is
    the whole table's."""
    corpus, glossary = files
    rows = list(csv.DictReader(corpus.open(encoding="utf-8"), delimiter="\t"))
    lavrov = [
        ("拉夫罗夫表示。", "Sergei Lavrov said so."),
        ("拉夫罗夫同意。", "Lavrov agreed."),
        ("拉夫罗夫离开。", "Sergey Lavrov left."),
        ("拉夫罗夫回来。", "Sergei Lavrov came back."),
    ]
    for n, (at, (source, target)) in enumerate(zip((3, 150, 330, 560), lavrov, strict=True), 1):
        rows.insert(at, {"id": f"x{n}", "source": source, "target": target, "reference": ""})
    one_document = tmp_path / "one.tsv"
    _write_tsv(one_document, [{k: v for k, v in row.items() if k != "doc_id"} for row in rows])
    chunks = list(iter_corpus(one_document, chunk_rows=20))
    assert len(chunks) > 10 and {c["doc_id"].iat[0] for c in chunks} == {"one"}
    assert "inconsistent" not in {
        f["kind"] for f in audit(one_document, glossaries=[glossary]).findings.to_dict("records")
    }
    scope = {"consistency_scope": "document"}
    whole = audit(one_document, glossaries=[glossary], engine="local", chunk_rows=None, options=scope)
    found = {(f["seg_id"], f["kind"]): f["found"] for f in whole.findings.to_dict("records")}
    assert found.get(("x3", "inconsistent")) == "Sergey Lavrov"  # judged against the whole document
    assert not [key for key in found if key[0] == "x2"]  # the short form, 150 rows after the full mention
    for engine in ("local", "process"):
        streamed = audit(
            one_document, glossaries=[glossary], engine=engine, chunk_rows=20, spool=tmp_path, options=scope
        )
        assert streamed.to_json() == whole.to_json()


def test_worker_checked_chunks_and_cut_documents_interleave_to_the_whole_report(files, tmp_path) -> None:
    """Chunks of whole documents go to worker processes while chunks that cut a long document are
    checked here, in order: documents of 5 rows, and every fifth one of 40, in chunks of 15 rows."""
    from mtaudit.engine import ProcessEngine

    corpus, glossary = files
    rows = list(csv.DictReader(corpus.open(encoding="utf-8"), delimiter="\t"))
    sizes = [5, 5, 5, 5, 40] * 20
    owners = [n for n, size in enumerate(sizes) for _ in range(size)]
    for row, owner in zip(rows, owners, strict=False):
        row["doc_id"] = f"doc{owner:03d}"
    mixed = tmp_path / "mixed.tsv"
    _write_tsv(mixed, rows)
    chunks = list(iter_corpus(mixed, chunk_rows=15))
    pairs = list(zip(chunks, chunks[1:], strict=False))
    assert any(a["doc_id"].iat[-1] == b["doc_id"].iat[0] for a, b in pairs)  # a document cut
    assert any(a["doc_id"].iat[-1] != b["doc_id"].iat[0] for a, b in pairs)  # a cut between documents
    whole = audit(mixed, glossaries=[glossary], engine="local", chunk_rows=None)
    streamed = audit(mixed, glossaries=[glossary], engine=ProcessEngine(workers=2, chunk_rows=5), chunk_rows=15)
    assert streamed.to_json() == whole.to_json()


@pytest.mark.parametrize("strings", ["str", "object"])
def test_table_rows_are_the_rows_itertuples_gives(strings: str) -> None:
    """The checks walk a table with table_rows (column by column, for speed): the same tuples as
    itertuples, missing values included, for pandas' string columns (Arrow arrays where pyarrow is
    installed) and for object columns."""
    table = pd.DataFrame(
        {"doc_id": ["d1", "d1", None], "seg_id": ["1", "2", "3"], "source": ["拜登", None, "耶伦"], "n": [1, 2, 3]}
    ).astype({"doc_id": strings, "seg_id": strings, "source": strings})
    columns = ["source", "doc_id", "n"]
    rows = list(table_rows(table, columns))
    expected = list(table[columns].itertuples(index=False, name=None))
    assert len(rows) == len(expected) == 3
    for got, want in zip(rows, expected, strict=True):
        assert [type(value) for value in got] == [type(value) for value in want]
        assert [value if value == value else "missing" for value in got] == [
            value if value == value else "missing" for value in want
        ]
