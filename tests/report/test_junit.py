"""JUnit XML parsed back with a real XML parser (lxml): counts, failures, skipped gate rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mtaudit.gate import GateConfig
from mtaudit.report import render
from tests.reportcase import sample_result


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))


def test_each_document_and_kind_is_a_test_case_and_errors_fail(tmp_path: Path) -> None:
    root = parse(render(sample_result(tmp_path), "junit"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"news/a", "news/b", "news/c", "gate"}
    failing = {(c.get("classname"), c.get("name")) for c in root.iter("testcase") if c.find("failure") is not None}
    assert failing == {
        ("news/a", "forbidden"),
        ("news/a", "misrendered"),
        ("news/b", "misrendered"),
        ("news/c", "missing"),
        ("gate", "max_errors"),
    }
    inconsistent = suites["news/b"].xpath("testcase[@name='inconsistent']")[0]
    assert inconsistent.find("failure") is None and "Sergey Lavrov" in inconsistent.findtext("system-out")
    assert int(root.get("tests")) == len(list(root.iter("testcase")))
    assert int(root.get("failures")) == len(failing)
    assert "site/en/a.md:3:5" in suites["news/a"].xpath("testcase[@name='forbidden']/failure")[0].text


def test_absent_metric_rule_is_skipped_with_the_reason(tmp_path: Path) -> None:
    gate = GateConfig(max_errors=None, metrics={"reference.min_chrf": 50.0})
    root = parse(render(sample_result(tmp_path, gate=gate), "junit"))
    (case,) = root.xpath("//testsuite[@name='gate']/testcase")
    assert case.get("name") == "reference.min_chrf"
    assert "absent" in case.find("skipped").get("message")
    assert root.get("skipped") == "1" and root.get("failures") == "4"


def test_characters_xml_cannot_hold_are_replaced(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.findings.loc[0, "message"] = "bad \x0b control \x00 chars & <tags>"
    failure = parse(render(result, "junit")).xpath("//testcase[@classname='news/a'][@name='forbidden']/failure")[0]
    assert "bad \ufffd control \ufffd chars & <tags>" in failure.text


@pytest.mark.parametrize("severity", ["warning", "info"])
def test_downgraded_kind_does_not_fail_its_test_case(tmp_path: Path, severity: str) -> None:
    result = sample_result(tmp_path)
    result.findings["severity"] = severity
    root = parse(render(result, "junit"))
    assert not root.xpath("//testsuite[@name!='gate']//failure")


def test_switched_off_kind_has_no_test_case(tmp_path: Path) -> None:
    from mtaudit.config import Config, KindConfig

    result = sample_result(tmp_path, config=Config(kinds={"missing": KindConfig(enabled=False)}))
    names = {c.get("name") for c in parse(render(result, "junit")).iter("testcase")}
    assert "missing" not in names and "misrendered" in names
