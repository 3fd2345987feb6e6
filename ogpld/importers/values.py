"""Cell values as real sheets write them: dates in many forms, yes/no flags, numbers as text."""

from __future__ import annotations

import re
from datetime import date, datetime

from rdflib import Literal
from rdflib.namespace import XSD

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
TRUE = {"1", "yes", "y", "true", "starred", "x"}
FALSE = {"0", "no", "n", "false", "not starred"}
YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


class ValueProblem(ValueError):
    """A value that cannot be read as what its column holds; the message says why."""


def parse_date(value: object, order: str = "") -> Literal:
    """An xsd:date, xsd:gYearMonth or xsd:gYear, as precise as the cell; ambiguity is an error."""
    if isinstance(value, datetime):
        return Literal(value.date().isoformat(), datatype=XSD.date)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _year(str(int(value)) if float(value).is_integer() else str(value))
    text = " ".join(str(value).split())
    for parse in (_year, _iso, _month_year, _day_month_year, _month_day_year):
        found = parse(text)
        if found is not None:
            return found
    found = _numeric(text, order)
    if found is None:
        raise ValueProblem(f"cannot read {text!r} as a date, month or year")
    return found


def parse_flag(value: object) -> bool:
    """1/0, yes/no, true/false, starred/not starred."""
    text = _number_text(value).casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueProblem(f"{text!r} is not 1/0 or yes/no")


def parse_code(value: object) -> str:
    """A number or code typed as text or as a number: 2.0 → '2', ' 4.24 ' → '4.24'."""
    return _number_text(value)


def split_names(text: str, separators: tuple[str, ...], protected: list[str]) -> list[str]:
    """Several names in one cell; names known to contain a separator are kept whole."""
    placeholders: dict[str, str] = {}
    for index, name in enumerate(sorted(protected, key=len, reverse=True)):
        if any(s in name for s in separators) and name.casefold() in text.casefold():
            key = f"\x00{index}\x00"
            text = re.sub(re.escape(name), key, text, flags=re.IGNORECASE)
            placeholders[key] = name
    pattern = "|".join(re.escape(s) for s in separators)
    parts = [p.strip(" .\t") for p in re.split(pattern, text)] if pattern else [text.strip()]
    return [placeholders.get(p, p) for p in parts if p]


def _number_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _year(text: str) -> Literal | None:
    match = YEAR.match(text)
    return Literal(match.group(1), datatype=XSD.gYear) if match else None


def _iso(text: str) -> Literal | None:
    match = ISO.match(text)
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    return _checked(year, month, int(day) if day else None, text)


def _month_year(text: str) -> Literal | None:
    match = MONTH_YEAR.match(text)
    if not match or match.group(1).casefold() not in MONTHS:
        return None
    return _checked(int(match.group(2)), MONTHS[match.group(1).casefold()], None, text)


def _day_month_year(text: str) -> Literal | None:
    match = DAY_MONTH_YEAR.match(text)
    if not match or match.group(2).casefold() not in MONTHS:
        return None
    month = MONTHS[match.group(2).casefold()]
    return _checked(int(match.group(3)), month, int(match.group(1)), text)


def _month_day_year(text: str) -> Literal | None:
    match = MONTH_DAY_YEAR.match(text)
    if not match or match.group(1).casefold() not in MONTHS:
        return None
    month = MONTHS[match.group(1).casefold()]
    return _checked(int(match.group(3)), month, int(match.group(2)), text)


def _numeric(text: str, order: str) -> Literal | None:
    match = NUMERIC.match(text)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    if first > 12 or order == "day-first":
        day, month = first, second
    elif second > 12 or order == "month-first" or first == second:
        month, day = first, second
    else:
        raise ValueProblem(
            f"{text!r} is ambiguous: month {first} day {second}, or day {first} month {second}? "
            "(set date_order in a mapping file, or write the date as YYYY-MM-DD)"
        )
    return _checked(full_year, month, day, text)


def _checked(year: int, month: int, day: int | None, text: str) -> Literal:
    try:
        found = date(year, month, day or 1)
    except ValueError:
        raise ValueProblem(f"{text!r} is not a real date") from None
    if day is None:
        return Literal(f"{found.year:04d}-{found.month:02d}", datatype=XSD.gYearMonth)
    return Literal(found.isoformat(), datatype=XSD.date)
