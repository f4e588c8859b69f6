"""Shared helpers for the reader tests (a unique module name: no clash with conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from triangulate.errors import ReadError
from triangulate.model import Article
from triangulate.readers import read_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures"

Read = Callable[..., tuple[list[Article], list[ReadError]]]

LEAD = (
    "The city council voted on Tuesday to close the old market hall for repairs, "
    "after engineers found cracks in two of its supporting arches.\n\n"
    "\u201cWe cannot take any risks with public safety,\u201d said the council leader, "
    "Sara Lind. The hall will reopen in the spring at the earliest."
)


def split(items: list[Article | ReadError]) -> tuple[list[Article], list[ReadError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def read_all(*paths: str | Path, **kwargs: Any) -> tuple[list[Article], list[ReadError]]:
    """Articles and errors from ``read_inputs`` over ``paths``."""
    return split(list(read_inputs(list(paths), **kwargs)))
