"""SQL on messages: the SMS outbox, delivery receipts, follow-ups in person, bulk sends, opt-outs
and inbound replies.

The outbox's claim, retry and finish are each one short statement; the dispatcher wraps them in
its own write transactions so that none is open while the provider is called."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sqlite_utils import Database

from webapp.store.engine import insert_row

# Not handed over at all, or handed over and never arrived. Written exactly as the partial index
# of migration 0017 says, so that the failed-deliveries list reads that index.
FAILED_SQL = "(o.status = 'failed' OR o.delivery_status IN ('undelivered', 'failed'))"
# Messages to staff: sign-in codes are the resident's own business and never listed.
SHOWN_SQL = "o.kind != 'code'"
FINAL_RECEIPTS = ("delivered", "undelivered", "failed", "canceled")


# --- the outbox -----------------------------------------------------------------------------

def has_key(db: Database, idempotency_key: str) -> bool:
    """Whether a message with this idempotency key was queued before."""
    return db.execute("SELECT 1 FROM outbox WHERE idempotency_key = ?",
                      [idempotency_key]).fetchone() is not None


def insert(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO outbox", row)


def next_due(db: Database, created: str, due_by: str, sending: str, stale_by: str,
             urgent_only: bool) -> int | None:
    """The id of the next message to send, urgent first: due, or claimed long ago by a worker
    that never finished it."""
    urgent = " AND urgent = 1" if urgent_only else ""
    row = db.execute(
        "SELECT id FROM outbox WHERE ((status = ? AND send_after <= ?) "
        f"OR (status = ? AND claimed_at <= ?)){urgent} ORDER BY urgent DESC, id LIMIT 1",
        [created, due_by, sending, stale_by]).fetchone()
    return row["id"] if row else None


def mark_claimed(db: Database, outbox_id: int, sending: str, at: str, provider: str) -> None:
    db.execute("UPDATE outbox SET status = ?, attempts = attempts + 1, claimed_at = ?, "
               "provider = ? WHERE id = ?", [sending, at, provider, outbox_id])


def get(db: Database, outbox_id: int) -> dict:
    return dict(db.execute("SELECT * FROM outbox WHERE id = ?", [outbox_id]).fetchone())


def reference_taken(db: Database, provider: str, provider_reference: str, outbox_id: int) -> bool:
    """Whether another message already carries this provider reference."""
    return db.execute("SELECT 1 FROM outbox WHERE provider = ? AND provider_reference = ? "
                      "AND id != ?", [provider, provider_reference, outbox_id]).fetchone() is not None


def retry_later(db: Database, outbox_id: int, *, status: str, error: str, send_after: str,
                was: str) -> None:
    """Put a message back in the queue after a failed attempt (if it is still `was`)."""
    db.execute("UPDATE outbox SET status = ?, error = ?, send_after = ? WHERE id = ? "
               "AND status = ?", [status, error, send_after, outbox_id, was])


def finish(db: Database, outbox_id: int, *, status: str, provider_reference: str | None,
           error: str | None, at: str, was: str) -> None:
    """Record how a claimed message ended (sent_at set when it was sent)."""
    db.execute(
        "UPDATE outbox SET status = ?, provider_reference = COALESCE(?, provider_reference), "
        "error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END "
        "WHERE id = ? AND status = ?",
        [status, provider_reference, error, status, at, outbox_id, was])


def recent(db: Database, limit: int = 200) -> list[dict]:
    return list(db.query("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", [limit]))


def for_submission(db: Database, submission_id: int, *, shown_only: bool = False) -> list[dict]:
    """A submission's messages, oldest first (without sign-in codes when `shown_only`)."""
    shown = f" AND {SHOWN_SQL}" if shown_only else ""
    return list(db.query(f"SELECT * FROM outbox o WHERE o.submission_id = ?{shown} ORDER BY o.id",
                         [submission_id]))


