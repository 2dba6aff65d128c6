"""Find glossary entries in Chinese sources and their renderings in English targets.

Source side: one Aho–Corasick automaton (``ahocorasick_rs``, leftmost-longest) over the
normalised source forms of every entry, so thousands of entries cost one pass per segment and
the longer entry wins (池瑶公主 over 池瑶). Target side: one compiled pattern per entry, built on
first use, matching whole words with possessive and plural endings (a CJK character next to an
English word is no letter of it: see :func:`masked_cjk`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache
from typing import NamedTuple

import ahocorasick_rs
import regex

from mtaudit.glossary.boundaries import BoundaryGuard
from mtaudit.glossary.model import NAME_TYPES, Entry, Glossary
from mtaudit.glossary.normalize import ascii_lower, normalize_zh
from mtaudit.glossary.romanize import pinyin_syllables


class SourceHit(NamedTuple):
    """A glossary term in a source (named tuples: built for every hit, several times cheaper than
    frozen dataclasses)."""

    entry: Entry
    start: int
    end: int
    text: str


class Span(NamedTuple):
    start: int
    end: int
    text: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class SpanCover:
    """The ground some spans cover, as sorted intervals that do not overlap (overlapping spans are
    merged), so that whether a span overlaps any of them is a binary search and one comparison: a
    scan of a list makes a segment with thousands of hits (a hostile one) quadratic."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted((span.start, span.end) for span in spans):
            if self._starts and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, span: Span) -> bool:
        """As :meth:`Span.overlaps` with any of the spans (the last interval starting before
        ``span`` ends reaches furthest of those)."""
        last = bisect_left(self._starts, span.end) - 1
        return last >= 0 and self._ends[last] > span.start

    def add(self, span: Span) -> None:
        """Cover a span that overlaps none of those covered."""
        at = bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._ends.insert(at, span.end)


#: Sources whose hits are remembered (the checks of one chunk of the table ask for the same ones).
RECENT_SOURCES = 50_000

#: What a CJK letter (U+2E80–U+9FFF: ideographs, kana, hangul jamo…) of a target becomes for the
#: rendering patterns (:func:`masked_cjk`): a noncharacter, so not a word character.
CJK_MASK = "\ufdd0"
_CJK_FIRST, _CJK_END = 0x2E80, 0xA000


def _is_cjk_letter(char: str) -> bool:
    return _CJK_FIRST <= ord(char) < _CJK_END and char.isalnum()


@lru_cache(maxsize=1)
def _cjk_letters() -> dict[int, str]:
    """The translation table of :func:`masked_cjk`, made at its first non-ASCII target (10 ms and
    2 MiB that an audit of English targets never pays)."""
    return {code: CJK_MASK for code in range(_CJK_FIRST, _CJK_END) if _is_cjk_letter(chr(code))}


@lru_cache(maxsize=256)
def masked_cjk(text: str) -> str:
    """``text`` with each CJK letter as CJK_MASK, for the rendering patterns: a Chinese character
    glued to an English word ("丨Beijing") is no letter of it. Every entry has patterns of its own,
    and a class of the 28,000 CJK characters in each costs the stdlib ``re`` 4 ms to build (15 ms
    ignoring case), most of the checks' time on a large glossary; on the masked text the plain
    word boundary ``[^\\W_]`` says the same (``tests/glossary/test_matcher_mask.py`` compares the
    two over every code point), and where the patterns accept a letter they accept the mask. A
    target that holds the mask character itself, and forms with CJK letters, are matched unmasked."""
    return text if text.isascii() else text.translate(_cjk_letters())


def _needs_unmasked(text: str) -> bool:
    """Whether ``text`` holds a character that masking changes, or the mask itself."""
    return not text.isascii() and any(_is_cjk_letter(c) or c == CJK_MASK for c in text)


