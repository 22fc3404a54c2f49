"""SQL on forms as residents fill and sign them: submissions and their drafts' held posts,
signatures and letter texts, corrections, idempotency keys, consent codes and assistance
consents."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from sqlite_utils import Database

from webapp.domain.case_machine import Group, in_group
from webapp.store.engine import insert_row


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
DRAFT, SUBMITTED = "draft", "submitted"
Row = sqlite3.Row


def _one(db: Database, sql: str, params: Iterable) -> Row | None:
    return db.execute(sql, list(params)).fetchone()


def _all(db: Database, sql: str, params: Iterable) -> list[Row]:
    return db.execute(sql, list(params)).fetchall()


def _in_group(group: Group, alias: str) -> tuple[str, list[str]]:
    """`(c.machine = ? AND c.state IN (?, …)) OR …` for the states of a named group."""
    parts, params = [], []
    for machine, states in sorted(in_group(group).items()):
        parts.append(f"({alias}.machine = ? AND {alias}.state IN ({', '.join('?' * len(states))}))")
        params += [machine, *sorted(states)]
    return "(" + (" OR ".join(parts) or "0 = 1") + ")", params


# --- drafts and submissions -------------------------------------------------------------------

# A draft as its pages show it, in one query: the resident's phone (the contact number's first
# value) and village, whether what they typed on a page (`?` = its path) is held for them
# (webapp/services/held_posts.py), and how many photos are attached (the check page reads
# their list only when there are some: webapp/services/photos.py).
_PAGE_DRAFT = """
SELECT s.*, r.phone AS resident_phone, r.village_code AS resident_village,
       EXISTS (SELECT 1 FROM held_posts h WHERE h.resident_id = s.resident_id AND h.path = ?) AS held,
       (SELECT count(*) FROM submission_photos p WHERE p.submission_id = s.id) AS photo_count
FROM submissions s JOIN residents r ON r.id = s.resident_id
"""


def newest_draft(db: Database, resident_id: int, form: str) -> Row | None:
    """The resident's newest unfinished draft of a form: its id and who fills it."""
    return _one(db, "SELECT id, filled_by FROM submissions WHERE resident_id = ? AND form = ? "
                    "AND status = ? ORDER BY id DESC LIMIT 1", [resident_id, form, DRAFT])


def insert_draft(db: Database, columns: dict) -> int:
    """A new draft; its id."""
    return insert_row(db, "INSERT INTO submissions", {"status": DRAFT, **columns})


def draft_of_resident(db: Database, draft_id: int, resident_id: int,
                      page: str | None = None) -> Row | None:
    """A resident's draft or submission, with what its pages show besides the answers."""
    return _one(db, _PAGE_DRAFT + "WHERE s.id = ? AND s.resident_id = ?",
                [page, draft_id, resident_id])


def draft_filled_by(db: Database, draft_id: int, staff_id: int) -> Row | None:
    """A draft or submission a village assistant fills, as draft_of_resident."""
    return _one(db, _PAGE_DRAFT + "WHERE s.id = ? AND s.filled_by = ?", [None, draft_id, staff_id])


def open_draft(db: Database, draft_id: int) -> Row | None:
    """An unfinished draft, whoever fills it, as draft_of_resident."""
    return _one(db, _PAGE_DRAFT + "WHERE s.id = ? AND s.status = ?", [None, draft_id, DRAFT])


def submission(db: Database, submission_id: int) -> Row | None:
    """A submission's own columns."""
    return _one(db, "SELECT * FROM submissions WHERE id = ?", [submission_id])


def draft_by_id(db: Database, submission_id: int) -> Row | None:
    """A draft or submission, whoever it belongs to, as draft_of_resident."""
    return _one(db, _PAGE_DRAFT + "WHERE s.id = ?", [None, submission_id])


def save_draft(db: Database, draft_id: int, answers: str, current_step: str | None, now: str) -> None:
    """Write a draft's answers and where its filler got to (a submitted form is left alone)."""
    db.execute("UPDATE submissions SET answers = ?, current_step = ?, updated_at = ? "
               "WHERE id = ? AND status = ?", [answers, current_step, now, draft_id, DRAFT])


def replace_answers(db: Database, submission_id: int, answers: str, now: str) -> None:
    """A submitted form's answers as corrected."""
    db.execute("UPDATE submissions SET answers = ?, updated_at = ? WHERE id = ? AND status = ?",
               [answers, now, submission_id, SUBMITTED])


def mark_submitted(db: Database, draft_id: int, reference: str, now: str) -> bool:
    """Submit a draft under its reference; False when it was submitted already."""
    return db.execute("UPDATE submissions SET status = ?, reference = ?, submitted_at = ?, "
                      "updated_at = ?, current_step = NULL WHERE id = ? AND status = ?",
                      [SUBMITTED, reference, now, now, draft_id, DRAFT]).rowcount == 1


def reference_taken(db: Database, reference: str) -> bool:
    return _one(db, "SELECT 1 FROM submissions WHERE reference = ?", [reference]) is not None


