"""The vectorised HMM search finds jieba's own paths, ties and unknown characters included."""

from __future__ import annotations

import random

import pytest

from mtaudit.glossary import segmenter
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
