"""Scores stage: sacrebleu BLEU, chrF, chrF++ and TER against the human ``reference`` and the
reference model's ``mt``, at corpus and segment level, plus WMT-style terminology figures.

The figures are sacrebleu's own (same classes, default settings: ``13a`` tokenizer for English)
and every one carries sacrebleu's signature word for word. TER's shift search grows steeply with
segment length and reordering, so TER is computed only on segments of at most
``ter_max_words`` words (hypothesis and reference); how many were left out is reported.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.terms import Occurrence

#: Score columns each get a suffix naming what they were scored against: ``bleu_reference``, ``ter_mt``.
REFERENCE_COLUMNS = ("reference", "mt")


@dataclass(frozen=True)
class ScoreOptions:
    DEFAULT_TER_MAX_WORDS: ClassVar[int] = 40

    #: Segments whose hypothesis or reference is longer are left out of TER; 0 turns TER off, -1 uncaps it.
    ter_max_words: int = DEFAULT_TER_MAX_WORDS


def _metrics() -> dict[str, Any]:
    """Corpus metrics under their report names (sacrebleu defaults)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}


def _sentence_metrics() -> dict[str, Any]:
    """Segment metrics: sentence BLEU needs effective order (sacrebleu's own advice)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}


def column_name(metric: str, against: str) -> str:
    return f"{metric.replace('++', 'pp')}_{against}"


def score_columns() -> tuple[str, ...]:
    """Every segment score column the metrics stage may add (for reports that chart them)."""
    return tuple(column_name(m, a) for a in REFERENCE_COLUMNS for m in ("bleu", "chrf", "chrf++", "ter"))


def score_segments(segments: "pd.DataFrame", options: ScoreOptions | None = None,
                   map_parts: "MapParts | None" = None) -> "tuple[pd.DataFrame, dict[str, Any], list[str]]":
    """Score ``target`` against each reference column present; return the table with segment
    score columns, the metrics summary (``{"reference": {...}, "mt": {...}}``) and notices.
    ``map_parts`` (an engine's ``map``) may spread the work over worker processes."""
    options = options or ScoreOptions()
    frame = segments.copy()
    summary: dict[str, Any] = {}
    notices: list[str] = []
    for against in REFERENCE_COLUMNS:
        if against not in frame.columns:
            continue
        refs = frame[against]
        rows = [i for i, ref in enumerate(refs) if isinstance(ref, str) and ref.strip()]
        if not rows:
            continue
        hyps = [str(frame["target"].iat[i]) for i in rows]
        refs_used = [str(refs.iat[i]) for i in rows]
        ter_rows = [k for k in range(len(rows)) if _ter_allowed(hyps[k], refs_used[k], options.ter_max_words)]
        result, columns = _score(hyps, refs_used, ter_rows, map_parts)
        result["segments"] = len(rows)
        if options.ter_max_words != -1:
            result["ter_max_words"] = options.ter_max_words
            result["ter_skipped"] = len(rows) - len(ter_rows)
            if result["ter_skipped"]:
                notices.append(_ter_notice(against, result["ter_skipped"], len(rows), options.ter_max_words))
        summary[against] = result
        for name, values in columns.items():
            full: list[float | None] = [None] * len(frame)
            for i, value in zip(rows, values):
                full[i] = value
            frame[column_name(name, against)] = full
    return frame, summary, notices


def _ter_allowed(hyp: str, ref: str, max_words: int) -> bool:
    if max_words < 0:
        return True
    return 0 < max_words and len(hyp.split()) <= max_words and len(ref.split()) <= max_words


def _ter_notice(against: str, skipped: int, total: int, max_words: int) -> str:
    if max_words == 0:
        return f"TER against {against} not computed (turned off)"
    return (f"TER against {against} covers {total - skipped} of {total} segments: {skipped} longer than "
            f"{max_words} words were left out to bound its cost (--ter-max-words)")


def _score(hyps: list[str], refs: list[str], ter_rows: list[int],
           map_parts: "MapParts | None" = None) -> tuple[dict[str, Any], dict[str, list]]:
    """Corpus and segment scores from one pass of sacrebleu's segment statistics per metric: the
    corpus score is sacrebleu's aggregate of them (as ``corpus_score`` computes it) and each
    segment's score the same metric's score of its own statistics (as ``sentence_score`` computes
    it), so the text is tokenised and matched once, not twice. ``map_parts`` spreads the statistics
    over worker processes (see :meth:`mtaudit.engine.Engine.map`)."""
    corpus, sentence = _metrics(), _sentence_metrics()
    result: dict[str, Any] = {}
    signatures: dict[str, str] = {}
    columns: dict[str, list] = {}
    for name, metric in corpus.items():
        rows = ter_rows if name == "ter" else list(range(len(hyps)))
        if not rows:
            continue
        stats = segment_statistics(name, [hyps[k] for k in rows], [refs[k] for k in rows], map_parts)
        result[name] = metric._aggregate_and_compute(stats).score
        scores = dict(zip(rows, (sentence[name]._aggregate_and_compute([one]).score for one in stats)))
        columns[name] = [scores.get(k) for k in range(len(hyps))]
        for scorer in (metric, sentence[name]):  # the signature's reference count, learnt as sacrebleu learns it
            scorer._cache_references([[refs[rows[0]]]])
        signatures[name] = str(metric.get_signature())
        signatures[f"segment_{name}"] = str(sentence[name].get_signature())
    result["signatures"] = signatures
    return result, columns


#: Runs a function over parts of a list, maybe in worker processes: ``map_parts(function, items)``.
MapParts = Callable[[Callable[[list], list], list], list]
#: Segments per part when the statistics are spread over workers.
STATISTICS_PART = 2_000


def segment_statistics(name: str, hyps: list[str], refs: list[str], map_parts: "MapParts | None" = None) -> list:
    """sacrebleu's statistics of each segment for metric ``name`` (the expensive part of scoring),
    part by part through ``map_parts`` (a part carries its texts and the function is importable,
    so forked workers, fresh ones and Ray tasks can all take it)."""
    pairs = list(zip(hyps, refs))
    if map_parts is None or len(pairs) <= STATISTICS_PART:
        return _statistics(name, pairs)
    parts = [pairs[start:start + STATISTICS_PART] for start in range(0, len(pairs), STATISTICS_PART)]
    return [one for part in map_parts(partial(_statistics, name), parts) for one in part]


def _statistics(name: str, pairs: list[tuple[str, str]]) -> list:
    return _metrics()[name]._extract_corpus_statistics([h for h, _ in pairs], [[r for _, r in pairs]])


class TermRecord(NamedTuple):
    """What the term figures need of one source term: small, so engines can ship it between processes."""

    doc_id: str
    entry_id: str
    status: str
    exact: bool
    rendering: str


def term_records(occurrences: Iterable["Occurrence"]) -> list[TermRecord]:
    from mtaudit.checks.terms import without_possessive

    return [TermRecord(o.doc_id, o.entry.id, o.status, o.status == "ok" and _exact(o),
                       without_possessive(o.span.text.lower()) if o.span else "")
            for o in occurrences if o.hit is not None]


def term_metrics(records: Iterable[TermRecord]) -> dict[str, Any]:
    """WMT terminology-task figures over the glossary terms found in the sources.

    ``success_rate``: the term is rendered acceptably (case and inflection as the glossary matcher
    allows: the lemma/fuzzy variant); ``exact_success_rate``: an accepted form appears verbatim
    (case-sensitive) in the rendering; ``consistency``: over terms that occur more than once in a
    document, the share of occurrences rendered as that document's most frequent rendering
    (absent when no term repeats).
    """
    found = list(records)
    if not found:
        return {}
    ok = [r for r in found if r.status == "ok"]
    exact = [r for r in ok if r.exact]
    statuses = Counter(r.status for r in found)
    result: dict[str, Any] = {
        "terms": len(found),
        "success_rate": len(ok) / len(found),
        "exact_success_rate": len(exact) / len(found),
        **{status: statuses.get(status, 0) for status in ("missing", "misrendered", "forbidden")},
    }
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in found:
        groups[(r.doc_id, r.entry_id)].append(r.rendering)
    repeated = [renderings for renderings in groups.values() if len(renderings) > 1]
    result["repeated_terms"] = len(repeated)
    if repeated:
        agreeing = sum(Counter(r).most_common(1)[0][1] for r in repeated)
        result["consistency"] = agreeing / sum(len(r) for r in repeated)
    return result


def _exact(o: "Occurrence") -> bool:
    return o.span is not None and any(map(o.span.text.__contains__, (*o.entry.accepted, *o.entry.short)))


def term_success_by_occurrence(occurrences: Iterable["Occurrence"]) -> dict[tuple[str, str, str, int], bool]:
    """(doc_id, seg_id, entry id, source offset) → rendered acceptably, for paired tests."""
    return {(o.doc_id, o.seg_id, o.entry.id, o.hit.start): o.status == "ok" for o in occurrences if o.hit is not None}
