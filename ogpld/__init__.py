"""ogpld: publish and validate Open Government Partnership action plans as linked open data."""

from ogpld.config import Settings, load_settings
from ogpld.errors import ConfigError, OgpldError, SourceError, UsageError, ValidationFailed
from ogpld.load import SourceSet, load_sources
from ogpld.report import Report, Result, Severity
from ogpld.validate import validate

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "OgpldError",
    "Report",
    "Result",
    "Settings",
    "Severity",
    "SourceError",
    "SourceSet",
    "UsageError",
    "ValidationFailed",
    "__version__",
    "load_settings",
    "load_sources",
    "validate",
]
