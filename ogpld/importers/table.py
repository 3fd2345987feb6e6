"""Rows of a CSV file or a sheet whose cells know where they are, for errors people can find."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ogpld.errors import SourceError

CellValue = str | int | float | bool | date | datetime | None

MAX_FILE_BYTES = 100_000_000
MAX_UNZIPPED_BYTES = 500_000_000
ENCODINGS = ("utf-8-sig", "cp1252")


def column_key(name: str) -> str:
    """Column names compare case- and space-insensitively, as OGP's own exports vary in both."""
    return "".join(str(name).split()).casefold()


@dataclass(frozen=True)
class Cell:
    """One value and the place a person opens to change it."""

    value: CellValue
    location: str
    column: str

    @property
    def text(self) -> str:
        """The value as text with outer spaces removed ('' for an empty cell)."""
        return "" if self.value is None else str(self.value).strip()


@dataclass
class Row:
    """One data row, its cells keyed by column_key of their header."""

    number: int
    location: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, column: str) -> Cell | None:
        return self.cells.get(column_key(column))

    def text(self, column: str) -> str:
        found = self.cell(column)
        return found.text if found else ""


@dataclass
class Table:
    """A header and its data rows, from one CSV file or one sheet."""

    path: Path
    sheet: str | None
    columns: list[str]
    rows: list[Row]
    encoding: str | None = None

    def has(self, column: str) -> bool:
        return column_key(column) in {column_key(c) for c in self.columns}


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The first (or the named) sheet of an XLSX workbook, or a CSV file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        tables = read_workbook(path)
        if sheet is None:
            return next(iter(tables.values()))
        for name, table in tables.items():
            if column_key(name) == column_key(sheet):
                return table
        raise SourceError(f"the workbook has no sheet {sheet!r}", str(path))
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return read_csv(path)
    raise SourceError("not a spreadsheet: expected .csv or .xlsx", str(path))


def read_csv(path: Path) -> Table:
    """A CSV file in UTF-8 or Windows-1252, with its delimiter (comma, semicolon, tab) sniffed."""
    data = _read_bytes(path)
    text, encoding = _decode(path, data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20000], ",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise SourceError(f"not readable as CSV: {error}", str(path)) from None
    if not records:
        raise SourceError("the file is empty", str(path))
    columns = [c.strip() for c in records[0]]
    rows = [
        _row(columns, values, number, lambda c, n=number: f"{path}:{n}:{c + 1}", f"{path}:{number}")
        for number, values in enumerate(records[1:], start=2)
        if any(v.strip() for v in values)
    ]
    return Table(path, None, columns, rows, encoding)


def read_workbook(path: Path) -> dict[str, Table]:
    """Every sheet of an XLSX workbook, header in row 1."""
    _check_zip(path)
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise SourceError(f"not a readable XLSX workbook: {error}", str(path)) from None
    tables = {}
    try:
        for sheet in book.worksheets:
            values = list(_sheet_rows(sheet))
            columns = [
                str(v).strip() if v is not None else "" for v in (values[0] if values else ())
            ]
            place = f"{path}:{sheet.title}!"
            rows = [
                _row(
                    columns,
                    row,
                    number,
                    lambda c, n=number, p=place: f"{p}{get_column_letter(c + 1)}{n}",
                    f"{place}{number}",
                )
                for number, row in enumerate(values[1:], start=2)
                if any(v not in (None, "") for v in row)
            ]
            tables[sheet.title] = Table(path, sheet.title, columns, rows)
    finally:
        book.close()
    if not tables:
        raise SourceError("the workbook has no sheets", str(path))
    return tables


def _sheet_rows(sheet) -> Iterator[tuple[CellValue, ...]]:
    sheet.reset_dimensions()
    yield from sheet.iter_rows(values_only=True)


def _row(columns: list[str], values, number: int, where, location: str) -> Row:
    row = Row(number, location)
    for index, name in enumerate(columns):
        if name:
            value = values[index] if index < len(values) else None
            row.cells[column_key(name)] = Cell(_clean(value), where(index), name)
    return row


def _clean(value: CellValue) -> CellValue:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\xa0", " ")
    return value


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(
                f"the file is too large ({size:,} bytes; at most {MAX_FILE_BYTES:,})", str(path)
            )
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror}", str(path)) from None


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise SourceError("a binary file, not CSV text", str(path))
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SourceError("the text is neither UTF-8 nor Windows-1252", str(path))


def _check_zip(path: Path) -> None:
    """Refuse what is not a zip, and zip bombs, before openpyxl inflates anything."""
    _read_bytes(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SourceError("not an XLSX workbook (not a zip archive)", str(path)) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SourceError(
            f"the workbook unpacks to {unzipped:,} bytes; at most {MAX_UNZIPPED_BYTES:,}", str(path)
        )
