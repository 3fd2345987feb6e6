"""Namespaces of the vocabulary and the standards it reuses, and the shared prefix map."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

OGP = Namespace("https://w3id.org/ogpld/ns#")
SCHEME = Namespace("https://w3id.org/ogpld/scheme/")
OGPSH = Namespace("https://w3id.org/ogpld/shapes#")
SCHEMA = Namespace("https://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, Namespace] = {
    "ogp": OGP,
    "scheme": SCHEME,
    "ogpsh": OGPSH,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "vann": VANN,
    "vcard": VCARD,
    "xsd": XSD,
}

# Vocabularies whose terms data and shapes may use without ogpld defining them.
STANDARD_NAMESPACES: tuple[str, ...] = tuple(
    str(ns) for name, ns in PREFIXES.items() if name not in {"ogp", "scheme", "ogpsh"}
)
