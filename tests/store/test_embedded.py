"""The embedded store's query workers, under both event loops uvicorn may choose."""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys

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


RUN_ONE_QUERY = """
import asyncio, sys
from ogpld.config import Limits
from ogpld.store.base import QueryRequest
from ogpld.store.embedded import EmbeddedStore


async def main():
    store = EmbeddedStore(sys.argv[1], Limits(), workers=1)
    await store.start()
    try:
        answer = await store.execute(QueryRequest("ASK {}", result_format="json", graph_format=""))
    finally:
        await store.close()
    print(answer.body.decode())


if __name__ == "__main__":
    asyncio.run(main())
"""


def test_workers_do_not_import_from_the_working_folder(store_path, tmp_path):
    """Run from a folder holding an rdflib.py (or another ogpld checkout), as the installed
    `ogpld` script is, the workers import what the server imports, not that folder's modules."""
    folder, marker = tmp_path / "elsewhere", tmp_path / "imported"
    folder.mkdir()
    (folder / "rdflib.py").write_text(f"open({str(marker)!r}, 'w').close()\nraise ImportError\n")
    script = tmp_path / "scripts" / "run_one_query.py"
    script.parent.mkdir()
    script.write_text(RUN_ONE_QUERY)
    ran = subprocess.run(
        [sys.executable, str(script), str(store_path)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["boolean"] is True
    assert not marker.exists()


def test_workers_of_the_console_script_do_not_import_the_command_line_again(store_path, tmp_path):
    """multiprocessing runs a main script again in each worker: under the `ogpld` script, whose
    import of ogpld.cli costs 0.15 s, a worker must find it imported by the fork server."""
    marker = tmp_path / "imported-again"
    script = tmp_path / "ogpld_like_script.py"
    script.write_text(
        "import sys\n"
        "if __name__ == '__mp_main__' and 'ogpld.cli' not in sys.modules:\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "import ogpld.cli\n" + RUN_ONE_QUERY
    )
    ran = subprocess.run(
        [sys.executable, str(script), str(store_path)], capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["boolean"] is True
    assert not marker.exists()
