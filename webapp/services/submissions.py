"""Drafts and submissions: every step saved as it is answered, one submission per draft."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.services import audit, form_metrics
from webapp.store import submissions as store
from webapp.store.engine import immediate
from webapp.store.submissions import DRAFT, SUBMITTED
from webapp.web.i18n import _

# How a form is named in letters and SMS.
FORM_NAMES = {"application": _("社会救助申请"), "self_declaration": _("自主申报"),
              "temporary_aid": _("临时救助申请")}
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
    # Read with the draft for its pages (store.submissions.draft_of_resident), else None:
    resident_phone: str | None = None  # the phone the resident signs in with
    resident_village: str | None = None  # the village the resident was registered in
    held: bool | None = None  # whether what the resident typed on the page is held for them
    photo_count: int | None = None  # photos attached (webapp/services/photos.py)

    @classmethod
    def from_row(cls, row) -> Draft:
        present = set(row.keys())
        data = {k: row[k] for k in cls.__dataclass_fields__ if k != "answers" and k in present}
        return cls(answers=json.loads(row["answers"] or "{}"), **data)

    @property
    def members(self) -> list[dict]:
        return self.answers.setdefault("members", [])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_or_resume(db: Database, resident_id: int, form: str, first_step: str) -> tuple[int, bool]:
    """The resident's unfinished draft of this form, or a new one. (id, resumed?)"""
    with immediate(db):
        row = store.newest_draft(db, resident_id, form)
        if row:
            return row["id"], True
        now = _now()
        draft_id = store.insert_draft(db, {
            "resident_id": resident_id, "form": form, "current_step": first_step,
            "answers": "{}", "created_at": now, "updated_at": now})
        audit.record(db, f"resident:{resident_id}", "draft_started", f"submission:{draft_id}",
                     form=form)
        form_metrics.started(db, draft_id, form, now)
    return draft_id, False


def load(db: Database, resident_id: int, draft_id: int, page: str | None = None) -> Draft:
    """The resident's draft or submission, in one query with what its pages show (`held`:
    whether what they typed on `page` is held for them)."""
    row = store.draft_of_resident(db, draft_id, resident_id, page) if 0 < draft_id < 2**63 else None
    if row is None:
        raise DraftNotFound(draft_id)
    return Draft.from_row(row)


def save(db: Database, draft: Draft, current_step: str | None = None,
         saved: str | None = None) -> None:
    """Write the draft's answers (and where the resident got to); `saved` names the page whose
    save moves the resident on, for the form metrics."""
    if current_step:
        draft.current_step = current_step
    now = _now()
    with db.atomic():
        if saved:
            form_metrics.page_saved(db, draft, saved, now)
        store.save_draft(db, draft.id, json.dumps(draft.answers, ensure_ascii=False),
                         draft.current_step, now)


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
    return [Draft.from_row(r) for r in store.of_resident(db, resident_id)]


def by_reference(db: Database, resident_id: int, reference: str) -> Draft | None:
    row = store.by_reference(db, resident_id, reference)
    return Draft.from_row(row) if row else None


def latest_for_phone(db: Database, phone: str) -> Draft | None:
    """The newest submission (or draft) of the resident signed in with this phone."""
    row = store.latest_for_phone(db, phone)
    return Draft.from_row(row) if row else None


def get(db: Database, submission_id: int) -> Draft | None:
    """A submission by id, whoever it belongs to (for staff, who reach it through its case)."""
    row = store.draft_by_id(db, submission_id)
    return Draft.from_row(row) if row else None
