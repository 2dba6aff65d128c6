"""JSON Lines bilingual files: one object per line with ``source`` and ``target`` keys.

Read line by line from a decoding stream, so a large file is never read whole.
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
                "doc_id": str(record.get("doc_id") or doc_id),
                "seg_id": str(record.get("id") or position),
                "source": source,
                "target": target,
                "reference": record.get("reference"),
                "field": record.get("field"),
                "mt": record.get("mt"),
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
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path, line_no) from None
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", path, line_no)
    return record


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
    if not isinstance(value, str):
        raise InputError(not_a_string(key), path, line_no)
    return value
