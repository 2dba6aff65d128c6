"""Glossary stage: load canonical renderings of names and terms.

Formats are a registry (name → module, class, summary), imported only when used. Without
``--glossary`` the bundled glossaries (``glossaries/`` in the repository, ``mtaudit.glossaries``
when installed) are used; any glossary given replaces them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mtaudit.cachedir import remembered
from mtaudit.errors import GlossaryError
from mtaudit.files import write_atomic
from mtaudit.glossary.model import Entry, Glossary
from mtaudit.registry import LazyClass

__all__ = [
    "Entry",
    "Glossary",
    "FORMATS",
    "format_for",
    "load_glossary",
    "load_glossaries",
    "bundled_glossary_paths",
    "save_glossary",
]


@dataclass(frozen=True)
class FormatSpec(LazyClass):
    extensions: tuple[str, ...]
    summary: str


FORMATS: dict[str, FormatSpec] = {
    "yaml": FormatSpec("mtaudit.glossary.yaml_format", "YamlGlossaryFormat", (".yaml", ".yml"), "native YAML"),
    "csv": FormatSpec("mtaudit.glossary.tabular", "TabularGlossaryFormat", (".csv", ".tsv"), "CSV/TSV columns"),
    "tbx": FormatSpec("mtaudit.glossary.tbx", "TbxGlossaryFormat", (".tbx",), "TBX v2 (martif) and v3 (ISO 30042)"),
}


def format_for(path: str | Path) -> Any:
    """The glossary format of ``path``, by its extension (a GlossaryError naming the known ones)."""
    path = Path(path)
    suffix = path.suffix.lower()
    for spec in FORMATS.values():
        if suffix in spec.extensions:
            return spec.load()
    known = ", ".join(ext for spec in FORMATS.values() for ext in spec.extensions)
    raise GlossaryError(f"unsupported glossary format '{suffix}' (supported: {known})", path)


def load_glossary(path: str | Path, strict: bool = True) -> Glossary:
    """The glossary in ``path``; an entry key no entry may have (a typo) is a GlossaryError naming
    the file, the line, the entry and the key meant, unless ``strict`` is off (``glossary lint``
    reports them all, see :attr:`Glossary.unknown_keys`)."""
    path = Path(path)
    if not path.is_file():
        raise GlossaryError(
            "not a regular file (a FIFO or a device)" if path.exists() else "glossary file not found", path
        )
    glossary = format_for(path).read(path)
    if strict and glossary.unknown_keys:
        first = glossary.unknown_keys[0]
        raise GlossaryError(first.message, first.path, first.line)
    return glossary


def save_glossary(glossary: Glossary, path: str | Path, tbx_version: int = 3) -> None:
    """Write ``glossary`` in the format of ``path``'s extension (atomically)."""
    path = Path(path)
    fmt = format_for(path)
    if hasattr(fmt, "version"):
        fmt.version = tbx_version
    write_atomic(path, fmt.render(glossary, path))


def bundled_glossary_paths() -> list[Path]:
    """The glossaries shipped with mtaudit, installed or in a source checkout."""
    try:
        root = Path(str(resources.files("mtaudit.glossaries")))
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "glossaries"
    known = {ext for spec in FORMATS.values() for ext in spec.extensions}
    return sorted(p for p in root.iterdir() if p.suffix.lower() in known)


def load_glossaries(paths: Iterable[str | Path] | None = None, strict: bool = True) -> Glossary:
    """Load and merge glossaries; ``None`` or empty means the bundled ones (``strict``: see
    :func:`load_glossary`). The merged glossary is kept in the cache directory, named by the files'
    names and content: parsing a large YAML glossary is most of a short audit's start (the bundled
    one: 0.8 s)."""
    chosen = [Path(p) for p in (paths or [])] or bundled_glossary_paths()
    if not all(path.is_file() for path in chosen):  # a FIFO or device is never read to hash it
        return _load_and_merge(chosen, strict)  # the reader says what is wrong with the file
    try:
        contents = [f"{path}\t{hashlib.sha256(path.read_bytes()).hexdigest()}" for path in chosen]
    except OSError:  # let the reader say what is wrong with the file
        return _load_and_merge(chosen, strict)
    return remembered("glossary", lambda: _load_and_merge(chosen, strict), f"strict={strict}", *contents)


def _load_and_merge(chosen: list[Path], strict: bool = True) -> Glossary:
    merged = Glossary()
    for path in chosen:
        merged = merged.merge(load_glossary(path, strict))
    if not merged.entries:
        raise GlossaryError("no glossary entries loaded", ", ".join(map(str, chosen)))
    merged.fingerprint()  # worked out before the glossary is put aside in the cache directory
    return merged
