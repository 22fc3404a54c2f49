"""Ending a session: signing out is not reported as the 30-minute idle limit."""

from __future__ import annotations

from datetime import timedelta

from conftest import page, sign_in
from web.flows import move_back, sql

from webapp.store.engine import connect


def test_a_cookie_replayed_after_signing_out_is_not_told_it_was_idle(client, app):
    sign_in(client, app, "13600136000")
    old_cookie = client.get_cookie("doudi").value
    token = page(client.get("/")).find("input", {"name": "csrf_token"})["value"]
    client.post("/signout", data={"csrf_token": token})
    client.set_cookie("doudi", old_cookie)
    response = client.get("/status")
    assert response.status_code == 302
    signin_page = page(client.get(response.headers["Location"])).get_text()
    assert "30分钟" not in signin_page
    assert "用手机号码登录" in signin_page


def data_version(watcher) -> int:
    """Changes whenever another connection commits a write to the database file."""
    return watcher.execute("PRAGMA data_version").fetchone()[0]


def test_two_gets_within_a_minute_write_nothing_the_second_time(client, app):
    sign_in(client, app, "13600136001")
    assert client.get("/status").status_code == 200
    move_back(app, "resident_sessions", ("last_seen",), timedelta(seconds=30))
    watcher = connect(app.config["DATABASE"])
    before = data_version(watcher)
    [seen] = sql(app, "SELECT last_seen FROM resident_sessions WHERE ended_at IS NULL")
    assert client.get("/status").status_code == 200
    assert data_version(watcher) == before
    assert sql(app, "SELECT last_seen FROM resident_sessions WHERE ended_at IS NULL") == [seen]
    watcher.close()


def test_a_get_a_minute_after_the_last_write_keeps_the_session_alive(client, app):
    sign_in(client, app, "13600136002")
    move_back(app, "resident_sessions", ("last_seen",), timedelta(minutes=29))
    assert client.get("/status").status_code == 200  # written: a minute or more had passed
    move_back(app, "resident_sessions", ("last_seen",), timedelta(minutes=2))
    assert client.get("/status").status_code == 200  # 2 minutes since the write above


def test_the_idle_sign_out_still_happens_after_unwritten_gets(client, app):
    sign_in(client, app, "13600136003")
    assert client.get("/status").status_code == 200
    assert client.get("/status").status_code == 200
    move_back(app, "resident_sessions", ("last_seen",), timedelta(minutes=30))
    response = client.get("/status")
    assert response.status_code == 302
    assert "30分钟" in page(client.get(response.headers["Location"])).get_text()
