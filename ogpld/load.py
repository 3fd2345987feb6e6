"""Load RDF source files into one store, keeping every file's errors instead of stopping.

Files are parsed by pyoxigraph, which never fetches anything (a remote JSON-LD context is an
error, not a download), after ogpld.sources has checked them.

Inputs are read whole and loaded into an in-memory store (fastest) when that fits in half the
memory available; larger ones go into an on-disk store in a temporary folder instead, checked
and loaded piece by piece, so that memory stays bounded however large the data. File contents
are never kept: a file is read again only when a report must place results in it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from ogpld.engine.terms import skolemize, to_oxigraph, to_rdflib
from ogpld.errors import SourceError
from ogpld.locate import subject_locations
from ogpld.report import Location
from ogpld.sources import (
    SourceText,
    content_bytes,
    expand_paths,
    format_for,
    needs_rewrite,
    read_file,
    scan_file,
)

# Peak memory of loading and validating in memory, per byte of input (measured with N-Triples:
# 61 MB took 288 MB, 612 MB took 2,320 MB). Inputs whose estimate exceeds memory_budget() go
# into an on-disk store (pyoxigraph's RocksDB) in a temporary folder, removed when the SourceSet
# is closed or collected, or at exit; validating from there is about 3.6 times slower.
MEMORY_PER_INPUT_BYTE = 4
# Each bulk load into the on-disk store holds its quads in memory (about 1 GB per million with
# pyoxigraph's defaults), so large files go in pieces of about this many bytes or quads.
LOAD_PIECE_BYTES = 32 * 1024 * 1024
LOAD_PIECE_QUADS = 200_000


class _StoreFolder:
    """An on-disk store and its temporary folder, holding the only reference to the store.

    Removal first drops the store, so that RocksDB closes (and stops writing) before the
    folder is deleted; otherwise a late flush could write files into a folder being removed.
    """

    def __init__(self, store: ox.Store, path: Path | None) -> None:
        self.store: ox.Store | None = store
        self.path = path

    def remove(self) -> None:
        """Close the on-disk store and delete the folder; the store cannot be used after this."""
        self.store = None
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)


class SourceSet:
    """The loaded sources: one store of all their quads, the files read, and the files that failed.

    The store is the validator's: blank nodes are held as skolem IRIs and some literals under a
    private datatype (see ogpld.engine.terms); union() gives the data back exactly as written.
    A large input's store is on disk in a temporary folder, removed by close() (or when the set
    is collected, or at exit); using the store after that is a ValueError.
    """

    def __init__(self, store: ox.Store | None = None, folder: Path | None = None) -> None:
        self._held = _StoreFolder(ox.Store() if store is None else store, folder)
        self.files: list[Path] = []
        self.errors: list[SourceError] = []
        self.texts: list[SourceText] = []
        self.graphs: dict[Path, set[str]] = {}
        self._removal = weakref.finalize(self, self._held.remove) if folder else None

    @property
    def store(self) -> ox.Store:
        """All quads of all files (and, while validating, the vocabulary)."""
        if self._held.store is None:
            raise ValueError("the sources' on-disk store was closed")
        return self._held.store

    @property
    def folder(self) -> Path | None:
        """The on-disk store's temporary folder, if the store is on disk."""
        return self._held.path

    def close(self) -> None:
        """Remove the on-disk store now, rather than when the set is collected or at exit."""
        if self._removal is not None:
            self._removal()

    def __enter__(self) -> SourceSet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def union(self) -> Graph:
        """All triples of all graphs in one rdflib graph, as written in the sources."""
        graph = Graph()
        graph.addN(
            (to_rdflib(q.subject), URIRef(q.predicate.value), to_rdflib(q.object), graph)
            for q in self.store
        )
        return graph

    def locations(self, nodes: Iterable[Node]) -> dict[Node, Location]:
        """Where each node's description starts (a blank node's: its parent's), found together.

        Files are read again for this, one at a time; nothing is read when there are no nodes.
        """
        owners = {
            node: [c for c in self._self_and_parents(node) if isinstance(c, URIRef)]
            for node in nodes
        }
        wanted = {candidate for candidates in owners.values() for candidate in candidates}
        found = subject_locations(self.texts, wanted)
        return {
            node: next(found[c] for c in candidates if c in found)
            for node, candidates in owners.items()
            if any(c in found for c in candidates)
        }

    def locate(self, node: Node) -> Location | None:
        """Where one node's description starts, if it is found in the sources."""
        return self.locations([node]).get(node)

    def _self_and_parents(self, node: Node, depth: int = 3) -> Iterator[Node]:
        yield node
        if not isinstance(node, URIRef) and depth:
            for quad in self.store.quads_for_pattern(None, None, to_oxigraph(node)):
                yield from self._self_and_parents(to_rdflib(quad.subject), depth - 1)