def last_known_outcome(db: Database, phone: str) -> sqlite3.Row | None:
    """The latest message shown to staff to this number whose outcome is known."""
    return db.execute(
        f"SELECT * FROM outbox o WHERE o.phone = ? AND {SHOWN_SQL} AND ({FAILED_SQL} "
        "OR o.delivery_status = 'delivered') ORDER BY o.id DESC LIMIT 1", [phone]).fetchone()


def rename_reference(db: Database, provider: str, old: str, new: str) -> None:
    """A provider's own id replaces the one we named a message by."""
    db.execute("UPDATE outbox SET provider_reference = ? WHERE provider = ? "
               "AND provider_reference = ?", [new, provider, old])


def undelivered(db: Database) -> list[dict]:
    """Messages that did not reach the phone (the reading of the 'notify in person' rule)."""
    return list(db.query(f"SELECT * FROM outbox o WHERE {FAILED_SQL} ORDER BY o.id DESC"))


# --- delivery receipts ----------------------------------------------------------------------

def by_provider_reference(db: Database, provider: str, provider_reference: str) -> sqlite3.Row | None:
    return db.execute("SELECT id, delivery_status FROM outbox WHERE provider = ? "
                      "AND provider_reference = ?", [provider, provider_reference]).fetchone()


def add_receipt(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO sms_receipts", row)


def set_delivery(db: Database, outbox_id: int, status: str, error_code: str | None, at: str) -> None:
    db.execute("UPDATE outbox SET delivery_status = ?, delivery_error = ?, delivery_at = ? "
               "WHERE id = ?", [status, error_code, at, outbox_id])


def expire_silent(db: Database, cutoff: str, at: str) -> int:
    """Messages sent before `cutoff` with no final receipt become undelivered; how many."""
    finals = ", ".join(f"'{s}'" for s in FINAL_RECEIPTS)
    return db.execute(
        "UPDATE outbox SET delivery_status = 'undelivered', delivery_error = 'no_receipt', "
        "delivery_at = ? WHERE status = 'sent' AND provider != 'console' AND sent_at <= ? "
        f"AND COALESCE(delivery_status, '') NOT IN ({finals})", [at, cutoff]).rowcount


# --- opt-outs -------------------------------------------------------------------------------

def save_opt_out(db: Database, phone: str, source: str, at: str) -> None:
    db["opt_outs"].upsert({"phone": phone, "source": source, "opted_out_at": at}, pk="phone")


def delete_opt_out(db: Database, phone: str) -> None:
    db.execute("DELETE FROM opt_outs WHERE phone = ?", [phone])


def opt_out_of(db: Database, phone: str) -> sqlite3.Row | None:
    """The number's opt-out (source, opted_out_at), or None."""
    return db.execute("SELECT source, opted_out_at FROM opt_outs WHERE phone = ?",
                      [phone]).fetchone()


def opted_out_among(db: Database, phones: Iterable[str]) -> set[str]:
    """Which of these numbers opted out (asked in one query per call: pass a batch)."""
    wanted = list(phones)
    if not wanted:
        return set()
    marks = ", ".join("?" * len(wanted))
    return {r[0] for r in db.execute(f"SELECT phone FROM opt_outs WHERE phone IN ({marks})",
                                     wanted)}


# --- inbound replies ------------------------------------------------------------------------

def inbound_seen(db: Database, provider: str, provider_reference: str) -> bool:
    return db.execute("SELECT 1 FROM inbound_sms WHERE provider = ? AND provider_reference = ?",
                      [provider, provider_reference]).fetchone() is not None


def add_inbound(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO inbound_sms", row)


# --- told in person (sms_followups) ---------------------------------------------------------

def followups_of(db: Database, outbox_ids: list[int]) -> list[sqlite3.Row]:
    """Who told the person, when and with what note, for each of these messages."""
    if not outbox_ids:
        return []
    marks = ", ".join("?" * len(outbox_ids))
    return db.execute("SELECT f.outbox_id, f.handled_at, f.note, s.name FROM sms_followups f "
                      f"JOIN staff s ON s.id = f.staff_id WHERE f.outbox_id IN ({marks})",
                      outbox_ids).fetchall()


def _pending_sql(column: str, before: bool) -> str:
    """Failed messages about cases of a region not yet told in person. The partial index on
    failed messages (0017) is read newest first (CROSS JOIN keeps the outbox the outer table:
    a region's cases are many, its failed messages few); each is joined to its case by
    submission_id, and the region is one indexed column of the case."""
    assert column in ("village_code", "township_code", "county_code")
    keyset = " AND o.id < :before" if before else ""
    return f"""
SELECT o.*, c.id AS case_id, c.reference AS case_reference, v.name AS village
FROM outbox o
CROSS JOIN cases c
LEFT JOIN regions v ON v.code = c.village_code
WHERE {FAILED_SQL} AND {SHOWN_SQL} AND c.submission_id = o.submission_id
  AND c.{column} = :region{keyset}
  AND NOT EXISTS (SELECT 1 FROM sms_followups f WHERE f.outbox_id = o.id)
ORDER BY o.id DESC"""


def pending(db: Database, column: str, region_code: str, *, before: int | None = None,
            limit: int = 50) -> list[sqlite3.Row]:
    """One page of a region's failed messages nobody acted on, newest first, below `before`."""
    params = {"region": region_code, "before": before, "limit": limit}
    return db.execute(_pending_sql(column, before is not None) + " LIMIT :limit", params).fetchall()


def count_pending(db: Database, column: str, region_code: str, up_to: int) -> int:
    """How many such messages there are, counted no further than `up_to`."""
    return db.execute(f"SELECT COUNT(*) FROM ({_pending_sql(column, False)} LIMIT :up_to)",
                      {"region": region_code, "up_to": up_to}).fetchone()[0]


def failed_case_of(db: Database, outbox_id: int, column: str, region_code: str) -> int | None:
    """The case a failed, listed message is about, if that case is in the region."""
    assert column in ("village_code", "township_code", "county_code")
    row = db.execute(
        "SELECT c.id FROM outbox o JOIN cases c ON c.submission_id = o.submission_id "
        f"WHERE o.id = :id AND {FAILED_SQL} AND {SHOWN_SQL} AND c.{column} = :region",
        {"id": outbox_id, "region": region_code}).fetchone()
    return row[0] if row else None


def add_followup(db: Database, outbox_id: int, case_id: int, staff_id: int, actor: str,
                 note: str | None, at: str) -> bool:
    """Record that someone told the person; False when it was recorded before."""
    return db.execute(
        "INSERT OR IGNORE INTO sms_followups (outbox_id, case_id, staff_id, actor, note, "
        "handled_at) VALUES (?, ?, ?, ?, ?, ?)",
        [outbox_id, case_id, staff_id, actor, note, at]).rowcount == 1


# --- bulk sends -----------------------------------------------------------------------------

def bulk_send_exists(db: Database, batch: str) -> bool:
    return db.execute("SELECT 1 FROM sms_bulk_sends WHERE batch = ?", [batch]).fetchone() is not None


def add_bulk_send(db: Database, row: dict) -> None:
    db["sms_bulk_sends"].insert(row)


def bulk_history(db: Database, region_codes: list[str], limit: int) -> list[dict]:
    """Past bulk sends to any of these regions, newest first, with who sent them."""
    if not region_codes:
        return []
    marks = ", ".join("?" * len(region_codes))
    return [dict(r) for r in db.execute(
        "SELECT b.*, s.name AS staff_name, g.name AS region_name FROM sms_bulk_sends b "
        "JOIN staff s ON s.id = b.staff_id LEFT JOIN regions g ON g.code = b.region_code "
        f"WHERE b.region_code IN ({marks}) ORDER BY b.id DESC LIMIT ?", [*region_codes, limit])]
