"""SHACL validation: the only caller of the SHACL engine."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal

from ogpld.load import SourceSet, load_sources
from ogpld.report import Report, results_from_graph
from ogpld.resources import shape_files, vocab_files


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
) -> Report:
    """Validate the union of the sources; files that failed to load are kept in the report.

    The vocabulary is added to the data itself, not passed as pyshacl's ont_graph: pyshacl
    copies only the class hierarchy from there, and the shapes need the concept schemes too.
    """
    data = sources.union()
    if use_vocab:
        data += vocabulary_structure()
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else bundled_shapes(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    return Report(results=results_from_graph(results, data, lang), source_errors=sources.errors)
