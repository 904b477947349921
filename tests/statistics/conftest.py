"""Fixtures for the statistics tests: an archive holding the hand-computed register.

The register is built once per test run into a template SQLite file; each test gets its own copy.
"""

from __future__ import annotations

import shutil

import pytest

from archive.core import Archive
from archive.runtime.settings import Settings
from archive.statistics.periods import statistical_year
from tests.statistics import register as hand


@pytest.fixture(scope="session")
def register_template(tmp_path_factory):
    home = tmp_path_factory.mktemp("register-template")
    template = Archive(Settings(home=home, workers=1))
    hand.build(template)
    template.close()
    return home / "hoso.db"


@pytest.fixture
def registered(settings, register_template):
    settings.resolved_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(register_template, settings.resolved_home / "hoso.db")
    instance = Archive(settings)
    yield instance
    instance.close()


@pytest.fixture
def year2023():
    return statistical_year(2023)
