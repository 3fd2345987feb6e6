"""HTML documentation of the vocabulary in each language, generated from vocab/ alone.

One self-contained page per language: classes, properties, and concept schemes with their
concepts. A term of the ogp: namespace is anchored by its local name, so the fragment of its
IRI (`ns#Commitment`) is also its anchor (`en.html#Commitment`). Terms under the scheme
namespace are anchored by their path prefixed with `scheme/` (`scheme/completion`,
`scheme/completion/complete`): the bare path would collide with ogp: properties of the same
name (ogp:completion, ogp:specificity, ogp:assessor).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ogpld.config import LANGUAGES
from ogpld.namespaces import OGP, PREFIXES, SCHEME
from ogpld.resources import templates
from ogpld.validate import vocabulary

ONTOLOGY = URIRef(str(OGP).rstrip("#"))
NAMES = (RDFS.label, SKOS.prefLabel)
CLASSES = (OWL.Class, RDFS.Class)
PROPERTIES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)
# The fixed words of a page, in the order of LANGUAGE_NAMES: en, nb, nn, da.
TRANSLATIONS: dict[str, tuple[str, str, str, str]] = {
    "contents": ("Contents", "Innhold", "Innhald", "Indhold"),
    "classes": ("Classes", "Klasser", "Klassar", "Klasser"),
    "properties": ("Properties", "Egenskaper", "Eigenskapar", "Egenskaber"),
    "schemes": ("Concept schemes", "Begrepssystemer", "Omgrepssystem", "Begrebssystemer"),
    "concepts": ("Concepts", "Begreper", "Omgrep", "Begreber"),
    "definition": ("Definition", "Definisjon", "Definisjon", "Definition"),
    "note": ("Note", "Merknad", "Merknad", "Bemærkning"),
    "domain": ("Used with", "Brukes med", "Blir brukt med", "Bruges med"),
    "range": ("Values", "Verdier", "Verdiar", "Værdier"),
    "subclass": ("Subclass of", "Underklasse av", "Underklasse av", "Underklasse af"),
    "subproperty": ("Subproperty of", "Underegenskap av", "Undereigenskap av", "Underegenskab af"),
    "notation": ("Notation", "Notasjon", "Notasjon", "Notation"),
    "broader": ("Broader", "Overordnet", "Overordna", "Overordnet"),
    "match": ("Close match", "Nær match", "Nær match", "Nært match"),
    "languages": ("Languages", "Språk", "Språk", "Sprog"),
    "namespace": ("Namespace", "Navnerom", "Namnerom", "Navnerum"),
    "version": ("Version", "Versjon", "Versjon", "Version"),
    "license": ("Licence", "Lisens", "Lisens", "Licens"),
}
LANGUAGE_NAMES = {"en": "English", "nb": "norsk bokmål", "nn": "nynorsk", "da": "dansk"}
WORDS: dict[str, dict[str, str]] = {
    lang: {key: words[i] for key, words in TRANSLATIONS.items()}
    for i, lang in enumerate(LANGUAGE_NAMES)
}
CLASS_ROWS = (("subclass", RDFS.subClassOf),)
PROPERTY_ROWS = (
    ("domain", RDFS.domain),
    ("range", RDFS.range),
    ("subproperty", RDFS.subPropertyOf),
)
CONCEPT_ROWS = (("broader", SKOS.broader), ("match", SKOS.closeMatch))


@dataclass
class Link:
    """A reference to a term: an anchor on the page if it is ours, else the external IRI."""

    text: str
    href: str
    title: str = ""


@dataclass
class Term:
    """One documented term with its texts in the page language, and what it refers to."""

    anchor: str
    iri: str
    label: Literal | None
    definition: Literal | None
    note: Literal | None
    notation: str = ""
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    members: list[Term] = field(default_factory=list)


def text_in(graph: Graph, node: Node, predicates: Sequence[URIRef], lang: str) -> Literal | None:
    """The node's text in the language, else English, else any: a page never shows a gap."""
    values = sorted(
        (v for p in predicates for v in graph.objects(node, p) if isinstance(v, Literal)),
        key=lambda v: (v.language or "", str(v)),
    )
    for wanted in (lang, "en"):
        for value in values:
            if value.language == wanted:
                return value
    return values[0] if values else None


def ours(iri: str) -> bool:
    """Whether the term is documented on the page, so links to it stay on the page."""
    return iri.startswith((str(OGP), str(SCHEME)))


def anchor(iri: str) -> str:
    """The stable anchor of a term of ours: unique on the page, the IRI's fragment if it has one."""
    if iri.startswith(str(SCHEME)):
        return "scheme/" + iri.removeprefix(str(SCHEME))
    return iri.removeprefix(str(OGP))


def prefixed(iri: str) -> str:
    """The prefixed name readers know from Turtle, or the IRI when no prefix fits."""
    for name, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and iri != str(namespace):
            return f"{name}:{iri.removeprefix(str(namespace))}"
    return iri


def by_local_name(node: Node) -> tuple[str, str]:
    """Sort key: local name without regard to case, so Commitment sits next to commitment."""
    name = anchor(str(node)) if ours(str(node)) else str(node)
    return name.lower(), name


