"""Decode input bytes in one place, so every reader receives text it can trust.

Chinese content arrives as UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK
or Big5. Statistical detectors guess wrong on short CJK text (a few Big5 bytes are also valid
GBK), so every candidate codec is tried *strictly* on a sample and the decoded text is scored for
plausibility: the share of common characters (ASCII, CJK punctuation, the 3,755 level-1 hanzi of
GB2312 and the 5,401 common characters of Big5) against private-use, control and rare
characters. The most plausible decode wins; when none is plausible the file is refused, never
garbled. Files are then read as a stream, so a large file is never held whole in memory.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator
from contextlib import suppress
from functools import lru_cache
from itertools import islice
from pathlib import Path

from mtaudit.errors import InputError
from mtaudit.options import Limits

#: Bytes inspected to choose the codec; the rest of the file is decoded as it is read.
SAMPLE_SIZE = 64 * 1024
#: Below this plausibility a decode is treated as garbage and the file refused.
MIN_PLAUSIBILITY = 0.85

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Candidates for BOM-less non-UTF-8 bytes, in order of preference when equally plausible.
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")
_SUPPORTED = "UTF-8, UTF-16, GB18030/GBK or Big5"


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """The common hanzi of both scripts: GB2312 level 1 (rows 0xB0–0xD7) and Big5 level 1."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for code in range(0xA440, 0xC67F):
        lead, trail = divmod(code, 256)
        if 0x40 <= trail <= 0x7E or 0xA1 <= trail <= 0xFE:
            with suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of characters a real (Chinese or English) text is made of, in [0, 1].

    Common hanzi, ASCII, CJK and full-width punctuation count 1; rare hanzi and other letters
    count 0.5 (real text has a few names in rare characters); controls, private-use and
    unassigned code points count 0.
    """
    common = common_han()
    total = score = 0.0
    for char in text:
        if char.isspace():
            continue
        total += 1
        if char.isascii():
            score += char.isprintable()
        elif (
            char in common
            or "\u3000" <= char <= "\u303f"
            or "\uff00" <= char <= "\uffef"
            or "\u2010" <= char <= "\u206f"
        ):
            score += 1
        else:
            category = unicodedata.category(char)
            if category in ("Co", "Cn", "Cs", "Cc") or "\uac00" <= char <= "\ud7a3":
                continue  # private use, unassigned, surrogate, control; Hangul = misread bytes
            score += 0.5
    return score / total if total else 0.0


def detect_encoding(data: bytes, path: str | Path = "<bytes>", final: bool = True) -> str:
    """Return the codec that decodes ``data`` strictly and plausibly, or raise :class:`InputError`.

    ``final=False`` when ``data`` is a sample cut from a longer file (it may end mid-character).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    text = _strict(data, "utf-8", final)
    if text is not None and "\x00" not in text:
        return "utf-8"
    best, best_score = None, 0.0
    for name in _CANDIDATES:
        if name.startswith("utf-16") and final and len(data) % 2:
            continue
        text = _strict(data, name, final)
        if text is None or "\x00" in text:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = name, score
    if best is None or best_score < MIN_PLAUSIBILITY:
        if b"\x00" in data and best is None:
            raise InputError("binary file (not text)", path)
        line = _first_bad_utf8_line(data, final)
        if line is not None:
            raise InputError(
                f"cannot decode the file as {_SUPPORTED}: the first bytes that are not UTF-8 are on "
                "this line (the lines before are UTF-8)",
                path,
                line,
            )
        raise InputError(f"cannot decode the file as {_SUPPORTED} (binary or unknown encoding?)", path)
    return best


def _first_bad_utf8_line(data: bytes, final: bool) -> int | None:
    """The line of the first bytes that are not UTF-8, when what comes before them is UTF-8 text
    (a file that is UTF-8 but for a damaged line); None when it fails at once."""
    try:
        codecs.getincrementaldecoder("utf-8")(errors="strict").decode(data, final=final)
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1 if exc.start > 0 else None
    return None


def _strict(data: bytes, name: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(name)(errors="strict").decode(data, final=final)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode ``data`` with the detected encoding."""
    text = data.decode(detect_encoding(data, path))
    _refuse_binary(text, path)
    return text


def _refuse_binary(text: str, path: str | Path, line: int | None = None) -> None:
    if "\x00" in text:
        raise InputError("binary data (NUL characters) in a text file", path, line)


def _read_sample(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SAMPLE_SIZE + 1)
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None


def sniff_encoding(path: str | Path) -> str:
    """Detect the codec of a file from its first bytes, refusing empty and binary files."""
    path = Path(path)
    sample = _read_sample(path)
    if not sample.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("file is empty", path)
    return detect_encoding(sample[:SAMPLE_SIZE], path, final=len(sample) <= SAMPLE_SIZE)


def iter_lines(path: str | Path) -> Iterator[str]:
    """Yield the lines of a text file (with their line endings), decoding as the file is read.

    Bytes are decoded strictly, so a byte sequence that does not decode (or a NUL) anywhere in
    the file raises :class:`InputError` naming its line; the file is never held whole in memory.
    Lines end at ``\n`` only (a JSON string may hold U+2028). The file is read by the C text
    layer; it decodes ahead of the lines handed out, so on a decoding error the rest is re-read
    line by line (:func:`_exact_lines`) to name the first bad line.
    """
    path = Path(path)
    encoding = sniff_encoding(path)
    longest = Limits.current().line_chars
    line_no = 0
    try:
        with path.open(encoding=encoding, errors="strict", newline="\n") as handle:
            while line := handle.readline(longest + 1):
                line_no += 1
                if len(line) > longest:
                    _refuse_long(path, line_no)
                if "\x00" in line:
                    _refuse_binary(line, path, line_no)
                yield line
    except UnicodeDecodeError:
        yield from islice(_exact_lines(path, encoding, longest), line_no, None)


def _refuse_long(path: Path, line_no: int) -> None:
    raise InputError(f"line longer than {Limits.current().describe('line_chars')}", path, line_no)


def _exact_lines(path: Path, encoding: str, longest: int) -> Iterator[str]:
    """The lines of ``path``, decoded in pieces of at most one line, so a decoding error names
    the line it is in (slower than :func:`iter_lines`; used once that has met an error)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line_no = 0
    pending = ""
    with path.open("rb") as handle:
        while True:
            chunk = handle.readline(_CHUNK)
            try:
                pending += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                raise InputError(
                    f"bytes that are not valid {encoding}", path, line_no + pending.count("\n") + 1
                ) from None
            start = 0
            while (end := pending.find("\n", start)) >= 0:
                line_no += 1
                yield _checked(pending[start : end + 1], path, line_no)
                start = end + 1
            pending = pending[start:]
            if len(pending) > longest:
                _refuse_long(path, line_no + 1)
            if not chunk:
                break
    if pending:
        yield _checked(pending, path, line_no + 1)


#: Most bytes read at once, so a file without line breaks is still read in bounded pieces.
_CHUNK = 1 << 16


def _checked(line: str, path: Path, line_no: int) -> str:
    _refuse_binary(line, path, line_no)
    return line


def read_text(path: str | Path) -> str:
    """Read a whole text file, refusing missing, empty or binary files."""
    return "".join(iter_lines(path))
