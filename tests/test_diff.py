"""ogpld diff says what changed for people and as triples."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from rdflib import Dataset

from ogpld.cli import cli
from ogpld.diff import compare

from .conftest import ROOT


def edited_copy(tmp_path, edits: dict[str, list[tuple[str, str]]]):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    for name, replacements in edits.items():
        path = copy / name
        text = path.read_text()
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text)
    return copy


def test_no_change_exits_0(tmp_path):
    result = CliRunner().invoke(cli, ["diff", str(ROOT / "data"), str(ROOT / "data")])
    assert result.exit_code == 0
    assert "0 triples added, 0 removed" in result.output


def test_changes_are_said_for_people(tmp_path):
    new = edited_copy(
        tmp_path,
        {
            "no/plans.trig": [('ogp:commitmentNumber "4.1" ;', 'ogp:commitmentNumber "4.1a" ;')],
            "editorial.trig": [
                ('"Action Plan 5"@en', '"Norway\'s fifth action plan"@en'),
            ],
        },
    )
    result = compare(ROOT / "data", new)
    text = "\n".join(f"{c.kind} {c.description} {' | '.join(c.details)}" for c in result.changes)
    assert '"4.1" → "4.1a"' in text
    assert "Norway's fifth action plan" in text
    assert len(result.added) == 2 and len(result.removed) == 2


def test_added_and_removed_resources(tmp_path):
    new = edited_copy(
        tmp_path,
        {
            "editorial.trig": [
                ("<plan/no/5> dcterms:title", "<plan/no/6> a ogp:ActionPlan ; dcterms:title")
            ]
        },
    )
    result = CliRunner().invoke(cli, ["diff", str(ROOT / "data"), str(new)])
    assert result.exit_code == 1
    assert "+ added" in result.output and "plan/no/6" in result.output


def test_releases_compare_and_rdf_output_parses(tmp_path):
    runner = CliRunner()
    old, new = tmp_path / "old", tmp_path / "new"
    edited = edited_copy(
        tmp_path, {"no/plans.trig": [("ogp:commitmentCount 25", "ogp:commitmentCount 24")]}
    )
    assert runner.invoke(cli, ["publish", str(ROOT / "data"), "--out", str(old)]).exit_code == 0
    assert runner.invoke(cli, ["publish", str(edited), "--out", str(new)]).exit_code == 0
    result = runner.invoke(cli, ["diff", str(old), str(new / "latest"), "--format", "trig"])
    assert result.exit_code == 1
    parsed = Dataset().parse(data=result.output, format="trig")
    graphs = {str(g.identifier): len(g) for g in parsed.graphs() if len(g)}
    assert graphs == {"urn:ogpld:diff:removed": 1, "urn:ogpld:diff:added": 1}


def test_unreadable_side_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "missing"), str(ROOT / "data")])
    assert result.exit_code == 2
    assert "no such file" in result.output
