"""HTML pages: the article's main text and its metadata, through trafilatura."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers.build import clean_line, make_article
from triangulate.readers.detail import one_line

# Below this many characters the balanced extraction probably missed the story (a page
# with unusual markup), so a recall-oriented second pass is tried.
MIN_BALANCED_CHARS = 250
MAX_BYLINE_CHARS = 80
_DATE_PARAMS = {"extensive_search": True, "original_date": True}


def _extract(markup: str, url: str | None, *, recall: bool) -> Any:
    import trafilatura  # imported late: loading it costs about half a second

    return trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_recall=recall,
        date_extraction_params=_DATE_PARAMS,
    )


def _outlet(doc: Any) -> str | None:
    """Site name (og:site_name, JSON-LD publisher), else the host without ``www.``."""
    name = clean_line(getattr(doc, "sitename", None))
    if name:
        return name
    host = getattr(doc, "hostname", None) or ""
    if not host and getattr(doc, "url", None):
        host = urlsplit(doc.url).hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None


def _is_byline(line: str, author: str | None) -> bool:
    """A "By Jane Doe, Staff writer" line: who wrote the piece, not what it reports."""
    line = line.strip()
    if not line or len(line) > MAX_BYLINE_CHARS or line.endswith((".", "!", "?", ":")):
        return False
    if line.startswith(("By ", "by ", "BY ")):
        return True
    names = [n.strip() for n in (author or "").split(";") if n.strip()]
    return any(line.casefold().startswith(n.casefold()) for n in names)


def _drop_heading_lines(text: str, title: str | None, author: str | None) -> str:
    """The text without a leading headline (kept as the title) or byline.

    trafilatura keeps both when they sit inside the article element.
    """
    lines = text.strip().split("\n")
    squeezed_title = " ".join((title or "").split()).casefold()
    dropped = 0
    for line in lines[:2]:  # a headline, then perhaps a byline
        same_as_title = squeezed_title and " ".join(line.split()).casefold() == squeezed_title
        if same_as_title or _is_byline(line, author):
            dropped += 1
        else:
            break
    rest = "\n".join(lines[dropped:])
    return rest if rest.strip() else text


def read_html(
    markup: str,
    *,
    source: str,
    article_id: str,
    source_path: str | None,
    url: str | None = None,
) -> Article | ReadError:
    """One article from one page; ``url`` (a crawl's target URI) overrides the page's."""
    try:
        doc = _extract(markup, url, recall=False)
        text = (getattr(doc, "text", None) or "") if doc is not None else ""
        if len(text) < MIN_BALANCED_CHARS:
            second = _extract(markup, url, recall=True)
            if second is not None and len(second.text or "") > len(text):
                doc, text = second, second.text or ""
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # trafilatura and lxml raise these on pathological markup
        return ReadError(source, Err.BAD_HTML, detail=one_line(f"{type(exc).__name__}: {exc}"))
    if doc is None or not text.strip():
        return ReadError(source, Err.NO_TEXT, where=" in the HTML page")
    title = clean_line(getattr(doc, "title", None))
    return make_article(
        source=source,
        article_id=article_id,
        text=_drop_heading_lines(text, title, getattr(doc, "author", None)),
        title=title,
        outlet=_outlet(doc),
        published=getattr(doc, "date", None),
        url=url or getattr(doc, "url", None),
        source_path=source_path,
        where=" in the HTML page",
    )
