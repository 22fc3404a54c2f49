"""Staff accounts in the demo county, and staff clients signed in through the sign-in page.
Fixtures app, client, db and resident come from tests/conftest.py."""

from __future__ import annotations

import pytest
from conftest import csrf, page
from flask import Blueprint
from web.flows import LIULIN, sql

from webapp.services import accounts
from webapp.staff import bp as staff_bp
from webapp.staff.guard import current_staff, require_region, staff_required

PASSWORD = "correct horse battery staple"

# Pages that exist only in these tests, to check the role and region guards on their own.
probe = Blueprint("staff_probe", __name__, url_prefix="/staff/probe")


@probe.get("/admin")
@staff_required("county_admin")
def admin_only():
    return "admin page for " + current_staff().name


@probe.get("/region/<code>")
@staff_required()
def in_region(code: str):
    require_region(code)
    return "case in " + code


@pytest.fixture
def app(app):
    if "staff" not in app.blueprints:  # harmless once create_app registers it
        app.register_blueprint(staff_bp)
    app.register_blueprint(probe)
    return app


def make_staff(db, username: str = "liulin", role: str = "township_reviewer",
               region: str = LIULIN, name: str = "李审核", password: str = PASSWORD,
               **kwargs) -> accounts.Staff:
    return accounts.create_staff(db, username, name, role, region, password, **kwargs)


def staff_sign_in(client, username: str = "liulin", password: str = PASSWORD,
                  next_url: str | None = None):
    url = "/staff/signin" + (f"?next={next_url}" if next_url else "")
    token = csrf(client.get(url))
    return client.post(url, data={"csrf_token": token, "username": username,
                                  "password": password})


def staff_sign_out(client):
    token = csrf(client.get("/staff/"))
    return client.post("/staff/signout", data={"csrf_token": token})


def field_error(response, name: str) -> str | None:
    node = page(response).select_one(f"#field-{name} .error")
    return node.get_text(strip=True) if node else None


def staff_cookie(client):
    return client.get_cookie("doudi_staff", path="/staff")


@pytest.fixture
def reviewer(db):
    """A township reviewer of 柳林乡."""
    return make_staff(db)


@pytest.fixture
def reviewer_client(app, reviewer):
    """A browser in which the 柳林乡 reviewer has signed in."""
    client = app.test_client()
    response = staff_sign_in(client)
    assert response.status_code == 302, page(response).get_text(" ", strip=True)
    return client


def post_step(client, case_id: int, action: str, **fields):
    """Take a step on the case page as the signed-in staff member would."""
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    return client.post(f"/staff/cases/{case_id}/{action}", data={"csrf_token": token, **fields})


def case_row(app, case_id: int):
    """The case as stored now."""
    return sql(app, "SELECT * FROM cases WHERE id = ?", case_id)[0]
