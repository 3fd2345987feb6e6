"""What `ogpld serve` serves: a release and its on-disk store, made ready once and then reused.

Given a release folder or a publishing folder, it is served as it is. Given source files, they
are built and published into the cache first, under a key of their content and the settings, so
that the next start with the same sources finds everything ready and parses nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import VOID

from ogpld import __version__
from ogpld.build import build, relative_names
from ogpld.config import Settings
from ogpld.errors import UsageError
from ogpld.publish.dumps import DUMPS
from ogpld.publish.release import LATEST, publish
from ogpld.store.embedded import build_store

QUAD_DUMP = next(d.name for d in DUMPS if d.name.endswith(".nq.gz"))


@dataclass(frozen=True)
class Site:
    """A release to serve: its folder, the publishing folder above it, and its store."""

    release: Path
    store_path: Path

    @property
    def version(self) -> str:
        return self.release.name

    @property
    def publishing_folder(self) -> Path:
        """The folder that holds releases/ (and latest), for the stable download paths."""
        return self.release.parent.parent


def release_of(path: Path) -> Path | None:
    """The release a folder holds: itself, or the latest of a publishing folder."""
    if (path / QUAD_DUMP).is_file():
        return path
    if (path / LATEST / QUAD_DUMP).is_file():
        return (path / LATEST).resolve()
    return None


def sources_key(paths: Sequence[Path], settings: Settings) -> str:
    """A key that changes when any source file, the settings or ogpld's version change."""
    digest = hashlib.sha256(f"{__version__}\n{settings!r}\n".encode())
    for path, name in sorted(relative_names(paths).items(), key=lambda item: item[1]):
        digest.update(f"{name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def published_graphs(release: Path) -> list[str]:
    """The named graphs of a release, from its VoID description."""
    void = Graph().parse(release / "void.ttl")
    return sorted(str(subset) for subset in void.objects(None, VOID.subset))


def prepare(paths: Sequence[Path], settings: Settings, embedded: bool = True) -> Site:
    """The site for a release, a publishing folder, or sources (built and published if needed).

    With embedded=False (a remote store serves the queries) no local store is built.
    """
    cache = Path(settings.cache_dir)
    release = release_of(paths[0]) if len(paths) == 1 and paths[0].is_dir() else None
    if release is None:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {', '.join(missing)}")
        folder = cache / "sites" / sources_key(paths, settings)
        release = release_of(folder)
        if release is None:
            publish(build(paths, settings), folder)
            release = release_of(folder)
    assert release is not None
    if not embedded:
        return Site(release, Path())
    dump = release / QUAD_DUMP
    with dump.open("rb") as handle:
        key = hashlib.file_digest(handle, "sha256").hexdigest()[:24]
    return Site(release, build_store(dump, cache / "stores" / key))
