"""The remote store: Virtuoso loaded by `publish --to`, only ogpld's graphs visible."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import httpx
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
