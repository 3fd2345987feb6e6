"""Report formats, by the name --format-report takes: each renders a Report to text."""

from __future__ import annotations

from collections.abc import Callable

from ogpld.render import github, html, json_report, junit, sarif, shacl, text
from ogpld.report import Report

Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "github": github.render,
    "html": html.render,
    "json": json_report.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "shacl": shacl.render,
    "text": text.render,
}

__all__ = ["RENDERERS", "Renderer", "Report"]
