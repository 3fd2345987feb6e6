"""A published release of the bundled data, built once for the publishing tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ogpld.build import build
from ogpld.config import load_settings
from ogpld.publish.release import publish

from ..conftest import ROOT

BUILT_AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def settings():
    return load_settings(ROOT / "ogpld.toml", env={})


@pytest.fixture(scope="session")
def dataset(settings):
    return build([ROOT / "data"], settings, now=BUILT_AT)


@pytest.fixture(scope="session")
def release(dataset, tmp_path_factory):
    """A publishing folder holding one release, 2026.1, of the bundled data."""
    out = tmp_path_factory.mktemp("site")
    return publish(dataset, out, "2026.1")
