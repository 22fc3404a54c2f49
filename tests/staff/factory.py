"""create_case: a case row (and the submitted form it belongs to) written straight into the
database, in any state, village and deadline, so list tests can make hundreds in a moment."""

from __future__ import annotations

import itertools

from web.flows import YANGZHUANG

from webapp.domain.case_machine import MACHINES
from webapp.domain.reference import ALPHABET
from webapp.services import regions

FORM_OF = {"application": "application", "relapse_monitoring": "self_declaration",
           "temporary_aid": "temporary_aid"}
_numbers = itertools.count(1)


def reference_for(number: int) -> str:
    """A distinct valid reference for each number."""
    digits = []
    for _ in range(8):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


def create_case(db, *, state: str = "submitted", village: str = YANGZHUANG,
                due_on: str | None = None, name: str = "张三", id_number: str | None = None,
                phone: str | None = None, submitted_at: str | None = None,
                reference: str | None = None, commit: bool = True) -> int:
    """Insert one submitted form and its case; the machine is the one that has `state`."""
    number = next(_numbers)
    machine = next(name for name, m in MACHINES.items() if state in m.states)
    township = regions.get(db, regions.get(db, village).parent_code)
    reference = reference or reference_for(number + 10_000)
    submitted_at = submitted_at or f"2026-02-{number % 28 + 1:02d}T{number % 24:02d}:00:00+00:00"
    submission = db.execute(
        "INSERT INTO submissions (form, status, reference, answers, created_at, updated_at, "
        "submitted_at) VALUES (?, 'submitted', ?, '{}', ?, ?, ?)",
        [FORM_OF[machine], reference, submitted_at, submitted_at, submitted_at]).lastrowid
    case_id = db.execute(
        "INSERT INTO cases (submission_id, machine, state, village_code, township_code, "
        "county_code, opened_on, due_on, due_fallback, updated_at, reference, applicant_name, "
        "applicant_id_number, applicant_phone, submitted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        [submission, machine, state, village, township.code, township.parent_code,
         submitted_at[:10], due_on, submitted_at, reference, name,
         (id_number or f"1101051980{number:07d}X").upper(), phone or f"139{number:08d}",
         submitted_at]).lastrowid
    if commit:
        db.conn.commit()
    return case_id
