"""A plain pip install works outside the repository: the wheel carries vocab, shapes and data."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("ogpld-*.whl")
    return path


def test_wheel_contains_vocabulary_shapes_and_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "ogpld/_data/vocab/ogp.ttl",
        "ogpld/_data/shapes/ogp-shapes.ttl",
        "ogpld/_data/data/no/plans.trig",
        "ogpld/_data/ogpld.toml",
        "ogpld/templates/resource.html",
        "ogpld/queries/tables/plans.rq",
    ):
        assert expected in names


def test_installed_wheel_validates_from_an_unrelated_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    bundled = subprocess.run(
        [python, "-m", "ogpld", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    location = subprocess.run(
        [python, "-c", "import ogpld.resources as r; print(r.resource_dir('shapes'))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "_data" in location.stdout and str(ROOT) not in location.stdout
    invalid = subprocess.run(
        [python, "-m", "ogpld", "validate", str(FIXTURES / "cli" / "no-lead-agency.ttl")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert invalid.returncode == 1
    published = subprocess.run(
        [python, "-m", "ogpld", "publish", "--out", str(tmp_path / "site"), "--version", "v1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert published.returncode == 0, published.stdout + published.stderr
    release = tmp_path / "site" / "latest"
    for name in ("index.html", "vocab/nb.html", "tables/commitments.csv", "catalog.ttl"):
        assert (release / name).is_file(), name
