"""ogpld: publish and validate Open Government Partnership action plans as linked open data."""

__version__ = "0.1.0"

from ogpld.build import Dataset, build
from ogpld.config import Settings, load_settings
from ogpld.diff import compare
from ogpld.errors import (
    ConfigError,
    OgpldError,
    PublishError,
    QueryError,
    SourceError,
    UsageError,
    ValidationFailed,
)
from ogpld.load import SourceSet, load_sources
from ogpld.report import Report, Result, Severity
from ogpld.validate import validate

__all__ = [
    "ConfigError",
    "Dataset",
    "OgpldError",
    "PublishError",
    "QueryError",
    "Report",
    "Result",
    "Settings",
    "Severity",
    "SourceError",
    "SourceSet",
    "UsageError",
    "ValidationFailed",
    "__version__",
    "build",
    "compare",
    "load_settings",
    "load_sources",
    "validate",
]
