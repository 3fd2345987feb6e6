"""The ogpld command line: a thin layer of click commands over the library."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ogpld import __version__
from ogpld.config import LANGUAGES, load_settings
from ogpld.errors import OgpldError, UsageError
from ogpld.load import FORMATS, load_sources
from ogpld.render import RENDERERS
from ogpld.report import Severity
from ogpld.resources import bundled_data_dir
from ogpld.rules import write_pages
from ogpld.validate import ENGINES, shapes_graph, validate


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any OgpldError into a one-line message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OgpldError as error:
            click.echo(f"ogpld: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ogpld")
def cli() -> None:
    """Publish and validate Open Government Partnership action plans as linked open data."""


@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(sorted({f.lstrip(".") for f in FORMATS})),
    help="Parse every file in this syntax instead of guessing from its extension.",
)
@click.option(
    "--shapes",
    "extra_shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Add this SHACL shapes file (repeatable).",
)
@click.option(
    "--no-bundled-shapes", is_flag=True, help="Use only the --shapes files, not ogpld's own shapes."
)
@click.option(
    "--vocab/--no-vocab",
    default=True,
    show_default=True,
    help="Load the ogpld vocabulary for class hierarchy and concept schemes.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of messages [default: from OGPLD_LANG or the locale, else en].",
)
@click.option(
    "--format-report",
    "report_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="ogpld",
    show_default=True,
    help="SHACL engine: ogpld's own (fast) or pyshacl (the reference, slow).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="The least severe result that makes the exit code 1.",
)
@reports_errors
def validate_command(
    paths: tuple[Path, ...],
    rdf_format: str | None,
    extra_shapes: tuple[Path, ...],
    no_bundled_shapes: bool,
    vocab: bool,
    lang: str | None,
    report_format: str,
    engine: str,
    fail_on: str,
) -> None:
    """Validate RDF files and folders against the OGP shapes.

    Exit codes: 0 conforms, 1 violations, 2 a file could not be read, 3 bad usage.

    Example: ogpld validate data/ --lang nb
    """
    if no_bundled_shapes and not extra_shapes:
        raise UsageError("--no-bundled-shapes needs at least one --shapes file")
    settings = load_settings(lang=lang)
    sources = load_sources(paths or (bundled_data_dir(),), rdf_format)
    shapes = shapes_graph(extra_shapes, bundled=not no_bundled_shapes)
    report = validate(sources, shapes=shapes, use_vocab=vocab, lang=settings.lang, engine=engine)
    click.echo(RENDERERS[report_format](report, settings.lang, color=sys.stdout.isatty()))
    sys.exit(report.exit_code(Severity[fail_on.upper()]))


@cli.command("rules")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/rules"),
    show_default=True,
    help="Folder to write the pages into.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of failing examples named <Rule>.<Component>.ttl to show on each page.",
)
@click.option(
    "--shapes",
    "extra_shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Document these shapes too (repeatable).",
)
@reports_errors
def rules_command(out: Path, examples: Path | None, extra_shapes: tuple[Path, ...]) -> None:
    """Write a documentation page for every validation rule, generated from the shapes.

    Example: ogpld rules --out docs/rules --examples tests/fixtures/shapes/invalid
    """
    written = write_pages(shapes_graph(extra_shapes), out, examples)
    click.echo(f"wrote {len(written)} pages to {out}")


def main() -> None:
    """Entry point: click's usage errors exit 3, as documented, instead of click's 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(3 if isinstance(error, click.UsageError) else 1)
