"""The authoring workbook: drop-downs from the vocabulary, a lossless round trip, placed errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from ogpld.cli import cli
from ogpld.importers.concepts import Concepts
from ogpld.importers.workbook import COMMITMENTS, MILESTONES, PLAN, SHEETS, THEMES
from ogpld.load import load_sources
from ogpld.namespaces import OGP, SCHEMA
from ogpld.resources import bundled_data_dir

HERE = Path(__file__).resolve().parent / "template"
FIXTURE = HERE / "milestones.ttl"
ID = "https://data.example.org/id/"
PLANS = [
    "plan/no/2",
    "plan/no/4",
    "plan/no/4b",
    "plan/no/5",
    "plan/dk/2017-2019",
    "plan/dk/2019-2021",
]


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def union(*paths: Path) -> Graph:
    return load_sources(list(paths)).union()


def terms(sheet) -> set[URIRef]:
    return {c.uri() for c in sheet.columns if c.term and c.kind != "ref"} | {RDF.type}


def covered(graph: Graph, plan: URIRef, lang: str) -> Graph:
    """The triples the workbook holds about one plan: texts in the plan's language, roles blank."""
    commitments = [
        c for c in graph.subjects(OGP.actionPlan, plan) if (c, RDF.type, OGP.Commitment) in graph
    ]
    themes = {*graph.objects(plan, OGP.theme), *graph.objects(plan, OGP.proposedTheme)}
    about = [
        (plan, terms(PLAN) - {SKOS.prefLabel, OGP.memberType} | {OGP.theme, OGP.proposedTheme})
    ]
    about += [(t, terms(THEMES) | {OGP.actionPlan}) for t in themes]
    about += [(c, terms(COMMITMENTS) | {OGP.actionPlan, OGP.theme}) for c in commitments]
    about += [
        (m, terms(MILESTONES) | {OGP.commitment})
        for c in commitments
        for m in graph.subjects(OGP.commitment, c)
    ]
    out = Graph()
    for subject, allowed in about:
        for p, o in graph.predicate_objects(subject):
            if p in allowed and getattr(o, "language", lang) in (lang, None):
                out.add((subject, p, o))
    for holder in [plan, *commitments]:
        for role in graph.objects(holder, OGP.agencyRole):
            node, agency = BNode(), graph.value(role, OGP.agency)
            out += [(holder, OGP.agencyRole, node), (node, RDF.type, OGP.AgencyRole)]
            out += [(node, OGP.agency, agency), (node, OGP.role, graph.value(role, OGP.role))]
            names = graph.objects(agency, SKOS.prefLabel)
            out += {(agency, SKOS.prefLabel, n) for n in names if n.language == lang}
    return out


def round_trip(tmp_path: Path, source: Path, plan: str, lang: str = "nb") -> tuple[Graph, Path]:
    book, out = tmp_path / "plan.xlsx", tmp_path / "out"
    exported = run("export", "template", source, "--plan", ID + plan, "--out", book, "--lang", lang)
    assert exported.exit_code == 0, exported.output
    imported = run("import", "template", book, "--out", out)
    assert imported.exit_code == 0, imported.output
    return union(out), out


@pytest.mark.parametrize("plan", PLANS)
def test_bundled_plans_survive_the_round_trip(tmp_path, plan):
    original = union(bundled_data_dir())
    again, out = round_trip(tmp_path, bundled_data_dir(), plan)
    uri = URIRef(ID + plan)
    lang = next(o.language for o in again.objects(uri, DCTERMS.title))
    assert isomorphic(covered(again, uri, lang), covered(original, uri, lang))
    assert run("validate", out).exit_code == 0


@pytest.mark.parametrize("lang", ["en", "da"])
def test_milestones_survive_the_round_trip_in_any_language(tmp_path, lang):
    again, out = round_trip(tmp_path, FIXTURE, "plan/xx/6", lang)
    uri = URIRef(ID + "plan/xx/6")
    assert len(list(again.subjects(RDF.type, OGP.Milestone))) == 3
    assert isomorphic(covered(again, uri, "nb"), covered(union(FIXTURE), uri, "nb"))
    assert run("validate", out).exit_code == 0


