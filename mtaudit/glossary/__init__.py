"""Glossary stage: load canonical renderings of names and terms.

Formats are a registry (name → module, class, summary), imported only when used. Without
``--glossary`` the bundled glossaries (``glossaries/`` in the repository, ``mtaudit.glossaries``
when installed) are used; any glossary given replaces them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mtaudit.errors import GlossaryError
from mtaudit.files import write_atomic
from mtaudit.glossary.model import Entry, Glossary
from mtaudit.registry import LazyClass

__all__ = ["Entry", "Glossary", "FORMATS", "format_for", "load_glossary", "load_glossaries", "bundled_glossary_paths", "save_glossary"]


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


def load_glossary(path: str | Path) -> Glossary:
    path = Path(path)
    if not path.is_file():
        raise GlossaryError("not a regular file (a FIFO or a device)" if path.exists() else "glossary file not found",
                            path)
    return format_for(path).read(path)


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


def load_glossaries(paths: Iterable[str | Path] | None = None) -> Glossary:
    """Load and merge glossaries; ``None`` or empty means the bundled ones."""
    chosen = [Path(p) for p in (paths or [])] or bundled_glossary_paths()
    merged = Glossary()
    for path in chosen:
        merged = merged.merge(load_glossary(path))
    if not merged.entries:
        raise GlossaryError("no glossary entries loaded", ", ".join(map(str, chosen)))
    return merged
