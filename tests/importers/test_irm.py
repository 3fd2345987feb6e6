"""`ogpld import irm`: OGP's commitments export in, valid linked data out, every problem placed."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from ogpld.cli import cli
from ogpld.namespaces import OGP, SCHEMA, SCHEME

HERE = Path(__file__).resolve().parent / "irm"
SHEET = HERE / "commitments.csv"
ID = "https://data.example.org/id/"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def imported(out: Path, *extra: str, sheet: Path = SHEET) -> Graph:
    result = run("import", "irm", sheet, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    graph = Graph()
    for path in sorted(out.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Graph:
    return imported(tmp_path_factory.mktemp("irm"))


def node(path: str) -> URIRef:
    return URIRef(ID + path)


def test_the_realistic_sheet_imports_into_data_that_validates(tmp_path):
    out = tmp_path / "irm"
    result = run("import", "irm", SHEET, "--out", out)
    assert result.exit_code == 0, result.output
    assert "imported 32 rows" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "dk.ttl",
        "elm.ttl",
        "no.ttl",
        "par.ttl",
        "se.ttl",
    ]
    mask = os.umask(0)
    os.umask(mask)
    assert {p.stat().st_mode & 0o777 for p in out.iterdir()} == {0o666 & ~mask}
    validation = run("validate", out)
    assert validation.exit_code == 0, validation.output


def test_a_commitment_keeps_ogps_identifiers_and_texts(data):
    commitment = node("plan/no/2/commitment/4.1")
    assert (commitment, OGP.actionPlan, node("plan/no/2")) in data
    assert data.value(commitment, DCTERMS.identifier) == Literal("NO0001")
    assert data.value(commitment, OGP.commitmentNumber) == Literal("4.1")
    assert data.value(commitment, RDFS.seeAlso) == URIRef(
        "https://www.opengovpartnership.org/members/norway/commitments/NO0001/"
    )
    description = str(data.value(commitment, DCTERMS.description))
    assert description.startswith("The government will work on") and "\n" in description
    assert data.value(node("plan/no/2"), DCTERMS.identifier) == Literal("AP_NOR02")
    assert data.value(node("plan/no/2"), DCTERMS.dateSubmitted) == Literal(
        "2013", datatype=XSD.gYear
    )


def test_dates_keep_the_precision_the_sheet_gives(data):
    def dates(path: str) -> tuple[Literal, Literal]:
        subject = node(path)
        return data.value(subject, SCHEMA.startDate), data.value(subject, SCHEMA.endDate)

    assert dates("plan/no/2/commitment/4.1") == (
        Literal("2018-01-01", datatype=XSD.date),
        Literal("2018-12-31", datatype=XSD.date),
    )
    assert dates("plan/no/2/commitment/4.2") == (
        Literal("2011", datatype=XSD.gYear),
        Literal("2015", datatype=XSD.gYear),
    )
    assert dates("plan/no/2/commitment/4.4") == (
        Literal("2021-06-30", datatype=XSD.date),
        Literal("2023-08-31", datatype=XSD.date),
    )
    assert dates("plan/no/5/commitment/NO0006") == (
        Literal("2016-07", datatype=XSD.gYearMonth),
        Literal("2018-12", datatype=XSD.gYearMonth),
    )


def test_an_ambiguous_date_is_reported_and_left_out(tmp_path):
    result = run("import", "irm", SHEET, "--out", tmp_path)
    assert f"{SHEET}:8:14: Start Date: '9/1/2017' is ambiguous" in result.output
    commitment = node("plan/no/5/commitment/5.2")
    graph = Graph().parse(tmp_path / "no.ttl")
    assert graph.value(commitment, SCHEMA.startDate) is None


def test_a_mapping_file_sets_the_date_order(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('date_order = "month-first"\n', encoding="utf-8")
    data = imported(tmp_path / "out", "--mapping", mapping)
    commitment = node("plan/no/5/commitment/5.2")
    assert data.value(commitment, SCHEMA.startDate) == Literal("2017-09-01", datatype=XSD.date)
    assert data.value(commitment, SCHEMA.endDate) == Literal("2018-10-01", datatype=XSD.date)


def test_assessments_of_each_report_live_side_by_side(data):
    progress = node("plan/no/2/commitment/4.1/assessment/irm-progress")
    end_of_term = node("plan/no/2/commitment/4.1/assessment/irm-end-of-term")
    assert data.value(progress, OGP.report) == node("plan/no/2/report/irm-progress")
    assert data.value(progress, OGP.completion) == SCHEME["completion/substantial"]
    assert data.value(progress, OGP.specificity) == SCHEME["specificity/none"]
    assert data.value(progress, OGP.potentialImpact) == SCHEME["potential-impact/transformative"]
    assert data.value(progress, OGP.verifiable) == Literal(True)
    assert data.value(progress, OGP.starred) == Literal(False)
    assert data.value(end_of_term, OGP.completion) == SCHEME["completion/substantial"]
    assert (
        data.value(end_of_term, OGP.didItOpenGovernment)
        == SCHEME["did-it-open-government/outstanding"]
    )
    report = node("plan/no/2/report/irm-progress")
    assert data.value(report, DCTERMS.issued) == Literal("2014", datatype=XSD.gYear)
    assert data.value(report, OGP.reportType) == SCHEME["report-type/irm-progress"]


def test_plans_from_2020_are_assessed_under_the_new_model(data):
    review = node("plan/no/5/commitment/NO0006/assessment/irm-action-plan-review")
    results = node("plan/no/5/commitment/NO0006/assessment/irm-results")
    assert (
        data.value(review, OGP.potentialForResults) == SCHEME["potential-for-results/substantial"]
    )
    assert data.value(review, OGP.verifiable) == Literal(True)
    assert data.value(results, OGP.completion) == SCHEME["completion/complete"]
    assert data.value(results, OGP.earlyResults) == SCHEME["early-results/no-notable-results"]
    assert data.value(node("plan/no/5/report/irm-results"), DCTERMS.issued) == Literal(
        "2024", datatype=XSD.gYear
    )
    assert (node("plan/no/5/commitment/NO0006/assessment/irm-progress"), None, None) not in data


def test_missing_values_are_no_statement(data):
    literals = {str(o) for o in data.objects() if isinstance(o, Literal)}
    assert not literals & {"ND", "NA", "NR"}
    assert data.value(node("plan/dk/4/report/irm-progress"), DCTERMS.issued) is None
    assert data.value(node("plan/no/5/commitment/NO0006"), OGP.commitmentNumber) is None


def test_flags_and_policy_areas_become_concepts(data):
    commitment = node("plan/no/2/commitment/4.3")
    areas = set(data.objects(commitment, OGP.policyArea))
    assert areas == {
        SCHEME[f"policy-area/{area}"]
        for area in ("right-to-information", "open-data", "anti-corruption", "fiscal-openness")
    }
    assert set(data.objects(node("plan/no/5/commitment/NO0006"), OGP.ogpValue)) >= {
        SCHEME["ogp-value/access-to-information"]
    }


def test_institutions_written_several_ways_become_one_resource(tmp_path):
    result = run("import", "irm", SHEET, "--out", tmp_path)
    graph = Graph().parse(tmp_path / "no.ttl")
    finance = [
        s for s, o in graph.subject_objects(SKOS.prefLabel) if str(o) == "Ministry of Finance"
    ]
    assert finance == [node("organisation/no/ministry-of-finance")]
    assert "Ministry Of Finance" in {str(o) for o in graph.objects(finance[0], SKOS.altLabel)}
    assert "institution 'Ministry of Finance' (no): 'Ministry of Finance'" in result.output
    roles = {
        (str(graph.value(r, OGP.agency)).rsplit("/", 1)[-1], str(graph.value(r, OGP.role)))
        for r in graph.objects(node("plan/no/2/commitment/4.1"), OGP.agencyRole)
    }
    assert roles == {
        ("ministry-of-finance", str(SCHEME["institution-role/lead"])),
        ("norges-bank", str(SCHEME["institution-role/lead"])),
    }


def test_an_aliases_file_merges_abbreviations(tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(
        '"Agency for Public Management and eGovernment (Difi)" = ["Difi"]\n', encoding="utf-8"
    )
    data = imported(tmp_path / "out", "--aliases", aliases)
    agency = data.value(
        node(
            "plan/no/2/commitment/4.2/role/lead/agency-for-public-management-and-egovernment-difi"
        ),
        OGP.agency,
    )
    assert (
        str(data.value(agency, SKOS.prefLabel))
        == "Agency for Public Management and eGovernment (Difi)"
    )
    assert "Difi" in {str(o) for o in data.objects(agency, SKOS.altLabel)}


def test_windows_1252_csv_with_semicolons_gives_the_same_data(tmp_path, data):
    other = imported(tmp_path, sheet=HERE / "commitments-windows-1252.csv")
    assert isomorphic(other, data)
    assert "Mairie de Paris \u2013 Direction de la Démocratie" in {
        str(o) for o in other.objects(None, SKOS.prefLabel)
    }


def test_an_xlsx_sheet_with_typed_cells_gives_the_same_data(tmp_path, data):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Commitments"
    with SHEET.open(encoding="utf-8", newline="") as handle:
        for number, values in enumerate(csv.reader(handle)):
            if number == 1:
                values[7], values[2] = 2013, 2.0
                values[13] = datetime(2018, 1, 1)
            sheet.append(values)
    book.save(tmp_path / "commitments.xlsx")
    other = imported(tmp_path / "out", sheet=tmp_path / "commitments.xlsx")
    assert isomorphic(other, data)


def test_unusable_rows_write_nothing_and_are_each_placed(tmp_path):
    out = tmp_path / "out"
    result = run("import", "irm", HERE / "bad-rows.csv", "--out", out)
    assert result.exit_code == 1
    bad = HERE / "bad-rows.csv"
    assert f"{bad}:3:1: no OGP commitment identifier such as NO0036: '' [error]" in result.output
    assert f"{bad}:4:8: Completion (Progress Report): 'Substantiall' is none of:" in result.output
    assert f"{bad}:5:6: Lead Institution: no lead institution [error]" in result.output
    assert "3 rows cannot be imported; nothing was written" in result.output
    assert not out.exists()


def test_skip_bad_rows_writes_the_rest_and_lists_the_skipped(tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "report.txt"
    result = run(
        "import", "irm", HERE / "bad-rows.csv", "--out", out, "--skip-bad-rows", "--report", report
    )
    assert result.exit_code == 0, result.output
    assert "imported 1 rows" in result.output and "skipped 3 rows" in result.output
    assert report.read_text(encoding="utf-8").count("[skipped row]") == 3
    assert (node("plan/no/2/commitment/4.1"), None, None) in Graph().parse(out / "no.ttl")


def test_a_mapping_file_reads_another_layout(tmp_path):
    renamed = tmp_path / "renamed.csv"
    text = (HERE / "bad-rows.csv").read_text(encoding="utf-8")
    renamed.write_text(text.replace("Lead Institution", "Responsible Agency"), encoding="utf-8")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[commitment]\nlead = "Responsible Agency"\n', encoding="utf-8")
    result = run(
        "import", "irm", renamed, "--out", tmp_path / "out", "--mapping", mapping, "--skip-bad-rows"
    )
    assert result.exit_code == 0, result.output
    assert "imported 1 rows" in result.output


@pytest.mark.parametrize(
    "content, message",
    [
        ("[commitment]\nleader = 'x'\n", "unknown key 'leader' in [commitment]"),
        ("date_order = 'sideways'\n", "date_order must be one of"),
        (
            "[flags]\nX = { property = 'ogp:ogpValue', concept = 'ogp-value/nope' }\n",
            "no such concept",
        ),
        ("not toml [", "invalid TOML"),
    ],
)
def test_a_wrong_mapping_file_is_a_usage_error(tmp_path, content, message):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(content, encoding="utf-8")
    result = run("import", "irm", SHEET, "--out", tmp_path / "out", "--mapping", mapping)
    assert result.exit_code == 3
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name, content, code, message",
    [
        ("plan.pdf", b"%PDF-1.4", 2, "not a spreadsheet"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", 2, "not an XLSX workbook"),
        ("binary.csv", b"\x00\x01\x02" * 100, 2, "a binary file"),
        ("other.csv", b"Name,Value\nx,1\n", 1, "no column 'Commitment Unique Identifier'"),
    ],
)
def test_files_that_are_not_the_export_get_one_line(tmp_path, name, content, code, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", "irm", path, "--out", tmp_path / "out")
    assert result.exit_code == code
    assert message in result.output and str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_import_as_a_subprocess(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ogpld", "import", "irm", str(SHEET), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "OGPLD_LANG": "en"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "imported 32 rows" in result.stdout
    assert "Traceback" not in result.stderr