#: Whole-word boundaries for the stdlib ``re`` (compiles far faster than ``regex``, and every
#: entry gets its own pattern): ``[^\W_]`` is a Unicode letter or digit. Unmasked text: a Chinese
#: character glued to an English word ("丨Beijing") is no letter of it; masked text (masked_cjk):
#: it is a non-word character already.
_WORD_BEFORE = {False: r"(?<![^\W_\u2e80-\u9fff])", True: r"(?<![^\W_])"}
#: A possessive or plural ending.
_ENDING = r"(?:'s|’s|s'|s’|s|es)?"
_WORD_AFTER = {False: _ENDING + r"(?![^\W_\u2e80-\u9fff])", True: _ENDING + r"(?![^\W_])"}
#: For names matched in their case, a capital letter after one is a word glued to it ("South China
#: SeaStrategic"), not its continuation (under IGNORECASE the class would let every letter through).
_NAME_AFTER = {False: _ENDING + r"(?![^\W_A-Z\u2e80-\u9fff])", True: _ENDING + r"(?![^\W_A-Z])"}


def rendering_pattern(
    forms: tuple[str, ...],
    case_sensitive: bool,
    syllables: tuple[str, ...] = (),
    masked: bool = False,
    coordinated: bool = True,
) -> re.Pattern[str]:
    """One pattern for a set of English forms: whole words, flexible spacing, 's and plural, case
    as written (or ALL CAPS, or a capitalised first letter) when ``case_sensitive``; with
    ``syllables`` (pinyin of the source), those syllables may also be hyphenated or spaced;
    ``masked``: for text that went through :func:`masked_cjk`; ``coordinated``: another first word
    may stand after the first (:data:`_COORDINATED`; without it, the pattern compiles in half the time
    and matches the same where :func:`coordinated_words` holds no first word of a form)."""
    return re.compile(*_rendering_source(forms, case_sensitive, syllables, masked, coordinated))


def _rendering_source(
    forms: tuple[str, ...],
    case_sensitive: bool,
    syllables: tuple[str, ...] = (),
    masked: bool = False,
    coordinated: bool = True,
) -> tuple[str, int]:
    """The text and flags of :func:`rendering_pattern` (a pattern joined to another is compiled once)."""
    forms = tuple(f for f in forms if f.strip())
    if case_sensitive:  # ALL-CAPS headlines, and "Von der Leyen" at the start of a sentence
        forms += tuple(f.upper() for f in forms) + tuple(f[0].upper() + f[1:] for f in forms if f[0].islower())
    alternatives = sorted({_form_regex(f, syllables, masked, coordinated) for f in forms}, key=len, reverse=True)
    flags = 0 if case_sensitive else re.IGNORECASE
    after = (_NAME_AFTER if case_sensitive else _WORD_AFTER)[masked]
    if case_sensitive and masked:
        return "(?:" + "|".join(map(_bounded_after_first, alternatives)) + ")" + after, flags
    return _WORD_BEFORE[masked] + "(?:" + "|".join(alternatives) + ")" + after, flags


#: :data:`_WORD_BEFORE` (masked text) checked one character later: no letter before the character
#: just matched. At the start of the text there is no room for its two characters, as there is
#: none for the one of ``_WORD_BEFORE``, so both hold there.
_WORD_BEFORE_LAST = r"(?<![^\W_][\s\S])"


def _bounded_after_first(alternative: str) -> str:
    """A case-sensitive alternative (:func:`_form_regex`: it opens with a literal character, escaped
    or not) with the word boundary after that character instead of before the whole pattern: the
    pattern then opens with a choice of literal characters, which ``re`` scans a target for in C
    before trying a match (the same matches, a search 20 times faster on a target without them)."""
    first = 2 if alternative.startswith("\\") else 1
    return alternative[:first] + _WORD_BEFORE_LAST + alternative[first:]


#: Between the first word of a name and the rest, another first word coordinated with it: "South and
#: East China Seas" renders "South China Sea", "North and South Korea" renders "North Korea" (on
#: masked text a CJK letter there is the mask). Like :data:`_ENDING`, written without a character
#: class that holds a non-ASCII character (['’], [\w’]): the stdlib ``re`` builds a table of 64k
#: entries for each such class at every compile, a third of what compiling an entry's pattern cost
#: (``\s`` holds U+00A0 already; ``tests/glossary/test_matcher_mask.py`` checks these forms match
#: what the classes match, beside every code point).
_COORDINATED = {
    False: r"(?:\s+(?:and|or|&)\s+[^\W\d_][\w'-]*(?:’[\w'-]*)*)?",
    True: r"(?:\s+(?:and|or|&)\s+(?:[^\W\d_]|\ufdd0)[\w'-]*(?:’[\w'-]*|\ufdd0[\w'-]*)*)?",
}


