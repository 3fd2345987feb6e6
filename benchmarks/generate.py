"""Synthetic OGP data at realistic scale, streamed to N-Triples or Turtle without holding it.

--scale 1 is about all of OGP: 80 national and 150 local members, ~540 action plans, ~6,000
commitments, ~30,000 milestones, 40 organisations per member, one IRM progress report per plan
with an assessment of every commitment and its totals, and a forum per member with meetings and
timed agendas: about half a million triples. --scale 10 and 100 multiply the members; every member
is seeded on its own, so it is the same at every scale and per-member sizes stay the same.
Everything is modelled as tests/fixtures/shapes/minimal.ttl models it.

--invalid RATE injects known mistakes, each at that rate per opportunity (commitment, milestone,
organisation), and writes how many of each it injected to stderr:

    missing lead agency                 commitment whose only agency role is a supporting one
    milestone ends before it starts     start and due date swapped
    bad organisation-number check digit ninth digit of an organisation number changed
    commitment number duplicated        a commitment numbered like the first one of its plan
    wrong datatype                      a milestone due date as a plain string, not xsd:date

--out FILE writes one file (.nt or .ttl); --out FOLDER/ (an existing folder, or a name ending in
/) writes numbered parts of at most --part-mb each, split between members, because ogpld refuses
files over 512 MiB and 10x is larger than that as N-Triples.

    python3 benchmarks/generate.py --scale 1 --out /tmp/ogp-1x.nt
    python3 benchmarks/generate.py --scale 100 --invalid 0.001 --out /tmp/ogp-100x/
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

BASE = "https://data.example.org/id/"
OGP = "https://w3id.org/ogpld/ns#"
SCHEME = "https://w3id.org/ogpld/scheme/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
A = RDF + "type"

PREFIXES = {
    "rdf": RDF,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCT,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "vcard": VCARD,
    "ogp": OGP,
    **{
        name.replace("-", ""): f"{SCHEME}{name}/"
        for name in (
            "member-type",
            "plan-status",
            "institution-role",
            "ogp-value",
            "grand-challenge",
            "organisation-type",
            "forum-type",
            "report-type",
            "completion",
            "specificity",
            "potential-impact",
        )
    },
}
_PREFIX_OF = {namespace: prefix for prefix, namespace in PREFIXES.items()}

MISSING_LEAD = "missing lead agency"
MILESTONE_ORDER = "milestone ends before it starts"
CHECK_DIGIT = "bad organisation-number check digit"
DUPLICATE_NUMBER = "commitment number duplicated in a plan"
WRONG_DATATYPE = "wrong datatype (milestone due date as a plain string)"
MISTAKES = (MISSING_LEAD, MILESTONE_ORDER, CHECK_DIGIT, DUPLICATE_NUMBER, WRONG_DATATYPE)

# Per-member sizes. National members have several plans with many commitments; local members
# (cities, regions) one or two short plans.
NATIONAL_PER_23 = 8  # 80 of every 230 members are national
ORGANISATIONS = 40
MINISTRIES = 12
OGP_VALUES = ("access-to-information", "civic-participation", "public-accountability")
GRAND_CHALLENGES = ("public-services", "public-integrity", "public-resources")
COMPLETION = ("not-started", "limited", "substantial", "complete")
SPECIFICITY = ("low", "medium", "high")
IMPACT = ("none", "minor", "moderate", "transformative")
LANGUAGES = ("fr", "es", "pt", "de", "nb", "da", "id", "ko")  # a member's own language besides en

Pairs = list[tuple[str, str]]


def iri(value: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{value}>"


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal as an N-Triples term: plain, language-tagged or typed with an xsd: datatype."""
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{XSD}{datatype}>" if datatype else text


def _turtle_iri(value: str) -> str:
    """An IRI in Turtle: relative to the base, a prefixed name, or written out."""
    if value.startswith(BASE):
        return f"<{value[len(BASE) :]}>"
    cut = max(value.rfind("#"), value.rfind("/")) + 1
    prefix = _PREFIX_OF.get(value[:cut])
    local = value[cut:]
    if prefix is not None and local and local[0].isalpha() and local.replace("-", "").isalnum():
        return f"{prefix}:{local}"
    return f"<{value}>"


