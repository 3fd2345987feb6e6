"""Dumps of a built dataset in every standard RDF syntax, written as streams.

TriG and N-Quads keep the named graphs (one per source document, plus provenance and the
vocabulary); Turtle, N-Triples and JSON-LD hold the union of all graphs, each triple once, for
tools that read a single graph. The JSON-LD dump carries the same @context as context.jsonld.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ogpld.build import Dataset
from ogpld.namespaces import PREFIXES

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class DumpFormat:
    """One file of a release: its name, what it is, and how it is written."""

    name: str
    media_type: str
    file_type: str
    title: str
    write: Callable[[Dataset, IO[bytes]], None]
    gzipped: bool = False


def prefixes(dataset: Dataset) -> dict[str, str]:
    """The prefix map of every dump: the shared one plus the publisher's resource space."""
    names = {name: str(namespace) for name, namespace in PREFIXES.items()}
    names["data"] = dataset.minter.id("").value
    return names


def _write_quads(rdf_format: ox.RdfFormat) -> Callable[[Dataset, IO[bytes]], None]:
    def write(dataset: Dataset, output: IO[bytes]) -> None:
        ox.serialize(dataset.quads(), output, rdf_format, prefixes=prefixes(dataset))

    return write


def _write_triples(rdf_format: ox.RdfFormat) -> Callable[[Dataset, IO[bytes]], None]:
    def write(dataset: Dataset, output: IO[bytes]) -> None:
        union = dataset.union()
        if union is not None:
            graph = ox.DefaultGraph()
            union.dump(output, rdf_format, from_graph=graph, prefixes=prefixes(dataset))
            return
        ox.serialize(dataset.triples(), output, rdf_format, prefixes=prefixes(dataset))

    return write


def json_ld_context(dataset: Dataset) -> dict:
    """The published @context: prefixes only, so every term stays an unambiguous IRI."""
    return {"@context": prefixes(dataset)}


def write_json_ld(dataset: Dataset, output: IO[bytes], batch: int = 20_000) -> None:
    """The union graph as compact JSON-LD, one node object per subject, written in batches."""
    compactor = _Compactor(prefixes(dataset))
    context = json.dumps(json_ld_context(dataset)["@context"], ensure_ascii=False)
    output.write(b'{"@context": ' + context.encode() + b',\n "@graph": [')
    first = True
    for chunk in _subject_batches(dataset.triples(), batch):
        expanded = json.loads(ox.serialize(chunk, format=ox.RdfFormat.JSON_LD))
        for node in expanded:
            output.write(b"\n  " if first else b",\n  ")
            output.write(json.dumps(compactor.node(node), ensure_ascii=False).encode())
            first = False
    output.write(b"\n]}\n")


def _subject_batches(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Lists of about `size` triples, never splitting one subject's triples (they arrive sorted)."""
    chunk: list[ox.Triple] = []
    for _, group in groupby(triples, key=lambda t: t.subject):
        chunk.extend(group)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Compactor:
    """Expanded JSON-LD node objects made readable with the context's prefixes."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = sorted(names.items(), key=lambda item: -len(item[1]))

    def iri(self, iri: str) -> str:
        for name, namespace in self.names:
            local = iri.removeprefix(namespace)
            if local != iri and local and not local.startswith("/"):
                return f"{name}:{local}"
        return iri

    def node(self, node: dict) -> dict:
        compact: dict = {"@id": self.iri(node["@id"])}
        for key, values in node.items():
            if key == "@id":
                continue
            if key == RDF_TYPE and all("@id" in v for v in values):
                compact["@type"] = [self.iri(v["@id"]) for v in values]
            else:
                compact[self.iri(key)] = [self.value(v) for v in values]
        return compact

    def value(self, value: dict) -> dict | str:
        if "@id" in value:
            return {"@id": self.iri(value["@id"])}
        if set(value) == {"@value"} or value.get("@type") == XSD_STRING:
            return value["@value"]
        if "@type" in value:
            return {"@value": value["@value"], "@type": self.iri(value["@type"])}
        return value


DUMPS: tuple[DumpFormat, ...] = (
    DumpFormat(
        "ogpld.trig",
        "application/trig",
        "RDF_TRIG",
        "TriG, one named graph per source document",
        _write_quads(ox.RdfFormat.TRIG),
    ),
    DumpFormat(
        "ogpld.nq.gz",
        "application/n-quads",
        "RDF_N_QUADS",
        "N-Quads (gzip), one named graph per source document",
        _write_quads(ox.RdfFormat.N_QUADS),
        gzipped=True,
    ),
    DumpFormat(
        "ogpld.ttl",
        "text/turtle",
        "RDF_TURTLE",
        "Turtle, all graphs merged",
        _write_triples(ox.RdfFormat.TURTLE),
    ),
    DumpFormat(
        "ogpld.nt.gz",
        "application/n-triples",
        "RDF_N_TRIPLES",
        "N-Triples (gzip), all graphs merged",
        _write_triples(ox.RdfFormat.N_TRIPLES),
        gzipped=True,
    ),
    DumpFormat(
        "ogpld.jsonld",
        "application/ld+json",
        "JSON_LD",
        "JSON-LD, all graphs merged, with the context of context.jsonld",
        write_json_ld,
    ),
)


def write_dump(dataset: Dataset, dump: DumpFormat, folder: Path) -> Path:
    """Write one dump into the folder; gzip is deterministic (no name or time in the header)."""
    path = folder / dump.name
    with path.open("wb") as raw:
        if dump.gzipped:
            with gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as zipped:
                dump.write(dataset, zipped)
        else:
            dump.write(dataset, raw)
    return path


def write_context(dataset: Dataset, folder: Path) -> Path:
    """The JSON-LD context, published on its own for clients that compact their own documents."""
    path = folder / "context.jsonld"
    path.write_text(json.dumps(json_ld_context(dataset), indent=2, ensure_ascii=False) + "\n")
    return path
