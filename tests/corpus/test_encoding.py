"""Encodings of Chinese text: detected from the bytes, decoded strictly, refused when garbage.

Short texts matter: a detector that guesses by statistics picks wrong codecs on a few CJK
characters, so both realistic paragraphs and two-character files are tested.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mtaudit.corpus import load_corpus
from mtaudit.encoding import detect_encoding, iter_lines, plausibility, read_text
from mtaudit.errors import InputError

SIMPLIFIED = (
    "国家统计局周三公布的数据显示，今年前三个季度全国粮食产量比去年同期增长百分之二点一，"
    "其中秋粮播种面积稳中有增。专家表示，农业生产总体平稳，为稳定物价打下了基础。"
)
TRADITIONAL = (
    "交通部昨天宣布，環島鐵路將在明年春節前完成電氣化工程，屆時東部旅客往返台北的時間可縮短半小時。"
    "部長表示，工程期間將盡量減少對通勤族的影響。"
)
SHORT_SIMPLIFIED = "拜登"
SHORT_TRADITIONAL = "葉倫訪華"

CASES = [
    (SIMPLIFIED, "gb18030"),
    (SIMPLIFIED, "gbk"),
    (SIMPLIFIED, "utf-8"),
    (SIMPLIFIED, "utf-8-sig"),
    (SIMPLIFIED, "utf-16"),
    (SIMPLIFIED, "utf-16-le"),
    (SIMPLIFIED, "utf-16-be"),
    (TRADITIONAL, "big5"),
    (TRADITIONAL, "gb18030"),
    (TRADITIONAL, "utf-16-le"),
    (TRADITIONAL, "utf-8"),
    (SHORT_SIMPLIFIED, "gb18030"),
    (SHORT_SIMPLIFIED, "big5"),
    (SHORT_SIMPLIFIED, "utf-16-be"),
    (SHORT_TRADITIONAL, "big5"),
    (SHORT_TRADITIONAL, "gb18030"),
    (SHORT_TRADITIONAL, "utf-16-le"),
]


@pytest.mark.parametrize(("text", "encoding"), CASES)
def test_detected_codec_decodes_the_text_exactly(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert data.decode(detect_encoding(data)) == text


@pytest.mark.parametrize(("text", "encoding"), [(SIMPLIFIED, "gbk"), (TRADITIONAL, "big5"), (SIMPLIFIED, "utf-16-le")])
def test_documents_in_legacy_encodings_are_read(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("Title line in English\n" + text + "\n").encode(encoding))
    assert read_text(path).splitlines()[1] == text


def test_a_big5_tsv_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_bytes(f"source\ttarget\n{TRADITIONAL}\tThe ministry said.\n".encode("big5"))
    assert load_corpus(path).source[0] == TRADITIONAL


def test_undecodable_bytes_are_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_bytes(b"source\ttarget\n" + bytes(range(0x80, 0x100)) * 4 + b"\tx\n")
    with pytest.raises(InputError, match="cannot decode"):
        load_corpus(path)


def test_mojibake_scores_low_and_real_text_high() -> None:
    garbled = SIMPLIFIED.encode("gbk").decode("big5", errors="replace")
    assert plausibility(SIMPLIFIED) > 0.95 and plausibility(TRADITIONAL) > 0.95
    assert plausibility(garbled) < 0.85


def test_a_bad_byte_far_into_a_large_file_names_its_line(tmp_path: Path) -> None:
    """The codec is chosen on the first 64 KiB; later bytes are still decoded strictly."""
    path = tmp_path / "big.tsv"
    good = "".join(f"{SIMPLIFIED}\tThe bureau said.\n" for _ in range(2000)).encode("utf-8")
    path.write_bytes(b"source\ttarget\n" + good + b"\xff\xfe\xfa\tbroken\n")
    with pytest.raises(InputError, match=r"big\.tsv:2002: bytes that are not valid utf-8"):
        load_corpus(path)


def test_utf16_bom_is_consumed_and_lines_stream(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "第一行\r\n第二行\r\n".encode("utf-16-le"))
    assert list(iter_lines(path)) == ["第一行\r\n", "第二行\r\n"]
