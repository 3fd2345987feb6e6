"""`ogpld import template`: a filled-in authoring workbook back into one plan's triples."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.utils import get_column_letter
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ogpld.config import Settings
from ogpld.errors import ImportFailed
from ogpld.importers.concepts import Concepts, normalised
from ogpld.importers.institutions import slug
from ogpld.importers.outcome import BadRow, ImportLog, ImportResult
from ogpld.importers.table import Cell, Row, Table, column_key, read_workbook
from ogpld.importers.values import ValueProblem, parse_code, parse_date
from ogpld.importers.workbook import (
    AGENCIES,
    COMMITMENTS,
    MILESTONES,
    PLAN,
    THEMES,
    Column,
    Sheet,
    find_sheet,
    headers,
)
from ogpld.namespaces import OGP, ORG

YES = {"yes", "y", "ja", "j", "true", "1", "x"}
NO = {"", "no", "n", "nei", "nej", "false", "0"}
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class SheetRows:
    """One sheet's rows with their cells found by column key, whatever the header language."""

    def __init__(self, table: Table | None, sheet: Sheet, log: ImportLog) -> None:
        self.sheet, self.table = sheet, table
        self.rows = table.rows if table else []
        known = headers(sheet)
        self.columns: dict[str, str] = {}
        for index, header in enumerate(table.columns if table else [], start=1):
            column = known.get(column_key(header.rstrip("*")))
            if column is not None:
                self.columns[column.key] = header
            elif header:
                where = f"{table.path}:{table.sheet}!{get_column_letter(index)}1"
                log.note(where, f"column {header!r} is not read")

    def cell(self, row: Row, key: str) -> Cell | None:
        """The row's cell of a column, or None when the sheet lacks the column."""
        header = self.columns.get(key)
        return row.cell(header) if header else None


