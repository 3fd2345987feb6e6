"""The remote store: Virtuoso loaded by `publish --to`, only ogpld's graphs visible."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys

import httpx
import pyoxigraph as ox
import pytest

from ..conftest import ROOT
from .conftest import publish_to

virtuoso_only = pytest.mark.parametrize("server", ["virtuoso"], indirect=True)
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


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
    hidden = next(iter(system))
    refused = client.get("/sparql", params={"query": GRAPHS, "named-graph-uri": hidden})
    assert refused.status_code == 404


@virtuoso_only
def test_a_second_publish_replaces_the_graphs(server, virtuoso, tmp_path):
    sources = tmp_path / "data"
    shutil.copytree(ROOT / "data", sources)
    (sources / "editorial.trig").unlink()
    env = {**os.environ, "OGPLD_STORE_USER": "dba", "OGPLD_STORE_PASSWORD": "dba"}
    site = tmp_path / "site"
    publish_to(virtuoso.url, site)
    editorial = "https://data.example.org/id/document/editorial"
    assert editorial in graphs_in(virtuoso.url)
    command = [sys.executable, "-m", "ogpld", "publish", str(sources), "--out", str(site)]
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
    from ogpld.store import remote

    monkeypatch.setattr(remote, "CHUNK_TRIPLES", 50)
    site = tmp_path / "site"
    publish_to(virtuoso.url, site)
    release = (site / "latest").resolve()
    before = graphs_in(virtuoso.url)
    settings = RemoteSettings(user="dba", password="dba")
    graphs = remote.upload_release(release, virtuoso.url, settings, sorted(before))
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
