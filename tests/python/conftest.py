"""Shared fixtures of the Python API's tests: the repository, the command-line binary the
API is compared with (INNATE_BINARY, else build/innate), and running it."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo():
    return REPO


@pytest.fixture(scope="session")
def cli():
    binary = Path(os.environ.get("INNATE_BINARY", REPO / "build" / "innate"))
    if not binary.is_file():
        pytest.skip(f"no innate binary at {binary} (set INNATE_BINARY)")

    def call(*args, cwd=None, check=True):
        result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=cwd)
        if check and result.returncode != 0:
            raise AssertionError(f"innate {' '.join(map(str, args))} exited {result.returncode}: {result.stderr}")
        return result

    return call
