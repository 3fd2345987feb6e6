"""GitHub Actions workflow commands: each problem becomes an annotation on its file and line."""

from __future__ import annotations

from ogpld.report import Location, Report, Severity

LEVELS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(location: Location | None, title: str = "") -> str:
    parts = []
    if location is not None:
        parts.append(f"file={_property(location.path)}")
        parts += [f"line={location.line}"] if location.line else []
        parts += [f"col={location.column}"] if location.column else []
    parts += [f"title={_property(title)}"] if title else []
    return ",".join(parts)


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """One ::error/::warning/::notice line per result and per unreadable file."""
    lines = [
        f"::error {_properties(Location.parse(error.location or ''))}::{_data(error.message)}"
        for error in report.source_errors
    ]
    for result in report.results:
        message = f"{result.focus_description} {result.message(lang)}"
        properties = _properties(result.location, result.rule)
        lines.append(f"::{LEVELS[result.severity]} {properties}::{_data(message)}")
    return "\n".join(lines)
