"""Linked data for people and programs: /id → 303 → /doc, pages, the query page, release files."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from rdflib import Graph

from ogpld.config import LANGUAGES
from ogpld.errors import QueryError
from ogpld.resources import queries_dir
from ogpld.store.base import QueryRequest
from ogpld.web.negotiation import (
    FORMAT_PARAMETER,
    GRAPHS,
    HTML,
    RDFLIB_FORMATS,
    choose,
    choose_language,
)
from ogpld.web.views import ResourceView, Term, Words, timeline

router = APIRouter()
# Characters an IRI cannot hold (SPARQL's IRIREF): refused before a path becomes part of a query.
NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def language(request: Request) -> str:
    """?lang= if given, else the visitor's Accept-Language among ours."""
    wanted = request.query_params.get("lang")
    if wanted in LANGUAGES:
        return wanted
    return choose_language(request.headers.get("accept-language"), LANGUAGES)


def page_format(request: Request) -> str | None:
    """html or a graph format name, from ?format= or Accept."""
    if "format" in request.query_params:
        name = FORMAT_PARAMETER.get(request.query_params["format"].lower())
        if name not in {*GRAPHS, "html"}:
            raise QueryError(f"unknown format {request.query_params['format']!r}", 400)
        return name
    return choose(request.headers.get("accept"), {"html": HTML, **GRAPHS})


def render(request: Request, template: str, **context) -> HTMLResponse:
    """A page in the visitor's language, with what every page needs."""
    lang = context.pop("lang", None) or language(request)
    body = request.app.state.templates.get_template(template).render(
        lang=lang,
        words=Words(lang),
        languages=LANGUAGES,
        path=request.url.path,
        title_of_site=request.app.state.site_title,
        root=request.app.state.root,
        **context,
    )
    return HTMLResponse(body, headers={"Vary": "Accept, Accept-Language"})


async def select(request: Request, query: str) -> list[dict[str, Term]]:
    """Rows of a SELECT query run on the store, as plain terms."""
    answer = await request.app.state.store.execute(
        QueryRequest(query, result_format="json", graph_format="")
    )
    rows = json.loads(answer.body)["results"]["bindings"]
    return [{name: Term.of(value) for name, value in row.items()} for row in rows]


@router.get("/", include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    rows = await select(
        request, (queries_dir() / "examples/5-plans-and-commitments.rq").read_text()
    )
    state = request.app.state
    return render(request, "home.html", plans=rows, site=state.site, base=state.settings.base_uri)


@router.get("/healthz")
async def healthz(request: Request) -> dict:
    """Liveness for load balancers: answers once the store answers a query."""
    rows = await select(request, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {"status": "ok", "release": request.app.state.site.version, "quads": rows[0]["n"].value}


@router.get("/id/{path:path}", include_in_schema=False)
async def identifier(path: str, request: Request) -> RedirectResponse:
    """A thing's URI: 303 See Other to the document about it."""
    query = f"?{request.url.query}" if request.url.query else ""
    root = request.app.state.root
    return RedirectResponse(f"{root}/doc/{quote(path)}{query}", status_code=303)


@router.get("/doc/{path:path}", include_in_schema=False)
async def document(path: str, request: Request) -> Response:
    """The document about a thing: HTML for people, RDF for programs."""
    state = request.app.state
    iri = f"{state.settings.base_uri}id/{path}"
    if NOT_IN_IRI.search(iri):
        raise QueryError(f"not a resource of this dataset: /doc/{path}", 404)
    name = page_format(request)
    if name is None:
        raise QueryError("none of the formats you accept is offered for this page", 406)
    if name != "html":
        answer = await state.store.execute(
            QueryRequest(f"DESCRIBE <{iri}>", result_format="", graph_format=name)
        )
        if len(answer.body.strip()) < 3 or answer.body.strip() in (b"[]", b"{}"):
            raise QueryError(f"nothing is known about <{iri}>", 404)
        return Response(answer.body, media_type=GRAPHS[name], headers={"Vary": "Accept"})
    view = ResourceView(iri, language(request), state.settings.base_uri, state.root)
    queries = view.queries()
    answers = await asyncio.gather(*(select(request, query) for query in queries.values()))
    for name, rows in zip(queries, answers, strict=True):
        view.add(name, rows)
    if not view.known:
        raise QueryError(f"nothing is known about <{iri}>", 404)
    items = timeline(view.dated) if view.dated else None
    return render(request, "resource.html", view=view, timeline=items, lang=view.lang)


@router.get("/query", include_in_schema=False)
async def query_page(request: Request) -> HTMLResponse:
    """An editor with example queries; results as a table, download as CSV."""
    examples = [
        (path.stem, path.read_text().splitlines()[0].lstrip("# "), path.read_text())
        for path in sorted((queries_dir() / "examples").glob("*.rq"))
    ]
    base = request.app.state.settings.base_uri
    return render(request, "query.html", examples=examples, base=base)


def _release_file(request: Request, name: str, media: str) -> Response:
    """A file of the served release, converted to the RDF syntax the client asks for."""
    path = request.app.state.site.release / name
    wanted = page_format(request)
    if wanted in (None, "html", "turtle"):
        return FileResponse(path, media_type=media)
    graph = Graph().parse(path)
    body = graph.serialize(format=RDFLIB_FORMATS[wanted])
    return Response(body, media_type=GRAPHS[wanted], headers={"Vary": "Accept"})


@router.get("/catalog")
async def catalog(request: Request) -> Response:
    """The DCAT-AP catalog of the served release."""
    return _release_file(request, "catalog.ttl", "text/turtle")


@router.get("/void")
async def void(request: Request) -> Response:
    """The VoID description of the served release."""
    return _release_file(request, "void.ttl", "text/turtle")


@router.get("/vocab", include_in_schema=False)
async def vocabulary_docs(request: Request) -> RedirectResponse:
    version = request.app.state.site.version
    root = request.app.state.root
    return RedirectResponse(f"{root}/releases/{version}/vocab/{language(request)}.html", 303)


@router.get("/releases/{path:path}", include_in_schema=False)
async def release_files(path: str, request: Request) -> FileResponse:
    """Every release's files, and `latest`, at stable paths."""
    site = request.app.state.site
    root = site.release.parent.resolve()
    first, _, rest = path.partition("/")
    folder = site.release if first == "latest" else root / first
    target = (folder / rest).resolve() if rest else folder.resolve() / "index.html"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(root) or not target.is_file():
        raise QueryError(f"no such file: /releases/{path}", 404)
    return FileResponse(target)


def site_title(release: Path) -> str:
    """The dataset's English title from the catalog, for page headers."""
    from rdflib.namespace import DCAT, DCTERMS, RDF

    graph = Graph().parse(release / "catalog.ttl")
    dataset = graph.value(None, RDF.type, DCAT.Dataset)
    titles = {t.language: str(t) for t in graph.objects(dataset, DCTERMS.title)}
    return titles.get("en") or next(iter(titles.values()), "ogpld")
