"""Monolingual documents: plain text, Markdown with YAML front matter, HTML fragments.

A document becomes *fields* (front-matter ``title`` and the like: translated content, checked
too) and *paragraphs* of sentences, each sentence with a stable id (``p3.s2``) and its line and
column in the file. What is not text is dropped: tags, comments, ``<script>``/``<style>``,
images, share widgets and newsletter boxes (recognised by their class, id or ``data-*``
attributes), feed footers ("获取更多RSS"), datelines, and the ``[title](url)`` / ``------``
header line that feed exports put first (it becomes the title when there is no front matter).

How the body is read depends on the file: ``.html``/``.htm`` as HTML; ``.md``/``.markdown`` —
and ``.txt`` that has front matter, a feed header or HTML tags — as Markdown (raw HTML passes
through markdown-it); other ``.txt`` as plain text, one paragraph per non-empty line.
"""

from __future__ import annotations

import bisect
from itertools import islice
from pathlib import Path

import regex

from mtaudit.corpus.base import Document, Sentence, SideReader
from mtaudit.corpus.sentences import split_sentences
from mtaudit.encoding import iter_lines, read_text
from mtaudit.errors import InputError
from mtaudit.yamlsafe import load_yaml

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
MARKDOWN_EXTENSIONS = (".md", ".markdown")
TEXT_EXTENSIONS = (".txt",)
EXTENSIONS = HTML_EXTENSIONS + MARKDOWN_EXTENSIONS + TEXT_EXTENSIONS
#: Front-matter keys whose values are translated text, in report order.
TEXT_FIELDS = ("title", "subtitle", "description", "summary", "excerpt")

_FRONT_MATTER = regex.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", regex.S)
_FEED_HEADER = regex.compile(
    r"\A(?:\s|<!--.*?-->)*\[([^\]\n]+)\]\([^)\s]*\)[ \t]*\r?\n(?:-{3,}|={3,})[ \t]*(?:\r?\n|\Z)", regex.S
)
_LOOKS_HTML = regex.compile(r"<(?:p|div|br|span|a|img|h[1-6]|ul|ol|li|strong|em|b|i|table|section)\b[^>]*>", regex.I)

#: Elements that never hold article text.
_DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "img",
        "picture",
        "video",
        "audio",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "label",
        "nav",
        "aside",
        "footer",
        "canvas",
        "map",
        "head",
        "title",
        "meta",
        "link",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "table",
        "dd",
        "dt",
        "dl",
        "section",
        "article",
        "header",
        "figure",
        "figcaption",
        "caption",
        "hr",
        "br",
        "main",
        "address",
    ]
)
#: class/id words of widgets: share bars, newsletter and subscription boxes, app/QR promotions.
_WIDGET = regex.compile(
    r"share|social|subscri|newsletter|promo|qrcode|appendqr|advert|sponsor|"
    r"related|comment|breadcrumb|toolbar|cookie",
    regex.I,
)
#: Whole paragraphs that are feed or page boilerplate rather than article text.
_BOILERPLATE = regex.compile(
    r"^(?:分享(?:到)?|share(?: this)?|订阅|訂閱)\s*[:：]?$"
    r"|获取更多\s*RSS|獲取更多\s*RSS|get more rss"
    r"|^(?:https?://\S+\s*)+$"
    r"|^[\d\s/.:\-年月日时時分]+$",
    regex.I,
)
_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")


def read_document(path: Path, language: str) -> Document:
    """Parse a document written in ``language`` (``"zh"`` or ``"en"``)."""
    raw = read_text(path)
    meta, body_start = _front_matter(raw, path)
    body = raw[body_start:]
    header = _FEED_HEADER.match(body)
    if header is not None:
        meta.setdefault("title", header.group(1))
        body = body[header.end() :]
    texts = _paragraphs(body, _kind(path, raw, bool(meta) or header is not None))
    locator = _Locator(raw)
    document = Document(path)
    for key in TEXT_FIELDS:
        value = meta.get(key)
        if isinstance(value, str) and _clean(value):
            document.fields[key] = locator.place(Sentence(key, _clean(value)), start=0)
    locator.cursor = body_start
    for number, paragraph in enumerate(texts, start=1):
        spans = split_sentences(paragraph, language)
        document.paragraphs.append(
            [
                locator.place(Sentence(f"p{number}.s{index}", paragraph[a:b]))
                for index, (a, b) in enumerate(spans, start=1)
            ]
        )
    if not document.fields and not document.paragraphs:
        raise InputError("document has no text (only markup or boilerplate)", path)
    return document


