"""The release switch on a SPARQL server: a generation counter that readers check around a query.

A server's graph-moving update is not atomic for its readers (Virtuoso 7.2 lets a concurrent
query see part of a MOVE), so ogpld does not rely on it. The publisher bumps a counter in a
control graph to an odd number before it moves the new release's graphs into place and to the
next even number after; `serve --store` reads the counter after each query and accepts the
answer only if the counter is even and the same as before the query (a sequence lock). The
counter only grows: a new value is inserted before the old one is deleted, and readers take the
largest, so no reader ever sees it go back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

CONTROL = "urn:ogpld:control"
GENERATION = "urn:ogpld:generation"
PUBLISHED = "urn:ogpld:graph"
RELEASE = "urn:ogpld:release"

READ = (
    f"SELECT (MAX(?n) AS ?generation) "
    f"WHERE {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{GENERATION}> ?n }} }}"
)
GRAPHS = f"SELECT ?g WHERE {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{PUBLISHED}> ?g }} }}"


def is_stable(generation: int) -> bool:
    """Even: no switch under way."""
    return generation % 2 == 0


def generation_of(body: bytes) -> int:
    """The counter from a SPARQL JSON answer to READ; 0 when ogpld never switched this store."""
    rows = json.loads(body)["results"]["bindings"]
    value = rows[0].get("generation", {}).get("value") if rows else None
    return int(value) if value not in (None, "") else 0


def graphs_of(body: bytes) -> list[str]:
    """The graph names from a SPARQL JSON answer to GRAPHS."""
    return [row["g"]["value"] for row in json.loads(body)["results"]["bindings"]]


def bump(old: int, new: int) -> str:
    """The update that moves the counter on: insert the new value first, then delete the old."""
    insert = f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{GENERATION}> {new} }} }}"
    if old == 0:
        return insert
    delete = f"DELETE DATA {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{GENERATION}> {old} }} }}"
    return f"{insert} ;\n{delete}"


def record(graphs: Iterable[str], version: str) -> str:
    """The update that records which graphs and release the store now serves."""
    listed = " ".join(f"<{CONTROL}> <{PUBLISHED}> <{g}> ." for g in graphs)
    return (
        f"DELETE WHERE {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{PUBLISHED}> ?g }} }} ;\n"
        f"DELETE WHERE {{ GRAPH <{CONTROL}> {{ <{CONTROL}> <{RELEASE}> ?r }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{CONTROL}> {{ {listed} "
        f'<{CONTROL}> <{RELEASE}> "{_escaped(version)}" }} }}'
    )


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
