"""SPARQL endpoint latency and throughput: ogpld serve beside its peers, same data, same queries.

Servers (each on loopback, each given the same synthetic N-Triples file):
  ogpld        `ogpld serve` over a release published from the file (embedded store)
  ogpld-nocache  the same with its answer cache off (`[serve] cache_bytes = 0`)
  virtuoso     `ogpld serve --store` over Debian's Virtuoso, loaded by `ogpld publish --to`
  oxigraph     Oxigraph's own server (PyPI `oxigraph`), `serve-read-only`
  rdflib-ep    rdflib-endpoint with its default store
  rdflib-ep-ox rdflib-endpoint with `--store Oxigraph`
  in-process   pyoxigraph in this process, no HTTP: the floor

A separate load-generator process runs C client threads, each with its own keep-alive
connection, sending a 3-query mix (a lookup, a LIMIT 20 scan, a GROUP BY over commitments)
round-robin for --duration seconds after a warm-up; it reports requests/s, p50 and p99 latency
and errors (non-200 answers or row counts that differ from in-process pyoxigraph's).

    python3 benchmarks/serve_speed.py --scales 1 --clients 1 8 32 --duration 10

With --files N the data is split into N files, so into N named graphs (as a publisher's data is,
one file per plan or member); a SPARQL server switches graphs of bounded size more easily.

Needs `pip install oxigraph rdflib-endpoint oxrdflib` for those peers, and Debian's
virtuoso-opensource-7-bin; a peer that does not start is reported as such.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # for the Virtuoso launcher of the tests
PREFIXES = "PREFIX ogp: <https://w3id.org/ogpld/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "
QUERIES = {
    "lookup": "SELECT ?p ?o WHERE { <COMMITMENT> ?p ?o }",
    "scan": PREFIXES + "SELECT ?c ?n WHERE { ?c a ogp:Commitment ; ogp:commitmentNumber ?n } "
    "LIMIT 20",
    "group": PREFIXES + "SELECT ?plan (COUNT(?c) AS ?n) WHERE { ?c a ogp:Commitment ; "
    "ogp:actionPlan ?plan } GROUP BY ?plan ORDER BY DESC(?n) ?plan LIMIT 20",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 600) -> float:
    """Seconds until the URL answers 200."""
    started = time.monotonic()
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() - started < timeout:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def client(url: str, queries: list[str], expected: list[int], seconds: float, out: list) -> None:
    """One client: a keep-alive connection sending the mix round-robin until time is up."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    bodies = [urllib.parse.urlencode({"query": q}) for q in queries]
    latencies, errors, index = [], 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("POST", parts.path, bodies[index % 3], headers)
            response = connection.getresponse()
            body = response.read()
            ok = response.status == 200 and rows(body) == expected[index % 3]
        except (OSError, ValueError, http.client.HTTPException):
            ok = False
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        latencies.append(time.perf_counter() - started)
        errors += not ok
        index += 1
    out.append((latencies, errors))


def load(url: str, queries: list[str], expected: list[int], clients: int, seconds: float, queue):
    """The load generator process: warm up, then C clients for the duration."""
    client(url, queries, expected, 2, [])
    results: list = []
    threads = [
        threading.Thread(target=client, args=(url, queries, expected, seconds, results))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    queue.put(
        {
            "rps": len(latencies) / seconds,
            "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
            "errors": sum(e for _, e in results),
        }
    )


def measure(url: str, queries: list[str], expected: list[int], clients: int, seconds: float):
    queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=load, args=(url, queries, expected, clients, seconds, queue)
    )
    process.start()
    result = queue.get()
    process.join()
    return result


def in_process(store: ox.Store, queries: list[str], seconds: float) -> dict:
    latencies, index = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        list(store.query(queries[index % 3]))
        latencies.append(time.perf_counter() - started)
        index += 1
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": 0,
    }


