"""Build: refuse data that does not conform, move it to the publisher's URIs, record provenance.

The built dataset keeps one named graph per source document (the sources name it; statements a
file makes outside any graph go into the graph of that file), a provenance graph saying which
file each graph came from, and, if the publisher includes it, the vocabulary in its own graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ogpld import __version__
from ogpld.config import Settings
from ogpld.engine.terms import PRIVATE, SKOLEM, restore
from ogpld.errors import SourceError, UsageError, ValidationFailed
from ogpld.load import SourceSet, load_sources
from ogpld.namespaces import DCTERMS, PROV, RDF, XSD
from ogpld.report import Report, Severity
from ogpld.resources import vocab_files
from ogpld.sources import SourceText, expand_paths
from ogpld.uris import OGPLD_SOFTWARE, Minter
from ogpld.validate import bundled_shapes, validate

VOCABULARY_GRAPH = ox.NamedNode("https://w3id.org/ogpld/ns")
SPDX = "http://spdx.org/rdf/terms#"


@dataclass(frozen=True)
class SourceFile:
    """One source file as it went into the build."""

    path: Path
    relative: str
    sha256: str
    size: int
    uri: ox.NamedNode
    graphs: frozenset[str]


@dataclass
class Dataset:
    """The assembled data of one build, in a store that the publishing steps query."""

    store: ox.Store
    settings: Settings
    sources: list[SourceFile]
    built_at: datetime
    vocabulary_included: bool
    minter: Minter = field(init=False)

    def __post_init__(self) -> None:
        self.minter = Minter(self.settings)
        self._union: ox.Store | None = None

    def quads(self) -> Iterator[ox.Quad]:
        """Every published quad as the sources wrote it (blank nodes and literals restored)."""
        for graph in self.graphs():
            for quad in self.store.quads_for_pattern(None, None, None, graph):
                yield restore(quad)

    def triples(self) -> Iterator[ox.Triple]:
        """The union of the published graphs, each triple once, a subject's triples together."""
        union = self.union()
        if union is not None:
            for quad in union.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                yield quad.triple
            return
        excluded = "" if self.vocabulary_included else f"FILTER(?g != {VOCABULARY_GRAPH})"
        query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {excluded} }}"
        for row in self.store.query(query + " ORDER BY ?s ?p ?o"):
            quad = restore(ox.Quad(row["s"], row["p"], row["o"]))
            yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def union(self) -> ox.Store | None:
        """The union of the published graphs in a store of its own, which dumps stream from.

        None when the data holds a literal the store would rewrite ("4.0" as "4"): such data
        is written by the slower exact path instead.
        """
        if self._union is None and not self._has_private_literals():
            union = ox.Store()
            union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in self.quads())
            self._union = union
        return self._union

    def _has_private_literals(self) -> bool:
        return bool(
            self.store.query(
                f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isLiteral(?o) "
                f'&& STRSTARTS(STR(DATATYPE(?o)), "{PRIVATE}")) }}'
            )
        )

    def graphs(self) -> list[ox.NamedNode]:
        """The published named graphs, in a stable order."""
        return sorted(
            (
                g
                for g in self.store.named_graphs()
                if isinstance(g, ox.NamedNode)
                and (self.vocabulary_included or g != VOCABULARY_GRAPH)
            ),
            key=lambda g: g.value,
        )

    def query(self, sparql: str) -> ox.QuerySolutions:
        """A query over the union of all graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)


def relative_names(paths: Sequence[Path]) -> dict[Path, str]:
    """Each file's path relative to the folder the sources have in common, with '/' separators."""
    files = expand_paths(paths)
    if not files:
        return {}
    roots = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    root = Path(os.path.commonpath(roots))
    return {f: f.resolve().relative_to(root).as_posix() for f in files}


def build(
    paths: Sequence[Path],
    settings: Settings,
    rdf_format: str | None = None,
    now: datetime | None = None,
) -> Dataset:
    """Load and validate the sources, then assemble the dataset; nothing is built from bad data."""
    names = relative_names(paths)
    if not names:
        raise UsageError("no RDF files found in " + ", ".join(map(str, paths)))
    minter = Minter(settings)
    # In memory: the built dataset keeps using this store after the sources are gone.
    sources = load_sources(
        paths, rdf_format, graph_for_file=lambda p: minter.source_file(names[p]), on_disk=False
    )
    refuse_bad_sources(sources, settings.lang)
    store = _rebased(sources.store, minter)
    files = [_source_file(text, names[text.path], sources.graphs, minter) for text in sources.texts]
    built_at = now or _build_time()
    store.bulk_extend(_provenance(store, files, minter, built_at))
    _add_vocabulary(store)
    include = settings.publication.vocabulary == "include"
    return Dataset(store, settings, files, built_at, include)


