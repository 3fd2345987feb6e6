"""Where validation spends its time and memory: every query of the engine, timed alone.

Loads DATA (files or folders; in memory, or on disk with --on-disk) with the vocabulary's class
structure, as `ogpld validate` does, evaluates the bundled shapes on one thread, and prints each
SPARQL query's wall time and how much the process's peak resident memory grew while it ran
(Linux: the peak is reset through /proc/self/clear_refs before each query). --json writes every
query's figures; --compare A.json B.json sets two such runs side by side, query by query.

    python3 benchmarks/validate_profile.py DATA --on-disk --json p10.json
    python3 benchmarks/validate_profile.py --compare p10.json p30.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ogpld.engine.evaluator import Evaluator
from ogpld.engine.shapes import ShapesGraph
from ogpld.load import load_sources
from ogpld.validate import bundled_shapes, vocabulary_added


def memory_mb(field: str) -> int:
    """A field of /proc/self/status (VmRSS, VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    raise KeyError(field)


class TimedEvaluator(Evaluator):
    """The engine, with each query's time and peak-memory growth recorded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.log: list[dict] = []

    def _timed(self, run, query: str):
        Path("/proc/self/clear_refs").write_text("5")
        before, started = memory_mb("VmRSS"), time.perf_counter()
        answer = run(query)
        seconds = time.perf_counter() - started
        self.log.append(
            {"query": " ".join(query.split()), "s": seconds, "mb": memory_mb("VmHWM") - before}
        )
        return answer

    def select(self, query: str) -> list[ox.QuerySolution]:
        return self._timed(super().select, query)

    def ask(self, query: str) -> bool:
        return self._timed(super().ask, query)


def profile(paths: list[Path], on_disk: bool) -> tuple[list[dict], dict]:
    started = time.perf_counter()
    with load_sources(paths, on_disk=on_disk) as sources:
        loaded = time.perf_counter() - started
        with vocabulary_added(sources.store):
            evaluator = TimedEvaluator(sources.store, ShapesGraph(bundled_shapes()))
            results = evaluator.run(workers=1)
        validated = time.perf_counter() - started - loaded
    totals = {"loading s": loaded, "validating s": validated, "results": len(results)}
    return evaluator.log, totals


def by_query(log: list[dict]) -> dict[str, dict]:
    merged: dict[str, dict] = defaultdict(lambda: {"s": 0.0, "mb": 0})
    for entry in log:
        merged[entry["query"]]["s"] += entry["s"]
        merged[entry["query"]]["mb"] = max(merged[entry["query"]]["mb"], entry["mb"])
    return merged


def show(log: list[dict], totals: dict, top: int) -> None:
    print(
        ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in totals.items())
    )
    print("\n| s | +MB | query |\n|---|---|---|")
    for query, row in sorted(by_query(log).items(), key=lambda kv: -kv[1]["s"])[:top]:
        print(f"| {row['s']:.2f} | {row['mb']} | `{query[:160]}` |")


def compare(first: Path, second: Path, top: int) -> None:
    a, b = (by_query(json.loads(p.read_text())["queries"]) for p in (first, second))
    total_a, total_b = (sum(row["s"] for row in q.values()) for q in (a, b))
    print(f"all queries: {total_a:.1f} s -> {total_b:.1f} s ({total_b / total_a:.1f}x)")
    shared = [q for q in a if q in b and a[q]["s"] > 0.5]
    if shared:
        growth = [b[q]["s"] / a[q]["s"] for q in shared]
        print(f"queries over 0.5 s in the first: {len(shared)}, growth median ", end="")
        print(f"{statistics.median(growth):.1f}x, max {max(growth):.1f}x")
    print("\n| first s | second s | growth | query |\n|---|---|---|---|")
    for query in sorted(b, key=lambda q: -b[q]["s"])[:top]:
        before = a.get(query, {}).get("s", 0.0)
        growth = f"{b[query]['s'] / before:.1f}x" if before > 0.01 else ""
        print(f"| {before:.2f} | {b[query]['s']:.2f} | {growth} | `{query[:120]}` |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="*")
    parser.add_argument("--on-disk", action="store_true")
    parser.add_argument("--json", type=Path, help="write every query's figures here")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A.json", "B.json"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare, args.top)
        return
    if not args.data:
        parser.error("give DATA, or --compare A.json B.json")
    log, totals = profile(args.data, args.on_disk)
    show(log, totals, args.top)
    if args.json:
        args.json.write_text(json.dumps({"totals": totals, "queries": log}, indent=1))


if __name__ == "__main__":
    main()
