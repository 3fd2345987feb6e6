"""When a SPARQL constraint's query needs no focus nodes joined in: it binds ?this itself.

SHACL pre-binds $this to each focus node. For a query built only of joins, unions, filters,
binds and optional or negated parts that come after ?this is bound, that equals keeping the
query's solutions whose ?this is that node. If every solution also has ?this as the subject
of a predicate whose subjects are all focus nodes (sh:targetSubjectsOf), the query alone
finds exactly the results of every focus node, with no lookup of each.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rdflib import URIRef, Variable
from rdflib.paths import SequencePath

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue

THIS = Variable("this")
# pyparsing finds its parse actions' arities on first use, unsafely: two threads parsing at once
# left rdflib's SPARQL parser failing every later query in the process (pySHACL's too).
_PARSING = threading.Lock()
# In these, a subquery's solutions, a slice of them, a group or an outside source would
# change once ?this is written into the query: they are left to the focus join.
_OPAQUE = {"ToMultiSet", "Slice", "Graph", "AggregateJoin", "Group", "ServiceGraphPattern"}


@lru_cache(maxsize=256)
def subjects_of_this(query: str) -> frozenset[str]:
    """The predicates ?this is a subject of in every solution, where joining equals pre-binding.

    Empty when the query is not of that simple kind or rdflib cannot read it (pyoxigraph's
    parser accepts more): the focus nodes are then joined in as before.
    """
    from rdflib.plugins.sparql import prepareQuery  # its grammar takes 0.1 s to build

    try:
        with _PARSING:
            algebra = prepareQuery(query).algebra
    except Exception:  # pyparsing and rdflib raise several kinds; the focus join stays
        return frozenset()
    root = algebra.p
    while root.name in {"Distinct", "Reduced"}:
        root = root.p
    if root.name != "Project" or THIS not in root.PV:
        return frozenset()
    return _bound(root.p) or frozenset()


def _bound(node: CompValue) -> frozenset[str] | None:
    """The predicates ?this is a subject of in every solution (empty if none is known), or
    None where writing ?this into this part could give other solutions than joining it."""
    name = node.name
    if name == "BGP":
        return _bgp(node.triples)
    if not mentions_this(node):
        return frozenset()
    if name == "Join":
        left, right = _bound(node.p1), _bound(node.p2)
        return None if left is None or right is None else left | right
    if name == "Union":
        left, right = _bound(node.p1), _bound(node.p2)
        return left & right if left and right else None
    if name in {"Filter", "Extend", "OrderBy"}:
        inner = _bound(node.p)
        return inner if inner or (inner is not None and not _mentions_outside(node)) else None
    if name == "LeftJoin":
        left = _bound(node.p1)
        return left if left and _bound(node.p2) is not None else None
    if name == "Minus":
        left = _bound(node.p1)
        return left if left and not mentions_this(node.p2) else None
    return None


def _bgp(triples: list[tuple[Any, Any, Any]]) -> frozenset[str] | None:
    """A basic graph pattern's subject predicates of ?this; None if ?this is only an object."""
    subjects = set()
    for subject, predicate, _ in triples:
        if subject == THIS:
            if isinstance(predicate, SequencePath):
                predicate = predicate.args[0]
            if isinstance(predicate, URIRef):
                subjects.add(str(predicate))
    if not subjects and any(THIS in triple for triple in triples):
        return None
    return frozenset(subjects)


def _mentions_outside(node: CompValue) -> bool:
    """Whether ?this occurs in a node's own expression (not in the pattern it filters)."""
    return any(mentions_this(value) for key, value in node.items() if key not in {"p", "_vars"})


def mentions_this(value: Any) -> bool:
    """Whether ?this occurs anywhere in a part of the algebra, expressions included."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if value == THIS:
        return True
    if isinstance(value, CompValue):
        if value.name in _OPAQUE and THIS in value.get("_vars", ()):
            return True
        return any(mentions_this(v) for k, v in value.items() if k != "_vars")
    if isinstance(value, list | tuple | set | frozenset):
        return any(mentions_this(v) for v in value)
    if isinstance(value, dict):
        return any(mentions_this(k) or mentions_this(v) for k, v in value.items())
    return False
