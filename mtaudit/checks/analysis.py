"""The term analysis the glossary checks share: each glossary term in the source and what the target
made of it (an :class:`Occurrence`), made once per chunk (:attr:`mtaudit.checks.base.Chunk.occurrences`)
and read by the terms, consistency and triangulation checks and, as :class:`TermRecord`, by the
scores' term figures.

For every source hit the target is searched for an accepted rendering not already consumed by
another entry. Failing that, a known wrong (forbidden) rendering of that entry, an accepted one in
the wrong case (``miscased``), the term's characters copied into the target, the most plausible
misrendering (see :mod:`mtaudit.checks.locate`), then a name translated word for word
(:mod:`mtaudit.glossary.literal`) is located; otherwise the term is ``missing``. A name mentioned
more often than its renderings stand may share an earlier mention's rendering (a pronoun), unless
the target also translates it word for word. Known wrong renderings of any entry anywhere in the
target are ``forbidden``.

Each occurrence carries a confidence from its evidence (see :func:`judge_unrendered`): a known wrong
form is near certain; a located misrendering is as sure as it is close to the term's readings; a
term inside a longer name (北京 in 北京协和医院), or one whose rendering holds only in some contexts,
is unsure when nothing renders it — the longer name may well be rendered as a whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import regex
from rapidfuzz.distance import Indel

from mtaudit.checks.context import CheckContext
from mtaudit.checks.locate import place_in
from mtaudit.english import zipf
from mtaudit.glossary.literal import literal_span
from mtaudit.glossary.matcher import SourceHit, Span, SpanCover
from mtaudit.glossary.model import NAME_TYPES, Entry
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.stream import WHOLE, Cut, table_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Confidence of each kind of evidence (see :func:`judge_unrendered`).
FORBIDDEN_SEEN = 0.97
FORBIDDEN_WITHOUT_SOURCE = 0.93
WRONG_CASE = 0.9
NAME_ABSENT = 0.92
TERM_ABSENT = 0.7  # terms (not names) are often paraphrased acceptably
IN_LONGER_NAME = 0.35
ANOTHER_PLACE = 0.9  # the target names another place of the glossary where the source has this one
ANOTHER_PLACE_NEARBY = 0.5  # that far from the term's place at most, as a share of the segment
AMBIGUOUS = 0.45
AMBIGUOUS_EVIDENCE = "the glossary rendering holds only in some contexts"
OTHER_COUNTRY = 0.3
#: A located misrendering is as sure as the term's absence, or, when it reads very like the term (a
#: misspelt term, "Fantanil"), LOCATED_BASE + LOCATED_GAIN x its closeness to the term's readings.
LOCATED_BASE = 0.62
LOCATED_GAIN = 0.4
LOCATED_MAX = 0.96  # less than a known wrong form
#: A name written word for word ("Taiwan's electricity accumulation" for 台积电) where nothing renders
#: it; and where an earlier mention's rendering stands for it as well (a pronoun would not be literal).
GARBLED_WHOLE = 0.85
GARBLED_REST = 0.8  # the words after a short form this close to the rest of the full name misspell it
RARE_ZIPF = 3.0  # and one of them is no English word
GARBLED_EVIDENCE = "an accepted short form opening a garble of the full name"
OTHER_GIVEN_NAME = 0.8  # the surname beside a given name that is not the person's
OTHER_GIVEN_EVIDENCE = "the surname with another given name than the person's"
LITERAL = 0.92
LITERAL_AFTER_MENTION = 0.8
LITERAL_EVIDENCE = "the name's characters translated word for word"


@dataclass
class Occurrence:
    """One glossary term in one segment and what the target made of it."""

    doc_id: str
    seg_id: str
    entry: Entry
    hit: SourceHit | None
    status: str  # "ok", "missing", "misrendered", "miscased" or "forbidden"
    span: Span | None = None
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()

    @property
    def rendering(self) -> str:
        """The target text for the term without a possessive ending ('' when missing)."""
        return without_possessive(self.span.text) if self.span else ""


#: Possessive and plural-possessive endings (Biden's, the Bidens'), all two characters long.
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def without_possessive(text: str) -> str:
    """``text`` less a possessive or plural-possessive ending (Biden's, the Bidens')."""
    return text[:-2] if text.endswith(_POSSESSIVE) else text


def analyse_terms(segments: pd.DataFrame, context: CheckContext, cut: Cut = WHOLE) -> list[Occurrence]:
    """The occurrences of every glossary term in ``segments``' sources, in order. A short form is
    accepted after a full rendering in the same document, also in the chunk before when the
    document goes on from there (``cut``); the entries of the last document rendered in full are
    handed on when it goes on in the next chunk."""
    occurrences: list[Occurrence] = []
    # (doc_id, entry id) rendered in full so far, in this chunk or, for a document it goes on with, before
    seen_full = set(cut.carried.rendered_in_full) if cut.carried is not None else set()
    columns = table_rows(segments, ["doc_id", "seg_id", "source", "target"])
    for doc_id, seg_id, source, target in columns:
        occurrences.extend(_segment_occurrences(doc_id, seg_id, source, target, context, seen_full))
    if cut.hands_on is not None:
        last = cut.hands_on.doc_id
        cut.hands_on.rendered_in_full = {pair for pair in seen_full if pair[0] == last}
    return occurrences


def _segment_occurrences(
    doc_id: str, seg_id: str, source: str, target: str, context: CheckContext, seen_full: set[tuple[str, str]]
) -> Iterator[Occurrence]:
    targets = context.target_matcher
    consumed: list[tuple[str, Span]] = []
    forbidden = targets.forbidden_spans(target)
    hits = context.source_matcher.find(source)
    for index, hit in enumerate(hits):
        entry = hit.entry
        span = _free_span(targets.accepted_spans(entry, target), entry.id, consumed)
        if span is not None:
            seen_full.add((doc_id, entry.id))
        elif (doc_id, entry.id) in seen_full:
            span = _free_span(targets.short_spans(entry, target), entry.id, consumed)
        garbled = _garbled_whole(entry, span, target) if span is not None else None
        if garbled is not None:
            consumed.append((entry.id, garbled))
            yield Occurrence(doc_id, seg_id, entry, hit, "misrendered", garbled, GARBLED_WHOLE, (GARBLED_EVIDENCE,))
            continue
        other_given = _with_another_given_name(entry, hit, span, target) if span is not None else None
        if other_given is not None:
            consumed.append((entry.id, other_given))
            yield Occurrence(
                doc_id, seg_id, entry, hit, "misrendered", other_given, OTHER_GIVEN_NAME, (OTHER_GIVEN_EVIDENCE,)
            )
            continue
        if span is not None:
            literal = _literal_instead(entry, hit, target, consumed, context)
            if literal is not None:
                consumed.append((entry.id, literal))
                yield Occurrence(
                    doc_id, seg_id, entry, hit, "misrendered", literal, LITERAL_AFTER_MENTION, (LITERAL_EVIDENCE,)
                )
                continue
            consumed.append((entry.id, span))
            yield Occurrence(doc_id, seg_id, entry, hit, "ok", span)
            continue
        occurrence = judge_unrendered(
            Occurrence(doc_id, seg_id, entry, hit, "missing"),
            source,
            target,
            consumed,
            forbidden,
            context,
            hits[index - 1] if index else None,
            hits[index + 1 :],
        )
        if occurrence.span is not None:
            consumed.append((entry.id, occurrence.span))
        yield occurrence
    if forbidden:  # none in most segments; thousands of forms in a hostile one
        covered = SpanCover(span for _, span in consumed)
        for entry, span in forbidden:
            if not covered.overlaps(span):
                covered.add(span)
                consumed.append((entry.id, span))
                confidence = FORBIDDEN_SEEN if source.strip() else FORBIDDEN_WITHOUT_SOURCE
                yield Occurrence(
                    doc_id, seg_id, entry, None, "forbidden", span, confidence, ("a known wrong rendering",)
                )
    if not source.strip():
        taken = [s for _, s in consumed] + targets.rendering_spans(target)
        for entry, span, confidence, evidence in context.locator.scan(target, taken):
            if entry.ambiguous:  # as for a source hit: the rendering holds only in some contexts
                confidence, evidence = min(confidence, AMBIGUOUS), (*evidence, AMBIGUOUS_EVIDENCE)
            yield Occurrence(doc_id, seg_id, entry, None, "misrendered", span, confidence, evidence)


def judge_unrendered(
    o: Occurrence,
    source: str,
    target: str,
    consumed: list[tuple[str, Span]],
    forbidden: list[tuple[Entry, Span]],
    context: CheckContext,
    before: SourceHit | None = None,
    later: Sequence[SourceHit] = (),
) -> Occurrence:
    """What stands in the target for a term none of whose accepted renderings is there, and how sure
    that is: a forbidden form of the entry, the accepted form in the wrong case, what stands in its
    place (:func:`_in_its_place`), or nothing (missing). Where the source hit is inside a longer name, or the
    entry's rendering holds only in some contexts, an absent or approximate rendering is unsure. What
    renders a ``later`` hit of the segment is left to it (湖南日报 dropped is not "Hunan", which
    renders a 湖南 further on)."""
    entry, hit = o.entry, o.hit
    assert hit is not None
    wrong = _free_span([s for e, s in forbidden if e.id == entry.id], entry.id, consumed)
    if wrong is not None:
        return _with(o, "forbidden", wrong, FORBIDDEN_SEEN, "a known wrong rendering")
    cased = _free_span(context.target_matcher.caseless_spans(entry, target), entry.id, consumed)
    if cased is not None:
        return _with(o, "miscased", cased, WRONG_CASE, "the accepted rendering in another case")
    targets = context.target_matcher
    reserved = [
        (h.entry.id, span) for h in later if h.entry.id != entry.id for span in targets.accepted_spans(h.entry, target)
    ]
    o = _in_its_place(o, source, target, consumed + reserved, context)
    other = _another_place(o, source, target, consumed + reserved, context)
    o = other or o
    longer = None if other else context.longer_names.containing(source, hit)  # "Xuzhou Industrial Park": another city
    if longer is not None:
        if longer.english and context.target_matcher.english_spans(longer.english, target):
            return _with(o, "ok", None, 1.0, f"rendered as part of {longer.text} ({longer.english})")
        if o.span is not None or context.locator.name_near(hit, source, target, [s for _, s in consumed]):
            o = _with(
                o,
                o.status,
                o.span,
                min(o.confidence, IN_LONGER_NAME),
                f"part of the longer name {longer.text}, which the translation may name otherwise",
            )
    if entry.ambiguous:
        o = _with(o, o.status, o.span, min(o.confidence, AMBIGUOUS), AMBIGUOUS_EVIDENCE)
    owner = _other_country(entry, before, hit)
    if owner is not None:
        o = _with(o, o.status, o.span, min(o.confidence, OTHER_COUNTRY), f"{owner.text} says whose body this is")
    return o


def _another_place(
    o: Occurrence, source: str, target: str, consumed: list[tuple[str, Span]], context: CheckContext
) -> Occurrence | None:
    """A place the target renders as another place of the glossary that the source does not name,
    at about its place ("Xuzhou" for 苏州, Suzhou; "Xi'an" for 厦门, Xiamen): misrendered, as surely
    as a located misrendering, whether or not the term opens a longer name."""
    entry, hit = o.entry, o.hit
    if entry.type != "place" or hit is None or o.status not in ("missing", "misrendered"):
        return None
    place = place_in(hit.start, hit.end, source)
    others = [
        (abs(place_in(span.start, span.end, target) - place), span, other)
        for other, span in context.target_matcher.renderings(target)
        if other.type == "place"
        and other.id != entry.id
        and not any(form in source for form in other.sources)
        and (o.span is None or span.overlaps(o.span))
        and not any(span.overlaps(taken) for _, taken in consumed)
    ]
    distance, span, other = min(others, key=lambda found: found[0], default=(1.0, None, None))
    if span is None or other is None or distance > ANOTHER_PLACE_NEARBY:
        return None
    confidence = max(ANOTHER_PLACE, o.confidence if o.span is not None else 0.0)
    return _with(o, "misrendered", span, confidence, f"'{span.text}' is another place ({other.sources[0]})")


def _in_its_place(
    o: Occurrence, source: str, target: str, consumed: list[tuple[str, Span]], context: CheckContext
) -> Occurrence:
    """What the target wrote for a term it does not render: its characters copied; a located
    misrendering (the term is absent all the same: locating it says where, and how surely); a name
    translated word for word; or nothing (missing)."""
    entry, hit = o.entry, o.hit
    assert hit is not None
    absent = NAME_ABSENT if entry.type in NAME_TYPES else TERM_ABSENT
    copied = _free_span(_copied(hit, target), entry.id, consumed)
    if copied is not None:
        return _with(o, "misrendered", copied, absent, "left untranslated: the source's characters are in the target")
    located = context.locator.locate_scored(entry, hit, source, target, [s for _, s in consumed])
    if located is not None:
        span, closeness = located
        confidence = max(absent, min(LOCATED_MAX, LOCATED_BASE + LOCATED_GAIN * closeness))
        return _with(
            o,
            "misrendered",
            span,
            confidence,
            f"no accepted rendering; '{span.text}' stands in its place (closeness {closeness:.2f})",
        )
    if entry.type in NAME_TYPES:
        literal = _literal(hit, target, consumed, _renderings(entry, target, context))
        if literal is not None:
            return _with(o, "misrendered", literal, LITERAL, LITERAL_EVIDENCE)
    part = _part_of_name(entry, hit, source, target, consumed, context) if entry.type == "org" else None
    if part is not None:
        return _with(o, "misrendered", part, absent, f"only part of the name: '{part.text}'")
    siding = _siding_with(hit, source, target, consumed)
    if siding is not None:
        return _with(o, "misrendered", siding, absent, f"'{siding.text}' renders 亲 with the term")
    return _with(o, "missing", None, absent, "no rendering of the term in the translation")


_PRO = regex.compile(r"\b[Pp]ro-[A-Za-z]+")


def _siding_with(hit: SourceHit, source: str, target: str, consumed: list[tuple[str, Span]]) -> Span | None:
    """A term after 亲 ("siding with") that the target writes as "pro-…" at about its place:
    "pro-Chinese" for 亲中共 stands for the Communist Party of China, and misrenders it."""
    if source[hit.start - 1 : hit.start] != "亲":
        return None
    place = place_in(hit.start, hit.end, source)
    for match in _PRO.finditer(target):
        span = Span(match.start(), match.end(), match.group())
        near = abs(place_in(span.start, span.end, target) - place) <= PART_NEARBY
        if near and not any(span.overlaps(taken) for _, taken in consumed):
            return span
    return None


#: How far (as a share of the segment) a word may stand from the term's place to be its rendering,
#: but anywhere in a segment this short (in characters): a heading ("Home of the high-speed railway"
#: for 高铁居然之家).
PART_NEARBY = 0.3
HEADING = 12
_NAME_WORD = regex.compile(r"[A-Za-z]{4,}")


def _part_of_name(
    entry: Entry, hit: SourceHit, source: str, target: str, consumed: list[tuple[str, Span]], context: CheckContext
) -> Span | None:
    """A distinctive word of an organisation's renderings standing alone at about the term's place,
    anywhere in a heading ("pro communist media" for 亲中共媒体, the Communist Party of China), outside what other terms
    took: the name rendered in part. Words of what kind of body it is ("Commission") and of places
    ("China") are in too many other names to say."""
    words = {w.lower() for form in entry.accepted for w in _NAME_WORD.findall(form)}
    words -= _GENERIC_ORG_WORDS | context.place_words
    place = place_in(hit.start, hit.end, source)
    reach = 1.0 if len(source.strip()) <= HEADING else PART_NEARBY  # a heading's word order says little
    best: tuple[float, Span] | None = None
    for match in _NAME_WORD.finditer(target):
        span = Span(match.start(), match.end(), match.group())
        if match.group().lower() not in words or any(span.overlaps(taken) for _, taken in consumed):
            continue
        distance = abs(place_in(span.start, span.end, target) - place)
        if distance <= reach and (best is None or distance < best[0]):
            best = (distance, span)
    return best[1] if best else None


#: Words of organisations' names that say what kind of body it is, not which one.
_GENERIC_ORG_WORDS = frozenset(
    [
        "party",
        "committee",
        "central",
        "commission",
        "ministry",
        "bureau",
        "office",
        "council",
        "association",
        "university",
        "college",
        "institute",
        "company",
        "group",
        "bank",
        "agency",
        "administration",
        "department",
        "national",
        "state",
        "people",
        "peoples",
    ]
)


def _other_country(entry: Entry, before: SourceHit | None, hit: SourceHit) -> SourceHit | None:
    """The place name just before an organisation that its renderings do not mention: 美国证监会 is the
    US SEC, not the China Securities Regulatory Commission of the glossary."""
    if entry.type != "org" or before is None or before.end != hit.start or before.entry.type != "place":
        return None
    renderings = " ".join(entry.accepted).lower()
    place = before.entry
    return None if any(form.lower() in renderings for form in place.accepted) else before


#: The words after an accepted short form (:func:`_garbled_whole`), and a capitalised word just
#: before or after a surname (:func:`_with_another_given_name`): compiled once, not looked up in
#: ``regex``'s cache at every occurrence.
_WORDS_AFTER = regex.compile(r" (\p{L}+(?: \p{L}+)*)")
_CAPITALISED_BEFORE = regex.compile(r"(\p{Lu}\p{Ll}+) $")
_CAPITALISED_AFTER = regex.compile(r" (\p{Lu}\p{Ll}+)\b")


def _garbled_whole(entry: Entry, span: Span, target: str) -> Span | None:
    """The accepted short form that opens a garble of the full name ("Sina Finamce" for Sina
    Finance, whose variant "Sina" stands in it): the words after it spell the rest of the name
    misspelt, with a word English does not know. The span of the garble, or None."""
    full = entry.target
    if not full.lower().startswith(span.text.lower() + " "):
        return None
    rest = full[len(span.text) + 1 :]
    after = _WORDS_AFTER.match(target[span.end : span.end + len(rest) + 12])
    if after is None:
        return None
    words = after.group(1).split()[: len(rest.split())]
    written = " ".join(words)
    if written.lower() == rest.lower() or Indel.normalized_similarity(written.lower(), rest.lower()) < GARBLED_REST:
        return None
    if all(zipf(w) >= RARE_ZIPF for w, r in zip(words, rest.split(), strict=False) if w.lower() != r.lower()):
        return None  # English words ("Sina Finances"): wording, not a garble
    end = span.end + 1 + len(written)
    return Span(span.start, end, target[span.start : end])


def _with_another_given_name(entry: Entry, hit: SourceHit, span: Span, target: str) -> Span | None:
    """A person's surname (an accepted rendering) beside a given name that is none of theirs, where
    the source gives the full name ("Funio Kishida", "Kishida Wenxiong" for 岸田文雄 Fumio Kishida:
    "Kishida" alone would pass). The span of surname and given name, or None."""
    if entry.type != "person" or " " in span.text or not _names_the_given_name(entry, hit):
        return None
    surname = span.text.lower()
    givens = {
        word.lower()
        for form in (entry.target, *entry.variants)
        if surname in (words := form.lower().split()) and len(words) > 1
        for word in form.split()
        if word.lower() != surname
    }
    if not givens:
        return None

    def not_theirs(word: str) -> bool:  # and no English word ("Prime Minister Kishida")
        return word.lower() not in givens and zipf(word) < RARE_ZIPF

    before = _CAPITALISED_BEFORE.search(target[: span.start])
    if before and not_theirs(before.group(1)):
        return Span(before.start(1), span.end, target[before.start(1) : span.end])
    after = _CAPITALISED_AFTER.match(target[span.end :])
    if after and not_theirs(after.group(1)):
        end = span.end + after.end(1)
        return Span(span.start, end, target[span.start : end])
    return None


def _names_the_given_name(entry: Entry, hit: SourceHit) -> bool:
    """Whether the source form hit holds a given name: it is another of the entry's forms and more
    (岸田文雄 of 岸田)."""
    text = normalize_zh(hit.text)
    return any(
        len(form) < len(text) and (text.startswith(form) or text.endswith(form))
        for form in map(normalize_zh, entry.sources)
    )


def _literal_instead(
    entry: Entry, hit: SourceHit, target: str, consumed: list[tuple[str, Span]], context: CheckContext
) -> Span | None:
    """Where a name has more mentions in the segment than its renderings have places (translations
    put pronouns for repeated names), a word-for-word rendering of it elsewhere in the target: this
    mention was translated, not left out."""
    mentions = 1 + sum(owner == entry.id for owner, _ in consumed)
    if mentions == 1 or entry.type not in NAME_TYPES:
        return None  # a first mention has a rendering of its own
    renderings = _renderings(entry, target, context)
    return _literal(hit, target, consumed, renderings) if _places(renderings) < mentions else None


def _copied(hit: SourceHit, target: str) -> list[Span]:
    """Where the target copies the hit's characters as they stand in the source."""
    spans, start = [], target.find(hit.text)
    while start >= 0:
        spans.append(Span(start, start + len(hit.text), hit.text))
        start = target.find(hit.text, start + 1)
    return spans


