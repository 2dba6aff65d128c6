"""The longer name around a source term is the one the plain loop over every substring finds:
the proper nouns starting at each position come from one walk of their trie."""

from __future__ import annotations

from mtaudit.glossary import segmenter
from mtaudit.glossary.boundaries import NAME_TAGS
from mtaudit.glossary.cedict import proper_nouns
from mtaudit.glossary.longer import MAX_NAME, LongerName, LongerNames
from mtaudit.glossary.matcher import SourceHit
from mtaudit.glossary.model import Entry
from mtaudit.glossary.normalize import normalize_zh

SOURCES = [
    "北京大学的学生在北京协和医院实习。",
    "德国之声报道，伦敦希尔顿酒店关门了。",
    "美国总统拜登与英国首相会面，刘遵义说。",
    "香港特别行政区政府和澳门大学合作。",
    "中国人民银行行长在华盛顿发表讲话。",
    "他在巴黎圣母院前拍照，纽约时报报道。",
    "中华人民共和国外交部和北大西洋公约组织，联合国教科文组织。",
]


def _plain(source: str, hit: SourceHit) -> LongerName | None:
    """The loop before its proper nouns came from the trie (the dictionary part only)."""
    text, best = normalize_zh(source), None
    proper, tags = proper_nouns(), segmenter.word_tags()
    for start in range(max(0, hit.end - MAX_NAME), hit.start + 1):
        for end in range(min(len(text), start + MAX_NAME), hit.end - 1, -1):
            if end - start <= hit.end - hit.start or (best and end - start <= len(best.text)):
                break
            found = proper.get(text[start:end])
            if found is not None:
                best = LongerName(source[start:end], found.names[0])
            elif tags.get(text[start:end], "")[:2] in NAME_TAGS:
                best = LongerName(source[start:end], None)
    return best


def test_the_longer_name_is_the_plain_loops_for_every_span() -> None:
    longer, found = LongerNames(), 0
    entry = Entry("t", ("x",), "X", type="person")  # not a place: the dictionaries alone decide
    for source in SOURCES:
        for start in range(len(source)):
            for end in range(start + 1, min(len(source), start + 4) + 1):
                hit = SourceHit(entry, start, end, source[start:end])
                expected = _plain(source, hit)
                assert longer.containing(source, hit) == expected, (source, start, end)
                found += expected is not None and expected.english is not None
    assert found > 20  # proper nouns with English names among them
