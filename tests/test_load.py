"""Reading untrusted files is safe and bounded: exit 2, one line naming the file, no network."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ogpld import sources
from ogpld.cli import cli

from .conftest import FIXTURES

UNSAFE = FIXTURES / "unsafe"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets (there must be none)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()


def refuse(path: Path, *args: str) -> str:
    """Validate one file that must be refused; return the one line that says why."""
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["validate", str(path), *args], catch_exceptions=False)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(str(path)), lines
    assert "Traceback" not in result.output
    return lines[0]


def test_remote_json_ld_context_is_not_fetched(tmp_path, listener):
    url, requests = listener
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{"@context": "{url}/context.jsonld", "@id": "https://e/x", "name": "x"}}')
    assert "remote JSON-LD contexts are not fetched" in refuse(path)
    assert requests == []


def test_owl_imports_are_not_followed(tmp_path, listener):
    url, requests = listener
    path = tmp_path / "imports.ttl"
    path.write_text(f"<https://e/o> <http://www.w3.org/2002/07/owl#imports> <{url}/more.ttl> .\n")
    result = CliRunner().invoke(
        cli, ["validate", str(path), "--no-bundled-shapes", "--shapes", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert requests == []


def test_xml_external_entity_is_refused(tmp_path, listener):
    url, requests = listener
    path = tmp_path / "xxe.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "{url}/secret"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        '<rdf:Description rdf:about="https://e/x"><rdfs:label>&ext;</rdfs:label></rdf:Description>'
        "</rdf:RDF>\n"
    )
    assert refuse(path).endswith(":2: XML entity declarations are not allowed")
    assert requests == []


def test_entity_expansion_bomb_is_refused_quickly():
    assert "XML entity declarations are not allowed" in refuse(UNSAFE / "billion-laughs.rdf")


def test_binary_file_is_reported_as_binary():
    assert refuse(UNSAFE / "image.ttl").endswith("image.ttl: binary file, not RDF text")


def test_invalid_utf8_names_the_line():
    assert refuse(UNSAFE / "latin1.ttl").endswith("latin1.ttl:2:15: not valid UTF-8")


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "huge.nt"
    path.write_text("<https://e/a> <https://e/b> <https://e/c> .\n" * 100)
    assert "file is larger than" in refuse(path)


def test_unknown_extension_and_format_override(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("<https://e/a> <https://e/b> <https://e/c> .\n")
    assert "unknown RDF file extension '.txt' (use --format)" in refuse(path)
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "nt"])
    assert result.exit_code == 0, result.output


def test_a_refused_file_does_not_hide_the_others():
    result = CliRunner().invoke(
        cli, ["validate", str(UNSAFE / "image.ttl"), str(FIXTURES / "cli" / "no-lead-agency.ttl")]
    )
    assert result.exit_code == 2
    assert "[CommitmentShape/leadAgency]" in result.output


def test_n_triples_results_name_the_subjects_first_line(tmp_path):
    path = tmp_path / "plan.nt"
    lines = [
        '<https://e/other> <http://www.w3.org/2000/01/rdf-schema#label> "x" .',
        "<https://e/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        " <https://w3id.org/ogpld/ns#Commitment> .",
    ]
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:1: violation: commitment <https://e/c> has no lead agency" in result.output


@pytest.mark.parametrize("where", ["sh:select", "sh:ask"])
def test_shapes_cannot_make_the_validator_call_a_service(tmp_path, listener, where):
    url, requests = listener
    query = (
        f"SELECT $this WHERE {{ SERVICE <{url}/sparql> {{ $this ?p ?o }} }}"
        if where == "sh:select"
        else f"ASK {{ SERVICE <{url}/sparql> {{ $value ?p ?o }} }}"
    )
    validator = (
        f'sh:sparql [ sh:select """{query}""" ]'
        if where == "sh:select"
        else "ex:on true . ex:C sh:parameter [ sh:path ex:on ] ; "
        f'sh:validator [ sh:ask """{query}""" ]'
    )
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://e/> .\n"
        f"ex:S a sh:NodeShape ; sh:targetNode ex:x ; {validator} .\n"
    )
    result = CliRunner().invoke(
        cli,
        [
            "validate",
            str(FIXTURES / "cli" / "no-lead-agency.ttl"),
            "--no-bundled-shapes",
            "--shapes",
            str(shapes),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "uses SERVICE" in result.output
    assert "Traceback" not in result.output
    assert requests == []
