"""The ``slow`` marker: tests here that take longer than a few seconds carry it."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds (run with -m slow)")