def _syntax_error(path: Path, error: SyntaxError) -> SourceError:
    reason = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", error.msg)
    reason = re.sub(r"^error at \d+:\d+: ", "", reason)
    if "LoadDocumentCallback" in reason:
        reason = "remote JSON-LD contexts are not fetched; inline the @context"
    if error.lineno:
        return SourceError(f"syntax error: {reason}", f"{path}:{error.lineno}:{error.offset or 1}")
    return SourceError(f"syntax error: {reason}", str(path))


def _in_graph(
    quads: Iterable[ox.Quad], graph: ox.NamedNode | None, names: set[str]
) -> Iterator[ox.Quad]:
    """Quads with the default graph's statements moved into the given graph, if any."""
    for quad in quads:
        if graph is not None and isinstance(quad.graph_name, ox.DefaultGraph):
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, graph)
        if isinstance(quad.graph_name, ox.NamedNode):
            names.add(quad.graph_name.value)
        yield skolemize(quad)


def _loads_directly(parser: str, graph: ox.NamedNode | None) -> bool:
    """True if a line-based file without anything to rewrite can go straight into the store."""
    return parser == "nt" or (parser == "nquads" and graph is None)


def _store_file(
    store: ox.Store,
    text: SourceText,
    data: bytes,
    rdf_format: ox.RdfFormat,
    graph: ox.NamedNode | None = None,
) -> set[str]:
    """Add one file's quads to the store, rewritten for the engine where they need it.

    Returns the names of the graphs the file wrote to (unknown, empty, for N-Quads loaded
    directly, which happens only when no graph_for_file was asked for).
    """
    names: set[str] = set()
    try:
        if _loads_directly(text.parser, graph) and not needs_rewrite(data):
            store.load(input=data, format=rdf_format, base_iri=text.base, to_graph=graph)
            return {graph.value} if graph else names
        parsed = ox.parse(
            input=data, format=rdf_format, base_iri=text.base, rename_blank_nodes=True
        )
        store.bulk_extend(list(_in_graph(parsed, graph, names)))
        return names
    except SyntaxError as error:
        raise _syntax_error(text.path, error) from None
    except ValueError as error:
        raise SourceError(f"cannot parse: {error}", str(text.path)) from None


def _stream_file(
    store: ox.Store,
    text: SourceText,
    rdf_format: ox.RdfFormat,
    graph: ox.NamedNode | None,
    rewrite: bool,
    progress: _Progress | None = None,
) -> set[str]:
    """Add one file's quads to the store without holding the file or its quads in memory.

    Loads in pieces (each bulk load holds its piece's quads in memory); the graph names
    returned are as for _store_file. A failure leaves the pieces loaded before it in the
    store, and progress says whether there were any.
    """
    names: set[str] = set()
    progress = progress or _Progress()
    try:
        if not rewrite and _loads_directly(text.parser, graph):
            for chunk in text.chunks(LOAD_PIECE_BYTES):
                store.bulk_load(input=chunk, format=rdf_format, base_iri=text.base, to_graph=graph)
                progress.wrote = True
            return {graph.value} if graph else names
        with text.opened() as handle:
            parsed = ox.parse(
                input=handle, format=rdf_format, base_iri=text.base, rename_blank_nodes=True
            )
            for piece in _pieces(_in_graph(parsed, graph, names)):
                store.bulk_extend(piece)
                progress.wrote = True
        return names
    except SyntaxError:
        raise _first_syntax_error(text, rdf_format) from None
    except ValueError as error:
        raise SourceError(f"cannot parse: {error}", str(text.path)) from None


def _pieces(quads: Iterator[ox.Quad]) -> Iterator[list[ox.Quad]]:
    """Quads in lists of LOAD_PIECE_QUADS, so that each bulk load stays small."""
    while piece := list(islice(quads, LOAD_PIECE_QUADS)):
        yield piece


def _first_syntax_error(text: SourceText, rdf_format: ox.RdfFormat) -> SourceError:
    """The file's first syntax error, as a whole-file parse reports it (pieces count lines anew)."""
    try:
        with text.opened() as handle:
            for _ in ox.parse(input=handle, format=rdf_format, base_iri=text.base):
                pass
    except SyntaxError as error:
        return _syntax_error(text.path, error)
    return SourceError("syntax error", str(text.path))


@dataclass
class _Progress:
    """Whether a file being streamed has put any of its pieces in the store yet.

    A piece that fails to parse writes nothing (measured: a bulk load of 2.5 million quads
    ending in a syntax error left the store empty), so a file that fails in its first piece
    leaves nothing behind and the files loaded before it need not be loaded again.
    """

    wrote: bool = False


