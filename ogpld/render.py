"""Renderers that turn a validation Report into text for people or JSON for machines."""

from __future__ import annotations

import json

from ogpld.report import Report, Severity, compact


def render_text(report: Report, lang: str = "en") -> str:
    """One line per problem, then a summary of counts per rule and severity."""
    lines = [str(error) for error in report.source_errors]
    for result in report.results:
        where = f"{result.location}: " if result.location else ""
        lines.append(
            f"{where}{result.severity.label}: {result.focus_description} {result.message(lang)}"
            f" [{result.rule}]"
        )
    if report.results:
        lines.append("")
        for (rule, severity), count in sorted(report.rule_counts().items()):
            lines.append(f"{count:5d}  {severity.label:9s} {rule}")
    counts = ", ".join(
        f"{report.count(severity)} {severity.label}{'s' if report.count(severity) != 1 else ''}"
        for severity in (Severity.VIOLATION, Severity.WARNING, Severity.INFO)
    )
    unreadable = len(report.source_errors)
    verdict = "conforms" if report.exit_code() == 0 else "does not conform"
    lines.append(f"{verdict}: {counts}, {unreadable} unreadable file{'s' * (unreadable != 1)}")
    return "\n".join(lines)


def render_json(report: Report, lang: str = "en") -> str:
    """The report as JSON: every result with its rule, severity, nodes and message."""
    payload = {
        "conforms": report.exit_code() == 0,
        "errors": [{"location": e.location, "message": e.message} for e in report.source_errors],
        "results": [
            {
                "severity": r.severity.label,
                "rule": r.rule,
                "focusNode": str(r.focus_node),
                "focusLabel": r.focus_label or None,
                "path": compact(r.path) if r.path is not None else None,
                "value": str(r.value) if r.value is not None else None,
                "sourceShape": str(r.source_shape),
                "component": compact(r.component),
                "message": r.message(lang),
            }
            for r in report.results
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


RENDERERS = {"text": render_text, "json": render_json}