def _form_regex(form: str, syllables: tuple[str, ...] = (), masked: bool = False, coordinated: bool = True) -> str:
    parts = [_word_regex(word, syllables) for word in form.split()]
    if len(parts) > 1:
        return parts[0] + (_COORDINATED[masked] if coordinated else "") + r"\s+" + r"\s+".join(parts[1:])
    return parts[0]


#: The words :data:`_COORDINATED` opens with, in lower case.
_COORDINATORS = frozenset({"and", "or", "&"})


@lru_cache(maxsize=256)
def coordinated_words(target: str) -> tuple[str, ...]:
    """The words of ``target``, in lower case, that a coordinator and another word follow ("south" in
    "South and East China Seas"). :data:`_COORDINATED` matches only after a form's first word that
    ends one of them: it opens with whitespace, a coordinator and whitespace, and ``str.split``
    splits where ``\\s`` matches (``tests/glossary/test_matcher_lazy.py`` compares the two over every
    code point). Most targets hold no coordinator: where ``target`` is printable, its only whitespace
    is the space (so a coordinator stands between spaces), and ``str.split`` is left out."""
    lowered = target.lower()
    if target.isprintable() and " and " not in lowered and " or " not in lowered and " & " not in lowered:
        return ()
    words = target.split()
    return tuple(words[i].lower() for i in range(len(words) - 2) if words[i + 1].lower() in _COORDINATORS)


