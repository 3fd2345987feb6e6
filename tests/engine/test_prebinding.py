"""Which SPARQL constraints bind ?this themselves, so that joining the focus equals pre-binding."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ogpld.engine.prebinding import subjects_of_this

PREFIXES = "PREFIX ex: <http://example.org/>\n"
P, Q = "http://example.org/p", "http://example.org/q"

QUERIES = {
    "a group of triples": ("SELECT $this ?o WHERE { $this ex:p ?o ; ex:q ?x }", {P, Q}),
    "distinct, ordered": ("SELECT DISTINCT ?this WHERE { ?this ex:p ?o } ORDER BY ?o", {P}),
    "select all": ("SELECT * WHERE { ?this ex:p ?o }", {P}),
    "a path from ?this": ("SELECT ?this WHERE { ?this ex:p/ex:q ?o }", {P}),
    "binds and filters after": (
        "SELECT ?this WHERE { ?this ex:p ?o BIND(STR(?this) AS ?s) FILTER(?s != '') }",
        {P},
    ),
    "optional after": ("SELECT ?this ?y WHERE { ?this ex:p ?o OPTIONAL { ?this ex:q ?y } }", {P}),
    "not exists after": (
        "SELECT ?this WHERE { ?this ex:p ?o FILTER NOT EXISTS { ?this ex:q ?y } }",
        {P},
    ),
    "a union, both binding": (
        "SELECT ?this WHERE { { ?this ex:p ?o ; ex:q ?x } UNION { ?this ex:p ?o } }",
        {P},
    ),
    "optional before ?this is bound": (
        "SELECT ?this WHERE { OPTIONAL { ?this ex:q ?y } ?this ex:p ?o }",
        set(),
    ),
    "optional in a nested group": (
        "SELECT ?this WHERE { { OPTIONAL { ?this ex:q ?y } } ?this ex:p ?o }",
        set(),
    ),
    "a bind before ?this is bound": (
        "SELECT ?this ?x WHERE { BIND(?this AS ?x) ?this ex:p ?o }",
        set(),
    ),
    "a filter in a nested group": (
        "SELECT ?this WHERE { ?this ex:p ?o { FILTER(?this = ?o) } }",
        set(),
    ),
    "not exists before ?this is bound": (
        "SELECT ?this WHERE { { ?x ex:p ?o FILTER NOT EXISTS { ?this ex:q ?o } } ?this ex:r ?x }",
        set(),
    ),
    "?this in an expression before it is bound": (
        "SELECT ?this WHERE { { ?x ex:p ?o FILTER (?o IN (?this, 2)) } ?this ex:r ?x }",
        set(),
    ),
    "minus on ?this": ("SELECT ?this WHERE { ?this ex:p ?o MINUS { ?this ex:q ?y } }", set()),
    "a subquery": (
        "SELECT ?this WHERE { ?this ex:p ?o { SELECT ?this WHERE { ?this ex:q ?y } LIMIT 1 } }",
        set(),
    ),
    "a grouped subquery": (
        "SELECT ?this WHERE { OPTIONAL { SELECT ?this (COUNT(?y) AS ?n) "
        "WHERE { ?this ex:q ?y } GROUP BY ?this } FILTER(!BOUND(?n)) }",
        set(),
    ),
    "a limit": ("SELECT ?this WHERE { ?this ex:p ?o } LIMIT 1", set()),
    "a union, one branch free": (
        "SELECT ?this WHERE { { ?this ex:p ?o } UNION { ?x ex:p ?o } }",
        set(),
    ),
    "?this only an object": ("SELECT ?this WHERE { ?o ex:p ?this }", set()),
    "a repeated path": ("SELECT ?this WHERE { ?this ex:p* ?o }", set()),
    "a variable predicate": ("SELECT ?this WHERE { ?this ?p ?o }", set()),
    "?this not projected": ("SELECT ?o WHERE { ?this ex:p ?o }", set()),
    "rdflib cannot parse it": ("SELECT ?this WHERE { ?this ex:p ?o ", set()),
}


@pytest.mark.parametrize(("query", "subjects"), QUERIES.values(), ids=QUERIES.keys())
def test_subjects_of_this(query, subjects):
    assert subjects_of_this(PREFIXES + query) == frozenset(subjects)


def test_threads_leave_the_sparql_parser_working():
    """Parsed from many query threads at once in a new process, rdflib still parses after."""
    script = """
from concurrent.futures import ThreadPoolExecutor
from rdflib.plugins.sparql import prepareQuery
from ogpld.engine.prebinding import subjects_of_this
queries = [
    f"SELECT ?this WHERE {{ ?this <http://e/p{n}> ?o FILTER(?o > {n} * 2) }}" for n in range(16)
]
with ThreadPoolExecutor(8) as pool:
    found = list(pool.map(subjects_of_this, queries))
assert all(found), found
prepareQuery("SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 1 + 2 * 3) }")
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