def han_ratio(document: Document) -> float:
    """Share of Han characters among the letters of a document (tells Chinese from English)."""
    text = "".join(s.text for s in list(document.fields.values()) + document.sentences())
    letters = sum(1 for char in text if char.isalpha())
    return len(_HAN.findall(text)) / letters if letters else 0.0


def _front_matter(raw: str, path: Path) -> tuple[dict, int]:
    match = _FRONT_MATTER.match(raw)
    if match is None:
        return {}, 0
    meta = load_yaml(
        match.group(1),
        path,
        InputError,
        first_line=raw[: match.start(1)].count("\n") + 1,
        what="malformed YAML front matter",
    )
    return (meta if isinstance(meta, dict) else {}), match.end()


def _kind(path: Path, raw: str, has_header: bool) -> str:
    """``html``, ``markdown`` or ``text``; ``has_header``: front matter or a feed header line."""
    suffix = path.suffix.lower()
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in MARKDOWN_EXTENSIONS or has_header or _LOOKS_HTML.search(raw):
        return "markdown"
    return "text"


def _paragraphs(body: str, kind: str) -> list[str]:
    if kind == "text":
        blocks = body.splitlines()
    else:
        html = body
        if kind == "markdown":
            from markdown_it import MarkdownIt  # deferred: Markdown documents only

            # Indented lines are HTML indentation in exported feeds, not code blocks.
            html = MarkdownIt("commonmark", {"html": True}).disable("code").render(body)
        blocks = _html_blocks(html)
    cleaned = (_clean(block) for block in blocks)
    return [text for text in cleaned if text and not _BOILERPLATE.search(text)]


def _html_blocks(html: str) -> list[str]:
    """Text of each block-level element, with non-text elements and widgets left out."""
    if not html.strip():
        return []
    import lxml.html  # deferred: HTML and Markdown documents only
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except etree.ParserError:
        return []
    blocks: list[str] = [""]
    _walk(root, blocks)
    return blocks


def _walk(element, blocks: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or _is_not_text(element, tag):
        blocks[-1] += element.tail or ""
        return
    block = tag in _BLOCK_TAGS
    if block:
        blocks.append("")
    blocks[-1] += element.text or ""
    for child in element:
        _walk(child, blocks)
    if block:
        blocks.append("")
    blocks[-1] += element.tail or ""


def _is_not_text(element, tag: str) -> bool:
    if tag in _DROP_TAGS or "-" in tag:  # custom elements (<share-button>) are widgets
        return True
    if any(name.startswith(("data-selfpromo", "data-root-share", "data-share")) for name in element.attrib):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marks.strip()) and bool(_WIDGET.search(marks))


def _clean(text: str) -> str:
    """Collapse whitespace; a line break between two Han characters is no space at all."""
    text = regex.sub(r"(?<=\p{Han}|\p{P})\s*\n\s*(?=\p{Han})", "", text.strip())
    return _SPACE.sub(" ", text).strip()


class _Locator:
    """Finds each unit's start in the raw file, moving forward only (units come in order)."""

    PROBES = (12, 6, 3)

    def __init__(self, raw: str):
        self.raw = raw
        self.cursor = 0
        self.line_starts = [0] + [i + 1 for i, char in enumerate(raw) if char == "\n"]

    def place(self, sentence: Sentence, start: int | None = None) -> Sentence:
        origin = self.cursor if start is None else start
        for size in self.PROBES:
            probe = sentence.text[:size]
            at = self.raw.find(probe, origin)
            if at >= 0:
                line = bisect.bisect_right(self.line_starts, at)
                sentence.line, sentence.column = line, at - self.line_starts[line - 1] + 1
                if start is None:
                    self.cursor = at + len(probe)
                return sentence
        return sentence


class DocumentReader(SideReader):
    name = "document"
    extensions = EXTENSIONS
    summary = "one side of a document pair: plain text, Markdown with front matter, HTML fragment"

    def read(self, path: Path, language: str) -> Document:
        return read_document(path, language)


def is_plain_text(path: Path) -> bool:
    """A ``.txt`` file without front matter, feed header or HTML (its lines may be units)."""
    if path.suffix.lower() not in TEXT_EXTENSIONS:
        return False
    head = "".join(islice(iter_lines(path), 200))
    has_header = _FRONT_MATTER.match(head) is not None or _FEED_HEADER.match(head) is not None
    return _kind(path, head, has_header) == "text"
