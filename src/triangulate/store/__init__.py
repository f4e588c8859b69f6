"""Storage behind one interface; :func:`open_store` picks the back-end from the URL."""

from triangulate.store.base import AddResult, Store

__all__ = ["AddResult", "Store", "open_store"]


def open_store(url: str) -> Store:
    """``path/to/file.db``, ``sqlite:///path``, or ``:memory:``."""
    from triangulate.store.sqlite import SQLiteStore

    if url.startswith(("postgresql://", "postgres://")):
        from triangulate.errors import Err, TriangulateError

        raise TriangulateError(Err.STORE_URL, url=url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    return SQLiteStore(url)
