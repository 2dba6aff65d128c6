"""JSON Lines bilingual files: one object per line with ``source`` and ``target`` keys.

Read line by line from a decoding stream, so a large file is never read whole. Values are taken
as they are typed, never coerced: ``source`` and ``target`` are strings; ``reference``, ``mt`` and
``field`` strings or null; ``id`` and ``doc_id`` strings, whole numbers or null; anything else is
refused naming the line and the key, and so are ``NaN`` and ``Infinity`` (not JSON, though
Python's parser reads them) and nesting past the parser's depth. A ``\\ud800`` escape with no other
half of a surrogate pair is not a character: it is read as U+FFFD, as a decoder does with bytes
that are not text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # in json.decoder, not in typeshed
from pathlib import Path
from typing import Any

from mtaudit.corpus.base import Reader
from mtaudit.encoding import iter_lines
from mtaudit.errors import InputError
from mtaudit.segments import not_a_string


class JsonlReader(Reader):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    summary = "JSON Lines: one object per line with source, target, optional id, doc_id, reference, field, mt"

    def documents(self, path: Path) -> bool:
        """Only records with a ``doc_id`` say which rows belong together (the first record decides)."""
        return "doc_id" in _first_record(path)

    def own_ids(self, path: Path) -> bool:
        """Only records with an ``id`` have ids (the first record decides; else the line position)."""
        return "id" in _first_record(path)

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        position = 0
        for line_no, line in enumerate(iter_lines(path), start=1):
            if not line.strip():
                continue
            record = _parse(line, path, line_no)
            position += 1
            source = _text(record, "source", path, line_no)
            target = _text(record, "target", path, line_no)
            column = _target_column(line, target)
            yield {
                "doc_id": str(_optional(record, "doc_id", _ID_TYPES, path, line_no) or doc_id),
                "seg_id": str(_optional(record, "id", _ID_TYPES, path, line_no) or position),
                "source": source,
                "target": target,
                "reference": _optional(record, "reference", (str,), path, line_no),
                "field": _optional(record, "field", (str,), path, line_no),
                "mt": _optional(record, "mt", (str,), path, line_no),
                "source_file": str(path),
                "source_line": line_no,
                "target_file": str(path),
                "target_line": line_no if column else None,
                "target_column": column,
            }


def _first_record(path: Path) -> dict[str, Any]:
    for line_no, line in enumerate(iter_lines(path), start=1):
        if line.strip():
            return _parse(line, path, line_no)
    return {}


def _parse(line: str, path: Path, line_no: int) -> dict[str, Any]:
    try:
        record = json.loads(line, parse_constant=NonFinite)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path, line_no) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", path, line_no) from None
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", path, line_no)
    if "NaN" in line or "Infinity" in line:
        _refuse_non_finite(record, path, line_no)
    if _SURROGATE_ESCAPE.search(line):
        record = {key: _whole_characters(value) for key, value in record.items()}
    return record


class NonFinite(str):
    """What the parser gives for ``NaN``, ``Infinity`` or ``-Infinity``: kept apart, to be refused."""


def _refuse_non_finite(record: dict[str, Any], path: Path, line_no: int) -> None:
    for key, value in record.items():
        found = _first_non_finite(value)
        if found is not None:
            raise InputError(
                f"'{key}' holds {found}, which is not a JSON number (only finite numbers are)", path, line_no
            )


def _first_non_finite(value: Any) -> NonFinite | None:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, NonFinite):
            return item
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


#: A ``\uD800``–``\uDFFF`` escape: half of a surrogate pair (json joins whole pairs itself).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(value: Any) -> Any:
    """A top-level string with each lone surrogate as U+FFFD (it cannot be written as UTF-8)."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


_ID_TYPES = (str, int)
_TYPE_NAMES = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
    NonFinite: "not a number",
}


def _optional(record: dict[str, Any], key: str, types: tuple[type, ...], path: Path, line_no: int) -> Any:
    """``record[key]`` when it is absent, null or of ``types`` (a bool is no number here); else refused."""
    value = record.get(key)
    if value is None or (isinstance(value, types) and not isinstance(value, (bool, NonFinite))):
        return value
    wanted = "a string or a whole number" if int in types else "a string"
    raise InputError(
        f"'{key}' must be {wanted} or null, not {_TYPE_NAMES.get(type(value), type(value).__name__)}", path, line_no
    )


#: A ``"target":`` key and the opening quote of its string value (outside a string a quote is
#: never escaped, so this matches keys only).
_TARGET_KEY = re.compile(r'"target"[ \t\r\n]*:[ \t\r\n]*"')
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_scan_value = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # set in __init__, not in typeshed


def _target_column(line: str, target: str) -> int | None:
    """Column (1-based, code points) where the target string's text starts in ``line``, after
    its opening quote; None for an empty target, as there is no text to point at."""
    if not target:
        return None
    if line.count("{") == 1:  # a flat object: every such key is top-level; json keeps the last
        last = None
        for match in _TARGET_KEY.finditer(line):
            last = match
        if last is not None:
            return last.end() + 1
    return _target_offset(line) + 1


def _target_offset(line: str) -> int:
    """Where the top-level "target" string's text starts, walking the object key by key (for a
    key written with escapes); ``line`` is known to hold a valid object with that key."""
    index = _skip_space(line, 0) + 1
    offset = 0
    while line[index := _skip_space(line, index)] != "}":
        key, index = scanstring(line, index + 1)
        index = _skip_space(line, _skip_space(line, index) + 1)
        if key == "target":
            offset = index + 1
        index = _skip_space(line, _scan_value(line, index)[1])
        index += line[index] == ","
    return offset


def _skip_space(line: str, index: int) -> int:
    """Where the whitespace from ``index`` on ends (the pattern matches anywhere, if only emptily)."""
    match = _WHITESPACE.match(line, index)
    assert match is not None
    return match.end()


def _text(record: dict[str, Any], key: str, path: Path, line_no: int) -> str:
    if key not in record:
        raise InputError(f"object lacks key '{key}'", path, line_no)
    value = record[key]
    if not isinstance(value, str) or isinstance(value, NonFinite):
        raise InputError(
            f"{not_a_string(key)}, not {_TYPE_NAMES.get(type(value), type(value).__name__)}", path, line_no
        )
    return value
