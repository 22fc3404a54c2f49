"""What the village assistant's page lists for their village: the households with their
submissions, drafts in progress (their own and residents'), cases waiting for a correction,
people to tell in person (no phone, opted out, or messages that failed) and the home visits
coming up. Each list is bounded (households a page at a time, the others the latest LISTED), read
through the store by the village's own indexed column. No Flask: webapp/staff/assistant_views.py
shows it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from webapp.domain.case_machine import Group, in_group
from webapp.domain.id_number import mask_id_number
from webapp.flows import get_flow
from webapp.services import corrections, queues
from webapp.services.accounts import Staff
from webapp.services.on_behalf import PREFILL
from webapp.sms import followup
from webapp.store import cases as cases_store
from webapp.store import submissions as submissions_store

# At most this many of each list on the page; households come a page at a time.
LISTED = 50
PAGE_SIZE = 25


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


def households(db: Database, region: str, page: int = 1) -> tuple[list[Household], bool]:
    """One page of the village's cases, newest first, grouped by applicant (ID number); and
    whether there is a next page."""
    level, code = queues.scope(db, region)
    rows = cases_store.assisted_newest(db, level, code, (max(page, 1) - 1) * PAGE_SIZE,
                                       PAGE_SIZE + 1)
    found: dict[str, Household] = {}
    for row in rows[:PAGE_SIZE]:
        item = _item(row)
        key = row["id_number"] or f"case:{row['id']}"
        found.setdefault(key, Household(item.name, item.id_masked)).cases.append(item)
    return sorted(found.values(), key=lambda h: h.name), len(rows) > PAGE_SIZE


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


def drafts(db: Database, region: str) -> list[DraftItem]:
    """Unfinished drafts of the village (the latest LISTED): filled by assistants, or by
    residents themselves."""
    items = []
    for row in submissions_store.village_drafts(db, region, LISTED):
        answers = json.loads(row["answers"] or "{}")
        person = answers.get(get_flow(row["form"]).person_step) or answers.get(PREFILL) or {}
        items.append(DraftItem(row["id"], row["form"], person.get("name") or "", row["updated_at"],
                               row["filled_by"], row["filled_by_name"], bool(row["phone"])))
    return items


@dataclass(frozen=True)
class CorrectionItem:
    case: CaseItem
    items: str
    explanation: str


def awaiting_correction(db: Database, region: str) -> list[CorrectionItem]:
    """Cases waiting for the applicant's correction (the latest LISTED), with what to correct."""
    level, code = queues.scope(db, region)
    result = []
    for row in cases_store.assisted_in_states(db, level, code,
                                              in_group(Group.WAITING_FOR_APPLICANT), LISTED):
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
    """People SMS does not reach: no phone, opted out, or messages not yet told in person (the
    latest LISTED of those without a phone or opted out, and every untold message's case)."""
    untold: dict[int, int] = {}
    for pending in followup.pending(db, region):
        untold[pending.case_id] = untold.get(pending.case_id, 0) + 1
    level, code = queues.scope(db, region)
    rows = {r["id"]: r for r in cases_store.assisted_unreachable(db, level, code, LISTED)}
    rows.update((r["id"], r) for r in cases_store.assisted_by_id(db, level, code, list(untold)))
    result = []
    for case_id in sorted(rows, reverse=True):
        row = rows[case_id]
        if row["phone"]:
            reasons = [r.text for r in followup.in_person_reasons(db, row["phone"])]
        else:
            reasons = [followup.REASONS["no_phone"]]
        if reasons or untold.get(case_id):
            result.append(ToTell(_item(row), reasons, untold.get(case_id, 0)))
    return result


def visits_coming(db: Database, region: str, today: date) -> list[CaseItem]:
    """Booked home visits from today on, soonest first."""
    level, code = queues.scope(db, region)
    rows = cases_store.assisted_in_states(db, level, code, in_group(Group.VISIT_BOOKED), LISTED)
    rows = [r for r in rows if r["visit_on"] and r["visit_on"] >= today.isoformat()]
    return [_item(row) for row in sorted(rows, key=lambda r: (r["visit_on"], r["id"]))]
