"""The IRM's assessments of one commitment: one resource per report, its values side by side."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ogpld.importers.cells import CellReader, RowContext, Triple
from ogpld.importers.mapping import AssessmentColumn
from ogpld.importers.outcome import BadRow
from ogpld.importers.table import Cell
from ogpld.importers.values import ValueProblem, parse_flag
from ogpld.namespaces import OGP, SCHEME


class Assessments:
    """Maps a row's assessment columns to assessments and the reports they come from."""

    def __init__(self, cells: CellReader) -> None:
        self.cells, self.rules, self.concepts = cells, cells.rules, cells.concepts

    def add(self, context: RowContext) -> None:
        """Every assessment value of the row, grouped by the report that gives it."""
        values: dict[str, list[Triple]] = {}
        for spec in self.rules.assessments:
            cell = context.row.cell(spec.column)
            if cell is None or self.cells.missing(cell):
                continue
            report = spec.report_for(context.new_model)
            if not self._report_uses(report, spec.property):
                self.cells.log.note(
                    cell.location,
                    f"{cell.column}: a {report} report does not use this scale; left out",
                )
                continue
            node = URIRef(f"{context.commitment}/assessment/{report}")
            values.setdefault(report, []).append((node, spec.property, self._assessed(cell, spec)))
        for report, triples in values.items():
            self._assessment(context, report, triples)

    def _assessed(self, cell: Cell, spec: AssessmentColumn) -> URIRef | Literal:
        if spec.datatype == "boolean":
            try:
                return Literal(parse_flag(cell.value))
            except ValueProblem as problem:
                raise BadRow(cell.location, f"{cell.column}: {problem}") from None
        concept = self.concepts.find(spec.scheme or "", cell.text)
        if concept is None:
            known = ", ".join(
                self.concepts.label(c) for c in self.concepts.members(spec.scheme or "")
            )
            raise BadRow(cell.location, f"{cell.column}: {cell.text!r} is none of: {known}")
        return concept

    def _assessment(self, context: RowContext, report_type: str, triples: list[Triple]) -> None:
        report = self._report(context, report_type)
        node = triples[0][0]
        context.triples += [
            (node, RDF.type, OGP.Assessment),
            (node, OGP.commitment, context.commitment),
            (node, OGP.report, report),
            *triples,
        ]

    def _report(self, context: RowContext, report_type: str) -> URIRef:
        report = URIRef(f"{context.plan}/report/{report_type}")
        kind = SCHEME[f"report-type/{report_type}"]
        context.triples += [
            (report, RDF.type, OGP.Report),
            (report, OGP.reportType, kind),
            (report, OGP.actionPlan, context.plan),
            (report, DCTERMS.title, self._report_title(context, kind)),
        ]
        for column, (old, new) in self.rules.report_years.items():
            if (new or old if context.new_model else old) == report_type:
                year = self.cells.year(context.row, column)
                if year is not None:
                    context.triples.append((report, DCTERMS.issued, year))
        return report

    def _report_title(self, context: RowContext, kind: URIRef) -> Literal:
        """The report type's label and the plan, as OGP's own pages name IRM reports."""
        lang = self.rules.language
        plan = self.cells.text(context.row, self.rules.plan.get("identifier"))
        if not plan:
            member = self.cells.text(context.row, self.rules.member.get("name")) or context.member
            plan = f"{member}, {context.plan.rsplit('/', 1)[-1]}"
        return Literal(f"{self.concepts.label(kind, lang)} ({plan})", lang=lang)

    def _report_uses(self, report_type: str, predicate: URIRef) -> bool:
        return (
            SCHEME[f"report-type/{report_type}"],
            OGP.assessmentProperty,
            predicate,
        ) in self.concepts.graph
