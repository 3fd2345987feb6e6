"""Reading one row's cells: missing-value codes, dates and concepts, with problems placed."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ogpld.importers.concepts import Concepts
from ogpld.importers.mapping import Mapping
from ogpld.importers.outcome import BadRow, ImportLog
from ogpld.importers.table import Cell, Row
from ogpld.importers.values import ValueProblem, parse_code, parse_date

Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass
class RowContext:
    """What one row is about: its member, plan and commitment, and the triples it makes."""

    row: Row
    member: str
    plan: URIRef
    commitment: URIRef
    new_model: bool
    triples: list[Triple] = field(default_factory=list)
    agencies: list[tuple[str, str, Cell]] = field(default_factory=list)


class CellReader:
    """Cells as values: 'ND' is nothing, a bad date is a note, an unknown code a bad row."""

    def __init__(self, rules: Mapping, concepts: Concepts, log: ImportLog) -> None:
        self.rules, self.concepts, self.log = rules, concepts, log

    def missing(self, cell: Cell) -> bool:
        return cell.text == "" or cell.text.casefold() in self.rules.missing

    def text(self, row: Row, column: str | None) -> str:
        cell = row.cell(column) if column else None
        return "" if cell is None or self.missing(cell) else cell.text

    def code(self, row: Row, column: str | None) -> str:
        text = self.text(row, column)
        return parse_code(text).rstrip(".") if text else ""

    def required(self, row: Row, column: str, parse) -> str:
        cell = row.cell(column)
        if cell is None or self.missing(cell):
            raise BadRow(cell.location if cell else row.location, f"{column}: no value")
        return parse(cell.value)

    def concept(self, row: Row, column: str | None, scheme: str) -> URIRef | None:
        text = self.text(row, column)
        if not text:
            return None
        concept = self.concepts.find(scheme, text)
        if concept is None:
            raise BadRow(
                row.cell(column).location, f"{column}: {text!r} is not in the {scheme} list"
            )
        return concept

    def year(self, row: Row, column: str | None) -> Literal | None:
        value = self.date(row, column)
        if value is not None and value.datatype != XSD.gYear:
            return Literal(str(value)[:4], datatype=XSD.gYear)
        return value

    def date(self, row: Row, column: str | None) -> Literal | None:
        cell = row.cell(column) if column else None
        if cell is None or self.missing(cell):
            return None
        try:
            return parse_date(cell.value, self.rules.date_order)
        except ValueProblem as problem:
            self.log.note(cell.location, f"{cell.column}: {problem}; left out")
            return None
