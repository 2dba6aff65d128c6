"""Locate what an MT system wrote instead of a glossary name.

Candidates are the name-like word groups of the target (capitalised, or rare in English) that no
entry has claimed. Each is compared with an entry's *keys* — its English renderings and their
last words, its known wrong forms, and the pinyin and Wade–Giles readings of the source term —
by edit similarity (rapidfuzz) and Jaro–Winkler (jellyfish). With a source term in hand
(:meth:`Locator.locate`) the best candidate near the term's position wins; with only the English
side (:meth:`Locator.scan`) a candidate must be foreign to English and close to one entry.

Speed: a target's candidates are found once for all its hits and what they need of a word once per
word; an ordinary English word is compared with a name's keys only where edit similarity can
reach EXACT; a target-only scan compares a candidate only with keys that share enough letters with
it to pass the lowest threshold it could face, and remembers the best key per candidate text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np
import regex
from jellyfish import jaro_winkler_similarity
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from mtaudit.cachedir import remembered
from mtaudit.english import zipf
from mtaudit.glossary import pinyin_data
from mtaudit.glossary.matcher import SourceHit, Span, SpanCover, trim_correct_words
from mtaudit.glossary.model import NAME_TYPES, Entry, Glossary
from mtaudit.glossary.romanize import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    SURNAME_ROMANISATIONS,
    is_pinyin_name,
    pinyin_syllables,
    wade_giles_syllables,
)

_WORD = regex.compile(r"\p{L}[\p{L}\p{N}'’]*(?:-[\p{L}\p{N}]+)*")
#: The same words in ASCII text, where the stdlib ``re`` finds them faster.
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*(?:-[A-Za-z0-9]+)*")
_NOT_LETTER = regex.compile(r"[^\p{L}]+")
#: Words at least this frequent in English (wordfreq Zipf scale) are ordinary words, not garbles.
COMMON_ZIPF = 3.5
MAX_WORDS = 3
#: Similarity at which even ordinary English words are taken as a romanisation ("Pai Teng").
EXACT = 0.92
#: Minimum similarity with a source term in hand, and for target-only scans.
LOCATE_MIN = 0.55
#: A located candidate less close than this to every key is an unrelated word: the term is missing.
PLAUSIBLE = 0.6
#: Confidence bounds of a target-only suggestion: without the source, a near miss of a glossary name
#: is never certain; a lower-case or pinyin-shaped word is less sure than a rare capitalised one.
SCAN_CONFIDENCE_MAX = 0.85
#: A target-only candidate this close to an entry is reported by default (confidence 0.5).
SCAN_SURE = 0.88
SCAN_MIN = 0.75
SCAN_KNOWN = 0.9
#: Words below this Zipf frequency are unknown to English (garbles); above it, rare but real.
KNOWN_ZIPF = 1.0
MIN_KEY = 4
#: Taken off Jaro–Winkler, which rates any shared beginning highly.
JW_MARGIN = 0.12
#: Less than any two similarities of names differ: bounds and cutoffs lowered by it never drop a key
#: to floating-point rounding.
_SLACK = 1e-6


def letters(text: str) -> str:
    return _NOT_LETTER.sub("", text).lower()


def _possessive_free(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def place_in(start: int, end: int, text: str) -> float:
    """Where a span's middle stands in ``text``, from 0 to 1: how a source term's place and a target
    word's are compared."""
    return (start + end) / 2 / max(len(text), 1)


@dataclass(frozen=True)
class Key:
    text: str
    #: "rendering" (an accepted form), "surname" (of a foreign person's full name: a candidate equal
    #: to it is a correct short reference), "wrong" (a forbidden form) or "romanisation" (of the source).
    origin: str


def _romanisations(source: str, person: bool) -> set[str]:
    return {"".join(pinyin_syllables(source, person)), "".join(wade_giles_syllables(source))}


