"""A remote store: any SPARQL 1.1 server, spoken to by the Protocol and the Graph Store Protocol.

Reading: every query is sent with the published graphs as its dataset (default-graph-uri and
named-graph-uri), so a shared server's other graphs (its system graphs, other publishers' data)
are never visible through ogpld. Writing (`ogpld publish --to`): each graph of a release is put
into a staging graph, and only when all are loaded does one update request move them into place
and drop the graphs the release no longer has.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ogpld.config import Limits, RemoteSettings
from ogpld.errors import PublishError, QueryError
from ogpld.store.base import Answer, QueryRequest
from ogpld.store.worker import RESULT_FORMATS
from ogpld.web.negotiation import GRAPHS, RESULTS

STAGING = "urn:ogpld:staging:"


def query_kind(query: str) -> str:
    """solutions, boolean or graph: what the query returns, found by parsing it (empty store)."""
    try:
        results = ox.Store().query(query)
    except SyntaxError as error:
        raise QueryError(f"bad query: {error}", 400) from None
    if isinstance(results, ox.QueryBoolean):
        return "boolean"
    return "solutions" if isinstance(results, ox.QuerySolutions) else "graph"


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL server."""

    query: str
    update: str
    graph_store: str

    @classmethod
    def of(cls, url: str, remote: RemoteSettings) -> Endpoints:
        base = url.rstrip("/") + "/"
        return cls(base + remote.query_path, base + remote.update_path, base + remote.graph_path)


def _auth(remote: RemoteSettings) -> httpx.Auth | None:
    if not remote.user:
        return None
    if remote.auth == "basic":
        return httpx.BasicAuth(remote.user, remote.password)
    return httpx.DigestAuth(remote.user, remote.password)


