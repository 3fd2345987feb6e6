"""Build refuses bad sources, moves URIs to the publisher's base and records provenance."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ogpld.build import VOCABULARY_GRAPH, build
from ogpld.config import load_settings
from ogpld.errors import SourceError, ValidationFailed

from ..conftest import CLI_FIXTURES, ROOT

PROV = "http://www.w3.org/ns/prov#"
SPDX = "http://spdx.org/rdf/terms#"


def test_refuses_sources_with_violations(settings):
    with pytest.raises(ValidationFailed, match="violation") as error:
        build([CLI_FIXTURES / "no-lead-agency.ttl"], settings)
    assert error.value.report.count(error.value.report.results[0].severity) >= 1


def test_refuses_unreadable_sources_naming_the_file(settings):
    with pytest.raises(SourceError) as error:
        build([CLI_FIXTURES / "broken.ttl"], settings)
    assert "broken.ttl:" in str(error.value)


def test_keeps_one_graph_per_source_document(dataset):
    names = {g.value for g in dataset.graphs()}
    assert "https://data.example.org/id/document/no/kmd/14-797" in names
    assert VOCABULARY_GRAPH.value in names
    assert "https://data.example.org/id/provenance" in names


def test_provenance_names_the_file_and_checksum_of_each_graph(dataset):
    rows = list(
        dataset.query(
            f"""SELECT ?title ?sum WHERE {{
              <https://data.example.org/id/document/no/kmd/14-797> <{PROV}wasDerivedFrom> ?file .
              ?file <http://purl.org/dc/terms/title> ?title ;
                    <{SPDX}checksum>/<{SPDX}checksumValue> ?sum
            }}"""
        )
    )
    titles = {row["title"].value for row in rows}
    assert "no/plans.trig" in titles
    import hashlib

    expected = hashlib.sha256((ROOT / "data/no/plans.trig").read_bytes()).hexdigest()
    assert expected.upper() in {row["sum"].value for row in rows}


def test_rebases_every_source_uri(tmp_path):
    settings = load_settings(ROOT / "ogpld.toml", env={}, base_uri="https://ogp.example.no/")
    dataset = build([ROOT / "data"], settings)
    iris = {
        term.value
        for quad in dataset.quads()
        for term in (quad.subject, quad.object, quad.graph_name)
        if isinstance(term, ox.NamedNode)
    }
    assert "https://ogp.example.no/id/plan/no/2" in iris
    assert not [iri for iri in iris if iri.startswith("https://data.example.org/")]


def test_statements_outside_graphs_go_into_the_graph_of_their_file(settings):
    dataset = build([ROOT / "tests/fixtures/shapes/minimal.ttl"], settings)
    graph = ox.NamedNode("https://data.example.org/id/source/minimal.ttl")
    assert graph in dataset.graphs()
    assert len(list(dataset.store.quads_for_pattern(None, None, None, graph))) > 50


def test_vocabulary_left_out_of_dumps_when_linked(tmp_path):
    config = tmp_path / "ogpld.toml"
    config.write_text('[catalog]\nvocabulary = "link"\n')
    dataset = build([ROOT / "data"], load_settings(config, env={}))
    assert VOCABULARY_GRAPH not in dataset.graphs()
    assert not any(q.graph_name == VOCABULARY_GRAPH for q in dataset.quads())
