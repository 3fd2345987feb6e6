"""Every report format says the same thing in its own syntax, with the same exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from ogpld.cli import cli
from ogpld.errors import SourceError
from ogpld.render import RENDERERS, github, sarif, text
from ogpld.report import Report

from .conftest import CLI_FIXTURES

NO_LEAD = str(CLI_FIXTURES / "no-lead-agency.ttl")
BROKEN = str(CLI_FIXTURES / "broken.ttl")
FOCUS = "https://data.example.org/id/plan/xx/2/commitment/4.13"


def render(fmt: str, *paths: str) -> tuple[int, str]:
    args = ["validate", *paths, "--format-report", fmt, "--lang", "en"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif", "html", "shacl"])
def test_exit_codes_do_not_depend_on_the_format(fmt):
    assert render(fmt)[0] == 0
    assert render(fmt, NO_LEAD)[0] == 1
    assert render(fmt, NO_LEAD, BROKEN)[0] == 2


def test_github_annotations():
    _, output = render("github", NO_LEAD, BROKEN)
    assert output.splitlines() == [
        f"::error file={BROKEN.replace(':', '%3A')},line=6,col=5::"
        "syntax error: A dot is expected at the end of statements",
        f"::error file={NO_LEAD.replace(':', '%3A')},line=15,col=1,"
        "title=CommitmentShape/leadAgency::commitment 4.13 (Open budgets) has no lead agency",
    ]


def test_json_carries_location_and_rule_page():
    (result,) = json.loads(render("json", NO_LEAD)[1])["results"]
    assert result["location"] == f"{NO_LEAD}:15:1"
    assert result["ruleUrl"] == "https://w3id.org/ogpld/rules/CommitmentShape-leadAgency"


def test_junit_has_a_failing_case_per_result_and_an_error_per_unreadable_file():
    root = ET.fromstring(render("junit", NO_LEAD, BROKEN)[1])
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert suites[NO_LEAD].get("failures") == "1"
    assert suites[NO_LEAD].find("testcase/failure").get("message") == "has no lead agency"
    assert suites[BROKEN].get("errors") == "1"
    assert suites[BROKEN].find("testcase").get("classname") == BROKEN
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "1")
    passing = ET.fromstring(render("junit")[1])
    (case,) = passing.iter("testcase")
    assert (case.get("name"), case.find("failure")) == ("ogpld validate", None)


def test_sarif_results_point_at_rules_and_regions():
    document = json.loads(render("sarif", NO_LEAD)[1])
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    (result,) = run["results"]
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == result["ruleId"] == "CommitmentShape/leadAgency"
    assert rule["helpUri"].endswith("/CommitmentShape-leadAgency")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (15, 1)


def test_sarif_reports_unreadable_files_under_their_own_rule():
    run = json.loads(render("sarif", BROKEN)[1])["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "ogpld/source-error" and result["level"] == "error"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == BROKEN
    assert physical["region"]["startLine"] == 6


def test_an_error_without_a_location_names_no_file():
    report = Report(source_errors=[SourceError("nothing to validate")])
    assert github.render(report) == "::error::nothing to validate"
    (result,) = json.loads(sarif.render(report))["runs"][0]["results"]
    assert "locations" not in result


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_links_rules():
    page = render("html", NO_LEAD)[1]
    parser = Tags()
    parser.feed(page)
    assert not [a for tag, a in parser.tags if tag == "script" and a.get("src")]
    assert not [a for tag, a in parser.tags if tag == "link"]
    links = [a["href"] for tag, a in parser.tags if tag == "a"]
    assert links == ["https://w3id.org/ogpld/rules/CommitmentShape-leadAgency"]
    assert "commitment 4.13 (Open budgets) has no lead agency" in page
    assert parser.tags[0] == ("html", {"lang": "en"})


def test_shacl_report_is_a_w3c_validation_report():
    graph = Graph().parse(data=render("shacl", NO_LEAD)[1], format="turtle")
    (report,) = graph.subjects(SH.conforms, Literal(False))
    (result,) = graph.objects(report, SH.result)
    assert graph.value(result, SH.focusNode) == URIRef(FOCUS)
    assert graph.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    messages = {m.language: str(m) for m in graph.objects(result, SH.resultMessage)}
    assert messages["nb"] == "har ingen ansvarlig instans"
    conforming = Graph().parse(data=render("shacl")[1], format="turtle")
    assert (None, SH.conforms, Literal(True)) in conforming


def test_formats_are_listed_by_name():
    assert list(RENDERERS) == sorted(RENDERERS)


def test_text_colour_only_when_asked():
    from ogpld.load import load_sources
    from ogpld.validate import validate

    report: Report = validate(load_sources([CLI_FIXTURES / "no-lead-agency.ttl"]))
    assert "\x1b[" in text.render(report, color=True)
    assert "\x1b[" not in text.render(report, color=False)
