"""Storage behind one interface; :func:`open_store` picks the back-end from the URL."""

import re

from triangulate.store.base import AddResult, Store

__all__ = ["AddResult", "Store", "open_store"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def open_store(url: str) -> Store:
    """``path/to/file.db``, ``sqlite:///path``, ``:memory:``, or ``postgresql://...``."""
    from triangulate.errors import Err, TriangulateError

    if url.startswith(_POSTGRES_SCHEMES):
        return _open_postgres(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    elif _ANY_SCHEME.match(url):
        # a URL of another database must not silently become an SQLite file name
        from triangulate.store.postgres_url import mask_password

        raise TriangulateError(Err.STORE_URL, url=mask_password(url))
    from triangulate.store.sqlite import SQLiteStore

    return SQLiteStore(url)


def _open_postgres(url: str) -> Store:
    # psycopg is an optional dependency: only a PostgreSQL URL needs it.
    try:
        from triangulate.store.postgres import PostgresStore
    except ImportError as exc:
        from triangulate.errors import Err, TriangulateError
        from triangulate.store.postgres_url import mask_password

        raise TriangulateError(
            Err.STORE_OPEN, url=mask_password(url),
            detail="the PostgreSQL back-end needs psycopg: pip install 'triangulate[postgres]'",
        ) from exc
    return PostgresStore(url)
