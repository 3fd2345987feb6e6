"""A self-contained HTML page of the report, to attach to an e-mail or a ticket."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from ogpld.report import Report, Severity

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; font-family: monospace; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .3rem .6rem;
  border-bottom: 1px solid #ddd; vertical-align: top; }
.violation { color: #b00020; font-weight: 600; } .warning { color: #8a5a00; font-weight: 600; }
.info { color: #00589c; font-weight: 600; } .where { font-family: monospace; white-space: nowrap; }
.verdict { padding: .6rem 1rem; border-radius: .3rem; background: #f2f2f2; }
"""
TITLES = {
    "en": "Validation report",
    "nb": "Valideringsrapport",
    "nn": "Valideringsrapport",
    "da": "Valideringsrapport",
}


def _summary(report: Report) -> list[str]:
    rows = [
        f"<tr><td class={s.label}>{s.label}</td><td>{report.count(s)}</td></tr>"
        for s in (Severity.VIOLATION, Severity.WARNING, Severity.INFO)
    ]
    rows += [
        f"<tr><td>{escape(rule)}</td><td>{count} {severity.label}</td></tr>"
        for (rule, severity), count in sorted(report.rule_counts().items())
    ]
    return ["<table>", *rows, "</table>"]


def _results(report: Report, lang: str) -> list[str]:
    by_file: dict[str, list] = defaultdict(list)
    for result in report.results:
        by_file[result.location.path if result.location else ""].append(result)
    out = []
    for path, results in by_file.items():
        out += [f"<h2>{escape(path or 'data')}</h2>", "<table>"]
        for r in results:
            where = (
                f"{r.location.line}:{r.location.column}" if r.location and r.location.line else ""
            )
            rule = (
                f'<a href="{escape(r.rule_url)}">{escape(r.rule)}</a>'
                if r.rule_url
                else escape(r.rule)
            )
            out.append(
                f"<tr><td class=where>{where}</td><td class={r.severity.label}>"
                f"{r.severity.label}</td><td>{escape(r.focus_description)} "
                f"{escape(r.message(lang))}</td><td>{rule}</td></tr>"
            )
        out.append("</table>")
    return out


def render(report: Report, lang: str = "en", color: bool = False) -> str:
    """One page with inline styles only: no scripts, fonts or stylesheets to fetch."""
    verdict = "conforms" if report.exit_code() == 0 else "does not conform"
    errors = [f"<li>{escape(str(error))}</li>" for error in report.source_errors]
    body = [
        f"<h1>{TITLES.get(lang, TITLES['en'])}</h1>",
        f"<p class=verdict>{verdict}</p>",
        *(["<ul>", *errors, "</ul>"] if errors else []),
        *_summary(report),
        *_results(report, lang),
    ]
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>ogpld: {verdict}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