def is_chinese_name(entry: Entry) -> bool:
    """A person whose canonical rendering is a romanisation of the source (何立峰 → He Lifeng)."""
    return entry.type == "person" and any(letters(entry.target) in _romanisations(s, True) for s in entry.sources)


@lru_cache(maxsize=100_000)
def is_transliteration(entry: Entry) -> bool:
    """Persons, and places or organisations whose English is close to the pinyin (深圳 → Shenzhen);
    not translated names (国防部 → Defense Ministry), whose pinyin no MT system writes."""
    if entry.type == "person":
        return True
    target = letters(entry.target)
    return any(Indel.normalized_similarity(target, r) >= 0.5 for s in entry.sources for r in _romanisations(s, False))


@lru_cache(maxsize=100_000)
def entry_keys(entry: Entry, term: str | None = None) -> tuple[Key, ...]:
    """Letter-only keys that a misrendering of ``entry`` tends to resemble: its renderings (and the
    surname of a foreign person's full name), its known wrong forms, and the pinyin and Wade–Giles
    of the source."""
    keys: dict[str, str] = {}
    for form in entry.accepted:
        keys[letters(form)] = "rendering"  # not matched as written: spaced or cased wrongly
        words = form.split()
        if entry.type == "person" and len(words) > 1 and not is_chinese_name(entry):
            keys.setdefault(letters(words[-1]), "surname")
    for form in entry.forbidden:
        keys.setdefault(letters(form), "wrong")
    for source in (term,) if term else entry.sources:
        for key in _romanisations(source, entry.type == "person"):
            keys.setdefault(key, "romanisation")
    return tuple(Key(k, origin) for k, origin in keys.items() if len(k) >= MIN_KEY)


def similarity(a: str, b: str) -> float:
    """Closeness of two letter strings with a source term in hand: edit similarity, or Jaro–Winkler
    (which favours a shared beginning, as garbled names keep) less a margin."""
    return max(Indel.normalized_similarity(a, b), jaro_winkler_similarity(a, b) - JW_MARGIN)


def _closeness(text: str, keys: list[str]) -> float:
    """The best :func:`similarity` of ``text`` to ``keys``: the best edit similarity (one rapidfuzz
    call for all keys) or the best Jaro–Winkler less the margin."""
    edit = process.extractOne(text, keys, scorer=Indel.normalized_similarity)[1]
    return max(edit, max(jaro_winkler_similarity(text, key) for key in keys) - JW_MARGIN)


def _near_exact_closeness(text: str, keys: list[str]) -> float:
    """The best :func:`similarity` of ``text`` to ``keys`` where it reaches EXACT (else less than
    EXACT): Jaro–Winkler less JW_MARGIN is at most 0.88, so only edit similarity can reach EXACT,
    and only with a key of nearly the same length (it is at most 2·min(a, b) / (a + b))."""
    size = len(text)
    return max(
        (
            Indel.normalized_similarity(text, key)
            for key in keys
            if 2 * min(size, len(key)) >= (EXACT - _SLACK) * (size + len(key))
        ),
        default=0.0,
    )


def scan_similarity(a: str, b: str) -> float:
    """Similarity for target-only scans: plain edit similarity, since prefix-weighted measures
    pair unrelated names that share a beginning (Vientiane, Vienna)."""
    return Indel.normalized_similarity(a, b)


def scan_threshold(cand: Candidate, entry: Entry, origin: str) -> float:
    """How close a candidate must be to a key in a target-only scan. Words English uses often are
    taken only as a near-exact romanisation ("Bei Jing"); words English knows at all, mostly other
    people's names and places (Kuching, Gutierrez), must be very close; unknown words — what
    garbles are (Bayeng, Negman) — need less; and pinyin of a translated name
    (国防部 → "Defense Ministry") is rare enough in MT output to ask for a near-exact match."""
    if not cand.foreign or (origin == "romanisation" and not is_transliteration(entry)):
        return EXACT
    return SCAN_KNOWN if cand.known else SCAN_MIN


