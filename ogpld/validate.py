"""SHACL validation: the only caller of the SHACL engines (ogpld's own, or pyshacl on request)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ogpld.engine import RawResult, evaluate
from ogpld.engine.terms import sparql, to_oxigraph, to_rdflib
from ogpld.errors import UsageError
from ogpld.load import SourceSet, load_sources
from ogpld.report import Location, Report, Result, Severity, describe, results_from_graph
from ogpld.resources import shape_files, vocab_files

ENGINES = ("ogpld", "pyshacl")
VOCABULARY_GRAPH = ox.NamedNode("urn:ogpld:vocabulary")


def _graph_of(files: Iterable[Path]) -> Graph:
    sources = load_sources(files)
    if sources.errors:
        raise sources.errors[0]
    return sources.union()


@cache
def vocabulary() -> Graph:
    """The ogpld vocabulary and concept schemes, parsed once per process."""
    return _graph_of(vocab_files())


@cache
def vocabulary_structure() -> Graph:
    """The vocabulary without its labels and definitions: all the shapes need, a third the size."""
    graph = Graph()
    graph.addN(
        (s, p, o, graph) for s, p, o in vocabulary() if not (isinstance(o, Literal) and o.language)
    )
    return graph


@cache
def bundled_shapes() -> Graph:
    """The ogpld shapes, parsed once per process."""
    return _graph_of(shape_files())


def shapes_graph(extra: Iterable[Path] = (), bundled: bool = True) -> Graph:
    """The shapes to validate against: the bundled ones and/or the user's own."""
    extra = list(extra)
    if bundled and not extra:
        return bundled_shapes()
    graph = Graph()
    if bundled:
        graph += bundled_shapes()
    graph += _graph_of(extra)
    return graph


def validate(
    sources: SourceSet,
    shapes: Graph | None = None,
    use_vocab: bool = True,
    lang: str = "en",
    engine: str = "ogpld",
) -> Report:
    """Validate the union of the sources; files that failed to load are kept in the report."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    shapes = bundled_shapes() if shapes is None else shapes
    if engine == "pyshacl":
        results = _with_pyshacl(sources, shapes, use_vocab)
    else:
        results = _with_engine(sources, shapes, use_vocab)
    return Report(results=_described(sources, results, lang), source_errors=sources.errors)


def _with_engine(sources: SourceSet, shapes: Graph, use_vocab: bool) -> list[Result]:
    store = sources.store
    with vocabulary_added(store) if use_vocab else nullcontext():
        return [_result(raw) for raw in evaluate(store, shapes)]


@contextmanager
def vocabulary_added(store: ox.Store) -> Iterator[None]:
    """The vocabulary's class structure in the store, in a graph of its own, while validating."""
    store.extend(
        ox.Quad(to_oxigraph(s), ox.NamedNode(str(p)), to_oxigraph(o), VOCABULARY_GRAPH)
        for s, p, o in vocabulary_structure()
    )
    try:
        yield
    finally:
        store.remove_graph(VOCABULARY_GRAPH)


def _result(raw: RawResult) -> Result:
    return Result(
        severity=Severity.from_node(raw.shape.severity),
        focus_node=to_rdflib(raw.focus),
        path=raw.path,
        value=to_rdflib(raw.value) if raw.value is not None else None,
        source_shape=raw.shape.node,
        component=raw.component,
        source_constraint=raw.constraint,
        messages=tuple(sorted({(m.language or "", str(m)) for m in raw.messages})),
    )


def _with_pyshacl(sources: SourceSet, shapes: Graph, use_vocab: bool) -> list[Result]:
    """pyshacl on the same data: the reference the engine is tested against (slow)."""
    import pyshacl  # imported only when asked for: it takes a third of the start-up time

    data = sources.union()
    if use_vocab:
        data += vocabulary_structure()
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
    )
    return results_from_graph(report)


def _described(sources: SourceSet, results: list[Result], lang: str) -> list[Result]:
    """Results with the focus node's description and source location filled in."""
    focus_nodes = {r.focus_node for r in results}
    context = _neighbourhood(sources.store, focus_nodes)
    labels = vocabulary()
    locations = sources.locations(focus_nodes)
    described = [
        replace(
            r,
            focus_label=describe(context, r.focus_node, labels, lang),
            location=locations.get(r.focus_node),
        )
        for r in results
    ]
    return sorted(described, key=_reading_order)


def _reading_order(result: Result) -> tuple:
    """By file, then line, then severity: the order a person fixes things in."""
    where = result.location or Location("")
    return (where.path, where.line or 0, where.column or 0, -result.severity, result.rule)


def _neighbourhood(store: ox.Store, nodes: set) -> Graph:
    """The triples about the given nodes, fetched in one query, as a small rdflib graph."""
    graph = Graph()
    named = [sparql(n) for n in nodes if not isinstance(n, Literal)]
    for start in range(0, len(named), 2000):
        chunk = " ".join(named[start : start + 2000])
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} ?s ?p ?o }}"
        for row in store.query(query, use_default_graph_as_union=True):
            graph.add((to_rdflib(row["s"]), URIRef(row["p"].value), to_rdflib(row["o"])))
    return graph
