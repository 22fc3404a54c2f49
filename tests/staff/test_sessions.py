"""Staff sessions: their own cookie, a new token at sign-in, the idle limit, and no crossing over
to or from resident sessions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from conftest import page
from web.flows import move_back, sql

from webapp.app import create_app
from webapp.services import accounts
from webapp.staff import bp as staff_bp

from .conftest import make_staff, staff_cookie, staff_sign_in, staff_sign_out


def set_cookie_header(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi_staff=")]
    return cookie


def test_the_staff_cookie_is_http_only_strict_and_only_for_staff_pages(client, reviewer):
    cookie = set_cookie_header(staff_sign_in(client))

    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Path=/staff" in cookie
    assert "Secure" not in cookie  # SESSION_COOKIE_SECURE is off in tests


def test_the_staff_cookie_is_secure_by_default(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "other.db"), "SECRET_KEY": "other-secret"})
    if "staff" not in app.blueprints:
        app.register_blueprint(staff_bp)
    from webapp.store.engine import connect

    database = connect(app.config["DATABASE"])
    make_staff(database)
    database.close()

    assert "; Secure" in set_cookie_header(staff_sign_in(app.test_client()))


def test_only_a_hash_of_the_token_is_stored(reviewer_client, app):
    token = staff_cookie(reviewer_client).value

    [row] = sql(app, "SELECT token_hash FROM staff_sessions")
    assert row[0] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row[0]


def test_each_sign_in_gets_a_new_token_and_ends_the_old_session(reviewer_client, app):
    before = staff_cookie(reviewer_client).value

    staff_sign_in(reviewer_client)

    assert staff_cookie(reviewer_client).value != before
    ended = sql(app, "SELECT ended_at IS NOT NULL FROM staff_sessions ORDER BY id")
    assert [r[0] for r in ended] == [1, 0]


def test_signing_out_ends_the_session(reviewer_client, app):
    old = staff_cookie(reviewer_client).value

    response = staff_sign_out(reviewer_client)

    assert response.headers["Location"] == "/staff/signin"
    assert staff_cookie(reviewer_client) is None
    reviewer_client.set_cookie("doudi_staff", old, path="/staff")
    assert reviewer_client.get("/staff/").status_code == 302
    assert sql(app, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")[0][0] \
        == "staff_signed_out"


def test_signing_out_needs_the_csrf_token(reviewer_client):
    assert reviewer_client.post("/staff/signout").status_code == 400
    assert reviewer_client.get("/staff/").status_code == 200


def test_after_30_idle_minutes_the_session_has_ended(reviewer_client, app):
    move_back(app, "staff_sessions", ("last_seen",), timedelta(minutes=30))

    response = reviewer_client.get("/staff/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/signin?next=/staff/"
    assert staff_cookie(reviewer_client) is None
    signin = page(reviewer_client.get("/staff/signin")).get_text()
    assert "您已经30分钟没有操作，为了安全已经退出，请重新登录。" in signin


def test_a_request_within_the_idle_time_keeps_the_session(reviewer_client, app):
    move_back(app, "staff_sessions", ("last_seen",), timedelta(minutes=29))
    assert reviewer_client.get("/staff/").status_code == 200

    move_back(app, "staff_sessions", ("last_seen",), timedelta(minutes=29))
    assert reviewer_client.get("/staff/").status_code == 200


def test_the_idle_time_comes_from_the_configuration(reviewer_client, app):
    app.config["STAFF_SESSION_IDLE_MINUTES"] = 5
    move_back(app, "staff_sessions", ("last_seen",), timedelta(minutes=6))

    assert reviewer_client.get("/staff/").status_code == 302


def test_a_deactivated_account_loses_its_session(reviewer_client, reviewer, db):
    accounts.set_active(db, reviewer.id, False, actor="staff:99")

    assert reviewer_client.get("/staff/").status_code == 302


# --- residents and staff do not share sessions --------------------------------------------------

def test_a_signed_in_resident_is_sent_to_the_staff_sign_in(resident):
    assert resident.get("/status").status_code == 200

    response = resident.get("/staff/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/signin?next=/staff/"


def test_a_resident_cookie_used_as_a_staff_cookie_gives_nothing(resident, reviewer):
    resident.set_cookie("doudi_staff", resident.get_cookie("doudi").value, path="/staff")

    assert resident.get("/staff/").status_code == 302


def test_a_staff_session_gives_no_access_to_resident_pages(reviewer_client):
    token = staff_cookie(reviewer_client).value
    reviewer_client.set_cookie("doudi_staff", token, path="/")  # even if sent everywhere

    response = reviewer_client.get("/status")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin")


def test_a_staff_token_used_as_the_resident_cookie_gives_nothing(reviewer_client):
    reviewer_client.set_cookie("doudi", staff_cookie(reviewer_client).value)

    assert reviewer_client.get("/status").status_code == 302


def test_two_gets_within_a_minute_do_not_write_last_seen_again(reviewer_client, app):
    assert reviewer_client.get("/staff/").status_code == 200
    move_back(app, "staff_sessions", ("last_seen",), timedelta(seconds=30))
    [seen] = sql(app, "SELECT last_seen FROM staff_sessions WHERE ended_at IS NULL")
    assert reviewer_client.get("/staff/").status_code == 200
    assert sql(app, "SELECT last_seen FROM staff_sessions WHERE ended_at IS NULL") == [seen]
    move_back(app, "staff_sessions", ("last_seen",), timedelta(seconds=40))  # 70 s in all
    assert reviewer_client.get("/staff/").status_code == 200
    assert sql(app, "SELECT last_seen FROM staff_sessions WHERE ended_at IS NULL") != [seen]


def test_the_idle_sign_out_still_happens_after_unwritten_gets(reviewer_client, app):
    assert reviewer_client.get("/staff/").status_code == 200
    assert reviewer_client.get("/staff/").status_code == 200
    move_back(app, "staff_sessions", ("last_seen",), timedelta(minutes=30))
    response = reviewer_client.get("/staff/")
    assert response.status_code == 302 and staff_cookie(reviewer_client) is None
