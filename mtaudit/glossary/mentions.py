"""Name mentions on both sides of a trusted bilingual segment, the raw material of ``glossary mine``.

Chinese side: jieba's name tags (persons ``nr``/``nrfg``, transliterations ``nrt``, places ``ns``,
organisations ``nt``, other proper nouns ``nz``), a known surname joined to the name jieba split off
it (顾|天成), CC-CEDICT proper nouns, runs of transliteration characters joined through · (布林肯,
约瑟夫·拜登), and each of these with the one character jieba may have cut off its end. jieba's tags
are noisy (顾问 "adviser" is a name to it); the co-occurrence statistics of
:mod:`mtaudit.glossary.mine` sort out what is not. English side: sequences of capitalised words,
possessives stripped, every sub-sequence a candidate (the rendering of 拜登 in "President Joe
Biden" is "Biden"), sentence-initial words only when the corpus writes them capitalised elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

import ahocorasick_rs
import regex

from mtaudit.english import zipf
from mtaudit.glossary.cedict import proper_nouns
from mtaudit.glossary.romanize import COMPOUND_SURNAMES, SINGLE_SURNAMES, TRANSLITERATION_CHARS, split_surname
from mtaudit.glossary.tagger import shared_tagger

#: jieba tags of names, and the kind of name each tells (``nrt``, transliterated, is given to places too).
NAME_TAGS = {"nr": "person", "nrfg": "person", "nrt": "", "ns": "place", "nt": "org", "nz": ""}
#: CC-CEDICT kinds that are glossary types.
CEDICT_KINDS = {"person": "person", "place": "place", "org": "org"}
#: Longest English candidate, in words.
MAX_WORDS = 6
#: A sentence-initial word never written capitalised elsewhere is taken as a name only when English
#: uses it less than this (Zipf): "However", "Last" are not names.
INITIAL_ZIPF = 4.5
#: Lower-case words that may stand inside a name between capitalised ones ("Bank of China").
CONNECTORS = frozenset(
    {"of", "the", "and", "for", "de", "du", "da", "van", "von", "der", "den", "la", "al", "bin", "y"}
)
#: Capitalised words that are not names (CC-CEDICT writes 周六 as a proper noun: "Saturday").
NOT_NAMES = frozenset(
    {
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    }
)

#: Headlines and product titles capitalise most words: there a capitalised word counts as a name only
#: as a sentence-initial one does (the corpus capitalises it inside sentences, or English hardly knows it).
TITLE_CASE_SHARE = 0.6
#: Characters frequent in transliterations (罗尔德·达尔, 茨威格) that romanize's set leaves out; the name
#: check uses that set to tell a foreign name from a Chinese one, so they are added here only.
MORE_TRANSLITERATION_CHARS = frozenset("尔兹茨思柯瑞舒赛鲍默丘")

_SEPARATOR = "·"
_TRANSLITERATION_RUN = regex.compile(
    "[{0}]+(?:{1}[{0}]+)*".format("".join(sorted(TRANSLITERATION_CHARS | MORE_TRANSLITERATION_CHARS)), _SEPARATOR)
)
_HAN_NAME = regex.compile(r"\p{Han}+(?:·\p{Han}+)*")
_WORD = regex.compile(r"(?:\p{Lu}\.){2,}|\p{L}[\p{L}\p{M}\p{N}]*(?:['’-]\p{L}[\p{L}\p{M}\p{N}]*)*")
_POSSESSIVE = regex.compile(r"['’]s$")
_SENTENCE_END = frozenset(".!?:;…。！？：；")
_OPENERS = " \t\"'“‘(（[「『—-*#"


class Mention(NamedTuple):
    """A candidate name: its text (simplified for Chinese), character span, and kind when known."""

    text: str
    start: int
    end: int
    kind: str = ""
    #: For English, the span of the whole capitalised run it is part of: where the name stands,
    #: the same for "Foreign" and "Foreign Ministry", so position does not favour a fragment.
    run: tuple[int, int] | None = None


class Token(NamedTuple):
    word: str
    flag: str
    start: int
    end: int
    #: Its frequency in jieba's dictionary; 0 for a word its HMM made up.
    frequency: int


@lru_cache(maxsize=1)
def _cedict_automaton():
    """CC-CEDICT's proper nouns in one automaton (overlapping matches: 约瑟夫 and 约瑟夫·拜登 alike)."""
    heads = list(proper_nouns())
    return ahocorasick_rs.AhoCorasick(heads), heads


