"""SHACL-SPARQL: SPARQL constraints and SPARQL-based constraint components.

A constraint's query is run once with the focus nodes joined into its outermost group, or
alone where its solutions can only bind ?this to focus nodes (prebinding.py). Where joining
would differ from SHACL's pre-binding (?this used in a nested group only inside expressions),
it is run once per focus node with ?this written into the query instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ogpld.engine.prebinding import subjects_of_this
from ogpld.engine.results import RawResult
from ogpld.engine.shapes import Component, Shape, SparqlConstraint
from ogpld.engine.terms import OxTerm, sparql
from ogpld.errors import ShapesError

if TYPE_CHECKING:
    from ogpld.engine.evaluator import Evaluator

# A query is read (prebinding.py) to drop the focus join only for this many focus nodes: the
# first reading takes 0.15 s with rdflib's parser, about what 50,000 lookups take on disk.
READ_MIN_FOCUS = 50_000


def check_sparql(
    ev: Evaluator, shape: Shape, constraint: SparqlConstraint, focus: str
) -> list[RawResult]:
    """Results of one SPARQL constraint for all focus nodes."""
    query = Query(constraint.select, constraint.prefixes, {}, SH.SPARQLConstraintComponent)
    return select_results(ev, shape, query, focus, constraint.node, constraint.messages)


def check_component(
    ev: Evaluator, shape: Shape, component: Component, bindings: dict[str, Node], focus: str
) -> list[RawResult]:
    """Results of a SPARQL-based constraint component, with the shape's parameter values."""
    graph = ev.shapes.graph
    validator = component.validator(shape.path is not None)
    prefixes = ev.shapes.prefixes(validator)
    messages = (
        tuple(graph.objects(validator, SH.message))
        or tuple(graph.objects(component.node, SH.message))
        or shape.messages
    )
    select = graph.value(validator, SH.select)
    if select is not None:
        query = Query(str(select), prefixes, bindings, component.node)
        return select_results(ev, shape, query, focus, None, messages)
    ask_text = str(graph.value(validator, SH.ask))
    check_prebinding(ask_text)
    ask = _substitute(ask_text, _terms(bindings))
    results = []
    for this, value in ev.pairs(shape, focus):
        query = _substitute(ask, {"this": sparql(this), "value": sparql(value)})
        if shape.path is not None:
            query = query.replace("$PATH", ev.path(shape.path))
        query = re.sub(r"[$]([A-Za-z_]\w*)", r"?\1", query)
        if not ev.ask(f"{prefixes}\n{query}"):
            results.append(
                RawResult(this, shape, component.node, value, shape.path, None, messages)
            )
    return results


@dataclass(frozen=True)
class Query:
    """A SELECT validator or constraint with its prefixes, parameter values and component."""

    select: str
    prefixes: str
    bindings: dict[str, Node]
    component: Node


def _terms(bindings: dict[str, Node]) -> dict[str, str]:
    return {name: sparql(value) for name, value in bindings.items()}


def select_results(
    ev: Evaluator,
    shape: Shape,
    query: Query,
    focus: str,
    constraint: Node | None,
    messages: tuple[Literal, ...],
) -> list[RawResult]:
    """Rows of a SELECT query as results: ?value and ?path where bound, else the focus node."""
    check_prebinding(query.select)
    text = _substitute(query.select, _terms(query.bindings))
    if isinstance(shape.node, URIRef):
        text = text.replace("$currentShape", sparql(shape.node))
    if shape.path is not None:
        text = text.replace("$PATH", ev.path(shape.path))
    text = re.sub(r"\$(\w+)", r"?\1", text)
    if _needs_substitution(text):
        rows = [
            (row["this"], found)
            for row in ev.select(f"SELECT ?this WHERE {{ {focus} }}")
            for found in ev.select(
                f"{query.prefixes}\n{_substitute(text, {'this': sparql(row['this'])})}"
            )
        ]
    else:
        if not _focus_implied(ev, f"{query.prefixes}\n{text}", focus):
            text = _inject(text, focus)
        rows = [(row["this"], row) for row in ev.select(f"{query.prefixes}\n{text}")]
    results = []
    for this, row in rows:
        path = _binding(row, "path")
        results.append(
            RawResult(
                focus=this,
                shape=shape,
                component=query.component,
                value=_binding(row, "value") or this,
                path=URIRef(path.value) if path is not None else shape.path,
                constraint=constraint,
                messages=tuple(_fill(m, row) for m in messages),
            )
        )
    return results


