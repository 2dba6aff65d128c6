"""Parse XML inputs safely and as a stream.

lxml's ``iterparse`` is run with entity resolution, DTD loading and network access off, and a
document whose DOCTYPE declares entities at all (billion laughs, XXE) is refused before any
element is handed on. Elements are cleared once read, so a large file is never held whole.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from pathlib import Path

from lxml import etree

from mtaudit.errors import InputError


def local_name(element: etree._Element) -> str:
    """Tag without namespace (``{urn:…}trans-unit`` → ``trans-unit``); '' for comments/PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def iter_events(
    path: Path, starts: Iterable[str], ends: Iterable[str]
) -> Generator[tuple[str, etree._Element], None, None]:
    """Yield ``("start", element)`` for the root and elements named in ``starts`` (attributes
    only, children not read yet) and ``("end", element)`` for complete elements named in
    ``ends``, which are cleared afterwards. Names are local names (namespace ignored).
    """
    starts, ends = set(starts), set(ends)
    _refuse_empty(path)
    events = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root_seen = False
    try:
        for event, element in events:
            if event == "start":
                is_root = element.getparent() is None
                if is_root:
                    root_seen = True
                    _refuse_entities(element, path)
                if is_root or local_name(element) in starts:
                    yield event, element
            elif local_name(element) in ends:
                yield event, element
                _clear(element)
    except etree.XMLSyntaxError as exc:
        declared = 0 if root_seen else _entity_line(path)
        if declared:
            raise _entities_refused(path, declared) from None
        message, line = _first_error(exc, path)
        raise InputError(f"malformed XML: {message}", path, line) from None


def _first_error(exc: etree.XMLSyntaxError, path: Path) -> tuple[str, int]:
    """libxml2's first error in this file (the exception's own text can be a later, vaguer one)."""
    for entry in exc.error_log:
        if entry.filename == str(path) and entry.level >= etree.ErrorLevels.ERROR and entry.line > 0:
            return entry.message.strip(), entry.line
    return (exc.msg or "malformed XML").split(", line ")[0], max(exc.lineno or 1, 1)


def _refuse_empty(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise InputError("file is empty", path)


def _refuse_entities(root: etree._Element, path: Path) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_refused(path, _entity_line(path) or 1)


def _entities_refused(path: Path, line: int) -> InputError:
    return InputError("XML DOCTYPE declares entities (entity expansion and external entities are refused)", path, line)


def _entity_line(path: Path) -> int:
    """Line of the first entity declaration, 0 if there is none in the head of the file.

    It also names the refusal when libxml2 itself stops on the entities before the root
    element is reached (lxml 6.2 does, for billion laughs). A newline byte is 0x0A in UTF-8 and
    UTF-16 alike.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    for marker in (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be")):
        at = head.find(marker)
        if at >= 0:
            return head[:at].count(b"\n") + 1
    return 0


def _clear(element: etree._Element) -> None:
    """Free an element that has been read, and the siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def attribute(element: etree._Element, *names: str) -> str | None:
    """The first present attribute among ``names`` (``xml:lang`` may be given as ``lang``)."""
    for name in names:
        if name == "xml:lang":
            name = "{http://www.w3.org/XML/1998/namespace}lang"
        value = element.get(name)
        if value is not None:
            return value
    return None
