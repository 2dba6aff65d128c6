"""XLIFF 1.2 and 2.x bilingual files, read as a stream with inline tags kept aside.

Rows: one per ``<trans-unit>`` (1.2) or per ``<segment>`` of a ``<unit>`` (2.x). ``seg_id`` is
the unit id (``unit:segment`` when a 2.x unit has several segments); ``doc_id`` is the
``<file original>`` (or 2.x ``<file id>``), else the file name. Units marked
``translate="no"`` are skipped; a unit without ``<target>`` is a row with an empty target
(untranslated text is something an audit should see).

Another translation of the same source becomes the ``mt`` column: in 1.2 the first ``<alt-trans>``
that translates this very source (no ``<source>`` of its own, or the same text: a fuzzy match of
another sentence is not one), into English (``xml:lang``, when given) and is not
``alttranstype="rejected"``; in 2.x likewise the first translation candidate
(``<mtc:match>``, Translation Candidates module) whose ``ref`` points at the segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from mtaudit.corpus.base import Reader
from mtaudit.corpus.inline import plain_text, side_columns, to_markup
from mtaudit.corpus.languages import is_english, require_pair
from mtaudit.errors import InputError
from mtaudit.xmlsafe import attribute, iter_events, local_name


class XliffReader(Reader):
    name = "xliff"
    extensions = (".xlf", ".xliff")
    summary = "XLIFF 1.2 and 2.x: trans-unit/unit ids, inline tags kept in *_markup columns"

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        current_doc = doc_id
        for event, element in iter_events(path, starts=("file",), ends=("trans-unit", "unit")):
            name = local_name(element)
            if event == "start" and element.getparent() is None:
                if name != "xliff":
                    raise InputError(f"not an XLIFF file (root element <{name}>)", path, element.sourceline)
                require_pair(element.get("srcLang"), element.get("trgLang"), path, element.sourceline)
            elif event == "start":
                current_doc = element.get("original") or element.get("id") or doc_id
                require_pair(element.get("source-language"), element.get("target-language"), path, element.sourceline)
            elif element.get("translate") == "no":
                continue
            elif name == "trans-unit":
                row = _row(element, current_doc, element.get("id"), path)
                row["mt"] = _alternative(_children(element, "alt-trans"), row["source"])
                yield row
            else:
                yield from _unit_rows(element, current_doc, path)


def _unit_rows(unit: etree._Element, doc_id: str, path: Path) -> Iterator[dict[str, Any]]:
    segments = [child for child in unit if local_name(child) == "segment"]
    if not segments:
        raise InputError("XLIFF 2 <unit> without <segment>", path, unit.sourceline)
    unit_id = unit.get("id")
    matches = [match for holder in _children(unit, "matches") for match in _children(holder, "match")]
    for position, segment in enumerate(segments, start=1):
        seg_id = unit_id if len(segments) == 1 else f"{unit_id}:{segment.get('id') or position}"
        row = _row(segment, doc_id, seg_id, path)
        mine = matches if len(segments) == 1 else [m for m in matches if _refers_to(m, segment)]
        row["mt"] = _alternative(mine, row["source"])
        yield row


def _refers_to(match: etree._Element, segment: etree._Element) -> bool:
    """Whether a 2.x candidate's ``ref`` (``#id``) points at ``segment`` or at a span inside it."""
    ref = (match.get("ref") or "").lstrip("#")
    return bool(ref) and (ref == segment.get("id") or any(e.get("id") == ref for e in segment.iter()))


def _alternative(candidates: list[etree._Element], source: str) -> str | None:
    """The plain text of the first candidate translation of ``source`` (see the module docstring)."""
    for candidate in candidates:
        if candidate.get("alttranstype") == "rejected":
            continue
        own_source, target = _child(candidate, "source"), _child(candidate, "target")
        if target is None or not is_english(attribute(target, "xml:lang", "lang") or "en"):
            continue
        if own_source is not None and _text(own_source).split() != source.split():
            continue  # a translation of another sentence (a fuzzy match)
        text = _text(target).strip()
        if text:
            return text
    return None


def _text(element: etree._Element) -> str:
    return plain_text(to_markup(element))


def _row(holder: etree._Element, doc_id: str, seg_id: str | None, path: Path) -> dict[str, Any]:
    if not seg_id:
        raise InputError("translation unit without an id", path, holder.sourceline)
    source = _child(holder, "source")
    if source is None:
        raise InputError(f"unit '{seg_id}' has no <source>", path, holder.sourceline)
    target = _child(holder, "target")
    row = {"doc_id": doc_id, "seg_id": seg_id, "source_file": str(path), "target_file": str(path)}
    row.update(side_columns("source", source))
    row.update(side_columns("target", target))
    return row


def _child(holder: etree._Element, name: str) -> etree._Element | None:
    """A direct child only: ``<alt-trans>`` holds other sources and targets that are not the unit's."""
    return next(iter(_children(holder, name)), None)


def _children(holder: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in holder if local_name(child) == name]