@lru_cache(maxsize=100_000)
def _short_foreign(entry: Entry) -> bool:
    """A foreign person written in two characters (塞西 Sisi): a word that is their pinyin ("Saixi")
    is as likely a Chinese name or brand (赛西) that the English alone cannot tell apart; a garble
    of it ("Yeluns" for 耶伦) is not, nor are the glossary's own wrong forms (Baideng for 拜登)."""
    return entry.type == "person" and not is_chinese_name(entry) and all(len(s) <= 2 for s in entry.sources)


_WORD_BEFORE = regex.compile(r"([A-Z][a-z]+) $")
#: A letter of another script than Latin (Hermès is Latin; a name glued to 习近平 is not).
_OTHER_SCRIPT = regex.compile(r"[\p{L}--\p{Latin}]", regex.V1)


def _after_a_surname(cand: Candidate, target: str) -> bool:
    """The word is a given name: a Chinese surname stands just before it ("Gong Baiwei", not
    百威's pinyin)."""
    before = _WORD_BEFORE.search(target, max(0, cand.start - 20), cand.start)
    return before is not None and before.group(1).lower() in _surname_words()


#: Words after a name that make it a place or an organisation, and words before it that make it a
#: person: a candidate in such a context is not an entry of the other kind ("Huancheng South Road" is
#: not Han Zheng; "Professor Haodong" is not Shandong).
PLACE_WORDS = frozenset(
    {
        "road",
        "street",
        "avenue",
        "lane",
        "province",
        "city",
        "county",
        "district",
        "town",
        "township",
        "village",
        "lake",
        "river",
        "mountain",
        "mountains",
        "island",
        "islands",
        "bay",
        "port",
        "airport",
        "station",
        "park",
        "university",
        "college",
        "school",
        "institute",
        "hospital",
        "company",
        "group",
        "bank",
        "restaurant",
        "hotel",
        "museum",
        "press",
        "publishing",
        "online",
        "net",
        "daily",
        "news",
        "square",
        "bridge",
        "temple",
    }
)
PERSON_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "professor",
        "prof",
        "president",
        "premier",
        "minister",
        "secretary",
        "chairman",
        "chairwoman",
        "chair",
        "governor",
        "mayor",
        "senator",
        "ambassador",
        "general",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "reporter",
        "correspondent",
        "editor",
        "author",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "comrade",
        "commissioner",
        "envoy",
        "leader",
        "ceo",
        "founder",
        "actor",
        "actress",
        "singer",
        "coach",
        "player",
        "teacher",
        "doctor",
        "academician",
        "sir",
        "lady",
        "lord",
    }
)
_BEFORE = regex.compile(r"([\p{L}]+)\.?[\s\u00a0]*$")
_AFTER = regex.compile(r"^['’]?s?[\s\u00a0]+([\p{L}]+)")


class NameContext(NamedTuple):
    title: str | None  # the person title just before the candidate, lower-case
    role_agrees: bool  # that title stands in the entry's note or renderings
    described: bool  # the entry's note says who or what it is


def _name_context(target: str, cand: Candidate, entry: Entry) -> NameContext | None:
    """The words around a target-only candidate, or None when they say it is a name of another kind
    than ``entry`` (a person title before a place, a place word after a person)."""
    before = _BEFORE.search(target[max(0, cand.start - 30) : cand.start])
    after = _AFTER.match(target[cand.end : cand.end + 30])
    title = before.group(1).lower() if before and before.group(1).lower() in PERSON_TITLES else None
    word_after = after.group(1).lower() if after else ""
    if word_after in ("south", "north", "east", "west", "middle", "central"):  # Huancheng South Road
        beyond = _AFTER.match(target[cand.end + after.end() : cand.end + after.end() + 30])
        word_after = beyond.group(1).lower() if beyond else word_after
    if (
        (entry.type == "person" and word_after in PLACE_WORDS)
        or (entry.type in ("place", "org") and title)
        or (entry.type == "place" and word_after in ORG_WORDS)
    ):
        return None
    described = " ".join((entry.note, *entry.accepted)).lower()
    return NameContext(title, bool(title and title in described), bool(entry.note))


