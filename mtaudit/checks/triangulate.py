"""Name triangulation: a name in the translation that other translations of the same source render
differently, and that no glossary entry covers, is a ``name_mismatch``.

It catches wrong names the glossary has never heard of ("Lei Mengduo" where other translations
write "Raimondo"). The other translations — the *voices* — are the ``mt`` column (the reference
model's, or the input's own) and each ``--mt-from`` file's (the ``mt_from`` column); without any,
the check finds nothing.

A name is a run of capitalised words, trimmed of words common in English (``wordfreq`` Zipf >=
4.5: "The", "President") but for a surname's pinyin before a given name ("An Jiu", "He Lifeng"). For each name of the target, each voice either *supports* it (has the
same name anywhere, spelling variants allowed), *opposes* it (renders the same place with another
name) or says nothing. The place is found by aligning the two sentences word by word
(``difflib``: the words they share anchor it), else by relative position when the other rendering
resembles the name. Spelling variants are not mismatches: case, diacritics, possessives, hyphens
and spaces (Jin-ping, Jin Ping, Jinping), and a word that differs only in its vowels (Macau/Macao,
Tehran/Teheran, Kyiv/Kiev) unless both spellings are pinyin, where a vowel makes another name
(Xiacheng/Xiaocheng).

The suggestion is the rendering most opposing voices agree on; confidence grows with their number
and falls with each voice that supports the target (:func:`mismatch_confidence`). A name that two
or more voices agree on and the target lacks entirely is reported too, with ``found`` None
(:func:`dropped_confidence`).
"""

from __future__ import annotations

import calendar
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from mtaudit.checks.analysis import Occurrence
from mtaudit.checks.base import Check, Chunk, Kind
from mtaudit.corpus.mtfrom import COLUMN, as_list
from mtaudit.english import zipf
from mtaudit.findings import Finding
from mtaudit.glossary.cedict import common_words, proper_nouns
from mtaudit.glossary.foreign_names import find_foreign_names
from mtaudit.glossary.normalize import fold
from mtaudit.glossary.romanize import (
    SINGLE_SURNAMES,
    TRANSLITERATION_CHARS,
    is_pinyin_name,
    pinyin_split,
    pinyin_syllables,
    spelled_spans,
    split_surname,
)
from mtaudit.stream import table_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
_POSSESSIVE = regex.compile(r"['’]s$|(?<=s)['’]$")
_LETTERS = regex.compile(r"[^a-z]")
_WORDS_OF = regex.compile(r"[\p{L}]+")
#: Words at least this frequent are English words (wordfreq Zipf), at least this common ones.
WORD_ZIPF = 2.0
COMMON_WORD_ZIPF = 4.0
#: Only non-letters since the text's start or the last sentence end: a word here opens a sentence.
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;…])[^\p{L}]*$")
_VOWELS = frozenset("aeiouy")
#: Endings of a people or adjective after a place's stem (Iran-ian, Chin-ese, Afghan-istan).
_DERIVED_ENDINGS = frozenset(
    {"n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is", "ish", "istan", "e", "es", "s", "al", "ial"}
)
#: Words at least this frequent in English are ordinary words, not names.
COMMON_ZIPF = 4.5
#: In a sentence where at least this share of its TITLE_CASE_WORDS or more common words are
#: capitalised, words this frequent are ordinary too.
TITLE_CASE_ZIPF = 3.0
TITLE_CASE_SHARE = 0.7
TITLE_CASE_WORDS = 4
#: A neighbouring word less frequent than this says where a name is ("like", not "the").
ANCHOR_ZIPF = 6.5
#: A lone word this frequent at the start of a sentence may be capitalised only for being there.
SENTENCE_WORD_ZIPF = 3.5
#: Two renderings all of whose words are at least this frequent are wordings ("Alliance" / "Coalition"),
#: not names.
ORDINARY_ZIPF = 3.5
#: Confidence of a mismatch by the number of voices agreeing on the other rendering (4 or more: the
#: last), when they are all the voices there are; a smaller share takes up to SHARE_WEIGHT of it off.
AGREEING_CONFIDENCE = (0.45, 0.62, 0.8, 0.85)
SHARE_WEIGHT = 0.2
#: Taken off a mismatch's confidence per voice that supports the target.
SUPPORTING_PENALTY = 0.15
#: Confidence of a dropped name by the number of voices that have it (4 or more: the last), and the
#: penalty per voice that lacks it as the target does.
DROPPED_CONFIDENCE = (0.0, 0.5, 0.65, 0.7)
LACKING_PENALTY = 0.1
#: A dropped name has a word rarer than this in English.
DROPPED_RARE_ZIPF = 3.0
#: Without word anchors, a voice's name is at the same place when this close in relative position
#: (or twice as far when its spelling resembles the target's).
NEAR_POSITION = 0.15
SIMILAR_SPELLING = 0.6
#: A name spelt this much alike renders the same one wherever it stands (Gao Ming / Kao Ming).
RESEMBLING = 0.75


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    key: str  # case, diacritics, possessive, hyphens and apostrophes aside


