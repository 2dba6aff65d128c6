"""Names the glossary does not list, checked against how such a name is rendered.

The source's names and how sure each is a name come from :mod:`mtaudit.checks.namespans`. Each is
then looked for in the target, at about its place:

- a Chinese personal name must stand there in full — pinyin in either order, given name joined,
  spaced or hyphenated (any reading of a character with several), Wade–Giles, or a Hong Kong or
  Taiwan surname with the given name as written there; its surname alone counts only after a full
  mention in the same document. A name written there in pinyin with other syllables ("Tian Yuyu"
  for 田霏宇) or another surname ("Liu Xiaofei" for 骆晓飞) is misrendered;
- a transliterated foreign name must not stand there as the pinyin of its characters ("Lei
  Mengduo" for 雷蒙多, "Wei Sinuo" for ［德］魏思诺): the original name is expected, which the tool
  cannot know, so it suggests nothing;
- a CC-CEDICT name must stand there as the dictionary's English (or its pinyin, for Chinese places);
- a business's name must not stand there as the pinyin of other characters ("Cheyun" for 支雲).

A name that is absent is reported as surely as the source says it is a name (a byline, a title,
the dictionary), so ordinary words the segmenter tags as names stay silent. ``unlisted_name``
findings are warnings at most: the glossary has not said how the name is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from itertools import chain, islice, product
from typing import NamedTuple

import regex
from rapidfuzz.distance import Indel, Levenshtein

from mtaudit.cachedir import remembered
from mtaudit.checks.base import Check, Chunk, Kind
from mtaudit.checks.context import CheckContext
from mtaudit.checks.locate import Candidate, candidates, letters, place_in
from mtaudit.checks.namespans import (
    LISTED,
    NICKNAME_MARK,
    STRONG,
    SURE_EXTENT,
    SourceName,
    foreign_national,
    ordinary_word,
    pinyin_written,
    source_names,
    title_after,
    translated_author,
    written_earlier,
    written_names,
)
from mtaudit.english import given_names, zipf
from mtaudit.findings import Finding
from mtaudit.glossary import pinyin_data
from mtaudit.glossary.cantonese import hong_kong_spellings
from mtaudit.glossary.cedict import ABROAD, common_words, without_org_words, without_place_words
from mtaudit.glossary.foreign_names import judge as judge_foreign
from mtaudit.glossary.foreign_names import occurrences, readings
from mtaudit.glossary.literal import literal_span
from mtaudit.glossary.matcher import acronyms
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    SOUTHEAST_ASIAN_SURNAMES,
    SURNAME_ROMANISATIONS,
    chinese_name_rendering,
    heteronym_readings,
    is_pinyin_name,
    looks_transliterated,
    misread_stretches,
    pinyin_split,
    pinyin_syllables,
    plain_u,
    split_surname,
    wade_giles_syllables,
)
from mtaudit.glossary.tagger import FUNCTION_CHARS
from mtaudit.stream import NameMemory, table_rows

_WORDS = regex.compile(r"\p{L}+")
_HAN = regex.compile(r"\p{Han}")
#: How far (share of the sentence) a rendering may stand from the name's place in the source.
NEARBY = 0.45
#: Confidence of what is found in the target.
WRONG_ROMANISATION = 0.85  # a name written as a name, in pinyin of other syllables or another surname
PINYIN_OF_TRANSLITERATION = 0.85
CLOSE_TO_DICTIONARY = 0.75  # near the dictionary's English but not it ("Linken" for Lincoln)
ABSENT = 0.8  # times the span's likeness: a name the translation does not render at all
#: At most, for a place absent inside a longer name (西湖 of 西湖大学, Westlake University): a hint.
IN_LONGER_NAME = 0.35
LITERAL_BRAND = 0.55  # a business's name translated word for word (支雲 "Branch Cloud"); some are so named
GARBLED = 0.8  # a one-word rendering this close to the name's pinyin is that pinyin misspelt
PINYIN_CLOSE = 0.85  # a pinyin-shaped rendering this close to the pinyin of a foreign name's characters is it
PINYIN_IDENTICAL = 0.93  # any rendering this close is that pinyin
UNREAD_GIVEN = 0.75  # a Vietnamese, Korean or Japanese surname beside a given name none of its readings gives
#: Words common in English are not a given name written the Hong Kong or an English way.
COMMON_ZIPF = 4.0
#: A word at least this frequent is one English knows well: no name written as one word ("Anju").
ENGLISH_WORD_ZIPF = 3.0
#: A joined name's given part this close to the given name's pinyin misspells it (ju for jiu).
MISREAD_GIVEN = 0.6
#: How close an English given name that is also pinyin must be to the pinyin of the person's given
#: name to be theirs: "Lisa" for 丽莎 lisha is 0.89, "Lina" for it 0.67.
SOUNDS_LIKE_GIVEN = 0.8


@lru_cache(maxsize=1)
def _all_surnames() -> frozenset[str]:
    """Every Latin form of every known surname (worked out once, then kept in the cache directory)."""
    return remembered("surname-forms", _find_all_surnames, pinyin_data.identity())


def _find_all_surnames() -> frozenset[str]:
    return frozenset(form for surname in SINGLE_SURNAMES | COMPOUND_SURNAMES for form in surname_forms(surname))


class Verdict(NamedTuple):
    """What the target makes of one source name: None of ``found`` when it renders it acceptably."""

    rendered: bool
    found: Candidate | None = None
    confidence: float = 0.0
    expected: str | None = None
    evidence: tuple[str, ...] = ()
    message: str = ""


def _target_words(target: str) -> tuple[set[str], str]:
    """The target's words in lower case, as a set and joined by spaces with a space either side
    (one scan of the target for both: finding its words costs about 10 µs a sentence)."""
    words = [w.lower() for w in _WORDS.findall(target)]
    return set(words), " " + " ".join(words) + " "


@lru_cache(maxsize=50_000)
def given_syllables(given: str) -> tuple[tuple[str, ...], ...]:
    """Every pinyin reading of a given name as its syllables, each character in one of its three
    commonest readings (平 ping, pian, bing; not beng)."""
    readings = ([plain_u(r) for r in char] for char in heteronym_readings(given))
    return tuple(sorted(set(_reading_combinations(readings, 3))))


def _reading_combinations(readings: Iterable[list[str]], count: int) -> Iterator[tuple[str, ...]]:
    """The readings of a text, each character (its readings, from pypinyin: the commonest first) in
    one of its ``count`` commonest, at most 8 combinations."""
    return islice(product(*(list(dict.fromkeys(char))[:count] for char in readings)), 8)


@lru_cache(maxsize=50_000)
def given_readings(given: str) -> tuple[str, ...]:
    """Every pinyin spelling of a given name, joined."""
    return tuple(sorted({"".join(syllables) for syllables in given_syllables(given)}))


@lru_cache(maxsize=50_000)
def surname_forms(surname: str) -> frozenset[str]:
    """The ways a surname is written in Latin letters: pinyin, Wade–Giles, Hong Kong/Taiwan,
    Singapore/Malaysia."""
    forms = {"".join(pinyin_syllables(surname, person=True)), "".join(wade_giles_syllables(surname, person=True))}
    if surname in SURNAME_ROMANISATIONS:
        forms.add(SURNAME_ROMANISATIONS[surname])
    return frozenset(forms | set(SOUTHEAST_ASIAN_SURNAMES.get(surname, ())))


@lru_cache(maxsize=50_000)
def accepted_forms(surname: str, given: str) -> tuple[str, ...]:
    """Full renderings of a Chinese name as space-joined lower-case words: surname and given name in
    either order, the given name joined or spaced, in pinyin (any reading) or Wade–Giles."""
    surnames = surname_forms(surname)
    givens = {form for syllables in given_syllables(given) for form in ("".join(syllables), " ".join(syllables))}
    wade = list(wade_giles_syllables(given))
    givens.update({"".join(wade), " ".join(wade)})
    return tuple(
        sorted({f"{s} {g}" for s in surnames for g in givens} | {f"{g} {s}" for s in surnames for g in givens})
    )


class UnlistedNameCheck(Check):
    check_id = "unlisted_name"
    kinds = (Kind("unlisted_name", "A name the glossary does not list is rendered wrongly or dropped in the target."),)
    summary = "a name not in the glossary that the translation drops or writes wrongly (warning at most)"

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        """Segment by segment, remembering each document's names (see :class:`NameMemory`), from the
        chunk before when this chunk goes on with a document it cut off; the memory of a document
        that goes on in the next chunk is handed on."""
        cut, context = chunk.cut, chunk.context
        memory = cut.carried.names.copy() if cut.carried is not None else NameMemory()
        columns = table_rows(chunk.segments, ["doc_id", "seg_id", "source", "target"])
        for doc_id, seg_id, source, target in columns:
            if source.strip() and target.strip():
                yield from self._segment(doc_id, seg_id, source, target, context, memory)
            memory.read(doc_id, source)
        if cut.hands_on is not None:
            cut.hands_on.names = memory.of(cut.hands_on.doc_id)

    def _segment(
        self, doc_id: str, seg_id: str, source: str, target: str, context: CheckContext, memory: NameMemory
    ) -> Iterator[Finding]:
        rendered, known = memory.rendered, memory.known
        hits = context.source_matcher.find(source)
        names = source_names(source, hits, memory.context(doc_id))
        terms = [(h.start, h.end) for h in hits]
        written = written_names(source, target, [*terms, *((n.start, n.end) for n in names)])
        names = [*names, *written]
        earlier = memory.written.get(doc_id)
        if earlier:
            names += written_earlier(source, earlier, [*terms, *((n.start, n.end) for n in names)])
        names.sort(key=lambda n: n.start)
        memory.write(doc_id, pinyin_written(source, target, names))
        if _LATIN_PAIR.search(source):
            yield from _latin_names(doc_id, seg_id, source, target)
        yield from _misread_pinyin(doc_id, seg_id, source, target, [*terms, *((n.start, n.end) for n in names)])
        if not names:  # most segments: no need to look at the target
            return
        words, joined = _target_words(target)
        found = cache(lambda: _with_parts(candidates(target, [])))  # most names are rendered: never asked
        judged: list[tuple[SourceName, Verdict]] = []
        for name in names:
            key = (doc_id, name.normalised)
            if key in known and name.likeness < LISTED:
                name = replace(name, likeness=LISTED, evidence=(*name.evidence, "a name earlier in the document"))
            verdict = _literally(
                name, source, target, judge(name, source, target, words, joined, found, key in rendered)
            )
            if verdict.rendered:
                rendered.add(key)
            elif verdict.confidence > 0:
                yield _finding(doc_id, seg_id, name, verdict)
            if verdict.rendered or name.likeness >= STRONG:
                known.add(key)
            judged.append((name, verdict))
        for name, verdict in _mentioned_more_than_rendered(judged, joined):
            yield _finding(doc_id, seg_id, name, verdict)


@lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``pattern`` compiled once. The name checks build patterns from the names they judge, and
    ``regex``'s own cache, looked up in Python at every call (its flags as enums), took a fifth of
    the default checks' time on real MT output."""
    return regex.compile(pattern, flags)


