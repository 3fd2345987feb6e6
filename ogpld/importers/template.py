"""The authoring workbook: written empty or from RDF, with drop-downs from the concept schemes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ogpld.config import Settings
from ogpld.errors import PublishError
from ogpld.importers.concepts import Concepts
from ogpld.importers.outcome import ImportResult, write_whole
from ogpld.importers.workbook import (
    FIRST_ROW,
    LAST_ROW,
    LISTS_SHEET,
    REFERENCED,
    SHEETS,
    TEXT_LANGUAGES,
    Column,
    Sheet,
)

Rows = dict[str, list[dict[str, object]]]
TEXT_KINDS = {"id", "text", "ref", "language", "code", "codes", "flag"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

INSTRUCTIONS = {"en": "Instructions", "nb": "Veiledning", "nn": "Rettleiing", "da": "Vejledning"}
HELP: dict[str, tuple[str, ...]] = {
    "en": (
        "One workbook holds one action plan.",
        "Plan: fill in one row. Commitments: one row per commitment.",
        "Agencies: one row per agency and role; leave the commitment empty for the plan itself.",
        "Milestones: one row per deliverable, with the number of its commitment.",
        "Coded columns offer a drop-down list. Dates: 2024-03-01, 2024-03 or 2024.",
        "Leave 'ID in the URI' empty in new rows; ogpld fills it from the number or the name.",
        "Then: ogpld import template FILE.xlsx --out DIR, and ogpld validate DIR.",
    ),
    "nb": (
        "Én arbeidsbok inneholder én handlingsplan.",
        "Plan: fyll ut én rad. Forpliktelser: én rad per forpliktelse.",
        "Instanser: én rad per instans og rolle; la forpliktelse stå tom for planen selv.",
        "Milepæler: én rad per leveranse, med nummeret på forpliktelsen.",
        "Kodede kolonner har nedtrekkslister. Datoer: 2024-03-01, 2024-03 eller 2024.",
        "La «ID i URI-en» stå tom i nye rader; ogpld fyller den ut fra nummer eller navn.",
        "Deretter: ogpld import template FIL.xlsx --out MAPPE, og ogpld validate MAPPE.",
    ),
    "nn": (
        "Éi arbeidsbok inneheld éin handlingsplan.",
        "Plan: fyll ut éi rad. Forpliktingar: éi rad per forplikting.",
        "Instansar: éi rad per instans og rolle; la forplikting stå tom for sjølve planen.",
        "Milepælar: éi rad per leveranse, med nummeret på forpliktinga.",
        "Koda kolonnar har nedtrekkslister. Datoar: 2024-03-01, 2024-03 eller 2024.",
        "La «ID i URI-en» stå tom i nye rader; ogpld fyller han ut frå nummer eller namn.",
        "Deretter: ogpld import template FIL.xlsx --out MAPPE, og ogpld validate MAPPE.",
    ),
    "da": (
        "Én projektmappe indeholder én handlingsplan.",
        "Plan: udfyld én række. Forpligtelser: én række pr. forpligtelse.",
        "Myndigheder: én række pr. myndighed og rolle; lad forpligtelse stå tom for selve planen.",
        "Milepæle: én række pr. leverance, med forpligtelsens nummer.",
        "Kodede kolonner har rullelister. Datoer: 2024-03-01, 2024-03 eller 2024.",
        "Lad »ID i URI'en« stå tom i nye rækker; ogpld udfylder den ud fra nummer eller navn.",
        "Derefter: ogpld import template FIL.xlsx --out MAPPE, og ogpld validate MAPPE.",
    ),
}


def write_template(path: Path, settings: Settings) -> None:
    """An empty workbook for one plan, headers and drop-downs in settings.lang."""
    save(build(settings.lang, {}), path)


def import_template(path: Path, settings: Settings) -> ImportResult:
    """The plan a filled-in workbook describes, and every problem placed on its cell."""
    from ogpld.importers.template_import import TemplateImport

    return TemplateImport(path, settings).run()


def export_template(paths: list[Path], plan: str, path: Path, settings: Settings) -> None:
    """One plan of the sources as a workbook, to edit in Excel and import again."""
    from ogpld.importers.template_export import plan_rows

    save(build(settings.lang, plan_rows(paths, plan, settings)), path)


def build(lang: str, rows: Rows) -> Workbook:
    """Instructions, the data sheets in layout order, and the hidden sheet of drop-down labels."""
    book = Workbook()
    _instructions(book.active, lang)
    for sheet in SHEETS:
        _data_sheet(book.create_sheet(sheet.title(lang)), sheet, lang, rows.get(sheet.key, []))
    lists = book.create_sheet(LISTS_SHEET)
    ranges = _lists(lists, lang)
    lists.sheet_state = "hidden"
    for sheet in SHEETS:
        _validations(book[sheet.title(lang)], sheet, lang, ranges)
    return book


def save(book: Workbook, path: Path) -> None:
    """Write whole or not at all: a temporary file, then a rename."""
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot write the workbook: {error.strerror}", str(path)) from None
    write_whole(target, book.save)


def _instructions(ws, lang: str) -> None:
    ws.title = INSTRUCTIONS[lang]
    ws.append([INSTRUCTIONS[lang]])
    ws["A1"].font = Font(bold=True, size=14)
    for line in HELP[lang]:
        ws.append([line])
    ws.column_dimensions["A"].width = 100


def _lists(ws, lang: str) -> dict[str, str]:
    """One column of labels per scheme; the range each drop-down refers to."""
    concepts = Concepts.bundled()
    lists = {c.scheme: None for s in SHEETS for c in s.columns if c.scheme}
    columns: dict[str, list[str]] = {
        scheme: [concepts.label(c, lang) for c in concepts.members(scheme)] for scheme in lists
    }
    columns["language"] = list(TEXT_LANGUAGES)
    ranges = {}
    for index, (name, labels) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(1, index, name)
        for row, label in enumerate(labels, start=2):
            ws.cell(row, index, label)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _data_sheet(ws, sheet: Sheet, lang: str, rows: list[dict[str, object]]) -> None:
    ws.append([c.header(lang) + (" *" if c.required else "") for c in sheet.columns])
    for row in rows:
        ws.append([row.get(c.key) for c in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.cell(1, index).font = Font(bold=True)
        ws.cell(1, index).fill = HEADER_FILL
        ws.cell(1, index).alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = 45 if column.kind == "lang" else 18
        if column.kind in TEXT_KINDS:
            ws.column_dimensions[letter].number_format = "@"
        for cell in ws[letter][1:]:
            if column.kind == "date" and not isinstance(cell.value, str):
                cell.number_format = "yyyy-mm-dd"
            if column.kind == "lang":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _validations(ws, sheet: Sheet, lang: str, ranges: dict[str, str]) -> None:
    """A drop-down on every coded or referring column, for the rows people will fill."""
    for index, column in enumerate(sheet.columns, start=1):
        formula = _source(column, lang, ranges)
        if formula is None:
            continue
        several = column.kind == "codes" or column.ref == "themes"
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=not column.required,
            errorStyle="warning" if several else "stop",
            showErrorMessage=True,
        )
        letter = get_column_letter(index)
        rule.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
        ws.add_data_validation(rule)


def _source(column: Column, lang: str, ranges: dict[str, str]) -> str | None:
    if column.scheme:
        return ranges[column.scheme]
    if column.kind == "language":
        return ranges["language"]
    if column.ref:
        target = next(s for s in SHEETS if s.key == column.ref)
        position = target.columns.index(target.column(REFERENCED[column.ref])) + 1
        letter = get_column_letter(position)
        return f"{quote_sheetname(target.title(lang))}!${letter}${FIRST_ROW}:${letter}${LAST_ROW}"
    return None