class RemoteStore:
    """Answers queries from a SPARQL server, over the published graphs only."""

    def __init__(self, url: str, graphs: list[str], limits: Limits, remote: RemoteSettings):
        self.endpoints = Endpoints.of(url, remote)
        self.graphs, self.limits = list(graphs), limits
        self.client = httpx.AsyncClient(timeout=limits.timeout_seconds)

    def dataset(self, request: QueryRequest) -> list[tuple[str, str]]:
        """The protocol's dataset parameters, always within the published graphs."""
        for asked in (*request.default_graphs, *request.named_graphs):
            if asked not in self.graphs:
                raise QueryError(f"<{asked}> is not a graph published here", 404)
        defaults = request.default_graphs or tuple(self.graphs)
        named = request.named_graphs or tuple(self.graphs)
        return [("default-graph-uri", g) for g in defaults] + [
            ("named-graph-uri", g) for g in named
        ]

    async def execute(self, request: QueryRequest) -> Answer:
        kind = query_kind(request.query)
        name = request.graph_format if kind == "graph" else request.result_format
        media = (GRAPHS if kind == "graph" else RESULTS).get(name)
        if media is None:
            raise QueryError("the query's results are in none of the formats you accept", 406)
        form = urlencode([("query", request.query), *self.dataset(request)])
        asked = RESULTS["json"] if kind == "boolean" else media
        headers = {"Accept": asked, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            async with self.client.stream(
                "POST", self.endpoints.query, content=form, headers=headers
            ) as response:
                body = await self._read(response)
        except httpx.TimeoutException:
            limit = self.limits.timeout_seconds
            raise QueryError(f"the query was stopped at the time limit, {limit:g} s", 503) from None
        except httpx.HTTPError as error:
            raise QueryError(f"the store cannot be reached: {error}", 502) from None
        if kind == "boolean":
            body = _boolean(body, name)
        return Answer(kind, body)

    async def _read(self, response: httpx.Response) -> bytes:
        if response.status_code >= 400:
            text = (await response.aread()).decode("utf-8", "replace").strip()
            reason = next((line for line in text.splitlines() if line.strip()), "")
            status = 400 if response.status_code < 500 else 502
            raise QueryError(f"the store refused the query: {reason[:300]}", status)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.limits.max_result_bytes:
                limit = self.limits.max_result_bytes
                raise QueryError(f"the result is larger than {limit} bytes; add LIMIT", 413)
            chunks.append(chunk)
        return b"".join(chunks)

    async def close(self) -> None:
        await self.client.aclose()


def _boolean(body: bytes, name: str) -> bytes:
    """An ASK answer in the asked format; some servers answer ASK as a one-row SELECT."""
    try:
        answer = json.loads(body)
        if "boolean" in answer:
            value = bool(answer["boolean"])
        else:
            (row,) = answer["results"]["bindings"]
            value = next(iter(row.values()))["value"] in ("1", "true")
    except (ValueError, KeyError, TypeError) as error:
        raise QueryError(f"the store gave an unreadable answer to ASK: {error}", 502) from None
    standard = json.dumps({"head": {}, "boolean": value}).encode()
    result = ox.parse_query_results(standard, format=ox.QueryResultsFormat.JSON)
    return result.serialize(format=RESULT_FORMATS[name])


CHUNK_TRIPLES = 100_000  # per request: a 10x graph in one request fails


def _graphs_of(dump: Path) -> Iterator[tuple[str, list[bytes]]]:
    """(graph name, its triples as N-Triples chunks) for every named graph of a release's dump."""
    store = ox.Store()
    with gzip.open(dump, "rb") as data:
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield graph.value, list(_chunks(store.quads_for_pattern(None, None, None, graph)))


def _chunks(quads: Iterable[ox.Quad]) -> Iterator[bytes]:
    """N-Triples in requests of a bounded size; every triple that names a blank node goes into
    the first, so that a blank node never spans two requests (each request has its own)."""
    with_blanks: list[ox.Triple] = []
    chunk: list[ox.Triple] = []
    later: list[bytes] = []
    for quad in quads:
        triple = quad.triple
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            with_blanks.append(triple)
            continue
        chunk.append(triple)
        if len(chunk) >= CHUNK_TRIPLES:
            later.append(ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES))
            chunk = []
    first = ox.serialize(with_blanks + chunk, format=ox.RdfFormat.N_TRIPLES)
    yield first
    yield from later


def upload_release(
    release: Path, url: str, remote: RemoteSettings, previous: list[str] | None = None
) -> list[str]:
    """Load a release into the server: staging graphs first, then one update moves them all."""
    endpoints = Endpoints.of(url, remote)
    staged: list[str] = []
    with httpx.Client(auth=_auth(remote), timeout=600) as client:
        try:
            for name, chunks in _graphs_of(release / "ogpld.nq.gz"):
                staging = f"{STAGING}{release.name}:{name}"
                staged.append(name)
                for index, triples in enumerate(chunks):
                    response = client.request(
                        "PUT" if index == 0 else "POST",
                        endpoints.graph_store,
                        params={"graph": staging},
                        content=triples,
                        headers={"Content-Type": "application/n-triples"},
                    )
                    _check(response, f"loading <{name}>")
            operations = [f"MOVE SILENT <{STAGING}{release.name}:{g}> TO <{g}>" for g in staged]
            operations += [f"DROP SILENT GRAPH <{g}>" for g in previous or [] if g not in staged]
            response = client.post(endpoints.update, data={"update": " ;\n".join(operations)})
            _check(response, "switching the graphs")
        except httpx.HTTPError as error:
            raise PublishError(f"the store cannot be reached: {error}", url) from None
        except PublishError:
            for name in staged:
                drop = f"DROP SILENT GRAPH <{STAGING}{release.name}:{name}>"
                client.post(endpoints.update, data={"update": drop})
            raise
    return staged


def _check(response: httpx.Response, doing: str) -> None:
    if response.status_code >= 300:
        reason = " ".join(response.text.split())[:300]
        raise PublishError(f"{doing} failed: HTTP {response.status_code} {reason}")