def _another_name(cand: Candidate, entry: Entry, origin: str, score: float) -> bool:
    """A candidate written in pinyin is another Chinese name, not a garble, when the entry's English
    is itself the pinyin of its Chinese and they differ by more than one letter ("Deng Xiaonan" is
    not Deng Xiaoping, "Haodong" not Shandong; "Zhu Fenglin" may be Zhu Fenglian misspelt); and it
    renders some other Chinese word unless it nearly spells the pinyin of the entry's source
    ("Xiaobian", the editor, is not 小布什)."""
    if not is_pinyin_name(cand.text) or (origin == "romanisation" and score >= OWN_PINYIN):
        return False  # not pinyin, or the pinyin of the entry's own Chinese ("Jiang Jingguo")
    if _romanised(entry):
        return Levenshtein.distance(cand.key, letters(entry.target)) > 1
    return score < OWN_PINYIN  # pinyin near a foreign name is some Chinese word, unless it spells that name's pinyin


@lru_cache(maxsize=100_000)
def _romanised(entry: Entry) -> bool:
    """The entry's English is a romanisation of its Chinese (Deng Xiaoping, Shandong; not Canada)."""
    target = letters(entry.target)
    return any(target in _romanisations(source, entry.type == "person") for source in entry.sources)


def scan_confidence(cand: Candidate, score: float, context: NameContext) -> tuple[float, tuple[str, ...]]:
    """How sure a target-only suggestion is: from how close the candidate is to the entry — on real
    MT output a near miss below SCAN_SURE is mostly another word or name (Longan is not Longnan), so
    it is reported only when asked for; a near-exact one is likely — more when the title before it
    fits the entry ("Treasury Secretary Yelin"), less when it does not."""
    confidence = 0.5 + (score - SCAN_SURE) * 2.5
    evidence = [f"close to the entry ({score:.2f})"]
    if context.role_agrees:
        confidence += 0.1
        evidence.append(f"'{context.title}' fits the entry")
    elif context.title and context.described:
        confidence -= 0.1
        evidence.append(f"'{context.title}' does not fit the entry")
    if cand.known:
        confidence -= 0.2  # a real (if rare) English word or name: Longan (the fruit) is not Longnan
    elif not is_pinyin_name(cand.text):
        confidence += 0.05  # a word English does not know, and no pinyin: what garbles are (Raimonda)
    return min(SCAN_CONFIDENCE_MAX, confidence), tuple(evidence)


#: A target-only candidate this close to the pinyin of the entry's own Chinese is that pinyin.
OWN_PINYIN = 0.97
#: A pinyin candidate one letter from an entry written in pinyin may be another Chinese name
#: ("Li Jian" is not always Lin Jian): reported only when asked for (below the default).
ANOTHER_NAME = 0.45
#: Endings that make a word of a name, not a garble of it (Xinhuanet, Beijinger, Taiwanese).
DERIVED_ENDINGS = ("net", "ese", "ian", "an", "er", "ers")
#: Words after a place's name that make it a publication or business (Xinjing News is not Xinjiang).
ORG_WORDS = frozenset(
    {
        "news",
        "daily",
        "press",
        "online",
        "net",
        "times",
        "group",
        "company",
        "bank",
        "restaurant",
        "hotel",
        "store",
        "shop",
        "brand",
        "media",
        "network",
        "weekly",
        "post",
        "journal",
    }
)


def _name_groups(every: list[Candidate]) -> list[Candidate]:
    """The longest runs of adjacent name-like words (candidates no other contains), in order of
    their start: swept once by start, longest first, so that thousands of candidates (a hostile
    segment) cost no more than sorting them."""
    spans = Counter((c.start, c.end) for c in every)
    groups, reach = [], -1  # the furthest end of a candidate that starts no later
    for cand in sorted(every, key=lambda c: (c.start, -c.end)):
        if cand.end > reach and spans[(cand.start, cand.end)] == 1:
            groups.append(cand)
        reach = max(reach, cand.end)
    return groups


