"""The embedded store's query workers, under both event loops uvicorn may choose."""

from __future__ import annotations

import asyncio
import gzip
import json

import pytest
import uvloop

from ogpld.config import Limits
from ogpld.store.base import QueryRequest
from ogpld.store.embedded import EmbeddedStore, build_store

LOOPS = {"asyncio": asyncio.run, "uvloop": uvloop.run}
BIG = "SELECT ?s ?o WHERE { ?s <urn:test:text> ?o }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded")
    text = "x" * 2000
    lines = "".join(
        f'<urn:test:s{i}> <urn:test:text> "{text} {i}" <urn:test:g> .\n' for i in range(500)
    )
    dump = folder / "ogpld.nq.gz"
    dump.write_bytes(gzip.compress(lines.encode()))
    return build_store(dump, folder / "store")


@pytest.mark.parametrize("loop", sorted(LOOPS))
def test_answers_larger_than_a_socket_buffer_arrive_whole(store_path, loop):
    """A megabyte of results, many times over and concurrently, on both event loops."""

    async def run() -> list[int]:
        store = EmbeddedStore(store_path, Limits(), workers=2)
        await store.start()
        try:
            request = QueryRequest(BIG, result_format="json", graph_format="")
            answers = await asyncio.gather(*(store.execute(request) for _ in range(12)))
        finally:
            await store.close()
        return [len(json.loads(a.body)["results"]["bindings"]) for a in answers]

    assert LOOPS[loop](run()) == [500] * 12
