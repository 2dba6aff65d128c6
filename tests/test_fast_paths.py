"""Fast paths give what the plain paths give."""
from __future__ import annotations

from mtaudit.glossary.normalize import normalize_zh, normalize_zh_many

TEXTS = ["", "plain ascii", "葉倫說\n話", "ＡＢＣ１２３，臺灣的葉倫", "ﬁ合字與①㈱㍻", "𠀀繁體字", "e\u0301", "\u0301開頭",
         "拜登會見了習近平。", "国王毅然决定，王毅表示。"]


def test_batch_normalisation_matches_one_by_one() -> None:
    assert normalize_zh_many(TEXTS) == [normalize_zh(text) for text in TEXTS]
    assert all(len(a) == len(b) for a, b in zip(normalize_zh_many(TEXTS), TEXTS))
