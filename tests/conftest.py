"""Shared fixtures. Tests that need ../shared skip with a message where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
