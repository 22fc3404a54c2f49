"""The household's answers on the staff case page: the same sections the household file prints
(webapp/services/household_file.py sections — applicant, members with their ID numbers, incomes,
property and the rest, every answer in words), and the office's findings at the preliminary
opinion. The case page is the case file for staff of its region, as the printed file is, so ID
numbers are shown in full there too; the phone number stays masked, as everywhere on the case
page (its SMS section)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from webapp.domain.otp import mask_phone
from webapp.services import household_file, submissions
from webapp.store.cases import Case


def for_case(db: Database, case: Case) -> dict:
    """The sections of answers, and the findings recorded with the opinion ({} before it)."""
    draft = submissions.get(db, case.submission_id)
    recorded = json.loads(case.assessment).get("findings") if case.assessment else None
    return {"sections": household_file.sections(draft, on_screen) if draft else [],
            "findings": recorded if isinstance(recorded, dict) else {}}


def on_screen(field) -> str:
    """An answer as the household file words it, the phone number masked (138****8000)."""
    if field.name == "phone" and field.data:
        return mask_phone(str(field.data))
    return household_file.shown(field)
