"""The command line as a user and a CI pipeline meet it: output, languages and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ogpld.cli import cli

from .conftest import FIXTURES, ROOT

CLI = FIXTURES / "cli"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def run_process(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OGPLD_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "ogpld", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_bundled_data_conforms_by_default():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("conforms: 0 violations")


def test_violation_exits_1_with_the_focus_node_and_rule():
    result = run("validate", str(CLI / "no-lead-agency.ttl"), "--lang", "en")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == (
        f"{CLI / 'no-lead-agency.ttl'}:15:1: violation: commitment 4.13 (Open budgets)"
        " has no lead agency [CommitmentShape/leadAgency]"
    )
    assert "1  violation CommitmentShape/leadAgency" in result.output


def test_messages_in_the_authors_language():
    path = str(CLI / "no-lead-agency.ttl")
    norwegian = run("validate", path, "--lang", "nb")
    nynorsk = run("validate", path, env={"LANG": "nn_NO.UTF-8", "OGPLD_LANG": ""})
    danish = run("validate", path, env={"LC_ALL": "da_DK.UTF-8", "OGPLD_LANG": ""})
    assert "forpliktelse 4.13 (Open budgets) har ingen ansvarlig instans" in norwegian.output
    assert "forplikting 4.13 (Open budgets) har ingen ansvarleg instans" in nynorsk.output
    assert "forpligtelse 4.13 (Open budgets) har ingen ansvarlig myndighed" in danish.output


def test_warnings_do_not_fail_unless_asked():
    path = str(CLI / "late-milestone.ttl")
    assert run("validate", path).exit_code == 0
    failed = run("validate", path, "--fail-on", "warning")
    assert failed.exit_code == 1
    assert "[MilestoneShape/withinPlan]" in failed.output


def test_syntax_error_exits_2_naming_file_line_and_column_without_hiding_others():
    result = run("validate", str(CLI / "broken.ttl"), str(CLI / "no-lead-agency.ttl"))
    assert result.exit_code == 2
    error_line = result.output.splitlines()[0]
    assert error_line.startswith(f"{CLI / 'broken.ttl'}:6:")
    assert "syntax error" in error_line
    assert "[CommitmentShape/leadAgency]" in result.output


def test_missing_file_exits_2():
    result = run("validate", str(CLI / "does-not-exist.ttl"))
    assert result.exit_code == 2
    assert "does-not-exist.ttl: no such file or folder" in result.output


def test_json_report_is_machine_readable():
    result = run(
        "validate", str(CLI / "no-lead-agency.ttl"), "--format-report", "json", "--lang", "en"
    )
    report = json.loads(result.output)
    assert report["conforms"] is False
    (only,) = report["results"]
    assert only["rule"] == "CommitmentShape/leadAgency"
    assert only["severity"] == "violation"
    assert only["focusNode"] == "https://data.example.org/id/plan/xx/2/commitment/4.13"
    assert only["message"] == "has no lead agency"
    assert only["focusLabel"] == "commitment 4.13 (Open budgets)"


def test_foreign_shapes_replace_the_bundled_ones(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <https://w3id.org/ogpld/ns#ActionPlan> ;\n"
        "  sh:property [ sh:path <http://purl.org/dc/terms/title> ; sh:minCount 1 ] .\n"
    )
    result = run(
        "validate", str(CLI / "no-lead-agency.ttl"), "--shapes", str(shapes), "--no-bundled-shapes"
    )
    assert result.exit_code == 1
    assert "[CommitmentShape/leadAgency]" not in result.output
    assert "MinCount" in result.output


@pytest.mark.parametrize(
    "args", [["validate", "--bogus"], ["validate", "--lang", "fr"], ["nonsense"]]
)
def test_bad_usage_exits_3(args):
    process = run_process(*args)
    assert process.returncode == 3, process.stderr
    assert "Traceback" not in process.stderr


def test_runs_as_a_subprocess_from_any_folder(tmp_path):
    process = run_process("validate", str(CLI / "no-lead-agency.ttl"), cwd=tmp_path)
    assert process.returncode == 1
    assert "has no lead agency" in process.stdout
    assert process.stderr == ""
