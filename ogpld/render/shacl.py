"""The W3C SHACL validation report, in Turtle, for tools that read SHACL reports."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from ogpld.report import Report, Severity

SEVERITIES = {
    Severity.VIOLATION: SH.Violation,
    Severity.WARNING: SH.Warning,
    Severity.INFO: SH.Info,
}


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """An sh:ValidationReport with one sh:ValidationResult per result, messages in all languages."""
    graph = Graph()
    graph.bind("sh", SH)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(not report.results, datatype=XSD.boolean)))
    for result in report.results:
        entry = BNode()
        graph.add((node, SH.result, entry))
        graph.add((entry, RDF.type, SH.ValidationResult))
        graph.add((entry, SH.focusNode, result.focus_node))
        graph.add((entry, SH.resultSeverity, SEVERITIES[result.severity]))
        graph.add((entry, SH.sourceShape, result.source_shape))
        graph.add((entry, SH.sourceConstraintComponent, result.component))
        # A path expression is a structure in the shapes graph; only a plain predicate is copied.
        if isinstance(result.path, URIRef):
            graph.add((entry, SH.resultPath, result.path))
        if result.value is not None:
            graph.add((entry, SH.value, result.value))
        if result.source_constraint is not None:
            graph.add((entry, SH.sourceConstraint, result.source_constraint))
        for language, text in result.messages or (("", result.message(lang)),):
            graph.add((entry, SH.resultMessage, Literal(text, lang=language or None)))
    return graph.serialize(format="turtle")