def _mentioned_more_than_rendered(
    judged: list[tuple[SourceName, Verdict]], joined: str
) -> Iterator[tuple[SourceName, Verdict]]:
    """A person of the dictionary whom the source mentions more often than their English stands in
    the target (康德与黑格尔 … 新黑格尔主义 with one "Hegel" and a "Neo-German"): each mention renders
    one occurrence ("Hegelian" counts for 黑格尔主义), so the last mentions beyond them are not
    rendered. Not places: a place named again is often "the lake", "the Bay Area"."""
    mentions: dict[str, list[SourceName]] = {}
    for name, verdict in judged:
        if name.kind == "dictionary" and name.dictionary_kind == "person" and verdict.rendered:
            mentions.setdefault(name.normalised, []).append(name)
    for same in mentions.values():
        if len(same) < 2:
            continue
        forms = _dictionary_forms(same[0])
        stemmed = _stemmed(joined)
        count = max(
            len(_compiled(rf" {regex.escape(stem)}\w* ").findall(stemmed, overlapped=True))
            if f" {stem}" in stemmed
            else 0
            for stem in map(_stem, forms)
        )
        for name in same[count:]:
            expected = name.english[0]
            yield (
                name,
                _absent(
                    name,
                    expected,
                    f"{name.text} is mentioned {len(same)} times in the source and its English '{expected}' stands "
                    f"{count} time(s) in the translation: a mention is not rendered",
                ),
            )


def _literally(name: SourceName, source: str, target: str, verdict: Verdict) -> Verdict:
    """A name not rendered, whose characters the target translates word for word at about its place
    ("Leaf" for the author 叶子): that is what stands for it."""
    if verdict.rendered or verdict.found is not None or name.kind not in ("chinese", "dictionary", "written"):
        return verdict
    found = _translated_at(name, target, place_in(name.start, name.end, source))
    if found is None:
        return verdict
    return verdict._replace(
        found=found,
        evidence=(*verdict.evidence, LITERAL_EVIDENCE),
        message=f"{verdict.message} ('{found.text}' translates its characters word for word)",
    )


LITERAL_EVIDENCE = "its characters translated word for word"


def _translated_at(name: SourceName, target: str, position: float, text: str = "") -> Candidate | None:
    """The target's words that translate the name's characters (or ``text``, the longer name it
    opens: "cloud restaurant" for 支雲餐厅) word for word, at about its ``position`` (the place of the
    name in its source), or None."""
    literal = literal_span(text or name.text, target)
    if literal is None:
        return None
    span = literal.span
    if abs(place_in(span.start, span.end, target) - position) > NEARBY:
        return None
    return Candidate(span.start, span.end, span.text, letters(span.text), False, True)


#: Two or more capitalised words in Latin letters, as a Chinese source writes a foreign name as is.
_LATIN_PAIR = regex.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)+(?![A-Za-z0-9])")
LATIN_COPIED = 0.8  # a name the source writes in Latin letters, in the target with other spaces


def _latin_names(doc_id: str, seg_id: str, source: str, target: str) -> Iterator[Finding]:
    """A name the source writes in Latin letters ("FoodBev Media", "Laura Nettle") is copied as
    written: the target with its words run together or hyphenated ("FoodBevMedia") garbles it."""
    for match in _LATIN_PAIR.finditer(source):
        name = match.group()
        if name in target:
            continue
        spaced = regex.compile(
            r"(?<![A-Za-z0-9])" + r"[\s\-]*".join(regex.escape(w) for w in name.split()) + r"(?![A-Za-z0-9])",
            regex.IGNORECASE,
        )
        other = spaced.search(target)
        if other is None or other.group().lower() == name.lower():
            continue
        yield UnlistedNameCheck.kinds[0].finding(
            doc_id,
            seg_id,
            f"'{other.group()}' for {name}, which the source writes in Latin letters: copy it as written",
            source_term=name,
            expected=name,
            found=other.group(),
            target_span=[other.start(), other.end()],
            suggestion=name,
            confidence=LATIN_COPIED,
            extra={"evidence": ["the source writes the name in Latin letters", "other spaces in the target"]},
        )


#: A capitalised word a translation may write for a name in pinyin.
#: (The boundary before it is checked after the capital, so that the pattern opens with a character
#: class to scan for: a lookbehind first is tried at every position of the target, a fifth slower.)
_PINYIN_WORD = regex.compile(r"[A-Z](?<![A-Za-z][A-Z])[a-z]{3,}(?![A-Za-z])")
MISREAD = 0.7  # a pinyin name one letter off the source's characters: one character read otherwise
#: Words at least this frequent in English are no pinyin names ("Change", "Shine") ...
PINYIN_WORD_ZIPF = 2.5
#: ... unless capitalised inside a sentence and below this: a Chinese brand or place English knows
#: ("Weibo", "Baidu"), which a translation may write for a look-alike name (微保 read as 微博).
KNOWN_PINYIN_ZIPF = 4.0


