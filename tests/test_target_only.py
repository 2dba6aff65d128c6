"""Target-only mode on an English MT output (our own text, in the style of the seed documents)
with the bundled glossary: every wrong name is located and nothing else is flagged."""
from __future__ import annotations

import pandas as pd

import mtaudit
from tests.conftest import FIXTURES

EXPECTED = {("1", "Bayeng", "Biden"), ("2", "Yurun", "Yellen"), ("2", "Fantne", "fentanyl"),
            ("3", "Neman", "Neiman"), ("3", "Negman", "Neiman"), ("4", "Xuanchang", "Xuan Changneng")}


def test_every_wrong_name_located_and_nothing_else() -> None:
    text = (FIXTURES / "mt_garbled_names.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    table = pd.DataFrame({"doc_id": "mt", "seg_id": [str(i) for i in range(1, len(paragraphs) + 1)],
                          "source": "", "target": paragraphs})
    findings = mtaudit.audit(table).findings
    assert set(zip(findings.seg_id, findings.found, findings.expected)) == EXPECTED
    assert len(findings) == len(EXPECTED)
    assert findings.source_term.isna().all()
