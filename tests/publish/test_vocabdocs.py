"""The vocabulary's HTML pages document every term, in each language, with working links."""

from __future__ import annotations

from collections import Counter, defaultdict
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ogpld.namespaces import OGP, SCHEME
from ogpld.publish.vocabdocs import render_vocabulary_page, write_vocabulary_docs
from ogpld.validate import vocabulary

LANGUAGES = ("en", "nb", "nn", "da")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
LOADING = {"src", "srcset", "data", "poster", "background"}
DOCUMENTED = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    RDF.Property,
    SKOS.ConceptScheme,
    SKOS.Concept,
)


class Reading(HTMLParser):
    """Reads a page: its ids, the links inside each anchored element, and its tag balance."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.links: dict[str, set[str]] = defaultdict(set)
        self.loads: list[str] = []
        self.text: dict[str, list[str]] = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.loads += [f"<{tag} {a}>" for a in attrs if a in LOADING]
        if tag in {"script", "link", "iframe", "object"}:
            self.loads.append(f"<{tag}>")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        for _, anchored in self.open:
            if anchored and "href" in attrs:
                self.links[anchored].add(attrs["href"])
        if tag not in VOID_TAGS:
            self.open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        if self.open:
            self.text[self.open[-1][0]].append(data.strip())

    def close(self):
        super().close()
        assert not self.open, f"never closed: {self.open}"


def read(page: str) -> Reading:
    reading = Reading()
    reading.feed(page)
    reading.close()
    return reading


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("vocab")
    return out, write_vocabulary_docs(out / "docs")


@pytest.fixture(scope="module")
def pages(written):
    _, paths = written
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def expected_anchor(term: URIRef) -> str:
    """ogp: terms by their local name, scheme terms by their path under scheme/."""
    if str(term).startswith(str(SCHEME)):
        return "scheme/" + str(term).removeprefix(str(SCHEME))
    return str(term).removeprefix(str(OGP))


def our_terms(*types: URIRef) -> set[URIRef]:
    graph = vocabulary()
    return {
        s
        for t in types
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith((str(OGP), str(SCHEME)))
    }


def test_one_page_per_language_and_an_index(written, pages):
    out, paths = written
    assert paths == [out / "docs" / f"{name}.html" for name in (*LANGUAGES, "index")]
    assert all(path.is_file() for path in paths)
    assert pages["index"] == pages["en"]
    for lang in LANGUAGES:
        assert f'<html lang="{lang}">' in pages[lang]
        assert {f"{other}.html" for other in LANGUAGES} <= set(read(pages[lang]).hrefs)


def test_every_term_has_exactly_one_anchor_on_every_page(pages):
    terms = {expected_anchor(t) for t in our_terms(*DOCUMENTED)}
    assert len(terms) > 150
    for name, page in pages.items():
        ids = read(page).ids
        assert terms <= set(ids), (name, sorted(terms - set(ids))[:5])
        doubled = [anchor for anchor, count in Counter(ids).items() if count > 1]
        assert not doubled, (name, doubled)


def test_pages_speak_their_language(pages):
    graph = vocabulary()
    ontology = URIRef(str(OGP).rstrip("#"))
    label = next(str(v) for v in graph.objects(OGP.Commitment, RDFS.label) if v.language == "nb")
    description = next(
        str(v) for v in graph.objects(ontology, DCTERMS.description) if v.language == "nb"
    )
    nb = read(pages["nb"])
    assert label in nb.text["h3"]
    assert description in nb.text["p"]
    assert {"Klasser", "Egenskaper", "Begrepssystemer"} <= set(nb.text["h2"])
    assert {"Classes", "Properties", "Concept schemes"} <= set(read(pages["en"]).text["h2"])
    assert "Klasser" not in read(pages["en"]).text["h2"]


def test_domains_link_to_their_anchor_on_the_page(pages):
    graph = vocabulary()
    domains = {
        (prop, domain)
        for prop in our_terms(OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        for domain in graph.objects(prop, RDFS.domain)
    }
    ours = [(p, d) for p, d in domains if str(d).startswith(str(OGP))]
    assert len(ours) > 10
    for lang in LANGUAGES:
        page = read(pages[lang])
        for prop, domain in domains:
            target = f"#{expected_anchor(domain)}" if (prop, domain) in ours else str(domain)
            assert target in page.links[expected_anchor(prop)], (lang, prop, target)
            if target.startswith("#"):
                assert target[1:] in page.ids


def test_every_link_on_the_page_resolves_and_nothing_is_loaded(pages):
    for name, page in pages.items():
        reading = read(page)
        targets = {href[1:] for href in reading.hrefs if href.startswith("#")}
        assert targets <= set(reading.ids), (name, sorted(targets - set(reading.ids))[:5])
        assert not reading.loads, (name, reading.loads[:5])
        assert "<script" not in page.lower() and "@import" not in page and "url(" not in page


def test_texts_fall_back_to_english_and_are_escaped():
    graph = Graph()
    term = OGP["Odd"]
    graph.add((term, RDF.type, OWL.Class))
    graph.add((term, RDFS.label, Literal("odd <b>term</b>", lang="en")))
    graph.add((term, SKOS.definition, Literal("<script>alert(1)</script>", lang="en")))
    page = render_vocabulary_page(graph, "nb")
    assert '<span lang="en">odd &lt;b&gt;term&lt;/b&gt;</span>' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    read(page)


def test_the_balance_checker_catches_broken_pages():
    with pytest.raises(AssertionError):
        read("<div><p>text</div></p>")
    with pytest.raises(AssertionError):
        read("<section><h3>open")
    assert read('<img src="http://example.org/a.png">').loads
