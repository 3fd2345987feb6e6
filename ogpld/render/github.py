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


def _where(location: str | None) -> Location | None:
    """An error's location, or none: an annotation without a file is shown on the run."""
    return Location.parse(location) if location else None


def _command(level: str, properties: str, message: str) -> str:
    """A workflow command; without properties GitHub wants no space before the "::"."""
    return f"::{level}{' ' if properties else ''}{properties}::{_data(message)}"


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """One ::error/::warning/::notice line per result and per unreadable file."""
    lines = [
        _command("error", _properties(_where(error.location)), error.message)
        for error in report.source_errors
    ]
    for result in report.results:
        message = f"{result.focus_description} {result.message(lang)}"
        properties = _properties(result.location, result.rule)
        lines.append(_command(LEVELS[result.severity], properties, message))
    return "\n".join(lines)