def first_word_ends(forms: tuple[str, ...], syllables: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """How the first word of each form of two or more words ends, in lower case (its last piece,
    :func:`form_pieces`), which a word before a coordinator must end with for :data:`_COORDINATED`
    to match; None when a form is not ASCII (its other cases may spell it otherwise)."""
    if not all(form.isascii() for form in forms):
        return None
    return tuple(
        sorted({_word_pieces(form.split()[0], syllables)[-1].lower() for form in forms if len(form.split()) > 1})
    )


class Renderings:
    """An entry's rendering pattern, run on the masked target (:func:`masked_cjk`) — or, for forms
    with CJK letters and targets holding the mask, unmasked — compiled when first needed: an
    ASCII target that lacks a literal piece of every form (:func:`form_pieces`) holds no match,
    and the pattern is not compiled for it (compiling is most of what an entry costs: the
    accepted rendering in another case is looked for wherever a name is not rendered, and is
    rarely there). Where no coordinator follows a form's first word (:func:`coordinated_words`),
    the pattern without :data:`_COORDINATED` runs: it finds the same spans and compiles in half the
    time, and most entries need no other."""

    def __init__(
        self, build: Callable[[bool, bool], re.Pattern[str]], forms: tuple[str, ...], syllables: tuple[str, ...] = ()
    ) -> None:
        self._build = build
        forms = tuple(form for form in forms if form.strip())
        self._maskable = not any(_needs_unmasked(form) for form in forms)
        #: The compiled patterns by whether they are for masked text: with the coordinated word (they
        #: find every span) and without it (for targets where it matches nothing).
        self._coordinated: dict[bool, re.Pattern[str]] = {}
        self._uncoordinated: dict[bool, re.Pattern[str]] = {}
        #: Per form, its literal pieces in lower case; None when a form is not ASCII (then always compiled).
        self._pieces = tuple(form_pieces(form, syllables) for form in forms) if all(map(str.isascii, forms)) else None
        self._first_word_ends = first_word_ends(forms, syllables)

    def spans(self, target: str) -> list[Span]:
        masked = self._maskable and CJK_MASK not in target
        pattern = self._coordinated.get(masked)
        if pattern is None:
            coordinated = self._may_coordinate(target)
            compiled = self._coordinated if coordinated else self._uncoordinated
            pattern = compiled.get(masked)
            if pattern is None:
                if not self._may_match(target):
                    return []
                pattern = compiled[masked] = self._build(masked, coordinated)
        matches = pattern.finditer(masked_cjk(target) if masked else target)
        return [Span(m.start(), m.end(), target[m.start() : m.end()]) for m in matches]

    def _may_coordinate(self, target: str) -> bool:
        """False only where :data:`_COORDINATED` matches nothing: no word before a coordinator ends
        as a form's first word does (a word that is not ASCII may match one in another case)."""
        ends = self._first_word_ends
        if ends is None:
            return True
        if not ends:
            return False
        return any(not word.isascii() or word.endswith(ends) for word in coordinated_words(target))

    def _may_match(self, target: str) -> bool:
        """False only where no form can match: ``target`` is ASCII (so a pattern's ASCII letter
        matches nothing but itself in either case) and lacks a piece of every form."""
        if not self._pieces or not target.isascii():
            return True
        lowered = target.lower()
        return any(all(piece in lowered for piece in pieces) for pieces in self._pieces)


def form_pieces(form: str, syllables: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The literal pieces, in lower case, that every match of ``form``'s pattern holds in some
    case: its words, split where :func:`_word_regex` lets a hyphen or space stand between syllables."""
    return tuple(piece.lower() for word in form.split() for piece in _word_pieces(word, syllables))


#: Words an acronym leaves out ("Communist Party of China" → CPC).
_ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "on", "in", "to", "a", "an", "&", "de"})
#: Country names a Chinese organisation's rendering may open with and a translation may leave out
#: ("China Banking and Insurance Regulatory Commission" → "Banking and Insurance Regulatory Commission").
_HOME_PREFIXES = ("China's ", "China ", "Chinese ", "the ")


def acronyms(form: str) -> tuple[str, ...]:
    """The acronym of a name of two or more capitalised words (United Nations → UN, and U.N. for two
    or three letters), or nothing."""
    words = [part for word in form.replace("’", "'").split() for part in word.split("-") if part]
    if any(len(w) > 1 and w.isupper() for w in words):  # it holds an acronym already ("US Treasury")
        return ()
    initials = [w[0] for w in words if w.lower() not in _ACRONYM_SKIPS]
    if len(initials) < 2 or not all(i.isupper() for i in initials):
        return ()
    plain = "".join(initials)
    return (plain, ".".join(initials) + ".") if len(plain) <= 3 else (plain,)


def derived_forms(entry: Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Renderings of a non-person name that its forms imply: (acronyms, matched as written; the
    forms without a leading home-country word, matched as the entry's forms are)."""
    if entry.type == "person" or entry.type not in NAME_TYPES:
        return (), ()
    found = {a for form in entry.names for a in acronyms(form)} - {f.upper() for f in entry.accepted}
    shorter = set()
    if entry.type == "org":
        for form in entry.names:
            for prefix in _HOME_PREFIXES:
                rest = form[len(prefix) :]
                if form.startswith(prefix) and len(rest.split()) >= 2:
                    shorter.add(rest)
    return tuple(sorted(found)), tuple(sorted(shorter - set(entry.accepted)))


def _word_regex(word: str, syllables: tuple[str, ...]) -> str:
    """``word`` escaped; where it is a run of ``syllables`` ("Lifeng" = li+feng), a hyphen or space
    may stand between them."""
    return r"[-\s]?".join(map(re.escape, _word_pieces(word, syllables)))


def _word_pieces(word: str, syllables: tuple[str, ...]) -> list[str]:
    """``word`` cut between ``syllables`` where it is a run of them, else whole."""
    lowered = word.lower()
    for start in range(len(syllables)):
        for end in range(len(syllables), start + 1, -1):
            if lowered == "".join(syllables[start:end]):
                pieces, position = [], 0
                for syllable in syllables[start:end]:
                    pieces.append(word[position : position + len(syllable)])
                    position += len(syllable)
                return pieces
    return [word]


def _syllables(entry: Entry) -> tuple[str, ...]:
    if not entry.hyphenation:
        return ()

    return pinyin_syllables(entry.sources[0], entry.type == "person")


class SourceMatcher:
    """All glossary source forms in one automaton; ``find`` returns non-overlapping longest hits."""

    def __init__(self, glossary: Glossary):
        forms: dict[str, Entry] = {}
        for entry in glossary:
            for form in entry.sources:
                forms.setdefault(normalize_zh(form), entry)
        self._patterns = list(forms)
        self._entries = [forms[p] for p in self._patterns]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self._patterns
            else None
        )
        self._guard = BoundaryGuard(self._patterns)
        self._recent: dict[str, list[SourceHit]] = {}

    def find(self, source: str) -> list[SourceHit]:
        """The hits in ``source`` (a shared list: do not modify it). Checks ask for the same
        segment in turn, so recent answers are remembered."""
        if not source or self._automaton is None:
            return []
        hits = self._recent.get(source)
        if hits is None:
            if len(self._recent) >= RECENT_SOURCES:
                self._recent.clear()
            hits = self._recent[source] = self._find(source)
        return hits

    def _find(self, source: str) -> list[SourceHit]:
        automaton = self._automaton
        assert automaton is not None  # find() asks only when there are patterns
        normalised = normalize_zh(source)
        return [
            SourceHit(self._entries[index], start, end, source[start:end])
            for index, start, end in automaton.find_matches_as_indexes(normalised)
            if not self._guard.straddles(normalised, start, end)
        ]


class TargetMatcher:
    """Locates accepted, short and forbidden renderings of entries in English text."""

    def __init__(self, glossary: Glossary):
        self._glossary = glossary
        self._accepted: dict[str, Renderings] = {}
        self._caseless: dict[str, Renderings] = {}
        self._short: dict[str, Renderings] = {}
        self._english: dict[str, Renderings] = {}
        #: The accepted spans of each entry in the last target asked about.
        self._spans_of: tuple[str | None, dict[str, list[Span]]] = (None, {})

    def accepted_spans(self, entry: Entry, target: str) -> list[Span]:
        """Where an accepted rendering stands: the entry's forms, their acronyms (UN, U.S.) and, for
        a Chinese organisation, its name without the leading "China"."""
        if target != self._spans_of[0]:  # the hits of one segment ask about one target, many times over
            self._spans_of = (target, {})
        spans = self._spans_of[1].get(entry.id)
        if spans is None:
            renderings = self._accepted.get(entry.id)
            if renderings is None:
                renderings = self._accepted[entry.id] = _accepted_renderings(entry)
            spans = self._spans_of[1][entry.id] = renderings.spans(target)
        return spans

    def english_spans(self, english: str, target: str) -> list[Span]:
        """Where an English name from elsewhere (a dictionary) stands in ``target``, in any case."""
        renderings = self._english.get(english)
        if renderings is None:
            renderings = self._english[english] = Renderings(
                lambda masked, coordinated: rendering_pattern((english,), False, (), masked, coordinated), (english,)
            )
        return renderings.spans(target)

    def caseless_spans(self, entry: Entry, target: str) -> list[Span]:
        """Where an accepted rendering of a case-sensitive entry stands in another case ("beijing")."""
        if not entry.is_case_sensitive:
            return []
        renderings = self._caseless.get(entry.id)
        if renderings is None:
            renderings = self._caseless[entry.id] = Renderings(
                lambda masked, coordinated: rendering_pattern(
                    entry.accepted, False, _syllables(entry), masked, coordinated
                ),
                entry.accepted,
                _syllables(entry),
            )
        return renderings.spans(target)

    def short_spans(self, entry: Entry, target: str) -> list[Span]:
        if not entry.short:
            return []
        renderings = self._short.get(entry.id)
        if renderings is None:
            renderings = self._short[entry.id] = Renderings(
                lambda masked, coordinated: rendering_pattern(
                    entry.short, entry.is_case_sensitive, _syllables(entry), masked, coordinated
                ),
                entry.short,
                _syllables(entry),
            )
        return renderings.spans(target)

    @cached_property
    def _forbidden(self) -> _FormIndex:
        return _FormIndex([(entry, form) for entry in self._glossary for form in entry.forbidden])

    @cached_property
    def _any_rendering(self) -> _FormIndex:
        return _FormIndex([(entry, form) for entry in self._glossary for form in entry.accepted])

    def forbidden_spans(self, target: str) -> list[tuple[Entry, Span]]:
        """Known wrong renderings in ``target``: whole words in any case; a possessive or plural ending
        may follow but is not part of the span, nor are words the entry's renderings share
        ("Brent Neman" for "Brent Neiman" is reported as "Neman")."""
        return [(entry, trim_correct_words(span, entry)) for entry, span in self._forbidden.find(target)]

    def rendering_spans(self, target: str) -> list[Span]:
        """Where any entry's accepted rendering stands (any case), for target-only scans. Short forms
        ("Deng") are left out: standing alone they may be the correct half of a garbled name."""
        return [span for _, span in self.renderings(target)]

    def renderings(self, target: str) -> list[tuple[Entry, Span]]:
        """As :meth:`rendering_spans`, each with the entry it renders."""
        return self._any_rendering.find(target)


def _accepted_renderings(entry: Entry) -> Renderings:
    acronyms_, shorter = derived_forms(entry)

    def build(masked: bool, coordinated: bool) -> re.Pattern[str]:
        forms, flags = _rendering_source(
            entry.accepted + shorter, entry.is_case_sensitive, _syllables(entry), masked, coordinated
        )
        if not acronyms_:
            return re.compile(forms, flags)
        exact, _ = _rendering_source(acronyms_, True, masked=masked)
        return re.compile(f"{forms}|{exact}" if not flags & re.IGNORECASE else f"(?i:{forms})|{exact}")

    return Renderings(build, entry.accepted + shorter + acronyms_, _syllables(entry))


class _FormIndex:
    """One case-insensitive automaton over many English forms, whole-word hits only."""

    def __init__(self, forms: list[tuple[Entry, str]]):
        self._forms = [(entry, form) for entry, form in forms if form.strip()]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                [ascii_lower(form) for _, form in self._forms], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
            if self._forms
            else None
        )

    def find(self, text: str) -> list[tuple[Entry, Span]]:
        if self._automaton is None or not text:
            return []
        return [
            (self._forms[index][0], Span(start, end, text[start:end]))
            for index, start, end in self._automaton.find_matches_as_indexes(ascii_lower(text))
            if _is_word_start(text, start) and _is_word_end(text, _extend_suffix(text, end))
        ]