class Servers:
    """Starts the peers on one data file; stops them all at the end."""

    def __init__(self, data: Path, scratch: Path) -> None:
        self.data, self.scratch, self.processes = data, scratch, []
        self.env = {**os.environ, "OGPLD_CACHE_DIR": str(scratch / "cache")}

    def start(self, command: list[str], url: str, **kwargs) -> tuple[str, float]:
        self.processes.append(
            subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=self.env,
                **kwargs,
            )
        )
        return url, wait_for(url if "?" in url else url + "?query=ASK%7B%7D")

    def ogpld(self, site: Path, extra: tuple[str, ...] = ()) -> tuple[str, float]:
        port = free_port()
        command = [sys.executable, "-m", "ogpld", "serve", str(site), "--port", str(port), *extra]
        return self.start(command, f"http://127.0.0.1:{port}/sparql")

    def virtuoso(self) -> tuple[str, float]:
        """Virtuoso (Debian's), loaded by `ogpld publish --to`, served by `ogpld serve --store`."""
        from tests.web.conftest import Virtuoso

        folder = self.scratch / "virtuoso"
        folder.mkdir(exist_ok=True)
        store = Virtuoso(folder)
        self.processes.append(store.process)
        site = self.scratch / "site-virtuoso"
        env = {**self.env, "OGPLD_STORE_USER": "dba", "OGPLD_STORE_PASSWORD": "dba"}
        started = time.monotonic()
        loaded = subprocess.run(
            [
                sys.executable,
                "-m",
                "ogpld",
                "publish",
                str(self.data),
                "--out",
                str(site),
                "--to",
                store.url,
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if loaded.returncode:
            raise RuntimeError(loaded.stderr.strip().splitlines()[-1])
        self.loaded = time.monotonic() - started
        return self.ogpld(site, ("--store", store.url))

    def oxigraph(self) -> tuple[str, float]:
        location, port = self.scratch / "oxigraph", free_port()
        if not location.exists():
            subprocess.run(
                ["oxigraph", "load", "--location", str(location)]
                + [arg for f in data_files(self.data) for arg in ("--file", str(f))],
                check=True,
                capture_output=True,
            )
        command = [
            "oxigraph",
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        return self.start(command, f"http://127.0.0.1:{port}/query")

    def rdflib_endpoint(self, store: str) -> tuple[str, float]:
        port = free_port()
        command = [
            "rdflib-endpoint",
            "serve",
            *map(str, data_files(self.data)),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--store",
            store,
        ]
        return self.start(command, f"http://127.0.0.1:{port}/")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def no_cache(scratch: Path) -> tuple[str, str]:
    """ogpld serve's options for running every query, its answer cache turned off."""
    config = scratch / "no-cache.toml"
    config.write_text("[serve]\ncache_bytes = 0\n")
    return ("--config", str(config))


def data_files(data: Path) -> list[Path]:
    """The data's N-Triples files: the file itself, or the parts in its folder."""
    return sorted(data.glob("*.nt")) if data.is_dir() else [data]


def prepare(scale: float, scratch: Path, files: int = 1) -> tuple[Path, Path, ox.Store]:
    data = scratch / (f"ogp-{scale}x" if files > 1 else f"ogp-{scale}x.nt")
    generator = [sys.executable, str(HERE / "ogp_data.py"), "--scale", str(scale)]
    subprocess.run(
        [*generator, "--out", str(data), "--files", str(files)],
        check=True,
        capture_output=True,
    )
    site = scratch / f"site-{scale}"
    subprocess.run(
        [sys.executable, "-m", "ogpld", "publish", str(data), "--out", str(site)],
        check=True,
        capture_output=True,
    )
    store = ox.Store()
    for part in data_files(data):
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_TRIPLES)
    return data, site, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument(
        "--ogpld-workers", type=int, help="query worker processes of ogpld serve (its default)"
    )
    parser.add_argument(
        "--files", type=int, default=1, help="split the data into this many files (graphs)"
    )
    parser.add_argument(
        "--servers",
        default="in-process,ogpld,ogpld-nocache,oxigraph,virtuoso,rdflib-ep,rdflib-ep-ox",
    )
    args = parser.parse_args()
    args.ogpld_options = ("--workers", str(args.ogpld_workers)) if args.ogpld_workers else ()
    wanted = args.servers.split(",")
    print(
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, pyoxigraph "
        f"{ox.__version__}; load generator: one process, C threads\n"
    )
    print("| scale | server | clients | req/s | p50 ms | p99 ms | errors | start s |")
    print("|---|---|---|---|---|---|---|---|")
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as folder:
            run_scale(scale, Path(folder), wanted, args)


def run_scale(scale: float, scratch: Path, wanted: list[str], args) -> None:
    data, site, store = prepare(scale, scratch, args.files)
    commitment = next(
        iter(store.query("SELECT ?c WHERE { ?c a <https://w3id.org/ogpld/ns#Commitment> } LIMIT 1"))
    )["c"]
    queries = [q.replace("COMMITMENT", commitment.value) for q in QUERIES.values()]
    expected = [len(list(store.query(q))) for q in queries]
    if "in-process" in wanted:
        for clients in (1,):
            r = in_process(store, queries, args.duration)
            print(
                f"| {scale}x | in-process pyoxigraph | {clients} | {r['rps']:.0f} | "
                f"{r['p50']:.2f} | {r['p99']:.2f} | 0 | |",
                flush=True,
            )
    servers = Servers(data, scratch)
    starters = {
        "ogpld": lambda: servers.ogpld(site, args.ogpld_options),
        "ogpld-nocache": lambda: servers.ogpld(site, (*args.ogpld_options, *no_cache(scratch))),
        "oxigraph": servers.oxigraph,
        "virtuoso": servers.virtuoso,
        "rdflib-ep": lambda: servers.rdflib_endpoint("default"),
        "rdflib-ep-ox": lambda: servers.rdflib_endpoint("Oxigraph"),
    }
    try:
        for name in [n for n in wanted if n in starters]:
            if name.startswith("rdflib-ep") and not shutil.which("rdflib-endpoint"):
                print(f"| {scale}x | {name} | not installed | | | | | |")
                continue
            try:
                url, started = starters[name]()
            except (RuntimeError, subprocess.CalledProcessError) as error:
                print(f"| {scale}x | {name} | did not start: {error} | | | | | |", flush=True)
                servers.stop()
                continue
            if name.startswith("ogpld"):  # the first start built the store; time a restart
                servers.stop()
                url, started = starters[name]()
            if name == "virtuoso":
                print(
                    f"| {scale}x | virtuoso: publish --to (build, write, load) | | | | | | "
                    f"{servers.loaded:.1f} |",
                    flush=True,
                )
            for clients in args.clients:
                r = measure(url, queries, expected, clients, args.duration)
                print(
                    f"| {scale}x | {name} | {clients} | {r['rps']:.0f} | {r['p50']:.2f} | "
                    f"{r['p99']:.2f} | {r['errors']} | {started:.2f} |",
                    flush=True,
                )
            servers.stop()
    finally:
        servers.stop()
    shutil.rmtree(scratch / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
