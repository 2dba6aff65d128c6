"""The CI gate: decide pass/fail from findings and metrics, saying which rule failed and by how much."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class GateConfig:
    """Thresholds; ``None`` switches a rule off. Defaults: any error fails the gate."""

    max_errors: int | None = 0
    max_warnings: int | None = None
    max_per_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class GateResult:
    passed: bool
    failures: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "failures": self.failures}


def evaluate(findings: Iterable[dict[str, Any]], config: GateConfig) -> GateResult:
    """Apply every rule of ``config`` to the findings (dicts with ``kind`` and ``severity``)."""
    findings = list(findings)
    failures = []
    by_severity = _count(f["severity"] for f in findings)
    by_kind = _count(f["kind"] for f in findings)
    rules = [("max_errors", by_severity.get("error", 0), config.max_errors),
             ("max_warnings", by_severity.get("warning", 0), config.max_warnings)]
    rules += [(f"max_per_kind.{kind}", by_kind.get(kind, 0), limit) for kind, limit in config.max_per_kind.items()]
    for rule, actual, limit in rules:
        if limit is not None and actual > limit:
            failures.append({"rule": rule, "limit": limit, "actual": actual, "excess": actual - limit,
                             "message": f"{rule}: {actual} > {limit}"})
    return GateResult(passed=not failures, failures=failures)


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
