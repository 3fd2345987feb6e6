"""Where each subject's description starts in its source file (rdflib keeps no positions).

Turtle, TriG, N-Triples and N-Quads are scanned with a small tokenizer that follows statement
boundaries, prefixes and the base IRI, so ``<plan/2>`` and ``ex:plan-2`` are found as the
subjects they denote. JSON-LD and RDF/XML are searched for the line where a node's IRI is
first given as an identifier (``"@id"`` or ``rdf:about``).
"""

from __future__ import annotations

import re
from collections import deque
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


class _Lines:
    """Lines and columns of offsets met in increasing order, counted as the scan goes."""

    def __init__(self, text: str) -> None:
        self.text, self.line, self.start, self.counted = text, 1, 0, 0

    def position(self, offset: int) -> Position:
        newlines = self.text.count("\n", self.counted, offset)
        if newlines:
            self.line += newlines
            self.start = self.text.rfind("\n", self.counted, offset) + 1
        self.counted = offset
        return Position(self.line, offset - self.start + 1)


class _Lookahead:
    """Tokens one at a time with a peek at the next few: a large file's tokens are never listed."""

    def __init__(self, tokens: Iterator[tuple[str, str, int]]) -> None:
        self.tokens, self.ahead = tokens, deque[tuple[str, str, int]]()

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return self

    def __next__(self) -> tuple[str, str, int]:
        return self.ahead.popleft() if self.ahead else next(self.tokens)

    def peek(self, index: int) -> tuple[str, str, int]:
        """The token index places after the current one (0: the next), or an empty one."""
        while len(self.ahead) <= index:
            token = next(self.tokens, None)
            if token is None:
                return "", "", -1
            self.ahead.append(token)
        return self.ahead[index]

    def skip(self, count: int) -> None:
        for _ in range(count):
            next(self, None)


def turtle_positions(text: str, base: str = "") -> dict[URIRef, Position]:
    """First position of every IRI subject in Turtle, TriG, N-Triples or N-Quads text."""
    scanner = _Scanner(text, base, {})
    lines = _Lines(text)
    found: dict[URIRef, Position] = {}
    tokens = _Lookahead(scanner.tokens())
    expecting_subject, depth = True, 0
    for kind, token, offset in tokens:
        lowered = token.lower()
        if expecting_subject and depth == 0 and lowered in ("@prefix", "prefix"):
            name, iri = tokens.peek(0)[1], tokens.peek(1)[1]
            scanner.prefixes[name.rstrip(":")] = scanner.resolve("iri", iri) or ""
            tokens.skip(2 + (lowered == "@prefix"))
        elif expecting_subject and depth == 0 and lowered in ("@base", "base"):
            scanner.base = scanner.resolve("iri", tokens.peek(0)[1]) or scanner.base
            tokens.skip(1 + (lowered == "@base"))
        elif kind == "punct" and token in "[(":
            depth += 1
        elif kind == "punct" and token in "])":
            depth -= 1
        elif kind == "punct" and token in ".{}" and depth == 0:
            expecting_subject = True
        elif expecting_subject and depth == 0 and lowered != "graph":
            iri = scanner.resolve(kind, token)
            if tokens.peek(0)[1] != "{":
                expecting_subject = False
                if iri is not None and URIRef(iri) not in found:
                    found[URIRef(iri)] = lines.position(offset)
    return found


_IDENTIFIER = re.compile(r"""(?:"@id"\s*:\s*"|rdf:about\s*=\s*")([^"]+)\"""")


def identifier_positions(text: str, base: str = "") -> dict[URIRef, Position]:
    """First position where JSON-LD (``@id``) or RDF/XML (``rdf:about``) names each node."""
    lines = _Lines(text)
    found: dict[URIRef, Position] = {}
    for match in _IDENTIFIER.finditer(text):
        iri = urljoin(base, match.group(1)) if base else match.group(1)
        found.setdefault(URIRef(iri), lines.position(match.start()))
    return found


def subject_positions(text: str, parser: str, base: str = "") -> dict[URIRef, Position]:
    """Positions of the subjects of one source text, by the parser that reads it."""
    if parser in ("turtle", "trig", "nt", "nquads"):
        return turtle_positions(text, base)
    return identifier_positions(text, base)
