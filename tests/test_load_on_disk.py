"""Large inputs go into an on-disk store: same results and locations, and no folder left behind."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from ogpld import load, sources
from ogpld.load import SourceSet, load_sources
from ogpld.validate import validate

from .conftest import CLI_FIXTURES, FIXTURES, ROOT

BLANK_AND_LITERALS = (
    "<https://e/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    " <https://w3id.org/ogpld/ns#Commitment> .\n"
    '<https://e/c> <https://w3id.org/ogpld/ns#commitmentNumber> "01"^^'
    "<http://www.w3.org/2001/XMLSchema#integer> .\n"
    "<https://e/c> <https://e/note> _:n .\n"
    '_:n <https://e/text> "4.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of its own, so that a store folder left behind would be seen."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """Synthetic OGP data in N-Triples with injected mistakes, so that there is much to place."""
    out = tmp_path / "ogp.nt"
    options = ["--scale", "0.01", "--invalid", "0.05", "--out", out]
    subprocess.run(
        [sys.executable, ROOT / "benchmarks" / "ogp_data.py", *options],
        check=True,
        capture_output=True,
    )
    return out


def results(sources: SourceSet) -> list[tuple]:
    """Everything a report says about each result, in report order."""
    return [
        (r.focus_node, r.path, r.value, r.source_shape, r.component, r.severity, r.location)
        for r in validate(sources).results
    ]


def both_ways(paths: list[Path]) -> tuple[SourceSet, SourceSet]:
    return load_sources(paths, on_disk=False), load_sources(paths, on_disk=True)


def test_inputs_too_large_for_memory_go_on_disk_and_others_stay_in_memory(scratch, monkeypatch):
    paths = [CLI_FIXTURES / "no-lead-agency.ttl"]
    size = paths[0].stat().st_size
    monkeypatch.setattr(load, "memory_budget", lambda: size * load.MEMORY_PER_INPUT_BYTE)
    assert load_sources(paths, on_disk=None).folder is None
    assert load_sources(paths).folder is None
    monkeypatch.setattr(load, "memory_budget", lambda: size * load.MEMORY_PER_INPUT_BYTE - 1)
    assert load_sources(paths).folder is None
    sources = load_sources(paths, on_disk=None)
    assert sources.folder is not None and sources.folder.parent == scratch
    assert any(sources.folder.iterdir())
    sources.close()
    assert list(scratch.iterdir()) == []


def test_on_disk_results_and_locations_equal_in_memory_ones(generated, scratch):
    paths = [generated, CLI_FIXTURES / "no-lead-agency.ttl", CLI_FIXTURES / "late-milestone.ttl"]
    in_memory, on_disk = both_ways(paths)
    expected = results(in_memory)
    with on_disk:
        assert results(on_disk) == expected
    assert len(expected) > 20
    located = {r[6].path for r in expected if r[6] is not None}
    assert located == {str(p) for p in paths}
    assert list(scratch.iterdir()) == []


def test_n_triples_lines_are_counted_across_pieces(generated, monkeypatch):
    lines = generated.read_bytes().splitlines()
    in_memory = load_sources([generated], on_disk=False)
    expected = results(in_memory)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(load, "LOAD_PIECE_BYTES", 50_000)
    with load_sources([generated], on_disk=True) as on_disk:
        assert results(on_disk) == expected
    for result in expected:
        where = result[6]
        assert lines[where.line - 1].startswith(f"<{result[0]}> ".encode())


def test_blank_nodes_literals_and_gzip_are_loaded_alike(tmp_path, monkeypatch):
    plain = tmp_path / "plan.nt"
    plain.write_text(BLANK_AND_LITERALS)
    packed = tmp_path / "plan2.nq.gz"
    packed.write_bytes(gzip.compress(BLANK_AND_LITERALS.replace("e/c", "e/d").encode()))
    monkeypatch.setattr(load, "LOAD_PIECE_QUADS", 1000)
    in_memory, on_disk = both_ways([plain, packed, ROOT / "data"])
    with on_disk:
        assert isomorphic(on_disk.union(), in_memory.union())
        assert results(on_disk) == results(in_memory)
        assert on_disk.texts[1].digest() == (
            hashlib.sha256(gzip.decompress(packed.read_bytes())).hexdigest(),
            len(BLANK_AND_LITERALS),
        )


def test_a_file_that_fails_halfway_leaves_nothing_in_the_store(
    generated, tmp_path, scratch, monkeypatch
):
    broken = tmp_path / "broken.nt"
    lines = generated.read_text().splitlines(keepends=True)
    half = len(lines) // 2
    broken.write_text("".join([*lines[:half], "<https://e/x> <https://e/p> .\n", *lines]))
    paths = [CLI_FIXTURES / "no-lead-agency.ttl", broken, CLI_FIXTURES / "late-milestone.ttl"]
    in_memory = load_sources(paths, on_disk=False)
    monkeypatch.setattr(load, "LOAD_PIECE_BYTES", 100_000)
    on_disk = load_sources(paths, on_disk=True)
    assert [str(e) for e in on_disk.errors] == [str(e) for e in in_memory.errors]
    assert str(on_disk.errors[0]).startswith(f"{broken}:{half + 1}:")
    assert len(on_disk.store) == len(in_memory.store)
    assert results(on_disk) == results(in_memory)
    on_disk.close()
    assert list(scratch.iterdir()) == []


def test_unreadable_files_are_refused_alike(tmp_path, monkeypatch):
    latin1 = tmp_path / "latin1.nt"
    line = b"<https://e/a> <https://e/b> <https://e/c> .\n"
    latin1.write_bytes(line * 50 + b'<https://e/a> <https://e/b> "bl\xe5" .\n')
    monkeypatch.setattr(sources, "CHUNK_BYTES", 100)
    in_memory, on_disk = both_ways([latin1, FIXTURES / "unsafe"])
    assert [str(e) for e in on_disk.errors] == [str(e) for e in in_memory.errors]
    assert str(on_disk.errors[0]).startswith(f"{latin1}:51:")
    assert len(on_disk.errors) == 4
    on_disk.close()


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (CLI_FIXTURES / "broken.ttl", ":6:5: syntax error: "),
        (FIXTURES / "unsafe" / "latin1.ttl", ":2:15: not valid UTF-8"),
        (FIXTURES / "unsafe" / "billion-laughs.rdf", ":3: XML entity declarations"),
        (FIXTURES / "unsafe" / "image.ttl", ": binary file, not RDF text"),
    ],
    ids=["syntax", "utf-8", "entity", "binary"],
)
def test_a_bad_file_is_refused_at_the_same_place_on_disk(path, where, scratch, monkeypatch):
    in_memory = load_sources([path, CLI_FIXTURES / "late-milestone.ttl"])
    assert in_memory.folder is None
    monkeypatch.setattr(load, "memory_budget", lambda: 0)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 10)
    with load_sources([path, CLI_FIXTURES / "late-milestone.ttl"], on_disk=None) as on_disk:
        assert on_disk.folder is not None
        assert [str(e) for e in on_disk.errors] == [str(e) for e in in_memory.errors]
        assert str(on_disk.errors[0]).startswith(f"{path}{where}")
        assert results(on_disk) == results(in_memory)
    assert list(scratch.iterdir()) == []


def test_files_too_large_are_refused_alike(tmp_path, monkeypatch):
    line = b"<https://e/a> <https://e/b> <https://e/c> .\n"
    plain, packed = tmp_path / "huge.nt", tmp_path / "huge.nt.gz"
    plain.write_bytes(line * 100)
    packed.write_bytes(gzip.compress(b'<https://e/a> <https://e/b> "bl\xe5" .\n' + line * 100))
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1024)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 100)
    in_memory, on_disk = both_ways([plain, packed])
    with on_disk:
        assert [str(e) for e in on_disk.errors] == [str(e) for e in in_memory.errors]
    assert [str(e) for e in in_memory.errors] == [
        f"{plain}: file is larger than 0 MiB",
        f"{packed}: decompresses to more than 0 MiB",
    ]


def test_a_file_that_fails_in_its_first_piece_does_not_reload_the_others(
    tmp_path, scratch, monkeypatch
):
    reloads: list[int] = []
    real_reload = load._Loader._reload
    monkeypatch.setattr(
        load._Loader, "_reload", lambda self: reloads.append(1) or real_reload(self)
    )
    first_line_bad = tmp_path / "first.nt"
    first_line_bad.write_text("<https://e/x> <https://e/p> .\n" + BLANK_AND_LITERALS)
    good = [CLI_FIXTURES / "no-lead-agency.ttl", CLI_FIXTURES / "late-milestone.ttl"]
    expected = load_sources(good, on_disk=True)
    with load_sources([good[0], first_line_bad, good[1]], on_disk=True) as on_disk:
        assert str(on_disk.errors[0]).startswith(f"{first_line_bad}:1:")
        assert reloads == []
        assert len(on_disk.store) == len(expected.store)
    monkeypatch.setattr(load, "LOAD_PIECE_QUADS", 2)
    late_line_bad = tmp_path / "late.nt"
    late_line_bad.write_text(BLANK_AND_LITERALS * 3 + "<https://e/x> <https://e/p> .\n")
    with load_sources([good[0], late_line_bad, good[1]], on_disk=True) as on_disk:
        assert str(on_disk.errors[0]).startswith(f"{late_line_bad}:13:")
        assert reloads == [1]
        assert len(on_disk.store) == len(expected.store)
    expected.close()


def test_the_store_cannot_be_used_once_closed(scratch):
    sources = load_sources([CLI_FIXTURES / "no-lead-agency.ttl"], on_disk=True)
    assert len(sources.store) > 0
    sources.close()
    with pytest.raises(ValueError, match="closed"):
        sources.store  # noqa: B018


def test_the_digest_is_of_the_bytes_loaded(tmp_path):
    path = tmp_path / "plan.ttl"
    path.write_bytes((CLI_FIXTURES / "no-lead-agency.ttl").read_bytes())
    loaded = load_sources([path])
    path.write_text("# changed after loading\n")
    expected = hashlib.sha256((CLI_FIXTURES / "no-lead-agency.ttl").read_bytes()).hexdigest()
    assert loaded.texts[0].digest() == (
        expected,
        (CLI_FIXTURES / "no-lead-agency.ttl").stat().st_size,
    )


def test_the_store_folder_is_removed_when_loading_is_interrupted(scratch, monkeypatch):
    def interrupted(*args: object) -> set[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(load, "_stream_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_sources([CLI_FIXTURES / "no-lead-agency.ttl"], on_disk=True)
    assert list(scratch.iterdir()) == []


def test_the_store_folder_is_removed_when_the_sources_are_dropped(scratch):
    sources = load_sources([CLI_FIXTURES], on_disk=True)
    assert len(list(scratch.iterdir())) == 1
    del sources
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "bad",
    [CLI_FIXTURES / "broken.ttl", FIXTURES / "unsafe" / "latin1.ttl", FIXTURES / "unsafe"],
    ids=lambda path: path.name,
)
def test_validate_command_refuses_bad_files_alike_on_disk(bad, generated, tmp_path):
    """Same exit code 2 and output: one line per bad file naming file:line:column."""
    runs = []
    for where in ("--in-memory", "--on-disk"):
        runs.append(
            subprocess.run(
                [sys.executable, "-m", "ogpld", "validate", where, str(bad), str(generated)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "OGPLD_LANG": "en"},
                timeout=120,
            )
        )
    in_memory, on_disk = runs
    assert on_disk.returncode == in_memory.returncode == 2, on_disk.stderr
    assert (on_disk.stdout, on_disk.stderr) == (in_memory.stdout, in_memory.stderr)
    unreadable = [line for line in on_disk.stdout.splitlines() if str(bad) in line]
    assert unreadable and all(line.startswith(f"{bad}") for line in unreadable)


def test_validate_command_leaves_no_folder_behind(generated, tmp_path):
    scratch = tmp_path / "process-tmp"
    scratch.mkdir()
    for extra in ([], [str(CLI_FIXTURES / "broken.ttl")]):
        process = subprocess.run(
            [sys.executable, "-m", "ogpld", "validate", "--on-disk", str(generated), *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "TMPDIR": str(scratch), "OGPLD_LANG": "en"},
            timeout=120,
        )
        assert process.returncode == (2 if extra else 1), process.stderr
        assert f"{generated}:" in process.stdout
        assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "flag, budget, folders",
    [("--on-disk", None, 1), ("--in-memory", 0, 0), (None, 0, 1), (None, None, 0)],
    ids=["on-disk", "in-memory-however-small-the-memory", "auto-too-large", "auto-fits"],
)
def test_validate_command_holds_the_data_where_it_is_told(
    flag, budget, folders, scratch, monkeypatch
):
    from click.testing import CliRunner

    from ogpld.cli import cli

    if budget is not None:
        monkeypatch.setattr(load, "memory_budget", lambda: budget)
    made = []
    monkeypatch.setattr(
        load.tempfile, "mkdtemp", lambda **kw: made.append(kw) or str(scratch / "s")
    )
    arguments = ["validate", str(CLI_FIXTURES / "no-lead-agency.ttl"), *([flag] if flag else [])]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1, result.output
    assert "no-lead-agency.ttl:" in result.output
    assert len(made) == folders


class FullDisk:
    """An on-disk store whose writes fail as on a full disk."""

    def __init__(self, store) -> None:
        self.store = store

    def __getattr__(self, name: str):
        if name in ("load", "bulk_load", "bulk_extend", "extend", "optimize"):
            raise OSError(28, "No space left on device")
        return getattr(self.store, name)


@pytest.mark.parametrize("failing", ["mkdtemp", "store", "writing"])
def test_a_store_that_cannot_be_written_is_one_line_exit_2(failing, scratch, monkeypatch):
    """A full or unwritable temporary folder: the reason and what to do, no traceback."""
    from click.testing import CliRunner

    from ogpld.cli import cli

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "mkdtemp":
        monkeypatch.setattr(load.tempfile, "mkdtemp", no_space)
    else:
        real = load.ox.Store
        on_disk = no_space if failing == "store" else lambda *a: FullDisk(real(*a))
        monkeypatch.setattr(load.ox, "Store", lambda *a: on_disk(*a) if a else real())
    fixture = str(CLI_FIXTURES / "no-lead-agency.ttl")
    result = CliRunner().invoke(cli, ["validate", "--on-disk", fixture])
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "--in-memory" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert list(scratch.iterdir()) == []