class TemplateImport:
    """Reads the sheets in order: plan, themes, commitments, agencies, milestones."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path, self.log, self.graph = path, ImportLog(), Graph()
        self.tables = read_workbook(path)
        self.base = f"{settings.source_base_uri}id/"
        self.concepts = Concepts.bundled()
        self.refs: dict[str, dict[str, URIRef]] = {"themes": {}, "commitments": {}}
        self.rows = 0

    def run(self) -> ImportResult:
        self._plan()
        for sheet, read in (
            (THEMES, self._theme),
            (COMMITMENTS, self._commitment),
            (AGENCIES, self._agency),
            (MILESTONES, self._milestone),
        ):
            self._each(SheetRows(find_sheet(self.tables, sheet), sheet, self.log), read)
        name = f"{self.code}-plan-{slug(self.plan_id)}.ttl"
        return ImportResult({name: self.graph}, self.log, self.rows)

    def _each(self, sheet: SheetRows, read) -> None:
        for row in sheet.rows:
            self.rows += 1
            try:
                triples = read(sheet, row)
            except BadRow as error:
                self.log.errors.append(error.problem)
                continue
            for triple in triples:
                self.graph.add(triple)

    def _plan(self) -> None:
        """The one plan row; without it nothing else can be placed, so any problem stops."""
        table = find_sheet(self.tables, PLAN)
        if table is None or not table.rows:
            where = f"{self.path}:{table.sheet if table else PLAN.title('en')}!A2"
            raise ImportFailed("the workbook describes no plan", details=(f"{where}: no plan row",))
        sheet = SheetRows(table, PLAN, self.log)
        self.rows += 1
        try:
            triples = self._plan_row(sheet, table.rows[0])
        except BadRow as error:
            raise ImportFailed(
                "the plan row cannot be imported; nothing was written",
                details=(f"{error.problem} [error]",),
            ) from None
        for extra in table.rows[1:]:
            self.log.note(extra.location, "only the first row of the plan sheet is read")
        for triple in triples:
            self.graph.add(triple)

    def _plan_row(self, sheet: SheetRows, row: Row) -> list:
        language = self._value(sheet, row, PLAN.column("language"))
        self.lang = str(language[0]) if language else "en"
        self.code = slug(str(self._value(sheet, row, PLAN.column("member"))[0]))
        member = URIRef(f"{self.base}member/{self.code}")
        number = self._value(sheet, row, PLAN.column("number"))
        self.plan_id = self._id(sheet, row, str(number[0]) if number else "")
        self.plan = URIRef(f"{self.base}plan/{self.code}/{self.plan_id}")
        triples = [(member, RDF.type, OGP.Member), (self.plan, RDF.type, OGP.ActionPlan)]
        triples += self._statements(sheet, row, member, only=("member_name", "member_type"))
        triples.append((self.plan, OGP.member, member))
        skip = ("member", "member_name", "member_type")
        return triples + self._statements(sheet, row, self.plan, skip=skip)

    def _theme(self, sheet: SheetRows, row: Row) -> list:
        names = self._value(sheet, row, THEMES.column("name"))
        notation = self._value(sheet, row, THEMES.column("notation"))
        local = self._id(sheet, row, str(notation[0]) if notation else slug(str(names[0])))
        theme = self._new("themes", f"{self.plan}/theme/{local}", sheet, row)
        proposed = self._flag(sheet.cell(row, "proposed"))
        link = OGP.proposedTheme if proposed else OGP.theme
        keys = [local, *(str(v) for v in notation + names)]
        self.refs["themes"].update({normalised(k): theme for k in keys})
        return [
            (theme, RDF.type, OGP.Theme),
            (theme, OGP.actionPlan, self.plan),
            (self.plan, link, theme),
            *self._statements(sheet, row, theme, skip=("proposed",)),
        ]

    def _commitment(self, sheet: SheetRows, row: Row) -> list:
        number = self._value(sheet, row, COMMITMENTS.column("number"))
        title = self._value(sheet, row, COMMITMENTS.column("title"))
        if not number and not title:
            raise BadRow(row.location, "a commitment needs a number or a title")
        local = self._id(sheet, row, str(number[0]) if number else slug(str(title[0])))
        commitment = self._new("commitments", f"{self.plan}/commitment/{local}", sheet, row)
        triples = self._statements(sheet, row, commitment)
        keys = [local, *(str(v) for v in number)]
        self.refs["commitments"].update({normalised(k): commitment for k in keys})
        return [
            (commitment, RDF.type, OGP.Commitment),
            (commitment, OGP.actionPlan, self.plan),
            *triples,
        ]

    def _agency(self, sheet: SheetRows, row: Row) -> list:
        holder = self._reference(sheet, row, AGENCIES.column("commitment"))
        name = self._value(sheet, row, AGENCIES.column("name"))[0]
        local = self._id(sheet, row, slug(str(name)))
        prefix = f"{self.base}organisation/{self.code}/"
        agency = URIRef(local if local.startswith(("http://", "https://")) else prefix + local)
        named = self.graph.value(agency, SKOS.prefLabel)
        if named is not None and named != name:
            where = sheet.cell(row, "name").location
            raise BadRow(where, f"{local} is already named {str(named)!r} on another row")
        role = self._value(sheet, row, AGENCIES.column("role"))[0]
        node = BNode()
        return [
            (agency, RDF.type, ORG.Organization),
            (agency, SKOS.prefLabel, name),
            (holder or self.plan, OGP.agencyRole, node),
            (node, RDF.type, OGP.AgencyRole),
            (node, OGP.agency, agency),
            (node, OGP.role, role),
        ]

    def _milestone(self, sheet: SheetRows, row: Row) -> list:
        commitment = self._reference(sheet, row, MILESTONES.column("commitment"))
        count = len(set(self.graph.subjects(OGP.commitment, commitment))) + 1
        local = self._id(sheet, row, str(count))
        milestone = URIRef(f"{commitment}/milestone/{local}")
        if (milestone, RDF.type, OGP.Milestone) in self.graph:
            raise BadRow(row.location, f"milestone {local} of this commitment is given twice")
        return [(milestone, RDF.type, OGP.Milestone), *self._statements(sheet, row, milestone)]

    def _statements(self, sheet: SheetRows, row: Row, subject, only=(), skip=()) -> list:
        """A triple for every filled column that names a property."""
        triples = []
        for column in sheet.sheet.columns:
            if column.term is None or column.kind == "language" or column.key in skip:
                continue
            if only and column.key not in only:
                continue
            for value in self._value(sheet, row, column):
                triples.append((subject, column.uri(), value))
        return triples

    def _value(self, sheet: SheetRows, row: Row, column: Column) -> list:
        """The cell as RDF terms; a missing required value or an unreadable one is a bad row."""
        cell = sheet.cell(row, column.key)
        name = (cell.column if cell else column.header("en")).rstrip("* ")
        if cell is None or cell.text == "":
            if column.required:
                where = cell.location if cell else row.location
                raise BadRow(where, f"{name}: no value, and one is required")
            return []
        try:
            return self._parse(column, cell)
        except ValueProblem as problem:
            raise BadRow(cell.location, f"{name}: {problem}") from None

    def _parse(self, column: Column, cell: Cell) -> list:
        kind, text = column.kind, cell.text
        if kind == "lang":
            return [Literal(text, lang=self.lang)]
        if kind == "date":
            return [parse_date(cell.value)]
        if kind == "int":
            return [Literal(_integer(cell.value), datatype=XSD.integer)]
        if kind == "uri":
            if not text.startswith(("http://", "https://")):
                raise ValueProblem(f"{text!r} is not a web address (http:// or https://)")
            return [URIRef(text)]
        if kind in ("code", "codes"):
            parts = re.split(r"[;\n]", text) if kind == "codes" else [text]
            return [self._concept(column, p) for p in parts if p.strip()]
        if kind == "ref":
            return [self._target(column, p) for p in re.split(r"[;\n]", text) if p.strip()]
        if kind == "language" and not LANGUAGE.match(text):
            raise ValueProblem(f"{text!r} is not a language code such as nb, nn, da or en")
        return [Literal(parse_code(cell.value) if kind != "language" else text)]

    def _concept(self, column: Column, text: str) -> URIRef:
        concept = self.concepts.find(column.scheme, text)
        if concept is None:
            known = ", ".join(
                self.concepts.label(c, self.lang) for c in self.concepts.members(column.scheme)
            )
            raise ValueProblem(f"unknown value {text.strip()!r}; expected one of: {known}")
        return concept

    def _target(self, column: Column, text: str) -> URIRef:
        found = self.refs[column.ref].get(normalised(parse_code(text)))
        if found is None:
            sheet = (THEMES if column.ref == "themes" else COMMITMENTS).title("en")
            raise ValueProblem(
                f"{text.strip()!r} is not on the {sheet} sheet (or its row is unusable)"
            )
        return found

    def _reference(self, sheet: SheetRows, row: Row, column: Column) -> URIRef | None:
        found = self._value(sheet, row, column)
        return found[0] if found else None

    def _id(self, sheet: SheetRows, row: Row, fallback: str) -> str:
        cell = sheet.cell(row, "id")
        if cell is not None and cell.text:
            return parse_code(cell.value)
        if not fallback:
            raise BadRow(row.location, "no ID in the URI, and no number or name to make one from")
        return fallback.lower().replace(" ", "-")

    def _new(self, kind: str, uri: str, sheet: SheetRows, row: Row) -> URIRef:
        resource = URIRef(uri)
        if resource in self.refs[kind].values():
            raise BadRow(row.location, f"{uri.rsplit('/', 1)[-1]} is on the sheet twice")
        return resource

    def _flag(self, cell: Cell | None) -> bool:
        text = "" if cell is None else cell.text.casefold()
        if text not in YES | NO:
            raise BadRow(cell.location, f"{cell.column}: {cell.text!r} is not yes or no")
        return text in YES


def _integer(value: object) -> int:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueProblem(f"{value!r} is not a whole number") from None
    if not number.is_integer() or number < 0:
        raise ValueProblem(f"{value!r} is not a whole number")
    return int(number)