def _focus_implied(ev: Evaluator, query: str, focus: str) -> bool:
    """Whether the query binds ?this only to focus nodes, so the focus need not be joined in."""
    targeted = ev.subjects_targeted(focus)
    if not targeted or ev.count(focus, READ_MIN_FOCUS) < READ_MIN_FOCUS:
        return False
    return not targeted.isdisjoint(subjects_of_this(query))


def _substitute(query: str, values: dict[str, str]) -> str:
    """Pre-bind variables ($name and ?name alike) by writing their values into the query text.

    A pre-bound variable cannot be projected, so it is first dropped from every SELECT clause.
    """
    names = "|".join(re.escape(name) for name in values)
    if names:
        query = re.sub(
            r"(SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)(.*?)(\s*(?:WHERE\s*)?\{)",
            lambda m: (
                m.group(1)
                + (re.sub(rf"[?$]({names})\b", "", m.group(2)).strip() or "*")
                + m.group(3)
            ),
            query,
            flags=re.I | re.S,
        )
    for name, term in values.items():
        query = re.sub(rf"\bbound\s*\(\s*[?$]{name}\s*\)", "(true)", query, flags=re.I)
        query = re.sub(rf"[?$]{name}\b", term.replace("\\", "\\\\"), query)
    return query


def _inject(query: str, focus: str) -> str:
    """Join the focus pattern into the query's outermost group, projecting ?this."""
    opening = query.index("{")
    if "?this" not in query[:opening] and "*" not in query[:opening]:
        query = re.sub(
            r"SELECT(\s+DISTINCT|\s+REDUCED)?",
            lambda m: m.group(0) + " ?this",
            query,
            count=1,
            flags=re.I,
        )
        opening = query.index("{")
    return f"{query[: opening + 1]} {focus} {query[opening + 1 :]}"


_FORBIDDEN = {
    r"\bMINUS\b": "MINUS",
    r"\bVALUES\b": "VALUES",
    r"\bSERVICE\b": "SERVICE",
    r"\bAS\s+[?$]this\b": "a binding of $this",
}


def check_prebinding(query: str) -> None:
    """Refuse what SHACL's pre-binding forbids (SHACL 5.3.1.1), SERVICE among it."""
    code = re.sub(
        r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*',
        " ",
        query,
    )
    for pattern, name in _FORBIDDEN.items():
        if re.search(pattern, code, flags=re.I):
            raise ShapesError(
                f"a SPARQL constraint uses {name}, not allowed with a pre-bound $this"
            )
    for match in list(re.finditer(r"SELECT\s+(.*?)\s*(?:WHERE\s*)?\{", code, flags=re.I | re.S))[
        1:
    ]:
        projection, body = match.group(1), code[match.end() :]
        in_patterns = re.sub(r"\([^()]*\)", "", body[: _group_end(body)])
        if not (
            re.search(r"[?$]this\b", projection)
            or ("*" in projection and re.search(r"[?$]this\b", in_patterns))
        ):
            raise ShapesError("a SPARQL constraint has a subquery that does not project $this")
    if re.search(r"[?$]shapesGraph\b", code):
        raise ShapesError("a SPARQL constraint uses $shapesGraph, which ogpld does not support")


def _group_end(text: str) -> int:
    depth = 1
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
    return len(text)


def _needs_substitution(query: str) -> bool:
    """True when ?this occurs in a nested group only inside expressions.

    Joining the focus nodes into the outer group is then not the same as SHACL's pre-binding
    (a nested FILTER would see ?this unbound), so the query is run once per focus node instead.
    """
    stack: list[int] = []
    for index, char in enumerate(query):
        if char == "{":
            stack.append(index)
        elif char == "}" and stack:
            start = stack.pop()
            if not stack or re.search(r"EXISTS\s*$", query[:start], flags=re.I):
                continue
            own = re.sub(r"\{[^{}]*\}", "", query[start + 1 : index])
            own = re.sub(r"SELECT.*?WHERE", "", own, flags=re.I | re.S)
            if "?this" in own and "?this" not in re.sub(r"\([^()]*\)", "", own):
                return True
    return False


def _binding(row: ox.QuerySolution, name: str) -> OxTerm | None:
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _fill(message: Literal, row: ox.QuerySolution) -> Literal:
    def substitute(match: re.Match[str]) -> str:
        term = _binding(row, match.group(1))
        return term.value if term is not None else match.group(0)

    text = re.sub(r"\{[?$](\w+)\}", substitute, str(message))
    return Literal(text, lang=message.language)
