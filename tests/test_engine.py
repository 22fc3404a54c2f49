"""The database connection: one per thread and file, reused by its requests, always clean."""

from __future__ import annotations

import threading

import pytest

from webapp import create_app
from webapp.store import engine
from webapp.store.engine import get_db


def make_app(path) -> object:
    return create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "test-secret",
                       "SESSION_COOKIE_SECURE": False})


def request_connection(app):
    with app.test_request_context("/"):
        return get_db()


def test_requests_on_one_thread_reuse_its_connection(app):
    assert request_connection(app) is request_connection(app)


def test_apps_on_different_files_use_different_connections(app, tmp_path):
    other = make_app(tmp_path / "other.db")
    assert request_connection(app) is not request_connection(other)


def test_another_thread_gets_its_own_connection(app):
    seen = []
    worker = threading.Thread(target=lambda: seen.append(request_connection(app)))
    worker.start()
    worker.join()
    assert seen[0] is not request_connection(app)


def test_a_failed_request_leaves_no_transaction_behind(app):
    def failing():
        db = get_db()
        db.conn.execute("BEGIN")
        db.execute("INSERT INTO regions (code, name, level) VALUES ('x1', 'x', 'village')")
        raise RuntimeError("the request fails half-way")

    app.add_url_rule("/fails", "fails", failing)
    with pytest.raises(RuntimeError):
        app.test_client().get("/fails")
    db = request_connection(app)
    assert not db.conn.in_transaction
    assert db.execute("SELECT count(*) FROM regions WHERE code = 'x1'").fetchone()[0] == 0


def test_a_finished_threads_connection_is_closed_when_the_next_opens(app, tmp_path):
    seen = []
    worker = threading.Thread(target=lambda: seen.append(request_connection(app)))
    worker.start()
    worker.join()
    request_connection(make_app(tmp_path / "next.db"))
    with pytest.raises(Exception, match="closed"):
        seen[0].execute("SELECT 1")


def test_one_thread_keeps_only_the_files_it_used_last(tmp_path):
    first = request_connection(make_app(tmp_path / "first.db"))
    for n in range(engine.PER_THREAD):
        request_connection(make_app(tmp_path / f"later{n}.db"))
    with pytest.raises(Exception, match="closed"):
        first.execute("SELECT 1")


def test_closing_all_closes_the_pooled_connections(app):
    db = request_connection(app)
    engine.close_all()
    with pytest.raises(Exception, match="closed"):
        db.execute("SELECT 1")
    assert request_connection(app) is not db
