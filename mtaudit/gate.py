"""The CI gate: decide pass/fail from findings and metrics, saying which rule failed and by how much.

Count rules (``max_errors``, ``max_per_kind.<kind>``…) count only *new* findings: those accepted by
a baseline (``baseline: true``) are reported but never fail the gate. Metric rules
(``reference.min_chrf``, ``terms.min_success_rate``…) read ``summary["metrics"]``; a rule whose
metric is absent (no reference column, MT stage skipped) is listed under ``not_evaluated`` with the
reason — never silently passed — and fails the gate only with ``fail_on_missing_metric = true``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_SCORES = ("min_bleu", "min_chrf", "min_chrf++", "max_ter")
#: Metric rules per group of ``summary["metrics"]``: ``min_X`` needs X ≥ limit, ``max_X`` X ≤ limit.
METRIC_RULES: dict[str, tuple[str, ...]] = {
    "reference": _SCORES,
    "mt": _SCORES,
    "terms": ("min_success_rate", "min_exact_success_rate", "min_consistency"),
}
_SEVERITY_RULES = {"max_errors": "error", "max_warnings": "warning", "max_info": "info"}


@dataclass
class GateConfig:
    """Thresholds; ``None`` switches a rule off. Defaults: any new error fails the gate."""

    max_errors: int | None = 0
    max_warnings: int | None = None
    max_info: int | None = None
    max_per_kind: dict[str, int] = field(default_factory=dict)
    #: ``"<group>.<min_|max_><metric>"`` → limit, e.g. ``{"reference.min_chrf": 50.0}``.
    metrics: dict[str, float] = field(default_factory=dict)
    fail_on_missing_metric: bool = False


@dataclass
class GateResult:
    passed: bool
    failures: list[dict[str, Any]]
    not_evaluated: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    accepted: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "failures": self.failures,
            "not_evaluated": self.not_evaluated,
            "rules": self.rules,
            "accepted": self.accepted,
        }


@dataclass
class FindingCounts:
    """What the count rules read of the findings: the new ones by severity and by kind, and how
    many a baseline accepted (an audit that streams its findings to disk keeps only these)."""

    new_by_severity: dict[str, int] = field(default_factory=dict)
    new_by_kind: dict[str, int] = field(default_factory=dict)
    accepted: int = 0

    def add(self, kind: str, severity: str, accepted: bool) -> None:
        if accepted:
            self.accepted += 1
            return
        self.new_by_severity[severity] = self.new_by_severity.get(severity, 0) + 1
        self.new_by_kind[kind] = self.new_by_kind.get(kind, 0) + 1


def evaluate(
    findings: Iterable[dict[str, Any]], config: GateConfig, metrics: dict[str, Any] | None = None
) -> GateResult:
    """Apply every rule of ``config`` to the findings (dicts with ``kind``, ``severity``) and metrics."""
    counts = FindingCounts()
    for f in findings:
        counts.add(f["kind"], f["severity"], bool(f.get("baseline")))
    return evaluate_counts(counts, config, metrics)


def evaluate_counts(counts: FindingCounts, config: GateConfig, metrics: dict[str, Any] | None = None) -> GateResult:
    """Apply every rule of ``config`` to the finding counts and the metrics."""
    result = GateResult(passed=True, failures=[], accepted=counts.accepted)
    for rule, severity in _SEVERITY_RULES.items():
        _check_max(
            result, rule, counts.new_by_severity.get(severity, 0), getattr(config, rule), f"new {severity} findings"
        )
    for kind, limit in config.max_per_kind.items():
        _check_max(result, f"max_per_kind.{kind}", counts.new_by_kind.get(kind, 0), limit, f"new '{kind}' findings")
    for rule, bound in config.metrics.items():
        _check_metric(result, rule, bound, metrics or {}, config.fail_on_missing_metric)
    result.passed = not result.failures
    return result


def _check_max(result: GateResult, rule: str, actual: int, limit: int | None, what: str) -> None:
    if limit is None:
        return
    passed = actual <= limit
    result.rules.append({"rule": rule, "limit": limit, "actual": actual, "status": "passed" if passed else "failed"})
    if not passed:
        result.failures.append(
            {
                "rule": rule,
                "limit": limit,
                "actual": actual,
                "excess": actual - limit,
                "message": f"{actual} {what}, at most {limit} allowed ({actual - limit} too many)",
            }
        )


def _check_metric(result: GateResult, rule: str, limit: float, metrics: dict[str, Any], fail_on_missing: bool) -> None:
    group, name = rule.split(".", 1)
    bound, metric = name.split("_", 1)
    actual = metrics.get(group, {}).get(metric)
    if not isinstance(actual, (int, float)) or isinstance(actual, bool):
        reason = f"metric {group}.{metric} is absent from the summary"
        entry = {"rule": rule, "limit": limit, "actual": None, "reason": reason}
        result.rules.append({**entry, "status": "not_evaluated"})
        result.not_evaluated.append(entry)
        if fail_on_missing:
            result.failures.append({**entry, "excess": None, "message": f"{reason} and fail_on_missing_metric is set"})
        return
    shortfall = (limit - actual) if bound == "min" else (actual - limit)
    passed = shortfall <= 0
    result.rules.append({"rule": rule, "limit": limit, "actual": actual, "status": "passed" if passed else "failed"})
    if not passed:
        relation = f"below the minimum {limit:g}" if bound == "min" else f"above the maximum {limit:g}"
        result.failures.append(
            {
                "rule": rule,
                "limit": limit,
                "actual": actual,
                "excess": round(shortfall, 4),
                "message": f"{group} {metric} {actual:.4g} is {relation} by {shortfall:.4g}",
            }
        )
