"""Decode input bytes in one place, so every reader receives text it can trust.

Chinese content arrives as UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5. A file is
decoded strictly; when no encoding decodes it cleanly it is refused rather than garbled.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from mtaudit.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings tried, in order, when the bytes are not UTF-8 and carry no BOM.
_CANDIDATES = ("gb18030", "big5", "utf_16")


def detect_encoding(data: bytes, path: str | Path = "<bytes>") -> str:
    """Return the codec that decodes ``data`` strictly, or raise :class:`InputError`."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        if b"\x00" not in data:
            return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is None:
        raise InputError("cannot decode the file as UTF-8, UTF-16, GB18030 or Big5 (binary file?)", path)
    name = best.encoding
    text = data.decode(name)
    if "\x00" in text:
        raise InputError("binary data (NUL characters) in a text file", path)
    return name


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode ``data`` with the detected encoding."""
    return data.decode(detect_encoding(data, path))


def read_text(path: str | Path) -> str:
    """Read a whole text file, refusing missing, empty-of-bytes-that-matter or binary files."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    if not data.strip():
        raise InputError("file is empty", path)
    return decode(data, path)
