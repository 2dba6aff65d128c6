"""The sentence around a finding, as the text and Markdown reports show it: source and target
trimmed to ``CONTEXT`` characters either side of the term and of the wrong span, cut at a space
where one is near (so words stay whole), with an ellipsis where text was left out; runs of
whitespace (line breaks included) become one space, so an excerpt stays on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mtaudit.report.locations import source_term_span

#: Characters kept either side of the marked span.
CONTEXT = 40
#: Characters shown of a text that has nothing to mark.
HEAD = 2 * CONTEXT
#: How far a cut may move to fall on a space.
WORD_SLACK = 12
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Excerpt:
    """A trimmed text in three parts: before the span, the span, after it (the span may be empty)."""

    before: str
    span: str
    after: str

    def marked(self, left: str = "«", right: str = "»") -> str:
        middle = f"{left}{self.span}{right}" if self.span else ""
        return f"{self.before}{middle}{self.after}"


def excerpt(text: str, span: tuple[int, int] | None, context: int = CONTEXT) -> Excerpt:
    """``text`` trimmed around ``span`` (character offsets), or its beginning when there is none."""
    if span is None or not 0 <= span[0] <= span[1] <= len(text):
        end = _cut_before(text, HEAD, 1) if len(text) > HEAD else len(text)
        return Excerpt(_one_line(text[:end]) + (ELLIPSIS if end < len(text) else ""), "", "")
    start, stop = span
    left = _cut_after(text, start - context, start) if start > context else 0
    right = _cut_before(text, stop + context, stop) if len(text) - stop > context else len(text)
    before = (ELLIPSIS if left > 0 else "") + _one_line(text[left:start])
    after = _one_line(text[stop:right]) + (ELLIPSIS if right < len(text) else "")
    return Excerpt(before, _one_line(text[start:stop]), after)


def source_excerpt(finding: dict[str, Any], segment: dict[str, Any] | None) -> Excerpt:
    """The source around the finding's term."""
    source = str((segment or {}).get("source") or "")
    return excerpt(source, source_term_span(finding, segment))


def target_excerpt(finding: dict[str, Any], segment: dict[str, Any] | None) -> Excerpt:
    """The target around the finding's wrong span (its beginning when the finding has none)."""
    target = str((segment or {}).get("target") or "")
    span = finding.get("target_span")
    return excerpt(target, (int(span[0]), int(span[1])) if span and len(span) == 2 else None)


def _cut_after(text: str, at: int, limit: int) -> int:
    """A start near ``at`` (not past ``limit``): ``at`` where a word starts there, else just after a
    space within reach, else ``at``."""
    if text[at - 1].isspace():
        return at
    space = text.find(" ", at, min(at + WORD_SLACK, limit))
    return space + 1 if space >= 0 else at


def _cut_before(text: str, at: int, floor: int) -> int:
    """An end near ``at`` (not before ``floor``): at a space within reach, else ``at``."""
    space = text.rfind(" ", max(floor, at - WORD_SLACK), at + 1)
    return space if space >= floor else at


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text)
