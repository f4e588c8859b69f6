"""RSS and Atom feeds: entries that carry a whole article become articles.

Most feeds carry only a teaser per entry; those entries are skipped quietly, since the
article is not in the feed. Only a feed with no full entry at all is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from triangulate.errors import Err, ReadError
from triangulate.model import Article, normalise_text
from triangulate.readers.build import clean_line, make_article
from triangulate.readers.dates import normalise_date
from triangulate.readers.detail import one_line
from triangulate.readers.htmltext import html_to_text
from triangulate.readers.ids import numbered_id, safe_id
from triangulate.readers.limits import Limits, too_large
from triangulate.readers.source import Source

# An entry is a whole article when its text, markup removed, has at least this many
# characters and sentences: a teaser is one or two short sentences.
MIN_FEED_TEXT_CHARS = 300
MIN_FEED_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u2019\u201d)\]]*(?=\s|$)")


def is_full_text(text: str) -> bool:
    return (len(text) >= MIN_FEED_TEXT_CHARS
            and len(_SENTENCE_END.findall(text)) >= MIN_FEED_SENTENCES)


def _as_text(value: str, mime: str | None) -> str:
    if mime and "html" not in mime and "xml" not in mime:
        return normalise_text(value)
    return html_to_text(value)


def entry_text(entry: Any) -> str:
    """The longest text the entry holds: full content (content:encoded, Atom content)
    or its summary."""
    candidates = [
        _as_text(item.get("value") or "", item.get("type"))
        for item in entry.get("content") or []
    ]
    summary = entry.get("summary")
    if summary:
        detail = entry.get("summary_detail") or {}
        candidates.append(_as_text(summary, detail.get("type")))
    return max(candidates, key=len, default="")


def _published(entry: Any) -> str | None:
    # The date as written keeps its own day; feedparser's parsed form is shifted to UTC.
    for key in ("published", "updated", "created"):
        found = normalise_date(entry.get(key))
        if found:
            return found
    for key in ("published_parsed", "updated_parsed"):
        found = normalise_date(entry.get(key))
        if found:
            return found
    return None


def _title(value: str | None) -> str | None:
    return clean_line(html_to_text(value)) if value else None


def read_feed(data: bytes, src: Source, limits: Limits) -> Iterator[Article | ReadError]:
    import feedparser  # imported late: only feeds need it

    # Bytes, never a str: feedparser would take a str for a URL or a file name.
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser's own failures on malformed input, e.g. a
        # non-ASCII encoding name in the XML declaration (UnicodeDecodeError)
        yield ReadError(src.name, Err.BAD_FEED, detail=one_line(f"{type(exc).__name__}: {exc}"))
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            detail = one_line(str(problem)) if problem else "not a feed"
            yield ReadError(src.name, Err.BAD_FEED, detail=detail or "not a feed")
        else:
            yield ReadError(src.name, Err.NO_TEXT, where=" (the feed has no entries)")
        return
    channel = parsed.get("feed") or {}
    channel_title = _title(channel.get("title"))
    found = 0
    for n, entry in enumerate(entries, start=1):
        if n > limits.max_articles_per_file:
            yield too_large(src.name, limits, "max_articles_per_file",
                            f"{len(entries):,} feed entries")
            return
        text = entry_text(entry)
        if not is_full_text(text):
            continue  # a teaser: the article itself is elsewhere
        origin = entry.get("source") or {}  # RSS <source>: the outlet an aggregator took it from
        raw_id = entry.get("id")
        article_id = (safe_id(raw_id) if isinstance(raw_id, str) else None) \
            or numbered_id(src.stem, n)
        item = make_article(
            source=src.name,
            article_id=article_id,
            text=text,
            title=_title(entry.get("title")),
            outlet=_title(origin.get("title")) or channel_title,
            published=_published(entry),
            url=entry.get("link"),
            source_path=src.path,
            where=f" in feed entry {n}",
        )
        found += isinstance(item, Article)
        yield item
    if not found:
        yield ReadError(src.name, Err.NO_TEXT,
                        where=f" (none of the {len(entries)} feed entries holds a full article)")
