"""The public pages' tests: the app with the public blueprint (registered here only while
create_app does not register it yet), and the shared compiled templates of tests/web."""

from __future__ import annotations

import pytest

from tests.web.conftest import COMPILED


@pytest.fixture
def app(app):
    if "public" not in app.blueprints:
        from webapp.public import bp

        app.register_blueprint(bp)
    app.jinja_env.bytecode_cache = COMPILED
    return app
