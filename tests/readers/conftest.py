"""Fixtures for the reader tests; the helpers themselves live in reader_helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_helpers import FIXTURES, Read, read_all


@pytest.fixture
def read() -> Read:
    return read_all


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
