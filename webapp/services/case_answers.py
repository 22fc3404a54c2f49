"""The household's answers on the staff case page: the same sections the household file prints
(webapp/services/household_file.py sections — applicant, members with their ID numbers, incomes,
property and the rest, every answer in words), and the office's findings at the preliminary
opinion. ID numbers and the phone number are masked as everywhere on the case page (its heading,
its SMS section): the full numbers are in the printed household file, whose every print is
audited."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlite_utils import Database

from webapp.domain.id_number import mask_id_number
from webapp.domain.otp import mask_phone
from webapp.flows.base import MEMBERS
from webapp.flows.fields import IdNumberField
from webapp.services import findings, household_file, submissions
from webapp.store.cases import Case


def for_case(db: Database, case: Case) -> dict:
    """The sections of answers, and the findings recorded with the opinion ({} before it)."""
    draft = submissions.get(db, case.submission_id)
    recorded = json.loads(case.assessment).get("findings") if case.assessment else None
    shown = household_file.sections(draft, on_screen) if draft else []
    found = recorded if isinstance(recorded, dict) else {}
    return {"sections": [_masked_members(s) if s.kind == MEMBERS else s for s in shown],
            "findings": found, "finding_sections": findings.sections_of(found)}


def on_screen(field) -> str:
    """An answer as the household file words it, ID and phone numbers masked (138****8000)."""
    if isinstance(field, IdNumberField) and field.data:
        return mask_id_number(field.data)
    if field.name == "phone" and field.data:
        return mask_phone(str(field.data))
    return household_file.shown(field)


def _masked_members(section: household_file.Section) -> household_file.Section:
    members = [replace(m, id_number=mask_id_number(m.id_number) if m.id_number else "")
               for m in section.content]
    return replace(section, content=members)
