"""The catalog conforms to the official DCAT-AP 3.0.0 shapes and tells the truth about files."""

from __future__ import annotations

import hashlib

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from ..conftest import shared_reference

SPDX = "http://spdx.org/rdf/terms#"


def catalog(release) -> Graph:
    return Graph().parse(release / "catalog.ttl")


def test_conforms_to_the_official_dcat_ap_3_shapes(release):
    reference = shared_reference("dcat-ap-3.0.0")
    shapes = Graph()
    for name in ("dcat-ap-SHACL.ttl", "dcat-ap-SHACL-range.ttl"):
        shapes.parse(reference / name)
    conforms, _, text = pyshacl.validate(catalog(release), shacl_graph=shapes, allow_warnings=True)
    assert conforms, text


def test_sizes_and_checksums_match_the_files(release):
    graph = catalog(release)
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) >= 12
    for distribution in distributions:
        url = str(graph.value(distribution, DCAT.downloadURL))
        path = release / url.split("/releases/2026.1/", 1)[1]
        data = path.read_bytes()
        assert int(graph.value(distribution, DCAT.byteSize)) == len(data), path
        checksum = graph.value(distribution, URIRef(SPDX + "checksum"))
        value = str(graph.value(checksum, URIRef(SPDX + "checksumValue")))
        assert value.lower() == hashlib.sha256(data).hexdigest(), path


def test_describes_coverage_measured_from_the_data(release):
    graph = catalog(release)
    dataset = graph.value(None, RDF.type, DCAT.Dataset)
    period = graph.value(dataset, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2013"  # OGP's London meeting
    assert str(graph.value(period, DCAT.endDate)) >= "2022"
    languages = {str(v).rsplit("/", 1)[1] for v in graph.objects(dataset, DCTERMS.language)}
    assert languages == {"NOB", "DAN", "ENG"}
    service = graph.value(None, RDF.type, DCAT.DataService)
    assert graph.value(service, DCAT.endpointURL) == URIRef("https://data.example.org/sparql")


def test_void_counts_classes_and_links_the_dumps(release, dataset):
    graph = Graph().parse(release / "void.ttl")
    node = graph.value(None, RDF.type, VOID.Dataset)
    triples = len(set(dataset.triples()))
    assert int(graph.value(node, VOID.triples)) == triples
    counts = {
        str(graph.value(p, VOID["class"])): int(graph.value(p, VOID.entities))
        for p in graph.objects(node, VOID.classPartition)
    }
    assert counts["https://w3id.org/ogpld/ns#Commitment"] == 26
    dumps = {str(d).rsplit("/", 1)[1] for d in graph.objects(node, VOID.dataDump)}
    assert {"ogpld.trig", "ogpld.nt.gz"} <= dumps


def test_csv_tables_for_spreadsheet_users(release):
    import csv

    for name in ("plans", "commitments", "milestones", "agencies", "meetings"):
        assert (release / "tables" / f"{name}.csv").is_file()
    with (release / "tables" / "commitments.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["commitment"].endswith("/plan/no/2/commitment/4.1"))
    assert row["number"] == "4.1"
    assert "Kulturdepartementet" in row["lead_agencies"]
