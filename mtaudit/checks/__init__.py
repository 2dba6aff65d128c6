"""Checks stage: a registry of checks (id → module, class, summary), imported only when run.

The list of checks to run is configuration; a check's id is the finding kind it reports, the
configuration key, the SARIF ruleId and the JUnit test-case name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from mtaudit.errors import ConfigError
from mtaudit.registry import LazyClass

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.base import Finding
    from mtaudit.checks.context import CheckContext


@dataclass(frozen=True)
class CheckSpec(LazyClass):
    summary: str


CHECKS: dict[str, CheckSpec] = {
    "terms": CheckSpec("mtaudit.checks.terms", "TermCheck", "glossary terms rendered as the glossary says"),
    "inconsistent": CheckSpec("mtaudit.checks.consistency", "ConsistencyCheck", "one term, one rendering per document"),
    "unlisted_name": CheckSpec("mtaudit.checks.names", "UnlistedNameCheck", "Chinese names outside the glossary rendered in standard pinyin"),
    "name_mismatch": CheckSpec("mtaudit.checks.triangulate", "TriangulationCheck", "names the reference MT renders differently, not in the glossary"),
}
DEFAULT_CHECKS = tuple(CHECKS)


def run_checks(segments: "pd.DataFrame", context: "CheckContext",
               check_ids: Iterable[str] = DEFAULT_CHECKS) -> "list[Finding]":
    findings: list[Finding] = []
    for check_id in check_ids:
        if check_id not in CHECKS:
            raise ConfigError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})")
        findings.extend(CHECKS[check_id].load().run(segments, context))
    return findings
