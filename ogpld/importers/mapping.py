"""The column mapping of an import: the bundled preset, merged with the publisher's file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from ogpld.config import read_toml
from ogpld.errors import ConfigError
from ogpld.importers.concepts import Concepts
from ogpld.namespaces import PREFIXES, SCHEME

PRESET = Path(__file__).with_name("irm.toml")
DATE_ORDERS = ("", "month-first", "day-first")
SECTIONS = {
    "member": {"name", "type", "country"},
    "plan": {"number", "identifier", "submitted", "end"},
    "commitment": {
        "identifier", "number", "title", "short_title", "text", "start", "end", "theme", "url",
        "lead", "supporting",
    },
}  # fmt: skip
TOP_LEVEL = {
    "missing", "date_order", "new_model_from", "institution_separators", "language", "flags",
    "policy_areas", "assessments", "report_years", *SECTIONS,
}  # fmt: skip


@dataclass(frozen=True)
class AssessmentColumn:
    """A column holding one value of one report's assessment."""

    column: str
    property: URIRef
    report: str
    new_model_report: str | None = None
    scheme: str | None = None
    datatype: str | None = None

    def report_for(self, new_model: bool) -> str:
        return (self.new_model_report or self.report) if new_model else self.report


@dataclass(frozen=True)
class Mapping:
    """Everything the IRM importer needs to know about a sheet's layout."""

    missing: frozenset[str]
    date_order: str
    new_model_from: int
    separators: tuple[str, ...]
    language: str
    member: dict[str, str]
    plan: dict[str, str]
    commitment: dict[str, str]
    flags: dict[str, tuple[URIRef, URIRef]]
    policy_areas: tuple[URIRef, str] | None
    assessments: tuple[AssessmentColumn, ...]
    report_years: dict[str, tuple[str, str | None]]

    def columns(self) -> set[str]:
        """Every column this mapping reads (policy-area columns aside)."""
        named = [*self.member.values(), *self.plan.values(), *self.commitment.values()]
        named += [*self.flags, *(a.column for a in self.assessments), *self.report_years]
        return {c for c in named if c}


def load_mapping(path: Path | None = None) -> Mapping:
    """The preset, with the tables of a publisher's mapping file merged over it."""
    document = read_toml(PRESET, "mapping file")
    if path is not None:
        document = _merge(document, read_toml(path, "mapping file"))
    where = str(path or PRESET)
    unknown = sorted(set(document) - TOP_LEVEL)
    if unknown:
        raise ConfigError(f"unknown mapping key {unknown[0]!r}", where)
    for section, keys in SECTIONS.items():
        extra = sorted(set(document.get(section, {})) - keys)
        if extra:
            raise ConfigError(f"unknown key {extra[0]!r} in [{section}]", where)
    try:
        return _mapping(document, where)
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"the mapping is incomplete or wrong: {error}", where) from None


def expand(curie: str, where: str) -> URIRef:
    """ogp:completion → the property's URI; a full URI stays as it is."""
    if curie.startswith(("http://", "https://")):
        return URIRef(curie)
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        raise ConfigError(f"not a known prefixed name: {curie!r}", where)
    return URIRef(PREFIXES[prefix] + local)


def _mapping(document: dict[str, Any], where: str) -> Mapping:
    order = document.get("date_order", "")
    if order not in DATE_ORDERS:
        raise ConfigError(f"date_order must be one of {DATE_ORDERS}: {order!r}", where)
    policy = document.get("policy_areas") or {}
    return Mapping(
        missing=frozenset(m.casefold() for m in document.get("missing", [])),
        date_order=order,
        new_model_from=int(document.get("new_model_from", 2020)),
        separators=tuple(document.get("institution_separators", [","])),
        language=document.get("language", "en"),
        member=dict(document.get("member", {})),
        plan=dict(document.get("plan", {})),
        commitment=dict(document.get("commitment", {})),
        flags={
            column: (expand(spec["property"], where), _concept(spec["concept"], where))
            for column, spec in document.get("flags", {}).items()
            if spec
        },
        policy_areas=(expand(policy["property"], where), policy["scheme"]) if policy else None,
        assessments=tuple(
            _assessment(column, spec, where)
            for column, spec in document.get("assessments", {}).items()
            if spec
        ),
        report_years={
            column: (spec["report"], spec.get("new_model_report"))
            for column, spec in document.get("report_years", {}).items()
            if spec
        },
    )


def _assessment(column: str, spec: dict[str, Any], where: str) -> AssessmentColumn:
    if bool(spec.get("scheme")) == bool(spec.get("datatype")):
        raise ConfigError(f"assessment column {column!r} needs a scheme or a datatype", where)
    return AssessmentColumn(
        column=column,
        property=expand(spec["property"], where),
        report=spec["report"],
        new_model_report=spec.get("new_model_report"),
        scheme=spec.get("scheme"),
        datatype=spec.get("datatype"),
    )


def _concept(name: str, where: str) -> URIRef:
    concept = URIRef(name) if name.startswith("http") else SCHEME[name]
    if (concept, None, None) not in Concepts.bundled().graph:
        raise ConfigError(f"no such concept in the vocabulary: {name!r}", where)
    return concept


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