@dataclass(frozen=True)
class Name:
    """A name: words ``first``..``last`` (exclusive) of its sentence, with character offsets."""

    first: int
    last: int
    start: int
    end: int
    text: str
    key: str
    position: float  # relative position in its sentence, 0..1
    #: Written as a Chinese name (its words pinyin but for one at most): there a vowel makes another name.
    chinese: bool = False
    #: The words just before and after its run of capitalised words ("like Little Umbrella" → "like").
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[Word, ...]
    names: tuple[Name, ...]
    title_case: bool = False

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Its words' keys (asked for every name looked for in it)."""
        return tuple(w.key for w in self.words)

    @cached_property
    def word_keys(self) -> tuple[str, ...]:
        """The keys of its words and of the pieces of its hyphenated words, each once."""
        pieces = (word_key(piece) for w in self.words if "-" in w.text for piece in w.text.split("-"))
        return tuple(dict.fromkeys([*self.keys, *pieces]))

    def span_text(self, words: Sequence[int]) -> tuple[int, int, str]:
        """Offsets and text from the first to the last of ``words`` (indices)."""
        start, end = self.words[min(words)].start, self.words[max(words)].end
        return start, end, self.text[start:end]


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", word))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in bare.casefold() if char.isalnum())


def _is_capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not any(char.isdigit() for char in word)


@lru_cache(maxsize=20_000)
def sentence(text: str) -> Sentence:
    """The words of ``text`` and its names: runs of capitalised words (joined by spaces only) cut
    at words common in English ("President Bayeng" → "Bayeng"). In a sentence set in title case
    (a headline, a product listing) capitalisation says little, so there any word English knows
    fairly well ends a name too."""
    words = tuple(Word(m.start(), m.end(), m.group(), word_key(m.group())) for m in _TOKEN.finditer(text))
    title_case = _title_case(words)
    common = TITLE_CASE_ZIPF if title_case else COMMON_ZIPF
    found: list[Name] = []
    for run in _capitalised_runs(words, text):
        part: list[int] = []
        for index in [*run, None]:
            if index is not None and (
                (zipf(_POSSESSIVE.sub("", words[index].text)) < common and not _in_a_date(words[index], text))
                or (not title_case and _surname_before_given(words, run, index, text))
            ):
                part.append(index)
                continue
            if part and not _capitalised_for_position(part, words, text):
                found.append(_name(part, run, words, text))
            part = []
    return Sentence(text, words, tuple(found), title_case)


#: Months and weekdays as dates abbreviate them (calendar's English names; "Sept" too).
_CALENDAR_WORDS = frozenset({*calendar.month_abbr[1:], *calendar.day_abbr, "Sept"})
_DAY_AFTER = regex.compile(r"\.?,? ?\d")


def _in_a_date(word: Word, text: str) -> bool:
    """A month's or weekday's abbreviation before a number ("Dec. 12"): no name, though "Jun" and
    "Sun" may be one elsewhere."""
    return word.text in _CALENDAR_WORDS and _DAY_AFTER.match(text, word.end) is not None


@lru_cache(maxsize=1)
def _pinyin_surnames() -> frozenset[str]:
    """The pinyin of every single-character surname (An, He, Long, Song: some are English words)."""
    return frozenset("".join(pinyin_syllables(surname, person=True)) for surname in SINGLE_SURNAMES)


def _surname_before_given(words: tuple[Word, ...], run: list[int], index: int, text: str) -> bool:
    """A common English word that is a surname's pinyin, before a pinyin given name of its run that
    English does not know ("An Jiu", "He Lifeng"): part of the name, though "An" alone is no name.
    At a sentence's start the given name must be no English word at all."""
    word, following = words[index], index + 1
    if word.key not in _pinyin_surnames() or following not in run:
        return False
    given = words[following].text
    if pinyin_split(given) is None or zipf(given) >= ORDINARY_ZIPF:
        return False
    return _SENTENCE_START.search(text[: word.start]) is None or zipf(given) < WORD_ZIPF


def _capitalised_runs(words: tuple[Word, ...], text: str) -> list[list[int]]:
    runs: list[list[int]] = []
    for index, word in enumerate(words):
        if not _is_capitalised(word.text):
            continue
        if runs and runs[-1][-1] == index - 1 and text[words[index - 1].end : word.start].strip(" \u00a0") == "":
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _title_case(words: tuple[Word, ...]) -> bool:
    """Whether most of the common English words after the first are capitalised (a headline, a
    product listing), as they are not in running text."""
    common = [w.text for w in words[1:] if w.text.isalpha() and zipf(w.text) >= COMMON_ZIPF]
    return len(common) >= TITLE_CASE_WORDS and sum(_is_capitalised(w) for w in common) >= TITLE_CASE_SHARE * len(common)


