"""create_case: a case row (and the submitted form it belongs to) written straight into the
database, in any state, village and deadline, so list tests can make hundreds in a moment.
create_aid_case: a temporary-aid case with the answers of its form and a resident with a phone,
so that staff can take its steps (and the applicant gets their SMS)."""

from __future__ import annotations

import itertools
import json

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
                reference: str | None = None, commit: bool = True, machine: str | None = None,
                answers: dict | None = None, resident: bool = False, **columns) -> int:
    """Insert one submitted form and its case; the machine is the one that has `state` (the
    first, unless named). With `resident`, the submission belongs to a resident with the phone;
    `columns` are more case columns to set."""
    number = next(_numbers)
    machine = machine or next(name for name, m in MACHINES.items() if state in m.states)
    township = regions.get(db, regions.get(db, village).parent_code)
    reference = reference or reference_for(number + 10_000)
    submitted_at = submitted_at or f"2026-02-{number % 28 + 1:02d}T{number % 24:02d}:00:00+00:00"
    phone = phone or f"147{number:08d}"  # apart from browsing.new_phone()'s 1390000…
    resident_id = db.execute("INSERT INTO residents (phone, created_at) VALUES (?, ?)",
                             [phone, submitted_at]).lastrowid if resident else None
    submission = db.execute(
        "INSERT INTO submissions (resident_id, form, status, reference, answers, created_at, "
        "updated_at, submitted_at) VALUES (?, ?, 'submitted', ?, ?, ?, ?, ?)",
        [resident_id, FORM_OF[machine], reference, json.dumps(answers or {}, ensure_ascii=False),
         submitted_at, submitted_at, submitted_at]).lastrowid
    case_id = db.execute(
        "INSERT INTO cases (submission_id, machine, state, village_code, township_code, "
        "county_code, opened_on, due_on, due_fallback, updated_at, reference, applicant_name, "
        "applicant_id_number, applicant_phone, submitted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        [submission, machine, state, village, township.code, township.parent_code,
         submitted_at[:10], due_on, submitted_at, reference, name,
         (id_number or f"1101051980{number:07d}X").upper(), phone, submitted_at]).lastrowid
    if columns:
        db.execute(f"UPDATE cases SET {', '.join(f'{k} = ?' for k in columns)} WHERE id = ?",
                   [*columns.values(), case_id])
    if commit:
        db.conn.commit()
    return case_id


def aid_answers(*, village: str = YANGZHUANG, name: str = "王五", id_number: str = "110105198001011234",
                phone: str = "13600136000", size: int = 3, amount_asked: int | None = 300_000,
                kind: str = "fire_or_disaster", hukou: str = "elsewhere",
                what_happened: str = "家里失火，房子烧了一半", address: str = "村东头麦场边") -> dict:
    """The answers of the temporary-aid form (webapp/flows/temporary_aid.py)."""
    township = village[:9] + "000"
    return {"person": {"name": name, "id_number": id_number, "phone": phone},
            "place": {"county": village[:6] + "000000", "township": township, "village": village,
                      "address": address, "hukou": hukou},
            "event": {"kind": kind, "since": "2026-01-15", "what_happened": what_happened,
                      "sensitive": "no", "unemployment_insurance": None, "on_dibao": None},
            "household": {"size": size, "needs": ["food", "shelter"], "amount_asked": amount_asked},
            "members": []}


def create_aid_case(db, *, state: str = "submitted", village: str = YANGZHUANG, name: str = "王五",
                    phone: str | None = None, opened_on: str | None = None, commit: bool = True,
                    answers: dict | None = None, **columns) -> int:
    """A temporary-aid case in `state` with its form's answers, its applicant reachable by SMS."""
    number = next(_numbers)
    phone = phone or f"136{number:08d}"
    answers = answers or aid_answers(village=village, name=name, phone=phone)
    case_id = create_case(db, state=state, village=village, name=name, phone=phone,
                          machine="temporary_aid", answers=answers, resident=True, commit=False,
                          **columns)
    if opened_on:
        db.execute("UPDATE cases SET opened_on = ? WHERE id = ?", [opened_on, case_id])
    if commit:
        db.conn.commit()
    return case_id
