"""The gate: count rules on new findings, metric rules on summary["metrics"], absent metrics."""

from __future__ import annotations

import pytest

from mtaudit.gate import GateConfig, evaluate

FINDINGS = [
    {"kind": "misrendered", "severity": "error"},
    {"kind": "misrendered", "severity": "error"},
    {"kind": "forbidden", "severity": "error", "baseline": True},
    {"kind": "inconsistent", "severity": "warning"},
    {"kind": "inconsistent", "severity": "info"},
]
METRICS = {
    "reference": {"bleu": 31.5, "chrf": 48.25, "ter": 62.0, "signatures": {"bleu": "nrefs:1|…"}},
    "terms": {"success_rate": 0.9, "exact_success_rate": 0.8},
}


def test_default_gate_fails_on_new_errors_only() -> None:
    result = evaluate(FINDINGS, GateConfig())
    assert not result.passed and result.accepted == 1
    (failure,) = result.failures
    assert failure == {
        "rule": "max_errors",
        "limit": 0,
        "actual": 2,
        "excess": 2,
        "message": "2 new error findings, at most 0 allowed (2 too many)",
    }
    assert evaluate([f for f in FINDINGS if f["kind"] != "misrendered"], GateConfig()).passed


def test_per_severity_and_per_kind_limits() -> None:
    config = GateConfig(max_errors=None, max_warnings=0, max_info=1, max_per_kind={"misrendered": 1, "forbidden": 0})
    result = evaluate(FINDINGS, config)
    assert {f["rule"]: f["excess"] for f in result.failures} == {"max_warnings": 1, "max_per_kind.misrendered": 1}
    assert {r["rule"]: r["status"] for r in result.rules} == {
        "max_warnings": "failed",
        "max_info": "passed",
        "max_per_kind.misrendered": "failed",
        "max_per_kind.forbidden": "passed",
    }  # the forbidden finding is accepted by the baseline


@pytest.mark.parametrize(
    ("rule", "limit", "passed", "excess"),
    [
        ("reference.min_chrf", 50.0, False, 1.75),
        ("reference.min_chrf", 48.0, True, None),
        ("reference.min_bleu", 30.0, True, None),
        ("reference.max_ter", 60.0, False, 2.0),
        ("reference.max_ter", 62.0, True, None),
        ("terms.min_success_rate", 0.95, False, 0.05),
        ("terms.min_exact_success_rate", 0.8, True, None),
    ],
)
def test_metric_rules_say_by_how_much(rule: str, limit: float, passed: bool, excess: float | None) -> None:
    result = evaluate([], GateConfig(metrics={rule: limit}), METRICS)
    assert result.passed is passed
    if not passed:
        (failure,) = result.failures
        assert failure["rule"] == rule and failure["limit"] == limit
        assert failure["excess"] == pytest.approx(excess)
        assert "by" in failure["message"]


def test_absent_metric_is_not_evaluated_and_says_why() -> None:
    config = GateConfig(metrics={"mt.min_chrf": 40.0, "reference.min_chrf": 40.0})
    result = evaluate([], config, METRICS)
    assert result.passed
    assert result.not_evaluated == [
        {"rule": "mt.min_chrf", "limit": 40.0, "actual": None, "reason": "metric mt.chrf is absent from the summary"}
    ]
    assert {r["rule"]: r["status"] for r in result.rules} == {
        "max_errors": "passed",
        "mt.min_chrf": "not_evaluated",
        "reference.min_chrf": "passed",
    }


def test_absent_metric_fails_when_required() -> None:
    config = GateConfig(metrics={"mt.min_chrf": 40.0}, fail_on_missing_metric=True)
    result = evaluate([], config, {})
    assert not result.passed and result.failures[0]["rule"] == "mt.min_chrf"
    assert "fail_on_missing_metric" in result.failures[0]["message"]


def test_gate_section_of_the_report(tmp_path) -> None:
    from tests.reportcase import sample_result

    gate = sample_result(tmp_path, gate=GateConfig(metrics={"reference.min_chrf": 50.0})).summary["gate"]
    assert set(gate) == {"passed", "failures", "not_evaluated", "rules", "accepted"}
    assert gate["not_evaluated"][0]["rule"] == "reference.min_chrf"
