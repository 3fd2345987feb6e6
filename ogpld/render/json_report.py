"""The report as JSON, for scripts: every result with its rule, nodes, place and message."""

from __future__ import annotations

import json

from ogpld.report import Report, compact


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """A JSON document with conforms, unreadable files and results."""
    payload = {
        "conforms": report.exit_code() == 0,
        "errors": [{"location": e.location, "message": e.message} for e in report.source_errors],
        "results": [
            {
                "severity": r.severity.label,
                "rule": r.rule,
                "ruleUrl": r.rule_url or None,
                "location": str(r.location) if r.location else None,
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
