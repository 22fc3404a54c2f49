"""What the village assistant's page lists for their village: the households with their
submissions, drafts in progress (their own and residents'), cases waiting for a correction,
people to tell in person (no phone, opted out, or messages that failed) and the home visits
coming up. No Flask: webapp/staff/assistant_views.py shows it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlite_utils import Database

from webapp.domain.id_number import mask_id_number
from webapp.services import corrections
from webapp.services.on_behalf import PERSON_OF, PREFILL, VILLAGE_OF
from webapp.sms import followup

if TYPE_CHECKING:
    from webapp.staff.accounts import Staff


def _json_path(paths: dict[str, tuple[str, str]]) -> str:
    whens = " ".join(f"WHEN '{form}' THEN json_extract(s.answers, '$.{a}.{b}')"
                     for form, (a, b) in paths.items())
    return f"CASE s.form {whens} END"


_PERSON = {form: (section, "name") for form, section in PERSON_OF.items()}
_ID = {form: (section, "id_number") for form, section in PERSON_OF.items()}
# Every village at or below the staff member's region.
_COVERED = """WITH RECURSIVE covered(code) AS (
    SELECT code FROM regions WHERE code = :region
    UNION SELECT r.code FROM regions r JOIN covered c ON r.parent_code = c.code)"""
_CASES = f"""{_COVERED}
SELECT c.*, s.reference, s.form, s.submitted_at, s.filled_by, r.phone,
       {_json_path(_PERSON)} AS name, {_json_path(_ID)} AS id_number, t.name AS filled_by_name
FROM cases c JOIN submissions s ON s.id = c.submission_id
JOIN residents r ON r.id = s.resident_id
LEFT JOIN staff t ON t.id = s.filled_by
WHERE c.village_code IN (SELECT code FROM covered)"""


@dataclass(frozen=True)
class CaseItem:
    case_id: int
    reference: str
    form: str
    machine: str
    state: str
    name: str
    id_masked: str
    filled_by_name: str | None
    visit_on: str | None = None


@dataclass
class Household:
    """One applicant (by ID number) and their cases."""

    name: str
    id_masked: str
    cases: list[CaseItem] = field(default_factory=list)


def _item(row) -> CaseItem:
    number = row["id_number"]
    return CaseItem(row["id"], row["reference"], row["form"], row["machine"], row["state"],
                    row["name"] or "", mask_id_number(number) if number else "",
                    row["filled_by_name"], row["visit_on"])


def _cases(db: Database, region: str, where: str = "1", order: str = "c.id DESC",
           **params) -> list:
    return db.execute(f"{_CASES} AND {where} ORDER BY {order}", {"region": region, **params}).fetchall()


def households(db: Database, region: str) -> list[Household]:
    """Every applicant of the village with their cases, newest case first."""
    found: dict[str, Household] = {}
    for row in _cases(db, region):
        item = _item(row)
        key = row["id_number"] or f"case:{row['id']}"
        found.setdefault(key, Household(item.name, item.id_masked)).cases.append(item)
    return sorted(found.values(), key=lambda h: h.name)


@dataclass(frozen=True)
class DraftItem:
    id: int
    form: str
    name: str
    updated_at: str
    filled_by: int | None
    filled_by_name: str | None
    has_phone: bool

    def mine(self, staff: Staff) -> bool:
        return self.filled_by == staff.id

    @property
    def by_resident(self) -> bool:
        return self.filled_by is None


_DRAFTS = f"""{_COVERED}
SELECT s.id, s.form, s.updated_at, s.filled_by, s.answers, r.phone, r.village_code,
       t.name AS filled_by_name
FROM submissions s JOIN residents r ON r.id = s.resident_id
LEFT JOIN staff t ON t.id = s.filled_by
WHERE s.status = 'draft'
  AND COALESCE({_json_path(VILLAGE_OF)}, r.village_code) IN (SELECT code FROM covered)
ORDER BY s.updated_at DESC
"""


def drafts(db: Database, region: str) -> list[DraftItem]:
    """Unfinished drafts of the village: filled by assistants, or by residents themselves."""
    items = []
    for row in db.execute(_DRAFTS, {"region": region}).fetchall():
        answers = json.loads(row["answers"] or "{}")
        person = answers.get(PERSON_OF[row["form"]]) or answers.get(PREFILL) or {}
        items.append(DraftItem(row["id"], row["form"], person.get("name") or "", row["updated_at"],
                               row["filled_by"], row["filled_by_name"], bool(row["phone"])))
    return items


@dataclass(frozen=True)
class CorrectionItem:
    case: CaseItem
    items: str
    explanation: str


def awaiting_correction(db: Database, region: str) -> list[CorrectionItem]:
    result = []
    for row in _cases(db, region, "c.state = :state", state=corrections.ASKING_STATE):
        asked = corrections.open_for(db, row["submission_id"])
        if asked is not None:
            result.append(CorrectionItem(_item(row), asked.items, asked.explanation))
    return result


@dataclass(frozen=True)
class ToTell:
    """Someone to be told in person, why, and how many messages nobody has told them yet."""

    case: CaseItem
    reasons: list[str]
    untold: int


def to_tell_in_person(db: Database, region: str) -> list[ToTell]:
    untold: dict[int, int] = {}
    for pending in followup.pending(db, region):
        untold[pending.case_id] = untold.get(pending.case_id, 0) + 1
    result = []
    for row in _cases(db, region):
        if row["phone"]:
            reasons = [r.text for r in followup.in_person_reasons(db, row["phone"])]
        else:
            reasons = [followup.REASONS["no_phone"]]
        if reasons or untold.get(row["id"]):
            result.append(ToTell(_item(row), reasons, untold.get(row["id"], 0)))
    return result


def visits_coming(db: Database, region: str, today: date) -> list[CaseItem]:
    """Booked home visits from today on, soonest first."""
    rows = _cases(db, region, "c.state = 'visit_booked' AND c.visit_on >= :today",
                  "c.visit_on, c.id", today=today.isoformat())
    return [_item(row) for row in rows]
