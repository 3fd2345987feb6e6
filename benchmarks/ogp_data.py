"""Synthetic OGP data at realistic scale, written as N-Triples without holding it in memory.

1x is about the size of all of OGP: 230 members (national and local), ~550 action plans,
~6,600 commitments with agency roles and IRM assessments, ~33,000 milestones, ~4,600 agencies:
about half a million triples. --invalid injects known mistakes at a rate, counted on stderr.

    python3 benchmarks/ogp_data.py --scale 1 --out /tmp/ogp-1x.nt [--invalid 0.001]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

BASE = "https://data.example.org/id/"
OGP = "https://w3id.org/ogpld/ns#"
SCHEME = "https://w3id.org/ogpld/scheme/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
MISTAKES = (
    "no lead agency",
    "milestone ends before it starts",
    "bad organisation number",
    "duplicate commitment number",
    "count is not a number",
)


class Writer:
    """Writes triples as N-Triples lines and counts them."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.count = out, 0

    def __call__(self, subject: str, predicate: str, obj: str) -> None:
        self.out.write(f"<{subject}> <{predicate}> {obj} .\n")
        self.count += 1


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    literal = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{literal}@{lang}" if lang else f"{literal}^^<{XSD}{datatype}>" if datatype else literal


def organisation_number(rng: random.Random) -> str:
    """A nine-digit Norwegian organisation number with a valid MOD-11 check digit."""
    while True:
        digits = [rng.choice("89")] + [str(rng.randrange(10)) for _ in range(7)]
        remainder = (
            sum(int(d) * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        )
        check = 0 if remainder == 0 else 11 - remainder
        if check < 10:
            return "".join(digits) + str(check)


def member(t: Writer, rng: random.Random, m: int, mistake: Callable[[str], bool]) -> None:
    """One OGP member with its agencies, plans, commitments, milestones and assessments."""
    member_iri = f"{BASE}member/m{m}"
    local = m % 3 == 0
    t(member_iri, RDF_TYPE, iri(OGP + "Member"))
    t(member_iri, SKOS + "prefLabel", text(f"Member {m}", "en"))
    t(
        member_iri,
        OGP + "memberType",
        iri(SCHEME + ("member-type/local" if local else "member-type/national")),
    )
    agencies = []
    for a in range(20):
        agency = f"{BASE}organisation/m{m}/a{a}"
        agencies.append(agency)
        t(agency, RDF_TYPE, iri(ORG + "Organization"))
        t(agency, SKOS + "prefLabel", text(f"Agency {a} of member {m}", "en"))
        t(agency, ORG + "classification", iri(SCHEME + "organisation-type/ministry"))
        t(agency, OGP + "abbreviation", text(f"A{a}M{m}", "en"))
        address = f"{agency}/postal-address"
        t(agency, "http://www.w3.org/2006/vcard/ns#hasAddress", iri(address))
        t(address, RDF_TYPE, iri("http://www.w3.org/2006/vcard/ns#Address"))
        t(
            address,
            "http://www.w3.org/2006/vcard/ns#street-address",
            text(f"Postboks {8000 + a} Dep"),
        )
        t(address, "http://www.w3.org/2006/vcard/ns#postal-code", text(f"{30 + a:04d}"))
        number = organisation_number(rng)
        if mistake("bad organisation number"):
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        t(agency, OGP + "organisationNumber", text(number))
    forum = f"{BASE}forum/m{m}"
    t(forum, RDF_TYPE, iri(OGP + "Forum"))
    t(forum, RDF_TYPE, iri(ORG + "Organization"))
    t(forum, SKOS + "prefLabel", text(f"Multi-stakeholder forum of member {m}", "en"))
    t(forum, DCT + "type", iri(SCHEME + "forum-type/multi-stakeholder-forum"))
    t(forum, OGP + "member", iri(member_iri))
    for g in range(4):
        meeting(t, forum, agencies[0], m, g)
    for p in range(2 if m % 5 else 3):
        plan = f"{BASE}plan/m{m}/{p + 1}"
        start = 2012 + 2 * p
        t(plan, RDF_TYPE, iri(OGP + "ActionPlan"))
        t(plan, OGP + "member", iri(member_iri))
        t(plan, OGP + "planNumber", text(str(p + 1)))
        t(plan, DCT + "title", text(f"Action plan {p + 1} of member {m}", "en"))
        t(plan, SCHEMA + "startDate", text(str(start), datatype="gYear"))
        t(plan, SCHEMA + "endDate", text(str(start + 2), datatype="gYear"))
        count = (
            text("twelve") if mistake("count is not a number") else text("12", datatype="integer")
        )
        t(plan, OGP + "commitmentCount", count)
        report = f"{plan}/irm-progress"
        t(report, RDF_TYPE, iri(OGP + "Report"))
        t(report, DCT + "title", text("IRM progress report", "en"))
        t(report, OGP + "reportType", iri(SCHEME + "report-type/irm-progress"))
        t(report, OGP + "actionPlan", iri(plan))
        for c in range(12):
            commitment(t, rng, plan, report, start, c, agencies, mistake)


def meeting(t: Writer, forum: str, organizer: str, m: int, g: int) -> None:
    """A forum meeting with a four-item, timed agenda."""
    node = f"{forum}/meeting/{g + 1}"
    day = f"2018-0{g + 2}-1{g}"
    t(node, RDF_TYPE, iri(OGP + "Meeting"))
    t(node, DCT + "title", text(f"Forum meeting {g + 1} of member {m}", "en"))
    t(node, OGP + "forum", iri(forum))
    t(node, SCHEMA + "organizer", iri(organizer))
    t(node, SCHEMA + "startDate", text(f"{day}T10:00:00+01:00", datatype="dateTime"))
    t(node, SCHEMA + "endDate", text(f"{day}T12:00:00+01:00", datatype="dateTime"))
    for i in range(4):
        item = f"{node}/agenda/{i + 1}"
        t(node, OGP + "agendaItem", iri(item))
        t(item, RDF_TYPE, iri(OGP + "AgendaItem"))
        t(item, OGP + "position", text(str(i + 1), datatype="integer"))
        t(item, DCT + "title", text(f"Item {i + 1}", "en"))
        t(item, SCHEMA + "startTime", text(f"1{i}:00:00", datatype="time"))


def commitment(
    t: Writer,
    rng: random.Random,
    plan: str,
    report: str,
    start: int,
    c: int,
    agencies: list[str],
    mistake: Callable[[str], bool],
) -> None:
    """A commitment with a lead agency, an IRM assessment and five milestones."""
    node = f"{plan}/commitment/{c + 1}"
    number = "1" if c and mistake("duplicate commitment number") else str(c + 1)
    t(node, RDF_TYPE, iri(OGP + "Commitment"))
    t(node, OGP + "actionPlan", iri(plan))
    t(node, OGP + "commitmentNumber", text(number))
    t(node, DCT + "title", text(f"Commitment {c + 1}", "en"))
    t(node, DCT + "title", text(f"Forpliktelse {c + 1}", "nb"))
    t(node, DCT + "description", text(f"What commitment {c + 1} of {plan} sets out to do.", "en"))
    t(node, OGP + "grandChallenge", iri(SCHEME + "grand-challenge/public-integrity"))
    t(
        node,
        OGP + "ogpValue",
        iri(
            SCHEME
            + rng.choice(("ogp-value/access-to-information", "ogp-value/civic-participation"))
        ),
    )
    if not mistake("no lead agency"):
        role = f"{node}/lead"
        t(node, OGP + "agencyRole", iri(role))
        t(role, RDF_TYPE, iri(OGP + "AgencyRole"))
        t(role, OGP + "agency", iri(rng.choice(agencies)))
        t(role, OGP + "role", iri(SCHEME + "institution-role/lead"))
    assessment = f"{node}/assessment"
    t(assessment, RDF_TYPE, iri(OGP + "Assessment"))
    t(assessment, OGP + "commitment", iri(node))
    t(assessment, OGP + "report", iri(report))
    t(
        assessment,
        OGP + "specificity",
        iri(SCHEME + rng.choice(("specificity/low", "specificity/high"))),
    )
    t(
        assessment,
        OGP + "completion",
        iri(SCHEME + rng.choice(("completion/limited", "completion/complete"))),
    )
    for k in range(5):
        milestone = f"{node}/milestone/{k + 1}"
        begins, ends = f"{start}-0{k + 1}-01", f"{start + 1}-0{k + 1}-28"
        if mistake("milestone ends before it starts"):
            begins, ends = ends, begins
        t(milestone, RDF_TYPE, iri(OGP + "Milestone"))
        t(milestone, OGP + "commitment", iri(node))
        t(milestone, DCT + "title", text(f"Milestone {k + 1}", "en"))
        t(milestone, DCT + "title", text(f"Milepæl {k + 1}", "nb"))
        t(milestone, DCT + "description", text(f"Deliverable {k + 1} of {node}.", "en"))
        t(milestone, DCT + "description", text(f"Leveranse {k + 1}.", "nb"))
        t(milestone, SCHEMA + "startDate", text(begins, datatype="date"))
        t(milestone, SCHEMA + "endDate", text(ends, datatype="date"))


def generate(
    scale: float, out: TextIO | list[TextIO], invalid: float = 0.0, seed: int = 1
) -> tuple[int, Counter]:
    """Write the data; return the triple count and how many mistakes of each kind were injected.

    Given several outputs, the members are shared out among them in order (the same triples)."""
    rng = random.Random(seed)
    injected: Counter[str] = Counter()

    def mistake(kind: str) -> bool:
        if invalid and rng.random() < invalid:
            injected[kind] += 1
            return True
        return False

    outs = out if isinstance(out, list) else [out]
    write = Writer(outs[0])
    members = round(230 * scale)
    for m in range(members):
        write.out = outs[m * len(outs) // members]
        member(write, rng, m, mistake)
    return write.count, injected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--invalid", type=float, default=0.0, help="rate of injected mistakes")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--files", type=int, default=1, help="split into this many files in the folder --out"
    )
    args = parser.parse_args()
    if args.files > 1:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        outs = [
            (folder / f"part-{i + 1:03d}.nt").open("w", encoding="utf-8") for i in range(args.files)
        ]
        count, injected = generate(args.scale, outs, args.invalid, args.seed)
        for handle in outs:
            handle.close()
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            count, injected = generate(args.scale, out, args.invalid, args.seed)
    print(f"{count} triples written to {args.out}", file=sys.stderr)
    for kind in MISTAKES:
        print(f"  injected {injected[kind]:6d}  {kind}", file=sys.stderr)


if __name__ == "__main__":
    main()
