"""Storage behind one interface; :func:`open_store` picks the back-end from the URL."""

import os
import re

from triangulate.store.base import AddResult, Store

__all__ = ["AddResult", "Store", "open_store"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def open_store(url: str, vectors: str | os.PathLike[str] | None = None) -> Store:
    """``path/to/file.db``, ``sqlite:///path``, ``:memory:``, or ``postgresql://...``.

    ``vectors`` is PostgreSQL's file of article embeddings (default: see
    :mod:`triangulate.store.postgres`); SQLite keeps them in its own file and ignores it.
    """
    from triangulate.errors import Err, TriangulateError

    if url.startswith(_POSTGRES_SCHEMES):
        return _open_postgres(url, vectors)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    elif _ANY_SCHEME.match(url):
        # a URL of another database must not silently become an SQLite file name
        from triangulate.store.postgres_url import mask_password

        raise TriangulateError(Err.STORE_URL, url=mask_password(url))
    from triangulate.store.sqlite import SQLiteStore

    return SQLiteStore(url)


def _open_postgres(url: str, vectors: str | os.PathLike[str] | None) -> Store:
    # psycopg and faiss are optional dependencies: only a PostgreSQL URL needs them.
    try:
        from triangulate.store.postgres import PostgresStore
    except ImportError as exc:
        from triangulate.errors import Err, TriangulateError
        from triangulate.store.postgres_url import mask_password

        raise TriangulateError(
            Err.STORE_OPEN, url=mask_password(url),
            detail=f"the PostgreSQL back-end needs {exc.name or 'psycopg and faiss-cpu'}: "
                   "pip install 'triangulate[postgres]'",
        ) from exc
    return PostgresStore(url, vectors_path=vectors)
