"""Documentation pages for the validation rules, generated from the shapes themselves.

A rule is a property shape, a node shape with its own constraint, or a SPARQL constraint, named
as reports name it (CommitmentShape/leadAgency). Each page says what the rule checks, why
(the shape's rdfs:comment), its message in every language, and examples that fail it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from ogpld.namespaces import OGPSH
from ogpld.report import Severity, compact

PARAMETERS = (
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.node,
    SH.nodeKind,
    SH.pattern,
    SH.minInclusive,
    SH.minExclusive,
    SH.maxInclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.uniqueLang,
    SH.languageIn,
    SH.hasValue,
    SH["in"],
    SH["or"],
    SH["not"],
)
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@dataclass(frozen=True)
class Rule:
    """One rule of the shapes, as a report names it and as its page describes it."""

    name: str
    node: URIRef
    host: Node
    graph: Graph

    @property
    def slug(self) -> str:
        return self.name.replace("/", "-")

    @property
    def severity(self) -> Severity:
        return Severity.from_node(self.graph.value(self.host, SH.severity))


def rules(shapes: Graph) -> list[Rule]:
    """Every named rule of a shapes graph, sorted by name."""
    found = {}
    for node in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(SH["or"], None)):
        if isinstance(node, URIRef) and str(node).startswith(str(OGPSH)):
            found[node] = Rule(_name(node), node, node, shapes)
    for host, node in shapes.subject_objects(SH.sparql):
        if isinstance(node, URIRef):
            found[node] = Rule(_name(node), node, host, shapes)
    return sorted(found.values(), key=lambda rule: rule.name)


def _name(node: URIRef) -> str:
    return str(node).removeprefix(str(OGPSH)).replace("-", "/", 1)


def _targets(rule: Rule) -> list[str]:
    graph = rule.graph
    owners = [rule.host, *graph.subjects(SH.property, rule.node)]
    return [
        f"{compact(kind).removeprefix('sh:')} {compact(value)}"
        for owner in owners
        for kind in TARGETS
        for value in graph.objects(owner, kind)
    ]


def _constraints(rule: Rule) -> Iterator[str]:
    graph = rule.graph
    path = graph.value(rule.node, SH.path)
    if path is not None:
        yield f"path: `{compact(path) if isinstance(path, URIRef) else 'a path expression'}`"
    for parameter in PARAMETERS:
        for value in graph.objects(rule.node, parameter):
            yield f"{compact(parameter)}: `{_show(value)}`"
    select = graph.value(rule.node, SH.select)
    if select is not None:
        yield f"SPARQL:\n\n```sparql\n{textwrap.dedent(str(select).strip(chr(10))).strip()}\n```"


def _show(value: Node) -> str:
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, URIRef):
        return compact(value)
    return "a list or nested shape"


def page(rule: Rule, examples: dict[str, list[Path]] | None = None) -> str:
    """The Markdown page of one rule."""
    graph = rule.graph
    lines = [f"# {rule.name}", "", f"Severity: **{rule.severity.label}**", ""]
    why = graph.value(rule.node, RDFS.comment)
    if why is not None:
        lines += [f"Why: {why}", ""]
    targets = _targets(rule)
    if targets:
        lines += ["Applies to: " + ", ".join(f"`{t}`" for t in targets), ""]
    lines += ["What it checks:", ""] + [f"- {c}" for c in _constraints(rule)] + [""]
    messages = sorted(graph.objects(rule.node, SH.message), key=lambda m: m.language or "")
    if messages:
        lines += ["Messages:", ""] + [f"- `{m.language}`: {m}" for m in messages] + [""]
    for path in (examples or {}).get(rule.slug, []):
        lines += [f"Failing example ({path.stem.rsplit('.', 1)[1]}):", "", "```turtle"]
        lines += [path.read_text(encoding="utf-8").strip(), "```", ""]
    return "\n".join(lines)


def write_pages(shapes: Graph, out: Path, examples_dir: Path | None = None) -> list[Path]:
    """Write one page per rule and an index into a folder; return the files written."""
    examples: dict[str, list[Path]] = {}
    if examples_dir is not None and examples_dir.is_dir():
        for path in sorted(examples_dir.glob("*.ttl")):
            examples.setdefault(path.stem.rsplit(".", 1)[0], []).append(path)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    all_rules = rules(shapes)
    for rule in all_rules:
        target = out / f"{rule.slug}.md"
        target.write_text(page(rule, examples), encoding="utf-8")
        written.append(target)
    index = ["# Validation rules", "", "| rule | severity | why |", "|---|---|---|"]
    for rule in all_rules:
        why = str(rule.graph.value(rule.node, RDFS.comment) or "").replace("|", "\\|")
        index.append(f"| [{rule.name}]({rule.slug}.md) | {rule.severity.label} | {why} |")
    (out / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return [*written, out / "index.md"]


__all__ = ["Rule", "page", "rules", "write_pages"]
