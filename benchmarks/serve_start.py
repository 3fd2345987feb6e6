"""Start-up of a SPARQL endpoint from disk: seconds from launch to the first answered query.

Restarts `ogpld serve` (its store already built, as after the first start; as `python -m ogpld`
and as the installed `ogpld` script) and Oxigraph's own server (`serve-read-only` on its store)
several times each, on the same synthetic data, and reports each server's times beside the floor
for a Python web server: a fresh interpreter that only imports FastAPI and uvicorn.

    python3 benchmarks/serve_start.py --scale 1 --runs 5
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serve_speed import Servers, free_port, prepare


def import_floor() -> float:
    """Seconds for a fresh interpreter to import the web framework and server ogpld runs on."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "import fastapi, uvicorn"], check=True)
    return time.monotonic() - started


def script(servers: Servers, site: Path) -> tuple[str, float]:
    """`ogpld serve` as a user types it: the console script pip installed."""
    port = free_port()
    beside = Path(sys.executable).with_name("ogpld")  # not a shim (pyenv's adds its own start)
    program = str(beside) if beside.exists() else shutil.which("ogpld") or "ogpld"
    command = [program, "serve", str(site), "--port", str(port)]
    return servers.start(command, f"http://127.0.0.1:{port}/sparql")


def restarts(start, servers: Servers, runs: int) -> list[float]:
    """Start-up times of `runs` starts after a first one that builds what the server keeps."""
    start()
    servers.stop()
    times = []
    for _ in range(runs):
        times.append(start()[1])
        servers.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}\n")
    print("| server | runs (s) | median s |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        data, site, _ = prepare(args.scale, scratch)
        servers = Servers(data, scratch)
        starters = {
            "python -m ogpld serve": lambda: servers.ogpld(site),
            "ogpld serve (installed script)": lambda: script(servers, site),
            "oxigraph serve-read-only": servers.oxigraph,
        }
        rows = {name: restarts(start, servers, args.runs) for name, start in starters.items()}
        rows["python -c 'import fastapi, uvicorn'"] = [import_floor() for _ in range(args.runs)]
    for name, times in rows.items():
        runs = " / ".join(f"{t:.2f}" for t in times)
        print(f"| {name} | {runs} | {statistics.median(times):.2f} |")


if __name__ == "__main__":
    main()
