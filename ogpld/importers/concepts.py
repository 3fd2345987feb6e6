"""Concept schemes by label: a sheet's words become concepts, and concepts drop-down lists."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ogpld.namespaces import SCHEME
from ogpld.resources import vocab_files

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation)


def normalised(text: str) -> str:
    """Labels compare without case and extra spaces: 'Substantial ' is 'substantial'."""
    return " ".join(str(text).split()).casefold()


class Concepts:
    """Look-ups over the concept schemes of one vocabulary graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._index: dict[URIRef, dict[str, URIRef]] = {}

    @classmethod
    @cache
    def bundled(cls) -> Concepts:
        """The schemes of the vocabulary that ships with ogpld, parsed once."""
        graph = Graph()
        for path in vocab_files():
            graph.parse(path, format="turtle")
        return cls(graph)

    def scheme(self, name: str | URIRef) -> URIRef:
        """A scheme by its URI or by its name under the scheme namespace ('completion')."""
        return URIRef(name) if str(name).startswith("http") else SCHEME[str(name)]

    def members(self, scheme: str | URIRef) -> list[URIRef]:
        """The concepts of a scheme in scale order (by numeric notation), else by English label."""
        uri = self.scheme(scheme)
        found = [c for c in self.graph.subjects(SKOS.inScheme, uri) if isinstance(c, URIRef)]
        return sorted(found, key=self._order)

    def label(self, concept: URIRef, lang: str = "en") -> str:
        """The preferred label in lang, else in English, else the notation or the URI."""
        labels = {
            o.language: str(o)
            for o in self.graph.objects(concept, SKOS.prefLabel)
            if isinstance(o, Literal)
        }
        notation = self.graph.value(concept, SKOS.notation)
        return labels.get(lang) or labels.get("en") or (str(notation) if notation else str(concept))

    def find(self, scheme: str | URIRef, text: str) -> URIRef | None:
        """The concept that any of its labels (any language) or its notation names."""
        uri = self.scheme(scheme)
        if uri not in self._index:
            self._index[uri] = self._labels_of(uri)
        return self._index[uri].get(normalised(text))

    def schemes(self) -> list[URIRef]:
        return sorted(
            s for s in self.graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)
        )

    def _labels_of(self, scheme: URIRef) -> dict[str, URIRef]:
        index: dict[str, URIRef] = {}
        for concept in self.members(scheme):
            index.setdefault(normalised(concept.rsplit("/", 1)[-1]), concept)
            for predicate in LABELS:
                for label in self.graph.objects(concept, predicate):
                    index.setdefault(normalised(label), concept)
        return index

    def _order(self, concept: URIRef) -> tuple[float, str]:
        notation = self.graph.value(concept, SKOS.notation)
        try:
            rank = float(str(notation))
        except ValueError:
            rank = float("inf")
        return rank, self.label(concept)
