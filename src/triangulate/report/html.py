"""The report as one self-contained HTML page that opens from disk with no network.

Every string from an article (text, title, outlet, url, ids) is hostile input: the page
is rendered by Jinja2 with autoescaping on for everything, builds no markup in Python,
uses no script, and carries a Content-Security-Policy that forbids loading anything.
Only http(s) article URLs become links.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from triangulate.report.highlight import Mark, highlight
from triangulate.report.view import (
    KIND_LABELS,
    KIND_ORDER,
    StoryView,
    article_label,
    by_kind,
    by_speaker,
    entity_names,
    human_date,
    kind_label,
    one_line,
    outlet_of,
    story_views,
)

Json = dict[str, Any]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " \
      "form-action 'none'"
_CONTEXT_CHARS = 220
_FAMILY_CHANGES = 6
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)|\n")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_WORD_BEFORE = re.compile(r"\w+$")
# a full stop after these is usually not the end of a sentence in English news
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "st", "jr", "sr", "no", "vs", "etc", "inc", "corp", "ltd", "co", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"))
# characters a browser strips or ignores inside a URL: a link must be what it shows
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("triangulate.report", "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True)


def render_html(report: Json) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(page=_page(report), csp=CSP)


def safe_href(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address with a host, else None (shown as text)."""
    if not url or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def sentence_context(text: str, start: int, end: int, sentences: Sequence[Sequence[int]] = (),
                     limit: int = _CONTEXT_CHARS) -> tuple[str, str, str, bool, bool]:
    """The sentence around a span: (before, span, after, cut_before, cut_after).

    ``sentences`` are the article's [start, end) sentence offsets when the report has
    them; without them sentence ends are guessed from punctuation. ``limit`` caps each
    side so a run-on paragraph stays readable.
    """
    lo, hi = _sentence_bounds(text, start, end, sentences)
    cut_before = start - lo > limit
    if cut_before:
        space = text.find(" ", start - limit, start)
        lo = space + 1 if space >= 0 else start - limit
    cut_after = hi - end > limit
    if cut_after:
        space = text.rfind(" ", end, end + limit)
        hi = space if space >= 0 else end + limit
    return text[lo:start].lstrip(), text[start:end], text[end:hi].rstrip(), cut_before, cut_after


def _sentence_bounds(text: str, start: int, end: int,
                     sentences: Sequence[Sequence[int]]) -> tuple[int, int]:
    starts = [s[0] for s in sentences]
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(start, end - 1)) - 1
    if first >= 0 and sentences[first][0] <= start < sentences[first][1] <= len(text):
        return sentences[first][0], max(end, min(sentences[last][1], len(text)))
    # look no further than twice the shown context: the caller cuts there anyway
    lo = max(0, start - 2 * _CONTEXT_CHARS)
    for m in _SENTENCE_END.finditer(text, lo, start):
        if _is_boundary(text, m.start(), m.end()):
            lo = m.end()
    hi = min(len(text), end + 2 * _CONTEXT_CHARS)
    if _ENDS_SENTENCE.search(text, max(0, end - 8), end):
        hi = end
    else:
        for m in _SENTENCE_STOP.finditer(text, end, hi):
            if _is_boundary(text, m.start(), m.end()):
                hi = m.end() if text[m.start()] != "\n" else m.start()
                break
    return lo, hi


def _is_boundary(text: str, mark: int, after: int) -> bool:
    """Whether the punctuation at ``mark`` ends a sentence, not an abbreviation or initial."""
    if text[mark] == "\n":
        return True
    word = _WORD_BEFORE.search(text, max(0, mark - 12), mark)
    if word and (word.group().lower() in _ABBREVIATIONS or len(word.group()) == 1):
        return False
    rest = text[after:after + 2].lstrip()
    return not rest or not (rest[0].islower() or rest[0].isdigit())


def _article_anchor(index: int) -> str:
    return f"art-{index}"


def _span_anchor(index: int, start: int, end: int) -> str:
    return f"art-{index}-{start}-{end}"


def _kind_class(kind: str) -> str:
    return f"k-{kind.replace('_', '-')}" if kind in KIND_ORDER else "k-other"


class _Page:
    """Collects, per article, the spans the page links to, while the story parts are built."""

    def __init__(self, report: Json) -> None:
        self.index = {a["id"]: i for i, a in enumerate(report["articles"])}
        self.articles = {a["id"]: a for a in report["articles"]}
        self.marks: dict[str, list[Mark]] = defaultdict(list)
        self.names = entity_names(report)

    def mark(self, article_id: str, start: int, end: int, role: str, label: str) -> str:
        """Register a span to highlight in the full text; returns its anchor."""
        anchor = _span_anchor(self.index[article_id], start, end)
        self.marks[article_id].append(Mark(start, end, anchor, role, label))
        return anchor

    def source(self, article_id: str) -> Json:
        article = self.articles.get(article_id)
        return {
            "id": article_id,
            "label": article_label(article, article_id),
            "anchor": _article_anchor(self.index[article_id]) if article else "",
        }

    def span_view(self, item: Json, role: str, label: str) -> Json:
        """An evidence span, quote or dated passage: its sentence and its anchor."""
        article_id = item["article"]
        article = self.articles.get(article_id)
        view = {"source": self.source(article_id), "text": item["text"], "before": "",
                "after": "", "cut_before": False, "cut_after": False, "anchor": ""}
        if article is not None:
            before, _, after, cut_before, cut_after = sentence_context(
                article["text"], item["start"], item["end"], article.get("sentences", ()))
            view.update(before=before, after=after, cut_before=cut_before,
                        cut_after=cut_after,
                        anchor=self.mark(article_id, item["start"], item["end"], role, label))
        return view