def test_template_has_drop_downs_in_the_chosen_language(tmp_path):
    book = tmp_path / "empty.xlsx"
    assert run("template", book, "--lang", "nb").exit_code == 0
    workbook = load_workbook(book)
    assert workbook["Lists"].sheet_state == "hidden"
    sheet = workbook["Instanser"]
    assert [c.value for c in sheet[1]][1] == "Instans *"
    rules = {str(r.sqref): r for r in sheet.data_validations.dataValidation}
    role = rules["D2:D500"]
    assert role.type == "list"
    labels = [
        c.value
        for row in workbook["Lists"][role.formula1.split("!")[1].replace("$", "")]
        for c in row
    ]
    concepts = Concepts.bundled()
    assert labels == [concepts.label(c, "nb") for c in concepts.members("institution-role")]
    assert "ansvarlig" in labels
    assert rules["A2:A500"].formula1.startswith("'Forpliktelser'!")


def test_every_coded_column_has_a_drop_down(tmp_path):
    book = tmp_path / "empty.xlsx"
    assert run("template", book, "--lang", "en").exit_code == 0
    workbook = load_workbook(book)
    for sheet in SHEETS:
        coded = [c for c in sheet.columns if c.scheme or c.ref or c.kind == "language"]
        assert len(workbook[sheet.title("en")].data_validations.dataValidation) == len(coded)


def fill(path: Path, sheet: str, cell: str, value: object) -> None:
    workbook = load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "plan.xlsx"
    assert (
        run(
            "export", "template", FIXTURE, "--plan", ID + "plan/xx/6", "--out", path, "--lang", "en"
        ).exit_code
        == 0
    )
    return path


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        ("Agencies", "D3", "boss", "unknown value 'boss'"),
        ("Milestones", "C2", None, "Deliverable: no value"),
        ("Milestones", "A3", "9.9", "'9.9' is not on the Commitments sheet"),
        ("Commitments", "I2", "sometime", "cannot read 'sometime' as a date"),
    ],
)
def test_a_bad_row_fails_with_its_cell_and_writes_nothing(
    book, tmp_path, sheet, cell, value, message
):
    fill(book, sheet, cell, value)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import", "template", str(book), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{book}:{sheet}!{cell}: " in result.output
    assert message in result.output
    assert not out.exists()


def test_skip_bad_rows_writes_the_rest_and_lists_them(book, tmp_path):
    fill(book, "Agencies", "D3", "boss")
    fill(book, "Milestones", "A3", "9.9")
    out, report = tmp_path / "out", tmp_path / "report.txt"
    result = run("import", "template", book, "--out", out, "--skip-bad-rows", "--report", report)
    assert result.exit_code == 0, result.output
    lines = [line for line in report.read_text().splitlines() if line.endswith("[skipped row]")]
    assert [line.split(": ")[0] for line in lines] == [
        f"{book}:Agencies!D3",
        f"{book}:Milestones!A3",
    ]
    assert "skipped 2 rows" in result.output
    assert len(list(union(out).subjects(RDF.type, OGP.Milestone))) == 2


def test_labels_in_another_language_are_read(book, tmp_path):
    fill(book, "Agencies", "D3", "ANSVARLIG ")
    out = tmp_path / "out"
    assert run("import", "template", book, "--out", out).exit_code == 0