def _turtle_term(term: str) -> str:
    """An N-Triples term rewritten for Turtle."""
    if term.startswith("<"):
        return _turtle_iri(term[1:-1])
    if term.endswith(">"):
        literal, datatype = term.rsplit("^^<", 1)
        return f"{literal}^^{_turtle_iri(datatype[:-1])}"
    return term


class Sink:
    """Writes subjects with their triples to one file or to numbered parts, counting them."""

    def __init__(self, out: Path, turtle: bool, part_bytes: int | None) -> None:
        """Open the first (or only) file; parts are written when part_bytes is given."""
        self.out, self.turtle, self.part_bytes = out, turtle, part_bytes
        self.triples = 0
        self.bytes = 0
        self.files: list[Path] = []
        self._part_bytes = 0
        self._file: TextIO | None = None
        self._open()

    def _open(self) -> None:
        """Start the next file, with the Turtle prefixes when writing Turtle."""
        if self.part_bytes is None:
            path = self.out
        else:
            self.out.mkdir(parents=True, exist_ok=True)
            extension = "ttl" if self.turtle else "nt"
            path = self.out / f"part-{len(self.files) + 1:04d}.{extension}"
        self._file = path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.files.append(path)
        self._part_bytes = 0
        if self.turtle:
            header = f"@base <{BASE}> .\n" + "".join(
                f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items()
            )
            self._write(header + "\n")

    def _write(self, text: str) -> None:
        """Write text and count its size (characters: the data is nearly all ASCII)."""
        assert self._file is not None
        self._file.write(text)
        self._part_bytes += len(text)
        self.bytes += len(text)

    def emit(self, subject: str, pairs: Pairs) -> None:
        """Write one subject's triples: predicates are IRIs, objects N-Triples terms."""
        self.triples += len(pairs)
        if self.turtle:
            body = " ;\n    ".join(
                ("a" if p == A else _turtle_iri(p)) + " " + _turtle_term(o) for p, o in pairs
            )
            self._write(f"{_turtle_iri(subject)} {body} .\n")
        else:
            self._write("".join(f"<{subject}> <{p}> {o} .\n" for p, o in pairs))

    def boundary(self) -> None:
        """A point between members: start a new part here if the current one is full."""
        if self.part_bytes is not None and self._part_bytes >= self.part_bytes:
            self.close()
            self._open()

    def close(self) -> None:
        """Close the current file."""
        if self._file is not None:
            self._file.close()
            self._file = None


class Mistakes:
    """Decides, at a fixed rate, where to inject a mistake, and counts the injections.

    It draws from its own random numbers, so the data around the mistakes is the same at every
    rate, and at rate 0 it is exactly the valid data.
    """

    def __init__(self, rate: float) -> None:
        """No mistakes at rate 0."""
        self.rate = rate
        self.injected: Counter[str] = Counter()
        self.rng = random.Random()

    def reseed(self, seed: int) -> None:
        """Start a member's own sequence of decisions."""
        self.rng.seed(seed)

    def __call__(self, kind: str) -> bool:
        """True (and counted) if a mistake of this kind goes here."""
        if self.rate and self.rng.random() < self.rate:
            self.injected[kind] += 1
            return True
        return False


def organisation_number(rng: random.Random) -> str:
    """A nine-digit Norwegian organisation number with a valid MOD-11 check digit."""
    while True:
        digits = [rng.choice((8, 9))] + [rng.randrange(10) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
        check = (11 - total % 11) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def member_code(m: int) -> str:
    """Letters for member m (AA, AB, …), used in OGP-style commitment identifiers."""
    letters = ""
    n = m
    while True:
        n, r = divmod(n, 26)
        letters = chr(65 + r) + letters
        if n == 0:
            break
    return letters.rjust(2, "A")


def month(index: int, day: int | None = None) -> str:
    """A month counted from year 0 as YYYY-MM, or a day of it as YYYY-MM-DD."""
    year, m = divmod(index, 12)
    return f"{year:04d}-{m + 1:02d}" + (f"-{day:02d}" if day else "")


@dataclass
class Summary:
    """What was written: triples, files, resources per class and mistakes injected."""

    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)
    resources: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)


