"""A query worker: a separate process that owns a read-only handle on the on-disk store.

Queries run here, not in the web server, so that a runaway query can be stopped by killing its
process; pyoxigraph offers no way to cancel a query from Python. This module imports nothing of
ogpld's web layer, so that a worker starts quickly.
"""

from __future__ import annotations

import io
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class TooLarge(Exception):
    """The serialized result passed the size limit."""


class CappedBuffer(io.RawIOBase):
    """A bytes buffer that refuses to grow past a limit, so a huge result stops early."""

    def __init__(self, limit: int) -> None:
        self.buffer, self.limit = bytearray(), limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(self.buffer) + len(data) > self.limit:
            raise TooLarge
        self.buffer += data
        return len(data)


def run(store: ox.Store, message: dict, limit: int) -> tuple[str, object]:
    """One query: ("ok", (kind, bytes)) or ("error", (status, reason))."""
    try:
        options = _dataset(message)
        results = store.query(message["query"], **options)
    except SyntaxError as error:
        return "error", (400, f"bad query: {error}")
    except (OSError, ValueError) as error:
        return "error", (400, f"query failed: {error}")
    if isinstance(results, ox.QueryBoolean):
        kind, fmt = "boolean", RESULT_FORMATS.get(message["select_format"])
    elif isinstance(results, ox.QuerySolutions):
        kind, fmt = "solutions", RESULT_FORMATS.get(message["select_format"])
    else:
        kind, fmt = "graph", GRAPH_FORMATS.get(message["graph_format"])
    if fmt is None:
        wanted = "SPARQL results" if kind != "graph" else "an RDF graph"
        return "error", (406, f"the query gives {wanted}, in none of the formats you accept")
    output = CappedBuffer(limit)
    try:
        results.serialize(output, format=fmt)
    except TooLarge:
        return "error", (413, f"the result is larger than {limit} bytes; add LIMIT to page it")
    except (OSError, ValueError) as error:
        if isinstance(error.__context__, TooLarge) or "TooLarge" in str(error):
            return "error", (413, f"the result is larger than {limit} bytes; add LIMIT to page it")
        return "error", (500, f"query failed: {error}")
    return "ok", (kind, bytes(output.buffer))


def _dataset(message: dict) -> dict:
    """The protocol's default-graph-uri and named-graph-uri, or the union of all graphs."""
    options: dict = {}
    if message["default_graphs"]:
        options["default_graph"] = [ox.NamedNode(g) for g in message["default_graphs"]]
    else:
        options["use_default_graph_as_union"] = True
    if message["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in message["named_graphs"]]
    return options


def serve(path: str, connection: Connection, limit: int) -> None:
    """The worker's loop: open the store read-only, answer queries until the pipe closes."""
    store = ox.Store.read_only(path)
    connection.send(("ready", None))
    while True:
        try:
            message = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        connection.send(run(store, message, limit))


if __name__ == "__main__":  # pragma: no cover - started by multiprocessing
    sys.exit("ogpld.store.worker is started by ogpld serve")
