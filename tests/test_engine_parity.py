"""ogpld's engine gives exactly pyshacl's results on the bundled data and on every fixture."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ogpld.load import load_sources
from ogpld.resources import bundled_data_dir
from ogpld.validate import ENGINES, validate

from .conftest import FIXTURES

MINIMAL = FIXTURES / "shapes" / "minimal.ttl"
CASES = {
    "bundled data": [bundled_data_dir()],
    "minimal": [MINIMAL],
    **{f"cli/{p.stem}": [p] for p in sorted((FIXTURES / "cli").glob("*.ttl"))},
    **{
        f"invalid/{p.stem}": [MINIMAL, p]
        for p in sorted((FIXTURES / "shapes" / "invalid").glob("*.ttl"))
    },
}


def key(result) -> tuple:
    """A result as compared: a path expression (a blank node in either graph) compares as such."""
    path = result.path if result.path is None or isinstance(result.path, URIRef) else "expression"
    return (
        result.focus_node,
        path,
        result.value,
        result.source_constraint or result.source_shape,
        result.component,
        result.severity,
    )


def results(paths: list[Path], engine: str) -> set[tuple]:
    logging.disable(logging.CRITICAL)
    try:
        return {key(r) for r in validate(load_sources(paths), engine=engine).results}
    finally:
        logging.disable(logging.NOTSET)


@pytest.mark.parametrize("paths", CASES.values(), ids=CASES.keys())
def test_same_results_as_pyshacl(paths):
    ours = results(paths, "ogpld")
    assert ours == results(paths, "pyshacl")


def test_shapes_that_target_the_subjects_of_their_own_path():
    """Their values are read with one scan of the path's triples, not joined to the focus nodes."""
    fixture = FIXTURES / "engine" / "subjects-of-path.ttl"
    shapes = Graph().parse(fixture)
    found = {}
    for engine in ENGINES:
        with load_sources([fixture]) as sources:
            report = validate(sources, shapes=shapes, use_vocab=False, engine=engine)
        found[engine] = {key(r) for r in report.results}
    assert len(found["ogpld"]) == 13
    assert found["ogpld"] == found["pyshacl"]
