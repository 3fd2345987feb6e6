"""What a page shows of a resource, gathered by a few SPARQL queries and shaped for templates."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ogpld.namespaces import PREFIXES

LABELS = (
    "<http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2000/01/rdf-schema#label> "
    "<http://purl.org/dc/terms/title> <https://schema.org/name> <http://xmlns.com/foaf/0.1/name>"
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ACTION_PLAN = "https://w3id.org/ogpld/ns#ActionPlan"
WORDS = {
    "en": {
        "about": "About",
        "type": "Type",
        "links": "Linked from",
        "query": "Query",
        "catalog": "Catalog",
        "vocabulary": "Vocabulary",
        "commitments": "Commitments",
        "number": "No.",
        "title": "Title",
        "lead": "Lead agencies",
        "status": "Status",
        "timeline": "Timeline",
        "formats": "Also as",
        "plans": "Action plans",
        "run": "Run",
        "download": "Download CSV",
        "examples": "Example queries",
        "rows": "rows",
        "downloads": "Downloads",
        "endpoint": "SPARQL endpoint",
    },
    "nb": {
        "about": "Om",
        "type": "Type",
        "links": "Lenket fra",
        "query": "Spørring",
        "catalog": "Katalog",
        "vocabulary": "Vokabular",
        "commitments": "Forpliktelser",
        "number": "Nr.",
        "title": "Tittel",
        "lead": "Ansvarlige",
        "status": "Status",
        "timeline": "Tidslinje",
        "formats": "Også som",
        "plans": "Handlingsplaner",
        "run": "Kjør",
        "download": "Last ned CSV",
        "examples": "Eksempelspørringer",
        "rows": "rader",
        "downloads": "Nedlastinger",
        "endpoint": "SPARQL-endepunkt",
    },
    "nn": {
        "about": "Om",
        "type": "Type",
        "links": "Lenkja frå",
        "query": "Spørjing",
        "catalog": "Katalog",
        "vocabulary": "Vokabular",
        "commitments": "Forpliktingar",
        "number": "Nr.",
        "title": "Tittel",
        "lead": "Ansvarlege",
        "status": "Status",
        "timeline": "Tidslinje",
        "formats": "Også som",
        "plans": "Handlingsplanar",
        "run": "Køyr",
        "download": "Last ned CSV",
        "examples": "Dømespørjingar",
        "rows": "rader",
        "downloads": "Nedlastingar",
        "endpoint": "SPARQL-endepunkt",
    },
    "da": {
        "about": "Om",
        "type": "Type",
        "links": "Linket fra",
        "query": "Forespørgsel",
        "catalog": "Katalog",
        "vocabulary": "Vokabular",
        "commitments": "Forpligtelser",
        "number": "Nr.",
        "title": "Titel",
        "lead": "Ansvarlige",
        "status": "Status",
        "timeline": "Tidslinje",
        "formats": "Også som",
        "plans": "Handlingsplaner",
        "run": "Kør",
        "download": "Hent CSV",
        "examples": "Eksempler",
        "rows": "rækker",
        "downloads": "Downloads",
        "endpoint": "SPARQL-endpoint",
    },
}


class Words(dict):
    """The fixed words of the pages in one language (attribute access for templates)."""

    def __init__(self, lang: str) -> None:
        super().__init__(WORDS.get(lang, WORDS["en"]))

    def __getattr__(self, name: str) -> str:
        return self.get(name, name)


@dataclass(frozen=True)
class Term:
    """An RDF term from SPARQL JSON results."""

    kind: str
    value: str
    lang: str = ""
    datatype: str = ""

    @classmethod
    def of(cls, binding: dict) -> Term:
        """A binding; a blank node some servers write as a "uri" starting with _: is one."""
        kind = binding["type"]
        if kind == "uri" and binding["value"].startswith("_:"):
            kind = "bnode"
        return cls(
            kind,
            binding["value"],
            binding.get("xml:lang", ""),
            binding.get("datatype", ""),
        )

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"

    def sparql(self) -> str:
        return f"<{self.value}>"


def compact(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{name}:{iri.removeprefix(str(namespace))}"
    return iri


@dataclass
class ResourceView:
    """Everything one resource's page shows, in one language."""

    iri: str
    lang: str
    base: str
    root: str = ""
    outgoing: list[tuple[Term, Term]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)
    nested: dict[str, list[tuple[Term, Term]]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    commitments: list[dict[str, Term]] = field(default_factory=list)
    dated: list[tuple[str, str, str, str]] = field(default_factory=list)

    def queries(self) -> dict[str, str]:
        """The queries a page needs, each run over the union of the graphs."""
        i = f"<{self.iri}>"
        return {
            "outgoing": f"SELECT ?p ?o WHERE {{ {i} ?p ?o }}",
            "incoming": f"SELECT ?s ?p WHERE {{ ?s ?p {i} FILTER(isIRI(?s)) }} LIMIT 500",
            "nested": f"SELECT ?b ?p ?o WHERE {{ {i} ?q ?b FILTER(isBlank(?b)) ?b ?p ?o }}",
            "labels": (
                f"SELECT DISTINCT ?x ?label WHERE {{ {{ {i} ?p ?x }} UNION {{ ?x ?p {i} }} "
                f"UNION {{ {i} ?x ?o }} UNION {{ {i} ?q [ ?x ?o ] }} UNION {{ {i} ?q [ ?r ?x ] }} "
                f"UNION {{ BIND({i} AS ?x) }} VALUES ?l {{ {LABELS} }} ?x ?l ?label }}"
            ),
            "commitments": f"""
              PREFIX ogp: <https://w3id.org/ogpld/ns#>
              PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
              PREFIX dcterms: <http://purl.org/dc/terms/>
              PREFIX role: <https://w3id.org/ogpld/scheme/institution-role/>
              SELECT ?c ?number (SAMPLE(?t) AS ?title)
                     (GROUP_CONCAT(DISTINCT ?lead; SEPARATOR=", ") AS ?leads)
                     (GROUP_CONCAT(DISTINCT ?status; SEPARATOR=", ") AS ?statuses)
              WHERE {{ ?c ogp:actionPlan {i} ; a ogp:Commitment .
                OPTIONAL {{ ?c ogp:commitmentNumber ?number }}
                OPTIONAL {{ ?c dcterms:title ?t }}
                OPTIONAL {{ ?c ogp:agencyRole [ ogp:role ?role ; ogp:agency/ogp:abbreviation ?lead ]
                           FILTER(?role = role:lead || EXISTS {{ ?role skos:broader role:lead }}) }}
                OPTIONAL {{ ?a ogp:commitment ?c ; ogp:completion/skos:prefLabel ?status
                           FILTER(LANGMATCHES(LANG(?status), "{self.lang}")) }}
              }} GROUP BY ?c ?number ORDER BY ?number""",
            "dated": f"""
              PREFIX ogp: <https://w3id.org/ogpld/ns#>
              PREFIX schema: <https://schema.org/>
              SELECT ?x ?start ?end WHERE {{
                {{ ?x ogp:commitment/ogp:actionPlan {i} }} UNION {{ ?x ogp:actionPlan {i} }}
                UNION {{ ?x <http://purl.org/dc/terms/subject> {i} }} UNION {{ BIND({i} AS ?x) }}
                OPTIONAL {{ ?x schema:startDate ?start }}
                OPTIONAL {{ ?x schema:endDate|ogp:deadline ?end }}
                FILTER(BOUND(?start) || BOUND(?end))
              }}""",
        }

    def add(self, name: str, rows: list[dict[str, Term]]) -> None:
        """Take in the rows of one of the queries."""
        if name == "outgoing":
            self.outgoing = [(r["p"], r["o"]) for r in rows]
        elif name == "incoming":
            self.incoming = [(r["s"], r["p"]) for r in rows]
        elif name == "nested":
            for row in rows:
                self.nested.setdefault(row["b"].value, []).append((row["p"], row["o"]))
        elif name == "labels":
            for row in rows:
                self.labels[row["x"].value].setdefault(row["label"].lang, row["label"].value)
        elif name == "commitments":
            self.commitments = rows
        elif name == "dated":
            self.dated = [
                (
                    self.label(r["x"].value),
                    r["x"].value,
                    _value(r.get("start")),
                    _value(r.get("end")),
                )
                for r in rows
            ]

    @property
    def known(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def is_plan(self) -> bool:
        return any(p.value == RDF_TYPE and o.value == ACTION_PLAN for p, o in self.outgoing)

    def label(self, iri: str) -> str:
        """The label in the page language, else English, else any, else the short IRI."""
        found = self.labels.get(iri, {})
        for lang in (self.lang, "nb" if self.lang == "nn" else "", "en"):
            if lang and lang in found:
                return found[lang]
        return next(iter(found.values()), compact(iri))

    def href(self, iri: str) -> str:
        """A local link for our own URIs, so that they dereference on this server."""
        prefix = f"{self.base}id/"
        return f"{self.root}/id/{iri.removeprefix(prefix)}" if iri.startswith(prefix) else iri

    def types(self) -> list[str]:
        return [o.value for p, o in self.outgoing if p.value == RDF_TYPE]

    def properties(self) -> list[tuple[str, list[Term]]]:
        """Outgoing values grouped by property, types left out (they head the page)."""
        grouped: dict[str, list[Term]] = defaultdict(list)
        for p, o in self.outgoing:
            if p.value != RDF_TYPE:
                grouped[p.value].append(o)
        return sorted(grouped.items(), key=lambda item: self.label(item[0]).lower())


def _value(term: Term | None) -> str:
    return term.value if term else ""


def year_of(text: str) -> float | None:
    """A date, year-month or year as a fractional year, for the timeline."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return year + ((month or 1) - 1) / 12 + ((day or 1) - 1) / 365


def timeline(items: list[tuple[str, str, str, str]], width: int = 720) -> dict:
    """Bars and points on a time axis, laid out for an SVG."""
    rows = []
    for label, iri, start, end in items:
        begin, finish = year_of(start), year_of(end)
        if begin is None and finish is None:
            continue
        rows.append((label, iri, begin if begin is not None else finish, finish or begin))
    if not rows:
        return {}
    first = int(min(r[2] for r in rows))
    last = int(max(r[3] for r in rows)) + 1
    scale = (width - 20) / max(last - first, 1)
    bars = [
        {
            "label": label,
            "iri": iri,
            "x": 10 + (begin - first) * scale,
            "width": max((finish - begin) * scale, 4),
            "y": 30 + index * 22,
        }
        for index, (label, iri, begin, finish) in enumerate(sorted(rows, key=lambda r: r[2]))
    ]
    ticks = [{"x": 10 + (year - first) * scale, "year": year} for year in range(first, last + 1)]
    return {"bars": bars, "ticks": ticks, "width": width, "height": 40 + 22 * len(bars)}
