"""The SQLite tables. Bump ``SCHEMA_VERSION`` whenever a statement here changes.

Design:
- Every table has ``seq INTEGER PRIMARY KEY`` (the rowid, stable under VACUUM) so rows
  come back in the order they were saved; public ids are ``UNIQUE`` text columns.
- Columns hold what a query filters or lists on (id, story, kind, outlet, date ...);
  ``data`` holds the whole struct as MessagePack, which is what the Python API decodes.
- ``articles.text`` is the last column: SQLite reads a row's columns in order, and
  reaching a column after a long text would walk the text's overflow pages.
- Annotations are a separate table so listing articles never reads their blobs.
- ``story_articles`` answers "which stories hold this article" through an index.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES: tuple[str, ...] = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        outlet TEXT,
        published TEXT,
        url TEXT,
        source_path TEXT,
        language TEXT,
        added_at TEXT NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE article_annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        embedding BLOB
    )""",
    """CREATE TABLE entities (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX entities_name ON entities (name)",
    "CREATE INDEX entities_type ON entities (type)",
    """CREATE TABLE stories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, position)
    ) WITHOUT ROWID""",
    "CREATE INDEX story_articles_article ON story_articles (article_id)",
    """CREATE TABLE families (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        story TEXT,
        similarity REAL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX families_story ON families (story)",
    """CREATE TABLE claim_groups (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        story TEXT NOT NULL,
        label TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX claim_groups_story ON claim_groups (story)",
    """CREATE TABLE findings (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        story TEXT NOT NULL,
        score REAL,
        independent_sources INTEGER,
        summary TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX findings_story_kind ON findings (story, kind)",
    "CREATE INDEX findings_kind ON findings (kind)",
    """CREATE TABLE timeline (
        seq INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        story TEXT,
        article TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX timeline_story_date ON timeline (story, date)",
    "CREATE INDEX timeline_article ON timeline (article)",
)

# Corpus-level result tables, children before parents so deleting never breaks a key.
RESULT_TABLES: tuple[str, ...] = (
    "story_articles", "timeline", "findings", "claim_groups", "families", "stories", "entities",
)
