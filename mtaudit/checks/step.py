"""What checking one chunk is: every check over it, the term records the scores' term figures
need, and the chunk's part of a cut document's state — made a function an engine can run in its
workers (:class:`CheckStep`), which knows nothing of the checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mtaudit.checks import DEFAULT_CHECKS, check_class, chunkable, known_checks
from mtaudit.checks.analysis import TermCounts, term_counts
from mtaudit.checks.base import Check, Chunk
from mtaudit.checks.context import CheckContext
from mtaudit.corpus.pairs import ALIGNMENT, GUESSED
from mtaudit.engine import Engine, Pending
from mtaudit.findings import Finding
from mtaudit.glossary import boundaries, segmenter
from mtaudit.glossary.model import Glossary
from mtaudit.options import CheckOptions
from mtaudit.stream import WHOLE, Cut, cut_table, table_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Rows checked before worker processes are forked, so that they inherit built matchers and dictionaries.
WARM_UP_ROWS = 200
#: A finding in sentences aligned by guesswork is at most this sure: a warning, never an error
#: (the sentence it names may not be the translation of the one it checked).
GUESSED_CONFIDENCE = 0.6


@dataclass
class CheckResults:
    """The findings of each check (in check order), and the term counts the scores stage needs
    (made with the findings, chunk by chunk, so the term analysis never runs twice)."""

    by_check: dict[str, list[Finding]]
    terms: TermCounts

    @property
    def findings(self) -> list[Finding]:
        """Check by check: the order :func:`run_checks` gives."""
        return [finding for findings in self.by_check.values() for finding in findings]


def check_chunk(chunk: Chunk, checks: Iterable[Check]) -> CheckResults:
    """Every check over one chunk (they share its term analysis), and its term counts (its part of a
    cut document's counted with it); findings in sentences aligned by guesswork capped
    (:func:`capped_for_alignment`)."""
    guessed = _guessed_alignments(chunk.segments)
    by_check = {check.check_id: capped_for_alignment(list(check.run(chunk)), guessed, check) for check in checks}
    return CheckResults(by_check, term_counts(chunk.occurrences, chunk.cut))


def _guessed_alignments(segments: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(doc_id, seg_id) → why, for the rows whose sentences were aligned by guesswork."""
    if ALIGNMENT not in segments.columns:
        return {}
    rows = table_rows(segments, ["doc_id", "seg_id", ALIGNMENT])
    return {
        (doc, seg): how[len(GUESSED) :] for doc, seg, how in rows if isinstance(how, str) and how.startswith(GUESSED)
    }


def capped_for_alignment(findings: list[Finding], guessed: dict[tuple[str, str], str], check: Check) -> list[Finding]:
    """The findings, those in rows aligned by guesswork at most :data:`GUESSED_CONFIDENCE` sure (the
    severity their kind gives that) and saying so in their evidence."""
    for finding in findings:
        why = guessed.get((finding.doc_id, finding.seg_id))
        if why is None:
            continue
        finding.confidence = min(finding.confidence, GUESSED_CONFIDENCE)
        finding.severity = check.kind(finding.kind).severity(finding.confidence)
        finding.extra["evidence"] = [
            *finding.extra.get("evidence", []),
            f"sentences aligned by guesswork ({why}): at most a warning",
        ]
    return findings


def merge_results(results: list[CheckResults], check_ids: tuple[str, ...]) -> CheckResults:
    """Check by check, chunk by chunk: the order one run over the whole table gives."""
    terms = TermCounts()
    for result in results:
        terms.merge(result.terms)
    return CheckResults(
        {check_id: [f for result in results for f in result.by_check[check_id]] for check_id in check_ids}, terms
    )


def run_checks(
    segments: pd.DataFrame, context: CheckContext, check_ids: Iterable[str] = DEFAULT_CHECKS
) -> list[Finding]:
    """The findings of ``check_ids`` over a table of whole documents, in this process."""
    checks = [check_class(check_id)() for check_id in known_checks(check_ids)]
    return check_chunk(Chunk(segments, context), checks).findings


class CheckStep:
    """The checks of an audit as one function of a chunk, for an engine's workers. It pickles as
    its glossary, options and check ids: a worker started afresh builds the context (matchers,
    dictionaries) once, at its first chunk, and keeps it; forked workers inherit this one's."""

    def __init__(
        self,
        glossary: Glossary,
        options: CheckOptions | dict[str, Any] | None = None,
        check_ids: Iterable[str] = DEFAULT_CHECKS,
    ) -> None:
        self.glossary = glossary
        self.options = CheckOptions.from_mapping(options)
        self.check_ids = known_checks(check_ids)

    @cached_property
    def context(self) -> CheckContext:
        return CheckContext(self.glossary, self.options)

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        return tuple(check_class(check_id)() for check_id in self.check_ids)

    @cached_property
    def columns(self) -> frozenset[str]:
        """The segment columns the checks and the term analysis read (what a worker is sent)."""
        return frozenset({*Check.columns, ALIGNMENT, *(column for check in self.checks for column in check.columns)})

    def __call__(self, segments: pd.DataFrame) -> CheckResults:
        return self.check(segments)

    def check(self, segments: pd.DataFrame, cut: Cut = WHOLE) -> CheckResults:
        """The checks of one chunk, which fill in its part of ``cut``'s state."""
        return check_chunk(Chunk(segments, self.context, cut), self.checks)

    def warm_up(self, segments: pd.DataFrame) -> None:
        """Check a few rows here, so that workers forked after inherit the built context, with the
        dictionaries in use loaded whole (a long input: see :mod:`mtaudit.glossary.segmenter`)."""
        self.check(segments.iloc[:WARM_UP_ROWS])
        segmenter.load_whole()
        boundaries.load_whole()

    def start(self, segments: pd.DataFrame, engine: Engine) -> Pending[CheckResults]:
        """Start the checks of a chunk of whole documents on ``engine``: cut between documents
        into parts for its workers (each sent only the columns the checks read); the results come
        back check by check, part by part."""
        runner = engine.for_rows(len(segments))
        parts = cut_table(
            segments, runner.parallelism(), chunkable(self.options), runner.task_rows, runner.max_task_rows
        )
        columns = [column for column in segments.columns if column in self.columns]
        pending = runner.submit(self, [part[columns] for part in parts])
        return _Merged(pending, self.check_ids)

    def __getstate__(self) -> dict[str, Any]:
        return {"glossary": self.glossary, "options": self.options, "check_ids": self.check_ids}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


@dataclass
class _Merged:
    parts: Pending[list[CheckResults]]
    check_ids: tuple[str, ...]

    def result(self) -> CheckResults:
        return merge_results(self.parts.result(), self.check_ids)
