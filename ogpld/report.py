"""The validation report as plain data, independent of the SHACL engine that produced it."""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ogpld.errors import SourceError
from ogpld.namespaces import OGP, OGPSH, PREFIXES, SCHEMA

# Documentation pages of the rules, generated from the shapes (docs/rules/); w3id.org redirects
# there as it does for the vocabulary namespace.
RULES_URL = "https://w3id.org/ogpld/rules/"
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SCHEMA.name)
NUMBER_PROPERTIES = (OGP.commitmentNumber, OGP.planNumber, OGP.position, SKOS.notation)


class Severity(enum.IntEnum):
    """SHACL severities, ordered so that a higher value is more severe."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @classmethod
    def from_node(cls, node: Node) -> Severity:
        return {SH.Info: cls.INFO, SH.Warning: cls.WARNING}.get(node, cls.VIOLATION)

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and the line and column where its resource is described."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join(
            str(part) for part in (self.path, self.line, self.column) if part is not None
        )

    @classmethod
    def parse(cls, text: str) -> Location:
        """A location from its "file[:line[:column]]" form, as errors carry it."""
        parts, numbers = text.split(":"), []
        while len(parts) > 1 and parts[-1].isdigit() and len(numbers) < 2:
            numbers.insert(0, int(parts.pop()))
        line, column = [*numbers, None, None][:2]
        return cls(":".join(parts), line, column)


@dataclass(frozen=True)
class Result:
    """One validation result: what is wrong, where, and by which rule."""

    severity: Severity
    focus_node: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    component: Node
    source_constraint: Node | None = None
    messages: tuple[tuple[str, str], ...] = ()
    focus_label: str = ""
    location: Location | None = None

    @property
    def rule(self) -> str:
        """A short, stable name of the rule: the local name of the constraint or shape IRI."""
        node = self.source_constraint if isinstance(self.source_constraint, URIRef) else None
        node = node or self.source_shape
        if isinstance(node, URIRef):
            return re.split(r"[#/]", str(node))[-1].replace("-", "/", 1)
        return compact(self.component)

    @property
    def rule_url(self) -> str:
        """The rule's documentation page, for ogpld's own rules (else an empty string)."""
        node = self.source_constraint if isinstance(self.source_constraint, URIRef) else None
        node = node or self.source_shape
        if isinstance(node, URIRef) and str(node).startswith(str(OGPSH)):
            return RULES_URL + self.rule.replace("/", "-")
        return ""

    def message(self, lang: str = "en") -> str:
        """The rule's message in the author's language, else English, else a generated one."""
        texts = dict(self.messages)
        text = texts.get(lang) or texts.get("en") or texts.get("") or self._generated()
        return self._fill(text)

    def _fill(self, text: str) -> str:
        focus = self.focus_label or compact(self.focus_node)
        replacements = {
            "{$this}": focus,
            "{?this}": focus,
            "{$value}": compact(self.value) if self.value is not None else "",
            "{?value}": compact(self.value) if self.value is not None else "",
            "{$path}": compact(self.path) if self.path is not None else "",
        }
        for placeholder, replacement in replacements.items():
            text = text.replace(placeholder, replacement)
        return re.sub(r"[:\s]+$", "", text)

    @property
    def focus_description(self) -> str:
        """The focus node as the report names it: its label, else its compact IRI."""
        return self.focus_label or compact(self.focus_node)

    def _generated(self) -> str:
        component = compact(self.component).removeprefix("sh:").removesuffix("ConstraintComponent")
        where = f" on {compact(self.path)}" if self.path is not None else ""
        value = f" (value {compact(self.value)})" if self.value is not None else ""
        return f"{{$this}} fails the {component} constraint{where}{value}"


def compact(node: Node | None) -> str:
    """A node as a person reads it: a prefixed name, a quoted literal, or a blank-node marker."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return f'"{node}"' + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return "[]"
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and text != str(namespace):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return f"<{text}>"


def _in_language(values: list[Node], lang: str) -> str:
    literals = [value for value in values if isinstance(value, Literal)]
    for wanted in (lang, "en", None):
        for literal in literals:
            if wanted is None or literal.language == wanted:
                return str(literal)
    return ""


def node_label(graph: Graph, node: Node, lang: str = "en") -> str:
    """The best human label of a node in the data, in the author's language where there is one."""
    return _in_language([v for p in LABEL_PROPERTIES for v in graph.objects(node, p)], lang)


def describe(graph: Graph, node: Node, labels: Graph, lang: str = "en") -> str:
    """A node as a report names it: kind, number and label ("commitment 4.13 (Open budgets)")."""
    kinds = [
        _in_language(list(labels.objects(t, RDFS.label)), lang)
        for t in graph.objects(node, RDF.type)
    ]
    kind = min((k for k in kinds if k), key=len, default="")
    number = next((str(v) for p in NUMBER_PROPERTIES for v in graph.objects(node, p)), "")
    label = node_label(graph, node, lang)
    if not (number or label):
        return " ".join(part for part in (kind, compact(node)) if part)
    named = f"({label})" if label and (kind or number) else label
    return " ".join(part for part in (kind, number, named) if part)


@dataclass
class Report:
    """Every result of one validation run, plus the files that could not be read."""

    results: list[Result] = field(default_factory=list)
    source_errors: list[SourceError] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.results and not self.source_errors

    def count(self, severity: Severity) -> int:
        return sum(1 for result in self.results if result.severity == severity)

    def exit_code(self, fail_on: Severity = Severity.VIOLATION) -> int:
        """ruff's model: 2 if any file was unreadable, 1 if a result reaches fail_on, else 0."""
        if self.source_errors:
            return 2
        return 1 if any(result.severity >= fail_on for result in self.results) else 0

    def rule_counts(self) -> Counter[tuple[str, Severity]]:
        return Counter((result.rule, result.severity) for result in self.results)


def results_from_graph(results: Graph) -> list[Result]:
    """Read the top-level results of a W3C SHACL validation report graph into plain results."""
    top_level = (
        node
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for node in results.objects(report, SH.result)
    )
    return [
        Result(
            severity=Severity.from_node(results.value(node, SH.resultSeverity)),
            focus_node=results.value(node, SH.focusNode),
            path=results.value(node, SH.resultPath),
            value=results.value(node, SH.value),
            source_shape=results.value(node, SH.sourceShape),
            component=results.value(node, SH.sourceConstraintComponent),
            source_constraint=results.value(node, SH.sourceConstraint),
            messages=tuple(
                sorted(
                    {(m.language or "", str(m)) for m in results.objects(node, SH.resultMessage)}
                )
            ),
        )
        for node in top_level
    ]
