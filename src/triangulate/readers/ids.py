"""Article ids: taken from the input where it has them, safe to use as file names."""

from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_MAX_LEN = 120


def safe_id(raw: str) -> str | None:
    """``raw`` (a guid, a URL, a tag URI) as an id of letters, digits, ``. _ -`` only.

    Long ids keep their start and gain a short hash, so distinct inputs stay distinct.
    Returns None when nothing usable is left.
    """
    text = _SCHEME.sub("", raw.strip())
    safe = _UNSAFE.sub("-", text).strip("-._")
    if not safe:
        return None
    if len(safe) > _MAX_LEN:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        safe = safe[: _MAX_LEN - 11].rstrip("-._") + "-" + digest
    return safe


def numbered_id(stem: str, n: int) -> str:
    """The id of the ``n``-th (1-based) article of a file that gives none."""
    return f"{stem}-{n}"


class UniqueIds:
    """Makes every id in one batch distinct: a repeated id gains ``-2``, ``-3`` ..."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, article_id: str) -> str:
        candidate, n = article_id, 1
        while candidate in self._seen:
            n += 1
            candidate = f"{article_id}-{n}"
        self._seen.add(candidate)
        return candidate