def _name(part: list[int], run: list[int], words: tuple[Word, ...], text: str) -> Name:
    start, end = words[part[0]].start, words[part[-1]].end
    keys = [words[i].key for i in part]
    before = words[run[0] - 1].key if run[0] > 0 else ""
    after = words[run[-1] + 1].key if run[-1] + 1 < len(words) else ""
    return Name(
        part[0],
        part[-1] + 1,
        start,
        end,
        text[start:end],
        "".join(keys),
        start / max(len(text), 1),
        _written_chinese(keys),
        before,
        after,
    )


def _capitalised_for_position(part: list[int], words: tuple[Word, ...], text: str) -> bool:
    """A lone, fairly frequent word opening a sentence ("Nevertheless") is no sign of a name."""
    word = words[part[0]]
    return (
        len(part) == 1
        and _SENTENCE_START.search(text[: word.start]) is not None
        and zipf(word.text) >= SENTENCE_WORD_ZIPF
    )


def _written_chinese(keys: list[str]) -> bool:
    return len(keys) >= 2 and sum(pinyin_split(key) is not None for key in keys) >= len(keys) - 1


def names(text: str) -> list[Name]:
    """The names of ``text`` (see :func:`sentence`)."""
    return list(sentence(text).names)


# --- spelling variants ------------------------------------------------------------------------


def _skeleton(key: str) -> str:
    """The consonants in order, doubled ones once (Muhammad, Mohammed → mhmd)."""
    consonants = [char for char in key if char not in _VOWELS]
    return "".join(char for i, char in enumerate(consonants) if i == 0 or consonants[i - 1] != char)


@lru_cache(maxsize=100_000)
def same_name(a: str, b: str, strict: bool = False) -> bool:
    """Whether two name keys are spellings of one name (see the module docstring); ``strict``: of a
    Chinese name, where only case, hyphens and spaces may differ."""
    if a == b:
        return True
    if strict or not a or not b or a[0] != b[0]:
        return False
    if _derived(a, b) or a + "s" == b or b + "s" == a:  # KPI / KPIs
        return True

    return (pinyin_split(a) is None or pinyin_split(b) is None) and (_vowel_variant(a, b) or _one_more_letter(a, b))


def _one_more_letter(a: str, b: str) -> bool:
    """Geminid/Gemini, Stockdale/Stockdal: a letter added at the end of a longer word."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and len(long) == len(short) + 1 and long.startswith(short)


def _vowel_variant(a: str, b: str) -> bool:
    """Macau/Macao, Kyiv/Kiev, Tehran/Teheran: the same consonants, a vowel or two apart."""
    return abs(len(a) - len(b)) <= 1 and _skeleton(a) == _skeleton(b) and Levenshtein.distance(a, b) <= 2


def _derived(a: str, b: str) -> bool:
    """A place and its people or adjective (Iran/Iranian, China/Chinese, Afghans/Afghanistan): the
    shorter, less a final s, a or e, begins the longer, which ends as such words do."""
    short, long = sorted((a, b), key=len)
    stem = short[:-1] if short[-1] in "sae" else short
    return len(stem) >= 4 and long.startswith(stem) and long[len(stem) :] in _DERIVED_ENDINGS


def _contains(haystack: Sentence, key: str, strict: bool = False) -> bool:
    """Whether consecutive words of ``haystack`` spell the name ``key`` (variants allowed)."""
    keys = haystack.keys
    opening = key[:1]
    for first in range(len(keys)):
        if keys[first][:1] not in ("", opening):
            continue  # every run from this word opens with another letter than the key: no spelling of it
        joined = ""
        for word in keys[first : first + 6]:
            joined += word
            if len(joined) > len(key) + 1:
                break
            if same_name(joined, key, strict):
                return True
    return False


def _differing(mine: Sentence, name: Name, theirs: Sentence, other: Name) -> tuple[list[int], list[int]]:
    """The words of ``name`` that the other sentence has nowhere, and those of ``other`` that this
    sentence has nowhere (so "Reporter" in one and "reporter" in the other is no difference) — and,
    where ``other`` is written as a Chinese name, its surnames that are English words and that
    ``name`` lacks: such a word elsewhere in this sentence is English ("An Jiu" against "Anju"
    beside "an astronomer")."""
    strict = name.chinese or other.chinese
    lacking = [i for i in range(name.first, name.last) if not _has_word(theirs, mine.words[i].key, strict)]
    own = Sentence(name.text, mine.words[name.first : name.last], ()) if other.chinese else mine
    extra = [
        j
        for j in range(other.first, other.last)
        if not _has_word(mine, theirs.words[j].key, strict)
        or (
            other.chinese
            and theirs.words[j].key in _pinyin_surnames()
            and zipf(theirs.words[j].text) >= COMMON_ZIPF
            and not _has_word(own, theirs.words[j].key, strict)
        )
    ]
    return lacking, extra


def _has_word(haystack: Sentence, key: str, strict: bool) -> bool:
    """Whether ``haystack`` has the word ``key``, alone or as a piece of a hyphenated word (Sinuo-translated)."""
    return any(same_name(key, other, strict) for other in haystack.word_keys)


# --- one voice against the target -------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one voice says of one name of the target."""

    voice: int
    verdict: str  # "supports", "opposes" or "silent"
    rendering: str = ""  # the voice's words for the target's differing part (opposes)
    key: str = ""
    found: tuple[int, int] | None = None  # the target's differing part (opposes): character span
    other: Name | None = None  # the voice's name at that place


