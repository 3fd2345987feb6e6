"""Where subjects are described in the source files, read again one file at a time.

N-Triples and N-Quads are searched line by line in pieces; other formats are scanned whole by
ogpld.positions, one file at a time, so that a large input is never all in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import URIRef

from ogpld.positions import subject_positions
from ogpld.report import Location
from ogpld.sources import LINE_BASED, SourceText

_SUBJECT = re.compile(rb"^<([^>]*)> ", flags=re.M)


def subject_locations(texts: Sequence[SourceText], wanted: set[URIRef]) -> dict[URIRef, Location]:
    """Where each wanted subject is first described: a hand-written file wins over a dump."""
    found: dict[URIRef, Location] = {}
    if not wanted:
        return found
    for text in reversed(texts):
        if text.parser in LINE_BASED:
            found.update(_lines_of_subjects(text, wanted))
    for text in reversed(texts):
        if text.parser not in LINE_BASED:
            found.update(_positions_in(text, wanted))
    return found


def _lines_of_subjects(text: SourceText, subjects: set[URIRef]) -> dict[URIRef, Location]:
    """The first line of N-Triples or N-Quads data for each subject, in one pass over the lines."""
    wanted = {str(subject).encode() for subject in subjects}
    found: dict[URIRef, Location] = {}
    line = 1
    for chunk in text.chunks():
        counted = 0
        for match in _SUBJECT.finditer(chunk):
            if match.group(1) in wanted:
                wanted.discard(match.group(1))
                line += chunk.count(b"\n", counted, match.start())
                counted = match.start()
                found[URIRef(match.group(1).decode())] = Location(str(text.path), line, 1)
        if not wanted:
            break
        line += chunk.count(b"\n", counted)
    return found


def _positions_in(text: SourceText, wanted: set[URIRef]) -> dict[URIRef, Location]:
    """Where the wanted subjects start in one hand-written file (Turtle, JSON-LD, RDF/XML)."""
    positions = subject_positions(text.read(), text.parser, text.base)
    return {
        node: Location(str(text.path), positions[node].line, positions[node].column)
        for node in wanted
        if node in positions
    }
