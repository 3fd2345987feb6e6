"""Core constraint components on values and counts, each compiled to one SPARQL query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ogpld.engine.results import RawResult
from ogpld.engine.shapes import Constraint, Shape
from ogpld.engine.terms import OxTerm, datatype_is, is_blank, is_iri, numeric, sparql

if TYPE_CHECKING:
    from ogpld.engine.evaluator import Evaluator

_BLANK, _IRI = is_blank("?value"), is_iri("?value")
_NODE_KINDS = {
    SH.IRI: _IRI,
    SH.BlankNode: _BLANK,
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "isIRI(?value)",
    SH.BlankNodeOrLiteral: f"({_BLANK} || isLiteral(?value))",
    SH.IRIOrLiteral: f"({_IRI} || isLiteral(?value))",
}
_COMPARISONS = {
    "minExclusive": ">",
    "minInclusive": ">=",
    "maxExclusive": "<",
    "maxInclusive": "<=",
}
# Lexical forms of datatypes SPARQL cannot cast, so ill-formed literals are found all the same.
_LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^(\+?[0-9]+|-0+)$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.nonPositiveInteger: r"^(-[0-9]+|\+?0+)$",
    XSD.negativeInteger: r"^-0*[1-9][0-9]*$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.dateTime: (
        r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        r"T([01][0-9]|2[0-4]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
    ),
    XSD.time: r"^([01][0-9]|2[0-4]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gMonthDay: r"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.int: r"^[+-]?[0-9]+$",
    XSD.long: r"^[+-]?[0-9]+$",
    XSD.short: r"^[+-]?[0-9]+$",
    XSD.byte: r"^[+-]?[0-9]+$",
}
# The most instances of a class (with its subclasses) that a sh:class query holds in memory:
# about 340 bytes each (250 MB), in each of the queries the evaluator's threads run at once.
ANTI_JOIN_INSTANCES = 750_000
_INT_RANGES = {XSD.int: 2**31, XSD.long: 2**63, XSD.short: 2**15, XSD.byte: 2**7}


def _value_filter(
    ev: Evaluator, shape: Shape, constraint: Constraint, focus: str, condition: str
) -> list[RawResult]:
    return [
        ev.result(shape, constraint, this, value)
        for this, value in ev.pairs(shape, focus, condition)
    ]


def check_class(ev: Evaluator, shape, constraint, focus):
    results = []
    for cls in constraint.parameters["class"]:
        classes = ev.subclasses(sparql(cls))
        instance = f"VALUES ?_class_of_value {{ {' '.join(classes)} }} ?value a ?_class_of_value"
        # An anti-join reads the instances once into a hash table: 3.6 to 4.9 times faster than
        # a lookup per value at 100x on disk, but wasted on a few listed nodes, and bounded.
        if ev.lists_focus_nodes(focus) or ev.instances_exceed(classes, ANTI_JOIN_INSTANCES):
            condition = f"FILTER NOT EXISTS {{ {instance} }}"
        else:
            condition = f"MINUS {{ {instance} }}"
        results += _value_filter(ev, shape, constraint, focus, condition)
    return results


def check_datatype(ev: Evaluator, shape, constraint, focus):
    datatype = constraint.one("datatype")
    ok = _datatype_test(datatype)
    results = _value_filter(ev, shape, constraint, focus, f"FILTER(!COALESCE({ok}, false))")
    if datatype in _INT_RANGES:
        limit = _INT_RANGES[datatype]
        for this, value in ev.pairs(shape, focus, f"FILTER(COALESCE({ok}, false))"):
            if not -limit <= int(value.value) < limit:
                results.append(ev.result(shape, constraint, this, value))
    return results


def check_nodeKind(ev: Evaluator, shape, constraint, focus):
    return _value_filter(
        ev, shape, constraint, focus, f"FILTER(!{_NODE_KINDS[constraint.one('nodeKind')]})"
    )


def _compare(ev: Evaluator, shape, constraint, focus):
    operator = _COMPARISONS[constraint.component]
    bound = sparql(constraint.one(constraint.component))
    test = f"{numeric('?value')} {operator} {numeric(bound)}"
    return _value_filter(ev, shape, constraint, focus, f"FILTER(!COALESCE({test}, false))")


_check_minExclusive = _check_minInclusive = _check_maxExclusive = _check_maxInclusive = _compare


_LENGTHS = {"minLength": ">=", "maxLength": "<="}


def _length(ev: Evaluator, shape, constraint, focus):
    bound = f"{_LENGTHS[constraint.component]} {int(constraint.one(constraint.component))}"
    condition = f"FILTER({_BLANK} || !COALESCE(STRLEN(STR(?value)) {bound}, false))"
    return _value_filter(ev, shape, constraint, focus, condition)


check_minLength = check_maxLength = _length


def check_pattern(ev: Evaluator, shape, constraint, focus):
    regex = sparql(Literal(str(constraint.one("pattern"))))
    flags = constraint.one("flags")
    arguments = f"STR(?value), {regex}" + (f", {sparql(Literal(str(flags)))}" if flags else "")
    return _value_filter(
        ev, shape, constraint, focus, f"FILTER({_BLANK} || !COALESCE(REGEX({arguments}), false))"
    )


def _datatype_test(datatype: Node) -> str:
    """?value is a well-formed literal of the datatype (lexical form checked where SPARQL can)."""
    test = f"isLiteral(?value) && {datatype_is('?value', str(datatype))}"
    pattern = _LEXICAL.get(datatype)
    return test + (f" && REGEX(STR(?value), {sparql(Literal(pattern))})" if pattern else "")


def conforms_inline(ev: Evaluator, shape: Shape) -> str | None:
    """A SPARQL test that ?value conforms to a shape made only of simple value tests, else None.

    Logical constraints over such shapes (sh:not [ sh:languageIn ... ], sh:or of datatypes)
    then need one FILTER instead of validating every distinct value node separately.
    """
    if shape.deactivated:
        return "true"
    if shape.path is not None or shape.properties or shape.sparql or shape.components:
        return None
    tests = []
    for constraint in shape.constraints:
        if constraint.component == "languageIn":
            tags = constraint.parameters["languageIn"]
            tests.append(
                " || ".join(f"LANGMATCHES(LANG(?value), {sparql(Literal(str(t)))})" for t in tags)
                or "false"
            )
        elif constraint.component == "datatype" and constraint.one("datatype") not in _INT_RANGES:
            tests.append(_datatype_test(constraint.one("datatype")))
        elif constraint.component == "nodeKind":
            tests.append(_NODE_KINDS[constraint.one("nodeKind")])
        else:
            return None
    return " && ".join(f"COALESCE({t}, false)" for t in tests) if tests else None


def check_languageIn(ev: Evaluator, shape, constraint, focus):
    tests = (
        " || ".join(
            f"LANGMATCHES(LANG(?value), {sparql(Literal(str(tag)))})"
            for tag in constraint.parameters["languageIn"]
        )
        or "false"
    )
    return _value_filter(
        ev, shape, constraint, focus, f"FILTER(!COALESCE(isLiteral(?value) && ({tests}), false))"
    )


def check_in(ev: Evaluator, shape, constraint, focus):
    allowed = " ".join(sparql(v) for v in constraint.parameters["in"])
    condition = (
        f"FILTER NOT EXISTS {{ VALUES ?_allowed {{ {allowed} }} "
        "FILTER(sameTerm(?value, ?_allowed)) }"
    )
    return _value_filter(ev, shape, constraint, focus, condition)


def check_hasValue(ev: Evaluator, shape, constraint, focus):
    value = sparql(constraint.one("hasValue"))
    if shape.path is None:
        rows = ev.select(f"SELECT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {value})) }}")
        return [ev.result(shape, constraint, row["this"]) for row in rows]
    rows = ev.select(
        f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ "
        f"?this {ev.path(shape.path)} ?_v FILTER(sameTerm(?_v, {value})) }} }}"
    )
    return [ev.result(shape, constraint, row["this"]) for row in rows]


def _counted(ev: Evaluator, shape: Shape, focus: str, having: str) -> list[OxTerm]:
    """Focus nodes whose number of distinct values passes a test, by a grouped count."""
    counted = (
        f"SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} "
        f"OPTIONAL {{ ?this {ev.path(shape.path)} ?value }} }} GROUP BY ?this"
    )
    return [
        row["this"]
        for row in ev.select(f"SELECT ?this WHERE {{ {{ {counted} }} FILTER ({having}) }}")
    ]


def _one_value_required(shape: Shape) -> bool:
    """Whether the shape's only sh:minCount and only sh:maxCount are 1: one query checks both."""
    counts = [c for c in shape.constraints if c.component in ("minCount", "maxCount")]
    components = sorted(c.component for c in counts)
    return components == ["maxCount", "minCount"] and all(
        int(c.one(c.component)) == 1 for c in counts
    )


