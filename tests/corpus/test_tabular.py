"""The tabular and JSONL readers, their encodings and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtaudit.corpus import load_corpus
from mtaudit.errors import InputError
from mtaudit.segments import SEGMENT_COLUMNS

ROWS = [("s1", "拜登会见了耶伦。", "Biden met Yellen."), ("s2", "𠀀字在基本平面之外。", "A character beyond the BMP.")]


def _tsv(rows=ROWS) -> str:
    return "id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in rows)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_tsv_in_every_encoding_gives_the_same_table(tmp_path: Path, encoding: str) -> None:
    text = _tsv(ROWS[:1]) if encoding == "gb18030" else _tsv()
    path = tmp_path / "c.tsv"
    path.write_bytes(text.encode(encoding))
    table = load_corpus(path)
    assert list(table.seg_id) == [r[0] for r in ROWS][: len(table)]
    assert table.source[0] == "拜登会见了耶伦。"
    assert table.doc_id[0] == "c"


def test_character_beyond_bmp_survives(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text(_tsv(), encoding="utf-8")
    assert load_corpus(path).source[1].startswith("\U00020000")


def test_csv_with_quotes_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes('source,target\r\n"拜登说，""好""。","Biden said, ""good""."\r\n'.encode())
    table = load_corpus(path)
    assert table.target[0] == 'Biden said, "good".'
    assert table.seg_id[0] == "1"


def test_jsonl_matches_tsv(tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_text(_tsv(), encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(
        "".join(json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=False) + "\n" for i, s, t in ROWS),
        encoding="utf-8",
    )
    columns = list(SEGMENT_COLUMNS)
    assert load_corpus(tsv)[columns].equals(load_corpus(jsonl)[columns])


def test_missing_columns_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("zh\ten\n拜登\tBiden\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_corpus(path)
    assert "source" in str(info.value) and str(info.value).startswith(f"{path}:1:")


def test_ragged_row_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("source\ttarget\n拜登\tBiden\n耶伦\tYellen\textra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":3: row has 3 fields"):
        load_corpus(path)


def test_broken_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"source": "拜登", "target": "Biden"}\n{"source": "耶伦", \n', encoding="utf-8")
    with pytest.raises(InputError, match=r":2: invalid JSON"):
        load_corpus(path)


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02\xff\xfe\x00binary\x00\x00"])
def test_empty_or_binary_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.tsv"
    path.write_bytes(content)
    with pytest.raises(InputError):
        load_corpus(path)


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_corpus(tmp_path / "nope.tsv")
    odd = tmp_path / "c.docx"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported input format"):
        load_corpus(odd)


def test_table_from_rows_with_changing_keys(monkeypatch) -> None:
    """Rows gathered into columns chunk by chunk: keys in order of first appearance, None where
    a row lacks one or gives NaN, positions as Python ints."""
    from mtaudit import corpus

    monkeypatch.setattr(corpus, "_CHUNK_ROWS", 2)
    base = {"doc_id": "d", "source": "拜登", "target": "Biden"}
    rows = [
        {**base, "seg_id": "1", "target_line": 2},
        {**base, "seg_id": "2", "target_line": 3},
        {**base, "seg_id": "3", "target_line": 4.0, "note": "n"},  # a new key in a later chunk
        {**base, "seg_id": "4", "target_line": float("nan")},
        {"seg_id": "5", "target": "Yellen", "doc_id": "d", "extra": "x"},
    ]
    table = corpus._table(iter(rows))
    assert list(table.columns) == [*SEGMENT_COLUMNS, "target_line", "note", "extra"]
    assert table.target_line.tolist() == [2, 3, 4, None, None]
    assert [type(v) for v in table.target_line[:3]] == [int, int, int]
    assert table.note.tolist() == [None, None, "n", None, None]
    assert table.extra.tolist() == [None] * 4 + ["x"]
    assert table.source.tolist() == ["拜登"] * 4 + [""]
