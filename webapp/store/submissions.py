"""SQL on forms as residents fill and sign them: submissions and their drafts' held posts,
signatures and letter texts, corrections, idempotency keys, consent codes and assistance
consents."""

from __future__ import annotations

import json

from sqlite_utils import Database


def applicant_for_case(db: Database, submission_id: int) -> dict:
    """What a case copies when it opens: the submission's reference, time, answers and the
    resident's phone."""
    row = db.execute("SELECT s.reference, s.submitted_at, s.answers, r.phone FROM submissions s "
                     "JOIN residents r ON r.id = s.resident_id WHERE s.id = ?",
                     [submission_id]).fetchone()
    return dict(row)


def reference_and_phone(db: Database, submission_id: int) -> dict:
    """The submission's reference and its resident's phone now, for an SMS about it."""
    row = db.execute("SELECT s.reference, r.phone FROM submissions s JOIN residents r "
                     "ON r.id = s.resident_id WHERE s.id = ?", [submission_id]).fetchone()
    return dict(row)


def answers_of(db: Database, submission_id: int) -> dict:
    """The submission's answers."""
    return json.loads(db.execute("SELECT answers FROM submissions WHERE id = ?",
                                 [submission_id]).fetchone()[0])


def heading_of(db: Database, submission_id: int) -> dict:
    """What a case page's heading names: reference, form and time of submission."""
    return dict(db.execute("SELECT reference, form, submitted_at FROM submissions WHERE id = ?",
                           [submission_id]).fetchone())


def idle_drafts(db: Database, cutoff: str) -> list[dict]:
    """Drafts untouched since `cutoff`, with the resident's phone."""
    return [dict(r) for r in db.execute(
        "SELECT s.id, s.form, s.updated_at, r.phone FROM submissions s "
        "JOIN residents r ON r.id = s.resident_id "
        "WHERE s.status = 'draft' AND s.updated_at <= ?", [cutoff])]
# --- appended by the messages part of issue 8 (webapp/sms/followup.py) ---------------------

def resident_phone(db, submission_id: int) -> str | None:
    """The number of the resident who made a submission (where its messages go)."""
    row = db.execute("SELECT r.phone FROM submissions s JOIN residents r ON r.id = s.resident_id "
                     "WHERE s.id = ?", [submission_id]).fetchone()
    return row[0] if row else None


def consent_code_tries(db, code_id: int, tries: int) -> None:
    """A wrong try at a consent code (services/signin.use_code, shared by both kinds of code)."""
    db.execute("UPDATE consent_codes SET wrong_tries = ? WHERE id = ?", [tries, code_id])


def consent_code_used(db, code_id: int, at: str) -> None:
    """A consent code accepted: it cannot be used again."""
    db.execute("UPDATE consent_codes SET used_at = ? WHERE id = ?", [at, code_id])
