"""Conversions between rdflib terms (shapes, reports) and pyoxigraph terms (data, queries)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

# Blank nodes of the data are stored under this IRI prefix, so that queries can name them.
SKOLEM = "urn:ogpld:genid:"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"

# Oxigraph stores literals of these datatypes by value: "14"^^xsd:nonNegativeInteger comes back
# as "14"^^xsd:integer and "4.0"^^xsd:decimal as "4". SHACL needs the exact term, so such
# literals are stored under a private datatype that keeps both, and decoded on the way out.
PRIVATE = "urn:ogpld:xsd:"
_ALWAYS_PRIVATE = {
    XSD + name
    for name in [
        "byte",
        "short",
        "int",
        "long",
        "unsignedByte",
        "unsignedShort",
        "unsignedInt",
        "unsignedLong",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "float",
        "double",
    ]
}
_CANONICAL = {
    XSD + "integer": re.compile(r"-?(0|[1-9][0-9]*)"),
    XSD + "decimal": re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?"),
    XSD + "boolean": re.compile(r"true|false"),
}


def is_blank(variable: str) -> str:
    """A SPARQL test for a blank node of the data, which the store holds as a skolem IRI."""
    return f'(isBlank({variable}) || (isIRI({variable}) && STRSTARTS(STR({variable}), "{SKOLEM}")))'


def is_iri(variable: str) -> str:
    """A SPARQL test for an IRI of the data, skolem IRIs excepted."""
    return f'(isIRI({variable}) && !STRSTARTS(STR({variable}), "{SKOLEM}"))'


def to_rdflib(term: OxTerm) -> Node:
    """A pyoxigraph term as the rdflib term the report model uses."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(SKOLEM):
            return BNode(term.value.removeprefix(SKOLEM))
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    if datatype.startswith(PRIVATE):
        datatype = XSD + datatype.removeprefix(PRIVATE)
    return Literal(term.value, datatype=URIRef(datatype), normalize=False)


def to_oxigraph(node: Node) -> OxTerm:
    """An rdflib term as pyoxigraph's equivalent; blank nodes become skolem IRIs."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.NamedNode(SKOLEM + str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return encode(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def sparql(node: Node | OxTerm) -> str:
    """A term written in SPARQL syntax."""
    term = node if isinstance(node, ox.NamedNode | ox.BlankNode | ox.Literal) else to_oxigraph(node)
    if isinstance(term, ox.BlankNode):
        term = ox.NamedNode(SKOLEM + term.value)
    return str(term)


def encode(literal: ox.Literal) -> ox.Literal:
    """A literal as the engine stores it: under the private datatype if Oxigraph would alter it."""
    datatype = literal.datatype.value
    canonical = _CANONICAL.get(datatype)
    if datatype in _ALWAYS_PRIVATE or (canonical and not canonical.fullmatch(literal.value)):
        return ox.Literal(
            literal.value, datatype=ox.NamedNode(PRIVATE + datatype.removeprefix(XSD))
        )
    return literal


def numeric(expression: str) -> str:
    """A SPARQL expression for the value of a possibly privately typed literal, for comparisons."""
    return (
        f'IF(STRSTARTS(STR(DATATYPE({expression})), "{PRIVATE}"), '
        f"STRDT(STR({expression}), "
        f'IRI(REPLACE(STR(DATATYPE({expression})), "{PRIVATE}", "{XSD}"))), '
        f"{expression})"
    )


def datatype_is(expression: str, datatype: str) -> str:
    """A SPARQL test that a literal has a datatype, whether stored plainly or privately."""
    test = f"DATATYPE({expression}) = <{datatype}>"
    if datatype.startswith(XSD):
        test = f"({test} || DATATYPE({expression}) = <{PRIVATE}{datatype.removeprefix(XSD)}>)"
    return test


def skolemize(quad: ox.Quad) -> ox.Quad:
    """A quad ready for the engine's store: blank nodes as skolem IRIs, literals exact."""
    subject, obj = quad.subject, quad.object
    if isinstance(obj, ox.Literal) and obj.datatype.value.startswith(XSD):
        obj = encode(obj)
    elif not isinstance(subject, ox.BlankNode) and not isinstance(obj, ox.BlankNode):
        return quad
    if isinstance(subject, ox.BlankNode):
        subject = ox.NamedNode(SKOLEM + subject.value)
    if isinstance(obj, ox.BlankNode):
        obj = ox.NamedNode(SKOLEM + obj.value)
    return ox.Quad(subject, quad.predicate, obj, quad.graph_name)


def _restored(term: OxTerm) -> OxTerm:
    if isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM):
        return ox.BlankNode(term.value.removeprefix(SKOLEM))
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(PRIVATE):
        return ox.Literal(
            term.value, datatype=ox.NamedNode(XSD + term.datatype.value.removeprefix(PRIVATE))
        )
    return term


def restore(quad: ox.Quad) -> ox.Quad:
    """The inverse of skolemize: a quad of the engine's store as it was written."""
    subject, obj = _restored(quad.subject), _restored(quad.object)
    if subject is quad.subject and obj is quad.object:
        return quad
    return ox.Quad(subject, quad.predicate, obj, quad.graph_name)
