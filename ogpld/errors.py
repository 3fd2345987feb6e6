"""The one exception hierarchy of ogpld.

    OgpldError                 exit 1 unless a subclass says otherwise
    ├── ValidationFailed       exit 1: the data does not conform
    ├── SourceError            exit 2: a file could not be read or parsed
    ├── ShapesError            exit 2: a shapes graph cannot be used (bad SPARQL in a constraint)
    ├── ConfigError            exit 3: settings or options are wrong
    ├── UsageError             exit 3: the command was called wrongly
    ├── PublishError           exit 1: a release could not be written (the previous one stands)
    ├── ImportFailed           exit 1: spreadsheet rows cannot be imported (nothing was written)
    └── QueryError             exit 1: a SPARQL request was refused or failed (HTTP 4xx/5xx)

The CLI and the web app turn these into messages and exit codes or HTTP statuses, each in
one place; the core only raises them.
"""

from __future__ import annotations


class OgpldError(Exception):
    """Base of every error ogpld raises on purpose; carries a location and an exit code."""

    exit_code = 1

    def __init__(
        self, message: str, location: str | None = None, details: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.details = details

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ValidationFailed(OgpldError):
    """The data does not conform to the shapes."""

    exit_code = 1


class SourceError(OgpldError):
    """A source file could not be read or parsed; location is file[:line[:column]]."""

    exit_code = 2


class ShapesError(OgpldError):
    """A shapes graph cannot be evaluated, such as a SPARQL constraint that does not parse."""

    exit_code = 2


class ConfigError(OgpldError):
    """A setting, configuration file or option value is wrong."""

    exit_code = 3


class UsageError(OgpldError):
    """A command was called wrongly."""

    exit_code = 3


class PublishError(OgpldError):
    """A release could not be written; the previous release is still published."""

    exit_code = 1


class ImportFailed(OgpldError):
    """Rows of a spreadsheet cannot be imported; details holds one FILE:SHEET!CELL line each."""

    exit_code = 1


class QueryError(OgpldError):
    """A SPARQL request cannot be answered; status is the HTTP status the server answers with."""

    exit_code = 1

    def __init__(self, message: str, status: int = 400, location: str | None = None) -> None:
        super().__init__(message, location)
        self.status = status
