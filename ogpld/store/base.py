"""What the web layer asks of a store: answer a read-only SPARQL query within limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query as the protocol received it, already checked by the guard."""

    query: str
    result_format: str
    graph_format: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A serialized result: its kind (solutions, boolean or graph) and bytes."""

    kind: str
    body: bytes


class Store(Protocol):
    """A read-only SPARQL store; errors are QueryError with the HTTP status to answer."""

    async def execute(self, request: QueryRequest) -> Answer:
        """Run the query within the store's time and size limits."""
        ...

    async def close(self) -> None:
        """Release processes and connections."""
        ...
