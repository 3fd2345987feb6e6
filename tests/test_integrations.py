"""The pre-commit hook and the GitHub Action call the validator with options it has."""

from __future__ import annotations

import re
import shlex

import yaml
from click.testing import CliRunner

from ogpld.cli import cli

from .conftest import ROOT


def test_pre_commit_hook_validates_folders():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "ogpld-validate"
    assert hook["entry"] == "ogpld validate"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/no/plans.trig")
    result = CliRunner().invoke(cli, [*shlex.split(hook["entry"])[1:], *hook["args"]])
    assert result.exit_code == 0, result.output


def test_action_runs_validate_with_annotations():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    commands = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    validate = next(c for c in commands if "--format-report github" in c)
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    rendered = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: defaults[m.group(1)], validate)
    args = shlex.split(rendered)
    assert args[:2] == ["ogpld", "validate"]
    result = CliRunner().invoke(cli, args[1:])
    assert result.exit_code == 0, result.output
