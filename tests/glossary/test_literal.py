"""Names translated word for word, found from CC-CEDICT's glosses of their characters."""

from __future__ import annotations

import pytest

from mtaudit.glossary.cedict import gloss_words
from mtaudit.glossary.literal import literal_span


def test_gloss_words_keep_what_a_definition_means() -> None:
    assert gloss_words(["leaf (CL:片[pian4])", "surname Ye"]) == ("leaf",)
    # pronunciations, cross-references and their pinyin say nothing of the meaning
    assert gloss_words(["abbr. for 多種維生素|多种维生素[duo1 zhong3 wei2 sheng1 su4], multivitamin"]) == (
        "multivitamin",
    )
    assert gloss_words(["to pass", "Taiwan pr. [duo2]"]) == ("pass",)


@pytest.mark.parametrize(
    "name, target, found",
    [
        ("台积电", "They would not invest in Taiwan's electricity accumulation.", "Taiwan's electricity accumulation"),
        ("元气森林", "The yogurt of Vitality Forest won a prize.", "Vitality Forest"),
        ("台积电", "They would not invest in Taiwan.", None),  # one character of three is no translation of it
        ("叶子", "The Leaf notes", "Leaf"),  # a whole word of the dictionary
        ("台积电", "TSMC, or Taiwan Semiconductor", None),  # a name's own English is not its literal rendering
        # 小 is "small; tiny; few; young" in its entry; words such as 小狗 "little dog" give "little"
        ("小雲", 'Thank you for supporting our "Little Cloud".', "Little Cloud"),
        ("小雲", 'Thank you for supporting our "small cloud".', "small cloud"),
    ],
)
def test_literal_span(name: str, target: str, found: str | None) -> None:
    literal = literal_span(name, target)
    assert (literal.span.text if literal else None) == found
    if literal:
        assert target[literal.span.start : literal.span.end] == found


def test_literal_span_leaves_taken_spans_alone() -> None:
    target = "Taiwan's electricity accumulation, then Taiwan electricity accumulation"
    first = literal_span("台积电", target)
    assert first is not None
    second = literal_span("台积电", target, [first.span])
    assert second is not None and second.span.start > first.span.end and second.covered == 3
