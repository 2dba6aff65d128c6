"""Sentence splitting (Chinese and English), Gale–Church alignment, and streaming of large files."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from mtaudit.corpus import reader_for
from mtaudit.corpus.align import Bead, LengthCost, align
from mtaudit.corpus.sentences import split_chinese, split_english


def _zh(text: str) -> list[str]:
    return [text[a:b] for a, b in split_chinese(text)]


def _en(text: str) -> list[str]:
    return [text[a:b] for a, b in split_english(text)]


def test_chinese_terminators_keep_closing_quotes_and_brackets() -> None:
    assert _zh("会议结束了。你同意吗？当然！双方同意；细节待定……（完）") == [
        "会议结束了。",
        "你同意吗？",
        "当然！",
        "双方同意；",
        "细节待定……",
        "（完）",
    ]
    assert _zh("他说：“我们会来。你们呢？”随后离开。") == ["他说：“我们会来。你们呢？”", "随后离开。"]
    assert _zh("「這是第一句。」第二句在此。") == ["「這是第一句。」", "第二句在此。"]


def test_unbalanced_quotes_fall_back_to_plain_terminators() -> None:
    assert _zh("他说“没有结束。另一句。") == ["他说“没有结束。", "另一句。"]


def test_english_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Mr. Lee met U.S. officials on Jan. 5 in Washington. The U.S. said no. It was held on "
        'Friday.It ended early. No. 3 was next. Dr. J. Smith said "Fine." Then he left!'
    )
    assert _en(text) == [
        "Mr. Lee met U.S. officials on Jan. 5 in Washington.",
        "The U.S. said no.",
        "It was held on Friday.",
        "It ended early.",
        "No. 3 was next.",
        'Dr. J. Smith said "Fine."',
        "Then he left!",
    ]


def test_spans_are_offsets_into_the_paragraph() -> None:
    text = "  第一句。 第二句。  "
    assert split_chinese(text) == [(2, 6), (7, 11)]


def _beads(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_equal_shapes_align_one_to_one() -> None:
    zh = ["一" * 20, "二" * 40, "三" * 10]
    en = ["a" * 60, "b" * 120, "c" * 30]
    assert _beads(align(zh, en)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_two_sentences_translated_as_one_merge() -> None:
    zh = ["一" * 20, "二" * 20, "三" * 30, "四" * 25]
    en = ["a" * 120, "c" * 90, "d" * 75]
    assert _beads(align(zh, en)) == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))]


def test_units_without_a_counterpart_stand_alone() -> None:
    """Gale–Church scores an omission's length too, so a lone unit stays 1-0 only when nothing
    can absorb it; an omitted sentence between others is merged (2-1) rather than dropped,
    which keeps its terms in a unit instead of reporting them missing."""
    assert _beads(align(["一" * 30, "二" * 30], [])) == [((0,), ()), ((1,), ())]
    assert _beads(align([], ["a" * 30])) == [((), (0,))]
    assert _beads(align(["一" * 30, "二" * 5, "三" * 30], ["a" * 90, "c" * 90])) == [((0,), (0,)), ((1, 2), (1,))]


def test_shared_numbers_and_latin_words_anchor_the_alignment() -> None:
    zh = ["二零二六年的会议。" * 3, "代表团由Brent Neiman领导，成员12人。", "其他议题。"]
    en = [
        "The 2026 meeting and more words here.",
        "Another sentence of similar length follows it.",
        "Brent Neiman led the delegation of 12 people.",
        "Other topics.",
    ]
    beads = _beads(align(zh, en))
    assert ((1,), (2,)) in beads


def test_the_cost_is_a_hook() -> None:
    """A custom cost (e.g. one that compares a reference MT with the target) replaces lengths."""
    zh, en = ["甲", "乙"], ["second", "first"]
    prefer_crossing = LengthCost(zh, en)
    assert _beads(align(zh, en, cost=lambda s, t: prefer_crossing(s, t))) == [((0,), (0,)), ((1,), (1,))]
    beads = align(zh, en, cost=lambda s, t: 0.0 if len(s) + len(t) == 1 else 1.0)
    assert all(len(b.source) + len(b.target) == 1 for b in beads)


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl"])
def test_large_files_are_read_incrementally(tmp_path: Path, suffix: str) -> None:
    """Reading the first rows of a 20 MB file allocates a small fraction of its size."""
    path = tmp_path / f"big{suffix}"
    line = ("拜登会见了耶伦。" * 20, "Biden met Yellen. " * 20)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("source\ttarget\n" if suffix == ".tsv" else "")
        for _ in range(30_000):
            handle.write(
                f"{line[0]}\t{line[1]}\n" if suffix == ".tsv" else f'{{"source": "{line[0]}", "target": "{line[1]}"}}\n'
            )
    assert path.stat().st_size > 15_000_000
    tracemalloc.start()
    rows = reader_for(path).rows(path, "big")
    first = [next(rows) for _ in range(100)]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert first[99]["target_line"] == (101 if suffix == ".tsv" else 100)
    assert peak < 2_000_000, peak


def test_xml_rows_arrive_before_the_end_of_the_file_is_parsed(tmp_path: Path) -> None:
    """Streaming: the first unit of a TMX is yielded although the file is cut off at the end."""
    path = tmp_path / "cut.tmx"
    units = "".join(
        f'<tu tuid="{i}"><tuv xml:lang="zh"><seg>拜登{i}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Biden {i}</seg></tuv></tu>\n'
        for i in range(5000)
    )
    path.write_text(f'<tmx version="1.4"><header srclang="zh"/><body>\n{units}<tu><tuv', encoding="utf-8")
    rows = reader_for(path).rows(path, "cut")
    assert next(rows)["target"] == "Biden 0"
    with pytest.raises(Exception, match="malformed XML"):
        for _ in rows:
            pass
