"""The report as one self-contained HTML page that opens from disk with no network.

Every string from an article (text, title, outlet, url, ids) is hostile input: the page
is rendered by Jinja2 with autoescaping on for everything, builds no markup in Python,
uses no script, and carries a Content-Security-Policy that forbids loading anything and
allows only its own stylesheet (by hash), so not even a style attribute applies.
Only http(s) article URLs become links.

:func:`page_model` turns a report into what the templates draw; the web app renders the
same model for one story with the same templates.
"""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from triangulate.report.highlight import Mark, highlight
from triangulate.report.view import (
    KIND_LABELS,
    KIND_ORDER,
    Collation,
    StoryView,
    abbreviations,
    article_label,
    by_kind,
    by_speaker,
    claim_matrix,
    collations,
    date_key,
    digest_note,
    entity_names,
    human_date,
    kind_label,
    one_line,
    outlet_of,
    story_views,
    wording_diff,
    wordings,
)

Json = dict[str, Any]

_CONTEXT_CHARS = 220
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
_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9-]")
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‹›")
_YEAR = re.compile(r"(\d{4})")
_MATRIX_GLYPHS = {"states": "●", "contradicts": "✕", "silent": ""}
_MATRIX_WORDS = {"states": "states it", "contradicts": "contradicts", "silent": "silent"}
# chart geometry in CSS pixels: column per date, lane per article, room for labels
_COLUMN, _LANE, _LABELS, _AXIS, _PAD = 92, 26, 190, 50, 14
_LANE_LABEL_CHARS = 26


