"""Turning raw field values (from YAML, CSV or TBX) into an :class:`Entry`, with one set of rules."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from mtaudit.errors import GlossaryError
from mtaudit.glossary.model import Entry, UnknownKey

#: The keys of an entry, in every format: YAML keys, CSV columns (TBX: the fields its elements map to).
ENTRY_KEYS = ("id", "source", "target", "variants", "forbidden", "type", "case_sensitive", "short", "hyphenation",
              "note", "adjectives", "ambiguous")

_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


def split_list(value: Any) -> tuple[str, ...]:
    """Accept a list or a ``|``-separated string; drop blanks and duplicates, keep order."""
    if value is None or value == "":
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split("|")
    stripped = [str(item).strip() for item in items]
    return tuple(dict.fromkeys(item for item in stripped if item))


def parse_bool(value: Any, where: str, line: int | None, field: str = "case_sensitive") -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if text == "" else False
    raise GlossaryError(f"{field} must be true or false, got {value!r}", where, line)


def unknown_keys(keys: Iterable[str], known: Iterable[str], path: str, line: int | None,
                 entry: str | None) -> list[UnknownKey]:
    """The keys that are not ``known``, each with the known key it is closest to."""
    known = tuple(known)
    return [UnknownKey(key, path, line, entry, next(iter(difflib.get_close_matches(key, known, n=1)), None))
            for key in keys if key not in known]


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "entry"


def make_entry(raw: Mapping[str, Any], where: str, line: int | None) -> Entry:
    """Validate one raw record and build the entry; errors name the file and line."""
    sources = split_list(raw.get("source"))
    target = str(raw.get("target") or "").strip()
    if not sources:
        raise GlossaryError("entry has no source form", where, line)
    if not target:
        raise GlossaryError(f"entry '{sources[0]}' has no target rendering", where, line)
    return Entry(
        id=str(raw.get("id") or slug(target)),
        sources=sources,
        target=target,
        variants=tuple(v for v in split_list(raw.get("variants")) if v != target),
        forbidden=split_list(raw.get("forbidden")),
        type=str(raw.get("type") or "term").strip().lower(),
        case_sensitive=parse_bool(raw.get("case_sensitive"), where, line),
        short=split_list(raw.get("short")),
        hyphenation=bool(parse_bool(raw.get("hyphenation"), where, line, "hyphenation")),
        note=str(raw.get("note") or "").strip(),
        adjectives=tuple(a for a in split_list(raw.get("adjectives")) if a != target),
        ambiguous=bool(parse_bool(raw.get("ambiguous"), where, line, "ambiguous")),
    )
