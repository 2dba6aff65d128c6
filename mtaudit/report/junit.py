"""JUnit XML, the format every CI system shows as a test report.

One ``<testsuite>`` per document holds one test case per finding kind not switched off (the case
name is the kind: every kind the checks declare, see :mod:`mtaudit.checks.base`, and any other a
report holds): it fails when the document has a new ``error`` finding of that kind;
warnings, infos and baseline-accepted findings are listed in ``<system-out>``. A ``gate`` suite has
one case per gate rule: failed rules fail, rules on absent metrics are skipped with the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from mtaudit.checks import finding_kinds
from mtaudit.report.base import Writer, findings_with_segments, is_new
from mtaudit.report.locations import finding_location

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

#: Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class JunitWriter(Writer):
    def render(self, result: AuditResult) -> str:
        root = ET.Element("testsuites", name="mtaudit")
        by_doc: dict[str, dict[str, list[tuple[dict[str, Any], str]]]] = {}
        for finding, segment in findings_with_segments(result):
            by_doc.setdefault(finding["doc_id"], {}).setdefault(finding["kind"], []).append(
                (finding, _line(finding, segment))
            )
        disabled = set(result.summary.get("disabled_kinds", []))
        kinds = [k for k in dict.fromkeys([*finding_kinds(), *result.summary.get("findings", {})]) if k not in disabled]
        documents = list(dict.fromkeys([*result.segment_values("doc_id"), *by_doc]))
        for doc_id in documents:
            suite = _suite(root, str(doc_id))
            for kind in kinds:
                _kind_case(suite, str(doc_id), kind, by_doc.get(doc_id, {}).get(kind, []))
        _gate_suite(root, result.summary.get("gate", {}))
        _totals(root)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=_clean(name))


def _kind_case(suite: ET.Element, doc_id: str, kind: str, findings: list[tuple[dict[str, Any], str]]) -> None:
    case = ET.SubElement(suite, "testcase", name=kind, classname=_clean(doc_id))
    failing = [(f, where) for f, where in findings if is_new(f) and f["severity"] == "error"]
    if failing:
        failure = ET.SubElement(
            case, "failure", type=kind, message=_clean(f"{len(failing)} {kind} finding(s) in {doc_id}")
        )
        failure.text = _clean("\n".join(f"{where}: {f['message']}" for f, where in failing))
    others = [(f, where) for f, where in findings if (f, where) not in failing]
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = _clean(
            "\n".join(
                f"{where}: {'[baseline] ' if not is_new(f) else ''}{f['severity']}: {f['message']}"
                for f, where in others
            )
        )


def _gate_suite(root: ET.Element, gate: dict[str, Any]) -> None:
    suite = _suite(root, "gate")
    failures = {f["rule"]: f for f in gate.get("failures", [])}
    for rule in gate.get("rules", []):
        case = ET.SubElement(suite, "testcase", name=rule["rule"], classname="gate")
        if rule["rule"] in failures:
            failure = failures[rule["rule"]]
            ET.SubElement(case, "failure", type="gate", message=_clean(failure["message"]))
        elif rule["status"] == "not_evaluated":
            ET.SubElement(case, "skipped", message=_clean(rule.get("reason", "not evaluated")))


def _totals(root: ET.Element) -> None:
    """Fill the counts CI systems read, per suite and overall."""
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root:
        counts = {
            "tests": len(suite.findall("testcase")),
            "failures": len(suite.findall("testcase/failure")),
            "errors": 0,
            "skipped": len(suite.findall("testcase/skipped")),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))


def _line(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    """``file:line:col`` when known, else ``doc_id/seg_id``."""
    location = finding_location(finding, segment)
    if location is None:
        return f"{finding['doc_id']}/{finding['seg_id']}"
    return ":".join(str(p) for p in (location.file, location.line, location.column) if p is not None)


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