def _misread_pinyin(
    doc_id: str, seg_id: str, source: str, target: str, taken: list[tuple[int, int]]
) -> Iterator[Finding]:
    """A pinyin name in the target that spells a stretch of the source but for one character read
    otherwise ("Xiaocheng" for 下城 Xiacheng, "Nichang" for 日昌 Richang), at about its place and
    outside the names and glossary terms already judged."""
    text = normalize_zh(source)
    for match in _PINYIN_WORD.finditer(target):
        word = match.group()
        if not _may_be_pinyin_name(word, target, match.start()):
            continue
        place = match.start() / max(len(target), 1)
        stretches = [
            (abs(place - start / max(len(text), 1)), start, end, spelled)
            for start, end, spelled in misread_stretches(word.lower(), text)
            if _may_be_misread(text, start, end, taken)
        ]
        if not stretches or min(stretches)[0] > NEARBY:
            continue
        _, start, end, spelled = min(stretches)
        expected = spelled.capitalize()
        yield UnlistedNameCheck.kinds[0].finding(
            doc_id,
            seg_id,
            f"'{word}' for {source[start:end]}: its pinyin is '{expected}' (a character read otherwise)",
            source_term=source[start:end],
            expected=expected,
            found=word,
            target_span=[match.start(), match.end()],
            suggestion=expected,
            confidence=MISREAD,
            extra={"evidence": ["a pinyin name one letter off the source's characters"]},
        )


def _may_be_pinyin_name(word: str, target: str, start: int) -> bool:
    """Rare in English; or a name English knows, capitalised where a sentence goes on (a headline
    capitalises its words, and a sentence its first)."""
    frequency = zipf(word)
    if frequency < PINYIN_WORD_ZIPF:
        return True
    return (
        frequency < KNOWN_PINYIN_ZIPF
        and _SENTENCE_GOES_ON.search(target, 0, start) is not None
        and not _headline(target)
    )


#: A lower-case word and a space just before a position: the sentence goes on there.
_SENTENCE_GOES_ON = regex.compile(r"[a-z][,;]? $")


def _headline(target: str) -> bool:
    """Most words capitalised: a title, where capitals say nothing of names."""
    words = _WORD.findall(target)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 2 > len(words)


_WORD = regex.compile(r"[A-Za-z]{4,}")