def hand_over(db: Database, draft_id: int, staff_id: int, now: str) -> bool:
    """A village assistant fills the draft from now on; False when it is no longer a draft."""
    return db.execute("UPDATE submissions SET filled_by = ?, updated_at = ? "
                      "WHERE id = ? AND status = ?", [staff_id, now, draft_id, DRAFT]).rowcount == 1


def of_resident(db: Database, resident_id: int) -> list[Row]:
    """Every draft and submission of a resident, the latest first."""
    return _all(db, "SELECT * FROM submissions WHERE resident_id = ? "
                    "ORDER BY COALESCE(submitted_at, updated_at) DESC", [resident_id])


def by_reference(db: Database, resident_id: int, reference: str) -> Row | None:
    return _one(db, "SELECT * FROM submissions WHERE reference = ? AND resident_id = ?",
                [reference, resident_id])


def latest_for_phone(db: Database, phone: str) -> Row | None:
    """The newest submission (or else draft) of the resident signed in with this phone."""
    return _one(db, "SELECT s.* FROM submissions s JOIN residents r ON r.id = s.resident_id "
                    "WHERE r.phone = ? ORDER BY (s.status = ?), "
                    "COALESCE(s.submitted_at, s.updated_at) DESC LIMIT 1", [phone, DRAFT])


def people(db: Database, submission_id: int) -> Row | None:
    """A submission's form and answers, its resident's phone, and the assistant who fills it."""
    return _one(db, "SELECT s.form, s.answers, s.filled_by, r.phone, t.name AS staff_name, "
                    "t.role AS staff_role FROM submissions s "
                    "JOIN residents r ON r.id = s.resident_id "
                    "LEFT JOIN staff t ON t.id = s.filled_by WHERE s.id = ?", [submission_id])


# --- held posts -------------------------------------------------------------------------------

def hold_post(db: Database, resident_id: int, path: str, form: str, now: str) -> None:
    """Keep what was posted to a page (one per page: the newest)."""
    db.execute("DELETE FROM held_posts WHERE resident_id = ? AND path = ?", [resident_id, path])
    insert_row(db, "INSERT INTO held_posts", {"resident_id": resident_id, "path": path, "form": form,
                                           "created_at": now})


def held_post(db: Database, resident_id: int, path: str, since: str) -> Row | None:
    return _one(db, "SELECT id, form FROM held_posts WHERE resident_id = ? AND path = ? "
                    "AND created_at > ? ORDER BY id DESC LIMIT 1", [resident_id, path, since])


def drop_held_posts(db: Database, resident_id: int, path: str, since: str) -> None:
    """Forget what was held for this page, and whatever older than `since`."""
    db.execute("DELETE FROM held_posts WHERE resident_id = ? AND (path = ? OR created_at <= ?)",
               [resident_id, path, since])


# --- letters and signatures -------------------------------------------------------------------

def letter_text_sha(db: Database, kind: str, version: int) -> str | None:
    row = _one(db, "SELECT sha256 FROM letter_texts WHERE kind = ? AND version = ?", [kind, version])
    return row[0] if row else None


def insert_letter_text(db: Database, columns: dict) -> None:
    insert_row(db, "INSERT INTO letter_texts", columns)


