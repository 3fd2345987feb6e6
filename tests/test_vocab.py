"""The vocabulary is complete, multilingual, and the only source of ogpld's terms."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from ogpld.load import load_sources
from ogpld.namespaces import OGP, OGPSH, SCHEME, STANDARD_NAMESPACES
from ogpld.resources import bundled_data_dir
from ogpld.validate import bundled_shapes, vocabulary

LANGUAGES = ("en", "nb", "nn", "da")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept)


@cache
def terms() -> set[URIRef]:
    return {s for t in TERM_TYPES for s in vocabulary().subjects(RDF.type, t)}


@cache
def data() -> Graph:
    return load_sources([bundled_data_dir()]).union()


def used_terms(graph: Graph) -> set[URIRef]:
    """Predicates, classes, and IRIs of ogpld's namespaces anywhere in a graph."""
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    used |= {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith((str(OGP), str(SCHEME)))
    }
    return used


def is_defined(term: URIRef) -> bool:
    return term in terms() or (
        str(term).startswith(STANDARD_NAMESPACES) and not str(term).startswith(str(OGP))
    )


@pytest.mark.parametrize("name, graph", [("data", data), ("shapes", bundled_shapes)])
def test_every_term_used_is_defined_or_standard(name, graph):
    used = used_terms(graph())
    if name == "shapes":
        used = {t for t in used if not str(t).startswith(str(OGPSH))}
        used |= {o for o in graph().objects(None, SH.path) if isinstance(o, URIRef)}
        used |= {
            o
            for p in (SH.targetClass, SH["class"], SH.targetSubjectsOf)
            for o in graph().objects(None, p)
        }
    undefined = sorted(str(t) for t in used if not is_defined(t))
    assert undefined == []


def test_vocabulary_namespace_is_not_the_data_base():
    assert not str(OGP).startswith("https://data.example.org/")
    assert (URIRef("https://w3id.org/ogpld/ns"), RDF.type, OWL.Ontology) in vocabulary()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_has_a_label_and_definition(lang):
    graph = vocabulary()
    missing = []
    for term in terms():
        labels = list(graph.objects(term, RDFS.label)) + list(graph.objects(term, SKOS.prefLabel))
        if not any(isinstance(x, Literal) and x.language == lang for x in labels):
            missing.append(f"{term} label")
        if not any(x.language == lang for x in graph.objects(term, SKOS.definition)):
            missing.append(f"{term} definition")
    assert missing == []


def test_no_text_is_tagged_with_the_norwegian_macrolanguage():
    for graph in (vocabulary(), bundled_shapes(), data()):
        tagged = [
            o for o in graph.objects() if isinstance(o, Literal) and o.language in ("no", "no-no")
        ]
        assert tagged == []


def test_every_minted_class_and_property_says_why():
    graph = vocabulary()
    minted = [t for t in terms() if str(t).startswith(str(OGP))]
    assert len(minted) > 50
    assert [t for t in minted if graph.value(t, RDFS.comment) is None] == []


def test_every_concept_belongs_to_one_scheme_that_reaches_it():
    graph = vocabulary()
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        (scheme,) = graph.objects(concept, SKOS.inScheme)
        top = set(graph.transitive_objects(concept, SKOS.broader))
        assert any((scheme, SKOS.hasTopConcept, c) in graph for c in top), concept


def test_notations_are_unique_within_each_scheme():
    graph = vocabulary()
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        notations = [
            str(graph.value(c, SKOS.notation)) for c in graph.subjects(SKOS.inScheme, scheme)
        ]
        assert "None" not in notations, scheme
        assert len(notations) == len(set(notations)), scheme


def test_government_status_words_map_to_the_completion_scale():
    graph = vocabulary()
    completion = SCHEME["completion"]
    for concept in graph.subjects(SKOS.inScheme, SCHEME["dk-status"]):
        targets = list(graph.objects(concept, SKOS.closeMatch)) + list(
            graph.objects(concept, SKOS.exactMatch)
        )
        assert [t for t in targets if (t, SKOS.inScheme, completion) in graph], concept


def test_report_types_say_who_assesses_and_with_which_scales():
    graph = vocabulary()
    for report_type in graph.subjects(SKOS.inScheme, SCHEME["report-type"]):
        assert graph.value(report_type, OGP.assessor) is not None, report_type
        for prop in graph.objects(report_type, OGP.assessmentProperty):
            assert (prop, RDFS.domain, OGP.Assessment) in graph, prop
