"""OGP's commitments export (one row per commitment, ~170 columns) as ogpld linked data."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ogpld.config import Settings
from ogpld.errors import ImportFailed
from ogpld.importers.assessments import Assessments
from ogpld.importers.cells import CellReader, RowContext, Triple
from ogpld.importers.concepts import Concepts
from ogpld.importers.institutions import Institutions, load_aliases, slug
from ogpld.importers.mapping import Mapping, load_mapping
from ogpld.importers.outcome import BadRow, ImportLog, ImportResult
from ogpld.importers.table import Row, Table, column_key, read_table
from ogpld.importers.values import ValueProblem, parse_code, parse_flag
from ogpld.namespaces import OGP, SCHEMA, SCHEME

COUNTRY = "http://publications.europa.eu/resource/authority/country/"
IDENTIFIER = re.compile(r"^([A-Z]{2,})([0-9]{4})$")
ROLES = {
    "lead": SCHEME["institution-role/lead"],
    "supporting": SCHEME["institution-role/supporting"],
}
MULTIVALUED = {RDF.type, OGP.theme}


def import_irm(
    path: Path,
    settings: Settings,
    mapping: Path | None = None,
    aliases: Path | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Map every row; bad rows are logged as errors, so the caller decides to refuse or skip."""
    rules = load_mapping(mapping)
    table = read_table(path, sheet)
    _require_columns(table, rules)
    base = f"{settings.source_base_uri}id/"
    importer = IrmImport(rules, base, Institutions(load_aliases(aliases)), table.columns)
    for row in table.rows:
        importer.add_row(row)
    importer.finish(table)
    return ImportResult(importer.files(), importer.log, len(table.rows))


def _require_columns(table: Table, rules: Mapping) -> None:
    needed = [rules.commitment.get("identifier", ""), rules.plan.get("number", "")]
    missing = [c for c in needed if not c or not table.has(c)]
    if missing:
        where = f"{table.path}:{table.sheet}" if table.sheet else str(table.path)
        raise ImportFailed(
            f"the sheet has no column {missing[0]!r}; is it OGP's commitments export?", where
        )


