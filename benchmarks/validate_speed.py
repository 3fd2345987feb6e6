"""Time and peak memory of `ogpld validate` beside pyshacl's, on synthetic OGP data, in one run.

Each measurement is a fresh process timed by /usr/bin/time (wall seconds and peak resident
memory). Where both engines finish, their results are compared (focus node, rule, value).

    python3 benchmarks/validate_speed.py --sizes 0.1 1 10 --pyshacl-sizes 0.1 --timeout 1200

Writes a Markdown table to stdout; docs/benchmarks.md quotes a run of it.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(scale: float, folder: Path) -> tuple[Path, int]:
    """Synthetic data with a few known mistakes, so both engines have results to agree on."""
    out = folder / f"ogp-{scale}x.nt"
    process = subprocess.run(
        [
            sys.executable,
            str(HERE / "ogp_data.py"),
            "--scale",
            str(scale),
            "--invalid",
            "0.001",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out, int(process.stderr.split()[0])


def measure(path: Path, engine: str, timeout: int) -> dict:
    """Wall time, peak memory and results of one validation in its own process."""
    command = [
        "/usr/bin/time",
        "-f",
        "%e %M",
        sys.executable,
        "-m",
        "ogpld",
        "validate",
        str(path),
        "--engine",
        engine,
        "--format-report",
        "json",
    ]
    try:
        process = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "status": f"not finished in {timeout // 60} min"}
    seconds, kilobytes = process.stderr.strip().splitlines()[-1].split()
    results = json.loads(process.stdout)["results"]
    return {
        "engine": engine,
        "status": "ok",
        "seconds": float(seconds),
        "megabytes": int(kilobytes) / 1024,
        "results": {(r["focusNode"], r["rule"], r["value"]) for r in results},
    }


def row(size: float, triples: int, run: dict, baseline: dict | None) -> str:
    if run["status"] != "ok":
        return f"| {size}x | {triples:,} | {run['engine']} | {run['status']} | | | |"
    ratio = ""
    if baseline and baseline.get("status") == "ok" and run is not baseline:
        ratio = f"{run['seconds'] / baseline['seconds']:.0f}x ogpld's time"
    return (
        f"| {size}x | {triples:,} | {run['engine']} | {run['seconds']:.2f} s | "
        f"{run['megabytes']:.0f} MB | {len(run['results'])} | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 10])
    parser.add_argument("--pyshacl-sizes", type=float, nargs="*", default=[0.1])
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per measurement")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.processor()}\n")
    print("| size | triples | engine | wall | peak memory | results | pyshacl / ogpld |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path, triples = generate(size, Path(folder))
            ours = measure(path, "ogpld", args.timeout)
            print(row(size, triples, ours, None), flush=True)
            if size in args.pyshacl_sizes:
                theirs = measure(path, "pyshacl", args.timeout)
                print(row(size, triples, theirs, ours), flush=True)
                if theirs["status"] == "ok" and ours["status"] == "ok":
                    same = theirs["results"] == ours["results"]
                    print(
                        f"|  |  | same results as pyshacl: {'yes' if same else 'NO'} |  |  |  |  |"
                    )
            path.unlink()


if __name__ == "__main__":
    main()
