"""One action plan of RDF sources as the rows of the authoring workbook."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ogpld.config import Settings
from ogpld.errors import UsageError
from ogpld.importers.concepts import Concepts
from ogpld.importers.workbook import AGENCIES, COMMITMENTS, MILESTONES, PLAN, THEMES, Column
from ogpld.namespaces import OGP

Row = dict[str, object]
YES = {"en": "yes", "nb": "ja", "nn": "ja", "da": "ja"}


def plan_rows(paths: list[Path], plan: str, settings: Settings) -> dict[str, list[Row]]:
    """The rows of every sheet for the plan, texts in the plan's own language."""
    from ogpld.load import load_sources

    sources = load_sources(paths)
    if sources.errors:
        raise sources.errors[0]
    return PlanExport(sources.union(), URIRef(plan), settings).rows()


class PlanExport:
    """Reads one plan's resources out of a union graph, one row per resource."""

    def __init__(self, graph: Graph, plan: URIRef, settings: Settings) -> None:
        if (plan, RDF.type, OGP.ActionPlan) not in graph:
            raise UsageError(f"the sources have no action plan {plan}")
        self.graph, self.plan, self.lang = graph, plan, settings.lang
        self.base = f"{settings.source_base_uri}id/"
        self.member = graph.value(plan, OGP.member)
        self.code = str(self.member or "").removeprefix(f"{self.base}member/")
        self.text_lang = self._text_language()
        self.concepts = Concepts.bundled()

    def rows(self) -> dict[str, list[Row]]:
        commitments = sorted(self._commitments(), key=self._order)
        return {
            "plan": [self._plan_row()],
            "themes": [self._theme_row(t) for t in self._themes()],
            "commitments": [self._commitment_row(c) for c in commitments],
            "agencies": [
                self._agency_row(r, c) for c in [None, *commitments] for r in self._roles(c)
            ],
            "milestones": [self._milestone_row(m, c) for c in commitments for m in self._ms(c)],
        }

    def _plan_row(self) -> Row:
        prefix = f"{self.base}plan/{self.code}/"
        if self.member is None or not str(self.plan).startswith(prefix):
            raise UsageError(f"the plan's URI does not start with {prefix}", str(self.plan))
        row = self._values(self.plan, PLAN.columns[3:])
        row.update(self._values(self.member, PLAN.columns[1:3]))
        row.update(member=self.code, id=str(self.plan).removeprefix(prefix))
        return {**row, "language": self.text_lang}

    def _theme_row(self, theme: URIRef) -> Row:
        row = self._values(theme, THEMES.columns)
        adopted = (self.plan, OGP.theme, theme) in self.graph
        proposed = (self.plan, OGP.proposedTheme, theme) in self.graph and not adopted
        return {
            **row,
            "id": self._local(theme, "theme"),
            "proposed": YES[self.lang] if proposed else None,
        }

    def _commitment_row(self, commitment: URIRef) -> Row:
        row = self._values(commitment, COMMITMENTS.columns)
        names = [self._text(t, SKOS.prefLabel) for t in self.graph.objects(commitment, OGP.theme)]
        theme = "; ".join(sorted(str(n) for n in names if n))
        return {**row, "id": self._local(commitment, "commitment"), "theme": theme or None}

    def _agency_row(self, role: URIRef, commitment: URIRef | None) -> Row:
        agency = self.graph.value(role, OGP.agency)
        prefix = f"{self.base}organisation/{self.code}/"
        local = str(agency).removeprefix(prefix) if str(agency).startswith(prefix) else str(agency)
        return {
            "commitment": None if commitment is None else self._reference(commitment),
            "name": self._text(agency, SKOS.prefLabel),
            "id": local,
            "role": self._cell(AGENCIES.column("role"), role),
        }

    def _milestone_row(self, milestone: URIRef, commitment: URIRef) -> Row:
        row = self._values(milestone, MILESTONES.columns)
        local = str(milestone).removeprefix(f"{commitment}/milestone/")
        return {**row, "commitment": self._reference(commitment), "id": local}

    def _values(self, subject, columns) -> Row:
        return {c.key: self._cell(c, subject) for c in columns if c.term and c.kind != "ref"}

    def _cell(self, column: Column, subject) -> object:
        """The cell for one property: a label for a concept, a date for xsd:date, else text."""
        uri = column.uri()
        if column.kind == "lang":
            return self._text(subject, uri)
        values = sorted(self.graph.objects(subject, uri))
        if column.kind in ("code", "codes"):
            labels = [self.concepts.label(v, self.lang) for v in values]
            return "; ".join(labels) or None
        if not values:
            return None
        value = values[0]
        if isinstance(value, Literal) and value.datatype == XSD.date:
            return date.fromisoformat(str(value))
        return int(value) if column.kind == "int" else str(value)

    def _text(self, subject, predicate) -> str | None:
        texts = [o for o in self.graph.objects(subject, predicate) if isinstance(o, Literal)]
        texts.sort(key=lambda t: (t.language != self.text_lang, str(t)))
        return str(texts[0]) if texts else None

    def _text_language(self) -> str:
        """The language most of the plan's own texts are in (translations are usually fewer)."""
        subjects = {self.plan, *self.graph.subjects(OGP.actionPlan, self.plan)}
        found = Counter(
            o.language
            for s in subjects
            for o in self.graph.objects(s, None)
            if isinstance(o, Literal) and o.language
        )
        return found.most_common(1)[0][0] if found else self.lang

    def _themes(self) -> list[URIRef]:
        found = {*self.graph.objects(self.plan, OGP.theme)}
        found |= {*self.graph.objects(self.plan, OGP.proposedTheme)}
        return sorted(found, key=lambda t: (str(self.graph.value(t, SKOS.notation) or ""), str(t)))

    def _commitments(self) -> list[URIRef]:
        found = self.graph.subjects(OGP.actionPlan, self.plan)
        return [c for c in found if (c, RDF.type, OGP.Commitment) in self.graph]

    def _roles(self, commitment: URIRef | None) -> list:
        holder = self.plan if commitment is None else commitment
        roles = self.graph.objects(holder, OGP.agencyRole)
        return sorted(
            roles,
            key=lambda r: (
                str(self.graph.value(r, OGP.role)),
                str(self.graph.value(r, OGP.agency)),
            ),
        )

    def _ms(self, commitment: URIRef) -> list:
        found = self.graph.subjects(OGP.commitment, commitment)
        return sorted(m for m in found if (m, RDF.type, OGP.Milestone) in self.graph)

    def _order(self, commitment: URIRef) -> tuple:
        number = str(self.graph.value(commitment, OGP.commitmentNumber) or "")
        parts = [int(p) if p.isdigit() else p for p in re.split(r"[.\s]", number) if p]
        return (not parts, [(isinstance(p, str), p) for p in parts], str(commitment))

    def _reference(self, commitment: URIRef) -> str:
        number = self.graph.value(commitment, OGP.commitmentNumber)
        return str(number) if number is not None else self._local(commitment, "commitment")

    def _local(self, resource: URIRef, kind: str) -> str:
        return str(resource).removeprefix(f"{self.plan}/{kind}/")
