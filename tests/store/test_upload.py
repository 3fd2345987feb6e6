"""Moving a staged graph into place when the server answers 5xx: retried only if not done."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest

from ogpld.config import RemoteSettings
from ogpld.store import upload
from ogpld.store.remote import Endpoints
from ogpld.store.switch import ControlGraph

STAGING, TARGET = "urn:ogpld:staging:v2:urn:g", "urn:g"


class Server:
    """A SPARQL server over a pyoxigraph store whose first update answers 5xx: after running
    it (a gateway that times out while the server commits) or instead of it (a rollback)."""

    def __init__(self, commits_before_failing: bool) -> None:
        self.store = ox.Store()
        self.store.update(f"INSERT DATA {{ GRAPH <{STAGING}> {{ <urn:s> <urn:p> 'new' }} }}")
        self.store.update(f"INSERT DATA {{ GRAPH <{TARGET}> {{ <urn:s> <urn:p> 'old' }} }}")
        self.commits_before_failing = commits_before_failing
        self.updates: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if "update" in form:
            self.updates.append(form["update"])
            if len(self.updates) == 1:
                if self.commits_before_failing:
                    self.store.update(form["update"])
                return httpx.Response(502, text="Bad Gateway")
            self.store.update(form["update"])
            return httpx.Response(200)
        answer = self.store.query(form["query"], use_default_graph_as_union=True)
        body = answer.serialize(format=ox.QueryResultsFormat.JSON)
        return httpx.Response(200, content=body)

    def target(self) -> list[str]:
        return [
            q.object.value
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(TARGET))
        ]


@pytest.mark.parametrize("commits_before_failing", [True, False], ids=["committed", "rolled-back"])
def test_a_move_answered_5xx_is_retried_only_if_it_was_not_done(
    commits_before_failing, monkeypatch
):
    monkeypatch.setattr(upload, "RETRY_PAUSE_SECONDS", 0)
    server = Server(commits_before_failing)
    endpoints = Endpoints.of("http://store/", RemoteSettings(), ControlGraph.of("https://e/"))
    with httpx.Client(transport=httpx.MockTransport(server)) as client:
        upload._move(client, endpoints, STAGING, TARGET)
    assert server.target() == ["new"]
    assert len(server.updates) == (1 if commits_before_failing else 2)
