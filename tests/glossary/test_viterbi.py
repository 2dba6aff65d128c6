"""The vectorised HMM search finds jieba's own paths, ties and unknown characters included; the
name tagger tags a block as jieba's cut does."""

from __future__ import annotations

import random

import pytest

from mtaudit.glossary import segmenter
from mtaudit.glossary.tagger import name_tagger
from mtaudit.glossary.viterbi import PosViterbi

posseg = segmenter.posseg()
TABLES = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)


@pytest.fixture(scope="module")
def hmm() -> PosViterbi:
    return PosViterbi(*TABLES)


def _texts() -> list[str]:
    rng = random.Random(7)
    known = sorted(posseg.char_state_tab_P)
    texts = ["习近平", "王小明说", "欧阳娜娜和李雷", "克尔凯郭尔", "\u9fd5\u9fd4", "丨丨丨", "一"]
    texts += ["".join(rng.choice(known) for _ in range(rng.randint(1, 14))) for _ in range(300)]
    texts += ["".join(chr(rng.randint(0x4E00, 0x9FD5)) for _ in range(rng.randint(1, 8))) for _ in range(100)]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_the_path_is_jiebas(hmm: PosViterbi, text: str) -> None:
    _, expected = posseg.viterbi(text, *TABLES)
    assert hmm.path(text) == expected


BLOCKS = [
    "王小明说他和李雷去了北京",
    "欧阳娜娜2024年在上海",
    "克尔凯郭尔与叔本华",
    "由洛帕希于周五发布",
    "abc",
    "一",
    "习近平主席会见了拜登",
]


@pytest.mark.parametrize("block", BLOCKS + _texts()[:100])
def test_a_blocks_tags_are_what_jiebas_cut_makes_of_it(block: str) -> None:
    tagger = name_tagger()
    assert tagger.tag_block(block) == tuple((word.word, word.flag) for word in tagger.cut(block))
