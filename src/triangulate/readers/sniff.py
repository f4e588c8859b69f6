"""Which format an input is in, judged by its content first and its extension second."""

from __future__ import annotations

import json
import re

from triangulate.errors import Err, ReadError
from triangulate.readers.formats import (
    FEED_EXTS,
    HTML_EXTS,
    JSON_EXTS,
    JSONL_EXTS,
    PLAIN_EXTS,
    Format,
)

WARC_MAGIC = b"WARC/"
_HEAD = 4096
# Prologue an XML or HTML document may open with before its first element.
_PROLOGUE = re.compile(
    r"^(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL
)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z][A-Za-z0-9_.:-]*)")
_DOCTYPE_HTML = re.compile(r"<!doctype\s+html", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
# Elements that only HTML has; one of them near the start makes the input a web page.
_HTML_ELEMENTS = frozenset({
    "html", "head", "body", "meta", "title", "div", "p", "article", "section", "main",
    "header", "nav", "span", "h1", "h2", "h3", "script", "style", "link", "table", "ul",
    "br", "a", "b", "i", "em", "strong", "figure", "img", "blockquote",
})
_HTML_TAG = re.compile(
    r"<(?:" + "|".join(sorted(_HTML_ELEMENTS, key=len, reverse=True)) + r")[\s>/]",
    re.IGNORECASE,
)


def is_warc(data: bytes) -> bool:
    return data.startswith(WARC_MAGIC)


def json_kind(text: str) -> Format | None:
    """JSON when the whole text parses, JSON Lines when its first line is an object."""
    # RecursionError: JSON nested deeper than the parser goes is no document we can read
    try:
        json.loads(text)
        return Format.JSON
    except (ValueError, RecursionError):
        pass
    for line in text.splitlines():
        if line.strip():
            try:
                return Format.JSONL if isinstance(json.loads(line), dict) else None
            except (ValueError, RecursionError):
                return None
    return None


def _markup_kind(head: str, ext: str, source: str) -> Format:
    body = head[_PROLOGUE.match(head).end():]  # type: ignore[union-attr]
    m = _FIRST_ELEMENT.match(body)
    written = m.group(1) if m else ""
    root = written.lower()
    if root == "html" or _DOCTYPE_HTML.search(head):
        return Format.HTML
    if root in _FEED_ROOTS:
        return Format.FEED
    if root in _HTML_ELEMENTS or _HTML_TAG.search(head):
        return Format.HTML  # a page fragment, or a page without <html>
    if ext in PLAIN_EXTS:
        return Format.PLAIN  # text that merely opens with an angle bracket
    shown = f"XML with root element <{written}>" if written else "markup"
    raise ReadError(source, Err.UNKNOWN_FORMAT,
                    detail=f"{shown}, neither a feed nor a web page")


def sniff(text: str, ext: str, source: str) -> Format:
    """The format of decoded ``text`` whose file extension is ``ext``.

    Content decides where it is clear (a ``.txt`` holding a page is HTML; a ``.xml``
    holding a page is HTML); the extension decides the rest (a ``.json`` that does not
    parse is reported as broken JSON rather than read as prose).
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    head = stripped[:_HEAD]
    if head.startswith(("{", "[")):
        kind = json_kind(stripped)
        if kind is not None:
            return kind
        if ext in JSONL_EXTS:
            return Format.JSONL
        if ext in JSON_EXTS:
            return Format.JSON
    if head.startswith("<"):
        return _markup_kind(head, ext, source)
    if ext in JSON_EXTS:
        return Format.JSON
    if ext in JSONL_EXTS:
        return Format.JSONL
    if ext in FEED_EXTS:
        return Format.FEED  # the feed reader reports what is wrong with it
    if ext in HTML_EXTS and _HTML_TAG.search(head):
        return Format.HTML
    return Format.PLAIN
