"""JSON and JSON Lines: one article per object, under the usual field names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers.build import make_article
from triangulate.readers.detail import one_line
from triangulate.readers.htmltext import html_to_text
from triangulate.readers.ids import numbered_id
from triangulate.readers.limits import Limits, too_large
from triangulate.readers.source import Source

# Article field -> the record keys that may hold it, first match wins. Adding a
# synonym is adding a name here.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "uuid", "guid"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher"),
    "published": ("published", "date", "published_at", "publishedAt", "date_published"),
    "url": ("url", "link", "canonical_url"),
    "text": ("text", "body", "content", "article", "full_text", "content_text", "content_html"),
}
# Keys whose value is HTML markup (JSON Feed's content_html), turned into plain text.
HTML_KEYS = frozenset({"content_html"})
# Python's parser gives up (RecursionError) at about a thousand levels of nesting.
TOO_DEEP = "nested too deeply"
# Keys under which a JSON document may hold its list of articles.
CONTAINER_KEYS = ("articles", "items", "entries", "documents", "data", "results")


class FieldProblem(Exception):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


def _lookup(record: Mapping[str, Any], field: str) -> tuple[str, Any]:
    for key in FIELD_NAMES[field]:
        if key in record and record[key] is not None:
            return key, record[key]
    return "", None


def _string(record: Mapping[str, Any], field: str) -> str | None:
    key, value = _lookup(record, field)
    if value is None:
        return None
    if isinstance(value, str):
        return html_to_text(value) if key in HTML_KEYS else value
    if isinstance(value, bool):
        raise FieldProblem(key, "expected a string, got a boolean")
    if isinstance(value, int | float) and field == "id":
        return str(value)
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return str(value["name"])  # {"source": {"id": ..., "name": "Reuters"}}
    if field == "text" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)  # a list of paragraphs
    raise FieldProblem(key, f"expected a string, got {type(value).__name__}")


def record_to_article(
    record: Any, src: Source, n: int, *, source: str, where: str
) -> Article | ReadError:
    """The ``n``-th (1-based) record of ``src`` as an article."""
    if not isinstance(record, Mapping):
        return ReadError(source, Err.BAD_JSON, where=where,
                         detail=f"expected an object, got {type(record).__name__}")
    try:
        text = _string(record, "text")
        if text is None:
            return ReadError(source, Err.NO_TEXT,
                             where=f"{where} (no field named {'/'.join(FIELD_NAMES['text'])})")
        raw_id = _string(record, "id")
        article_id = raw_id.strip() if raw_id and raw_id.strip() else numbered_id(src.stem, n)
        published: Any = _lookup(record, "published")[1]
        if not isinstance(published, str | int | float) or isinstance(published, bool):
            published = None
        return make_article(
            source=source,
            article_id=article_id,
            text=text,
            title=_string(record, "title"),
            outlet=_string(record, "outlet"),
            published=published,
            url=_string(record, "url"),
            source_path=src.path,
            where=where,
        )
    except FieldProblem as exc:
        return ReadError(source, Err.BAD_FIELD, field=exc.field, where=where, detail=exc.detail)


def _records_of(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping) and _lookup(document, "text")[1] is None:
        for key in CONTAINER_KEYS:
            if isinstance(document.get(key), list):
                return list(document[key])
    return [document]


def read_json(text: str, src: Source, limits: Limits) -> Iterator[Article | ReadError]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(src.name, Err.BAD_JSON, where=f" at line {exc.lineno}", detail=exc.msg)
        return
    except ValueError as exc:  # e.g. a number too long to convert
        yield ReadError(src.name, Err.BAD_JSON, detail=one_line(str(exc)))
        return
    except RecursionError:
        yield ReadError(src.name, Err.BAD_JSON, detail=TOO_DEEP)
        return
    records = _records_of(document)
    if not records:
        yield ReadError(src.name, Err.NO_TEXT, where=" (an empty list of articles)")
        return
    for n, record in enumerate(records, start=1):
        if n > limits.max_articles_per_file:
            yield too_large(src.name, limits, "max_articles_per_file",
                            f"{len(records):,} articles")
            return
        where = f" in record {n}" if len(records) > 1 else ""
        yield record_to_article(record, src, n, source=src.name, where=where)


def read_jsonl(text: str, src: Source, limits: Limits) -> Iterator[Article | ReadError]:
    """One object a line; a broken line is one error naming ``file:line``."""
    n = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        n += 1
        if n > limits.max_articles_per_file:
            yield too_large(src.name, limits, "max_articles_per_file",
                            f"more than {limits.max_articles_per_file:,} lines")
            return
        source = f"{src.name}:{lineno}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else one_line(str(exc))
            yield ReadError(source, Err.BAD_JSON, detail=detail)
            continue
        except RecursionError:
            yield ReadError(source, Err.BAD_JSON, detail=TOO_DEEP)
            continue
        yield record_to_article(record, src, n, source=source, where="")
    if n == 0:
        yield ReadError(src.name, Err.EMPTY)
