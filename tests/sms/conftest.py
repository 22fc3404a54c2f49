"""Fixtures: the Twilio stand-in (one server for the run, emptied for each test) and an app
that sends through it."""

from __future__ import annotations

import pytest

from tests.sms import twilio_config
from tests.sms.twilio_standin import TwilioStandin
from webapp.app import create_app
from webapp.sms import webhooks


@pytest.fixture(scope="session")
def _standin_server():
    with TwilioStandin() as standin:
        yield standin


@pytest.fixture
def twilio_standin(_standin_server):
    _standin_server.reset()
    yield _standin_server
    _standin_server.reset()


@pytest.fixture
def twilio_app(tmp_path, twilio_standin):
    app = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "doudi.db"),
        "SECRET_KEY": "test-secret",
        "SESSION_COOKIE_SECURE": False,
        "SMS_QUIET_HOURS": "off",
        **twilio_config(twilio_standin.url),
    })
    if "sms_webhooks" not in app.blueprints:  # until create_app registers the webhooks itself
        webhooks.init_app(app)
    return app
