"""ogpld's engine gives exactly pyshacl's results on the bundled data and on every fixture."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ogpld.engine import components, evaluator, sparql
from ogpld.engine.evaluator import Evaluator
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


def engine_results(fixture: Path, engines=ENGINES) -> dict[str, list[tuple]]:
    """Each engine's results on a fixture holding its own shapes, sorted, duplicates kept."""
    shapes = Graph().parse(fixture)
    found = {}
    for engine in engines:
        with load_sources([fixture]) as sources:
            report = validate(sources, shapes=shapes, use_vocab=False, engine=engine)
        found[engine] = sorted(key(r) for r in report.results)
    return found


@pytest.mark.parametrize("paths", CASES.values(), ids=CASES.keys())
def test_same_results_as_pyshacl(paths):
    ours = results(paths, "ogpld")
    assert ours == results(paths, "pyshacl")


def test_shapes_that_target_the_subjects_of_their_own_path():
    """Their values are read with one scan of the path's triples, not joined to the focus nodes."""
    found = engine_results(FIXTURES / "engine" / "subjects-of-path.ttl")
    assert len(found["ogpld"]) == 13
    assert found["ogpld"] == found["pyshacl"]


def recorded_queries(monkeypatch) -> list[str]:
    """The list every query the engine runs is added to."""
    queries: list[str] = []
    select = Evaluator.select
    monkeypatch.setattr(Evaluator, "select", lambda ev, q: queries.append(q) or select(ev, q))
    return queries


@pytest.mark.parametrize("limit", [0, 1_000_000], ids=["per value", "anti-join"])
def test_class_checked_per_value_or_as_an_anti_join(limit, monkeypatch):
    """sh:class reads a class's instances into memory only up to a limit; both ways agree."""
    monkeypatch.setattr(components, "ANTI_JOIN_INSTANCES", limit)
    queries = recorded_queries(monkeypatch)
    found = engine_results(FIXTURES / "engine" / "class-instances.ttl")
    assert len(found["ogpld"]) == 11
    assert found["ogpld"] == found["pyshacl"]
    anti_joins = [q for q in queries if "MINUS" in q]
    assert len(anti_joins) == (5 if limit else 0)
    assert not any(Evaluator.lists_focus_nodes(q) for q in anti_joins)


def test_one_value_required_is_checked_in_one_pass(monkeypatch):
    """sh:minCount 1 with sh:maxCount 1 is one query; the results stay apart and pyshacl's."""
    fused = []
    missing_or_repeated = components._missing_or_repeated
    monkeypatch.setattr(
        components,
        "_missing_or_repeated",
        lambda ev, shape, focus: fused.append(shape.path) or missing_or_repeated(ev, shape, focus),
    )
    found = engine_results(FIXTURES / "engine" / "exactly-one.ttl")
    assert len(found["ogpld"]) == 11
    assert found["ogpld"] == found["pyshacl"]
    assert len(fused) == 2


def test_repeated_counts_are_not_checked_in_one_pass(monkeypatch):
    """Two values of sh:minCount or sh:maxCount (ill-formed, which pyshacl refuses) each count."""
    fixture = FIXTURES / "engine" / "repeated-counts.ttl"

    def found() -> list[tuple]:  # without the source shape, a blank node new in each parse
        return [k[:3] + k[4:] for k in engine_results(fixture, ["ogpld"])["ogpld"]]

    fused = found()
    monkeypatch.setattr(components, "_one_value_required", lambda shape: False)
    assert fused == found()
    assert len(fused) == 6


def scan_first_everywhere(monkeypatch) -> list[str]:
    """Paths scanned first, and SPARQL constraints read for the focus join, at any size.

    Returns the list the queries scanned first are added to.
    """
    monkeypatch.setattr(evaluator, "SCAN_MIN_TRIPLES", 0)
    monkeypatch.setattr(evaluator, "SCAN_RATIO", 1_000_000)
    monkeypatch.setattr(sparql, "READ_MIN_FOCUS", 0)
    scanned: list[str] = []
    kept = Evaluator.focus_kept
    monkeypatch.setattr(
        Evaluator, "focus_kept", staticmethod(lambda *a: scanned.append(a[1]) or kept(*a))
    )
    return scanned


def test_values_scanned_first_are_kept_for_focus_nodes_only(monkeypatch):
    """A value test over a path's triples reports only focus nodes, as pyshacl does."""
    scanned = scan_first_everywhere(monkeypatch)
    queries = recorded_queries(monkeypatch)
    found = engine_results(FIXTURES / "engine" / "scanned-first.ttl")
    assert len(found["ogpld"]) == 12
    assert found["ogpld"] == found["pyshacl"]
    # sh:datatype (twice for xsd:int's range), sh:pattern, sh:maxCount, sh:class, sh:in,
    # sh:uniqueLang and sh:node's pairs; sh:node's values are every subject's, then paired.
    assert len(scanned) == 8
    assert not any("VALUES ?this" in q for q in scanned)
    assert any(q.startswith("SELECT DISTINCT ?value WHERE { { ?_subject") for q in queries)


@pytest.mark.parametrize("paths", CASES.values(), ids=CASES.keys())
def test_scanning_first_changes_no_result(paths, monkeypatch):
    """Forced wherever they apply, scanning first and dropping the focus join change no result."""
    plain = results(paths, "ogpld")
    scan_first_everywhere(monkeypatch)
    assert results(paths, "ogpld") == plain


def test_few_triples_are_not_scanned_first(monkeypatch):
    """Below SCAN_MIN_TRIPLES, or with triples outnumbering focus nodes, values are looked up."""
    scanned = scan_first_everywhere(monkeypatch)
    monkeypatch.setattr(evaluator, "SCAN_RATIO", 1)
    found = engine_results(FIXTURES / "engine" / "scanned-first.ttl", ["ogpld"])
    assert len(found["ogpld"]) == 12
    ratio_only = len(scanned)
    monkeypatch.setattr(evaluator, "SCAN_MIN_TRIPLES", 10_000)
    engine_results(FIXTURES / "engine" / "scanned-first.ttl", ["ogpld"])
    assert len(scanned) == ratio_only
    assert 0 < ratio_only < 8


MARKS = ("?orderStart", "?eitherEnd", "?noteFirst", "> 50")


def focus_joined(queries: list[str]) -> dict[str, bool]:
    """For each marked constraint of sparql-focus-implied.ttl, whether its query joined focus."""
    return {mark: "?_target" in q for q in queries for mark in MARKS if mark in q}


def test_sparql_constraints_that_bind_this_run_without_the_focus(monkeypatch):
    """A query binding ?this as a subject of a targeted predicate needs no focus joined in."""
    queries = recorded_queries(monkeypatch)
    engine_results(FIXTURES / "engine" / "sparql-focus-implied.ttl", ["ogpld"])
    assert focus_joined(queries) == dict.fromkeys(MARKS, True)
    monkeypatch.setattr(sparql, "READ_MIN_FOCUS", 0)
    queries.clear()
    found = engine_results(FIXTURES / "engine" / "sparql-focus-implied.ttl")
    assert len(found["ogpld"]) == 5
    assert found["ogpld"] == found["pyshacl"]
    assert focus_joined(queries) == {
        "?orderStart": False,
        "?eitherEnd": False,
        "?noteFirst": True,
        "> 50": True,
    }
