"""Linked data over real HTTP: URIs dereference, pages speak the visitor's language."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

PLAN = "https://data.example.org/id/plan/no/2"


def test_id_answers_303_to_doc(client):
    response = client.get("/id/plan/no/2", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/doc/plan/no/2"


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_programs_get_rdf(client, accept, rdflib_format):
    response = client.get("/id/plan/no/2", headers={"Accept": accept}, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (URIRef(PLAN), None, None) in graph


def test_browsers_get_a_page_linking_to_other_pages(client):
    response = client.get("/id/plan/no/2", headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.text
    assert (
        "Norway&#39;s second OGP action plan" in page or "Norway's second OGP action plan" in page
    )
    links = set(re.findall(r'href="(/id/[^"]+)"', page))
    assert "/id/plan/no/2/commitment/4.1" in links
    for link in sorted(links)[:10]:
        assert (
            client.get(link, headers={"Accept": "text/html"}, follow_redirects=True).status_code
            == 200
        )


def test_plan_page_shows_commitments_agencies_and_a_timeline(client):
    page = client.get("/doc/plan/dk/2019-2021", headers={"Accept": "text/html"}).text
    assert '<svg class="timeline"' in page and "<rect" in page
    plan = client.get("/doc/plan/no/2", headers={"Accept": "text/html"}).text
    rows = re.findall(r"<tr><td><a href=\"/id/plan/no/2/commitment/[^\"]+\">([^<]+)</a>", plan)
    assert "4.1" in rows and len(rows) == 26
    assert "KMD" in plan


@pytest.mark.parametrize(
    "header, word",
    [
        ("nb-NO,nb;q=0.9", "Forpliktelser"),
        ("da", "Forpligtelser"),
        ("nn", "Forpliktingar"),
        ("en-GB", "Commitments"),
        ("de", "Commitments"),
    ],
)
def test_pages_in_the_visitors_language(client, header, word):
    page = client.get("/doc/plan/no/2", headers={"Accept": "text/html", "Accept-Language": header})
    assert f"<h2>{word}</h2>" in page.text


def test_labels_follow_the_language(client):
    english = client.get("/doc/plan/no/2?lang=en", headers={"Accept": "text/html"}).text
    norwegian = client.get("/doc/plan/no/2?lang=nb", headers={"Accept": "text/html"}).text
    assert "<h1>Norway&#39;s second OGP action plan</h1>" in english
    assert "<h1>Den andre norske handlingsplanen i OGP</h1>" in norwegian


def test_unknown_resource_is_404(client):
    response = client.get("/doc/plan/xx/99", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "nothing is known" in response.text


def test_release_files_and_catalog_at_stable_paths(client, server):
    catalog = client.get("/catalog")
    assert catalog.status_code == 200 and "dcat:Catalog" in catalog.text
    as_json = client.get("/catalog", headers={"Accept": "application/ld+json"})
    assert as_json.headers["content-type"].startswith("application/ld+json")
    assert client.get("/void").status_code == 200
    dump = client.get("/releases/latest/ogpld.ttl")
    assert dump.status_code == 200 and len(dump.content) > 10_000
    assert client.get("/releases/latest/").status_code == 200
    assert client.get("/releases/latest/../../../etc/passwd").status_code == 404


def test_health_home_vocabulary_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    assert "Action plans" in client.get("/", headers={"Accept-Language": "en"}).text
    vocab = client.get("/vocab", headers={"Accept-Language": "da"}, follow_redirects=True)
    assert vocab.status_code == 200 and '<html lang="da">' in vocab.text
    assert "/sparql" in client.get("/openapi.json").json()["paths"]


def test_a_base_uri_with_a_path_is_served_under_that_path(tmp_path_factory):
    from .conftest import ROOT, Server

    config = tmp_path_factory.mktemp("pathbase") / "ogpld.toml"
    config.write_text(
        (ROOT / "ogpld.toml")
        .read_text()
        .replace(
            'base_uri = "https://data.example.org/"', 'base_uri = "https://gov.example/ogp/"', 1
        )
    )
    server = Server(tmp_path_factory.mktemp("cache"), config, healthz="/ogp/healthz")
    try:
        import httpx

        with httpx.Client(base_url=server.url) as http:
            moved = http.get("/ogp/id/plan/no/2", follow_redirects=False)
            assert moved.status_code == 303
            assert moved.headers["location"] == "/ogp/doc/plan/no/2"
            page = http.get("/ogp/doc/plan/no/2", headers={"Accept": "text/html"}).text
            assert 'href="/ogp/id/plan/no/2/commitment/4.1"' in page
            turtle = http.get("/ogp/doc/plan/no/2", headers={"Accept": "text/turtle"}).text
            assert "<https://gov.example/ogp/id/plan/no/2>" in turtle
            query = "ASK { <https://gov.example/ogp/id/plan/no/2> ?p ?o }"
            assert http.get("/ogp/sparql", params={"query": query}).json()["boolean"] is True
    finally:
        server.stop()


@pytest.mark.parametrize(
    "path",
    [
        "/doc/x%3E%20%3Fp%20%3Fo%20%7D%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E%20%7B",
        "/doc/a%20b",
        '/doc/a"b',
    ],
)
def test_paths_cannot_inject_into_queries(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
