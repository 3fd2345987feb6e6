"""Every rule has a page, the published pages are current, and reports link to them."""

from __future__ import annotations

import filecmp
from pathlib import Path

from click.testing import CliRunner

from ogpld.cli import cli
from ogpld.load import load_sources
from ogpld.validate import validate

from .conftest import FIXTURES, ROOT
from .test_shapes import declared_rules

PAGES = ROOT / "docs" / "rules"
EXAMPLES = FIXTURES / "shapes" / "invalid"


def generate(out: Path) -> None:
    result = CliRunner().invoke(cli, ["rules", "--out", str(out), "--examples", str(EXAMPLES)])
    assert result.exit_code == 0, result.output


def test_every_rule_has_a_page_with_its_failing_example(tmp_path):
    generate(tmp_path)
    for rule, component in declared_rules():
        page = (tmp_path / f"{rule.replace('/', '-')}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {rule}\n")
        assert f"Failing example ({component})" in page


def test_published_pages_are_current(tmp_path):
    generate(tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(p.name for p in PAGES.iterdir()), "run: ogpld rules --examples ..."
    _, mismatch, errors = filecmp.cmpfiles(tmp_path, PAGES, generated, shallow=False)
    assert mismatch == errors == [], "docs/rules is stale; run: " + (
        "ogpld rules --out docs/rules --examples tests/fixtures/shapes/invalid"
    )


def test_results_link_to_existing_pages():
    results = validate(load_sources([FIXTURES / "cli" / "no-lead-agency.ttl"])).results
    (result,) = results
    slug = result.rule_url.rsplit("/", 1)[1]
    assert (PAGES / f"{slug}.md").exists()
