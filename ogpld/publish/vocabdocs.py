"""HTML documentation of the vocabulary in each language, generated from vocab/ alone.

One self-contained page per language (classes, properties, concept schemes with their
concepts), each term anchored by its local name, so that `en.html#Commitment` is a stable link;
index.html is the English page, the one a visitor without a language preference gets.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ogpld.config import LANGUAGES
from ogpld.namespaces import OGP, PREFIXES, SCHEME
from ogpld.resources import templates
from ogpld.validate import vocabulary

ONTOLOGY = URIRef(str(OGP).rstrip("#"))
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "classes": "Classes",
        "properties": "Properties",
        "schemes": "Concept schemes",
        "domain": "Used with",
        "range": "Values",
        "subclass": "Subclass of",
        "subproperty": "Subproperty of",
        "concepts": "Concepts",
        "broader": "Broader",
        "languages": "Languages",
        "iri": "IRI",
        "match": "Close match",
    },
    "nb": {
        "classes": "Klasser",
        "properties": "Egenskaper",
        "schemes": "Begrepssystemer",
        "domain": "Brukes med",
        "range": "Verdier",
        "subclass": "Underklasse av",
        "subproperty": "Underegenskap av",
        "concepts": "Begreper",
        "broader": "Overordnet",
        "languages": "Språk",
        "iri": "IRI",
        "match": "Nær match",
    },
    "nn": {
        "classes": "Klassar",
        "properties": "Eigenskapar",
        "schemes": "Omgrepssystem",
        "domain": "Blir brukt med",
        "range": "Verdiar",
        "subclass": "Underklasse av",
        "subproperty": "Undereigenskap av",
        "concepts": "Omgrep",
        "broader": "Overordna",
        "languages": "Språk",
        "iri": "IRI",
        "match": "Nær match",
    },
    "da": {
        "classes": "Klasser",
        "properties": "Egenskaber",
        "schemes": "Begrebssystemer",
        "domain": "Bruges med",
        "range": "Værdier",
        "subclass": "Underklasse af",
        "subproperty": "Underegenskab af",
        "concepts": "Begreber",
        "broader": "Overordnet",
        "languages": "Sprog",
        "iri": "IRI",
        "match": "Nært match",
    },
}
LANGUAGE_NAMES = {"en": "English", "nb": "norsk bokmål", "nn": "nynorsk", "da": "dansk"}


@dataclass
class Link:
    """A reference to a term: an anchor on the page if it is ours, else the external IRI."""

    text: str
    href: str


@dataclass
class Term:
    """One documented term with its texts in the page language."""

    anchor: str
    iri: str
    label: str
    definition: str
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    members: list[Term] = field(default_factory=list)


def text_in(graph: Graph, node: Node, predicates: Sequence[URIRef], lang: str) -> str:
    """The node's text in the language, else English, else any."""
    values = [v for p in predicates for v in graph.objects(node, p)]
    for wanted in (lang, "en", None):
        for value in values:
            if wanted is None or getattr(value, "language", None) == wanted:
                return str(value)
    return ""


def anchor(iri: str) -> str:
    """The stable anchor of a term: its local name, or its path under the scheme namespace."""
    if iri.startswith(str(SCHEME)):
        return iri.removeprefix(str(SCHEME))
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def ours(iri: str) -> bool:
    return iri.startswith((str(OGP), str(SCHEME)))


def prefixed(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and iri != str(namespace):
            return f"{name}:{iri.removeprefix(str(namespace))}"
    return iri


class Page:
    """The terms of the vocabulary as one language's page shows them."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph, self.lang, self.words = graph, lang, WORDS[lang]

    def link(self, node: Node) -> Link:
        iri = str(node)
        if ours(iri):
            label = text_in(self.graph, node, (RDFS.label, SKOS.prefLabel), self.lang)
            return Link(label or prefixed(iri), f"#{anchor(iri)}")
        return Link(prefixed(iri), iri)

    def facts(self, node: Node, rows: Sequence[tuple[str, URIRef]]) -> list[tuple[str, list]]:
        found = []
        for word, predicate in rows:
            values = sorted(self.graph.objects(node, predicate), key=str)
            if values:
                found.append((self.words[word], [self.link(v) for v in values]))
        return found

    def term(self, node: Node, rows: Sequence[tuple[str, URIRef]] = ()) -> Term:
        return Term(
            anchor=anchor(str(node)),
            iri=str(node),
            label=text_in(self.graph, node, (RDFS.label, SKOS.prefLabel), self.lang),
            definition=text_in(self.graph, node, (SKOS.definition, RDFS.comment), self.lang),
            facts=self.facts(node, rows),
        )

    def of_types(self, *types: URIRef) -> list[Node]:
        nodes = {s for t in types for s in self.graph.subjects(RDF.type, t) if ours(str(s))}
        return sorted(nodes, key=lambda n: anchor(str(n)).lower())

    def classes(self) -> list[Term]:
        rows = (("subclass", RDFS.subClassOf),)
        return [self.term(n, rows) for n in self.of_types(OWL.Class, RDFS.Class)]

    def properties(self) -> list[Term]:
        rows = (("domain", RDFS.domain), ("range", RDFS.range), ("subproperty", RDFS.subPropertyOf))
        kinds = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)
        return [self.term(n, rows) for n in self.of_types(*kinds)]

    def schemes(self) -> list[Term]:
        schemes = []
        for node in self.of_types(SKOS.ConceptScheme):
            scheme = self.term(node)
            concepts = sorted(self.graph.subjects(SKOS.inScheme, node), key=str)
            rows = (("broader", SKOS.broader), ("match", SKOS.closeMatch))
            scheme.members = [self.term(c, rows) for c in concepts]
            schemes.append(scheme)
        return schemes


def render_vocabulary_page(graph: Graph, lang: str, languages: Sequence[str] = LANGUAGES) -> str:
    """One language's page."""
    page = Page(graph, lang)
    return (
        templates()
        .get_template("vocab.html")
        .render(
            lang=lang,
            words=page.words,
            title=text_in(graph, ONTOLOGY, (RDFS.label,), lang),
            description=text_in(graph, ONTOLOGY, (RDFS.comment, SKOS.definition), lang)
            or text_in(graph, ONTOLOGY, (URIRef("http://purl.org/dc/terms/description"),), lang),
            namespace=str(OGP),
            classes=page.classes(),
            properties=page.properties(),
            schemes=page.schemes(),
            languages=[(code, LANGUAGE_NAMES[code]) for code in languages],
        )
    )


def write_vocabulary_docs(out: Path, languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Write <lang>.html for each language and index.html (the English page) into out."""
    out.mkdir(parents=True, exist_ok=True)
    graph = vocabulary()
    written = []
    for lang in languages:
        path = out / f"{lang}.html"
        path.write_text(render_vocabulary_page(graph, lang, languages), encoding="utf-8")
        written.append(path)
    index = out / "index.html"
    shutil.copyfile(written[0], index)
    return [*written, index]
