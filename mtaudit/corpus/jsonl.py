"""JSON Lines bilingual files: one object per line with ``source`` and ``target`` keys.

Read line by line from a decoding stream, so a large file is never read whole.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtaudit.corpus.base import Reader
from mtaudit.corpus.encoding import iter_lines
from mtaudit.errors import InputError


class JsonlReader(Reader):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    summary = "JSON Lines: one object per line with source, target, optional id, doc_id, reference"

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        position = 0
        for line_no, line in enumerate(iter_lines(path), start=1):
            if not line.strip():
                continue
            record = _parse(line, path, line_no)
            position += 1
            yield {
                "doc_id": str(record.get("doc_id") or doc_id),
                "seg_id": str(record.get("id") or position),
                "source": _text(record, "source", path, line_no),
                "target": _text(record, "target", path, line_no),
                "reference": record.get("reference"),
                "field": record.get("field"),
                "source_file": str(path),
                "source_line": line_no,
                "target_file": str(path),
                "target_line": line_no,
            }


def _parse(line: str, path: Path, line_no: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path, line_no) from None
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", path, line_no)
    return record


def _text(record: dict[str, Any], key: str, path: Path, line_no: int) -> str:
    if key not in record:
        raise InputError(f"object lacks key '{key}'", path, line_no)
    value = record[key]
    if not isinstance(value, str):
        raise InputError(f"'{key}' must be a string", path, line_no)
    return value
