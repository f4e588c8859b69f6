"""Every error message in one table, with a stable code, so messages stay consistent.

Raise ``TriangulateError(Err.XXX, name=..., ...)``; the message is the table's template
filled with the keyword arguments. Read errors are one line: ``<input>: <reason> [Txxx]``.
"""

from __future__ import annotations

from enum import Enum


class Err(Enum):
    # reading input
    NOT_FOUND = ("T001", "no such file or directory")
    EMPTY = ("T002", "empty input, nothing to read")
    UNDECODABLE = ("T003", "cannot decode text ({detail})")
    BINARY = ("T004", "looks like binary data, not text ({detail})")
    UNKNOWN_FORMAT = ("T005", "unrecognised format ({detail})")
    BAD_JSON = ("T006", "invalid JSON{where}: {detail}")
    NO_TEXT = ("T007", "no article text found{where}")
    BAD_FEED = ("T008", "cannot parse feed: {detail}")
    BAD_WARC = ("T009", "cannot read WARC archive: {detail}")
    BAD_HTML = ("T010", "cannot extract text from HTML: {detail}")
    TOO_LARGE = ("T011", "{detail} exceeds the limit of {limit} (raise it with {flag})")
    UNREADABLE = ("T012", "cannot read: {detail}")
    BAD_FIELD = ("T013", "invalid field {field!r}{where}: {detail}")
    # store
    STORE_OPEN = ("T101", "cannot open store {url}: {detail}")
    STORE_URL = ("T102", "unsupported store URL {url!r}: use a file path or postgresql://")
    STORE_SCHEMA = ("T103", "store {url} has schema version {found}, this program needs {wanted}")
    STORE_WRITE = ("T104", "cannot write to store {url}: {detail}")
    STORE_MISSING = ("T105", "store {url} has no article {article!r}; add it before saving {what}")
    VECTORS_FILE = ("T106", "cannot use vector file {path}: {detail} (it only caches vectors "
                    "computed from the store: delete it and they are computed again)")
    VECTORS_DIM = ("T107", "vector file {path} holds vectors of dimension {found}, not {got} "
                   "(delete it to start again with the new size)")
    # models and pipeline
    MODEL_MISSING = ("T201", "model {name!r} is not installed: {hint}")
    STAGE_FAILED = ("T202", "stage {stage} failed on article {article}: {detail}")
    UNKNOWN_STAGE = ("T203", "unknown stage {name!r}; known: {known}")
    BAD_SETTING = ("T204", "invalid setting {name}: {detail}")
    # report
    REPORT_INVALID = ("T301", "report does not follow the contract: {detail}")
    NO_ARTICLES = ("T302", "no articles to analyse")
    REPORT_WRITE = ("T303", "cannot write the report to {path}: {detail}")
    # web app
    WEB_NO_STORE = ("T401", "no store at {db}: run `triangulate analyze PATH... --db {db}` "
                    "first, or start with --allow-upload")
    WEB_NOT_FOUND = ("T402", "no {what} {id!r} in this store")
    UPLOAD_TOKEN = ("T403", "upload refused: missing or wrong upload token")
    UPLOAD_TOO_LARGE = ("T404", "upload refused: {detail} exceeds the limit of {limit}")
    UPLOAD_EMPTY = ("T405", "upload refused: no files were sent")
    UPLOAD_BUSY = ("T406", "an analysis is already running; try again when it ends")

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def template(self) -> str:
        return self.value[1]


class TriangulateError(Exception):
    """An expected failure with a one-line, user-facing message."""

    def __init__(self, err: Err, **details: object) -> None:
        self.err = err
        self.details = details
        fill = {"where": "", "detail": "", **details}
        try:
            message = err.template.format(**fill)
        except (KeyError, IndexError):  # a missing detail must never hide the error itself
            message = err.template
        self.reason = message
        super().__init__(f"{message} [{err.code}]")

    @property
    def code(self) -> str:
        return self.err.code


class ReadError(TriangulateError):
    """An input that could not be read; ``source`` names it."""

    def __init__(self, source: str, err: Err, **details: object) -> None:
        super().__init__(err, **details)
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} [{self.code}]"
