"""Reading and scoring the W3C SHACL test suite (core and SPARQL) for ogpld's engine and pyshacl."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ogpld.engine import evaluate
from ogpld.engine.evaluator import Evaluator
from ogpld.engine.shapes import ShapesGraph
from ogpld.engine.terms import to_oxigraph, to_rdflib

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
FOLDERS = ("core", "sparql")


@dataclass(frozen=True)
class Case:
    """One sht:Validate entry: its file, name, data and shapes graphs, and expected results."""

    path: Path
    entry: URIRef
    data: Path
    shapes: Path

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.entry.rsplit('/', 1)[-1]}"


def cases(root: Path) -> list[Case]:
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.ttl")):
            if path.name == "manifest.ttl":
                continue
            graph = parsed(path)
            for manifest in graph.subjects(RDF.type, MF.Manifest):
                for entries in graph.objects(manifest, MF.entries):
                    for entry in Collection(graph, entries):
                        if (entry, RDF.type, SHT.Validate) not in graph:
                            continue
                        action = graph.value(entry, MF.action)
                        data = graph.value(action, SHT.dataGraph)
                        shapes = graph.value(action, SHT.shapesGraph)
                        found.append(Case(path, entry, _file(data), _file(shapes)))
    return found


def _file(iri: URIRef) -> Path:
    return Path(str(iri).removeprefix("file://"))


@cache
def parsed(path: Path) -> Graph:
    """A test file as written: rdflib would otherwise rewrite ill-formed literals on parsing."""
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return Graph().parse(path, format="turtle", publicID=path.as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _path_key(graph: Graph, node) -> str | None:
    if node is None:
        return None
    return Evaluator(ox.Store(), ShapesGraph(graph)).path(node)


def expects_failure(case: Case) -> bool:
    """Cases whose shapes a validator must refuse (sht:Failure) rather than report on."""
    return parsed(case.path).value(case.entry, MF.result) == SHT.Failure


def expected(case: Case) -> set[tuple]:
    graph = parsed(case.path)
    report = graph.value(case.entry, MF.result)
    return {
        _key(
            graph,
            graph.value(r, SH.focusNode),
            graph.value(r, SH.resultPath),
            graph.value(r, SH.value),
            graph.value(r, SH.sourceShape),
            graph.value(r, SH.sourceConstraintComponent),
            graph.value(r, SH.resultSeverity),
        )
        for r in graph.objects(report, SH.result)
    }


def _key(graph, focus, path, value, shape, component, severity) -> tuple:
    return (focus, _path_key_or_text(graph, path), value, shape, component, severity)


def ours(case: Case) -> set[tuple]:
    data, shapes = parsed(case.data), parsed(case.shapes)
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data)
    return {
        _key(
            shapes,
            to_rdflib(r.focus),
            r.path,
            to_rdflib(r.value) if r.value is not None else None,
            (r.constraint and r.shape.node) or r.shape.node,
            r.component,
            r.shape.severity,
        )
        for r in evaluate(store, shapes)
    }


def theirs(case: Case) -> set[tuple]:
    data, shapes = parsed(case.data), parsed(case.shapes)
    try:
        _, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
        )
    except Exception:  # pyshacl raises on some cases it does not support
        return {("pyshacl failed",)}
    if not isinstance(report, Graph):  # a ValidationFailure instead of a report
        return {("pyshacl failed",)}
    return {
        _key(
            shapes,
            report.value(r, SH.focusNode),
            _same_path(report, shapes, report.value(r, SH.resultPath)),
            report.value(r, SH.value),
            report.value(r, SH.sourceShape),
            report.value(r, SH.sourceConstraintComponent),
            report.value(r, SH.resultSeverity),
        )
        for top in report.subjects(RDF.type, SH.ValidationReport)
        for r in report.objects(top, SH.result)
    }


def _same_path(report: Graph, shapes: Graph, node):
    """pyshacl copies blank-node paths into its report; read them there."""
    if node is None or isinstance(node, URIRef):
        return node
    merged = Graph()
    merged += report
    merged += shapes
    return _PathNode(Evaluator(ox.Store(), ShapesGraph(merged)).path(node))


class _PathNode(str):
    """A path already written as SPARQL, passed through _key unchanged."""


def _path_key_or_text(graph, node):
    return node if isinstance(node, _PathNode) else _path_key(graph, node)


def summary(root: Path) -> dict[str, dict[str, int]]:
    """Cases passed per folder by ogpld and by pyshacl, counted the same way for both."""
    from ogpld.errors import ShapesError

    counts: dict[str, dict[str, int]] = {}
    for case in cases(root):
        folder = case.path.relative_to(root).parts[0]
        row = counts.setdefault(folder, {"cases": 0, "ogpld": 0, "pyshacl": 0})
        row["cases"] += 1
        want = None if expects_failure(case) else expected(case)
        try:
            row["ogpld"] += ours(case) == want
        except ShapesError:
            row["ogpld"] += want is None
        got = theirs(case)
        row["pyshacl"] += got == want if want is not None else got == {("pyshacl failed",)}
    return counts


if __name__ == "__main__":
    import logging
    import sys

    logging.disable(logging.CRITICAL)
    for folder, row in summary(Path(sys.argv[1])).items():
        print(f"{folder}: {row['cases']} cases, ogpld {row['ogpld']}, pyshacl {row['pyshacl']}")