def _missing_or_repeated(ev: Evaluator, shape: Shape, focus: str) -> list[RawResult]:
    """Focus nodes with no value or two, in one pass: one lookup of each node's values fewer."""
    path = ev.path(shape.path)
    second = f"OPTIONAL {{ ?this {path} ?_b FILTER(!sameTerm(?_a, ?_b)) }}"
    query = (
        f"SELECT DISTINCT ?this ?_a WHERE {{ {focus} OPTIONAL {{ ?this {path} ?_a {second} }} "
        "FILTER(!BOUND(?_a) || BOUND(?_b)) }"
    )
    missing: dict[OxTerm, None] = {}
    repeated: dict[OxTerm, None] = {}
    for row in ev.select(query):
        (missing if row["_a"] is None else repeated)[row["this"]] = None
    by_component = {c.component: c for c in shape.constraints}
    return [ev.result(shape, by_component["minCount"], this) for this in missing] + [
        ev.result(shape, by_component["maxCount"], this) for this in repeated
    ]


def check_minCount(ev: Evaluator, shape, constraint, focus):
    n = int(constraint.one("minCount"))
    if n == 0 or _one_value_required(shape):  # the latter checked with sh:maxCount
        return []
    if n == 1:  # the common case, as an existence test rather than a count
        missing_value = f"FILTER NOT EXISTS {{ ?this {ev.path(shape.path)} ?_v }}"
        query = f"SELECT ?this WHERE {{ {focus} {missing_value} }}"
        missing = [row["this"] for row in ev.select(query)]
    else:
        missing = _counted(ev, shape, focus, f"?n < {n}")
    return [ev.result(shape, constraint, this) for this in missing]