def test_a_corrupt_workbook_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result = CliRunner().invoke(
        cli, ["import", "template", str(broken), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert str(broken) in result.output


def test_a_workbook_without_a_plan_row_fails(tmp_path):
    book = tmp_path / "empty.xlsx"
    assert run("template", book).exit_code == 0
    result = CliRunner().invoke(
        cli, ["import", "template", str(book), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert f"{book}:Plan!A2: no plan row" in result.output


def test_export_of_an_unknown_plan_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        cli, ["export", "template", "--plan", ID + "plan/no/99", "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 3
    assert not (tmp_path / "x.xlsx").exists()


def test_the_commands_run_as_a_program(tmp_path):
    book, out = tmp_path / "plan.xlsx", tmp_path / "out"
    env = {**os.environ, "OGPLD_LANG": "nn"}
    command = [sys.executable, "-m", "ogpld"]
    subprocess.run(
        [
            *command,
            "export",
            "template",
            str(FIXTURE),
            "--plan",
            ID + "plan/xx/6",
            "--out",
            str(book),
        ],
        check=True,
        env=env,
    )
    assert "Forpliktingar" in load_workbook(book).sheetnames
    done = subprocess.run(
        [*command, "import", "template", str(book), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 11 rows" in done.stdout
    assert (out / "xx-plan-6.ttl").exists()


def test_a_new_plan_typed_into_an_empty_template(tmp_path):
    book, out = tmp_path / "ny.xlsx", tmp_path / "out"
    assert run("template", book, "--lang", "nb").exit_code == 0
    workbook = load_workbook(book)
    workbook["Plan"].append(
        ["xx", "Eksempelland", "nasjonal", None, "7", "Sjuende plan", None, "nb"]
    )
    workbook["Temaer"].append([None, "a", "Åpne data"])
    workbook["Forpliktelser"].append(
        [None, "4.10", "Åpne budsjett", None, None, "CP; PA", None, "a"]
    )
    agencies = workbook["Instanser"]
    agencies.append([None, "Digitaliseringsdirektoratet", None, "koordinator"])
    agencies.append(["4.10", "Finansdepartementet", None, "lead"])
    milestones = workbook["Milepæler"]
    milestones.append(["4.10", None, "Første leveranse", None, "2025-01", datetime(2025, 6, 30)])
    milestones.append(["4.10", None, "Andre leveranse", None, None, 2026])
    workbook.save(book)
    assert run("import", "template", book, "--out", out).exit_code == 0
    graph = union(out)
    plan = URIRef(ID + "plan/xx/7")
    commitment = URIRef(f"{plan}/commitment/4.10")
    assert (commitment, OGP.theme, URIRef(f"{plan}/theme/a")) in graph
    assert len(set(graph.objects(commitment, OGP.ogpValue))) == 2
    due = graph.value(URIRef(f"{commitment}/milestone/1"), SCHEMA.endDate)
    assert (due, due.datatype) == (Literal("2025-06-30", datatype=XSD.date), XSD.date)
    assert graph.value(URIRef(f"{commitment}/milestone/2"), SCHEMA.endDate) == Literal(
        "2026", datatype=XSD.gYear
    )
    agency = URIRef(ID + "organisation/xx/digitaliseringsdirektoratet")
    assert graph.value(agency, SKOS.prefLabel) == Literal("Digitaliseringsdirektoratet", lang="nb")
    assert run("validate", out).exit_code == 0


def test_one_agency_with_two_names_is_an_error(book, tmp_path):
    fill(book, "Agencies", "C3", "dfd")
    result = CliRunner().invoke(
        cli, ["import", "template", str(book), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert f"{book}:Agencies!B3: dfd is already named" in result.output


def test_libreoffice_keeps_the_drop_downs(book, tmp_path):
    if shutil.which("soffice") is None:
        reason = "LibreOffice is not installed (scripts/install-system-packages)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    convert = ["soffice", "--headless", "--convert-to"]
    subprocess.run([*convert, "ods", "--outdir", str(tmp_path), str(book)], check=True)
    again = tmp_path / "again"
    subprocess.run(
        [*convert, "xlsx", "--outdir", str(again), str(tmp_path / "plan.ods")], check=True
    )
    rules = load_workbook(again / "plan.xlsx")["Agencies"].data_validations.dataValidation
    assert {r.formula1.split("!")[0].strip("'") for r in rules} == {"Commitments", "Lists"}
    assert run("import", "template", again / "plan.xlsx", "--out", tmp_path / "out").exit_code == 0


def test_the_workbook_is_readable_like_any_new_file(book):
    mask = os.umask(0)
    os.umask(mask)
    assert book.stat().st_mode & 0o777 == 0o666 & ~mask
