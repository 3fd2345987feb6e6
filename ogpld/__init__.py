"""ogpld: publish and validate Open Government Partnership action plans as linked open data.

The public names are imported on first use, so that a part of ogpld (a query worker, the CLI's
--help) starts without loading everything.
"""

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "ConfigError": "ogpld.errors",
    "Dataset": "ogpld.build",
    "OgpldError": "ogpld.errors",
    "PublishError": "ogpld.errors",
    "QueryError": "ogpld.errors",
    "Report": "ogpld.report",
    "Result": "ogpld.report",
    "Settings": "ogpld.config",
    "Severity": "ogpld.report",
    "SourceError": "ogpld.errors",
    "SourceSet": "ogpld.load",
    "UsageError": "ogpld.errors",
    "ValidationFailed": "ogpld.errors",
    "build": "ogpld.build",
    "compare": "ogpld.diff",
    "load_settings": "ogpld.config",
    "load_sources": "ogpld.load",
    "validate": "ogpld.validate",
}

__all__ = sorted([*_PUBLIC, "__version__"])


def __getattr__(name: str) -> object:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'ogpld' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
