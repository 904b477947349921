"""Fixtures for the statistics tests: an archive holding the hand-computed register."""

from __future__ import annotations

import pytest

from archive.statistics.periods import statistical_year
from tests.statistics import register as hand


@pytest.fixture
def registered(archive):
    hand.build(archive)
    return archive


@pytest.fixture
def year2023():
    return statistical_year(2023)
