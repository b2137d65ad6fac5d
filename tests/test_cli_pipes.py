"""Output piped into a reader that has gone (``| head``) ends quietly, for every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def into_closed_reader(*argv: str) -> subprocess.CompletedProcess:
    """Run ``python -m sim ARGV`` with stdout a pipe whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "sim", *argv], cwd=ROOT, stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    finally:
        os.close(write)


@pytest.mark.parametrize("argv", [
    ("run", "plans/scenarios/grassland-fire-line-trip.yaml", "--seed", "7"),
    ("check", "--date", "2024-02-10", "--activity", "fireworks", "--json"),
    ("classify", "plans/guyang-blackout-2023.yaml", "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=10"),
    ("validate", "plans"),
    ("sweep", "plans/scenarios/random-blackout.yaml", "--runs", "3", "--seed", "1", "--no-progress"),
], ids=lambda argv: argv[0])
def test_a_closed_stdout_ends_the_command_quietly(argv):
    done = into_closed_reader(*argv)
    assert done.stderr == ""
    assert done.returncode == 1
