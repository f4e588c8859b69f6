"""Where the evaluation data lives: $TRIANGULATE_SHARED or ../shared beside the repository."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    env = os.environ.get("TRIANGULATE_SHARED")
    return Path(env) if env else (REPO.parent / "shared").resolve()


def eval_dir(name: str) -> Path:
    """The folder of one evaluation set; exits with a clear message where it is absent."""
    path = shared_path() / "eval" / name
    if not path.is_dir():
        sys.exit(f"evaluation data not found: {path} (set TRIANGULATE_SHARED)")
    return path