class _NameGroups:
    """The groups that are all names (:func:`_all_names`), to ask whether a candidate lies inside one.
    Groups contain one another nowhere, so by start they are in order of their end too: the last
    one starting no later than a candidate is the only one that may contain it."""

    def __init__(self, groups: list[Candidate]) -> None:
        named = [g for g in groups if _all_names(g)]
        self._starts = [g.start for g in named]
        self._groups = named

    def contain(self, cand: Candidate) -> bool:
        """Part of a longer name ("Qizhang" of Li Qizhang, "Triet" of Pham Minh Triet): judged as a whole."""
        at = bisect_right(self._starts, cand.start) - 1
        if at < 0:
            return False
        group = self._groups[at]
        return cand.end <= group.end and (group.start, group.end) != (cand.start, cand.end)


def _all_names(cand: Candidate) -> bool:
    """Every word is one English does not use often: a multi-word name (Li Xiaoliang), not a title
    and a name (President Bayeng)."""
    return all(zipf(w) < 4.0 or w.lower() in _surname_words() for w in cand.text.replace("-", " ").split())


@lru_cache(maxsize=1)
def _surname_words() -> frozenset[str]:
    """Chinese surnames as English writes them (Li, Wang, Chan), common words to wordfreq (worked
    out once, then kept in the cache directory)."""
    return remembered("surname-words", _find_surname_words, pinyin_data.identity())


def _find_surname_words() -> frozenset[str]:
    return frozenset(
        {"".join(pinyin_syllables(s, True)) for s in SINGLE_SURNAMES | COMPOUND_SURNAMES}
        | set(SURNAME_ROMANISATIONS.values())
    )


def _all_common(cand: Candidate) -> bool:
    """Words English uses often ("The University"): no garble of a name."""
    return all(zipf(w) >= 4.0 for w in cand.text.replace("-", " ").split())


def _derived_from(cand: Candidate, entry: Entry) -> bool:
    """A word made from one of the entry's names (Xinhuanet from Xinhua), or the first word of a
    longer one standing for it (Saudi for Saudi Arabia)."""
    for form in entry.accepted:
        key = letters(form)
        if cand.key.startswith(key) and cand.key[len(key) :] in DERIVED_ENDINGS:
            return True
        words = form.split()
        if len(words) > 1 and cand.key == letters(words[0]) and entry.type != "person":
            return True
    return False


def _lowest_threshold(cand: Candidate) -> float:
    """The lowest :func:`scan_threshold` ``cand`` can face, whatever key it is closest to."""
    if not cand.foreign:
        return EXACT
    return SCAN_KNOWN if cand.known else SCAN_MIN


