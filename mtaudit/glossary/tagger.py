"""jieba's part-of-speech tagger, used to find personal names: built once per process and made
fast for that (only runs that may hold a name are tagged with its HMM, each distinct block once).
The checks' name spans and the longer-name guard of source hits both ask it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from mtaudit.glossary import segmenter
from mtaudit.glossary.romanize import COMPOUND_SURNAMES, SINGLE_SURNAMES
from mtaudit.glossary.viterbi import PosViterbi

_posseg = segmenter.posseg()
POSTokenizer, pair, re_han_internal = _posseg.POSTokenizer, _posseg.pair, _posseg.re_han_internal

#: Characters that, first in a "name", are more often a word before one (和, 与, 向 are surnames too).
FUNCTION_CHARS = frozenset("和与及同跟向于从对把被让给将在是的了也都还就又而或为以由自其这那每各该此")
#: Distinct jieba blocks whose tags are remembered.
BLOCK_CACHE = 100_000
#: First characters of the surnames :func:`mtaudit.glossary.romanize.split_surname` knows.
_SURNAME_STARTS = SINGLE_SURNAMES | {surname[0] for surname in COMPOUND_SURNAMES}
_SURNAMES = SINGLE_SURNAMES | COMPOUND_SURNAMES


@lru_cache(maxsize=1)
def name_tagger() -> NameTagger:
    """A part-of-speech tagger over the shared tokenizer (jieba's stock dictionary), once per process."""
    return NameTagger(segmenter.tokenizer())


@lru_cache(maxsize=1)
def shared_tagger() -> SharedTagger:
    """jieba's part-of-speech tagger, unchanged, over the shared tokenizer."""
    return SharedTagger(segmenter.tokenizer())


@lru_cache(maxsize=1)
def _hmm() -> PosViterbi:
    """jieba's part-of-speech HMM, as arrays (once per process)."""
    return PosViterbi(_posseg.char_state_tab_P, _posseg.start_P, _posseg.trans_P, _posseg.emit_P)


def _is_han(char: str) -> bool:
    """jieba's Han range (``re_han_detail``): the only characters its HMM makes names of."""
    return "\u4e00" <= char <= "\u9fd5"


#: A known surname's first character followed by a Han character, both in jieba's Han range.
_NAME_START = re.compile(
    "[" + "".join(sorted(re.escape(c) for c in _SURNAME_STARTS if len(c) == 1 and _is_han(c))) + "][\u4e00-\u9fd5]"
)
#: Every place :data:`_NAME_START` matches, overlapping ones too (李王明: 李王 and 王明).
_NAME_STARTS = re.compile(f"(?={_NAME_START.pattern})")


def _starts_covered(run: str, start: int, covered: frozenset[int]) -> bool:
    """Whether every place a name may start in ``run`` (at ``start`` in its block) is ``covered``."""
    return all(start + match.start() in covered for match in _NAME_STARTS.finditer(run))


def may_hold_name(text: str) -> bool:
    """Can this text hold a Chinese personal name (a known surname followed by a Han character)?
    Text without one needs no tagging (jieba's HMM and DAG are nearly all of the check's time)."""
    return _NAME_START.search(text) is not None


class SharedTagger(POSTokenizer):  # type: ignore[misc,valid-type]  # jieba has no type hints
    """jieba's POS tagger on a prepared tokenizer, whose tags it reads (jieba's own would read its
    dictionary file again: 0.3 s and 40 MiB per tagger), and with its HMM search vectorised
    (:mod:`mtaudit.glossary.viterbi`: the same paths, ten times faster)."""

    def __init__(self, tokenizer: segmenter.PreparedTokenizer) -> None:
        self.tokenizer = tokenizer

    @property
    def word_tag_tab(self) -> Any:
        return self.tokenizer.tags

    # POSTokenizer.__cut_detail calls this (name-mangled) method on each run of Han characters.
    def _POSTokenizer__cut(self, run: str) -> Iterator[Any]:
        """jieba's words of ``run`` from its HMM's states (B, M, E, S and a tag for each character)."""
        states, begin, after = _hmm().path(run), 0, 0
        for i, (position, flag) in enumerate(states):
            if position == "B":
                begin = i
            elif position == "E":
                yield pair(run[begin : i + 1], flag)
                after = i + 1
            elif position == "S":
                yield pair(run[i], flag)
                after = i + 1
        if after < len(run):
            yield pair(run[after:], states[after][1])


class NameTagger(SharedTagger):
    """jieba's POS tagger, tagging (with its HMM) only unknown runs that may hold a name, and each
    distinct run once; other runs come back whole, tagged ``x``. Names found are the same."""

    #: The blocks jieba's ``cut`` splits a sentence into and tags independently.
    blocks = re_han_internal
    may_hold_name = staticmethod(may_hold_name)

    def __init__(self, tokenizer: segmenter.PreparedTokenizer) -> None:
        super().__init__(tokenizer)
        self._tag_run = lru_cache(maxsize=200_000)(self._tag_unknown_run)
        self.tag_block = lru_cache(maxsize=BLOCK_CACHE)(self._tag_block)

    def _tag_block(self, block: str, covered: frozenset[int] = frozenset()) -> tuple[tuple[str, str], ...]:
        """(word, tag) of one block: blocks recur (datelines, boilerplate, repeated segments),
        and jieba tags a block on its own, so each distinct block is tagged once. ``covered``:
        positions of the block that need no tags (where a name is looked for, they lie in a
        glossary hit), see :meth:`_tag_run_of_singles`."""
        if not self.blocks.fullmatch(block):  # other text: jieba's cut splits it into blocks first
            return tuple((word.word, word.flag) for word in self.cut(block))
        self.makesure_userdict_loaded()
        return tuple(self._tag_words(block, covered))

    def _tag_words(self, block: str, covered: frozenset[int] = frozenset()) -> Iterator[tuple[str, str]]:
        """What jieba's ``POSTokenizer.__cut_DAG`` makes of one block, as (word, tag) pairs
        without its ``pair`` objects and generators: the dictionary's best route, each word
        tagged from the dictionary, each run of single characters outside it tagged by the HMM."""
        tags, ends = self.word_tag_tab, segmenter.route_ends(self.tokenizer, block)
        x, run, before = 0, "", ""  # before: the word before the run
        while x < len(block):
            y = ends[x]
            if y - x == 1:
                run += block[x]
            else:
                if run:
                    yield from self._tag_run_of_singles(run, x - len(run), before, covered)
                    run = ""
                word = block[x:y]
                yield word, tags.get(word, "x")
                before = word
            x = y
        if run:
            yield from self._tag_run_of_singles(run, x - len(run), before, covered)

    def _tag_run_of_singles(
        self, run: str, start: int = 0, before: str = "", covered: frozenset[int] = frozenset()
    ) -> Iterator[tuple[str, str]]:
        """A run of characters the route takes one by one (from ``start``, after the word
        ``before``): one character, or a word of the dictionary, tagged from it; otherwise an
        unknown run, which the HMM tags — unless a name found in it would lie in ``covered``: every
        place a name may start in it (:func:`may_hold_name`) is covered and the word before is no
        surname (whose given name the run's first word could be; the word after a run is one of
        the dictionary, no given name). Such a run comes back whole, tagged ``x``."""
        tags = self.word_tag_tab
        if len(run) == 1:
            yield run, tags.get(run, "x")
        elif not self.tokenizer.FREQ.get(run):
            if covered and before not in _SURNAMES and _starts_covered(run, start, covered):
                yield run, "x"
                return
            yield from ((word.word, word.flag) for word in self._POSTokenizer__cut_detail(run))
        else:
            yield from ((char, tags.get(char, "x")) for char in run)

    # POSTokenizer.__cut_DAG calls this (name-mangled) method on each run of unknown characters.
    def _POSTokenizer__cut_detail(self, run: str) -> tuple[Any, ...]:
        if not may_hold_name(run):
            return (pair(run, "x"),)
        return self._tag_run(run)

    def _tag_unknown_run(self, run: str) -> tuple[Any, ...]:
        return tuple(POSTokenizer._POSTokenizer__cut_detail(self, run))