@dataclass
class _Loader:
    """Adds files one by one to a SourceSet: read whole, or streamed into an on-disk store."""

    sources: SourceSet
    rdf_format: str | None
    graph_for_file: Callable[[Path], ox.NamedNode] | None
    streamed: bool
    loaded: list[tuple[SourceText, ox.RdfFormat, ox.NamedNode | None, bool]] = field(
        default_factory=list
    )

    def add(self, path: Path) -> None:
        """Load one file, or record why it cannot be loaded and go on."""
        if not path.exists():
            self.sources.errors.append(SourceError("no such file or folder", str(path)))
            return
        try:
            text = self._streamed(path) if self.streamed else self._whole(path)
        except SourceError as error:
            # Without its traceback and context, which hold the loader and the file's content.
            error.__context__ = None
            self.sources.errors.append(error.with_traceback(None))
            return
        self.sources.texts.append(text)
        self.sources.files.append(path)

    def _graph(self, path: Path) -> ox.NamedNode | None:
        return self.graph_for_file(path) if self.graph_for_file else None

    def _whole(self, path: Path) -> SourceText:
        text, data, oxigraph_format = read_file(path, self.rdf_format)
        graph = self._graph(path)
        self.sources.graphs[path] = _store_file(
            self.sources.store, text, data, oxigraph_format, graph
        )
        return text

    def _streamed(self, path: Path) -> SourceText:
        oxigraph_format, parser = format_for(path, self.rdf_format)
        text = SourceText(path, parser, path.resolve().as_uri())
        rewrite = scan_file(text)
        graph = self._graph(path)
        progress = _Progress()
        try:
            store = self.sources.store
            names = _stream_file(store, text, oxigraph_format, graph, rewrite, progress)
        except SourceError:
            if progress.wrote:
                self._reload()
            raise
        self.sources.graphs[path] = names
        self.loaded.append((text, oxigraph_format, graph, rewrite))
        return text

    def _reload(self) -> None:
        """The store again without the file that failed: a bulk load leaves part of it behind."""
        self.sources.store.clear()
        for text, oxigraph_format, graph, rewrite in self.loaded:
            _stream_file(self.sources.store, text, oxigraph_format, graph, rewrite)


CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")


def memory_budget() -> int:
    """Half the memory this process may use: what is available, capped by a container's limit."""
    available = [_meminfo_available(), *(_number_in(path) for path in CGROUP_LIMITS)]
    known = [amount for amount in available if amount]
    if not known:
        try:
            known = [os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")]
        except (ValueError, OSError, AttributeError):
            known = [4 * 1024**3]
    return min(known) // 2


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _number_in(path: str) -> int | None:
    """A cgroup memory limit; None when there is none ("max") or no such file."""
    try:
        return int(Path(path).read_text().strip())
    except (OSError, ValueError):
        return None


def _new_sources(store: ox.Store | None, on_disk: bool) -> SourceSet:
    """An empty SourceSet: on the given store, on disk in a temporary folder, or in memory."""
    if store is not None:
        return SourceSet(store=store)
    if not on_disk:
        return SourceSet()
    try:
        folder = Path(tempfile.mkdtemp(prefix="ogpld-store-"))
    except OSError as error:
        raise _store_error(error, tempfile.gettempdir()) from None
    try:
        return SourceSet(store=ox.Store(str(folder)), folder=folder)
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, OSError):
            raise _store_error(error, str(folder)) from None
        raise


def _store_error(error: OSError, folder: str) -> SourceError:
    """A one-line reason for an on-disk store that cannot be made or written (a full disk)."""
    reason = error.strerror or str(error)
    return SourceError(
        f"the on-disk store cannot be written ({reason}); set TMPDIR to a folder with room "
        "for about the input's size, or use --in-memory",
        folder,
    )


def load_sources(
    paths: Iterable[Path],
    rdf_format: str | None = None,
    graph_for_file: Callable[[Path], ox.NamedNode] | None = None,
    store: ox.Store | None = None,
    on_disk: bool | None = False,
) -> SourceSet:
    """Load every file; a file that fails is recorded and does not hide the others.

    With graph_for_file, statements a file makes outside any named graph go into the graph it
    names for that file, so that every statement keeps the file it came from. on_disk=None puts
    inputs too large for memory_budget() on disk: for callers that query the store, not for
    those that copy it all into rdflib anyway (a given store is always used as it is).
    """
    files = expand_paths(paths)
    if on_disk is None:
        needed = content_bytes(f for f in files if f.is_file()) * MEMORY_PER_INPUT_BYTE
        on_disk = needed > memory_budget()
    sources = _new_sources(store, on_disk)
    loader = _Loader(sources, rdf_format, graph_for_file, streamed=on_disk and store is None)
    try:
        for path in files:
            loader.add(path)
        if loader.streamed:
            # Compacts the pieces bulk-loaded: queries over them alone run three times slower.
            sources.store.optimize()
    except OSError as error:
        folder = sources.folder
        sources.close()
        if folder is None:
            raise
        # From the on-disk store: the loader records the errors of reading source files.
        raise _store_error(error, str(folder)) from None
    except BaseException:
        sources.close()
        raise
    return sources