def _mapped_window(name: Name, opcodes: Sequence[tuple[str, int, int, int, int]]) -> range:
    """The voice's words at the place of ``name``, from the word alignment, one word either side."""
    mapped: list[int] = []
    for tag, i1, i2, j1, j2 in opcodes:
        low, high = max(name.first, i1), min(name.last, i2)
        if tag == "equal" and low < high:
            mapped += [j1 + i - i1 for i in range(low, high)]
        elif tag != "equal" and (low < high or (i1 == i2 and name.first <= i1 <= name.last)):
            mapped += list(range(j1, j2)) or [j1]
    return range(min(mapped) - 1, max(mapped) + 2) if mapped else range(0)


def _place_score(name: Name, other: Name, window: range) -> float | None:
    """How surely ``other`` renders ``name`` (None: not at the same place): the word alignment puts
    it there, it is spelt much alike, the same informative word stands next to both, or it is about
    as far into its sentence (twice as far when spelt somewhat alike)."""
    similarity = fuzz.ratio(name.key, other.key) / 100
    distance = abs(name.position - other.position)
    anchored = (other.first < window.stop and window.start < other.last) or similarity >= RESEMBLING
    neighbours = sum(
        1
        for mine, theirs in ((name.before, other.before), (name.after, other.after))
        if mine and mine == theirs and zipf(mine) < ANCHOR_ZIPF
    )
    if anchored or neighbours:
        return 2 * anchored + 0.5 * neighbours + similarity - distance
    if distance <= NEAR_POSITION or (distance <= 2 * NEAR_POSITION and similarity >= SIMILAR_SPELLING):
        return similarity - distance
    return None


def read_voice(
    target: Sentence, candidates: list[Name], voice: Sentence, number: int
) -> tuple[list[Reading], set[Name]]:
    """What the voice says of each candidate name of the target, and the voice's names it placed."""
    readings: dict[Name, Reading] = {}
    unmatched = [n for n in candidates if not _contains(voice, n.key, n.chinese)]
    for name in candidates:
        if name not in unmatched:
            readings[name] = Reading(number, "supports")
    others = [m for m in voice.names if not _contains(target, m.key, m.chinese)]
    # the alignment places the names each sentence lacks: not needed where either has none
    opcodes = (
        SequenceMatcher(None, target.keys, voice.keys, autojunk=False).get_opcodes() if unmatched and others else []
    )
    pairs = []
    for i, name in enumerate(unmatched):
        window = _mapped_window(name, opcodes)
        for j, other in enumerate(others):
            score = _place_score(name, other, window)
            if score is not None:
                pairs.append((-score, i, j))
    placed: set[Name] = set()
    for _, i, j in sorted(pairs):
        name, other = unmatched[i], others[j]
        if name in readings or other in placed:
            continue
        placed.add(other)
        readings[name] = _compare(target, name, voice, other, number)
    ordered = [readings.get(name, Reading(number, "silent")) for name in candidates]
    return ordered, placed


def _compare(target: Sentence, name: Name, voice: Sentence, other: Name, number: int) -> Reading:
    lacking, extra = _differing(target, name, voice, other)
    if not lacking:
        return Reading(number, "supports", other=other)
    if not extra:
        return Reading(number, "silent", other=other)  # the voice has fewer words: it says nothing of these
    start, end, found = target.span_text(lacking)
    _, _, rendering = voice.span_text(extra)
    key = "".join(voice.words[i].key for i in range(min(extra), max(extra) + 1))
    if (
        same_name(word_key(found), key, name.chinese or other.chinese)
        or _abbreviates(found, voice)
        or _abbreviates(rendering, target)
    ):  # Jin Ping / Jinping, MCDF
        return Reading(number, "supports", other=other)
    if _ordinary(found) and _ordinary(rendering):
        return Reading(number, "silent", other=other)
    return Reading(number, "opposes", rendering, key, (start, end), other)


def _ordinary(text: str) -> bool:
    return all(zipf(_POSSESSIVE.sub("", m.group())) >= ORDINARY_ZIPF for m in _TOKEN.finditer(text))


def _abbreviates(text: str, other: Sentence) -> bool:
    """Whether ``text`` shortens consecutive capitalised words of ``other``, small words such as "of"
    and "and" skipped: an acronym (MCDF: Minnesota China Democracy Foundation) or a contraction of
    their first letters (LegCo: Legislative Council, FinCEN)."""
    parts = _abbreviation_parts(_POSSESSIVE.sub("", text))
    if parts is None:
        return False
    words = [w.text.lower() for w in other.words if _is_capitalised(w.text)]
    return any(
        all(word.startswith(part) for word, part in zip(words[i:], parts, strict=False))
        for i in range(len(words) - len(parts) + 1)
    )


