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
