"""Source files: which ones, in which RDF format, and checked before any parser sees them.

Files are refused for what would make a parser slow or unsafe: size, binary content, invalid
UTF-8 and XML entity declarations. A file is checked whole when it is read into memory, or piece
by piece when it is too large to hold; both name the same line and column. Contents are never
kept: a file is read again when its positions are needed, and a streamed one for its digest.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ogpld.errors import SourceError

# File extension → (pyoxigraph format, name of the positions scanner).
FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".trig": (ox.RdfFormat.TRIG, "trig"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
    ".json-ld": (ox.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
    ".xml": (ox.RdfFormat.RDF_XML, "xml"),
}
MAX_FILE_BYTES = 1024 * 1024 * 1024
# Files are checked, loaded and searched in pieces of about this size, cut at line ends.
CHUNK_BYTES = 16 * 1024 * 1024
LINE_BASED = ("nt", "nquads")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
# A NUL byte this near the start marks a binary file.
_BINARY_PROBE = 65536
# What the engine's store must rewrite (see ogpld.engine.terms): blank nodes, and literals that
# Oxigraph would store in another form. Line-based files without any go straight into the store.
_ALWAYS_REWRITTEN = re.compile(
    rb"XMLSchema#(?:byte|short|int|long|unsigned|nonNegativeInteger|positiveInteger"
    rb"|negativeInteger|nonPositiveInteger|float|double)>"
)
_CANONICAL = {
    b"integer": re.compile(rb"-?(0|[1-9][0-9]*)"),
    b"decimal": re.compile(rb"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?"),
    b"boolean": re.compile(rb"true|false"),
}


def needs_rewrite(data: bytes) -> bool:
    """True if a line-based file has a blank node or a literal Oxigraph would store otherwise."""
    if b"_:" in data or _ALWAYS_REWRITTEN.search(data):
        return True
    for name, canonical in _CANONICAL.items():
        suffix = b'"^^<http://www.w3.org/2001/XMLSchema#' + name + b">"
        end = data.find(suffix)
        while end != -1:
            if not canonical.fullmatch(data[data.rfind(b'"', 0, end) + 1 : end]):
                return True
            end = data.find(suffix, end + 1)
    return False


@dataclass(frozen=True)
class SourceText:
    """A file as loaded; its content is read again only when a report must place results in it."""

    path: Path
    parser: str
    base: str
    # SHA-256 and size of the bytes that were loaded, when the file was read whole.
    loaded_digest: tuple[str, int] | None = None

    def opened(self) -> AbstractContextManager[BinaryIO]:
        """The file opened for reading, decompressed if gzipped."""
        return _opened(self.path)

    def chunks(self, size: int | None = None) -> Iterator[bytes]:
        """The content read again in pieces that end at a line end, never all in memory at once."""
        with self.opened() as handle:
            yield from _line_chunks(handle, size or CHUNK_BYTES)

    def read(self) -> str:
        """The whole content read again, as text: for scanners that need one file at a time."""
        with self.opened() as handle:
            return handle.read().decode("utf-8", "replace")

    def digest(self) -> tuple[str, int]:
        """SHA-256 and size of the bytes loaded (or of the file read again), for provenance."""
        if self.loaded_digest is not None:
            return self.loaded_digest
        sha256, size = hashlib.sha256(), 0
        for chunk in self.chunks():
            sha256.update(chunk)
            size += len(chunk)
        return sha256.hexdigest(), size


def _opened(path: Path) -> AbstractContextManager[BinaryIO]:
    """A file opened for reading, through gzip if its name ends in .gz."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _line_chunks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    """Pieces of about the given size, each ending at a line end so that no line is cut."""
    while chunk := handle.read(size):
        if not chunk.endswith(b"\n"):
            chunk += handle.readline()
        yield chunk


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every RDF file below each folder, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_rdf(p)))
        else:
            files.append(path)
    return files


def _is_rdf(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return (suffixes[-1:] != [".gz"] and path.suffix.lower() in FORMATS) or (
        suffixes[-1:] == [".gz"] and len(suffixes) == 2 and suffixes[0] in FORMATS
    )


def format_for(path: Path, override: str | None = None) -> tuple[ox.RdfFormat, str]:
    """The parser for a file: the override if given, else the one its extension names."""
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    key = f".{override.lower().lstrip('.')}" if override else path.suffix.lower()
    try:
        return FORMATS[key]
    except KeyError:
        what = f"RDF format {override!r}" if override else f"RDF file extension {path.suffix!r}"
        raise SourceError(f"unknown {what} (use --format)", str(path)) from None


def check_bytes(path: Path, data: bytes, parser: str) -> None:
    """Refuse, before parsing, what no RDF parser should be handed."""
    if b"\x00" in data[:_BINARY_PROBE]:
        raise SourceError("binary file, not RDF text", str(path))
    if bad_utf8 := _utf8_error(path, data, 0):
        raise bad_utf8
    if parser == "xml" and (found := _ENTITY.search(data)):
        raise _entity_error(path, data.count(b"\n", 0, found.start()) + 1)


def _utf8_error(path: Path, data: bytes, lines_before: int) -> SourceError | None:
    """Invalid UTF-8 named by line and column (data starts at a line start), if there is any."""
    if data.isascii():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = lines_before + data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        return SourceError("not valid UTF-8", f"{path}:{line}:{column}")
    return None


def _entity_error(path: Path, line: int) -> SourceError:
    return SourceError("XML entity declarations are not allowed", f"{path}:{line}")


def _gzip_error(path: Path, error: Exception) -> SourceError:
    return SourceError(f"not a valid gzip file: {error}", str(path))


def _decompressed(path: Path) -> bytes:
    """A gzipped file's content, refused past the size limit (a small file can inflate hugely)."""
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise _gzip_error(path, error) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(path)
    return data


