"""Locate what an MT system wrote instead of a glossary name.

Candidates are the name-like word groups of the target (capitalised, or rare in English) that no
entry has claimed. Each is compared with an entry's *keys* — its English renderings and their
last words, its known wrong forms, and the pinyin and Wade–Giles readings of the source term —
by edit similarity (rapidfuzz) and Jaro–Winkler (jellyfish). With a source term in hand
(:meth:`Locator.locate`) the best candidate near the term's position wins; with only the English
side (:meth:`Locator.scan`) a candidate must be foreign to English and close to one entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from mtaudit.glossary.matcher import SourceHit, Span, trim_correct_words
from mtaudit.glossary.model import NAME_TYPES, Entry, Glossary
from mtaudit.glossary.romanize import pinyin_syllables, wade_giles_syllables

_WORD = regex.compile(r"\p{L}[\p{L}'’]*(?:-\p{L}+)*")
_NOT_LETTER = regex.compile(r"[^\p{L}]+")
#: Words at least this frequent in English (wordfreq Zipf scale) are ordinary words, not garbles.
COMMON_ZIPF = 3.5
MAX_WORDS = 3
#: Similarity at which even ordinary English words are taken as a romanisation ("Pai Teng").
EXACT = 0.92
#: Minimum similarity with a source term in hand, and for target-only scans.
LOCATE_MIN = 0.55
SCAN_MIN = 0.78
MIN_KEY = 4


def letters(text: str) -> str:
    return _NOT_LETTER.sub("", text).lower()


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


def _possessive_free(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=100_000)
def entry_keys(entry: Entry, term: str | None = None) -> frozenset[str]:
    """Letter-only keys that a misrendering of ``entry`` (from source ``term``) tends to resemble."""
    keys = set()
    for form in (*entry.accepted, *entry.forbidden):
        keys.add(letters(form))
        words = form.split()
        if entry.type == "person" and len(words) > 1:
            keys.add(letters(words[-1]))
    for source in {term} if term else set(entry.sources):
        for syllables in (pinyin_syllables(source, entry.type == "person"), wade_giles_syllables(source)):
            keys.add("".join(syllables))
    return frozenset(k for k in keys if len(k) >= MIN_KEY)


def similarity(a: str, b: str) -> float:
    from jellyfish import jaro_winkler_similarity
    from rapidfuzz.distance import Indel

    return max(Indel.normalized_similarity(a, b), jaro_winkler_similarity(a, b) - 0.12)


@dataclass(frozen=True)
class Candidate:
    span: Span
    key: str
    foreign: bool  # every word of it is rare in English


def candidates(target: str, taken: list[Span]) -> list[Candidate]:
    """Groups of up to MAX_WORDS adjacent name-like words that overlap nothing in ``taken``."""
    words = [m for m in _WORD.finditer(target) if _name_like(m.group(), m.start(), target)]
    found = []
    for i, first in enumerate(words):
        for j in range(i, min(i + MAX_WORDS, len(words))):
            if j > i and target[words[j - 1].end():words[j].start()] not in (" ", "\u00a0"):
                break
            end = words[j].end()
            text = _possessive_free(target[first.start():end])
            span = Span(first.start(), first.start() + len(text), text)
            if any(span.overlaps(t) for t in taken):
                break
            group = [_possessive_free(w.group()) for w in words[i:j + 1]]
            foreign = all(zipf(w.replace("-", "")) < COMMON_ZIPF for w in group)
            found.append(Candidate(span, letters(text), foreign))
    return found


def _name_like(word: str, start: int, text: str) -> bool:
    """Capitalised words, and lower-case words that English does not know."""
    if word[0].isupper():
        return True
    return zipf(_possessive_free(word)) < 1.0 and len(word) > 3


class Locator:
    """Finds misrenderings of glossary entries in English text."""

    def __init__(self, glossary: Glossary, locate_min: float = LOCATE_MIN, scan_min: float = SCAN_MIN):
        self.glossary = glossary
        self.locate_min = locate_min
        self.scan_min = scan_min

    def locate(self, entry: Entry, hit: SourceHit, source: str, target: str, taken: list[Span]) -> Span | None:
        """The target span that most plausibly renders ``hit``, or None when nothing is plausible."""
        keys = entry_keys(entry, hit.text)
        if not keys:
            return None
        position = (hit.start + hit.end) / 2 / max(len(source), 1)
        best, best_score = None, self.locate_min
        for cand in candidates(target, taken):
            closeness = max(similarity(cand.key, key) for key in keys)
            if not cand.foreign and entry.type in NAME_TYPES and closeness < EXACT:
                continue
            distance = abs((cand.span.start + cand.span.end) / 2 / max(len(target), 1) - position)
            score = closeness + (0.1 if cand.foreign else 0.0) - 0.2 * distance
            if score > best_score:
                best, best_score = cand.span, score
        return trim_correct_words(best, entry) if best else None

    @cached_property
    def _key_index(self) -> tuple[list[str], list[Entry]]:
        pairs = sorted({(key, entry.id): entry for entry in self.glossary for key in entry_keys(entry)}.items())
        return [key for (key, _), _ in pairs], [entry for _, entry in pairs]

    def scan(self, target: str, taken: list[Span]) -> list[tuple[Entry, Span]]:
        """Target-only: foreign words that are near misses of one glossary entry."""
        from rapidfuzz import fuzz, process

        keys, entries = self._key_index
        found: list[tuple[Entry, Span]] = []
        for cand in candidates(target, taken):
            if len(cand.key) < MIN_KEY or any(cand.span.overlaps(s) for _, s in found):
                continue
            shortlist = process.extract(cand.key, keys, scorer=fuzz.ratio, limit=5, score_cutoff=50)
            scored = [(similarity(cand.key, keys[i]), entries[i]) for _, _, i in shortlist]
            if scored:
                score, entry = max(scored, key=lambda pair: pair[0])
                if score >= (self.scan_min if cand.foreign else EXACT):
                    found.append((entry, trim_correct_words(cand.span, entry)))
        return found
