"""SARIF 2.1.0, the format of code-scanning tools (GitHub code scanning among them)."""

from __future__ import annotations

import json

from ogpld import __version__
from ogpld.report import Location, Report, Severity

LEVELS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SOURCE_RULE = "ogpld/source-error"


def _location(path: str, line: int | None = None, column: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": path}}
    if line:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
    return {"physicalLocation": physical}


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """One run of the ogpld tool with its rules and results."""
    rules: dict[str, dict] = {}
    results = []
    for error in report.source_errors:
        rules.setdefault(
            SOURCE_RULE, {"id": SOURCE_RULE, "shortDescription": {"text": "file cannot be read"}}
        )
        unreadable: dict = {"ruleId": SOURCE_RULE, "level": "error"}
        unreadable["message"] = {"text": error.message}
        if error.location:
            where = Location.parse(error.location)
            unreadable["locations"] = [_location(where.path, where.line, where.column)]
        results.append(unreadable)
    for result in report.results:
        rule = rules.setdefault(
            result.rule,
            {
                "id": result.rule,
                "shortDescription": {"text": result.message("en")},
                **({"helpUri": result.rule_url} if result.rule_url else {}),
            },
        )
        entry = {
            "ruleId": rule["id"],
            "level": LEVELS[result.severity],
            "message": {"text": f"{result.focus_description} {result.message(lang)}"},
        }
        if result.location:
            location = result.location
            entry["locations"] = [_location(location.path, location.line, location.column)]
        results.append(entry)
    ordered = list(rules.values())
    index = {rule["id"]: i for i, rule in enumerate(ordered)}
    for entry in results:
        entry["ruleIndex"] = index[entry["ruleId"]]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ogpld",
                        "version": __version__,
                        "informationUri": "https://w3id.org/ogpld/ns",
                        "rules": ordered,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
