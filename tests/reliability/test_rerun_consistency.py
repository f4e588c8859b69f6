"""A second run must see what the first stored: every field an article stage sets comes
back from the store after ``save_annotations``. Otherwise a run on a store that already
holds the articles (after a crash, or simply a second run) reports something else.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from triangulate.extract.lead import pack_lead
from triangulate.model import Article, Sentence
from triangulate.store.sqlite import SQLiteStore

TEXT = "The hall will close on Tuesday. It reopens in spring."


def _annotated() -> Article:
    article = Article(id="hall", text=TEXT, outlet="Daily", published="2024-12-19")
    article.sentences = [Sentence(start=0, end=31), Sentence(start=32, end=53)]
    article.language = "en"
    article.embedding = pack_lead(np.array([0.25, -1.5]))
    article.annotated_by = ["sentences"]
    return article


def test_annotations_saved_after_ingest_come_back_whole(tmp_path: Path) -> None:
    """The language (a column of its own) was once not written by save_annotations."""
    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_articles([Article(id="hall", text=TEXT, outlet="Daily",
                                    published="2024-12-19")])  # as read: no annotations
        store.save_annotations([_annotated()])
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.get_article("hall") == _annotated()


def test_annotations_saved_with_the_article_come_back_whole(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_articles([_annotated()])
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.get_article("hall") == _annotated()
