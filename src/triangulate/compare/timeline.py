"""The timeline: every dated event of a story, in date order, with its evidence.

An event is a claim carrying a date. Aligned claims (the same event told by several
articles) with compatible dates make one entry listing every article that gives it;
incompatible dates for the same event are reported as conflicts by the finding rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from triangulate.model import Claim, Corpus, Story, TimelineEntry

# the forms the report contract allows: 2024-12-06, 2024-12, 2024, --12-19
TIMELINE_DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$")


def _event(claim: Claim, limit: int = 140) -> str:
    text = " ".join(claim.span.text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def sort_key(date: str) -> tuple[str, str]:
    """Year-less dates sort by month and day after the dated ones of the same month."""
    if date.startswith("--"):
        return ("9999", date[2:])
    return (date[:4], date[5:] or "00")


def build_timeline(corpus: Corpus, stories: Iterable[Story]) -> list[TimelineEntry]:
    group_of = {cid: g.id for g in corpus.claim_groups for cid in g.claims}
    by_id = corpus.by_id()
    entries: list[TimelineEntry] = []
    for story in stories:
        merged: dict[tuple[str, str], TimelineEntry] = {}
        for aid in story.articles:
            article = by_id.get(aid)
            if article is None:
                continue
            for claim in article.claims:
                for value in claim.values:
                    if value.kind != "date" or not TIMELINE_DATE.match(value.value):
                        continue
                    key = (group_of.get(claim.id, claim.id), value.value)
                    entry = merged.get(key)
                    if entry is None:
                        merged[key] = TimelineEntry(
                            date=value.value, article=aid, start=claim.span.start,
                            end=claim.span.end, text=claim.span.text, story=story.id,
                            event=_event(claim), articles=[aid])
                    elif aid not in entry.articles:
                        entry.articles.append(aid)
        entries.extend(sorted(merged.values(), key=lambda e: (sort_key(e.date), e.article,
                                                              e.start)))
    return entries