def tokens(source: str) -> list[Token]:
    """jieba's tagged words of ``source`` with their offsets."""
    tagger = shared_tagger()
    found, position = [], 0
    for pair in tagger.cut(source):
        end = position + len(pair.word)
        found.append(Token(pair.word, pair.flag, position, end, tagger.tokenizer.FREQ.get(pair.word) or 0))
        position = end
    return found


def chinese_mentions(source: str) -> list[Mention]:
    """The candidate names of a (normalised, simplified) Chinese source, each span once, with the
    kind the surest source gives: jieba's place and organisation tags, then CC-CEDICT's kind (its
    外交部 is a "place" for the "state" of "Dept. of State"), then jieba's person tags (华为 ``nr``)."""
    words = tokens(source)
    tagged = list(_tagged_names(words))
    firm = [m for m in tagged if m.kind in ("place", "org")]
    found = [
        *firm,
        *_cedict_names(source),
        *(m for m in tagged if m not in firm),
        *_split_names(words),
        *_transliterations(source, words),
    ]
    found += _extended(found, words)
    edges = _Edges(words, shared_tagger().tokenizer.FREQ)
    kinds: dict[tuple[int, int], str] = {}
    for mention in found:
        if _HAN_NAME.fullmatch(mention.text) and len(mention.text) >= 2 and edges.respects(mention):
            span = (mention.start, mention.end)
            kinds[span] = kinds.get(span) or mention.kind
    return [Mention(source[s:e], s, e, kind) for (s, e), kind in sorted(kinds.items())]


#: Tags jieba's dictionary gives ordinary words too (巧克力 "chocolate" and 须知 "notes" are ``nr``).
LOOSE_TAGS = frozenset({"nr", "nrfg", "nz"})


def _tagged_names(words: list[Token]) -> Iterable[Mention]:
    """Words jieba tags as names; a dictionary word with a loose tag only when it starts with a
    surname (卫星 still does: the statistics sort it out) or CC-CEDICT lists it as a proper noun."""
    for word in words:
        if word.flag not in NAME_TAGS:
            continue
        if (
            word.frequency
            and word.flag in LOOSE_TAGS
            and split_surname(word.word) is None
            and word.word not in proper_nouns()
        ):
            continue
        yield Mention(word.word, word.start, word.end, NAME_TAGS[word.flag])


def _split_names(words: list[Token]) -> Iterable[Mention]:
    """A surname jieba cut off the given name it tagged as a name (顾|天成, 欧阳|娜娜)."""
    for surname, given in zip(words, words[1:], strict=False):
        is_surname = (len(surname.word) == 1 and surname.word in SINGLE_SURNAMES) or surname.word in COMPOUND_SURNAMES
        if is_surname and given.flag.startswith("nr") and len(given.word) <= 2:
            yield Mention(surname.word + given.word, surname.start, given.end, "person")


def _extended(mentions: list[Mention], words: list[Token]) -> list[Mention]:
    """Each name with the one-character word after it: jieba's HMM often cuts the last character
    off a name it does not know (陈凯|先, 奥密克|戎); which of the two is the name, the English decides."""
    single = {w.start: w.word for w in words if len(w.word) == 1}
    return [Mention(m.text + single[m.end], m.start, m.end + 1, m.kind) for m in mentions if m.end in single]


def _cedict_names(source: str) -> Iterable[Mention]:
    automaton, heads = _cedict_automaton()
    table = proper_nouns()
    for index, start, end in automaton.find_matches_as_indexes(source, overlapping=True):
        yield Mention(heads[index], start, end, CEDICT_KINDS.get(table[heads[index]].kind, ""))


def _transliterations(source: str, words: list[Token]) -> Iterable[Mention]:
    """Runs of transliteration characters, and the parts of one joined through · (约瑟夫·拜登); not
    a run that is one ordinary dictionary word (佩戴 "wear", 马上 "at once")."""
    ordinary = {(w.start, w.end) for w in words if w.frequency and w.flag not in NAME_TAGS}
    for run in _TRANSLITERATION_RUN.finditer(source):
        if (run.start(), run.end()) in ordinary:
            continue
        yield Mention(run.group(), run.start(), run.end())
        if _SEPARATOR in run.group():
            position = run.start()
            for part in run.group().split(_SEPARATOR):
                yield Mention(part, position, position + len(part))
                position += len(part) + 1


