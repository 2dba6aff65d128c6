"""Where a translation renders a name word for word: "Taiwan's electricity accumulation" for 台积电
(台 Taiwan, 积 accumulate, 电 electricity), "Little Cloud" for 小雲.

The name is cut into the CC-CEDICT headwords it may be read as (:func:`mtaudit.glossary.cedict.glosses`),
and the target searched for a run of words, each the English of a different one of them, that
together render most of the name's characters. Words are compared by their Snowball stems
(``snowballstemmer``), so "accumulation" renders 积 "to accumulate".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from mtaudit.glossary.cedict import MAX_GLOSSED, glosses
from mtaudit.glossary.matcher import Span
from mtaudit.glossary.normalize import normalize_zh

_WORD = regex.compile(r"[A-Za-z]+(?:['’]s)?")
#: Words a literal rendering may hold between the glosses ("Bank of ...", "Taiwan's").
_BETWEEN = frozenset({"of", "the", "a", "an", "and", "s"})


class _Piece(NamedTuple):
    start: int
    end: int
    stems: frozenset[str]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # deferred: see tests/test_layering.py

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case English word."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=4096)
def _pieces(name: str) -> tuple[_Piece, ...]:
    """Every stretch of ``name`` that CC-CEDICT glosses, with the stems of its English, longest first."""
    table = glosses()
    text = normalize_zh(name)
    found = []
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + MAX_GLOSSED) + 1):
            words = table.get(text[start:end])
            if words:
                found.append(_Piece(start, end, frozenset(stem(w) for w in words)))
    return tuple(sorted(found, key=lambda p: p.start - p.end))  # a word's longest reading first


class Literal(NamedTuple):
    span: Span
    covered: int  # how many of the name's characters its words render


class _Word(NamedTuple):
    start: int
    end: int
    lowered: str  # lower case, a possessive 's left out
    stem: str


@lru_cache(maxsize=16)
def _words(target: str) -> tuple[_Word, ...]:
    """The target's words with their stems, once per target: each of its unrendered names asks."""
    found = []
    for match in _WORD.finditer(target):
        lowered = match.group().lower().removesuffix("'s").removesuffix("’s")
        found.append(_Word(match.start(), match.end(), lowered, stem(lowered)))
    return tuple(found)


def literal_span(name: str, target: str, taken: Sequence[Span] = ()) -> Literal | None:
    """The first run of target words outside ``taken`` that renders ``name`` word for word: each word
    the English of a different stretch of it, the stretches not overlapping and covering at least two
    of its characters and more than half of them. None where there is none."""
    pieces = _pieces(name)
    if not pieces:
        return None
    glossed = frozenset().union(*(p.stems for p in pieces))
    need = max(2, len(name) // 2 + 1)
    words = _words(target)
    for first, word in enumerate(words):
        if word.stem not in glossed:
            continue  # most words: no English of the name's characters
        found = _run_from(target, words, first, pieces, need, len(name))
        if found is not None and not any(found.span.overlaps(t) for t in taken):
            start, end = found.span.start, found.span.end
            return Literal(Span(start, end, target[start:end]), found.covered)
    return None


def _run_from(
    target: str, words: tuple[_Word, ...], first: int, pieces: tuple[_Piece, ...], need: int, size: int
) -> Literal | None:
    """The longest literal run that starts at word ``first`` with a gloss, or None: words with only
    spaces or hyphens between them ("Kong, Macao" is two names)."""
    covered: list[_Piece] = []
    best = None
    previous_end = words[first].start
    for word in words[first : first + 2 * size + 1]:
        if target[previous_end : word.start].strip(" -"):
            break
        previous_end = word.end
        if word.lowered in _BETWEEN and covered:
            continue
        piece = _gloss_of(word.stem, pieces, covered)
        if piece is None:
            break
        covered.append(piece)
        count = sum(p.end - p.start for p in covered)
        if count >= need:
            best = Literal(Span(words[first].start, word.end, ""), count)
    return best


def _gloss_of(stemmed: str, pieces: tuple[_Piece, ...], covered: list[_Piece]) -> _Piece | None:
    """The first stretch not overlapping those ``covered`` whose English a word of this stem is."""
    for piece in pieces:
        if stemmed in piece.stems and not any(p.start < piece.end and piece.start < p.end for p in covered):
            return piece
    return None
