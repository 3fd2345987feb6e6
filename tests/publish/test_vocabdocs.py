"""The vocabulary's HTML pages document every term, in each language, with working links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ogpld.namespaces import OGP
from ogpld.publish.vocabdocs import anchor, ours, write_vocabulary_docs
from ogpld.validate import vocabulary

VOID_TAGS = {"meta", "link", "br", "img", "hr", "input"}


class Balance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("vocab")
    write_vocabulary_docs(out)
    return {p.stem: p.read_text() for p in out.glob("*.html")}


def documented_terms() -> set[str]:
    graph = vocabulary()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, SKOS.ConceptScheme)
    return {anchor(str(s)) for k in kinds for s in graph.subjects(RDF.type, k) if ours(str(s))}


def test_every_term_has_an_anchor_on_every_page(pages):
    terms = documented_terms()
    assert len(terms) > 70
    for lang in ("en", "nb", "nn", "da"):
        ids = set(re.findall(r'id="([^"]+)"', pages[lang]))
        assert terms <= ids, (lang, sorted(terms - ids)[:5])


def test_pages_speak_their_language(pages):
    label = next(
        str(v) for v in vocabulary().objects(OGP.Commitment, RDFS.label) if v.language == "nb"
    )
    assert f"<h3>{label}</h3>" in pages["nb"]
    assert '<h2 id="properties">Egenskaper</h2>' in pages["nb"]
    assert '<html lang="da">' in pages["da"]
    assert pages["index"] == pages["en"]


def test_internal_links_resolve_and_nothing_is_loaded_from_outside(pages):
    for lang, page in pages.items():
        ids = set(re.findall(r'id="([^"]+)"', page))
        targets = set(re.findall(r'href="#([^"]+)"', page))
        assert targets <= ids, (lang, sorted(targets - ids)[:5])
        assert "<script" not in page and "src=" not in page
        Balance().feed(page)
