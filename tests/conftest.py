"""Shared fixtures. Tests that need ../shared skip with a message where it is absent."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pytest

from triangulate.model import Article

REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    env = os.environ.get("TRIANGULATE_SHARED")
    return Path(env) if env else (REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not (path / "eval").is_dir():
        pytest.skip(f"shared data not found at {path} (set TRIANGULATE_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path}")
    return path


@pytest.fixture
def demo_articles() -> list[Article]:
    """The embedded demo corpus (fictional reports of one event), fresh for each test."""
    path = resources.files("triangulate") / "demo" / "articles" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [Article(id=r["id"], text=r["text"], title=r.get("title"), outlet=r.get("outlet"),
                    published=r.get("published"), url=r.get("url")) for r in rows]
