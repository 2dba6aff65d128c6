"""Document pairs: cleaning, front matter, pairing of files and directories, target-only mode,
positions, and a finding that points at the aligned unit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mtaudit
from mtaudit.corpus import load_corpus
from mtaudit.corpus.documents import read_document
from mtaudit.errors import InputError
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus"
DOCS = CORPUS / "docs"
ALIGN = CORPUS / "align"


def _segments(table) -> dict[tuple[str, str], dict]:
    return {(r["doc_id"], r["seg_id"]): r for r in table.to_dict("records")}


def test_wrong_name_in_paragraph_1_right_in_paragraph_3_flags_paragraph_1(glossary_file: Path) -> None:
    result = mtaudit.audit(ALIGN / "zh.md", ALIGN / "en.md", glossaries=[glossary_file])
    findings = result.findings.to_dict("records")
    assert [(f["seg_id"], f["kind"], f["found"]) for f in findings] == [("p1.s1", "misrendered", "Baiden")]
    segments = result.segments.set_index("seg_id")
    assert "Baiden" in segments.loc["p1.s1", "target"] and "拜登" in segments.loc["p1.s1", "source"]
    assert "Biden" in segments.loc["p3.s1", "target"] and "拜登" in segments.loc["p3.s1", "source"]
    assert segments.loc["p1.s1", "target_line"] == 5 and segments.loc["p1.s1", "target_column"] == 1


def test_directories_pair_by_relative_path_and_stem() -> None:
    table = load_corpus(DOCS / "zh", DOCS / "en")
    assert sorted(set(table.doc_id)) == ["feed/tianjin", "harbor"]  # zh .txt pairs with en .md
    segments = _segments(table)
    title = segments[("feed/tianjin", "title")]
    assert title["field"] == "title" and title["source"] == "中美贸易工作组在天津举行会谈 雷蒙多出席"
    assert title["target"] == "US-China trade working group meets in Tianjin, Raimondo attends"
    assert (
        segments[("feed/tianjin", "p2.s1")]["target"] == "US Commerce Secretary Raimondo led the delegation to Tianjin."
    )
    # a quoted pair of Chinese sentences stays one unit, aligned with the English it became
    quote = segments[("harbor", "p2.s2")]
    assert quote["source"] == "她说：“航运是全球经济的动脉。我们必须共同维护它的安全。”"
    assert quote["target"].startswith('"Shipping is the artery') and quote["target"].endswith("she said.")
    assert all(row["target"] for row in segments.values())


def test_feed_html_boilerplate_is_not_text() -> None:
    document = read_document(DOCS / "zh" / "feed" / "tianjin.txt", "zh")
    texts = [s.text for s in document.sentences()]
    assert document.fields["title"].text == "中美贸易工作组在天津举行会谈 雷蒙多出席"  # from the feed header line
    assert texts[0] == "中美两国商务部门官员周二在天津开始为期两天的会谈，重点讨论出口管制和供应链问题。"
    assert len(texts) == 7
    joined = "".join(texts)
    for junk in ("分享", "RSS", "feeds.example", "06/01/2026", "facebook", "openModal", "1767225600000", "------"):
        assert junk not in joined


def test_front_matter_newsletter_style_and_comments_are_not_text() -> None:
    document = read_document(DOCS / "zh" / "harbor.md", "zh")
    assert document.fields["title"].text == "港口城市举办国际航运论坛 耶伦发表视频讲话"
    assert set(document.fields) == {"title"}  # author, date, categories are not translated text
    joined = "".join(s.text for s in document.sentences())
    for junk in ("订阅", "电子信箱", "APP", "appendQr", "news_keyword", "&#123;", "示例财经", "　"):
        assert junk not in joined
    assert [s.id for s in document.paragraphs[1]] == ["p2.s1", "p2.s2", "p2.s3"]


def test_wrong_title_is_flagged_as_the_title_unit(tmp_path: Path, glossary_file: Path) -> None:
    english = tmp_path / "harbor.md"
    english.write_text(
        (DOCS / "en" / "harbor.md").read_text(encoding="utf-8").replace("Yellen speaks", "Yurun speaks"),
        encoding="utf-8",
    )
    findings = mtaudit.audit(DOCS / "zh" / "harbor.md", english, glossaries=[glossary_file]).findings
    assert [(f["seg_id"], f["found"]) for f in findings.to_dict("records")] == [("title", "Yurun")]


def test_positions_point_into_the_files() -> None:
    table = load_corpus(DOCS / "zh" / "feed" / "tianjin.txt", DOCS / "en" / "feed" / "tianjin.md")
    for row in table.to_dict("records"):
        for side in ("source", "target"):
            lines = Path(row[f"{side}_file"]).read_text(encoding="utf-8").splitlines()
            line = lines[row[f"{side}_line"] - 1]
            assert line[row[f"{side}_column"] - 1 :].startswith(row[side][:6]), (row["seg_id"], side)


def test_html_document_with_scripts_and_navigation(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>ignored</title><script>var x = '拜登';</script></head><body>"
        "<nav><a href='/'>Home</a></nav><h1>Talks resume in Geneva</h1>"
        "<p>Diplomats met in Geneva on Jan. 8. The U.S. delegation arrived late.</p>"
        "<div class='share-bar'>Share on X</div><!-- a comment --><footer>© Example</footer></body></html>",
        encoding="utf-8",
    )
    table = load_corpus(page)  # English alone: target-only mode
    assert list(table.seg_id) == ["p1.s1", "p2.s1", "p2.s2"]
    assert list(table.target) == [
        "Talks resume in Geneva",
        "Diplomats met in Geneva on Jan. 8.",
        "The U.S. delegation arrived late.",
    ]
    assert set(table.source) == {""}


def test_target_only_directory_and_chinese_alone_refused(tmp_path: Path) -> None:
    table = load_corpus(DOCS / "en")
    assert sorted(set(table.doc_id)) == ["feed/tianjin", "harbor"] and set(table.source) == {""}
    assert (table.field == "title").sum() == 2
    with pytest.raises(InputError, match="this file is Chinese"):
        load_corpus(DOCS / "zh" / "harbor.md")


def test_unpaired_file_is_an_error(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh", tmp_path / "en"
    shutil.copytree(DOCS / "zh", zh)
    shutil.copytree(DOCS / "en", en)
    (zh / "extra.md").write_text("没有译文的文章。\n", encoding="utf-8")
    (en / ".DS_Store").write_bytes(b"\x00\x01")  # hidden files are ignored
    with pytest.raises(InputError, match=r"without a counterpart in the other directory: .*extra\.md"):
        load_corpus(zh, en)


def test_swapped_sides_and_mixed_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="give the Chinese side first"):
        load_corpus(ALIGN / "en.md", ALIGN / "zh.md")
    with pytest.raises(InputError, match="both be files or both be directories"):
        load_corpus(DOCS / "zh", ALIGN / "en.md")
    tsv = tmp_path / "c.tsv"
    tsv.write_text("source\ttarget\n拜登\tBiden\n", encoding="utf-8")
    with pytest.raises(InputError, match="bilingual file is audited alone"):
        load_corpus(tsv, ALIGN / "en.md")


def test_markup_only_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<div class='share'>分享</div><style>p{}</style>", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load_corpus(path)


# --- line-aligned text files ------------------------------------------------------------------


def test_line_aligned_text_files_give_one_segment_per_line(tmp_path: Path) -> None:
    zh, en = tmp_path / "a.txt", tmp_path / "b.txt"
    zh.write_text("拜登会见了耶伦。\n\n雷蒙多访问北京。她说：“很好。”\n", encoding="utf-8")
    en.write_text('Biden met Yellen.\n\n  Raimondo visited Beijing. She said, "Good."\n', encoding="utf-8")
    table = load_corpus(zh, en)
    assert list(table.seg_id) == ["1", "3"] and table.target[1].startswith("Raimondo")
    assert list(table.target_line) == [1, 3] and list(table.target_column) == [1, 3]


def test_text_files_whose_lines_differ_are_aligned_as_documents(tmp_path: Path) -> None:
    zh, en = tmp_path / "a.txt", tmp_path / "b.txt"
    zh.write_text("拜登会见了耶伦。雷蒙多访问北京。\n", encoding="utf-8")
    en.write_text("Biden met Yellen.\n\nRaimondo visited Beijing.\n", encoding="utf-8")
    table = load_corpus(zh, en)
    assert list(table.seg_id) == ["p1.s1", "p1.s2"]
    assert list(table.target) == ["Biden met Yellen.", "Raimondo visited Beijing."]


def test_moses_style_files_must_correspond_line_by_line(tmp_path: Path) -> None:
    zh, en = tmp_path / "corpus.zh", tmp_path / "corpus.en"
    zh.write_text("拜登会见了耶伦。\n雷蒙多访问北京。\n", encoding="utf-8")
    en.write_text("Biden met Yellen.\nRaimondo visited Beijing.\n", encoding="utf-8")
    assert list(load_corpus(zh, en).seg_id) == ["1", "2"]
    en.write_text("Biden met Yellen.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"corpus\.en:1: line-aligned files differ in length"):
        load_corpus(zh, en)
