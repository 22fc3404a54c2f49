"""Applicants with cases in chosen villages, their messages and receipts, and staff signed in
where the SMS tests need them."""

from __future__ import annotations

from conftest import csrf, deliver, page

from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import (
    APPLICANT,
    LIULIN,
    RESIDENCE,
    YANGZHUANG,
    id_number,
    sign_in_again,
    sql,
    submit_application,
)
from webapp.sms import receipts
from webapp.store.engine import connect


def apply_from(app, phone: str, village: str = YANGZHUANG, township: str = LIULIN,
               person: int = 0):
    """A resident signs in on `phone` and applies from `village` (for the n-th `person` of that
    phone's household); returns (case id, client)."""
    client = app.test_client()
    sign_in_again(client, app, phone)
    # One applicant per phone (a person has one open application at a time).
    applicant = {**APPLICANT, "id_number": id_number("19491231", region=phone[-6:],
                                                     sequence=f"{123 + person:03d}")}
    reference = submit_application(client, applicant=applicant,
                                   residence={**RESIDENCE, "township": township, "village": village})
    case_id = sql(app, "SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id "
                       "WHERE s.reference = ?", reference)[0][0]
    return case_id, client


def message_of(app, case_id: int, template: str = "submission_received"):
    return sql(app, "SELECT o.* FROM outbox o JOIN cases c ON c.submission_id = o.submission_id "
                    "WHERE c.id = ? AND o.template = ? ORDER BY o.id DESC", case_id, template)[0]


def receipt(app, case_id: int, status: str, error_code: str | None = None,
            template: str = "submission_received") -> None:
    """The worker sends the case's message, then the provider reports on it."""
    deliver(app)
    message = message_of(app, case_id, template)
    database = connect(app.config["DATABASE"])
    try:
        assert receipts.record(database, message["provider"], message["provider_reference"],
                               status, error_code)
    finally:
        database.close()


def staff_client(app, db, username: str, role: str, region: str, name: str = "李审核"):
    make_staff(db, username=username, role=role, region=region, name=name)
    client = app.test_client()
    response = staff_sign_in(client, username)
    assert response.status_code == 302
    return client


def post_form(client, url: str, data: dict, token_from: str = "/staff/"):
    """POST as a browser does, with a CSRF token from a staff page of the same session."""
    return client.post(url, data={"csrf_token": csrf(client.get(token_from)), **data})


def text_of(response, selector: str) -> str:
    node = page(response).select_one(selector)
    return node.get_text(" ", strip=True) if node else ""
