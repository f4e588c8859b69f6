"""The local web app: ``create_app(db)`` and the ``triangulate serve`` command.

``create_app`` is imported on first use, so that importing the command for the CLI does
not load the web framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triangulate.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from triangulate.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
