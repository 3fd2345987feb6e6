"""Shapes read from a SHACL shapes graph into plain objects the evaluator compiles to SPARQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

# Parameters that belong to one constraint component; the first names the component.
COMPONENT_PARAMETERS: dict[str, tuple[str, ...]] = {
    "class": ("class",),
    "datatype": ("datatype",),
    "nodeKind": ("nodeKind",),
    "minCount": ("minCount",),
    "maxCount": ("maxCount",),
    "minExclusive": ("minExclusive",),
    "minInclusive": ("minInclusive",),
    "maxExclusive": ("maxExclusive",),
    "maxInclusive": ("maxInclusive",),
    "minLength": ("minLength",),
    "maxLength": ("maxLength",),
    "pattern": ("pattern", "flags"),
    "languageIn": ("languageIn",),
    "uniqueLang": ("uniqueLang",),
    "equals": ("equals",),
    "disjoint": ("disjoint",),
    "lessThan": ("lessThan",),
    "lessThanOrEquals": ("lessThanOrEquals",),
    "not": ("not",),
    "and": ("and",),
    "or": ("or",),
    "xone": ("xone",),
    "node": ("node",),
    "hasValue": ("hasValue",),
    "in": ("in",),
    "closed": ("closed", "ignoredProperties"),
    "qualifiedValueShape": (
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
    ),
}
LIST_PARAMETERS = {"languageIn", "and", "or", "xone", "in", "ignoredProperties"}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass
class Constraint:
    """One constraint component applied by a shape, with its parameter values."""

    component: str
    parameters: dict[str, list[Node]]

    @property
    def iri(self) -> URIRef:
        name = (
            "SPARQL"
            if self.component == "sparql"
            else self.component[0].upper() + self.component[1:]
        )
        return SH[f"{name}ConstraintComponent"]

    def one(self, name: str) -> Node | None:
        values = self.parameters.get(name) or []
        return values[0] if values else None


@dataclass
class SparqlConstraint:
    """A SHACL-SPARQL constraint: its node, SELECT query, prefixes and messages."""

    node: Node
    select: str
    prefixes: str
    messages: tuple[Literal, ...]


@dataclass
class Component:
    """A SPARQL-based constraint component: its parameters and validators."""

    node: Node
    parameters: list[tuple[URIRef, bool]]
    validators: dict[URIRef, Node]

    def bindings(self, graph: Graph, shape: Node) -> dict[str, Node] | None:
        """Parameter values a shape gives by variable name; None if a required one is missing."""
        found: dict[str, Node] = {}
        for path, optional in self.parameters:
            value = graph.value(shape, path)
            if value is None and not optional:
                return None
            if value is not None:
                found[re.split(r"[#/]", str(path))[-1]] = value
        return found

    def validator(self, is_property: bool) -> Node | None:
        specific = SH.propertyValidator if is_property else SH.nodeValidator
        return self.validators.get(specific) or self.validators.get(SH.validator)


@dataclass
class Shape:
    """A node or property shape with everything needed to evaluate it."""

    node: Node
    path: Node | None
    severity: URIRef
    messages: tuple[Literal, ...]
    targets: list[tuple[URIRef, Node]] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    components: list[tuple[Component, dict[str, Node]]] = field(default_factory=list)
    deactivated: bool = False


class ShapesGraph:
    """All shapes of a shapes graph, read once and looked up by node."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self.components = self._components()

    def targeted(self) -> list[Shape]:
        """Shapes with targets of their own, the starting points of validation."""
        nodes = {s for p in TARGETS for s in self.graph.subjects(p, None)}
        nodes |= {
            s
            for s in self.graph.subjects(RDF.type, RDFS.Class)
            if (s, RDF.type, SH.NodeShape) in self.graph
            or (s, RDF.type, SH.PropertyShape) in self.graph
        }
        return [self.shape(node) for node in sorted(nodes, key=str)]

    def shape(self, node: Node) -> Shape:
        if node not in self._shapes:
            self._shapes[node] = self._read(node)
        return self._shapes[node]

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.graph, node))

    def _read(self, node: Node) -> Shape:
        graph = self.graph
        shape = Shape(
            node=node,
            path=graph.value(node, SH.path),
            severity=graph.value(node, SH.severity) or SH.Violation,
            messages=tuple(graph.objects(node, SH.message)),
            deactivated=graph.value(node, SH.deactivated) == Literal(True),
        )
        shape.targets = [(p, o) for p in TARGETS for o in graph.objects(node, p)]
        if (node, RDF.type, RDFS.Class) in graph:
            shape.targets.append((SH.targetClass, node))
        shape.properties = list(graph.objects(node, SH.property))
        for component, names in COMPONENT_PARAMETERS.items():
            for value in graph.objects(node, SH[names[0]]):
                parameters = {names[0]: self._values(names[0], value)}
                for extra in names[1:]:
                    extra_values = [
                        item
                        for v in graph.objects(node, SH[extra])
                        for item in self._values(extra, v)
                    ]
                    parameters[extra] = extra_values
                shape.constraints.append(Constraint(component, parameters))
        for component in self.components:
            bindings = component.bindings(graph, node)
            if bindings is not None and component.validator(shape.path is not None) is not None:
                shape.components.append((component, bindings))
        for constraint in graph.objects(node, SH.sparql):
            if graph.value(constraint, SH.deactivated) == Literal(True):
                continue
            shape.sparql.append(
                SparqlConstraint(
                    node=constraint,
                    select=str(graph.value(constraint, SH.select)),
                    prefixes=self.prefixes(constraint),
                    messages=tuple(graph.objects(constraint, SH.message)) or shape.messages,
                )
            )
        return shape

    def _components(self) -> list[Component]:
        kinds = (SH.validator, SH.nodeValidator, SH.propertyValidator)
        components = []
        for node in set(self.graph.subjects(SH.parameter, None)):
            validators = {k: v for k in kinds if (v := self.graph.value(node, k)) is not None}
            if validators:
                parameters = [
                    (
                        self.graph.value(p, SH.path),
                        self.graph.value(p, SH.optional) == Literal(True),
                    )
                    for p in self.graph.objects(node, SH.parameter)
                ]
                components.append(Component(node, parameters, validators))
        return components

    def _values(self, name: str, value: Node) -> list[Node]:
        return self.items(value) if name in LIST_PARAMETERS else [value]

    def prefixes(self, node: Node) -> str:
        """PREFIX lines declared for a query, following owl:imports within the shapes graph."""
        owners, seen, lines = list(self.graph.objects(node, SH.prefixes)), set(), {}
        while owners:
            owner = owners.pop()
            if owner in seen:
                continue
            seen.add(owner)
            owners.extend(self.graph.objects(owner, OWL.imports))
            for declaration in self.graph.objects(owner, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                lines[str(prefix)] = (
                    f"PREFIX {prefix}: <{self.graph.value(declaration, SH.namespace)}>"
                )
        return "\n".join(lines.values())