#: A contraction of a name's words: each part a capital and up to three small letters (LegCo, FinCEN).
_CONTRACTION = regex.compile(r"(?:\p{Lu}\p{Ll}{0,3}){2,8}")


def _abbreviation_parts(text: str) -> list[str] | None:
    """The lower-case beginnings of the words ``text`` shortens, or None if it is no abbreviation."""
    letters = text[:-1] if text.endswith("s") else text  # MPs
    if letters.isupper():
        return list(letters.lower()) if 2 <= len(letters) <= 8 and letters.isalpha() else None
    if _CONTRACTION.fullmatch(text):
        return [part.lower() for part in regex.findall(r"\p{Lu}\p{Ll}*", text)]
    return None


# --- consensus and confidence -----------------------------------------------------------------


def mismatch_confidence(agreeing: int, supporting: int, voices: int) -> float:
    """One voice alone is a hint (info), two agreeing a warning, three ~0.85, less when they are a
    smaller share of the ``voices``; each voice that supports the target takes some off."""
    base = AGREEING_CONFIDENCE[min(agreeing, len(AGREEING_CONFIDENCE)) - 1]
    share = agreeing / max(voices, agreeing)
    return max(0.0, base * (1 - SHARE_WEIGHT * (1 - share)) - SUPPORTING_PENALTY * supporting)


def dropped_confidence(having: int, lacking: int) -> float:
    """Two voices agreeing on a name the target lacks is a warning at best; more, surer."""
    base = DROPPED_CONFIDENCE[min(having, len(DROPPED_CONFIDENCE)) - 1]
    return max(0.0, base - LACKING_PENALTY * lacking)


def _clusters(keys: list[tuple[str, int]]) -> list[list[int]]:
    """Items (key, voice) grouped by spelling variant, in order of first appearance: item indices."""
    groups: list[list[int]] = []
    for index, (key, _) in enumerate(keys):
        for group in groups:
            if same_name(keys[group[0]][0], key):
                group.append(index)
                break
        else:
            groups.append([index])
    return groups


def _consensus(opposing: list[Reading]) -> list[Reading]:
    """The opposing readings of the rendering most voices agree on (first voices win ties); where no
    two agree, those that share the name's own words (:func:`_sharing_words`)."""
    groups = _clusters([(r.key, r.voice) for r in opposing])
    best = max(groups, key=lambda g: len({opposing[i].voice for i in g}))  # max keeps the first of equals
    if len({opposing[i].voice for i in best}) < 2:
        return _sharing_words(opposing) or [opposing[i] for i in best]
    return [opposing[i] for i in best]


#: Letters a shared word needs to stand for a name (not "Xu", "Su": surnames any name may have).
SHARED_WORD = 4


def _sharing_words(opposing: list[Reading]) -> list[Reading]:
    """Readings whose renderings differ but share words rare in English, as where title-cased text
    runs a name into the words beside it ("Lifter Roald", "Elevator Roald Dahl", "Roald Dahl's"):
    each rendered as the run of the words two of them share, where three or more opposing voices
    all have one of them; else none."""
    everyone = {r.voice for r in opposing}
    if len(everyone) < 3:
        return []
    tokens = [_TOKEN.findall(r.rendering) for r in opposing]
    keys = [[word_key(t) for t in ts] for ts in tokens]
    voices: dict[str, set[int]] = {}
    for reading, ts, ks in zip(opposing, tokens, keys, strict=True):
        for token, key in zip(ts, ks, strict=True):
            if zipf(_POSSESSIVE.sub("", token)) < ORDINARY_ZIPF:
                voices.setdefault(key, set()).add(reading.voice)
    shared = {key for key, who in voices.items() if len(who) >= 2 and len(key) >= SHARED_WORD}
    top = max(shared, key=lambda key: len(voices[key]), default=None)
    if top is None or voices[top] != everyone:
        return []  # fewer voices sharing a word: a surname or a common piece, not the name
    agreeing = []
    for reading, ts, ks in zip(opposing, tokens, keys, strict=True):
        if top in ks:
            kept = [i for i, key in enumerate(ks) if key in shared]
            first, last = min(kept), max(kept) + 1
            text = _POSSESSIVE.sub("", " ".join(ts[first:last]))
            agreeing.append(replace(reading, rendering=text, key="".join(ks[first:last])))
    return agreeing


def _most_common(values: list[Any]) -> Any:
    return Counter(values).most_common(1)[0][0]


class TriangulationCheck(Check):
    check_id = "name_mismatch"
    kinds = (Kind("name_mismatch", "The target names someone differently from the other translations of the source."),)
    summary = (
        "a name in the translation that other translations (reference MT, mt column, --mt-from) render differently"
    )
    columns = ("doc_id", "seg_id", "source", "target", "mt", "mt_from")

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        segments, context = chunk.segments, chunk.context
        voices = _voice_columns(segments)
        if voices is None:
            return
        covered = _glossary_spans(chunk.occurrences)
        glossary_forms = {
            word_key(form) for entry in context.glossary for form in (*entry.accepted, *entry.forbidden, *entry.short)
        }
        labels = ["MT", *context.options.mt_from_names]
        sources = {
            (doc_id, seg_id): source for doc_id, seg_id, source in table_rows(segments, ["doc_id", "seg_id", "source"])
        }
        for doc_id, seg_id, target, texts in voices:
            if not target:
                continue
            spans = covered.get((doc_id, seg_id), [])
            source = sources.get((doc_id, seg_id)) or ""
            yield from _segment(doc_id, seg_id, target, source, texts, spans, glossary_forms, labels)


