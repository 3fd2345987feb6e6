"""A release, written whole or not at all.

Layout of a publishing folder:

    OUT/releases/<version>/   one folder per release, never changed once written
    OUT/latest                symlink to the current release
    OUT/.lock                 held while publishing; a second publisher is refused

Each release is written into OUT/releases/.tmp-<version>-<random>/ and renamed into place only
when every file is complete; then the `latest` symlink is replaced in one rename. A failure or
an interruption at any step leaves the previous release, and `latest`, as they were; leftovers
of an interrupted run are removed by the next one.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from ogpld.build import Dataset
from ogpld.errors import PublishError, UsageError
from ogpld.publish.catalog import PublishedFile, catalog_graph
from ogpld.publish.dumps import DUMPS, write_context, write_dump
from ogpld.publish.index import write_index
from ogpld.publish.void import void_graph
from ogpld.resources import queries_dir

VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
LATEST = "latest"


@dataclass
class Release:
    """A release being written: where, which version, and what is in it so far."""

    dataset: Dataset
    folder: Path
    version: str
    issued: datetime
    previous: str | None
    files: list[PublishedFile] = field(default_factory=list)

    def add(
        self, path: Path, title: str, media_type: str, file_type: str, gz: bool = False
    ) -> None:
        self.files.append(PublishedFile.of(path, self.folder, title, media_type, file_type, gz))


def _dumps(release: Release) -> None:
    for dump in DUMPS:
        path = write_dump(release.dataset, dump, release.folder)
        release.add(path, dump.title, dump.media_type, dump.file_type, dump.gzipped)
    path = write_context(release.dataset, release.folder)
    release.add(path, "JSON-LD context of the JSON-LD dump", "application/ld+json", "JSON_LD")


def _tables(release: Release) -> None:
    folder = release.folder / "tables"
    folder.mkdir()
    for query in sorted((queries_dir() / "tables").glob("*.rq")):
        path = folder / f"{query.stem}.csv"
        results = release.dataset.query(query.read_text(encoding="utf-8"))
        results.serialize(str(path), format=ox.QueryResultsFormat.CSV)
        release.add(path, f"Table of {query.stem} (CSV)", "text/csv", "CSV")


def _vocabulary_docs(release: Release) -> None:
    from ogpld.publish.vocabdocs import write_vocabulary_docs

    folder = release.folder / "vocab"
    for path in write_vocabulary_docs(folder):
        release.add(path, f"Vocabulary documentation ({path.stem})", "text/html", "HTML")


def _void(release: Release) -> None:
    dumps = [dump.name for dump in DUMPS]
    graph = void_graph(release.dataset, release.version, dumps)
    path = release.folder / "void.ttl"
    graph.serialize(path, format="turtle")
    release.add(path, "VoID description", "text/turtle", "RDF_TURTLE")


def _catalog(release: Release) -> None:
    graph = catalog_graph(
        release.dataset, release.version, release.files, release.issued, release.previous
    )
    graph.serialize(release.folder / "catalog.ttl", format="turtle")


def _checksums(release: Release) -> None:
    lines = [f"{file.sha256}  {file.name}\n" for file in release.files]
    (release.folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _index(release: Release) -> None:
    write_index(release)


STEPS: tuple[tuple[str, Callable[[Release], None]], ...] = (
    ("dumps", _dumps),
    ("tables", _tables),
    ("vocabulary documentation", _vocabulary_docs),
    ("VoID", _void),
    ("catalog", _catalog),
    ("checksums", _checksums),
    ("index page", _index),
)


def releases(out: Path) -> list[str]:
    """The versions published in a folder, oldest first."""
    folder = out / "releases"
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return [p.name for p in sorted(found, key=lambda p: (p.stat().st_mtime, p.name))]


def current(out: Path) -> str | None:
    """The version `latest` points to, if any."""
    link = out / LATEST
    return Path(os.readlink(link)).name if link.is_symlink() else None


def next_version(out: Path, issued: datetime) -> str:
    """The release date, with .2, .3 … when a release of that day exists."""
    day, taken = issued.strftime("%Y-%m-%d"), set(releases(out))
    version, n = day, 1
    while version in taken:
        n += 1
        version = f"{day}.{n}"
    return version


def publish(
    dataset: Dataset,
    out: Path,
    version: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Path:
    """Write a release of the dataset into out/releases/<version> and make it `latest`."""
    out.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        issued = dataset.built_at
        version = version or next_version(out, issued)
        _check_version(out, version)
        (out / "releases").mkdir(exist_ok=True)
        _remove_leftovers(out)
        temporary = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=out / "releases"))
        try:
            release = Release(dataset, temporary, version, issued, current(out))
            for name, step in STEPS:
                if on_step:
                    on_step(name)
                step(release)
            final = out / "releases" / version
            temporary.chmod(0o755)
            temporary.rename(final)
        except OSError as error:
            shutil.rmtree(temporary, ignore_errors=True)
            reason = f"cannot write the release: {error.strerror or error}"
            raise PublishError(reason, error.filename or str(out)) from None
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        _point_latest(out, version)
        return final


def _check_version(out: Path, version: str) -> None:
    if not VERSION.fullmatch(version) or version == LATEST:
        raise UsageError(f"invalid release version {version!r} (letters, digits, '.', '_', '-')")
    if (out / "releases" / version).exists():
        raise UsageError(f"release {version} already exists in {out}; releases are never changed")


def _point_latest(out: Path, version: str) -> None:
    """Replace the `latest` symlink in one rename, so readers see the old or the new, never none."""
    staging = out / f".{LATEST}-{os.getpid()}"
    try:
        staging.unlink(missing_ok=True)
        staging.symlink_to(Path("releases") / version, target_is_directory=True)
        os.replace(staging, out / LATEST)
    except OSError as error:
        staging.unlink(missing_ok=True)
        reason = f"release {version} is written but `latest` could not be switched to it"
        raise PublishError(f"{reason}: {error.strerror or error}", str(out)) from None


def _remove_leftovers(out: Path) -> None:
    for leftover in (out / "releases").glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for staging in out.glob(f".{LATEST}-*"):
        staging.unlink(missing_ok=True)


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    with (out / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                "another ogpld publish is writing to this folder", str(out)
            ) from None
        yield
