"""Releases appear whole or not at all; the previous release stays published through any failure."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ogpld.cli import cli
from ogpld.errors import PublishError, UsageError
from ogpld.publish import release as release_module
from ogpld.publish.release import STEPS, current, publish, releases

from ..conftest import CLI_FIXTURES, ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def site(dataset, tmp_path):
    """A publishing folder with one release, v1, as `latest`."""
    publish(dataset, tmp_path, "v1")
    return tmp_path


def test_latest_points_to_the_newest_release_and_earlier_ones_stay(site, dataset):
    publish(dataset, site, "v2")
    assert current(site) == "v2"
    assert (site / "latest" / "ogpld.trig").is_file()
    assert releases(site) == ["v1", "v2"]
    assert "v1" in (site / "releases/v2/index.html").read_text()


@pytest.mark.parametrize("failing_step", [name for name, _ in STEPS])
def test_a_failure_at_any_step_leaves_the_previous_release_published(
    site, dataset, monkeypatch, failing_step
):
    before = snapshot(site / "releases" / "v1")

    def explode(_release):
        raise RuntimeError(f"injected failure in {failing_step}")

    steps = tuple((n, explode if n == failing_step else f) for n, f in STEPS)
    monkeypatch.setattr(release_module, "STEPS", steps)
    with pytest.raises(RuntimeError, match="injected"):
        publish(dataset, site, "v2")
    assert current(site) == "v1"
    assert releases(site) == ["v1"]
    assert snapshot(site / "releases" / "v1") == before
    assert not list((site / "releases").glob(".tmp-*"))


def test_a_failure_while_switching_leaves_latest_unchanged(site, dataset, monkeypatch):
    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release_module.os, "replace", refuse)
    with pytest.raises(PublishError, match="No space left"):
        publish(dataset, site, "v2")
    assert current(site) == "v1"
    assert (site / "latest" / "catalog.ttl").is_file()


def test_killed_publisher_leaves_a_complete_latest(site):
    """SIGKILL at some moment of a real publish: latest is v1 or v2, and whole either way."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogpld",
            "publish",
            str(ROOT / "data"),
            "--out",
            str(site),
            "--version",
            "v2",
            "--config",
            str(ROOT / "ogpld.toml"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((site / "releases").glob(".tmp-*")):
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert current(site) in {"v1", "v2"}
    latest = site / "latest"
    assert (latest / "index.html").is_file() and (latest / "catalog.ttl").is_file()
    result = CliRunner().invoke(
        cli, ["publish", str(ROOT / "data"), "--out", str(site), "--version", "v3"]
    )
    assert result.exit_code == 0, result.output
    assert not list((site / "releases").glob(".tmp-*"))
    assert current(site) == "v3"


def test_a_release_is_never_overwritten(site, dataset):
    with pytest.raises(UsageError, match="already exists"):
        publish(dataset, site, "v1")


def test_default_version_is_the_date_then_numbered(site, dataset):
    first = publish(dataset, site)
    second = publish(dataset, site)
    assert first.name == "2026-11-23"
    assert second.name == "2026-11-23.2"


def test_publish_command_refuses_bad_data_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(
        cli, ["publish", str(CLI_FIXTURES / "no-lead-agency.ttl"), "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 1
    assert "nothing was built" in result.output
    assert "leadAgency" in result.output
    assert not (tmp_path / "s").exists()


def test_publish_as_a_subprocess(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "ogpld", "publish", "--out", str(tmp_path), "--version", "2026.1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "CI": "true"},
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    assert (tmp_path / "latest" / "ogpld.nq.gz").is_file()
    assert "2026.1" in completed.stdout


def test_a_second_publisher_is_refused_while_one_writes(site, dataset):
    import fcntl

    with (site / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="another ogpld publish"):
            publish(dataset, site, "v2")
