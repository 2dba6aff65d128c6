"""TMX 1.4 translation memories, read as a stream.

A ``<tu>`` gives one row: its Chinese variant (``zh``, ``zh-CN``, ``zh-Hans``, ``zh-TW``,
``zh-Hant``…; the header ``srclang`` wins when a unit has several) as source and its first
English variant (``en``, ``en-US``…) as target. Units without a Chinese variant belong to another
language pair and are skipped; a unit without English has an empty target. ``seg_id`` is the
``tuid``, else the unit's 1-based position. TMX has no standard place for a second translation
of the same language, so a unit gives no ``mt``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from mtaudit.corpus.base import Reader
from mtaudit.corpus.inline import side_columns
from mtaudit.corpus.languages import is_chinese, is_english
from mtaudit.errors import InputError
from mtaudit.xmlsafe import attribute, iter_events, local_name


class TmxReader(Reader):
    name = "tmx"
    extensions = (".tmx",)
    summary = "TMX 1.4: tuid, Chinese (zh, zh-CN, zh-Hans, zh-TW…) and English variants"

    def documents(self, path: Path) -> bool:
        """A translation memory's units come from anywhere."""
        return False

    def own_ids(self, path: Path) -> bool:
        """Units with a ``tuid`` have ids (the first unit decides; else ``seg_id`` is the position)."""
        events = iter_events(path, starts=(), ends=("tu",))
        try:
            first = next((element for event, element in events if event == "end"), None)
            return first is not None and first.get("tuid") is not None
        finally:
            events.close()

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        srclang = ""
        position = 0
        languages: set[str] = set()
        for event, element in iter_events(path, starts=("header",), ends=("tu",)):
            name = local_name(element)
            if event == "start" and element.getparent() is None:
                if name != "tmx":
                    raise InputError(f"not a TMX file (root element <{name}>)", path, element.sourceline)
            elif event == "start":
                srclang = element.get("srclang") or ""
            else:
                position += 1
                variants = _variants(element, path)
                languages.update(variants)
                row = _row(variants, srclang, doc_id, element.get("tuid") or str(position), path)
                if row is not None:
                    yield row
        if not any(is_chinese(code) for code in languages):
            seen = ", ".join(sorted(languages)) or "none"
            raise InputError(f"no Chinese translation units (languages seen: {seen})", path)


def _variants(tu: etree._Element, path: Path) -> dict[str, etree._Element]:
    """Language code → ``<seg>`` of each ``<tuv>``, in document order."""
    variants: dict[str, etree._Element] = {}
    for tuv in tu:
        if local_name(tuv) != "tuv":
            continue
        code = attribute(tuv, "xml:lang", "lang")
        seg = next((child for child in tuv if local_name(child) == "seg"), None)
        if not code or seg is None:
            raise InputError("<tuv> without xml:lang or <seg>", path, tuv.sourceline)
        variants.setdefault(code, seg)
    return variants


def _row(
    variants: dict[str, etree._Element], srclang: str, doc_id: str, seg_id: str, path: Path
) -> dict[str, Any] | None:
    chinese = [code for code in variants if is_chinese(code)]
    if not chinese:
        return None
    source_code = srclang if srclang in chinese else chinese[0]
    english = next((code for code in variants if is_english(code)), None)
    row: dict[str, Any] = {"doc_id": doc_id, "seg_id": seg_id, "source_file": str(path), "target_file": str(path)}
    row.update(side_columns("source", variants[source_code]))
    row.update(side_columns("target", variants[english] if english else None))
    return row
