"""What the public endpoint refuses before a query reaches the store.

SERVICE is found in the parsed query, not by searching its text: a query whose text (after
SPARQL's \\u escapes are decoded) never spells "service" cannot hold a SERVICE clause and goes
straight through; any other query is parsed, and every SERVICE it holds must name an endpoint
the operator allowed. A query that cannot be parsed here is refused rather than guessed at.
"""

from __future__ import annotations

import re

from ogpld.config import Limits
from ogpld.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescaped(query: str) -> str:
    """The query with SPARQL's codepoint escapes decoded, as its grammar sees it."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def services(query: str) -> list[str | None]:
    """The endpoints of the SERVICE clauses of a query; None for a variable endpoint."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    try:
        tree = parseQuery(query)
    except Exception as error:  # pyparsing raises several kinds
        raise QueryError(f"bad query: {error}", 400) from None
    found: list[str | None] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            for item in node:
                walk(item)

    walk(tree)
    return found


def check_query(query: str, limits: Limits) -> None:
    """Refuse a query that is too long or calls a SERVICE the operator did not allow."""
    if len(query.encode()) > limits.max_query_bytes:
        raise QueryError(f"the query is longer than {limits.max_query_bytes} bytes", 413)
    if "service" not in unescaped(query).lower():
        return
    for endpoint in services(unescaped(query)):
        if endpoint is None:
            raise QueryError("SERVICE with a variable endpoint is not allowed here", 403)
        if endpoint not in limits.allowed_services:
            raise QueryError(f"SERVICE <{endpoint}> is not allowed on this endpoint", 403)
