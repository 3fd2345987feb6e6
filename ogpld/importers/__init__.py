"""Spreadsheets in: OGP's IRM commitments export and the authoring workbook, as Turtle files."""

from ogpld.importers.outcome import ImportLog, ImportResult, Problem
from ogpld.importers.table import Table, read_table

__all__ = ["ImportLog", "ImportResult", "Problem", "Table", "read_table"]
