"""Reading news articles from files, folders and standard input, in any common format.

``read_inputs`` yields an Article for each article found and a ReadError for each
input (or part of one) that cannot be read; it never raises for bad input, so one
broken file does not stop a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers.dates import normalise_date
from triangulate.readers.detail import one_line
from triangulate.readers.dispatch import read_source
from triangulate.readers.ids import UniqueIds
from triangulate.readers.limits import FLAGS, Limits
from triangulate.readers.source import iter_sources

__all__ = ["FLAGS", "Limits", "normalise_date", "read_inputs", "UNEXPECTED"]

# Prefix of the detail of an error that comes from a bug rather than from the input.
UNEXPECTED = "unexpected failure"


def read_inputs(
    paths: Iterable[str | Path] | str | Path,
    *,
    limits: Limits | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | ReadError]:
    """Articles from ``paths`` (files, directories, ``"-"`` for standard input), in order.

    Article ids are unique within one call: a repeated id gains ``-2``, ``-3`` ...
    """
    limits = limits or Limits()
    if isinstance(paths, str | Path):
        paths = [paths]  # one path, not an iterable of characters
    ids = UniqueIds()
    for source in iter_sources(paths, limits, stdin):
        if isinstance(source, ReadError):
            yield source
            continue
        try:
            for item in read_source(source, limits):
                if isinstance(item, Article):
                    item.id = ids.claim(item.id)
                yield item
        except ReadError as exc:
            yield exc
        except Exception as exc:  # a reader bug must not end the batch
            detail = f"{UNEXPECTED}: {type(exc).__name__}: {exc}"
            yield ReadError(source.name, Err.UNREADABLE, detail=one_line(detail, 200))
