"""JUnit XML, which most CI systems show as test results: one test case per problem."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ogpld.report import Location, Report


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """A <testsuites> document with one suite per file; a passing case when all conforms."""
    suites: dict[str, list[ET.Element]] = defaultdict(list)
    for error in report.source_errors:
        path = Location.parse(error.location).path if error.location else "data"
        case = ET.Element("testcase", classname=path, name="readable")
        ET.SubElement(case, "error", type="source", message=error.message).text = str(error)
        suites[path].append(case)
    for result in report.results:
        path = result.location.path if result.location else "data"
        case = ET.Element("testcase", classname=path, name=result.rule)
        text = f"{result.location or ''} {result.focus_description} {result.message(lang)}"
        failure = ET.SubElement(
            case, "failure", type=result.severity.label, message=result.message(lang)
        )
        failure.text = text.strip()
        suites[path].append(case)
    root = ET.Element("testsuites", name="ogpld validate")
    if not suites:
        suite = ET.SubElement(
            root, "testsuite", name="ogpld validate", tests="1", failures="0", errors="0"
        )
        ET.SubElement(suite, "testcase", classname="ogpld", name="ogpld validate")
    for name, cases in sorted(suites.items()):
        failures = sum(1 for c in cases if c.find("failure") is not None)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(len(cases)),
            failures=str(failures),
            errors=str(len(cases) - failures),
        )
        suite.extend(cases)
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(suite.get(total, "0")) for suite in root)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
