"""The only place URIs are minted: where the sources' URIs move to, and the release's own URIs."""

from __future__ import annotations

import pyoxigraph as ox

from ogpld.config import Settings

OGPLD_SOFTWARE = "https://w3id.org/ogpld/software"


class Minter:
    """URIs of one publisher: rebasing of source URIs and the URIs of releases and their parts."""

    def __init__(self, settings: Settings) -> None:
        self.base = settings.base_uri
        self.source_base = settings.source_base_uri

    def rebase(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode:
        """A source URI under the publisher's base; other terms unchanged."""
        moved = self.base != self.source_base
        if moved and isinstance(term, ox.NamedNode) and term.value.startswith(self.source_base):
            return ox.NamedNode(self.base + term.value.removeprefix(self.source_base))
        return term

    def rebase_quad(self, quad: ox.Quad) -> ox.Quad:
        """A source quad with every URI under the publisher's base."""
        return ox.Quad(
            self.rebase(quad.subject),
            self.rebase(quad.predicate),
            self.rebase(quad.object),
            self.rebase(quad.graph_name)
            if isinstance(quad.graph_name, ox.NamedNode)
            else quad.graph_name,
        )

    def id(self, path: str) -> ox.NamedNode:
        """A resource URI: what /id/... dereferences."""
        return ox.NamedNode(f"{self.base}id/{path}")

    def source_file(self, relative: str) -> ox.NamedNode:
        """A source file (and the graph of its statements that name no graph of their own)."""
        return self.id(f"source/{relative}")

    def provenance_graph(self) -> ox.NamedNode:
        return self.id("provenance")

    def catalog(self) -> ox.NamedNode:
        return self.id("catalog")

    def dataset(self, version: str | None = None) -> ox.NamedNode:
        """The dataset; with a version, the dataset as one release holds it."""
        return self.id(f"dataset/{version}" if version else "dataset")

    def distribution(self, version: str, name: str) -> ox.NamedNode:
        return self.id(f"dataset/{version}/{name}")

    def service(self) -> ox.NamedNode:
        return self.id("service/sparql")

    def endpoint(self) -> str:
        return f"{self.base}sparql"

    def download(self, version: str, name: str) -> str:
        """Where a file of a release is downloaded from."""
        return f"{self.base}releases/{version}/{name}"

    def release_page(self, version: str) -> str:
        return f"{self.base}releases/{version}/"
