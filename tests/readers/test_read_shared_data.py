"""The real inputs in ../shared: BASIL as JSON Lines and the five seed reports."""

from __future__ import annotations

import re
from pathlib import Path

from reader_helpers import Read

from triangulate.model import normalise_text

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_basil_dev_jsonl(shared_dir: Path, read: Read) -> None:
    articles, errors = read(shared_dir / "eval" / "basil" / "basil-dev.jsonl")
    assert not errors, [str(e) for e in errors[:3]]
    assert len(articles) == 180
    assert len({a.id for a in articles}) == 180
    assert {a.outlet for a in articles} == {"The New York Times", "HuffPost", "Fox News"}
    for article in articles:
        assert article.text and article.text == normalise_text(article.text)
        assert article.published and ISO_DAY.match(article.published)
        assert article.title and article.url


def test_seed_directory(seeds_dir: Path, read: Read) -> None:
    articles, errors = read(seeds_dir)
    assert not errors
    expected = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert len(expected) == 5
    assert [a.id for a in articles] == expected  # README.md is not an article
    for article in articles:
        assert len(article.text) > 1000
        assert article.outlet is None and article.published is None
        source = (seeds_dir / f"{article.id}.txt").read_text(encoding="utf-8")
        assert normalise_text(source).endswith(article.text)
