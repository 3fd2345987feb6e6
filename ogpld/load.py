"""Load RDF source files into one store, keeping every file's errors instead of stopping.

Files are parsed by pyoxigraph, which never fetches anything (a remote JSON-LD context is an
error, not a download). Before parsing, files are checked for what would make a parser slow or
unsafe: size, binary content, invalid UTF-8 and XML entity declarations.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from ogpld.engine.terms import skolemize, to_oxigraph, to_rdflib
from ogpld.errors import SourceError
from ogpld.positions import Position, subject_positions
from ogpld.report import Location

# File extension → (pyoxigraph format, name of the positions scanner).
FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".trig": (ox.RdfFormat.TRIG, "trig"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
    ".json-ld": (ox.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
    ".xml": (ox.RdfFormat.RDF_XML, "xml"),
}
MAX_FILE_BYTES = 1024 * 1024 * 1024
LINE_BASED = ("nt", "nquads")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
# What the engine's store must rewrite (see ogpld.engine.terms): blank nodes, and literals that
# Oxigraph would store in another form. Line-based files without any go straight into the store.
_ALWAYS_REWRITTEN = re.compile(
    rb"XMLSchema#(?:byte|short|int|long|unsigned|nonNegativeInteger|positiveInteger"
    rb"|negativeInteger|nonPositiveInteger|float|double)>"
)
_CANONICAL = {
    b"integer": re.compile(rb"-?(0|[1-9][0-9]*)"),
    b"decimal": re.compile(rb"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?"),
    b"boolean": re.compile(rb"true|false"),
}


def needs_rewrite(data: bytes) -> bool:
    """True if a line-based file has a blank node or a literal Oxigraph would store otherwise."""
    if b"_:" in data or _ALWAYS_REWRITTEN.search(data):
        return True
    for name, canonical in _CANONICAL.items():
        suffix = b'"^^<http://www.w3.org/2001/XMLSchema#' + name + b">"
        end = data.find(suffix)
        while end != -1:
            if not canonical.fullmatch(data[data.rfind(b'"', 0, end) + 1 : end]):
                return True
            end = data.find(suffix, end + 1)
    return False


@dataclass(frozen=True)
class SourceText:
    """A file as read, kept so that positions can be found when a report needs them."""

    path: Path
    parser: str
    base: str
    data: bytes


@dataclass
class SourceSet:
    """The loaded sources: one store of all their quads, the files read, and the files that failed.

    The store is the validator's: blank nodes are held as skolem IRIs and some literals under a
    private datatype (see ogpld.engine.terms); union() gives the data back exactly as written.
    """

    store: ox.Store = field(default_factory=ox.Store)
    files: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    texts: list[SourceText] = field(default_factory=list)
    graphs: dict[Path, set[str]] = field(default_factory=dict)

    def union(self) -> Graph:
        """All triples of all graphs in one rdflib graph, as written in the sources."""
        graph = Graph()
        graph.addN(
            (to_rdflib(q.subject), URIRef(q.predicate.value), to_rdflib(q.object), graph)
            for q in self.store
        )
        return graph

    @cached_property
    def _scanned(self) -> list[tuple[Path, dict[URIRef, Position]]]:
        """Where each subject starts in each hand-written file; scanned on first use only."""
        return [
            (t.path, subject_positions(t.data.decode("utf-8", "replace"), t.parser, t.base))
            for t in self.texts
            if t.parser not in LINE_BASED
        ]

    def locations(self, nodes: Iterable[Node]) -> dict[Node, Location]:
        """Where each node's description starts (a blank node's: its parent's), found together."""
        owners = {
            node: [c for c in self._self_and_parents(node) if isinstance(c, URIRef)]
            for node in nodes
        }
        wanted = {candidate for candidates in owners.values() for candidate in candidates}
        found: dict[URIRef, Location] = {}
        for text in reversed(self.texts):
            if text.parser in LINE_BASED:
                found.update(_lines_of_subjects(text, wanted))
        for path, positions in reversed(self._scanned):
            found.update(
                {
                    n: Location(str(path), positions[n].line, positions[n].column)
                    for n in wanted
                    if n in positions
                }
            )
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


def _lines_of_subjects(text: SourceText, subjects: set[URIRef]) -> dict[URIRef, Location]:
    """The first line of N-Triples or N-Quads data for each subject, in one pass over the lines."""
    wanted = {str(subject).encode() for subject in subjects}
    starts: dict[bytes, int] = {}
    for match in re.finditer(rb"^<([^>]*)> ", text.data, flags=re.M):
        if match.group(1) in wanted and match.group(1) not in starts:
            starts[match.group(1)] = match.start()
            if len(starts) == len(wanted):
                break
    found, line, counted = {}, 1, 0
    for subject, at in sorted(starts.items(), key=lambda item: item[1]):
        line += text.data.count(b"\n", counted, at)
        counted = at
        found[URIRef(subject.decode())] = Location(str(text.path), line, 1)
    return found


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every RDF file below each folder, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_rdf(p)))
        else:
            files.append(path)
    return files


