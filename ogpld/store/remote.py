"""A remote store: any SPARQL 1.1 server, spoken to by the Protocol and the Graph Store Protocol.

Every query is sent with the published graphs as its dataset (default-graph-uri and
named-graph-uri), so a shared server's other graphs (its system graphs, other publishers' data)
are never visible through ogpld. An answer is kept only if no release switch ran while the
query did (ogpld.store.switch).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ogpld.config import Limits, RemoteSettings
from ogpld.errors import QueryError
from ogpld.store import switch
from ogpld.store.base import Answer, QueryRequest
from ogpld.store.switch import ControlGraph
from ogpld.store.worker import RESULT_FORMATS
from ogpld.web.negotiation import GRAPHS, RESULTS

SWITCH_RETRIES = 3
SWITCH_POLL_SECONDS = 0.25
SWITCHING = "a new release is being switched in on the store; try again in a moment"


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
    """The three URLs of a SPARQL server, and the graph that records ogpld's switch on it."""

    query: str
    update: str
    graph_store: str
    control: ControlGraph

    @classmethod
    def of(cls, url: str, remote: RemoteSettings, control: ControlGraph) -> Endpoints:
        base = url.rstrip("/") + "/"
        paths = (remote.query_path, remote.update_path, remote.graph_path)
        return cls(*(base + path for path in paths), control)


class RemoteStore:
    """Answers queries from a SPARQL server, over the published graphs only."""

    def __init__(
        self,
        url: str,
        graphs: list[str],
        limits: Limits,
        remote: RemoteSettings,
        control: ControlGraph,
    ) -> None:
        self.endpoints = Endpoints.of(url, remote, control)
        self.graphs, self.limits = list(graphs), limits
        self.client = httpx.AsyncClient(timeout=limits.timeout_seconds)
        self.generation: int | None = None

    def dataset(self, request: QueryRequest) -> list[tuple[str, str]]:
        """The protocol's dataset parameters, always within the published graphs.

        A graph not published here is an empty graph, as it is in the embedded store: the
        server's other graphs are never named, so they can be neither seen nor probed.
        """
        defaults = self._published(request.default_graphs)
        named = self._published(request.named_graphs)
        return [("default-graph-uri", g) for g in defaults] + [
            ("named-graph-uri", g) for g in named
        ]

    def _published(self, asked: tuple[str, ...]) -> list[str]:
        chosen = [g for g in asked if g in self.graphs] if asked else self.graphs
        return chosen or [self.endpoints.control.empty]

    async def execute(self, request: QueryRequest) -> Answer:
        kind = query_kind(request.query)
        name = request.graph_format if kind == "graph" else request.result_format
        media = (GRAPHS if kind == "graph" else RESULTS).get(name)
        if media is None:
            raise QueryError("the query's results are in none of the formats you accept", 406)
        form = urlencode([("query", request.query), *self.dataset(request)])
        asked = RESULTS["json"] if kind == "boolean" else media
        for _ in range(SWITCH_RETRIES):
            before = await self._stable_generation()
            body = await self._post(form, asked)
            if await self._read_generation() == before:
                return Answer(kind, _boolean(body, name) if kind == "boolean" else body)
        raise QueryError(SWITCHING, 503)

    async def _post(self, form: str, accept: str) -> bytes:
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            async with self.client.stream(
                "POST", self.endpoints.query, content=form, headers=headers
            ) as response:
                return await self._read(response)
        except httpx.TimeoutException:
            limit = self.limits.timeout_seconds
            raise QueryError(f"the query was stopped at the time limit, {limit:g} s", 503) from None
        except httpx.HTTPError as error:
            raise QueryError(f"the store cannot be reached: {error}", 502) from None

    async def _stable_generation(self) -> int:
        """The last counter seen if no switch was under way then, else wait for one to end."""
        if self.generation is not None and switch.is_stable(self.generation):
            return self.generation
        waited = 0.0
        while not switch.is_stable(await self._read_generation()):
            if waited >= self.limits.timeout_seconds:
                raise QueryError(SWITCHING, 503)
            await asyncio.sleep(SWITCH_POLL_SECONDS)
            waited += SWITCH_POLL_SECONDS
        return self.generation

    async def _read_generation(self) -> int:
        control = self.endpoints.control
        form = urlencode([("query", control.read), ("named-graph-uri", control.iri)])
        body = await self._post(form, RESULTS["json"])
        try:
            self.generation = switch.generation_of(body)
        except (ValueError, KeyError, IndexError) as error:
            raise QueryError(f"the store gave an unreadable switch counter: {error}", 502) from None
        return self.generation

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
