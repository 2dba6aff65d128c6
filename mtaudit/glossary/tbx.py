"""TBX (ISO 30042) glossaries: v2 (``martif``, TBX-Basic) and v3 (``tbx``, 2019) are read; writing
gives v3 for ``.tbx`` unless v2 is asked for.

Mapping: Chinese language sections give ``source`` forms; in English ones the preferred term is
``target``, admitted terms are ``variants``, deprecated/superseded terms are ``forbidden`` and
terms typed ``shortForm`` are ``short``. ``subjectField`` carries the entry type, ``note`` the
note, and ``descrip`` types ``caseSensitive`` and ``hyphenation`` (mtaudit extensions) those settings. XML is read
as a stream by :mod:`mtaudit.xmlsafe` (no entity expansion, no external entities, no DTD).
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.errors import GlossaryError
from mtaudit.glossary.fields import make_entry, unknown_keys
from mtaudit.glossary.model import Entry, Glossary, UnknownKey
from mtaudit.options import Limits
from mtaudit.xmlsafe import iter_events

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
_WRONG = ("deprecated", "superseded", "notRecommended")
#: The ``descrip`` and ``termNote`` types read here. TBX has many more data categories (definition,
#: context…), so only a type close to one of these (a typo, ``caseSensitve``) is an unknown key.
DESCRIP_TYPES = ("subjectField", "caseSensitive", "hyphenation", "ambiguous")
TERM_NOTE_TYPES = ("termType", "partOfSpeech", "administrativeStatus", "normativeAuthorization")


def _snake(name: str) -> str:
    return {"caseSensitive": "case_sensitive"}.get(name, name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _descendants(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (node for node in element.iter() if _local(node.tag) == name)


def _language(element: ET.Element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").lower()


def _is_chinese(lang: str) -> bool:
    return lang.split("-")[0] in ("zh", "cmn", "yue", "zho", "chi")


def _is_english(lang: str) -> bool:
    return lang.split("-")[0] in ("en", "eng")


class TbxGlossaryFormat:
    name = "tbx"
    extensions = (".tbx",)
    summary = "TBX v2 (martif) and v3 (tbx): preferred, admitted and deprecated English terms"

    def __init__(self, version: int = 3):
        self.version = version

    def read(self, path: Path) -> Glossary:
        glossary, limits = Glossary(origins=[str(path)]), Limits.current()
        for event, element in iter_events(path, starts=(), ends=("termEntry", "conceptEntry")):
            if event == "start" and _local(element.tag) not in ("martif", "tbx"):
                raise GlossaryError(f"not a TBX file (root element <{_local(element.tag)}>)", path, 1)
            if event == "end":
                raw = _raw_entry(element)
                if raw["source"] and raw["target"]:
                    entry = make_entry(raw, str(path), element.sourceline, limits)
                    glossary.entries.append(entry)
                    glossary.unknown_keys += _misspelt_types(element, str(path), entry.id)
        if not glossary.entries:
            raise GlossaryError("no term entry with both Chinese and English terms", path)
        return glossary

    def render(self, glossary: Glossary, path: Path) -> str:
        root = _build(glossary, _V2 if self.version == 2 else _V3)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _misspelt_types(concept: ET.Element, path: str, entry: str) -> list[UnknownKey]:
    """``descrip``/``termNote`` types of an entry that look like a misspelling of one read here."""
    found = []
    for name, known in (("descrip", DESCRIP_TYPES), ("termNote", TERM_NOTE_TYPES)):
        for node in _descendants(concept, name):
            kind = node.get("type", "")
            if kind not in known and difflib.get_close_matches(kind, known, n=1, cutoff=0.8):
                found += unknown_keys([kind], known, path, node.sourceline, entry)  # type: ignore[attr-defined]  # lxml elements have it
    return found


def _status(term_holder: ET.Element) -> str:
    """'preferred', 'admitted', 'wrong' or 'short' from the termNotes beside a term."""
    status = ""
    for note in _descendants(term_holder, "termNote"):
        kind, value = note.get("type", ""), (note.text or "").strip()
        if kind == "termType" and value == "shortForm":
            return "short"
        if kind == "partOfSpeech" and value == "adjective":
            return "adjective"
        if kind in ("administrativeStatus", "normativeAuthorization"):
            status = "wrong" if value.startswith(_WRONG) else value.split("Term")[0]
    return status


def _raw_entry(concept: ET.Element) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": concept.get("id"),
        "source": [],
        "target": "",
        "variants": [],
        "forbidden": [],
        "short": [],
        "adjectives": [],
    }
    for descrip in _descendants(concept, "descrip"):
        if descrip.get("type") == "subjectField":
            raw["type"] = (descrip.text or "").strip()
        elif descrip.get("type") in ("caseSensitive", "hyphenation", "ambiguous"):
            raw[_snake(descrip.get("type", ""))] = (descrip.text or "").strip()
    notes = [n.text.strip() for n in _children(concept, "note") if n.text]
    raw["note"] = " ".join(notes)
    for section in concept:
        if _local(section.tag) not in ("langSet", "langSec"):
            continue
        lang = _language(section)
        for holder in section:
            if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                continue
            term = next(_descendants(holder, "term"), None)
            text = (term.text or "").strip() if term is not None else ""
            if not text:
                continue
            if _is_chinese(lang):
                raw["source"].append(text)
            elif _is_english(lang):
                _place_english(raw, text, _status(holder))
    return raw


def _place_english(raw: dict[str, Any], text: str, status: str) -> None:
    if status == "wrong":
        raw["forbidden"].append(text)
    elif status == "short":
        raw["short"].append(text)
    elif status == "adjective":
        raw["adjectives"].append(text)
    elif (status == "preferred" and not raw["target"]) or (not raw["target"] and status != "admitted"):
        raw["target"] = text
    else:
        raw["variants"].append(text)


def _english_terms(entry: Entry) -> list[tuple[str, str, str | None]]:
    """(term, administrative status, termType) for every English form of an entry."""
    terms: list[tuple[str, str, str | None]] = [(entry.target, "preferredTerm-admn-sts", None)]
    terms += [(v, "admittedTerm-admn-sts", None) for v in entry.variants]
    terms += [(s, "admittedTerm-admn-sts", "shortForm") for s in entry.short]
    terms += [(a, "admittedTerm-admn-sts", "adjective") for a in entry.adjectives]
    terms += [(f, "deprecatedTerm-admn-sts", None) for f in entry.forbidden]
    return terms


def _entry_header(element: ET.Element, entry: Entry) -> None:
    ET.SubElement(element, "descrip", type="subjectField").text = entry.type
    if entry.case_sensitive is not None:
        ET.SubElement(element, "descrip", type="caseSensitive").text = str(entry.case_sensitive).lower()
    if entry.hyphenation:
        ET.SubElement(element, "descrip", type="hyphenation").text = "true"
    if entry.ambiguous:
        ET.SubElement(element, "descrip", type="ambiguous").text = "true"
    if entry.note:
        ET.SubElement(element, "note").text = entry.note


@dataclass(frozen=True)
class _Dialect:
    """Element names of one TBX version; the structure is the same."""

    root: str
    attributes: dict[str, str]
    header: str
    entry: str
    language: str
    term_holder: str


_V2 = _Dialect("martif", {"type": "TBX-Basic", XML_LANG: "en"}, "martifHeader", "termEntry", "langSet", "tig")
_V3 = _Dialect(
    "tbx",
    {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": TBX3_NS},
    "tbxHeader",
    "conceptEntry",
    "langSec",
    "termSec",
)


def _build(glossary: Glossary, dialect: _Dialect) -> ET.Element:
    root = ET.Element(dialect.root, dialect.attributes)
    header = ET.SubElement(ET.SubElement(root, dialect.header), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "mtaudit glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in glossary:
        concept = ET.SubElement(body, dialect.entry, id=entry.id)
        _entry_header(concept, entry)
        zh = ET.SubElement(concept, dialect.language, {XML_LANG: "zh"})
        for source in entry.sources:
            ET.SubElement(ET.SubElement(zh, dialect.term_holder), "term").text = source
        en = ET.SubElement(concept, dialect.language, {XML_LANG: "en"})
        for text, status, term_type in _english_terms(entry):
            holder = ET.SubElement(en, dialect.term_holder)
            ET.SubElement(holder, "term").text = text
            ET.SubElement(holder, "termNote", type="administrativeStatus").text = status
            if term_type:
                ET.SubElement(holder, "termNote", type="termType").text = term_type
    return root
