"""The remote store: Virtuoso loaded by `publish --to`, only ogpld's graphs visible."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from ogpld.store.switch import ControlGraph

from ..conftest import ROOT
from .conftest import Virtuoso, publish_to

virtuoso_only = pytest.mark.parametrize("server", ["virtuoso"], indirect=True)
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
BUNDLED = ControlGraph.of(
    "https://data.example.org/"
)  # the base URI in the repository's ogpld.toml
TESTS = ControlGraph.of("https://tests.example.org/")


def graphs_in(store_url: str) -> set[str]:
    response = httpx.get(
        store_url + "sparql", params={"query": GRAPHS}, headers={"Accept": "application/json"}
    )
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]}


@virtuoso_only
def test_only_published_graphs_are_visible(client, virtuoso):
    everything = graphs_in(virtuoso.url)
    system = {g for g in everything if "openlinksw" in g or g.startswith("http://www.w3.org")}
    assert system, "Virtuoso keeps system graphs of its own"
    response = client.get("/sparql", params={"query": GRAPHS}, headers={"Accept": "text/csv"})
    served = {line.strip('"') for line in response.text.split()[1:]}
    assert served and not served & system
    assert "https://w3id.org/ogpld/ns" in served
    for hidden in system:
        for dataset in ("named-graph-uri", "default-graph-uri"):
            query = GRAPHS if dataset == "named-graph-uri" else "SELECT * { ?s ?p ?o } LIMIT 1"
            asked = client.get("/sparql", params={"query": query, dataset: hidden})
            assert asked.status_code == 200
            assert asked.json()["results"]["bindings"] == [], (dataset, hidden)


@virtuoso_only
def test_a_second_publish_replaces_the_graphs_even_from_another_folder(server, virtuoso, tmp_path):
    sources = tmp_path / "data"
    shutil.copytree(ROOT / "data", sources)
    (sources / "editorial.trig").unlink()
    env = {**os.environ, "OGPLD_STORE_USER": "dba", "OGPLD_STORE_PASSWORD": "dba"}
    site = tmp_path / "site"
    publish_to(virtuoso.url, site)
    editorial = "https://data.example.org/id/document/editorial"
    assert editorial in graphs_in(virtuoso.url)
    elsewhere = tmp_path / "another-machine"
    command = [sys.executable, "-m", "ogpld", "publish", str(sources), "--out", str(elsewhere)]
    completed = subprocess.run(
        [*command, "--to", virtuoso.url], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    after = graphs_in(virtuoso.url)
    assert editorial not in after
    assert "https://data.example.org/id/document/no/kmd/14-797" in after
    assert not [g for g in after if g.startswith("urn:ogpld:staging:")]
    publish_to(virtuoso.url, tmp_path / "restored")


@virtuoso_only
def test_publish_to_without_credentials_fails_in_one_line(server, virtuoso, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OGPLD_STORE_")}
    completed = subprocess.run(
        [sys.executable, "-m", "ogpld", "publish", "--out", str(tmp_path), "--to", virtuoso.url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1
    assert "401" in completed.stderr and "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert (tmp_path / "latest" / "catalog.ttl").is_file()


def test_large_graphs_are_sent_in_chunks_keeping_blank_nodes_whole(virtuoso, monkeypatch, tmp_path):
    from ogpld.config import RemoteSettings
    from ogpld.store import upload

    monkeypatch.setattr(upload, "CHUNK_TRIPLES", 50)
    site = tmp_path / "site"
    publish_to(virtuoso.url, site)
    release = (site / "latest").resolve()
    settings = RemoteSettings(user="dba", password="dba")
    graphs = upload.upload_release(release, virtuoso.url, settings, BUNDLED)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    form = [("query", count)] + [("named-graph-uri", g) for g in graphs]
    response = httpx.post(
        virtuoso.url + "sparql",
        data=dict(form[:1]),
        params=form[1:],
        headers={"Accept": "application/json"},
    )
    dump = ox.Store()
    dump.load(
        input=gzip.decompress((release / "ogpld.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS
    )
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == len(dump)
    roles = (
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?c "
        "<https://w3id.org/ogpld/ns#agencyRole> ?r . ?r <https://w3id.org/ogpld/ns#agency> ?a } }"
    )
    response = httpx.post(
        virtuoso.url + "sparql",
        data={"query": roles},
        params=form[1:],
        headers={"Accept": "application/json"},
    )
    (row,) = dump.query(roles)
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == int(row["n"].value)


def _release(folder: Path, marker: str, graphs: int = 20, triples: int = 2000) -> Path:
    """A release folder whose every triple has the marker as its object."""
    folder.mkdir(parents=True)
    lines = (
        f'<urn:test:s{g}-{t}> <urn:test:p> "{marker}" <urn:test:graph:{g}> .\n'
        for g in range(graphs)
        for t in range(triples)
    )
    (folder / "ogpld.nq.gz").write_bytes(gzip.compress("".join(lines).encode()))
    return folder


def test_readers_through_ogpld_never_see_half_a_release(tmp_path):
    """While releases are switched back and forth, every answer counts one release whole."""
    from ogpld.config import Limits, RemoteSettings
    from ogpld.errors import QueryError
    from ogpld.store.base import QueryRequest
    from ogpld.store.remote import RemoteStore
    from ogpld.store.upload import upload_release

    (tmp_path / "virtuoso").mkdir()
    store = Virtuoso(tmp_path / "virtuoso")
    try:
        settings = RemoteSettings(user="dba", password="dba")
        first = _release(tmp_path / "a", "a", graphs=12, triples=1000)
        second = _release(tmp_path / "b", "b", graphs=12, triples=1000)
        graphs = upload_release(first, store.url, settings, TESTS)
        query = "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o"
        request = QueryRequest(query, "json", "turtle")
        seen, refused, failed, done = [], [], [], threading.Event()

        async def read() -> None:
            reader = RemoteStore(store.url, graphs, Limits(timeout_seconds=60), settings, TESTS)
            while not done.is_set():
                try:
                    answer = await reader.execute(request)
                except QueryError as error:
                    (refused if error.status == 503 else failed).append(error.message)
                    continue
                except Exception as error:
                    failed.append(repr(error))
                    break
                rows = json.loads(answer.body)["results"]["bindings"]
                seen.append(sorted((r["o"]["value"], int(r["n"]["value"])) for r in rows))
            await reader.close()

        readers = [threading.Thread(target=asyncio.run, args=(read(),)) for _ in range(2)]
        for thread in readers:
            thread.start()
        try:
            for release in (second, first, second):
                upload_release(release, store.url, settings, TESTS)
        finally:
            done.set()
            for thread in readers:
                thread.join()
    finally:
        store.stop()
    assert not failed
    assert len(seen) > 20, f"{len(seen)} answers, {len(refused)} refused: {refused[:1]}"
    assert {tuple(answer) for answer in seen} <= {(("a", 12000),), (("b", 12000),)}


def test_while_a_switch_is_under_way_readers_wait_then_get_503(virtuoso):
    from ogpld.config import Limits, RemoteSettings
    from ogpld.errors import QueryError
    from ogpld.store import switch
    from ogpld.store.base import QueryRequest
    from ogpld.store.remote import RemoteStore

    def set_generation(old: int, new: int) -> None:
        response = httpx.post(
            virtuoso.url + "sparql-auth",
            data={"update": BUNDLED.bump(old, new)},
            auth=httpx.DigestAuth("dba", "dba"),
        )
        assert response.status_code < 300, response.text

    answer = httpx.post(
        virtuoso.url + "sparql",
        data={"query": BUNDLED.read, "named-graph-uri": BUNDLED.iri},
        headers={"Accept": "application/sparql-results+json"},
    )
    before = switch.generation_of(answer.content)
    settings = RemoteSettings(user="dba", password="dba")
    limits = Limits(timeout_seconds=1)
    request = QueryRequest("ASK { ?s ?p ?o }", result_format="json", graph_format="")
    graphs = sorted(graphs_in(virtuoso.url))

    async def ask() -> bytes:
        reader = RemoteStore(virtuoso.url, graphs, limits, settings, BUNDLED)
        try:
            return (await reader.execute(request)).body
        finally:
            await reader.close()

    set_generation(before, before + 1)
    try:
        with pytest.raises(QueryError) as refused:
            asyncio.run(ask())
        assert refused.value.status == 503 and "switched in" in refused.value.message
    finally:
        set_generation(before + 1, before + 2)
    assert b"true" in asyncio.run(ask())


def test_publishers_sharing_a_server_keep_each_others_graphs(virtuoso, tmp_path):
    """Each base URI has its own switch: a second publisher neither drops nor blocks the first."""
    from ogpld.config import RemoteSettings
    from ogpld.store.upload import upload_release

    settings = RemoteSettings(user="dba", password="dba")
    before = graphs_in(virtuoso.url)
    other = _release(tmp_path / "other", "other", graphs=2, triples=10)
    other_graphs = upload_release(other, virtuoso.url, settings, TESTS)
    after = graphs_in(virtuoso.url)
    assert before <= after and set(other_graphs) <= after
    upload_release(_release(tmp_path / "none", "x", graphs=0), virtuoso.url, settings, TESTS)
    final = graphs_in(virtuoso.url)
    assert before <= final and not set(other_graphs) & final
