"""Logical constraint components, evaluated as sets of nodes that conform to inner shapes.

The distinct value nodes are validated against an inner shape once (Evaluator.failing), however
many focus nodes share them: 6,000 commitments with four OGP values check four values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import SH
from rdflib.term import Node

from ogpld.engine.shapes import Shape
from ogpld.engine.terms import OxTerm

if TYPE_CHECKING:
    from ogpld.engine.evaluate import Evaluator


def check_node(ev: Evaluator, shape, constraint, focus):
    inner = constraint.one("node")
    pairs = ev.pairs(shape, focus)
    failed = ev.failing(inner, {value for _, value in pairs})
    return [ev.result(shape, constraint, this, value) for this, value in pairs if value in failed]


def check_not(ev: Evaluator, shape, constraint, focus):
    inner = constraint.one("not")
    pairs = ev.pairs(shape, focus)
    failed = ev.failing(inner, {value for _, value in pairs})
    return [
        ev.result(shape, constraint, this, value) for this, value in pairs if value not in failed
    ]


def _members_conforming(
    ev: Evaluator, shape, constraint, focus, name
) -> tuple[list, dict[OxTerm, int], int]:
    members = constraint.parameters[name]
    pairs = ev.pairs(shape, focus)
    values = {value for _, value in pairs}
    conforming: Counter[OxTerm] = Counter()
    for member in members:
        failed = ev.failing(member, values)
        conforming.update(values - failed)
    return pairs, conforming, len(members)


def check_and(ev: Evaluator, shape, constraint, focus):
    pairs, conforming, total = _members_conforming(ev, shape, constraint, focus, "and")
    return [ev.result(shape, constraint, t, v) for t, v in pairs if conforming[v] < total]


def check_or(ev: Evaluator, shape, constraint, focus):
    pairs, conforming, _ = _members_conforming(ev, shape, constraint, focus, "or")
    return [ev.result(shape, constraint, t, v) for t, v in pairs if conforming[v] == 0]


def check_xone(ev: Evaluator, shape, constraint, focus):
    pairs, conforming, _ = _members_conforming(ev, shape, constraint, focus, "xone")
    return [ev.result(shape, constraint, t, v) for t, v in pairs if conforming[v] != 1]


def check_qualifiedValueShape(ev: Evaluator, shape, constraint, focus):
    inner = constraint.one("qualifiedValueShape")
    pairs = ev.pairs(shape, focus)
    values = {value for _, value in pairs}
    conforming = values - ev.failing(inner, values)
    if constraint.one("qualifiedValueShapesDisjoint") == Literal(True):
        for sibling in _sibling_qualified_shapes(ev, shape, inner):
            conforming -= values - ev.failing(sibling, values)
    counts: dict[OxTerm, int] = defaultdict(int)
    for this in ev.select(f"SELECT ?this WHERE {{ {focus} }}"):
        counts[this["this"]] += 0
    for this, value in set(pairs):
        counts[this] += value in conforming
    results = []
    low, high = constraint.one("qualifiedMinCount"), constraint.one("qualifiedMaxCount")
    for this, count in counts.items():
        if low is not None and count < int(low):
            results.append(
                ev.result(
                    shape, constraint, this, component=SH.QualifiedMinCountConstraintComponent
                )
            )
        if high is not None and count > int(high):
            results.append(
                ev.result(
                    shape, constraint, this, component=SH.QualifiedMaxCountConstraintComponent
                )
            )
    return results


def _sibling_qualified_shapes(ev: Evaluator, shape: Shape, inner: Node) -> list[Node]:
    graph = ev.shapes.graph
    siblings = []
    for parent in graph.subjects(SH.property, shape.node):
        for other in graph.objects(parent, SH.property):
            siblings += [s for s in graph.objects(other, SH.qualifiedValueShape) if s != inner]
    return siblings


CHECKS = {
    name.removeprefix("check_"): f
    for name, f in dict(globals()).items()
    if name.startswith("check_")
}
