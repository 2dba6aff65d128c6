"""Scores stage: sacrebleu BLEU, chrF, chrF++ and TER against the human ``reference`` and the
reference model's ``mt``, at corpus and segment level, plus WMT-style terminology figures.

The figures are sacrebleu's own (same classes, default settings: ``13a`` tokenizer for English)
and every one carries sacrebleu's signature word for word. TER is sacrebleu's computed faster
(:mod:`mtaudit.ter`), on every segment unless ``ter_max_words`` caps it (then how many were left
out is reported). Each segment's statistics are computed once, in parts that an engine's workers
take while this process checks the chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from mtaudit.checks.analysis import Occurrence, TermCounts, TermRecord
from mtaudit.engine import Done, Pending
from mtaudit.options import ScoreOptions
from mtaudit.registry import LazyClass

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Score columns each get a suffix naming what they were scored against: ``bleu_reference``, ``ter_mt``.
REFERENCE_COLUMNS = ("reference", "mt")
METRICS = ("bleu", "chrf", "chrf++", "ter")
#: sacrebleu (with its tabulate, lxml and portalocker imports: ~30 ms, 8 MiB) is imported when a
#: chunk has references to score, so an audit without references does not pay for it.
EXACT_TER = LazyClass("mtaudit.ter", "ExactTER")


def corpus_metrics() -> dict[str, Any]:
    """Corpus metrics under their report names (sacrebleu defaults)."""
    from sacrebleu.metrics import BLEU, CHRF

    return {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": EXACT_TER.load()}


def sentence_metrics() -> dict[str, Any]:
    """Segment metrics: sentence BLEU needs effective order (sacrebleu's own advice)."""
    from sacrebleu.metrics import BLEU, CHRF

    return {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": EXACT_TER.load()}


def column_name(metric: str, against: str) -> str:
    return f"{metric.replace('++', 'pp')}_{against}"


def score_columns() -> tuple[str, ...]:
    """Every segment score column the metrics stage may add (for reports that chart them)."""
    return tuple(column_name(m, a) for a in REFERENCE_COLUMNS for m in METRICS)


#: Runs a function over parts of a list, maybe in worker processes: ``map_parts(function, items)``.
MapParts = Callable[[Callable[[list], Any], list], list]
#: The same started now, its results collected later (an engine's ``start_map``).
StartParts = Callable[[Callable[[list], Any], list], Pending[list]]


def score_segments(
    segments: pd.DataFrame, options: ScoreOptions | None = None, map_parts: MapParts | None = None
) -> tuple[pd.DataFrame, dict[str, Any], list[str]]:
    """Score ``target`` against each reference column present; return the table with segment
    score columns, the metrics summary (``{"reference": {...}, "mt": {...}}``) and notices.
    ``map_parts`` (an engine's ``map``) may spread the work over worker processes."""
    scorer = Scorer(options, None if map_parts is None else partial(_started, map_parts))
    frame = scorer.add(segments)
    summary, notices = scorer.summary()
    return frame, summary, notices


def _started(map_parts: MapParts, function: Callable[[list], Any], items: list) -> Pending[list]:
    return Done(map_parts(function, items))


class Scorer:
    """Scores a table chunk after chunk: each chunk gets its segment score columns, and the corpus
    scores are computed at the end from sacrebleu's statistics summed over every chunk, exactly as
    ``corpus_score`` sums them over one list (the sums are of whole numbers, so the order of adding
    changes nothing). :meth:`start` hands a chunk's statistics to ``start_parts`` (an engine's
    ``start_map``: its workers) and :meth:`finish` adds them, so that the chunk can be checked here
    meanwhile."""

    def __init__(self, options: ScoreOptions | None = None, start_parts: StartParts | None = None) -> None:
        self.options = options or ScoreOptions()
        self.start_parts = start_parts
        self._totals: dict[str, _Totals] = {}

    def add(self, segments: pd.DataFrame) -> pd.DataFrame:
        """``segments`` with a score column per metric and reference column that has references."""
        return self.finish(self.start(segments))

    def start(self, segments: pd.DataFrame) -> Scoring:
        """Start computing the statistics of a chunk's pairs, per reference column with references."""
        scoring = Scoring(segments)
        targets = None
        for against in REFERENCE_COLUMNS:
            if against not in segments.columns:
                continue
            refs = segments[against].tolist()
            rows = [i for i, ref in enumerate(refs) if isinstance(ref, str) and ref.strip()]
            if not rows:
                continue
            targets = segments["target"].tolist() if targets is None else targets
            pairs = [(str(targets[i]), str(refs[i])) for i in rows]
            scored = [ter_allowed(hyp, ref, self.options.ter_max_words) for hyp, ref in pairs]
            scoring.columns[against] = (rows, pairs, scored, segment_statistics(pairs, scored, self.start_parts))
        return scoring

    def finish(self, scoring: Scoring) -> pd.DataFrame:
        """The chunk of ``scoring`` with its score columns; its statistics added to the totals."""
        frame = scoring.segments if not scoring.columns else scoring.segments.copy()
        for against, (rows, pairs, scored, pending) in scoring.columns.items():
            columns = self._totals.setdefault(against, _Totals()).add(pairs, scored, pending.result())
            for name, values in columns.items():
                full: list[float | None] = [None] * len(frame)
                for i, value in zip(rows, values, strict=True):
                    full[i] = value
                frame[column_name(name, against)] = full
        return frame

    def summary(self) -> tuple[dict[str, Any], list[str]]:
        """The corpus figures per reference column, and notices (TER left out of long segments)."""
        summary: dict[str, Any] = {}
        notices: list[str] = []
        max_words = self.options.ter_max_words
        for against in REFERENCE_COLUMNS:
            totals = self._totals.get(against)
            if totals is None:
                continue
            result = totals.scores()
            result["segments"] = totals.rows
            if max_words is not None:
                result["ter_max_words"] = max_words
                result["ter_skipped"] = totals.rows - totals.ter_rows
                if result["ter_skipped"]:
                    notices.append(_ter_notice(against, result["ter_skipped"], totals.rows, max_words))
            summary[against] = result
        return summary, notices


@dataclass
class Scoring:
    """A chunk being scored: per reference column, the rows with a reference, their (target,
    reference) pairs, which of them TER covers, and their statistics to come."""

    segments: pd.DataFrame
    columns: dict[str, tuple[list[int], list[tuple[str, str]], list[bool], Pending[dict[str, list]]]] = field(
        default_factory=dict
    )


def ter_allowed(hyp: str, ref: str, max_words: int | None) -> bool:
    """Whether TER scores this pair under ``--ter-max-words`` (see :class:`~mtaudit.options.ScoreOptions`)."""
    if max_words is None:
        return True
    return max_words > 0 and len(hyp.split()) <= max_words and len(ref.split()) <= max_words


def _ter_notice(against: str, skipped: int, total: int, max_words: int) -> str:
    if max_words == 0:
        return f"TER against {against} not computed (turned off)"
    return (
        f"TER against {against} covers {total - skipped} of {total} segments: {skipped} longer than "
        f"{max_words} words were left out to bound its cost (--ter-max-words)"
    )


@dataclass
class _Totals:
    """One reference column's running sums of each metric's statistics, from one pass of
    sacrebleu's segment statistics per metric: each segment's score is the sentence metric's score
    of its own statistics (as ``sentence_score`` computes it) and the corpus score the corpus
    metric's score of their sum (as ``corpus_score`` does), so the text is tokenised and matched
    once, not twice."""

    rows: int = 0
    ter_rows: int = 0
    stats: dict[str, list] = field(default_factory=dict)
    #: The first reference scored per metric: sacrebleu learns the signature's reference count from it.
    first_reference: dict[str, str] = field(default_factory=dict)

    def add(self, pairs: list[tuple[str, str]], scored: list[bool], statistics: dict[str, list]) -> dict[str, list]:
        """Add these pairs' statistics; their segment scores per metric (None where TER left a pair out)."""
        from sacrebleu.utils import sum_of_lists

        sentence = sentence_metrics()
        columns: dict[str, list] = {}
        ter_rows = [k for k, covered in enumerate(scored) if covered]
        self.rows += len(pairs)
        self.ter_rows += len(ter_rows)
        for name in METRICS:
            rows = ter_rows if name == "ter" else list(range(len(pairs)))
            if not rows:
                continue
            stats = statistics[name]
            self.stats[name] = sum_of_lists([self.stats[name], *stats] if name in self.stats else stats)
            self.first_reference.setdefault(name, pairs[rows[0]][1])
            scores = dict(zip(rows, (sentence[name]._aggregate_and_compute([one]).score for one in stats), strict=True))
            columns[name] = [scores.get(k) for k in range(len(pairs))]
        return columns

    def scores(self) -> dict[str, Any]:
        """Corpus score per metric, then ``signatures`` (corpus and segment metrics)."""
        corpus, sentence = corpus_metrics(), sentence_metrics()
        result: dict[str, Any] = {}
        signatures: dict[str, str] = {}
        for name, metric in corpus.items():
            if name not in self.stats:
                continue
            result[name] = metric._aggregate_and_compute([self.stats[name]]).score
            for scorer in (metric, sentence[name]):  # the signature's reference count, learnt as sacrebleu learns it
                scorer._cache_references([[self.first_reference[name]]])
            signatures[name] = str(metric.get_signature())
            signatures[f"segment_{name}"] = str(sentence[name].get_signature())
        result["signatures"] = signatures
        return result


#: Segments per part when the statistics are spread over workers (small enough that two workers
#: share a 2,000-row file evenly, although TER's cost varies a lot from segment to segment).
STATISTICS_PART = 250


def segment_statistics(
    pairs: list[tuple[str, str]], scored: list[bool], start_parts: StartParts | None = None
) -> Pending[dict[str, list]]:
    """sacrebleu's statistics of each pair for every metric (TER's only of the pairs ``scored``
    says), the expensive part of scoring: part by part through ``start_parts`` (a part carries
    its texts and the function is importable, so forked workers, fresh ones and Ray tasks can all
    take it)."""
    items = list(zip(pairs, scored, strict=False))
    if start_parts is None or len(items) <= STATISTICS_PART:
        return Done(part_statistics(items))
    parts = [items[start : start + STATISTICS_PART] for start in range(0, len(items), STATISTICS_PART)]
    return _Joined(start_parts(part_statistics, parts))


def part_statistics(items: list[tuple[tuple[str, str], bool]]) -> dict[str, list]:
    """Every metric's statistics of a part's pairs: TER's of those it covers."""
    statistics = {}
    for name, metric in corpus_metrics().items():
        pairs = [pair for pair, scored in items if scored or name != "ter"]
        statistics[name] = (
            metric._extract_corpus_statistics([h for h, _ in pairs], [[r for _, r in pairs]]) if pairs else []
        )
    return statistics


@dataclass
class _Joined:
    """The statistics of the parts, joined in order."""

    parts: Pending[list[dict[str, list]]]

    def result(self) -> dict[str, list]:
        parts = self.parts.result()
        return {name: [one for part in parts for one in part[name]] for name in METRICS}


def term_metrics(records: Iterable[TermRecord]) -> dict[str, Any]:
    """WMT terminology-task figures over the glossary terms found in the sources (see :class:`TermTotals`)."""
    totals = TermTotals()
    totals.add(records)
    return totals.metrics()


@dataclass
class TermTotals(TermCounts):
    """Counts behind the term figures, added chunk by chunk (:class:`TermCounts`).

    ``success_rate``: the term is rendered acceptably (case and inflection as the glossary matcher
    allows: the lemma/fuzzy variant); ``exact_success_rate``: an accepted form appears verbatim
    (case-sensitive) in the rendering; ``consistency``: over terms that occur more than once in a
    document, the share of occurrences rendered as that document's most frequent rendering
    (absent when no term repeats).
    """

    def metrics(self) -> dict[str, Any]:
        if not self.found:
            return {}
        result: dict[str, Any] = {
            "terms": self.found,
            "success_rate": self.ok / self.found,
            "exact_success_rate": self.exact / self.found,
            **{status: self.statuses.get(status, 0) for status in ("missing", "misrendered", "forbidden")},
            "repeated_terms": self.repeated_terms,
        }
        if self.repeated_terms:
            result["consistency"] = self.agreeing / self.repeated_occurrences
        return result


def term_success_by_occurrence(occurrences: Iterable[Occurrence]) -> dict[tuple[str, str, str, int], bool]:
    """(doc_id, seg_id, entry id, source offset) → rendered acceptably, for paired tests."""
    return {(o.doc_id, o.seg_id, o.entry.id, o.hit.start): o.status == "ok" for o in occurrences if o.hit is not None}
