"""The code passes its linter, and the domain rules pass mypy --strict (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "webapp", "tests", "bench", "migrations", "wsgi.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_modules_pass_mypy_strict():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