def _may_be_misread(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """A stretch that may be a name written in pinyin: outside the names and terms judged, no word
    of the dictionary, no function character (的), not a foreign name written by sound (迪里耶 is
    Diriyah, not its pinyin)."""
    stretch = text[start:end]
    return not (
        any(s < end and start < e for s, e in taken)
        or stretch in common_words()
        or any(char in FUNCTION_CHARS for char in stretch)
        or looks_transliterated(stretch)
    )


def _with_parts(found: list[Candidate]) -> list[Candidate]:
    """The target's name-like word groups, and the parts of hyphenated ones ("Weisno-Chen" written
    for two names, "Wei Sinuo-translated" for a name and a word): a part may be the rendering of one name."""
    parts = []
    for cand in found:
        if "-" in cand.text:
            offset = cand.start
            for piece in cand.text.split("-"):
                if piece:
                    parts.append(
                        Candidate(
                            offset, offset + len(piece), piece, letters(piece), zipf(piece) < 3.5, zipf(piece) >= 1.0
                        )
                    )
                offset += len(piece) + 1
    return found + parts


def judge(
    name: SourceName,
    source: str,
    target: str,
    words: set[str],
    joined: str,
    found: Callable[[], list[Candidate]],
    mentioned: bool,
) -> Verdict:
    """How the target renders ``name`` (``mentioned``: rendered in full earlier in the document;
    ``found``: the target's name-like word groups, worked out when a verdict needs them)."""
    position = place_in(name.start, name.end, source)

    def distance(c: Candidate) -> float:
        return abs(place_in(c.start, c.end, target) - position)

    def near() -> list[Candidate]:
        return sorted((c for c in found() if distance(c) <= NEARBY), key=distance)

    if name.kind == "written":
        return _as_written(name, joined)
    if name.kind == "cjk":
        return _foreign_reading(name, target)
    if name.kind == "chinese" and not any("nationality" in e for e in name.evidence):
        after = normalize_zh(source[name.end : name.end + 2])
        return _chinese(name, words, joined, near, found, mentioned, after, target, source)
    if name.kind == "dictionary":
        return _dictionary(name, joined, near, found)
    return _transliterated(name, near(), target, position, found)


def _chinese(
    name: SourceName,
    words: set[str],
    joined: str,
    near: Callable[[], list[Candidate]],
    found: Callable[[], list[Candidate]],
    mentioned: bool,
    after: str,
    target: str,
    source: str,
) -> Verdict:
    """``found``: every name-like word group of the target, ``near`` those at about the name's place
    (each asked for only when the name's renderings are not in the target).
    ``after``: the two source characters after the name. The segmenter may have cut the first off
    (陈凯|先 for 陈凯先), even into an ordinary word (张大|可说 for 张大可 said): a rendering that
    includes it renders the name, and a wrong one with more syllables is the longer name's, where
    the first of them opens no ordinary word or the last syllable reads it ("Zhang Tuke"; 拍 of
    杨婧|拍下 "took" is no part of "Yang Jingxia")."""
    following = after[:1]
    parts = name.parts
    if parts is None:
        return Verdict(True)
    surname, given = parts
    if given == "某":  # "a Mr Lin": the surname alone renders it, not its pinyin with "mou" ("Linmou")
        return _placeholder(name, surname, words, near())
    expected = chinese_name_rendering(name.normalised)
    glued = None if _from_segmenter(name) else _glued_syllable(surname, given, target)
    if glued is not None:
        return _wrong(name, glued, expected, "another syllable glued to the given name")
    longer = (
        [given + following] if following and _HAN.match(following) and len(given) < 2 and _from_segmenter(name) else []
    )
    if longer and "-" in target and title_after(source, name.end + 1):  # "Chan Kai-sun" for 陈凯|先教授
        misread = _misread_hyphenated(_hyphenated(near(), surname_forms(surname), given + following))
        if misread is not None:
            longer_name = replace(name, end=name.end + 1, text=name.text + following)
            return _wrong(longer_name, misread, chinese_name_rendering(longer_name.normalised), HYPHENATED_MISREAD)
    if any(f" {form} " in joined for g in longer for form in accepted_forms(surname, g)) or any(
        _stands(form, joined, cut=bool(longer)) for form in accepted_forms(surname, given)
    ):
        return Verdict(True)
    surnames = surname_forms(surname)
    givens = {g.replace(" ", "") for g in given_readings(given)} | {"".join(wade_giles_syllables(given))}
    nearby = near()
    hyphenated = _hyphenated(nearby, surnames, given)
    if any(read for _, read in hyphenated):
        return Verdict(True)  # "Cheung Chi-ming": Hong Kong's or Taiwan's way, syllable by syllable
    longer_givens = {g.replace(" ", "") for g in longer for g in given_readings(g)}
    other_persons = _as_another_persons_given_name(nearby, surnames, givens, source[: name.start].rstrip()[-1:])
    whole = [
        c
        for c in nearby
        if not (longer and _GOES_ON.match(target, c.end))
        and not any(c.start > o.start and c.end == o.end for o in other_persons)
    ]  # "Chen Kai" of "Chen Kai-shen"; "Liangjun" of "Liu Liangjun"
    others = _other_givens(name, source)
    verdicts = [
        _against_chinese(
            name, cand, _name_words(cand.text, surnames), surnames, givens, expected, longer_givens, others
        )
        for cand in whole
    ]
    if any(v is not None and v.rendered for v in verdicts):
        return Verdict(True)
    wrong = next((v for v in verdicts if v is not None), None)
    if (
        wrong is not None
        and longer
        and wrong.found is not None
        and _syllables_after(wrong.found.text) > len(given)
        and (not ordinary_word(after) or _ends_reading(wrong.found.text, following))
    ):
        return _wrong(
            replace(name, end=name.end + 1, text=name.text + following),
            wrong.found,
            chinese_name_rendering(name.normalised + following),
            "the given name in other syllables",
        )  # 陈凯|先 written "Chen Kai-shen": the name is 陈凯先, Chen Kaixian
    if wrong is not None:
        return wrong  # even after a full mention: a full name written wrongly ("Yang Xingzhu")
    if other_persons:
        return _wrong(name, other_persons[0], expected, "the whole name as the given name of another surname")
    if mentioned and surnames & words:
        return Verdict(True)  # a short reference after a full mention
    foreign_looking = looks_transliterated(name.normalised) or (len(given) >= 2 and looks_transliterated(given))
    garbled = _garbled_given(name, nearby, surnames, givens)
    if garbled is not None:
        return _wrong(name, garbled, expected, "the given name garbled")
    misread = _misread_hyphenated(hyphenated)
    if misread is not None:
        return _wrong(name, misread, expected, HYPHENATED_MISREAD)
    national = foreign_national(source, name.start) or translated_author(source, name.end)
    if (
        _written_otherwise(nearby, surnames, frozenset(givens))
        or _with_initials(nearby, surnames, given, target)
        or (foreign_looking and any(c.foreign and not is_pinyin_name(c.text) for c in found()))
        or (national and any(_own_name(c) for c in nearby))
    ):
        return Verdict(True)  # a Hong Kong or English given name; or a foreign name (皮莱 Pillay), or a
        # foreigner's own name for their Chinese one (德国学者施密特 "the German scholar Schmidt")
    if national:
        return _absent(name, None, f"the name {name.text}, a foreigner's, is not rendered in the translation")
    return _absent(
        name,
        expected,
        f"the name {name.text} (not in the glossary) is usually rendered '{expected}', which is not in the translation",
    )


def _as_written(name: SourceName, joined: str) -> Verdict:
    """A name the translation wrote in pinyin earlier in the document: rendered where that pinyin,
    or the characters' pinyin spaced or joined, stands here too."""
    rendering = name.english[0]
    syllables = pinyin_syllables(name.normalised)
    forms = {" ".join(_WORDS.findall(rendering.lower())), letters(rendering), " ".join(syllables), "".join(syllables)}
    if any(f" {form} " in joined for form in forms):
        return Verdict(True)
    return _absent(
        name,
        rendering,
        f"{name.text} is written '{rendering}' earlier in the document, and not in this segment's translation",
    )


def _syllables_after(text: str) -> int:
    """The pinyin syllables of a written name after its first word (its surname, written first)."""
    words = _name_words(text)
    return sum(len(pinyin_split(w) or (w,)) for w in words[1:])


def _ends_reading(text: str, char: str) -> bool:
    """The last pinyin syllable of a written name reads ``char``."""
    words = _name_words(text)
    syllables = pinyin_split(words[-1]) if words else None
    if not syllables:
        return False
    return syllables[-1] in given_readings(char)


def _as_another_persons_given_name(
    near: list[Candidate], surnames: frozenset[str], givens: set[str], before: str
) -> list[Candidate]:
    """Two words, another surname and the whole name written as one word ("Liu Liangjun" for 梁军 of
    李羽梁军): the target names a Liu whose given name is this name's pinyin — unless that surname
    reads the character before the name in the source (刘|梁军, the segmenter's cut)."""
    full = {s + g for s in surnames for g in givens}
    before = normalize_zh(before)
    found = []
    for cand in near:
        words = [letters(word) for word in cand.text.split()]
        if (
            len(words) == 2
            and words[1] in full
            and words[0] in _all_surnames()
            and words[0] not in surnames
            and not any(_reads(words[0], char) for char in before)
        ):
            found.append(cand)
    return found


#: A word group that goes on in the target: a hyphen or an apostrophe and letters after it.
_GOES_ON = regex.compile(r"[-'’]\p{L}")


def _stands(form: str, joined: str, cut: bool) -> bool:
    """Whether ``form`` stands in the target's words; where the segmenter may have cut a character
    off the name (``cut``), not with another pinyin syllable after it that English does not know
    ("Chen Kai-shen" does not render 陈凯 of 陈凯先: its third syllable reads 先 otherwise)."""
    if f" {form} " not in joined:
        return False
    if not cut:
        return True
    for match in _compiled(rf" {regex.escape(form)} (\w+)?").finditer(joined):
        after = match.group(1)
        if after is None or (syllables := pinyin_split(after)) is None or len(syllables) > 1:
            return True
        if zipf(after) >= COMMON_ZIPF:
            return True  # an English word after it ("Wang Cheng, a member"), no syllable of the name
    return False


def _placeholder(name: SourceName, surname: str, words: set[str], near: list[Candidate]) -> Verdict:
    surnames = surname_forms(surname)
    for cand in near:
        if any(cand.key == s + "mou" for s in surnames):
            expected = "".join(pinyin_syllables(surname, person=True)).capitalize()
            return _wrong(name, cand, expected, "某 (someone) written out")
    return Verdict(True)


def _name_words(text: str, surnames: frozenset[str] = frozenset()) -> list[str]:
    """The letters of a target name's words, less the common English words around it ("Minister")
    that are none of the name's ``surnames`` ("Ma" of "Ma Xiaoyang" is a surname, though "ma" is a word)."""
    words = [letters(w) for w in text.replace("-", " ").split()]
    while words and zipf(words[0]) >= COMMON_ZIPF and words[0] not in surnames:
        words.pop(0)
    while words and zipf(words[-1]) >= COMMON_ZIPF and words[-1] not in surnames:
        words.pop()
    return [w for w in words if w]


def _against_chinese(
    name: SourceName,
    cand: Candidate,
    words: list[str],
    surnames: frozenset[str],
    givens: set[str],
    expected: str,
    longer: set[str] = frozenset(),  # type: ignore[assignment]
    others: frozenset[str] = frozenset(),
) -> Verdict | None:
    """A target name read against a Chinese name's surname and given name, word by word, or None if
    unrelated: the surname right and the given name other pinyin, or the given name right and the
    surname another surname or an English word ("War Lili" for 战丽莉) — both misrender the name.
    ``longer``: the readings of the given name with the character after it, which the segmenter may
    have cut off (陈凯|先): a longer given name in the target must read as they do ("Kaixian", not
    "Kai-shen"). ``others``: the given names of the source's other people of the surname, whose
    renderings are theirs (Li Lanjuan is 李兰娟, beside 李效良)."""
    if len(words) == 1:
        word = words[0]
        if any(word == g for g in givens):
            return None  # the given name alone: the surname may stand elsewhere
        full = [s + g for s in surnames for g in givens] + [g + s for s in surnames for g in givens]
        if word in full:
            return Verdict(True)  # joined, as businesses and places write their names (Huasheng, Oupai)
        if (
            name.likeness >= STRONG
            and cand.foreign
            and not cand.known
            and max(Indel.normalized_similarity(word, f) for f in full) >= GARBLED
        ):
            return _wrong(name, cand, expected, "letters garbled")  # a person's name misspelt ("Opai")
        if _joined_misreading(word, surnames, givens):
            return _wrong(name, cand, expected, "the given name in other syllables")  # "Anju" for 安久
        return None
    if not 2 <= len(words) <= 3:
        return None
    for surname, rest in ((words[0], "".join(words[1:])), (words[-1], "".join(words[:-1]))):
        if surname in surnames:
            if rest in givens or (
                _from_segmenter(name)
                and any(
                    _syllables_short(rest, g) or (rest.startswith(g) and not _closed(name) and rest in longer)
                    for g in givens
                )
            ):
                return Verdict(True)  # the segmenter may have cut the name too long or too short
            if _pinyin_surname(surname) and pinyin_split(rest) and _syllables_fit(rest, givens) and rest not in others:
                return _wrong(name, cand, expected, "the given name in other syllables")
        elif rest in givens and name.parts is not None and surname in _other_readings(name.parts[0]):
            return _wrong(name, cand, expected, f"'{surname}', another reading of {name.parts[0]}, for the surname")
        elif rest in givens and (surname in _all_surnames() or zipf(surname) >= 3.0):
            return _wrong(
                name,
                cand,
                expected,
                "another surname" if surname in _all_surnames() else f"'{surname}' for the surname",
            )
    return None


@lru_cache(maxsize=4096)
def _other_readings(surname: str) -> frozenset[str]:
    """The pinyin readings of a surname's characters that are not how the surname is read: 曾 as a
    surname is Zeng, "Ceng" is the character's other reading (单 Shan not Dan, 解 Xie not Jie)."""
    readings = {"".join(combo) for combo in product(*(map(plain_u, char) for char in heteronym_readings(surname)))}
    return frozenset(readings - surname_forms(surname))


def _other_givens(name: SourceName, source: str) -> frozenset[str]:
    """The pinyin of the one or two characters after the name's surname wherever else it stands in
    ``source`` but in the name itself: the given names of other people of that surname (刘遵义、李兰娟、李效良)."""
    assert name.parts is not None
    surname, text = name.parts[0], normalize_zh(source)
    whole = name.normalised
    starts = [start for start, _ in occurrences(surname, text) if not text.startswith(whole, start)]
    return frozenset(
        reading
        for start in starts
        for size in (1, 2)
        if (given := text[start + len(surname) : start + len(surname) + size])
        for reading in given_readings(given)
    )


def _syllables_short(rest: str, given: str) -> bool:
    """``rest`` is ``given`` less whole syllables at its end (the segmenter took a character after
    the name into it: 杨婧|拍 read yang jingpai, "Yang Jing"), not less a letter ("Chen Zhiqian" for
    志强 zhiqiang is a misspelling)."""
    return given.startswith(rest) and (rest == given or pinyin_split(given[len(rest) :]) is not None)


def _joined_misreading(word: str, surnames: frozenset[str], givens: set[str]) -> bool:
    """One word, no English one, whose first syllable is the pinyin surname and whose others
    misspell the given name ("Anju" for 安久 An Jiu): the name written as one word, a syllable
    misread. Other pinyin there ("Lilan" beside 李效良) is more likely another name's, and the given
    name with more after it ("Xuanhanjin" for 宣汉 of 宣汉金) the segmenter's cut."""
    syllables = pinyin_split(word) if zipf(word) < ENGLISH_WORD_ZIPF else None
    if not syllables or len(syllables) < 2 or syllables[0] not in surnames or not _pinyin_surname(syllables[0]):
        return False
    rest = "".join(syllables[1:])
    return not any(rest.startswith(g) or g.startswith(rest) for g in givens) and any(
        rest[0] == g[0] and Indel.normalized_similarity(rest, g) >= MISREAD_GIVEN for g in givens if g
    )


def _from_segmenter(name: SourceName) -> bool:
    """The name's extent is the segmenter's guess (not a byline's, whose names spaces delimit, nor
    one before 按： or 本名, which the punctuation before it delimits)."""
    return not any(e in SURE_EXTENT for e in name.evidence)


def _closed(name: SourceName) -> bool:
    """A word after the name ends it (译 "translated by", 表示 "said"): a longer given name in the
    target takes that word in ("Chen Baoyi" for 陈宝 译), it is not a longer name the segmenter cut."""
    return any(e.endswith("after it") for e in name.evidence)


def _syllables_fit(rest: str, givens: set[str]) -> bool:
    """Other pinyin of about as many syllables as the given name: a misreading, not another name's part."""
    count = len(pinyin_split(rest) or ())
    return any(abs(count - len(pinyin_split(g) or (g,))) <= 1 for g in givens)


def _pinyin_surname(surname: str) -> bool:
    """The surname as written is pinyin (then the given name must be too; a Hong Kong or Wade–Giles
    surname comes with a given name we cannot check: "Chan Chi-ming")."""
    return pinyin_split(surname) is not None and surname not in _NOT_PINYIN_SURNAMES


#: Surnames as Hong Kong, Singapore and Malaysia write them that are pinyin too (Chan, Tan, Ong).
_NOT_PINYIN_SURNAMES = frozenset(SURNAME_ROMANISATIONS.values()).union(*SOUTHEAST_ASIAN_SURNAMES.values())


#: What ends every pattern of :func:`_glued_syllable`: a syllable glued on by an apostrophe or hyphen.
_GLUED = regex.compile(r"['’-](\p{Ll}{2,})\b", regex.IGNORECASE)


def _glued_syllable(surname: str, given: str, target: str) -> Candidate | None:
    """The name written with a pinyin syllable glued on by an apostrophe or hyphen ("Tao Ye'an" for
    陶业 of 陶业按："Tao Ye's note:"): where the text, not the segmenter, delimits the name, that
    syllable belongs to no character of it. A target with no such glued syllable anywhere
    (:data:`_GLUED`) needs no form's pattern (most do not: the patterns then cost nothing to build)."""
    if not _GLUED.search(target):
        return None
    for form in accepted_forms(surname, given):
        pattern = r"\b" + r"[\s-]+".join(map(regex.escape, form.split())) + _GLUED.pattern
        match = _compiled(pattern, regex.IGNORECASE).search(target)
        if match and form.split()[0] in surname_forms(surname) and pinyin_split(match.group(1)):
            return Candidate(match.start(), match.end(), match.group(), letters(match.group()), True, False)
    return None


def _garbled_given(
    name: SourceName, near: list[Candidate], surnames: frozenset[str], givens: set[str]
) -> Candidate | None:
    """The pinyin surname beside one word that is neither pinyin nor English but spells nearly the
    given name's pinyin ("Zhou Yianheng" for the reporter 周帙恒): the given name garbled, not a
    Hong Kong or English one, which comes with its own surname's spelling ("Chow", "Chan")."""
    if name.likeness < STRONG:
        return None
    for cand in near:
        words = cand.text.split()
        if len(words) != 2 or "-" in cand.text:
            continue
        for surname, given in ((words[0], words[1]), (words[1], words[0])):
            surname, given = letters(surname), letters(given)
            if (
                surname in surnames
                and _pinyin_surname(surname)
                and pinyin_split(given) is None
                and zipf(given) < ENGLISH_WORD_ZIPF
                and any(Indel.normalized_similarity(given, g) >= MISREAD_GIVEN for g in givens if g)
            ):
                return cand
    return None


HYPHENATED_MISREAD = "a hyphenated given name, a syllable of which reads none of its character's readings"


def _hyphenated(near: list[Candidate], surnames: frozenset[str], given: str) -> list[tuple[Candidate, bool]]:
    """The surname beside a hyphenated given name of as many syllables as the given name has
    characters — Hong Kong's or Taiwan's way of writing a name — each with whether all its syllables
    read their characters, in pinyin, Wade–Giles, or Cantonese as Hong Kong spells it ("Cheung
    Chi-ming" for 张志明 does; "Chan Kai-sun" for 陈凯先 does not: 先 is xian, hsien or sin). An
    English given name (one word) is none."""
    found = []
    for cand in near:
        words = cand.text.split()
        if len(words) != 2:
            continue
        for surname, hyphenated in ((words[0], words[1]), (words[1], words[0])):
            syllables = [letters(part) for part in hyphenated.split("-")]
            if letters(surname) in surnames and len(syllables) == len(given) >= 2:
                found.append((cand, all(_reads(s, char) for s, char in zip(syllables, given, strict=True))))
    return found


def _misread_hyphenated(hyphenated: list[tuple[Candidate, bool]]) -> Candidate | None:
    """The first hyphenated given name of :func:`_hyphenated` a syllable of which reads no character."""
    return next((cand for cand, read in hyphenated if not read), None)


def _reads(syllable: str, char: str) -> bool:
    """A written syllable is one of the character's readings — pinyin, Wade–Giles, or Cantonese as
    Hong Kong spells it — or the start of one, as a person may shorten it (马友友 "Yo-Yo Ma")."""
    readings = _readings(char)
    return any(reading.startswith(syllable) for reading in readings) if len(syllable) >= 2 else syllable in readings


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """A character's readings in Latin letters: pinyin, Wade–Giles, Cantonese as Hong Kong spells it."""
    return (
        frozenset(plain_u(reading) for readings in heteronym_readings(char) for reading in readings)
        | {letters("".join(wade_giles_syllables(char)))}
        | hong_kong_spellings(char)
    )


def _initial_reads(initial: str, char: str) -> bool:
    """A letter is the first of one of the character's readings (pinyin, Wade–Giles, Cantonese)."""
    return any(reading.startswith(initial) for reading in _readings(char))


def _written_otherwise(near: list[Candidate], surnames: frozenset[str], givens: frozenset[str] = frozenset()) -> bool:
    """The surname stands by a capitalised word that is no pinyin and either no common English word
    or an English given name: a Hong Kong, Taiwan or English given name ("Morris Chang", "Eric Xu"),
    which is how the person writes it. An English given name that is also pinyin is theirs where it
    sounds like their given name (张丽莎 "Lisa Zhang", 丽莎 being Lisa in Chinese letters; "Lina" is not)."""
    for cand in near:
        words = cand.text.replace("-", " ").split()
        if len(words) >= 2 and any(letters(w) in surnames for w in words):
            others = [letters(w) for w in words if letters(w) not in surnames]
            if others and all(_own_given_name(w, givens) for w in others):
                return True
    return False


#: Initials before a name: "C.C. " of "C.C. Wei", "T. " of "T. Chan".
_INITIALS_BEFORE = regex.compile(r"(?<![\p{L}.])((?:[A-Z]\.[ -]?){1,3})\s*$")


def _with_initials(near: list[Candidate], surnames: frozenset[str], given: str, target: str) -> bool:
    """The surname after the initials of the given name's syllables, one for each character (魏哲家
    "C.C. Wei": 哲家 is che-chia in Wade–Giles), as people in Taiwan and Hong Kong often write it."""
    for cand in near:
        if letters(cand.text) not in surnames:
            continue
        match = _INITIALS_BEFORE.search(target, 0, cand.start)
        if match is None:
            continue
        initials = [c.lower() for c in match.group(1) if c.isalpha()]
        if len(initials) == len(given) and all(
            _initial_reads(i, char) for i, char in zip(initials, given, strict=True)
        ):
            return True
    return False


def _own_name(cand: Candidate) -> bool:
    """Every word of ``cand`` is a name no pinyin nor common English word, or an English given name,
    and one is no common word ("Howard Goldblatt", "Schmidt"; not "The German", nor "German")."""
    words = [letters(word) for word in cand.text.replace("-", " ").split()]
    return all(_own_given_name(word, frozenset()) for word in words) and any(zipf(w) < COMMON_ZIPF for w in words)


def _own_given_name(word: str, givens: frozenset[str]) -> bool:
    """``word`` (lower case) is a given name the person may write: no pinyin and no common English
    word, or an English given name (one that is pinyin too only where it sounds like ``givens``)."""
    if pinyin_split(word) is None:
        return zipf(word) < COMMON_ZIPF or word in given_names()
    return word in given_names() and any(Indel.normalized_similarity(word, g) >= SOUNDS_LIKE_GIVEN for g in givens)


def _wrong(
    name: SourceName, cand: Candidate, expected: str | None, why: str, ceiling: float = WRONG_ROMANISATION
) -> Verdict:
    """A name written as a name, wrongly: as sure as the target shows it, and the source that it is one."""
    confidence = min(ceiling, 0.55 + 0.4 * name.likeness)
    return Verdict(
        False,
        cand,
        confidence,
        expected,
        (f"written as a name with {why}", *name.evidence),
        f"'{cand.text}' does not render the name {name.text}: its standard rendering is '{expected}'",
    )


def _foreign_reading(name: SourceName, target: str) -> Verdict:
    """A Vietnamese, Korean or Japanese name: rendered in its own language, not in Mandarin pinyin
    ("Fan Mingzheng", "Pham Minh Zheng"), nor with a given name none of its readings gives."""
    assert name.foreign is not None
    judgement = judge_foreign(name.foreign, target)
    expected = (readings(name.foreign) or (None,))[0]
    if judgement.verdict == "accepted":
        return Verdict(True)
    if not judgement.text or judgement.span is None:
        return _absent(
            name, expected, f"the name {name.text} is not rendered in the translation (usually '{expected}')"
        )
    span = judgement.span
    found = Candidate(span[0], span[1], judgement.text, letters(judgement.text), True, False)
    ceiling = WRONG_ROMANISATION if judgement.verdict in ("mandarin", "partly_mandarin") else UNREAD_GIVEN
    why = {"mandarin": "read in Mandarin", "partly_mandarin": "partly read in Mandarin"}.get(
        judgement.verdict, "a given name it does not have"
    )
    verdict = _wrong(name, found, expected, why, ceiling)
    return verdict._replace(
        message=f"'{judgement.text}' does not render the {_ORIGIN[name.foreign.origin]} name "
        f"{name.text} ({judgement.detail}): it is usually '{expected}'"
    )


_ORIGIN = {"ja": "Japanese", "ko": "Korean", "vi": "Vietnamese"}


def _dictionary(
    name: SourceName, joined: str, nearby: Callable[[], list[Candidate]], found: Callable[[], list[Candidate]]
) -> Verdict:
    forms = _dictionary_forms(name)
    if name.longer and not _abroad(name):  # 珠江新城 Zhujiang New Town: a longer name gives the place in pinyin
        syllables = pinyin_syllables(name.normalised)
        forms = (*forms, " ".join(syllables), "".join(syllables))
    if (
        any(_stands_in(form, joined) for form in forms)
        or _glued_in(forms, joined)
        or _spelt_alike(forms, joined)
        or (name.dictionary_kind == "person" and _derived_in(forms, joined))
        or (name.dictionary_kind in ("place", "other") and _demonym_in(forms, joined))
    ):
        return Verdict(True)
    near = nearby()
    expected = name.english[0]
    if _chinese_written_otherwise(name, near):
        return Verdict(True)
    for cand in near:  # a foreign name in the pinyin of its transliteration ("Linken" for Lincoln)
        if (cand.foreign and _pinyin_of(cand, name.normalised)) or _pinyin_of_place(cand, name):
            return Verdict(
                False,
                cand,
                _pinyin_confidence(name),
                expected,
                ("the pinyin of the name's characters",),
                f"'{cand.text}' is the pinyin of {name.text}: the name is '{expected}'",
            )
    misread = _place_read_otherwise(name, found())  # anywhere: a reading of its own is no chance
    if misread is not None:
        return Verdict(
            False,
            misread,
            CLOSE_TO_DICTIONARY,
            expected,
            ("another reading of the place's characters",),
            f"'{misread.text}' reads {name.text} otherwise: the place is '{expected}'",
        )
    keys = [form.replace(" ", "") for form in forms]
    best = max(near, key=lambda c: _closeness(c.key, keys), default=None)
    if best is not None and _closeness(best.key, keys) >= 0.75 and best.foreign:
        closest = max(name.english, key=lambda e: _closeness(best.key, [letters(e)]))  # "Munick": Munich, not München
        return Verdict(
            False,
            best,
            CLOSE_TO_DICTIONARY,
            closest,
            ("close to the dictionary's English",),
            f"'{best.text}' for {name.text}: the dictionary name is '{closest}'",
        )
    absent = _absent(
        name,
        expected,
        f"{name.text} ({name.dictionary_kind}, not in the glossary) is usually "
        f"rendered '{expected}', which is not in the translation",
    )
    if not name.longer:
        return absent
    return absent._replace(
        confidence=min(absent.confidence, IN_LONGER_NAME),
        evidence=(*absent.evidence, f"part of the longer name {name.longer}, which the translation may name otherwise"),
    )


def _chinese_written_otherwise(name: SourceName, near: list[Candidate]) -> bool:
    """A Chinese person the dictionary names in pinyin (马化腾 Ma Huateng) may write their name with
    an English given name ("Pony Ma"), as :func:`_written_otherwise` accepts for any Chinese name —
    here an English word or given name only: the dictionary's pinyin garbled ("Ma Huaten") is wrong —
    or the Hong Kong or Wade–Giles way, syllable by syllable (冯友兰 "Fung Yu-lan")."""
    parts = split_surname(name.normalised)
    if name.dictionary_kind != "person" or parts is None or not is_pinyin_name(name.english[0]):
        return False
    surnames = surname_forms(parts[0])
    if any(read for _, read in _hyphenated(near, surnames, parts[1])):
        return True
    english = [
        c
        for c in near
        if all(w in surnames or zipf(w) >= ENGLISH_WORD_ZIPF or w in given_names() for w in _name_words(c.text))
    ]
    return _written_otherwise(english, surnames)


def _pinyin_of_place(cand: Candidate, name: SourceName) -> bool:
    """A place's pinyin with an English place word after it, where the dictionary's English is no
    pinyin ("Dawan District" for 大湾区, the Greater Bay Area)."""
    head = name.normalised
    if name.dictionary_kind != "place" or _place_core(head) == head:
        return False
    core = without_place_words(cand.text)
    return bool(core) and letters(core) == "".join(pinyin_syllables(_place_core(head)))


@lru_cache(maxsize=50_000)
def _forms_of(head: str, english: tuple[str, ...], kind: str, abroad: bool = False) -> tuple[str, ...]:
    """The accepted renderings of a dictionary name: its English names (a person's surname alone
    too), and the pinyin spaced or joined where the English is itself the pinyin (Chinese places),
    or may be for a place English does not translate word for word (Nansha for 南沙群岛, the Spratly
    Islands; not Dawan for 大湾区, the Greater Bay Area) where the dictionary gives no pinyin of its own
    — not for a place ``abroad``, in Japan, Korea or Vietnam (釜山 is Busan, never Fushan)."""
    forms = {" ".join(w.lower() for w in _WORDS.findall(e.replace("Mt ", "Mount "))) for e in english}
    if kind == "person":
        forms |= {f.split()[-1] for f in forms if f}
    if kind == "place":
        forms |= {without_place_words(f) for f in forms} - {""}
    if kind in ("org", "place"):  # CC-CEDICT's "Brown University, Providence, Rhode Island" reads as a place
        forms |= {without_org_words(f) for f in forms} - {""}  # Brown (University), Dartmouth (College)
    forms |= {a.lower() for e in english for a in acronyms(e) if len(a) >= 3}  # GBA, TSMC (not "us")
    syllables = pinyin_syllables(head)
    core = _place_core(head)
    cores = {"".join(syllables), "".join(pinyin_syllables(core))}
    chinese = any(f.replace(" ", "") in cores or any(w in cores for w in f.split()) for f in forms)
    translated = any(literal_span(head, e) is not None for e in english)  # 大湾区 Greater Bay Area, not Dawan
    in_pinyin = _in_pinyin(english)  # 朝阳区 Chaoyang: not the other reading, Zhaoyang
    if not abroad and (chinese or (kind == "place" and core != head and not translated and not in_pinyin)):
        forms |= {
            "".join(syllables),
            " ".join(syllables),
            "".join(pinyin_syllables(core)),
        }  # 泰山 Taishan, 南沙群岛 Nansha
    return tuple(f for f in forms if f)


#: Last characters of Chinese place names that English translates (南沙群岛 → Nansha Islands).
PLACE_CHARACTERS = frozenset("岛山湖河江省市县区镇村港湾海峡")


def _place_read_otherwise(name: SourceName, near: list[Candidate]) -> Candidate | None:
    """A Chinese place the dictionary gives in pinyin, written in another reading of its characters
    ("Zhaoyang District" for 朝阳区, Chaoyang; 朝 is zhao in 朝阳 "the morning sun")."""
    if name.dictionary_kind != "place" or not _in_pinyin(name.english):
        return None
    given = {letters(e) for e in name.english}
    readings = set(_pinyins(_place_core(name.normalised))) - given
    return next((c for c in near if letters(without_place_words(c.text)) in readings), None)


def _in_pinyin(english: tuple[str, ...]) -> bool:
    """Whether the dictionary gives a name in pinyin of its own (朝阳区 Chaoyang)."""
    return any(pinyin_split(letters(e)) for e in english)


def _place_core(head: str) -> str:
    """A Chinese place's name less the last characters English translates (南沙 of 南沙群岛)."""
    return head[:-2] if head.endswith("群岛") else head[:-1] if head[-1] in PLACE_CHARACTERS else head


def _spelt_alike(forms: tuple[str, ...], joined: str) -> bool:
    """A spelling of the dictionary's name one letter apart in each long word, as English writes
    well-known names more than one way: a vowel for another (Uyghur / Uighur, Macau / Macao), a
    letter doubled or not (Zelensky / Zelenskyy), an h more or less (Kazakstan). A consonant lost or
    changed is a slip ("Stockhom", "Munick", "Shakepeare")."""
    words = joined.split()
    for form in forms:
        parts = form.split()
        for i in range(len(words) - len(parts) + 1):
            if all(a == b or (len(b) >= 5 and _variant_spelling(a, b)) for a, b in zip(words[i:], parts, strict=False)):
                return True
    return False


_VOWELS = frozenset("aeiouy")


def _variant_spelling(written: str, name: str) -> bool:
    """``written`` is ``name`` with one vowel for another, one letter doubled or undoubled, or an h
    added or dropped."""
    edits = Levenshtein.editops(name, written)
    if len(edits) != 1:
        return False
    (edit,) = edits
    if edit.tag == "replace":
        return name[edit.src_pos] in _VOWELS and written[edit.dest_pos] in _VOWELS
    longer, at = (name, edit.src_pos) if edit.tag == "delete" else (written, edit.dest_pos)
    letter = longer[at]
    return letter == "h" or longer[at - 1 : at] == letter or longer[at + 1 : at + 2] == letter


#: Endings that make a word of a person's name: Kantian, Shakespearean, Darwinists, Marxism, Maoist.
_DERIVED = regex.compile(r"(?:ian|ean|an|ism|ist|ite|esque)s?")


def _derived_in(forms: tuple[str, ...], joined: str) -> bool:
    """A word made of a person's name ("neo-Kantian" for 新康德主义, "Freudian"): the name is
    rendered. Confucius and his like drop their Latin ending first (Confucian)."""
    for form in forms:
        if " " in form or len(form) < 3:
            continue
        stem = form[:-2] if form.endswith("us") and len(form) > 5 else form
        if f" {stem}" in joined and _compiled(rf" {regex.escape(stem)}{_DERIVED.pattern} ").search(joined):
            return True
    return False


#: Endings of the adjectives and demonyms of places: Venetian, Parisians, Milanese, Roman.
_DEMONYM = regex.compile(r" (\p{L}{3,}?)(?:ians?|eans?|ese|ans?) ")


def _demonym_in(forms: tuple[str, ...], joined: str) -> bool:
    """An adjective of the place ("the Venetian merchant" for 威尼斯商人, "Parisians"): a word with a
    demonym's ending whose first four letters are the place's, and no piece of its name ("Tianan" of
    Tiananmen is the name cut short)."""
    places = [form.replace(" ", "") for form in forms if len(form.replace(" ", "")) >= 4]
    return any(
        any(place[:4] == match.group(1)[:4] and not place.startswith(match.group().strip()) for place in places)
        for match in _DEMONYM.finditer(joined, overlapped=True)
    )


def _glued_in(forms: tuple[str, ...], joined: str) -> bool:
    """A multi-word name written without its spaces ("USSNevada", "South China SeaStrategic") is
    there all the same: a spacing slip, not a wrong name."""
    glued = joined.replace(" ", "")
    return any(" " in form and form.replace(" ", "") in glued for form in forms)


def _stands_in(form: str, joined: str) -> bool:
    """``form`` (lower-case words) is in the target's words, either with or without a plural ending."""
    return f" {_stem(form)} " in _stemmed(joined)


@lru_cache(maxsize=4)
def _stemmed(joined: str) -> str:
    return _stem(joined)


def _stem(words: str) -> str:
    """Words without a plural ending (laboratories → laboratory, seas → sea), so either form matches."""
    return " ".join(
        w[:-3] + "y" if w.endswith("ies") and len(w) > 4 else w[:-1] if w.endswith("s") and len(w) > 3 else w
        for w in words.split(" ")
    )


def _dictionary_forms(name: SourceName) -> tuple[str, ...]:
    return _forms_of(name.normalised, name.english, name.dictionary_kind, _abroad(name))


def _abroad(name: SourceName) -> bool:
    """A dictionary place in Japan, Korea or Vietnam, by CC-CEDICT's definition."""
    return any(e.startswith("CC-CEDICT: ") and ABROAD.search(e) is not None for e in name.evidence)


def _closeness(key: str, keys: list[str]) -> float:
    return max((Indel.normalized_similarity(key, k) for k in keys), default=0.0)


def _transliterated(
    name: SourceName, near: list[Candidate], target: str, position: float, found: Callable[[], list[Candidate]]
) -> Verdict:
    """A foreign name (or a business's) must not be written as the pinyin of its characters —
    nor, for a business, as the pinyin of other characters, or translated word for word at about
    its ``position`` in the ``target``. The whole pinyin of a foreign name's characters is looked
    for anywhere in the target (English moves a place to the end: "…system in Kulidiba")."""
    syllables = pinyin_syllables(name.normalised.replace("·", ""))
    pinyin = "".join(syllables)
    whole = "" if name.kind == "brand" else name.normalised.replace("·", "")
    farther = (c for c in found() if c not in near and (c.foreign or is_pinyin_name(c.text)) and _pinyin_of(c, whole))
    for cand in chain(near, farther) if whole else near:
        if (name.kind == "brand" and _closeness(cand.key, [pinyin]) >= 0.9) or (
            name.kind != "brand"
            and (
                ((cand.foreign or is_pinyin_name(cand.text)) and _pinyin_of(cand, whole))
                or _partly_pinyin(cand, name, syllables)
            )
        ):
            if name.kind == "brand":
                return Verdict(True)
            return Verdict(
                False,
                cand,
                _pinyin_confidence(name),
                None,
                ("the pinyin of the name's transliteration characters",),
                f"'{cand.text}' is the pinyin of {name.text}, a transliterated foreign name: "
                f"the original name is expected",
            )
    if name.kind == "brand":
        return _brand(name, near, target, position, syllables)
    if near:
        return Verdict(True)  # some name stands there: what the original name is, the tool cannot know
    return _absent(name, None, f"the foreign name {name.text} is not rendered in the translation")


def _brand(
    name: SourceName, near: list[Candidate], target: str, position: float, syllables: tuple[str, ...]
) -> Verdict:
    """A business's name or a nickname, not written as its pinyin nor rendered by the English near
    its place: its characters translated word for word (looked for first: the pinyin of another
    name beside it, "Zhiyun Restaurant's Little Cloud", is not its rendering), the pinyin of other
    characters, or its first characters translated and the others in pinyin."""
    pinyin = "".join(syllables)
    expected = pinyin.capitalize()
    literal = _translated_at(name, target, position) or _translated_at(name, target, position, name.longer)
    if literal is not None:
        return _wrong_brand(
            literal,
            expected,
            LITERAL_EVIDENCE,
            f"'{literal.text}' translates the characters of {name.text}, {_brand_kind(name)}, word for word: "
            f"its pinyin is '{expected}'",
            LITERAL_BRAND,
            name.evidence,
        )
    for cand in near:
        if is_pinyin_name(cand.text) and _closeness(cand.key, [pinyin]) >= 0.5 and len(cand.key) >= len(pinyin) - 2:
            message = f"'{cand.text}' for {name.text}: its pinyin is '{expected}'"
            return _wrong_brand(cand, expected, "the pinyin of other characters", message)
    for cand in near:
        part = _pinyin_of_its_end(cand, syllables)
        if part:
            return _wrong_brand(
                cand,
                expected,
                "its first characters translated, the others in pinyin",
                f"'{cand.text}' for {name.text}: '{part}' is the pinyin of its last characters, and the "
                f"characters before them are translated; its pinyin is '{expected}'",
            )
    return Verdict(True)  # an English name of the business, or words: whether they are a name, only
    # the segmentation could say, and for an unknown business it is a guess (你叫餐厅 "you call the restaurant")


def _brand_kind(name: SourceName) -> str:
    return "a nickname" if NICKNAME_MARK in name.evidence else "the name of a business"


def _wrong_brand(
    cand: Candidate,
    expected: str,
    why: str,
    message: str,
    confidence: float = WRONG_ROMANISATION,
    evidence: tuple[str, ...] = (),
) -> Verdict:
    """A business's name written otherwise than as its pinyin, ``expected``."""
    return Verdict(False, cand, confidence, expected, (*evidence, why), message)


def _pinyin_of_its_end(cand: Candidate, syllables: tuple[str, ...]) -> str | None:
    """The word of ``cand`` that is the pinyin of the name's last two characters or more, after an
    English word that translates the others ("Eight Lihan" for 八里罕 Balihan): the name half
    translated."""
    words = cand.text.split()
    for i, word in enumerate(words[1:], 1):
        key = letters(word)
        for k in range(1, len(syllables) - 1):
            if key == "".join(syllables[k:]) and zipf(words[i - 1]) >= ENGLISH_WORD_ZIPF:
                return word
    return None


def _partly_pinyin(cand: Candidate, name: SourceName, syllables: tuple[str, ...]) -> bool:
    """Two words of the candidate, one syllable each, spell the pinyin of two characters of the name
    in a row that are no ordinary word ("Kirkay Guo Er" for 克尔凯郭儿: 郭儿 is guo er): the name read
    in part (not "Xi Ci" for 系辞, a commentary of the Book of Changes)."""
    chars = [c for c in name.normalised if _HAN.match(c)]
    if len(chars) != len(syllables):
        return False
    words = [letters(w) for w in cand.text.replace("-", " ").split()]
    return any(
        tuple(words[i : i + 2]) == syllables[j : j + 2] and not ordinary_word("".join(chars[j : j + 2]))
        for i in range(len(words) - 1)
        for j in range(len(syllables) - 1)
    )


def _pinyin_of(cand: Candidate, text: str) -> bool:
    """The candidate spells the pinyin of ``text``'s characters, in any of their two commonest
    readings (什 shen or shi of 凯莱什): pinyin-shaped and close to it, or all but identical ("WeiSino"
    for wei si nuo; not "Ulala", a fair rendering of 乌拉拉 wulala)."""
    closeness = _closeness(cand.key, _pinyins(text))
    return closeness >= PINYIN_IDENTICAL or (closeness >= PINYIN_CLOSE and is_pinyin_name(cand.text))


@lru_cache(maxsize=50_000)
def _pinyins(text: str) -> list[str]:
    """The pinyin of ``text`` joined, each character in one of its two commonest readings (至多 8)."""
    return ["".join(combo) for combo in _reading_combinations(heteronym_readings(text), 2)]


def _pinyin_confidence(name: SourceName) -> float:
    """As sure as the target shows the pinyin and the source that the span is a foreign name."""
    return min(PINYIN_OF_TRANSLITERATION, 0.35 + 0.6 * name.likeness)


def _absent(name: SourceName, expected: str | None, message: str) -> Verdict:
    return Verdict(False, None, ABSENT * name.likeness, expected, (*name.evidence, "nothing renders it"), message)


def _finding(doc_id: str, seg_id: str, name: SourceName, verdict: Verdict) -> Finding:
    found = verdict.found
    return UnlistedNameCheck.kinds[0].finding(
        doc_id,
        seg_id,
        source_term=name.text,
        expected=verdict.expected,
        found=found.text if found else None,
        target_span=[found.start, found.end] if found else None,
        suggestion=verdict.expected,
        message=verdict.message,
        confidence=verdict.confidence,
        extra={"evidence": list(verdict.evidence)},
    )
