"""A term's pinyin and Wade–Giles are converted from one pypinyin call (its tone-marked syllables):
the same syllables as pypinyin's own call for each style, on names, phrases whose reading depends
on the phrase (重庆, 银行), ü (吕, 女), and text mixed with Latin letters, digits and punctuation."""

from __future__ import annotations

import pytest

from mtaudit.glossary.pinyin_data import pypinyin
from mtaudit.glossary.romanize import _styled

TEXTS = ["何立峰", "重庆银行", "吕女士", "绿色", "长沙市长", "A股上涨3%，", "欧阳娜娜", "", "abc", "乐乐和音乐"]


@pytest.mark.parametrize("style", ["NORMAL", "WADEGILES", "TONE3"])
@pytest.mark.parametrize("text", TEXTS)
def test_each_style_is_pypinyins_own(text: str, style: str) -> None:
    module = pypinyin()
    chosen = getattr(module.Style, style)
    assert _styled(text, chosen) == module.lazy_pinyin(text, style=chosen, errors="ignore")