class Generator:
    """Writes the members of OGP one after the other."""

    def __init__(self, sink: Sink, mistakes: Mistakes, seed: int) -> None:
        """Write to sink, injecting mistakes; members are seeded from seed and their index."""
        self.sink, self.mistakes, self.seed = sink, mistakes, seed
        self.resources: Counter[str] = Counter()
        self.language = "en"

    def emit(self, kind: str, subject: str, pairs: Pairs) -> None:
        """Write a resource and count it under kind."""
        self.resources[kind] += 1
        self.sink.emit(subject, pairs)

    def member(self, m: int) -> None:
        """One OGP member with everything that belongs to it."""
        rng = random.Random(self.seed * 1_000_003 + m)
        self.mistakes.reseed(-(self.seed * 1_000_003 + m))
        national = m % 23 < NATIONAL_PER_23
        node = f"{BASE}member/m{m}"
        name = f"Country {m}" if national else f"City {m}"
        self.language = rng.choice(LANGUAGES)
        pairs: Pairs = [
            (A, iri(OGP + "Member")),
            (SKOS + "prefLabel", lit(name, "en")),
            (OGP + "memberType", iri(f"{SCHEME}member-type/{'national' if national else 'local'}")),
            (
                OGP + "memberSince",
                lit(str(2011 + rng.randrange(6)) if national else "2016", None, "gYear"),
            ),
        ]
        if national:
            pairs.append(
                (OGP + "foundingMember", lit("true" if m < 8 else "false", None, "boolean"))
            )
        self.emit("member", node, pairs)
        agencies = self.organisations(rng, m, name, national)
        self.forum(rng, m, name, node, agencies[0])
        plans = rng.randrange(3, 7) if national else 1 + (rng.random() < 0.2)
        first_year = 2012 if national else 2017
        for p in range(plans):
            self.plan(rng, m, node, name, p, first_year + 2 * p, agencies, national)
        self.sink.boundary()

    def organisations(self, rng: random.Random, m: int, name: str, national: bool) -> list[str]:
        """The member's ministries and agencies, with organisation numbers and addresses."""
        nodes = [f"{BASE}organisation/m{m}/o{i}" for i in range(ORGANISATIONS)]
        for i, node in enumerate(nodes):
            ministry = i < MINISTRIES
            kind = "ministry" if ministry else rng.choice(("agency", "directorate"))
            if not national:
                kind = "municipality" if i == 0 else "agency"
            number = organisation_number(rng)
            if self.mistakes(CHECK_DIGIT):
                number = number[:8] + str((int(number[8]) + 1) % 10)
            pairs: Pairs = [
                (A, iri(ORG + "Organization")),
                (SKOS + "prefLabel", lit(f"{kind.capitalize()} {i} of {name}", "en")),
                (SKOS + "prefLabel", lit(f"{kind} {i} ({name})", self.language)),
                (OGP + "abbreviation", lit(f"{kind[0].upper()}{i}M{m}", "en")),
                (ORG + "classification", iri(f"{SCHEME}organisation-type/{kind}")),
                (OGP + "organisationNumber", lit(number)),
            ]
            if ministry:
                address = f"{node}/address"
                pairs.append((VCARD + "hasAddress", iri(address)))
            else:
                pairs.append((ORG + "subOrganizationOf", iri(nodes[rng.randrange(MINISTRIES)])))
            self.emit("organisation", node, pairs)
            if ministry:
                self.emit(
                    "address",
                    address,
                    [
                        (A, iri(VCARD + "Address")),
                        (VCARD + "street-address", lit(f"Postboks {8000 + i} Dep")),
                        (VCARD + "postal-code", lit(f"{30 + i:04d}")),
                        (VCARD + "locality", lit(f"Capital of {name}")),
                    ],
                )
        return nodes

    def forum(self, rng: random.Random, m: int, name: str, member: str, ministry: str) -> None:
        """The member's multi-stakeholder forum, its chair and meetings with timed agendas."""
        forum = f"{BASE}forum/m{m}/msf"
        self.emit(
            "forum",
            forum,
            [
                (A, iri(OGP + "Forum")),
                (A, iri(ORG + "Organization")),
                (SKOS + "prefLabel", lit(f"Multi-stakeholder forum of {name}", "en")),
                (DCT + "type", iri(SCHEME + "forum-type/multi-stakeholder-forum")),
                (OGP + "member", iri(member)),
            ],
        )
        person, role, chair = (f"{BASE}{k}/m{m}/chair" for k in ("person", "role", "membership"))
        self.emit("person", person, [(A, iri(FOAF + "Person")), (FOAF + "name", lit(f"Chair {m}"))])
        self.emit(
            "role",
            role,
            [(A, iri(ORG + "Role")), (SKOS + "prefLabel", lit("State Secretary", "en"))],
        )
        self.emit(
            "membership",
            chair,
            [
                (A, iri(ORG + "Membership")),
                (ORG + "member", iri(person)),
                (ORG + "organization", iri(ministry)),
                (ORG + "role", iri(role)),
            ],
        )
        place = f"{BASE}place/m{m}/hall"
        self.emit(
            "place",
            place,
            [
                (A, iri(SCHEMA + "Place")),
                (SCHEMA + "name", lit(f"Conference hall of {name}", "en")),
                (VCARD + "hasAddress", iri(place + "/address")),
            ],
        )
        self.emit(
            "address",
            place + "/address",
            [(A, iri(VCARD + "Address")), (VCARD + "street-address", lit(f"Main Street {m}"))],
        )
        day = date(2016, 1, 12)
        for g in range(rng.randint(4, 8)):
            day += timedelta(days=rng.randint(30, 120))
            self.meeting(rng, forum, g, day, place, chair)

    def meeting(
        self, rng: random.Random, forum: str, g: int, day: date, place: str, chair: str
    ) -> None:
        """A forum meeting with a registration deadline and an agenda of timed items."""
        node = f"{forum}/meeting/{g + 1}"
        items = [f"{node}/agenda/{i + 1}" for i in range(rng.randint(4, 6))]
        self.emit(
            "meeting",
            node,
            [
                (A, iri(OGP + "Meeting")),
                (DCT + "title", lit(f"Forum meeting {g + 1}", "en")),
                (OGP + "forum", iri(forum)),
                (SCHEMA + "startDate", lit(f"{day}T10:00:00+01:00", None, "dateTime")),
                (SCHEMA + "endDate", lit(f"{day}T12:00:00+01:00", None, "dateTime")),
                (SCHEMA + "location", iri(place)),
                (OGP + "chair", iri(chair)),
                (OGP + "registrationDeadline", lit(str(day - timedelta(days=7)), None, "date")),
                *((OGP + "agendaItem", iri(item)) for item in items),
            ],
        )
        for i, item in enumerate(items):
            self.emit(
                "agenda item",
                item,
                [
                    (A, iri(OGP + "AgendaItem")),
                    (OGP + "position", lit(str(i + 1), None, "integer")),
                    (SCHEMA + "startTime", lit(f"{10 + i // 3}:{i % 3 * 20:02d}:00", None, "time")),
                    (DCT + "title", lit(f"Agenda item {i + 1}", "en")),
                ],
            )

    def plan(
        self,
        rng: random.Random,
        m: int,
        member: str,
        name: str,
        p: int,
        year: int,
        agencies: list[str],
        national: bool,
    ) -> None:
        """An action plan with themes, commitments, its IRM report and consultation."""
        node = f"{BASE}plan/m{m}/{p + 1}"
        count = rng.randint(9, 19) if national else rng.randint(3, 8)
        themes = [f"{node}/theme/{t + 1}" for t in range(rng.randint(3, 5))]
        coordinator = f"{node}/coordinator"
        self.emit(
            "action plan",
            node,
            [
                (A, iri(OGP + "ActionPlan")),
                (OGP + "member", iri(member)),
                (OGP + "planNumber", lit(str(p + 1))),
                (DCT + "title", lit(f"Action plan {p + 1} of {name}", "en")),
                (SCHEMA + "startDate", lit(f"{year}-07-01", None, "date")),
                (SCHEMA + "endDate", lit(f"{year + 2}-06-30", None, "date")),
                (OGP + "commitmentCount", lit(str(count), None, "integer")),
                (OGP + "planStatus", iri(SCHEME + "plan-status/ended")),
                *((OGP + "theme", iri(theme)) for theme in themes),
                (OGP + "agencyRole", iri(coordinator)),
            ],
        )
        self.emit(
            "agency role",
            coordinator,
            [
                (A, iri(OGP + "AgencyRole")),
                (OGP + "agency", iri(agencies[0])),
                (OGP + "role", iri(SCHEME + "institution-role/coordinator")),
            ],
        )
        for t, theme in enumerate(themes):
            self.emit(
                "theme",
                theme,
                [
                    (A, iri(OGP + "Theme")),
                    (OGP + "actionPlan", iri(node)),
                    (SKOS + "notation", lit(str(t + 1))),
                    (SKOS + "prefLabel", lit(f"Theme {t + 1}", "en")),
                ],
            )
        report = f"{node}/irm-progress"
        issued = f"{year + 1}-11-15"
        self.emit(
            "report",
            report,
            [
                (A, iri(OGP + "Report")),
                (DCT + "title", lit(f"{name} progress report {year}-{year + 1}", "en")),
                (DCT + "issued", lit(issued, None, "date")),
                (OGP + "reportType", iri(SCHEME + "report-type/irm-progress")),
                (OGP + "actionPlan", iri(node)),
            ],
        )
        completions: Counter[str] = Counter()
        numbers = [f"{c * len(themes) // count + 1}.{c + 1}" for c in range(count)]
        code = member_code(m)
        for c in range(count):
            commitment = f"{node}/commitment/{c + 1}"
            number = numbers[c]
            if c and self.mistakes(DUPLICATE_NUMBER):
                number = numbers[0]
            theme = themes[c * len(themes) // count]
            identifier = f"{code}{p * 20 + c + 1:04d}"
            self.commitment(rng, commitment, node, number, identifier, theme, agencies, year)
            completion = rng.choice(COMPLETION)
            completions[completion] += 1
            self.assessment(rng, commitment, report, issued, completion)
        result = f"{report}/result"
        tallies = {status: f"{result}/{status}" for status in sorted(completions)}
        self.emit(
            "aggregate result",
            result,
            [
                (A, iri(OGP + "AggregateResult")),
                (OGP + "actionPlan", iri(node)),
                (OGP + "report", iri(report)),
                (OGP + "total", lit(str(count), None, "integer")),
                *((OGP + "tally", iri(tally)) for tally in tallies.values()),
            ],
        )
        for status, tally in tallies.items():
            self.emit(
                "tally",
                tally,
                [
                    (A, iri(OGP + "Tally")),
                    (OGP + "status", iri(f"{SCHEME}completion/{status}")),
                    (OGP + "count", lit(str(completions[status]), None, "integer")),
                ],
            )
        self.emit(
            "consultation",
            f"{node}/consultation",
            [
                (A, iri(OGP + "Consultation")),
                (DCT + "title", lit(f"Consultation on action plan {p + 1}", "en")),
                (SCHEMA + "startDate", lit(f"{year}-04-01", None, "date")),
                (OGP + "deadline", lit(f"{year}-05-15", None, "date")),
                (OGP + "platform", iri(f"https://consultation.example.org/m{m}/{p + 1}")),
            ],
        )

    def commitment(
        self,
        rng: random.Random,
        node: str,
        plan: str,
        number: str,
        identifier: str,
        theme: str,
        agencies: list[str],
        year: int,
    ) -> None:
        """A commitment with a lead and supporting agencies and three to seven milestones."""
        roles = [f"{node}/lead"] + [f"{node}/support/{s + 1}" for s in range(rng.randint(0, 2))]
        self.emit(
            "commitment",
            node,
            [
                (A, iri(OGP + "Commitment")),
                (OGP + "actionPlan", iri(plan)),
                (OGP + "commitmentNumber", lit(number)),
                (DCT + "title", lit(f"Commitment {number}", "en")),
                (DCT + "title", lit(f"Commitment {number} ({self.language})", self.language)),
                (
                    DCT + "description",
                    lit(f"What commitment {number} of {plan} sets out to do.", "en"),
                ),
                (DCT + "identifier", lit(identifier)),
                (OGP + "theme", iri(theme)),
                (OGP + "ogpValue", iri(f"{SCHEME}ogp-value/{rng.choice(OGP_VALUES)}")),
                (
                    OGP + "grandChallenge",
                    iri(f"{SCHEME}grand-challenge/{rng.choice(GRAND_CHALLENGES)}"),
                ),
                *((OGP + "agencyRole", iri(role)) for role in roles),
            ],
        )
        lead = "supporting" if self.mistakes(MISSING_LEAD) else "lead"
        for r, role in enumerate(roles):
            self.emit(
                "agency role",
                role,
                [
                    (A, iri(OGP + "AgencyRole")),
                    (OGP + "agency", iri(rng.choice(agencies))),
                    (OGP + "role", iri(f"{SCHEME}institution-role/{'supporting' if r else lead}")),
                ],
            )
        first = year * 12 + 6  # July of the plan's first year
        for k in range(rng.randint(3, 7)):
            begins = first + rng.randrange(18)
            ends = begins + 1 + rng.randrange(first + 23 - begins)
            start: tuple[str, str | None] = (month(begins), "gYearMonth")
            end: tuple[str, str | None] = (month(ends, 28), "date")
            if self.mistakes(MILESTONE_ORDER):
                start, end = end, start
            if self.mistakes(WRONG_DATATYPE):
                end = (end[0], None)
            self.emit(
                "milestone",
                f"{node}/milestone/{k + 1}",
                [
                    (A, iri(OGP + "Milestone")),
                    (OGP + "commitment", iri(node)),
                    (DCT + "title", lit(f"Deliverable {k + 1} of commitment {number}", "en")),
                    (DCT + "description", lit("What is delivered, and how it is verified.", "en")),
                    (SCHEMA + "startDate", lit(start[0], None, start[1])),
                    (SCHEMA + "endDate", lit(end[0], None, end[1])),
                ],
            )

    def assessment(
        self, rng: random.Random, commitment: str, report: str, issued: str, completion: str
    ) -> None:
        """The IRM progress report's assessment of one commitment."""
        self.emit(
            "assessment",
            f"{commitment}/assessment/irm-progress",
            [
                (A, iri(OGP + "Assessment")),
                (OGP + "commitment", iri(commitment)),
                (OGP + "report", iri(report)),
                (DCT + "date", lit(issued, None, "date")),
                (DCT + "description", lit("The IRM's summary of the commitment's progress.", "en")),
                (OGP + "specificity", iri(f"{SCHEME}specificity/{rng.choice(SPECIFICITY)}")),
                (OGP + "potentialImpact", iri(f"{SCHEME}potential-impact/{rng.choice(IMPACT)}")),
                (OGP + "completion", iri(f"{SCHEME}completion/{completion}")),
                (OGP + "starred", lit("false", None, "boolean")),
                (OGP + "verifiable", lit("true", None, "boolean")),
            ],
        )


def members(scale: float) -> int:
    """How many members a scale has: 230 (80 national, 150 local) per unit."""
    return max(1, round(230 * scale))


def generate(
    scale: float,
    out: Path,
    invalid: float = 0.0,
    seed: int = 2026,
    turtle: bool = False,
    part_bytes: int | None = None,
) -> Summary:
    """Write the data for a scale to out (one file, or parts in a folder when part_bytes is set)."""
    started = time.perf_counter()
    sink = Sink(out, turtle, part_bytes)
    mistakes = Mistakes(invalid)
    generator = Generator(sink, mistakes, seed)
    try:
        for m in range(members(scale)):
            generator.member(m)
    finally:
        sink.close()
    return Summary(
        triples=sink.triples,
        bytes=sink.bytes,
        seconds=time.perf_counter() - started,
        files=sink.files,
        resources=generator.resources,
        injected=mistakes.injected,
    )


def main() -> None:
    """Parse the arguments, write the data and print what was written to stderr."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1 is all of OGP (default 1)")
    parser.add_argument("--invalid", type=float, default=0.0, help="rate of injected mistakes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", required=True, help="a .nt or .ttl file, or a folder ending in /")
    parser.add_argument("--format", choices=("nt", "ttl"), help="default: from --out, else nt")
    parser.add_argument("--part-mb", type=int, default=256, help="size of each part in a folder")
    args = parser.parse_args()
    out = Path(args.out)
    folder = args.out.endswith("/") or out.is_dir()
    turtle = (args.format or ("nt" if folder else out.suffix.lstrip("."))) == "ttl"
    summary = generate(
        args.scale,
        out,
        args.invalid,
        args.seed,
        turtle=turtle,
        part_bytes=args.part_mb * 2**20 if folder else None,
    )
    where = f"{len(summary.files)} files in {out}" if folder else str(out)
    print(
        f"{summary.triples} triples, {summary.bytes / 2**20:.0f} MiB, written to {where} "
        f"in {summary.seconds:.1f} s",
        file=sys.stderr,
    )
    print(
        "  " + ", ".join(f"{n} {k}" for k, n in sorted(summary.resources.items())), file=sys.stderr
    )
    for kind in MISTAKES:
        print(f"  injected {summary.injected[kind]:7d}  {kind}", file=sys.stderr)
    if not folder and summary.bytes > 512 * 2**20:
        print(
            "  note: ogpld refuses files over 512 MiB; write to a folder instead", file=sys.stderr
        )


if __name__ == "__main__":
    main()
