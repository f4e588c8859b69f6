"""The input formats and the file extensions that suggest each one."""

from __future__ import annotations

from enum import Enum


class Format(Enum):
    PLAIN = "plain text"
    HTML = "HTML page"
    JSON = "JSON"
    JSONL = "JSON Lines"
    FEED = "RSS/Atom feed"
    WARC = "WARC archive"


PLAIN_EXTS = frozenset({"", ".txt", ".text", ".md", ".markdown"})
MARKDOWN_EXTS = frozenset({".md", ".markdown"})
HTML_EXTS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSON_EXTS = frozenset({".json"})
JSONL_EXTS = frozenset({".jsonl", ".ndjson"})
FEED_EXTS = frozenset({".rss", ".atom", ".xml", ".rdf"})
WARC_EXTS = frozenset({".warc"})
COMPRESSED_EXT = ".gz"

KNOWN_EXTS = PLAIN_EXTS | HTML_EXTS | JSON_EXTS | JSONL_EXTS | FEED_EXTS | WARC_EXTS

# Files that document a folder of articles rather than being one; skipped when a
# directory is walked (never when named explicitly).
FOLDER_DOC_STEMS = frozenset({
    "readme", "license", "licence", "copying", "notice", "changelog", "changes",
    "authors", "contributing",
})
