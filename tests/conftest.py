"""Fixtures: a fresh SQLite file per test, the app, its test client, and a signed-in resident.

The database is migrated once per session into a template (create_app's start-up work: the
migrations, the letter texts, the demo county) and copied into each test's own directory, so a
test starts from the same file as before without running every migration again."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from webapp.app import create_app
from webapp.sms import get_client, outbox
from webapp.store.engine import connect, migration_set

# The cheapest argon2 parameters for every app the tests make, their own fixtures' included.
os.environ.setdefault("DOUDI_PASSWORD_HASH_COST", "test")

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "SESSION_COOKIE_SECURE": False,
    "SMS_QUIET_HOURS": "off",  # tests run at any hour; quiet hours have their own tests
    "PASSWORD_HASH_COST": "test",
}


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Path:
    """A database as create_app leaves a new one, made once per session."""
    path = tmp_path_factory.mktemp("template") / "doudi.db"
    create_app({**TEST_CONFIG, "DATABASE": str(path)})
    database = connect(str(path))
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file copied
    database.close()
    return path


@pytest.fixture
def app(tmp_path, template_database):
    database = tmp_path / "doudi.db"
    shutil.copyfile(template_database, database)
    app = create_app({**TEST_CONFIG, "DATABASE": str(database)})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


def deliver(app) -> int:
    """Run the worker once, as the real worker process would."""
    database = connect(app.config["DATABASE"])
    try:
        return outbox.deliver_pending(database, get_client(app.config), app.config)
    finally:
        database.close()


def migrated_until(path, migration: str):
    """A database file with every migration before `migration` applied, as an older server left
    it, and the migration set that brings it up to date (`migrations.apply(db)`)."""
    db = connect(str(path))
    migrations = migration_set()
    migrations.apply(db, stop_before=migration)
    return db, migrations


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf(response) -> str:
    token = page(response).find("input", {"name": "csrf_token"})
    return token["value"]


def latest_code(client, app, phone: str) -> str:
    """Read the newest sign-in code for a phone from /dev/sms, like a tester would."""
    deliver(app)
    soup = page(client.get("/dev/sms"))
    for item in soup.select(".sms-message"):
        if phone in item.select_one(".sms-to").get_text():
            return re.search(r"验证码(\d{6})", item.select_one(".sms-body").get_text()).group(1)
    raise AssertionError(f"no code for {phone}")


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form the way a browser would, with the CSRF token of the page at url."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf(client.get(url)))
    return client.post(url, data=data, **kwargs)


def sign_in(client, app, phone: str = "13800138000", next_url: str | None = None):
    url = "/signin" + (f"?next={next_url}" if next_url else "")
    response = post(client, url, {"phone": phone})
    assert response.status_code == 302, response.get_data(as_text=True)
    code = latest_code(client, app, phone)
    return post(client, "/signin/code", {"code": code})


@pytest.fixture
def resident(client, app):
    sign_in(client, app)
    return client
