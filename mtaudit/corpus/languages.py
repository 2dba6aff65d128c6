"""Language codes in bilingual files: which side is Chinese and which is English.

Codes arrive as ``zh``, ``zh-CN``, ``zh_TW``, ``zh-Hans``, ``zh-Hant-HK``, ``cmn``, ``en-US``,
``EN-GB``…; only the primary subtag decides.
"""

from __future__ import annotations

from pathlib import Path

from mtaudit.errors import InputError

CHINESE = frozenset({"zh", "cmn", "yue", "chi", "zho"})
ENGLISH = frozenset({"en", "eng"})


def primary(code: str | None) -> str:
    return (code or "").strip().replace("_", "-").split("-", 1)[0].lower()


def is_chinese(code: str | None) -> bool:
    return primary(code) in CHINESE


def is_english(code: str | None) -> bool:
    return primary(code) in ENGLISH


def require_pair(source: str | None, target: str | None, path: Path, line: int | None = None) -> None:
    """Refuse a file that declares another language pair (absent codes are accepted)."""
    if source and not is_chinese(source):
        raise InputError(f"source language is '{source}', expected Chinese (zh…)", path, line)
    if target and not is_english(target):
        raise InputError(f"target language is '{target}', expected English (en…)", path, line)
