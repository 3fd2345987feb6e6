"""Every SHACL rule has a fixture that triggers it, alone, with the message a user sees."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from ogpld.load import load_sources
from ogpld.namespaces import OGPSH
from ogpld.report import Result, Severity
from ogpld.validate import bundled_shapes, validate

from .conftest import FIXTURES

SHAPES_FIXTURES = FIXTURES / "shapes"
MINIMAL = SHAPES_FIXTURES / "minimal.ttl"
INVALID = sorted((SHAPES_FIXTURES / "invalid").glob("*.ttl"))

# Shape properties that are not constraint parameters.
NOT_PARAMETERS = {
    SH.path,
    SH.message,
    SH.severity,
    SH.property,
    SH.sparql,
    SH.name,
    SH.description,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.deactivated,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.order,
    SH.group,
    SH.declare,
    SH.prefixes,
    SH.select,
}


def rule_name(shape: URIRef) -> str:
    return str(shape).removeprefix(str(OGPSH)).replace("-", "/", 1)


def component_name(parameter: URIRef) -> str:
    local = str(parameter).removeprefix(str(SH))
    return local[0].upper() + local[1:]


@cache
def declared_rules() -> dict[tuple[str, str], Severity]:
    """(rule, component) → severity for every constraint a report can name."""
    shapes = bundled_shapes()
    targeted = {
        s
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
        for s in shapes.subjects(p, None)
    }
    hosts = targeted | set(shapes.objects(None, SH.property))
    rules: dict[tuple[str, str], Severity] = {}
    for shape in hosts:
        if not isinstance(shape, URIRef):
            continue
        severity = Severity.from_node(shapes.value(shape, SH.severity))
        for parameter in set(shapes.predicates(shape, None)):
            if str(parameter).startswith(str(SH)) and parameter not in NOT_PARAMETERS:
                rules[(rule_name(shape), component_name(parameter))] = severity
    for host, constraint in shapes.subject_objects(SH.sparql):
        severity = Severity.from_node(shapes.value(host, SH.severity))
        rules[(rule_name(constraint), "Sparql")] = severity
    return rules


def fixture_rule(path: Path) -> tuple[str, str]:
    rule, component = path.stem.rsplit(".", 1)
    return rule.replace("-", "/", 1), component


def header(path: Path, key: str) -> list[str]:
    pattern = re.compile(rf"^#\s*{key}:\s*(.*)$")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [m.group(1).strip() for line in lines if (m := pattern.match(line))]


def short_component(result: Result) -> str:
    local = str(result.component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    return "Sparql" if local == "SPARQL" else local


@cache
def minimal_graph() -> Graph:
    sources = load_sources([MINIMAL])
    assert not sources.errors, sources.errors
    return sources.union()


def validate_with_minimal(path: Path) -> list[Result]:
    sources = load_sources([MINIMAL, path])
    assert not sources.errors, [str(e) for e in sources.errors]
    return validate(sources).results


def test_minimal_fixture_conforms():
    results = validate(load_sources([MINIMAL])).results
    assert [(r.rule, r.message()) for r in results] == []


def test_minimal_fixture_has_every_targeted_class():
    shapes, data = bundled_shapes(), minimal_graph()
    missing = [
        cls
        for cls in set(shapes.objects(None, SH.targetClass))
        if not any(data.subjects(RDF.type, cls))
    ]
    assert missing == []


def test_every_rule_has_a_failing_fixture():
    covered = {fixture_rule(path) for path in INVALID}
    missing = sorted(set(declared_rules()) - covered)
    assert missing == [], f"rules without a fixture in {SHAPES_FIXTURES / 'invalid'}: {missing}"


def test_no_fixture_names_an_unknown_rule():
    unknown = sorted({fixture_rule(path) for path in INVALID} - set(declared_rules()))
    assert unknown == []


def test_every_message_is_in_every_language():
    shapes = bundled_shapes()
    for shape in set(shapes.subjects(SH.message, None)):
        languages = {message.language for message in shapes.objects(shape, SH.message)}
        assert {"en", "nb", "nn", "da"} <= languages, shape


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_fixture_triggers_its_rule_alone(path: Path):
    rule, component = fixture_rule(path)
    expected = {(rule, component)} | {tuple(a.split()) for a in header(path, "also")}
    results = validate_with_minimal(path)
    found = {(r.rule, short_component(r)) for r in results}
    assert found == expected, [f"{r.rule} {short_component(r)}: {r.message()}" for r in results]
    mine = [r for r in results if (r.rule, short_component(r)) == (rule, component)]
    for result in mine:  # a uniqueness rule reports each of the duplicates
        assert result.severity == declared_rules()[(rule, component)]
        assert [result.message("en")] == header(path, "message")
        assert result.message("nb") != result.message("en")
        assert result.message("da") != result.message("en")
