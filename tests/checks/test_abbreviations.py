"""A place's one-character abbreviation read as another place it may stand for (塞 of 塞浦路斯 as Serbia)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mtaudit

GLOSSARY = """entries:
  - id: cyprus
    source: [塞浦路斯]
    target: Cyprus
    adjectives: [Cypriot]
    type: place
  - id: serbia
    source: [塞尔维亚]
    target: Serbia
    adjectives: [Serbian]
    type: place
  - id: japan
    source: [日本]
    target: Japan
    adjectives: [Japanese]
    type: place
  - id: geneva
    source: [日内瓦]
    target: Geneva
    type: place
  - id: macau
    source: [澳门]
    target: Macau
    type: place
  - id: australia
    source: [澳大利亚]
    target: Australia
    adjectives: [Australian]
    type: place
"""


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _findings(rows: list[tuple[str, str]], glossary: Path, **kwargs) -> list[tuple[str, str, str, str]]:
    table = pd.DataFrame(
        {
            "doc_id": kwargs.pop("doc_ids", ["d"] * len(rows)),
            "seg_id": [str(n) for n in range(1, len(rows) + 1)],
            "source": [s for s, _ in rows],
            "target": [t for _, t in rows],
        }
    )
    findings = mtaudit.audit(table, glossaries=[glossary], checks=["wrong_abbreviation"], **kwargs).findings
    return list(zip(findings.seg_id, findings.source_term, findings.found, findings.expected, strict=True))


NAMED = ("塞浦路斯卫生部宣布了新的防疫措施。", "The Cypriot health ministry announced new measures.")


def test_the_place_the_document_named(glossary: Path) -> None:
    rows = [NAMED, ("塞政府表示将加强管控。", "The Serbian government said it would tighten controls.")]
    assert _findings(rows, glossary) == [("2", "塞", "Serbian", "Cyprus")]


def test_a_place_named_inside_a_longer_name(glossary: Path) -> None:
    """澳门大学 (the University of Macau) names Macau, though the segmenter makes it one word."""
    rows = [
        ("澳门大学举行了毕业典礼。", "The University of Macau held its graduation ceremony."),
        ("澳大校长致辞。", "The president of the Australian university spoke."),
    ]
    assert _findings(rows, glossary) == [("2", "澳", "Australian", "Macau")]


@pytest.mark.parametrize(
    "rows",
    [
        [NAMED, ("塞政府表示将加强管控。", "The Cypriot government said it would tighten controls.")],  # right
        [("塞政府表示将加强管控。", "The Serbian government said it would tighten controls.")],  # nothing named
        # both named: the abbreviation could be either
        [NAMED, ("塞尔维亚和塞政府都表示将加强管控。", "Serbia and the Serbian government will tighten controls.")],
        # a date, not Japan, where Geneva was named
        [
            ("日内瓦会议开幕。", "The Geneva talks opened."),
            ("会议于11日结束。", "Japanese delegates left on the 11th."),
        ],
        # a word of the dictionary, not an abbreviation (塞车 "traffic jam")
        [NAMED, ("路上塞车很严重。", "Serbian traffic was heavy.")],
    ],
)
def test_no_finding(glossary: Path, rows: list[tuple[str, str]]) -> None:
    assert _findings(rows, glossary) == []


def test_the_full_name_must_be_recent_and_in_the_same_document(glossary: Path) -> None:
    wrong = ("塞政府表示将加强管控。", "The Serbian government said it would tighten controls.")
    assert _findings([NAMED, wrong], glossary, doc_ids=["a", "b"]) == []
    filler = [("今天天气很好。", "The weather is fine today.")] * 10
    assert _findings([NAMED, *filler, wrong], glossary) == []


def test_the_memory_crosses_chunks(glossary: Path) -> None:
    rows = [NAMED, ("塞政府表示将加强管控。", "The Serbian government said it would tighten controls.")]
    assert _findings(rows, glossary, chunk_rows=1) == [("2", "塞", "Serbian", "Cyprus")]


def test_the_live_characters_are_those_of_the_whole_table(glossary: Path) -> None:
    """The characters that abbreviate exactly one named place, looked up from the places named,
    are those of going through the whole table, for every set of named places."""
    from itertools import combinations

    from mtaudit.checks.abbreviations import _abbreviations, _live, _opening_characters
    from mtaudit.glossary import load_glossary

    table = _abbreviations(load_glossary(glossary))
    assert len(table) >= 2  # 塞 (Cyprus, Serbia) and 澳 (Macau, Australia)
    opening = _opening_characters(table)
    ids = ["cyprus", "serbia", "japan", "geneva", "macau", "australia", "elsewhere"]
    for size in range(len(ids) + 1):
        for named in map(set, combinations(ids, size)):
            whole = {char: places for char, places in table.items() if sum(p.id in named for p in places) == 1}
            assert _live(table, opening, named) == whole
