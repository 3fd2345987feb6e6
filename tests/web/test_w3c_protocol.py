"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests sparql/sparql11/protocol) on `ogpld serve`.

Each case sends the request its manifest entry describes and checks the response it describes.
The endpoint is read-only by design: the update_* and bad_update_* cases are checked for the
refusal ogpld answers instead (docs/serving.md), and counted as refused by design, not as passes.
A two-request update case's second request checks the update's effect, so it is not sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pyoxigraph as ox
import pytest

from ..conftest import ROOT
from .conftest import Server, publish_to

FIXTURES = Path(__file__).parent / "protocol"
PROTOCOL_BASE = "https://protocol.example.org/"
DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
D0, D1, D2, D3 = (DATA.format(n) for n in range(4))
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
# The media types the manifest accepts for each kind of result ("or any other valid one").
MEDIA = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"},
}


@dataclass(frozen=True)
class HttpRequest:
    """One request as a manifest entry spells it: method, path with query string, body, type."""

    method: str
    target: str
    body: bytes = b""
    content_type: str | None = None

    def send(self, client: httpx.Client) -> httpx.Response:
        """Send it as written: the server must see the case's request, not httpx's idea of one."""
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        return client.request(self.method, self.target, content=self.body, headers=headers)


def target(*parameters: tuple[str, str]) -> str:
    """/sparql/ and its parameters, percent-encoded as the manifest writes them, byte for byte."""
    encoded = urlencode(parameters, quote_via=quote, safe="")
    return "/sparql/" + (f"?{encoded}" if encoded else "")


def get(*parameters: tuple[str, str]) -> HttpRequest:
    """A GET with every parameter in the URL."""
    return HttpRequest("GET", target(*parameters))


def form(body: str, *parameters: tuple[str, str]) -> HttpRequest:
    """A POST of an already URL-encoded form body, as the manifest writes it."""
    return HttpRequest("POST", target(*parameters), body.encode(), FORM)


def direct(text: str, *parameters: tuple[str, str], media: str = QUERY) -> HttpRequest:
    """A POST with the query or update itself as the body (UTF-8)."""
    return HttpRequest("POST", target(*parameters), text.encode(), media)


def in_graph(triples: str) -> str:
    """INSERT DATA's graphs for the update cases: data1-3, each saying this of itself."""
    return "".join(f"    GRAPH <{d}> {{ <{d}> {triples} }}\n" for d in (D1, D2, D3))


PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
DROP_THEN_DOCUMENTS = f"DROP ALL ;\nINSERT DATA {{\n{in_graph('a foaf:Document')}}} ;\n"
TEST_GRAPH = "http://example.org/protocol-update-dataset-{}test/"
BIBLIOGRAPHIC = "INSERT {{ GRAPH <{}> {{ ?s a dc:BibliographicResource }} }}\nWHERE {{ {} }}"
DEFAULT = ("default-graph-uri", D0)
ASK_BOTH = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}"
)
ASK_FROM = ASK_NAMED.replace("ASK {", f"ASK FROM <{D3}> {{", 1)
FULL_INSERT = (
    f"INSERT {{ GRAPH <{TEST_GRAPH.format('full-')}> {{ ?s <http://example.org/in> ?in }} }}\n"
    "WHERE { { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }\n"
    '  UNION { ?s a foaf:Document . BIND("default" AS ?in) } }'
)
BASE_TEST = "<http://example.org/protocol-base-test/>"
QUERY_CASES = [
    pytest.param(form("query=ASK%20%7B%7D", DEFAULT), "boolean", True, id="query_post_form"),
    pytest.param(
        get(("query", ASK_BOTH), ("default-graph-uri", D1), ("default-graph-uri", D2)),
        "boolean",
        True,
        id="query_dataset_default_graphs_get",
    ),
    pytest.param(
        direct(ASK_BOTH, ("default-graph-uri", D1), ("default-graph-uri", D2)),
        "boolean",
        True,
        id="query_dataset_default_graphs_post",
    ),
    pytest.param(
        direct(ASK_NAMED, ("named-graph-uri", D1), ("named-graph-uri", D2)),
        "boolean",
        True,
        id="query_dataset_named_graphs_post",
    ),
    pytest.param(
        get(("query", ASK_NAMED), ("named-graph-uri", D1), ("named-graph-uri", D2)),
        "boolean",
        True,
        id="query_dataset_named_graphs_get",
    ),
    pytest.param(
        direct(
            ASK_FULL, ("default-graph-uri", D3), ("named-graph-uri", D1), ("named-graph-uri", D2)
        ),
        "boolean",
        True,
        id="query_dataset_full",
    ),
    pytest.param(
        # The manifest's URL encodes the & between the two parameters as %26 (w3c/rdf-tests#78),
        # which names one graph that does not exist; sent as the case means it: two parameters.
        direct(ASK_FROM, ("named-graph-uri", D1), ("named-graph-uri", D2)),
        "boolean",
        True,
        id="query_multiple_dataset",
    ),
    pytest.param(get(("query", "ASK {}"), DEFAULT), "boolean", True, id="query_get"),
    pytest.param(
        direct("SELECT (1 AS ?value) {}", DEFAULT), "tabular", None, id="query_content_type_select"
    ),
    pytest.param(direct("ASK {}", DEFAULT), "boolean", None, id="query_content_type_ask"),
    pytest.param(
        direct("DESCRIBE <http://example.org/>", DEFAULT),
        "RDF",
        None,
        id="query_content_type_describe",
    ),
    pytest.param(
        direct("CONSTRUCT { <s> <p> 1 } WHERE {}", DEFAULT),
        "RDF",
        None,
        id="query_content_type_construct",
    ),
    pytest.param(direct("ASK {}"), "boolean", True, id="query_post_direct"),
]