def _too_large(path: Path) -> SourceError:
    return SourceError(f"decompresses to more than {MAX_FILE_BYTES // 2**20} MiB", str(path))


def _check_size(path: Path) -> None:
    """Refuse a file over the size limit before reading it."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SourceError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB", str(path))


def read_file(path: Path, rdf_format: str | None = None) -> tuple[SourceText, bytes, ox.RdfFormat]:
    """Read and check one file whole; raise SourceError naming the file and position on failure."""
    oxigraph_format, parser = format_for(path, rdf_format)
    try:
        _check_size(path)
        data = _decompressed(path) if path.suffix.lower() == ".gz" else path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", str(path)) from None
    check_bytes(path, data, parser)
    digest = (hashlib.sha256(data).hexdigest(), len(data))
    return SourceText(path, parser, path.resolve().as_uri(), digest), data, oxigraph_format


def scan_file(text: SourceText) -> bool:
    """Check a file piece by piece as check_bytes does; True if the store needs it rewritten."""
    try:
        _check_size(text.path)
        return _scan(text)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise _gzip_error(text.path, error) from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", str(text.path)) from None


def _scan(text: SourceText) -> bool:
    """One pass over the pieces: size, binary content, UTF-8, XML entities, rewriting needed.

    A mistake does not stop the pass, so that the file is refused for the same reason, at the
    same place, as check_bytes would give for it read whole (a file too large first).
    """
    size, lines, rewrite = 0, 0, False
    binary = bad_utf8 = entity = None
    for chunk in text.chunks():
        if size < _BINARY_PROBE and b"\x00" in chunk[: _BINARY_PROBE - size]:
            binary = SourceError("binary file, not RDF text", str(text.path))
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _too_large(text.path)
        bad_utf8 = bad_utf8 or _utf8_error(text.path, chunk, lines)
        if text.parser == "xml" and entity is None and (found := _ENTITY.search(chunk)):
            entity = _entity_error(text.path, lines + chunk.count(b"\n", 0, found.start()) + 1)
        rewrite = rewrite or (text.parser in LINE_BASED and needs_rewrite(chunk))
        lines += chunk.count(b"\n")
    if mistake := binary or bad_utf8 or entity:
        raise mistake
    return rewrite


def content_bytes(paths: Iterable[Path]) -> int:
    """How many bytes the files hold, gzipped ones as decompressed (from the gzip trailer)."""
    return sum(_content_size(path) for path in paths)


def _content_size(path: Path) -> int:
    try:
        if path.suffix.lower() != ".gz":
            return path.stat().st_size
        with path.open("rb") as handle:
            handle.seek(-4, 2)
            return int.from_bytes(handle.read(4), "little")
    except OSError:
        return 0
