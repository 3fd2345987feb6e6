"""The curated public API: __all__ is sorted, complete and importable."""

from __future__ import annotations

import types

import ogpld


def test_all_is_sorted_and_importable():
    assert ogpld.__all__ == sorted(ogpld.__all__)
    for name in ogpld.__all__:
        assert hasattr(ogpld, name), name


def test_every_public_name_is_listed():
    public = {
        name
        for name, value in vars(ogpld).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(ogpld.__all__) - {"__version__"}


def test_version_is_kept_in_one_place():
    from importlib.metadata import version

    assert version("ogpld") == ogpld.__version__


def test_public_functions_are_not_shadowed_by_their_modules():
    import ogpld.build
    import ogpld.validate

    assert callable(ogpld.build) and callable(ogpld.validate)
