"""Reader contract: the same rows in every bilingual format give the same segments and findings.

Each format has a writer here; every reader must pass the same contract (same table, GB18030
and UTF-16 input, a character beyond U+FFFF, missing file refused). Format-specific features
(inline tags, plural forms, TMX language variants) have their own tests on fixtures we wrote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import mtaudit
from mtaudit.corpus import READERS, load_corpus, spec_for
from mtaudit.corpus.inline import markup_span, plain_text
from mtaudit.errors import InputError
from mtaudit.segments import SEGMENT_COLUMNS
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "corpus" / "bilingual"

ROWS = [
    ("n1", "拜登会见了耶伦。", "Biden met Yellen."),
    ("n2", "雷蒙多说，“会谈很坦诚”。", 'Raimondo said the talks were "frank".'),
    ("n3", "美国总统拜登表示 & 强调。", "President Bayeng said & stressed."),
    ("n4", "𠀀字在基本平面之外。", "A character beyond the BMP."),
]


def write_tsv(path: Path, rows, encoding: str) -> None:
    path.write_bytes(("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in rows)).encode(encoding))


def write_csv(path: Path, rows, encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "source", "target"])
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_jsonl(path: Path, rows, encoding: str) -> None:
    lines = [json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=False) for i, s, t in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _xml_decl(encoding: str) -> str:
    name = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16"}.get(encoding, encoding.upper())
    return f'<?xml version="1.0" encoding="{name}"?>\n'


def write_xliff12(path: Path, rows, encoding: str) -> None:
    units = "".join(
        f'<trans-unit id="{i}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>\n'
        for i, s, t in rows
    )
    text = (
        _xml_decl(encoding) + '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'<file original="{path.stem}" source-language="zh-CN" target-language="en-US" datatype="plaintext">'
        f"<body>\n{units}</body></file></xliff>\n"
    )
    path.write_bytes(text.encode(encoding))


def write_xliff20(path: Path, rows, encoding: str) -> None:
    units = "".join(
        f'<unit id="{i}"><segment><source>{escape(s)}</source><target>{escape(t)}</target></segment></unit>\n'
        for i, s, t in rows
    )
    text = (
        _xml_decl(encoding) + '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
        f'srcLang="zh" trgLang="en"><file id="{path.stem}">\n{units}</file></xliff>\n'
    )
    path.write_bytes(text.encode(encoding))


def write_tmx(path: Path, rows, encoding: str) -> None:
    units = "".join(
        f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{escape(s)}</seg></tuv>'
        f'<tuv xml:lang="en-US"><seg>{escape(t)}</seg></tuv></tu>\n'
        for i, s, t in rows
    )
    text = (
        _xml_decl(encoding) + '<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" '
        f'adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>\n{units}</body></tmx>\n'
    )
    path.write_bytes(text.encode(encoding))


def write_po(path: Path, rows, encoding: str) -> None:
    charset = "UTF-8" if encoding.startswith("utf") else encoding.upper()
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
    entries = "".join(
        f'msgctxt "{i}"\nmsgid "{json.dumps(s, ensure_ascii=False)[1:-1]}"\n'
        f'msgstr "{json.dumps(t, ensure_ascii=False)[1:-1]}"\n\n'
        for i, s, t in rows
    )
    path.write_bytes((header + entries).encode(encoding))


WRITERS: dict[str, tuple[str, Callable]] = {
    "tsv": (".tsv", write_tsv),
    "csv": (".csv", write_csv),
    "jsonl": (".jsonl", write_jsonl),
    "xliff12": (".xlf", write_xliff12),
    "xliff20": (".xliff", write_xliff20),
    "tmx": (".tmx", write_tmx),
    "po": (".po", write_po),
}


def _contract(frame):
    return frame[list(SEGMENT_COLUMNS)]


@pytest.fixture
def reference_table(tmp_path: Path):
    path = tmp_path / "ref" / "news.tsv"
    path.parent.mkdir()
    write_tsv(path, ROWS, "utf-8")
    return _contract(load_corpus(path))


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_same_rows_give_the_same_segments(tmp_path: Path, fmt: str, reference_table) -> None:
    suffix, writer = WRITERS[fmt]
    path = tmp_path / f"news{suffix}"
    writer(path, ROWS, "utf-8")
    table = load_corpus(path)
    assert _contract(table).equals(reference_table), table
    assert table.source[3].startswith("\U00020000")
    assert set(table.target_file) == {str(path)} and table.target_line.notna().all()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_reader_reads_chinese_encodings(tmp_path: Path, fmt: str, encoding: str) -> None:
    suffix, writer = WRITERS[fmt]
    path = tmp_path / f"news{suffix}"
    writer(path, ROWS, encoding)
    table = load_corpus(path)
    assert list(table.source) == [s for _, s, _ in ROWS]  # U+20000 is a four-byte GB18030 sequence
    assert list(table.target) == [t for _, _, t in ROWS]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_same_rows_give_the_same_findings(tmp_path: Path, fmt: str, glossary_file: Path) -> None:
    suffix, writer = WRITERS[fmt]
    path = tmp_path / f"news{suffix}"
    writer(path, ROWS, "utf-8")
    findings = mtaudit.audit(path, glossaries=[glossary_file]).findings
    assert [(f["seg_id"], f["kind"], f["found"]) for f in findings.to_dict("records")] == [
        ("n3", "forbidden", "Bayeng")
    ]


@pytest.mark.parametrize("suffix", sorted({ext for spec in READERS.values() for ext in spec.extensions}))
def test_missing_file_is_refused_for_every_format(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(InputError, match="not found"):
        load_corpus(tmp_path / f"absent{suffix}")


def test_xml_extension_is_sniffed(tmp_path: Path) -> None:
    tmx, xliff = tmp_path / "memory.xml", tmp_path / "export.xml"
    write_tmx(tmx, ROWS, "utf-16")
    write_xliff12(xliff, ROWS, "utf-8")
    assert spec_for(tmx).module.endswith(".tmx") and spec_for(xliff).module.endswith(".xliff")
    assert list(load_corpus(tmx).seg_id) == ["n1", "n2", "n3", "n4"]


# --- XLIFF inline tags -----------------------------------------------------------------------


def test_xliff12_inline_tags_are_plain_for_checks_and_kept_as_markup() -> None:
    table = load_corpus(BILINGUAL / "inline12.xlf")
    assert list(table.seg_id) == ["intro", "codes", "untranslated"]  # translate="no" skipped
    assert set(table.doc_id) == {"briefing.html"}
    intro, codes, untranslated = table.to_dict("records")
    assert intro["target"] == "US President Bayeng met Treasury Secretary Yellen on Monday."
    assert (
        intro["target_markup"]
        == 'US President <g id="1">Bayeng</g> met<x id="2"/> Treasury Secretary Yellen on Monday.'
    )
    # native codes (<bpt>, <ept>, <ph>) are not text; <alt-trans> is not the unit's target
    assert codes["source"] == "雷蒙多访问北京。"
    assert codes["target"] == "Raimondo visited Beijing & Tianjin."
    assert untranslated["target"] == "" and untranslated["target_markup"] is None


def test_finding_span_maps_back_to_the_markup(glossary_file: Path) -> None:
    result = mtaudit.audit(BILINGUAL / "inline12.xlf", glossaries=[glossary_file])
    finding = next(f for f in result.findings.to_dict("records") if f["seg_id"] == "intro")
    segment = result.segments.set_index("seg_id").loc["intro"]
    start, end = finding["target_span"]
    assert segment["target"][start:end] == "Bayeng"
    a, b = markup_span(segment["target_markup"], (start, end))
    assert segment["target_markup"][a:b] == "Bayeng"
    assert segment["target_markup"][:a].endswith('<g id="1">')


def test_markup_span_covers_tags_inside_a_span_and_decodes_entities() -> None:
    markup = 'Bi<g id="1">den</g> &amp; <ph id="2">&lt;br/&gt;</ph>Yellen'
    assert plain_text(markup) == "Biden & Yellen"
    assert markup_span(markup, (0, 5)) == (0, markup.index("</g>"))
    a, b = markup_span(markup, (6, 7))
    assert markup[a:b] == "&amp;"
    a, b = markup_span(markup, (8, 14))
    assert markup[a:b] == "Yellen"
    with pytest.raises(ValueError):
        markup_span(markup, (10, 40))


def test_xliff20_units_segments_and_inline_codes(glossary_file: Path) -> None:
    table = load_corpus(BILINGUAL / "inline20.xlf")
    assert list(table.seg_id) == ["intro", "two:a", "two:b"]
    assert table.target[0] == "US President Bayeng met Treasury Secretary Yellen on Monday."
    assert table.target[2] == "Xi Jinping attended."
    assert table.target_markup[0].startswith('US President <pc id="1">Bayeng</pc>')
    findings = mtaudit.audit(BILINGUAL / "inline20.xlf", glossaries=[glossary_file]).findings
    assert [(f["seg_id"], f["found"]) for f in findings.to_dict("records")] == [("intro", "Bayeng")]


def test_xliff_with_another_language_pair_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fr.xlf"
    path.write_text(
        '<xliff version="1.2"><file original="a" source-language="fr" target-language="en">'
        '<body><trans-unit id="1"><source>Bonjour</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="source language is 'fr'"):
        load_corpus(path)


# --- TMX language variants ------------------------------------------------------------------


def test_tmx_picks_chinese_and_english_variants() -> None:
    table = load_corpus(BILINGUAL / "variants.tmx")
    rows = {r["seg_id"]: r for r in table.to_dict("records")}
    assert list(rows) == ["cn-1", "tw-1", "4", "zh-only"]  # the fr/en unit is another language pair
    assert rows["cn-1"]["source"] == "拜登会见了耶伦。" and rows["cn-1"]["target"] == "Biden met Yellen."
    assert rows["tw-1"]["source"] == "美國財長葉倫訪華。"  # header srclang zh-TW wins over zh-CN
    assert rows["tw-1"]["target"] == "US Treasury Secretary Yurun visited China."  # EN-GB is English
    assert rows["4"]["source"] == "雷蒙多訪問北京。" and rows["4"]["target"] == "Raimondo visited Beijing."
    assert rows["zh-only"]["target"] == ""


def test_tmx_without_chinese_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fr.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>Oui</seg></tuv>'
        '<tuv xml:lang="en"><seg>Yes</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"no Chinese translation units \(languages seen: en, fr\)"):
        load_corpus(path)


# --- PO ---------------------------------------------------------------------------------------


def test_po_ids_multiline_strings_and_plural_forms(glossary_file: Path) -> None:
    path = BILINGUAL / "plurals.po"
    table = load_corpus(path)
    assert list(table.seg_id) == ["headline", "15", "23[0]", "23[1]"]  # msgctxt, else the msgid line
    assert table.source[1] == "雷蒙多访问了北京。" and table.target[1] == "Raimondo visited Beijing."
    assert list(table.target_line) == [12, 18, 25, 26]
    findings = mtaudit.audit(path, glossaries=[glossary_file]).findings
    assert [(f["seg_id"], f["found"]) for f in findings.to_dict("records")] == [("23[1]", "Bayeng")]


@pytest.mark.parametrize("name", list(READERS))
def test_registry_entry_matches_its_class_and_imports_lazily(name: str) -> None:
    spec = READERS[name]
    reader = spec.load()
    assert set(reader.extensions) == set(spec.extensions) and reader.summary
    assert hasattr(reader, "rows") if spec.bilingual else hasattr(reader, "read")
