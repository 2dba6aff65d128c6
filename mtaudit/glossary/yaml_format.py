"""The native YAML glossary: a mapping with ``entries``, each with ``source`` and ``target``.

Read with :mod:`mtaudit.yamlsafe`: aliases are refused (a glossary has no use for them, and nested
ones are the "billion laughs" bomb), each entry's line is kept for messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mtaudit.encoding import read_text
from mtaudit.errors import GlossaryError
from mtaudit.glossary.fields import ENTRY_KEYS, make_entry, unknown_keys
from mtaudit.glossary.model import Glossary
from mtaudit.options import Limits
from mtaudit.yamlsafe import load_yaml


class YamlGlossaryFormat:
    name = "yaml"
    extensions = (".yaml", ".yml")
    summary = "native YAML: entries with source, target, variants, adjectives, forbidden, type, short, ambiguous, note"

    def read(self, path: Path) -> Glossary:
        data = load_yaml(read_text(path), path, GlossaryError, lines=True, aliases=False)
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise GlossaryError("a YAML glossary needs a top-level 'entries' list", path, 1)
        glossary, limits = Glossary(origins=[str(path)]), Limits.current()
        for raw in entries:
            if not isinstance(raw, dict):
                raise GlossaryError("each entry must be a mapping", path)
            entry = make_entry(raw, str(path), raw.get("__line__"), limits)
            glossary.entries.append(entry)
            lines = raw.get("__lines__", {})
            for key in (str(key) for key in raw if key not in ("__line__", "__lines__")):
                glossary.unknown_keys += unknown_keys([key], ENTRY_KEYS, str(path), lines.get(key), entry.id)
        return glossary

    def render(self, glossary: Glossary, path: Path) -> str:
        entries = []
        for entry in glossary:
            raw: dict[str, Any] = {"id": entry.id, "source": list(entry.sources), "target": entry.target}
            for key in ("variants", "adjectives", "forbidden", "short"):
                if getattr(entry, key):
                    raw[key] = list(getattr(entry, key))
            raw["type"] = entry.type
            if entry.case_sensitive is not None:
                raw["case_sensitive"] = entry.case_sensitive
            if entry.hyphenation:
                raw["hyphenation"] = True
            if entry.ambiguous:
                raw["ambiguous"] = True
            if entry.note:
                raw["note"] = entry.note
            entries.append(raw)
        return yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=100)
