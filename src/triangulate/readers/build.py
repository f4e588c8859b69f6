"""One place where readers turn extracted fields into an Article, all normalised alike."""

from __future__ import annotations

import unicodedata

from triangulate.errors import Err, ReadError
from triangulate.model import Article, normalise_text
from triangulate.readers.dates import normalise_date


def clean_line(value: str | None) -> str | None:
    """A one-line field (title, outlet): NFC, whitespace runs collapsed, None if empty."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).replace("\x00", "").split())
    return text or None


def clean_url(value: str | None) -> str | None:
    if value is None:
        return None
    url = value.strip()
    return url if url and not any(ch.isspace() for ch in url) else None


def make_article(
    *,
    source: str,
    article_id: str,
    text: str,
    title: str | None = None,
    outlet: str | None = None,
    published: object = None,
    url: str | None = None,
    source_path: str | None = None,
    where: str = "",
) -> Article | ReadError:
    """An Article with normalised fields, or NO_TEXT when no text is left."""
    body = normalise_text(text)
    if not body:
        return ReadError(source, Err.NO_TEXT, where=where)
    return Article(
        id=article_id,
        text=body,
        title=clean_line(title),
        outlet=clean_line(outlet),
        published=normalise_date(published),
        url=clean_url(url),
        source_path=source_path,
    )
