"""The SPARQL 1.1 Protocol over real HTTP: every way to ask, every format, every refusal."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ogpld/ns#Commitment> }"
CONSTRUCT = (
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://data.example.org/id/plan/no/2>) }"
)
PLAN_GRAPH = "https://data.example.org/id/document/no/kmd/14-797"


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get(client):
    assert count(client.get("/sparql", params={"query": COUNT})) == 26


def test_trailing_slash(client):
    assert count(client.get("/sparql/", params={"query": COUNT})) == 26


def test_post_form(client):
    assert count(client.post("/sparql", data={"query": COUNT})) == 26


def test_post_direct(client):
    response = client.post(
        "/sparql", content=COUNT, headers={"Content-Type": "application/sparql-query"}
    )
    assert count(response) == 26


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_results_by_accept(client, accept, media):
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    body = response.text
    if "xml" in media:
        assert ET.fromstring(body).find(".//{*}literal").text == "26"
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(body))) == [["n"], ["26"]]
    elif "tab" in media:
        assert body.splitlines()[1].startswith('"26"') or body.splitlines()[1].startswith("26")
    else:
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "26"


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_graph_format(client, accept, rdflib_format):
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) >= 7


def test_format_parameter_beats_accept(client):
    response = client.get(
        "/sparql", params={"query": COUNT, "format": "csv"}, headers={"Accept": "application/xml"}
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_ask(client):
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.json()["boolean"] is True


def test_default_graph_uri_restricts_the_default_graph(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = count(client.get("/sparql", params={"query": query}))
    one = count(client.get("/sparql", params={"query": query, "default-graph-uri": PLAN_GRAPH}))
    assert 0 < one < everything


def test_named_graph_uri_limits_graph_patterns(client):
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(client.get("/sparql", params={"query": query})) > 5
    assert count(client.get("/sparql", params={"query": query, "named-graph-uri": PLAN_GRAPH})) == 1


def test_bad_query_is_400_with_the_parsers_reason(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert "bad query" in response.text and len(response.text.splitlines()) == 1


def test_relative_iris_resolve_against_the_endpoint(client):
    """The service sets the base (the protocol allows it): the endpoint, so <id/...> is our data."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { <id/plan/no/2> ?p ?o }"
    assert count(client.get("/sparql", params={"query": query})) >= 7


def test_a_parse_error_names_the_line_the_client_sent(client):
    """The BASE added before the query does not shift the parser's line numbers."""
    response = client.get("/sparql", params={"query": "ASK {\n  ?s ?p"})
    assert response.status_code == 400 and "error at 2:" in response.text


def test_service_description_without_a_query(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(o) == sd + "SPARQL11Query" for o in graph.objects())
    assert any(str(o) == PLAN_GRAPH for o in graph.objects())


def test_a_browser_without_a_query_gets_the_query_page(client):
    response = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/query"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
        {
            "content": "INSERT DATA { <a:b> <a:c> <a:d> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
    ],
)
def test_updates_are_refused(client, request_kwargs):
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text


def test_unknown_content_type_is_415(client):
    response = client.post("/sparql", content=COUNT, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    "request_kwargs, status, reason",
    [
        (
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            "unsupported charset 'utf-16': send UTF-8",
        ),
        (
            {
                "content": b"ASK { ?s ?p '\xe6' }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
            "the query is not valid UTF-8 (byte 14)",
        ),
        (
            {
                "content": b"query=ASK%20%7B%20%3Fs%20%3Fp%20%27%E6%27%20%7D",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            400,
            "the form has a percent-escape that is not valid UTF-8",
        ),
    ],
    ids=["declared-utf-16", "latin-1-body", "latin-1-form"],
)
def test_a_query_not_in_utf8_is_refused_not_mangled(client, request_kwargs, status, reason):
    """The protocol's bodies are UTF-8; anything else would be queried for the wrong text."""
    response = client.post("/sparql", **request_kwargs)
    assert (response.status_code, response.text.strip()) == (status, reason)


def test_a_url_escape_that_is_not_utf8_is_refused(client):
    response = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%27%E6%27%20%7D")
    assert response.status_code == 400 and "not valid UTF-8" in response.text


def test_utf8_declared_and_undeclared_is_answered_as_sent(client):
    query = "ASK { FILTER(STRLEN('æøå') = 3) }".encode()
    for charset in ("", "; charset=UTF-8", '; charset="utf-8"'):
        headers = {"Content-Type": f"application/sparql-query{charset}"}
        response = client.post("/sparql", content=query, headers=headers)
        assert response.status_code == 200 and response.json()["boolean"] is True


def test_ascii_declared_is_answered(client):
    headers = {"Content-Type": "application/sparql-query; charset=US-ASCII"}
    response = client.post("/sparql", content=b"ASK { FILTER(1 = 1) }", headers=headers)
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_unacceptable_format_is_406(client):
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://x/> } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_unless_allowed(client, query):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_the_word_service_in_data_is_not_a_service_clause(client):
    query = 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }'
    assert client.get("/sparql", params={"query": query}).status_code == 200


def test_cors_for_browser_code_on_other_sites(client):
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://ogp.example.gov",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://ogp.example.gov")
    response = client.get(
        "/sparql", params={"query": COUNT}, headers={"Origin": "https://ogp.example.gov"}
    )
    assert response.headers["access-control-allow-origin"] in ("*", "https://ogp.example.gov")


def test_sparqlwrapper(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setQuery(COUNT)
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["results"]["bindings"][0]["n"]["value"] == "26"


def test_federated_query_from_another_store(server):
    """Another portal's store asks our endpoint through SERVICE."""
    store = ox.Store()
    query = f"SELECT ?n WHERE {{ SERVICE <{server.url}/sparql> {{ {COUNT} }} }}"
    rows = list(store.query(query))
    assert rows[0]["n"].value == "26"


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_is_stopped_and_others_are_answered(strict_server):
    url = strict_server.url + "/sparql"
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["response"] = httpx.get(url, params={"query": RUNAWAY}, timeout=60)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    answered = [httpx.get(url, params={"query": COUNT}, timeout=10) for _ in range(20)]
    thread.join()
    assert all(r.status_code == 200 for r in answered)
    assert outcome["response"].status_code == 503
    assert "time limit" in outcome["response"].text
    assert outcome["seconds"] < 5
    assert httpx.get(url, params={"query": COUNT}).status_code == 200


def test_results_past_the_size_limit_are_refused(strict_server):
    response = httpx.get(
        strict_server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}
    )
    assert response.status_code == 413
    assert "LIMIT" in response.text


def test_load_on_loopback_without_a_failed_request(server):
    """16 clients, 25 requests each, the three kinds of query mixed: every answer right."""
    from concurrent.futures import ThreadPoolExecutor

    queries = [COUNT, CONSTRUCT, "ASK { ?s ?p ?o }"]

    def client(number: int) -> list[int]:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            statuses = []
            for index in range(25):
                query = queries[(number + index) % 3]
                response = http.post("/sparql", data={"query": query})
                statuses.append(response.status_code)
            return statuses

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        statuses = [s for batch in pool.map(client, range(16)) for s in batch]
    assert len(statuses) == 400
    assert statuses.count(200) == 400
    assert time.monotonic() - started < 60


def test_an_allowed_service_is_followed(strict_server):
    allowed = f"{strict_server.url}/sparql"
    query = f"SELECT ?n WHERE {{ SERVICE <{allowed}> {{ {COUNT} }} }}"
    response = httpx.get(allowed, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "26"
    other = query.replace(allowed, allowed.replace("127.0.0.1", "localhost"))
    assert httpx.get(allowed, params={"query": other}).status_code == 403
