"""The sentence shown with each finding (text and Markdown reports): trimmed around the term and the
wrong span, words kept whole, on one line."""

from __future__ import annotations

from pathlib import Path

import mtaudit
from mtaudit.report import render
from mtaudit.report.excerpt import CONTEXT, ELLIPSIS, excerpt
from tests.reportcase import sample_result

LONG = (
    "On Tuesday the spokesperson of the foreign ministry told reporters in the capital that "
    "President Bayeng would travel abroad next month to meet the leaders of several neighbouring countries."
)


def test_a_long_sentence_is_trimmed_around_the_span_with_ellipses_and_whole_words() -> None:
    start = LONG.index("Bayeng")
    shown = excerpt(LONG, (start, start + 6))
    assert shown.span == "Bayeng"
    assert shown.before.startswith(ELLIPSIS) and shown.after.endswith(ELLIPSIS)
    assert shown.before == ELLIPSIS + "reporters in the capital that President "
    assert shown.after == " would travel abroad next month to meet…"
    for part in (shown.before, shown.after):
        assert len(part) <= CONTEXT + 1  # an ellipsis more, never more context
    assert shown.marked() == "…reporters in the capital that President «Bayeng» would travel abroad next month to meet…"


def test_a_short_sentence_is_whole_and_line_breaks_become_spaces() -> None:
    text = "Secretary\nLei Mengduo  announced it."
    shown = excerpt(text, (10, 21))
    assert shown.marked("[", "]") == "Secretary [Lei Mengduo] announced it."


def test_chinese_is_cut_by_characters() -> None:
    text = "据报道，" + "外" * 50 + "拜登" + "内" * 50 + "。"
    start = text.index("拜登")
    shown = excerpt(text, (start, start + 2))
    assert shown.before == ELLIPSIS + "外" * CONTEXT and shown.after == "内" * CONTEXT + ELLIPSIS


def test_without_a_span_the_beginning_is_shown() -> None:
    shown = excerpt(LONG, None)
    assert shown.span == "" and shown.before.endswith(ELLIPSIS) and LONG.startswith(shown.before[:-1])
    assert excerpt("He said so.", None).marked() == "He said so."


def test_the_text_report_shows_source_and_target_under_each_finding(tmp_path: Path) -> None:
    lines = render(sample_result(tmp_path), "text").splitlines()
    at = lines.index(
        "site/en/a.md:3:5: error [forbidden] 'Bayeng' is a known wrong rendering of 拜登: use 'Biden' (confidence 0.97)"
    )
    assert lines[at + 1 : at + 3] == ["    source: «拜登»政府表示。", "    target: The «Bayeng» administration said."]
    missing = next(i for i, line in enumerate(lines) if "[missing]" in line)
    assert lines[missing + 2] == "    target: He said so."  # nothing to mark: the sentence as it is


def test_no_translation_aligned_and_target_only(tmp_path: Path, glossary_file: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\ns1\t拜登说。\t\n", encoding="utf-8")
    lines = render(mtaudit.audit(corpus, glossaries=[glossary_file]), "text").splitlines()
    assert lines[1:3] == ["    source: «拜登»说。", "    target: (no translation aligned)"]
    english = tmp_path / "en.txt"
    english.write_text("The Bayeng administration said so.\n", encoding="utf-8")
    lines = render(mtaudit.audit(english, glossaries=[glossary_file]), "text").splitlines()
    assert lines[1] == "    target: The «Bayeng» administration said so." and "source:" not in lines[2]


def test_a_finding_whose_segment_is_not_in_the_report_shows_no_sentence(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.findings.loc[0, "seg_id"] = "not-a-segment"
    lines = render(result, "text").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("news/a/not-a-segment: "))
    assert not lines[at + 1].startswith("    "), "no sentence, and no 'no translation aligned' either"
    assert "| `Bayeng` | `Biden` |" in render(result, "markdown")  # what was found, in place of the sentence
