"""Turn a corpus into the report contract's JSON (version 1).

The report is plain data (dicts, lists, str, int, float, bool, None) so it can be written
with ``json`` and read back by tools that know nothing of the data model. Field order
follows the contract; fields beyond the contract are added after the contract's own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from triangulate.model import (
    AlignedSentence,
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Entity,
    Evidence,
    Family,
    Finding,
    Quote,
    Span,
    Story,
    TimelineEntry,
)

REPORT_VERSION = 1

_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")

Json = dict[str, Any]


def build_report(corpus: Corpus, generated_at: datetime | None = None) -> Json:
    """The report for ``corpus``; the same corpus and timestamp give the same report."""
    return {
        "version": REPORT_VERSION,
        "generated_at": stamp_of(generated_at),
        "articles": [_article(a) for a in corpus.articles],
        "stories": [_story(s) for s in corpus.stories],
        "families": [_family(f) for f in corpus.families],
        "entities": [_entity(e) for e in corpus.entities],
        "quotes": [_quote(q) for a in corpus.articles for q in by_offset(a.quotes)],
        "claims": [_claim(c) for a in corpus.articles for c in by_offset(a.claims)],
        # findings and the timeline keep corpus order: the pipeline ranks and sorts them
        "findings": [_finding(f) for f in corpus.findings],
        "timeline": [_timeline(t) for t in corpus.timeline],
        "claim_groups": [_claim_group(g) for g in corpus.claim_groups],
    }


def stamp_of(when: datetime | None) -> str:
    """The report's ``generated_at``: now if not given; a naive time is taken as UTC so
    the stamp is unambiguous."""
    when = when or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat(timespec="seconds")


def part_json(part: str, item: Any) -> Json:
    """One item of a report part (``articles``, ``quotes``, ``findings`` ...) as the
    report holds it (for writers that build the report a piece at a time)."""
    return _PARTS[part](item)


def by_offset(items: list[Any]) -> list[Any]:
    """Quotes or claims in text order, so the report does not depend on stage order."""
    return sorted(items, key=lambda x: (x.span.start, x.span.end, x.id))


def _published(value: str | None) -> str | None:
    # a full timestamp keeps its date: the contract's field is a calendar date
    if value and len(value) > 10 and _DATE_PREFIX.match(value):
        return value[:10]
    return value


def _number(value: float | None) -> float | None:
    """JSON has no NaN or infinity; an undefined figure is reported as null."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _located(span: Span) -> Json:
    """The contract's span fields: article, start, end, text."""
    return {"article": span.article, "start": span.start, "end": span.end, "text": span.text}


def _span(span: Span | None) -> Json | None:
    return None if span is None else _located(span)


def _article(a: Article) -> Json:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": _published(a.published),
        "url": a.url,
        "source_path": a.source_path,
        "text": a.text,
        "language": a.language,
        "content_hash": a.content_hash,
        # [start, end) of each sentence, so a reader can show a span inside its sentence
        "sentences": [[s.start, s.end] for s in a.sentences],
    }


def _story(s: Story) -> Json:
    return {"id": s.id, "title": s.title, "articles": list(s.articles)}


def _aligned(row: AlignedSentence) -> Json:
    return {
        "status": row.status,
        "left": _span(row.left),
        "right": _span(row.right),
        "similarity": _number(row.similarity) or 0.0,
    }


def _family(f: Family) -> Json:
    return {
        "id": f.id,
        "articles": list(f.articles),
        "similarity": _number(f.similarity) or 0.0,
        "story": f.story,
        "alignment": [_aligned(row) for row in f.alignment],
    }


def _entity(e: Entity) -> Json:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "articles": list(e.articles),
        "mentions": e.mentions,
    }


def _quote(q: Quote) -> Json:
    return {
        "id": q.id,
        **_located(q.span),
        "speaker": q.speaker,
        "speaker_entity": q.speaker_entity,
        "cue": q.cue,
        "kind": q.kind,
        "medium": q.medium,
        "anonymous": q.anonymous,
        "speaker_span": _span(q.speaker_span),
        "cue_span": _span(q.cue_span),
    }


def _value(v: ClaimValue) -> Json:
    return {
        "kind": v.kind,
        "value": v.value,
        **_located(v.span),
        "low": _number(v.low),
        "high": _number(v.high),
        "unit": v.unit,
        "measure": v.measure,
    }


def _claim(c: Claim) -> Json:
    return {
        "id": c.id,
        **_located(c.span),
        "sentence": c.sentence,
        "subject": c.subject,
        "subject_text": c.subject_text,
        "subject_span": _span(c.subject_span),
        "predicate": c.predicate,
        "values": [_value(v) for v in c.values],
        "quote": c.quote,
        "speaker": c.speaker,
        "speaker_entity": c.speaker_entity,
        "anonymous": c.anonymous,
        "hedged": c.hedged,
        "negated": c.negated,
        "checkable": c.checkable,
    }


def _evidence(e: Evidence) -> Json:
    return {"article": e.article, "start": e.start, "end": e.end, "text": e.text,
            "claim": e.claim}


def _finding(f: Finding) -> Json:
    return {
        "id": f.id,
        "kind": f.kind,
        "story": f.story,
        "summary": f.summary,
        "evidence": [_evidence(e) for e in f.evidence],
        "independent_sources": f.independent_sources,
        "score": _number(f.score) or 0.0,
    }


def _timeline(t: TimelineEntry) -> Json:
    return {
        "date": t.date,
        "article": t.article,
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "story": t.story,
        "event": t.event,
        "articles": list(t.articles),
    }


def _claim_group(g: ClaimGroup) -> Json:
    return {"id": g.id, "story": g.story, "claims": list(g.claims),
            "articles": list(g.articles), "label": g.label}


_PARTS: dict[str, Callable[[Any], Json]] = {
    "articles": _article, "stories": _story, "families": _family, "entities": _entity,
    "quotes": _quote, "claims": _claim, "findings": _finding, "timeline": _timeline,
    "claim_groups": _claim_group,
}
