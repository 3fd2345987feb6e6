"""Where each subject's description starts in its source file (rdflib keeps no positions).

Turtle, TriG, N-Triples and N-Quads are scanned with a small tokenizer that follows statement
boundaries, prefixes and the base IRI, so ``<plan/2>`` and ``ex:plan-2`` are found as the
subjects they denote. JSON-LD and RDF/XML are searched for the line where a node's IRI is
first given as an identifier (``"@id"`` or ``rdf:about``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from rdflib import URIRef

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<punct>[.;,\[\](){}]|\^\^)
    | (?P<word>[^\s.;,\[\](){}<"'#^]+(?:\.+[^\s.;,\[\](){}<"'#^]+)*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass
class _Scanner:
    text: str
    base: str
    prefixes: dict[str, str]

    def tokens(self) -> Iterator[tuple[str, str, int]]:
        """(kind, text, offset) for every significant token."""
        for match in _TOKEN.finditer(self.text):
            kind = match.lastgroup or ""
            if kind not in ("space", "comment"):
                yield kind, match.group(), match.start()

    def resolve(self, kind: str, token: str) -> str | None:
        """The IRI a subject token denotes, or None for blank nodes and keywords."""
        if kind == "iri":
            return urljoin(self.base, token[1:-1]) if self.base else token[1:-1]
        if kind == "word" and ":" in token and not token.startswith("_:"):
            prefix, local = token.split(":", 1)
            if prefix in self.prefixes:
                return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _position(starts: list[int], offset: int) -> Position:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return Position(low + 1, offset - starts[low] + 1)


def turtle_positions(text: str, base: str = "") -> dict[URIRef, Position]:
    """First position of every IRI subject in Turtle, TriG, N-Triples or N-Quads text."""
    scanner = _Scanner(text, base, {})
    starts = _line_starts(text)
    found: dict[URIRef, Position] = {}
    tokens = list(scanner.tokens())
    expecting_subject, depth, index = True, 0, 0
    while index < len(tokens):
        kind, token, offset = tokens[index]
        lowered = token.lower()
        if expecting_subject and depth == 0 and lowered in ("@prefix", "prefix"):
            name, iri = tokens[index + 1][1], tokens[index + 2][1]
            scanner.prefixes[name.rstrip(":")] = scanner.resolve("iri", iri) or ""
            index += 3 + (lowered == "@prefix")
            continue
        if expecting_subject and depth == 0 and lowered in ("@base", "base"):
            scanner.base = scanner.resolve("iri", tokens[index + 1][1]) or scanner.base
            index += 2 + (lowered == "@base")
            continue
        if kind == "punct" and token in "[(":
            depth += 1
        elif kind == "punct" and token in "])":
            depth -= 1
        elif kind == "punct" and token in ".{}" and depth == 0:
            expecting_subject = True
        elif expecting_subject and depth == 0 and lowered != "graph":
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            iri = scanner.resolve(kind, token)
            if following != "{":
                expecting_subject = False
                if iri is not None:
                    found.setdefault(URIRef(iri), _position(starts, offset))
        index += 1
    return found


_IDENTIFIER = re.compile(r"""(?:"@id"\s*:\s*"|rdf:about\s*=\s*")([^"]+)\"""")


def identifier_positions(text: str, base: str = "") -> dict[URIRef, Position]:
    """First position where JSON-LD (``@id``) or RDF/XML (``rdf:about``) names each node."""
    starts = _line_starts(text)
    found: dict[URIRef, Position] = {}
    for match in _IDENTIFIER.finditer(text):
        iri = urljoin(base, match.group(1)) if base else match.group(1)
        found.setdefault(URIRef(iri), _position(starts, match.start()))
    return found


def subject_positions(text: str, parser: str, base: str = "") -> dict[URIRef, Position]:
    """Positions of the subjects of one source text, by the parser that reads it."""
    if parser in ("turtle", "trig", "nt", "nquads"):
        return turtle_positions(text, base)
    return identifier_positions(text, base)
