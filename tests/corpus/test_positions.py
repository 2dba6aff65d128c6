"""Target positions recorded by the CSV/TSV and JSONL readers at read time.

Each row's ``target_line``/``target_column`` is where the target cell's text starts in the file
(after an opening quote), the same place :func:`add_target_positions` finds by searching the
file for the text as written, CSV-quoted or JSON-escaped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mtaudit.corpus import load_corpus
from mtaudit.corpus.positions import add_target_positions

POSITIONS = ["target_file", "target_line", "target_column"]


def _searched(segments: pd.DataFrame, path: Path) -> list[tuple[str, int | None, int | None]]:
    """The positions as found by searching the file (the reader's column dropped)."""
    return _rows(add_target_positions(segments.drop(columns=["target_column"]), path))


def _rows(segments: pd.DataFrame) -> list[tuple[str, int | None, int | None]]:
    return list(zip(*(segments[column].tolist() for column in POSITIONS), strict=True))


def _positions(segments: pd.DataFrame) -> list[tuple[int | None, int | None]]:
    return list(zip(segments.target_line, segments.target_column, strict=True))


def test_quoted_csv_cells(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(
        "id,source,target\r\n"
        '1,"拜登,说","Biden ""said"" so"\r\n'  # quoted cells, doubled quotes
        '2,"两行\n来源","The ""Bayeng"",\nadministration"\r\n'  # a cell over two lines before it
        "3,𠀀字,𠀀 beyond the BMP\n"  # unquoted, astral character
        '4,"空",""\n'.encode()
    )  # an empty target: no text to point at
    segments = load_corpus(path)
    assert _positions(segments) == [(2, 11), (4, 6), (6, 6), (None, None)]
    assert list(segments.source_line) == [2, 3, 6, 7]
    assert _rows(segments) == _searched(segments, path)


def test_escaped_jsonl_strings(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text(
        '{"id": "a", "source": "拜登会见耶伦。", "target": "Biden met Yellen."}\n'
        "\n"
        '{"id":"b","source":"拜登","target":"The \\"Bayeng\\" administration\\tsaid"}\n'
        '{"source": "𠀀", "target": "Caf\\u00e9 \\ud840\\udc00 \\u2028 end"}\n'
        '{"source": "空", "target": ""}\n',
        encoding="utf-8",
    )
    segments = load_corpus(path)
    assert _positions(segments) == [(1, 45), (3, 35), (4, 28), (None, None)]
    assert _rows(segments) == _searched(segments, path)


def test_jsonl_position_is_the_top_level_target(tmp_path: Path) -> None:
    """Nested objects and repeated keys: the string json.loads returns is the one pointed at."""
    path = tmp_path / "n.jsonl"
    path.write_text(
        '{"meta": {"target": "Biden"}, "source": "拜登", "target": "Biden"}\n'
        '{"source": "拜登", "target": "first", "target": "Bi\\/den"}\n'
        '{"\\u0074arget": "Biden", "source": "拜登", "m": {"target": "Biden"}}\n',
        encoding="utf-8",
    )
    segments = load_corpus(path)
    assert list(segments.target) == ["Biden", "Bi/den", "Biden"]
    assert _positions(segments) == [(1, 58), (2, 48), (3, 18)]


def test_search_is_left_for_readers_that_record_positions(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("id\tsource\ttarget\ns1\t拜登会见了耶伦。\tBiden met Yellen.\n", encoding="utf-8")
    segments = load_corpus(path)
    assert add_target_positions(segments, path) is segments
    assert _positions(segments) == [(2, 13)]
