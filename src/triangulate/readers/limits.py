"""Size limits that keep one hostile or huge input from exhausting memory or time."""

from __future__ import annotations

from dataclasses import dataclass

from triangulate.errors import Err, ReadError

MIB = 1024 * 1024

# The command-line flag that raises each limit, named in every TOO_LARGE message.
FLAGS: dict[str, str] = {
    "max_file_bytes": "--max-file-mb",
    "max_decompressed_bytes": "--max-decompressed-mb",
    "max_html_bytes": "--max-html-mb",
    "max_articles_per_file": "--max-articles-per-file",
}


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one input. Nesting depth needs no limit: libxml2 caps it at 255."""

    max_file_bytes: int = 50 * MIB
    max_decompressed_bytes: int = 500 * MIB
    max_html_bytes: int = 20 * MIB
    max_articles_per_file: int = 100_000


def describe_size(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def too_large(source: str, limits: Limits, field: str, what: str) -> ReadError:
    """The error for ``what`` exceeding the limit ``field`` of ``limits``."""
    value = getattr(limits, field)
    limit = describe_size(value) if field.endswith("_bytes") else f"{value:,}"
    return ReadError(source, Err.TOO_LARGE, detail=what, limit=limit, flag=FLAGS[field])
