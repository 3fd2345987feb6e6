"""The ogpld command line: a thin layer of click commands over the library."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ogpld import __version__
from ogpld.build import build, write_built
from ogpld.config import LANGUAGES, Settings, load_settings
from ogpld.diff import RENDERERS as DIFF_RENDERERS
from ogpld.diff import compare
from ogpld.errors import OgpldError, UsageError, ValidationFailed
from ogpld.load import load_sources
from ogpld.publish.release import STEPS, current, publish
from ogpld.render import RENDERERS
from ogpld.report import Severity
from ogpld.resources import bundled_data_dir, default_config_file
from ogpld.rules import write_pages
from ogpld.site import published_graphs
from ogpld.sources import FORMATS
from ogpld.store.switch import ControlGraph
from ogpld.store.upload import upload_release
from ogpld.validate import ENGINES, shapes_graph, validate


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any OgpldError into a one-line message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OgpldError as error:
            for detail in error.details:
                click.echo(detail, err=True)
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
@click.option(
    "--on-disk/--in-memory",
    "on_disk",
    default=None,
    help="Where to hold the data while validating [default: in memory if it fits in half the "
    "memory available, else in a temporary folder: slower, less memory].",
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
    on_disk: bool | None,
) -> None:
    """Validate RDF files and folders against the OGP shapes.

    Exit codes: 0 conforms, 1 violations, 2 a file could not be read, 3 bad usage.

    Example: ogpld validate data/ --lang nb
    """
    if no_bundled_shapes and not extra_shapes:
        raise UsageError("--no-bundled-shapes needs at least one --shapes file")
    settings = load_settings(lang=lang)
    shapes = shapes_graph(extra_shapes, bundled=not no_bundled_shapes)
    with load_sources(paths or (bundled_data_dir(),), rdf_format, on_disk=on_disk) as sources:
        report = validate(
            sources, shapes=shapes, use_vocab=vocab, lang=settings.lang, engine=engine
        )
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


def _settings(config: Path | None, **overrides: Any) -> Settings:
    """Settings from --config, else ./ogpld.toml, else the bundled example configuration."""
    if config is None:
        config = Path("ogpld.toml") if Path("ogpld.toml").is_file() else default_config_file()
    return load_settings(config, **overrides)


def _progress(label: str, steps: int) -> Any:
    """A progress bar on a terminal; nothing in CI or when output is piped."""
    quiet = not sys.stderr.isatty() or os.environ.get("CI")
    return click.progressbar(
        length=steps, label=label, file=None if not quiet else open(os.devnull, "w")
    )


def _refusal(error: ValidationFailed, lang: str) -> None:
    """Print the validation report of refused sources before the one-line error."""
    report = getattr(error, "report", None)
    if report is not None:
        click.echo(RENDERERS["text"](report, lang, color=sys.stderr.isatty()), err=True)


config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file [default: ./ogpld.toml, else the bundled example].",
)
base_uri_option = click.option(
    "--base-uri", help="Publish under this base URI (overrides the settings file)."
)


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the built dataset here (.trig or .nq); else only check and summarise.",
)
@config_option
@base_uri_option
@reports_errors
def build_command(
    paths: tuple[Path, ...], out: Path | None, config: Path | None, base_uri: str | None
) -> None:
    """Validate the sources and assemble the dataset: publisher URIs, provenance, vocabulary.

    Refuses (exit 1, nothing written) when the sources have violations.

    Example: ogpld build data/ --out /tmp/ogp.trig
    """
    settings = _settings(config, base_uri=base_uri)
    try:
        dataset = build(list(paths) or [bundled_data_dir()], settings)
    except ValidationFailed as error:
        _refusal(error, settings.lang)
        raise
    if out is not None:
        write_built(dataset, out)
    click.echo(
        f"built {len(dataset.store)} quads in {len(dataset.graphs())} graphs "
        f"from {len(dataset.sources)} files under {settings.base_uri}"
        + (f"; wrote {out}" if out else ""),
        err=out is None,
    )


@cli.command("publish")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Publishing folder: releases/<version>/ and the latest symlink go here.",
)
@click.option("--version", "version", help="Release version [default: the date, YYYY-MM-DD].")
@click.option(
    "--to",
    "store_url",
    help="Also load the release into this SPARQL server (credentials: OGPLD_STORE_USER and "
    "OGPLD_STORE_PASSWORD).",
)
@config_option
@base_uri_option
@reports_errors
def publish_command(
    paths: tuple[Path, ...],
    out: Path,
    version: str | None,
    store_url: str | None,
    config: Path | None,
    base_uri: str | None,
) -> None:
    """Build the sources and write a release: dumps, CSV tables, DCAT-AP catalog, VoID, pages.

    The release appears whole or not at all; earlier releases are kept.

    Example: ogpld publish data/ --out site/ --version 2026.1
    """
    settings = _settings(config, base_uri=base_uri)
    try:
        dataset = build(list(paths) or [bundled_data_dir()], settings)
    except ValidationFailed as error:
        _refusal(error, settings.lang)
        raise
    previous = current(out)
    with _progress("publishing", len(STEPS)) as bar:
        folder = publish(dataset, out, version, on_step=lambda _: bar.update(1))
    click.echo(f"published {folder} (latest)")
    if store_url:
        old = published_graphs(out / "releases" / previous) if previous else []
        control = ControlGraph.of(settings.base_uri)
        graphs = upload_release(folder, store_url, settings.remote, control, old)
        click.echo(f"loaded {len(graphs)} graphs into {store_url}")


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(sorted(DIFF_RENDERERS)),
    default="text",
    show_default=True,
    help="Changes for people (text, json) or triples (trig).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of labels.")
@reports_errors
def diff_command(old: Path, new: Path, output: str, lang: str | None) -> None:
    """Say what changed between two releases, publishing folders or source folders.

    Exit codes: 0 no change, 1 changes, 2 a side could not be read.

    Example: ogpld diff site/releases/2026.1 site/releases/2026.2
    """
    result = compare(old, new, load_settings(lang=lang).lang)
    click.echo(DIFF_RENDERERS[output](result))
    sys.exit(0 if result.empty else 1)


@cli.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Query worker processes [default: twice the number of CPUs, at least 4].",
)
@click.option(
    "--store",
    "store_url",
    help="Answer queries from this SPARQL server (loaded by publish --to) instead of the "
    "embedded store.",
)
@config_option
@base_uri_option
@reports_errors
def serve_command(
    paths: tuple[Path, ...],
    host: str,
    port: int,
    workers: int | None,
    store_url: str | None,
    config: Path | None,
    base_uri: str | None,
) -> None:
    """Serve a release, a publishing folder or sources: SPARQL at /sparql, pages at /id/....

    Sources are built and published into the cache first; the next start reuses them.

    Example: ogpld serve site/ --port 8080
    """
    from ogpld.store.embedded import EmbeddedStore, start_worker_server

    if not store_url:
        start_worker_server()
    import uvicorn

    from ogpld.site import prepare
    from ogpld.store.cache import CachedStore
    from ogpld.store.remote import RemoteStore
    from ogpld.web.app import create_app

    settings = _settings(config, base_uri=base_uri)
    try:
        site = prepare(list(paths) or [bundled_data_dir()], settings, embedded=not store_url)
    except ValidationFailed as error:
        _refusal(error, settings.lang)
        raise
    if store_url:
        graphs = published_graphs(site.release)
        control = ControlGraph.of(settings.base_uri)
        store = RemoteStore(store_url, graphs, settings.limits, settings.remote, control)
    else:
        store = EmbeddedStore(site.store_path, settings.limits, workers)
        if settings.limits.cache_bytes > 0:
            store = CachedStore(store, settings.limits.cache_bytes)
    app = create_app(settings, site, store)
    click.echo(f"serving release {site.version} at http://{host}:{port}/ (SPARQL: /sparql)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _add_spreadsheet_commands() -> None:
    from ogpld.cli_spreadsheets import commands

    for command in commands:
        cli.add_command(command)


_add_spreadsheet_commands()


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