BAD_QUERY_CASES = [
    pytest.param(
        HttpRequest("PUT", target(("query", "ASK {}"), DEFAULT), content_type=FORM),
        id="bad_query_method",
    ),
    pytest.param(get(("query", "ASK {}"), ("query", "SELECT * {}")), id="bad_multiple_queries"),
    pytest.param(direct("ASK {}", media="text/plain"), id="bad_query_wrong_media_type"),
    pytest.param(
        HttpRequest("POST", target(), b"query=ASK%20%7B%7D"), id="bad_query_missing_form_type"
    ),
    pytest.param(HttpRequest("POST", target(), b"ASK {}"), id="bad_query_missing_direct_type"),
    pytest.param(
        HttpRequest("POST", target(), "ASK {}".encode("utf-16"), f"{QUERY}; charset=UTF-16"),
        id="bad_query_non_utf8",
    ),
    pytest.param(get(("query", "ASK {")), id="bad_query_syntax"),
]

READ_ONLY = (403, "read-only")
UNSUPPORTED = (415, "unsupported content type")
UPDATE_CASES = [
    pytest.param(
        direct(
            PREFIXES
            + f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{D1}> {{ <{D1}> a foaf:Document }} }} ;\n"
            + BIBLIOGRAPHIC.format(TEST_GRAPH.format(""), "?s a foaf:Document"),
            ("using-graph-uri", D1),
            media=UPDATE,
        ),
        *READ_ONLY,
        id="update_dataset_default_graph",
    ),
    pytest.param(
        direct(
            PREFIXES
            + DROP_THEN_DOCUMENTS
            + BIBLIOGRAPHIC.format(TEST_GRAPH.format("graphs-"), "?s a foaf:Document"),
            ("using-graph-uri", D1),
            ("using-graph-uri", D2),
            media=UPDATE,
        ),
        *READ_ONLY,
        id="update_dataset_default_graphs",
    ),
    pytest.param(
        direct(
            PREFIXES
            + DROP_THEN_DOCUMENTS
            + BIBLIOGRAPHIC.format(
                TEST_GRAPH.format("named-graphs-"), "GRAPH ?g { ?s a foaf:Document }"
            ),
            ("using-named-graph-uri", D1),
            ("using-named-graph-uri", D2),
            media=UPDATE,
        ),
        *READ_ONLY,
        id="update_dataset_named_graphs",
    ),
    pytest.param(
        direct(
            PREFIXES + DROP_THEN_DOCUMENTS + FULL_INSERT,
            ("using-graph-uri", D1),
            ("using-named-graph-uri", D2),
            media=UPDATE,
        ),
        *READ_ONLY,
        id="update_dataset_full",
    ),
    pytest.param(form("update=CLEAR+ALL"), *READ_ONLY, id="update_post_form"),
    pytest.param(direct("CLEAR ALL", media=UPDATE), *READ_ONLY, id="update_post_direct"),
    pytest.param(
        direct(
            f"CLEAR GRAPH {BASE_TEST} ;\nINSERT DATA {{ GRAPH {BASE_TEST} "
            "{ <http://example.org/s> <http://example.org/p> <test> } }",
            media=UPDATE,
        ),
        *READ_ONLY,
        id="update_base_uri",
    ),
    pytest.param(get(("update", "CLEAR ALL")), *READ_ONLY, id="bad_update_get"),
    pytest.param(
        form("update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"), *READ_ONLY, id="bad_multiple_updates"
    ),
    pytest.param(
        direct("CLEAR NAMED", media="text/plain"), *UNSUPPORTED, id="bad_update_wrong_media_type"
    ),
    pytest.param(
        HttpRequest("POST", target(), b"update=CLEAR%20NAMED"),
        *UNSUPPORTED,
        id="bad_update_missing_form_type",
    ),
    pytest.param(
        HttpRequest("POST", target(), "CLEAR NAMED".encode("utf-16"), f"{UPDATE}; charset=UTF-16"),
        415,
        "unsupported charset",
        id="bad_update_non_utf8",
    ),
    pytest.param(form("update=CLEAR%20XYZ"), *READ_ONLY, id="bad_update_syntax"),
    pytest.param(
        direct(
            "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
            "DELETE { ?person foaf:givenName 'Bill' }\n"
            "INSERT { ?person foaf:givenName 'William' }\n"
            "WHERE {\n    ?person foaf:givenName 'Bill'\n}",
            ("using-named-graph-uri", "http://example/people"),
            media=UPDATE,
        ),
        *READ_ONLY,
        id="bad_update_dataset_conflict",
    ),
]


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def protocol(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    """`ogpld serve` over the graphs data1-3 the manifest loads; data0 it names is never loaded.

    Over Virtuoso the graphs are published under a base URI of their own, with a control graph
    of their own, so that publishing them drops none of the bundled data's graphs the other web
    tests publish into the same server (both write the same vocabulary graph, the same content).
    """
    cache = tmp_path_factory.mktemp("protocol-cache")
    if request.param == "embedded":
        server = Server(cache, ROOT / "ogpld.toml", ("--workers", "2"), paths=(str(FIXTURES),))
    else:
        virtuoso = request.getfixturevalue("virtuoso")
        folder = tmp_path_factory.mktemp("protocol-site")
        config = folder / "ogpld.toml"
        settings = (ROOT / "ogpld.toml").read_text()
        config.write_text(settings.replace("https://data.example.org/", PROTOCOL_BASE))
        site = folder / "site"
        publish_to(virtuoso.url, site, (str(FIXTURES),), config)
        options = ("--workers", "2", "--store", virtuoso.url)
        server = Server(cache, config, options, paths=(str(site),))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


def parsed(response: httpx.Response, kind: str) -> object:
    """The result, read in the media type the server chose, since the cases accept several."""
    media = response.headers["content-type"].split(";")[0].strip()
    assert media in MEDIA[kind], f"{media} is not a media type for {kind} results"
    if kind == "RDF":
        return list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)))
    fmt = ox.QueryResultsFormat.from_media_type(media)
    results = ox.parse_query_results(response.content, format=fmt)
    if kind == "boolean":
        assert isinstance(results, ox.QueryBoolean)
        return bool(results)
    assert isinstance(results, ox.QuerySolutions)
    return list(results)


@pytest.mark.parametrize("http_request, kind, expected", QUERY_CASES)
def test_query(
    protocol: httpx.Client, http_request: HttpRequest, kind: str, expected: bool | None
) -> None:
    """A query case: 2xx or 3xx, a media type for its kind of result, and the result it names."""
    response = http_request.send(protocol)
    assert 200 <= response.status_code < 400, response.text
    result = parsed(response, kind)
    if expected is not None:
        assert result == expected


@pytest.mark.parametrize("http_request", BAD_QUERY_CASES)
def test_bad_query(protocol: httpx.Client, http_request: HttpRequest) -> None:
    """A malformed query request: 4xx, as the case says, with its reason in one plain line."""
    response = http_request.send(protocol)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("text/plain")
    assert len(response.text.strip().splitlines()) == 1


@pytest.mark.parametrize("http_request, status, reason", UPDATE_CASES)
def test_update_refused_by_design(
    protocol: httpx.Client, http_request: HttpRequest, status: int, reason: str
) -> None:
    """An update case: the refusal a read-only public endpoint gives, never an update."""
    response = http_request.send(protocol)
    assert response.status_code == status, response.text
    assert reason in response.text
