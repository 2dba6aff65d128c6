"""Locate what an MT system wrote instead of a glossary name.

Candidates are the capitalised word groups of the target (and rare lower-case words) that no
other entry has claimed and that are not common English. Each is scored against the entry's
keys — its English renderings and their last words, its known wrong forms, and the pinyin and
Wade–Giles readings of the source term — by edit similarity, with a small bonus for a word that
is not English at all and a penalty for standing far from where the term sits in the source.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from mtaudit.glossary.matcher import SourceHit, Span
from mtaudit.glossary.model import NAME_TYPES, Entry
from mtaudit.glossary.romanize import pinyin_syllables, wade_giles_syllables

_WORD = regex.compile(r"[\p{L}][\p{L}'’\-]*")
_LETTERS = regex.compile(r"[^\p{L}]+")
#: A word at least this frequent in English (wordfreq Zipf scale) is not a garbled name.
COMMON_WORD_ZIPF = 3.8
MIN_SCORE = 0.62
MAX_WORDS = 3


def letters(text: str) -> str:
    return _LETTERS.sub("", text).lower()


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=100_000)
def entry_keys(entry: Entry, term: str) -> tuple[str, ...]:
    """Letter-only keys a misrendering of ``entry`` is likely to resemble."""
    keys = set()
    for form in (*entry.accepted, *entry.forbidden):
        keys.add(letters(form))
        keys.add(letters(form.split()[-1]))
    person = entry.type == "person"
    for syllables in (pinyin_syllables(term, person), wade_giles_syllables(term)):
        keys.add("".join(syllables))
        if person and len(syllables) > 1:
            keys.add("".join(syllables[1:]))
    return tuple(k for k in keys if len(k) >= 2)


@dataclass(frozen=True)
class Candidate:
    span: Span
    key: str
    foreign: bool  # no word of it is common English


def candidates(target: str, taken: list[Span]) -> list[Candidate]:
    """Groups of up to MAX_WORDS adjacent name-like words, not overlapping ``taken``."""
    words = [m for m in _WORD.finditer(target) if _name_like(m.group())]
    found = []
    for i, first in enumerate(words):
        for j in range(i, min(i + MAX_WORDS, len(words))):
            if j > i and not _adjacent(target, words[j - 1], words[j]):
                break
            span = Span(first.start(), words[j].end(), target[first.start():words[j].end()])
            if any(span.overlaps(t) for t in taken):
                break
            group = [w.group() for w in words[i:j + 1]]
            found.append(Candidate(span, letters(span.text), all(zipf(w.lower()) < COMMON_WORD_ZIPF for w in group)))
    return found


def _name_like(word: str) -> bool:
    core = word.rstrip("'’s") or word
    if word[0].isupper():
        return True
    return zipf(core.lower()) < 1.5 and len(core) > 3


def _adjacent(text: str, left: regex.Match, right: regex.Match) -> bool:
    return text[left.end():right.start()] in (" ", "-", "\u00a0")


class Locator:
    """Finds the target span that most plausibly renders a term whose accepted rendering is absent."""

    def __init__(self, min_score: float = MIN_SCORE):
        self.min_score = min_score

    def locate(self, entry: Entry, hit: SourceHit, source: str, target: str, taken: list[Span]) -> Span | None:
        from rapidfuzz import fuzz

        keys = entry_keys(entry, hit.text)
        position = (hit.start + hit.end) / 2 / max(len(source), 1)
        best, best_score = None, self.min_score
        for cand in candidates(target, taken):
            if not cand.foreign and entry.type in NAME_TYPES and cand.span.text.lower() == cand.span.text:
                continue
            similarity = max(fuzz.ratio(cand.key, key) for key in keys) / 100
            distance = abs((cand.span.start + cand.span.end) / 2 / max(len(target), 1) - position)
            score = similarity + (0.12 if cand.foreign else -0.15) - 0.15 * distance
            if score > best_score:
                best, best_score = cand.span, score
        return best
