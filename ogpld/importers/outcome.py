"""What an import made and what it found wrong; written all at once, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ogpld.errors import ImportFailed, PublishError
from ogpld.namespaces import PREFIXES

HIERARCHICAL = {"scheme", "ogpsh"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell or row, where the person who keeps the sheet can find it."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class BadRow(Exception):
    """A row cannot become data; raised while mapping it, collected by the importer."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(location, message)


@dataclass
class ImportLog:
    """Errors (rows that cannot be used), notes (values left out, merges) and skipped rows."""

    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def note(self, location: str, message: str) -> None:
        problem = Problem(location, message)
        if problem not in self.notes:
            self.notes.append(problem)

    def lines(self) -> list[str]:
        """Every line of the report, errors first."""
        return [
            *(f"{p} [error]" for p in self.errors),
            *(f"{p} [skipped row]" for p in self.skipped),
            *(f"{p} [note]" for p in self.notes),
            *(f"{m} [merged]" for m in self.merges),
        ]


@dataclass
class ImportResult:
    """Graphs to write, by file name relative to the output folder, and the log."""

    files: dict[str, Graph]
    log: ImportLog
    rows: int

    def check(self, skip_bad_rows: bool) -> None:
        """Refuse to write anything when a row is unusable, unless told to skip such rows."""
        if not self.log.errors:
            return
        if skip_bad_rows:
            self.log.skipped.extend(str(p) for p in self.log.errors)
            self.log.errors.clear()
            return
        count = len(self.log.errors)
        raise ImportFailed(
            f"{count} row{'s' if count != 1 else ''} cannot be imported; nothing was written "
            "(fix them, or use --skip-bad-rows)",
            details=tuple(f"{p} [error]" for p in self.log.errors),
        )

    def triples(self) -> int:
        return sum(len(g) for g in self.files.values())

    def write(self, out_dir: Path) -> list[Path]:
        """Write each file whole (temporary file, then rename): nobody sees half a file."""
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PublishError(
                f"cannot create the folder: {error.strerror}", str(out_dir)
            ) from None
        written = []
        for name, graph in sorted(self.files.items()):
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            written.append(_write_turtle(graph, target))
        return written


def turtle(graph: Graph) -> bytes:
    """Readable, deterministic Turtle: subjects in order, type first, prefixes for vocabularies."""
    triples = sorted(graph, key=lambda t: (str(t[0]), t[1] != RDF.type, str(t[1]), t[2].n3()))
    prefixes = {name: str(ns) for name, ns in PREFIXES.items() if name not in HIERARCHICAL}
    body = ox.serialize(
        [ox.Triple(*(to_oxigraph(term) for term in triple)) for triple in triples],
        format=ox.RdfFormat.TURTLE,
        prefixes=prefixes,
    )
    lines = [f"@prefix {n}: <{ns}> ." for n, ns in prefixes.items()]
    for line in body.decode("utf-8").splitlines():
        if line.startswith(("@base", "@prefix")):
            continue
        lines += [""] if not line.startswith((" ", "\t")) else []
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _write_turtle(graph: Graph, target: Path) -> Path:
    write_whole(target, lambda temporary: temporary.write_bytes(turtle(graph)))
    return target


def write_whole(target: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary file beside the target, then rename: nobody sees half a file."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise PublishError(f"cannot write the file: {error.strerror}", str(target)) from None


def _umask() -> int:
    """The process's umask, so written files get the permissions any new file would."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
