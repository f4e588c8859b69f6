"""PostgreSQL URLs for display: without psycopg, so error paths can use it too."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_CONNINFO_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*")


def mask_password(url: str) -> str:
    """The URL (or ``key=value`` conninfo) with its password replaced by ``***``."""
    if "://" in url:
        parts = urlsplit(url)
        if parts.password is not None:
            host = parts.netloc.rpartition("@")[2]
            parts = parts._replace(netloc=f"{parts.username or ''}:***@{host}")
        return _QUERY_PASSWORD.sub(r"\1***", urlunsplit(parts))
    return _CONNINFO_PASSWORD.sub(r"\1***", url)
