"""The VoID description of a release: sizes, class and property partitions, where to get it."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD

from ogpld.build import Dataset
from ogpld.namespaces import PREFIXES

EXAMPLES_PER_CLASS = 1
EXAMPLE_CLASSES = 8


def _count(dataset: Dataset, query: str) -> int:
    return int(next(iter(dataset.query(query)))["n"].value)


def _published(dataset: Dataset) -> str:
    """A graph pattern over the published graphs only (the vocabulary may be left out)."""
    names = " ".join(str(g) for g in dataset.graphs())
    return f"VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }}"


def void_graph(dataset: Dataset, version: str, dumps: list[str]) -> Graph:
    """VoID for one release; counts are of the union of its published graphs."""
    graph = Graph()
    graph.bind("void", VOID)
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace)
    node = URIRef(dataset.minter.dataset(version).value)
    where = _published(dataset)
    graph.add((node, RDF.type, VOID.Dataset))
    for predicate, select in (
        (VOID.triples, "COUNT(*)"),
        (VOID.distinctSubjects, "COUNT(DISTINCT ?s)"),
        (VOID.properties, "COUNT(DISTINCT ?p)"),
        (VOID.distinctObjects, "COUNT(DISTINCT ?o)"),
    ):
        query = f"SELECT ({select} AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }} }}"
        graph.add((node, predicate, Literal(_count(dataset, query), datatype=XSD.integer)))
    graph.add((node, VOID.uriSpace, Literal(dataset.minter.id("").value)))
    graph.add((node, VOID.sparqlEndpoint, URIRef(dataset.minter.endpoint())))
    for name in dumps:
        graph.add((node, VOID.dataDump, URIRef(dataset.minter.download(version, name))))
    _partitions(dataset, graph, node, where)
    _subsets(dataset, graph, node)
    return graph


def _partitions(dataset: Dataset, graph: Graph, node: URIRef, where: str) -> None:
    """Class partitions with entity counts and examples; property partitions with triples."""
    classes = dataset.query(
        f"SELECT ?class (COUNT(DISTINCT ?s) AS ?n) (MIN(STR(?s)) AS ?example) "
        f"WHERE {{ {where} FILTER(?p = <{RDF.type}>) BIND(?o AS ?class) }} "
        "GROUP BY ?class ORDER BY DESC(?n) ?class"
    )
    graph.add((node, VOID.classes, Literal(0, datatype=XSD.integer)))
    count = 0
    for rank, row in enumerate(classes):
        count += 1
        partition = BNode()
        graph.add((node, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(row["class"].value)))
        graph.add((partition, VOID.entities, Literal(int(row["n"].value), datatype=XSD.integer)))
        example = row["example"].value
        if rank < EXAMPLE_CLASSES and not example.startswith("urn:"):
            graph.add((node, VOID.exampleResource, URIRef(example)))
    graph.set((node, VOID.classes, Literal(count, datatype=XSD.integer)))
    properties = dataset.query(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }} }} "
        "GROUP BY ?p ORDER BY ?p"
    )
    vocabularies = set()
    for row in properties:
        partition = BNode()
        graph.add((node, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(row["p"].value)))
        graph.add((partition, VOID.triples, Literal(int(row["n"].value), datatype=XSD.integer)))
        vocabularies.add(_namespace(row["p"].value))
    for vocabulary in sorted(vocabularies):
        graph.add((node, VOID.vocabulary, URIRef(vocabulary)))


def _subsets(dataset: Dataset, graph: Graph, node: URIRef) -> None:
    """One subset per named graph (source document, provenance, vocabulary), with its size."""
    for name in dataset.graphs():
        subset = URIRef(name.value)
        size = _count(dataset, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        graph.add((node, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))


def _namespace(iri: str) -> str:
    """The namespace of a term: up to its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