def check_maxCount(ev: Evaluator, shape, constraint, focus):
    n = int(constraint.one("maxCount"))
    if _one_value_required(shape):
        return _missing_or_repeated(ev, shape, focus)
    path = ev.path(shape.path)
    if n == 1:  # the common case: two distinct values, found by a self-join
        members = ev.scanned_first(shape, focus)
        first = ev.values_pattern(shape, focus, "?_a", scanned=members)
        where = f"{first} ?this {path} ?_b . FILTER(!sameTerm(?_a, ?_b))"
        too_many = [row["this"] for row in ev.select(ev.select_values("?this", where, members))]
    else:
        too_many = _counted(ev, shape, focus, f"?n > {n}")
    return [ev.result(shape, constraint, this) for this in too_many]


def check_uniqueLang(ev: Evaluator, shape, constraint, focus):
    if constraint.one("uniqueLang") != Literal(True) or shape.path is None:
        return []
    # Streams: GROUP BY ?this ?lang held every group in memory (265 MB at 10x), and a plain
    # self-join paired all values of a focus node (9 s for one node with 3,000 titles).
    members = ev.scanned_first(shape, focus)
    values = ev.values_pattern(shape, focus, scanned=members)
    tagged = f"""SELECT ?this ?value ?lang WHERE {{ {values}
        BIND(LCASE(LANG(?value)) AS ?lang) FILTER(?lang != "") }}"""
    twin = "FILTER(!sameTerm(?value, ?_other) && LCASE(LANG(?_other)) = ?lang)"
    where = f"{{ {tagged} }} FILTER EXISTS {{ ?this {ev.path(shape.path)} ?_other . {twin} }}"
    query = ev.select_values("?this ?lang", where, members)
    return [ev.result(shape, constraint, row["this"]) for row in ev.select(query)]


