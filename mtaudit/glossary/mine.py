"""Propose glossary entries from a trusted bilingual corpus: names the glossary does not know,
aligned with the English the human translators wrote for them.

Candidates come from :mod:`mtaudit.glossary.mentions` (jieba name tags, CC-CEDICT, transliteration
runs; capitalised English word sequences). A Chinese name and an English candidate are associated
by how often they stand in the same segments (Dice coefficient, discounted for few co-occurrences:
two coincidences are weaker evidence than twenty) and by evidence of form: the English resembles
the name's pinyin, Wade–Giles or Hong Kong reading, or is CC-CEDICT's English for it, and stands
at about the same relative position. In each segment the best-scoring pairs are linked one to one
(competitive linking: a name and an English span are used once), so 顾天成 takes "Gu Tiancheng"
and its part 天成 is left out. A name's proposed target is its most frequent link.

The statistics are a few counts and one ratio; no library would make them shorter or clearer.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz

from mtaudit.errors import ConfigError, InputError
from mtaudit.glossary import FORMATS
from mtaudit.glossary.cedict import proper_nouns
from mtaudit.glossary.fields import slug
from mtaudit.glossary.matcher import SourceMatcher, TargetMatcher
from mtaudit.glossary.mentions import EnglishWords, Mention, chinese_mentions, english_mentions
from mtaudit.glossary.model import Entry, Glossary
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import SURNAME_ROMANISATIONS, pinyin_syllables, split_surname, wade_giles_syllables
from mtaudit.options import MineOptions
from mtaudit.stream import table_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Example segments named in a proposal's note.
EXAMPLES = 3
#: A link's score is association × (BASE + FORM × form evidence + POSITION × closeness): form and
#: position raise a pair's rank, but a well-associated translated name ("Foreign Ministry") with
#: no resemblance to its Chinese still counts.
BASE, FORM, POSITION = 0.5, 0.3, 0.2


@dataclass(frozen=True)
class Proposal:
    """A proposed glossary entry and the evidence for it."""

    id: str
    sources: tuple[str, ...]
    target: str
    variants: tuple[str, ...]
    type: str
    #: Segments holding the Chinese name.
    source_count: int
    #: Of those, segments where the target stands too.
    cooccurrences: int
    #: Segments where the target was linked to the name.
    aligned: int
    score: float
    #: What the form evidence was ("pinyin 0.92", "CC-CEDICT 1.00", or "none").
    form: str
    examples: tuple[str, ...]
    #: Glossary entries that render the target too (another name rendered alike, or this one's
    #: other Chinese form): for the reviewer to merge or tell apart.
    shared_with: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        shared = (
            f"; the glossary renders '{self.target}' for {', '.join(self.shared_with)} too" if self.shared_with else ""
        )
        return (
            f"mined: {self.cooccurrences}/{self.source_count} segments (co-occurrences/source occurrences), "
            f"aligned {self.aligned}; score {self.score:.2f}; form {self.form}; "
            f"examples {', '.join(self.examples)}{shared}; review before use"
        )

    def entry(self) -> Entry:
        return Entry(self.id, self.sources, self.target, self.variants, type=self.type, note=self.note)


def mine(
    segments: pd.DataFrame,
    glossary: Glossary,
    min_count: int = MineOptions.min_count,
    min_score: float = MineOptions.min_score,
) -> list[Proposal]:
    """Proposals for the names of a trusted corpus (segment table; English from ``reference``
    where a row has one, else ``target``) that ``glossary`` does not cover, best first."""
    corpus = _Corpus(_pairs(segments), glossary, min_count)
    proposals = [p for name in corpus.linked for p in corpus.proposal(name, min_count, min_score)]
    proposals = _merge_nested(proposals, corpus, min_count)
    return _with_ids(sorted(proposals, key=lambda p: (-p.score, -p.aligned, p.sources[0])), glossary)


def proposals_glossary(proposals: Iterable[Proposal]) -> Glossary:
    """The proposals as a glossary (each entry's note holding its evidence), to save or merge."""
    return Glossary([proposal.entry() for proposal in proposals])


class _Pair(NamedTuple):
    where: str
    source: str
    english: str


def _pairs(segments: pd.DataFrame) -> list[_Pair]:
    has_reference = "reference" in segments.columns
    columns = ["doc_id", "seg_id", "source", "target"] + (["reference"] if has_reference else [])
    pairs = []
    for row in table_rows(segments, columns):
        doc_id, seg_id, source, target = row[:4]
        english = (row[4] if has_reference else None) or target
        if source and source.strip() and english and english.strip():
            pairs.append(_Pair(f"{doc_id}:{seg_id}", source, english))
    if not pairs:
        raise InputError("no bilingual segments to mine: needs Chinese sources and their English (reference or target)")
    return pairs


class _Segment(NamedTuple):
    where: str
    source_length: int
    target_length: int
    chinese: list[Mention]
    english: list[Mention]


class _Corpus:
    """Every segment's unknown names on both sides, their counts, and the links made."""

    def __init__(self, pairs: list[_Pair], glossary: Glossary, min_count: int):
        #: Source forms of the glossary: a name the matcher leaves alone inside a longer word
        #: (外交部 in 中国外交部) is known all the same.
        self.known_forms = {normalize_zh(form) for entry in glossary for form in entry.sources}
        self.written: dict[str, Counter[str]] = defaultdict(Counter)
        self.kinds: dict[str, Counter[str]] = defaultdict(Counter)
        self.occurrences: dict[str, set[str]] = defaultdict(set)
        words = EnglishWords(pair.english for pair in pairs)
        sources, targets = SourceMatcher(glossary), TargetMatcher(glossary)
        self.segments = [self._segment(pair, words, sources, targets) for pair in pairs]
        self._fold_plurals()
        self.chinese_count = Counter(m.text for s in self.segments for m in {m.text: m for m in s.chinese}.values())
        self.english_count = Counter(text for s in self.segments for text in {m.text for m in s.english})
        self._keep_recurring(min_count)
        self.together = Counter(
            (c, e) for s in self.segments for c in {m.text for m in s.chinese} for e in {m.text for m in s.english}
        )
        self.linked: dict[str, dict[str, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
        for segment in self.segments:
            self._link(segment)

    def _segment(self, pair: _Pair, words: EnglishWords, sources: SourceMatcher, targets: TargetMatcher) -> _Segment:
        """The segment's candidates outside what the glossary already covers: Chinese names that
        overlap a glossary hit, and English spans of the renderings of the entries hit."""
        hits = sources.find(pair.source)
        known = [span for hit in hits for span in targets.accepted_spans(hit.entry, pair.english)]
        chinese = [
            m
            for m in chinese_mentions(normalize_zh(pair.source))
            if m.text not in self.known_forms and not any(h.start < m.end and m.start < h.end for h in hits)
        ]
        for mention in chinese:
            self.written[mention.text][pair.source[mention.start : mention.end]] += 1
            self.kinds[mention.text][mention.kind] += 1
            self.occurrences[mention.text].add(pair.where)
        english = [
            m
            for m in english_mentions(pair.english, words)
            if not any(k.start < m.end and m.start < k.end for k in known)
        ]
        return _Segment(pair.where, len(pair.source), len(pair.english), chinese, english)

    def _fold_plurals(self) -> None:
        """ "the Bidens" counts as "Biden" where the corpus also writes the name without the s."""
        forms = Counter(m.text for s in self.segments for m in s.english)
        singular = {
            form: form[:-1]
            for form in forms
            if form.endswith("s") and not form.endswith("ss") and forms[form[:-1]] >= forms[form]
        }
        for segment in self.segments:
            segment.english[:] = [m._replace(text=singular.get(m.text, m.text)) for m in segment.english]

    def _keep_recurring(self, min_count: int) -> None:
        for segment in self.segments:
            segment.chinese[:] = [m for m in segment.chinese if self.chinese_count[m.text] >= min_count]
            segment.english[:] = [m for m in segment.english if self.english_count[m.text] >= min_count]

    def association(self, name: str, english: str, together: int | None = None) -> float:
        """Dice coefficient of the two over segments, discounted for few co-occurrences."""
        together = self.together[name, english] if together is None else together
        dice = 2 * together / (self.chinese_count[name] + self.english_count[english])
        return dice * together / (together + 1)

    def _link(self, segment: _Segment) -> None:
        """Competitive linking: the best pairs first, each Chinese and English span used once, and
        each name linked once (its second mention would take what its first left over: "Lake" of
        "Qinghai Lake"). Scores within 0.01 are a tie, won by the longer name, then the longer English
        (欧阳瑜 "Ouyang Yu" over 欧阳 "Ouyang")."""
        scored = []
        for c in segment.chinese:
            for e in segment.english:
                closeness = _closeness(c, e, segment)
                score = self.association(c.text, e.text) * (
                    BASE + FORM * form_evidence(c.text, e.text)[0] + POSITION * closeness
                )
                scored.append((round(score, 2), len(c.text), len(e.text), c, e, closeness))
        used_chinese: list[Mention] = []
        used_english: list[Mention] = []
        linked: set[str] = set()
        for _score, _, _, c, e, closeness in sorted(scored, key=lambda item: item[:3], reverse=True):
            if c.text in linked or _overlaps(c, used_chinese) or _overlaps(e, used_english):
                continue
            used_chinese.append(c)
            used_english.append(e)
            linked.add(c.text)
            self.linked[c.text][e.text].append((segment.where, closeness))

    def proposal(self, name: str, min_count: int, min_score: float) -> list[Proposal]:
        """The name's proposal, or none when its best rendering is linked too rarely or scores too low."""
        scores = {e: self._score(name, e) for e, links in self.linked[name].items() if len(links) >= min_count}
        renderings = sorted(
            (e for e in scores if scores[e][0] >= min_score),
            key=lambda e: (len(self.linked[name][e]), scores[e][0]),
            reverse=True,
        )
        if not renderings:
            return []
        target = renderings[0]
        score, form = scores[target]
        links = self.linked[name][target]
        return [
            Proposal(
                id="",
                sources=self._sources(name),
                target=target,
                variants=tuple(renderings[1:]),
                type=self._type(name),
                source_count=self.chinese_count[name],
                cooccurrences=self.together[name, target],
                aligned=len(links),
                score=round(score, 3),
                form=form,
                examples=tuple(where for where, _ in links[:EXAMPLES]),
            )
        ]

    def _score(self, name: str, english: str) -> tuple[float, str]:
        """A proposal's score: its links' association × the form and mean position evidence."""
        links = self.linked[name][english]
        form, evidence = form_evidence(name, english)
        closeness = sum(c for _, c in links) / len(links)
        score = self.association(name, english, len(links)) * (BASE + FORM * form + POSITION * closeness)
        return score, evidence

    def _sources(self, name: str) -> tuple[str, ...]:
        """The simplified form first, then the other ways the corpus writes it (traditional)."""
        return tuple(dict.fromkeys([name, *(form for form, _ in self.written[name].most_common())]))

    def _type(self, name: str) -> str:
        kinds = Counter({kind: count for kind, count in self.kinds[name].items() if kind})
        return kinds.most_common(1)[0][0] if kinds else "term"

    def linked_outside(self, name: str, english: str, longer: str) -> int:
        """Segments where ``name`` is linked to ``english`` and the ``longer`` name does not stand."""
        return sum(where not in self.occurrences[longer] for where, _ in self.linked[name][english])


def _closeness(chinese: Mention, english: Mention, segment: _Segment) -> float:
    """1 when the two stand at the same relative position of their sides, 0 at opposite ends."""
    start, end = english.run or (english.start, english.end)
    where_chinese = (chinese.start + chinese.end) / 2 / max(segment.source_length, 1)
    where_english = (start + end) / 2 / max(segment.target_length, 1)
    return 1 - abs(where_chinese - where_english)


def _overlaps(mention: Mention, used: list[Mention]) -> bool:
    return any(u.start < mention.end and mention.start < u.end for u in used)


@lru_cache(maxsize=200_000)
def form_evidence(name: str, english: str) -> tuple[float, str]:
    """How much ``english`` looks like a rendering of ``name`` (0–1), and what says so: CC-CEDICT's
    English for it, else the similarity of its letters to the name's readings (pinyin, either
    name order, Wade–Giles, Hong Kong surname), rescaled so that a chance resemblance (≤ 0.5) is 0."""
    dictionary = _cedict_match(name, english)
    letters = _letters(english)
    similarity = max((fuzz.ratio(letters, reading) / 100 for reading in _readings(name)), default=0.0)
    pinyin = max(0.0, 2 * similarity - 1)
    if dictionary >= pinyin and dictionary > 0:
        return dictionary, f"CC-CEDICT {dictionary:.2f}"
    return (pinyin, f"pinyin {pinyin:.2f}") if pinyin > 0 else (0.0, "none")


def _cedict_match(name: str, english: str) -> float:
    """1 for CC-CEDICT's English itself, less for part of it ("Putin" of "Vladimir Putin") and
    less again for more than it ("President Biden" for "Biden")."""
    known = proper_nouns().get(name)
    if known is None:
        return 0.0
    words = set(english.lower().split())
    best = 0.0
    for rendering in known.names:
        theirs = set(rendering.lower().split())
        best = max(best, 1.0 if words == theirs else 0.8 if words < theirs else 0.6 if theirs < words else 0.0)
    return best


def _letters(english: str) -> str:
    decomposed = unicodedata.normalize("NFKD", english.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha())


@lru_cache(maxsize=100_000)
def _readings(name: str) -> tuple[str, ...]:
    """The ways a romanised ``name`` is spelt, letters only."""
    readings = {
        "".join(pinyin_syllables(name)),
        "".join(pinyin_syllables(name, person=True)),
        "".join(wade_giles_syllables(name)),
    }
    parts = split_surname(name)
    if parts:
        surname, given = parts
        family, personal = "".join(pinyin_syllables(surname, person=True)), "".join(pinyin_syllables(given))
        readings.add(personal + family)
        if surname in SURNAME_ROMANISATIONS:
            readings.add(SURNAME_ROMANISATIONS[surname] + personal)
    return tuple(sorted(readings - {""}))


def _merge_nested(proposals: list[Proposal], corpus: _Corpus, min_count: int) -> list[Proposal]:
    """Proposals of one target whose names hold one another (外交部 and 中国外交部) become one entry
    with both forms (the matcher does not find a name inside a longer word) when the shorter is
    linked to the target on its own in ``min_count`` segments; else the shorter is only ever part
    of the longer (天成 of 顾天成) and is dropped."""
    by_target: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in sorted(proposals, key=lambda p: len(p.sources[0])):
        by_target[proposal.target].append(proposal)
    kept = []
    for group in by_target.values():
        shorter: list[Proposal] = []
        for proposal in group:
            name = proposal.sources[0]
            inner = next((i for i, s in enumerate(shorter) if s.sources[0] in name), None)
            if inner is None:
                shorter.append(proposal)
            elif corpus.linked_outside(shorter[inner].sources[0], proposal.target, name) >= min_count:
                merged = tuple(dict.fromkeys(shorter[inner].sources + proposal.sources))
                shorter[inner] = replace(shorter[inner], sources=merged)
            else:
                shorter[inner] = proposal
        kept += shorter
    return kept


def _with_ids(proposals: list[Proposal], glossary: Glossary) -> list[Proposal]:
    """Each proposal's id, from its target, that no glossary entry or other proposal has (an id
    already loaded would merge the proposal into that entry), and the entries that render its
    target too."""
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in glossary:
        for name in entry.names:
            owners[name].append(entry.id)
    taken = set(glossary.by_id())
    named = []
    for proposal in proposals:
        identifier = slug(proposal.target)
        if identifier in taken:
            identifier = slug(f"{proposal.target} {' '.join(pinyin_syllables(proposal.sources[0]))}")
        base, suffix = identifier, 2
        while identifier in taken:
            identifier, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(identifier)
        named.append(replace(proposal, id=identifier, shared_with=tuple(owners.get(proposal.target, ()))))
    return named


#: Output formats of ``glossary mine`` and the glossary format (extension) each is written as.
OUTPUT_FORMATS = {"yaml": ".yaml", "csv": ".csv"}


def output_format(format: str | None, path: str | Path | None) -> str:
    """``format`` (yaml or csv), else the one of ``path``'s extension, else yaml. A format the
    extension contradicts is refused: the file is read back by its extension."""
    by_extension = {ext: name for name, spec in FORMATS.items() if name in OUTPUT_FORMATS for ext in spec.extensions}
    suffix = Path(path).suffix.lower() if path is not None else ""
    chosen = format or by_extension.get(suffix, "yaml")
    if chosen not in OUTPUT_FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(OUTPUT_FORMATS)}, not '{chosen}'")
    if suffix in by_extension and by_extension[suffix] != chosen:
        raise ConfigError(f"--format {chosen} does not match the extension of {path}")
    return chosen


def render_proposals(proposals: Iterable[Proposal], format: str, path: str | Path | None) -> str:
    """The proposals as the text of a glossary file in ``format`` (see :func:`output_format`);
    a CSV whose ``path`` ends in .tsv is tab-separated."""
    destination = Path(path) if path is not None else Path(f"proposals{OUTPUT_FORMATS[format]}")
    return FORMATS[format].load().render(proposals_glossary(proposals), destination)
