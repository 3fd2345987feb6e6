"""Content negotiation as data: the media types each kind of answer can take; Accept parsing."""

from __future__ import annotations

from dataclasses import dataclass

# Result formats of SELECT and ASK: worker name → media type; first is the default.
RESULTS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Graph formats of CONSTRUCT, DESCRIBE, pages and the catalog; first is the default.
GRAPHS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# The same graph formats as rdflib names them, for files converted on the way out.
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
# Other names clients send for the same formats.
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/x-ntriples": "ntriples",
    "application/json+ld": "jsonld",
    "application/xml+rdf": "rdfxml",
}
# Values of the `format` parameter (as Virtuoso, Fuseki and YASGUI send them).
FORMAT_PARAMETER = {
    **{name: name for name in [*RESULTS, *GRAPHS]},
    **{media: name for name, media in {**RESULTS, **GRAPHS}.items()},
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "html": "html",
}
HTML = "text/html"


@dataclass(frozen=True)
class Preference:
    media_type: str
    quality: float
    order: int


def parse_accept(header: str | None) -> list[Preference]:
    """Accept header entries, best first (quality, then specificity, then order)."""
    preferences = []
    for order, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            preferences.append(Preference(media, quality, order))
    return sorted(preferences, key=lambda p: (-p.quality, p.media_type.count("*"), p.order))


def choose(header: str | None, offers: dict[str, str]) -> str | None:
    """The offered format name the client prefers, or None if it accepts none of them."""
    named = {media: name for name, media in offers.items()}
    named.update({media: name for media, name in ALIASES.items() if name in offers})
    for preference in parse_accept(header):
        if preference.quality <= 0:
            continue
        for media, name in named.items():
            if _matches(preference.media_type, media):
                return name
    return None


def _matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", media):
        return True
    return pattern.endswith("/*") and media.startswith(pattern[:-1])


def choose_language(header: str | None, languages: tuple[str, ...], default: str = "en") -> str:
    """The visitor's language among ours, from Accept-Language; 'no' means Bokmål."""
    for preference in parse_accept(header or default):
        code = preference.media_type.split("-")[0]
        code = "nb" if code == "no" else code
        if code in languages and preference.quality > 0:
            return code
    return default
