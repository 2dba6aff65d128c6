"""Learn from an audit: misrenderings it located become suggested ``forbidden`` forms, so that
target-only audits, which have no source to go on, catch them next time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtaudit.english import zipf
from mtaudit.glossary import load_glossary, save_glossary
from mtaudit.glossary.model import Glossary

#: A located "misrendering" this frequent in English is more likely a mistake of ours than of the MT.
COMMON_ZIPF = 4.0


def learned_glossary(findings: Iterable[dict[str, Any]], glossary: Glossary) -> Glossary:
    """One entry per glossary entry with misrenderings, carrying only what was learned as forbidden."""
    entries = glossary.by_id()
    learned: dict[str, list[str]] = {}
    for finding in findings:
        found, entry_id = finding.get("found"), finding.get("entry_id")
        if finding.get("kind") != "misrendered" or not found or entry_id not in entries:
            continue
        if any(zipf(word) >= COMMON_ZIPF for word in found.split()):
            continue
        if found not in entries[entry_id].forbidden:
            learned.setdefault(entry_id, []).append(found)
    return Glossary(
        [
            replace(entries[i], variants=(), short=(), forbidden=tuple(dict.fromkeys(forms)))
            for i, forms in learned.items()
        ]
    )


def write_learned(findings: Iterable[dict[str, Any]], glossary: Glossary, path: str | Path) -> int:
    """Add what was learned to ``path`` (created, or merged with what it already holds); return
    the number of entries learned from this run."""
    path = Path(path)
    learned = learned_glossary(findings, glossary)
    merged = load_glossary(path).merge(learned) if path.exists() else learned
    if merged.entries:
        save_glossary(merged, path)
    return len(learned)