def _renderings(entry: Entry, target: str, context: CheckContext) -> list[Span]:
    targets = context.target_matcher
    return targets.accepted_spans(entry, target) + targets.short_spans(entry, target)


def _places(spans: list[Span]) -> int:
    """How many places of the target the spans stand at (overlapping ones are one place)."""
    places, end = 0, -1
    for span in sorted(spans):
        places += span.start >= end
        end = max(end, span.end) if span.start < end else span.end
    return places


def _literal(hit: SourceHit, target: str, consumed: list[tuple[str, Span]], renderings: list[Span]) -> Span | None:
    """A word-for-word rendering of the hit's characters outside the entry's renderings and the spans
    other terms took, capitalised as a name or rendering all of them ("supervises insurance" for
    银保监会 is a paraphrase, not a name)."""
    found = literal_span(hit.text, target, [s for _, s in consumed] + renderings)
    if found is None or not (found.span.text[:1].isupper() or found.covered == len(hit.text)):
        return None
    return found.span


def _with(o: Occurrence, status: str, span: Span | None, confidence: float, evidence: str) -> Occurrence:
    return Occurrence(o.doc_id, o.seg_id, o.entry, o.hit, status, span, confidence, (*o.evidence, evidence))


def _free_span(spans: list[Span], entry_id: str, consumed: list[tuple[str, Span]]) -> Span | None:
    """The first span not already taken by another entry (the same entry may reuse its own)."""
    for span in spans:
        if not any(owner != entry_id and span.overlaps(taken) for owner, taken in consumed):
            return span
    return None


