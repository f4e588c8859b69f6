"""The command line: ``triangulate analyze``, ``triangulate demo``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from triangulate.errors import ReadError, TriangulateError
from triangulate.readers.limits import Limits
from triangulate.web.command import serve

app = typer.Typer(
    help="Compare news reports of the same events: agreements, conflicts, single and "
    "anonymous sources, quotes and timelines, with evidence spans.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

DEFAULT_DB = "triangulate.db"


class BarProgress:
    """Rich progress bars; shown only on a terminal, after the first second."""

    def __init__(self, bar: RichProgress) -> None:
        self.bar = bar

    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        task_id = self.bar.add_task(label, total=total)
        return lambda n: self.bar.advance(task_id, n)


def _progress() -> RichProgress:
    return RichProgress(TextColumn("[bold]{task.description:<11}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                        transient=True, disable=not err.is_terminal)


def _report_error(e: ReadError) -> None:
    # file names and reasons are data, never Rich markup
    err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)


def _analyze(paths: list[str], out_dir: Path, db: str, workers: int, limits: Limits,
             quiet: bool, engine: str = "auto", update: bool = False) -> int:
    from triangulate.api import analyze_to

    try:
        with _progress() as bar:
            # the report is written from the store: memory does not grow with the run
            done = analyze_to(paths, out_dir, db=db, workers=workers, engine=engine,
                              limits=limits, update=update, progress=BarProgress(bar),
                              on_error=_report_error)
    except TriangulateError as e:
        err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        return 2
    if not quiet:
        _summary(done.counts, done.added, done.duplicates, done.paths,
                 (done.changed_stories, done.compared_stories) if update else None)
    if done.errors:
        err.print(f"[yellow]{len(done.errors)} input(s) could not be read[/yellow]")
        return 1
    return 0


def _summary(c: dict[str, int], added: int, duplicates: int, written: dict[str, Path],
             update: tuple[list[str], list[str]] | None = None) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("articles", f"{c['articles']} ({added} new, {duplicates} already stored)"),
        ("stories", str(c["stories"]) if update is None
         else f"{c['stories']} ({len(update[0])} new or grown, "
              f"{len(update[1])} compared again)"),
        ("rewrite families", str(c["families"])),
        ("entities", str(c["entities"])), ("quotes", str(c["quotes"])),
        ("claims", str(c["claims"])), ("timeline entries", str(c["timeline"])),
    ]
    for kind in ("conflict", "corroborated", "single_source", "anonymous_source",
                 "unverified_source"):
        rows.append((f"findings: {kind.replace('_', ' ')}", str(c.get(f"findings.{kind}", 0))))
    for label, value in rows:
        table.add_row(label, value)
    out.print(table)
    for kind, path in written.items():
        out.print(f"wrote {kind:<5} {path}", highlight=False)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (read recursively), feeds, WARC archives, or - for stdin.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports.")] = Path(
        "report"),
    db: Annotated[str, typer.Option(
        help="Store: a SQLite file, or postgresql://user@host/db "
             "(add ?vectors=PATH for where its vector file goes).")] = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="Processes (or Ray actors) for the "
                                         "model stages.")] = 1,
    engine: Annotated[str, typer.Option(help="Where the model stages run: auto, local, pool "
                                        "or ray (needs the ray extra).")] = "auto",
    max_file_mb: Annotated[int, typer.Option(min=1, help="Largest input file read, in MiB.")] = 50,
    max_decompressed_mb: Annotated[int, typer.Option(
        min=1, help="Most bytes a compressed input may expand to, in MiB.")] = 500,
    max_html_mb: Annotated[int, typer.Option(min=1, help="Largest HTML page, in MiB.")] = 20,
    max_articles_per_file: Annotated[int, typer.Option(
        min=1, help="Most articles read from one file.")] = 100_000,
    update: Annotated[bool, typer.Option(
        help="Report on every article in the store, not only these inputs: new articles "
             "are extracted, and stories and findings are brought up to date for the "
             "whole collection.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Read articles, compare them, and write report.json, report.md and report.html.

    Exit status: 0 when everything was read, 1 when some inputs could not be read (the
    rest is analysed and reported), 2 when nothing could be analysed.
    """
    mib = 1024 * 1024
    limits = Limits(max_file_bytes=max_file_mb * mib,
                    max_decompressed_bytes=max_decompressed_mb * mib,
                    max_html_bytes=max_html_mb * mib, max_articles_per_file=max_articles_per_file)
    raise typer.Exit(_analyze(paths, out_dir, db, workers, limits, quiet, engine, update))


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports.")] = Path(
        "demo-report"),
    db: Annotated[str, typer.Option(help="SQLite file for the demo.")] = "",
) -> None:
    """Analyse the embedded demo corpus: fictional reports of one made-up event."""
    corpus = resources.files("triangulate") / "demo" / "articles"
    out_dir.mkdir(parents=True, exist_ok=True)
    with resources.as_file(corpus) as folder:
        code = _analyze([str(folder)], out_dir, db or str(out_dir / "demo.db"), 1, Limits(),
                        False)
    if code == 0:
        html, md = out_dir / "report.html", out_dir / "report.md"
        out.print(f"\nOpen {html} in a browser, or read {md}.", highlight=False)
    raise typer.Exit(code)


app.command()(serve)


@app.command()
def version() -> None:
    """Print the version."""
    from triangulate import __version__

    out.print(__version__)


def main() -> None:  # pragma: no cover - entry point
    sys.exit(app())