def _merge_marks(marks: list[Mark]) -> list[Mark]:
    """One mark per span: its roles joined, so a span used twice is one anchor."""
    merged: dict[str, Mark] = {}
    for m in marks:
        if m.anchor in merged:
            old = merged[m.anchor]
            classes = " ".join(dict.fromkeys([*old.classes.split(), *m.classes.split()]))
            titles = list(dict.fromkeys([*old.title.split(" · "), m.title]))
            merged[m.anchor] = Mark(m.start, m.end, m.anchor, classes, " · ".join(titles))
        else:
            merged[m.anchor] = m
    return list(merged.values())


def _page(report: Json) -> Json:
    page = _Page(report)
    views = story_views(report)
    stories = [_story(page, n, view) for n, view in enumerate(views)]
    outlets = {a["outlet"] for a in report["articles"] if a.get("outlet")}
    totals = [{"kind": kind, "css": _kind_class(kind), "label": KIND_LABELS[kind][1],
               "count": sum(view.count(kind) for view in views)} for kind in KIND_ORDER]
    return {
        "generated_at": report["generated_at"],
        "version": report["version"],
        "counts": {"articles": len(report["articles"]), "outlets": len(outlets),
                   "stories": len(report["stories"]), "findings": len(report["findings"])},
        "totals": totals,
        "stories": stories,
        "families": [_family(page, f) for f in report["families"]],
        # built last: the stories above registered every span the full texts must mark
        "articles": [_full_article(page, i, a) for i, a in enumerate(report["articles"])],
    }


def _story(page: _Page, n: int, view: StoryView) -> Json:
    groups = []
    shown = 0
    for kind, findings in by_kind(view.findings):
        label = kind_label(kind)
        groups.append({
            "kind": kind, "css": _kind_class(kind), "label": kind_label(kind, plural=True),
            "findings": [_finding(page, f"story-{n}-finding-{shown + i}", f, label)
                         for i, f in enumerate(findings)],
        })
        shown += len(findings)
    speakers = [{"name": name, "quotes": [_quote(page, q) for q in quotes]}
                for name, quotes in by_speaker(view.quotes, page.names)]
    return {
        "anchor": f"story-{n}",
        "title": one_line(view.title) or "Untitled story",
        "grouped": view.id is not None,
        "articles": [_article_line(page, a) for a in view.articles],
        "outlets": len(view.outlets),
        "counts": {kind: view.count(kind) for kind in KIND_ORDER},
        "findings": len(view.findings),
        "groups": groups,
        "speakers": speakers,
        "timeline": _timeline(page, view.timeline),
    }


def _finding(page: _Page, anchor: str, finding: Json, label: str) -> Json:
    return {
        "anchor": anchor,
        "css": _kind_class(finding["kind"]),
        "label": label,
        "summary": one_line(finding["summary"]),
        "sources": finding["independent_sources"],
        "evidence": [page.span_view(ev, _kind_class(finding["kind"]), f"{label} evidence")
                     for ev in finding["evidence"]],
    }


def _quote(page: _Page, quote: Json) -> Json:
    view = page.span_view(quote, "quote", "Quote")
    view.update(cue=one_line(quote.get("cue")), direct=quote.get("kind", "direct") == "direct",
                anonymous=bool(quote.get("anonymous")), medium=one_line(quote.get("medium")),
                written=one_line(quote.get("speaker")))
    return view


def _timeline(page: _Page, entries: list[Json]) -> list[Json]:
    """Entries grouped by date, in the order ``story_views`` sorted them."""
    days: list[Json] = []
    for entry in entries:
        if not days or days[-1]["date"] != entry["date"]:
            days.append({"date": entry["date"], "human": human_date(entry["date"]),
                         "entries": []})
        view = page.span_view(entry, "time", "Dated event")
        others = [a for a in entry.get("articles", []) if a != entry["article"]]
        view.update(event=one_line(entry.get("event")), also=[page.source(a) for a in others])
        days[-1]["entries"].append(view)
    return days


def _article_line(page: _Page, article: Json) -> Json:
    return {"source": page.source(article["id"]), "title": one_line(article.get("title")),
            "outlet": outlet_of(article), "published": article.get("published")}


def _family(page: _Page, family: Json) -> Json:
    statuses: dict[str, int] = defaultdict(int)
    for row in family.get("alignment", []):
        statuses[row["status"]] += 1
    similarity = max(0.0, min(1.0, float(family["similarity"])))
    return {
        "id": family["id"],
        "members": [_article_line(page, page.articles[a]) if a in page.articles
                    else {"source": page.source(a), "title": "", "outlet": "",
                          "published": None}
                    for a in family["articles"]],
        "similarity": f"{similarity:.2f}",
        "percent": round(similarity * 100),
        "statuses": [(s, statuses[s]) for s in ("kept", "changed", "added", "dropped")
                     if statuses[s]],
        # what a rewrite changed is what a reader checks first; a few rows say enough
        "changes": [{"left": one_line(row["left"]["text"]), "right": one_line(row["right"]["text"])}
                    for row in family.get("alignment", [])
                    if row["status"] == "changed" and row.get("left") and row.get("right")
                    ][:_FAMILY_CHANGES],
    }


def _full_article(page: _Page, index: int, article: Json) -> Json:
    return {
        "anchor": _article_anchor(index),
        "id": article["id"],
        "title": one_line(article.get("title")) or "Untitled",
        "outlet": outlet_of(article),
        "published": article.get("published"),
        "url": article.get("url") or "",
        "href": safe_href(article.get("url")),
        "source_path": article.get("source_path") or "",
        "tokens": highlight(article["text"], _merge_marks(page.marks.get(article["id"], []))),
    }
