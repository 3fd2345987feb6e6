"""Spreadsheet commands of the CLI: import (IRM export, authoring workbook), template, export."""

from __future__ import annotations

from pathlib import Path

import click

from ogpld.cli import _settings, base_uri_option, config_option, reports_errors
from ogpld.config import LANGUAGES
from ogpld.importers.outcome import ImportResult

out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the Turtle files into.",
)
skip_option = click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the usable rows and list the skipped ones, instead of writing nothing.",
)
report_option = click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every note, merge and skipped row to this file.",
)


@click.group("import")
def import_group() -> None:
    """Turn spreadsheets into Turtle files that ogpld validate and publish take."""


@import_group.command("irm")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@out_option
@click.option("--sheet", help="Sheet of an XLSX workbook [default: the first].")
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file that overrides or extends the column mapping (docs/importing.md).",
)
@click.option(
    "--aliases",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file of institution names and the other ways they are written.",
)
@skip_option
@report_option
@config_option
@base_uri_option
@reports_errors
def import_irm_command(
    file: Path,
    out: Path,
    sheet: str | None,
    mapping: Path | None,
    aliases: Path | None,
    skip_bad_rows: bool,
    report: Path | None,
    config: Path | None,
    base_uri: str | None,
) -> None:
    """Import OGP's commitments export (the IRM data explorer's sheet, CSV or XLSX).

    Example: ogpld import irm commitments.xlsx --out data/irm/
    """
    from ogpld.importers.irm import import_irm

    settings = _settings(config, source_base_uri=base_uri)
    result = import_irm(file, settings, mapping=mapping, aliases=aliases, sheet=sheet)
    _finish(result, out, skip_bad_rows, report)


@import_group.command("template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@out_option
@skip_option
@report_option
@config_option
@base_uri_option
@reports_errors
def import_template_command(
    file: Path,
    out: Path,
    skip_bad_rows: bool,
    report: Path | None,
    config: Path | None,
    base_uri: str | None,
) -> None:
    """Import an authoring workbook written by ogpld template or ogpld export template.

    Example: ogpld import template plan-5.xlsx --out data/no/
    """
    from ogpld.importers.template import import_template

    settings = _settings(config, source_base_uri=base_uri)
    _finish(import_template(file, settings), out, skip_bad_rows, report)


@click.command("template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of headers and drop-downs.")
@config_option
@reports_errors
def template_command(file: Path, lang: str | None, config: Path | None) -> None:
    """Write an empty authoring workbook for one plan, with drop-down lists from the vocabulary.

    Example: ogpld template plan-5.xlsx --lang nb
    """
    from ogpld.importers.template import write_template

    settings = _settings(config, lang=lang)
    write_template(file, settings)
    click.echo(f"wrote {file}")


@click.group("export")
def export_group() -> None:
    """Write published data back into spreadsheets."""


@export_group.command("template")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--plan", required=True, help="URI of the action plan to export.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Workbook to write (.xlsx).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of headers and drop-downs.")
@config_option
@reports_errors
def export_template_command(
    paths: tuple[Path, ...], plan: str, out: Path, lang: str | None, config: Path | None
) -> None:
    """Write one plan of the sources into an authoring workbook, to edit and import again.

    Example: ogpld export template data/ --plan https://data.example.org/id/plan/no/5
    --out plan-5.xlsx
    """
    from ogpld.importers.template import export_template
    from ogpld.resources import bundled_data_dir

    settings = _settings(config, lang=lang)
    export_template(list(paths) or [bundled_data_dir()], plan, out, settings)
    click.echo(f"wrote {out}")


def _finish(result: ImportResult, out: Path, skip_bad_rows: bool, report: Path | None) -> None:
    """Refuse or write, then say what was done; the log goes to stderr and to --report."""
    result.check(skip_bad_rows)
    written = result.write(out)
    lines = result.log.lines()
    for line in lines:
        click.echo(line, err=True)
    if report is not None:
        report.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    skipped = len(result.log.skipped)
    click.echo(
        f"imported {result.rows - skipped} rows into {result.triples()} triples in "
        f"{len(written)} files under {out}"
        + (f"; skipped {skipped} rows" if skipped else "")
        + (f"; {len(result.log.merges)} institution merges" if result.log.merges else "")
    )


commands = (import_group, template_command, export_group)