class IrmImport:
    """Rows in, one graph per member out, with everything found wrong in the log."""

    def __init__(
        self, rules: Mapping, base: str, institutions: Institutions, columns: list[str]
    ) -> None:
        self.rules, self.base, self.institutions = rules, base, institutions
        self.concepts = Concepts.bundled()
        self.log = ImportLog()
        self.cells = CellReader(rules, self.concepts, self.log)
        self.assessments = Assessments(self.cells)
        self.flag_columns = self._flag_columns(columns)
        self.graphs: dict[str, Graph] = {}
        self.commitments: dict[URIRef, str] = {}
        self.roles: list[tuple[str, URIRef, str, object]] = []

    def add_row(self, row: Row) -> None:
        """Map one row; its triples land only if the whole row could be read."""
        try:
            context = self._context(row)
            for step in (
                self._member,
                self._plan,
                self._commitment,
                self._flags,
                self.assessments.add,
            ):
                step(context)
            self._agencies(context)
        except BadRow as bad:
            self.log.errors.append(bad.problem)
            return
        self.commitments[context.commitment] = row.location
        graph = self.graphs.setdefault(context.member, Graph())
        for triple in context.triples:
            if not self._conflicts(graph, triple, context):
                graph.add(triple)
        self._register_agencies(context)

    def _conflicts(self, graph: Graph, triple: Triple, context: RowContext) -> bool:
        """A plan, member or report told differently by two rows keeps the first row's value."""
        subject, predicate, value = triple
        if str(subject).startswith(str(context.commitment)) or predicate in MULTIVALUED:
            return False
        earlier = graph.value(subject, predicate)
        if earlier is None or earlier == value:
            return False
        self.log.note(
            context.row.location,
            f"{graph.namespace_manager.normalizeUri(predicate)} of <{subject}> is {value} here but "
            f"{earlier} in an earlier row; kept {earlier}",
        )
        return True

    def finish(self, table: Table) -> None:
        """Name the institutions, report merges and the columns nothing read."""
        for member, commitment, role, institution in self.roles:
            self._role_triples(self.graphs[member], commitment, role, institution)
        for institution in {id(i): i for *_, i in self.roles}.values():
            self._institution_triples(institution)
        self.log.merges.extend(self.institutions.merges())
        unread = self._unread_columns(table)
        if unread:
            self.log.note(
                str(table.path), f"{len(unread)} columns not imported: {', '.join(unread)}"
            )

    def files(self) -> dict[str, Graph]:
        return {f"{member}.ttl": graph for member, graph in sorted(self.graphs.items())}

    def _context(self, row: Row) -> RowContext:
        identifier = self.cells.text(row, self.rules.commitment.get("identifier")).upper()
        match = IDENTIFIER.match(identifier or "")
        if not match:
            cell = row.cell(self.rules.commitment["identifier"])
            raise BadRow(
                cell.location if cell else row.location,
                f"no OGP commitment identifier such as NO0036: {identifier!r}",
            )
        number = self.cells.required(row, self.rules.plan["number"], parse_code)
        if not re.match(r"^[0-9]+[A-Za-z]?$", number):
            raise BadRow(
                row.cell(self.rules.plan["number"]).location,
                f"not a plan number such as 2 or 4B: {number!r}",
            )
        member = match.group(1).lower()
        plan = URIRef(f"{self.base}plan/{member}/{number}")
        commitment_number = self.cells.code(row, self.rules.commitment.get("number"))
        commitment = URIRef(f"{plan}/commitment/{commitment_number or identifier}")
        if commitment in self.commitments:
            raise BadRow(
                row.location,
                f"commitment {identifier} is already in {self.commitments[commitment]}",
            )
        submitted = self.cells.year(row, self.rules.plan.get("submitted"))
        new_model = submitted is not None and int(str(submitted)) >= self.rules.new_model_from
        return RowContext(row, member, plan, commitment, new_model)

    def _member(self, context: RowContext) -> None:
        member = URIRef(f"{self.base}member/{context.member}")
        add = context.triples.append
        add((member, RDF.type, OGP.Member))
        name = self.cells.text(context.row, self.rules.member.get("name"))
        if name:
            add((member, SKOS.prefLabel, Literal(name, lang=self.rules.language)))
        kind = self.cells.concept(context.row, self.rules.member.get("type"), "member-type")
        if kind is None:
            raise BadRow(
                context.row.location,
                f"no member type ({self.rules.member.get('type')}): national or local",
            )
        add((member, OGP.memberType, kind))
        code = self.cells.text(context.row, self.rules.member.get("country"))
        if (
            code
            and kind == SCHEME["member-type/national"]
            and re.match(r"^[A-Z]{3}$", code.upper())
        ):
            add((member, DCTERMS.spatial, URIRef(COUNTRY + code.upper())))

    def _plan(self, context: RowContext) -> None:
        plan, row, add = context.plan, context.row, context.triples.append
        add((plan, RDF.type, OGP.ActionPlan))
        add((plan, OGP.member, URIRef(f"{self.base}member/{context.member}")))
        add((plan, OGP.planNumber, Literal(plan.rsplit("/", 1)[-1])))
        identifier = self.cells.text(row, self.rules.plan.get("identifier"))
        if identifier:
            add((plan, DCTERMS.identifier, Literal(identifier)))
        for key, predicate in (("submitted", DCTERMS.dateSubmitted), ("end", SCHEMA.endDate)):
            year = self.cells.year(row, self.rules.plan.get(key))
            if year is not None:
                add((plan, predicate, year))

    def _commitment(self, context: RowContext) -> None:
        node, row, add, spec = (
            context.commitment,
            context.row,
            context.triples.append,
            self.rules.commitment,
        )
        add((node, RDF.type, OGP.Commitment))
        add((node, OGP.actionPlan, context.plan))
        add((node, DCTERMS.identifier, Literal(self.cells.text(row, spec["identifier"]).upper())))
        number = self.cells.code(row, spec.get("number"))
        if number:
            add((node, OGP.commitmentNumber, Literal(number)))
        for key, predicate in (
            ("title", DCTERMS.title),
            ("short_title", DCTERMS.alternative),
            ("text", DCTERMS.description),
        ):
            text = self.cells.text(row, spec.get(key))
            if text:
                add((node, predicate, Literal(text, lang=self.rules.language)))
        for key, predicate in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
            value = self.cells.date(row, spec.get(key))
            if value is not None:
                add((node, predicate, value))
        self._theme(context, self.cells.text(row, spec.get("theme")))
        url = self.cells.text(row, spec.get("url"))
        if url and re.match(r"^https?://\S+$", url):
            add((node, RDFS.seeAlso, URIRef(url)))
        elif url:
            self.log.note(row.cell(spec["url"]).location, f"not a web address, left out: {url!r}")

    def _theme(self, context: RowContext, name: str) -> None:
        if not name:
            return
        theme = URIRef(f"{context.plan}/theme/{slug(name)}")
        context.triples += [
            (theme, RDF.type, OGP.Theme),
            (theme, SKOS.prefLabel, Literal(name, lang=self.rules.language)),
            (context.plan, OGP.theme, theme),
            (context.commitment, OGP.theme, theme),
        ]

    def _flags(self, context: RowContext) -> None:
        for column, (predicate, concept) in self.flag_columns.items():
            cell = context.row.cell(column)
            if cell is None or self.cells.missing(cell):
                continue
            try:
                if parse_flag(cell.value):
                    context.triples.append((context.commitment, predicate, concept))
            except ValueProblem as problem:
                raise BadRow(cell.location, f"{cell.column}: {problem}") from None

    def _flag_columns(self, columns: list[str]) -> dict[str, tuple[URIRef, URIRef]]:
        """The mapping's 0/1 columns, and every column a policy-area concept is named by."""
        flags = dict(self.rules.flags)
        if self.rules.policy_areas:
            predicate, scheme = self.rules.policy_areas
            mapped = {column_key(c) for c in flags}
            for column in columns:
                concept = self.concepts.find(scheme, column)
                if concept is not None and column_key(column) not in mapped:
                    flags[column] = (predicate, concept)
        return flags

    def _agencies(self, context: RowContext) -> None:
        for role in ROLES:
            cell = context.row.cell(self.rules.commitment.get(role) or "")
            if cell is None or self.cells.missing(cell):
                continue
            for name in self._names(cell.text):
                context.agencies.append((role, name, cell))
        if not any(role == "lead" for role, *_ in context.agencies):
            column = self.rules.commitment.get("lead", "")
            cell = context.row.cell(column)
            raise BadRow(
                cell.location if cell else context.row.location, f"{column}: no lead institution"
            )

    def _names(self, text: str) -> list[str]:
        from ogpld.importers.values import split_names

        return split_names(text, self.rules.separators, self.institutions.protected)

    def _register_agencies(self, context: RowContext) -> None:
        for role, name, cell in context.agencies:
            institution = self.institutions.add(context.member, name, cell.location)
            self.roles.append((context.member, context.commitment, role, institution))

    def _role_triples(self, graph: Graph, commitment: URIRef, role: str, institution) -> None:
        agency = self._agency_uri(institution)
        node = URIRef(f"{commitment}/role/{role}/{agency.rsplit('/', 1)[-1]}")
        graph.add((commitment, OGP.agencyRole, node))
        graph.add((node, RDF.type, OGP.AgencyRole))
        graph.add((node, OGP.agency, agency))
        graph.add((node, OGP.role, ROLES[role]))

    def _institution_triples(self, institution) -> None:
        graph, agency = self.graphs[institution.member], self._agency_uri(institution)
        graph.add((agency, RDF.type, ORG.Organization))
        graph.add((agency, SKOS.prefLabel, Literal(institution.name, lang=self.rules.language)))
        for other in institution.other_names():
            graph.add((agency, SKOS.altLabel, Literal(other, lang=self.rules.language)))

    def _agency_uri(self, institution) -> URIRef:
        return URIRef(f"{self.base}organisation/{institution.member}/{slug(institution.key)}")

    def _unread_columns(self, table: Table) -> list[str]:
        read = {column_key(c) for c in [*self.rules.columns(), *self.flag_columns]}
        return [
            c for c in table.columns if c and not c.startswith("_") and column_key(c) not in read
        ]
