"""The page for people at the top of each release: what is in it, how to get it, how to cite it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ogpld import __version__
from ogpld.resources import templates

if TYPE_CHECKING:
    from ogpld.publish.release import Release


def _in_english(texts: tuple[tuple[str, str], ...]) -> str:
    return dict(texts).get("en") or (texts[0][1] if texts else "")


def write_index(release: Release) -> None:
    """index.html of a release, linking every file with its size and checksum."""
    publication = release.dataset.settings.publication
    minter = release.dataset.minter
    page = (
        templates()
        .get_template("release.html")
        .render(
            title=_in_english(publication.title),
            description=_in_english(publication.description),
            publisher=publication.publisher_name,
            version=release.version,
            previous=release.previous,
            issued=release.issued,
            files=release.files,
            dataset_uri=minter.dataset(release.version).value,
            endpoint=minter.endpoint(),
            download=minter.download(release.version, ""),
            licence=publication.licence,
            sources=release.dataset.sources,
            ogpld_version=__version__,
        )
    )
    (release.folder / "index.html").write_text(page, encoding="utf-8")
