"""The embedded store: pyoxigraph on disk, queried by a pool of worker processes.

The store is built once from a release's N-Quads dump into a folder next to it and opened
read-only afterwards, so a restart does not parse anything. Each worker process holds its own
read-only handle; a query that passes its time limit is stopped by killing its worker, which is
then replaced, while the other workers go on answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import multiprocessing
import multiprocessing.forkserver
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from ogpld.config import Limits
from ogpld.errors import QueryError
from ogpld.store import worker
from ogpld.store.base import Answer, QueryRequest

READY_FILE = "ogpld-store-complete"


def build_store(dump: Path, folder: Path) -> Path:
    """The on-disk store of a dump, loaded once; a complete one is reused as it is."""
    if (folder / READY_FILE).is_file():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(partial, ignore_errors=True)
    store = ox.Store(str(partial))
    with gzip.open(dump, "rb") if dump.suffix == ".gz" else dump.open("rb") as data:
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    store.optimize()
    store.flush()
    del store
    (partial / READY_FILE).write_text(str(dump))
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def start_worker_server() -> bool:
    """Start (or check) the process query workers are forked from; False where there is none.

    A worker forked from a server that imported the worker module once starts in milliseconds;
    a spawned one is a new interpreter that imports ogpld first (0.4 s each, 1.6 s for four on
    two CPUs). The server is started clean, so it does not inherit the web server's threads.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    multiprocessing.get_context("forkserver").set_forkserver_preload(_preloads())
    try:
        with _import_path_for_children():
            multiprocessing.forkserver.ensure_running()
    except OSError:  # its socket cannot be made: TMPDIR not writable, or its path too long
        return False
    return True


def _preloads() -> list[str]:
    """The worker module; under the console script, also the command line every child re-imports.

    multiprocessing runs a main script again in each child it starts (the `ogpld` script imports
    ogpld.cli, 0.15 s a worker). Its fork server was meant to run it once, to be inherited, but
    CPython 3.11-3.13 never pass it the script's path; importing ogpld.cli there has that effect.
    """
    main = sys.modules["__main__"]
    script = getattr(main, "__spec__", None) is None and hasattr(main, "__file__")
    return [worker.__name__, "ogpld.cli"] if script else [worker.__name__]


@contextlib.contextmanager
def _import_path_for_children() -> Iterator[None]:
    """This process's sys.path, and not the working folder, for a fork server that starts now.

    CPython 3.11-3.13's fork server imports its preloaded modules before it applies the parent's
    sys.path, with the working folder first: an ogpld checkout there would be the one imported.
    """
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "PYTHONSAFEPATH")}
    os.environ["PYTHONPATH"] = os.pathsep.join(entry or os.getcwd() for entry in sys.path)
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        """Kill the process unless it has ended: a forked worker's id is freed when it ends."""
        with contextlib.suppress(OSError):
            self.connection.close()
        if self.process.is_alive():
            self.process.kill()


class EmbeddedStore:
    """Answers queries from worker processes over a read-only on-disk pyoxigraph store."""

    def __init__(self, path: Path, limits: Limits, workers: int | None = None) -> None:
        self.path, self.limits = path, limits
        self.size = workers or max(4, 2 * (os.cpu_count() or 2))
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.workers: set[_Worker] = set()

    async def start(self) -> None:
        """Start the workers and wait until each has opened the store."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for item in started:
            self.idle.put_nowait(item)

    async def _spawn(self) -> _Worker:
        context = multiprocessing.get_context("forkserver" if start_worker_server() else "spawn")
        parent, child = context.Pipe()
        limit = self.limits.max_result_bytes
        process = context.Process(
            target=worker.serve, args=(str(self.path), child, limit), daemon=True
        )
        await asyncio.to_thread(process.start)
        child.close()
        item = _Worker(process, parent)
        self.workers.add(item)
        await _readable(parent, 60)
        status, _ = parent.recv()
        if status != "ready":
            raise QueryError("the store could not be opened", 500)
        return item

    async def execute(self, request: QueryRequest) -> Answer:
        """Run one query on an idle worker; past the time limit the worker is replaced."""
        item = await self.idle.get()
        message = {
            "query": request.query,
            "select_format": request.result_format,
            "graph_format": request.graph_format,
            "default_graphs": request.default_graphs,
            "named_graphs": request.named_graphs,
        }
        try:
            item.connection.send(message)
            await _readable(item.connection, self.limits.timeout_seconds)
            status, payload = item.connection.recv()
        except TimeoutError:
            self._replace(item)
            reason = f"the query was stopped at the time limit, {self.limits.timeout_seconds:g} s"
            raise QueryError(reason, 503) from None
        except (EOFError, OSError):
            self._replace(item)
            raise QueryError("the query worker stopped unexpectedly; try again", 500) from None
        except BaseException:
            self._replace(item)
            raise
        self.idle.put_nowait(item)
        if status == "error":
            code, reason = payload
            raise QueryError(reason, code)
        kind, body = payload
        return Answer(kind, body)

    def _replace(self, item: _Worker) -> None:
        """Kill a worker that is busy with a query nobody waits for, and start another."""
        self.workers.discard(item)
        item.stop()
        task = asyncio.get_running_loop().create_task(self._spawn())
        task.add_done_callback(lambda t: t.exception() or self.idle.put_nowait(t.result()))

    async def close(self) -> None:
        for item in list(self.workers):
            item.stop()
            item.process.join(timeout=5)
        self.workers.clear()


async def _readable(connection: Connection, timeout: float) -> None:
    """Wait, without blocking the event loop, until the connection has data.

    uvloop makes a watched descriptor non-blocking and leaves it so; put it back, or reading a
    message larger than the socket's buffer fails half-way with EAGAIN.
    """
    if connection.poll():
        return
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = connection.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait_for(ready, timeout)
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)
