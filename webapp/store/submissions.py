"""SQL on forms as residents fill and sign them: submissions and their drafts' held posts,
signatures and letter texts, corrections, idempotency keys, consent codes and assistance
consents."""

from __future__ import annotations

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
