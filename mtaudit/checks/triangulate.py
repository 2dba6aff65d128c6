"""Name triangulation: a capitalised name in the candidate that the reference MT renders
differently, and that no glossary entry covers, is a ``name_mismatch`` warning.

It catches wrong names the glossary has never heard of ("Lei Mengduo" where the reference model
wrote "Raimondo"). Without an ``mt`` column (the reference MT stage skipped) it finds nothing.

A name is a run of capitalised words, trimmed of words common in English (``wordfreq`` Zipf >=
4.5: "The", "President", "Tuesday"). Within a name, the words that the other side lacks
(case-insensitive) form the differing part ("Treasury Secretary Yurun" vs "… Yellen": "Yurun");
differing parts on both sides are paired by their relative position in the sentence — the MT's
rendering of the same source span, approximately.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import regex

from mtaudit.checks.base import Check, Finding
from mtaudit.english import zipf

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext

_NAME = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’\-]*(?:[ \u00a0]+\p{Lu}[\p{L}'’\-]*)*(?![\p{L}\p{N}])")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
#: Words at least this frequent in English are ordinary words, not names.
COMMON_ZIPF = 4.5


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    position: float  # relative position in its sentence, 0..1


@lru_cache(maxsize=50_000)
def _is_common(word: str) -> bool:
    return zipf(word) >= COMMON_ZIPF


def names(text: str) -> list[Name]:
    """Capitalised runs with their common words trimmed off both ends ("President Bayeng" → "Bayeng")."""
    found = []
    for match in _NAME.finditer(text):
        words = list(_WORD.finditer(match.group()))
        keep = [w for w in words if not _is_common(w.group())]
        if not keep:
            continue
        start, end = match.start() + keep[0].start(), match.start() + keep[-1].end()
        found.append(Name(start, end, text[start:end], start / max(len(text), 1)))
    return found


def differing_parts(text: str, other: str) -> list[Name]:
    """The runs of name words in ``text`` that ``other`` does not contain."""
    other_words = _words(other)
    parts = []
    for name in names(text):
        group: list[tuple[int, int]] = []
        for word in [*_WORD.finditer(name.text), None]:
            if word is not None and word.group().lower() not in other_words:
                group.append((name.start + word.start(), name.start + word.end()))
                continue
            if group:
                start, end = group[0][0], group[-1][1]
                parts.append(Name(start, end, text[start:end], start / max(len(text), 1)))
                group = []
    return parts


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


class TriangulationCheck(Check):
    check_id = "name_mismatch"
    kinds = ("name_mismatch",)
    summary = "a name in the translation that the reference MT renders differently and no glossary entry covers"
    columns = ("doc_id", "seg_id", "target", "mt")

    def run(self, segments: "pd.DataFrame", context: "CheckContext") -> Iterable[Finding]:
        if "mt" not in segments.columns or segments["mt"].isna().all():
            return
        covered = _glossary_spans(segments, context)
        glossary_forms = {form.lower() for entry in context.glossary
                          for form in (*entry.accepted, *entry.forbidden, *entry.short)}
        rows = segments[["doc_id", "seg_id", "target", "mt"]].itertuples(index=False, name=None)
        for doc_id, seg_id, target, mt in rows:
            if not isinstance(mt, str) or not mt.strip() or not target:
                continue
            spans = covered.get((doc_id, seg_id), [])
            yield from self._segment(doc_id, seg_id, target, mt, spans, glossary_forms)

    def _segment(self, doc_id: str, seg_id: str, target: str, mt: str, spans: list[tuple[int, int]],
                 glossary_forms: set[str]) -> Iterable[Finding]:
        candidates = [n for n in differing_parts(target, mt)
                      if not any(n.start < end and start < n.end for start, end in spans)
                      and n.text.lower() not in glossary_forms]
        if not candidates:
            return
        renderings = differing_parts(mt, target)
        for name in candidates:
            if not renderings:
                return
            other = min(renderings, key=lambda r: abs(r.position - name.position))
            yield Finding(
                doc_id=doc_id, seg_id=seg_id, kind="name_mismatch", severity="warning",
                expected=other.text, found=name.text, target_span=[name.start, name.end], suggestion=other.text,
                message=f"'{name.text}' is not in the reference MT, which has '{other.text}' here; "
                        f"no glossary entry covers it: check the name",
            )


def _glossary_spans(segments: "pd.DataFrame", context: "CheckContext") -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Target spans the glossary already judged (any status): the terms check owns those."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for o in context.occurrences(segments):
        if o.span is not None:
            spans.setdefault((o.doc_id, o.seg_id), []).append((o.span.start, o.span.end))
    return spans
