"""Drafts and submissions: every step saved as it is answered, one submission per draft."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.services import audit
from webapp.store.engine import immediate
from webapp.web.i18n import _

DRAFT, SUBMITTED = "draft", "submitted"
# How a form is named in letters and SMS.
FORM_NAMES = {"application": _("社会救助申请"), "self_declaration": _("自主申报")}
STATUS_LABELS = {
    DRAFT: _("还没提交"),
    SUBMITTED: _("已提交，等待乡镇受理"),
}


class DraftNotFound(LookupError):
    """No draft with this id belongs to this resident."""


@dataclass
class Draft:
    id: int
    resident_id: int
    form: str
    status: str
    current_step: str | None
    answers: dict
    reference: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    filled_by: int | None = None  # the village assistant filling it on the resident's behalf

    @classmethod
    def from_row(cls, row: dict) -> Draft:
        data = {k: row[k] for k in cls.__dataclass_fields__ if k != "answers"}
        return cls(answers=json.loads(row["answers"] or "{}"), **data)

    @property
    def members(self) -> list[dict]:
        return self.answers.setdefault("members", [])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_or_resume(db: Database, resident_id: int, form: str, first_step: str) -> tuple[int, bool]:
    """The resident's unfinished draft of this form, or a new one. (id, resumed?)"""
    with immediate(db):
        row = db.execute("SELECT id FROM submissions WHERE resident_id = ? AND form = ? "
                         "AND status = ? ORDER BY id DESC LIMIT 1",
                         [resident_id, form, DRAFT]).fetchone()
        if row:
            return row[0], True
        now = _now()
        draft_id = db["submissions"].insert({
            "resident_id": resident_id, "form": form, "status": DRAFT,
            "current_step": first_step, "answers": "{}", "created_at": now, "updated_at": now,
        }).last_pk
        audit.record(db, f"resident:{resident_id}", "draft_started", f"submission:{draft_id}",
                     form=form)
    return draft_id, False


def load(db: Database, resident_id: int, draft_id: int) -> Draft:
    if not 0 < draft_id < 2**63:
        raise DraftNotFound(draft_id)
    rows = list(db.query("SELECT * FROM submissions WHERE id = ? AND resident_id = ?",
                         [draft_id, resident_id]))
    if not rows:
        raise DraftNotFound(draft_id)
    return Draft.from_row(rows[0])


def save(db: Database, draft: Draft, current_step: str | None = None) -> None:
    """Write the draft's answers (and where the resident got to)."""
    if current_step:
        draft.current_step = current_step
    with db.atomic():
        db.execute("UPDATE submissions SET answers = ?, current_step = ?, updated_at = ? "
                   "WHERE id = ? AND status = ?",
                   [json.dumps(draft.answers, ensure_ascii=False), draft.current_step, _now(),
                    draft.id, DRAFT])


def remove_member(draft: Draft, index: int) -> None:
    """Drop a member and move the later members' income answers up by one."""
    del draft.members[index]
    income = draft.answers.get("income") or {}
    shifted = {}
    for key, value in income.items():
        position = int(key)
        if position < index:
            shifted[key] = value
        elif position > index:
            shifted[str(position - 1)] = value
    draft.answers["income"] = shifted


def for_resident(db: Database, resident_id: int) -> list[Draft]:
    rows = db.query("SELECT * FROM submissions WHERE resident_id = ? "
                    "ORDER BY COALESCE(submitted_at, updated_at) DESC", [resident_id])
    return [Draft.from_row(r) for r in rows]


def by_reference(db: Database, resident_id: int, reference: str) -> Draft | None:
    rows = list(db.query("SELECT * FROM submissions WHERE reference = ? AND resident_id = ?",
                         [reference, resident_id]))
    return Draft.from_row(rows[0]) if rows else None


def latest_for_phone(db: Database, phone: str) -> Draft | None:
    """The newest submission (or draft) of the resident signed in with this phone."""
    rows = list(db.query(
        "SELECT s.* FROM submissions s JOIN residents r ON r.id = s.resident_id WHERE r.phone = ? "
        "ORDER BY (s.status = 'draft'), COALESCE(s.submitted_at, s.updated_at) DESC LIMIT 1",
        [phone]))
    return Draft.from_row(rows[0]) if rows else None
