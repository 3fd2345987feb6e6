"""Shared test helpers: paths to fixtures and the repository's own folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
CLI_FIXTURES = FIXTURES / "cli"
SHARED = Path(os.environ.get("OGPLD_SHARED", ROOT.parent / "shared"))


def shared_reference(name: str) -> Path:
    """A folder of ../shared/reference; outside CI a missing one skips the test with a reason."""
    path = SHARED / "reference" / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"reference material {path} is missing (set OGPLD_SHARED)")
        pytest.skip(f"reference material {path} is not on this machine (set OGPLD_SHARED)")
    return path