def notation_order(notation: str) -> tuple[int, int]:
    """Sort key: numeric notations in their order (ordered scales), others after them."""
    return (0, int(notation)) if notation.lstrip("-").isdigit() else (1, 0)


class Page:
    """The terms of the vocabulary as one language's page shows them."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph, self.lang, self.words = graph, lang, WORDS.get(lang, WORDS["en"])

    def label(self, node: Node) -> str:
        """The node's name in the page language, for link texts and titles."""
        return str(text_in(self.graph, node, NAMES, self.lang) or "")

    def link(self, node: Node) -> Link:
        """Our terms link to their anchor; others to their IRI, named by their prefixed name."""
        iri = str(node)
        if isinstance(node, Literal):
            return Link(iri, "")
        if ours(iri):
            return Link(self.label(node) or prefixed(iri), f"#{anchor(iri)}", prefixed(iri))
        return Link(prefixed(iri), iri, self.label(node))

    def facts(self, node: Node, rows: Sequence[tuple[str, URIRef]]) -> list[tuple[str, list]]:
        """The node's references under the page's words, then those it makes with our terms."""
        rows = [(self.words[word], predicate) for word, predicate in rows]
        own = sorted({p for p in self.graph.predicates(node) if ours(str(p))}, key=by_local_name)
        rows += [(self.label(p) or prefixed(str(p)), p) for p in own]
        found = []
        for word, predicate in rows:
            values = sorted(self.graph.objects(node, predicate), key=by_local_name)
            if values:
                found.append((word, [self.link(v) for v in values]))
        return found

    def term(self, node: Node, rows: Sequence[tuple[str, URIRef]] = ()) -> Term:
        """One term; rdfs:comment is the definition only when there is no skos:definition."""
        definition = text_in(self.graph, node, (SKOS.definition,), self.lang)
        note = text_in(self.graph, node, (RDFS.comment,), self.lang)
        return Term(
            anchor=anchor(str(node)),
            iri=str(node),
            label=text_in(self.graph, node, NAMES, self.lang),
            definition=definition or note,
            note=note if definition else None,
            notation=" ".join(sorted(map(str, self.graph.objects(node, SKOS.notation)))),
            facts=self.facts(node, rows),
        )

    def of_types(self, types: Sequence[URIRef]) -> list[Node]:
        """Our terms of any of the types, sorted by local name."""
        nodes = {s for t in types for s in self.graph.subjects(RDF.type, t) if ours(str(s))}
        return sorted(nodes, key=by_local_name)

    def classes(self) -> list[Term]:
        """Every class of ours."""
        return [self.term(node, CLASS_ROWS) for node in self.of_types(CLASSES)]

    def properties(self) -> list[Term]:
        """Every property of ours, whichever of RDF's or OWL's property types it declares."""
        return [self.term(node, PROPERTY_ROWS) for node in self.of_types(PROPERTIES)]

    def schemes(self) -> list[Term]:
        """Every concept scheme with its concepts; ordered scales in the order of notation."""
        schemes = []
        for node in self.of_types((SKOS.ConceptScheme,)):
            scheme = self.term(node)
            concepts = [
                self.term(c, CONCEPT_ROWS) for c in self.graph.subjects(SKOS.inScheme, node)
            ]
            concepts.sort(key=lambda c: by_local_name(URIRef(c.iri)))
            concepts.sort(key=lambda c: notation_order(c.notation))
            scheme.members = concepts
            schemes.append(scheme)
        return schemes


def render_vocabulary_page(graph: Graph, lang: str, languages: Sequence[str] = LANGUAGES) -> str:
    """One language's page, linking to the pages of the other languages."""
    page = Page(graph, lang)
    return (
        templates()
        .get_template("vocab.html")
        .render(
            lang=lang,
            words=page.words,
            title=text_in(graph, ONTOLOGY, (DCTERMS.title, RDFS.label), lang),
            description=text_in(graph, ONTOLOGY, (DCTERMS.description, RDFS.comment), lang),
            iri=str(ONTOLOGY),
            namespace=str(OGP),
            version=graph.value(ONTOLOGY, OWL.versionInfo),
            license=graph.value(ONTOLOGY, DCTERMS.license),
            classes=page.classes(),
            properties=page.properties(),
            schemes=page.schemes(),
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
        )
    )


def write_vocabulary_docs(out: Path, languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Write <lang>.html for each language, and index.html for visitors who pick none.

    index.html is a copy of the English page (of the first language if English is not among
    them) rather than a chooser: a link to the folder lands on the documentation itself, and
    the language links at its top work because they are relative to the same folder.
    """
    out.mkdir(parents=True, exist_ok=True)
    graph = vocabulary()
    written = []
    for lang in languages:
        path = out / f"{lang}.html"
        path.write_text(render_vocabulary_page(graph, lang, languages), encoding="utf-8")
        written.append(path)
    index = out / "index.html"
    shutil.copyfile(out / f"{'en' if 'en' in languages else languages[0]}.html", index)
    return [*written, index]
