"""JSON documents and JSON Lines: field names, synonyms, ids, broken lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from reader_helpers import Read

from triangulate.errors import Err

TEXT = ("Firefighters contained a blaze at a recycling plant on the edge of town on "
        "Sunday night. No one was hurt, the fire service said.")
RECORD: dict[str, Any] = {
    "id": "fire-1", "title": "Blaze at recycling plant contained",
    "outlet": "Eastside Echo", "published": "2022-08-07T22:15:00+02:00",
    "url": "https://eastside.example/fire", "text": TEXT,
}


def _write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return path


@pytest.mark.parametrize("document", [
    RECORD,
    [RECORD],
    {"articles": [RECORD]},
    {"items": [RECORD], "next": None},
])
def test_json_shapes(tmp_path: Path, read: Read, document: Any) -> None:
    (article,), errors = read(_write(tmp_path, "batch.json", document))
    assert not errors
    assert (article.id, article.title, article.outlet, article.published, article.url) == (
        "fire-1", "Blaze at recycling plant contained", "Eastside Echo", "2022-08-07",
        "https://eastside.example/fire")
    assert article.text == TEXT


SYNONYMS = [
    ({"body": TEXT, "source": "Eastside Echo", "date": "7 August 2022"},
     ("Eastside Echo", "2022-08-07")),
    ({"content": TEXT, "site": "Eastside Echo", "date": "Aug 7, 2022"},
     ("Eastside Echo", "2022-08-07")),
    ({"content": TEXT, "source": {"id": "ee", "name": "Eastside Echo"},
      "publishedAt": "2022-08-07T10:00:00Z"}, ("Eastside Echo", "2022-08-07")),
    ({"text": ["First paragraph.", "Second paragraph."]}, (None, None)),
    ({"content_html": "<p>First paragraph.</p><p>Second.</p>", "date": "2022"}, (None, None)),
]


@pytest.mark.parametrize(("record", "expected"), SYNONYMS)
def test_field_synonyms(tmp_path: Path, read: Read, record: dict[str, Any],
                        expected: tuple[str | None, str | None]) -> None:
    (article,), errors = read(_write(tmp_path, "one.json", record))
    assert not errors
    assert (article.outlet, article.published) == expected
    assert article.text


def test_missing_ids_are_numbered_from_the_stem(tmp_path: Path, read: Read) -> None:
    records = [{"text": TEXT}, {"id": 17, "text": TEXT}, {"text": TEXT}]
    articles, errors = read(_write(tmp_path, "wire.json", records))
    assert not errors
    assert [a.id for a in articles] == ["wire-1", "17", "wire-3"]


def test_jsonl_broken_line_is_one_error_naming_the_line(tmp_path: Path, read: Read) -> None:
    lines = [json.dumps(dict(RECORD, id="a")), "{\"id\": \"b\", \"text\": ", "",
             json.dumps(dict(RECORD, id="c"))]
    path = _write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    articles, (error,) = read(path)
    assert [a.id for a in articles] == ["a", "c"]
    assert error.err is Err.BAD_JSON
    assert str(error).startswith(f"{path}:2: invalid JSON")


RECORD_ERRORS = [
    ({"title": "No body here"}, Err.NO_TEXT),
    ({"text": "   "}, Err.NO_TEXT),
    ({"text": 42}, Err.BAD_FIELD),
    ({"text": TEXT, "title": ["a", "b"]}, Err.BAD_FIELD),
    ("just a string", Err.BAD_JSON),
]


@pytest.mark.parametrize(("bad", "err"), RECORD_ERRORS)
def test_bad_record_is_one_error_others_still_read(tmp_path: Path, read: Read, bad: Any,
                                                   err: Err) -> None:
    path = _write(tmp_path, "mixed.json", [dict(RECORD, id="good-1"), bad,
                                          dict(RECORD, id="good-2")])
    articles, (error,) = read(path)
    assert [a.id for a in articles] == ["good-1", "good-2"]
    assert error.err is err
    assert "record 2" in str(error)


def test_broken_json_document_names_the_line(tmp_path: Path, read: Read) -> None:
    path = _write(tmp_path, "broken.json", '[\n  {"text": "a"},\n  {"text": }\n]')
    articles, (error,) = read(path)
    assert not articles and error.err is Err.BAD_JSON and "line 3" in str(error)


def test_empty_list_is_an_error(tmp_path: Path, read: Read) -> None:
    articles, (error,) = read(_write(tmp_path, "none.json", []))
    assert not articles and error.err is Err.NO_TEXT
