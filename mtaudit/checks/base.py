"""The check interface: what a check is, the kinds of finding it emits, and what it inspects.

**check_id and kind.** A *check* is one class (a module, one line of the registry in
:mod:`mtaudit.checks`); its ``check_id`` is the name ``--checks`` takes. A check emits findings of
one or more *kinds*, which it declares (:attr:`Check.kinds`). A kind's ``name`` is the ``kind`` of
its findings and everything keyed by it: the SARIF ``ruleId``, the JUnit test-case name, the key
under ``[kinds]`` and ``[gate.max_per_kind]`` in the configuration, and part of a baseline's key.
Most checks emit one kind named as the check (``inconsistent``, ``unlisted_name``,
``name_mismatch``); the ``terms`` check emits four (``missing``, ``misrendered``, ``forbidden``,
``miscased``). The kinds' declarations are the one list of kinds: the configuration's validation,
the JUnit cases, the SARIF rules' help and the severities all read them
(:func:`mtaudit.checks.finding_kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from mtaudit.checks.analysis import Occurrence, analyse_terms
from mtaudit.checks.context import CheckContext
from mtaudit.findings import Finding
from mtaudit.stream import WHOLE, Cut

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    import pandas as pd

#: A finding at least this sure is a warning unless its kind says otherwise.
WARNING_AT = 0.6


@dataclass(frozen=True)
class Kind:
    """A kind of finding: its name (see the module's docstring), one sentence of help for people
    (the SARIF rule's description), and its default severity by confidence — an ``error`` from
    ``error_at`` (None: never; an error fails the gate by default, so it must be close to certain),
    a ``warning`` from ``warning_at``, else ``info``. The configuration may set another severity
    for a kind."""

    name: str
    help: str
    error_at: float | None = None
    warning_at: float = WARNING_AT

    def severity(self, confidence: float) -> str:
        """The severity of a finding of this kind at ``confidence``."""
        if self.error_at is not None and confidence >= self.error_at:
            return "error"
        return "warning" if confidence >= self.warning_at else "info"

    @property
    def default_severity(self) -> str:
        """The severity at full confidence."""
        return self.severity(1.0)

    def finding(self, doc_id: str, seg_id: str, message: str, **fields: Any) -> Finding:
        """A finding of this kind, its severity from its confidence."""
        finding = Finding(doc_id, seg_id, self.name, message, "", **fields)
        finding.severity = self.severity(finding.confidence)  # of the confidence as rounded
        return finding


@dataclass
class Chunk:
    """What a check inspects: one chunk of the segment table — whole documents, but where a document
    cut between chunks goes on from the chunk before or into the next (``cut``, see
    :mod:`mtaudit.stream`) — with the context its checks share and the term analysis of its
    sources, made once for all of them."""

    segments: pd.DataFrame
    context: CheckContext
    cut: Cut = WHOLE

    @cached_property
    def occurrences(self) -> list[Occurrence]:
        """Every glossary term in the sources with what the target made of it."""
        return analyse_terms(self.segments, self.context, self.cut)


class Check:
    """Base class: subclasses set ``check_id``, ``kinds``, ``summary`` and implement ``run``."""

    check_id: ClassVar[str] = ""
    kinds: ClassVar[tuple[Kind, ...]] = ()
    summary: ClassVar[str] = ""
    #: The segment columns ``run`` reads (worker processes are sent only these).
    columns: ClassVar[tuple[str, ...]] = ("doc_id", "seg_id", "source", "target")

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def kind(cls, name: str) -> Kind:
        """The declared kind called ``name``."""
        return next(kind for kind in cls.kinds if kind.name == name)