def refuse_bad_sources(sources: SourceSet, lang: str) -> Report:
    """Raise on unreadable files or violations; the report travels with the error."""
    if sources.errors:
        first, more = sources.errors[0], len(sources.errors) - 1
        if more:
            raise SourceError(f"{first.message} (and {more} more unreadable)", first.location)
        raise first
    report = validate(sources, shapes=bundled_shapes(), lang=lang)
    if not report.conforms and report.exit_code() == 1:
        error = ValidationFailed(
            f"{report.count(Severity.VIOLATION)} violation(s) in the sources; "
            "nothing was built (ogpld validate shows them)"
        )
        error.report = report  # type: ignore[attr-defined]
        raise error
    return report


def _build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def _rebased(store: ox.Store, minter: Minter) -> ox.Store:
    """The store with every source URI under the publisher's base (the same store if equal)."""
    if minter.base == minter.source_base:
        return store
    rebased = ox.Store()
    rebased.bulk_extend(minter.rebase_quad(quad) for quad in store)
    return rebased


def _source_file(
    text: SourceText, relative: str, graphs: dict[Path, set[str]], minter: Minter
) -> SourceFile:
    digest, size = text.digest()
    names = frozenset(minter.rebase(ox.NamedNode(g)).value for g in graphs.get(text.path, ()))
    uri = minter.source_file(relative)
    return SourceFile(text.path, relative, digest, size, uri, names)


def _provenance(
    store: ox.Store, files: list[SourceFile], minter: Minter, built_at: datetime
) -> Iterator[ox.Quad]:
    """Which file each graph was derived from, each file's checksum, and the build itself."""
    graph = minter.provenance_graph()
    activity = minter.id(f"build/{built_at.strftime('%Y%m%dT%H%M%SZ')}")

    def quad(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal):
        return ox.Quad(s, ox.NamedNode(str(p)), o, graph)

    yield quad(activity, RDF.type, ox.NamedNode(str(PROV.Activity)))
    yield quad(activity, PROV.endedAtTime, _time(built_at))
    yield quad(activity, PROV.wasAssociatedWith, ox.NamedNode(OGPLD_SOFTWARE))
    yield quad(ox.NamedNode(OGPLD_SOFTWARE), DCTERMS.hasVersion, ox.Literal(__version__))
    for file in files:
        checksum = ox.NamedNode(f"{SKOLEM}checksum-{file.sha256}")
        yield quad(activity, PROV.used, file.uri)
        yield quad(file.uri, RDF.type, ox.NamedNode(str(PROV.Entity)))
        yield quad(file.uri, DCTERMS.title, ox.Literal(file.relative))
        yield quad(file.uri, SPDX + "checksum", checksum)
        yield quad(checksum, RDF.type, ox.NamedNode(SPDX + "Checksum"))
        yield quad(
            checksum,
            SPDX + "algorithm",
            ox.NamedNode(SPDX + "checksumAlgorithm_sha256"),
        )
        yield quad(
            checksum,
            SPDX + "checksumValue",
            ox.Literal(file.sha256.upper(), datatype=ox.NamedNode(str(XSD.hexBinary))),
        )
    for file in files:
        for name in sorted(file.graphs):
            yield quad(ox.NamedNode(name), PROV.wasDerivedFrom, file.uri)
            yield quad(ox.NamedNode(name), PROV.wasGeneratedBy, activity)


def _add_vocabulary(store: ox.Store) -> None:
    """The vocabulary in its own graph: queries need it; dumps carry it if the publisher says so."""
    vocabulary = load_sources(vocab_files())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, VOCABULARY_GRAPH) for q in vocabulary.store
    )


def _time(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.isoformat(), datatype=ox.NamedNode(str(XSD.dateTime)))


def write_built(dataset: Dataset, path: Path) -> None:
    """The built dataset as one TriG or N-Quads file, written to a temporary name then renamed."""
    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
    if path.suffix not in formats:
        raise UsageError(f"--out must end in .trig or .nq: {path}")
    partial = path.with_name(f".{path.name}.partial")
    try:
        ox.serialize(dataset.quads(), str(partial), formats[path.suffix])
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UsageError(f"cannot write: {error.strerror}", str(path)) from None