def _settled_by_source(found: str, suggestion: str, source: str, agreeing: int) -> bool:
    """Whether the source settles a mismatch for the translation (``agreeing``: the voices that
    have the suggestion).

    A name the translation spells as the source reads ("Mingya" for 明亚) is right however many
    other translations spell it otherwise — unless they spell the same characters in another
    reading or more of them (Dake for 大可 where it has "Dai Ke", Zinan for 子南 where it has "Nan":
    which reading, and how much of the name, the consensus says), or the characters are a foreign
    name written by sound, where the pinyin is no name at all (Deng Lupu for 邓禄普, Dunlop).
    Where only the others spell the source's pinyin, the translation has most likely an English
    name they did not know (Spratly for 南沙, CMM for 中怡康) — unless it is pinyin too, or a near
    miss of theirs, or has a word that spells part of it (Huanyu, Shin for Shen, Tianan Mummy for
    Tiananmen: a Chinese name garbled), or its words are ordinary English for a stretch of the
    source that is no word in the dictionary: a name translated word for word (Little Cloud for
    小雲, Downtown for 下城). Ordinary words on both sides (Takeaway /
    Takeout) or common ones on the translation's (Dec, Faculty) are wording, not names."""
    theirs = _spelled(suggestion, source)  # where the others' name comes from
    literal = _translated_name(found, suggestion, theirs, source)
    if _ordinary_words(found) and (_ordinary_words(suggestion) or _common(found)) and not literal:
        return True
    if not source:
        return False
    mine = _spelled(found, source)
    if mine:  # settled unless the others spell the same characters or more of them, or a foreign name
        return not (_inside(mine, theirs) or _sounded_out(suggestion, mine, source, agreeing))
    return bool(theirs) and not (literal or _pinyin_shaped(found) or _near_miss(found, suggestion, theirs, source))


def _spelled(text: str, source: str) -> list[tuple[int, int]]:
    """Where in the source the pinyin of ``text`` (possessives aside) comes from."""
    return spelled_spans(_letters(_POSSESSIVE.sub("", text)), source)


