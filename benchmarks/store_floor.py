"""The floor under `ogpld validate`: what pyoxigraph alone takes to hold and read the data.

For each DATA (RDF files or folders of them), in memory and on disk, in a fresh process
each: bulk-load it (on disk, then optimize() as ogpld does), read every triple once (a scan),
and join every typed subject to its triples (`?s a ?class . ?s ?p ?o`, which pyoxigraph answers
by looking each subject up: the access a focus node's values need). Prints one Markdown row per
run: the time of each step and the process's peak memory.

    python3 benchmarks/store_floor.py ogp-1x.nt ogp-10x.nt
    python3 benchmarks/store_floor.py /tmp/ogp100/data --where disk

The validator cannot be faster than its store: where the store alone grows faster than the
data, or must go to disk to stay within a memory target, so does `ogpld validate`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LOOKUPS = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class . ?s ?p ?o }"
COLUMNS = ("data", "where", "triples", "load s", "optimize s", "scan s", "lookups s", "peak MiB")


def files_of(data: str) -> list[Path]:
    """A file, or a folder's files in name order."""
    path = Path(data)
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax a file's extension names; N-Triples when it names none."""
    import pyoxigraph as ox

    return ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES


def timed_count(store: ox.Store, query: str, union: bool) -> tuple[float, int]:
    """Seconds to answer a COUNT query, and its count."""
    start = time.perf_counter()
    (row,) = store.query(query, use_default_graph_as_union=union)
    return time.perf_counter() - start, int(row["n"].value)


def measure(data: str, where: str) -> dict:
    """One run in this process: load, scan, look up; times in seconds, peak memory in MiB."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as folder:
        store = ox.Store(folder) if where == "disk" else ox.Store()
        start = time.perf_counter()
        for path in files_of(data):
            store.bulk_load(path=str(path), format=rdf_format(path))
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        if where == "disk":
            store.optimize()
        optimized = time.perf_counter() - start
        # Every graph when the data names some (TriG, N-Quads); else the default graph, as measured.
        union = next(iter(store.named_graphs()), None) is not None
        scan, triples = timed_count(store, SCAN, union)
        lookups, _ = timed_count(store, LOOKUPS, union)
        del store
    return {
        "data": data,
        "where": where,
        "triples": triples,
        "load s": round(loaded, 1),
        "optimize s": round(optimized, 1),
        "scan s": round(scan, 2),
        "lookups s": round(lookups, 2),
        "peak MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def in_new_process(data: str, where: str) -> dict:
    """measure() in a fresh interpreter, so that each run's peak memory is its own."""
    command = [sys.executable, __file__, "--one", where, data]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"{data} ({where}): {last}")
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="*", help="RDF files or folders, smallest first")
    parser.add_argument("--runs", type=int, default=1, help="runs of each size and place")
    parser.add_argument("--where", choices=("memory", "disk", "both"), default="both")
    parser.add_argument("--one", nargs=2, metavar=("WHERE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[1], args.one[0])))
        return
    places = ("memory", "disk") if args.where == "both" else (args.where,)
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for data in args.data:
        for where in places:
            for _ in range(args.runs):
                row = in_new_process(data, where)
                print("| " + " | ".join(str(row[c]) for c in COLUMNS) + " |", flush=True)


if __name__ == "__main__":
    main()
