"""Baselines: findings already present in an earlier JSON report are accepted, only new ones count.

A finding is identified by document, kind, glossary entry (or source term when there is no entry)
and the exact text found — never by segment id or line, so an edit elsewhere in a file does not
resurface old findings. Identical findings are counted: a baseline holding two accepts two, and a
third is new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.errors import InputError
from mtaudit.result import load_report

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Key = tuple[str, str, str, str]
#: The fields of a finding its key is made of.
KEY_FIELDS = ("doc_id", "kind", "entry_id", "source_term", "found")


def finding_key(finding: Mapping[Any, Any]) -> Key:
    """What makes two findings "the same" across runs."""
    term = _text(finding.get("entry_id")) or _text(finding.get("source_term"))
    return (_text(finding.get("doc_id")), _text(finding.get("kind")), term, _text(finding.get("found")))


def _text(value: Any) -> str:
    """None and NaN (a missing value in a DataFrame) are both empty."""
    return "" if value is None or value != value else str(value)


def load_baseline(path: str | Path) -> Counter[Key]:
    """The multiset of finding keys in a JSON report (any ``mtaudit.report/1`` report is a baseline);
    a finding whose identifying fields are not text (or null) is refused, never stringified into a
    key that matches nothing."""
    findings = load_report(path).findings.to_dict("records")
    for number, finding in enumerate(findings, start=1):
        for field in KEY_FIELDS:
            value = finding.get(field)
            if value is not None and value == value and not isinstance(value, str):
                raise InputError(
                    f"not a baseline: finding {number} has a '{field}' that is not text ({type(value).__name__})", path
                )
    return baseline_keys(findings)


def baseline_keys(findings: Iterable[Mapping[Any, Any]]) -> Counter[Key]:
    return Counter(finding_key(f) for f in findings)


def mark_baseline(findings: pd.DataFrame, accepted: Counter[Key]) -> pd.DataFrame:
    """Add a boolean ``baseline`` column: true for findings the baseline accepts, in report order."""
    return mark_accepted(findings, Counter(accepted))


def mark_accepted(findings: pd.DataFrame, remaining: Counter[Key]) -> pd.DataFrame:
    """:func:`mark_baseline` for one part of the findings after another: ``remaining`` (what the
    baseline still accepts) is used up as findings are marked. A key names one document and kind,
    which one part of an audit holds whole, so the parts mark what the whole would."""
    marks = []
    for record in findings.to_dict("records"):
        key = finding_key(record)
        marks.append(remaining[key] > 0)
        if remaining[key] > 0:
            remaining[key] -= 1
    findings = findings.copy()
    findings["baseline"] = marks
    return findings