def trim_correct_words(span: Span, entry: Entry) -> Span:
    """Drop leading and trailing words that only the entry's longer renderings contain, so "Brent
    Neman" for "Neiman" (variant "Brent Neiman") reports "Neman", while "Deng Xiaopong" for "Deng
    Xiaoping" stays whole: the wrong text is what stands for the canonical rendering."""
    correct = {word for form in entry.accepted for word in form.split()} - set(entry.target.split())
    words = list(_NAME_WORD.finditer(span.text))
    while len(words) > 1 and words[0].group() in correct:
        words.pop(0)
    while len(words) > 1 and words[-1].group() in correct:
        words.pop()
    start, end = words[0].start(), words[-1].end()
    return Span(span.start + start, span.start + end, span.text[start:end])


_NAME_WORD = regex.compile(r"\p{L}[\p{L}\p{N}'’]*(?:-[\p{L}\p{N}]+)*")
_SUFFIX = regex.compile(r"(?:['’]s|s['’]|s)(?![\p{L}\p{N}])")
_LETTER = regex.compile(r"[\p{L}\p{N}]")


def _extend_suffix(text: str, end: int) -> int:
    match = _SUFFIX.match(text, end)
    return match.end() if match else end


def _is_word_start(text: str, start: int) -> bool:
    return start == 0 or not _LETTER.match(text[start - 1])


def _is_word_end(text: str, end: int) -> bool:
    return end >= len(text) or not _LETTER.match(text[end])