class _Edges:
    """Where a name may start or end: at a word boundary, inside a word jieba's HMM made up (its
    guesses are often wrong), or inside a dictionary word rarer than the name (jieba's dictionary
    holds 和普京, 3 against 普京's 171); never inside a more common word (亚马 in 亚马逊)."""

    def __init__(self, words: list[Token], frequencies: Mapping[str, int]):
        self._boundaries = {w.start for w in words} | {w.end for w in words}
        self._inside = {i: w.frequency for w in words if w.frequency for i in range(w.start + 1, w.end)}
        self._frequencies = frequencies

    def respects(self, mention: Mention) -> bool:
        frequency = self._frequencies.get(mention.text) or 0
        return all(
            edge in self._boundaries or self._inside.get(edge, 0) < frequency for edge in (mention.start, mention.end)
        )


class EnglishWords:
    """How the corpus writes each word: capitalised inside a sentence, or in lower case. A
    sentence-initial word counts as a name only when the corpus capitalises it inside sentences
    at least as often as not, or never writes it otherwise and English does not know it well."""

    def __init__(self, targets: Iterable[str]):
        self.capitalised: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        for target in targets:
            for word in _WORD.finditer(target):
                text = _POSSESSIVE.sub("", word.group())
                if text[0].isupper():
                    if not _sentence_initial(target, word.start()):
                        self.capitalised[text] += 1
                else:
                    self.lower[text] += 1

    def may_start_name(self, word: str, initial: bool) -> bool:
        if word in NOT_NAMES:
            return False
        if not initial:
            return True
        capitalised, lower = self.capitalised[word], self.lower[word.lower()]
        if capitalised or lower:
            return capitalised >= lower
        return zipf(word) < INITIAL_ZIPF


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END


def english_mentions(target: str, words: EnglishWords) -> list[Mention]:
    """Every run of up to MAX_WORDS capitalised words of ``target`` (with connectors inside) that
    starts and ends with a capitalised word and holds a name word, possessive endings stripped."""
    found = []
    for run in _capitalised_runs(target, words, _title_case(target)):
        span = (run[0][0].start(), run[-1][0].end())
        for first in range(len(run)):
            for last in range(first, min(len(run), first + MAX_WORDS)):
                roles = [role for _, role in run[first : last + 1]]
                if CONNECTOR in (roles[0], roles[-1]) or NAME not in roles:
                    continue
                start, end = run[first][0].start(), run[last][0].end()
                text = _POSSESSIVE.sub("", target[start:end])
                found.append(Mention(text, start, start + len(text), run=span))
    return found


def _title_case(target: str) -> bool:
    initials = [word.group()[0] for word in _WORD.finditer(target) if word.group() not in CONNECTORS]
    return len(initials) >= 4 and sum(i.isupper() for i in initials) >= TITLE_CASE_SHARE * len(initials)


#: Roles of the words of a capitalised run: a word that may be a name on its own, a capitalised word
#: of a title-case text that is only part of a name ("Area" in "Greater Bay Area"), a connector.
NAME, CAPITALISED, CONNECTOR = "name", "capitalised", "connector"


def _capitalised_runs(target: str, words: EnglishWords, title_case: bool) -> list[list[tuple[regex.Match, str]]]:
    """Runs of words separated only by spaces, each word with its role; a possessive ends a run."""
    runs: list[list[tuple[regex.Match, str]]] = []
    current: list[tuple[regex.Match, str]] = []
    previous_end = None
    for word in _WORD.finditer(target):
        text = word.group()
        joined = previous_end is not None and target[previous_end : word.start()] == " "
        if not joined or (current and _POSSESSIVE.search(current[-1][0].group())):
            runs.append(current)
            current = []
        role = _role(text, words, title_case or _sentence_initial(target, word.start()), title_case, bool(current))
        if role is None:
            runs.append(current)
            current = []
        else:
            current.append((word, role))
        previous_end = word.end()
    runs.append(current)
    return [run for run in runs if any(role == NAME for _, role in run)]


def _role(text: str, words: EnglishWords, initial: bool, title_case: bool, inside: bool) -> str | None:
    if text[0].isupper():
        if words.may_start_name(_POSSESSIVE.sub("", text), initial):
            return NAME
        return CAPITALISED if title_case and text not in NOT_NAMES else None
    return CONNECTOR if inside and text in CONNECTORS else None