def _pair_check(ev: Evaluator, shape, constraint, focus, body: str) -> list[RawResult]:
    values = (
        "BIND(?this AS ?value)" if shape.path is None else f"?this {ev.path(shape.path)} ?value ."
    )
    rows = ev.select(
        f"SELECT ?this ?value WHERE {{ {focus} {body.replace('VALUES_OF_PATH', values)} }}"
    )
    return [ev.result(shape, constraint, row["this"], row["value"]) for row in rows]


def check_equals(ev: Evaluator, shape, constraint, focus):
    other = sparql(constraint.one("equals"))
    path = (
        "BIND(?this AS ?value)" if shape.path is None else f"?this {ev.path(shape.path)} ?value ."
    )
    exists = (
        "FILTER(sameTerm(?this, ?value))"
        if shape.path is None
        else f"?this {ev.path(shape.path)} ?value ."
    )
    body = (
        f"{{ {focus} {path} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
        f"{{ {focus} ?this {other} ?value FILTER NOT EXISTS {{ {exists} }} }}"
    )
    rows = ev.select(f"SELECT ?this ?value WHERE {{ {body} }}")
    return [ev.result(shape, constraint, row["this"], row["value"]) for row in rows]


def check_disjoint(ev: Evaluator, shape, constraint, focus):
    other = sparql(constraint.one("disjoint"))
    return _pair_check(ev, shape, constraint, focus, f"VALUES_OF_PATH ?this {other} ?value .")


_ORDERS = {"lessThan": "<", "lessThanOrEquals": "<="}


def _order(ev: Evaluator, shape, constraint, focus):
    other = sparql(constraint.one(constraint.component))
    test = f"{numeric('?value')} {_ORDERS[constraint.component]} {numeric('?_other')}"
    condition = f"VALUES_OF_PATH ?this {other} ?_other FILTER(!COALESCE({test}, false))"
    return _pair_check(ev, shape, constraint, focus, condition)


check_lessThan = check_lessThanOrEquals = _order


def check_closed(ev: Evaluator, shape, constraint, focus):
    if constraint.one("closed") != Literal(True):
        return []
    allowed = {ev.shapes.shape(p).path for p in shape.properties} | set(
        constraint.parameters.get("ignoredProperties", [])
    )
    allowed_iris = ", ".join(sparql(p) for p in allowed if isinstance(p, URIRef))
    condition = f"FILTER(?_p NOT IN ({allowed_iris}))" if allowed_iris else ""
    source = ev.value_nodes_as_focus(shape, focus)
    rows = ev.select(f"SELECT ?this ?_p ?value WHERE {{ {source} ?this ?_p ?value {condition} }}")
    return [
        RawResult(
            focus=row["this"],
            shape=shape,
            component=constraint.iri,
            value=row["value"],
            path=URIRef(row["_p"].value),
            messages=shape.messages,
        )
        for row in rows
    ]


# logical constraints, evaluated as sets of conforming nodes ----------------------------


def check_minExclusive(
    ev: Evaluator, shape: Shape, constraint: Constraint, focus: str
) -> list[RawResult]:
    return _compare(ev, shape, constraint, focus)


check_minInclusive = check_maxExclusive = check_maxInclusive = check_minExclusive

CHECKS = {
    name.removeprefix("check_"): f
    for name, f in dict(globals()).items()
    if name.startswith("check_")
}
