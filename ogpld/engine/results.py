"""A validation result as the engine produces it, before it becomes a report's Result."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from ogpld.engine.shapes import Shape
from ogpld.engine.terms import OxTerm


@dataclass(frozen=True)
class RawResult:
    """One validation result, still in the engine's terms."""

    focus: OxTerm
    shape: Shape
    component: URIRef
    value: OxTerm | None = None
    path: Node | str | None = None
    constraint: Node | None = None
    messages: tuple[Literal, ...] = ()
