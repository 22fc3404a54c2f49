"""Reminders are computed by a scheduled job and each is sent once (RULES.md "Honest
reporting" asks residents to report changes; drafts left unfinished are nudged)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import csrf, deliver, sign_in

from webapp.sms import reminders
from webapp.store.engine import connect


def start_draft(client, app, phone: str) -> int:
    sign_in(client, app, phone)
    token_page = client.get("/start/self_declaration")

    location = client.post("/start/self_declaration/begin", data={"csrf_token": csrf(token_page)}).headers[
        "Location"
    ]
    return int(location.rsplit("/", 1)[1])


def age_draft(app, draft_id: int, days: float) -> None:
    db = connect(app.config["DATABASE"])
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with db.conn:
        db.conn.execute("UPDATE submissions SET updated_at = ? WHERE id = ?", [moment, draft_id])
    db.close()


def reminder_rows(app) -> list[dict]:
    db = connect(app.config["DATABASE"])
    rows = list(db.query("SELECT * FROM outbox WHERE kind = 'reminder' ORDER BY id"))
    db.close()
    return rows


def test_a_draft_left_for_two_days_gets_one_reminder(client, app):
    draft_id = start_draft(client, app, "13300133000")
    age_draft(app, draft_id, 2.1)
    db = connect(app.config["DATABASE"])
    assert reminders.run(db, app.config) == 1
    rows = reminder_rows(app)
    assert [r["template"] for r in rows] == ["draft_unfinished"]
    assert "还没填完" in rows[0]["body"] and "http" not in rows[0]["body"]


def test_running_the_scheduler_twice_sends_nothing_twice(client, app):
    draft_id = start_draft(client, app, "13300133001")
    age_draft(app, draft_id, 3)
    db = connect(app.config["DATABASE"])
    assert reminders.run(db, app.config) == 1
    assert reminders.run(db, app.config) == 0
    deliver(app)
    assert reminders.run(db, app.config) == 0
    assert len(reminder_rows(app)) == 1


def test_a_fresh_draft_is_not_reminded(client, app):
    draft_id = start_draft(client, app, "13300133002")
    age_draft(app, draft_id, 1)
    db = connect(app.config["DATABASE"])
    assert reminders.run(db, app.config) == 0


def test_a_draft_worked_on_again_and_left_again_is_reminded_again(client, app):
    draft_id = start_draft(client, app, "13300133003")
    age_draft(app, draft_id, 5)
    db = connect(app.config["DATABASE"])
    reminders.run(db, app.config)
    age_draft(app, draft_id, 2.5)  # saved again three days later, then left again
    assert reminders.run(db, app.config) == 1
    assert len(reminder_rows(app)) == 2


def test_a_reminder_to_a_number_that_opted_out_is_not_sent(client, app):
    draft_id = start_draft(client, app, "13300133004")
    page = client.get("/status")

    client.post("/reminders", data={"csrf_token": csrf(page), "reminders": "off"})
    age_draft(app, draft_id, 3)
    db = connect(app.config["DATABASE"])
    reminders.run(db, app.config)
    deliver(app)
    rows = reminder_rows(app)
    assert [(r["status"], r["error"]) for r in rows] == [("suppressed", "opted_out")]
