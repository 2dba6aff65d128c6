"""The source's names outside the glossary: looking closer only at candidates outside its hits
finds the names that looking at every candidate and dropping those in a hit finds."""

from __future__ import annotations

import random

from mtaudit.checks import namespans
from mtaudit.checks.context import CheckContext
from mtaudit.checks.namespans import source_names
from mtaudit.glossary import load_glossaries

#: Parts of sentences of our own: names the bundled glossary lists, Chinese names it does not,
#: transliterated names, CC-CEDICT places and people, a business's name, titles and verbs.
PARTS = (
    "拜登",
    "王毅",
    "习近平",
    "北京",
    "新华社",
    "周珊珊",
    "黄小希",
    "林碧锋",
    "张迪鸣",
    "雷蒙多",
    "克韦西奇",
    "博洛尼亚",
    "肯尼迪",
    "马拉松",
    "支雲餐厅",
    "记者",
    "教授",
    "说",
    "表示",
    "会见了",
    "周五",
    "关注",
    "在",
    "和",
    "的",
    "、",
    "，",
    "。",
)


def _sentences() -> list[str]:
    draw = random.Random(16)
    return ["".join(draw.choices(PARTS, k=draw.randint(1, 14))) for _ in range(1500)]


def test_candidates_in_a_glossary_hit_are_dropped_before_they_are_looked_at(monkeypatch) -> None:
    matcher = CheckContext(load_glossaries()).source_matcher
    sentences = [(sentence, matcher.find(sentence)) for sentence in _sentences()]
    fast = [source_names(sentence, hits) for sentence, hits in sentences]
    looked_at = namespans._candidates
    monkeypatch.setattr(
        namespans, "_candidates", lambda source, text, context, taken, hits: looked_at(source, text, context, [], hits)
    )
    namespans._source_names.cache_clear()  # asked afresh, not remembered from the first pass
    assert [source_names(sentence, hits) for sentence, hits in sentences] == fast
    namespans._source_names.cache_clear()
    assert sum(bool(hits) for _, hits in sentences) > 1000 and sum(map(len, fast)) > 1000


def test_remembered_names_come_as_a_new_list_and_depend_on_the_context() -> None:
    """A source asked again gets the names it got, in a list of its own (the caller's additions
    stay its own); the context is part of what is remembered."""
    source = "总统府发言人李明辉表示，会谈将在下周举行。"
    first = source_names(source, [])
    first.append(first[0])
    again = source_names(source, [])
    assert len(again) == len(first) - 1 and again[0] == first[0] and again[0].text == "李明辉"
    hits = namespans._source_names.cache_info().hits
    source_names(source, [], "越南外交部发表声明。")
    assert namespans._source_names.cache_info().hits == hits  # another context: worked out afresh
