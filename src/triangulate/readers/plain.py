"""Plain-text articles: the file is the text; a short first line set apart is the title."""

from __future__ import annotations

import re

from triangulate.errors import ReadError
from triangulate.model import Article, normalise_text
from triangulate.readers.build import make_article
from triangulate.readers.formats import MARKDOWN_EXTS
from triangulate.readers.source import Source

# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_CHARS = 250
_CLOSERS = "'\"\u2019\u201d)]"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def split_title(text: str, *, markdown: bool = False) -> tuple[str | None, str]:
    """(title, body) of normalised ``text``.

    The first line is the title when a blank line follows it, it is short, and it does
    not read as a sentence; otherwise there is no title and the body is all the text.
    """
    first, sep, rest = text.partition("\n")
    if not sep:
        return None, text
    second, _, _ = rest.partition("\n")
    if second.strip():
        return None, text
    title = first.strip()
    if markdown:
        title = _MARKDOWN_HEADING.sub("", title)
    body = normalise_text(rest)
    if not title or not body or len(title) > MAX_TITLE_CHARS or _reads_as_sentence(title):
        return None, text
    return title, body


def _reads_as_sentence(line: str) -> bool:
    """A full stop after a lower-case letter or digit ends a sentence (a lead paragraph).

    Headlines do not end so; "... G.O.P." or "... U.S." still count as headlines.
    """
    core = line.rstrip(_CLOSERS)
    return len(core) >= 2 and core.endswith(".") and (core[-2].islower() or core[-2].isdigit())


def read_plain(text: str, src: Source) -> Article | ReadError:
    title, body = split_title(normalise_text(text), markdown=src.ext in MARKDOWN_EXTS)
    return make_article(source=src.name, article_id=src.stem, text=body, title=title,
                        source_path=src.path)
