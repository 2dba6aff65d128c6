"""Name triangulation against the reference MT (the mt column is given here; test_mt_cli.py runs the model)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks import CHECKS
from mtaudit.checks.context import CheckContext
from mtaudit.checks.triangulate import TriangulationCheck, names
from mtaudit.glossary import load_glossaries
from mtaudit.segments import segment_table


def findings(rows: list[tuple[str, str, str | None]], glossary_file: Path) -> list:
    table = segment_table([{"doc_id": "d", "seg_id": str(i), "source": s, "target": t, "mt": m}
                           for i, (s, t, m) in enumerate(rows, start=1)])
    return list(TriangulationCheck().run(table, CheckContext(load_glossaries([glossary_file]))))


def test_registered_under_its_finding_kind() -> None:
    assert CHECKS["name_mismatch"].load().kinds == ("name_mismatch",)


def test_a_name_the_glossary_does_not_know_is_flagged(glossary_file: Path) -> None:
    (finding,) = findings([("林志颖说。", "Lin Zhiqing said on Tuesday.", "Lin Zhiying said on Tuesday.")], glossary_file)
    assert finding.kind == "name_mismatch" and finding.severity == "warning"
    assert finding.found == "Zhiqing" and finding.expected == "Zhiying"  # the part that differs
    assert finding.target_span == [4, 11] and finding.entry_id is None
    (titled,) = findings([("部长说。", "Finance Minister Kao Ming said.", "Finance Minister Gao Ming said.")],
                         glossary_file)
    assert (titled.found, titled.expected) == ("Kao", "Gao")


def test_pairs_by_position_when_several_names_differ(glossary_file: Path) -> None:
    found = findings([("甲会见了乙。", "Zhang Wie met Sergay Ivanof.", "Zhang Wei met Sergei Ivanov.")], glossary_file)
    assert [(f.found, f.expected) for f in found] == [("Wie", "Wei"), ("Sergay Ivanof", "Sergei Ivanov")]


@pytest.mark.parametrize("target, mt", [
    ("Lin Zhiying said on Tuesday.", "Lin Zhiying said on Tuesday."),      # same name
    ("Lin Zhiying said on Tuesday.", "On Tuesday, lin zhiying said."),     # same words, other case and order
    ("Bayeng met Lin Zhiying.", "Biden met Lin Zhiying."),                  # 拜登 is the glossary's (terms check)
    ("The President said so.", "The Prime Minister said so."),             # common words are not names
    ("Lin Zhiying said.", "He said."),                                      # nothing in the MT to compare with
])
def test_not_flagged(glossary_file: Path, target: str, mt: str) -> None:
    assert findings([("拜登会见了林志颖。", target, mt)], glossary_file) == []


def test_without_mt_it_finds_nothing(glossary_file: Path) -> None:
    assert findings([("林志颖说。", "Lin Zhiqing said.", None)], glossary_file) == []


def test_names_trim_common_words() -> None:
    assert [n.text for n in names("The Treasury Secretary Yurun met President Xi in Beijing.")] == \
        ["Treasury Secretary Yurun", "Xi", "Beijing"]
    assert [n.text for n in names("𠀀 Zhang Wei said.")] == ["Zhang Wei"]
