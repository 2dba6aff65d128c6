"""Split a paragraph into sentences: Chinese by its terminators, English around abbreviations.

Both splitters return ``(start, end)`` character offsets into the paragraph, so a sentence can be
traced back to its place in the file.

- Chinese ends a sentence at 。！？；… (and ASCII ! ? ;), keeping closing quotes and brackets
  with it. A terminator inside quotation marks does not end the sentence: 他说：“我们会来。你们呢？”
  is one unit, as its English translation is. When quotes are unbalanced they are ignored.
- English ends a sentence at . ! ? followed by a space and a capital, digit or opening quote —
  except after abbreviations (Mr., Jan., No., U.S., initials) — and also at a period glued to
  the next capitalised word ("Friday.It"), which feed exports produce.
"""

from __future__ import annotations

import regex

Span = tuple[int, int]

_ZH_TERMINATORS = "。！？；!?;…"
_CLOSERS = "”’」』）)》〉】\"'"
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}

#: Words after which a period does not end an English sentence (lower case, without the period).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "pres",
        "amb",
        "inc",
        "co",
        "corp",
        "ltd",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "vs",
        "approx",
        "ca",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "mt",
        "ft",
        "ave",
        "blvd",
        "rd",
    ]
)
#: Abbreviations only before a number ("No. 3", "Vol. 2"): "… said no. It …" ends a sentence.
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "op", "p", "pp", "art", "sec"})

_EN_BOUNDARY = regex.compile(
    r"""(?<=[.!?][\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[\p{Lu}\p{N}])"""  # end mark, space, capital or digit
    r"""|(?<=\p{Ll}{2}[.!?][\"'”’)]*)(?=\p{Lu}\p{Ll})"""  # "Friday.It": no space, glued
)
_LAST_WORD = regex.compile(r"([\p{L}.]+)[.!?][\"'”’)\]]*$")
#: Capitalised words that start a new sentence even after an acronym ("… the U.S. The …").
_STARTERS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "In",
        "On",
        "At",
        "But",
        "And",
        "However",
        "A",
        "An",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "After",
        "Before",
        "When",
        "While",
    ]
)


def split_chinese(text: str) -> list[Span]:
    """Sentence spans of a Chinese paragraph."""
    spans = _split_chinese(text, respect_quotes=True)
    return spans if spans is not None else _split_chinese(text, respect_quotes=False) or []


def _split_chinese(text: str, respect_quotes: bool) -> list[Span] | None:
    spans: list[Span] = []
    start = 0
    expected: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if respect_quotes and char in _QUOTE_PAIRS:
            expected.append(_QUOTE_PAIRS[char])
        elif respect_quotes and expected and char == expected[-1]:
            expected.pop()
            if not expected and i > 0 and text[i - 1] in _ZH_TERMINATORS:
                end = _after_closers(text, i + 1)
                _append(spans, text, start, end)
                start, i = end, end
                continue
        elif char in _ZH_TERMINATORS and not expected:
            end = i + 1
            while end < n and text[end] in _ZH_TERMINATORS:
                end += 1
            end = _after_closers(text, end)
            _append(spans, text, start, end)
            start, i = end, end
            continue
        i += 1
    if respect_quotes and expected:
        return None
    _append(spans, text, start, n)
    return spans


def _after_closers(text: str, end: int) -> int:
    while end < len(text) and text[end] in _CLOSERS and text[end] not in _QUOTE_PAIRS:
        end += 1
    return end


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` trimmed of surrounding whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def split_english(text: str) -> list[Span]:
    """Sentence spans of an English paragraph."""
    spans: list[Span] = []
    start = 0
    for match in _EN_BOUNDARY.finditer(text):
        if _is_abbreviation(text[start : match.start()], text[match.end() :]):
            continue
        _append(spans, text, start, match.start())
        start = match.end()
    _append(spans, text, start, len(text))
    return spans


def _is_abbreviation(before: str, after: str) -> bool:
    """Whether the period ending ``before`` belongs to an abbreviation rather than ending it."""
    if not before.rstrip("\"'”’)]").endswith("."):
        return False
    match = _LAST_WORD.search(before)
    if match is None:
        return False
    word = match.group(1)
    if "." in word or (len(word) == 1 and word.isupper()):  # U.S., e.g, initials such as "J."
        next_word = regex.match(r"[\"'“‘(]?(\p{L}+)", after)
        return not (next_word and next_word.group(1) in _STARTERS)
    if word.lower() in NUMBER_ABBREVIATIONS:
        return after[:1].isdigit()
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str, language: str) -> list[Span]:
    """Sentence spans for ``language`` ``"zh"`` or ``"en"``."""
    return split_chinese(text) if language == "zh" else split_english(text)
