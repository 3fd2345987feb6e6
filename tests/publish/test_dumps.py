"""Every dump parses back, with rdflib and with pyoxigraph, to exactly the built data."""

from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Dataset as RdflibDataset
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from ogpld.engine.terms import to_rdflib
from ogpld.publish.dumps import DUMPS

QUAD_FORMATS = {"ogpld.trig": "trig", "ogpld.nq.gz": "nquads"}
TRIPLE_FORMATS = {"ogpld.ttl": "turtle", "ogpld.nt.gz": "nt", "ogpld.jsonld": "json-ld"}
OXIGRAPH = {
    "ogpld.trig": ox.RdfFormat.TRIG,
    "ogpld.nq.gz": ox.RdfFormat.N_QUADS,
    "ogpld.ttl": ox.RdfFormat.TURTLE,
    "ogpld.nt.gz": ox.RdfFormat.N_TRIPLES,
    "ogpld.jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(autouse=True)
def exact_literals(monkeypatch):
    """rdflib by default rewrites some literals to its own form ("…Z" becomes "…+00:00");
    the round trip is about the terms written, so read them as written."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


def read(path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def built_graphs(dataset) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in dataset.quads():
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add((to_rdflib(quad.subject), URIRef(quad.predicate.value), to_rdflib(quad.object)))
    return graphs


def union(graphs: dict[str, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    return merged


def oxigraph_graphs(data: bytes, rdf_format) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(data, rdf_format):
        name = getattr(quad.graph_name, "value", "")
        graph = graphs.setdefault(name, Graph())
        graph.add((to_rdflib(quad.subject), URIRef(quad.predicate.value), to_rdflib(quad.object)))
    return graphs


def test_every_format_is_written(release):
    assert {d.name for d in DUMPS} == set(QUAD_FORMATS) | set(TRIPLE_FORMATS)
    for dump in DUMPS:
        assert (release / dump.name).stat().st_size > 10_000


@pytest.mark.parametrize("name", sorted(QUAD_FORMATS))
def test_quad_dumps_keep_every_named_graph(release, dataset, name):
    expected = built_graphs(dataset)
    parsed = RdflibDataset()
    parsed.parse(data=read(release / name), format=QUAD_FORMATS[name])
    by_rdflib = {
        str(g.identifier): g for g in parsed.graphs() if len(g) and str(g.identifier) in expected
    }
    assert set(by_rdflib) == set(expected)
    by_oxigraph = oxigraph_graphs(read(release / name), OXIGRAPH[name])
    assert set(by_oxigraph) == set(expected)
    for name_of_graph, graph in expected.items():
        assert isomorphic(by_rdflib[name_of_graph], graph), name_of_graph
        assert isomorphic(by_oxigraph[name_of_graph], graph), name_of_graph


@pytest.mark.parametrize("name", sorted(TRIPLE_FORMATS))
def test_triple_dumps_hold_the_union(release, dataset, name):
    expected = union(built_graphs(dataset))
    by_rdflib = Graph().parse(data=read(release / name), format=TRIPLE_FORMATS[name])
    assert isomorphic(by_rdflib, expected)
    by_oxigraph = union(oxigraph_graphs(read(release / name), OXIGRAPH[name]))
    assert isomorphic(by_oxigraph, expected)


def test_dumps_keep_literals_exactly_as_written(release):
    turtle = read(release / "ogpld.ttl").decode()
    assert '"--09-17"^^xsd:gMonthDay' in turtle
    assert "ogp:commitmentCount 25" in turtle


def test_json_ld_uses_the_published_context(release):
    document = json.loads(read(release / "ogpld.jsonld"))
    published = json.loads((release / "context.jsonld").read_text())
    assert document["@context"] == published["@context"]
    commitment = next(n for n in document["@graph"] if "ogp:Commitment" in n.get("@type", []))
    assert commitment["@id"].startswith("data:plan/")
    assert "ogp:actionPlan" in commitment


def test_compressed_dumps_are_reproducible(dataset, tmp_path):
    from ogpld.publish.dumps import write_dump

    dump = next(d for d in DUMPS if d.gzipped)
    first = write_dump(dataset, dump, tmp_path).read_bytes()
    second = write_dump(dataset, dump, tmp_path).read_bytes()
    assert first == second
