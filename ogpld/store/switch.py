"""The release switch on a SPARQL server: a generation counter that readers check around a query.

A server's graph-moving update is not atomic for its readers (Virtuoso 7.2 lets a concurrent
query see part of a MOVE), so ogpld does not rely on it. The publisher bumps a counter in a
control graph to an odd number before it moves the new release's graphs into place and to the
next even number after; `serve --store` reads the counter after each query and accepts the
answer only if the counter is even and the same as before the query (a sequence lock). The
counter only grows: a new value is inserted before the old one is deleted, and readers take the
largest, so no reader ever sees it go back. Each base URI has a control graph of its own, so
publishers sharing a server never switch, or drop, each other's graphs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

GENERATION = "urn:ogpld:generation"
PUBLISHED = "urn:ogpld:graph"
RELEASE = "urn:ogpld:release"


def is_stable(generation: int) -> bool:
    """Even: no switch under way."""
    return generation % 2 == 0


def generation_of(body: bytes) -> int:
    """The counter from a SPARQL JSON answer to ControlGraph.read; 0 before the first switch."""
    rows = json.loads(body)["results"]["bindings"]
    value = rows[0].get("generation", {}).get("value") if rows else None
    return int(value) if value not in (None, "") else 0


def graphs_of(body: bytes) -> list[str]:
    """The graph names from a SPARQL JSON answer to ControlGraph.graphs."""
    return [row["g"]["value"] for row in json.loads(body)["results"]["bindings"]]


@dataclass(frozen=True)
class ControlGraph:
    """Where one publisher's counter, graphs and release are recorded on a shared server."""

    iri: str

    @classmethod
    def of(cls, base_uri: str) -> ControlGraph:
        return cls(f"urn:ogpld:control:{base_uri}")

    @property
    def empty(self) -> str:
        """A graph name never written: sent in place of graphs this publisher has not published."""
        return f"{self.iri}:empty"

    @property
    def read(self) -> str:
        """The query for the counter."""
        c = self.iri
        return (
            f"SELECT (MAX(?n) AS ?generation) WHERE {{ GRAPH <{c}> {{ <{c}> <{GENERATION}> ?n }} }}"
        )

    @property
    def graphs(self) -> str:
        """The query for the graphs the last switch put in place."""
        return f"SELECT ?g WHERE {{ GRAPH <{self.iri}> {{ <{self.iri}> <{PUBLISHED}> ?g }} }}"

    def bump(self, old: int, new: int) -> str:
        """The update that moves the counter on: insert the new value first, then delete the old."""
        c = self.iri
        insert = f"INSERT DATA {{ GRAPH <{c}> {{ <{c}> <{GENERATION}> {new} }} }}"
        if old == 0:
            return insert
        return f"{insert} ;\nDELETE DATA {{ GRAPH <{c}> {{ <{c}> <{GENERATION}> {old} }} }}"

    def record(self, graphs: Iterable[str], version: str) -> str:
        """The update that records which graphs and release the store now serves."""
        c = self.iri
        listed = " ".join(f"<{c}> <{PUBLISHED}> <{g}> ." for g in graphs)
        return (
            f"DELETE WHERE {{ GRAPH <{c}> {{ <{c}> <{PUBLISHED}> ?g }} }} ;\n"
            f"DELETE WHERE {{ GRAPH <{c}> {{ <{c}> <{RELEASE}> ?r }} }} ;\n"
            f'INSERT DATA {{ GRAPH <{c}> {{ {listed} <{c}> <{RELEASE}> "{_escaped(version)}" }} }}'
        )


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
