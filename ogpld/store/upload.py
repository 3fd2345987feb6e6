"""Publishing to a SPARQL server (`ogpld publish --to`): stage every graph, then switch.

Each graph of a release is put (Graph Store Protocol) into a staging graph of its own, in
requests of a bounded size; only when all are loaded are they moved into place, one update
request per graph, inside the switch that `serve --store` checks (ogpld.store.switch), so that
no answer through ogpld mixes two releases. If loading fails, the staging graphs are dropped
and the store is left as it was.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox

from ogpld.config import RemoteSettings
from ogpld.errors import PublishError
from ogpld.store import switch
from ogpld.store.remote import Endpoints
from ogpld.store.switch import ControlGraph
from ogpld.web.negotiation import RESULTS

STAGING = "urn:ogpld:staging:"
MOVE_RETRIES = 4
RETRY_PAUSE_SECONDS = 0.5
CHUNK_TRIPLES = 100_000  # per request: a 10x graph in one request fails


def _graphs_of(dump: Path) -> Iterator[tuple[str, int, list[bytes]]]:
    """(name, size, N-Triples chunks) for every named graph of a release's dump."""
    store = ox.Store()
    with gzip.open(dump, "rb") as data:
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        quads = list(store.quads_for_pattern(None, None, None, graph))
        yield graph.value, len(quads), list(_chunks(quads))


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


def _auth(remote: RemoteSettings) -> httpx.Auth | None:
    if not remote.user:
        return None
    if remote.auth == "basic":
        return httpx.BasicAuth(remote.user, remote.password)
    return httpx.DigestAuth(remote.user, remote.password)


def upload_release(
    release: Path,
    url: str,
    remote: RemoteSettings,
    control: ControlGraph,
    previous: list[str] | None = None,
) -> list[str]:
    """Load a release into the server: staging graphs first, then the switch readers check."""
    endpoints = Endpoints.of(url, remote, control)
    staged: list[str] = []
    with httpx.Client(auth=_auth(remote), timeout=600) as client:
        try:
            sizes = _stage(client, endpoints, release, staged)
            old = set(previous or []) | set(_published(client, endpoints))
            _switch(client, endpoints, release.name, sizes, sorted(old - set(staged)))
        except httpx.HTTPError as error:
            _drop_staging(client, endpoints, release.name, staged)
            raise PublishError(f"the store cannot be reached: {error}", url) from None
        except PublishError:
            _drop_staging(client, endpoints, release.name, staged)
            raise
    return staged


def _staging(version: str, graph: str) -> str:
    return f"{STAGING}{version}:{graph}"


def _stage(
    client: httpx.Client, endpoints: Endpoints, release: Path, staged: list[str]
) -> dict[str, int]:
    """Every graph of the release into a staging graph of its own, in bounded requests."""
    sizes: dict[str, int] = {}
    for name, size, chunks in _graphs_of(release / "ogpld.nq.gz"):
        staged.append(name)
        sizes[name] = size
        for index, triples in enumerate(chunks):
            response = client.request(
                "PUT" if index == 0 else "POST",
                endpoints.graph_store,
                params={"graph": _staging(release.name, name)},
                content=triples,
                headers={"Content-Type": "application/n-triples"},
            )
            _check(response, f"loading <{name}>")
    return sizes


def _switch(
    client: httpx.Client, endpoints: Endpoints, version: str, sizes: dict[str, int], gone: list[str]
) -> None:
    """Odd counter, move the graphs into place, drop the old ones, even counter.

    One graph per update request: each is one transaction, and several in one request made a
    transaction long enough to hit the server's time limit (Virtuoso: 40,000 triples in 20
    graphs took from 1 s to over 60 s in one request under load, 0.02 to 5 s per graph alone).
    """
    control = endpoints.control
    before = _generation(client, endpoints)
    during = before + 1 if switch.is_stable(before) else before
    _update(client, endpoints, control.bump(before, during), "starting the switch")
    try:
        for name in sizes:
            _move(client, endpoints, _staging(version, name), name)
        if gone:
            drops = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in gone)
            _update(client, endpoints, drops, "dropping the graphs the release no longer has")
        done = f"{control.bump(during, during + 1)} ;\n{control.record(sizes, version)}"
        _update(client, endpoints, done, "ending the switch")
    except (PublishError, httpx.HTTPError) as error:
        reason = error.message if isinstance(error, PublishError) else f"the store: {error}"
        raise PublishError(
            f"{reason}; the store is left half-switched and `serve --store` answers 503 "
            "until a `publish --to` completes"
        ) from None


def _generation(client: httpx.Client, endpoints: Endpoints) -> int:
    body = _control_query(client, endpoints, endpoints.control.read)
    try:
        return switch.generation_of(body)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise PublishError(f"the store gave an unreadable switch counter: {error}") from None


def _published(client: httpx.Client, endpoints: Endpoints) -> list[str]:
    """The graphs the store's last switch put in place, wherever it was published from."""
    body = _control_query(client, endpoints, endpoints.control.graphs)
    try:
        return switch.graphs_of(body)
    except (ValueError, KeyError, TypeError) as error:
        raise PublishError(f"the store gave an unreadable list of graphs: {error}") from None


def _control_query(client: httpx.Client, endpoints: Endpoints, query: str) -> bytes:
    form = {"query": query, "named-graph-uri": endpoints.control.iri}
    response = client.post(endpoints.query, data=form, headers={"Accept": RESULTS["json"]})
    _check(response, "reading the control graph")
    return response.content


def _update(client: httpx.Client, endpoints: Endpoints, update: str, doing: str) -> None:
    _check(client.post(endpoints.update, data={"update": update}), doing)


def _move(client: httpx.Client, endpoints: Endpoints, staging: str, name: str) -> None:
    """MOVE a staging graph into place; a server error (a transaction rolled back: a lock
    timeout, a deadlock with readers) is retried after a pause, as the server's docs advise,
    unless the staging graph is gone: then the move was done (a gateway's 5xx can come after
    the commit), and moving the now empty graph again would empty the published one."""
    for attempt in range(MOVE_RETRIES + 1):
        if attempt and not _has_triples(client, endpoints, staging):
            return
        response = client.post(
            endpoints.update, data={"update": f"MOVE SILENT <{staging}> TO <{name}>"}
        )
        if response.status_code < 500 or attempt == MOVE_RETRIES:
            break
        time.sleep(RETRY_PAUSE_SECONDS * 2**attempt)
    _check(response, f"moving <{name}> into place")


def _has_triples(client: httpx.Client, endpoints: Endpoints, graph: str) -> bool:
    query = f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1"
    form = {"query": query, "named-graph-uri": graph}
    response = client.post(endpoints.query, data=form, headers={"Accept": RESULTS["json"]})
    _check(response, f"looking for <{graph}>")
    try:
        return bool(response.json()["results"]["bindings"])
    except (ValueError, KeyError, TypeError) as error:
        raise PublishError(f"the store gave an unreadable answer: {error}") from None


def _drop_staging(
    client: httpx.Client, endpoints: Endpoints, version: str, staged: list[str]
) -> None:
    for name in staged:
        try:
            drop = f"DROP SILENT GRAPH <{_staging(version, name)}>"
            client.post(endpoints.update, data={"update": drop})
        except httpx.HTTPError:
            return


def _check(response: httpx.Response, doing: str) -> None:
    if response.status_code >= 300:
        reason = " ".join(response.text.split())[:300]
        raise PublishError(f"{doing} failed: HTTP {response.status_code} {reason}")