def _stylesheet() -> str:
    return (resources.files("triangulate.report") / "templates" / "report.css").read_text(
        encoding="utf-8")


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this inline stylesheet and nothing else."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def report_csp(css: str) -> str:
    return (f"default-src 'none'; style-src {style_hash(css)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


CSS = _stylesheet()
CSP = report_csp(CSS)


def environment(*extra: BaseLoader) -> Environment:
    """Jinja2 with autoescaping for every template; ``extra`` loaders are searched first."""
    loader = ChoiceLoader([*extra, PackageLoader("triangulate.report", "templates")])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return environment()


def render_html(report: Json) -> str:
    template = _environment().get_template("report.html.j2")
    # the stylesheet is ours, not input: it goes in verbatim so its hash matches the CSP
    return template.render(page=page_model(report), csp=CSP, css=Markup(CSS))


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


def anchor_slug(value: str) -> str:
    """An id-safe form of any string, one-to-one: letters, digits and '-' kept, others _hex."""
    return "".join(c if _ANCHOR_SAFE.fullmatch(c) else f"_{ord(c):x}_" for c in value)


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


def quoted(text: str) -> bool:
    """Whether a quote's text already starts with a quotation mark of its own."""
    return text.lstrip()[:1] in _QUOTE_MARKS


def finding_anchor(finding_id: str) -> str:
    return f"finding-{anchor_slug(finding_id)}"


def _kind_class(kind: str) -> str:
    return f"k-{kind.replace('_', '-')}" if kind in KIND_ORDER else "k-other"


def short_date(date: str) -> tuple[str, str]:
    """A date on two short lines for a chart axis: ("14 Mar", "2026"), ("19 Dec", "year ?")."""
    human = human_date(date)
    if human == date and not _YEAR.fullmatch(date):
        return (date[:10], "")
    if human.endswith("(year unknown)"):
        return (human.removesuffix(" (year unknown)"), "year ?")
    head, _, year = human.rpartition(" ")
    return (head, year) if head else (year, "")


class _Page:
    """Collects, per article, the spans the page links to, while the story parts are built."""

    def __init__(self, report: Json) -> None:
        self.index = {a["id"]: i for i, a in enumerate(report["articles"])}
        self.articles = {a["id"]: a for a in report["articles"]}
        self.marks: dict[str, list[Mark]] = defaultdict(list)
        self.names = entity_names(report)
        self.abbr = abbreviations(report["articles"])

    def mark(self, article_id: str, start: int, end: int, role: str, label: str) -> str:
        """Register a span to highlight in the full text; returns its anchor."""
        anchor = _span_anchor(self.index[article_id], start, end)
        self.marks[article_id].append(Mark(start, end, anchor, role, label))
        return anchor

    def link(self, span: Json | None, role: str, label: str) -> str:
        """The anchor of a span in its full text, or "" when its article is not shown."""
        if not span or span["article"] not in self.articles:
            return ""
        return self.mark(span["article"], span["start"], span["end"], role, label)

    def source(self, article_id: str) -> Json:
        article = self.articles.get(article_id)
        return {
            "id": article_id,
            "label": article_label(article, article_id),
            "abbr": self.abbr.get(article_id, ""),
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


def page_model(report: Json) -> Json:
    """Everything the templates draw, from the report's JSON alone."""
    page = _Page(report)
    views = story_views(report)
    stories = [_story(page, n, view) for n, view in enumerate(views)]
    shown = {f["id"] for view in views for f in view.families}
    outlets = {a["outlet"] for a in report["articles"] if a.get("outlet")}
    totals = [{"kind": kind, "css": _kind_class(kind), "label": KIND_LABELS[kind][1],
               "count": sum(view.count(kind) for view in views)} for kind in KIND_ORDER]
    return {
        "generated_at": report["generated_at"],
        "version": report["version"],
        "digest": digest_note(report["digest"]) if report.get("digest") else None,
        "counts": {"articles": len(report["articles"]), "outlets": len(outlets),
                   "stories": len(report["stories"]), "findings": len(report["findings"])},
        "totals": totals,
        "stories": stories,
        # families of no story shown here get their own section
        "families": [_family(page, f) for f in report["families"] if f["id"] not in shown],
        # built last: the stories above registered every span the full texts must mark
        "articles": [_full_article(page, i, a) for i, a in enumerate(report["articles"])],
    }


def _story(page: _Page, n: int, view: StoryView) -> Json:
    groups = []
    for kind, findings in by_kind(view.findings):
        label = kind_label(kind)
        groups.append({
            "kind": kind, "css": _kind_class(kind), "label": kind_label(kind, plural=True),
            "findings": [_finding(page, f, label) for f in findings],
        })
    anchor = f"story-{n}"
    return {
        "anchor": anchor,
        "id": view.id,
        "title": one_line(view.title) or "Untitled story",
        "grouped": view.id is not None,
        "articles": [_article_line(page, a) for a in view.articles],
        "outlets": len(view.outlets),
        "counts": {kind: view.count(kind) for kind in KIND_ORDER},
        "findings": len(view.findings),
        "groups": groups,
        "matrix": _matrix(page, view),
        "speakers": _speakers(page, view),
        "timeline": _timeline(page, anchor, view),
        "families": [_family(page, f) for f in view.families],
    }


def _finding(page: _Page, finding: Json, label: str) -> Json:
    return {
        "anchor": finding_anchor(finding["id"]),
        "css": _kind_class(finding["kind"]),
        "label": label,
        "summary": one_line(finding["summary"]),
        "sources": finding["independent_sources"],
        "evidence": [page.span_view(ev, _kind_class(finding["kind"]), f"{label} evidence")
                     for ev in finding["evidence"]],
    }


def _matrix(page: _Page, view: StoryView) -> Json | None:
    rows = claim_matrix(view)
    if not rows:
        return None
    columns: list[Json] = [{"source": page.source(a["id"]), "outlet": outlet_of(a),
                            "title": one_line(a.get("title"))} for a in view.articles]
    drawn = []
    for row in rows:
        cells = []
        for column, cell in zip(columns, row.cells, strict=True):
            who = column["source"]["label"]
            what = f" ({cell.value})" if cell.value else ""
            cells.append({
                "state": cell.state, "glyph": _MATRIX_GLYPHS[cell.state],
                "anchor": page.link(cell.span, "claim", "Claim in the matrix"),
                "title": f"{who}: {_MATRIX_WORDS[cell.state]}{what}",
            })
        drawn.append({"label": row.label, "conflict": row.conflict, "sources": row.sources,
                      "finding": finding_anchor(row.finding) if row.finding else "",
                      "cells": cells})
    return {"columns": columns, "rows": drawn}


def _speakers(page: _Page, view: StoryView) -> list[Json]:
    speakers = []
    for name, quotes in by_speaker(view.quotes, page.names):
        clusters = []
        for cluster in wordings(quotes):
            reference = cluster[0]["text"]
            items = []
            for q in cluster:
                item = _quote(page, q)
                item["pieces"] = (wording_diff(reference, q["text"]) if len(cluster) > 1
                                  else [("equal", q["text"])])
                items.append(item)
            clusters.append({"quotes": items, "wordings": len({one_line(q["text"]).casefold()
                                                               for q in cluster})})
        speakers.append({"name": name, "count": len(quotes), "clusters": clusters})
    return speakers


def _quote(page: _Page, quote: Json) -> Json:
    view = page.span_view(quote, "quote", "Quote")
    direct = quote.get("kind", "direct") == "direct"
    # a direct quote's span often holds its own quotation marks; add them only if not
    view.update(cue=one_line(quote.get("cue")), direct=direct,
                marks=direct and not quoted(quote["text"]),
                anonymous=bool(quote.get("anonymous")), medium=one_line(quote.get("medium")),
                written=one_line(quote.get("speaker")))
    return view


def _timeline(page: _Page, anchor: str, view: StoryView) -> Json | None:
    """Entries grouped by date (in the order ``story_views`` sorted them), and a chart."""
    days: list[Json] = []
    for k, entry in enumerate(view.timeline):
        if not days or days[-1]["date"] != entry["date"]:
            days.append({"date": entry["date"], "human": human_date(entry["date"]),
                         "entries": []})
        item = page.span_view(entry, "time", "Dated event")
        others = [a for a in entry.get("articles", []) if a != entry["article"]]
        event = one_line(entry.get("event"))
        # an event that only repeats the start of its sentence says nothing new
        if one_line(entry["text"]).startswith(event.rstrip("…").rstrip()):
            event = ""
        item.update(id=f"{anchor}-t{k}", event=event, also=[page.source(a) for a in others])
        days[-1]["entries"].append(item)
    if not days:
        return None
    return {"days": days, "chart": _chart(page, view, days)}


def _chart(page: _Page, view: StoryView, days: list[Json]) -> Json:
    """Geometry of the timeline chart: a column per date, a lane per reporting article."""
    reporting = {e["source"]["id"] for day in days for e in day["entries"]} | {
        o["id"] for day in days for e in day["entries"] for o in e["also"]}
    lanes = [a["id"] for a in view.articles if a["id"] in reporting]
    lanes += sorted(reporting - set(lanes))
    lane_y = {a: _AXIS + _LANE * i + _LANE // 2 for i, a in enumerate(lanes)}
    width = _LABELS + _COLUMN * len(days) + _PAD
    height = _AXIS + _LANE * len(lanes) + _PAD
    columns, dots, links, breaks = [], [], [], []
    previous: str | None = None
    for i, day in enumerate(days):
        x = _LABELS + _COLUMN * i + _COLUMN // 2
        top, bottom = short_date(day["date"])
        columns.append({"x": x, "top": top, "bottom": bottom, "date": day["date"]})
        if previous is not None and _far_apart(previous, day["date"]):
            breaks.append({"x": x - _COLUMN // 2})
        previous = day["date"]
        at: dict[str, list[tuple[Json, bool]]] = defaultdict(list)
        for entry in day["entries"]:
            at[entry["source"]["id"]].append((entry, True))
            for other in entry["also"]:
                at[other["id"]].append((entry, False))
            ys = [lane_y[entry["source"]["id"]]] + [lane_y[o["id"]] for o in entry["also"]]
            if len(ys) > 1:
                links.append({"x": x, "y1": min(ys), "y2": max(ys)})
        for article_id, items in at.items():
            own = [e for e, is_own in items if is_own]
            first = (own or [items[0][0]])[0]
            events = "; ".join(dict.fromkeys(e["event"] or one_line(e["text"]) for e, _ in items))
            dots.append({"x": x, "y": lane_y[article_id], "own": bool(own), "href": first["id"],
                         "count": len(items),
                         "title": f"{day['human']} · {page.source(article_id)['label']}: "
                                  f"{events}"})
    lane_rows = []
    for i, article_id in enumerate(lanes):
        source = page.source(article_id)
        label = f"{source['abbr']} · {source['label']}" if source["abbr"] else source["label"]
        if len(label) > _LANE_LABEL_CHARS:
            label = label[:_LANE_LABEL_CHARS - 1].rstrip() + "…"
        lane_rows.append({"y": lane_y[article_id], "top": _AXIS + _LANE * i, "label": label,
                          "title": source["label"], "odd": i % 2 == 1})
    return {"width": width, "height": height, "left": _LABELS, "axis": _AXIS,
            "lane": _LANE, "right": width - _PAD, "bottom": height - _PAD,
            "columns": columns, "lanes": lane_rows, "dots": dots, "links": links,
            "breaks": breaks}


def _far_apart(a: str, b: str) -> bool:
    """Whether two consecutive chart dates are more than a year apart (or not comparable)."""
    ya, yb = _YEAR.match(a), _YEAR.match(b)
    if not ya or not yb:
        return date_key(a)[0] != date_key(b)[0]
    return int(yb.group(1)) - int(ya.group(1)) > 1


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
        "pairs": [_collation(page, pair) for pair in collations(family)],
    }


def _collation(page: _Page, pair: Collation) -> Json:
    """A pair's rows for the page; runs of kept sentences fold into one row."""
    rows: list[Json] = []
    for row in pair.rows:
        left = {"anchor": page.link(row.left, "copy", "Sentence of a rewrite family"),
                "text": one_line(row.left["text"]) if row.left else "",
                "pieces": row.old} if row.left else None
        right = {"anchor": page.link(row.right, "copy", "Sentence of a rewrite family"),
                 "text": one_line(row.right["text"]) if row.right else "",
                 "pieces": row.new} if row.right else None
        item = {"status": row.status, "left": left, "right": right}
        if row.status == "kept" and rows and rows[-1]["status"] == "kept-run":
            rows[-1]["rows"].append(item)
        elif row.status == "kept":
            rows.append({"status": "kept-run", "rows": [item]})
        else:
            rows.append(item)
    counts = [(s, pair.count(s)) for s in ("kept", "changed", "added", "dropped")
              if pair.count(s)]
    return {
        "left": page.source(pair.left) if pair.left else None,
        "right": page.source(pair.right) if pair.right else None,
        "counts": counts,
        "rows": rows,
    }


def _full_article(page: _Page, index: int, article: Json) -> Json:
    return {
        "anchor": _article_anchor(index),
        "id": article["id"],
        "abbr": page.abbr.get(article["id"], ""),
        "title": one_line(article.get("title")) or "Untitled",
        "outlet": outlet_of(article),
        "published": article.get("published"),
        "url": article.get("url") or "",
        "href": safe_href(article.get("url")),
        "source_path": article.get("source_path") or "",
        "tokens": highlight(article["text"], _merge_marks(page.marks.get(article["id"], []))),
    }
