"""Inline markup of XLIFF and TMX segments: plain text for the checks, spans mapped back.

A segment such as ``Meet <g id="1">Biden</g><x id="2"/> today`` is seen by the checks as the
plain text ``Meet Biden today``; the markup is kept (namespace-free, in the
``source_markup``/``target_markup`` columns) so a finding's ``target_span`` can be mapped back to
the original tags with :func:`markup_span`. The content of native-code elements (``<ph>``,
``<bpt>``, ``<ept>``, ``<it>``, ``<ut>``: the original document's formatting codes) is not text.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

import regex
from lxml import etree

#: Elements whose content is native code of the original format, not translatable text.
NATIVE_CODE = frozenset({"ph", "bpt", "ept", "it", "ut"})

_TOKEN = regex.compile(r"<(/?)([^\s/>]+)[^>]*?(/?)>|&(amp|lt|gt|quot|apos);|.", regex.S)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def to_markup(element: etree._Element) -> str:
    """The element's content as namespace-free markup (tags kept, text escaped)."""
    parts = [escape(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_serialise(child))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _serialise(element: etree._Element) -> str:
    name = _local(element.tag)
    attrs = "".join(f" {_local(k)}={quoteattr(v)}" for k, v in element.attrib.items())
    inner = to_markup(element)
    if not inner and len(element) == 0:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{inner}</{name}>"


def _plain_positions(markup: str) -> list[tuple[int, int, str]]:
    """(markup start, markup end, character) for each character of the plain text."""
    out: list[tuple[int, int, str]] = []
    skip = 0
    for match in _TOKEN.finditer(markup):
        if match.group(2):  # a tag
            closing, name, empty = match.group(1), _local(match.group(2)), match.group(3)
            if name in NATIVE_CODE and not empty:
                skip += -1 if closing else 1
            continue
        if skip:
            continue
        char = _ENTITIES[match.group(4)] if match.group(4) else match.group(0)
        out.append((match.start(), match.end(), char))
    return out


def plain_text(markup: str) -> str:
    """The text the checks see: tags and native codes removed, entities decoded."""
    return "".join(char for _, _, char in _plain_positions(markup))


def markup_span(markup: str, span: tuple[int, int] | list[int]) -> tuple[int, int]:
    """Map a ``[start, end)`` span of :func:`plain_text` to offsets in ``markup``.

    A span that crosses tags covers them (``Bi<g>den</g>`` → the whole of it).
    """
    start, end = span
    positions = _plain_positions(markup)
    if not 0 <= start < end <= len(positions):
        raise ValueError(f"span {list(span)} outside a plain text of {len(positions)} characters")
    return positions[start][0], positions[end - 1][1]


def side_columns(side: str, element: etree._Element | None) -> dict[str, Any]:
    """Segment-table columns for one side: plain text, line, and the markup when it has tags."""
    if element is None:
        return {side: "", f"{side}_line": None, f"{side}_markup": None}
    if not any(isinstance(child.tag, str) for child in element):  # the common case: plain text
        return {side: "".join(element.itertext()), f"{side}_line": element.sourceline, f"{side}_markup": None}
    markup = to_markup(element)
    return {side: plain_text(markup), f"{side}_line": element.sourceline, f"{side}_markup": markup}
