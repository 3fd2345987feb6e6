"""benchmarks/store_floor.py as docs/benchmarks.md runs it: a row per place, or one line why not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from .conftest import FIXTURES, ROOT

SCRIPT = ROOT / "benchmarks" / "store_floor.py"


def run(*arguments: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, SCRIPT, *arguments], capture_output=True, text=True, timeout=120
    )


def test_each_place_holds_every_triple_of_a_folder_in_any_graph(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    fixture = FIXTURES / "engine" / "sparql-focus-implied.ttl"
    (data / "a.ttl").write_text(fixture.read_text())
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    (data / "b.nt").write_text(f"<https://e/x> {rdf_type} <https://e/C> .\n")
    (data / "c.trig").write_text("<https://e/g> { <https://e/x> <https://e/p> <https://e/y> . }\n")
    expected = len(Graph().parse(fixture)) + 2

    finished = run(data)

    assert finished.returncode == 0, finished.stderr
    rows = [line.split(" | ") for line in finished.stdout.splitlines()[2:]]
    assert [(row[1], int(row[2])) for row in rows] == [("memory", expected), ("disk", expected)]


def test_a_file_that_does_not_parse_is_one_line_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text("<a> <b> .\n")

    finished = run(broken, "--where", "disk")

    assert finished.returncode == 1
    assert finished.stderr.strip().splitlines() == [
        f"{broken} (disk): SyntaxError: Parser error at line 1 between columns 1 and 4: "
        "No scheme found in an absolute IRI"
    ]
