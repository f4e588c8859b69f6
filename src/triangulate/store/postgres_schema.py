"""The PostgreSQL tables. Bump ``SCHEMA_VERSION`` whenever a statement here changes.

The same design as the SQLite schema (``sqlite_schema.py``), in PostgreSQL's types:
- ``seq`` is an identity column so rows come back in the order they were saved; public
  ids are ``UNIQUE`` text columns.
- Columns hold what a query filters or lists on; ``data`` (``bytea``) holds the whole
  struct as MessagePack, which is what the Python API decodes.
- No extension such as pgvector is assumed: article vectors live in a faiss file beside
  the database (see ``postgres.py``), keyed by ``articles.seq``. The ``embedding``
  column is written NULL; a value an older version left there (packed float64,
  ``codec.pack_embedding``) is still read. ``meta.store_id`` ties the file to the store.
- Tables are created in the connection's ``current_schema()``, so several stores can
  share one database through ``options=-csearch_path=NAME`` in the URL.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES: tuple[str, ...] = (
    """CREATE TABLE meta (
        key text PRIMARY KEY,
        value text NOT NULL
    )""",
    """CREATE TABLE articles (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        content_hash text NOT NULL UNIQUE,
        title text,
        outlet text,
        published text,
        url text,
        source_path text,
        language text,
        added_at timestamptz NOT NULL DEFAULT now(),
        text text NOT NULL
    )""",
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE article_annotations (
        article_id text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        data bytea NOT NULL,
        embedding bytea
    )""",
    """CREATE TABLE entities (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        name text NOT NULL,
        type text NOT NULL,
        mentions integer,
        data bytea NOT NULL
    )""",
    "CREATE INDEX entities_name ON entities (name)",
    "CREATE INDEX entities_type ON entities (type)",
    """CREATE TABLE stories (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        title text NOT NULL,
        size integer NOT NULL,
        data bytea NOT NULL
    )""",
    """CREATE TABLE story_articles (
        story_id text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        position integer NOT NULL,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, position)
    )""",
    "CREATE INDEX story_articles_article ON story_articles (article_id)",
    """CREATE TABLE families (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        story text,
        similarity double precision,
        data bytea NOT NULL
    )""",
    "CREATE INDEX families_story ON families (story)",
    """CREATE TABLE claim_groups (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        story text NOT NULL,
        label text NOT NULL,
        data bytea NOT NULL
    )""",
    "CREATE INDEX claim_groups_story ON claim_groups (story)",
    """CREATE TABLE findings (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        kind text NOT NULL,
        story text NOT NULL,
        score double precision,
        independent_sources integer,
        summary text NOT NULL,
        data bytea NOT NULL
    )""",
    "CREATE INDEX findings_story_kind ON findings (story, kind)",
    "CREATE INDEX findings_kind ON findings (kind)",
    """CREATE TABLE timeline (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        date text NOT NULL,
        story text,
        article text NOT NULL,
        data bytea NOT NULL
    )""",
    "CREATE INDEX timeline_story_date ON timeline (story, date)",
    "CREATE INDEX timeline_article ON timeline (article)",
)

# Corpus-level result tables, children before parents so deleting never breaks a key.
RESULT_TABLES: tuple[str, ...] = (
    "story_articles", "timeline", "findings", "claim_groups", "families", "stories", "entities",
)

# (table, columns) written by ``save_results``, parents before children. Kept beside the
# tables so a column added above is added here in the same edit.
RESULT_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("entities", ("id", "name", "type", "mentions", "data")),
    ("stories", ("id", "title", "size", "data")),
    ("story_articles", ("story_id", "position", "article_id")),
    ("families", ("id", "story", "similarity", "data")),
    ("claim_groups", ("id", "story", "label", "data")),
    ("findings", ("id", "kind", "story", "score", "independent_sources", "summary", "data")),
    ("timeline", ("date", "story", "article", "data")),
)
