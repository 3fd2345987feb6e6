"""Load RDF source files into one dataset, keeping every file's errors instead of stopping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ogpld.errors import SourceError

# File extension → rdflib parser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


@dataclass
class SourceSet:
    """The loaded sources: their quads, the files read, and the files that could not be read."""

    dataset: Dataset = field(default_factory=lambda: Dataset(default_union=True))
    files: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)

    def union(self) -> Graph:
        """All triples of all graphs in one graph, as SHACL validates them."""
        graph = Graph()
        for prefix, namespace in self.dataset.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph.addN((s, p, o, graph) for s, p, o, _ in self.dataset.quads())
        return graph


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every RDF file below each folder, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS))
        else:
            files.append(path)
    return files


def format_for(path: Path, override: str | None = None) -> str:
    """The parser for a file: the override if given, else the one its extension names."""
    if override:
        return FORMATS.get(f".{override.lower().lstrip('.')}", override)
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise SourceError(
            f"unknown RDF file extension {path.suffix!r} (use --format)", str(path)
        ) from None


def _syntax_error(path: Path, exc: Exception) -> SourceError:
    if isinstance(exc, BadSyntax):
        text = exc._str.decode("utf-8", "replace")
        column = exc._i - text.rfind("\n", 0, exc._i)
        return SourceError(f"syntax error: {exc._why}", f"{path}:{exc.lines + 1}:{column}")
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return SourceError(f"cannot parse: {reason}", str(path))


def load_file(dataset: Dataset, path: Path, rdf_format: str | None = None) -> None:
    """Parse one file into the dataset; raise SourceError naming the file on any failure."""
    parser = format_for(path, rdf_format)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", str(path)) from exc
    scratch = Dataset()
    try:
        scratch.parse(data=data, format=parser, publicID=path.resolve().as_uri())
    except Exception as exc:  # every parser raises its own kinds; all mean "bad input"
        raise _syntax_error(path, exc) from exc
    for prefix, namespace in scratch.namespaces():
        dataset.bind(prefix, namespace, override=False)
    dataset.addN(scratch.quads())


def load_sources(paths: Iterable[Path], rdf_format: str | None = None) -> SourceSet:
    """Load every file; a file that fails is recorded and does not hide the others."""
    sources = SourceSet()
    for path in expand_paths(paths):
        if not path.exists():
            sources.errors.append(SourceError("no such file or folder", str(path)))
            continue
        try:
            load_file(sources.dataset, path, rdf_format)
        except SourceError as error:
            sources.errors.append(error)
        else:
            sources.files.append(path)
    return sources