def _is_rdf(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return (suffixes[-1:] != [".gz"] and path.suffix.lower() in FORMATS) or (
        suffixes[-1:] == [".gz"] and len(suffixes) == 2 and suffixes[0] in FORMATS
    )


def format_for(path: Path, override: str | None = None) -> tuple[ox.RdfFormat, str]:
    """The parser for a file: the override if given, else the one its extension names."""
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    key = f".{override.lower().lstrip('.')}" if override else path.suffix.lower()
    try:
        return FORMATS[key]
    except KeyError:
        what = f"RDF format {override!r}" if override else f"RDF file extension {path.suffix!r}"
        raise SourceError(f"unknown {what} (use --format)", str(path)) from None


def check_bytes(path: Path, data: bytes, parser: str) -> None:
    """Refuse, before parsing, what no RDF parser should be handed."""
    if b"\x00" in data[:65536]:
        raise SourceError("binary file, not RDF text", str(path))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise SourceError("not valid UTF-8", f"{path}:{line}:{column}") from None
    if parser == "xml" and _ENTITY.search(data):
        line = data[: _ENTITY.search(data).start()].count(b"\n") + 1
        raise SourceError("XML entity declarations are not allowed", f"{path}:{line}")


def _syntax_error(path: Path, error: SyntaxError) -> SourceError:
    reason = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", error.msg)
    reason = re.sub(r"^error at \d+:\d+: ", "", reason)
    if "LoadDocumentCallback" in reason:
        reason = "remote JSON-LD contexts are not fetched; inline the @context"
    if error.lineno:
        return SourceError(f"syntax error: {reason}", f"{path}:{error.lineno}:{error.offset or 1}")
    return SourceError(f"syntax error: {reason}", str(path))


def _decompressed(path: Path) -> bytes:
    """A gzipped file's content, refused past the size limit (a small file can inflate hugely)."""
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise SourceError(f"not a valid gzip file: {error}", str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"decompresses to more than {MAX_FILE_BYTES // 2**20} MiB", str(path))
    return data


def read_file(path: Path, rdf_format: str | None = None) -> tuple[SourceText, ox.RdfFormat]:
    """Read and check one file; raise SourceError naming the file and position on any failure."""
    oxigraph_format, parser = format_for(path, rdf_format)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB", str(path))
        data = _decompressed(path) if path.suffix.lower() == ".gz" else path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", str(path)) from None
    check_bytes(path, data, parser)
    return SourceText(path, parser, path.resolve().as_uri(), data), oxigraph_format


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


def _store_file(
    store: ox.Store,
    text: SourceText,
    rdf_format: ox.RdfFormat,
    graph: ox.NamedNode | None = None,
) -> set[str]:
    """Add one file's quads to the store, rewritten for the engine where they need it.

    Returns the names of the graphs the file wrote to (unknown, empty, for N-Quads loaded
    directly, which happens only when no graph_for_file was asked for).
    """
    names: set[str] = set()
    try:
        if text.parser == "nt" and not needs_rewrite(text.data):
            store.load(input=text.data, format=rdf_format, base_iri=text.base, to_graph=graph)
            return {graph.value} if graph else names
        if text.parser == "nquads" and graph is None and not needs_rewrite(text.data):
            store.load(input=text.data, format=rdf_format, base_iri=text.base)
            return names
        parsed = ox.parse(
            input=text.data, format=rdf_format, base_iri=text.base, rename_blank_nodes=True
        )
        store.bulk_extend(list(_in_graph(parsed, graph, names)))
        return names
    except SyntaxError as error:
        raise _syntax_error(text.path, error) from None
    except ValueError as error:
        raise SourceError(f"cannot parse: {error}", str(text.path)) from None


def load_sources(
    paths: Iterable[Path],
    rdf_format: str | None = None,
    graph_for_file: Callable[[Path], ox.NamedNode] | None = None,
    store: ox.Store | None = None,
) -> SourceSet:
    """Load every file; a file that fails is recorded and does not hide the others.

    With graph_for_file, statements a file makes outside any named graph go into the graph it
    names for that file, so that every statement keeps the file it came from.
    """
    sources = SourceSet() if store is None else SourceSet(store=store)
    for path in expand_paths(paths):
        if not path.exists():
            sources.errors.append(SourceError("no such file or folder", str(path)))
            continue
        try:
            text, oxigraph_format = read_file(path, rdf_format)
            graph = graph_for_file(path) if graph_for_file else None
            sources.graphs[path] = _store_file(sources.store, text, oxigraph_format, graph)
        except SourceError as error:
            sources.errors.append(error)
            continue
        sources.texts.append(text)
        sources.files.append(path)
    return sources
