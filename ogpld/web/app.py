"""The FastAPI application: SPARQL endpoint, linked-data pages and release files over one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse
from starlette.exceptions import HTTPException

from ogpld import __version__
from ogpld.config import Settings
from ogpld.errors import OgpldError, QueryError
from ogpld.resources import templates
from ogpld.site import Site, published_graphs
from ogpld.store.base import Store
from ogpld.web import pages, sparql


def create_app(settings: Settings, site: Site, store: Store) -> FastAPI:
    """The app for one release; the store is started and stopped with the app."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start = getattr(store, "start", None)
        if start is not None:
            await start()
        try:
            yield
        finally:
            await store.close()

    app = FastAPI(
        title="ogpld",
        version=__version__,
        description="SPARQL endpoint and linked-data pages of Open Government Partnership data.",
        lifespan=lifespan,
    )
    app.state.settings, app.state.site, app.state.store = settings, site, store
    app.state.graphs = published_graphs(site.release)
    app.state.templates = templates()
    app.state.site_title = pages.site_title(site.release)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.limits.cors_origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        max_age=86400,
    )
    app.add_exception_handler(OgpldError, _error_response)
    app.add_exception_handler(HTTPException, _http_error_response)
    app.state.root = root = urlsplit(settings.base_uri).path.rstrip("/")
    app.include_router(sparql.router, prefix=root)
    app.include_router(pages.router, prefix=root)
    return app


async def _error_response(_request: Request, error: Exception) -> PlainTextResponse:
    """Every refusal in one line with its status; nothing of the server's insides."""
    status = error.status if isinstance(error, QueryError) else 500
    return PlainTextResponse(" ".join(str(error).split()) + "\n", status_code=status)


async def _http_error_response(_request: Request, error: Exception) -> PlainTextResponse:
    """The framework's own refusals (unknown path, method not allowed) in the same one line."""
    assert isinstance(error, HTTPException)
    reason = " ".join(str(error.detail).split())
    return PlainTextResponse(reason + "\n", status_code=error.status_code, headers=error.headers)
