"""The contract every registered check keeps, through the public API: a good case gives none of
its kinds, a bad case gives one of its declared kinds (with the declared severity rules), and the
bad case is silenced both by switching the kind off in the configuration and by a baseline.

Adding a check means adding its three rows to CASES: the test fails for a registered check
without them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import mtaudit
from mtaudit.checks import CHECKS, check_class, finding_kinds
from mtaudit.config import Config, KindConfig

GLOSSARY = """entries:
  - id: biden
    source: [拜登]
    target: Biden
    forbidden: [Bayeng]
    type: person
  - id: lavrov
    source: [拉夫罗夫]
    target: Sergei Lavrov
    variants: [Sergey Lavrov]
    type: person
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
"""


@dataclass(frozen=True)
class Case:
    """Rows of one document: (source, target, the reference MT's translation or None)."""

    good: list[tuple[str, str, str | None]]
    bad: list[tuple[str, str, str | None]]
    kind: str  # the kind the bad case must give


CASES = {
    "terms": Case(
        good=[("拜登发表讲话。", "Biden gave a speech.", None)],
        bad=[("拜登发表讲话。", "Bayeng gave a speech.", None)],
        kind="forbidden",
    ),
    "inconsistent": Case(
        good=[("拉夫罗夫抵达。", "Sergei Lavrov arrived.", None), ("拉夫罗夫表示。", "Sergei Lavrov said.", None)],
        bad=[("拉夫罗夫抵达。", "Sergei Lavrov arrived.", None), ("拉夫罗夫表示。", "Sergey Lavrov said.", None)],
        kind="inconsistent",
    ),
    "unlisted_name": Case(
        good=[("陈志明会见了记者。", "Chen Zhiming met reporters.", None)],
        bad=[("林肯总统发表了演讲。", "President Linken gave a speech.", None)],
        kind="unlisted_name",
    ),
    "name_mismatch": Case(
        good=[("部长高明说。", "Minister Gao Ming said.", "Minister Gao Ming said.")],
        bad=[("部长高明说。", "Minister Kao Ming said.", "Minister Gao Ming said.")],
        kind="name_mismatch",
    ),
    "wrong_abbreviation": Case(
        good=[
            ("塞浦路斯宣布新措施。", "Cyprus announced new measures.", None),
            ("塞政府表示。", "The Cypriot government said.", None),
        ],
        bad=[
            ("塞浦路斯宣布新措施。", "Cyprus announced new measures.", None),
            ("塞政府表示。", "The Serbian government said.", None),
        ],
        kind="wrong_abbreviation",
    ),
}


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "contract.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _table(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": [str(n) for n in range(1, len(rows) + 1)],
            "source": [r[0] for r in rows],
            "target": [r[1] for r in rows],
        }
    )
    if any(r[2] is not None for r in rows):
        table["mt"] = [r[2] for r in rows]
    return table


def _audit(check_id: str, rows, glossary: Path, **kwargs) -> mtaudit.AuditResult:
    return mtaudit.audit(_table(rows), glossaries=[glossary], checks=[check_id], min_confidence=0.0, **kwargs)


def _kinds_of(check_id: str) -> set[str]:
    return {kind.name for kind in check_class(check_id).kinds}


def test_every_registered_check_has_a_case() -> None:
    assert set(CASES) == set(CHECKS)


def test_every_kind_is_declared_once_with_help() -> None:
    declared = [kind.name for check_id in CHECKS for kind in check_class(check_id).kinds]
    assert len(declared) == len(set(declared)) == len(finding_kinds())
    assert all(kind.help for kind in finding_kinds().values())


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_a_good_case_gives_none_of_its_kinds(check_id: str, glossary: Path) -> None:
    findings = _audit(check_id, CASES[check_id].good, glossary).findings
    assert not set(findings.get("kind", [])) & _kinds_of(check_id), findings.to_dict("records")


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_a_bad_case_gives_a_declared_kind_at_its_declared_severity(check_id: str, glossary: Path) -> None:
    case = CASES[check_id]
    assert case.kind in _kinds_of(check_id)
    findings = _audit(check_id, case.bad, glossary).findings.to_dict("records")
    ours = [f for f in findings if f["kind"] == case.kind]
    assert ours, findings
    kind = finding_kinds()[case.kind]
    assert all(f["severity"] == kind.severity(f["confidence"]) for f in ours)
    assert {f["kind"] for f in findings} <= _kinds_of(check_id)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_a_kind_switched_off_is_not_reported(check_id: str, glossary: Path) -> None:
    case = CASES[check_id]
    config = Config(kinds={case.kind: KindConfig(enabled=False)})
    findings = _audit(check_id, case.bad, glossary, config=config).findings
    assert case.kind not in set(findings.get("kind", []))


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_a_baselined_finding_is_accepted(check_id: str, glossary: Path, tmp_path: Path) -> None:
    case = CASES[check_id]
    first = _audit(check_id, case.bad, glossary)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(first.to_json(), encoding="utf-8")
    again = json.loads(_audit(check_id, case.bad, glossary, baseline=baseline).to_json())
    ours = [f for f in again["findings"] if f["kind"] == case.kind]
    assert ours and all(f["baseline"] is True for f in ours), ours
    assert again["summary"]["gate"]["passed"]
