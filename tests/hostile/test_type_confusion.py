"""Type confusion: a value of the wrong type is refused naming the file, the line and the field —
never coerced (``42`` read as the reference "42", a list flattened or stringified). A JSONL
``reference`` of ``Infinity`` is in test_misread_outputs (non-finite numbers)."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import assert_refused

GOOD_LINE = '{"source": "拜登说。", "target": "Biden said."}\n'
JSONL_VALUES = {
    "reference-number": '"reference": 42',
    "reference-list": '"reference": ["Biden said.", "Biden spoke."]',
    "reference-bool": '"reference": true',
    "id-list": '"id": [1, 2]',
    "target-number": '"target": 7',
}


@pytest.mark.parametrize("case", list(JSONL_VALUES))
def test_jsonl_value_of_the_wrong_type(work: Work, case: str) -> None:
    value = JSONL_VALUES[case]
    field = value.split('"')[1]
    record = {"target": '"target": "Biden said."', "source": '"source": "拜登说。"'}
    record[field] = value
    (work.dir / "t.jsonl").write_text(GOOD_LINE + "{" + ", ".join(record.values()) + "}\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("t.jsonl"), "t.jsonl:2", field)
    tree.assert_unchanged()


GLOSSARIES = {
    "yaml-target-list": (
        "t.yaml",
        "entries:\n  - id: biden\n    source: [拜登]\n    target: [Biden, Joe Biden]\n",
        ("t.yaml:", "target"),
    ),
    "yaml-target-number": (
        "t.yaml",
        "entries:\n  - id: biden\n    source: [拜登]\n    target: 42\n",
        ("t.yaml:", "target"),
    ),
    "yaml-forbidden-mapping": (
        "t.yaml",
        "entries:\n  - id: biden\n    source: [拜登]\n    target: Biden\n    forbidden: {Bayeng: 1}\n",
        ("t.yaml:", "forbidden"),
    ),
    "csv-duplicated-header": ("t.csv", "source,target,target\n拜登,Biden,Bayeng\n", ("t.csv:1", "target")),
    "tsv-duplicated-header": (
        "t.tsv",
        "source\ttarget\tforbidden\tforbidden\n拜登\tBiden\tBayeng\tBaiden\n",
        ("t.tsv:1", "forbidden"),
    ),
}


@pytest.mark.parametrize("case", list(GLOSSARIES))
def test_glossary_value_of_the_wrong_type(work: Work, case: str) -> None:
    name, text, fragments = GLOSSARIES[case]
    (work.dir / name).write_text(text, encoding="utf-8")
    tree = work.tree()
    line = assert_refused(work.audit("a.tsv", "-g", name), *fragments)
    if name.endswith(".yaml"):
        assert any(f"{name}:{n}" in line for n in (2, 3, 4, 5)), f"no line of the entry in {line!r}"
    tree.assert_unchanged()


def test_input_table_with_a_duplicated_header_column(work: Work) -> None:
    (work.dir / "d.tsv").write_text("source\ttarget\ttarget\n拜登说。\tBiden said.\tBayeng said.\n", encoding="utf-8")
    tree = work.tree()
    assert_refused(work.audit("d.tsv"), "d.tsv:1", "target")
    tree.assert_unchanged()