def _inside(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> bool:
    """Some span of ``spans`` lies within one of ``within``."""
    return any(s <= start and end <= e for s, e in within for start, end in spans)


def _near_miss(found: str, suggestion: str, theirs: list[tuple[int, int]], source: str) -> bool:
    """The translation's name misspells the pinyin the others write (Shin for Shen), or one of its
    words spells part of it or more (Tianan Mummy for Tiananmen, Shixipin for Shixi): a Chinese name
    garbled, not an English one."""
    if fuzz.ratio(word_key(found), word_key(suggestion)) >= 100 * SIMILAR_SPELLING:
        return True
    words = [w for w in _WORDS_OF.findall(found) if len(w) >= 3]
    return any(_overlapping(_spelled(word, source), theirs) for word in words)


def _overlapping(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> bool:
    """Some span of ``spans`` shares characters with one of ``others``: within it (Tianan of
    Tiananmen), or taking in more (Shixipin where the others spell 石溪 of 沈石溪品藏, Shixi)."""
    return any(start < e and s < end for s, e in others for start, end in spans)


def _sounded_out(suggestion: str, mine: list[tuple[int, int]], source: str, agreeing: int) -> bool:
    """The translation spells the pinyin of characters that write a foreign name: a Japanese,
    Korean or Vietnamese name the foreign-name search finds (Xiuer for 修二 of 中村修二, Shuji), or,
    where the others give a name that is neither pinyin nor English words, characters that sound out
    a foreign name, or two or more voices agreeing on it (Deng Lupu for 邓禄普, Dunlop)."""
    foreign = find_foreign_names(source)
    if any(name.start <= start and end <= name.end for name in foreign for start, end in mine):
        return True
    if _pinyin_shaped(suggestion) or _ordinary(suggestion):
        return False
    return agreeing >= 2 or any(_sounded_by_characters(source, start, end) for start, end in mine)


def _sounded_by_characters(source: str, start: int, end: int) -> bool:
    """Three or more characters, no surname opening them or just before, all after the first of
    those Chinese writes foreign names with, and no word of the dictionary."""
    if end - start < 3 or split_surname(source[start:end]) or source[start - 1 : start] in SINGLE_SURNAMES:
        return False
    text = fold(source[start:end])
    return all(char in TRANSLITERATION_CHARS for char in text[1:]) and text not in common_words()


def _translated_name(found: str, suggestion: str, theirs: list[tuple[int, int]], source: str) -> bool:
    """The translation's English words stand where the others spell, in pinyin, two or more
    characters of the source (``theirs``) that the dictionary knows neither as a word nor as a name
    written so."""
    if not _ordinary_words(found) or not _pinyin_shaped(suggestion):
        return False
    return any(e - s >= 2 and not _known_as(fold(source[s:e]), found) for s, e in theirs)


def _known_as(text: str, found: str) -> bool:
    """CC-CEDICT has ``text`` as an ordinary word, or as a proper noun whose English is ``found``."""
    if text in common_words():
        return True
    entry = proper_nouns().get(text)
    return entry is not None and any(_letters(found) in _letters(name) for name in entry.names)


def _letters(text: str) -> str:
    return _LETTERS.sub("", text.lower())


def _ordinary_words(text: str) -> bool:
    """Every word is one English knows (Nourishing, Conferment, Jobs) and no pinyin (Gao, Wei are
    names): no name."""
    words = _WORDS_OF.findall(text)
    return bool(words) and all(zipf(w) >= WORD_ZIPF and not _pinyin_shaped(w) for w in words)


def _common(text: str) -> bool:
    """Every word is common in English (Dec, Faculty, Regulatory): no name the others render otherwise."""
    words = _WORDS_OF.findall(text)
    return bool(words) and all(zipf(w) >= COMMON_WORD_ZIPF for w in words)


def _pinyin_shaped(text: str) -> bool:
    return is_pinyin_name(text)


def _voice_columns(segments: pd.DataFrame) -> Iterable[tuple[str, str, str, list[tuple[int, str]]]] | None:
    """(doc_id, seg_id, target, [(voice number, text)]) of each row; None when no row has a voice.
    Voice 0 is the ``mt`` column, voice *i* the *i*-th ``mt_from`` translation."""
    has_mt = "mt" in segments.columns and segments["mt"].notna().any()
    has_from = COLUMN in segments.columns and segments[COLUMN].notna().any()
    if not has_mt and not has_from:
        return None
    mts = segments["mt"].tolist() if has_mt else [None] * len(segments)
    froms = segments[COLUMN].tolist() if has_from else [None] * len(segments)
    rows = zip(
        segments["doc_id"].tolist(), segments["seg_id"].tolist(), segments["target"].tolist(), mts, froms, strict=True
    )
    return (
        (
            doc_id,
            seg_id,
            target,
            [(i, text) for i, text in enumerate([mt, *as_list(more)]) if isinstance(text, str) and text.strip()],
        )
        for doc_id, seg_id, target, mt, more in rows
    )


def _segment(
    doc_id: str,
    seg_id: str,
    target_text: str,
    source: str,
    texts: list[tuple[int, str]],
    spans: list[tuple[int, int]],
    glossary_forms: set[str],
    labels: list[str],
) -> Iterable[Finding]:
    if not texts:
        return
    target = sentence(target_text)
    candidates = [n for name in target.names for n in _outside(name, target, spans) if n.key not in glossary_forms]
    voices = [(number, sentence(text)) for number, text in texts]
    by_name: dict[Name, list[Reading]] = {name: [] for name in candidates}
    drops: list[tuple[str, str, int]] = []
    for number, voice in voices:
        readings, placed = read_voice(target, candidates, voice, number)
        for name, reading in zip(candidates, readings, strict=True):
            by_name[name].append(reading)
        if not voice.title_case:  # where every word is capitalised, a word the target lacks need be no name
            for m in voice.names:
                part = _dropped_part(m, voice, target) if m not in placed and m.key not in glossary_forms else None
                if part is not None:
                    drops.append((*part, number))
    for name in candidates:
        finding = _mismatch(doc_id, seg_id, target, source, name, by_name[name], labels)
        if finding is not None:
            yield finding
    yield from _dropped(doc_id, seg_id, drops, len(voices), labels)


def _outside(name: Name, target: Sentence, spans: list[tuple[int, int]]) -> list[Name]:
    """The parts of ``name`` outside the glossary's spans that have a word rare in English: "Dirier
    Biennale" of "Saudi Dirier Biennale", whose "Saudi" the terms check owns, not "Municipal" of
    "Hangzhou Municipal" (all of ``name`` where no span touches it)."""
    if not any(name.start < end and start < name.end for start, end in spans):
        return [name]
    parts: list[list[int]] = [[]]
    for index in range(name.first, name.last):
        word = target.words[index]
        if any(word.start < end and start < word.end for start, end in spans):
            parts.append([])
        else:
            parts[-1].append(index)
    rare = [part for part in parts if any(zipf(target.words[i].text) < ORDINARY_ZIPF for i in part)]
    return [_name(part, part, target.words, target.text) for part in rare]


def _dropped_part(name: Name, voice: Sentence, target: Sentence) -> tuple[str, str] | None:
    """(text, key) of the part of a voice's name that the target may have dropped: its words less
    the titles at either end ("Reporters" of "Reporters Luo Xiaofei"), and less the words at either
    end that the target has where a Chinese name is left ("Xinhua" of "Xinhua Wang Xian"); None
    unless none of its words is in the target (a target with "Kelt" has "Zorvan Kelt" in other
    words) and it is rare in English ("Xinhua", not "Navigation") or written as a Chinese name
    ("Tao Ye")."""
    strict = name.chinese
    words = _trimmed(list(voice.words[name.first : name.last]), lambda w: _title_word(w.text))
    besides = _trimmed(words, lambda w: _title_word(w.text) or _has_word(target, w.key, strict))
    if besides != words and _written_chinese([w.key for w in besides]):
        words = besides
    if not words:
        return None
    text = voice.text[words[0].start : words[-1].end]
    if _abbreviates(text, target):
        return None  # LegCo: the target has the Legislative Council
    keys = [w.key for w in words]
    pieces = {word_key(piece) for w in words for piece in w.text.split("-")}  # Greco-Roman: "Roman" is no drop
    glued = "".join(keys)
    if any(_has_word(target, key, strict) for key in pieces | set(keys)) or glued in _letters(target.text):
        return None  # "Ma Lan Shan" has Malan
    rare = any(zipf(_POSSESSIVE.sub("", w.text)) < DROPPED_RARE_ZIPF for w in words)
    if not rare and not _written_chinese(keys):
        return None
    return text, glued


def _label(labels: list[str], voice: int) -> str:
    return labels[voice] if voice < len(labels) else f"mt_from[{voice - 1}]"


def _mismatch(
    doc_id: str, seg_id: str, target: Sentence, source: str, name: Name, readings: list[Reading], labels: list[str]
) -> Finding | None:
    opposing = [r for r in readings if r.verdict == "opposes"]
    if not opposing:
        return None
    consensus = _consensus(opposing)
    supporting = [r for r in readings if r.verdict == "supports"]
    agreeing = len({r.voice for r in consensus})
    if agreeing <= len(supporting):
        return None
    rendering = _most_common([r.rendering for r in consensus])
    start, end = _most_common([r.found for r in consensus])
    found = target.text[start:end]
    if _settled_by_source(found, rendering, source, agreeing):
        return None
    evidence = [
        f"{_label(labels, r.voice)} has '{r.rendering}'"
        if r.verdict == "opposes"
        else f"{_label(labels, r.voice)} has '{found}' too"
        if r.verdict == "supports"
        else f"{_label(labels, r.voice)} has no name here"
        for r in readings
    ]
    who = ", ".join(_label(labels, r.voice) for r in consensus)
    support = f"; {len(supporting)} agree with the translation" if supporting else ""
    return TriangulationCheck.kinds[0].finding(
        doc_id,
        seg_id,
        expected=rendering,
        found=found,
        target_span=[start, end],
        suggestion=rendering,
        confidence=mismatch_confidence(agreeing, len(supporting), len(readings)),
        message=f"'{found}': {agreeing} of {len(readings)} other translations have '{rendering}' here ({who}){support}; "
        "no glossary entry covers it: check the name",
        extra={"evidence": evidence},
    )


def _dropped(
    doc_id: str, seg_id: str, drops: list[tuple[str, str, int]], voices: int, labels: list[str]
) -> Iterable[Finding]:
    """Names that two or more voices agree on and the target has nowhere (``drops``: each voice's
    (text, key, voice number), from :func:`_dropped_part`)."""
    groups = _clusters([(key, number) for _, key, number in drops])
    for group in groups:
        having = sorted({drops[i][2] for i in group})
        if len(having) < 2:
            continue
        name = _most_common([drops[i][0] for i in group])
        who = ", ".join(_label(labels, v) for v in having)
        yield TriangulationCheck.kinds[0].finding(
            doc_id,
            seg_id,
            expected=name,
            found=None,
            target_span=None,
            suggestion=name,
            confidence=dropped_confidence(len(having), voices - len(having)),
            message=f"'{name}' is in {len(having)} of {voices} other translations ({who}) but nowhere in this one: "
            "was the name dropped?",
            extra={"evidence": [f"{_label(labels, drops[i][2])} has '{drops[i][0]}'" for i in group]},
        )


def _trimmed(words: list[Word], dispensable: Callable[[Word], bool]) -> list[Word]:
    """``words`` less the dispensable ones at either end."""
    first, last = 0, len(words)
    while first < last and dispensable(words[first]):
        first += 1
    while last > first and dispensable(words[last - 1]):
        last -= 1
    return words[first:last]


def _title_word(word: str) -> bool:
    """An ordinary English word that is no pinyin: a title before a name ("Reporters"), not a surname."""
    return pinyin_split(word) is None and zipf(_POSSESSIVE.sub("", word)) >= ORDINARY_ZIPF


def _glossary_spans(occurrences: list[Occurrence]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Target spans the glossary already judged (any status): the terms check owns those."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for o in occurrences:
        if o.span is not None:
            spans.setdefault((o.doc_id, o.seg_id), []).append((o.span.start, o.span.end))
    return spans
