"""Length-bucketed batch planning and sentence-boundary splitting (no model needed)."""

from __future__ import annotations

from mtaudit.mt.batching import plan_batches, split_source


def chars(texts):
    """A stand-in token count: one token per character (the real tokenizer is used in test_mt.py)."""
    return [len(t) for t in texts]


def test_batches_cover_every_item_once_within_budget() -> None:
    lengths = [5, 40, 3, 12, 12, 7, 40, 1, 90]
    batches = plan_batches(lengths, batch_tokens=48)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        longest = max(lengths[i] for i in batch)
        assert len(batch) == 1 or len(batch) * longest <= 48
        assert lengths[batch[0]] == longest  # longest first: padding stays small
    assert [8] in batches  # longer than the budget alone: a batch of its own, not dropped


def test_short_text_is_not_split() -> None:
    assert split_source("拜登会见了耶伦。", chars, 20) == ["拜登会见了耶伦。"]


def test_split_at_sentence_ends_then_merged_greedily() -> None:
    text = "第一句话。第二句话！第三句话？“第四句。”第五句"
    pieces = split_source(text, chars, 11)
    assert "".join(pieces) == text
    assert pieces == ["第一句话。第二句话！", "第三句话？“第四句。”", "第五句"]
    assert all(len(p) <= 11 for p in pieces)


def test_an_overlong_sentence_is_split_at_clauses_then_characters() -> None:
    text = "甲乙丙丁戊，己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥。"
    pieces = split_source(text, chars, 8)
    assert "".join(pieces) == text and all(len(p) <= 8 for p in pieces)
    assert pieces[:2] == ["甲乙丙丁戊，", "己庚辛壬癸，"]


def test_characters_beyond_the_bmp_survive_splitting() -> None:
    text = "𠀀𠀁𠀂。𠀃𠀄𠀅。"
    assert split_source(text, chars, 4) == ["𠀀𠀁𠀂。", "𠀃𠀄𠀅。"]
