"""``triangulate serve``: the web app on a loopback address, over one store.

Kept free of web imports at module level so the CLI starts fast; the lead registers it
with ``app.command()(serve)``.
"""

from __future__ import annotations

import ipaddress
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from triangulate.errors import Err, TriangulateError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[str, typer.Option(help="SQLite file written by `triangulate analyze --db`.")
                  ] = "triangulate.db",
    host: Annotated[str, typer.Option(
        help="Address to listen on. Loopback by default: the app has no login, so serve "
             "other machines only behind something that adds one.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    allow_upload: Annotated[bool, typer.Option(
        "--allow-upload", help="Allow uploading files to analyse (POST /upload); a random "
                               "token, printed at start-up, must come with each upload.")
                            ] = False,
) -> None:
    """Browse a store in a local web app: stories, findings with their evidence, claims by
    source, quotes, timelines, rewrites, full texts, and a JSON API (/api/..., described at
    /openapi.json).
    """
    import uvicorn

    from triangulate.web.app import create_app

    if db != ":memory:" and not Path(db.removeprefix("sqlite:///")).exists() \
            and not allow_upload and "://" not in db.removeprefix("sqlite:///"):
        typer.echo(f"error: {TriangulateError(Err.WEB_NO_STORE, db=db)}", err=True)
        raise typer.Exit(2)
    token = secrets.token_urlsafe(24) if allow_upload else None
    allowed = ["127.0.0.1", "localhost", "::1", "[::1]"]
    if not _is_loopback(host):
        typer.echo(f"warning: listening on {host}, not a loopback address: anyone who can "
                   "reach it can read this store", err=True)
        allowed = ["*"] if host in ("0.0.0.0", "::") else [*allowed, host]
    try:
        app = create_app(db, allow_upload=allow_upload, token=token, allowed_hosts=allowed)
    except TriangulateError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"triangulate: serving {db} at http://{shown}:{port}/ (Ctrl+C to stop)")
    if token:
        typer.echo(f"upload token: {token}")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)
