"""Time and peak memory of `ogpld publish` beside its baselines, on synthetic OGP data, in one run.

Baselines measured in the same run on the same file: `ogpld validate` (the least a publish must
do: load and validate) and, where it finishes in time, rdflib doing a fraction of the work a
publish does (parse the N-Triples, write Turtle and JSON-LD). Each measurement is a fresh process
timed by /usr/bin/time (wall seconds, peak resident memory).

    python3 benchmarks/publish_speed.py --sizes 1 10 --rdflib-sizes 1 --timeout 1800

Writes a Markdown table to stdout; docs/benchmarks.md quotes a run of it.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RDFLIB_PUBLISH = """
import sys, rdflib
graph = rdflib.Graph().parse(sys.argv[1], format="nt")
graph.serialize(sys.argv[2] + "/ogp.ttl", format="turtle")
graph.serialize(sys.argv[2] + "/ogp.jsonld", format="json-ld")
"""


def generate(scale: float, folder: Path) -> tuple[Path, int]:
    """Valid synthetic data (a publish refuses invalid data)."""
    out = folder / f"ogp-{scale}x.nt"
    process = subprocess.run(
        [sys.executable, str(HERE / "ogp_data.py"), "--scale", str(scale), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out, int(process.stderr.split()[0])


def timed(command: list[str], timeout: int) -> dict:
    """Wall time and peak memory of one command in its own process."""
    try:
        process = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", *command],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": f"not finished in {timeout // 60} min"}
    seconds, kilobytes = process.stderr.strip().splitlines()[-1].split()
    status = "ok" if process.returncode == 0 else f"exit {process.returncode}"
    return {"status": status, "seconds": float(seconds), "megabytes": int(kilobytes) / 1024}


def row(size: float, triples: int, what: str, run: dict, publish: dict) -> str:
    if run["status"] != "ok":
        return f"| {size}x | {triples:,} | {what} | {run['status']} | | |"
    ratio = "" if run is publish else f"{run['seconds'] / publish['seconds']:.2f}x publish's time"
    return (
        f"| {size}x | {triples:,} | {what} | {run['seconds']:.1f} s | "
        f"{run['megabytes']:.0f} MB | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--rdflib-sizes", type=float, nargs="*", default=[1])
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per measurement")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {platform.processor()}")
    print()
    print("| size | triples | what | wall | peak memory | vs publish |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size in args.sizes:
            data, triples = generate(size, folder)
            site = folder / f"site-{size}"
            ogpld = [sys.executable, "-m", "ogpld"]
            publish = timed([*ogpld, "publish", str(data), "--out", str(site)], args.timeout)
            runs = [("ogpld publish", publish)]
            runs.append(("ogpld validate", timed([*ogpld, "validate", str(data)], args.timeout)))
            if size in args.rdflib_sizes:
                out = folder / f"rdflib-{size}"
                out.mkdir()
                command = [sys.executable, "-c", RDFLIB_PUBLISH, str(data), str(out)]
                rdflib_run = timed(command, args.timeout)
                runs.append(("rdflib: parse, write Turtle and JSON-LD", rdflib_run))
            for what, run in runs:
                print(row(size, triples, what, run, publish), flush=True)
            shutil.rmtree(site, ignore_errors=True)
            data.unlink()


if __name__ == "__main__":
    main()
