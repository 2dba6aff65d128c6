"""Fast paths give what the plain paths give."""
from __future__ import annotations

import opencc

from mtaudit.glossary.normalize import fold, normalize_zh

TEXTS = ["", "plain ascii", "葉倫說\n話", "ＡＢＣ１２３，臺灣的葉倫", "ﬁ合字與①㈱㍻", "𠀀繁體字", "e\u0301", "\u0301開頭",
         "拜登會見了習近平。", "国王毅然决定，王毅表示。"]


def test_normalisation_that_skips_opencc_gives_what_opencc_gives() -> None:
    """normalize_zh skips OpenCC for text with no character it would change; the traditional and
    Taiwan forms of every text must still come out as the full path folds them."""
    taiwan = opencc.OpenCC("s2twp").convert
    texts = TEXTS + [taiwan(text) for text in TEXTS] + ["耶伦会见了何立峰", "葉倫會見了何立峰", "拜登・约瑟夫", "乾隆年间的乾燥天气"]
    assert [normalize_zh(text) for text in texts] == [text if text.isascii() else fold(text) for text in texts]
    assert all(len(normalize_zh(text)) == len(text) for text in texts)
    assert normalize_zh("葉倫說") == "叶伦说" and normalize_zh("拜登會見了習近平") == "拜登会见了习近平"


