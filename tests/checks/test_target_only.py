"""Target-only mode on an English MT output (our own text, in the style of the seed documents)
with the bundled glossary: every wrong name is located and nothing else is flagged."""

from __future__ import annotations

import mtaudit
from tests.conftest import FIXTURES

EXPECTED = {
    ("Bayeng", "Biden"),
    ("Yurun", "Yellen"),
    ("Fantne", "fentanyl"),
    ("Neman", "Neiman"),
    ("Negman", "Neiman"),
    ("Xuanchang", "Xuan Changneng"),
}


def test_every_wrong_name_located_and_nothing_else() -> None:
    path = FIXTURES / "mt_garbled_names.txt"
    result = mtaudit.audit(path)
    assert (result.segments.source == "").all(), "an English file alone is audited target-only"
    findings = result.findings
    assert set(zip(findings.found, findings.expected, strict=True)) == EXPECTED
    assert len(findings) == len(EXPECTED)
    assert findings.source_term.isna().all()
    text = path.read_text(encoding="utf-8")
    for row in findings.to_dict("records"):
        segment = result.segments[result.segments.seg_id == row["seg_id"]].target.iloc[0]
        assert segment[slice(*row["target_span"])] == row["found"] and row["found"] in text
