"""What checks share: the glossary, its matchers and the per-segment term analysis, built once."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mtaudit.glossary.matcher import SourceMatcher, TargetMatcher
from mtaudit.glossary.model import Glossary

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.locate import Locator
    from mtaudit.checks.terms import Occurrence


@dataclass
class CheckContext:
    glossary: Glossary
    options: dict[str, Any] = field(default_factory=dict)
    _occurrences: "list[Occurrence] | None" = None

    @cached_property
    def source_matcher(self) -> SourceMatcher:
        return SourceMatcher(self.glossary)

    @cached_property
    def target_matcher(self) -> TargetMatcher:
        return TargetMatcher(self.glossary)

    @cached_property
    def locator(self) -> "Locator":
        from mtaudit.checks.locate import Locator

        return Locator(self.glossary)

    def occurrences(self, segments: "pd.DataFrame") -> "list[Occurrence]":
        """Every glossary term in the sources with how the target renders it (computed once)."""
        if self._occurrences is None:
            from mtaudit.checks.terms import analyse_terms

            self._occurrences = analyse_terms(segments, self)
        return self._occurrences