def insert_signature(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO signatures", columns)


def signatures(db: Database, submission_id: int) -> list[dict]:
    return [dict(r) for r in _all(db, "SELECT * FROM signatures WHERE submission_id = ? ORDER BY id",
                                  [submission_id])]


# --- corrections ------------------------------------------------------------------------------

def _open_corrections(where: str) -> tuple[str, list[str]]:
    waiting, params = _in_group(Group.WAITING_FOR_APPLICANT, "c")
    return f"""
SELECT q.*, s.form, s.reference FROM correction_requests q
JOIN cases c ON c.id = q.case_id AND {waiting}
JOIN submissions s ON s.id = q.submission_id
WHERE q.id = (SELECT MAX(id) FROM correction_requests WHERE submission_id = q.submission_id)
  AND NOT EXISTS (SELECT 1 FROM correction_resubmissions r WHERE r.request_id = q.id)
  AND {where}""", params


def open_correction(db: Database, submission_id: int) -> Row | None:
    """The correction awaited for a submission, with the submission's form and reference."""
    sql, params = _open_corrections("q.submission_id = ?")
    return _one(db, sql, [*params, submission_id])


def open_corrections_of_resident(db: Database, resident_id: int) -> list[Row]:
    sql, params = _open_corrections("s.resident_id = ?")
    return _all(db, sql, [*params, resident_id])


def insert_correction_request(db: Database, columns: dict, answers: str, now: str) -> int:
    """A request to correct, and its working copy of the answers (as they are now)."""
    request_id = insert_row(db, "INSERT INTO correction_requests", columns)
    insert_row(db, "INSERT INTO correction_answers", {"request_id": request_id, "answers": answers,
                                                   "updated_at": now})
    return request_id


def correction_answers(db: Database, request_id: int) -> str | None:
    row = _one(db, "SELECT answers FROM correction_answers WHERE request_id = ?", [request_id])
    return row[0] if row else None


def save_correction_answers(db: Database, request_id: int, answers: str, now: str) -> None:
    db.execute("UPDATE correction_answers SET answers = ?, updated_at = ? WHERE request_id = ?",
               [answers, now, request_id])


def resubmitted(db: Database, request_id: int) -> bool:
    return _one(db, "SELECT 1 FROM correction_resubmissions WHERE request_id = ?",
                [request_id]) is not None


def insert_resubmission(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO correction_resubmissions", columns)


def correction_requests_of_case(db: Database, case_id: int) -> list[Row]:
    return _all(db, "SELECT q.*, s.form FROM correction_requests q JOIN submissions s "
                    "ON s.id = q.submission_id WHERE q.case_id = ?", [case_id])


def resubmissions_of_case(db: Database, case_id: int) -> list[Row]:
    return _all(db, "SELECT event_id, changes FROM correction_resubmissions WHERE case_id = ?",
                [case_id])


# --- idempotency keys -------------------------------------------------------------------------

def forget_keys(db: Database, before: str) -> None:
    db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", [before])


def idempotency_key(db: Database, owner: str, key: str) -> Row | None:
    return _one(db, "SELECT * FROM idempotency_keys WHERE owner = ? AND key = ?", [owner, key])


def claim_key(db: Database, owner: str, key: str, request_hash: str, method: str, path: str,
              now: str) -> bool:
    """Claim a key for a first request; False when another request claimed it just now."""
    try:
        db.execute("INSERT INTO idempotency_keys (owner, key, request_hash, method, path, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                   [owner, key, request_hash, method, path, now])
    except sqlite3.IntegrityError:
        return False
    return True


def reclaim_key(db: Database, key_id: int, now: str) -> None:
    """Take over a key whose first request was lost."""
    db.execute("UPDATE idempotency_keys SET created_at = ? WHERE id = ?", [now, key_id])


def count_replay(db: Database, key_id: int) -> None:
    db.execute("UPDATE idempotency_keys SET replayed = replayed + 1 WHERE id = ?", [key_id])


def keep_response(db: Database, owner: str, key: str, status: int, location: str | None,
                  content_type: str | None, body: bytes, now: str) -> None:
    db.execute("UPDATE idempotency_keys SET status = ?, location = ?, content_type = ?, "
               "body = ?, completed_at = ? WHERE owner = ? AND key = ? AND status IS NULL",
               [status, location, content_type, body, now, owner, key])


def release_key(db: Database, owner: str, key: str) -> None:
    db.execute("DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND status IS NULL",
               [owner, key])


# --- consent codes and assistance consents ----------------------------------------------------

def consent_codes_to_phone(db: Database, phone: str, since: str) -> list[str]:
    """When consent codes went to a phone since a moment."""
    return [r[0] for r in _all(db, "SELECT created_at FROM consent_codes WHERE phone = ? "
                                   "AND created_at > ?", [phone, since])]


def consent_codes_by_staff(db: Database, staff_id: int, since: str) -> list[str]:
    """When an assistant had consent codes sent since a moment."""
    return [r[0] for r in _all(db, "SELECT created_at FROM consent_codes WHERE staff_id = ? "
                                   "AND created_at > ?", [staff_id, since])]


def insert_consent_code(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO consent_codes", columns)


def newest_consent_code(db: Database, purpose: str, submission_id: int, phone: str) -> Row | None:
    return _one(db, "SELECT * FROM consent_codes WHERE purpose = ? AND submission_id = ? "
                    "AND phone = ? ORDER BY id DESC LIMIT 1", [purpose, submission_id, phone])


def insert_assistance_consent(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO assistance_consents", columns)

# Drafts for the village assistant's page

_VILLAGE_OF_DRAFT = ("COALESCE(json_extract(s.answers, '$.residence.village'), "
                     "json_extract(s.answers, '$.declarant.village'), "
                     "json_extract(s.answers, '$.place.village'), "
                     "r.village_code)")


def village_drafts(db: Database, village_code: str, limit: int) -> list[dict]:
    """A village's unfinished drafts, last saved first, at most `limit`: along the (status,
    updated_at) index, so only drafts are read."""
    rows = db.execute(
        "SELECT s.id, s.form, s.updated_at, s.filled_by, s.answers, r.phone, r.village_code, "
        "t.name AS filled_by_name FROM submissions s JOIN residents r ON r.id = s.resident_id "
        "LEFT JOIN staff t ON t.id = s.filled_by "
        f"WHERE s.status = 'draft' AND {_VILLAGE_OF_DRAFT} = ? ORDER BY s.updated_at DESC LIMIT ?",
        [village_code, limit]).fetchall()
    return [dict(r) for r in rows]


def page_of_resident(db: Database, resident_id: int, offset: int, limit: int) -> list[Row]:
    """One page of the resident's drafts and submissions, newest first (the resident_id index;
    a resident has a handful)."""
    return _all(db, "SELECT * FROM submissions WHERE resident_id = ? "
                    "ORDER BY COALESCE(submitted_at, updated_at) DESC, id DESC LIMIT ? OFFSET ?",
                [resident_id, limit, offset])
