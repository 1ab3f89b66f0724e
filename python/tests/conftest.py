"""Shared fixtures: the fixture corpus and the `dyad` command to compare against."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def _dyad_binary():
    given = os.environ.get("DYAD_BIN")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        candidate = target / profile / "dyad"
        if candidate.exists():
            return candidate
    found = shutil.which("dyad")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def dyad_bin():
    """The `dyad` command of this checkout (DYAD_BIN, or target/{release,debug}/dyad)."""
    binary = _dyad_binary()
    if binary is None or not binary.exists():
        pytest.skip("no dyad binary (build it with `cargo build -p dyad` or set DYAD_BIN)")
    return binary


@pytest.fixture(scope="session")
def articles_path():
    return FIXTURES / "articles.jsonl"


def run_dyad(binary, *args, cwd=None):
    """Runs the command; returns stdout, failing the test with stderr on error."""
    done = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, f"dyad {' '.join(map(str, args))} failed:\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def cli_events(dyad_bin, articles_path):
    """`dyad code --format jsonl` on the fixture corpus, as dicts."""
    out = run_dyad(dyad_bin, "code", "--format", "jsonl", articles_path)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def ingested(dyad_bin, articles_path, tmp_path_factory):
    """A store made by `dyad ingest` of the fixture corpus and its Parquet export."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("store")
    db = folder / "dyad.db"
    run_dyad(dyad_bin, "ingest", "--db", db, articles_path)
    parquet = folder / "events.parquet"
    run_dyad(dyad_bin, "export", "--db", db, "--format", "parquet", "--out", parquet)
    return db, pd.read_parquet(parquet)
