"""Server-rendered pages: the report's own templates and page model, one story at a time.

A story page is the HTML report of that story's slice of the store, drawn by the same
macros as ``report.html``; the list, article and findings pages are small templates of
their own. Everything goes through Jinja2 with autoescaping, and ids in URLs are
percent-encoded, so hostile text, titles, outlets and ids stay text.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader

from triangulate.model import Article, Story
from triangulate.report.highlight import Mark, highlight
from triangulate.report.html import environment, finding_anchor, page_model, quoted, safe_href
from triangulate.report.view import KIND_LABELS, KIND_ORDER, human_date, kind_label, one_line

Json = dict[str, Any]


def story_url(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def finding_url(story_id: str, finding_id: str) -> str:
    return f"{story_url(story_id)}#{finding_anchor(finding_id)}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = environment(PackageLoader("triangulate.web", "templates"))
    env.globals.update(story_url=story_url, article_url=article_url, finding_url=finding_url,
                       kind_label=kind_label, human_date=human_date)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's stylesheet plus the app's few rules, served as one file."""
    report = resources.files("triangulate.report") / "templates" / "report.css"
    web = resources.files("triangulate.web") / "templates" / "web.css"
    return report.read_text(encoding="utf-8") + "\n" + web.read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def story_page(report: Json, upload: bool) -> str:
    """A story's report slice drawn with the report's story, family and source macros."""
    page = page_model(report)
    return render("story_page.html.j2", page=page, story=page["stories"][0],
                  story_id=report["stories"][0]["id"], upload=upload)


def article_page(article: Article, stories: list[Story], upload: bool) -> str:
    """One article's full text with its quotes and claims marked and listed."""
    marks: list[Mark] = []
    quotes = []
    for n, q in enumerate(sorted(article.quotes, key=lambda q: q.span.start)):
        anchor = f"q-{n}"
        marks.append(Mark(q.span.start, q.span.end, anchor, "quote", "Quote"))
        quotes.append({"anchor": anchor, "text": one_line(q.span.text),
                       "speaker": one_line(q.speaker) or "Unattributed",
                       "cue": one_line(q.cue), "direct": q.kind == "direct",
                       "marks": q.kind == "direct" and not quoted(q.span.text),
                       "anonymous": q.anonymous})
    claims = []
    for n, c in enumerate(sorted(article.claims, key=lambda c: c.span.start)):
        anchor = f"c-{n}"
        marks.append(Mark(c.span.start, c.span.end, anchor, "claim", "Claim"))
        flags = [name for name, on in (("hedged", c.hedged), ("negated", c.negated),
                                       ("anonymous", c.anonymous),
                                       ("not checkable", not c.checkable)) if on]
        claims.append({"anchor": anchor, "text": one_line(c.span.text),
                       "figures": [one_line(v.span.text) for v in c.values], "flags": flags})
    view = {
        "id": article.id, "title": one_line(article.title) or "Untitled",
        "outlet": one_line(article.outlet), "published": article.published,
        "url": article.url or "", "href": safe_href(article.url),
        "source_path": article.source_path or "", "language": article.language or "",
        "tokens": highlight(article.text, marks),
    }
    return render("article_page.html.j2", article=view, quotes=quotes, claims=claims,
                  stories=[{"id": s.id, "title": one_line(s.title)} for s in stories],
                  upload=upload)


def kind_filters(counts: dict[str, int], current: str | None) -> list[Json]:
    kinds = [k for k in KIND_ORDER if k in counts] + sorted(k for k in counts
                                                           if k not in KIND_ORDER)
    return [{"kind": k, "label": KIND_LABELS[k][1] if k in KIND_LABELS else kind_label(k),
             "count": counts[k], "current": k == current,
             "css": f"k-{k.replace('_', '-')}" if k in KIND_ORDER else "k-other"}
            for k in kinds]
