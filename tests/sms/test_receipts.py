"""Receipts and bodies. A message with no final receipt 72 hours after it was sent counts as
undelivered and goes on the 'notify in person' list; no body carries a link unless allowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from webapp.sms import outbox, receipts


def sent_message(db, sid: str, hours_ago: float) -> str:
    with db.atomic():
        reference = outbox.enqueue(db, "13800138000", "submission_received",
                                   {"form_name": "自主申报", "reference": "K7M2Q9XD",
                                    "service": "兜底服务"}, signature="兜底服务")
        sent_at = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat(timespec="seconds")
        db.execute("UPDATE outbox SET provider = 'twilio', provider_reference = ?, "
                   "status = 'sent', sent_at = ? WHERE reference = ?", [sid, sent_at, reference])
    return reference


def status(db, reference: str) -> str | None:
    return db.execute("SELECT delivery_status FROM outbox WHERE reference = ?",
                      [reference]).fetchone()[0]


def test_silence_for_72_hours_counts_as_undelivered(db):
    silent = sent_message(db, "SM1", hours_ago=73)
    assert receipts.expire_silent(db) == 1
    assert status(db, silent) == "undelivered"
    assert [row["reference"] for row in receipts.undelivered(db)] == [silent]


def test_a_message_still_within_72_hours_is_left_waiting(db):
    waiting = sent_message(db, "SM2", hours_ago=70)
    receipts.record(db, "twilio", "SM2", "sent")
    assert receipts.expire_silent(db) == 0
    assert status(db, waiting) == "sent"


def test_a_delivered_message_is_never_marked_undelivered(db):
    delivered = sent_message(db, "SM3", hours_ago=100)
    receipts.record(db, "twilio", "SM3", "delivered")
    receipts.expire_silent(db)
    assert status(db, delivered) == "delivered"
    assert receipts.undelivered(db) == []


def test_a_late_receipt_does_not_undo_a_final_state(db):
    message = sent_message(db, "SM4", hours_ago=1)
    assert receipts.record(db, "twilio", "SM4", "delivered")
    assert not receipts.record(db, "twilio", "SM4", "sending")
    assert not receipts.record(db, "twilio", "SM4", "queued")
    assert status(db, message) == "delivered"
    kept = db.execute("SELECT COUNT(*) FROM sms_receipts WHERE provider_reference = 'SM4'")
    assert kept.fetchone()[0] == 3


def test_a_body_with_a_link_is_refused_unless_links_are_allowed(db):
    params = {"form_name": "自主申报", "reference": "K7M2Q9XD", "service": "doudi.example.cn"}
    with pytest.raises(ValueError, match="no URL"):
        outbox.enqueue(db, "13800138000", "submission_received", params, signature="兜底服务")
    assert outbox.enqueue(db, "13800138000", "submission_received", params,
                          signature="兜底服务", allow_urls=True)
