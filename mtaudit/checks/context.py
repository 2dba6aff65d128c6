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
    from mtaudit.glossary.longer import LongerNames
    from mtaudit.tables import Spill


@dataclass
class NameMemory:
    """What the unlisted-name check knows of documents so far: (doc_id, name) rendered in full (a
    later surname alone then renders it), and known to be a name (rendered as one, or named so
    surely in the source)."""

    rendered: "set[tuple[str, str]]" = field(default_factory=set)
    known: "set[tuple[str, str]]" = field(default_factory=set)
    #: doc_id → its last sources (RECENT of them), the context that may say whose names they hold.
    recent: "dict[str, list[str]]" = field(default_factory=dict)

    RECENT = 10

    def of(self, doc_id: str) -> "NameMemory":
        return NameMemory({k for k in self.rendered if k[0] == doc_id}, {k for k in self.known if k[0] == doc_id},
                          {doc_id: list(self.recent.get(doc_id, []))})

    def copy(self) -> "NameMemory":
        return NameMemory(set(self.rendered), set(self.known), {k: list(v) for k, v in self.recent.items()})

    def context(self, doc_id: str) -> str:
        return "\n".join(self.recent.get(doc_id, ()))

    def read(self, doc_id: str, source: str) -> None:
        """Remember ``source`` as the latest of its document (one document's context at a time)."""
        if doc_id not in self.recent:
            self.recent = {doc_id: []}
        self.recent[doc_id] = (self.recent[doc_id] + [source])[-self.RECENT:]


@dataclass
class Continuation:
    """A document cut between two chunks of a long input: what the checks of the next chunk need
    from the chunks before — the entries it already rendered in full (short forms are accepted
    after a full mention) and its acceptably rendered terms (consistency judges them at its end)."""

    doc_id: str
    seen_full: "set[tuple[str, str]]"
    #: Lists of :class:`mtaudit.checks.consistency.Accepted`, one per chunk, on disk until the document ends.
    accepted: "Spill"
    names: NameMemory = field(default_factory=NameMemory)


@dataclass
class CheckContext:
    glossary: Glossary
    options: dict[str, Any] = field(default_factory=dict)
    _occurrences: "list[Occurrence] | None" = None
    #: Set while checking a chunk whose first document the previous chunk cut off.
    continued: Continuation | None = None
    #: Set while checking a chunk whose last document goes on in the next chunk.
    continues: bool = False
    #: (doc_id, entry id) rendered in full, as the term analysis of the chunk left it.
    _seen_full: "set[tuple[str, str]]" = field(default_factory=set)
    #: The documents' names, as the unlisted-name check of the chunk left them.
    _names: NameMemory = field(default_factory=NameMemory)

    def continuation(self, segments: "pd.DataFrame") -> Continuation:
        """The state of ``segments``' last document, checked, for the chunk that goes on with it."""
        from mtaudit.checks.consistency import accepted_terms
        from mtaudit.tables import Spill

        last = segments["doc_id"].iat[-1]
        spill = self.continued.accepted if self.continued and self.continued.doc_id == last else Spill.temporary()
        spill.append(accepted_terms(o for o in self.occurrences(segments) if o.doc_id == last))
        return Continuation(last, {pair for pair in self._seen_full if pair[0] == last}, spill, self._names.of(last))

    @cached_property
    def source_matcher(self) -> SourceMatcher:
        return SourceMatcher(self.glossary)

    @cached_property
    def target_matcher(self) -> TargetMatcher:
        return TargetMatcher(self.glossary)

    @cached_property
    def longer_names(self) -> "LongerNames":
        from mtaudit.glossary.longer import LongerNames

        return LongerNames()

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
