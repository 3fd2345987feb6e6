"""The report for people: one line per problem, compiler-style, then counts per rule."""

from __future__ import annotations

import click

from ogpld.report import Report, Severity

COLOURS = {Severity.VIOLATION: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """file:line:col: severity: what is wrong [rule], grouped by file, then a summary."""
    lines = [str(error) for error in report.source_errors]
    for result in report.results:
        where = f"{result.location}: " if result.location else ""
        severity = click.style(result.severity.label, fg=COLOURS[result.severity], bold=True)
        severity = severity if color else result.severity.label
        lines.append(
            f"{where}{severity}: {result.focus_description} {result.message(lang)} [{result.rule}]"
        )
    if report.results:
        lines.append("")
        for (rule, severity), count in sorted(report.rule_counts().items()):
            lines.append(f"{count:5d}  {severity.label:9s} {rule}")
    counts = ", ".join(
        _plural(report.count(severity), severity.label)
        for severity in (Severity.VIOLATION, Severity.WARNING, Severity.INFO)
    )
    verdict = "conforms" if report.exit_code() == 0 else "does not conform"
    lines.append(f"{verdict}: {counts}, {_plural(len(report.source_errors), 'unreadable file')}")
    return "\n".join(lines)
