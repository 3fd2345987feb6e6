"""The SPARQL 1.1 Protocol at /sparql: query by GET, POST form and POST direct; read-only."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from starlette.datastructures import State

from ogpld.errors import QueryError
from ogpld.store.base import Answer, QueryRequest
from ogpld.web.guard import check_query
from ogpld.web.negotiation import (
    FORMAT_PARAMETER,
    GRAPHS,
    HTML,
    RDFLIB_FORMATS,
    RESULTS,
    choose,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SD_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
FORM = "application/x-www-form-urlencoded"
UTF8_CHARSETS = ("utf-8", "utf8", "us-ascii", "ascii")  # ASCII is a subset of UTF-8
# The parser's position in a bad query, whose first line is the BASE added here.
_POSITION = re.compile(r"^bad query: error at (\d+):")

router = APIRouter()


def _parameters(request: Request, body: bytes) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for a form POST, from the body."""
    parameters = _parsed_form(request.url.query, "the URL", keep_blank_values=True)
    media = request.headers.get("content-type", "")
    content_type = media.split(";")[0].strip().lower()
    if request.method == "POST":
        _check_charset(media)
        if content_type == FORM:
            for name, values in _parsed_form(_utf8(body, "the form"), "the form").items():
                parameters.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-query":
            parameters.setdefault("query", []).append(_utf8(body, "the query"))
        elif content_type == "application/sparql-update":
            parameters.setdefault("update", []).append("")
        else:
            raise QueryError(f"unsupported content type {content_type or '(none)'!r}", 415)
    return parameters


def _check_charset(media: str) -> None:
    """The protocol's bodies are UTF-8; a request that declares another charset is refused."""
    for parameter in media.split(";")[1:]:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in UTF8_CHARSETS:
            raise QueryError(f"unsupported charset {charset!r}: send UTF-8", 415)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{what} is not valid UTF-8 (byte {error.start + 1})", 400) from None


def _parsed_form(text: str, what: str, keep_blank_values: bool = False) -> dict[str, list[str]]:
    """URL-encoded parameters whose percent-escapes must decode to UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=keep_blank_values, errors="strict")
    except UnicodeDecodeError:
        raise QueryError(f"{what} has a percent-escape that is not valid UTF-8", 400) from None


def _formats(request: Request, parameters: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """(results format, graph format) from the `format` parameter, else from Accept."""
    if parameters.get("format"):
        name = FORMAT_PARAMETER.get(parameters["format"][0].lower())
        if name is None or name == "html":
            raise QueryError(f"unknown format {parameters['format'][0]!r}", 400)
        return (name if name in RESULTS else None), (name if name in GRAPHS else None)
    accept = request.headers.get("accept")
    return choose(accept, RESULTS), choose(accept, GRAPHS)


@router.api_route("/sparql", methods=["GET", "POST"], include_in_schema=True)
@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 query endpoint; without a query, the service description."""
    body = await request.body() if request.method == "POST" else b""
    parameters = _parameters(request, body)
    if "update" in parameters:
        raise QueryError("this endpoint is read-only: SPARQL Update is not accepted", 403)
    queries = parameters.get("query", [])
    if len(queries) > 1:
        raise QueryError("more than one query in the request", 400)
    if not queries:
        return _service_description(request)
    app = request.app.state
    check_query(queries[0], app.settings.limits)
    results_format, graph_format = _formats(request, parameters)
    answer = await _execute(
        app,
        QueryRequest(
            query=queries[0],
            result_format=results_format or "",
            graph_format=graph_format or "",
            default_graphs=tuple(parameters.get("default-graph-uri", [])),
            named_graphs=tuple(parameters.get("named-graph-uri", [])),
        ),
    )
    media = GRAPHS[graph_format] if answer.kind == "graph" else RESULTS[results_format]
    return Response(answer.body, media_type=_with_charset(media), headers={"Vary": "Accept"})


async def _execute(app: State, request: QueryRequest) -> Answer:
    """Run the query under the endpoint's BASE; a parser's error still names the client's line."""
    endpoint = f"{app.settings.base_uri}sparql"
    try:
        return await app.store.execute(replace(request, query=_based(request.query, endpoint)))
    except QueryError as error:
        raise _unbased(error) from None


def _based(query: str, endpoint: str) -> str:
    """The query under BASE <endpoint>, so relative IRIs resolve (a BASE of its own still wins)."""
    return f"BASE <{endpoint}>\n{query}"


def _unbased(error: QueryError) -> QueryError:
    """The parser's error with the line numbered as in the query the client sent."""
    message = _POSITION.sub(lambda m: f"bad query: error at {int(m[1]) - 1}:", error.message)
    return QueryError(message, error.status, error.location)


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def _service_description(request: Request) -> Response:
    """What the endpoint offers, in RDF; a browser is sent to the query page instead."""
    accept = request.headers.get("accept")
    name = choose(accept, {**GRAPHS, "html": HTML})
    if name == "html":
        return RedirectResponse(f"{request.app.state.root}/query", status_code=303)
    graph = description_graph(str(request.url_for("sparql")), request.app.state.graphs)
    name = name or "turtle"
    body = graph.serialize(format=RDFLIB_FORMATS[name])
    return Response(body, media_type=_with_charset(GRAPHS[name]), headers={"Vary": "Accept"})


def description_graph(endpoint: str, graphs: list[str]) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint."""
    graph = Graph()
    graph.bind("sd", SD)
    service, dataset = BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in SD_RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, DCTERMS.description, Literal("the union of all named graphs", lang="en")))
    for name in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph
