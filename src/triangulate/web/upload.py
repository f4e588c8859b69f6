"""Uploads: off unless the server starts with ``--allow-upload``, then token-protected.

Uploaded files are written under fresh names into a private temporary folder (a client's
file name is never used as a path) and analysed together with every article already in
the store: the store keeps one result set, and a run's results replace it, so a run over
the new files alone would drop the stories of the older ones.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile

from triangulate.errors import ReadError
from triangulate.model import Article
from triangulate.readers import Limits, read_inputs
from triangulate.store.base import Store

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_FILES = 200
_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1024 * 1024


@dataclass
class UploadOutcome:
    files: list[str]
    added: int = 0
    analysed: int = 0
    stories: int = 0
    findings: int = 0
    errors: list[str] = field(default_factory=list)


def token_matches(given: object, token: str | None) -> bool:
    """Constant-time comparison of a client's token with the server's."""
    if token is None or not isinstance(given, str) or not given:
        return False
    return secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def safe_name(name: str | None, taken: set[str]) -> str:
    """A file name from a client's, without folders or odd characters, unique in ``taken``.

    The stem becomes the article id, so it is kept readable where it is harmless.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _NAME_CHARS.sub("_", base).lstrip("._")[:100] or "upload"
    candidate, n = base, 1
    while candidate.casefold() in taken:
        n += 1
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot and stem else f"{base}-{n}"
    taken.add(candidate.casefold())
    return candidate


async def save_uploads(files: list[UploadFile], folder: Path, limit: int = MAX_UPLOAD_BYTES
                       ) -> tuple[list[str], int]:
    """Write the uploads into ``folder``; returns their names and their total size.

    Stops (returning what it wrote) as soon as the total passes ``limit``: the caller
    refuses the upload then.
    """
    names: list[str] = []
    taken: set[str] = set()
    total = 0
    for upload in files:
        name = safe_name(upload.filename, taken)
        with (folder / name).open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    return names, total
                out.write(chunk)
        names.append(name)
    return names, total


def analyse_uploads(store: Store, folder: Path, names: list[str],
                    limits: Limits | None = None) -> UploadOutcome:
    """Run the pipeline over the stored articles plus the files in ``folder``."""
    from triangulate.pipeline.run import run

    prefix = str(folder) + "/"

    def uploaded() -> Iterator[Article | ReadError]:
        for item in read_inputs([folder], limits=limits):
            # the temporary folder means nothing to a reader of the store
            if isinstance(item, Article) and item.source_path:
                item.source_path = "upload/" + item.source_path.removeprefix(prefix)
            yield item

    # an update: the stored articles keep their annotations and unchanged stories their
    # results; the results stay in the store, where the pages read them
    result = run(uploaded(), store, whole_store=True, load_corpus=False)
    return UploadOutcome(
        files=names, added=result.added, analysed=len(result.article_ids),
        stories=len(store.stories()), findings=sum(store.finding_counts().values()),
        errors=[e.replace(prefix, "") for e in result.errors])
