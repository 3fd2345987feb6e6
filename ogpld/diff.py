"""What changed between two releases or source folders: for people, and as added/removed triples.

The provenance graph (build times, checksums) and the vocabulary graph are left out: they change
with every build or with ogpld itself, not with the data.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF
from rdflib.term import Node

from ogpld.build import VOCABULARY_GRAPH
from ogpld.engine.terms import to_rdflib
from ogpld.errors import SourceError
from ogpld.load import load_sources
from ogpld.report import compact, describe, node_label
from ogpld.sources import expand_paths
from ogpld.validate import vocabulary

RELEASE_DUMP = "ogpld.nq.gz"
DIFF_GRAPH = "urn:ogpld:diff:"


def _dump_of(path: Path) -> Path | None:
    """The N-Quads dump of a release folder, or of the latest release of a publishing folder."""
    for candidate in (path / RELEASE_DUMP, path / "latest" / RELEASE_DUMP):
        if candidate.is_file():
            return candidate
    return None


def read_side(path: Path) -> Graph:
    """The data of one side of a comparison, all graphs but provenance and vocabulary merged."""
    if not path.exists():
        raise SourceError("no such file or folder", str(path))
    dump = _dump_of(path) if path.is_dir() else None
    sources = load_sources([dump] if dump else expand_paths([path]))
    if sources.errors:
        raise sources.errors[0]
    graph = Graph()
    graph.addN(
        (to_rdflib(q.subject), URIRef(q.predicate.value), to_rdflib(q.object), graph)
        for q in sources.store
        if not _left_out(q.graph_name)
    )
    return graph


def _left_out(graph_name) -> bool:
    name = getattr(graph_name, "value", "")
    return name == VOCABULARY_GRAPH.value or name.endswith("/id/provenance")


@dataclass
class Change:
    """One resource that was added, removed or changed, with what changed for people."""

    kind: str
    resource: Node
    description: str
    details: list[str] = field(default_factory=list)


@dataclass
class Diff:
    """The difference between two graphs."""

    added: Graph
    removed: Graph
    changes: list[Change]

    @property
    def empty(self) -> bool:
        return not len(self.added) and not len(self.removed)


def diff(old: Graph, new: Graph, lang: str = "en") -> Diff:
    """Compare two graphs, blank nodes matched by structure."""
    _, removed, added = graph_diff(to_isomorphic(old), to_isomorphic(new))
    return Diff(added, removed, _changes(old, new, added, removed, lang))


def _owner(graph: Graph, node: Node, depth: int = 3) -> Node:
    """The named resource a blank node hangs from (itself if named)."""
    while isinstance(node, BNode) and depth:
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node, depth = parent, depth - 1
    return node


def _changes(old: Graph, new: Graph, added: Graph, removed: Graph, lang: str) -> list[Change]:
    labels = vocabulary()
    touched: dict[Node, set[URIRef]] = defaultdict(set)
    for graph, triples in ((old, removed), (new, added)):
        for s, p, _ in triples:
            owner = _owner(graph, s)
            touched[owner].add(p if owner == s else next(graph.predicates(owner, s), p))
    changes = []
    for resource in sorted(touched, key=str):
        if isinstance(resource, BNode):
            continue
        in_old, in_new = (resource, RDF.type, None) in old, (resource, RDF.type, None) in new
        if in_old != in_new:
            kind, graph = ("added", new) if in_new else ("removed", old)
            changes.append(Change(kind, resource, describe(graph, resource, labels, lang)))
            continue
        details = [
            _detail(old, new, resource, p, labels, lang) for p in sorted(touched[resource], key=str)
        ]
        description = describe(new, resource, labels, lang)
        changes.append(Change("changed", resource, description, details))
    return changes


def _values(graph: Graph, resource: Node, predicate: URIRef) -> str:
    values = sorted(graph.objects(resource, predicate), key=str)
    shown = [f'"{v}"' if isinstance(v, Literal) else compact(v) for v in values if _shown(v)]
    hidden = len(values) - len(shown)
    text = ", ".join(shown + ([f"{hidden} unnamed"] if hidden else []))
    return text or "(none)"


def _shown(value: Node) -> bool:
    return not isinstance(value, BNode)


def _detail(old: Graph, new: Graph, resource: Node, p: URIRef, labels: Graph, lang: str) -> str:
    name = node_label(labels, p, lang) or compact(p)
    before, after = _values(old, resource, p), _values(new, resource, p)
    if before == after:
        return f"{name}: details changed"
    return f"{name}: {before} → {after}"


def render_text(result: Diff) -> str:
    """The changes as people read them, then a count of triples."""
    lines = []
    for change in result.changes:
        sign = {"added": "+", "removed": "-", "changed": "~"}[change.kind]
        lines.append(f"{sign} {change.kind} {change.description} <{change.resource}>")
        lines.extend(f"    {detail}" for detail in change.details)
    lines.append(f"{len(result.added)} triples added, {len(result.removed)} removed")
    return "\n".join(lines)


def render_json(result: Diff) -> str:
    """The changes as JSON, for a portal's changelog."""
    return json.dumps(
        {
            "changes": [
                {
                    "kind": c.kind,
                    "resource": str(c.resource),
                    "description": c.description,
                    "details": c.details,
                }
                for c in result.changes
            ],
            "triples_added": len(result.added),
            "triples_removed": len(result.removed),
        },
        ensure_ascii=False,
        indent=2,
    )


def render_trig(result: Diff) -> str:
    """Added and removed triples as two named graphs of one TriG document."""
    lines = []
    for name, graph in (("removed", result.removed), ("added", result.added)):
        body = graph.serialize(format="nt").strip()
        lines.append(f"<{DIFF_GRAPH}{name}> {{\n{body}\n}}\n")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "trig": render_trig}


def compare(old: Path, new: Path, lang: str = "en") -> Diff:
    """Compare two releases, publishing folders, source folders or files."""
    return diff(read_side(old), read_side(new), lang)
