"""HTTP tests of the resident pages. Fixtures come from tests/conftest.py."""

from pathlib import Path

import pytest
from jinja2 import BytecodeCache

HERE = Path(__file__).resolve().parent

class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates shared by the many apps of this run (keyed by source checksum,
    so an edited template is compiled afresh). Saves compiling every template for every test."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


@pytest.fixture
def app(app):
    app.jinja_env.bytecode_cache = COMPILED
    return app

