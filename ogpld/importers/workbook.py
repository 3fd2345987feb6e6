"""The authoring workbook's layout (template.toml) as objects that write, import, export share."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ogpld.importers.concepts import Concepts
from ogpld.importers.table import Table, column_key
from ogpld.namespaces import PREFIXES

Labels = dict[str, str]
LISTS_SHEET = "Lists"
FIRST_ROW, LAST_ROW = 2, 500


@dataclass(frozen=True)
class Column:
    """One column: the property it fills, how its cells are read, and its header where the
    vocabulary has no fitting rdfs:label.

    kind: id (a URI segment), text (a plain literal), lang (text in the plan's language), date,
    int, uri, flag (yes/no), code or codes (concepts of scheme), language, ref (a row of sheet).
    """

    key: str
    term: str | None = None
    kind: str = "text"
    scheme: str | None = None
    required: bool = False
    ref: str | None = None
    labels: Labels = field(default_factory=dict)

    def uri(self) -> URIRef | None:
        """The property as a full URI."""
        return None if self.term is None else expand(self.term)

    def header(self, lang: str) -> str:
        """The heading in lang: own label, else the vocabulary's label of the property."""
        own = self.labels.get(lang) or self.labels.get("en")
        if own:
            return own
        label = vocabulary_label(self.term or "", lang)
        return label[:1].upper() + label[1:] if label else self.key


@dataclass(frozen=True)
class Sheet:
    """One data sheet: its title in each language and its columns, in order."""

    key: str
    titles: Labels
    columns: tuple[Column, ...]

    def title(self, lang: str) -> str:
        """The sheet's name in lang, else in English."""
        return self.titles.get(lang) or self.titles["en"]

    def column(self, key: str) -> Column:
        """A column by the key the code uses for it."""
        return next(c for c in self.columns if c.key == key)


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _column(spec: dict[str, Any], labels: dict[str, Labels]) -> Column:
    label = spec.pop("label", {})
    return Column(**spec, labels=labels[label] if isinstance(label, str) else label)


def _sheets(layout: dict[str, Any]) -> tuple[Sheet, ...]:
    """The sheets of the layout file, as objects the writer, importer and exporter share."""
    return tuple(
        Sheet(
            s["key"],
            s["title"],
            tuple(_column(dict(c), layout["labels"]) for c in s["columns"]),
        )
        for s in layout["sheets"]
    )


LAYOUT = _load(Path(__file__).with_name("template.toml"))
SHEETS = _sheets(LAYOUT)
PLAN, THEMES, COMMITMENTS, AGENCIES, MILESTONES = SHEETS
REFERENCED: dict[str, str] = LAYOUT["referenced"]
TEXT_LANGUAGES: tuple[str, ...] = tuple(LAYOUT["text_languages"])


def expand(curie: str) -> URIRef:
    """A CURIE of ogpld's prefixes as a full URI."""
    prefix, _, local = curie.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


@cache
def vocabulary_label(term: str, lang: str) -> str:
    """The vocabulary's rdfs:label of a term in lang ('' when it has none)."""
    if not term:
        return ""
    labels = {
        o.language: str(o)
        for o in Concepts.bundled().graph.objects(expand(term), RDFS.label)
        if isinstance(o, Literal)
    }
    return labels.get(lang) or labels.get("en", "")


def find_sheet(tables: dict[str, Table], sheet: Sheet) -> Table | None:
    """The sheet whatever language its title is in."""
    titles = {column_key(t) for t in sheet.titles.values()}
    return next((t for name, t in tables.items() if column_key(name) in titles), None)


def headers(sheet: Sheet) -> dict[str, Column]:
    """Every heading of the sheet's columns, in every language, keyed for lookup."""
    return {
        column_key(c.header(lang)): c for c in sheet.columns for lang in ("en", "nb", "nn", "da")
    }
