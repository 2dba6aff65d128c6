"""Turning raw field values (from YAML, CSV or TBX) into an :class:`Entry`, with one set of rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from mtaudit.errors import GlossaryError
from mtaudit.glossary.model import Entry, UnknownKey
from mtaudit.options import Limits

#: The keys of an entry, in every format: YAML keys, CSV columns (TBX: the fields its elements map to).
ENTRY_KEYS = (
    "id",
    "source",
    "target",
    "variants",
    "forbidden",
    "type",
    "case_sensitive",
    "short",
    "hyphenation",
    "note",
    "adjectives",
    "ambiguous",
)

_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


def split_list(value: Any, field: str = "list", where: str = "", line: int | None = None) -> tuple[str, ...]:
    """Accept a list of texts or a ``|``-separated text; drop blanks and duplicates, keep order.
    Anything else (a number, a mapping, a list holding one) is refused naming ``field``."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items = value.split("|")
    elif isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        items = list(value)
    else:
        raise GlossaryError(f"'{field}' must be text or a list of texts, not {_kind(value)}", where, line)
    stripped = [item.strip() for item in items]
    return tuple(dict.fromkeys(item for item in stripped if item))


def _kind(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        inner = next((item for item in value if not isinstance(item, str)), None)
        return "a list" if inner is None else f"a list holding {_kind(inner)}"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _text(raw: Mapping[str, Any], field: str, where: str, line: int | None) -> str:
    """A text field (None and absent read as empty); a number, a list or a mapping is refused."""
    value = raw.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise GlossaryError(f"'{field}' must be text, not {_kind(value)}", where, line)
    return value.strip()


def _identifier(raw: Mapping[str, Any], where: str, line: int | None) -> str:
    """An id may be written as a whole number (``id: 42``); nothing else but text."""
    value = raw.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(raw, "id", where, line)


def parse_bool(value: Any, where: str, line: int | None, field: str = "case_sensitive") -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if text == "" else False
    raise GlossaryError(f"{field} must be true or false, got {value!r}", where, line)


def unknown_keys(
    keys: Iterable[str], known: Iterable[str], path: str, line: int | None, entry: str | None
) -> list[UnknownKey]:
    """The keys that are not ``known``, each with the known key it is closest to."""
    known = tuple(known)
    return [
        UnknownKey(key, path, line, entry, next(iter(difflib.get_close_matches(key, known, n=1)), None))
        for key in keys
        if key not in known
    ]


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "entry"


#: The fields that hold forms matched in text, each bounded by the limits (see :func:`_bounded`).
FORM_FIELDS = ("source", "variants", "forbidden", "short", "adjectives")


def make_entry(raw: Mapping[str, Any], where: str, line: int | None, limits: Limits) -> Entry:
    """Validate one raw record and build the entry; errors name the file, the line and the field.
    Values are never coerced: a number or a list where text belongs is refused. ``limits``: those
    in force (:meth:`Limits.current`), read once per file by a loader: reading the environment for
    each entry was a third of loading a large glossary."""
    lists = {field: split_list(raw.get(field), field, where, line) for field in FORM_FIELDS}
    sources = lists["source"]
    target = _text(raw, "target", where, line)
    if not sources:
        raise GlossaryError("entry has no source form", where, line)
    if not target:
        raise GlossaryError(f"entry '{sources[0]}' has no target rendering", where, line)
    _bounded(target, lists, where, line, limits)
    return Entry(
        id=_identifier(raw, where, line) or slug(target),
        sources=sources,
        target=target,
        variants=tuple(v for v in lists["variants"] if v != target),
        forbidden=lists["forbidden"],
        type=(_text(raw, "type", where, line) or "term").lower(),
        case_sensitive=parse_bool(raw.get("case_sensitive"), where, line),
        short=lists["short"],
        hyphenation=bool(parse_bool(raw.get("hyphenation"), where, line, "hyphenation")),
        note=_text(raw, "note", where, line),
        adjectives=tuple(a for a in lists["adjectives"] if a != target),
        ambiguous=bool(parse_bool(raw.get("ambiguous"), where, line, "ambiguous")),
    )


def _bounded(target: str, lists: dict[str, tuple[str, ...]], where: str, line: int | None, limits: Limits) -> None:
    """Refuse an entry past the limits: a form longer than a name or term can be, or more forms
    than matching can take at once (each is compiled into the matchers)."""
    for field, forms in (("target", (target,)), *lists.items()):
        for form in forms:
            if len(form) > limits.term_chars:
                raise GlossaryError(f"a '{field}' form is longer than {limits.describe('term_chars')}", where, line)
    if sum(map(len, lists.values())) + 1 > limits.entry_forms:
        raise GlossaryError(f"entry lists more forms than {limits.describe('entry_forms')}", where, line)
