"""Applications made through the real resident forms, then moved into the notice or publication
by SQL, as the township and county would have by then."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.web.flows import (
    APPLICANT,
    RESIDENCE,
    SPOUSE,
    page,
    sign_in_again,
    sign_out,
    sql,
    submit_application,
)
from webapp.services import cases


def apply(client, app, *, phone: str, name: str, township: str, village: str, address: str,
          id_no: str, members=(SPOUSE,)) -> int:
    """Sign in as `phone` (signing out whoever was in), submit an application; return the case id."""
    if page(client.get("/")).find("form", {"action": "/signout"}):  # someone is signed in
        sign_out(client)
    sign_in_again(client, app, phone)
    reference = submit_application(
        client, members=members, applicant={**APPLICANT, "name": name, "id_number": id_no, "phone": phone},
        residence={**RESIDENCE, "township": township, "village": village, "address": address})
    return case_of(app, reference)


def case_of(app, reference: str) -> int:
    return sql(app, "SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id "
                    "WHERE s.reference = ?", reference)[0][0]


def put_on_notice(app, case_id: int, *, started_days_ago: int = 2, category: str = "dibao",
                  amount_fen: int = 75999, size: int = 2) -> None:
    start = cases.today() - timedelta(days=started_days_ago)
    end = start + timedelta(days=6)
    sql(app, "UPDATE cases SET state = 'public_notice', notice_start = ?, notice_end = ?, "
             "category = ?, monthly_amount_fen = ?, household_size = ? WHERE id = ?",
        start.isoformat(), end.isoformat(), category, amount_fen, size, case_id)


def publish(app, case_id: int, *, state: str = "published", amount_fen: int = 75999,
            size: int = 2) -> None:
    start = cases.today() - timedelta(days=20)
    sql(app, "UPDATE cases SET state = ?, notice_start = ?, notice_end = ?, category = 'dibao', "
             "monthly_amount_fen = ?, household_size = ? WHERE id = ?",
        state, start.isoformat(), (start + timedelta(days=6)).isoformat(), amount_fen, size, case_id)


def reference_of(app, case_id: int) -> str:
    return sql(app, "SELECT s.reference FROM cases c JOIN submissions s ON s.id = c.submission_id "
                    "WHERE c.id = ?", case_id)[0][0]


# ID numbers, phones and addresses; and, as health is never public either, illness names and the
# free-text account of what happened.
SENSITIVE_KEYS = {"id_number", "phone", "address", "illness_name", "what_happened", "description"}


def _collect(value, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, str) and inner.strip() and key in SENSITIVE_KEYS:
                found.add(inner.strip())
            else:
                _collect(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, found)


def sensitive_values(app) -> set[str]:
    """Every ID number, phone number, address and illness stored in any submission, and every
    resident's phone: what no public page may show."""
    found: set[str] = set()
    for (answers,) in sql(app, "SELECT answers FROM submissions"):
        _collect(json.loads(answers or "{}"), found)
    found.update(row[0] for row in sql(app, "SELECT phone FROM residents") if row[0])
    return found