class TermRecord(NamedTuple):
    """What the term figures need of one source term: small, so engines can ship it between processes."""

    doc_id: str
    entry_id: str
    status: str
    exact: bool
    rendering: str


def term_records(occurrences: Iterable[Occurrence]) -> list[TermRecord]:
    """The record of each source term (forbidden forms found without one are no term of the source)."""
    return [
        TermRecord(
            o.doc_id,
            o.entry.id,
            o.status,
            o.status == "ok" and _exact(o),
            without_possessive(o.span.text.lower()) if o.span else "",
        )
        for o in occurrences
        if o.hit is not None
    ]


def _exact(o: Occurrence) -> bool:
    return o.span is not None and any(map(o.span.text.__contains__, (*o.entry.accepted, *o.entry.short)))


@dataclass
class TermCounts:
    """Counts behind the term figures (see :class:`mtaudit.metrics.TermTotals`), made where the
    chunk is checked — in a worker, for a chunk of whole documents — so that only these few numbers
    travel back, not a record per source term. A chunk holds whole documents, and consistency is
    counted per document, so the counts of chunks (and of the parts of one) add up to the whole's."""

    found: int = 0
    ok: int = 0
    exact: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    repeated_terms: int = 0
    repeated_occurrences: int = 0
    agreeing: int = 0

    def add(self, records: Iterable[TermRecord], cut: Cut = WHOLE) -> None:
        """The records of a chunk: whole documents, but where ``cut`` says a document goes on from
        the chunk before (its renderings counted there come with it) or into the next (its
        renderings are handed on, to be counted when it ends)."""
        records = list(records)
        statuses = Counter([status for _, _, status, _, _ in records])
        self.found += len(records)
        self.ok += statuses["ok"] + statuses["miscased"]  # the lemma/fuzzy match allows case
        self.exact += sum([exact for _, _, status, exact, _ in records if status == "ok"])
        self.statuses.update(statuses)
        carried = cut.carried
        # rendering → count per (document, entry): plain dicts (a Counter each costs more than its counting)
        groups: dict[tuple[str, str], dict[str, int]] = (
            {}
            if carried is None
            else {(carried.doc_id, entry_id): renderings for entry_id, renderings in carried.term_counts.items()}
        )
        for doc_id, entry_id, _, _, rendering in records:
            renderings = groups.get((doc_id, entry_id))
            if renderings is None:
                groups[doc_id, entry_id] = {rendering: 1}
            else:
                renderings[rendering] = renderings.get(rendering, 0) + 1
        for (doc_id, entry_id), renderings in groups.items():
            if cut.hands_on is not None and doc_id == cut.hands_on.doc_id:
                cut.hands_on.term_counts[entry_id] = Counter(renderings)
                continue
            occurrences = sum(renderings.values())
            if occurrences > 1:
                self.repeated_terms += 1
                self.repeated_occurrences += occurrences
                self.agreeing += max(renderings.values())

    def merge(self, other: TermCounts) -> None:
        """Add the counts of another chunk, or of another part of this one."""
        self.found += other.found
        self.ok += other.ok
        self.exact += other.exact
        self.statuses.update(other.statuses)
        self.repeated_terms += other.repeated_terms
        self.repeated_occurrences += other.repeated_occurrences
        self.agreeing += other.agreeing


def term_counts(occurrences: Iterable[Occurrence], cut: Cut = WHOLE) -> TermCounts:
    """The counts of a chunk's occurrences (``cut``: see :meth:`TermCounts.add`)."""
    counts = TermCounts()
    counts.add(term_records(occurrences), cut)
    return counts
