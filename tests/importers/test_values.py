"""Cell values as sheets write them: dates, flags, codes, several names in one cell."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from ogpld.importers.institutions import Institutions, name_key, slug
from ogpld.importers.values import ValueProblem, parse_code, parse_date, parse_flag, split_names


@pytest.mark.parametrize(
    "value, expected, datatype",
    [
        ("2011", "2011", XSD.gYear),
        (2011, "2011", XSD.gYear),
        (2011.0, "2011", XSD.gYear),
        ("April 2012", "2012-04", XSD.gYearMonth),
        ("Sept. 2016", "2016-09", XSD.gYearMonth),
        ("2019-07", "2019-07", XSD.gYearMonth),
        ("2019-07-01", "2019-07-01", XSD.date),
        ("2019-07-01T00:00:00", "2019-07-01", XSD.date),
        ("Jun 30, 2021", "2021-06-30", XSD.date),
        ("30 June 2021", "2021-06-30", XSD.date),
        ("1/1/2018", "2018-01-01", XSD.date),
        ("12/31/2018", "2018-12-31", XSD.date),
        ("31/12/2020", "2020-12-31", XSD.date),
        ("31.12.20", "2020-12-31", XSD.date),
        (datetime(2018, 1, 1, 0, 0), "2018-01-01", XSD.date),
        (date(2018, 1, 2), "2018-01-02", XSD.date),
    ],
)
def test_unambiguous_dates_keep_their_precision(value, expected, datatype):
    assert parse_date(value) == Literal(expected, datatype=datatype)


@pytest.mark.parametrize(
    "value, message",
    [
        ("10/1/18", "ambiguous"),
        ("2/3/2019", "ambiguous"),
        ("31/31/2019", "not a real date"),
        ("February 30, 2020", "not a real date"),
        ("Ongoing", "cannot read"),
        ("Q3 2019", "cannot read"),
    ],
)
def test_other_dates_are_problems_that_say_why(value, message):
    with pytest.raises(ValueProblem, match=message):
        parse_date(value)


def test_a_date_order_resolves_the_ambiguity():
    assert parse_date("10/1/18", "month-first") == Literal("2018-10-01", datatype=XSD.date)
    assert parse_date("10/1/18", "day-first") == Literal("2018-01-10", datatype=XSD.date)


@pytest.mark.parametrize("value", ["1", 1, 1.0, "Yes", " yes ", "TRUE", "Starred"])
def test_true_flags(value):
    assert parse_flag(value) is True


@pytest.mark.parametrize("value", ["0", 0, "No", "false", "Not starred"])
def test_false_flags(value):
    assert parse_flag(value) is False


def test_a_flag_that_is_neither_is_a_problem():
    with pytest.raises(ValueProblem, match="not 1/0"):
        parse_flag("maybe")


def test_codes_typed_as_numbers_read_as_written():
    assert parse_code(2.0) == "2"
    assert parse_code(" 4.24 ") == "4.24"


def test_names_split_at_every_separator_and_keep_protected_names_whole():
    separators = (",", ";", "/", "\n")
    cell = "Ministry of Finance; Norges Bank/KMD,\nMinistry of Justice, Public Security"
    protected = ["Ministry of Justice, Public Security"]
    assert split_names(cell, separators, protected) == [
        "Ministry of Finance",
        "Norges Bank",
        "KMD",
        "Ministry of Justice, Public Security",
    ]


def test_name_keys_ignore_case_punctuation_and_a_leading_the():
    assert name_key("The Ministry of Finance ") == name_key("ministry  of finance.")
    assert name_key("Ministry of Trade & Industry") == name_key("Ministry of Trade and Industry")
    assert slug("Direction de la Démocratie") == "direction-de-la-democratie"


def test_reconciliation_keeps_the_most_used_spelling_and_reports_the_merge():
    institutions = Institutions({"Agency for Digitisation": ["Digst"]})
    for spelling, cell in [
        ("Ministry of Finance", "A2"),
        ("Ministry Of Finance", "A3"),
        ("Ministry of Finance", "A4"),
        ("Digst", "A5"),
    ]:
        institutions.add("dk", spelling, cell)
    finance = institutions.known[("dk", "ministry of finance")]
    assert finance.name == "Ministry of Finance"
    assert finance.other_names() == ["Ministry Of Finance"]
    assert institutions.known[("dk", "agency for digitisation")].name == "Agency for Digitisation"
    assert institutions.merges() == [
        "institution 'Ministry of Finance' (dk): "
        "'Ministry of Finance' (A2), 'Ministry Of Finance' (A3)",
        "institution 'Agency for Digitisation' (dk): 'Digst' (A5)",
    ]
