"""The one place that finds the packaged vocabulary, shapes and bundled data.

In a wheel they sit in ``ogpld/_data/``; in a source checkout or an editable install they are
the top-level folders beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Return the folder (or file) ``name`` from the wheel's data, else from the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"ogpld is installed without its {name!r} folder")


def vocab_files() -> list[Path]:
    """Every Turtle file of the vocabulary, in a stable order."""
    return sorted(resource_dir("vocab").rglob("*.ttl"))


def shape_files() -> list[Path]:
    """Every Turtle file of the bundled shapes, in a stable order."""
    return sorted(resource_dir("shapes").rglob("*.ttl"))


def bundled_data_dir() -> Path:
    """The folder of bundled data that ``ogpld validate`` and ``ogpld serve`` use by default."""
    return resource_dir("data")


def default_config_file() -> Path:
    """The configuration that ships with the bundled data (example base URI)."""
    return resource_dir("ogpld.toml")


def queries_dir() -> Path:
    """SPARQL queries that ship with the code: the CSV tables and the query page's examples."""
    return _PACKAGE / "queries"


def templates_dir() -> Path:
    """Jinja2 templates of the pages ogpld writes and serves."""
    return _PACKAGE / "templates"


def templates() -> Environment:
    """The Jinja2 environment of every page ogpld writes or serves; autoescaped."""
    environment = Environment(
        loader=FileSystemLoader(templates_dir()), autoescape=select_autoescape(["html"])
    )
    environment.filters["size"] = human_size
    return environment


def human_size(size: int) -> str:
    """Bytes as people read them: 1.2 MB."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} B"
