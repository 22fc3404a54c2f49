"""The worker against the Twilio stand-in: retries, permanent failures, expired codes, quiet
hours, a provider's rate, and lookups before resending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from webapp.sms import get_client, outbox
from webapp.sms.outbox import Dispatcher
from webapp.store.engine import connect

PHONE = "13800138000"


@pytest.fixture
def db(twilio_app):
    database = connect(twilio_app.config["DATABASE"])
    yield database
    database.close()


def queue(db, template: str = "submission_received", phone: str = PHONE, **params) -> str:
    params = params or {"form_name": "自主申报", "reference": "K7M2Q9XD", "service": "兜底服务"}
    with db.atomic():
        return outbox.enqueue(db, phone, template, params, signature="兜底服务")


def row(db, reference: str) -> dict:
    return next(db.query("SELECT * FROM outbox WHERE reference = ?", [reference]))


def dispatcher(app, db, **settings) -> Dispatcher:
    return Dispatcher(db, get_client(app.config), {**app.config, **settings})


def make_due(db, reference: str) -> None:
    with db.atomic():
        db.execute("UPDATE outbox SET send_after = ? WHERE reference = ?",
                   [(datetime.now(UTC) - timedelta(seconds=1)).isoformat(), reference])


def test_a_provider_error_is_retried_later_with_backoff(twilio_app, db, twilio_standin):
    reference = queue(db)
    twilio_standin.fail_next(1, status=500)
    dispatcher(twilio_app, db).deliver_pending()
    first = row(db, reference)
    assert first["status"] == "created" and first["attempts"] == 1
    wait = datetime.fromisoformat(first["send_after"]) - datetime.now(UTC)
    assert timedelta(seconds=20) < wait <= timedelta(seconds=31)
    make_due(db, reference)
    dispatcher(twilio_app, db).deliver_pending()
    assert row(db, reference)["status"] == "sent"
    assert len(twilio_standin.messages) == 1


def test_the_wait_doubles_after_each_failure(twilio_app, db, twilio_standin):
    reference = queue(db)
    waits = []
    for attempt in range(3):
        # from the second try on, the worker first asks whether Twilio has it: fail both calls
        twilio_standin.fail_next(1 if attempt == 0 else 2, status=503)
        dispatcher(twilio_app, db).deliver_pending()
        due = datetime.fromisoformat(row(db, reference)["send_after"])
        waits.append((due - datetime.now(UTC)).total_seconds())
        make_due(db, reference)
    assert waits[1] > 1.8 * waits[0] and waits[2] > 1.8 * waits[1]


def test_an_invalid_number_fails_at_once_with_the_reason(twilio_app, db, twilio_standin):
    twilio_standin.reject_numbers({"+8613800138000": 21211})
    reference = queue(db)
    dispatcher(twilio_app, db).deliver_pending()
    failed = row(db, reference)
    assert failed["status"] == "failed" and failed["attempts"] == 1
    assert "21211" in failed["error"]


def test_after_the_last_try_a_message_is_marked_failed(twilio_app, db, twilio_standin):
    reference = queue(db)
    twilio_standin.fail_next(10, status=500)
    for _ in range(3):
        dispatcher(twilio_app, db, SMS_MAX_ATTEMPTS=3).deliver_pending()
        make_due(db, reference)
    failed = row(db, reference)
    assert (failed["status"], failed["attempts"]) == ("failed", 3)
    assert failed["error"]


def test_an_expired_sign_in_code_is_never_sent(twilio_app, db, twilio_standin):
    reference = queue(db, "sign_in_code", code="123456")
    with db.atomic():
        db.execute("UPDATE outbox SET expires_at = ? WHERE reference = ?",
                   [(datetime.now(UTC) - timedelta(seconds=1)).isoformat(), reference])
    dispatcher(twilio_app, db).deliver_pending()
    assert (row(db, reference)["status"], row(db, reference)["error"]) == ("failed", "expired")
    assert twilio_standin.messages == []


def test_a_sign_in_code_carries_what_is_left_of_its_ten_minutes(twilio_app, db, twilio_standin):
    queue(db, "sign_in_code", code="123456")
    dispatcher(twilio_app, db).deliver_pending()
    assert 590 <= int(twilio_standin.messages[0].validity_period) <= 600


def test_in_quiet_hours_only_sign_in_codes_go_out(twilio_app, db, twilio_standin):
    notice = queue(db)
    code = queue(db, "sign_in_code", code="654321")
    dispatcher(twilio_app, db, SMS_QUIET_HOURS="00:00-23:59").deliver_pending()
    assert row(db, code)["status"] == "sent"
    assert row(db, notice)["status"] == "created"
    dispatcher(twilio_app, db, SMS_QUIET_HOURS="off").deliver_pending()
    assert row(db, notice)["status"] == "sent"


def test_a_message_whose_answer_was_lost_is_not_sent_twice(twilio_app, db, twilio_standin):
    reference = queue(db)
    twilio_standin.lose_replies(1)  # Twilio takes it, the answer never comes back
    dispatcher(twilio_app, db).deliver_pending()
    assert row(db, reference)["status"] == "created"
    make_due(db, reference)
    dispatcher(twilio_app, db).deliver_pending()
    sent = row(db, reference)
    assert sent["status"] == "sent"
    assert len(twilio_standin.messages) == 1
    assert sent["provider_reference"] == twilio_standin.messages[0].sid


def test_a_bulk_send_never_exceeds_the_providers_rate(twilio_app, db, twilio_standin):
    twilio_standin.limit_per_second = 100
    with db.atomic():
        for number in range(500):
            outbox.enqueue(db, f"139{number:08d}", "submission_received",
                           {"form_name": "自主申报", "reference": f"R{number:07d}",
                            "service": "兜底服务"}, signature="兜底服务")
    # The account's rate, set a little under what the provider enforces.
    sent = dispatcher(twilio_app, db, SMS_RATE_PER_SECOND=90).deliver_pending(limit=1000)
    assert sent == 500
    assert twilio_standin.over_limit == 0
    assert twilio_standin.peak_per_second <= 100
    assert len(twilio_standin.messages) == 500
