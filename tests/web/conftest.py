"""A real server: `ogpld serve` in a subprocess on loopback, over the bundled data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ..conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running `ogpld serve`, stopped at the end of the session."""

    def __init__(
        self,
        cache: Path,
        config: Path | None = None,
        args: tuple[str, ...] = (),
        healthz: str = "/healthz",
    ):
        self.healthz = healthz
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "ogpld", "serve", "--port", str(self.port), *args]
        if config:
            command += ["--config", str(config)]
        env = {**os.environ, "OGPLD_CACHE_DIR": str(cache)}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.wait()

    def wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ogpld serve exited: {self.process.stdout.read()}")
            try:
                if httpx.get(self.url + self.healthz, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("ogpld serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("cache"), ROOT / "ogpld.toml")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def strict_server(tmp_path_factory):
    """A server with a one-second time limit and a small result size limit."""
    config = tmp_path_factory.mktemp("strict") / "ogpld.toml"
    config.write_text(
        (ROOT / "ogpld.toml")
        .read_text()
        .replace("timeout_seconds = 10.0", "timeout_seconds = 1.0")
        .replace("max_result_bytes = 50000000", "max_result_bytes = 20000")
    )
    running = Server(tmp_path_factory.mktemp("cache"), config, ("--workers", "2"))
    yield running
    running.stop()
