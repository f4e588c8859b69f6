"""Inputs as named byte strings: files, directories walked in order, standard input."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from triangulate.errors import Err, ReadError
from triangulate.readers.formats import COMPRESSED_EXT, FOLDER_DOC_STEMS, KNOWN_EXTS
from triangulate.readers.limits import Limits, describe_size, too_large

STDIN_NAME = "<stdin>"
STDIN_STEM = "stdin"


@dataclass(frozen=True)
class Source:
    """One input's bytes and names.

    ``name`` names it in errors (the path as given, or ``<stdin>``); ``stem`` is the
    default article id; ``ext`` is the lower-case extension once a final ``.gz`` is
    removed; ``path`` becomes ``Article.source_path`` (None for standard input).
    """

    name: str
    stem: str
    ext: str
    data: bytes
    path: str | None = None


def split_name(filename: str) -> tuple[str, str]:
    """(stem, extension) of a file name, a final ``.gz`` removed first.

    The content, not the name, decides whether to decompress.
    """
    compressed = filename.lower().endswith(COMPRESSED_EXT) and len(filename) > 3
    inner = filename[: -len(COMPRESSED_EXT)] if compressed else filename
    path = Path(inner)
    ext = path.suffix.lower()
    return (path.stem if ext else inner) or inner, ext


def _read_bounded(stream: BinaryIO, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(1024 * 1024, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _oversize(name: str, limits: Limits, size: int | None) -> ReadError:
    what = f"file size ({describe_size(size)})" if size is not None else "file size"
    return too_large(name, limits, "max_file_bytes", what)


def load_file(path: Path, limits: Limits, name: str | None = None) -> Source | ReadError:
    shown = name or str(path)
    try:
        size = path.stat().st_size
        if path.is_file() and size > limits.max_file_bytes:
            return _oversize(shown, limits, size)
        with path.open("rb") as fh:
            data = _read_bounded(fh, limits.max_file_bytes)
    except FileNotFoundError:
        return ReadError(shown, Err.NOT_FOUND)
    except OSError as exc:
        return ReadError(shown, Err.UNREADABLE, detail=exc.strerror or type(exc).__name__)
    if len(data) > limits.max_file_bytes:
        return _oversize(shown, limits, None)
    stem, ext = split_name(path.name)
    return Source(name=shown, stem=stem, ext=ext, data=data, path=str(path))


def load_stdin(stream: BinaryIO, limits: Limits) -> Source | ReadError:
    try:
        data = _read_bounded(stream, limits.max_file_bytes)
    except OSError as exc:
        return ReadError(STDIN_NAME, Err.UNREADABLE, detail=exc.strerror or type(exc).__name__)
    if len(data) > limits.max_file_bytes:
        return _oversize(STDIN_NAME, limits, None)
    return Source(name=STDIN_NAME, stem=STDIN_STEM, ext="", data=data)


def _wanted_in_walk(filename: str) -> bool:
    if filename.startswith("."):
        return False
    stem, ext = split_name(filename)
    return ext in KNOWN_EXTS and stem.lower() not in FOLDER_DOC_STEMS


def walk_directory(root: Path) -> tuple[list[Path], list[ReadError]]:
    """Article files under ``root``: recursive, sorted, hidden files and folders skipped.

    Only files with an article extension (or none) are taken, so pictures or scripts
    beside the articles give no errors; README and LICENSE files are skipped too.
    Folders that cannot be listed come back as errors.
    """
    found: list[Path] = []
    problems: list[ReadError] = []

    def unlistable(exc: OSError) -> None:
        where = str(exc.filename or root)
        problems.append(ReadError(where, Err.UNREADABLE, detail=exc.strerror or "cannot list"))

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        found.extend(base / f for f in files if _wanted_in_walk(f))
    return sorted(found, key=lambda p: p.relative_to(root).parts), problems


def iter_sources(
    paths: Iterable[str | Path], limits: Limits, stdin: BinaryIO | None
) -> Iterator[Source | ReadError]:
    """Each input's bytes (or why it cannot be had), in the order given."""
    for raw in paths:
        if str(raw) == "-":
            if stdin is None:
                import sys

                stream: BinaryIO = sys.stdin.buffer
            else:
                stream = stdin
            yield load_stdin(stream, limits)
            continue
        path = Path(raw)
        if path.is_dir():
            files, problems = walk_directory(path)
            yield from problems
            if not files and not problems:
                yield ReadError(str(raw), Err.EMPTY)
            for file in files:
                yield load_file(file, limits)
        elif path.exists() or path.is_symlink():
            yield load_file(path, limits, str(raw))
        else:
            yield ReadError(str(raw), Err.NOT_FOUND)
