"""HTML fragments (feed entries) to plain text that keeps paragraph breaks."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

_BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "table", "tr", "pre", "hr", "address", "details", "summary", "body",
})
_DROP = frozenset({
    "script", "style", "noscript", "iframe", "object", "embed", "form", "button",
    "template", "svg", "canvas", "video", "audio", "select", "textarea", "head",
    "figure",  # pictures and their captions, as trafilatura leaves them out of pages
})
_PARA = "\x00P"
_LINE = "\x00L"
_TAG_LIKE = re.compile(r"<[A-Za-z!/]")


def _pieces(root: etree._Element) -> list[str]:
    """Text pieces and break markers in document order (iterative: no recursion limit)."""
    out: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                out.append(_PARA)
            if el.tail and el is not root:
                out.append(el.tail)
            continue
        if not tag or tag in _DROP:  # comments, processing instructions, scripts
            if el.tail and el is not root:
                out.append(el.tail)
            continue
        if tag in _BLOCK:
            out.append(_PARA)
        elif tag == "br":
            out.append(_LINE)
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return out


def _join(pieces: list[str]) -> str:
    paragraphs: list[str] = []
    lines: list[str] = []
    words: list[str] = []

    def end_line() -> None:
        if words:
            lines.append(" ".join("".join(words).split()))
            words.clear()

    def end_paragraph() -> None:
        end_line()
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
        lines.clear()

    for piece in pieces:
        if piece == _PARA:
            end_paragraph()
        elif piece == _LINE:
            end_line()
        else:
            words.append(piece)
    end_paragraph()
    return "\n\n".join(paragraphs)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: blocks become paragraphs, ``<br>`` a new line."""
    if not _TAG_LIKE.search(markup):
        return _join([html.unescape(markup)])  # plain text, perhaps with entities
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    return _join(_pieces(root))