class Candidate(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    foreign: bool  # every word of it is rare in English
    known: bool  # every word of it is a real (if rare) English word or name

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


def candidates(target: str, taken: list[Span]) -> list[Candidate]:
    """Groups of up to MAX_WORDS adjacent name-like words that overlap nothing in ``taken`` (a group
    that extends one overlapping ``taken`` overlaps it too)."""
    every = _target_candidates(target)
    if not taken:
        return list(every)
    cover = SpanCover(taken)  # thousands of spans in a hostile segment
    return [c for c in every if not cover.overlaps(c.span)]


@lru_cache(maxsize=4)
def _target_candidates(target: str) -> tuple[Candidate, ...]:
    """Every candidate of ``target``, found once for all the hits of its segment (asked for one
    after another: a larger cache only keeps objects alive into the garbage collector's oldest
    generation, and so brings on more full collections)."""
    words, end = [], 0  # (start, end, *_word_facts) of each name-like word
    for word in (_ASCII_WORD if target.isascii() else _WORD).findall(target):
        start = target.find(word, end)  # only non-letters lie between two words
        end = start + len(word)
        if facts := _word_facts(word):
            words.append((start, end, *facts))
    found = []
    for i, (start, _, _, first_zipf, _, _, _) in enumerate(words):
        highest = lowest = first_zipf
        for j in range(i, min(i + MAX_WORDS, len(words))):
            _, end, possessive, zipf_, _, bare_letters, key = words[j]
            if j > i:
                if target[words[j - 1][1] : words[j][0]] not in (" ", "\u00a0"):
                    break
                # the letters of the words before, as written, and of this one without its possessive
                key = ("".join(words[k][4] for k in range(i, j)) + bare_letters).lower()
                highest, lowest = max(highest, zipf_), min(lowest, zipf_)
            text = target[start : end - possessive]
            found.append(Candidate(start, start + len(text), text, key, highest < COMMON_ZIPF, lowest >= KNOWN_ZIPF))
    return tuple(found)


@lru_cache(maxsize=200_000)
def _word_facts(word: str) -> tuple[int, float, str, str, str] | None:
    """What candidates need of a name-like word, worked out once per word (None for other words):
    the length of its possessive ending; the Zipf frequency of the rest, hyphens dropped; its
    letters as written; those without the possessive; and these lower-cased, the :func:`letters`
    of the word as a candidate alone. A plain tuple of atoms, which the garbage collector stops
    tracking (a named tuple it would scan in every full collection)."""
    if not _name_like(word):
        return None
    bare = _possessive_free(word)
    bare_letters = _NOT_LETTER.sub("", bare)
    return (
        len(word) - len(bare),
        zipf(bare.replace("-", "")),
        _NOT_LETTER.sub("", word),
        bare_letters,
        bare_letters.lower(),
    )


def _name_like(word: str) -> bool:
    """Capitalised words, and lower-case words that English does not know."""
    if word[0].isupper():
        return True
    return zipf(_possessive_free(word)) < 1.0 and len(word) > 3


class Locator:
    """Finds misrenderings of glossary entries in English text."""

    def __init__(self, glossary: Glossary, locate_min: float = LOCATE_MIN):
        self.glossary = glossary
        self.locate_min = locate_min
        self._best_key = lru_cache(maxsize=100_000)(self._find_best_key)

    def locate(self, entry: Entry, hit: SourceHit, source: str, target: str, taken: list[Span]) -> Span | None:
        """The target span that most plausibly renders ``hit``, or None when nothing is plausible."""
        located = self.locate_scored(entry, hit, source, target, taken)
        return located[0] if located else None

    def locate_scored(
        self, entry: Entry, hit: SourceHit, source: str, target: str, taken: list[Span]
    ) -> tuple[Span, float] | None:
        """The most plausible rendering of ``hit`` and how sure it is one (its closeness to the
        term's keys, less its distance from the term's place), or None: nothing is close enough,
        or the best candidate is an unrelated word (closeness below PLAUSIBLE)."""
        keys = [key.text for key in entry_keys(entry, hit.text)]
        if not keys:
            return None
        position = place_in(hit.start, hit.end, source)
        name = entry.type in NAME_TYPES
        best, best_score, best_closeness, best_distance = None, self.locate_min, 0.0, 0.0
        for cand in candidates(target, taken):
            if cand.foreign or not name:
                closeness = _closeness(cand.key, keys)
            elif (closeness := _near_exact_closeness(cand.key, keys)) < EXACT:
                continue  # an ordinary English word stands for a name only when nearly exact
            distance = abs(place_in(cand.start, cand.end, target) - position)
            score = closeness + (0.1 if cand.foreign else 0.0) - 0.2 * distance
            if score > best_score:
                best, best_score, best_closeness, best_distance = cand, score, closeness, distance
        if best is None or best_closeness < PLAUSIBLE:
            return None
        return trim_correct_words(best.span, entry), best_closeness - 0.2 * best_distance

    def name_near(self, hit: SourceHit, source: str, target: str, taken: list[Span], within: float = 0.3) -> bool:
        """Does some name-like word foreign to English stand at about the hit's place in the target?"""
        position = place_in(hit.start, hit.end, source)
        return any(
            c.foreign and abs(place_in(c.start, c.end, target) - position) <= within for c in candidates(target, taken)
        )

    @cached_property
    def _key_index(self) -> tuple[list[str], list[tuple[Entry, str]]]:
        """Every key of every entry, for the target-only scan; a key shared by entries goes to the first."""
        index: dict[str, tuple[Entry, str]] = {}
        for entry in self.glossary:
            for key in entry_keys(entry):
                index.setdefault(key.text, (entry, key.origin))
        return list(index), list(index.values())

    def scan(self, target: str, taken: list[Span]) -> list[tuple[Entry, Span, float, tuple[str, ...]]]:
        """Target-only: foreign words that are near misses of one glossary entry, with how sure each
        is one (see :func:`scan_confidence`) and why."""
        owners = self._key_index[1]
        found: list[tuple[Entry, Span, float, tuple[str, ...]]] = []
        every = candidates(target, taken)
        groups = _NameGroups(_name_groups(every))
        reported = SpanCover()
        for cand in every:
            if len(cand.key) < MIN_KEY or reported.overlaps(cand.span):
                continue
            if groups.contain(cand) or _all_common(cand) or _OTHER_SCRIPT.search(cand.text):
                continue  # part of a longer name; ordinary words; a name glued to other script
            best = self._best_key(cand.key, _lowest_threshold(cand))
            if best is None:
                continue
            score, index = best
            entry, origin = owners[index]
            if score == 1.0 and origin == "surname":
                continue  # a correct short reference ("Huang" for Jensen Huang)
            if origin == "romanisation" and is_pinyin_name(cand.text) and _short_foreign(entry):
                continue  # another Chinese name's pinyin as likely (see _short_foreign)
            if origin == "romanisation" and _after_a_surname(cand, target):
                continue  # a Chinese person's given name
            if (
                score < scan_threshold(cand, entry, origin)
                or _another_name(cand, entry, origin, score)
                or _derived_from(cand, entry)
            ):
                continue
            context = _name_context(target, cand, entry)
            if context is None:
                continue
            confidence, evidence = scan_confidence(cand, score, context)
            if is_pinyin_name(cand.text) and _romanised(entry):
                confidence, evidence = min(confidence, ANOTHER_NAME), (*evidence, "may be another Chinese name")
            span = trim_correct_words(cand.span, entry)
            reported.add(span)
            found.append((entry, span, confidence, evidence))
        return found

    def _find_best_key(self, text: str, cutoff: float) -> tuple[float, int] | None:
        """The similarity and index position of the key closest to ``text``, if one reaches
        ``cutoff``: of the five best (ties in index order), the last of the closest. Keys below the
        lowest threshold a candidate can face could never be accepted, so none is compared: edit
        similarity is 2·LCS / (a + b), and the letters two strings share bound their LCS."""
        keys = self._key_index[0]
        counts, lengths = self._letter_counts
        shared = np.zeros(len(keys), np.int16)
        for letter, count in Counter(text).items():
            if letter in counts:
                shared += np.minimum(counts[letter], count)
        near = np.flatnonzero(2 * shared >= (cutoff - _SLACK) * (lengths + len(text))).tolist()
        pool = [keys[i] for i in near]
        shortlist = process.extract(text, pool, scorer=fuzz.ratio, limit=5, score_cutoff=100 * cutoff - _SLACK)
        if not shortlist:
            return None
        return max((scan_similarity(text, pool[i]), near[i]) for _, _, i in shortlist)

    @cached_property
    def _letter_counts(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """How often each letter occurs in each key, by letter; and the keys' lengths."""
        keys = self._key_index[0]
        counts = {letter: np.zeros(len(keys), np.int16) for letter in sorted({ch for key in keys for ch in key})}
        for i, key in enumerate(keys):
            for letter, count in Counter(key).items():
                counts[letter][i] = count
        return counts, np.array([len(key) for key in keys])
