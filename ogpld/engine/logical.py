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

from ogpld.engine.components import conforms_inline
from ogpld.engine.results import RawResult
from ogpld.engine.shapes import Shape
from ogpld.engine.terms import OxTerm

if TYPE_CHECKING:
    from ogpld.engine.evaluator import Evaluator


def _inline(ev: Evaluator, shape, constraint, focus, conforming: str) -> list[RawResult]:
    """Results where a test of conformance, written in SPARQL, says the value violates."""
    pairs = ev.pairs(shape, focus, f"FILTER(!({conforming}))")
    return [ev.result(shape, constraint, this, value) for this, value in pairs]


def _tests(ev: Evaluator, nodes: list) -> list[str] | None:
    tests = [conforms_inline(ev, ev.shapes.shape(node)) for node in nodes]
    return None if None in tests else tests


def check_node(ev: Evaluator, shape, constraint, focus):
    inline = _tests(ev, [constraint.one("node")])
    if inline:
        return _inline(ev, shape, constraint, focus, inline[0])
    values = ev.distinct_values(shape, focus)
    failed = ev.failing(constraint.one("node"), values)
    return [ev.result(shape, constraint, t, v) for t, v in ev.pairs_with(shape, focus, failed)]


def check_not(ev: Evaluator, shape, constraint, focus):
    inline = _tests(ev, [constraint.one("not")])
    if inline:
        return _inline(ev, shape, constraint, focus, f"!({inline[0]})")
    values = ev.distinct_values(shape, focus)
    conforming = values - ev.failing(constraint.one("not"), values)
    return [ev.result(shape, constraint, t, v) for t, v in ev.pairs_with(shape, focus, conforming)]


def _violating(ev: Evaluator, shape, constraint, focus, name, wrong) -> list[RawResult]:
    """Results for values whose number of conforming member shapes is wrong for the component."""
    members = constraint.parameters[name]
    values = ev.distinct_values(shape, focus)
    conforming: Counter[OxTerm] = Counter()
    for member in members:
        conforming.update(values - ev.failing(member, values))
    bad = {value for value in values if wrong(conforming[value], len(members))}
    return [ev.result(shape, constraint, t, v) for t, v in ev.pairs_with(shape, focus, bad)]


def check_and(ev: Evaluator, shape, constraint, focus):
    inline = _tests(ev, constraint.parameters["and"])
    if inline:
        return _inline(
            ev, shape, constraint, focus, " && ".join(f"({t})" for t in inline) or "true"
        )
    return _violating(ev, shape, constraint, focus, "and", lambda n, total: n < total)


def check_or(ev: Evaluator, shape, constraint, focus):
    inline = _tests(ev, constraint.parameters["or"])
    if inline:
        return _inline(
            ev, shape, constraint, focus, " || ".join(f"({t})" for t in inline) or "false"
        )
    return _violating(ev, shape, constraint, focus, "or", lambda n, total: n == 0)


def check_xone(ev: Evaluator, shape, constraint, focus):
    return _violating(ev, shape, constraint, focus, "xone", lambda n, total: n != 1)


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
