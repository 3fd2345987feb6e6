"""Evaluate shapes over a whole pyoxigraph store: a SPARQL query per constraint, not per node.

pySHACL runs a query per focus node; here a constraint's query covers every focus node of its
shape at once, so a SPARQL constraint over 30,000 milestones is one query, not 30,000 (and
sh:minCount 1 with sh:maxCount 1 on one path share one). A value test on a path of plain
predicates scans the path's triples and looks up only the subjects of failing values in the
focus, where that is cheaper than looking up each focus node's values (scanned_first).
Logical constraints (sh:node, sh:not, sh:and, sh:or, sh:xone, qualified shapes) are evaluated
as sets: the distinct value nodes are validated against the inner shape once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ogpld.engine import components, logical
from ogpld.engine import sparql as sparql_checks
from ogpld.engine.results import RawResult
from ogpld.engine.shapes import Constraint, Shape, ShapesGraph
from ogpld.engine.terms import SUBCLASS_OF, OxTerm, sparql
from ogpld.errors import ShapesError

CHUNK = 2000
MAX_DEPTH = 32
# A path's triples are scanned first, and only the rows that fail a value test are looked up
# in the focus, when the path has at most SCAN_RATIO triples per focus node: on disk at 10x,
# the milestones' titles took 3.5 s as 303,600 lookups and 0.9 s as a scan of all 784,760
# titles (11.5 against 1.1 us a row). Below SCAN_MIN_TRIPLES either way is quick.
SCAN_RATIO = 4
SCAN_MIN_TRIPLES = 10_000
WORKERS = min(4, os.cpu_count() or 1)
CHECKS = {**components.CHECKS, **logical.CHECKS}


@dataclass
class Evaluator:
    """Validates a store against a shapes graph."""

    store: ox.Store
    shapes: ShapesGraph
    _failing_cache: dict[tuple[Node, frozenset[OxTerm]], frozenset[OxTerm]] = field(
        default_factory=dict
    )
    _subclasses: dict[str, list[str]] = field(default_factory=dict)
    _subjects_of: dict[str, frozenset[str]] = field(default_factory=dict)
    _members: dict[str, str] = field(default_factory=dict)
    _counts: dict[tuple[str, int | None], int] = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local)

    def run(self, workers: int = WORKERS) -> list[RawResult]:
        """Every result of every targeted shape, in parallel (queries free the GIL).

        A shape's own constraints and each of its property shapes are separate tasks, so that
        one large shape (the milestones') does not leave the other threads idle at the end.
        """
        tasks = []
        for shape in self.shapes.targeted():
            if shape.targets and not shape.deactivated:
                focus = self.target_pattern(shape)
                tasks.append(partial(self.own_results, shape, focus))
                tasks += [partial(self.validate, *part) for part in self.parts(shape, focus)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return [
                result for results in pool.map(lambda task: task(), tasks) for result in results
            ]

    def target_pattern(self, shape: Shape) -> str:
        """A pattern binding ?this to each focus node of a shape once."""
        parts = []
        for kind, value in shape.targets:
            term = sparql(value)
            if kind == SH.targetClass:
                classes = self.subclasses(term)
                if len(classes) == 1:
                    parts.append(f"?this a {term} .")
                else:
                    parts.append(f"VALUES ?_class {{ {' '.join(classes)} }} ?this a ?_class .")
            elif kind == SH.targetNode:
                parts.append(f"VALUES ?this {{ {term} }}")
            elif kind == SH.targetSubjectsOf:
                parts.append(f"?this {term} ?_target .")
            else:
                parts.append(f"?_target {term} ?this .")
        union = " UNION ".join(f"{{ {part} }}" for part in parts)
        if len(parts) == 1 and parts[0].startswith("?this a "):
            pattern = parts[0]
        else:
            pattern = f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"
        self._subjects_of[pattern] = frozenset(
            str(value) for kind, value in shape.targets if kind == SH.targetSubjectsOf
        )
        if not any(kind == SH.targetNode for kind, _ in shape.targets):
            self._members[pattern] = union
        return pattern

    def subclasses(self, term: str) -> list[str]:
        """A class and its subclasses in the data, found once: cheaper than a path per query."""
        if term not in self._subclasses:
            rows = self.select(f"SELECT DISTINCT ?c WHERE {{ ?c <{SUBCLASS_OF}>* {term} }}")
            self._subclasses[term] = sorted({term, *(str(row["c"]) for row in rows)})
        return self._subclasses[term]

    def instances_exceed(self, classes: list[str], limit: int) -> bool:
        """Whether the classes have more than limit rdf:type triples in all (counted once)."""
        return self.count(f"VALUES ?_c {{ {' '.join(classes)} }} ?_x a ?_c", limit + 1) > limit

    def count(self, pattern: str, limit: int | None = None) -> int:
        """The solutions of a pattern, counted up to limit, once per evaluation."""
        key = (pattern, limit)
        if key not in self._counts:
            bounded = f" LIMIT {limit}" if limit is not None else ""
            rows = self.select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {pattern} }}{bounded} }}"
            )
            self._counts[key] = int(rows[0]["n"].value)
        return self._counts[key]

    def scanned_first(self, shape: Shape, focus: str) -> str | None:
        """A test that a bound ?this is a focus node, when the path's triples are worth scanning.

        Then a value test reads the path's triples in one scan and looks up only the subjects
        of those that fail it, instead of looking up every focus node's values: on disk the
        lookups grow faster than the data (see docs/benchmarks.md). None when the path is not
        predicates, the focus is not made of targets, or the triples outnumber the focus nodes
        more than SCAN_RATIO times.
        """
        members = self._members.get(focus)
        predicates = self._predicates(shape.path)
        if members is None or not predicates or self.all_subjects_are_focus(shape, focus):
            return None
        triples = self.count(self.scan(shape, "?_subject", "?_value"))
        if triples < SCAN_MIN_TRIPLES:
            return None
        enough = -(-triples // SCAN_RATIO)
        return members if self.count(focus, enough) >= enough else None

    def select_values(
        self, variables: str, where: str, members: str | None, distinct: bool = True
    ) -> str:
        """A query over values_pattern()'s rows, kept for focus nodes when they were scanned."""
        if members is not None:
            return self.focus_kept(variables, where, members)
        return f"SELECT {'DISTINCT ' if distinct else ''}{variables} WHERE {{ {where} }}"

    @staticmethod
    def focus_kept(variables: str, where: str, members: str) -> str:
        """A query whose rows are kept only where ?this passes the focus test (one lookup each)."""
        return (
            f"SELECT DISTINCT {variables} WHERE {{ {{ SELECT {variables} WHERE {{ {where} }} }} "
            f"OPTIONAL {{ {members} BIND(true AS ?_is_focus) }} FILTER(BOUND(?_is_focus)) }}"
        )

    @staticmethod
    def lists_focus_nodes(focus: str) -> bool:
        """Whether a focus pattern lists its nodes (a few, such as those failing() checks)."""
        return "VALUES ?this " in focus

    def path(self, node: Node) -> str:
        """A SHACL path as a SPARQL property path."""
        graph = self.shapes.graph
        if isinstance(node, URIRef):
            return f"<{node}>"
        for kind, operator in ((SH.inversePath, "^"),):
            inner = graph.value(node, kind)
            if inner is not None:
                return f"{operator}({self.path(inner)})"
        for kind, suffix in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = graph.value(node, kind)
            if inner is not None:
                return f"({self.path(inner)}){suffix}"
        alternatives = graph.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.shapes.items(alternatives)) + ")"
        return "(" + "/".join(self.path(p) for p in self.shapes.items(node)) + ")"

    def values_pattern(
        self, shape: Shape, focus: str, value: str = "?value", scanned: str | None = None
    ) -> str:
        """Focus nodes and their values; with scanned_first()'s test, every subject's instead."""
        if shape.path is None:
            return f"{focus} BIND(?this AS {value})"
        if scanned is not None or self.all_subjects_are_focus(shape, focus):
            return self.scan(shape, "?this", value)
        return f"{focus} ?this {self.path(shape.path)} {value} ."

    def all_subjects_are_focus(self, shape: Shape, focus: str) -> bool:
        """Whether every subject of the shape's path is a focus node, so the focus needs no join.

        True where the targets include sh:targetSubjectsOf each predicate of the path (such as
        a shape on the language of every text property): the values are then one scan of the
        path's triples, where the join held every focus node (356 MB at 100x) and looked up
        each one's values (512 s).
        """
        predicates = self._predicates(shape.path)
        return bool(predicates) and predicates <= self.subjects_targeted(focus)

    def subjects_targeted(self, focus: str) -> frozenset[str]:
        """The predicates whose subjects are all focus nodes (sh:targetSubjectsOf)."""
        return self._subjects_of.get(focus, frozenset())

    def scan(self, shape: Shape, subject: str, value: str) -> str:
        """The path's triples as a UNION: an alternative path with both ends open is 4x slower."""
        triples = (f"{{ {subject} <{p}> {value} }}" for p in sorted(self._predicates(shape.path)))
        return " UNION ".join(triples)

    def _predicates(self, node: Node | None) -> frozenset[str]:
        """The predicates of a path that is one predicate or alternatives of them, else none."""
        if isinstance(node, URIRef):
            return frozenset({str(node)})
        alternatives = self.shapes.graph.value(node, SH.alternativePath) if node else None
        if alternatives is None:
            return frozenset()
        steps = [self._predicates(step) for step in self.shapes.items(alternatives)]
        return frozenset().union(*steps) if all(steps) else frozenset()

    def ask(self, query: str) -> bool:
        try:
            return bool(self.store.query(query, use_default_graph_as_union=True))
        except SyntaxError as error:
            raise ShapesError(f"a SPARQL query of the shapes does not parse: {error}") from None

    def value_nodes_as_focus(self, shape: Shape, focus: str) -> str:
        """A pattern binding ?this to a shape's value nodes (a node shape's: its focus nodes)."""
        if shape.path is None:
            return focus
        if self.all_subjects_are_focus(shape, focus):
            values = self.scan(shape, "?_focus", "?_value")
        else:
            outer = f"{{ SELECT (?this AS ?_focus) WHERE {{ {focus} }} }}"
            values = f"{outer} ?_focus {self.path(shape.path)} ?_value ."
        return f"{{ SELECT DISTINCT (?_value AS ?this) WHERE {{ {values} }} }}"

    def select(self, query: str) -> list[ox.QuerySolution]:
        try:
            return list(self.store.query(query, use_default_graph_as_union=True))
        except SyntaxError as error:
            raise ShapesError(f"a SPARQL query of the shapes does not parse: {error}") from None

    def distinct_values(self, shape: Shape, focus: str) -> set[OxTerm]:
        """The distinct value nodes of a shape over all its focus nodes, to check and then pair.

        Where the path is worth scanning first, the values of every subject: a superset, which
        pairs_with() then narrows to the focus nodes.
        """
        if self.scanned_first(shape, focus) is None:
            pattern = self.values_pattern(shape, focus)
        else:
            pattern = self.scan(shape, "?_subject", "?value")
        query = f"SELECT DISTINCT ?value WHERE {{ {pattern} }}"
        return {row["value"] for row in self.select(query)}

    def pairs_with(self, shape: Shape, focus: str, values: Iterable[OxTerm]) -> list[tuple]:
        """The (focus, value) pairs whose value is one of the given nodes."""
        found: list[tuple[OxTerm, OxTerm]] = []
        ordered = sorted(values, key=str)
        for start in range(0, len(ordered), CHUNK):
            chunk = " ".join(str(v) for v in ordered[start : start + CHUNK])
            found += self.pairs(shape, focus, f"VALUES ?value {{ {chunk} }}")
        return found

    def pairs(self, shape: Shape, focus: str, condition: str = "") -> list[tuple[OxTerm, OxTerm]]:
        """The (focus, value) pairs that meet a condition on ?value."""
        members = self.scanned_first(shape, focus)
        where = f"{self.values_pattern(shape, focus, scanned=members)} {condition}"
        query = self.select_values("?this ?value", where, members, distinct=False)
        return [(row["this"], row["value"]) for row in self.select(query)]

    def validate(self, shape: Shape, focus: str) -> list[RawResult]:
        """Results of one shape for the focus nodes that the pattern binds to ?this."""
        results = self.own_results(shape, focus)
        for prop, values in self.parts(shape, focus):
            results.extend(self.validate(prop, values))
        return results

    def own_results(self, shape: Shape, focus: str) -> list[RawResult]:
        """Results of a shape's own constraints, without those of its property shapes."""
        results: list[RawResult] = []
        for constraint in shape.constraints:
            results.extend(self.check(shape, constraint, focus))
        for sparql_constraint in shape.sparql:
            results.extend(sparql_checks.check_sparql(self, shape, sparql_constraint, focus))
        for component, bindings in shape.components:
            results.extend(sparql_checks.check_component(self, shape, component, bindings, focus))
        return results

    def parts(self, shape: Shape, focus: str) -> list[tuple[Shape, str]]:
        """A shape's active property shapes, each with the pattern of its focus nodes."""
        props = [self.shapes.shape(node) for node in shape.properties]
        return [(p, self.value_nodes_as_focus(shape, focus)) for p in props if not p.deactivated]

    def result(
        self,
        shape: Shape,
        constraint: Constraint,
        focus: OxTerm,
        value: OxTerm | None = None,
        component: URIRef | None = None,
    ) -> RawResult:
        return RawResult(
            focus=focus,
            shape=shape,
            component=component or constraint.iri,
            value=value,
            path=shape.path,
            messages=shape.messages,
        )

    def check(self, shape: Shape, constraint: Constraint, focus: str) -> list[RawResult]:
        handler = CHECKS[constraint.component]
        return handler(self, shape, constraint, focus)

    def failing(self, shape_node: Node, nodes: Iterable[OxTerm]) -> frozenset[OxTerm]:
        """The nodes, among those given, that do not conform to a shape."""
        nodes = frozenset(nodes)
        key = (shape_node, nodes)
        if key in self._failing_cache:
            return self._failing_cache[key]
        depth = getattr(self._local, "depth", 0)
        if depth >= MAX_DEPTH or not nodes:
            return frozenset()
        shape = self.shapes.shape(shape_node)
        failed: set[OxTerm] = set()
        self._local.depth = depth + 1
        try:
            ordered = sorted(nodes, key=str)
            for start in range(0, len(ordered), CHUNK):
                chunk = " ".join(str(n) for n in ordered[start : start + CHUNK])
                focus = f"{{ VALUES ?this {{ {chunk} }} }}"
                failed |= (
                    {r.focus for r in self.validate(shape, focus)}
                    if not shape.deactivated
                    else set()
                )
        finally:
            self._local.depth = depth
        self._failing_cache[key] = frozenset(failed)
        return self._failing_cache[key]
