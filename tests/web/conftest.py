"""A real server: `ogpld serve` in a subprocess on loopback, over the bundled data."""

from __future__ import annotations

import os
import shutil
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
        options: tuple[str, ...] = (),
        healthz: str = "/healthz",
        paths: tuple[str, ...] = (),
        port: int | None = None,
    ):
        self.healthz = healthz
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "ogpld", "serve", *paths, "--port", str(self.port)]
        command += list(options)
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


SELF = "http://127.0.0.1:{port}/sparql"
VIRTUOSO_INI = """
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


class Virtuoso:
    """Virtuoso open source from Debian's package, on loopback, in a folder of its own."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            reason = "virtuoso-t is not installed (scripts/install-system-packages)"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        http_port = free_port()
        self.url = f"http://127.0.0.1:{http_port}/"
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port))
        self.process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "sparql", params={"query": "ASK {}"}).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("Virtuoso did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    running = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield running
    running.stop()


def publish_to(
    store_url: str, site: Path, sources: tuple[str, ...] = (), config: Path | None = None
) -> None:
    """`ogpld publish --to` the store: the bundled data, or the sources given."""
    env = {**os.environ, "OGPLD_STORE_USER": "dba", "OGPLD_STORE_PASSWORD": "dba"}
    command = [sys.executable, "-m", "ogpld", "publish", *sources, "--out", str(site)]
    command += ["--to", store_url, *(("--config", str(config)) if config else ())]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


@pytest.fixture(scope="session", params=["embedded", "virtuoso"])
def server(request, tmp_path_factory):
    """`ogpld serve` over the embedded store, and over Virtuoso loaded by `publish --to`."""
    cache = tmp_path_factory.mktemp("cache")
    if request.param == "embedded":
        running = Server(cache, ROOT / "ogpld.toml")
    else:
        store = request.getfixturevalue("virtuoso")
        site = tmp_path_factory.mktemp("site")
        publish_to(store.url, site)
        options = ("--store", store.url)
        running = Server(cache, ROOT / "ogpld.toml", options, paths=(str(site),))
    running.store = request.param
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def strict_server(tmp_path_factory):
    """A server with a one-second time limit, a small result size limit, and one SERVICE
    endpoint allowed: its own."""
    port = free_port()
    config = tmp_path_factory.mktemp("strict") / "ogpld.toml"
    config.write_text(
        (ROOT / "ogpld.toml")
        .read_text()
        .replace("timeout_seconds = 10.0", "timeout_seconds = 1.0")
        .replace("max_result_bytes = 50000000", "max_result_bytes = 20000")
        .replace("allowed_services = []", f'allowed_services = ["{SELF.format(port=port)}"]')
    )
    running = Server(tmp_path_factory.mktemp("cache"), config, ("--workers", "3"), port=port)
    yield running
    running.stop()
