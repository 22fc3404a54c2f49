"""Every setting is documented in the README's configuration table (DOUDI_<NAME>)."""

from __future__ import annotations

import re
from pathlib import Path

from webapp import settings

README = Path(__file__).resolve().parents[1] / "README.md"


def documented() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `DOUDI_")]
    return {name for row in rows for name in re.findall(r"`DOUDI_([A-Z0-9_]+)`", row.split(" | ")[0])}


def test_every_setting_has_a_row_in_the_readme():
    names = {name for name in vars(settings) if name.isupper()}

    assert names - documented() == set()


def test_the_readme_documents_no_setting_that_does_not_exist():
    names = {name for name in vars(settings) if name.isupper()}

    assert documented() - names == set()
