"""Is a glossary term in the source part of a longer name? 北京 in 北京大学 (Peking University),
德国 in 德国之声 (Deutsche Welle), 伦敦 in a hotel's name: such a hit is not a hit for the short
entry when the translation renders the longer name as a whole.

A longer name is a CC-CEDICT proper noun or a word of jieba's dictionary that contains the hit,
or, for a place, the hit followed by an institution's name ending in a word such as 大学, 医院 or
出版社 (北京协和医院). Only hits the target does not render are asked about, so the dictionaries
are loaded only when one is.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from mtaudit.glossary import segmenter
from mtaudit.glossary.boundaries import NAME_TAGS
from mtaudit.glossary.cedict import CedictName, proper_nouns
from mtaudit.glossary.matcher import SourceHit
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import SINGLE_SURNAMES
from mtaudit.glossary.tagger import FUNCTION_CHARS, name_tagger
from mtaudit.packed import PackedMapping

#: Longest longer name looked up in the dictionaries, in characters.
MAX_NAME = 12
#: Words that end the name of an institution, a business or a publication.
INSTITUTION_ENDINGS = (
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "医院",
    "研究院",
    "研究所",
    "研究中心",
    "科学院",
    "银行",
    "公司",
    "集团",
    "出版社",
    "电视台",
    "广播电台",
    "日报",
    "晚报",
    "时报",
    "周刊",
    "之声",
    "论坛",
    "协会",
    "学会",
    "商会",
    "基金会",
    "酒店",
    "饭店",
    "宾馆",
    "机场",
    "车站",
    "博物馆",
    "图书馆",
    "体育场",
    "体育馆",
    "剧院",
    "俱乐部",
    "队",
    "交易所",
    "办事处",
    "夏令时",
    "时间",
    "大道",
    "路",
    "街",
)
_ENDING = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:" + "|".join(sorted(map(re.escape, INSTITUTION_ENDINGS), key=len, reverse=True)) + ")"
)


#: A given name joined by a dot right before a hit: the hit is the surname of a full name.
_DOTTED_GIVEN = re.compile(r"[\u4e00-\u9fff]{1,6}[·•‧・･]$")


class LongerName(NamedTuple):
    text: str
    english: str | None  # its English name where a dictionary gives one


class LongerNames:
    def containing(self, source: str, hit: SourceHit) -> LongerName | None:
        """The longest longer name around ``hit`` in ``source``, if there is one."""
        text = normalize_zh(source)
        best: LongerName | None = None
        for start in range(max(0, hit.end - MAX_NAME), hit.start + 1):
            # the proper nouns and jieba's words tagged as names that start here, each found in one
            # walk of a trie; the longest that holds the hit and is longer than the best so far
            window = text[start : start + MAX_NAME]
            proper = {len(key): key for key in self._proper.keys_starting(window)}
            named = [len(word) for word, tag in segmenter.tagged_words_starting(window) if tag[:2] in NAME_TAGS]
            shortest = max(hit.end - start, hit.end - hit.start + 1, len(best.text) + 1 if best else 0)
            longest = max((size for size in (*proper, *named) if size >= shortest), default=0)
            if longest:
                english = self._proper[proper[longest]].names[0] if longest in proper else None
                best = LongerName(source[start : start + longest], english)
        if best is None and hit.entry.type == "person":
            given = _DOTTED_GIVEN.search(source, 0, hit.start)  # as written: spaces fold to · in ``text``
            if given:  # 简·奥斯汀 Jane Austen: another person than the entry's Austin
                best = LongerName(source[given.start() : hit.end], None)
        if best is None and hit.entry.type == "place":
            ending = _ENDING.match(text, hit.end)
            if ending:
                best = LongerName(source[hit.start : ending.end()], None)
            elif self._in_personal_name(text, hit):
                best = LongerName(source[hit.start - 1 : hit.end], None)
        return best

    def _in_personal_name(self, text: str, hit: SourceHit) -> bool:
        """A two-character place after a surname that jieba joins into a name (刘遵义, not 遵义 the city)."""
        start = hit.start - 1
        if start < 0 or hit.end - hit.start != 2 or text[start] not in SINGLE_SURNAMES or text[start] in FUNCTION_CHARS:
            return False
        block = text[start : hit.end + 2]
        return any(
            word == text[start : hit.end] and flag.startswith("nr") for word, flag in name_tagger().tag_block(block)
        )

    @cached_property
    def _proper(self) -> PackedMapping[CedictName]:
        return proper_nouns()
