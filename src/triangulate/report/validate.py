"""Check a report against the contract: the JSON Schema, then what a schema cannot say.

The schema fixes shapes and types. The semantic pass checks that every span's text is
the article's text between its offsets, that every id a report refers to exists, and
that ids are unique where other parts refer to them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from triangulate.errors import Err, TriangulateError

_MAX_DETAIL = 240

# section -> (field, section it refers to); a field holds one id or a list of ids
_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("stories", "articles", "articles"),
    ("families", "articles", "articles"),
    ("families", "story", "stories"),
    ("entities", "articles", "articles"),
    ("quotes", "speaker_entity", "entities"),
    ("claims", "subject", "entities"),
    ("claims", "speaker_entity", "entities"),
    ("claims", "quote", "quotes"),
    ("findings", "story", "stories"),
    ("timeline", "story", "stories"),
    ("timeline", "articles", "articles"),
    ("claim_groups", "story", "stories"),
    ("claim_groups", "claims", "claims"),
    ("claim_groups", "articles", "articles"),
)
_UNIQUE = ("articles", "stories", "families", "entities", "quotes", "claims", "findings",
           "claim_groups")


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The contract's JSON Schema, shipped as package data."""
    text = files("triangulate").joinpath("schema/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = report_schema()
    # local $refs are inlined once: resolving them per item dominates validation time
    defs = schema.get("$defs", {})
    inlined = {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    return Draft202012Validator(inlined)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """``node`` with every ``#/$defs/`` reference replaced by the schema it names."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, defs) for k, v in node.items() if k != "$ref"}
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return {**out, "$ref": ref} if ref is not None else out
    target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
    if not out:
        return target
    # a $ref beside other keywords means both apply, which is what allOf says
    out["allOf"] = [*out.get("allOf", []), target]
    return out


def validate_report(report: dict[str, Any]) -> None:
    """Raise ``TriangulateError(Err.REPORT_INVALID)`` naming the first problem found."""
    error = best_match(_validator().iter_errors(report))
    if error is not None:
        _fail(_path(error.absolute_path), error.message)
    for path, problem in _semantic_problems(report):
        _fail(path, problem)


def _fail(path: str, problem: str) -> None:
    if len(problem) > _MAX_DETAIL:  # a mismatched span can quote a whole article
        problem = problem[:_MAX_DETAIL] + "…"
    raise TriangulateError(Err.REPORT_INVALID, detail=f"{path}: {problem}")


def _path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _semantic_problems(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every problem the schema cannot see, in document order of the checks."""
    known: dict[str, set[str]] = {}
    for section in _UNIQUE:
        seen: set[str] = set()
        for i, item in enumerate(report.get(section, [])):
            if item["id"] in seen:
                yield f"$.{section}[{i}].id", f"duplicate id {item['id']!r}"
            seen.add(item["id"])
        known[section] = seen

    texts = {a["id"]: a["text"] for a in report["articles"]}
    for i, article in enumerate(report["articles"]):
        for j, (start, end) in enumerate(article.get("sentences", [])):
            if not start <= end <= len(article["text"]):
                yield (f"$.articles[{i}].sentences[{j}]",
                       f"offsets {start}:{end} outside the text ({len(article['text'])} "
                       "characters)")
    for path, span in _spans(report):
        problem = _span_problem(span, texts)
        if problem:
            yield path, problem

    for section, field, target in _REFERENCES:
        for i, item in enumerate(report.get(section, [])):
            value = item.get(field)
            refs = value if isinstance(value, list) else [value]
            for ref in refs:
                if ref is not None and ref not in known[target]:
                    yield f"$.{section}[{i}].{field}", f"{ref!r} is not an id in {target}"

    for i, finding in enumerate(report["findings"]):
        for j, ev in enumerate(finding["evidence"]):
            claim = ev["claim"]
            if claim is not None and claim not in known["claims"]:
                yield (f"$.findings[{i}].evidence[{j}].claim",
                       f"{claim!r} is not an id in claims")


def _spans(report: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every span-shaped object of the report with its path."""
    for i, quote in enumerate(report["quotes"]):
        yield f"$.quotes[{i}]", quote
        for field in ("speaker_span", "cue_span"):
            if quote.get(field) is not None:
                yield f"$.quotes[{i}].{field}", quote[field]
    for i, claim in enumerate(report["claims"]):
        yield f"$.claims[{i}]", claim
        if claim.get("subject_span") is not None:
            yield f"$.claims[{i}].subject_span", claim["subject_span"]
        for j, value in enumerate(claim.get("values", [])):
            yield f"$.claims[{i}].values[{j}]", value
    for i, finding in enumerate(report["findings"]):
        for j, ev in enumerate(finding["evidence"]):
            yield f"$.findings[{i}].evidence[{j}]", ev
    for i, entry in enumerate(report["timeline"]):
        yield f"$.timeline[{i}]", entry
    for i, family in enumerate(report["families"]):
        for j, row in enumerate(family.get("alignment", [])):
            for side in ("left", "right"):
                if row.get(side) is not None:
                    yield f"$.families[{i}].alignment[{j}].{side}", row[side]


def _span_problem(span: dict[str, Any], texts: dict[str, str]) -> str | None:
    article, start, end = span["article"], span["start"], span["end"]
    if article not in texts:
        return f"article {article!r} is not an id in articles"
    text = texts[article]
    if not start <= end <= len(text):
        return f"offsets {start}:{end} outside article {article!r} ({len(text)} characters)"
    if text[start:end] != span["text"]:
        return (f"text {span['text']!r} is not article {article!r} text[{start}:{end}] "
                f"{text[start:end]!r}")
    return None
