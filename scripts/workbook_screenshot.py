"""Regenerate docs/images/workbook.png: one sheet of a real exported workbook, drop-down open.

Run from the repository root: python3 scripts/workbook_screenshot.py [--lang nb] [--sheet Instanser]
It exports Norway's second plan with `ogpld export template`, reads the saved file back with
openpyxl, draws the sheet as a spreadsheet-like HTML page (the open drop-down lists the labels
the cell's data validation points at) and photographs it with headless Chromium.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
PLAN = "https://data.example.org/id/plan/no/2"
STYLE = """
body { font: 13px Calibri, Carlito, 'Liberation Sans', Arial, sans-serif; margin: 0; }
.bar { background: #217346; color: #fff; padding: 6px 10px; font-weight: bold; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d4d4d4; padding: 3px 6px; vertical-align: top; }
th { background: #f3f3f3; color: #555; font-weight: normal; text-align: center; }
td.head { background: #ddebf7; font-weight: bold; }
td.list { position: relative; }
.drop { position: absolute; left: 0; top: 100%; z-index: 2; background: #fff;
        border: 1px solid #888; box-shadow: 2px 2px 6px #999; min-width: 100%; }
.drop div { padding: 2px 6px; white-space: nowrap; }
.drop div.on { background: #cce4f7; }
.arrow { float: right; color: #555; margin-left: 8px; }
.tabs { margin-top: 8px; border-top: 1px solid #aaa; padding: 0 0 6px 30px; }
.tabs span { display: inline-block; padding: 3px 12px; border: 1px solid #aaa; border-top: 0; }
.tabs span.on { color: #217346; font-weight: bold; border-bottom: 2px solid #217346; }
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nb")
    parser.add_argument("--sheet", default="Instanser")
    parser.add_argument("--rows", type=int, default=14)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images/workbook.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "plan.xlsx"
        export = ["export", "template", "--plan", PLAN, "--out", str(book), "--lang", args.lang]
        subprocess.run([sys.executable, "-m", "ogpld", *export], check=True, cwd=ROOT)
        page = Path(folder) / "sheet.html"
        page.write_text(render(book, args.sheet, args.rows), encoding="utf-8")
        shoot(page, args.out)
    print(f"wrote {args.out}")


def render(book: Path, name: str, rows: int) -> str:
    """The sheet as HTML: column letters, row numbers, header fill, an open drop-down, tabs."""
    workbook = load_workbook(book)
    sheet = workbook[name]
    lists = {
        str(v.sqref).split(":")[0][:1]: options(workbook, v.formula1)
        for v in sheet.data_validations.dataValidation
        if "Lists" in v.formula1
    }
    width = sheet.max_column
    body = [
        "<tr><th></th>"
        + "".join(f"<th>{get_column_letter(c)}</th>" for c in range(1, width + 1))
        + "</tr>"
    ]
    for number in range(1, rows + 1):
        cells = [render_cell(sheet.cell(number, c), number, lists) for c in range(1, width + 1)]
        body.append(f"<tr><th>{number}</th>{''.join(cells)}</tr>")
    tabs = "".join(
        f"<span class='{'on' if s.title == name else ''}'>{html.escape(s.title)}</span>"
        for s in workbook.worksheets
        if s.sheet_state == "visible"
    )
    return (
        f"<!doctype html><meta charset='utf-8'><style>{STYLE}</style>"
        f"<div class='bar'>{html.escape(book.name)} — {html.escape(name)}</div>"
        f"<table>{''.join(body)}</table><div class='tabs'>{tabs}</div>"
    )


def render_cell(cell, number: int, lists: dict[str, list[str]]) -> str:
    text = html.escape("" if cell.value is None else str(cell.value))
    if number == 1:
        return f"<td class='head'>{text}</td>"
    choices = lists.get(cell.column_letter)
    if choices is None:
        return f"<td>{text}</td>"
    arrow = "<span class='arrow'>▾</span>" if number == 6 else ""
    drop = ""
    if number == 6:
        items = "".join(
            f"<div class='{'on' if c == cell.value else ''}'>{html.escape(c)}</div>"
            for c in choices
        )
        drop = f"<div class='drop'>{items}</div>"
    return f"<td class='list'>{text}{arrow}{drop}</td>"


def options(workbook, formula: str) -> list[str]:
    """The labels a list validation refers to, read from the cells its formula names."""
    sheet, _, area = formula.partition("!")
    cells = workbook[sheet.strip("'")][area.replace("$", "")]
    return [str(c.value) for row in cells for c in row if c.value is not None]


def shoot(page: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1100,440",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


if __name__ == "__main__":
    main()
