"""The DCAT-AP 3 catalog of a release: what national portals harvest.

The publisher's statements (title, licence, spatial coverage, contact) come from the settings;
what can be measured (temporal coverage, languages, sizes, checksums) comes from the data and
the written files. External IRIs are typed as DCAT-AP's range shapes ask.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ogpld.build import VOCABULARY_GRAPH, Dataset
from ogpld.namespaces import PREFIXES, VCARD

SPDX = "http://spdx.org/rdf/terms#"
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT lacks DCAT 3's version terms
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
GOVERNMENT_THEME = URIRef(EU + "data-theme/GOVE")
# ISO 639-1 language tags of the data → the EU's language authority table.
EU_LANGUAGES = {"en": "ENG", "nb": "NOB", "nn": "NNO", "da": "DAN", "no": "NOR"}
DATED_BY = ("schema:startDate", "schema:endDate", "dcterms:date", "dcterms:issued")


@dataclass(frozen=True)
class PublishedFile:
    """A file of a release as the catalog describes it."""

    name: str
    title: str
    media_type: str
    file_type: str
    size: int
    sha256: str
    compressed: bool = False

    @classmethod
    def of(
        cls,
        path: Path,
        folder: Path,
        title: str,
        media_type: str,
        file_type: str,
        compressed: bool = False,
    ) -> PublishedFile:
        """Measure a written file: byte size and SHA-256 as they are on disk."""
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        name = path.relative_to(folder).as_posix()
        return cls(
            name, title, media_type, file_type, path.stat().st_size, digest.hexdigest(), compressed
        )


def temporal_coverage(dataset: Dataset) -> tuple[str, str] | None:
    """The first and last year any resource of the data is dated with."""
    prefixes = "\n".join(f"PREFIX {n}: <{ns}>" for n, ns in PREFIXES.items())
    query = f"""{prefixes}
    SELECT (MIN(?year) AS ?first) (MAX(?year) AS ?last) WHERE {{
      VALUES ?p {{ {" ".join(DATED_BY)} }}
      ?s ?p ?date .
      FILTER(DATATYPE(?date) IN (xsd:date, xsd:dateTime, xsd:gYear, xsd:gYearMonth))
      BIND(SUBSTR(STR(?date), 1, 4) AS ?year)
    }}"""
    row = next(iter(dataset.query(query)))
    if row["first"] is None:
        return None
    return row["first"].value, row["last"].value


def languages(dataset: Dataset) -> list[str]:
    """The languages the data's texts are written in (the vocabulary's do not count)."""
    rows = dataset.query(
        "SELECT DISTINCT (LCASE(LANG(?text)) AS ?lang) WHERE { GRAPH ?g { ?s ?p ?text } "
        f"FILTER(?g != {VOCABULARY_GRAPH} && LANG(?text) != '') }}"
    )
    return sorted({row["lang"].value.split("-")[0] for row in rows} & EU_LANGUAGES.keys())


class CatalogWriter:
    """Builds the catalog graph of one release."""

    def __init__(self, dataset: Dataset, version: str, issued: datetime) -> None:
        self.dataset, self.version, self.issued = dataset, version, issued
        self.minter = dataset.minter
        self.publication = dataset.settings.publication
        self.graph = Graph()
        for name, namespace in {**PREFIXES, "spdx": SPDX}.items():
            self.graph.bind(name, namespace)

    def uri(self, node) -> URIRef:
        return URIRef(node.value if hasattr(node, "value") else node)

    def typed(self, iri: str, rdf_type: URIRef) -> URIRef:
        node = URIRef(iri)
        self.graph.add((node, RDF.type, rdf_type))
        return node

    def texts(self, subject, predicate, texts: tuple[tuple[str, str], ...]) -> None:
        for lang, text in texts:
            self.graph.add((subject, predicate, Literal(text, lang=lang)))

    def build(self, files: list[PublishedFile], previous: str | None) -> Graph:
        """The whole catalog: catalog, dataset, one distribution per file, the SPARQL service."""
        catalog = self.uri(self.minter.catalog())
        dataset = self.describe_dataset(previous)
        service = self.describe_service(dataset)
        g = self.graph
        g.add((catalog, RDF.type, DCAT.Catalog))
        self.texts(catalog, DCTERMS.title, self.publication.title)
        self.texts(catalog, DCTERMS.description, self.publication.description)
        g.add((catalog, DCTERMS.publisher, self.publisher()))
        g.add((catalog, DCTERMS.license, self.licence()))
        g.add((catalog, DCTERMS.modified, Literal(self.issued.date(), datatype=XSD.date)))
        g.add((catalog, FOAF.homepage, self.typed(self.minter.base, FOAF.Document)))
        themes = self.typed(EU + "data-theme", SKOS.ConceptScheme)
        g.add((themes, DCTERMS.title, Literal("Data theme", lang="en")))
        g.add((catalog, DCAT.themeTaxonomy, themes))
        g.add((catalog, DCAT.dataset, dataset))
        g.add((catalog, DCAT.service, service))
        for file in files:
            g.add((dataset, DCAT.distribution, self.describe_distribution(file)))
        return g

    def publisher(self) -> URIRef:
        agent = self.typed(self.publication.publisher_uri, FOAF.Agent)
        self.graph.add((agent, FOAF.name, Literal(self.publication.publisher_name)))
        return agent

    def licence(self) -> URIRef:
        return self.typed(self.publication.licence, DCTERMS.LicenseDocument)

    def describe_dataset(self, previous: str | None) -> URIRef:
        g, dataset = self.graph, self.uri(self.minter.dataset(self.version))
        g.add((dataset, RDF.type, DCAT.Dataset))
        self.texts(dataset, DCTERMS.title, self.publication.title)
        self.texts(dataset, DCTERMS.description, self.publication.description)
        self.texts(dataset, DCAT.keyword, self.publication.keywords)
        g.add((dataset, DCTERMS.publisher, self.publisher()))
        g.add((dataset, DCAT3.version, Literal(self.version)))
        g.add((dataset, DCTERMS.issued, Literal(self.issued.isoformat(), datatype=XSD.dateTime)))
        g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
        theme = self.typed(str(GOVERNMENT_THEME), SKOS.Concept)
        g.add((theme, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
        g.add((dataset, DCAT.theme, theme))
        g.add(
            (
                dataset,
                DCAT.landingPage,
                self.typed(self.minter.release_page(self.version), FOAF.Document),
            )
        )
        g.add((dataset, DCTERMS.isVersionOf, self.uri(self.minter.dataset())))
        if previous:
            g.add((dataset, DCAT3.previousVersion, self.uri(self.minter.dataset(previous))))
        for place in self.publication.spatial:
            g.add((dataset, DCTERMS.spatial, self.typed(place, DCTERMS.Location)))
        for lang in languages(self.dataset):
            language = EU + "language/" + EU_LANGUAGES[lang]
            g.add((dataset, DCTERMS.language, self.typed(language, DCTERMS.LinguisticSystem)))
        self.add_temporal(dataset)
        self.add_contact(dataset)
        return dataset

    def add_temporal(self, dataset: URIRef) -> None:
        coverage = temporal_coverage(self.dataset)
        if coverage:
            period = BNode()
            self.graph.add((dataset, DCTERMS.temporal, period))
            self.graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            self.graph.add((period, DCAT.startDate, Literal(coverage[0], datatype=XSD.gYear)))
            self.graph.add((period, DCAT.endDate, Literal(coverage[1], datatype=XSD.gYear)))

    def add_contact(self, dataset: URIRef) -> None:
        if self.publication.contact:
            contact = BNode()
            self.graph.add((dataset, DCAT.contactPoint, contact))
            self.graph.add((contact, RDF.type, VCARD.Kind))
            self.graph.add((contact, VCARD.fn, Literal(self.publication.publisher_name)))
            self.graph.add((contact, VCARD.hasEmail, URIRef(self.publication.contact)))

    def describe_distribution(self, file: PublishedFile) -> URIRef:
        g = self.graph
        node = self.uri(self.minter.distribution(self.version, file.name))
        download = self.typed(self.minter.download(self.version, file.name), RDFS.Resource)
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(file.title, lang="en")))
        g.add((node, DCAT.accessURL, download))
        g.add((node, DCAT.downloadURL, download))
        g.add((node, DCAT.mediaType, self.typed(IANA + file.media_type, DCTERMS.MediaType)))
        file_type = EU + "file-type/" + file.file_type
        g.add((node, DCTERMS.format, self.typed(file_type, DCTERMS.MediaTypeOrExtent)))
        if file.compressed:
            gzip = self.typed(IANA + "application/gzip", DCTERMS.MediaType)
            g.add((node, DCAT.compressFormat, gzip))
        g.add((node, DCAT.byteSize, Literal(file.size, datatype=XSD.nonNegativeInteger)))
        g.add((node, DCTERMS.license, self.licence()))
        g.add((node, URIRef(SPDX + "checksum"), self.checksum(file.sha256)))
        return node

    def checksum(self, sha256: str) -> BNode:
        """SPDX checksum; hexBinary's canonical form is upper case, which RDF parsers keep."""
        node = BNode()
        algorithm = self.typed(
            SPDX + "checksumAlgorithm_sha256", URIRef(SPDX + "ChecksumAlgorithm")
        )
        self.graph.add((node, RDF.type, URIRef(SPDX + "Checksum")))
        self.graph.add((node, URIRef(SPDX + "algorithm"), algorithm))
        self.graph.add(
            (node, URIRef(SPDX + "checksumValue"), Literal(sha256.upper(), datatype=XSD.hexBinary))
        )
        return node

    def describe_service(self, dataset: URIRef) -> URIRef:
        g, service = self.graph, self.uri(self.minter.service())
        endpoint = self.typed(self.minter.endpoint(), RDFS.Resource)
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, endpoint))
        g.add((service, DCAT.endpointDescription, endpoint))
        g.add((service, DCAT.servesDataset, dataset))
        g.add((service, DCTERMS.conformsTo, self.typed(str(SPARQL_PROTOCOL), DCTERMS.Standard)))
        g.add((service, DCTERMS.license, self.licence()))
        g.add((service, DCTERMS.publisher, self.publisher()))
        return service


def catalog_graph(
    dataset: Dataset,
    version: str,
    files: list[PublishedFile],
    issued: datetime,
    previous: str | None = None,
) -> Graph:
    """The DCAT-AP 3 catalog of one release."""
    return CatalogWriter(dataset, version, issued).build(files, previous)
